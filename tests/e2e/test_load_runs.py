"""A first page load runs the script once, in a real browser (issue 10, issue 13 point 4).

Before, a new session's first page ran the whole script three times: streamlit-folium
reported the map's first view (its default value has no centre), then the view again when its
frame got its height (the centre moved by a fraction of a pixel), and on a ``?event=ID`` link
the popup the app's own focus opened. Those reports only repeated what the app knew; the map
now keeps them to itself (``dashboard.map.elements.Decor``). The user's own moves and clicks
are still reported (``test_map_view.py``, ``test_find_event.py``).

Each row: the link opened, and what the page must show once loaded. Runs are counted from
the server's messages (:class:`RunLog`: every run it starts, full or fragment, watched from
before the page opens its WebSocket), and the map's reports to Streamlit
(``streamlit:setComponentValue`` messages from its frame) in the page. The timeline is drawn
after the map in a fragment run the map's frame starts (``dashboard.ui.timeline_panel``); on
a session's first map the frame first has the sidebar sent (a fragment run that only draws
placeholders again): a load is one full run and at most two fragment runs, and the chart is
there at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from dashboard import filters
from dashboard.map.build import fit_view

from ._harness import map_frame
from ._runs import RunLog
from .conftest import POLL, VIEW_TIMEOUT, AtlasPage, StoreView
from .test_dashboard import _query
from .test_filter_runs import AFTER, CHART
from .test_find_event import _alone, _popup_of
from .test_map_view import VIEW_JS

pytestmark = pytest.mark.e2e

#: Installed before the page loads: counts the map frame's value reports.
WATCH_JS = """(() => {
  if (window !== window.top) return;
  window.__atlasReports = 0;
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (data && data.type === 'streamlit:setComponentValue') window.__atlasReports += 1;
  });
})();"""

#: Map height of the map page (``dashboard/views/map.py``).
HEIGHT = 600


def _last_30_days(store: StoreView) -> tuple[filters.Filters, dict[str, str]]:
    start, end = filters.preset_range("30d", store.span)
    chosen = filters.Filters(date_from=start, date_to=end)
    return chosen, {"from": start.isoformat(), "to": end.isoformat()}


def _plain(atlas: AtlasPage, store: StoreView) -> None:
    counts, markers = store.expect(store.defaults())
    atlas.wait_view(counts, markers)
    assert "center" not in _query(atlas), "the map's own start is not a user's view"


def _filtered(atlas: AtlasPage, store: StoreView) -> None:
    chosen, _ = _last_30_days(store)
    counts, markers = store.expect(chosen)
    atlas.wait_view(counts, markers)
    shown = filters.apply(store.frame, chosen)
    (lat, lon), zoom = fit_view(shown, height_px=HEIGHT)
    seen = atlas.map_frame().evaluate(VIEW_JS)
    assert seen[2] == zoom, f"the map is not fitted to the filtered events: {seen} vs {zoom}"
    assert abs(seen[0] - lat) < 0.01 and abs(seen[1] - lon) < 0.01, (seen, lat, lon)
    assert "center" not in _query(atlas), "a fit to the events is not the user's view"


def _map_view(atlas: AtlasPage) -> list[float]:
    """The map's [lat, lon, zoom] once its frame holds a map (bounded wait)."""
    atlas.wait_settled()
    deadline = time.monotonic() + VIEW_TIMEOUT
    while time.monotonic() < deadline:
        frame = map_frame(atlas.page)
        seen = frame.evaluate(VIEW_JS) if frame is not None else None
        if seen is not None:
            return list(seen)
        time.sleep(POLL)
    raise AssertionError(f"no map on {atlas.page.url} within {VIEW_TIMEOUT:.0f} s")


def _event(atlas: AtlasPage, store: StoreView) -> None:
    event_id = _alone(store)[-1]
    _map_view(atlas)
    _popup_of(atlas, event_id)
    atlas.wait_settled()
    everything = fit_view(store.frame, height_px=HEIGHT)[1]
    assert _map_view(atlas)[2] > everything, "the map did not zoom in"
    query = _query(atlas)
    assert query["event"] == event_id
    assert "center" not in query, "the app's focus on the event is not the user's view"


def _view(atlas: AtlasPage, store: StoreView) -> None:
    del store  # the link's view, whatever the events
    lat, lon, zoom = _map_view(atlas)
    assert zoom == 9 and abs(lat - 34.5) < 0.01 and abs(lon - 40.5) < 0.01, (lat, lon, zoom)
    query = _query(atlas)
    assert (query["center"], query["zoom"]) == ("34.50000,40.50000", "9")


def _params(case: str, store: StoreView) -> dict[str, str]:
    if case == "filtered":
        return _last_30_days(store)[1]
    if case == "event":
        return {"event": _alone(store)[-1]}
    if case == "view":
        return {"center": "34.5,40.5", "zoom": "9"}
    return {}


#: (link, check of the loaded page)
CASES: list[tuple[str, Callable[[AtlasPage, StoreView], None]]] = [
    ("plain", _plain),
    ("filtered", _filtered),
    ("event", _event),
    ("view", _view),
]


@pytest.mark.parametrize(("case", "check"), CASES, ids=[c for c, _ in CASES])
def test_a_first_page_load_runs_the_script_once(
    chromium: Any, atlas_url: str, store_view: StoreView, case: str,
    check: Callable[[AtlasPage, StoreView], None],
) -> None:
    atlas = AtlasPage(chromium.new_page(), atlas_url)  # a new session: a new tab
    try:
        atlas.page.add_init_script(WATCH_JS)
        log = RunLog(atlas.page)
        atlas.open(_params(case, store_view))
        check(atlas, store_view)
        time.sleep(AFTER)
        atlas.wait_settled()
        full, fragment = log.counts()
        reports = atlas.page.evaluate("() => window.__atlasReports")
        seen = [full, reports]
        assert seen == [1, 0], f"{case}: [full script runs, map reports] = {seen}"
        assert fragment <= 2, f"{case}: {fragment} fragment runs"
        assert atlas.page.locator(CHART).count() == 1, f"{case}: no timeline"
        assert atlas.errors == []
    finally:
        atlas.page.close()
    assert atlas.outside_requests() == []
    assert atlas.dialogs == []
