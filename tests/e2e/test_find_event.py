"""Finding one event in a real browser: a link, a table row, the article view (issue 10, point 7).

Debian's chromium over real HTTP against ``atlas serve`` on the e2e store. The event chosen is
one that has a map point of its own, so that its popup is the event's own (ending
``event <id>``); which one is computed from the store, never written down.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import AtlasPage, StoreView
from .test_dashboard import XSS_ARTICLE, _default_view, _query

pytestmark = pytest.mark.e2e

POPUP = ".leaflet-popup-content"
#: Runs in the map frame: the Leaflet map's zoom level.
ZOOM_JS = """() => { const L = window.L;
  const m = Object.values(window).find(v => L && v instanceof L.Map);
  return m ? m.getZoom() : null; }"""


def _alone(store: StoreView) -> list[str]:
    """Ids of dated events with coordinates that no other event shares, latest first."""
    frame = store.frame[store.frame["lat"].notna() & store.frame["date_start"].notna()].copy()
    frame["point"] = list(zip(frame["lat"].round(5), frame["lon"].round(5), strict=True))
    sizes = frame.groupby("point")["id"].transform("size")
    alone = frame[sizes == 1].sort_values("date_start", ascending=False, kind="stable")
    assert len(alone), "the e2e store has no event with a point of its own"
    return alone["id"].astype(str).tolist()


def _popup_of(atlas: AtlasPage, event_id: str) -> Any:
    popup = atlas.map_frame().locator(POPUP)
    popup.wait_for(state="visible")
    text = popup.inner_text()
    assert text.strip().endswith(f"event {event_id}"), text
    return popup


def test_a_link_to_an_event_zooms_to_it_and_opens_its_popup(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    start_zoom = atlas.map_frame().evaluate(ZOOM_JS)
    event_id = _alone(store_view)[-1]
    atlas.open({"event": event_id})
    atlas.wait_settled()
    _popup_of(atlas, event_id)
    assert atlas.map_frame().evaluate(ZOOM_JS) >= start_zoom
    assert _query(atlas)["event"] == event_id
    # the event's own panel is shown under the table, with its article links
    atlas.page.get_by_text("Read article").first.wait_for(state="visible")
    assert atlas.errors == [], atlas.errors


def test_a_selected_table_row_opens_the_events_popup(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    # the table lists the latest first: pick the first row whose event has a point of its own
    shown = store_view.frame.copy()
    day = shown["date_start"].fillna(shown["date_end"])
    order = shown.assign(day=day).sort_values("day", ascending=False, kind="stable",
                                              na_position="last")["id"].astype(str).tolist()
    alone = set(_alone(store_view))
    row = next(i for i, e in enumerate(order) if e in alone)
    assert row < 8, "the first rows of the table share their points"
    grid = atlas.page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # glide-data-grid: a 35 px header, 35 px rows, the selection column at the left edge
    atlas.page.mouse.click(box["x"] + 18, box["y"] + 35 + 35 * row + 17)
    atlas.wait_settled()
    _popup_of(atlas, order[row])
    assert _query(atlas)["event"] == order[row]
    assert atlas.errors == [], atlas.errors


def test_article_view_highlights_incidents_and_runs_no_markup(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    rows = store_view.frame[store_view.frame["articles"].fillna("").str.split("|").map(
        lambda ids: XSS_ARTICLE in ids)]
    atlas.open({"article": XSS_ARTICLE}, path="/article")
    atlas.wait_settled()
    body = atlas.page.locator(".atlas-article")
    body.wait_for(state="visible")
    assert body.locator("mark.atlas-incident").count() >= len(rows) >= 1
    assert body.locator("script, img").count() == 0
    assert "<script>" in body.inner_text()  # the markup shows as text
    assert set(atlas.xss_marks().values()) == {"undefined"}
    assert atlas.page.locator('[data-testid="stException"]').count() == 0
    # its incidents link back to the map
    link = atlas.page.get_by_role("link", name="show on the map").first
    assert "event=" in (link.get_attribute("href") or "")


def test_a_clicked_event_keeps_its_popup_open(atlas: AtlasPage, store_view: StoreView) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    frame = atlas.map_frame()
    markers = frame.locator(".atlas-marker")
    for i in range(markers.count()):
        marker = markers.nth(i)
        if marker.locator(".atlas-count").count() == 0:  # one event at this point
            marker.click()
            break
    popup = frame.locator(POPUP)
    popup.wait_for(state="visible")
    selected = popup.inner_text().strip().rsplit("event ", 1)[-1]
    atlas.wait_settled()  # the click selects the event and reruns the page
    assert _query(atlas)["event"] == selected
    assert frame.locator(POPUP).count() == 1, "the popup closed after the rerun"
    assert frame.locator(POPUP).inner_text().strip().endswith(f"event {selected}")
