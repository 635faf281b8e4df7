"""The "Add article" page in chromium: an upload whose name holds a NUL byte (issue 11.6)."""

from __future__ import annotations

import re

import pytest

from .conftest import AtlasPage

pytestmark = pytest.mark.e2e

EXCEPTION = '[data-testid="stException"]'


def _add_page(atlas: AtlasPage) -> None:
    # straight to the page's address, as a bookmark does: on a fresh server this is the first
    # session, which must get the page (with the pages in dashboard/pages/, Streamlit took the
    # folder for a version-1 pages folder until app.py had run st.navigation once, and
    # answered "Page not found" over the map)
    atlas.open(path="/add-article")
    atlas.page.wait_for_url(re.compile(r"/add-article"))
    atlas.wait_settled()
    atlas.page.get_by_text("Upload a file").click()
    atlas.wait_settled()


@pytest.mark.parametrize("name", ["a\x00b.txt", "a\x00.pdf.txt"])
def test_nul_file_name_gives_a_message_not_a_traceback(atlas: AtlasPage, name: str) -> None:
    _add_page(atlas)
    upload = atlas.page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    upload.set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": "\u0646\u0635".encode()}]
    )
    atlas.wait_settled()
    atlas.page.get_by_role("button", name="Preview").click()
    atlas.wait_settled()
    assert atlas.page.locator(EXCEPTION).count() == 0
    alerts = " ".join(atlas.page.locator('[data-testid="stAlert"]').all_inner_texts())
    # chromium passes the name on as given, or cuts it at the NUL: either way a plain message
    assert "NUL character" in alerts or "wrong file type" in alerts or "(none)" in alerts, alerts
