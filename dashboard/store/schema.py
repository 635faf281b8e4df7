"""The store's schema: one definition of the event table and of every layer, for every backend.

The flat event table is defined once, here (:data:`EVENT_TABLE`: name, SQL type, pandas dtype,
meaning, in order). :mod:`dashboard.frames` builds it from records, both store backends create
and read it, and :func:`type_event_frame` gives it its dtypes wherever it comes from; its
agreement with :class:`~gazetteer.records.Event` and :class:`~gazetteer.records.Incident` is
checked once, when this module is imported.

Layers
------
``articles`` (attributes)
    One row per article text: id, content_hash (sha256 of the text, unique), outlet,
    published, url, language, note, text, source_path, ingested_at, title.
``reports`` (points)
    One row per :class:`~gazetteer.records.Incident`, every field (tuples as JSON text), plus
    a stable report ``id`` (:func:`gazetteer.merge.report_id`); ``article`` is the article id.
``events`` (points)
    The flat columns of :data:`EVENT_COLUMNS`, a ``version`` counter for optimistic locking,
    and ``outlets_json``/``cited_json`` so records round-trip exactly.
``event_reports`` (attributes)
    event_id, report_id and the report's position within the event.
``reviews`` (attributes)
    id, event_id, status (confirmed, corrected, rejected), fields (JSON: the edited fields of a
    correction), note, reviewer, created_at (ISO UTC), version (the event version it created).

Table and column names come only from this module's constants.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import geopandas as gpd
import pandas as pd

from gazetteer.records import Event, Incident

__all__ = [
    "EDITABLE_FIELDS",
    "EVENT_COLUMNS",
    "EVENT_TABLE",
    "FRAME_COLUMNS",
    "INCIDENT_FIELDS",
    "LAYERS",
    "REPORT_FIELDS",
    "REVIEW_COLUMNS",
    "REVIEW_STATUSES",
    "UPGRADES",
    "Column",
    "missing_columns",
    "type_event_frame",
]


class Column(NamedTuple):
    """One column of the flat event table."""

    sql: str
    dtype: str
    meaning: str


#: The flat event table, in order: name to (SQL type, pandas dtype, meaning).
EVENT_TABLE: dict[str, Column] = {
    "id": Column("TEXT NOT NULL UNIQUE", "object", "stable event id"),
    "site": Column("TEXT", "object", "gazetteer key"),
    "site_name": Column("TEXT", "object", "English place name"),
    "lat": Column("DOUBLE", "float64", "latitude (WGS84)"),
    "lon": Column("DOUBLE", "float64", "longitude (WGS84)"),
    "geo_precision": Column("INTEGER", "Int64", "1 exact site, 2 near a town, 3 region only"),
    "date_start": Column("DATE", "datetime64[s]", "first possible day (datetime64, midnight)"),
    "date_end": Column("DATE", "datetime64[s]", "last possible day (datetime64, midnight)"),
    "date_precision": Column("TEXT", "object", "day, night, days, week, month or unknown"),
    "time": Column("TEXT", "object", "HH:MM when stated"),
    "weapon": Column("TEXT", "object", "weapon categories joined by '|'"),
    "weapon_main": Column("TEXT", "object", "the first weapon category, for icons and colours"),
    "count": Column("INTEGER", "Int64", "projectiles or drones, conservative"),
    "count_max": Column("INTEGER", "Int64", "highest count any report gives"),
    "killed": Column("INTEGER", "Int64", "killed, conservative"),
    "killed_max": Column("INTEGER", "Int64", "highest killed figure any report gives"),
    "injured": Column("INTEGER", "Int64", "injured, conservative"),
    "injured_max": Column("INTEGER", "Int64", "highest injured figure any report gives"),
    "casualties": Column("TEXT", "object", "reported, none or unknown"),
    "actor": Column("TEXT", "object", "blamed or claiming"),
    "target": Column("TEXT", "object", "who was attacked"),
    "new": Column("BOOLEAN NOT NULL", "bool", "reported as news by at least one report"),
    "outlets": Column("TEXT", "object", "outlets joined by '|'"),
    "cited": Column("TEXT", "object", "cited sources joined by '|'"),
    "n_reports": Column("INTEGER NOT NULL", "int64", "number of reports merged"),
    "articles": Column("TEXT", "object", "article ids joined by '|'"),
    "summary_en": Column("TEXT", "object", "English one-line summary"),
    "confidence": Column(
        "DOUBLE", "float64", "0 to 1: the best report's evidence, raised by further outlets"
    ),
    "search_text": Column(
        "TEXT", "object", "normalised summary, place names and quotes, for text search"
    ),
}

#: Columns of the flat event table, in order, with their meaning.
EVENT_COLUMNS: dict[str, str] = {name: column.meaning for name, column in EVENT_TABLE.items()}

#: Event columns built from the reports, never edited by a correction.
DERIVED_COLUMNS = frozenset(
    {"id", "weapon_main", "n_reports", "articles", "search_text", "confidence"}
)

#: Event columns a correction may edit (the derived ones are rebuilt, not edited).
EDITABLE_FIELDS: tuple[str, ...] = tuple(c for c in EVENT_COLUMNS if c not in DERIVED_COLUMNS)

#: Review statuses an analyst can save.
REVIEW_STATUSES: tuple[str, ...] = ("confirmed", "corrected", "rejected")

#: Extra columns :meth:`Store.events_frame` adds after the flat event columns.
REVIEW_COLUMNS: tuple[str, ...] = (
    "version",
    "review_status",
    "review_note",
    "reviewed",
    "machine_values",
)

#: Columns of the stored event query, before the corrections are applied.
FRAME_COLUMNS: list[str] = [*EVENT_COLUMNS, "version", "review_status", "review_note"]

#: SQL type and value kind of every Incident field in the reports table.
REPORT_FIELDS: dict[str, tuple[str, str]] = {
    "article": ("TEXT NOT NULL REFERENCES articles(id)", "text"),
    "site": ("TEXT", "text"),
    "site_name": ("TEXT", "text"),
    "lat": ("DOUBLE", "float"),
    "lon": ("DOUBLE", "float"),
    "geo_precision": ("INTEGER", "int"),
    "date_start": ("DATE", "date"),
    "date_end": ("DATE", "date"),
    "date_precision": ("TEXT", "text"),
    "time": ("TEXT", "text"),
    "weapon": ("TEXT", "strings"),
    "count": ("INTEGER", "int"),
    "killed": ("INTEGER", "int"),
    "injured": ("INTEGER", "int"),
    "casualties": ("TEXT", "text"),
    "casualty_note": ("TEXT", "text"),
    "actor": ("TEXT", "text"),
    "target": ("TEXT", "text"),
    "new": ("BOOLEAN NOT NULL", "bool"),
    "outlet": ("TEXT", "text"),
    "cited": ("TEXT", "strings"),
    "quote": ("TEXT", "text"),
    "span": ("TEXT", "ints"),
    "summary_en": ("TEXT", "text"),
    "highlights": ("TEXT", "spans"),
    "confidence": ("DOUBLE", "float"),
    "confidence_reasons": ("TEXT", "strings"),
}

#: Columns added to a layer after stores were first written: a store that lacks them is
#: upgraded in place when opened (``ALTER TABLE ... ADD COLUMN``; old rows read as the record's
#: default). Each must be nullable.
UPGRADES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("title", "TEXT"),),
    "reports": (("confidence", "DOUBLE"), ("confidence_reasons", "TEXT")),
    "events": (("confidence", "DOUBLE"),),
}

#: Incident fields, in the order of the record.
INCIDENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Incident))
#: Event fields a correction may change (all but id and reports).
EVENT_VALUE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Event) if f.name not in {"id", "reports"}
)


def _check() -> None:
    """The one check that the tables still match the records (run at import)."""
    if set(REPORT_FIELDS) != set(INCIDENT_FIELDS):
        raise ImportError(
            "dashboard.store.schema: REPORT_FIELDS no longer matches the Incident fields"
            f" ({sorted(set(REPORT_FIELDS) ^ set(INCIDENT_FIELDS))})"
        )
    unknown = set(EVENT_VALUE_FIELDS) - set(EVENT_TABLE)
    if unknown:
        raise ImportError(
            f"dashboard.store.schema: Event fields {sorted(unknown)} have no column in EVENT_TABLE"
        )


_check()

_ARTICLE_COLUMNS = (
    ("id", "TEXT NOT NULL UNIQUE"),
    ("content_hash", "TEXT NOT NULL UNIQUE"),
    ("outlet", "TEXT"),
    ("published", "DATE"),
    ("url", "TEXT"),
    ("language", "TEXT NOT NULL"),
    ("note", "TEXT NOT NULL"),
    ("text", "TEXT NOT NULL"),
    ("source_path", "TEXT"),
    ("ingested_at", "DATETIME NOT NULL"),
    ("title", "TEXT"),
)
_REPORT_COLUMNS = (
    ("id", "TEXT NOT NULL UNIQUE"),
    *((name, sql) for name, (sql, _) in REPORT_FIELDS.items()),
)
#: Stored event columns after the flat ones.
EVENT_EXTRA: tuple[tuple[str, str], ...] = (
    ("version", "INTEGER NOT NULL DEFAULT 1"),
    ("outlets_json", "TEXT NOT NULL"),
    ("cited_json", "TEXT NOT NULL"),
)
_EVENT_COLUMNS_SQL = tuple((c, EVENT_TABLE[c].sql) for c in EVENT_COLUMNS) + EVENT_EXTRA
_EVENT_REPORT_COLUMNS = (
    ("event_id", "TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE"),
    ("report_id", "TEXT NOT NULL REFERENCES reports(id)"),
    ("position", "INTEGER NOT NULL"),
)
_REVIEW_COLUMNS = (
    ("id", "TEXT NOT NULL UNIQUE"),
    ("event_id", "TEXT NOT NULL"),
    ("status", "TEXT NOT NULL CHECK (status IN ('confirmed', 'corrected', 'rejected'))"),
    ("fields", "TEXT"),
    ("note", "TEXT NOT NULL"),
    ("reviewer", "TEXT NOT NULL"),
    ("created_at", "DATETIME NOT NULL"),
    ("version", "INTEGER NOT NULL"),
)

#: Layer name to (columns, geometry type or None, description).
LAYERS: dict[str, tuple[tuple[tuple[str, str], ...], str | None, str]] = {
    "articles": (_ARTICLE_COLUMNS, None, "Article texts, one row per distinct text"),
    "reports": (_REPORT_COLUMNS, "POINT", "Incidents as each article reports them"),
    "events": (_EVENT_COLUMNS_SQL, "POINT", "Incidents merged across reports"),
    "event_reports": (_EVENT_REPORT_COLUMNS, None, "Which reports each event merges"),
    "reviews": (_REVIEW_COLUMNS, None, "Analyst reviews of events"),
}
#: Table constraints by layer.
CONSTRAINTS: dict[str, tuple[str, ...]] = {"event_reports": ("UNIQUE (event_id, report_id)",)}
#: (index name, table, columns); created with the tables, and added to older stores on write.
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("reports_site", "reports", ("site",)),
    ("reports_article", "reports", ("article",)),
    ("reports_site_date", "reports", ("site", "date_start")),
    ("events_date", "events", ("date_start",)),
    ("events_site", "events", ("site",)),
    ("event_reports_report", "event_reports", ("report_id",)),
    ("reviews_event", "reviews", ("event_id", "version")),
)
#: Layers with points, and their (x, y) columns.
EXTENTS: dict[str, tuple[str, str]] = {"reports": ("lon", "lat"), "events": ("lon", "lat")}


#: The dtype pandas gives a column of text (``str`` from pandas 3 on).
_TEXT_DTYPE = pd.Series(["text"]).dtype


def missing_columns(frame: pd.DataFrame, names: tuple[str, ...] | None = None) -> list[str]:
    """Return the event-table columns (all, or ``names``) that ``frame`` lacks.

    Raises
    ------
    KeyError
        When ``names`` holds a name that is not an event-table column (a caller's typo).
    """
    wanted = tuple(EVENT_TABLE) if names is None else names
    unknown = [n for n in wanted if n not in EVENT_TABLE]
    if unknown:
        raise KeyError(f"not event-table columns: {unknown} (see dashboard.store.schema)")
    return [n for n in wanted if n not in frame.columns]


def type_event_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give a flat event table the dtypes of :data:`EVENT_TABLE` and its point geometry.

    Parameters
    ----------
    frame : pandas.DataFrame
        The event columns (as queried or built from records), and maybe ``version``.

    Returns
    -------
    geopandas.GeoDataFrame
        The same frame (changed in place) with a ``geometry`` of points in EPSG:4326.
    """
    for name, column in EVENT_TABLE.items():
        dtype: Any = column.dtype
        if column.dtype.startswith("datetime64"):
            values = frame[name]
            if not pd.api.types.is_datetime64_any_dtype(values):
                values = pd.to_datetime(values, format="%Y-%m-%d")
            frame[name] = values.astype(dtype)
        elif column.dtype != "object":
            frame[name] = frame[name].astype(dtype)
    for name in (*EVENT_TABLE, "review_status", "review_note"):
        if name in frame.columns and frame[name].dtype == object and frame[name].isna().all():
            # a text column with no value at all: the same dtype whichever reader built it
            frame[name] = frame[name].astype(_TEXT_DTYPE)
    if "version" in frame.columns:
        frame["version"] = frame["version"].astype("int64")
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
