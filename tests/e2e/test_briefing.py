"""Briefing mode on the five seed articles at 1920x1080, as a briefing team would screenshot it.

Reads what the browser shows: the map frame's size on screen, every event symbol, the site
labels' boxes (one per site with its count, none overlapping another), the header lines and
the numbered side list.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dashboard import filters
from dashboard.ingest import ingest_paths
from dashboard.map.labels import site_counts
from dashboard.store.geopackage import open_store
from dashboard.ui.briefing import DEFAULT_CAVEAT

from ._harness import ROOT, AtlasServer, map_frame
from .conftest import AtlasPage, serving

pytestmark = pytest.mark.e2e

SEEDS = ROOT / "seeds"

#: Runs in the map frame: what the still map drew.
STILL_JS = """
() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  return {
    markers: document.querySelectorAll('.atlas-marker').length,
    clusters: document.querySelectorAll('.marker-cluster').length,
    numbers: [...document.querySelectorAll('.atlas-num')].map(e => e.textContent),
    labels: [...document.querySelectorAll('.leaflet-marker-pane .atlas-site-label')].map(
      e => Object.assign(box(e), {text: e.textContent})),
    symbols: [...document.querySelectorAll('.atlas-marker')].map(box),
    size: [innerWidth, innerHeight],
  };
}
"""


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.gpkg"
    store = open_store(db)
    try:
        report = ingest_paths(store, [SEEDS])
        frame = store.events_frame()
        span = store.data_span()
    finally:
        store.close()
    assert not report.failed and len(frame) > 10
    return db, (frame, span)


@pytest.fixture(scope="module")
def seeds_url(seeds_store: tuple[Path, Any],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("seeds-server") / "atlas-serve.log"
    with serving(AtlasServer(seeds_store[0], log, env={"ATLAS_MAP_MODE": "fast"})) as url:
        yield url


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def _still(page: Any, labels: int, timeout: float = 90.0) -> dict:
    deadline = time.monotonic() + timeout
    seen: dict = {}
    while time.monotonic() < deadline:
        frame = map_frame(page)
        if frame is not None:
            seen = frame.evaluate(STILL_JS)
            if len(seen["labels"]) == labels:
                page.wait_for_timeout(1000)  # the layout reruns after the frame's last resize
                return frame.evaluate(STILL_JS)
        page.wait_for_timeout(500)  # (time.sleep would not let Playwright see the frame)
    raise AssertionError(f"the briefing map never drew {labels} site labels: {seen};"
                         f" frames {[f.url for f in page.frames]}")


def test_briefing_on_the_seeds_at_1920x1080(
    chromium: Any, seeds_url: str, seeds_store: tuple[Path, Any], tmp_path: Path
) -> None:
    frame, span = seeds_store[1]
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    sites = site_counts(placed)
    atlas = AtlasPage(chromium.new_page(), seeds_url)
    try:
        atlas.page.set_viewport_size({"width": 1920, "height": 1080})
        atlas.open({"briefing": "1"})
        _still(atlas.page, len(sites))
        atlas.page.get_by_role("button", name="Title and caveat").click()
        title = atlas.page.get_by_label("Title", exact=True)
        title.fill("Eastern Syria, seed articles")
        title.press("Enter")
        atlas.page.keyboard.press("Escape")
        atlas.page.get_by_role("heading", name="Eastern Syria, seed articles").wait_for()
        atlas.wait_settled()
        still = _still(atlas.page, len(sites))
        atlas.page.screenshot(path=str(tmp_path / "briefing.png"))

        # every event its own symbol, numbered 1..n, no cluster bubble
        assert still["clusters"] == 0
        assert still["markers"] == len(placed)
        assert sorted(int(n) for n in still["numbers"]) == list(range(1, len(placed) + 1))
        # each site with events labelled once, with its count; al-Shaddadi among them
        texts = sorted(label["text"] for label in still["labels"])
        assert texts == sorted(site.label for site in sites)
        assert any(re.fullmatch(r"al-Shaddadi, \d+", t) for t in texts), texts
        # no label overlaps another label or a symbol; all inside the map
        boxes = still["labels"]
        for i, a in enumerate(boxes):
            assert a["x0"] >= 0 and a["x1"] <= still["size"][0], a
            assert a["y0"] >= 0 and a["y1"] <= still["size"][1], a
            for b in boxes[i + 1:]:
                assert not _overlap(a, b), (a, b)
            for symbol in still["symbols"]:
                assert not _overlap(a, symbol), (a, symbol)

        # the map fills the frame under a compact header
        box = atlas.page.locator("iframe[title*='streamlit_folium']").bounding_box()
        assert box is not None
        assert box["y"] < 180, f"header too tall: the map starts at {box['y']}"
        assert box["y"] + box["height"] >= 1040, f"the map ends at {box['y'] + box['height']}"
        assert box["y"] + box["height"] <= 1080
        # header: title, the date range once, the filters, the caveat
        main = atlas.page.locator("[data-testid='stMain']").inner_text()
        assert "Eastern Syria, seed articles" in main
        first, last = span
        assert main.count(f"{first.isoformat()} \u2013 {last.isoformat()}") == 1
        assert "All events in the range" in main
        assert DEFAULT_CAVEAT in main
        # the side list, numbered like the map
        items = atlas.page.locator(".atlas-side li")
        assert items.count() == len(placed)
        assert atlas.errors == [], atlas.errors
    finally:
        atlas.page.close()
    assert atlas.outside_requests() == []


def test_briefing_header_names_the_active_filters(
    chromium: Any, seeds_url: str, seeds_store: tuple[Path, Any]
) -> None:
    frame, span = seeds_store[1]
    chosen = filters.Filters(date_from=span[0], date_to=span[1], weapons=("rocket",),
                             new_only=True, briefing=True)
    shown = filters.apply(frame, chosen)
    atlas = AtlasPage(chromium.new_page(), seeds_url)
    try:
        atlas.page.set_viewport_size({"width": 1920, "height": 1080})
        atlas.open(filters.to_query(chosen))
        _still(atlas.page, len(site_counts(shown[shown["lat"].notna()])))
        main = atlas.page.locator("[data-testid='stMain']").inner_text()
        assert "Weapons: rocket" in main
        assert "new incidents only (no back-references)" in main
        assert filters.describe(shown) in main
    finally:
        atlas.page.close()


#: Runs in the page: each side-list row's box, whether a line of it is cut (ellipsis or clamp),
#: and whether the list itself scrolls (rows out of a screenshot).
SIDE_JS = """
() => {
  const side = document.querySelector('.atlas-side');
  if (!side) return null;
  const rows = [...side.querySelectorAll('li')].map(li => {
    const r = li.getBoundingClientRect();
    const cut = [...li.querySelectorAll('div')].some(
      d => d.scrollWidth > d.clientWidth + 1 || d.scrollHeight > d.clientHeight + 1);
    return {y0: r.top, y1: r.bottom, cut: cut, text: li.innerText};
  });
  return {rows: rows, scrolls: side.scrollHeight > side.clientHeight + 1,
          fontPx: parseFloat(getComputedStyle(side).fontSize), height: innerHeight};
}
"""


def _window_of(frame: Any, size: int) -> filters.Filters:
    """Briefing filters of the first date window holding ``size - 2`` to ``size`` events."""
    days = sorted({date.fromisoformat(str(d)[:10]) for d in frame["date_start"].dropna()})
    for i, first in enumerate(days):
        for last in days[i:]:
            chosen = filters.Filters(date_from=first, date_to=last, briefing=True)
            shown = len(filters.apply(frame, chosen))
            if size - 2 <= shown <= size:
                return chosen
            if shown > size:
                break
    raise AssertionError(f"no window of {size - 2}-{size} events in the store")


@pytest.mark.parametrize("size", [30, 12])
def test_briefing_side_list_shows_every_row_on_screen(
    chromium: Any, atlas_url: str, store_view: Any, size: int
) -> None:
    """Up to 30 events, every numbered row of the side list lies on the 1920x1080 screen, with
    no scrolling; a short list shows its rows whole (no line cut)."""
    chosen = _window_of(store_view.frame, size)
    atlas = AtlasPage(chromium.new_page(), atlas_url)
    try:
        atlas.page.set_viewport_size({"width": 1920, "height": 1080})
        atlas.open(filters.to_query(chosen))
        atlas.page.locator(".atlas-side li").first.wait_for()
        atlas.wait_settled()
        seen = atlas.page.evaluate(SIDE_JS)
        assert seen is not None
        rows = seen["rows"]
        assert len(rows) >= size - 2, len(rows)
        assert not seen["scrolls"], "the side list scrolls: rows out of the screenshot"
        off = [r["text"][:40] for r in rows if r["y1"] > seen["height"]]
        assert off == [], f"rows below the screen: {off}"
        if size <= 12:
            assert [r["text"][:40] for r in rows if r["cut"]] == []
        assert seen["fontPx"] >= 10.5
        assert atlas.errors == [], atlas.errors
    finally:
        atlas.page.close()
