"""What a store is: the :class:`Store` interface, its errors and records, and :func:`open_store`.

A backend is one module of this package that implements the interface's queries; the SQL-free
half (schema, row decoding, corrections) is shared: :mod:`.schema`, :mod:`.rows`,
:mod:`.corrections`, and the queries both SQL backends run the same way are in :mod:`.sql`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import geopandas as gpd

from dashboard.settings import load_settings
from gazetteer.errors import StoreError
from gazetteer.records import Article, Event, Incident

__all__ = [
    "DamagedStoreError",
    "NotFoundError",
    "Review",
    "ReviewConflict",
    "Store",
    "StoreError",
    "open_store",
]


class NotFoundError(StoreError, LookupError):
    """An event or article id that the store does not hold."""


class DamagedStoreError(StoreError):
    """The store file is damaged; nothing is written to it, and the message says how to recover."""


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
        One of :data:`dashboard.store.schema.REVIEW_STATUSES`.
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
            :data:`dashboard.store.schema.EDITABLE_FIELDS`; dates may be
            :class:`datetime.date`.
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

    def reviews_for(self, event_id: str) -> list[Review]:
        """Return an event's reviews, oldest first."""

    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Return those content hashes that the store already holds."""

    def articles_by_hash(self, hashes: Iterable[str]) -> dict[str, Article]:
        """Return the stored articles whose text has one of these content hashes, by hash."""

    def article_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Return id to content hash for the given article ids that are stored."""

    def insert_article(self, article: Article, text_hash: str) -> None:
        """Insert one article."""

    def update_article(self, article: Article) -> None:
        """Replace the metadata (published, outlet, url, language, note) of a stored article."""

    def insert_reports(self, reports: Sequence[tuple[str, Incident]]) -> None:
        """Insert reports given as (report id, incident)."""

    def reports_of_articles(self, article_ids: Iterable[str]) -> set[str]:
        """Return ids of the reports of these articles."""

    def delete_reports(self, report_ids: Iterable[str]) -> None:
        """Delete reports (their events must be deleted or rebuilt in the same transaction)."""

    def report_ids_at_sites(self, sites: Iterable[str | None]) -> set[str]:
        """Return ids of the reports placed at any of these sites (None: no site)."""

    def report_ids_near(self, sites: Iterable[str | None], first: date, last: date) -> set[str]:
        """Return ids of the dated reports at these sites (None: no site) meeting the days."""

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


def open_store(db: str | Path | None = None, *, background_check: bool = False) -> Store:
    """Open the store named by ``db`` (default: the ``ATLAS_DB`` setting).

    Parameters
    ----------
    db : str or Path, optional
        A GeoPackage path, or a ``postgresql://`` URL.
    background_check : bool
        For a GeoPackage: check the file while the caller goes on; its first write waits for
        the verdict (see :class:`~dashboard.store.geopackage.GeoPackageStore`).

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
    from dashboard.store.geopackage import GeoPackageStore

    return GeoPackageStore(target, background_check=background_check)
