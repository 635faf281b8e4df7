"""The queries both SQL backends run the same way, written once over a small dialect.

:class:`SQLStore` implements every read and write of the :class:`~dashboard.store.interface.Store`
interface that is the same SQL on SQLite (GeoPackage) and PostgreSQL (PostGIS), over a few
hooks a backend fills in: how a list of ids is bound (:meth:`SQLStore._in`), how a point is
written (:attr:`SQLStore._POINT`), whether dates and booleans travel natively, and how a call is
guarded (its lock and its error translation). A backend module then holds only what really
differs: connecting, its schema creation, transactions and snapshots, and the fast read of the
flat event table.

Every value reaches the database as a bound parameter (written ``?`` here); table and column
names come only from :mod:`dashboard.store.schema`.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from dashboard.store.corrections import corrected_events, fold_corrections, review_fields
from dashboard.store.interface import NotFoundError, Review, ReviewConflict, StoreError
from dashboard.store.rows import (
    EVENT_SELECT_COLUMNS,
    event_from_row,
    event_values,
    from_db,
    incident_from_row,
    incident_values,
    parse_iso,
    to_db,
)
from dashboard.store.schema import INCIDENT_FIELDS
from gazetteer.records import Article, Event, Incident

__all__ = ["SQLStore", "guarded", "quote"]

_S = TypeVar("_S", bound="SQLStore")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def quote(identifier: str) -> str:
    """Quote an SQL identifier (a table or column name from the schema's constants)."""
    return '"' + identifier.replace('"', '""') + '"'


def guarded(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Run a store method through its backend's guard (:meth:`SQLStore._call`)."""

    @wraps(method)
    def wrapper(self: _S, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return self._call(lambda: method(self, *args, **kwargs))

    return wrapper


class SQLStore:
    """The shared queries of the SQL backends (not a store by itself: see the subclasses)."""

    location: str
    _conn: Any
    _lock: threading.RLock
    _in_transaction: bool
    _dirty: set[str]

    #: SQL that writes one point from the parameters :meth:`_points` gives.
    _POINT = "?"
    #: Appended to ORDER BY on text ids, so both backends sort them byte by byte.
    _COLLATE = ""
    #: Appended to the version read before a review (row lock where the backend has one).
    _FOR_UPDATE = ""
    #: Dates and booleans are bound as Python values (else as ISO text and 0/1).
    _NATIVE = False

    # -- hooks ------------------------------------------------------------------------------

    def _call(self, run: Callable[[], _R]) -> _R:
        """Run one guarded call (lock, error translation); backends override."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction; backends implement it."""
        raise NotImplementedError

    def _snapshot(self) -> AbstractContextManager[Any]:
        """Several reads that see one state; backends implement it."""
        raise NotImplementedError

    def _sql(self, text: str) -> str:
        """The statement in the backend's parameter style (``?`` here)."""
        return text

    def _in(self, column: str) -> str:
        """A condition: ``column`` is one of the values bound by :meth:`_ids`."""
        raise NotImplementedError

    def _ids(self, values: Iterable[Any]) -> Any:
        """Bind a list of values for :meth:`_in`."""
        raise NotImplementedError

    def _select(self, columns: Iterable[str], prefix: str = "") -> str:
        """A column list for SELECT (a backend may cast dates to ISO text)."""
        return ", ".join(prefix + quote(c) for c in columns)

    def _points(self, lon: Sequence[float | None], lat: Sequence[float | None]) -> list[tuple]:
        """Parameters of :attr:`_POINT`, one tuple per point."""
        raise NotImplementedError

    def _now(self) -> Any:
        """The current time as bound to a DATETIME column."""
        raise NotImplementedError

    # -- helpers ----------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self._conn.execute(self._sql(sql), tuple(params)).fetchall())

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._cursor() as cursor:
            cursor.executemany(self._sql(sql), rows)

    def _cursor(self) -> Any:
        return _Cursor(self._conn)

    def _writing(self, *tables: str) -> None:
        if not self._in_transaction:
            raise StoreError(f"{self.location}: writes must run inside store.transaction()")
        self._dirty.update(tables)

    def _value(self, kind: str, value: Any) -> Any:
        if self._NATIVE and kind in {"date", "bool"}:
            return None if value is None else (bool(value) if kind == "bool" else value)
        return to_db(kind, value)

    def _ids_query(self, sql: str, values: Iterable[Any]) -> list[Any]:
        """Rows of ``sql`` whose one ``{in_}`` placeholder names the bound list."""
        return self._rows(sql, (self._ids(values),))

    # -- reads ------------------------------------------------------------------------------

    @guarded
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
        params: tuple[Any, ...] = () if wanted is None else (self._ids(wanted),)

        def where(column: str, joiner: str) -> str:
            return f" {joiner} {self._in(column)}" if params else ""

        with self._snapshot():
            corrections = []
            if corrected:
                corrections = self._rows(
                    "SELECT id, event_id, fields FROM reviews WHERE status = 'corrected'"
                    f"{where('event_id', 'AND')}"
                    f" ORDER BY event_id{self._COLLATE}, version, fid",
                    params,
                )
            rows = self._rows(
                f"SELECT {self._select(EVENT_SELECT_COLUMNS)} FROM events{where('id', 'WHERE')}"
                f" ORDER BY date_start IS NULL, date_start, id{self._COLLATE}",
                params,
            )
            links = self._rows(
                f"SELECT er.event_id, {self._select(INCIDENT_FIELDS, 'r.')}"
                " FROM event_reports AS er JOIN reports AS r ON r.id = er.report_id"
                f"{where('er.event_id', 'WHERE')} ORDER BY er.event_id, er.position",
                params,
            )
        edits = fold_corrections(corrections, self.location)
        reports: dict[str, list[Incident]] = {}
        for link in links:
            reports.setdefault(link[0], []).append(incident_from_row(link[1:]))
        events = {row[0]: event_from_row(row, reports.get(row[0], [])) for row in rows}
        if wanted is None:
            return corrected_events(list(events.values()), edits)
        return corrected_events([events[i] for i in wanted if i in events], edits)

    @guarded
    def reports_for(self, event_id: str) -> list[Incident]:
        """Return the reports an event merges, in their order within the event.

        Raises
        ------
        NotFoundError
            When the store holds no event ``event_id``.
        """
        with self._snapshot():
            self._require_event(event_id)
            rows = self._rows(
                f"SELECT {self._select(INCIDENT_FIELDS, 'r.')}"
                " FROM event_reports AS er JOIN reports AS r ON r.id = er.report_id"
                " WHERE er.event_id = ? ORDER BY er.position",
                (event_id,),
            )
        return [incident_from_row(row) for row in rows]

    def _require_event(self, event_id: str, *, lock: bool = False) -> int:
        rows = self._rows(
            "SELECT version FROM events WHERE id = ?" + (self._FOR_UPDATE if lock else ""),
            (event_id,),
        )
        if not rows:
            raise NotFoundError(f"{self.location}: no event {event_id!r}")
        return int(rows[0][0])

    @guarded
    def article(self, article_id: str) -> Article:
        """Return one stored article.

        Raises
        ------
        NotFoundError
            When no article has this id.
        """
        rows = self._rows(
            f"SELECT {self._select(_ARTICLE_FIELDS)} FROM articles WHERE id = ?", (article_id,)
        )
        if not rows:
            raise NotFoundError(f"{self.location}: no article {article_id!r}")
        return _article(rows[0])

    @guarded
    def articles_by_hash(self, hashes: Iterable[str]) -> dict[str, Article]:
        """Return the stored articles whose text has one of ``hashes``, by content hash."""
        rows = self._ids_query(
            f"SELECT content_hash, {self._select(_ARTICLE_FIELDS)} FROM articles"
            f" WHERE {self._in('content_hash')}",
            hashes,
        )
        return {row[0]: _article(row[1:]) for row in rows}

    @guarded
    def counts(self) -> dict[str, int]:
        """Return ``{"events": n, "reports": n, "articles": n, "reviews": n}``."""
        row = self._rows(
            "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM reports),"
            " (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM reviews)"
        )[0]
        return dict(zip(("events", "reports", "articles", "reviews"), map(int, row), strict=True))

    @guarded
    def data_span(self) -> tuple[date, date] | None:
        """Return the first and last day covered by dated events, or None when there are none."""
        first, last = self._rows(
            "SELECT MIN(date_start), MAX(COALESCE(date_end, date_start)) FROM events"
        )[0]
        if first is None:
            return None
        return from_db("date", first), from_db("date", last)

    @guarded
    def reviews_for(self, event_id: str) -> list[Review]:
        """Return the reviews of one event id, oldest first (empty when there are none)."""
        rows = self._rows(
            "SELECT id, event_id, status, note, reviewer, created_at, version, fields"
            " FROM reviews WHERE event_id = ? ORDER BY version, fid",
            (event_id,),
        )
        return [
            Review(
                id=r[0],
                event_id=r[1],
                status=r[2],
                note=r[3],
                reviewer=r[4],
                created_at=parse_iso(r[5]),
                version=int(r[6]),
                fields=json.loads(r[7]) if r[7] else {},
            )
            for r in rows
        ]

    # -- reviews ----------------------------------------------------------------------------

    @guarded
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
        """:meth:`~dashboard.store.interface.Store.save_review`, in one write transaction.

        The version is read with :attr:`_FOR_UPDATE` (a row lock where the backend has one).
        """
        fields_json = review_fields(status, fields)
        with self.transaction():
            current = self._require_event(event_id, lock=True)
            if current != expected_version:
                last = self._rows(
                    "SELECT reviewer, created_at FROM reviews WHERE event_id = ?"
                    " ORDER BY version DESC, fid DESC LIMIT 1",
                    (event_id,),
                )
                by = ""
                if last:
                    when = parse_iso(last[0][1]).isoformat(timespec="milliseconds")
                    by = f"last review by {last[0][0] or 'an analyst'} at {when[:-6]}Z"
                raise ReviewConflict(event_id, expected_version, current, by)
            self._writing("events", "reviews")
            new_version = current + 1
            self._exec(
                "UPDATE events SET version = ? WHERE id = ? AND version = ?",
                (new_version, event_id, current),
            )
            self._exec(
                "INSERT INTO reviews (id, event_id, status, fields, note, reviewer, created_at,"
                " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ("rv-" + uuid.uuid4().hex, event_id, status, fields_json, note, reviewer,
                 self._now(), new_version),
            )  # fmt: skip
        return new_version

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return how many rows it changed."""
        return int(self._conn.execute(self._sql(sql), tuple(params)).rowcount)

    # -- write primitives (inside transaction()) -------------------------------------------

    @guarded
    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Return those content hashes that the store already holds."""
        rows = self._ids_query(
            f"SELECT content_hash FROM articles WHERE {self._in('content_hash')}", hashes
        )
        return {r[0] for r in rows}

    @guarded
    def article_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Return id to content hash for those of ``ids`` that are stored."""
        rows = self._ids_query(f"SELECT id, content_hash FROM articles WHERE {self._in('id')}", ids)
        return {r[0]: r[1] for r in rows}

    @guarded
    def insert_article(self, article: Article, text_hash: str) -> None:
        """Insert one article (its id and content hash must be new)."""
        self._writing("articles")
        self._exec(
            "INSERT INTO articles (id, content_hash, outlet, published, url, language, note,"
            " text, source_path, ingested_at, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, text_hash, article.outlet, self._value("date", article.published),
             article.url, article.language, article.note, article.text, article.source_path,
             self._now(), article.title),
        )  # fmt: skip

    @guarded
    def update_article(self, article: Article) -> None:
        """Replace the metadata of the stored article ``article.id`` (its text stays)."""
        self._writing("articles")
        self._exec(
            "UPDATE articles SET outlet = ?, published = ?, url = ?, language = ?, note = ?,"
            " title = ? WHERE id = ?",
            (article.outlet, self._value("date", article.published), article.url,
             article.language, article.note, article.title, article.id),
        )  # fmt: skip

    @guarded
    def insert_reports(self, reports: Sequence[tuple[str, Incident]]) -> None:
        """Insert reports given as (report id, incident); their articles must be stored."""
        if not reports:
            return
        self._writing("reports")
        points = self._points([r.lon for _, r in reports], [r.lat for _, r in reports])
        names = ("id", *INCIDENT_FIELDS)
        rows = [
            (*point, rid, *incident_values(inc, native_dates=self._NATIVE))
            for (rid, inc), point in zip(reports, points, strict=True)
        ]
        self._many(
            f"INSERT INTO reports (geom, {', '.join(quote(n) for n in names)})"
            f" VALUES ({self._POINT}, {', '.join('?' for _ in names)})",
            rows,
        )

    @guarded
    def reports_of_articles(self, article_ids: Iterable[str]) -> set[str]:
        """Return ids of the reports of these articles."""
        rows = self._ids_query(f"SELECT id FROM reports WHERE {self._in('article')}", article_ids)
        return {r[0] for r in rows}

    @guarded
    def delete_reports(self, report_ids: Iterable[str]) -> None:
        """Delete reports and any event link to them (rebuild their events in the same go)."""
        self._writing("reports", "event_reports")
        payload = (self._ids(report_ids),)
        self._exec(f"DELETE FROM event_reports WHERE {self._in('report_id')}", payload)
        self._exec(f"DELETE FROM reports WHERE {self._in('id')}", payload)

    @guarded
    def report_ids_at_sites(self, sites: Iterable[str | None]) -> set[str]:
        """Return ids of the reports at any of ``sites`` (None selects reports without site)."""
        keys = list(sites)
        rows = self._ids_query(
            f"SELECT id FROM reports WHERE {self._in('site')}"
            + (" OR site IS NULL" if None in keys else ""),
            [k for k in keys if k is not None],
        )
        return {r[0] for r in rows}

    @guarded
    def report_ids_near(self, sites: Iterable[str | None], first: date, last: date) -> set[str]:
        """Return ids of the dated reports at ``sites`` (None: no site) meeting ``first..last``."""
        keys = list(sites)
        rows = self._rows(
            f"SELECT id FROM reports WHERE ({self._in('site')}"
            + (" OR site IS NULL" if None in keys else "")
            + ") AND date_start <= ? AND date_end >= ?",
            (
                self._ids(k for k in keys if k is not None),
                self._value("date", last),
                self._value("date", first),
            ),
        )
        return {r[0] for r in rows}

    @guarded
    def events_of_reports(self, report_ids: Iterable[str]) -> set[str]:
        """Return ids of the events that merge any of ``report_ids``."""
        rows = self._ids_query(
            f"SELECT DISTINCT event_id FROM event_reports WHERE {self._in('report_id')}",
            report_ids,
        )
        return {r[0] for r in rows}

    @guarded
    def reports_of_events(self, event_ids: Iterable[str]) -> set[str]:
        """Return ids of the reports that ``event_ids`` merge."""
        rows = self._ids_query(
            f"SELECT DISTINCT report_id FROM event_reports WHERE {self._in('event_id')}",
            event_ids,
        )
        return {r[0] for r in rows}

    @guarded
    def reports_by_id(self, report_ids: Iterable[str]) -> dict[str, Incident]:
        """Return the reports with these ids, in the order they were stored."""
        rows = self._ids_query(
            f"SELECT r.id, {self._select(INCIDENT_FIELDS, 'r.')} FROM reports AS r"
            f" WHERE {self._in('r.id')} ORDER BY r.fid",
            report_ids,
        )
        return {r[0]: incident_from_row(r[1:]) for r in rows}

    @guarded
    def event_versions(self, event_ids: Iterable[str]) -> dict[str, int]:
        """Return the stored version of each of ``event_ids`` that exists."""
        rows = self._ids_query(f"SELECT id, version FROM events WHERE {self._in('id')}", event_ids)
        return {r[0]: int(r[1]) for r in rows}

    @guarded
    def delete_events(self, event_ids: Iterable[str]) -> None:
        """Delete events and their report links; their reviews stay (see move_reviews)."""
        self._writing("events", "event_reports")
        payload = (self._ids(event_ids),)
        self._exec(f"DELETE FROM event_reports WHERE {self._in('event_id')}", payload)
        self._exec(f"DELETE FROM events WHERE {self._in('id')}", payload)

    @guarded
    def insert_events(self, events: Sequence[tuple[Event, Sequence[str], int]]) -> None:
        """Insert events given as (event, its report ids in order, version)."""
        if not events:
            return
        self._writing("events", "event_reports")
        points = self._points([e.lon for e, _, _ in events], [e.lat for e, _, _ in events])
        rows = [
            (*point, *event_values(event, version, native_dates=self._NATIVE))
            for (event, _, version), point in zip(events, points, strict=True)
        ]
        self._many(
            f"INSERT INTO events (geom, {', '.join(quote(n) for n in EVENT_SELECT_COLUMNS)})"
            f" VALUES ({self._POINT}, {', '.join('?' for _ in EVENT_SELECT_COLUMNS)})",
            rows,
        )
        self._many(
            "INSERT INTO event_reports (event_id, report_id, position) VALUES (?, ?, ?)",
            [
                (event.id, rid, position)
                for event, report_ids, _ in events
                for position, rid in enumerate(report_ids)
            ],
        )

    @guarded
    def move_reviews(self, old_id: str, new_id: str) -> int:
        """Reattach every review of event ``old_id`` to ``new_id``; return how many moved."""
        self._writing("reviews")
        return self._exec("UPDATE reviews SET event_id = ? WHERE event_id = ?", (new_id, old_id))


#: Article columns read back into an :class:`~gazetteer.records.Article`.
_ARTICLE_FIELDS = (
    "id", "text", "published", "outlet", "url", "language", "note", "source_path", "title",
)  # fmt: skip


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0],
        text=row[1],
        published=from_db("date", row[2]),
        outlet=row[3],
        url=row[4],
        language=row[5],
        note=row[6],
        source_path=row[7],
        title=row[8],
    )


class _Cursor:
    """A cursor of either driver, closed after use (sqlite3 cursors are not context managers)."""

    def __init__(self, conn: Any) -> None:
        self._cursor = conn.cursor()

    def __enter__(self) -> Any:
        return self._cursor

    def __exit__(self, *exc: object) -> None:
        self._cursor.close()
