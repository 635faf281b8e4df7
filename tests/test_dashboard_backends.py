"""The dashboard and the exports on both backends: a GeoPackage file and PostgreSQL + PostGIS.

The stores are filled through the real path: the fixture articles of ``tests/data/app``
(shared with test_app.py through ``tests/_app.py``) ingested with ``dashboard.ingest`` and the
real merge, and the Add article page runs the real extractor. The pages run in-process under
``streamlit.testing.v1.AppTest`` with ``ATLAS_DB`` set to the store's location. Expected
figures come from the store itself (``counts()``, ``events_frame()``) and the filter library,
never written down; the PostGIS server is the ``pg_server`` of ``tests/_pg.py``.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from _app import APP, COUNTS_RE, PAGES, app_data, build_app_store, counts_line, unescape
from _pg import pg_schema
from streamlit.testing.v1 import AppTest

from dashboard import filters
from dashboard.exports import (
    to_csv_bytes,
    to_geojson_bytes,
    to_gpkg_bytes,
    to_html_bytes,
    to_kml_bytes,
)
from dashboard.map.build import MapOptions, build_map
from dashboard.store.geopackage import Store, open_store

BACKENDS = ("geopackage", "postgis")

#: Date ranges for the ``from``/``to`` URL parameters; each narrows the fixture's three events.
DATE_RANGES: list[tuple[str, str]] = [
    ("2024-01-09", "2024-02-19"),
    ("2024-01-08", "2024-01-08"),
    ("2024-01-10", "2024-02-18"),
]

#: The same reviews saved on both backends before exporting: site key -> (status, note, fields).
REVIEWS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "al-omar": ("corrected", "two outlets, <b>four</b> rockets", {"count": 4}),
    "conoco": ("rejected", '=HYPERLINK("x") claim only', None),
}


def _fresh_location(
    backend: str, folder: Path, stack: ExitStack, server: Callable[[], str]
) -> str:
    """An empty store location of ``backend``: a .gpkg in ``folder`` or a new schema."""
    if backend == "geopackage":
        return str(folder / "atlas.gpkg")
    return stack.enter_context(pg_schema(server()))


@pytest.fixture(scope="module")
def stores(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[str, dict[str, str]]]]:
    """The fixture store on each backend (read only): backend -> (location, site -> event id)."""
    with ExitStack() as stack:
        built = {}
        for backend in BACKENDS:
            location = _fresh_location(
                backend, tmp_path_factory.mktemp(backend), stack,
                lambda: request.getfixturevalue("pg_server"),
            )
            built[backend] = (location, build_app_store(location))
        yield built


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a test runs on."""
    return str(request.param)


@pytest.fixture
def shared(backend: str, stores: dict[str, tuple[str, dict[str, str]]]) -> tuple[str, dict]:
    """The read-only fixture store of ``backend``."""
    return stores[backend]


@pytest.fixture
def writable(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[str, dict[str, str]]:
    """A fixture store of ``backend`` of this test's own (it may write)."""
    if backend == "geopackage":
        location = str(tmp_path / "atlas.gpkg")
    else:
        location = str(request.getfixturevalue("pg_url"))
    return location, build_app_store(location)


def _read(location: str, call: Callable[[Store], Any]) -> Any:
    store = open_store(location)
    try:
        return call(store)
    finally:
        store.close()


def _figures(line: str | None) -> dict[str, int]:
    """The three numbers of a counts line, by the names ``Store.counts()`` uses."""
    assert line is not None, "the page shows no counts line"
    match = COUNTS_RE.match(line)
    assert match, line
    events, reports, articles = (int(g.replace(",", "")) for g in match.groups())
    return {"events": events, "reports": reports, "articles": articles}


def _stored(location: str) -> dict[str, int]:
    counts = _read(location, lambda s: s.counts())
    return {k: counts[k] for k in ("events", "reports", "articles")}


# --------------------------------------------------------------------------- the pages


@pytest.mark.parametrize("script", [APP, *PAGES], ids=lambda p: p.name)
def test_every_page_runs_and_counts_the_store(
    script: Path, shared: tuple[str, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    location, _ = shared
    at = open_app(location, script=script)
    at.run()  # a rerun draws the same page
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if script.name in {"app.py", "map.py"}:
        assert _figures(counts_line(at)) == _stored(location)


@pytest.mark.parametrize(("start", "end"), DATE_RANGES, ids=lambda v: v)
def test_a_date_range_narrows_the_count_alike(
    start: str, end: str, stores: dict[str, tuple[str, dict[str, str]]],
    open_app: Callable[..., AppTest],
) -> None:
    query = {"from": start, "to": end}
    shown = {}
    for backend, (location, _) in stores.items():
        at = open_app(location, query=query)
        frame, span = _read(location, lambda s: (s.events_frame(), s.data_span()))
        chosen, warnings = filters.from_query(query, span, filters.Known.from_frame(frame))
        assert warnings == []
        wanted = (date.fromisoformat(start), date.fromisoformat(end))
        assert (chosen.date_from, chosen.date_to) == wanted
        shown[backend] = counts_line(at)
        assert shown[backend] == filters.describe(filters.apply(frame, chosen)), backend
        assert _figures(shown[backend])["events"] < _stored(location)["events"]
        assert at.query_params["from"] == start and at.query_params["to"] == end
    assert len(set(shown.values())) == 1, shown


def test_review_saves_then_a_stale_version_conflicts(
    writable: tuple[str, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    location, ids = writable
    event_id = ids["al-omar"]
    key = f"rv-{event_id}"
    at = open_app(location, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("confirmed")
    at.text_area(key=f"{key}-note").input("two outlets <b>agree</b>")
    at.text_input(key=f"{key}-who").input("analyst A")
    at.button(key=f"{key}-save").click().run()
    assert [unescape(s.value) for s in at.success] == [
        "Review saved: confirmed (event version 2)."
    ]
    assert any("confirmed by analyst A (version 2); note: two outlets <b>agree</b>"
               in unescape(m.value) for m in at.markdown)
    (review,) = _read(location, lambda s: s.reviews_for(event_id))
    assert (review.status, review.note, review.reviewer, review.version) == (
        "confirmed", "two outlets <b>agree</b>", "analyst A", 2)
    # another analyst, through another connection, saves while the page still shows version 2
    assert _read(location, lambda s: s.save_review(
        event_id, "confirmed", expected_version=2, reviewer="analyst B")) == 3
    at.radio(key=f"{key}-status").set_value("rejected")
    at.button(key=f"{key}-save").click().run()
    errors = [unescape(e.value) for e in at.error]
    assert len(errors) == 1 and "review conflict" in errors[0], errors
    assert "you loaded version 2, but version 3 was saved" in errors[0]
    saved = _read(location, lambda s: s.reviews_for(event_id))
    assert [(r.status, r.reviewer) for r in saved] == [
        ("confirmed", "analyst A"), ("confirmed", "analyst B")]


def test_add_article_saves_into_the_store(
    writable: tuple[str, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    location, _ = writable
    before = _stored(location)
    row = app_data("articles.json")["rows"][0]
    at = open_app(location)
    at.switch_page("views/add_article.py").run()
    assert not at.exception, at.exception
    at.text_area(key="aa-text").input(row["text"])
    at.text_input(key="aa-outlet").input(row["outlet"])
    at.date_input(key="aa-published").set_value(date.fromisoformat(row["published"]))
    at.button(key="aa-save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    (message,) = [unescape(s.value) for s in at.success]
    after = _stored(location)
    assert after["articles"] == before["articles"] + 1
    assert after["events"] > before["events"]
    assert message.startswith(
        f"Saved: 1 incident added; the store now holds {after['events']} events"
    )
    frame = _read(location, lambda s: s.events_frame())
    added = frame[frame["outlets"].fillna("").str.contains(row["outlet"], regex=False)]
    assert list(added["site_name"]) == [row["site"]]
    at.switch_page("views/map.py").run()
    assert _figures(counts_line(at)) == after


# --------------------------------------------------------------------------- the exports


@pytest.fixture(scope="module")
def reviewed_frames(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, pd.DataFrame]:
    """Each backend's events_frame after the same ingest and the same :data:`REVIEWS`."""
    frames = {}
    with ExitStack() as stack:
        for backend in BACKENDS:
            location = _fresh_location(
                backend, tmp_path_factory.mktemp(f"export-{backend}"), stack,
                lambda: request.getfixturevalue("pg_server"),
            )
            ids = build_app_store(location)

            def review(store: Store, ids: dict[str, str] = ids) -> pd.DataFrame:
                for site, (status, note, fields) in REVIEWS.items():
                    store.save_review(ids[site], status, note, fields, expected_version=1)
                return store.events_frame()

            frames[backend] = _read(location, review)
    assert frames["geopackage"]["review_status"].notna().sum() == len(REVIEWS)
    return frames


def _csv(data: bytes) -> Any:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False).to_dict("records")


def _kml(data: bytes) -> Any:
    return ET.canonicalize(data.decode("utf-8"))


def _gpkg(data: bytes) -> Any:
    with tempfile.TemporaryDirectory(prefix="atlas-test-") as folder:
        path = Path(folder) / "events.gpkg"
        path.write_bytes(data)
        table = gpd.read_file(path, layer="events", engine="pyogrio").to_wkt()
    # the layer's columns, types and values; the file's own timestamps are not compared
    return table.dtypes.astype(str).to_dict(), table.astype(str).to_dict("records")


def _html(data: bytes) -> Any:
    """The page with folium's random element ids renamed in order of first appearance."""
    text = data.decode("utf-8")
    names: dict[str, str] = {}
    return re.sub(r"[0-9a-f]{32}", lambda m: names.setdefault(m[0], f"id{len(names)}"), text)


#: Export name -> (bytes from a frame, parsed content to compare).
EXPORTS: dict[str, tuple[Callable[[pd.DataFrame], bytes], Callable[[bytes], Any]]] = {
    "csv": (to_csv_bytes, _csv),
    "geojson": (to_geojson_bytes, lambda data: json.loads(data)),
    "kml": (to_kml_bytes, _kml),
    "gpkg": (to_gpkg_bytes, _gpkg),
    "html": (lambda frame: to_html_bytes(build_map(frame, MapOptions())), _html),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_exports_are_equal_across_backends(
    name: str, reviewed_frames: dict[str, pd.DataFrame]
) -> None:
    make, parse = EXPORTS[name]
    parsed = {backend: parse(make(frame)) for backend, frame in reviewed_frames.items()}
    assert parsed["postgis"] == parsed["geopackage"]
    # and the export holds the data: every event id, and the reviews' text
    text = make(reviewed_frames["postgis"]).decode("utf-8", errors="replace")
    for event_id in reviewed_frames["postgis"]["id"]:
        assert event_id in text
    if name != "html":  # the map shows events, not review notes
        assert "claim only" in text
