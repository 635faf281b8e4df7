"""What the briefing header shows (dashboard.ui.briefing), table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd
import pytest

from dashboard.filters import describe
from dashboard.map.build import WEAPON_STYLE
from dashboard.ui.briefing import (
    LegendItem,
    build_briefing,
    date_range_text,
    generated_line,
    legend_html,
    legend_items,
    sources_line,
)


def _frame(outlets: list[str | None] = (), weapons: list[str | None] = ()) -> pd.DataFrame:
    n = max(len(outlets), len(weapons))
    outlets = list(outlets) + ["X"] * (n - len(outlets))
    weapons = list(weapons) + ["rocket"] * (n - len(weapons))
    return pd.DataFrame({
        "id": [f"ev-{i}" for i in range(n)],
        "outlets": outlets,
        "weapon_main": weapons,
        "n_reports": [1] * n,
        "articles": [f"a{i}" for i in range(n)],
    })


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2024, 1, 8), date(2024, 1, 8), "2024-01-08"),
        (date(2024, 1, 8), date(2024, 2, 19), "2024-01-08 \u2013 2024-02-19"),
        (date(2023, 12, 31), date(2024, 1, 1), "2023-12-31 \u2013 2024-01-01"),
    ],
)
def test_date_range_text(first: date, last: date, text: str) -> None:
    assert date_range_text(first, last) == text


def test_date_range_text_refuses_a_reversed_range() -> None:
    with pytest.raises(ValueError, match="starts 2024-02-01 after it ends 2024-01-01"):
        date_range_text(date(2024, 2, 1), date(2024, 1, 1))


@pytest.mark.parametrize(
    ("outlets", "limit", "line"),
    [
        ([], 8, "Sources: none"),
        ([None, ""], 8, "Sources: none"),
        (["A"], 8, "Sources: A (1 event)"),
        (["A|B", "B", "B|C"], 8, "Sources: B (3 events), A (1 event), C (1 event)"),
        (["A|A", "A"], 8, "Sources: A (2 events)"),  # once per event
        ([" A | B ", "b"], 8, "Sources: A (1 event), B (1 event), b (1 event)"),
        (["A|B|C", "C"], 1, "Sources: C (2 events) and 2 more outlets"),
        (["A|B|C", "C"], 2, "Sources: C (2 events), A (1 event) and 1 more outlet"),
        (["<script>x</script>"], 8, "Sources: <script>x</script> (1 event)"),
    ],
)
def test_sources_line(outlets: list[str | None], limit: int, line: str) -> None:
    assert sources_line(_frame(outlets=outlets), limit) == line


def test_sources_line_needs_a_positive_limit() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        sources_line(_frame(outlets=["A"]), 0)


@pytest.mark.parametrize(
    ("weapons", "expected"),
    [
        ([], []),
        (["rocket"], [("rocket", 1)]),
        (["drone", "rocket", "drone"], [("rocket", 1), ("drone", 2)]),  # the map's order
        (["laser", None, "unknown"], [("unknown", 3)]),
        (["small_arms", "mortar"], [("mortar", 1), ("small_arms", 1)]),
    ],
)
def test_legend_items(weapons: list[str | None], expected: list[tuple[str, int]]) -> None:
    items = legend_items(_frame(weapons=weapons))
    assert [(i.weapon, i.events) for i in items] == expected
    for item in items:
        style = WEAPON_STYLE[item.weapon]
        assert (item.label, item.color) == (style.label, style.color)


def test_legend_html_escapes_and_checks_colours() -> None:
    html = legend_html([LegendItem("rocket", "<b>Rocket</b>", "#d55e00", 1200)])
    assert "&lt;b&gt;Rocket&lt;/b&gt; (1,200)" in html and "<b>" not in html
    assert 'style="background:#d55e00"' in html
    assert legend_html([]).endswith("No events</div>")
    with pytest.raises(ValueError, match="expected #rrggbb"):
        legend_html([LegendItem("rocket", "Rocket", "red;background:url(x)", 1)])


@pytest.mark.parametrize(
    ("now", "line"),
    [
        (datetime(2024, 3, 1, 9, 5, 59, tzinfo=UTC), "Generated on 2024-03-01 09:05 UTC"),
        (datetime(2024, 3, 1, 1, 30, tzinfo=timezone(timedelta(hours=3))),
         "Generated on 2024-02-29 22:30 UTC"),
        (datetime(2024, 12, 31, 22, 0, tzinfo=timezone(timedelta(hours=-5))),
         "Generated on 2025-01-01 03:00 UTC"),
    ],
)
def test_generated_line(now: datetime, line: str) -> None:
    assert generated_line(now) == line


def test_generated_line_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generated_line(datetime(2024, 3, 1, 9, 5))


def test_build_briefing_collects_every_line() -> None:
    frame = _frame(outlets=["A|B", "B"], weapons=["drone", "rocket"])
    brief = build_briefing(frame, date(2024, 1, 1), date(2024, 1, 31),
                           datetime(2024, 2, 1, 12, 0, tzinfo=UTC), title="Weekly brief")
    assert brief.title == "Weekly brief"
    assert brief.date_range == "2024-01-01 \u2013 2024-01-31"
    assert brief.counts == describe(frame) == "2 events (2 reports from 2 articles)"
    assert brief.sources == "Sources: B (2 events), A (1 event)"
    assert brief.generated == "Generated on 2024-02-01 12:00 UTC"
    assert [i.weapon for i in brief.legend] == ["rocket", "drone"]
