"""The timeline's brush in a real browser: a drag across it sets the date filter (issue 10, 6).

Debian's chromium over real HTTP against ``atlas serve`` on the e2e store. The expected counts
line is computed from the URL the app writes after the drag, with the library.
"""

from __future__ import annotations

import pytest

from .conftest import AtlasPage, StoreView
from .test_dashboard import _default_view, _filters_from_url

pytestmark = pytest.mark.e2e


def test_dragging_across_the_timeline_sets_the_dates(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    before = _default_view(atlas, store_view)
    chart = atlas.page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    plot = chart.locator("path.background").first  # the plot area of the Vega-Lite chart
    plot.wait_for(state="visible")
    box = plot.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20, box
    # drag over the middle of the time axis, inside the plot
    y = box["y"] + box["height"] * 0.5
    atlas.page.mouse.move(box["x"] + box["width"] * 0.35, y)
    atlas.page.mouse.down()
    atlas.page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=12)
    atlas.page.mouse.up()
    after = atlas.wait_view(differs_from=before)
    chosen = _filters_from_url(atlas, store_view)
    full = store_view.defaults()
    assert full.date_from < chosen.date_from <= chosen.date_to < full.date_to
    counts, markers = store_view.expect(chosen)
    assert (after.counts, after.drawn) == (counts, markers)
    # the sidebar says the same range
    thumbs = atlas.page.locator('[data-testid="stSlider"]').filter(
        has_text="Date range").locator('[data-testid="stSliderThumbValue"]').all_inner_texts()
    assert thumbs == [chosen.date_from.isoformat(), chosen.date_to.isoformat()]
    assert atlas.errors == [], atlas.errors
