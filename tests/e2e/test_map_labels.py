"""The map page's curated site labels on the five seed articles: never two overlapping.

Reads what Leaflet drew in the map frame: every site label's box on screen, whether it is
shown, whether its site has events in the filter, and where its point is. At the default view,
at a low zoom where the labels around Deir ez-Zor collide, and zoomed in on Deir ez-Zor: no
two shown labels overlap, the sites with events keep theirs, and zooming in shows more.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import open_store

from ._harness import ROOT, AtlasServer, map_frame
from .conftest import AtlasPage, serving

pytestmark = pytest.mark.e2e

SEEDS = ROOT / "seeds"

#: Runs in the map frame: the map's zoom, every site label (text, box, shown, events, whether
#: its point is in view, the point on screen), the boxes of the basemap's town and city names
#: shown and those of the map's controls (legend, time-lapse, scale, zoom, layers ...).
LABELS_JS = """
() => {
  if (typeof L === 'undefined') return null;
  const map = Object.values(window).find(v => v instanceof L.Map);
  if (!map) return null;
  const view = map.getBounds(), labels = [], box = map.getContainer().getBoundingClientRect();
  map.eachLayer(layer => {
    const tip = layer.getTooltip && layer.getTooltip(), el = tip && tip.getElement();
    if (!el || !el.classList.contains('atlas-label')) return;
    const r = el.getBoundingClientRect(), css = getComputedStyle(el);
    const at = map.latLngToContainerPoint(layer.getLatLng());
    labels.push({text: el.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
                 px: box.left + at.x, py: box.top + at.y,
                 shown: css.display !== 'none' && css.visibility !== 'hidden' && r.width > 0,
                 events: el.classList.contains('atlas-label-events'),
                 inView: view.contains(layer.getLatLng()),
                 lat: layer.getLatLng().lat, lon: layer.getLatLng().lng});
  });
  const names = [...map.getContainer().querySelectorAll('.atlas-city, .atlas-town, .atlas-village')]
    .filter(el => getComputedStyle(el).display !== 'none')
    .map(el => { const r = el.getBoundingClientRect(); return {
      text: el.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; });
  const controls = [...map.getContainer().querySelectorAll('.leaflet-control')]
    .map(el => el.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
    .map(r => ({x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}));
  return {zoom: map.getZoom(), labels: labels, names: names, controls: controls};
}
"""

#: Around Deir ez-Zor: the city, its airport, Conoco, al-Omar, Green Village, al-Mayadin.
DEIR_EZ_ZOR = {"south": 34.9, "north": 35.45, "west": 40.0, "east": 40.7}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, set[str]]]:
    """The app's URL on a store of the seeds, and the names of the sites with events."""
    db = tmp_path_factory.mktemp("seeds-labels") / "seeds.gpkg"
    store = open_store(db)
    try:
        report = ingest_paths(store, [SEEDS])
        frame = store.events_frame()
    finally:
        store.close()
    assert not report.failed and report.events_total > 10, report
    busy = set(frame["site_name"].dropna().astype(str))
    log = tmp_path_factory.mktemp("seeds-labels-server") / "atlas-serve.log"
    with serving(AtlasServer(db, log, env={"ATLAS_MAP_MODE": "fast"})) as url:
        yield url, busy


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def _settled(page: Any, zoom: float | None = None, timeout: float = 90.0) -> dict:
    """The labels once the map exists (at ``zoom`` when given) and two reads agree."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        frame = map_frame(page)
        seen = frame.evaluate(LABELS_JS) if frame is not None else None
        ready = seen is not None and bool(seen["labels"]) and zoom in (None, seen["zoom"])
        if ready and seen == last:
            return seen
        last = seen if ready else None
        page.wait_for_timeout(700)  # (time.sleep would not let Playwright see the frame)
    raise AssertionError(f"the site labels did not settle (zoom {zoom}): {last}")


def _set_view(page: Any, lat: float, lon: float, zoom: int) -> dict:
    frame = map_frame(page)
    assert frame is not None
    frame.evaluate(f"() => Object.values(window).find(v => v instanceof L.Map)"
                   f".setView([{lat}, {lon}], {zoom})")
    return _settled(page, zoom)


#: How far (screen pixels) a shown label's box may stand from its site's point: the farthest
#: of the declutter's places is 17 px off, plus the marker's anchor.
BESIDE_PX = 30


def _gap(label: dict) -> float:
    """Distance from the label's site point to the nearest point of its box, in pixels."""
    dx = max(label["x0"] - label["px"], 0.0, label["px"] - label["x1"])
    dy = max(label["y0"] - label["py"], 0.0, label["py"] - label["y1"])
    return float((dx * dx + dy * dy) ** 0.5)


def _check(seen: dict, busy: set[str]) -> list[dict]:
    """No two shown labels overlap, nor a town name; every site with events keeps its label;
    every shown label stands beside its site."""
    shown = [label for label in seen["labels"] if label["shown"] and label["inView"]]
    astray = [(a["text"], round(_gap(a))) for a in shown if _gap(a) > BESIDE_PX]
    assert astray == [], f"zoom {seen['zoom']}: labels away from their sites (px): {astray}"
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            assert not _overlap(a, b), f"zoom {seen['zoom']}: {a} overlaps {b}"
    for name in seen["names"]:
        under = [a["text"] for a in shown if _overlap(a, name)]
        assert under == [], f"zoom {seen['zoom']}: the name {name['text']} is under {under}"
    for control in seen["controls"]:
        cut = [a["text"] for a in shown + seen["names"] if _overlap(a, control)]
        assert cut == [], f"zoom {seen['zoom']}: names under a map control {control}: {cut}"
    lost = [label["text"] for label in seen["labels"]
            if label["text"] in busy and label["inView"] and not label["shown"]
            and not _under_control(label, seen["controls"])]
    assert lost == [], f"zoom {seen['zoom']}: sites with events lost their labels: {lost}"
    return shown


def _under_control(label: dict, controls: list[dict]) -> bool:
    """Whether the label's site point lies under one of the map's controls (no room beside it)."""
    return any(c["x0"] <= label["px"] <= c["x1"] and c["y0"] <= label["py"] <= c["y1"]
               for c in controls)


def _near_deir_ez_zor(labels: list[dict]) -> set[str]:
    box = DEIR_EZ_ZOR
    return {label["text"] for label in labels
            if box["south"] <= label["lat"] <= box["north"]
            and box["west"] <= label["lon"] <= box["east"]}


def test_site_labels_never_overlap_and_zooming_in_shows_more(
    chromium: Any, seeds: tuple[str, set[str]]
) -> None:
    url, busy = seeds
    atlas = AtlasPage(chromium.new_page(), url)
    try:
        atlas.page.set_viewport_size({"width": 1600, "height": 1000})
        atlas.open()
        default = _settled(atlas.page)
        texts = {label["text"] for label in default["labels"]}
        assert len(busy & texts) >= 4, (busy, texts)  # al-Omar, Conoco, the airport, ...
        # every site with events is named, a town (al-Shaddadi, al-Qa'im) as well as a base
        assert busy <= texts, busy - texts
        # the sites with events are marked (bold) and only they
        assert {label["text"] for label in default["labels"] if label["events"]} == busy & texts
        _check(default, busy)

        low = _set_view(atlas.page, 35.0, 40.0, 6)
        around = _near_deir_ez_zor(low["labels"])
        assert len(around) >= 5, around
        # at this zoom the labels around Deir ez-Zor would collide: some must give way
        assert any(not label["shown"] for label in low["labels"] if label["inView"]), low
        low_shown = _near_deir_ez_zor(_check(low, busy))

        high = _set_view(atlas.page, 35.18, 40.35, 10)
        high_shown = _near_deir_ez_zor(_check(high, busy))
        assert len(high_shown) > len(low_shown), (low_shown, high_shown)

        back = _set_view(atlas.page, 35.0, 40.0, 6)
        assert _near_deir_ez_zor(_check(back, busy)) == low_shown, "zooming out again differs"
        assert atlas.errors == [], f"JavaScript errors: {atlas.errors}"
    finally:
        atlas.page.close()
    assert atlas.outside_requests() == []


#: Pans the map so that a site's point stands ``gap`` px left of the legend's left edge, a line
#: below its top: the label's first choice (right of the point) would lie under the legend.
BESIDE_LEGEND_JS = """
([name, gap]) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const legend = [...map.getContainer().querySelectorAll('.leaflet-control')]
    .map(el => el.getBoundingClientRect())
    .sort((a, b) => b.width * b.height - a.width * a.height)[0];
  const box = map.getContainer().getBoundingClientRect();
  let site = null;
  map.eachLayer(layer => {
    const tip = layer.getTooltip && layer.getTooltip(), el = tip && tip.getElement();
    if (el && el.classList.contains('atlas-label') && el.textContent === name) site = layer;
  });
  if (!site) return null;
  const now = map.latLngToContainerPoint(site.getLatLng());
  const want = L.point(legend.left - box.left - gap, legend.top - box.top + 20);
  map.panBy(now.subtract(want), {animate: false});
  return {x0: legend.left, y0: legend.top, x1: legend.right, y1: legend.bottom};
}
"""


def test_a_label_beside_the_legend_moves_clear_of_it(
    chromium: Any, seeds: tuple[str, set[str]]
) -> None:
    """A site just left of the legend: its label goes left (or above, below), not under it.

    Guard: the legend is the largest control and stays where it is; the site stays in view.
    """
    url, busy = seeds
    atlas = AtlasPage(chromium.new_page(), url)
    try:
        atlas.page.set_viewport_size({"width": 1600, "height": 1000})
        atlas.open()
        _settled(atlas.page)
        frame = map_frame(atlas.page)
        assert frame is not None
        name = "al-Omar oil field"
        legend = frame.evaluate(BESIDE_LEGEND_JS, [name, 8])
        assert legend is not None, f"no label {name}"
        seen = _settled(atlas.page)
        label = next(a for a in seen["labels"] if a["text"] == name)
        assert label["inView"] and label["shown"], label
        assert legend["x0"] - 12 <= label["px"] <= legend["x0"], (label, legend)  # the pan held
        assert not _overlap(label, legend), f"{name} under the legend: {label} {legend}"
        _check(seen, busy)
        assert atlas.errors == [], f"JavaScript errors: {atlas.errors}"
    finally:
        atlas.page.close()


#: Runs in the map frame: opens a group of labelled markers the way the map's site labels are
#: opened (``elements.CanvasPoints``: the steady tooltips installed before the group reaches
#: the map) and logs, in order, each label added to the page and each read of a label's size.
#: Returns the log and, once the task is over, each label's place beside Leaflet's own
#: ``_setPosition`` for the same label.
OPEN_LABELS_JS = """
async () => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const log = [], tips = [];
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth');
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {configurable: true,
    get() {
      if (this.classList.contains('atlas-probe')) log.push('read');
      return width.get.call(this);
    }});
  const parent = L.featureGroup(), group = L.featureGroup(), c = map.getCenter();
  for (let i = 0; i < 12; i++) {
    const marker = L.circleMarker([c.lat + i * 0.05, c.lng + i * 0.07], {radius: 3});
    marker.bindTooltip('Probe site number ' + i, {permanent: true, direction: 'right',
      offset: [4, 0], className: 'atlas-label atlas-probe'});
    marker.on('tooltipopen', () => log.push('add'));
    marker.addTo(group);
  }
  group.addTo(parent);
  group.eachLayer(m => { tips.push(m.getTooltip()); window.atlasSteadyTip(m.getTooltip()); });
  parent.addTo(map);
  await new Promise(r => setTimeout(r, 0));
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', width);
  const places = tips.map(tip => {
    const ours = tip.getElement().style.transform;
    L.Tooltip.prototype._setPosition.call(tip, map.latLngToLayerPoint(tip.getLatLng()));
    return [ours, tip.getElement().style.transform];
  });
  map.removeLayer(parent);
  return {log: log, places: places};
}
"""


def test_site_labels_opened_together_are_measured_in_one_layout(
    chromium: Any, seeds: tuple[str, set[str]]
) -> None:
    """Labels opened in one task are all added, then all measured (one layout, not one each),
    and each stands where Leaflet's own tooltip placement puts it."""
    url, _ = seeds
    atlas = AtlasPage(chromium.new_page(), url)
    try:
        atlas.page.set_viewport_size({"width": 1600, "height": 1000})
        atlas.open()
        _settled(atlas.page)
        frame = map_frame(atlas.page)
        assert frame is not None
        seen = frame.evaluate(OPEN_LABELS_JS)
        log = seen["log"]
        assert log.count("add") == 12 and "read" in log, log
        assert log == sorted(log), f"a label was measured before the next was added: {log}"
        for ours, leaflet in seen["places"]:
            assert ours == leaflet and ours, seen["places"]
        assert atlas.errors == [], f"JavaScript errors: {atlas.errors}"
    finally:
        atlas.page.close()
