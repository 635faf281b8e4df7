"""The ``atlas`` command line: one argparse sub-command per registered command.

The commands themselves live in :mod:`dashboard.commands` (one module each); this module only
builds the parser from the registry, runs the chosen command and turns bad input into a one-line
``atlas: <problem>`` message and a non-zero exit status, never a traceback.

Exit status: 0 success, 1 some input failed, 2 wrong arguments (argparse), 130 interrupted.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.commands import PROG, Command, error, input_errors, load_commands

__all__ = ["build_parser", "main"]


def _version() -> str:
    """Return the installed version of the project, or ``unknown`` when not installed."""
    from importlib import metadata  # here: only ``--version`` asks (it costs some 30 ms)

    try:
        return metadata.version("incident-atlas")
    except metadata.PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse._VersionAction):
    """``--version``, which prints ``atlas VERSION``, looking the version up only when asked."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.version = f"%(prog)s {_version()}"
        super().__call__(parser, namespace, values, option_string)


def build_parser(commands: Mapping[str, Command]) -> argparse.ArgumentParser:
    """Build the ``atlas`` parser with one sub-parser per command.

    Parameters
    ----------
    commands : mapping of str to Command
        The registry (:func:`dashboard.commands.load_commands`).

    Returns
    -------
    argparse.ArgumentParser
        Parsing sets ``args.command`` to the chosen :class:`~dashboard.commands.Command`.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Incident Atlas: tag, place, merge and map attacks reported in Arabic news.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in commands.values():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(command=command)
    return parser


def _utf8_streams() -> None:
    """Make stdout and stderr write UTF-8 whatever the locale, so Arabic always prints."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in (
            "utf-8",
            "utf8",
        ):
            stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``atlas`` with the given arguments.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status: 0 success, 1 some input failed, 2 wrong arguments, 130 interrupted.
    """
    _utf8_streams()
    parser = build_parser(load_commands())
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    command: Command | None = getattr(args, "command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return command.run(args)
    except BrokenPipeError:
        # The reader went away (atlas ... | head): stop quietly, as Python's docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except input_errors() as exc:
        error(exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
