"""Merging the reports of one incident across outlets into events."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gazetteer.merge import merge_events, report_id
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Incident

GAZ = load_gazetteer()
ROOT = Path(__file__).parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
_LINKS = re.compile(r"links F1 (?P<f1>[0-9.]+) P (?P<p>[0-9.]+) R (?P<r>[0-9.]+)")


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
        "rockets in one outlet and mortar shells in another are one indirect-fire attack",
        [
            report("a", "conoco", "2021-07-10", ("mortar",), count=4),
            report("b", "conoco", "2021-07-10", ("rocket", "explosion")),
        ],
        [{"a", "b"}],
    ),
    (
        "indirect fire and a drone at one base that day stay two attacks",
        [
            report("a", "conoco", "2021-07-10", ("mortar", "rocket")),
            report("b", "conoco", "2021-07-10", ("drone",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "an explosion and mortar shells at one base that day are one attack",
        [
            report("a", "conoco", "2021-07-10", ("mortar",), count=4),
            report("b", "conoco", "2021-07-10", ("explosion",)),
        ],
        [{"a", "b"}],
    ),
    (
        "an explosion reported the next day joins rockets the day before",
        [
            report("a", "conoco", "2021-07-10", ("rocket", "explosion")),
            report("b", "conoco", "2021-07-11", ("explosion", "unknown")),
        ],
        [{"a", "b"}],
    ),
    (
        "rockets in one outlet and mortar shells in another are one attack (indirect fire)",
        [
            report("a", "conoco", "2021-07-10", ("rocket", "explosion")),
            report("b", "conoco", "2021-07-10", ("mortar",)),
        ],
        [{"a", "b"}],
    ),
    (
        "a drone attack and a rocket attack on one base that day stay apart",
        [
            report("a", "tanf", "2022-01-05", ("drone",)),
            report("b", "tanf", "2022-01-05", ("rocket",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "an explosion does not bridge an airstrike and a rocket attack",
        [
            report("a", "al-mayadin", "2022-01-05", ("airstrike", "explosion")),
            report("b", "al-mayadin", "2022-01-05", ("rocket", "explosion")),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "two days at one base stay apart",
        [
            report("a", "al-omar", "2021-07-11", ("rocket",)),
            report("b", "al-omar", "2021-07-13", ("rocket",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "one article's attacks on consecutive days stay apart",
        [
            report("a", "al-omar", "2021-07-12", ("rocket",), span=(10, 20)),
            report("a", "al-omar", "2021-07-13", ("rocket",), span=(30, 40)),
        ],
        [{"a"}, {"a"}],
    ),
    (
        "one article names the base and its part on the same day: one attack",
        [
            report("a", "green-village", "2023-07-05", ("drone",), span=(10, 20)),
            report("a", "al-omar", "2023-07-05", ("drone",), span=(30, 40)),
        ],
        [{"a"}],
    ),
    (
        "each report joins the attack its own date fits, with no chain across days",
        [
            report("a", "al-omar", "2021-07-13", ("rocket", "mortar"), span=(10, 20)),
            report("a", "al-omar", "2021-07-11", ("rocket",), span=(30, 40)),
            report("b", "al-omar", "2021-07-13", ("rocket",), span=(10, 20)),
            report("b", "al-omar", "2021-07-12", ("rocket",), span=(30, 40)),
        ],
        [{"a", "b"}, {"a", "b"}],
    ),
    (
        "two outlets on one day and two on the next are two attacks",
        [
            report("a", "tanf", "2022-01-12", ("drone",)),
            report("b", "tanf", "2022-01-12", ("drone",)),
            report("c", "tanf", "2022-01-13", ("drone",)),
            report("d", "tanf", "2022-01-13", ("drone",)),
        ],
        [{"a", "b"}, {"c", "d"}],
    ),
    (
        "one outlet's next-day date joins an attack others agree on",
        [
            report("a", "tanf", "2022-01-12", ("drone",)),
            report("b", "tanf", "2022-01-12", ("drone",)),
            report("c", "tanf", "2022-01-13", ("drone",)),
        ],
        [{"a", "b", "c"}],
    ),
    (
        "'last week' does not absorb the attack of the day after it",
        [
            report(
                "a",
                "al-omar",
                "2021-07-04",
                ("rocket", "drone"),
                date_end=date(2021, 7, 10),
                date_precision="week",
            ),
            report("b", "al-omar", "2021-07-11", ("rocket",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "a month that holds the day of another report is one attack",
        [
            report(
                "a",
                "al-omar",
                "2021-06-01",
                ("rocket",),
                date_end=date(2021, 6, 30),
                date_precision="month",
                new=False,
            ),
            report("b", "al-omar", "2021-06-28", ("rocket",)),
        ],
        [{"a", "b"}],
    ),
    (
        "a report near a camp joins the one facility within 5 km of it",
        [
            report("a", "rukban", "2025-06-20", ("drone",), geo_precision=2),
            report("b", "tower-22", "2025-06-20", ("drone",)),
        ],
        [{"a", "b"}],
    ),
    (
        "a report at the camp itself is not moved to the facility beside it",
        [
            report("a", "rukban", "2025-06-20", ("drone",)),
            report("b", "tower-22", "2025-06-20", ("drone",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "near the camp, another day, stays its own event",
        [
            report("a", "rukban", "2025-06-14", ("drone",), geo_precision=2),
            report("b", "tower-22", "2025-06-20", ("drone",)),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "the US strike that answers an attack is its own event",
        [
            report("a", "al-mayadin", "2022-01-05", ("rocket",)),
            report("b", "al-mayadin", "2022-01-05", ("airstrike",), actor="United States"),
        ],
        [{"a"}, {"b"}],
    ),    (
        "a US drone strike and the air strike another outlet reports are one",
        [
            report("a", "albukamal", "2020-01-03", ("drone",), actor="United States"),
            report("b", "albukamal", "2020-01-03", ("airstrike",), actor="United States"),
            report("c", "albukamal", "2020-01-03", ("airstrike",)),
        ],
        [{"a", "b", "c"}],
    ),
    (
        "a coalition drone strike too",
        [
            report("a", "hajin", "2019-03-02", ("drone", "explosion"), actor="US-led coalition"),
            report("b", "hajin", "2019-03-02", ("airstrike",)),
        ],
        [{"a", "b"}],
    ),
    (
        "a drone attack on a base is no air strike",
        [
            report("a", "tanf", "2023-11-20", ("drone",), actor="Islamic Resistance in Iraq"),
            report("b", "tanf", "2023-11-20", ("airstrike",), actor="United States"),
        ],
        [{"a"}, {"b"}],
    ),
    (
        "a drone without a side is no air strike either",
        [
            report("a", "al-mayadin", "2022-01-05", ("drone",)),
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
    # The same groups whatever order the reports come in.
    again = merge_events(list(reversed(reports)), GAZ)
    assert sorted(e.id for e in again) == sorted(e.id for e in events)


def test_each_report_joins_the_day_it_fits() -> None:
    thirteenth = [
        report("a", "al-omar", "2021-07-13", ("rocket",), span=(10, 20)),
        report("b", "al-omar", "2021-07-13", ("rocket",), span=(10, 20)),
    ]
    eleventh = report("a", "al-omar", "2021-07-11", ("rocket",), span=(30, 40))
    twelfth = report("b", "al-omar", "2021-07-12", ("rocket",), span=(30, 40))
    events = merge_events([*thirteenth, eleventh, twelfth], GAZ)
    groups = {frozenset((r.article, r.date_start.day) for r in e.reports) for e in events}
    assert groups == {frozenset({("a", 13), ("b", 13)}), frozenset({("a", 11), ("b", 12)})}


CONFIDENCE_CASES = [
    # (report confidences and outlets, event confidence)
    ([(0.9, "x")], 0.9),
    ([(0.4, "x"), (0.8, "x")], 0.8),
    ([(0.6, "x"), (0.3, "y")], 0.7),
    ([(0.6, "x"), (0.6, "y"), (0.6, "z")], 0.775),
    ([(1.0, "x"), (0.2, "y")], 1.0),
]


@pytest.mark.parametrize(("given", "expected"), CONFIDENCE_CASES)
def test_event_confidence_is_the_best_report_raised_by_more_outlets(
    given: list[tuple[float, str]], expected: float
) -> None:
    reports = [
        report(f"a{n}", "tanf", "2022-01-01", ("drone",), confidence=c, outlet=o)
        for n, (c, o) in enumerate(given)
    ]
    (event,) = merge_events(reports, GAZ)
    assert event.confidence == pytest.approx(expected)


def test_merge_links_on_the_seeds_reach_the_floor(tmp_path: Path) -> None:
    """``atlas events seeds --jsonl`` scored by the scorer copy: links F1 >= 0.80."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "events", str(ROOT / "seeds"), "--jsonl"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    events = tmp_path / "events.jsonl"
    events.write_text(done.stdout, encoding="utf-8")
    scored = subprocess.run(
        [
            sys.executable,
            str(EVAL / "score.py"),
            str(EVAL / "seeds-gold.json"),
            str(events),
            "--events",
            "--sites",
            str(EVAL / "sites.csv"),
            "-v",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    found = _LINKS.search(scored.stdout)
    assert found, scored.stdout + scored.stderr
    assert float(found["f1"]) >= 0.80, scored.stdout


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
