"""Fixtures of the browser tests: a test store, ``atlas serve`` on a free port, Debian's chromium.

Session-wide: the store (``tests/data/corpus`` plus ``tests/data/e2e``, ingested with
``dashboard.ingest``), one server process group on 127.0.0.1, one chromium with a fresh
profile. Per test: a new tab wrapped in :class:`AtlasPage`, which records every request, web
socket, dialog and page error, and waits (bounded) until the page shows a given view.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd
import pytest

from dashboard import filters
from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import open_store

from ._harness import (
    HOST,
    IDLE,
    ROOT,
    AtlasServer,
    HarnessError,
    launch_chromium,
    map_frame,
    probe_page,
    require_chromium,
)

CORPUS = ROOT / "tests" / "data" / "corpus"
E2E_DATA = ROOT / "tests" / "data" / "e2e"
#: Longest wait for the server to become healthy, and for a page to settle, in seconds.
SERVER_TIMEOUT = 120.0
VIEW_TIMEOUT = 60.0
#: How often the page is polled, and how many equal polls in a row make a settled view.
POLL = 0.25
STABLE_POLLS = 3


@dataclass(frozen=True)
class StoreView:
    """The test store as the app should see it, for computing expected views in Python.

    Attributes
    ----------
    frame : pandas.DataFrame
        ``store.events_frame()``.
    span : tuple of date
        First and last day of the data.
    known : dashboard.filters.Known
        Values a URL may use.
    """

    frame: pd.DataFrame
    span: tuple[date, date]
    known: filters.Known

    def expect(self, chosen: filters.Filters) -> tuple[str, int]:
        """Return the counts line and the number of events with coordinates for ``chosen``."""
        shown = filters.apply(self.frame, chosen)
        placed = int((shown["lat"].notna() & shown["lon"].notna()).sum())
        return filters.describe(shown), placed

    def defaults(self) -> filters.Filters:
        """Return the filters of a first visit."""
        return filters.default_filters(self.span)


@dataclass(frozen=True)
class View:
    """What a settled page shows: the counts line and the events the map draws."""

    counts: str
    drawn: int
    held: int


class AtlasPage:
    """One browser tab on the app, recording what it loads.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The tab.
    base_url : str
        ``http://127.0.0.1:PORT``.
    """

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda socket: self.requests.append(socket.url))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.set_default_timeout(VIEW_TIMEOUT * 1000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def url(self, params: Mapping[str, str] | None = None, path: str = "/") -> str:
        """Return the app URL for ``path`` with ``params``."""
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}{path}{query}"

    def open(self, params: Mapping[str, str] | None = None, path: str = "/") -> None:
        """Load the app at ``path`` with query ``params``."""
        self.page.goto(self.url(params, path), wait_until="domcontentloaded")

    def outside_requests(self) -> list[str]:
        """Return every recorded URL that does not go to the loopback server."""
        outside = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != HOST:
                outside.append(url)
        return outside

    def script_state(self) -> str | None:
        """Return Streamlit's script state (``running``, ``notRunning`` ...), None before."""
        return self.page.evaluate(
            """() => {
              const app = document.querySelector('[data-testid="stApp"]');
              return app ? app.getAttribute('data-test-script-state') : null;
            }"""
        )

    def wait_view(
        self,
        counts: str | None = None,
        markers: int | None = None,
        timeout: float = VIEW_TIMEOUT,
        *,
        differs_from: View | None = None,
    ) -> View:
        """Wait until the page shows a settled view and return it.

        A view is settled when Streamlit is not running the script, the counts line is shown,
        the map draws exactly the events its layers hold and is not panning or zooming, and all
        that stays the same over :data:`STABLE_POLLS` polls. With ``counts``/``markers``, wait
        for those values; with ``differs_from``, for a view other than that one.

        Raises
        ------
        AssertionError
            After ``timeout`` seconds, with the last thing seen.
        """
        deadline = time.monotonic() + timeout
        last: tuple[str | None, Any, Any] = (None, None, None)
        same = 0
        while time.monotonic() < deadline:
            snapshot = probe_page(self.page)
            line, probe = snapshot["counts"], snapshot["map"]
            current = (line, probe, snapshot["state"])
            same = same + 1 if current == last else 0
            last = current
            ready = (
                snapshot["state"] == IDLE
                and line is not None
                and probe is not None
                and probe["drawn"] == probe["held"]
                # at rest: a click during a pan or zoom animation lands where the marker was
                and not probe.get("moving")
                and (counts is None or line == counts)
                and (markers is None or probe["drawn"] == markers)
                and (differs_from is None or line != differs_from.counts
                     or probe["drawn"] != differs_from.drawn)
            )
            if ready and same >= STABLE_POLLS:
                return View(counts=line, drawn=probe["drawn"], held=probe["held"])
            time.sleep(POLL)
        raise AssertionError(
            f"the page did not show the expected view within {timeout:.0f} s: wanted counts"
            f" {counts!r} and {markers!r} markers; last seen counts {last[0]!r}, map {last[1]!r},"
            f" script state {last[2]!r};"
            f" page errors {self.errors}; url {self.page.url}"
        )

    def wait_settled(self, timeout: float = VIEW_TIMEOUT) -> None:
        """Wait until the app has rendered something and stopped running (no map needed)."""
        deadline = time.monotonic() + timeout
        same = 0
        while time.monotonic() < deadline:
            same = same + 1 if self.script_state() == IDLE else 0
            if same >= STABLE_POLLS * 2:
                return
            time.sleep(POLL)
        raise AssertionError(f"the app at {self.page.url} did not settle within {timeout:.0f} s")

    def map_frame(self) -> Any:
        """Return the map component's frame (fails the test when there is none)."""
        frame = map_frame(self.page)
        assert frame is not None, f"no streamlit-folium frame on {self.page.url}"
        return frame

    def xss_marks(self) -> dict[str, str]:
        """Return ``typeof window.__xss`` in the page and in each of its frames."""
        return {
            frame.url or "(main)": frame.evaluate("() => typeof window.__xss")
            for frame in self.page.frames
        }


@pytest.fixture(scope="session")
def atlas_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the test store: the corpus and the markup article, through ``dashboard.ingest``."""
    db = tmp_path_factory.mktemp("store") / "atlas-e2e.gpkg"
    store = open_store(db)
    try:
        report = ingest_paths(store, [CORPUS, E2E_DATA])
    finally:
        store.close()
    assert not report.failed, f"ingesting the e2e store failed: {report.failed}"
    assert report.events_total > 0, f"the e2e store holds no event: {report}"
    return db


@pytest.fixture(scope="session")
def store_view(atlas_db: Path) -> StoreView:
    """The test store's event table, data span and known values."""
    store = open_store(atlas_db)
    try:
        frame = store.events_frame()
        span = store.data_span()
    finally:
        store.close()
    assert span is not None, "the e2e store holds no dated event"
    return StoreView(frame=frame, span=span, known=filters.Known.from_frame(frame))


@contextmanager
def serving(server: AtlasServer) -> Iterator[str]:
    """Start ``atlas serve``, yield its base URL once healthy, stop it afterwards.

    A server that does not come up fails the test with the tail of its log.
    """
    server.start()
    try:
        try:
            url = server.wait_ready(SERVER_TIMEOUT)
        except HarnessError as exc:
            pytest.fail(str(exc), pytrace=False)
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def atlas_url(atlas_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run ``atlas serve`` on the test store (fast map) and yield its base URL."""
    log = tmp_path_factory.mktemp("server") / "atlas-serve.log"
    with serving(AtlasServer(atlas_db, log, env={"ATLAS_MAP_MODE": "fast"})) as url:
        yield url


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's chromium through Playwright, headless, with a fresh profile."""
    try:
        require_chromium()
    except HarnessError as exc:
        pytest.fail(str(exc), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch_chromium(
            playwright, tmp_path_factory.mktemp("chromium-profile"),
            viewport={"width": 1600, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def atlas(chromium: Any, atlas_url: str) -> Iterator[AtlasPage]:
    """A new tab on the app; closed after the test, which must not have left 127.0.0.1."""
    tab = AtlasPage(chromium.new_page(), atlas_url)
    try:
        yield tab
    finally:
        tab.page.close()
    assert tab.outside_requests() == [], "the page sent requests beyond 127.0.0.1"
    assert tab.dialogs == [], "the page opened dialogs"
