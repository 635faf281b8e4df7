"""The store on PostgreSQL + PostGIS: the same ``Store`` interface as the GeoPackage.

:func:`dashboard.store.geopackage.open_store` returns a :class:`PostGISStore` for a
``postgresql://`` URL.
The tables are those of the GeoPackage (:data:`dashboard.store.geopackage.LAYERS`: ``articles``,
``reports``, ``events``, ``event_reports``, ``reviews``) with the same columns, plus an identity
``fid`` and, for ``reports`` and ``events``, a ``geom geometry(Point, 4326)`` column with a GiST
index, so QGIS and ``geopandas.read_postgis`` open them as they are. They are created, when
missing, in the connection's current schema (the first of ``search_path``).

Every value reaches PostgreSQL as a bound parameter; table and column names come only from
module constants. Writers are serialised by a transaction-level advisory lock (the PostgreSQL
counterpart of SQLite's ``BEGIN IMMEDIATE``), so two ingests or an ingest and a review never
interleave; reviews keep their optimistic versions.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

import geopandas as gpd
import pandas as pd
import psycopg
from psycopg.conninfo import conninfo_to_dict

from dashboard.frames import EVENT_COLUMNS, event_row
from dashboard.store.geopackage import (
    _CONSTRAINTS,
    _EVENT_TYPES,
    _FRAME_COLUMNS,
    _INCIDENT_FIELDS,
    _INDEXES,
    _REPORT_FIELDS,
    LAYERS,
    GeoPackageStore,
    NotFoundError,
    Review,
    ReviewConflict,
    StoreError,
    _fold_corrections,
    _review_fields,
    _to_db,
    _typed_frame,
    apply_corrections,
    corrected_events,
)
from gazetteer.records import Article, Event, Incident

__all__ = ["PostGISStore", "redact_url"]

#: Advisory lock keys (any 64-bit numbers unlikely to clash with other applications).
_WRITE_LOCK = 0x41544C41535752  # "ATLASWR"
_SCHEMA_LOCK = 0x41544C41535343  # "ATLASSC"
_CONNECT_TIMEOUT = 10  # seconds, unless the URL sets connect_timeout

# GeoPackage column types that PostgreSQL spells differently.
_PG_TYPES = {"DOUBLE": "DOUBLE PRECISION", "DATETIME": "TIMESTAMPTZ"}
_GEOMETRY_LAYERS = tuple(name for name, (_, geometry, _) in LAYERS.items() if geometry)
_DATE_COLUMNS = frozenset({"date_start", "date_end", "published"})
# Text columns of the event table, and the dtype pandas gives strings (str from pandas 3 on).
_TEXT_COLUMNS = (
    *(c for c in EVENT_COLUMNS if _EVENT_TYPES[c].startswith("TEXT")),
    "review_status",
    "review_note",
)
_STRING_DTYPE = pd.Series(["text"]).dtype


def _q(name: str) -> str:
    """Quote an identifier (only ever called with this module's constants)."""
    return '"' + name.replace('"', '""') + '"'


def _select(columns: Iterable[str], prefix: str = "") -> str:
    """Column list for SELECT; dates as ISO text so the GeoPackage decoders apply unchanged."""
    parts = []
    for column in columns:
        ref = prefix + _q(column)
        parts.append(f"{ref}::text" if column in _DATE_COLUMNS else ref)
    return ", ".join(parts)


def _pg_sql(sql: str) -> str:
    head, _, rest = sql.partition(" ")
    return f"{_PG_TYPES.get(head, head)} {rest}".strip()


def redact_url(url: str) -> str:
    """Return ``host[:port]/dbname`` of a PostgreSQL URL: no user, password or options.

    Parameters
    ----------
    url : str
        A ``postgresql://`` URL.

    Returns
    -------
    str
        What messages name the store by, e.g. ``db.example:5433/atlas``.
    """
    rest = url.split("://", 1)[-1]
    netloc, _, path = rest.partition("/")
    host = netloc.rpartition("@")[2]
    dbname = path.split("?", 1)[0]
    return f"{host}/{dbname}"


def _reason(exc: BaseException, secrets: Iterable[str] = ()) -> str:
    """One line from a psycopg error (message and detail), with any secret blanked out."""
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text or type(exc).__name__


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(
    method: Callable[Concatenate[PostGISStore, _P], _R],
) -> Callable[Concatenate[PostGISStore, _P], _R]:
    """Serialise access to the connection and turn psycopg errors into StoreError."""

    @wraps(method)
    def wrapper(self: PostGISStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            self._reconnect_if_lost()
            try:
                try:
                    return method(self, *args, **kwargs)
                except psycopg.OperationalError:
                    # Outside a transaction nothing was written: a call that found the
                    # connection lost (server restart, idle timeout) runs once more.
                    if not self._conn.closed or self._in_transaction:
                        raise
                    self._reconnect_if_lost()
                    return method(self, *args, **kwargs)
            except psycopg.Error as exc:
                raise StoreError(f"{self.location}: {_reason(exc, self._secrets)}") from exc

    return wrapper


def _iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pg_value(kind: str, value: Any) -> Any:
    """A Python value for a column of this kind (dates and booleans travel natively)."""
    if value is None:
        return None
    if kind == "date":
        return value
    if kind == "bool":
        return bool(value)
    return _to_db(kind, value)


_FRAME_SQL = (
    f"SELECT {_select(EVENT_COLUMNS, 'e.')}, e.version,"
    " lr.status AS review_status, lr.note AS review_note FROM events AS e LEFT JOIN ("
    " SELECT DISTINCT ON (event_id) event_id, status, note FROM reviews"
    " ORDER BY event_id, version DESC, fid DESC"
    ") AS lr ON lr.event_id = e.id"
    ' ORDER BY e.date_start IS NULL, e.date_start, e.id COLLATE "C"'
)
_EVENT_SELECT = _select((*EVENT_COLUMNS, "version", "outlets_json", "cited_json"))
# The corrected reviews, oldest first: (review id, event id, fields JSON).
_CORRECTIONS_SQL = (
    "SELECT id, event_id, fields FROM reviews WHERE status = 'corrected'{ids}"
    ' ORDER BY event_id COLLATE "C", version, fid'
)
_REPORT_SELECT = _select(_INCIDENT_FIELDS, "r.")


class PostGISStore:
    """A :class:`~dashboard.store.geopackage.Store` in a PostgreSQL database with PostGIS.

    Parameters
    ----------
    url : str
        ``postgresql://[user[:password]@]host[:port]/dbname[?options]``; any libpq parameter
        may be given in the query string (``sslmode``, ``connect_timeout``, and
        ``options=-csearch_path%3Dschema`` to keep the tables in a schema of their own).

    Raises
    ------
    StoreError
        One message starting with ``host[:port]/dbname`` (never the password): the server
        cannot be reached, PostGIS is missing and cannot be added, or the tables exist but are
        not an Incident Atlas store.

    Notes
    -----
    One connection, serialised by a lock, so one store object may serve several threads
    (Streamlit sessions); a connection lost between calls is opened again on the next call.
    Readers never wait for writers (MVCC) and see whole transactions only.
    """

    def __init__(self, url: str) -> None:
        self.location = redact_url(url)
        self._url = url
        self._lock = threading.RLock()
        self._in_transaction = False
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.location}: not a valid PostgreSQL URL ({_reason(exc, [url])})"
            ) from exc
        self._secrets = [url, str(params.get("password") or "")]
        self._connect_args: dict[str, Any] = {"application_name": "incident-atlas"}
        if "connect_timeout" not in params:
            self._connect_args["connect_timeout"] = _CONNECT_TIMEOUT
        self._conn = self._connect()
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    # -- life cycle -------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(self._url, autocommit=True, **self._connect_args)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.location}: the PostGIS backend is not available: cannot connect"
                f" ({_reason(exc, self._secrets)}); check the URL and that the server runs"
            ) from exc
        try:
            conn.execute("SET TIME ZONE 'UTC'")
            conn.execute("SET DateStyle = 'ISO, YMD'")
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"{self.location}: {_reason(exc, self._secrets)}") from exc
        return conn

    def _reconnect_if_lost(self) -> None:
        if self._conn.closed and not self._in_transaction:
            self._conn = self._connect()

    def _prepare(self) -> None:
        conn = self._conn
        try:
            has_postgis = conn.execute(
                "SELECT 1 FROM pg_extension WHERE extname = 'postgis'"
            ).fetchone()
            if not has_postgis:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.location}: PostGIS is not installed in this database and cannot be"
                f" added ({_reason(exc, self._secrets)}); ask its owner to run"
                " CREATE EXTENSION postgis"
            ) from exc
        self._check_schema()
        try:
            found = self._columns()
            self._check_tables(found)  # refuse foreign tables before adding anything
            if set(found) != set(LAYERS):
                self._create()
                found = self._columns()
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.location}: cannot create the store's tables"
                f" ({_reason(exc, self._secrets)})"
            ) from exc
        self._check_tables(found, complete=True)

    def _check_tables(self, found: dict[str, set[str]], *, complete: bool = False) -> None:
        for name, (columns, geometry, _) in LAYERS.items():
            if name not in found and not complete:
                continue
            wanted = {c for c, _ in columns} | ({"geom"} if geometry else set())
            lacking = wanted - found.get(name, set())
            if lacking:
                raise StoreError(
                    f"{self.location}: not an Incident Atlas store (table {name!r} lacks"
                    f" {', '.join(sorted(lacking))})"
                )

    def _check_schema(self) -> None:
        """The schema the tables go to; refuse a search_path whose first schema is missing."""
        try:
            path, current = self._conn.execute(
                "SELECT current_setting('search_path'), current_schema()"
            ).fetchone()
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: {_reason(exc, self._secrets)}") from exc
        first = path.split(",")[0].strip()
        wanted = first[1:-1].replace('""', '"') if first.startswith('"') else first.lower()
        if wanted and wanted != "$user" and wanted != current:
            raise StoreError(
                f"{self.location}: schema {wanted!r}, the first in search_path, does not exist;"
                " create it (CREATE SCHEMA) or fix the URL's options"
            )
        if current is None:
            raise StoreError(
                f"{self.location}: no schema to create the store's tables in (search_path is"
                f" {path!r}); name one with options=-csearch_path%3Dschema in the URL"
            )

    def _columns(self) -> dict[str, set[str]]:
        """Columns of the store's tables in the current schema, by table."""
        rows = self._conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ANY(%s::text[])",
            (list(LAYERS),),
        ).fetchall()
        found: dict[str, set[str]] = {}
        for table, column in rows:
            found.setdefault(table, set()).add(column)
        return found

    def _create(self) -> None:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for name, (columns, geometry, _) in LAYERS.items():
                parts = ["fid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"]
                if geometry:
                    parts.append("geom geometry(Point, 4326)")
                parts += [f"{_q(c)} {_pg_sql(sql)}" for c, sql in columns]
                parts += list(_CONSTRAINTS.get(name, ()))
                self._conn.execute(f"CREATE TABLE IF NOT EXISTS {_q(name)} ({', '.join(parts)})")
            for index, table, columns in _INDEXES:
                cols = ", ".join(_q(c) for c in columns)
                self._conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {_q(index)} ON {_q(table)} ({cols})"
                )
            for table in _GEOMETRY_LAYERS:
                self._conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {_q(table + '_geom')} ON {_q(table)}"
                    " USING GIST (geom)"
                )

    def close(self) -> None:
        """Close the connection (the store object cannot be used afterwards)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> PostGISStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostGISStore({self.location!r})"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one write transaction, holding the store's write lock.

        Any exception rolls everything back and propagates. Transactions do not nest.

        Raises
        ------
        StoreError
            When a transaction is already open, or PostgreSQL fails.
        """
        with self._lock:
            if self._in_transaction:
                raise StoreError(f"{self.location}: a transaction is already open")
            self._reconnect_if_lost()
            self._in_transaction = True
            try:
                with self._conn.transaction():
                    self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                    yield
            except psycopg.Error as exc:
                raise StoreError(f"{self.location}: {_reason(exc, self._secrets)}") from exc
            finally:
                self._in_transaction = False

    def _writing(self) -> psycopg.Connection[Any]:
        if not self._in_transaction:
            raise StoreError(f"{self.location}: writes must run inside store.transaction()")
        return self._conn

    @contextmanager
    def _snapshot(self) -> Iterator[psycopg.Connection[Any]]:
        """Several reads from one snapshot (inside a write transaction: that transaction)."""
        if self._in_transaction:
            yield self._conn
            return
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self._conn

    # -- reads ------------------------------------------------------------------------------

    @_guarded
    def events_frame(self) -> gpd.GeoDataFrame:
        """Return the flat event table, as :meth:`GeoPackageStore.events_frame` does.

        Returns
        -------
        geopandas.GeoDataFrame
            The columns and dtypes of :func:`dashboard.frames.events_frame` with the analysts'
            corrections applied, plus ``version``, ``review_status`` and ``review_note`` of the
            latest review, ``reviewed`` and ``machine_values``; by first day, then id.

        Raises
        ------
        StoreError
            When a stored correction is not valid; the message names the review and event.
        """
        with self._snapshot() as conn:
            rows = conn.execute(_FRAME_SQL).fetchall()
            corrections = conn.execute(_CORRECTIONS_SQL.format(ids="")).fetchall()
        frame = pd.DataFrame.from_records(rows, columns=_FRAME_COLUMNS)
        frame = frame.astype({c: object for c in _FRAME_COLUMNS if c not in _TEXT_COLUMNS})
        frame = frame.astype({c: _STRING_DTYPE for c in _TEXT_COLUMNS})
        edits = _fold_corrections(corrections, self.location)
        return apply_corrections(_typed_frame(frame), edits)

    @_guarded
    def load_events(
        self, ids: Iterable[str] | None = None, *, corrected: bool = True
    ) -> list[Event]:
        """Return full events with their reports, as :meth:`GeoPackageStore.load_events` does.

        Parameters
        ----------
        ids : iterable of str, optional
            Events to load; all when None. Unknown ids are left out.
        corrected : bool
            Apply the analysts' corrections (default); False gives the machine values.

        Returns
        -------
        list of Event
            In the order of ``ids`` when given, else by first day and id; the reports as stored.

        Raises
        ------
        StoreError
            When a stored correction is not valid; the message names the review and event.
        """
        wanted = None if ids is None else list(dict.fromkeys(ids))
        where, params = "", ()
        if wanted is not None:
            where = " WHERE id = ANY(%s::text[])"
            params = (wanted,)
        with self._snapshot() as conn:
            rows = conn.execute(
                f"SELECT {_EVENT_SELECT} FROM events{where}"
                ' ORDER BY date_start IS NULL, date_start, id COLLATE "C"',
                params,
            ).fetchall()
            links = conn.execute(
                f"SELECT er.event_id, {_REPORT_SELECT}"
                " FROM event_reports AS er JOIN reports AS r ON r.id = er.report_id"
                + (" WHERE er.event_id = ANY(%s::text[])" if params else "")
                + " ORDER BY er.event_id, er.position",
                params,
            ).fetchall()
            corrections = []
            if corrected:
                ids_sql = " AND event_id = ANY(%s::text[])" if params else ""
                corrections = conn.execute(_CORRECTIONS_SQL.format(ids=ids_sql), params).fetchall()
        edits = _fold_corrections(corrections, self.location)
        reports: dict[str, list[Incident]] = {}
        for link in links:
            reports.setdefault(link[0], []).append(GeoPackageStore._incident(link[1:]))
        events = {row[0]: GeoPackageStore._event(row, reports.get(row[0], [])) for row in rows}
        if wanted is None:
            return corrected_events(list(events.values()), edits)
        return corrected_events([events[i] for i in wanted if i in events], edits)

    @_guarded
    def reports_for(self, event_id: str) -> list[Incident]:
        """Return the reports an event merges, in their order within the event.

        Raises
        ------
        NotFoundError
            When the store holds no event ``event_id``.
        """
        with self._snapshot() as conn:
            self._require_event(event_id)
            rows = conn.execute(
                f"SELECT {_REPORT_SELECT}"
                " FROM event_reports AS er JOIN reports AS r ON r.id = er.report_id"
                " WHERE er.event_id = %s ORDER BY er.position",
                (event_id,),
            ).fetchall()
        return [GeoPackageStore._incident(row) for row in rows]

    def _require_event(self, event_id: str, *, lock: bool = False) -> int:
        row = self._conn.execute(
            "SELECT version FROM events WHERE id = %s" + (" FOR UPDATE" if lock else ""),
            (event_id,),
        ).fetchone()
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
            " FROM articles WHERE id = %s",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"{self.location}: no article {article_id!r}")
        return Article(
            id=row[0],
            text=row[1],
            published=row[2],
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
        return dict(zip(("events", "reports", "articles", "reviews"), map(int, row), strict=True))

    @_guarded
    def data_span(self) -> tuple[date, date] | None:
        """Return the first and last day covered by dated events, or None when there are none."""
        first, last = self._conn.execute(
            "SELECT MIN(date_start), MAX(COALESCE(date_end, date_start)) FROM events"
        ).fetchone()
        if first is None:
            return None
        return first, last

    @_guarded
    def reviews_for(self, event_id: str) -> list[Review]:
        """Return the reviews of one event id, oldest first (empty when there are none)."""
        rows = self._conn.execute(
            "SELECT id, event_id, status, note, reviewer, created_at, version, fields"
            " FROM reviews WHERE event_id = %s ORDER BY version, fid",
            (event_id,),
        ).fetchall()
        return [
            Review(
                id=r[0],
                event_id=r[1],
                status=r[2],
                note=r[3],
                reviewer=r[4],
                created_at=r[5].astimezone(UTC),
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
            For ``corrected`` only (and then required): edited values by column name.
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
            current = self._require_event(event_id, lock=True)
            if current != expected_version:
                last = self._conn.execute(
                    "SELECT reviewer, created_at FROM reviews WHERE event_id = %s"
                    " ORDER BY version DESC, fid DESC LIMIT 1",
                    (event_id,),
                ).fetchone()
                by = ""
                if last:
                    by = f"last review by {last[0] or 'an analyst'} at {_iso_utc(last[1])}"
                raise ReviewConflict(event_id, expected_version, current, by)
            conn = self._writing()
            new_version = current + 1
            conn.execute(
                "UPDATE events SET version = %s WHERE id = %s AND version = %s",
                (new_version, event_id, current),
            )
            conn.execute(
                "INSERT INTO reviews (id, event_id, status, fields, note, reviewer, created_at,"
                " version) VALUES (%s, %s, %s, %s, %s, %s, clock_timestamp(), %s)",
                ("rv-" + uuid.uuid4().hex, event_id, status, fields_json, note, reviewer,
                 new_version),
            )  # fmt: skip
        return new_version

    # -- write primitives (inside transaction()) -------------------------------------------

    @_guarded
    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Return those content hashes that the store already holds."""
        rows = self._conn.execute(
            "SELECT content_hash FROM articles WHERE content_hash = ANY(%s::text[])",
            (list(hashes),),
        )
        return {r[0] for r in rows}

    @_guarded
    def article_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Return id to content hash for those of ``ids`` that are stored."""
        rows = self._conn.execute(
            "SELECT id, content_hash FROM articles WHERE id = ANY(%s::text[])", (list(ids),)
        )
        return {r[0]: r[1] for r in rows}

    @_guarded
    def insert_article(self, article: Article, text_hash: str) -> None:
        """Insert one article (its id and content hash must be new)."""
        self._writing().execute(
            "INSERT INTO articles (id, content_hash, outlet, published, url, language, note,"
            " text, source_path, ingested_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, clock_timestamp())",
            (article.id, text_hash, article.outlet, article.published, article.url,
             article.language, article.note, article.text, article.source_path),
        )  # fmt: skip

    @_guarded
    def insert_reports(self, reports: Sequence[tuple[str, Incident]]) -> None:
        """Insert reports given as (report id, incident); their articles must be stored."""
        if not reports:
            return
        names = ("id", *_INCIDENT_FIELDS)
        rows = [
            (
                inc.lon,
                inc.lat,
                rid,
                *(_pg_value(_REPORT_FIELDS[f][1], getattr(inc, f)) for f in _INCIDENT_FIELDS),
            )
            for rid, inc in reports
        ]
        with self._writing().cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO reports (geom, {', '.join(_q(n) for n in names)})"
                " VALUES (ST_SetSRID(ST_MakePoint(%s::float8, %s::float8), 4326),"
                f" {', '.join('%s' for _ in names)})",
                rows,
            )

    @_guarded
    def report_ids_at_sites(self, sites: Iterable[str | None]) -> set[str]:
        """Return ids of the reports at any of ``sites`` (None selects reports without site)."""
        keys = list(sites)
        named = [k for k in keys if k is not None]
        rows = self._conn.execute(
            "SELECT id FROM reports WHERE site = ANY(%s::text[])"
            + (" OR site IS NULL" if None in keys else ""),
            (named,),
        )
        return {r[0] for r in rows}

    @_guarded
    def events_of_reports(self, report_ids: Iterable[str]) -> set[str]:
        """Return ids of the events that merge any of ``report_ids``."""
        rows = self._conn.execute(
            "SELECT DISTINCT event_id FROM event_reports WHERE report_id = ANY(%s::text[])",
            (list(report_ids),),
        )
        return {r[0] for r in rows}

    @_guarded
    def reports_of_events(self, event_ids: Iterable[str]) -> set[str]:
        """Return ids of the reports that ``event_ids`` merge."""
        rows = self._conn.execute(
            "SELECT DISTINCT report_id FROM event_reports WHERE event_id = ANY(%s::text[])",
            (list(event_ids),),
        )
        return {r[0] for r in rows}

    @_guarded
    def reports_by_id(self, report_ids: Iterable[str]) -> dict[str, Incident]:
        """Return the reports with these ids, in the order they were stored."""
        rows = self._conn.execute(
            f"SELECT r.id, {_REPORT_SELECT} FROM reports AS r WHERE r.id = ANY(%s::text[])"
            " ORDER BY r.fid",
            (list(report_ids),),
        )
        return {r[0]: GeoPackageStore._incident(r[1:]) for r in rows}

    @_guarded
    def event_versions(self, event_ids: Iterable[str]) -> dict[str, int]:
        """Return the stored version of each of ``event_ids`` that exists."""
        rows = self._conn.execute(
            "SELECT id, version FROM events WHERE id = ANY(%s::text[])", (list(event_ids),)
        )
        return {r[0]: int(r[1]) for r in rows}

    @_guarded
    def delete_events(self, event_ids: Iterable[str]) -> None:
        """Delete events and their report links; their reviews stay (see move_reviews)."""
        conn = self._writing()
        payload = (list(event_ids),)
        conn.execute("DELETE FROM event_reports WHERE event_id = ANY(%s::text[])", payload)
        conn.execute("DELETE FROM events WHERE id = ANY(%s::text[])", payload)

    @_guarded
    def insert_events(self, events: Sequence[tuple[Event, Sequence[str], int]]) -> None:
        """Insert events given as (event, its report ids in order, version)."""
        if not events:
            return
        names = (*EVENT_COLUMNS, "version", "outlets_json", "cited_json")
        rows = []
        for event, _, version in events:
            flat = event_row(event)
            flat["new"] = bool(flat["new"])
            rows.append(
                (
                    event.lon,
                    event.lat,
                    *(flat[c] for c in EVENT_COLUMNS),
                    int(version),
                    json.dumps(list(event.outlets), ensure_ascii=False),
                    json.dumps(list(event.cited), ensure_ascii=False),
                )
            )
        with self._writing().cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO events (geom, {', '.join(_q(n) for n in names)})"
                " VALUES (ST_SetSRID(ST_MakePoint(%s::float8, %s::float8), 4326),"
                f" {', '.join('%s' for _ in names)})",
                rows,
            )
            cursor.executemany(
                "INSERT INTO event_reports (event_id, report_id, position) VALUES (%s, %s, %s)",
                [
                    (event.id, rid, position)
                    for event, report_ids, _ in events
                    for position, rid in enumerate(report_ids)
                ],
            )

    @_guarded
    def move_reviews(self, old_id: str, new_id: str) -> int:
        """Reattach every review of event ``old_id`` to ``new_id``; return how many moved."""
        cursor = self._writing().execute(
            "UPDATE reviews SET event_id = %s WHERE event_id = %s", (new_id, old_id)
        )
        return cursor.rowcount
