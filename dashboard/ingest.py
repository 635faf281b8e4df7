"""Ingest articles into the store: extract their incidents, store the reports, re-merge events.

One call of :func:`ingest` is one transaction: the new articles, their reports and the events
recomputed from them are committed together, or not at all when anything fails.

Idempotent
    An article whose text (sha256) is already stored is skipped without being extracted, so
    ingesting the same files twice changes nothing.
Incremental
    Only the events of the places the new reports touch are recomputed: every report stored at
    those sites and at the sites of the same family (a site, its parent chain and every site
    under the same top ancestor: Green Village with al-Omar) is merged again, together with
    any report already merged into the same events. Those events are replaced; all others are
    kept as they are.
Reviews survive
    Event ids are stable (the merge derives them from the earliest report), so reviews stay
    attached by id. An event whose content changed gets its version raised, so that an analyst
    reviewing the old content gets a conflict instead of confirming something they did not
    see. When an event id disappears (an earlier report joined the event), its reviews move to
    the event that now holds its first report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from dashboard.store.interface import Store
from dashboard.store.rows import content_hash, report_id
from gazetteer import errors as _errors
from gazetteer.records import Article, Event, Incident, Site

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
#: ``merge(incidents) -> events``, as :func:`gazetteer.merge.merge_events`.
Merge = Callable[[list[Incident]], Iterable[Event]]


class _HasSites(Protocol):
    """What ingest needs from a gazetteer besides passing it to ``extract``."""

    sites: Mapping[str, Site]


class IngestError(_errors.IngestError):
    """A batch could not be ingested; nothing of it was stored. The message names the article."""


@dataclass(frozen=True)
class IngestReport:
    """What one :func:`ingest` call did.

    Attributes
    ----------
    added : int
        Articles stored.
    skipped_duplicates : int
        Articles whose text was already stored (or appeared twice in the batch).
    failed : list of str
        One message per article (or file) that could not be ingested, naming it.
    reports_added : int
        Reports (incidents) stored.
    events_total : int
        Events in the store after the batch.
    """

    added: int = 0
    skipped_duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    reports_added: int = 0
    events_total: int = 0

    def summary(self, where: str = "") -> str:
        """Return the report as one line for people (``where`` names the store).

        Returns
        -------
        str
            For example ``ingested 3 articles (1 duplicate skipped, 0 failed), 5 reports;
            4 events in data/atlas.gpkg``.
        """
        articles = "article" if self.added == 1 else "articles"
        dups = "duplicate" if self.skipped_duplicates == 1 else "duplicates"
        reports = "report" if self.reports_added == 1 else "reports"
        events = "event" if self.events_total == 1 else "events"
        place = f" in {where}" if where else ""
        return (
            f"ingested {self.added} {articles} ({self.skipped_duplicates} {dups} skipped,"
            f" {len(self.failed)} failed), {self.reports_added} {reports};"
            f" {self.events_total} {events}{place}"
        )


def _default_extract() -> Extract:
    from gazetteer.extract.reader import extract

    return extract


def _default_merge(gazetteer: Any) -> Merge:
    from gazetteer.merge import merge_events

    return lambda incidents: merge_events(incidents, gazetteer)


def _where(article: Article) -> str:
    return article.source_path or article.id


def ingest(
    store: Store,
    articles: Iterable[Article],
    gazetteer: Any,
    *,
    extract: Extract | None = None,
    merge: Merge | None = None,
) -> IngestReport:
    """Store new articles, their reports and the events recomputed from them, in one go.

    Parameters
    ----------
    store : Store
        Where to write.
    articles : iterable of Article
        The batch.
    gazetteer : Gazetteer
        Passed to ``extract``; its ``sites`` (key to :class:`~gazetteer.records.Site`) give the
        parent links that decide which events to recompute.
    extract : callable, optional
        ``extract(article, gazetteer) -> list[Incident]``; default
        :func:`gazetteer.extract.reader.extract`.
    merge : callable, optional
        ``merge(incidents) -> list[Event]``; default :func:`gazetteer.merge.merge_events`
        with this gazetteer.

    Returns
    -------
    IngestReport
        Counts, and one message per article refused (empty text, or an id already used by a
        different text; the rest of the batch is still stored).

    Raises
    ------
    IngestError
        When extraction or merging fails, naming the article; the store is left exactly as it
        was before the call.
    dashboard.store.geopackage.StoreError
        When the store cannot be written; nothing of the batch is stored either.
    """
    batch = list(articles)
    extract_fn = extract if extract is not None else _default_extract()
    merge_fn = merge if merge is not None else _default_merge(gazetteer)
    hashes = [content_hash(a.text) for a in batch]
    added = skipped = 0
    failed: list[str] = []
    new_reports: list[tuple[str, Incident]] = []
    with store.transaction():
        seen_hashes = store.stored_hashes(hashes)
        taken_ids = set(store.article_hashes(a.id for a in batch))
        for article, text_hash in zip(batch, hashes, strict=True):
            if text_hash in seen_hashes:
                skipped += 1
                continue
            if not article.text.strip():
                failed.append(f"{_where(article)}: empty text")
                continue
            if article.id in taken_ids:
                failed.append(
                    f"{_where(article)}: article id {article.id!r} is already stored with a"
                    " different text; rename the file (or give it another id) to keep both"
                )
                continue
            reports = _extract(extract_fn, article, gazetteer)
            store.insert_article(article, text_hash)
            store.insert_reports(reports)
            new_reports.extend(reports)
            seen_hashes.add(text_hash)
            taken_ids.add(article.id)
            added += 1
        if new_reports:
            _recompute_events(store, [inc for _, inc in new_reports], gazetteer, merge_fn)
    return IngestReport(
        added=added,
        skipped_duplicates=skipped,
        failed=failed,
        reports_added=len(new_reports),
        events_total=store.counts()["events"],
    )


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


def _site_roots(gazetteer: Any) -> dict[str, str]:
    """Map every gazetteer site to the top of its parent chain."""
    sites: Mapping[str, Site] = getattr(gazetteer, "sites", None) or {}
    roots: dict[str, str] = {}
    for key in sites:
        chain = [key]
        while True:
            parent = sites[chain[-1]].parent
            if not parent or parent not in sites or parent in chain:
                break
            chain.append(parent)
        roots[key] = chain[-1]
    return roots


def _related_sites(touched: set[str | None], gazetteer: Any) -> set[str | None]:
    """The touched sites plus every site in the same family (same top ancestor)."""
    roots = _site_roots(gazetteer)
    families = {roots.get(s, s) for s in touched if s is not None}
    related: set[str | None] = set(touched)
    related.update(key for key, root in roots.items() if root in families)
    return related


def _recompute_events(store: Store, new: Sequence[Incident], gazetteer: Any, merge: Merge) -> None:
    """Re-merge the reports of the touched site families and replace their events."""
    report_ids = store.report_ids_at_sites(_related_sites({i.site for i in new}, gazetteer))
    old_ids: set[str] = set()
    while True:  # close over events that already merge reports from outside the family
        events = store.events_of_reports(report_ids) - old_ids
        old_ids |= events
        more = store.reports_of_events(events) - report_ids
        if not more:
            break
        report_ids |= more
    incidents = store.reports_by_id(report_ids)
    try:
        merged = list(merge(list(incidents.values())))
    except Exception as exc:
        raise IngestError(
            f"merging events failed ({type(exc).__name__}: {exc}); nothing of this batch was stored"
        ) from exc
    id_of = {incident: rid for rid, incident in incidents.items()}
    old_versions = store.event_versions(old_ids)
    old_events = {e.id: e for e in store.load_events(old_versions, corrected=False)}
    planned: dict[str, tuple[Event, list[str], int]] = {}
    for event in merged:
        if event.id in planned:
            raise IngestError(f"merging events gave two events with the id {event.id!r}")
        rids = [_lookup(id_of, report, event) for report in event.reports]
        version = old_versions.get(event.id, 0)
        changed = event.id not in old_events or old_events[event.id] != event
        planned[event.id] = (event, rids, version + 1 if changed else version)
    holder = {rid: eid for eid, (_, rids, _) in planned.items() for rid in rids}
    for old_id in sorted(old_ids - set(planned)):
        firsts = [_lookup(id_of, r, old_events[old_id]) for r in old_events[old_id].reports]
        target = next((holder[r] for r in firsts if r in holder), None)
        if target is not None and store.move_reviews(old_id, target):
            event, rids, version = planned[target]
            planned[target] = (event, rids, max(version, old_versions[old_id] + 1))
    store.delete_events(old_ids)
    store.insert_events(list(planned.values()))


def _lookup(id_of: Mapping[Incident, str], report: Incident, event: Event) -> str:
    try:
        return id_of[report]
    except KeyError:
        raise IngestError(
            f"event {event.id!r} holds a report of article {report.article!r} that is not"
            " stored (the merge must return the incidents it was given, unchanged)"
        ) from None


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
        from gazetteer.settings import load_settings

        seeds_dir = load_settings().seeds_dir
    return ingest_paths(store, [seeds_dir], gazetteer, extract=extract, merge=merge)
