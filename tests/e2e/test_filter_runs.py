"""A filter change runs the script once, in a real browser (issue 13, point 4).

The map refits itself to the filtered events. Before, streamlit-folium reported that new view
back to the app, which ran the whole script a second time after every filter change. The map
now jumps to a view the app asked for and keeps streamlit-folium from reporting it
(``dashboard.map.elements.Decor``); a view the user chooses is still reported (see
``test_map_view.py``). Each row: the preset clicked, how many script runs follow it.
"""

from __future__ import annotations

import time

import pytest

from dashboard import filters

from .conftest import AtlasPage, StoreView
from .test_dashboard import PRESETS, _default_view, _query

pytestmark = pytest.mark.e2e

#: Counts the runs Streamlit starts (its app root's script state turning to "running").
COUNT_RUNS_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__atlasRuns = 0;
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__atlasRuns += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""

#: Seconds to keep watching after the view settled: more than streamlit-folium's 250 ms
#: debounce of a map move, so a reported view would have started its run by then.
AFTER = 1.5

#: (presets clicked in turn, script runs each click starts)
CASES = [
    (["Last 30 days", "All"], [1, 1]),
    (["Last 7 days", "Last 90 days", "All"], [1, 1, 1]),
]


@pytest.mark.parametrize(("presets", "runs"), CASES, ids=["30d-all", "7d-90d-all"])
def test_a_preset_click_runs_the_script_once(
    atlas: AtlasPage, store_view: StoreView, presets: list[str], runs: list[int]
) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    atlas.page.evaluate(COUNT_RUNS_JS)
    seen = []
    for preset in presets:
        start, end = filters.preset_range(PRESETS[preset], store_view.span)
        counts, markers = store_view.expect(filters.Filters(date_from=start, date_to=end))
        atlas.page.evaluate("() => { window.__atlasRuns = 0; }")
        atlas.page.get_by_role("button", name=preset, exact=True).click()
        atlas.wait_view(counts, markers)
        time.sleep(AFTER)
        atlas.wait_settled()
        seen.append(atlas.page.evaluate("() => window.__atlasRuns"))
        assert "center" not in _query(atlas), "a refit to the events is not the user's view"
    assert seen == runs
    assert atlas.errors == []
