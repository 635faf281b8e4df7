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

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import psycopg
from psycopg.conninfo import conninfo_to_dict

from dashboard.store.corrections import apply_corrections, fold_corrections
from dashboard.store.interface import StoreError
from dashboard.store.schema import (
    CONSTRAINTS,
    EVENT_COLUMNS,
    EVENT_TABLE,
    FRAME_COLUMNS,
    INDEXES,
    LAYERS,
    UPGRADES,
    type_event_frame,
)
from dashboard.store.sql import SQLStore

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
    *(c for c in EVENT_COLUMNS if EVENT_TABLE[c].sql.startswith("TEXT")),
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


_R = TypeVar("_R")


_FRAME_SQL = (
    f"SELECT {_select(EVENT_COLUMNS, 'e.')}, e.version,"
    " lr.status AS review_status, lr.note AS review_note FROM events AS e LEFT JOIN ("
    " SELECT DISTINCT ON (event_id) event_id, status, note FROM reviews"
    " ORDER BY event_id, version DESC, fid DESC"
    ") AS lr ON lr.event_id = e.id"
    ' ORDER BY e.date_start IS NULL, e.date_start, e.id COLLATE "C"'
)
# The corrected reviews, oldest first: (review id, event id, fields JSON).
_CORRECTIONS_SQL = (
    "SELECT id, event_id, fields FROM reviews WHERE status = 'corrected'"
    ' ORDER BY event_id COLLATE "C", version, fid'
)


class PostGISStore(SQLStore):
    """A :class:`~dashboard.store.interface.Store` in a PostgreSQL database with PostGIS.

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
        self._dirty: set[str] = set()
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
            if self._upgrade(found):
                found = self._columns()
            self._check_tables(found)  # refuse foreign tables before adding anything
            if set(found) != set(LAYERS):
                self._create()
                found = self._columns()
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.location}: cannot create the store's tables ({_reason(exc, self._secrets)})"
            ) from exc
        self._check_tables(found, complete=True)

    def _upgrade(self, found: dict[str, set[str]]) -> bool:
        """Add the columns of :data:`UPGRADES` that an older store's tables lack."""
        todo = [
            (table, column, sql)
            for table, columns in UPGRADES.items()
            if table in found
            for column, sql in columns
            if column not in found[table]
        ]
        if not todo:
            return False
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for table, column, sql in todo:
                self._conn.execute(
                    f"ALTER TABLE {_q(table)} ADD COLUMN IF NOT EXISTS {_q(column)} {_pg_sql(sql)}"
                )
        return True

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
                parts += list(CONSTRAINTS.get(name, ()))
                self._conn.execute(f"CREATE TABLE IF NOT EXISTS {_q(name)} ({', '.join(parts)})")
            for index, table, indexed in INDEXES:
                cols = ", ".join(_q(c) for c in indexed)
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
            self._dirty = set()
            try:
                with self._conn.transaction():
                    self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                    yield
            except psycopg.Error as exc:
                raise StoreError(f"{self.location}: {_reason(exc, self._secrets)}") from exc
            finally:
                self._in_transaction = False

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
        return self._call(self._events_frame)

    def _events_frame(self) -> gpd.GeoDataFrame:
        with self._snapshot() as conn:
            rows = conn.execute(_FRAME_SQL).fetchall()
            corrections = conn.execute(_CORRECTIONS_SQL).fetchall()
        frame = pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS)
        frame = frame.astype({c: object for c in FRAME_COLUMNS if c not in _TEXT_COLUMNS})
        frame = frame.astype({c: _STRING_DTYPE for c in _TEXT_COLUMNS})
        edits = fold_corrections(corrections, self.location)
        return apply_corrections(type_event_frame(frame), edits)

    # -- the dialect (see SQLStore) ---------------------------------------------------------

    _POINT = "ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326)"
    _COLLATE = ' COLLATE "C"'
    _FOR_UPDATE = " FOR UPDATE"
    _NATIVE = True

    def _call(self, run: Callable[[], _R]) -> _R:
        """Serialise access to the connection and turn psycopg errors into StoreError."""
        with self._lock:
            self._reconnect_if_lost()
            try:
                try:
                    return run()
                except psycopg.OperationalError:
                    # Outside a transaction nothing was written: a call that found the
                    # connection lost (server restart, idle timeout) runs once more.
                    if not self._conn.closed or self._in_transaction:
                        raise
                    self._reconnect_if_lost()
                    return run()
            except psycopg.Error as exc:
                raise StoreError(f"{self.location}: {_reason(exc, self._secrets)}") from exc

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def _in(self, column: str) -> str:
        return f"{column} = ANY(?::text[])"

    def _ids(self, values: Iterable[Any]) -> list[Any]:
        return list(values)

    def _select(self, columns: Iterable[str], prefix: str = "") -> str:
        return _select(columns, prefix)

    def _points(self, lon: Sequence[float | None], lat: Sequence[float | None]) -> list[tuple]:
        return list(zip(lon, lat, strict=True))

    def _now(self) -> datetime:
        return datetime.now(UTC)
