"""``atlas export --db DB --format FORMAT [filters] -o FILE``: write the events for other tools.

Formats (:data:`dashboard.exports.DATA_FORMATS`): ``csv``, ``geojson``, ``kml``, ``gpkg``
(``events`` and ``reports`` layers, ``articles`` table), ``parquet`` (GeoParquet) and
``acled`` (ACLED's codebook columns). Every format carries the Arabic evidence quotes, the
site's Arabic and English names, the precision codes, the casualty ranges, the outlets, the
cited sources and the article URLs (:func:`dashboard.exports.export_bundle`): the same code the
dashboard's downloads use.

The filters are the dashboard's: they are read by :func:`dashboard.filters.from_query`, so a
value the dashboard would ignore in a URL is an error here (named, exit 1, nothing written).
The file is written whole or not at all (a temporary file renamed into place).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dashboard.commands import Command, CommandError, add_db_argument, register, warn

__all__ = ["COMMAND", "filter_params"]

#: Command-line option -> dashboard query key, for the list filters (repeatable options).
_LISTS = (("sites", "site"), ("weapons", "weapon"), ("actors", "actor"), ("outlets", "outlet"))


class _Formats:
    """The ``--format`` choices, the names of :data:`dashboard.exports.DATA_FORMATS`.

    Read when argparse checks a value or prints help, not when the parser is built: importing
    the exports (pandas, folium, matplotlib) takes 0.7 s that every other command would pay.
    """

    def _names(self) -> list[str]:
        from dashboard.exports import DATA_FORMATS

        return list(DATA_FORMATS)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, value: object) -> bool:
        return value in self._names()


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add ``--db``, ``--format``, ``-o`` and the dashboard's filters."""
    add_db_argument(parser)
    parser.add_argument(
        "--format",
        required=True,
        choices=_Formats(),
        dest="fmt",
        metavar="FORMAT",
        help="one of: %(choices)s",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    group = parser.add_argument_group("filters (as the dashboard's sidebar)")
    group.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
    group.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day")
    group.add_argument("--site", dest="sites", action="append", metavar="KEY",
                       help="gazetteer key (repeat, or comma-separate)")  # fmt: skip
    group.add_argument("--weapon", dest="weapons", action="append", metavar="WEAPON")
    group.add_argument("--actor", dest="actors", action="append", metavar="NAME")
    group.add_argument("--outlet", dest="outlets", action="append", metavar="NAME")
    group.add_argument("--new-only", action="store_true", help="drop pure back-references")
    group.add_argument("--min-casualties", metavar="N", help="killed + injured at least N")
    group.add_argument("--text", metavar="WORDS", help="words in the summary, places or quotes")
    group.add_argument("--include-rejected", action="store_true",
                       help="also export events an analyst rejected")  # fmt: skip


def filter_params(args: argparse.Namespace) -> dict[str, str | list[str]]:
    """Turn the filter options into the dashboard's URL query parameters.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options.

    Returns
    -------
    dict
        Only the filters given, as :func:`dashboard.filters.from_query` reads them.
    """
    params: dict[str, str | list[str]] = {}
    for name, key in (("date_from", "from"), ("date_to", "to"), ("min_casualties", "min_cas"),
                      ("text", "q")):  # fmt: skip
        value = getattr(args, name, None)
        if value is not None:
            params[key] = str(value)
    for name, key in _LISTS:
        values = getattr(args, name, None)
        if values:
            params[key] = list(values)
    if getattr(args, "new_only", False):
        params["new"] = "1"
    if getattr(args, "include_rejected", False):
        params["rejected"] = "1"
    return params


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    import tempfile  # here: the other commands need not import it

    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _span(store: object) -> tuple[date, date] | None:
    span = getattr(store, "data_span", None)
    return span() if callable(span) else None


def _run(args: argparse.Namespace) -> int:
    """Filter the store's events and write them in the chosen format."""
    from dashboard import filters as flt
    from dashboard.exports import DATA_FORMATS, export_bundle
    from dashboard.store.geopackage import StoreError, open_store
    from gazetteer.places.loading import load_gazetteer

    db = args.db
    if db and "://" not in str(db) and not Path(db).is_file():
        raise CommandError(f"{db}: no such store")
    output = Path(args.output)
    if output.is_dir():
        raise CommandError(f"{output}: is a folder; give a file name")
    try:
        store = open_store(db)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        sites = load_gazetteer().sites
        frame = store.events_frame()
        known = flt.Known.from_frame(frame, sites=sites)
        filters, problems = flt.from_query(filter_params(args), _span(store), known)
        if problems:
            raise CommandError("; ".join(problems) + " Nothing written.")
        shown = flt.apply(frame, filters)
        bundle = export_bundle(shown, store, sites)
        data = DATA_FORMATS[args.fmt].write(bundle)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()
    _atomic_write(output, data)
    if shown.empty:
        warn("no event passes the filters; the file holds none")
    print(
        f"wrote {len(shown)} {'event' if len(shown) == 1 else 'events'}"
        f" ({len(bundle.reports)} reports, {len(bundle.articles)} articles) as {args.fmt}"
        f" to {output}",
        file=sys.stdout,
        flush=True,
    )
    return 0


COMMAND = register(
    Command(
        name="export",
        help="write the (filtered) events as CSV, GeoJSON, KML, GeoPackage, GeoParquet or "
        "ACLED-style CSV",
        configure=_configure,
        run=_run,
    )
)
