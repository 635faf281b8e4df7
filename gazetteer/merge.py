"""Merge the reports of one incident across articles into one event.

GDELT counts one attack once per article that mentions it; ACLED codes it once. Two reports
*may* describe the same incident when all of these hold (:meth:`_Merger.compatible`):

* the same site, or one site is the parent of the other (Green Village and al-Omar); a report
  placed only near a village or town (``geo_precision`` 2 or 3) counts as at the one facility
  within :data:`NEAR_FACILITY_KM` of it, when there is exactly one ("a position in the Rukban
  area" and "Tower 22", 3 km apart);
* their own dates agree: the spans overlap, or, when both are short (at most
  :data:`SHORT_SPAN_DAYS` days, a day or a night), they are at most ``day_slack`` days apart
  (a late-night attack that another outlet dates to the next day). A wide span ("last week",
  "in June") must really overlap: a day just outside it is another incident;
* their weapons are compatible: they share a category, or one of them names only a vague
  kind (``unknown``, ``explosion``): "an explosion" and "four mortar shells" can be one attack;
  rockets, mortars and artillery shells are one family (:data:`WEAPON_FAMILIES`, ACLED's
  "shelling/artillery/missile attack"): outlets name the same indirect fire differently
  ("rockets" in one, "mortar shells" in another), while a drone or an airstrike is not one --
  except the US side's own drone, which is its air strike (ACLED's "air/drone strike"): "a US
  drone struck the convoy" and "a US air strike on the convoy" are one strike
  (:func:`strike_weapons`);
* an airstrike is never merged with a ground attack (the US strike that answers an attack is
  a separate event at the same place);
* two reports of one article on different dates are two incidents: the article itself told
  them apart.

Events are built by complete linkage, best pairs first: the compatible pairs are taken in
order of how well their dates agree (days apart, then the width of the two spans), and two
groups join only when *every* report of one is compatible with every report of the other. A
report therefore joins the event its own date fits best, and reports never chain: a 12 July
report between a 11 July and a 13 July attack joins at most one of them, and "last week"
never absorbs the attack of the day after it. The day slack lets one report join an event
dated a day away; it never joins two events that each hold several reports (two outlets
that agree on 12 July and two that agree on 13 July are two attacks).

Figures that disagree are kept as a range (``killed`` is the lowest reported, ``killed_max`` the
highest), never overwritten. An event lists every report and every source. Its confidence is
the highest of its reports' (:func:`event_confidence`), raised by each further outlet.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from gazetteer.extract.summaries import summarise
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import WEAPONS, Event, Incident, Site
from gazetteer.settings import load_settings
from gazetteer.text.lexicons import load_lexicon

__all__ = [
    "NEAR_FACILITY_KM",
    "SHORT_SPAN_DAYS",
    "VAGUE_WEAPONS",
    "WEAPON_FAMILIES",
    "day_gap",
    "event_confidence",
    "merge_events",
    "near_facility",
    "report_id",
    "strike_weapons",
    "weapons_compatible",
]

_PRECISION_ORDER = {"day": 0, "night": 1, "days": 2, "week": 3, "month": 4, "unknown": 5}

#: Weapon kinds that say only that something happened, compatible with any precise weapon.
VAGUE_WEAPONS = frozenset({"unknown", "explosion"})

#: Precise weapons that outlets confuse for one another, by family: "rockets" in one report and
#: "mortar shells" in another describe the same indirect fire. A weapon not listed is its own
#: family.
WEAPON_FAMILIES: dict[str, str] = {
    "rocket": "indirect_fire",
    "mortar": "indirect_fire",
    "artillery": "indirect_fire",
}

#: A span of at most this many days is a "short" date (a day, a night across two days); only
#: short dates may merge across the day slack.
SHORT_SPAN_DAYS = 2

#: A report placed near a village or town within this distance of exactly one facility may be
#: a report of an attack on that facility.
NEAR_FACILITY_KM = 5.0
_FACILITY_KINDS = frozenset({"base", "airbase", "oil_field", "gas_field"})
_SETTLEMENT_KINDS = frozenset({"village", "town"})

#: Each further outlet that carries an event keeps this share of the remaining doubt.
OUTLET_DOUBT_SHARE = 0.75


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


def weapons_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two reports' weapons can describe one attack.

    Parameters
    ----------
    a, b : sequence of str
        Weapon categories of two reports.

    Returns
    -------
    bool
        False when exactly one of them is an airstrike, or when both name precise weapons
        and share no family (:data:`WEAPON_FAMILIES`); True otherwise (a vague kind is
        compatible with any precise one).
    """
    pa = {WEAPON_FAMILIES.get(w, w) for w in a if w not in VAGUE_WEAPONS}
    pb = {WEAPON_FAMILIES.get(w, w) for w in b if w not in VAGUE_WEAPONS}
    if ("airstrike" in pa) != ("airstrike" in pb) and pa and pb:
        return False
    return not (pa and pb) or bool(pa & pb)


@lru_cache(maxsize=1)
def _us_side() -> frozenset[str]:
    """The actor labels of the US side (``lexicon/actors.csv``, side ``us``)."""
    rows = load_lexicon("actors", ("label", "side"))
    return frozenset(r["label"] for r in rows if r["side"] == "us")


def strike_weapons(incident: Incident) -> Sequence[str]:
    """A report's weapons as the merge compares them: the US side's drone is its air strike.

    A report whose actor is the United States or the coalition it leads and whose weapon is a
    drone tells of a US drone strike, which another outlet calls an air strike; a drone of any
    other side stays a drone (an attack on a base is never an air strike).
    """
    if "drone" in incident.weapon and incident.actor in _us_side():
        return tuple(dict.fromkeys("airstrike" if w == "drone" else w for w in incident.weapon))
    return incident.weapon


def _width(i: Incident) -> int:
    assert i.date_start is not None and i.date_end is not None
    return (i.date_end - i.date_start).days + 1


def day_gap(a: Incident, b: Incident) -> int:
    """Days between two reports' date spans; 0 when they overlap.

    Parameters
    ----------
    a, b : Incident
        Two dated reports.

    Returns
    -------
    int
        The number of days from the end of the earlier span to the start of the later one.
    """
    assert a.date_start and a.date_end and b.date_start and b.date_end
    return max((b.date_start - a.date_end).days, (a.date_start - b.date_end).days, 0)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def near_facility(sites: Mapping[str, Site], key: str) -> str | None:
    """The one facility within :data:`NEAR_FACILITY_KM` of a village or town, else None.

    A report placed only near that settlement may be a report of an attack on the facility
    (merged with it); the windowed re-merge of the store widens its site families the same way.
    """
    site = sites[key]
    if site.kind not in _SETTLEMENT_KINDS:
        return None
    near = [
        k
        for k, f in sites.items()
        if f.kind in _FACILITY_KINDS
        and _km((site.lat, site.lon), (f.lat, f.lon)) <= NEAR_FACILITY_KM
    ]
    return near[0] if len(near) == 1 else None


class _Merger:
    def __init__(self, gazetteer: Gazetteer, day_slack: int) -> None:
        self.gaz = gazetteer
        self.slack = day_slack
        self._near: dict[str, str | None] = {}

    def anchor(self, i: Incident) -> str | None:
        """The site a report counts as at: its own, or the one facility near its settlement."""
        key = i.site
        if i.geo_precision < 2 or key is None or key not in self.gaz.sites:
            return key
        if key not in self._near:
            self._near[key] = near_facility(self.gaz.sites, key)
        return self._near[key] or key

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

    def dates_agree(self, a: Incident, b: Incident) -> bool:
        """Overlap, or both short and within the day slack."""
        gap = day_gap(a, b)
        if gap == 0:
            return True
        short = _width(a) <= SHORT_SPAN_DAYS and _width(b) <= SHORT_SPAN_DAYS
        return short and gap <= self.slack

    def compatible(self, a: Incident, b: Incident) -> bool:
        """Whether two reports may be one incident (see the module docstring)."""
        if None in (a.date_start, a.date_end, b.date_start, b.date_end):
            return False
        related = self.related(self.anchor(a), self.anchor(b)) or self.related(a.site, b.site)
        if not related or not weapons_compatible(strike_weapons(a), strike_weapons(b)):
            return False
        if a.article == b.article and (
            a.span == b.span or (a.date_start, a.date_end) != (b.date_start, b.date_end)
        ):
            return False
        return self.dates_agree(a, b)

    def cluster(self, group: list[Incident]) -> list[list[Incident]]:
        """Complete-linkage groups of one site family, best-agreeing pairs first.

        ``group`` is sorted by start date, so the pairs are looked for only among the
        reports that start before the first one's span (plus the slack) ends.
        """
        ok: set[tuple[int, int]] = set()
        pairs = []
        for i, a in enumerate(group):
            if a.date_end is None:
                continue
            for j in range(i + 1, len(group)):
                b = group[j]
                if b.date_start is not None and (b.date_start - a.date_end).days > self.slack:
                    break
                if self.compatible(a, b):
                    ok.add((i, j))
                    pairs.append((day_gap(a, b), _width(a) + _width(b), i, j))
        pairs.sort()
        owner = list(range(len(group)))
        members: dict[int, list[int]] = {i: [i] for i in range(len(group))}
        for gap, _, i, j in pairs:
            gi, gj = owner[i], owner[j]
            if gi == gj or not all(
                (min(x, y), max(x, y)) in ok for x in members[gi] for y in members[gj]
            ):
                continue
            if gap and len(members[gi]) > 1 and len(members[gj]) > 1:
                continue
            for x in members[gj]:
                owner[x] = gi
            members[gi].extend(members.pop(gj))
        return [[group[i] for i in sorted(m)] for m in members.values()]

    def merge(self, incidents: Iterable[Incident]) -> list[Event]:
        by_family: dict[str | None, list[Incident]] = {}
        for i in incidents:
            by_family.setdefault(self.family(self.anchor(i)), []).append(i)
        events: list[Event] = []
        for group in by_family.values():
            # A fixed order (date, then report id) makes the groups independent of input order.
            group.sort(
                key=lambda i: (i.date_start or date.min, i.date_end or date.min, report_id(i))
            )
            events.extend(_event(c) for c in self.cluster(group))
        events.sort(key=lambda e: (e.date_start or date.min, e.site or "", e.id))
        return events


def event_confidence(reports: Sequence[Incident]) -> float:
    """An event's confidence: its best report's, raised by each further outlet.

    Every outlet beyond the first that carries the event keeps only
    :data:`OUTLET_DOUBT_SHARE` of the remaining doubt: a best report at 0.6 carried by two
    outlets gives 1 - 0.4 * 0.75 = 0.7, by three 0.775. Reports of one outlet add nothing.

    Parameters
    ----------
    reports : sequence of Incident
        The event's reports (at least one).

    Returns
    -------
    float
        Between 0 and 1, rounded to 3 decimals.
    """
    best = max(r.confidence for r in reports)
    outlets = {r.outlet or r.article for r in reports}
    doubt = (1.0 - best) * OUTLET_DOUBT_SHARE ** (len(outlets) - 1)
    return round(1.0 - doubt, 3)


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
    shared: dict[str, Any] = {
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
        confidence=event_confidence(reports),
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
        How many days apart two short date spans may be and still merge; from settings by
        default.

    Returns
    -------
    list of Event
        Sorted by date, then site.
    """
    slack = load_settings().merge_day_slack if day_slack is None else day_slack
    return _Merger(gazetteer or load_gazetteer(), slack).merge(incidents)
