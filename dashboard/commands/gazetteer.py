"""``atlas gazetteer import-geonames FILE [--out PATH]``: merge a GeoNames dump under the sites.

Reads a GeoNames country dump (tab-separated, 19 columns, Arabic alternate names), keeps the
places an incident may happen at, merges them under the curated ``sites.csv`` (curated entries
win), checks that the merged gazetteer loads, and writes it in the format of ``sites.csv``.
A bad line of the dump is reported on stderr with its line number and field; the other lines
are imported and the status is 1. One JSON summary goes to stdout.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dashboard.commands import Command, CommandError, error, register

__all__ = ["COMMAND", "DEFAULT_OUT"]

#: Where the merged gazetteer goes without ``--out``.
DEFAULT_OUT = Path("data/sites_geonames.csv")


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``import-geonames`` action and its arguments."""
    actions = parser.add_subparsers(title="actions", metavar="ACTION", dest="action")
    imp = actions.add_parser(
        "import-geonames",
        help="merge a GeoNames country dump under the curated sites",
        description="Merge a GeoNames country dump (e.g. SY.txt) under the curated sites and "
        "write the merged gazetteer as a sites.csv-style file.",
    )
    imp.add_argument("file", metavar="FILE", type=Path, help="GeoNames dump (tab-separated)")
    imp.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"where to write the merged gazetteer (default {DEFAULT_OUT})",
    )


def _run(args: argparse.Namespace) -> int:
    """Import the dump; return 1 when a line was bad (the others are still written)."""
    if getattr(args, "action", None) != "import-geonames":
        raise CommandError("gazetteer: give an action: import-geonames FILE [--out PATH]")
    from gazetteer.places.geonames import load_with_geonames, write_sites_csv
    from gazetteer.places.loading import AMBIGUOUS_PREFIX

    gazetteer, read, merge = load_with_geonames(args.file)
    for message in read.errors:
        error(message)
    out: Path = args.out
    if out.resolve() == args.file.resolve():
        raise CommandError(f"gazetteer: --out {out} would overwrite the dump")
    if not out.parent.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
    written = write_sites_csv(
        (s for s in gazetteer.sites.values() if not s.key.startswith(AMBIGUOUS_PREFIX)), out
    )
    curated = len(merge.sites) - sum(1 for s in merge.sites if s.key.startswith("gn-"))
    summary = {
        "file": str(args.file),
        "out": str(out),
        "lines": read.lines,
        "bad_lines": len(read.errors),
        "not_kept": read.skipped,
        "read": len(read.sites),
        "same_as_curated": len(merge.same_as_curated),
        "names_removed": len(merge.names_removed),
        "no_name_left": len(merge.no_name_left),
        "imported": written - curated,
        "curated": curated,
        "ambiguous_names": len(gazetteer.ambiguous),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if read.errors else 0


COMMAND = register(
    Command(
        name="gazetteer",
        help="manage the gazetteer: import-geonames FILE merges a GeoNames dump under the sites",
        configure=_configure,
        run=_run,
    )
)
