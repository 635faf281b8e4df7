"""What the briefing header shows (dashboard.ui.briefing), table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd
import pytest

from dashboard.filters import Filters, describe
from dashboard.map.build import WEAPON_STYLE
from dashboard.map.labels import event_numbers
from dashboard.ui.briefing import (
    LegendItem,
    SideLayout,
    build_briefing,
    date_range_text,
    filters_line,
    generated_line,
    legend_html,
    legend_items,
    side_layout,
    side_list_html,
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


# --------------------------------------------------------------------------- filters, side list

_SPAN = {"date_from": date(2021, 6, 1), "date_to": date(2021, 7, 31)}


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({}, "All events in the range"),
        ({"sites": ("al-omar",)}, "Sites: al-Omar oil field"),
        ({"sites": ("al-omar", "x-key")}, "Sites: al-Omar oil field, x-key"),
        ({"weapons": ("rocket", "small_arms")}, "Weapons: rocket, small arms"),
        ({"new_only": True, "actors": ("IRGC",)},
         "Actors: IRGC; new incidents only (no back-references)"),
        ({"min_casualties": 2, "text": "Omar"},
         "At least this many killed + injured: 2; Text: \u201cOmar\u201d"),
        ({"show_rejected": True, "briefing": True, "selected": "ev-1"},
         "including events an analyst rejected"),
    ],
)
def test_filters_line_states_every_active_filter(changes: dict, line: str) -> None:
    chosen = Filters(**_SPAN, **changes)
    assert filters_line(chosen, {"al-omar": "al-Omar oil field"}) == line


def _events(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "id": [f"ev-{i}" for i in range(n)],
        "site_name": ["al-Omar oil field <b>" if i % 2 else "Conoco gas plant" for i in range(n)],
        "date_start": [pd.Timestamp(2021, 7, 10 - i % 9) for i in range(n)],
        "date_end": [pd.Timestamp(2021, 7, 10 - i % 9) for i in range(n)],
        "weapon": ["rocket|mortar"] * n,
        "count": [4] * n, "count_max": [6] * n,
        "killed": [None] * n, "killed_max": [None] * n,
        "injured": [0] * n, "injured_max": [0] * n,
        "casualties": ["none"] * n,
        "outlets": ["A|B"] * n,
        "confidence": ([0.3] + [0.9] * (n - 1))[:n],
    })


def test_side_list_numbers_the_events_as_the_map() -> None:
    frame = _events(3)
    html = side_list_html(frame)
    numbers = event_numbers(frame)
    assert html.count("<li ") == 3
    first = html.index('<li value="1">')
    assert frame.loc[numbers.idxmin(), "id"] == "ev-2"  # 2021-07-08, the earliest
    assert "2021-07-08" in html[first:html.index('<li value="2">')]
    assert "rocket, mortar \u00d74\u20136; killed/injured 0/0; " in html
    assert "al-Omar oil field &lt;b&gt;" in html and "<b>" not in html
    assert "(low confidence 0.30)" in html
    assert "A, B" in html


@pytest.mark.parametrize(
    ("rows", "height", "wrap", "font_px"),
    [
        (1, 880, True, 12.0),  # a short list: whole rows at the largest type
        (12, 880, True, 12.0),  # 12 rows of up to 4 lines: 12 x 5.25 em x 12 px = 756 px
        (15, 880, True, 11.1),  # whole rows, a little smaller
        (16, 880, False, 12.0),  # whole rows would go below 11 px: one line each instead
        (30, 880, False, 11.5),  # the longest list: 30 x 2.55 em x 11.5 px = 880 px
        (30, 600, False, 7.8),  # (a shorter height: the type shrinks, the list never scrolls)
        (0, 880, True, 12.0),  # no row: the largest type (nothing drawn)
    ],
)
def test_side_layout_fits_every_row(rows: int, height: int, wrap: bool, font_px: float) -> None:
    layout = side_layout(rows, height)
    assert layout == SideLayout(wrap, font_px)
    ems = 4 * 1.25 + 0.25 if wrap else 2 * 1.2 + 0.15
    assert rows * ems * layout.font_px <= height


@pytest.mark.parametrize(
    ("n", "kind", "font"), [(3, "atlas-side wrap", "12"), (30, "atlas-side", "11.5")]
)
def test_side_list_is_set_as_the_layout_chooses(n: int, kind: str, font: str) -> None:
    head = f'<div class="{kind}" style="font-size:{font}px">'
    assert side_list_html(_events(n)).startswith(head)


@pytest.mark.parametrize(("n", "listed"), [(0, False), (1, True), (30, True), (31, False)])
def test_side_list_only_up_to_thirty_events(n: int, listed: bool) -> None:
    assert bool(side_list_html(_events(n))) is listed
