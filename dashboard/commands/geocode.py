"""``atlas geocode NAME``: look a place name up in the gazetteer and print the site as JSON."""

from __future__ import annotations

import argparse
import json

from dashboard.commands import Command, error, register

__all__ = ["COMMAND", "SITE_FIELDS"]

#: The fields of :class:`gazetteer.records.Site` that ``atlas geocode`` prints.
SITE_FIELDS: tuple[str, ...] = ("key", "name_en", "name_ar", "lat", "lon", "kind")


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add the NAME argument (several words are joined with spaces)."""
    parser.add_argument("name", nargs="+", metavar="NAME", help="place name, Arabic or English")


def _run(args: argparse.Namespace) -> int:
    """Print the site NAME denotes, or say that none does and return 1."""
    from gazetteer.places.loading import load_gazetteer

    name = " ".join(args.name).strip()
    if not name:
        error("geocode: give a place name")
        return 1
    site = load_gazetteer().geocode(name)
    if site is None:
        error(f"no place matches {name!r}")
        return 1
    print(json.dumps({f: getattr(site, f) for f in SITE_FIELDS}, ensure_ascii=False))
    return 0


COMMAND = register(
    Command(
        name="geocode",
        help="look a place name up in the gazetteer and print its coordinates as JSON",
        configure=_configure,
        run=_run,
    )
)
