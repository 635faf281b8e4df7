"""The tables every export writes: the filtered events, with their evidence, reports and articles.

The dashboard filters the flat event table of :func:`dashboard.frames.events_frame`; that table
has no Arabic text beyond what the summary holds. :func:`export_bundle` adds, from the store,
what an analyst needs to check each event elsewhere:

* on every event: the site's Arabic name (``site_name_ar``), its country and governorate, the
  Arabic evidence quotes of its reports (``quote_ar``, one per line) and the URLs of its
  articles (``urls``, ``|``-joined);
* the ``reports`` table: one row per report merged into an event, with its own figures, place,
  outlet, article URL and Arabic quote;
* the ``articles`` table: one row per article those reports come from.

The helpers below turn any of these frames into plain export columns (dates ISO, lists
``|``-joined, missing values None).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from dashboard.store.geopackage import Store
    from gazetteer.records import Article, Event, Incident, Site

__all__ = [
    "ExportBundle",
    "cell",
    "events_of",
    "export_bundle",
    "is_missing",
    "lonlat",
    "plain_table",
    "records",
    "valid_point",
]

#: Columns never exported: the normalised search text is internal to the dashboard.
INTERNAL = ("search_text",)

#: Columns of the ``reports`` table, in order.
REPORT_COLUMNS: tuple[str, ...] = (
    "event_id", "position", "article", "outlet", "published", "url", "site", "site_name",
    "site_name_ar", "lat", "lon", "geo_precision", "date_start", "date_end", "date_precision",
    "time", "weapon", "count", "killed", "injured", "casualties", "casualty_note", "actor",
    "target", "new", "cited", "quote_ar", "summary_en",
)  # fmt: skip

#: Columns of the ``articles`` table, in order.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "outlet", "published", "url", "language", "note", "source_path", "text",
)  # fmt: skip


@dataclass(frozen=True)
class ExportBundle:
    """The filtered events with what the store knows about them.

    Attributes
    ----------
    events : pandas.DataFrame
        The filtered event table plus ``site_name_ar``, ``country``, ``governorate``,
        ``quote_ar`` and ``urls``.
    reports : pandas.DataFrame
        :data:`REPORT_COLUMNS`, one row per report of those events.
    articles : pandas.DataFrame
        :data:`ARTICLE_COLUMNS`, one row per article of those reports.
    """

    events: pd.DataFrame
    reports: pd.DataFrame
    articles: pd.DataFrame


def events_of(data: pd.DataFrame | ExportBundle) -> pd.DataFrame:
    """Return the event table of a bundle, or the frame itself."""
    return data.events if isinstance(data, ExportBundle) else data


def _sites(sites: Mapping[str, Site] | None) -> Mapping[str, Site]:
    if sites is not None:
        return sites
    from gazetteer.places.loading import load_gazetteer

    return load_gazetteer().sites


def with_places(frame: pd.DataFrame, sites: Mapping[str, Site] | None = None) -> pd.DataFrame:
    """Add ``site_name_ar``, ``country`` and ``governorate`` from the gazetteer (when missing).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with a ``site`` column of gazetteer keys.
    sites : mapping of str to Site, optional
        The gazetteer's sites; loaded when not given.

    Returns
    -------
    pandas.DataFrame
        A copy with the three columns (None where the site is unknown).
    """
    wanted = ("site_name_ar", "country", "governorate")
    if all(c in frame.columns for c in wanted):
        return frame
    known = _sites(sites)
    out = frame.copy()
    keys: list[Any] = out["site"].astype(object).tolist() if "site" in out.columns else []
    found = [known.get(k) if isinstance(k, str) else None for k in keys]
    out["site_name_ar"] = [s.name_ar if s else None for s in found]
    out["country"] = [s.country if s else None for s in found]
    out["governorate"] = [(s.governorate or None) if s else None for s in found]
    return out


def _report_row(
    event_id: str, position: int, report: Incident, article: Article | None,
    sites: Mapping[str, Site],
) -> dict[str, Any]:  # fmt: skip
    site = sites.get(report.site) if report.site else None
    return {
        "event_id": event_id,
        "position": position,
        "article": report.article,
        "outlet": report.outlet,
        "published": article.published if article else None,
        "url": article.url if article else None,
        "site": report.site,
        "site_name": report.site_name,
        "site_name_ar": site.name_ar if site else None,
        "lat": report.lat,
        "lon": report.lon,
        "geo_precision": report.geo_precision,
        "date_start": report.date_start,
        "date_end": report.date_end,
        "date_precision": report.date_precision,
        "time": report.time,
        "weapon": "|".join(report.weapon),
        "count": report.count,
        "killed": report.killed,
        "injured": report.injured,
        "casualties": report.casualties,
        "casualty_note": report.casualty_note,
        "actor": report.actor,
        "target": report.target,
        "new": report.new,
        "cited": "|".join(report.cited),
        "quote_ar": report.quote,
        "summary_en": report.summary_en,
    }


def _article_row(article: Article) -> dict[str, Any]:
    return {c: getattr(article, c) for c in ARTICLE_COLUMNS}


def _typed(frame: pd.DataFrame, ints: tuple[str, ...], dates: tuple[str, ...]) -> pd.DataFrame:
    for column in ints:
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def export_bundle(
    frame: pd.DataFrame, store: Store, sites: Mapping[str, Site] | None = None
) -> ExportBundle:
    """Gather the filtered events' reports, articles and Arabic evidence from the store.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table (its ``id`` column names the events).
    store : Store
        Where the events' reports and articles are read (``load_events`` and ``article``).
    sites : mapping of str to Site, optional
        The gazetteer's sites, for the Arabic names; loaded when not given.

    Returns
    -------
    ExportBundle
        Events in the order of ``frame``; reports in each event's order; articles in order of
        first use.
    """
    known = _sites(sites)
    ids = [str(i) for i in frame["id"].tolist()] if "id" in frame.columns else []
    events: list[Event] = store.load_events(ids) if ids else []
    articles: dict[str, Article | None] = {}
    for event in events:
        for report in event.reports:
            if report.article not in articles:
                try:
                    articles[report.article] = store.article(report.article)
                except LookupError:
                    articles[report.article] = None
    rows = [
        _report_row(event.id, i, report, articles[report.article], known)
        for event in events
        for i, report in enumerate(event.reports, start=1)
    ]
    reports = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    reports = _typed(reports, ("position", "geo_precision", "count", "killed", "injured"),
                     ("published", "date_start", "date_end"))  # fmt: skip
    table = pd.DataFrame(
        [_article_row(a) for a in articles.values() if a is not None],
        columns=list(ARTICLE_COLUMNS),
    )
    table = _typed(table, (), ("published",))
    by_event = {e.id: e for e in events}
    enriched = with_places(frame, known).copy()
    enriched["quote_ar"] = [
        "\n".join(dict.fromkeys(r.quote for r in by_event[i].reports if r.quote))
        if i in by_event else None
        for i in ids
    ]  # fmt: skip
    enriched["urls"] = [
        "|".join(dict.fromkeys(
            a.url for r in by_event[i].reports if (a := articles.get(r.article)) and a.url
        )) if i in by_event else None
        for i in ids
    ]  # fmt: skip
    return ExportBundle(events=enriched, reports=reports, articles=table)


def is_missing(value: Any) -> bool:
    """Tell whether a scalar is None, NaN, NA or NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def cell(value: Any) -> Any:
    """Turn one object-column cell into a plain value: lists '|'-joined, dates ISO."""
    if is_missing(value):
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(str(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return iso_stamp(value)
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def iso_stamp(stamp: pd.Timestamp) -> str:
    """Format a timestamp as a date when it is midnight, else as date and time."""
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.isoformat()


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain export columns: no geometry, no internal columns; dates ISO, lists '|'-joined."""
    keep = [
        c
        for c in frame.columns
        if c not in INTERNAL and not isinstance(frame[c].dtype, gpd.array.GeometryDtype)
    ]
    table = pd.DataFrame(frame[keep]).copy()
    for column in keep:
        series = table[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            midnight = series.isna() | (series == series.dt.normalize())
            fmt = "%Y-%m-%d" if bool(midnight.all()) else "%Y-%m-%dT%H:%M:%S"
            table[column] = series.dt.strftime(fmt).astype(object).where(series.notna(), None)
        elif series.dtype == object:
            table[column] = series.map(cell).astype(object)
    return table.reset_index(drop=True)


def lonlat(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return WGS84 longitudes and latitudes (NaN where unknown)."""
    if {"lon", "lat"} <= set(frame.columns):
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return lon, lat
    if isinstance(frame, gpd.GeoDataFrame) and frame.active_geometry_name is not None:
        geometry = frame.geometry
        if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
            geometry = geometry.to_crs("EPSG:4326")
        points = geometry.where(geometry.geom_type == "Point")
        return points.x.to_numpy(dtype=float), points.y.to_numpy(dtype=float)
    raise ValueError("event table has neither lon/lat columns nor a point geometry to export")


def valid_point(lon: float, lat: float) -> bool:
    """Tell whether a longitude and latitude are finite and on the globe."""
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of JSON-safe Python values (None for missing)."""
    columns: dict[str, list[Any]] = {}
    for column in table.columns:
        columns[column] = [cell(v) for v in table[column].astype(object).tolist()]
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
