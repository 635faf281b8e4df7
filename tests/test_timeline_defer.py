"""The timeline drawn after the map (dashboard.ui.timeline_panel.draw_timeline_part), in AppTest.

With a browser (``AppTest.context`` given, as a browser reports it) and the fast map drawing
data layers, a full run draws the placeholder and the hidden trigger the map's frame presses;
the next run draws the chart. Without a browser, without a data layer or in the naive map mode
the chart is drawn at once, as before. The frame's own press (a fragment run) is covered in a
real browser by tests/e2e/test_filter_runs.py and test_load_runs.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from _app import PAGES, RUN_TIMEOUT
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from dashboard.ui.state import K_BRIEFING, K_DATES, SIDEBAR_TRIGGER
from dashboard.ui.timeline_panel import TRIGGER_KEY, timeline_token, trigger_script

MAP_PAGE = next(p for p in PAGES if p.name == "map.py")
CHART = "vega_lite_chart"


def _open(db: Path, monkeypatch: pytest.MonkeyPatch, *, browser: bool,
          query: dict[str, str] | None = None) -> AppTest:
    monkeypatch.setenv("ATLAS_DB", str(db))
    at = AppTest.from_file(str(MAP_PAGE), default_timeout=RUN_TIMEOUT)
    if browser:
        at.context = {"timezone": "UTC", "locale": "en-GB"}
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest) -> tuple[int, int]:
    """(charts, trigger buttons) on the page."""
    return len(at.get(CHART)), sum(1 for b in at.button if b.key == TRIGGER_KEY)


@pytest.mark.parametrize(
    ("browser", "query", "mode", "expected"),
    [
        (False, None, "fast", (1, 0)),  # AppTest / no browser: at once
        (True, None, "fast", (0, 1)),  # waits for the map's frame
        (True, {"layers": ""}, "fast", (1, 0)),  # no data layer: no frame script
        (True, None, "naive", (1, 0)),  # naive map: no frame script
    ],
    ids=["no-browser", "browser", "no-layer", "naive"],
)
def test_the_chart_waits_for_the_map_only_behind_the_fast_map_in_a_browser(
    fixture_store: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch,
    browser: bool, query: dict[str, str] | None, mode: str, expected: tuple[int, int],
) -> None:
    monkeypatch.setenv("ATLAS_MAP_MODE", mode)
    at = _open(fixture_store[0], monkeypatch, browser=browser, query=query)
    assert _shown(at) == expected


def test_pressing_the_trigger_draws_the_chart_and_it_stays(
    fixture_store: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_MAP_MODE", "fast")
    at = _open(fixture_store[0], monkeypatch, browser=True)
    assert _shown(at) == (0, 1)
    next(b for b in at.button if b.key == TRIGGER_KEY).click().run()
    assert not at.exception, at.exception
    assert _shown(at)[0] == 1
    at.run()  # the same filters again: the chart is drawn at once
    assert _shown(at) == (1, 0)


def test_a_wait_left_unanswered_is_not_repeated(
    fixture_store: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback: the frame never pressed; the next full run draws the chart itself."""
    monkeypatch.setenv("ATLAS_MAP_MODE", "fast")
    at = _open(fixture_store[0], monkeypatch, browser=True)
    assert _shown(at) == (0, 1)
    at.run()
    assert _shown(at) == (1, 0)


def test_the_token_tells_filters_and_data_versions_apart() -> None:
    one = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 1, 31))
    other = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 2, 29))
    tokens = {timeline_token("v1", one), timeline_token("v1", other),
              timeline_token("v2", one)}
    assert len(tokens) == 3
    assert timeline_token("v1", one) == timeline_token("v1", Filters(
        date_from=date(2024, 1, 1), date_to=date(2024, 1, 31)))


def test_the_frame_script_carries_its_token_and_the_trigger() -> None:
    january = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 1, 31))
    token = timeline_token("v1", january)
    script = trigger_script(token)
    assert f"var token = {json.dumps(token)}" in script
    assert json.dumps(f".st-key-{TRIGGER_KEY} button") in script
    assert trigger_script(timeline_token("v2", january)) != script


@pytest.mark.parametrize(
    ("first", "presses_the_sidebar"),
    [
        (True, True),  # a session's first map: the sidebar's trigger, then the timeline's
        (False, False),  # a frame that pressed before: the timeline's trigger only
    ],
    ids=["first-map", "pressed-before"],
)
def test_on_a_first_map_the_frame_has_the_sidebar_sent_first(
    first: bool, presses_the_sidebar: bool
) -> None:
    january = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 1, 31))
    script = trigger_script(timeline_token("v1", january), first=first)
    assert (json.dumps(f".st-key-{SIDEBAR_TRIGGER} button") in script) is presses_the_sidebar
    assert (json.dumps([f".st-key-{K_DATES}", f".st-key-{K_BRIEFING}"]) in script) \
        is presses_the_sidebar
    assert json.dumps(f".st-key-{TRIGGER_KEY} button") in script


def test_a_first_map_draws_the_sidebar_trigger_beside_the_timeline_trigger(
    fixture_store: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_MAP_MODE", "fast")
    at = _open(fixture_store[0], monkeypatch, browser=True)
    keys = [b.key for b in at.button]
    assert (keys.count(TRIGGER_KEY), keys.count(SIDEBAR_TRIGGER)) == (1, 1)
    next(b for b in at.button if b.key == TRIGGER_KEY).click().run()
    assert not at.exception, at.exception
    keys = [b.key for b in at.button]
    assert (_shown(at)[0], keys.count(SIDEBAR_TRIGGER)) == (1, 0)


def _below(at: AppTest) -> tuple[int, int]:
    """(event tables, download buttons) on the page."""
    return len(at.dataframe), len(at.get("download_button"))


def test_the_table_and_the_downloads_wait_with_the_chart(
    fixture_store: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the map, the table and the downloads are drawn with the chart, not before."""
    monkeypatch.setenv("ATLAS_MAP_MODE", "fast")
    at = _open(fixture_store[0], monkeypatch, browser=False)
    at_once = _below(at)
    assert at_once[0] == 1 and at_once[1] >= 6
    at = _open(fixture_store[0], monkeypatch, browser=True)
    assert _below(at) == (0, 0)
    # the headings and the caption are there already (placeholders keep the page's height)
    assert {"Events", "Download the events shown"} <= {s.value for s in at.subheader}
    next(b for b in at.button if b.key == TRIGGER_KEY).click().run()
    assert not at.exception, at.exception
    assert _below(at) == at_once
