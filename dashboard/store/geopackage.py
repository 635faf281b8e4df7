"""The store: articles, reports, events and analyst reviews in one GeoPackage file.

:class:`Store` is the interface the dashboard and the ingest code use; :class:`GeoPackageStore`
implements it on a single GeoPackage (an SQLite database that QGIS, GDAL and
``geopandas.read_file(path, layer=...)`` open as it is). ``dashboard.store.postgis.PostGISStore``
implements the same interface on a shared PostgreSQL + PostGIS server; :func:`open_store` picks
the backend from the ``ATLAS_DB`` setting (a ``postgresql://`` URL or a file path).

Layers
------
``articles`` (attributes)
    One row per article text: id, content_hash (sha256 of the text, unique), outlet,
    published, url, language, note, text, source_path, ingested_at.
``reports`` (points)
    One row per :class:`~gazetteer.records.Incident`, every field (tuples as JSON text), plus
    a stable report ``id`` (:func:`report_id`); ``article`` is the article id.
``events`` (points)
    The flat columns of :data:`dashboard.frames.EVENT_COLUMNS`, a ``version`` counter for
    optimistic locking, and ``outlets_json``/``cited_json`` so records round-trip exactly.
``event_reports`` (attributes)
    event_id, report_id and the report's position within the event.
``reviews`` (attributes)
    id, event_id, status (confirmed, corrected, rejected), fields (JSON: the edited fields of a
    correction), note, reviewer, created_at (ISO UTC), version (the event version it created).

Every value reaches SQLite as a bound parameter; table and column names come only from this
module's constants.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import wraps
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, runtime_checkable

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors

from dashboard.frames import EVENT_COLUMNS, event_row
from dashboard.store import gpkg_file as _gpkg
from dashboard.store.gpkg_file import quote
from gazetteer.extract.summaries import summarise
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import (
    CASUALTY_STATUS,
    DATE_PRECISION,
    GEO_PRECISION,
    WEAPONS,
    Article,
    Event,
    Incident,
    to_json,
)
from gazetteer.settings import load_settings
from gazetteer.text.normalize import normalise

#: Review statuses an analyst can save.
REVIEW_STATUSES: tuple[str, ...] = ("confirmed", "corrected", "rejected")

#: Event columns a correction may edit (the derived ones are rebuilt, not edited).
EDITABLE_FIELDS: tuple[str, ...] = tuple(
    c
    for c in EVENT_COLUMNS
    if c not in {"id", "weapon_main", "n_reports", "articles", "search_text"}
)

# SQL type and value kind of every Incident field in the reports table.
_REPORT_FIELDS: dict[str, tuple[str, str]] = {
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

# SQL type of every flat event column.
_EVENT_TYPES: dict[str, str] = {
    "id": "TEXT NOT NULL UNIQUE",
    "site": "TEXT",
    "site_name": "TEXT",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "geo_precision": "INTEGER",
    "date_start": "DATE",
    "date_end": "DATE",
    "date_precision": "TEXT",
    "time": "TEXT",
    "weapon": "TEXT",
    "weapon_main": "TEXT",
    "count": "INTEGER",
    "count_max": "INTEGER",
    "killed": "INTEGER",
    "killed_max": "INTEGER",
    "injured": "INTEGER",
    "injured_max": "INTEGER",
    "casualties": "TEXT",
    "actor": "TEXT",
    "target": "TEXT",
    "new": "BOOLEAN NOT NULL",
    "outlets": "TEXT",
    "cited": "TEXT",
    "n_reports": "INTEGER NOT NULL",
    "articles": "TEXT",
    "summary_en": "TEXT",
    "search_text": "TEXT",
}

#: Report columns added after stores were first written; an older store gains them on open,
#: its rows reading as fully confident (Incident.confidence's default).
_ADDED_REPORT_COLUMNS = (
    ("confidence", "DOUBLE DEFAULT 1.0"),
    ("confidence_reasons", "TEXT DEFAULT '[]'"),
)


def _add_confidence_columns(conn: sqlite3.Connection) -> None:
    have = _gpkg.table_columns(conn, "reports")
    for column, sql in _ADDED_REPORT_COLUMNS:
        if have and column not in have:
            conn.execute(f"ALTER TABLE reports ADD COLUMN {quote(column)} {sql}")


_INCIDENT_FIELDS = tuple(f.name for f in dataclasses.fields(Incident))
if set(_REPORT_FIELDS) != set(_INCIDENT_FIELDS) or set(_EVENT_TYPES) != set(EVENT_COLUMNS):
    raise ImportError(
        "dashboard.store.geopackage: the reports/events schema no longer matches Incident fields or"
        " dashboard.frames.EVENT_COLUMNS; add the new columns to _REPORT_FIELDS/_EVENT_TYPES"
    )

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
)
_REPORT_COLUMNS = (
    ("id", "TEXT NOT NULL UNIQUE"),
    *((name, sql) for name, (sql, _) in _REPORT_FIELDS.items()),
)
_EVENT_EXTRA = (
    ("version", "INTEGER NOT NULL DEFAULT 1"),
    ("outlets_json", "TEXT NOT NULL"),
    ("cited_json", "TEXT NOT NULL"),
)
_EVENT_COLUMNS_SQL = tuple((c, _EVENT_TYPES[c]) for c in EVENT_COLUMNS) + _EVENT_EXTRA
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
_CONSTRAINTS = {"event_reports": ("UNIQUE (event_id, report_id)",)}
_INDEXES = (
    ("reports_site", "reports", ("site",)),
    ("reports_article", "reports", ("article",)),
    ("events_date", "events", ("date_start",)),
    ("events_site", "events", ("site",)),
    ("event_reports_report", "event_reports", ("report_id",)),
    ("reviews_event", "reviews", ("event_id", "version")),
)
_EXTENTS = {"reports": ("lon", "lat"), "events": ("lon", "lat")}
_INT_COLUMNS = ("count", "count_max", "killed", "killed_max", "injured", "injured_max")


class StoreError(Exception):
    """The store cannot be opened, read or written; the message starts with its path."""


class NotFoundError(StoreError, LookupError):
    """An event or article id that the store does not hold."""


class ReviewConflict(StoreError):
    """Another analyst (or an ingest) changed the event after it was loaded.

    Attributes
    ----------
    event_id : str
        The event.
    expected : int
        The version the analyst loaded.
    current : int
        The version now stored.
    """

    def __init__(self, event_id: str, expected: int, current: int, by: str = "") -> None:
        self.event_id = event_id
        self.expected = expected
        self.current = current
        who = f" ({by})" if by else ""
        super().__init__(
            f"event {event_id!r}: review conflict: you loaded version {expected}, but version"
            f" {current} was saved since{who}; reload the event and review it again"
        )


@dataclasses.dataclass(frozen=True)
class Review:
    """One saved analyst review of an event.

    Attributes
    ----------
    id : str
        Review id.
    event_id : str
        The event reviewed.
    status : str
        One of :data:`REVIEW_STATUSES`.
    note : str
        The analyst's note, stored verbatim.
    reviewer : str
        Who saved it.
    created_at : datetime
        When it was saved (UTC, timezone-aware).
    version : int
        The event version this review created.
    fields : dict
        Edited fields of a correction (empty otherwise).
    """

    id: str
    event_id: str
    status: str
    note: str
    reviewer: str
    created_at: datetime
    version: int
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of an article text (its identity in the store)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_id(incident: Incident) -> str:
    """Return the stable id of a report: a digest of every field of the incident.

    Parameters
    ----------
    incident : Incident
        The report.

    Returns
    -------
    str
        ``"r-"`` and 20 hex digits; the same incident always gets the same id.
    """
    payload = json.dumps(to_json(incident), sort_keys=True, ensure_ascii=False)
    return "r-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


@runtime_checkable
class Store(Protocol):
    """What the dashboard and the ingest code need from a store, whatever the backend.

    Write primitives must be called inside :meth:`transaction`.
    """

    location: str

    def close(self) -> None:
        """Release the connection."""

    def transaction(self) -> Any:
        """Context manager: one write transaction, committed on success, else rolled back."""

    def events_frame(self) -> gpd.GeoDataFrame:
        """Return the flat event table, corrected, with version and review columns."""

    def load_events(
        self, ids: Iterable[str] | None = None, *, corrected: bool = True
    ) -> list[Event]:
        """Return full events with their reports (corrected by the analysts unless not)."""

    def reports_for(self, event_id: str) -> list[Incident]:
        """Return the reports an event merges, in order."""

    def article(self, article_id: str) -> Article:
        """Return one stored article."""

    def counts(self) -> dict[str, int]:
        """Return the number of events, reports and articles."""

    def data_span(self) -> tuple[date, date] | None:
        """Return the first and last event day, or None when there is no dated event."""

    def save_review(
        self,
        event_id: str,
        status: str,
        note: str = "",
        fields: Mapping[str, Any] | None = None,
        *,
        expected_version: int,
        reviewer: str = "",
    ) -> int:
        """Save a review if the event is still at ``expected_version``; return the new one."""

    def reviews_for(self, event_id: str) -> list[Review]:
        """Return an event's reviews, oldest first."""

    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Return those content hashes that the store already holds."""

    def article_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Return id to content hash for the given article ids that are stored."""

    def insert_article(self, article: Article, text_hash: str) -> None:
        """Insert one article."""

    def insert_reports(self, reports: Sequence[tuple[str, Incident]]) -> None:
        """Insert reports given as (report id, incident)."""

    def report_ids_at_sites(self, sites: Iterable[str | None]) -> set[str]:
        """Return ids of the reports placed at any of these sites (None: no site)."""

    def events_of_reports(self, report_ids: Iterable[str]) -> set[str]:
        """Return ids of the events that merge any of these reports."""

    def reports_of_events(self, event_ids: Iterable[str]) -> set[str]:
        """Return ids of the reports these events merge."""

    def reports_by_id(self, report_ids: Iterable[str]) -> dict[str, Incident]:
        """Return reports by id, in insertion order."""

    def event_versions(self, event_ids: Iterable[str]) -> dict[str, int]:
        """Return the stored version of each of these events."""

    def delete_events(self, event_ids: Iterable[str]) -> None:
        """Delete events and their report links (reviews are kept)."""

    def insert_events(self, events: Sequence[tuple[Event, Sequence[str], int]]) -> None:
        """Insert events given as (event, report ids in order, version)."""

    def move_reviews(self, old_id: str, new_id: str) -> int:
        """Reattach the reviews of one event id to another; return how many moved."""


def open_store(db: str | Path | None = None) -> Store:
    """Open the store named by ``db`` (default: the ``ATLAS_DB`` setting).

    Parameters
    ----------
    db : str or Path, optional
        A GeoPackage path, or a ``postgresql://`` URL.

    Returns
    -------
    Store
        The open store.

    Raises
    ------
    StoreError
        When the store cannot be opened or its backend is not available; for a URL the
        message names ``host[:port]/dbname``, never the password.
    """
    target = str(load_settings().db if db is None else db)
    if target.startswith(("postgresql://", "postgres://")):
        try:
            from dashboard.store.postgis import PostGISStore
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("psycopg"):
                raise
            where = target.split("://", 1)[1].rpartition("@")[2].split("?", 1)[0]
            raise StoreError(
                f"{where}: the PostGIS backend is not available: psycopg is not installed"
                " (pip install 'psycopg[binary]')"
            ) from exc
        return PostGISStore(target)
    return GeoPackageStore(target)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(
    method: Callable[Concatenate[GeoPackageStore, _P], _R],
) -> Callable[Concatenate[GeoPackageStore, _P], _R]:
    """Serialise access to the connection and turn SQLite errors into StoreError."""

    @wraps(method)
    def wrapper(self: GeoPackageStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.location}: {exc}") from exc

    return wrapper


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _to_db(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "bool":
        return int(bool(value))
    if kind in {"strings", "ints", "spans"}:
        return json.dumps(to_json(value), ensure_ascii=False)
    return value


def _from_db(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    if kind in {"strings", "ints"}:
        return tuple(json.loads(value))
    if kind == "spans":
        return tuple(tuple(item) for item in json.loads(value))
    return value


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


_REPORT_SELECT = ", ".join(quote(c) for c in _INCIDENT_FIELDS)
_EVENT_SELECT = ", ".join(
    quote(c) for c in (*EVENT_COLUMNS, "version", "outlets_json", "cited_json")
)


_FRAME_COLUMNS = [*EVENT_COLUMNS, "version", "review_status", "review_note"]
# The corrected reviews, oldest first: (review id, event id, fields JSON); {ids} is "" or a
# constant condition on event_id.
_CORRECTIONS_SQL = (
    "SELECT id, event_id, fields FROM reviews WHERE status = 'corrected'{ids}"
    " ORDER BY event_id, version, fid"
)
_FRAME_SQL = (
    f"SELECT {', '.join('e.' + quote(c) for c in EVENT_COLUMNS)}, e.version,"
    " lr.status AS review_status, lr.note AS review_note FROM events AS e LEFT JOIN ("
    " SELECT event_id, status, note FROM ("
    "  SELECT event_id, status, note, ROW_NUMBER() OVER ("
    "   PARTITION BY event_id ORDER BY version DESC, fid DESC) AS rank"
    "  FROM reviews) WHERE rank = 1"
    ") AS lr ON lr.event_id = e.id"
    " ORDER BY e.date_start IS NULL, e.date_start, e.id"
)


def _typed_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give the queried event table the dtypes of :func:`dashboard.frames.events_frame`."""
    for column in ("date_start", "date_end"):
        values = frame[column]
        if not pd.api.types.is_datetime64_any_dtype(values):
            values = pd.to_datetime(values, format="%Y-%m-%d")
        frame[column] = values.astype("datetime64[s]")
    for column in (*_INT_COLUMNS, "geo_precision"):
        frame[column] = frame[column].astype("Int64")
    for column in ("lat", "lon"):
        frame[column] = frame[column].astype("float64")
    frame["n_reports"] = frame["n_reports"].astype("int64")
    frame["version"] = frame["version"].astype("int64")
    frame["new"] = frame["new"].astype(bool)
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


# -- analyst corrections, applied on read ------------------------------------------------------
#
# The rule: an event's reviews are read in the order they were saved (version). Every
# ``corrected`` review overrides the fields it names, so corrections accumulate field by field
# and a later one wins where two name the same field; ``confirmed`` and ``rejected`` reviews
# change no value (a confirmation after a correction confirms the corrected values). A field
# corrected back to the machine value is no longer a correction. The stored event rows always
# hold the machine values, so re-ingest and re-merge never lose a correction, and the reports
# (the evidence) are never edited.

#: Appended to the English summary of an event whose values an analyst corrected.
CORRECTED_TAG = " (corrected by analyst)"

#: Extra columns :meth:`Store.events_frame` adds after the flat event columns.
REVIEW_COLUMNS: tuple[str, ...] = (
    "version",
    "review_status",
    "review_note",
    "reviewed",
    "machine_values",
)

_WHOLE_FIELDS = frozenset(
    {"count", "count_max", "killed", "killed_max", "injured", "injured_max", "geo_precision"}
)
_COORDINATES = {"lat": 90.0, "lon": 180.0}
_DATE_FIELDS = frozenset({"date_start", "date_end"})
_LIST_FIELDS = frozenset({"weapon", "outlets", "cited"})
_CHOICES: dict[str, tuple[Any, ...]] = {
    "geo_precision": tuple(GEO_PRECISION),
    "date_precision": DATE_PRECISION,
    "casualties": CASUALTY_STATUS,
}
_NOT_NULL = frozenset({"site", "site_name", "date_precision", "casualties", "summary_en", "new"})
_RANGE_TOP = {"count": "count_max", "killed": "killed_max", "injured": "injured_max"}
# Event fields a correction may change (all but id and reports).
_EVENT_VALUE_FIELDS = tuple(
    f.name for f in dataclasses.fields(Event) if f.name not in {"id", "reports"}
)
_STRING_DTYPE = pd.Series(["text"]).dtype


def correction_value(name: str, value: Any) -> Any:
    """Check one corrected field and return it as an :class:`~gazetteer.records.Event` value.

    Parameters
    ----------
    name : str
        A field of :data:`EDITABLE_FIELDS`.
    value : object
        Its JSON value as saved: weapons, outlets and cited sources as a list or a
        ``|``-joined string, dates as ``YYYY-MM-DD``.

    Returns
    -------
    object
        The value in the type of the Event field (tuple of str, date, int, float ...).

    Raises
    ------
    ValueError
        Naming the field, for an unknown field or a value of the wrong kind or out of range.
    """
    if name not in EDITABLE_FIELDS:
        raise ValueError(f"field {name!r} cannot be corrected")
    if value is None:
        if name in _NOT_NULL:
            raise ValueError(f"field {name!r}: a value is required")
        return None
    if name in _WHOLE_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"field {name!r}: {value!r} is not a whole number >= 0")
    elif name in _COORDINATES:
        limit = _COORDINATES[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"field {name!r}: {value!r} is not a number")
        value = float(value)
        if not -limit <= value <= limit:
            raise ValueError(f"field {name!r}: {value} is out of range [-{limit:g}, {limit:g}]")
    elif name in _DATE_FIELDS:
        try:
            value = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValueError(f"field {name!r}: {value!r} is not a YYYY-MM-DD date") from None
    elif name in _LIST_FIELDS:
        items = value.split("|") if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
            raise ValueError(f"field {name!r}: {value!r} is not a list of strings")
        value = tuple(v for v in items if v)
        unknown = [v for v in value if name == "weapon" and v not in WEAPONS]
        if unknown:
            raise ValueError(f"field 'weapon': {unknown[0]!r} is not one of {', '.join(WEAPONS)}")
        if name == "weapon" and not value:
            value = ("unknown",)
    elif name == "new":
        if not isinstance(value, bool):
            raise ValueError(f"field 'new': {value!r} is not true or false")
    elif not isinstance(value, str):
        raise ValueError(f"field {name!r}: {value!r} is not text")
    if name in _CHOICES and value not in _CHOICES[name]:
        choices = ", ".join(str(c) for c in _CHOICES[name])
        raise ValueError(f"field {name!r}: {value!r} is not one of {choices}")
    return value


def _check_site(fields: Mapping[str, Any]) -> None:
    """Refuse a corrected site that the gazetteer lacks, unless its name and point come with it."""
    if (
        "site" in fields
        and not {"site_name", "lat", "lon"} <= set(fields)
        and fields["site"] not in load_gazetteer().sites
    ):
        raise ValueError(
            f"field 'site': {fields['site']!r} is not a gazetteer key (give site_name, lat"
            " and lon with it)"
        )


def _site_fields(key: str, named: Mapping[str, Any]) -> dict[str, Any]:
    """Name, point and precision of a corrected site, from the gazetteer (fields named win)."""
    _check_site(named)
    site = load_gazetteer().sites.get(key)
    if site is None:
        return {}
    derived = {
        "site_name": site.name_en,
        "lat": site.lat,
        "lon": site.lon,
        "geo_precision": 3 if site.kind in ("region", "zone") else 1,
    }
    return {k: v for k, v in derived.items() if k not in named}


def _fold_corrections(
    rows: Iterable[tuple[str, str, str | None]], location: str
) -> dict[str, dict[str, Any]]:
    """Edited fields by event from (review id, event id, fields JSON) rows, oldest first."""
    edits: dict[str, dict[str, Any]] = {}
    for review, event_id, text in rows:
        try:
            fields = json.loads(text) if text else {}
            if not isinstance(fields, dict):
                raise ValueError("the fields are not a JSON object")
            checked = {k: correction_value(k, v) for k, v in fields.items()}
            _check_site(checked)
        except ValueError as exc:
            raise StoreError(f"{location}: review {review!r} of event {event_id!r}: {exc}") from exc
        edits.setdefault(event_id, {}).update(checked)
    return edits


def corrected_values(
    machine: Mapping[str, Any], edits: Mapping[str, Any], n_reports: int
) -> dict[str, Any]:
    """Apply an analyst's corrections to an event's machine values.

    Parameters
    ----------
    machine : mapping
        The event's values by :class:`~gazetteer.records.Event` field (all but id and reports).
    edits : mapping
        The corrected fields, already checked by :func:`correction_value`.
    n_reports : int
        How many reports the event merges (for the summary).

    Returns
    -------
    dict
        The Event fields whose value changes, empty when every correction equals the machine
        value. A corrected site takes its name, point and precision from the gazetteer; a
        corrected figure also sets the top of its range; corrected killed or injured figures
        set ``casualties``; the summary is rebuilt and ends with :data:`CORRECTED_TAG`. Fields
        the correction names itself are never derived.

    Raises
    ------
    ValueError
        When a corrected site is not in the gazetteer and no point is given with it.
    """
    values = {**machine, **edits}
    if "site" in edits:
        values.update(_site_fields(edits["site"], edits))
    for low, top in _RANGE_TOP.items():
        if low in edits and top not in edits:
            values[top] = values[low]
    if {"killed", "injured"} & set(edits) and "casualties" not in edits:
        figures = (values["killed"], values["injured"])
        if any(f for f in figures):
            values["casualties"] = "reported"
        elif 0 in figures:
            values["casualties"] = "none"
    changed = {k: v for k, v in values.items() if k != "summary_en" and v != machine.get(k)}
    if not changed and "summary_en" not in edits:
        return {}
    if "summary_en" in edits:
        summary = edits["summary_en"]
    else:
        summary = summarise(**{k: values[k] for k in _SUMMARY_FIELDS}) + (
            f" ({n_reports} reports)" if n_reports > 1 else ""
        )
    summary += CORRECTED_TAG
    if summary != machine.get("summary_en"):
        changed["summary_en"] = summary
    return changed


_SUMMARY_FIELDS = (
    "site_name",
    "weapon",
    "count",
    "count_max",
    "killed",
    "killed_max",
    "injured",
    "injured_max",
    "casualties",
    "actor",
    "target",
    "date_start",
    "date_end",
    "date_precision",
    "time",
)


def _cell(value: Any) -> Any:
    """A frame cell as a plain Python value (missing values as None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _frame_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """The Event values of one flat event row."""
    values = {}
    for name in _EVENT_VALUE_FIELDS:
        value = _cell(row[name])
        if name in _LIST_FIELDS:
            value = _split(value)
        values[name] = value
    return values


def _frame_cells(changed: Mapping[str, Any]) -> dict[str, Any]:
    """Flat-table cells of changed Event values."""
    cells: dict[str, Any] = {}
    for name, value in changed.items():
        if name in _LIST_FIELDS:
            cells[name] = "|".join(value)
            if name == "weapon":
                cells["weapon_main"] = value[0] if value else "unknown"
        elif name in _DATE_FIELDS:
            cells[name] = pd.NaT if value is None else pd.Timestamp(value)
        else:
            cells[name] = value
    return cells


def apply_corrections(
    frame: gpd.GeoDataFrame, edits: Mapping[str, Mapping[str, Any]]
) -> gpd.GeoDataFrame:
    """Show the analysts' corrections in the flat event table.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The stored table: :data:`dashboard.frames.EVENT_COLUMNS`, ``version``,
        ``review_status`` and ``review_note``, with machine values.
    edits : mapping
        Event id to its checked corrected fields (see :func:`correction_value`).

    Returns
    -------
    geopandas.GeoDataFrame
        The same table with corrected values in the normal columns (points too), plus
        ``reviewed`` (the event has a review) and ``machine_values`` (a JSON object of the
        machine values that a correction changed, by column; missing when none did). Only
        the corrected rows are computed in Python; they are written back one column at a
        time.

    Raises
    ------
    ValueError
        When a corrected site is not in the gazetteer and no point is given with it.
    """
    frame["reviewed"] = frame["review_status"].notna().astype(bool)
    machine_values = pd.Series(None, index=frame.index, dtype=object)
    picked = frame[frame["id"].isin(list(edits))] if edits else frame.iloc[:0]
    updates: dict[str, dict[Any, Any]] = {}
    for index, original in zip(picked.index, picked.to_dict("records"), strict=True):
        changed = corrected_values(
            _frame_values(original), edits[original["id"]], int(original["n_reports"])
        )
        if not changed:
            continue
        cells = _frame_cells(changed)
        machine_values[index] = json.dumps(
            {k: to_json(_cell(original[k])) for k in cells}, ensure_ascii=False
        )
        extra = normalise(" ".join([cells.get("summary_en", ""), cells.get("site_name", "")]))
        cells["search_text"] = f"{original['search_text'] or ''} {extra}".strip()
        for column, value in cells.items():
            updates.setdefault(column, {})[index] = value
    for column, values in updates.items():  # one assignment per column, not per cell
        frame.loc[list(values), column] = pd.Series(values, dtype=object).astype(
            frame[column].dtype
        )
    frame["machine_values"] = machine_values.astype(_STRING_DTYPE)
    moved = sorted(set(updates.get("lat", {})) | set(updates.get("lon", {})))
    if moved:
        frame.loc[moved, "geometry"] = gpd.points_from_xy(
            frame.loc[moved, "lon"], frame.loc[moved, "lat"], crs=frame.crs
        )
    return frame[[*EVENT_COLUMNS, *REVIEW_COLUMNS, frame.geometry.name]]


def corrected_events(
    events: Sequence[Event], edits: Mapping[str, Mapping[str, Any]]
) -> list[Event]:
    """Return the events with their analysts' corrections applied (the reports unchanged).

    Parameters
    ----------
    events : sequence of Event
        Events with machine values.
    edits : mapping
        Event id to its checked corrected fields (see :func:`correction_value`).

    Returns
    -------
    list of Event
        In the same order; uncorrected events are the same objects.
    """
    out = []
    for event in events:
        fields = edits.get(event.id)
        if fields:
            machine = {name: getattr(event, name) for name in _EVENT_VALUE_FIELDS}
            changed = corrected_values(machine, fields, len(event.reports))
            if changed:
                event = dataclasses.replace(event, **changed)
        out.append(event)
    return out


class GeoPackageStore:
    """A :class:`Store` in one GeoPackage file.

    Parameters
    ----------
    path : str or Path, optional
        The ``.gpkg`` file; default ``load_settings().db`` (env ``ATLAS_DB``). Its folder is
        created; a missing or empty file becomes a new, empty store.

    Raises
    ------
    StoreError
        ``"<path>: not a GeoPackage (...)"`` for a corrupted, truncated or non-GeoPackage file,
        or another message starting with the path when it cannot be opened.

    Notes
    -----
    One connection, serialised by a lock, so one store object may serve several threads
    (Streamlit sessions). Writers take SQLite's write lock at ``BEGIN IMMEDIATE``; readers in
    other processes see either the state before or after a whole transaction.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        where = str(load_settings().db if path is None else path)
        if "://" in where:
            raise StoreError(
                f"{where.split('@')[-1]}: not a file path; GeoPackageStore needs a .gpkg path"
                " (open_store picks the backend for URLs)"
            )
        target = Path(where).expanduser()
        self.path = target
        self.location = str(target)
        self._lock = threading.RLock()
        self._in_transaction = False
        self._dirty: set[str] = set()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{target}: cannot create its folder ({exc})") from exc
        try:
            _gpkg.check_file(target)
        except (_gpkg.NotGeoPackage, OSError) as exc:
            raise StoreError(f"{target}: not a GeoPackage ({exc})") from exc
        try:
            self._conn = sqlite3.connect(
                target, isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot open ({exc})") from exc
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    def _prepare(self) -> None:
        conn = self._conn
        try:
            is_gpkg = _gpkg.check_connection(conn)
        except _gpkg.NotGeoPackage as exc:
            raise StoreError(f"{self.location}: not a GeoPackage ({exc})") from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            missing = [name for name in LAYERS if not _gpkg.table_columns(conn, name)]
            if not is_gpkg or missing:
                self._create(initialise=not is_gpkg)
        except sqlite3.OperationalError as exc:  # read-only file or folder, locked, disk full
            raise StoreError(f"{self.location}: cannot create the store's tables ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: not a GeoPackage ({exc})") from exc
        try:
            _add_confidence_columns(conn)
            for name, (columns, _, _) in LAYERS.items():
                lacking = {c for c, _ in columns} - _gpkg.table_columns(conn, name)
                if lacking:
                    raise StoreError(
                        f"{self.location}: not an Incident Atlas store (layer {name!r} lacks"
                        f" {', '.join(sorted(lacking))})"
                    )
            problem = _gpkg.integrity_problem(conn, LAYERS)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: not a GeoPackage ({exc})") from exc
        if problem:
            raise StoreError(f"{self.location}: not a GeoPackage (damaged: {problem})")

    def _create(self, *, initialise: bool) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if initialise:
                _gpkg.initialise(conn)
            for name, (columns, geometry, description) in LAYERS.items():
                _gpkg.create_table(
                    conn,
                    name,
                    columns,
                    description=description,
                    geometry=geometry,
                    constraints=_CONSTRAINTS.get(name, ()),
                )
            for index, table, columns in _INDEXES:
                cols = ", ".join(quote(c) for c in columns)
                conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {quote(index)} ON {quote(table)} ({cols})"
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (the store object cannot be used afterwards)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> GeoPackageStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"GeoPackageStore({self.location!r})"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``).

        Any exception rolls everything back and propagates. Transactions do not nest.

        Raises
        ------
        StoreError
            When a transaction is already open, or SQLite fails (locked, disk full ...).
        """
        with self._lock:
            if self._in_transaction:
                raise StoreError(f"{self.location}: a transaction is already open")
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.location}: cannot start writing ({exc})") from exc
            self._in_transaction = True
            self._dirty = set()
            try:
                yield
                if self._dirty:
                    _gpkg.touch(self._conn, sorted(self._dirty), _EXTENTS)
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise StoreError(f"{self.location}: {exc}") from exc
            except BaseException:
                self._rollback()
                raise
            finally:
                self._in_transaction = False
                self._dirty = set()

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one state of the file (inside a write transaction: its own).

        A deferred ``BEGIN`` takes SQLite's shared lock at the first read and keeps it until
        ``COMMIT``, so no other process can commit between the reads of the block; writers wait
        for it (within their busy timeout), as they wait for any reader.
        """
        if self._in_transaction:
            yield self._conn
            return
        self._conn.execute("BEGIN")
        try:
            yield self._conn
        finally:
            self._rollback()  # nothing was written: ending the read is all that is left

    def _data_version(self) -> int:
        """SQLite's counter of commits by other connections (``PRAGMA data_version``)."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _writing(self, *tables: str) -> sqlite3.Connection:
        if not self._in_transaction:
            raise StoreError(f"{self.location}: writes must run inside store.transaction()")
        self._dirty.update(tables)
        return self._conn

    # -- reads ------------------------------------------------------------------------------

    @_guarded
    def events_frame(self) -> gpd.GeoDataFrame:
        """Return the flat event table, read with one SQL query.

        GDAL runs the query and hands the rows over as one Arrow table (no Python object per
        row), which keeps 100,000 events well under a second. Inside a transaction, or when
        GDAL cannot read the file at that moment (another process is committing), the same
        query runs on this store's own SQLite connection instead (slower, same result). The
        rows and the corrections are one state of the file: if another process committed
        between the GDAL read and the read of the corrections, both are read again in one
        snapshot.

        Returns
        -------
        geopandas.GeoDataFrame
            The columns and dtypes of :func:`dashboard.frames.events_frame`, with the analysts'
            corrections applied (:func:`apply_corrections`), plus ``version`` (int64),
            ``review_status`` and ``review_note`` (of the latest review, missing when the event
            has none), ``reviewed`` (bool) and ``machine_values`` (JSON of the machine values a
            correction changed); ordered by first day, then id.

        Raises
        ------
        StoreError
            When a stored correction is not valid; the message names the review and event.
        """
        frame, before = None, 0
        if not self._in_transaction:  # GDAL would not see this connection's pending writes
            before = self._data_version()
            try:
                frame = pyogrio.read_dataframe(
                    self.path, sql=_FRAME_SQL, use_arrow=True, read_geometry=False
                )
            except pyogrio.errors.DataSourceError:
                frame = None
        with self._snapshot() as conn:
            rows = conn.execute(_CORRECTIONS_SQL.format(ids="")).fetchall()
            # GDAL read on a connection of its own: its rows and these corrections are one
            # state only if nobody committed in between; otherwise read both again here.
            if frame is not None and self._data_version() != before:
                frame = None
            if frame is None or list(frame.columns) != _FRAME_COLUMNS:
                frame = pd.read_sql_query(_FRAME_SQL, conn)
        edits = _fold_corrections(rows, self.location)
        return apply_corrections(_typed_frame(frame), edits)

    @_guarded
    def load_events(
        self, ids: Iterable[str] | None = None, *, corrected: bool = True
    ) -> list[Event]:
        """Return full events with their reports.

        Parameters
        ----------
        ids : iterable of str, optional
            Events to load; all when None. Unknown ids are left out.
        corrected : bool
            Apply the analysts' corrections (default); False gives the machine values, as
            merged from the reports (what ingest compares a re-merge with).

        Returns
        -------
        list of Event
            In the order of ``ids`` when given, else by first day and id. The reports are
            always those stored, as the articles gave them.

        Raises
        ------
        StoreError
            When a stored correction is not valid; the message names the review and event.
        """
        wanted = None if ids is None else list(dict.fromkeys(ids))
        where, params = "", ()
        if wanted is not None:
            where = " WHERE id IN (SELECT value FROM json_each(?))"
            params = (json.dumps(wanted),)
        edits: dict[str, dict[str, Any]] = {}
        with self._snapshot() as conn:
            if corrected:
                corrections = conn.execute(
                    _CORRECTIONS_SQL.format(
                        ids=" AND event_id IN (SELECT value FROM json_each(?))" if params else ""
                    ),
                    params,
                ).fetchall()
                edits = _fold_corrections(corrections, self.location)
            rows = conn.execute(
                f"SELECT {_EVENT_SELECT} FROM events{where}"
                " ORDER BY date_start IS NULL, date_start, id",
                params,
            ).fetchall()
            links = conn.execute(
                f"SELECT er.event_id, {', '.join('r.' + quote(c) for c in _INCIDENT_FIELDS)}"
                " FROM event_reports AS er JOIN reports AS r ON r.id = er.report_id"
                + (" WHERE er.event_id IN (SELECT value FROM json_each(?))" if params else "")
                + " ORDER BY er.event_id, er.position",
                params,
            ).fetchall()
        reports: dict[str, list[Incident]] = {}
        for link in links:
            reports.setdefault(link[0], []).append(self._incident(link[1:]))
        events = {row[0]: self._event(row, reports.get(row[0], [])) for row in rows}
        if wanted is not None:
            return corrected_events([events[i] for i in wanted if i in events], edits)
        return corrected_events(list(events.values()), edits)

    @staticmethod
    def _incident(row: Sequence[Any]) -> Incident:
        values = {
            name: _from_db(_REPORT_FIELDS[name][1], value)
            for name, value in zip(_INCIDENT_FIELDS, row, strict=True)
        }
        return Incident(**values)

    @staticmethod
    def _event(row: Sequence[Any], reports: list[Incident]) -> Event:
        v = dict(zip((*EVENT_COLUMNS, "version", "outlets_json", "cited_json"), row, strict=True))
        return Event(
            id=v["id"],
            site=v["site"],
            site_name=v["site_name"],
            lat=v["lat"],
            lon=v["lon"],
            geo_precision=v["geo_precision"],
            date_start=_from_db("date", v["date_start"]),
            date_end=_from_db("date", v["date_end"]),
            date_precision=v["date_precision"],
            time=v["time"],
            weapon=_split(v["weapon"]),
            count=v["count"],
            count_max=v["count_max"],
            killed=v["killed"],
            killed_max=v["killed_max"],
            injured=v["injured"],
            injured_max=v["injured_max"],
            casualties=v["casualties"],
            actor=v["actor"],
            target=v["target"],
            new=bool(v["new"]),
            outlets=tuple(json.loads(v["outlets_json"])),
            cited=tuple(json.loads(v["cited_json"])),
            summary_en=v["summary_en"],
            reports=tuple(reports),
        )

    @_guarded
    def reports_for(self, event_id: str) -> list[Incident]:
        """Return the reports an event merges, in their order within the event.

        Raises
        ------
        NotFoundError
            When the store holds no event ``event_id``.
        """
        self._require_event(event_id)
        rows = self._conn.execute(
            f"SELECT {', '.join('r.' + quote(c) for c in _INCIDENT_FIELDS)}"
            " FROM event_reports AS er JOIN reports AS r ON r.id = er.report_id"
            " WHERE er.event_id = ? ORDER BY er.position",
            (event_id,),
        ).fetchall()
        return [self._incident(row) for row in rows]

    def _require_event(self, event_id: str) -> int:
        row = self._conn.execute("SELECT version FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"{self.location}: no event {event_id!r}")
        return int(row[0])

    @_guarded
    def article(self, article_id: str) -> Article:
        """Return one stored article.

        Raises
        ------
        NotFoundError
            When no article has this id.
        """
        row = self._conn.execute(
            "SELECT id, text, published, outlet, url, language, note, source_path"
            " FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"{self.location}: no article {article_id!r}")
        return Article(
            id=row[0],
            text=row[1],
            published=_from_db("date", row[2]),
            outlet=row[3],
            url=row[4],
            language=row[5],
            note=row[6],
            source_path=row[7],
        )

    @_guarded
    def counts(self) -> dict[str, int]:
        """Return ``{"events": n, "reports": n, "articles": n, "reviews": n}``."""
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM reports),"
            " (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM reviews)"
        ).fetchone()
        return dict(zip(("events", "reports", "articles", "reviews"), row, strict=True))

    @_guarded
    def data_span(self) -> tuple[date, date] | None:
        """Return the first and last day covered by dated events, or None when there are none."""
        first, last = self._conn.execute(
            "SELECT MIN(date_start), MAX(COALESCE(date_end, date_start)) FROM events"
        ).fetchone()
        if first is None:
            return None
        return date.fromisoformat(first), date.fromisoformat(last)

    @_guarded
    def reviews_for(self, event_id: str) -> list[Review]:
        """Return the reviews of one event id, oldest first (empty when there are none)."""
        rows = self._conn.execute(
            "SELECT id, event_id, status, note, reviewer, created_at, version, fields"
            " FROM reviews WHERE event_id = ? ORDER BY version, fid",
            (event_id,),
        ).fetchall()
        return [
            Review(
                id=r[0],
                event_id=r[1],
                status=r[2],
                note=r[3],
                reviewer=r[4],
                created_at=_parse_iso(r[5]),
                version=int(r[6]),
                fields=json.loads(r[7]) if r[7] else {},
            )
            for r in rows
        ]

    # -- reviews ----------------------------------------------------------------------------

    @_guarded
    def save_review(
        self,
        event_id: str,
        status: str,
        note: str = "",
        fields: Mapping[str, Any] | None = None,
        *,
        expected_version: int,
        reviewer: str = "",
    ) -> int:
        """Save an analyst's review, unless someone changed the event since it was loaded.

        Parameters
        ----------
        event_id : str
            The event reviewed.
        status : str
            ``confirmed``, ``corrected`` or ``rejected``.
        note : str
            Free text, stored verbatim.
        fields : mapping, optional
            For ``corrected`` only (and then required): edited values by column name, from
            :data:`EDITABLE_FIELDS`; dates may be given as :class:`datetime.date`.
        expected_version : int
            The ``version`` the analyst saw.
        reviewer : str
            Who reviews.

        Returns
        -------
        int
            The event's new version.

        Raises
        ------
        ReviewConflict
            When the stored version is no longer ``expected_version``.
        NotFoundError
            When there is no such event.
        ValueError
            For an unknown status, or fields that are missing, unknown or not JSON values.
        """
        fields_json = _review_fields(status, fields)
        with self.transaction():
            current = self._require_event(event_id)
            if current != expected_version:
                last = self._conn.execute(
                    "SELECT reviewer, created_at FROM reviews WHERE event_id = ?"
                    " ORDER BY version DESC, fid DESC LIMIT 1",
                    (event_id,),
                ).fetchone()
                by = f"last review by {last[0] or 'an analyst'} at {last[1]}" if last else ""
                raise ReviewConflict(event_id, expected_version, current, by)
            conn = self._writing("events", "reviews")
            new_version = current + 1
            conn.execute(
                "UPDATE events SET version = ? WHERE id = ? AND version = ?",
                (new_version, event_id, current),
            )
            conn.execute(
                "INSERT INTO reviews (id, event_id, status, fields, note, reviewer, created_at,"
                " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    "rv-" + uuid.uuid4().hex,
                    event_id,
                    status,
                    fields_json,
                    note,
                    reviewer,
                    _now_iso(),
                    new_version,
                ),
            )
        return new_version

    # -- write primitives (inside transaction()) -------------------------------------------

    @_guarded
    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Return those content hashes that the store already holds."""
        rows = self._conn.execute(
            "SELECT content_hash FROM articles WHERE content_hash IN"
            " (SELECT value FROM json_each(?))",
            (json.dumps(list(hashes)),),
        )
        return {r[0] for r in rows}

    @_guarded
    def article_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Return id to content hash for those of ``ids`` that are stored."""
        rows = self._conn.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )
        return {r[0]: r[1] for r in rows}

    @_guarded
    def insert_article(self, article: Article, text_hash: str) -> None:
        """Insert one article (its id and content hash must be new)."""
        conn = self._writing("articles")
        conn.execute(
            "INSERT INTO articles (id, content_hash, outlet, published, url, language, note,"
            " text, source_path, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                text_hash,
                article.outlet,
                _to_db("date", article.published),
                article.url,
                article.language,
                article.note,
                article.text,
                article.source_path,
                _now_iso(),
            ),
        )

    @_guarded
    def insert_reports(self, reports: Sequence[tuple[str, Incident]]) -> None:
        """Insert reports given as (report id, incident); their articles must be stored."""
        if not reports:
            return
        conn = self._writing("reports")
        blobs = _gpkg.point_blobs([r.lon for _, r in reports], [r.lat for _, r in reports])
        names = ("id", "geom", *_INCIDENT_FIELDS)
        rows = [
            (rid, blob, *(_to_db(_REPORT_FIELDS[f][1], getattr(inc, f)) for f in _INCIDENT_FIELDS))
            for (rid, inc), blob in zip(reports, blobs, strict=True)
        ]
        conn.executemany(
            f"INSERT INTO reports ({', '.join(quote(n) for n in names)})"
            f" VALUES ({', '.join('?' for _ in names)})",
            rows,
        )

    @_guarded
    def report_ids_at_sites(self, sites: Iterable[str | None]) -> set[str]:
        """Return ids of the reports at any of ``sites`` (None selects reports without site)."""
        keys = list(sites)
        named = [k for k in keys if k is not None]
        rows = self._conn.execute(
            "SELECT id FROM reports WHERE site IN (SELECT value FROM json_each(?))"
            + (" OR site IS NULL" if None in keys else ""),
            (json.dumps(named),),
        )
        return {r[0] for r in rows}

    @_guarded
    def events_of_reports(self, report_ids: Iterable[str]) -> set[str]:
        """Return ids of the events that merge any of ``report_ids``."""
        rows = self._conn.execute(
            "SELECT DISTINCT event_id FROM event_reports WHERE report_id IN"
            " (SELECT value FROM json_each(?))",
            (json.dumps(list(report_ids)),),
        )
        return {r[0] for r in rows}

    @_guarded
    def reports_of_events(self, event_ids: Iterable[str]) -> set[str]:
        """Return ids of the reports that ``event_ids`` merge."""
        rows = self._conn.execute(
            "SELECT DISTINCT report_id FROM event_reports WHERE event_id IN"
            " (SELECT value FROM json_each(?))",
            (json.dumps(list(event_ids)),),
        )
        return {r[0] for r in rows}

    @_guarded
    def reports_by_id(self, report_ids: Iterable[str]) -> dict[str, Incident]:
        """Return the reports with these ids, in the order they were stored."""
        rows = self._conn.execute(
            f"SELECT id, {_REPORT_SELECT} FROM reports WHERE id IN"
            " (SELECT value FROM json_each(?)) ORDER BY fid",
            (json.dumps(list(report_ids)),),
        )
        return {r[0]: self._incident(r[1:]) for r in rows}

    @_guarded
    def event_versions(self, event_ids: Iterable[str]) -> dict[str, int]:
        """Return the stored version of each of ``event_ids`` that exists."""
        rows = self._conn.execute(
            "SELECT id, version FROM events WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(event_ids)),),
        )
        return {r[0]: int(r[1]) for r in rows}

    @_guarded
    def delete_events(self, event_ids: Iterable[str]) -> None:
        """Delete events and their report links; their reviews stay (see move_reviews)."""
        conn = self._writing("events", "event_reports")
        payload = (json.dumps(list(event_ids)),)
        conn.execute(
            "DELETE FROM event_reports WHERE event_id IN (SELECT value FROM json_each(?))", payload
        )
        conn.execute("DELETE FROM events WHERE id IN (SELECT value FROM json_each(?))", payload)

    @_guarded
    def insert_events(self, events: Sequence[tuple[Event, Sequence[str], int]]) -> None:
        """Insert events given as (event, its report ids in order, version)."""
        if not events:
            return
        conn = self._writing("events", "event_reports")
        blobs = _gpkg.point_blobs([e.lon for e, _, _ in events], [e.lat for e, _, _ in events])
        names = ("geom", *EVENT_COLUMNS, "version", "outlets_json", "cited_json")
        rows = []
        for (event, _, version), blob in zip(events, blobs, strict=True):
            flat = event_row(event)
            for column in ("date_start", "date_end"):
                flat[column] = _to_db("date", flat[column])
            flat["new"] = int(bool(flat["new"]))
            rows.append(
                (
                    blob,
                    *(flat[c] for c in EVENT_COLUMNS),
                    int(version),
                    json.dumps(list(event.outlets), ensure_ascii=False),
                    json.dumps(list(event.cited), ensure_ascii=False),
                )
            )
        conn.executemany(
            f"INSERT INTO events ({', '.join(quote(n) for n in names)})"
            f" VALUES ({', '.join('?' for _ in names)})",
            rows,
        )
        conn.executemany(
            "INSERT INTO event_reports (event_id, report_id, position) VALUES (?, ?, ?)",
            [
                (event.id, rid, position)
                for event, report_ids, _ in events
                for position, rid in enumerate(report_ids)
            ],
        )

    @_guarded
    def move_reviews(self, old_id: str, new_id: str) -> int:
        """Reattach every review of event ``old_id`` to ``new_id``; return how many moved."""
        conn = self._writing("reviews")
        cursor = conn.execute(
            "UPDATE reviews SET event_id = ? WHERE event_id = ?", (new_id, old_id)
        )
        return cursor.rowcount


def _review_fields(status: str, fields: Mapping[str, Any] | None) -> str | None:
    if status not in REVIEW_STATUSES:
        raise ValueError(f"review status {status!r} is not one of {', '.join(REVIEW_STATUSES)}")
    if status != "corrected":
        if fields:
            raise ValueError(
                f"review fields are only saved with status 'corrected', not {status!r}"
            )
        return None
    if not fields:
        raise ValueError("a 'corrected' review needs the corrected fields")
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(
            f"review fields: unknown field {unknown[0]!r} (editable: {', '.join(EDITABLE_FIELDS)})"
        )
    values = {k: to_json(v) for k, v in fields.items()}
    try:
        text = json.dumps(values, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"review fields: not JSON values ({exc})") from exc
    try:
        _check_site({k: correction_value(k, v) for k, v in values.items()})
    except ValueError as exc:
        raise ValueError(f"review fields: {exc}") from exc
    return text
