"""The sub-commands of ``atlas``, registered like plugins.

Each command lives in its own module in this package and registers itself when imported::

    # dashboard/commands/hello.py
    import argparse

    from dashboard.commands import Command, register


    def _configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("name")


    def _run(args: argparse.Namespace) -> int:
        print("hello", args.name)
        return 0


    register(Command("hello", "Say hello.", _configure, _run))

:func:`load_commands` imports every module of this package whose name does not start with an
underscore, so a new module is all it takes; :mod:`dashboard.cli` then builds one argparse
sub-parser per registered command. Keep module imports light: import the pipeline (gazetteer,
extraction, store, Streamlit) inside ``run``, so that ``atlas --help`` stays fast and one
command's heavy dependencies do not slow down the others.

``run`` returns the exit status: 0 for success, 1 when some input failed. For bad input it
prints ``atlas: <problem>`` on stderr (with :func:`error`) or raises :class:`CommandError`,
:class:`gazetteer.articles.ArticleError`, ``gazetteer.places.loading.GazetteerError`` or another of
:func:`input_errors`, which :func:`dashboard.cli.main` turns into that message and status 1.
Anything else is a bug and is left to show its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from gazetteer import errors as _errors

__all__ = [
    "PROG",
    "Command",
    "CommandError",
    "error",
    "input_errors",
    "jsonl_text",
    "load_commands",
    "print_records",
    "register",
    "registry",
    "warn",
]

#: The program name every message starts with.
PROG = "atlas"


class CommandError(_errors.CommandError):
    """Bad input a command cannot go on with; ``atlas`` prints it and exits with status 1."""


@dataclass(frozen=True)
class Command:
    """One sub-command of ``atlas``.

    Attributes
    ----------
    name : str
        What the user types (``atlas NAME``).
    help : str
        One line for ``atlas --help``; the sub-command's own ``--help`` shows it too.
    configure : callable
        ``configure(parser)`` adds the command's arguments to its
        :class:`argparse.ArgumentParser`.
    run : callable
        ``run(args) -> int`` does the work and returns the exit status.
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


_REGISTRY: dict[str, Command] = {}


def register(command: Command) -> Command:
    """Add a command to the registry.

    Parameters
    ----------
    command : Command
        The command; its name must not be taken yet.

    Returns
    -------
    Command
        The same command, so that a module can keep a reference to it.

    Raises
    ------
    ValueError
        When another command already has this name.
    """
    existing = _REGISTRY.get(command.name)
    if existing is not None and existing != command:
        raise ValueError(f"{PROG}: two commands are called {command.name!r}")
    _REGISTRY[command.name] = command
    return command


def load_commands() -> dict[str, Command]:
    """Import every command module of this package and return the registry.

    Returns
    -------
    dict of str to Command
        The registered commands, by name, sorted.
    """
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return registry()


def registry() -> dict[str, Command]:
    """Return the commands registered so far, by name, sorted.

    Returns
    -------
    dict of str to Command
        A copy; registering goes through :func:`register`.
    """
    return dict(sorted(_REGISTRY.items()))


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--db``, the store a command reads or writes, worded alike in every command.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The command's parser.
    """
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the store: a GeoPackage path or a postgresql:// URL"
        " (default: ATLAS_DB, else data/atlas.gpkg)",
    )


def error(message: object) -> None:
    """Print ``atlas: MESSAGE`` on stderr.

    Parameters
    ----------
    message : object
        The problem (an exception prints as its message).
    """
    print(f"{PROG}: {message}", file=sys.stderr)


def warn(message: object) -> None:
    """Print a warning ``atlas: MESSAGE`` on stderr; it does not change the exit status.

    Parameters
    ----------
    message : object
        The warning.
    """
    error(message)


def print_records(records: Iterable[Any], *, jsonl: bool, stream: TextIO | None = None) -> None:
    """Print records as JSON: one object per line (JSON Lines), or one JSON array.

    Parameters
    ----------
    records : iterable
        Records (dataclasses) or JSON-ready values; converted with
        :func:`gazetteer.records.to_json`.
    jsonl : bool
        One compact object per line when True; an indented array otherwise.
    stream : text stream, optional
        Where to print; :data:`sys.stdout` by default.
    """
    from gazetteer.records import to_json  # here: building the parser needs no records

    out = sys.stdout if stream is None else stream
    if jsonl:
        for record in records:
            out.write(_jsonl_line(record, to_json))
    else:
        items = [to_json(r) for r in records]
        out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    out.flush()


def jsonl_text(records: Iterable[Any]) -> str:
    """Records as JSON Lines, as :func:`print_records` prints them with ``jsonl``.

    Parameters
    ----------
    records : iterable
        Records (dataclasses) or JSON-ready values; converted with
        :func:`gazetteer.records.to_json`.

    Returns
    -------
    str
        One compact object per line, each line ending in a newline ("" for no records).
    """
    from gazetteer.records import to_json

    return "".join([_jsonl_line(r, to_json) for r in records])


def _jsonl_line(record: Any, to_json: Callable[[Any], Any]) -> str:
    return json.dumps(to_json(record), ensure_ascii=False) + "\n"


def input_errors() -> tuple[type[Exception], ...]:
    """Return the exception classes that mean bad input rather than a bug.

    They are :class:`CommandError`, :class:`gazetteer.articles.ArticleError`,
    :class:`gazetteer.settings.SettingsError`, the lexicon loader's ``LexiconError``,
    :class:`OSError`, and ``gazetteer.places.loading.GazetteerError`` once that module is imported
    (only code that imported it can raise it).

    Returns
    -------
    tuple of type
        For an ``except`` clause.
    """
    from gazetteer.articles import ArticleError
    from gazetteer.settings import SettingsError
    from gazetteer.text.lexicons import LexiconError

    errors: list[type[Exception]] = [
        CommandError,
        ArticleError,
        SettingsError,
        LexiconError,
        OSError,
    ]
    places = sys.modules.get("gazetteer.places.loading")
    gazetteer_error = getattr(places, "GazetteerError", None)
    if isinstance(gazetteer_error, type) and issubclass(gazetteer_error, Exception):
        errors.append(gazetteer_error)
    return tuple(errors)
