"""Take the README's screenshots: the map page, briefing mode and the article view, in chromium.

    .venv/bin/python tools/screenshots.py [OUT_DIR]

Builds a store from the five seed articles (seeds/) in a temporary folder, serves it with
``atlas serve`` on 127.0.0.1, and saves ``map.png`` and ``briefing.png`` (1920x1080) and
``article-view.png`` (seed article 001, 1600x1200) to ``dashboard/static/screenshots/`` by
default. Uses the browser-test harness (tests/e2e/_harness.py).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.ingest import ingest_paths  # noqa: E402
from dashboard.store.geopackage import open_store  # noqa: E402
from tests.e2e._harness import AtlasServer, launch_chromium, probe_page  # noqa: E402

WAIT_S = 60
#: The seed article the article view shows (five incidents of the July 2021 attacks).
ARTICLE = "001_30b2d3086da02533"


def _wait_for_map(page) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        snap = probe_page(page)
        if snap.get("counts") and snap.get("map") and snap["map"].get("drawn"):
            page.wait_for_timeout(3000)  # the basemap, labels and chart settle
            return
        page.wait_for_timeout(500)
    raise SystemExit("the map did not appear within 60 s")


def main(argv: list[str]) -> int:
    """Build a store, serve it and save the screenshots; return the exit status."""
    out = Path(argv[0]) if argv else ROOT / "dashboard" / "static" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "atlas.gpkg"
        store = open_store(db)
        try:
            ingest_paths(store, [ROOT / "seeds"])
        finally:
            store.close()
        with AtlasServer(db, Path(tmp) / "serve.log") as server:
            url = server.wait_ready(90)
            with sync_playwright() as pw:
                ctx = launch_chromium(
                    pw, Path(tmp) / "profile", viewport={"width": 1920, "height": 1080}
                )
                page = ctx.new_page()
                page.goto(url + "/")
                _wait_for_map(page)
                page.screenshot(path=str(out / "map.png"), full_page=False)
                page.goto(url + "/?briefing=1")
                _wait_for_map(page)
                page.screenshot(path=str(out / "briefing.png"), full_page=False)
                page.set_viewport_size({"width": 1600, "height": 1200})
                page.goto(url + f"/article?article={ARTICLE}")
                page.get_by_text("highlighted and numbered in the text").first.wait_for(
                    timeout=WAIT_S * 1000
                )
                page.wait_for_timeout(2000)
                page.screenshot(path=str(out / "article-view.png"), full_page=False)
                ctx.close()
    print(f"saved {out / 'map.png'}, {out / 'briefing.png'} and {out / 'article-view.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
