"""The dashboard in a real browser: Debian's chromium over real HTTP against ``atlas serve``.

Every expected figure is computed in Python from the test store with the library
(``dashboard.filters.apply``/``describe``), never written down. Every wait is bounded (see
``conftest.VIEW_TIMEOUT``); nothing asserts how long something took.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from matplotlib import image as mpimg
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import filters

from .conftest import E2E_DATA, AtlasPage, StoreView, View

pytestmark = pytest.mark.e2e

#: The markup article of tests/data/e2e, and the outlet its articles.csv gives it (with markup).
XSS_ARTICLE = "x01_shaddadi_markup"
with (E2E_DATA / "articles.csv").open(encoding="utf-8", newline="") as _index:
    XSS_OUTLET = next(r["outlet"] for r in csv.DictReader(_index)
                      if r["file"].startswith(XSS_ARTICLE))
#: Markup inside the article's evidence sentence (the page decodes its HTML entities to this).
XSS_QUOTE_MARKUP = "<script>__xss=5</script>"
PRESETS = {"Last 7 days": "7d", "Last 30 days": "30d", "Last 90 days": "90d", "All": "all"}
EXCEPTION = '[data-testid="stException"]'
GENERATED_RE = re.compile(r"Generated on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


def _query(atlas: AtlasPage) -> dict[str, str]:
    """The page's current query parameters (the app mirrors every filter there)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(atlas.page.url).query).items()}


def _filters_from_url(atlas: AtlasPage, store: StoreView) -> filters.Filters:
    chosen, warnings = filters.from_query(_query(atlas), store.span, store.known)
    assert not warnings, f"the app wrote a URL it cannot read back: {warnings}"
    return chosen


def _date_slider(atlas: AtlasPage) -> Any:
    slider = atlas.page.locator('[data-testid="stSlider"]').filter(has_text="Date range")
    assert slider.count() == 1, "no slider labelled 'Date range' on the map page"
    return slider


def _thumb_values(atlas: AtlasPage) -> list[str]:
    return _date_slider(atlas).locator('[data-testid="stSliderThumbValue"]').all_inner_texts()


def _default_view(atlas: AtlasPage, store: StoreView) -> View:
    counts, markers = store.expect(store.defaults())
    return atlas.wait_view(counts, markers)


def _choose_weapon(atlas: AtlasPage, weapon: str) -> None:
    box = atlas.page.locator('[data-testid="stMultiSelect"]').filter(
        has_text=re.compile("weapon", re.IGNORECASE)
    )
    assert box.count() == 1, "no multiselect about weapons in the sidebar"
    field = box.locator("input").first
    field.click()
    field.fill(weapon)
    atlas.page.keyboard.press("Enter")
    atlas.page.keyboard.press("Escape")


def _xss_event(store: StoreView) -> str:
    rows = store.frame[store.frame["articles"].fillna("").str.split("|").map(
        lambda ids: XSS_ARTICLE in ids)]
    assert len(rows) == 1, f"the markup article gave {len(rows)} events, expected 1"
    return str(rows["id"].iloc[0])


def _decode_png(path: Path) -> np.ndarray:
    pixels = mpimg.imread(path)
    if pixels.dtype != np.uint8:
        pixels = np.round(pixels * 255).astype(np.uint8)
    return pixels[..., :3]


def _distinct_colours(pixels: np.ndarray) -> int:
    flat = pixels.reshape(-1, 3).astype(np.uint32)
    return len(np.unique((flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]))


# --------------------------------------------------------------------------- 1. local assets


def test_map_loads_inside_the_component_from_local_assets(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    frame = atlas.map_frame()
    assert frame.locator(".leaflet-container").count() == 1
    assert frame.locator(".leaflet-container").is_visible()
    sources = frame.evaluate(
        """() => [...document.querySelectorAll('script[src], link[href]')]
                 .map(e => e.src || e.href)"""
    )
    leaflet = [s for s in sources if s.endswith("/leaflet.js")]
    assert leaflet, f"the map frame loads no leaflet.js: {sources}"
    assert all(s.startswith(f"{atlas.base_url}/app/static/vendor/") for s in leaflet), leaflet
    loaded = [u for u in atlas.requests if "/app/static/vendor/" in u]
    assert any(u.endswith("/leaflet.js") for u in loaded), "leaflet.js never requested locally"
    assert any("markercluster" in u for u in loaded), "markercluster never requested locally"
    assert atlas.outside_requests() == [], "requests left 127.0.0.1"
    assert atlas.errors == [], f"JavaScript errors: {atlas.errors}"


# --------------------------------------------------------------------------- 2. counts


def test_stated_count_and_drawn_markers_match_the_store(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    counts, markers = store_view.expect(store_view.defaults())
    atlas.open()
    view = atlas.wait_view()  # whatever it shows first, settled
    assert view.counts == counts
    assert view.drawn == markers
    assert view.held == markers
    assert markers == len(store_view.frame), "every test event has coordinates"


# --------------------------------------------------------------------------- 3. date range


@pytest.mark.parametrize("preset", ["Last 30 days", "Last 90 days"])
def test_date_preset_narrows_counts_and_markers(
    atlas: AtlasPage, store_view: StoreView, preset: str
) -> None:
    atlas.open()
    before = _default_view(atlas, store_view)
    start, end = filters.preset_range(PRESETS[preset], store_view.span)
    chosen = filters.Filters(date_from=start, date_to=end)
    counts, markers = store_view.expect(chosen)
    atlas.page.get_by_role("button", name=preset, exact=True).click()
    after = atlas.wait_view(counts, markers)
    assert after.drawn < before.drawn
    assert int(after.counts.split()[0]) < int(before.counts.split()[0])
    query = _query(atlas)
    assert (query.get("from"), query.get("to")) == (start.isoformat(), end.isoformat())


@pytest.mark.parametrize(
    ("thumb", "keys"),
    [(0, ["End"]), (1, ["Home"]), (1, ["PageDown", "PageDown", "PageDown"])],
)
def test_slider_keyboard_narrows_counts_and_markers(
    atlas: AtlasPage, store_view: StoreView, thumb: int, keys: list[str]
) -> None:
    atlas.open()
    before = _default_view(atlas, store_view)
    handle = _date_slider(atlas).locator('[role="slider"], input[type="range"]').nth(thumb)
    handle.focus()
    for key in keys:
        atlas.page.keyboard.press(key)
    after = atlas.wait_view(differs_from=before)
    chosen = _filters_from_url(atlas, store_view)
    assert (chosen.date_from, chosen.date_to) != store_view.span
    counts, markers = store_view.expect(chosen)
    assert after.counts == counts
    assert after.drawn == markers
    assert after.drawn < before.drawn


# --------------------------------------------------------------------------- 4. URL


def test_url_parameters_show_the_same_view_as_the_sidebar(
    atlas: AtlasPage, chromium: Any, store_view: StoreView
) -> None:
    atlas.open()
    before = _default_view(atlas, store_view)
    atlas.page.get_by_role("button", name="Last 90 days", exact=True).click()
    atlas.wait_view(differs_from=before)
    _choose_weapon(atlas, "drone")
    start, end = filters.preset_range("90d", store_view.span)
    chosen = filters.Filters(date_from=start, date_to=end, weapons=("drone",))
    counts, markers = store_view.expect(chosen)
    by_hand = atlas.wait_view(counts, markers)
    thumbs_by_hand = _thumb_values(atlas)
    assert _filters_from_url(atlas, store_view) == chosen

    linked = AtlasPage(chromium.new_page(), atlas.base_url)
    try:
        linked.open({"from": start.isoformat(), "to": end.isoformat(), "weapon": "drone"})
        by_link = linked.wait_view(counts, markers)
        assert by_link == by_hand
        assert _thumb_values(linked) == thumbs_by_hand
        assert linked.page.locator(EXCEPTION).count() == 0
        assert linked.page.locator('[data-testid="stAlert"]').count() == 0
    finally:
        linked.page.close()


# --------------------------------------------------------------------------- 5. briefing


def test_briefing_mode_screenshot(
    atlas: AtlasPage, store_view: StoreView, tmp_path: Path
) -> None:
    atlas.page.set_viewport_size({"width": 1920, "height": 1080})
    atlas.open({"briefing": "1"})
    _default_view(atlas, store_view)
    generated = atlas.page.get_by_text(GENERATED_RE)
    assert generated.count() == 1
    assert generated.is_visible()
    box = generated.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 1080, f"below the screen: {box}"
    assert atlas.page.get_by_text(re.compile(r"^Sources: .+")).first.is_visible()
    assert atlas.page.get_by_role("heading", name="Incident Atlas").first.is_visible()
    main_text = atlas.page.locator("[data-testid='stMain']").inner_text()
    first, last = store_view.span
    assert first.isoformat() in main_text and last.isoformat() in main_text, "no date range"
    assert not atlas.page.locator('[data-testid="stSidebar"]').is_visible()
    assert not atlas.page.locator('[data-testid="stSidebarCollapsedControl"]').is_visible()
    assert atlas.map_frame().locator(".atlas-legend").first.is_visible()

    shot = tmp_path / "briefing-1920x1080.png"
    atlas.page.screenshot(path=str(shot))
    pixels = _decode_png(shot)
    assert pixels.shape[:2] == (1080, 1920)
    assert float(pixels.std()) > 10.0, "the screenshot is (nearly) one flat colour"
    assert _distinct_colours(pixels) > 200
    frame_box = atlas.page.locator("iframe[title*='streamlit_folium']").bounding_box()
    assert frame_box is not None
    top, left = int(frame_box["y"]), int(frame_box["x"])
    bottom = min(1080, int(frame_box["y"] + frame_box["height"]))
    right = min(1920, int(frame_box["x"] + frame_box["width"]))
    assert bottom - top > 300, f"the map is not on the screen: {frame_box}"
    assert _distinct_colours(pixels[top:bottom, left:right]) > 50, "the map area is blank"


# --------------------------------------------------------------------------- 6. markup


def test_markup_in_articles_shows_as_text_and_never_runs(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    assert "<img src=x onerror=" in XSS_OUTLET, "the e2e articles.csv lost its markup outlet"
    event_id = _xss_event(store_view)
    chosen = dataclasses.replace(store_view.defaults(), text="xss")
    counts, markers = store_view.expect(chosen)
    assert markers == 1, "only the markup article's event mentions xss"

    atlas.open({"q": "xss", "event": event_id})
    atlas.wait_view(counts, markers)
    frame = atlas.map_frame()
    popup = frame.locator(".leaflet-popup-content")
    # ?event= opens the event's popup itself once the map has focused it; a click on the marker
    # of an open popup would close it again (Leaflet toggles), so click only if it did not open
    try:
        popup.wait_for(state="visible", timeout=10_000)
    except PlaywrightTimeout:
        frame.locator(".atlas-marker").first.click()
        popup.wait_for(state="visible")
    assert XSS_OUTLET in popup.inner_text()
    assert popup.locator("img, script").count() == 0

    page_text = atlas.page.locator("[data-testid='stMain']").inner_text()
    assert XSS_QUOTE_MARKUP in page_text, "the report view does not show the quote as text"
    assert XSS_OUTLET in page_text, "the report view does not show the outlet as text"
    for each in atlas.page.frames:
        assert each.locator('img[src="x"]').count() == 0, f"an <img src=x> was built in {each.url}"
    assert set(atlas.xss_marks().values()) == {"undefined"}
    assert atlas.dialogs == []
    assert atlas.page.locator(EXCEPTION).count() == 0


# --------------------------------------------------------------------------- 7. exceptions


def test_map_page_has_no_exception(atlas: AtlasPage, store_view: StoreView) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    assert atlas.page.locator(EXCEPTION).count() == 0
    assert atlas.page.locator('[data-testid="stAlert"]').count() == 0


def test_add_article_page_has_no_exception(atlas: AtlasPage, store_view: StoreView) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    link = atlas.page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Add article")
    assert link.count() == 1, "no 'Add article' page in the navigation"
    link.click()
    atlas.page.wait_for_url(re.compile(r"add", re.IGNORECASE))
    atlas.wait_settled()
    assert atlas.page.locator(EXCEPTION).count() == 0
    assert atlas.page.locator("textarea").count() >= 1, "no text area to paste an article into"


@pytest.mark.parametrize(
    ("params", "warned"),
    [
        ({"from": "yesterday"}, "from='yesterday'"),
        ({"weapon": "laser"}, "weapon='laser'"),
        ({"min_cas": "-3"}, "min_cas='-3'"),
        ({"from": "2024-05-01", "to": "2023-05-01"}, "starts after it ends"),
        ({"colour": "red"}, "unknown parameter 'colour'"),
        ({"q": "<b>bold</b>", "event": "<img src=x>"}, "event='<img src=x>'"),
    ],
)
def test_invalid_url_parameter_warns_without_exception(
    atlas: AtlasPage, store_view: StoreView, params: dict[str, str], warned: str
) -> None:
    expected_filters, warnings = filters.from_query(params, store_view.span, store_view.known)
    assert any(warned in w for w in warnings), warnings
    counts, markers = store_view.expect(expected_filters)
    atlas.open(params)
    atlas.wait_view(counts, markers)
    alerts = atlas.page.locator('[data-testid="stAlert"]')
    assert alerts.count() >= 1
    assert any(warned in text for text in alerts.all_inner_texts())
    assert atlas.page.locator(EXCEPTION).count() == 0
    assert atlas.page.locator("b", has_text="bold").count() == 0
    assert atlas.dialogs == []

