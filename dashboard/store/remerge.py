"""Which reports to merge again after reports were added or removed, and the events replaced.

Adding one article must not cost more in a large store than in an empty one, so only the
site-days the changed reports touch are merged again: the stored reports of the same site
family whose dates lie within the merge window of a changed report (``pad`` days either side,
one more than the merge's own ``merge_day_slack``), and every report already merged into the
same events as those (whole events only, so event ids stay stable). Any report the merge could
put into one event with a new report is within the window of it; the rest of the store, and
the events there, are not read. The merge itself is :func:`gazetteer.merge.merge_events`.

(Before, whole site families were merged again: 15 s to add one article to 13,900 events.)

Event ids come from the merge (from the earliest report), so they stay stable; events whose
content changed get a new version, and reviews follow an event whose id changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from dashboard.store.interface import Store
from gazetteer.errors import IngestError
from gazetteer.merge import near_facility
from gazetteer.records import Event, Incident, Site

__all__ = ["Merge", "recompute_events", "site_families"]

#: ``merge(incidents) -> events``, as :func:`gazetteer.merge.merge_events`.
Merge = Callable[[list[Incident]], Iterable[Event]]


def site_families(gazetteer: Any) -> dict[str, frozenset[str]]:
    """Map every gazetteer site to its family: every site under the same top ancestor."""
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
    # a settlement's reports placed near it may merge with its one nearby facility's
    # (gazetteer.merge.near_facility): their families are searched together
    for key in list(roots):
        facility = near_facility(sites, key)
        if facility is not None and roots[facility] != roots[key]:
            old, new = roots[facility], roots[key]
            roots = {k: new if r == old else r for k, r in roots.items()}
    members: dict[str, set[str]] = {}
    for key, root in roots.items():
        members.setdefault(root, set()).add(key)
    return {key: frozenset(members[root]) for key, root in roots.items()}


def _windows(
    reports: Iterable[Incident], families: Mapping[str, frozenset[str]], pad: timedelta
) -> dict[frozenset[str | None], list[tuple[date, date]]]:
    """The date windows to search, by family of sites, overlapping windows joined."""
    spans: dict[frozenset[str | None], list[tuple[date, date]]] = {}
    for report in reports:
        if report.date_start is None or report.date_end is None:
            continue  # an undated report merges with nothing stored
        site = report.site
        family: frozenset[str | None] = (
            frozenset([None]) if site is None else frozenset(families.get(site, {site}))
        )
        spans.setdefault(family, []).append((report.date_start - pad, report.date_end + pad))
    joined: dict[frozenset[str | None], list[tuple[date, date]]] = {}
    for family, windows in spans.items():
        out: list[tuple[date, date]] = []
        for lo, hi in sorted(windows):
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        joined[family] = out
    return joined


def reports_to_merge(
    store: Store,
    seeds: Mapping[str, Incident],
    gazetteer: Any,
    pad_days: int,
    dropped: Iterable[str] = (),
) -> tuple[dict[str, Incident], set[str]]:
    """Find the reports to merge again and the stored events they replace.

    Parameters
    ----------
    store : Store
        Inside the write transaction.
    seeds : mapping
        Report id to report: the new reports (already inserted) and any report whose event
        must be rebuilt.
    gazetteer : Gazetteer
        Its ``sites`` give the site families.
    pad_days : int
        The merge window: how many days apart two reports may be and still merge (or more).
    dropped : iterable of str
        Events to replace whatever happens (those that held removed reports).

    Returns
    -------
    (dict, set)
        Report id to report of every report to merge again, and the ids of the stored events
        they belong to.
    """
    families = site_families(gazetteer)
    pad = timedelta(days=pad_days)
    ids = set(seeds)
    for family, windows in _windows(seeds.values(), families, pad).items():
        for lo, hi in windows:
            ids |= store.report_ids_near(family, lo, hi)
    old_events = set(dropped)
    probe = set(ids)
    while probe:  # whole events only: close over the events that hold any of these reports
        events = store.events_of_reports(probe) - old_events
        old_events |= events
        probe = (store.reports_of_events(events) if events else set()) - ids
        ids |= probe
    reports = dict(seeds)
    reports.update(store.reports_by_id(ids - set(seeds)))
    return reports, old_events


def recompute_events(
    store: Store,
    seeds: Mapping[str, Incident],
    gazetteer: Any,
    merge: Merge,
    *,
    pad_days: int,
    dropped: Iterable[str] = (),
) -> None:
    """Merge again the reports near ``seeds`` and replace their events (see the module).

    Raises
    ------
    gazetteer.errors.IngestError
        When the merge fails or returns reports it was not given.
    """
    incidents, old_ids = reports_to_merge(store, seeds, gazetteer, pad_days, dropped)
    ordered = sorted(incidents.items(), key=lambda item: item[0])
    try:
        merged = list(merge([incident for _, incident in ordered]))
    except Exception as exc:
        raise IngestError(f"merging events failed ({type(exc).__name__}: {exc})") from exc
    id_of = {incident: rid for rid, incident in ordered}
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
    for old_id in sorted(set(old_events) - set(planned)):
        firsts = [id_of[r] for r in old_events[old_id].reports if r in id_of]
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
