"""The dashboard on PostGIS in a real browser: ``atlas serve`` with a ``postgresql://`` store.

One server start: the test corpus is ingested (``dashboard.ingest``) into a fresh schema of the
PostGIS test server (``pg_server`` of ``tests/_pg.py``), ``atlas serve`` runs on 127.0.0.1
with ``ATLAS_DB`` set to that URL (in a scratch working folder), and chromium loads the map.
The expected counts line and markers come from the store with the filter library.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _pg import pg_schema

from dashboard import filters
from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import open_store

from ._harness import AtlasServer, events_in
from .conftest import CORPUS, AtlasPage, StoreView, serving

pytestmark = pytest.mark.e2e

EXCEPTION = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def pg_store(pg_server: str) -> Iterator[tuple[str, StoreView, dict[str, int]]]:
    """The corpus in a schema of its own: (store URL, its view, its counts)."""
    with pg_schema(pg_server) as url:
        store = open_store(url)
        try:
            report = ingest_paths(store, [CORPUS])
            assert not report.failed, f"ingesting the corpus into PostGIS failed: {report.failed}"
            frame, span, counts = store.events_frame(), store.data_span(), store.counts()
        finally:
            store.close()
        assert span is not None and counts["events"] > 0, counts
        yield url, StoreView(frame, span, filters.Known.from_frame(frame)), counts


@pytest.fixture(scope="module")
def pg_served(
    pg_store: tuple[str, StoreView, dict[str, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Path]]:
    """``atlas serve`` on the PostGIS store: (base URL, the server's empty working folder)."""
    work = tmp_path_factory.mktemp("pg-serve-cwd")
    log = tmp_path_factory.mktemp("pg-serve") / "atlas-serve.log"
    server = AtlasServer(pg_store[0], log, env={"ATLAS_MAP_MODE": "fast"}, cwd=work)
    with serving(server) as url:
        yield url, work


def test_map_on_postgis_shows_the_stores_events(
    chromium: Any,
    pg_store: tuple[str, StoreView, dict[str, int]],
    pg_served: tuple[str, Path],
) -> None:
    _, view, counts = pg_store
    base_url, work = pg_served
    # the URL is a server address: serve must not have made a file or folder of it
    assert sorted(p.name for p in work.iterdir()) == []
    line, placed = view.expect(view.defaults())
    assert events_in(line) == counts["events"]
    assert placed > 0
    tab = AtlasPage(chromium.new_page(), base_url)
    try:
        tab.open()
        shown = tab.wait_view(line, placed)
        assert events_in(shown.counts) == counts["events"]
        assert shown.drawn == placed
        assert tab.map_frame().locator(".leaflet-container").count() == 1
        assert tab.page.locator(EXCEPTION).count() == 0
        assert tab.errors == [], f"JavaScript errors: {tab.errors}"
        assert tab.outside_requests() == [], "the page sent requests beyond 127.0.0.1"
        assert tab.dialogs == []
    finally:
        tab.page.close()
