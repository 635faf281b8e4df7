"""The site filter and the map's view in a real browser (issue 10, point 8).

Debian's chromium over real HTTP against ``atlas serve`` on the e2e store: typing "Omar" in the
site filter and pressing Enter selects al-Omar only; moving the map writes its centre and zoom
into the URL, and that URL opens the map at the same view.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from .conftest import AtlasPage, StoreView
from .test_dashboard import _default_view, _query

pytestmark = pytest.mark.e2e

#: Runs in the map frame: the Leaflet map's centre and zoom.
VIEW_JS = """() => { const L = window.L;
  const m = Object.values(window).find(v => L && v instanceof L.Map);
  if (!m) return null; const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"""


def test_typing_omar_selects_only_al_omar(atlas: AtlasPage, store_view: StoreView) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    box = atlas.page.locator('[data-testid="stMultiSelect"]').filter(has_text="Sites")
    assert box.count() == 1
    field = box.locator("input").first
    field.click()
    field.fill("Omar")
    options = atlas.page.locator('[role="option"]').all_inner_texts()
    assert options and all("omar" in o.casefold() for o in options), options
    assert not any("ambiguous:" in o for o in options)
    atlas.page.keyboard.press("Enter")
    atlas.page.keyboard.press("Escape")
    counts, markers = store_view.expect(replace(store_view.defaults(), sites=("al-omar",)))
    atlas.wait_view(counts, markers)
    assert _query(atlas)["site"] == "al-omar"


def test_a_moved_map_is_in_the_url_and_the_url_reopens_it(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    assert "center" not in _query(atlas), "the map's own start is not a user's view"
    frame = atlas.map_frame()
    frame.locator(".leaflet-control-zoom-in").click()
    atlas.wait_settled()
    zoomed = frame.evaluate(VIEW_JS)
    query = _query(atlas)
    assert int(query["zoom"]) == zoomed[2]
    lat, lon = (float(v) for v in query["center"].split(","))
    assert abs(lat - zoomed[0]) < 0.01 and abs(lon - zoomed[1]) < 0.01
    assert query["layers"] == "events"
    other = AtlasPage(atlas.page.context.new_page(), atlas.base_url)
    try:
        other.open(query)
        other.wait_settled()
        reopened = other.map_frame().evaluate(VIEW_JS)
        assert reopened[2] == zoomed[2]
        assert abs(reopened[0] - zoomed[0]) < 0.01 and abs(reopened[1] - zoomed[1]) < 0.01
        assert other.errors == []
    finally:
        other.page.close()
