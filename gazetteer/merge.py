"""Merge the reports of one incident across articles into one event.

GDELT counts one attack once per article that mentions it; ACLED codes it once. Two reports
are taken to describe the same incident when all of these hold:

* the same site, or one site is the parent of the other (Green Village and al-Omar);
* their date spans overlap, give or take ``day_slack`` days (a late-night attack reported
  on the next day by another outlet);
* their weapons are compatible: they share a category, or one of them names none;
* an airstrike is never merged with a ground attack (the US strike that answers an attack is
  a separate event at the same place).

Figures that disagree are kept as a range (``killed`` is the lowest reported, ``killed_max`` the
highest), never overwritten. An event lists every report and every source.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from gazetteer.extract.summaries import summarise
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import WEAPONS, Event, Incident
from gazetteer.settings import load_settings

__all__ = ["merge_events", "report_id"]

_PRECISION_ORDER = {"day": 0, "night": 1, "days": 2, "week": 3, "month": 4, "unknown": 5}


def report_id(incident: Incident) -> str:
    """A stable id for one report: its article and the span of its evidence.

    Parameters
    ----------
    incident : Incident
        The report.

    Returns
    -------
    str
        ``"rp-"`` plus 12 hex digits.
    """
    key = f"{incident.article}:{incident.span[0]}:{incident.span[1]}:{incident.site}"
    key += f":{incident.date_start}"
    return "rp-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _weapons(i: Incident) -> set[str]:
    return {w for w in i.weapon if w != "unknown"}


@dataclass
class _Cluster:
    reports: list[Incident] = field(default_factory=list)
    start: date = date.max
    end: date = date.min

    def add(self, i: Incident) -> None:
        self.reports.append(i)
        if i.date_start is not None and i.date_end is not None:
            self.start = min(self.start, i.date_start)
            self.end = max(self.end, i.date_end)


class _Merger:
    def __init__(self, gazetteer: Gazetteer, day_slack: int) -> None:
        self.gaz = gazetteer
        self.slack = timedelta(days=day_slack)

    def family(self, key: str | None) -> str | None:
        """The top of a site's parent chain, which groups a site with its parts."""
        if key is None or key not in self.gaz.sites:
            return key
        chain = self.gaz.ancestors(key)
        return chain[-1] if chain else key

    def related(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return False
        return a == b or a in self.gaz.ancestors(b) or b in self.gaz.ancestors(a)

    def fits(self, cluster: _Cluster, i: Incident) -> bool:
        if i.date_start is None or i.date_end is None:
            return False
        for r in cluster.reports:
            if not self.related(r.site, i.site):
                return False
            if r.date_start is None or r.date_end is None:
                return False
            if r.date_end + self.slack < i.date_start or i.date_end + self.slack < r.date_start:
                return False
            a, b = _weapons(r), _weapons(i)
            if ("airstrike" in a) != ("airstrike" in b) and a and b:
                return False
            if a and b and not a & b:
                return False
            if r.article == i.article and r.span == i.span:
                return False
        return True

    def merge(self, incidents: Iterable[Incident]) -> list[Event]:
        by_family: dict[str | None, list[Incident]] = {}
        for i in incidents:
            by_family.setdefault(self.family(i.site), []).append(i)
        events = []
        for group in by_family.values():
            group.sort(key=lambda i: (i.date_start or date.min, i.date_end or date.min))
            clusters: list[_Cluster] = []
            for i in group:
                home = next((c for c in clusters if self.fits(c, i)), None)
                if home is None:
                    home = _Cluster()
                    clusters.append(home)
                home.add(i)
            events.extend(_event(c.reports) for c in clusters)
        events.sort(key=lambda e: (e.date_start or date.min, e.site or "", e.id))
        return events


def _range(values: Iterable[int | None]) -> tuple[int | None, int | None]:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else (None, None)


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _event(reports: list[Incident]) -> Event:
    reports = sorted(reports, key=lambda r: (r.date_start or date.min, r.article, r.span))
    best = min(reports, key=lambda r: (r.geo_precision, _PRECISION_ORDER.get(r.date_precision, 9)))
    spans = [(r.date_start, r.date_end) for r in reports if r.date_start and r.date_end]
    start: date | None
    end: date | None
    if spans:
        lo = max(s for s, _ in spans)
        hi = min(e for _, e in spans)
        if lo <= hi:
            start, end = lo, hi
            tight = [r for r in reports if (r.date_start, r.date_end) == (lo, hi)]
            precision = tight[0].date_precision if tight else best.date_precision
        else:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            precision = "days"
    else:
        start = end = None
        precision = "unknown"
    weapons = sorted({w for r in reports for w in r.weapon if w != "unknown"}, key=WEAPONS.index)
    count, count_max = _range(r.count for r in reports)
    killed, killed_max = _range(r.killed for r in reports)
    injured, injured_max = _range(r.injured for r in reports)
    statuses = {r.casualties for r in reports}
    casualties = (
        "reported" if "reported" in statuses else "none" if "none" in statuses else "unknown"
    )
    actor = _most_common(r.actor for r in reports if r.actor != "Unknown") or _most_common(
        r.actor for r in reports
    )
    target = _most_common(r.target for r in reports)
    time = next((r.time for r in reports if r.time), None)
    first = reports[0]
    event_id = "ev-" + report_id(first)[3:]
    weapon_tuple = tuple(weapons) or ("unknown",)
    # The fields the summary is built from are the event's own.
    shared = {
        "site_name": best.site_name,
        "weapon": weapon_tuple,
        "count": count,
        "count_max": count_max,
        "killed": killed,
        "killed_max": killed_max,
        "injured": injured,
        "injured_max": injured_max,
        "casualties": casualties,
        "actor": actor,
        "target": target,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "time": time,
    }
    more = f" ({len(reports)} reports)" if len(reports) > 1 else ""
    return Event(
        id=event_id,
        site=best.site,
        lat=best.lat,
        lon=best.lon,
        geo_precision=best.geo_precision,
        new=any(r.new for r in reports),
        outlets=tuple(dict.fromkeys(r.outlet for r in reports if r.outlet)),
        cited=tuple(dict.fromkeys(c for r in reports for c in r.cited)),
        summary_en=summarise(**shared) + more,
        reports=tuple(reports),
        **shared,
    )


def merge_events(
    incidents: Iterable[Incident],
    gazetteer: Gazetteer | None = None,
    *,
    day_slack: int | None = None,
) -> list[Event]:
    """Merge reports of the same incident from different articles into events.

    Parameters
    ----------
    incidents : iterable of Incident
        Reports from any number of articles.
    gazetteer : Gazetteer, optional
        For parent and child sites; the packaged gazetteer by default.
    day_slack : int, optional
        How many days apart two date spans may be and still merge; from settings by default.

    Returns
    -------
    list of Event
        Sorted by date, then site.
    """
    slack = load_settings().merge_day_slack if day_slack is None else day_slack
    return _Merger(gazetteer or load_gazetteer(), slack).merge(incidents)
