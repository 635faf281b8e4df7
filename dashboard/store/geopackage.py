"""The store in one GeoPackage file: only the GeoPackage's own queries.

:class:`GeoPackageStore` implements :class:`~dashboard.store.interface.Store` on a single
GeoPackage (an SQLite database that QGIS, GDAL and ``geopandas.read_file(path, layer=...)``
open as it is); the layers are those of :data:`dashboard.store.schema.LAYERS`. The queries it
shares with PostGIS are in :mod:`dashboard.store.sql`; what is here is the file: opening and
checking it, its transactions and snapshots, and the fast read of the flat event table.

Data safety
-----------
When a store is opened the whole file is checked (``PRAGMA integrity_check`` for files up to
:data:`FULL_CHECK_BYTES`, ``PRAGMA quick_check`` above: 0.3 s for 100,000 events) unless it
has not changed but through this program's commits since it was last checked
(:mod:`dashboard.store.gpkg_check`); a damaged file is refused, so it is never written to,
overwritten or deleted, and the error says how to recover
(:class:`~dashboard.store.interface.DamagedStoreError`). Writers take SQLite's write lock at
``BEGIN IMMEDIATE``; a second writer waits for it (``on_wait`` hears about the wait every few
seconds) up to ``wait`` seconds and then says who holds it. Readers in other processes see the
state before or after a whole transaction.

The names other modules imported from here before the store became a package are re-exported.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors

from dashboard.settings import load_settings
from dashboard.store import gpkg_check as _check
from dashboard.store import gpkg_file as _gpkg
from dashboard.store import gpkg_guard as _guard
from dashboard.store.corrections import (
    CORRECTED_TAG,
    apply_corrections,
    corrected_events,
    corrected_values,
    correction_value,
    fold_corrections,
)
from dashboard.store.gpkg_check import damaged_message
from dashboard.store.interface import (
    DamagedStoreError,
    NotFoundError,
    Review,
    ReviewConflict,
    Store,
    StoreError,
    open_store,
)
from dashboard.store.rows import content_hash, now_iso, report_id
from dashboard.store.schema import (
    CONSTRAINTS,
    EDITABLE_FIELDS,
    EVENT_COLUMNS,
    EXTENTS,
    FRAME_COLUMNS,
    INDEXES,
    LAYERS,
    REVIEW_COLUMNS,
    REVIEW_STATUSES,
    UPGRADES,
    type_event_frame,
)
from dashboard.store.sql import SQLStore, quote

__all__ = [
    "CORRECTED_TAG",
    "EDITABLE_FIELDS",
    "FULL_CHECK_BYTES",
    "LAYERS",
    "REVIEW_COLUMNS",
    "REVIEW_STATUSES",
    "DamagedStoreError",
    "GeoPackageStore",
    "NotFoundError",
    "Review",
    "ReviewConflict",
    "Store",
    "StoreError",
    "apply_corrections",
    "content_hash",
    "corrected_events",
    "corrected_values",
    "correction_value",
    "damaged_message",
    "open_store",
    "report_id",
]

_R = TypeVar("_R")

#: Files up to this size get SQLite's full integrity_check before the first write; larger ones
#: the quick_check (same page and record checks, without matching indexes to tables).
FULL_CHECK_BYTES = 64 * 1024 * 1024
#: Seconds a writer waits for another writer's lock before giving up (``wait=`` overrides).
WRITE_WAIT = 600.0
#: Seconds of one wait on the lock between two ``on_wait`` messages.
_WAIT_STEP = 5.0

# The corrected reviews, oldest first: (review id, event id, fields JSON).
_CORRECTIONS_SQL = (
    "SELECT id, event_id, fields FROM reviews WHERE status = 'corrected'"
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


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class GeoPackageStore(SQLStore):
    """A :class:`Store` in one GeoPackage file.

    Parameters
    ----------
    path : str or Path, optional
        The ``.gpkg`` file; default ``load_settings().db`` (env ``ATLAS_DB``). Its folder is
        created; a missing or empty file becomes a new, empty store.
    wait : float
        Seconds a write waits for another writer before it gives up.
    on_wait : callable, optional
        Called with a message every few seconds while a write waits for another writer.
    background_check : bool
        Check the file's integrity on a thread of its own while the caller goes on (reading
        articles, extracting), instead of before returning; the first write waits for the
        verdict. ``atlas ingest`` uses it. (A file marked as checked and changed only by
        commits since is not checked again: :mod:`dashboard.store.gpkg_check`.)

    Raises
    ------
    StoreError
        ``"<path>: not a GeoPackage (...)"`` for a truncated or non-GeoPackage file,
        :class:`DamagedStoreError` for a damaged one, or another message starting with the
        path when it cannot be opened.

    Notes
    -----
    One connection, serialised by a lock, so one store object may serve several threads
    (Streamlit sessions).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        wait: float = WRITE_WAIT,
        on_wait: Callable[[str], None] | None = None,
        background_check: bool = False,
    ) -> None:
        where = str(load_settings().db if path is None else path)
        if "://" in where:
            raise StoreError(
                f"{where.split('@')[-1]}: not a file path; GeoPackageStore needs a .gpkg path"
                " (open_store picks the backend for URLs)"
            )
        target = Path(where).expanduser()
        self.path = target
        self.location = str(target)
        self.wait = wait
        self.on_wait = on_wait
        self._lock = threading.RLock()
        self._in_transaction = False
        self._checked = False
        self._checker: threading.Thread | None = None
        self._verdict: tuple[list[str], str | None] | BaseException | None = None
        self._dirty: set[str] = set()
        self._key: _guard.FileKey | None = None
        self._open_file(target)
        try:
            self._conn = sqlite3.connect(
                target, isolation_level=None, check_same_thread=False, timeout=_WAIT_STEP
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot open ({exc})") from exc
        try:
            self._with_wait(self._prepare, "open it")
            if _check.trusted(target):  # checked, and changed only by commits since
                self._checked = True
            elif background_check:
                self._checker = threading.Thread(target=self._check_aside, daemon=True)
                self._checker.start()
            else:
                self._with_wait(self._check_file, "check it")
        except BaseException:
            self._conn.close()
            raise
        self._key = _guard.enter(target)  # other store objects of this process keep its locks

    def _open_file(self, target: Path) -> None:
        if target.exists() and not target.is_file():
            kind = "it is a folder" if target.is_dir() else "it is a device, pipe or socket"
            raise StoreError(f"{target}: not a GeoPackage ({kind}); give the path of a .gpkg file")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{target}: cannot create its folder ({exc})") from exc
        try:
            if not _guard.open_elsewhere(target):  # else reading it would drop their locks
                _gpkg.check_file(target)
        except _gpkg.NotGeoPackage as exc:
            if str(exc).startswith(("truncated", "corrupted")):
                raise self._damaged(str(exc)) from exc
            raise StoreError(f"{target}: not a GeoPackage ({exc})") from exc
        except OSError as exc:
            raise StoreError(f"{target}: cannot read it ({exc})") from exc

    def _prepare(self) -> None:
        conn = self._conn
        try:
            is_gpkg = _gpkg.check_connection(conn)
        except _gpkg.NotGeoPackage as exc:
            cause = exc.__cause__
            if isinstance(cause, sqlite3.Error) and _is_busy(cause):
                raise cause from None  # waited for in _with_wait
            if "malformed" in str(exc) or "corrupt" in str(exc):
                raise self._damaged(str(exc)) from exc
            raise StoreError(f"{self.location}: not a GeoPackage ({exc})") from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            missing = [name for name in LAYERS if not _gpkg.table_columns(conn, name)]
            if not is_gpkg or missing:
                self._create(initialise=not is_gpkg)
        except sqlite3.OperationalError as exc:  # read-only file or folder, locked, disk full
            if _is_busy(exc):
                raise
            raise StoreError(f"{self.location}: cannot create the store's tables ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise self._damaged(str(exc)) from exc
        try:
            self._upgrade()
            for name, (columns, _, _) in LAYERS.items():
                lacking = {c for c, _ in columns} - _gpkg.table_columns(conn, name)
                if lacking:
                    raise StoreError(
                        f"{self.location}: not an Incident Atlas store (layer {name!r} lacks"
                        f" {', '.join(sorted(lacking))})"
                    )
            problem = _gpkg.integrity_problem(conn, LAYERS)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise
            raise self._damaged(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise self._damaged(str(exc)) from exc
        if problem:
            raise self._damaged(problem)

    def _upgrade(self) -> None:
        """Add the columns of :data:`UPGRADES` that an older store lacks (one short write)."""
        conn = self._conn

        def lacking() -> list[tuple[str, str, str]]:
            return [
                (table, column, sql)
                for table, columns in UPGRADES.items()
                for column, sql in columns
                if column not in _gpkg.table_columns(conn, table)
            ]

        if not lacking():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table, column, sql in lacking():  # again, now that no one else can write
                conn.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} {sql}")
            conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _damaged(self, problem: str) -> DamagedStoreError:
        return DamagedStoreError(damaged_message(self.location, problem))

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
                    constraints=CONSTRAINTS.get(name, ()),
                )
            self._create_indexes()
            conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _create_indexes(self) -> None:
        for index, table, columns in INDEXES:
            cols = ", ".join(quote(c) for c in columns)
            self._conn.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(index)} ON {quote(table)} ({cols})"
            )

    def _with_wait(self, step: Callable[[], _R], doing: str) -> _R:
        """Run ``step``, again while another writer holds the lock, for up to ``wait`` s."""
        started = time.monotonic()
        while True:
            try:
                return step()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise StoreError(f"{self.location}: cannot {doing} ({exc})") from exc
                waited = time.monotonic() - started
                if waited + _WAIT_STEP > self.wait:
                    raise StoreError(
                        f"{self.location}: cannot {doing}: another program has been writing to"
                        f" the store for the {waited:.0f} s this one waited (an `atlas ingest`"
                        " or a review being saved?); nothing was written. Try again when it"
                        " has finished"
                    ) from exc
                if self.on_wait is not None:
                    self.on_wait(
                        f"{self.location}: another program is writing to the store; waiting"
                        f" for it ({waited + _WAIT_STEP:.0f} s so far)"
                    )

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (the store object cannot be used afterwards)."""
        with self._lock:
            self._conn.close()
            _guard.leave(self._key)
            self._key = None

    def __enter__(self) -> GeoPackageStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"GeoPackageStore({self.location!r})"

    def check_integrity(self, *, again: bool = False) -> None:
        """Make sure the file was checked; wait for the check begun at opening, or run it again.

        The check is SQLite's integrity_check up to :data:`FULL_CHECK_BYTES`, else quick_check;
        skipped at opening for a file marked as checked (:mod:`.gpkg_check`), run whatever the
        mark with ``again=True``.

        Raises
        ------
        DamagedStoreError
            When SQLite finds damage; the message says how to recover.
        """
        with self._lock:
            if again:
                self._checked = False
            self._with_wait(self._check_file, "check it")

    def _pragma(self) -> str:
        size = self.path.stat().st_size if self.path.exists() else 0
        return "integrity_check" if size <= FULL_CHECK_BYTES else "quick_check"

    def _check_aside(self) -> None:
        """The integrity check on a connection of its own (see ``background_check``)."""
        try:
            conn = sqlite3.connect(
                self.path, timeout=self.wait, check_same_thread=False, isolation_level=None
            )
            try:
                self._verdict = _check.stamp_checked(conn, self.path, self._pragma())
            finally:
                conn.close()
        except BaseException as exc:  # handed to the thread that waits for the verdict
            self._verdict = exc

    def _check_rows(self, pragma: str) -> tuple[list[str], str | None]:
        """SQLite's answer and the file's stamp as checked (see :mod:`.gpkg_check`)."""
        if self._checker is None:
            return _check.stamp_checked(self._conn, self.path, pragma)
        self._checker.join()
        self._checker, verdict, self._verdict = None, self._verdict, None
        if isinstance(verdict, BaseException):
            raise verdict
        return verdict or ([], None)

    def _check_file(self) -> None:
        if self._checked:
            return
        pragma = self._pragma()
        try:
            rows, checked = self._check_rows(pragma)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise  # waited for in _with_wait
            raise self._damaged(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise self._damaged(str(exc)) from exc
        problems = [r for r in rows if r.lower() != "ok"]
        if problems:
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise self._damaged(f"{pragma}: {problems[0]}{more}")
        self._checked = True
        _check.mark(self.path, checked)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``).

        Any exception rolls everything back and propagates. Transactions do not nest. The
        first transaction of a store object checks the file first (:meth:`check_integrity`).

        Raises
        ------
        StoreError
            When a transaction is already open, the file is damaged, another writer kept the
            lock longer than ``wait`` seconds, or SQLite fails (disk full ...).
        """
        with self._lock:
            if self._in_transaction:
                raise StoreError(f"{self.location}: a transaction is already open")
            with _guard.writing(self._key, self.wait) as had:
                if not had:
                    raise StoreError(
                        f"{self.location}: another store object of this process kept writing"
                        f" for more than {self.wait:.0f} s"
                    )
                with self._write():
                    yield

    @contextmanager
    def _write(self) -> Iterator[None]:
        """The write transaction itself (:meth:`transaction` holds the locks around it)."""
        self._with_wait(self._check_file, "check it")  # once per store object
        self._with_wait(lambda: self._conn.execute("BEGIN IMMEDIATE"), "start writing")
        self._in_transaction = True
        self._dirty = set()
        try:
            # the write lock is held: no one else commits before this transaction does
            version = self._data_version() if _check.trusted(self.path) else None
            self._create_indexes()  # stores written before an index was added get it
            before = _gpkg.last_fids(self._conn, EXTENTS)
            yield
            if self._dirty:
                _gpkg.touch(self._conn, sorted(self._dirty), EXTENTS, since=before)
            self._conn.execute("COMMIT")
            _check.written(self.path, version, self._data_version)
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
        the end, so no other process can commit between the reads of the block.
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

    # -- the dialect (see SQLStore) ---------------------------------------------------------

    def _call(self, run: Callable[[], _R]) -> _R:
        with self._lock:
            try:
                return run()
            except sqlite3.OperationalError as exc:
                if _is_busy(exc):
                    raise StoreError(
                        f"{self.location}: another program is writing to the store and kept it"
                        f" locked for more than {_WAIT_STEP:.0f} s ({exc}); try again"
                    ) from exc
                raise StoreError(f"{self.location}: {exc}") from exc
            except sqlite3.DatabaseError as exc:
                raise self._damaged(str(exc)) from exc
            except sqlite3.Error as exc:
                raise StoreError(f"{self.location}: {exc}") from exc

    def _in(self, column: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def _ids(self, values: Any) -> str:
        return json.dumps(list(values))

    def _points(self, lon: Sequence[float | None], lat: Sequence[float | None]) -> list[tuple]:
        return [(blob,) for blob in _gpkg.point_blobs(lon, lat)]

    def _now(self) -> str:
        return now_iso()

    # -- reads ------------------------------------------------------------------------------

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
            When a stored correction is not valid (the message names the review and event), or
            the file cannot be read (:class:`DamagedStoreError` when it is damaged).
        """
        return self._call(self._events_frame)

    def _events_frame(self) -> gpd.GeoDataFrame:
        frame, before = None, 0
        # GDAL would not see this connection's pending writes, and must not open the file while
        # another store object of this process writes to it (gpkg_guard)
        with _guard.foreign_read(self._key) as may_read:
            if may_read and not self._in_transaction:
                before = self._data_version()
                try:
                    frame = pyogrio.read_dataframe(
                        self.path, sql=_FRAME_SQL, use_arrow=True, read_geometry=False
                    )
                except pyogrio.errors.DataSourceError:
                    frame = None
                except (pyogrio.errors.DataLayerError, pyogrio.errors.FieldError):
                    frame = None  # a damaged page: the read below says what SQLite finds
        with self._snapshot() as conn:
            rows = conn.execute(_CORRECTIONS_SQL).fetchall()
            # GDAL read on a connection of its own: its rows and these corrections are one
            # state only if nobody committed in between; otherwise read both again here.
            if frame is not None and self._data_version() != before:
                frame = None
            if frame is None or list(frame.columns) != FRAME_COLUMNS:
                try:
                    frame = pd.read_sql_query(_FRAME_SQL, conn)
                except pd.errors.DatabaseError as exc:  # pandas wraps SQLite's error
                    if isinstance(exc.__cause__, sqlite3.Error):
                        raise exc.__cause__ from None
                    raise
        edits = fold_corrections(rows, self.location)
        return apply_corrections(type_event_frame(frame), edits)
