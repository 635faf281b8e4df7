"""The timeline's period choice, counts and chart (dashboard.ui.timeline), table-driven."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.map.build import WEAPON_STYLE
from dashboard.ui.timeline import (
    BRUSH,
    DAILY_MAX_DAYS,
    TIMELINE_COLUMNS,
    brush_range,
    choose_freq,
    timeline_chart,
    timeline_data,
)


def _events(rows: list[tuple[str | None, str | None, str | None]]) -> pd.DataFrame:
    """Rows of (date_start, date_end, weapon_main)."""
    return pd.DataFrame({
        "date_start": pd.to_datetime([r[0] for r in rows]).astype("datetime64[s]"),
        "date_end": pd.to_datetime([r[1] for r in rows]).astype("datetime64[s]"),
        "weapon_main": [r[2] for r in rows],
    })


@pytest.mark.parametrize(
    ("first", "last", "freq"),
    [
        (date(2024, 1, 1), date(2024, 1, 1), "D"),
        (date(2024, 1, 1), date(2024, 4, 29), "D"),  # 120 days
        (date(2024, 1, 1), date(2024, 4, 30), "W"),  # 121 days
        (date(2019, 1, 1), date(2026, 1, 1), "W"),
    ],
)
def test_choose_freq(first: date, last: date, freq: str) -> None:
    assert DAILY_MAX_DAYS == 120
    assert choose_freq(first, last) == freq


def test_choose_freq_refuses_a_reversed_range() -> None:
    with pytest.raises(ValueError, match="after it ends"):
        choose_freq(date(2024, 2, 1), date(2024, 1, 1))


#: (events as (start, end, weapon), period, expected rows as (period, weapon, events))
TABLE = [
    ([], "D", []),
    ([("2024-01-09", "2024-01-09", "rocket")], "D", [("2024-01-09", "rocket", 1)]),
    (
        [
            ("2024-01-09", "2024-01-09", "drone"),
            ("2024-01-09", "2024-01-10", "rocket"),
            ("2024-01-09", "2024-01-09", "drone"),
            ("2024-01-08", "2024-01-08", "mortar"),
        ],
        "D",
        [("2024-01-08", "mortar", 1), ("2024-01-09", "rocket", 1), ("2024-01-09", "drone", 2)],
    ),
    # weeks start on Monday: 8 January 2024 is a Monday, 14 January a Sunday
    (
        [
            ("2024-01-08", "2024-01-08", "rocket"),
            ("2024-01-14", "2024-01-14", "rocket"),
            ("2024-01-15", "2024-01-15", "airstrike"),
            ("2024-01-07", "2024-01-07", "rocket"),
        ],
        "W",
        [("2024-01-01", "rocket", 1), ("2024-01-08", "rocket", 2),
         ("2024-01-15", "airstrike", 1)],
    ),
    # no first day: the last one; no day at all: left out; unknown weapons count as unknown
    (
        [
            (None, "2024-01-10", "rocket"),
            (None, None, "rocket"),
            ("2024-01-10", "2024-01-10", "laser"),
            ("2024-01-10", "2024-01-10", None),
        ],
        "D",
        [("2024-01-10", "rocket", 1), ("2024-01-10", "unknown", 2)],
    ),
]


@pytest.mark.parametrize(("events", "freq", "expected"), TABLE)
def test_timeline_data(events: list[tuple[str | None, str | None, str | None]], freq: str,
                       expected: list[tuple[str, str, int]]) -> None:
    data = timeline_data(_events(events), freq)
    assert list(data.columns) == list(TIMELINE_COLUMNS)
    got = [(p.date().isoformat(), w, int(n))
           for p, w, n in zip(data["period"], data["weapon"], data["events"], strict=True)]
    assert got == expected
    step = pd.Timedelta(days=1 if freq == "D" else 7)
    assert (data["period_end"] - data["period"] == step).all()
    assert list(data["label"]) == [WEAPON_STYLE[w].label for w in data["weapon"]]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: timeline_data(_events([]), "M"), "unknown period 'M'"),
        (lambda: timeline_data(pd.DataFrame({"date_start": []}), "D"), "date_end, weapon_main"),
        (lambda: timeline_chart(pd.DataFrame({"period": []}), "D"), "lacks column"),
        (lambda: timeline_chart(timeline_data(_events([]), "D"), "Y"), "unknown period 'Y'"),
    ],
)
def test_bad_input_is_named(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


@pytest.mark.parametrize("freq", ["D", "W"])
def test_chart_colours_follow_the_map(freq: str) -> None:
    data = timeline_data(_events([("2024-01-09", "2024-01-09", "drone"),
                                  ("2024-01-10", "2024-01-10", "rocket")]), freq)
    spec = timeline_chart(data, freq).to_dict()
    encoding = spec["encoding"]
    assert encoding["color"]["scale"]["domain"] == [s.label for s in WEAPON_STYLE.values()]
    assert encoding["color"]["scale"]["range"] == [s.color for s in WEAPON_STYLE.values()]
    assert (encoding["x"]["field"], encoding["x2"]["field"]) == ("period", "period_end")
    assert encoding["y"]["aggregate"] == "sum" and encoding["y"]["stack"] == "zero"
    assert encoding["x"]["title"] == ("Events per day" if freq == "D" else "Events per week")
    assert spec["mark"]["type"] == "bar"


@pytest.mark.parametrize("freq", ["D", "W"])
def test_chart_axis_shows_years_and_whole_counts(freq: str) -> None:
    data = timeline_data(_events([("2024-01-09", "2024-01-09", "drone")]), freq)
    spec = timeline_chart(data, freq).to_dict()
    x_axis, y_axis = spec["encoding"]["x"]["axis"], spec["encoding"]["y"]["axis"]
    assert "%Y" in x_axis["format"]
    assert (y_axis["format"], y_axis["tickMinStep"]) == ("d", 1)  # never "0.5 events"
    (param,) = spec["params"]
    assert param["name"] == BRUSH
    assert (param["select"]["type"], param["select"]["encodings"]) == ("interval", ["x"])


JAN_1 = 1704067200000  # 2024-01-01T00:00:00Z in epoch milliseconds
DAY_MS = 86_400_000

BRUSH_CASES = [
    ({"brush": {"period": [JAN_1, JAN_1 + 9 * DAY_MS]}}, (date(2024, 1, 1), date(2024, 1, 10))),
    ({"brush": {"period": [JAN_1 + 9 * DAY_MS, JAN_1]}}, (date(2024, 1, 1), date(2024, 1, 10))),
    ({"brush": {"period": ["2024-03-02T00:00:00", "2024-03-05"]}},
     (date(2024, 3, 2), date(2024, 3, 5))),
    ({"brush": {"period": [JAN_1 + DAY_MS // 2, JAN_1 + DAY_MS // 2]}},
     (date(2024, 1, 1), date(2024, 1, 1))),
    ({"brush": {}}, None),  # a click without a drag
    ({}, None),
    (None, None),
    ({"brush": {"period": [JAN_1]}}, None),
    ({"brush": {"period": ["not a date", JAN_1]}}, None),
    ({"brush": {"period": [True, JAN_1]}}, None),
]


@pytest.mark.parametrize(("selection", "expected"), BRUSH_CASES)
def test_brush_range(selection: dict | None, expected: tuple[date, date] | None) -> None:
    assert brush_range(selection) == expected
