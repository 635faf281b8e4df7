"""The map's layers in the browser: heat drawn, hollow low-confidence markers, the time-lapse.

Each test reads what Leaflet drew inside the streamlit-folium frame (canvas pixels, marker
elements), never the Python output.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

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
