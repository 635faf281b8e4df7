"""A filter change runs the script once, in a real browser (issue 13, point 4).

The map refits itself to the filtered events. Before, streamlit-folium reported that new view
back to the app, which ran the whole script a second time after every filter change. The map
now jumps to a view the app asked for and keeps streamlit-folium from reporting it
(``dashboard.map.elements.Decor``); a view the user chooses is still reported (see
``test_map_view.py``). Each row: the preset clicked, how many full script runs follow it.

The timeline is drawn after the map, in a fragment run the map's frame starts once its
markers are drawn (``dashboard.ui.timeline_panel``): a click is followed by exactly one full
run and at most one fragment run (none when the chart of those filters is already drawn), and
the chart is there at the end. Runs are counted from the server's messages (:class:`RunLog`).
"""

from __future__ import annotations

import time

import pytest

from dashboard import filters

from ._runs import RunLog
from .conftest import AtlasPage, StoreView
from .test_dashboard import PRESETS, _default_view, _query

pytestmark = pytest.mark.e2e

#: The timeline's chart (Vega-Lite).
CHART = '[data-testid="stVegaLiteChart"]'

#: Seconds to keep watching after the view settled: more than streamlit-folium's 250 ms
#: debounce of a map move, so a reported view would have started its run by then.
AFTER = 1.5

#: (presets clicked in turn, full script runs each click starts)
CASES = [
    (["Last 30 days", "All"], [1, 1]),
    (["Last 7 days", "Last 90 days", "All"], [1, 1, 1]),
]


@pytest.mark.parametrize(("presets", "runs"), CASES, ids=["30d-all", "7d-90d-all"])
def test_a_preset_click_runs_the_script_once(
    atlas: AtlasPage, store_view: StoreView, presets: list[str], runs: list[int]
) -> None:
    log = RunLog(atlas.page)
    atlas.open()
    _default_view(atlas, store_view)
    time.sleep(AFTER)  # the first load's own runs are over
    atlas.wait_settled()
    seen, fragments = [], []
    for preset in presets:
        start, end = filters.preset_range(PRESETS[preset], store_view.span)
        counts, markers = store_view.expect(filters.Filters(date_from=start, date_to=end))
        log.reset()
        atlas.page.get_by_role("button", name=preset, exact=True).click()
        atlas.wait_view(counts, markers)
        time.sleep(AFTER)
        atlas.wait_settled()
        full, fragment = log.counts()
        seen.append(full)
        fragments.append(fragment)
        assert "center" not in _query(atlas), "a refit to the events is not the user's view"
        if markers:
            assert atlas.page.locator(CHART).count() == 1, f"{preset}: no timeline"
    assert seen == runs
    assert all(n <= 1 for n in fragments), f"fragment runs per click: {fragments}"
    assert atlas.errors == []
