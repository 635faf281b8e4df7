"""Ingest articles into the store: extract their incidents, store the reports, re-merge events.

Extraction runs first, outside any write transaction; then the articles are written in pieces
of at most :data:`PIECE` articles, each piece one short transaction (its articles, their
reports and the events recomputed from them), so readers and other writers get their turn
between pieces, and every article is either wholly stored or not at all.

Idempotent
    An article whose text (sha256) is already stored is skipped without being extracted, so
    ingesting the same files twice changes nothing.
Better metadata
    The same text again with a publication date, outlet or URL that the stored article lacks
    or has otherwise updates the stored article, extracts it again with the new metadata and
    replaces its reports (``updated`` in the report).
Incremental
    Only the events the new reports can join are recomputed: the stored reports of the same
    site family (a site, its parent chain and every site under the same top ancestor) whose
    dates lie within the merge window of a new report's dates, together with every report
    already merged into the same events (and, in turn, those within the window of them). The
    cost of one article therefore does not grow with the size of the store.
Reviews survive
    Event ids are stable (the merge derives them from the earliest report), so reviews stay
    attached by id. An event whose content changed gets its version raised, so that an analyst
    reviewing the old content gets a conflict instead of confirming something they did not
    see. When an event id disappears (an earlier report joined the event), its reviews move to
    the event that now holds its first report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.store.interface import Store
from dashboard.store.remerge import Merge, recompute_events
from dashboard.store.rows import content_hash, report_id
from gazetteer import errors as _errors
from gazetteer.records import Article, Incident

__all__ = [
    "Extract",
    "IngestError",
    "IngestReport",
    "Merge",
    "ensure_seeded",
    "ingest",
    "ingest_paths",
    "read_articles",
]

#: ``extract(article, gazetteer) -> incidents``, as :func:`gazetteer.extract.reader.extract`.
Extract = Callable[[Article, Any], Iterable[Incident]]
#: Called with a line of progress for people (``atlas ingest`` prints it on stderr).
Progress = Callable[[str], None]

#: Articles written per transaction: each piece is committed on its own, so readers and other
#: writers get their turn in between, and a piece stays short however large the batch.
PIECE = 200

#: Article metadata a re-ingest of the same text may bring (better) values for.
_METADATA = ("published", "outlet", "url", "title")

# The one stage error of ingest (defined in gazetteer.errors, re-exported here).
IngestError = _errors.IngestError


@dataclass(frozen=True)
class IngestReport:
    """What one :func:`ingest` call did.

    Attributes
    ----------
    added : int
        Articles stored.
    skipped_duplicates : int
        Articles whose text was already stored with the same metadata (or appeared twice in
        the batch).
    failed : list of str
        One message per article (or file) that could not be ingested, naming it.
    reports_added : int
        Reports (incidents) stored, those of updated articles included.
    events_total : int
        Events in the store after the batch.
    updated : int
        Stored articles whose metadata (publication date, outlet, URL) the batch changed; their
        reports were extracted again and replace the old ones.
    """

    added: int = 0
    skipped_duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    reports_added: int = 0
    events_total: int = 0
    updated: int = 0

    def summary(self, where: str = "") -> str:
        """Return the report as one line for people (``where`` names the store).

        Returns
        -------
        str
            For example ``ingested 3 articles (1 duplicate skipped, 0 failed), 5 reports;
            4 events in data/atlas.gpkg``; ``N updated with new metadata`` is added after the
            duplicates when some were.
        """
        articles = "article" if self.added == 1 else "articles"
        dups = "duplicate" if self.skipped_duplicates == 1 else "duplicates"
        reports = "report" if self.reports_added == 1 else "reports"
        events = "event" if self.events_total == 1 else "events"
        place = f" in {where}" if where else ""
        updated = f" {self.updated} updated with new metadata," if self.updated else ""
        return (
            f"ingested {self.added} {articles} ({self.skipped_duplicates} {dups} skipped,"
            f"{updated} {len(self.failed)} failed), {self.reports_added} {reports};"
            f" {self.events_total} {events}{place}"
        )


def _default_extract() -> Extract:
    from gazetteer.extract.reader import extract

    return extract


def _default_merge(gazetteer: Any) -> Merge:
    from gazetteer.merge import merge_events

    return lambda incidents: merge_events(incidents, gazetteer)


def _merge_window() -> int:
    from gazetteer.settings import load_settings

    return load_settings().merge_day_slack + 1


def _where(article: Article) -> str:
    return article.source_path or article.id


@dataclass
class _Work:
    """One article to write: new (``stored`` None) or a stored one with better metadata."""

    article: Article
    text_hash: str
    stored: Article | None = None
    reports: list[tuple[str, Incident]] = field(default_factory=list)


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    reports: int = 0
    failed: list[str] = field(default_factory=list)


def _better(stored: Article, given: Article) -> Article | None:
    """The stored article with the metadata ``given`` adds or changes; None when nothing."""
    changes = {
        name: getattr(given, name)
        for name in _METADATA
        if getattr(given, name) not in (None, "") and getattr(given, name) != getattr(stored, name)
    }
    return dataclasses.replace(stored, **changes) if changes else None


def _plan(store: Store, batch: Sequence[Article], tally: _Tally) -> list[_Work]:
    """Sort the batch into work (new or updated articles), duplicates and refusals."""
    hashes = [content_hash(a.text) for a in batch]
    stored = store.articles_by_hash(hashes)
    taken_ids = set(store.article_hashes(a.id for a in batch))
    seen: set[str] = set()
    work: list[_Work] = []
    for item, text_hash in zip(batch, hashes, strict=True):
        if text_hash in seen:
            tally.skipped += 1
            continue
        if text_hash in stored:
            better = _better(stored[text_hash], item)
            if better is None:
                tally.skipped += 1
            else:
                work.append(_Work(better, text_hash, stored[text_hash]))
            seen.add(text_hash)
            continue
        if not item.text.strip():
            tally.failed.append(f"{_where(item)}: empty text")
            continue
        if item.id in taken_ids:
            tally.failed.append(
                f"{_where(item)}: article id {item.id!r} is already stored with a"
                " different text; rename the file (or give it another id) to keep both"
            )
            continue
        work.append(_Work(item, text_hash))
        seen.add(text_hash)
        taken_ids.add(item.id)
    return work


def ingest(
    store: Store,
    articles: Iterable[Article],
    gazetteer: Any,
    *,
    extract: Extract | None = None,
    merge: Merge | None = None,
    progress: Progress | None = None,
    piece: int = PIECE,
) -> IngestReport:
    """Store new articles, their reports and the events recomputed from them.

    Parameters
    ----------
    store : Store
        Where to write.
    articles : iterable of Article
        The batch.
    gazetteer : Gazetteer
        Passed to ``extract``; its ``sites`` (key to :class:`~gazetteer.records.Site`) give the
        site families that decide which events to recompute.
    extract : callable, optional
        ``extract(article, gazetteer) -> list[Incident]``; default
        :func:`gazetteer.extract.reader.extract`.
    merge : callable, optional
        ``merge(incidents) -> list[Event]``; default :func:`gazetteer.merge.merge_events`
        with this gazetteer.
    progress : callable, optional
        Told how far the batch got after every piece of a batch of more than one piece.
    piece : int
        Articles per write transaction.

    Returns
    -------
    IngestReport
        Counts, and one message per article refused (empty text, or an id already used by a
        different text; the rest of the batch is still stored).

    Raises
    ------
    IngestError
        When extraction fails (before anything is written: nothing of the batch is stored),
        or merging fails (that piece is rolled back; the message says how many articles of
        the batch were stored before it).
    dashboard.store.interface.StoreError
        When the store cannot be written; the piece being written is rolled back.
    """
    extract_fn = extract if extract is not None else _default_extract()
    merge_fn = merge if merge is not None else _default_merge(gazetteer)
    tally = _Tally()
    work = _plan(store, list(articles), tally)
    for item in work:  # outside any write transaction: readers and writers go on meanwhile
        item.reports = _extract(extract_fn, item.article, gazetteer)
    window = _merge_window()
    pieces = [work[i : i + max(1, piece)] for i in range(0, len(work), max(1, piece))]
    for chunk in pieces:
        try:
            with store.transaction():
                _write(store, chunk, gazetteer, merge_fn, window, tally)
        except IngestError as exc:
            done = tally.added + tally.updated
            raise IngestError(
                f"{exc}; {'nothing' if not done else f'{done} articles'} of this batch"
                f" {'was' if not done else 'were'} stored"
                + (" before it, the rest not" if done else "")
            ) from exc
        if progress is not None and len(pieces) > 1:
            progress(f"stored {tally.added + tally.updated} of {len(work)} articles")
    return IngestReport(
        added=tally.added,
        skipped_duplicates=tally.skipped,
        failed=tally.failed,
        reports_added=tally.reports,
        events_total=store.counts()["events"],
        updated=tally.updated,
    )


def _write(
    store: Store, chunk: Sequence[_Work], gazetteer: Any, merge: Merge, window: int, tally: _Tally
) -> None:
    """Write one piece inside its transaction: articles, reports, then the events they touch."""
    # Another writer may have stored some of these texts since the batch was planned.
    present = store.stored_hashes(w.text_hash for w in chunk if w.stored is None)
    taken = set(store.article_hashes(w.article.id for w in chunk if w.stored is None))
    seeds: dict[str, Incident] = {}
    dropped: set[str] = set()
    counts = _Tally()
    for item in chunk:
        if item.stored is None and item.text_hash in present:
            counts.skipped += 1
            continue
        if item.stored is None and item.article.id in taken:
            counts.failed.append(
                f"{_where(item.article)}: article id {item.article.id!r} was stored with a"
                " different text meanwhile; rename the file (or give it another id)"
            )
            continue
        if item.stored is None:
            store.insert_article(item.article, item.text_hash)
            counts.added += 1
        else:
            removed = store.reports_of_articles([item.article.id])
            events = store.events_of_reports(removed)
            dropped |= events
            kept = store.reports_of_events(events) - removed
            store.delete_reports(removed)
            store.update_article(item.article)
            seeds.update(store.reports_by_id(kept))
            counts.updated += 1
        store.insert_reports(item.reports)
        seeds.update(item.reports)
        counts.reports += len(item.reports)
    if seeds or dropped:
        recompute_events(store, seeds, gazetteer, merge, pad_days=window, dropped=dropped)
    tally.added += counts.added
    tally.updated += counts.updated
    tally.skipped += counts.skipped
    tally.reports += counts.reports
    tally.failed.extend(counts.failed)


def _extract(extract: Extract, article: Article, gazetteer: Any) -> list[tuple[str, Incident]]:
    """Run the extractor on one article; its reports keyed by report id, duplicates dropped."""
    try:
        incidents = list(extract(article, gazetteer))
    except Exception as exc:
        raise IngestError(
            f"{_where(article)}: extraction failed ({type(exc).__name__}: {exc});"
            " nothing of this batch was stored"
        ) from exc
    reports: dict[str, Incident] = {}
    for incident in incidents:
        if not isinstance(incident, Incident) or incident.article != article.id:
            raise IngestError(
                f"{_where(article)}: the extractor returned a report for article"
                f" {getattr(incident, 'article', incident)!r}, not {article.id!r};"
                " nothing of this batch was stored"
            )
        reports.setdefault(report_id(incident), incident)
    return list(reports.items())


def read_articles(
    paths: Iterable[str | Path],
    *,
    published: Any = None,
    outlet: str | None = None,
) -> tuple[list[Article], list[str]]:
    """Read articles with :func:`gazetteer.articles.iter_articles`, keeping errors as messages.

    Parameters
    ----------
    paths : iterable of str or Path
        Article files and folders.
    published : date or str, optional
        Publication date for single files.
    outlet : str, optional
        Outlet for single files.

    Returns
    -------
    (list of Article, list of str)
        The articles read, and one message per file that could not be read.
    """
    from gazetteer.articles import ArticleError, iter_articles

    articles: list[Article] = []
    errors: list[str] = []
    for item in iter_articles(paths, published=published, outlet=outlet):
        if isinstance(item, ArticleError):
            errors.append(str(item))
        else:
            articles.append(item)
    return articles, errors


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    gazetteer: Any = None,
    *,
    published: Any = None,
    outlet: str | None = None,
    extract: Extract | None = None,
    merge: Merge | None = None,
) -> IngestReport:
    """Read articles from files and folders and :func:`ingest` them.

    Files that cannot be read are listed in the report's ``failed`` (first), the rest is
    ingested. ``gazetteer`` defaults to :func:`gazetteer.places.loading.load_gazetteer` (loaded only
    when some article was read).

    Returns
    -------
    IngestReport
        As :func:`ingest`, with the reading errors added to ``failed``.
    """
    articles, errors = read_articles(paths, published=published, outlet=outlet)
    if gazetteer is None and articles:
        from gazetteer.places.loading import load_gazetteer

        gazetteer = load_gazetteer()
    report = ingest(store, articles, gazetteer, extract=extract, merge=merge)
    return dataclasses.replace(report, failed=[*errors, *report.failed])


def ensure_seeded(
    store: Store,
    seeds_dir: str | Path | None = None,
    gazetteer: Any = None,
    *,
    extract: Extract | None = None,
    merge: Merge | None = None,
) -> IngestReport | None:
    """Ingest the seed articles when the store holds no article yet (``make run``).

    Parameters
    ----------
    store : Store
        The store.
    seeds_dir : str or Path, optional
        Folder of articles with ``articles.csv``; default the ``seeds_dir`` setting.
    gazetteer, extract, merge
        As :func:`ingest_paths`.

    Returns
    -------
    IngestReport or None
        What was ingested, or None when the store already held articles.
    """
    if store.counts()["articles"]:
        return None
    if seeds_dir is None:
        from dashboard.settings import load_settings

        seeds_dir = load_settings().seeds_dir
    return ingest_paths(store, [seeds_dir], gazetteer, extract=extract, merge=merge)
