"""The map's layers in the browser: heat drawn, hollow low-confidence markers, the time-lapse.

Each test reads what Leaflet drew inside the streamlit-folium frame (canvas pixels, marker
elements), never the Python output.
"""

from __future__ import annotations

import http.server
import re
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from dashboard.map.assets import VENDOR_DIR
from dashboard.map.build import MapOptions, build_map

from ._harness import HOST, IDLE, probe_page
from .conftest import AtlasPage, StoreView

pytestmark = pytest.mark.e2e

#: Runs in the map frame: painted (non-transparent) pixels of the heat layer's canvas, or null.
HEAT_PIXELS_JS = """
() => {
  const canvas = document.querySelector('canvas.leaflet-heatmap-layer');
  if (!canvas || !canvas.width || !canvas.height) return null;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted += 1; }
  return painted;
}
"""


def _wait(frame: Any, script: str, ok: Any, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = frame.evaluate(script)
        if ok(value):
            return value
        time.sleep(0.25)
    raise AssertionError(f"{script.strip()[:60]}... gave {value!r} after {timeout:.0f} s")


def _default_view(atlas: AtlasPage, store: StoreView) -> None:
    counts, markers = store.expect(store.defaults())
    atlas.wait_view(counts, markers)


def test_heat_layer_paints_its_canvas_without_errors(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    _default_view(atlas, store_view)
    frame = atlas.map_frame()
    assert frame.evaluate(HEAT_PIXELS_JS) is None, "a heat canvas before Heat was chosen"
    atlas.page.get_by_role("button", name="Heat", exact=True).click()
    painted = _wait(frame, HEAT_PIXELS_JS, lambda v: bool(v))
    assert painted > 200, f"the heat canvas has only {painted} painted pixels"
    assert frame.evaluate("() => typeof L.heatLayer") == "function"
    assert atlas.errors == [], f"JavaScript errors: {atlas.errors}"


# --------------------------------------------------------------------------- confidence


@pytest.fixture
def static_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, with the vendored assets at ``/vendor``."""
    (tmp_path / "vendor").symlink_to(VENDOR_DIR, target_is_directory=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            del args

    server = http.server.ThreadingHTTPServer((HOST, 0), partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


#: Runs in the page: for each low-confidence marker, zoom until it is drawn, then read its
#: symbol's computed colours and its popup's text.
HOLLOW_JS = """
async () => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const out = [];
  const groups = [];
  map.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) groups.push(l); });
  for (const group of groups) {
    for (const marker of group.getLayers()) {
      await new Promise(done => group.zoomToShowLayer(marker, done));
      const el = marker.getElement().querySelector('.atlas-marker');
      const style = getComputedStyle(el);
      marker.getElement().click();  // as a user does: the popup is bound to the layer
      await new Promise(done => setTimeout(done, 100));
      const popup = document.querySelector('.leaflet-popup-content');
      out.push({hollow: el.classList.contains('atlas-hollow'), fill: style.backgroundColor,
                border: style.borderTopColor, text: popup ? popup.textContent : ''});
      map.closePopup();
    }
  }
  return out;
}
"""


def test_low_confidence_events_are_drawn_hollow(
    chromium: Any, store_view: StoreView, static_site: tuple[Path, str]
) -> None:
    folder, base = static_site
    frame = store_view.frame[store_view.frame["lat"].notna()].drop_duplicates("site").head(6)
    frame = frame.copy()
    frame["confidence"] = [0.2, 0.45, 0.5, 0.9, 1.0, None][: len(frame)]
    frame["confidence_reasons"] = ["no attack verb governs the place|one outlet"] * len(frame)
    html = build_map(frame, MapOptions(asset_base_url="/vendor")).get_root().render()
    (folder / "index.html").write_text(html, encoding="utf-8")
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/index.html")
        page.wait_for_function("() => document.querySelectorAll('.atlas-marker').length > 0")
        drawn = page.evaluate(HOLLOW_JS)
    finally:
        page.close()
    assert len(drawn) == len(frame)
    hollow = [d for d in drawn if d["hollow"]]
    assert len(hollow) == 2, drawn  # 0.2 and 0.45; 0.5 and a missing value are not low
    for d in hollow:
        assert d["fill"] == "rgb(255, 255, 255)", d
        assert d["border"] != "rgb(255, 255, 255)", d
        assert "Low confidence" in d["text"] and "no attack verb governs the place" in d["text"]
    for d in drawn:
        if not d["hollow"]:
            assert d["fill"] != "rgb(255, 255, 255)" and "Low confidence" not in d["text"], d
    assert errors == []


# --------------------------------------------------------------------------- time-lapse


def test_time_lapse_play_changes_the_markers_in_view(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    counts, markers = store_view.expect(store_view.defaults())
    atlas.wait_view(counts, markers)
    frame = atlas.map_frame()
    frame.locator(".atlas-timelapse-days").select_option("30")
    frame.locator(".atlas-timelapse-play").click()
    seen, windows = [], set()
    for _ in range(16):
        atlas.page.wait_for_timeout(500)
        probe = probe_page(atlas.page)["map"]
        seen.append(probe["drawn"])
        windows.add(frame.locator(".atlas-timelapse-window").inner_text())
    assert len(set(seen)) >= 2, f"the markers in view never changed: {seen}"
    assert min(seen) < markers, seen
    stated = [w for w in windows if re.fullmatch(
        r"\d{4}-\d\d-\d\d \u2013 \d{4}-\d\d-\d\d: \d+ events?", w)]
    assert len(stated) >= 2, windows
    assert probe_page(atlas.page)["state"] == IDLE, "a step reran the Streamlit script"
    frame.locator(".atlas-timelapse-all").click()
    atlas.wait_view(counts, markers)
    assert atlas.errors == []


# --------------------------------------------------------------------------- basemap context

_LABELS_JS = """
() => ({
  countries: [...document.querySelectorAll('.atlas-country')].map(e => e.textContent),
  cities: document.querySelectorAll('.atlas-city').length,
  towns: document.querySelectorAll('.atlas-town').length,
  zoom: Object.values(window).find(v => v instanceof L.Map).getZoom(),
})
"""


def test_place_labels_follow_zoom_and_switch_to_arabic(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    atlas.open()
    counts, markers = store_view.expect(store_view.defaults())
    atlas.wait_view(counts, markers)
    frame = atlas.map_frame()
    before = frame.evaluate(_LABELS_JS)
    assert "IRAQ" in before["countries"] and "TURKEY" in before["countries"], before
    assert before["cities"] > 0
    if before["zoom"] < 8:
        assert before["towns"] == 0, "towns are labelled only from zoom 8"
    frame.evaluate("() => Object.values(window).find(v => v instanceof L.Map)"
                   ".setView([35.3, 40.3], 9)")
    zoomed = _wait(frame, _LABELS_JS, lambda v: v["zoom"] == 9 and v["towns"] > 0)
    assert zoomed["towns"] > 0
    frame.get_by_role("button", name="\u0639\u0631\u0628\u064a").click()
    arabic = _wait(frame, _LABELS_JS, lambda v: any(
        c == "\u0627\u0644\u0639\u0631\u0627\u0642" for c in v["countries"]))
    assert not any(c == "IRAQ" for c in arabic["countries"])
    assert atlas.errors == []


# --------------------------------------------------------------------------- grouped popups

#: Runs in the page: opens the popup of every grouped marker as a user does and reads it.
GROUP_POPUPS_JS = """
async () => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const out = [];
  const groups = [];
  map.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) groups.push(l); });
  for (const group of groups) {
    for (const marker of group.getLayers()) {
      await new Promise(done => group.zoomToShowLayer(marker, done));
      marker.getElement().click();
      await new Promise(done => setTimeout(done, 100));
      const popup = document.querySelector('.leaflet-popup-content');
      out.push({text: popup ? popup.innerText : '',
                elements: popup ? [...popup.querySelectorAll('*')].map(e => e.tagName) : [],
                attributes: popup ? [...popup.querySelectorAll('*')].flatMap(
                  e => [...e.attributes].map(a => a.name)) : []});
      map.closePopup();
    }
  }
  return {popups: out, xss: typeof window.__xss};
}
"""

#: Markup an article could carry into the summary, the place name or the id of an event.
GROUP_MARKUP = (
    '<img src=x onerror="window.__xss=1">',
    '"onmouseover="window.__xss=2" x="',
    "</script><script>window.__xss=3</script>",
)


def test_grouped_popup_is_built_from_data_and_shows_markup_as_text(
    chromium: Any, store_view: StoreView, static_site: tuple[Path, str]
) -> None:
    """Above the threshold, a marker's popup is built in the browser: article text as text."""
    folder, base = static_site
    frame = store_view.frame[store_view.frame["lat"].notna()].head(6).copy()
    frame["lat"], frame["lon"] = 35.0, 40.5  # one point: one grouped marker
    frame["summary_en"] = [GROUP_MARKUP[i % 3] for i in range(len(frame))]
    frame["site_name"] = GROUP_MARKUP[0]
    frame["id"] = [f"{GROUP_MARKUP[1]}{i}" for i in range(len(frame))]
    html = build_map(frame, MapOptions(asset_base_url="/vendor", cluster_threshold=1))
    (folder / "index.html").write_text(html.get_root().render(), encoding="utf-8")
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/index.html")
        page.wait_for_function("() => document.querySelectorAll('.atlas-marker').length > 0")
        seen = page.evaluate(GROUP_POPUPS_JS)
        shown_img = page.locator('img[src="x"]').count()
    finally:
        page.close()
    (popup,) = seen["popups"]
    text = popup["text"]
    assert f"{len(frame)} events at this point" in text
    assert f"{GROUP_MARKUP[0]} ({len(frame)})" in text  # the place, as text
    assert "Latest:" in text and "Dates" in text and "Weapons" in text
    for markup in GROUP_MARKUP:
        assert markup in text
    assert set(popup["elements"]) <= {"DIV", "TABLE", "TBODY", "TR", "TH", "TD", "UL", "LI",
                                      "SPAN"}, popup["elements"]
    assert set(popup["attributes"]) <= {"class"}, popup["attributes"]
    assert shown_img == 0 and seen["xss"] == "undefined"
    assert errors == []
