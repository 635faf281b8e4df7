"""The dashboard's downloads in chromium: the files a user gets are those of ``atlas export``.

A click on each data button downloads the filtered events; the test reads the file back and
checks it against the store (row count) and for the Arabic evidence (quotes in Arabic script).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import filters

from .conftest import VIEW_TIMEOUT, AtlasPage, StoreView

pytestmark = pytest.mark.e2e

_ARABIC = re.compile("[\u0600-\u06ff]")


def _download(atlas: AtlasPage, label: str) -> tuple[str, bytes]:
    button = atlas.page.locator('[data-testid="stDownloadButton"]').filter(has_text=label)
    # the downloads are drawn with the timeline, in its fragment run after the map's markers
    # (dashboard/ui/timeline_panel.py): a settled view may still be waiting for them
    try:
        button.first.wait_for(state="visible", timeout=VIEW_TIMEOUT * 1000)
    except PlaywrightTimeout:
        pytest.fail(f"no download button labelled {label!r} within {VIEW_TIMEOUT:.0f} s")
    with atlas.page.expect_download(timeout=60_000) as caught:
        button.first.locator("button").click()
    download = caught.value
    return download.suggested_filename, download.path().read_bytes()


@pytest.mark.parametrize(
    ("label", "id_column", "quote_column"),
    [("CSV", "id", "quote_ar"), ("ACLED CSV", "event_id_cnty", "notes")],
)
def test_data_downloads_carry_every_event_and_the_arabic_evidence(
    atlas: AtlasPage, store_view: StoreView, label: str, id_column: str, quote_column: str
) -> None:
    chosen = dataclasses.replace(
        store_view.defaults(), date_from=store_view.span[0], date_to=store_view.span[1]
    )
    counts, markers = store_view.expect(chosen)
    atlas.open(filters.to_query(chosen))
    atlas.wait_view(counts, markers)
    name, data = _download(atlas, label)
    assert name.startswith("incident-atlas_") and name.endswith(".csv"), name
    assert data.startswith("\ufeff".encode()), "the CSV lost its byte-order mark"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(filters.apply(store_view.frame, chosen))
    assert len({r[id_column] for r in rows}) == len(rows)
    if label == "CSV":
        assert any(_ARABIC.search(r[quote_column]) for r in rows), "no Arabic evidence quote"


def test_png_download_is_the_briefing_picture_at_1920x1080(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    chosen = dataclasses.replace(
        store_view.defaults(), date_from=store_view.span[0], date_to=store_view.span[1]
    )
    atlas.open(filters.to_query(chosen))
    atlas.wait_view(*store_view.expect(chosen))
    name, data = _download(atlas, "PNG map")
    assert name.endswith(".png") and data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1920, 1080)
