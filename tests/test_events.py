"""Merging the reports of one incident across outlets into events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from gazetteer.merge import merge_events, report_id
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Incident

GAZ = load_gazetteer()


def report(article: str, site: str, day: str, weapon: tuple[str, ...], **fields) -> Incident:
    s = GAZ.sites[site]
    d = date.fromisoformat(day)
    base = Incident(
        article=article,
        site=site,
        site_name=s.name_en,
        lat=s.lat,
        lon=s.lon,
        geo_precision=1,
        date_start=d,
        date_end=d,
        date_precision="day",
        time=None,
        weapon=weapon,
        count=None,
        killed=None,
        injured=None,
        casualties="unknown",
        casualty_note="",
        actor=None,
        target=None,
        new=True,
        outlet=f"outlet of {article}",
        cited=(),
        quote="q",
        span=(0, 1),
        summary_en="s",
    )
    return replace(base, **fields)


# (name, reports, expected groups of article ids)
CASES = [
    (
        "same site and day, two outlets",
        [
            report("a", "al-omar", "2021-07-13", ("rocket",)),
            report("b", "al-omar", "2021-07-13", ("rocket",)),
        ],
        [{"a", "b"}],
    ),
    (
        "late-night attack reported the next day",
        [
            report("a", "conoco", "2021-07-10", ("rocket",)),
            report("b", "conoco", "2021-07-11", ("mortar", "rocket")),
        ],
        [{"a", "b"}],
    ),
    (
        "three days apart are two incidents",
        [
            report("a", "tanf", "2022-01-01", ("drone",)),
            report("b", "tanf", "2022-01-04", ("drone",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "different sites are two incidents",
        [
            report("a", "tanf", "2022-01-01", ("drone",)),
            report("b", "conoco", "2022-01-01", ("drone",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "a child site merges with its parent",
        [
            report("a", "green-village", "2023-07-05", ("rocket",)),
            report("b", "al-omar", "2023-07-05", ("rocket",)),
        ],
        [{"a", "b"}],
    ),
    (
        "incompatible weapons stay apart",
        [
            report("a", "shaddadi", "2023-03-24", ("drone",)),
            report("b", "shaddadi", "2023-03-24", ("mortar",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "a report without a weapon joins one with",
        [
            report("a", "shaddadi", "2023-03-24", ("unknown",)),
            report("b", "shaddadi", "2023-03-24", ("rocket",)),
        ],
        [{"a", "b"}],
    ),
    (
        "the US strike that answers an attack is its own event",
        [
            report("a", "al-mayadin", "2022-01-05", ("rocket",)),
            report("b", "al-mayadin", "2022-01-05", ("airstrike",), actor="United States"),
        ],
        [{"a"}, {"b"}],
    ),
]


@pytest.mark.parametrize(("name", "reports", "groups"), CASES, ids=[c[0] for c in CASES])
def test_merge_groups(name: str, reports: list[Incident], groups: list[set[str]]) -> None:
    events = merge_events(reports, GAZ)
    got = sorted(sorted({r.article for r in e.reports}) for e in events)
    assert got == sorted(sorted(g) for g in groups)
    assert sum(len(e.reports) for e in events) == len(reports)


def test_conflicting_figures_become_a_range_and_sources_add_up() -> None:
    reports = [
        report(
            "a",
            "kharab-al-jir",
            "2023-03-23",
            ("drone",),
            killed=1,
            injured=6,
            casualties="reported",
            cited=("Pentagon",),
            count=1,
        ),
        report(
            "b",
            "kharab-al-jir",
            "2023-03-23",
            ("drone",),
            killed=2,
            injured=5,
            casualties="reported",
            cited=("SOHR",),
            count=None,
        ),
    ]
    (event,) = merge_events(reports, GAZ)
    assert (event.killed, event.killed_max) == (1, 2)
    assert (event.injured, event.injured_max) == (5, 6)
    assert (event.count, event.count_max) == (1, 1)
    assert set(event.cited) == {"Pentagon", "SOHR"}
    assert set(event.outlets) == {"outlet of a", "outlet of b"}
    assert "1\u20132 killed" in event.summary_en and "2 reports" in event.summary_en


def test_dates_narrow_to_where_reports_agree() -> None:
    wide = report(
        "a", "al-omar", "2021-07-10", ("rocket",), date_end=date(2021, 7, 13), date_precision="days"
    )
    exact = report("b", "al-omar", "2021-07-12", ("rocket",))
    (event,) = merge_events([wide, exact], GAZ)
    assert (event.date_start, event.date_end, event.date_precision) == (
        date(2021, 7, 12),
        date(2021, 7, 12),
        "day",
    )


def test_event_ids_are_stable_and_reports_have_ids() -> None:
    reports = [
        report("a", "tanf", "2022-01-01", ("drone",)),
        report("b", "tanf", "2022-01-01", ("drone",)),
    ]
    first = merge_events(reports, GAZ)
    again = merge_events(list(reversed(reports)), GAZ)
    assert [e.id for e in first] == [e.id for e in again]
    assert report_id(reports[0]) != report_id(reports[1])


def test_no_incidents_no_events() -> None:
    assert merge_events([], GAZ) == []
