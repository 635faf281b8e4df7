"""The dashboard under ``streamlit.testing.v1.AppTest``: its fixture store and page helpers.

A plugin of conftest.py, shared by test_app.py (GeoPackage) and test_dashboard_backends.py
(GeoPackage and PostGIS). The fixture store is ``tests/data/app/store.json``: three articles
written for these tests and the incidents an extractor would tag in them (given there so that
the counts do not depend on the extractor), ingested with the real ingest and merge by
:func:`build_app_store` into any store location.

Fixtures: ``open_app`` (start an AppTest on a store, with query parameters, on a page),
``fixture_store`` (the fixture store built once per test module, read only: its path and the
event id of each site) and ``writable_store`` (a copy of it of the test's own).
Helpers: :func:`app_data`, :func:`build_app_store`, :func:`counts_line`, :func:`unescape`,
:func:`texts`.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import ingest
from dashboard.store.geopackage import open_store
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Incident

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
PAGES = sorted((ROOT / "dashboard" / "views").glob("*.py"))
APP_DATA = Path(__file__).resolve().parent / "data" / "app"

#: Seconds one AppTest run may take before AppTest gives up (the first run of the process loads
#: the gazetteer and the lexicons); a safety net, not a timing assertion.
RUN_TIMEOUT = 180

COUNTS_RE = re.compile(
    r"^([0-9][0-9,]*) events? \(([0-9][0-9,]*) reports? from ([0-9][0-9,]*) articles?\)$"
)


def app_data(name: str) -> dict[str, Any]:
    """Return the JSON file ``tests/data/app/NAME``."""
    return json.loads((APP_DATA / name).read_text(encoding="utf-8"))


def _fixture_incidents(gazetteer: Any) -> tuple[list[Article], dict[str, list[Incident]]]:
    data = app_data("store.json")
    articles = {
        a["id"]: Article(id=a["id"], text=a["text"], outlet=a["outlet"],
                         published=date.fromisoformat(a["published"]))
        for a in data["articles"]
    }
    by_article: dict[str, list[Incident]] = {}
    for row in data["incidents"]:
        article = articles[row["article"]]
        site = gazetteer.sites[row["site"]]
        start = article.text.index(row["quote"])
        marks = []
        for word in row["marks"]:
            at = article.text.index(word, start)
            marks.append((at, at + len(word)))
        day = date.fromisoformat(row["date"])
        by_article.setdefault(article.id, []).append(Incident(
            article=article.id, site=site.key, site_name=site.name_en, lat=site.lat,
            lon=site.lon, geo_precision=1, date_start=day, date_end=day,
            date_precision="day", time=None, weapon=tuple(row["weapon"]), count=row["count"],
            killed=row["killed"], injured=row["injured"], casualties=row["casualties"],
            casualty_note="", actor=row["actor"], target="US forces", new=row["new"],
            outlet=article.outlet, cited=(), quote=row["quote"],
            span=(start, start + len(row["quote"])), summary_en=row["summary_en"],
            highlights=tuple(marks),
        ))
    return list(articles.values()), by_article


def build_app_store(location: str | Path) -> dict[str, str]:
    """Ingest the fixture articles into the store at ``location``.

    Parameters
    ----------
    location : str or Path
        A GeoPackage path or a ``postgresql://`` URL of an empty store.

    Returns
    -------
    dict
        Site key -> event id.
    """
    gazetteer = load_gazetteer()
    articles, by_article = _fixture_incidents(gazetteer)
    store = open_store(location)
    try:
        report = ingest(store, articles, gazetteer, extract=lambda a, _g: by_article[a.id])
        assert report.added == 3 and not report.failed, report
        frame = store.events_frame()
    finally:
        store.close()
    return dict(zip(frame["site"], frame["id"], strict=True))


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., AppTest]]:
    """Start an AppTest with ``ATLAS_DB`` set: ``open_app(db, query=None, script=APP)``."""

    def start(
        db: str | Path, query: dict[str, str] | None = None, script: Path = APP
    ) -> AppTest:
        monkeypatch.setenv("ATLAS_DB", str(db))
        at = AppTest.from_file(str(script), default_timeout=RUN_TIMEOUT)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    yield start


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The fixture store, built once per test module: (path, site key -> event id)."""
    path = tmp_path_factory.mktemp("app") / "atlas.gpkg"
    return path, build_app_store(path)


@pytest.fixture
def writable_store(
    fixture_store: tuple[Path, dict[str, str]], tmp_path: Path
) -> tuple[Path, dict[str, str]]:
    """A copy of the fixture store that the test may write to."""
    path = tmp_path / "atlas.gpkg"
    shutil.copy(fixture_store[0], path)
    return path, fixture_store[1]


def unescape(markdown: str) -> str:
    """Undo the backslash escapes of dashboard.ui.state.plain."""
    return re.sub(r"\\(.)", r"\1", markdown)


def counts_line(at: AppTest) -> str | None:
    """Return the page's ``N events (M reports from K articles)`` line, None without one."""
    lines = [m.value for m in at.markdown if COUNTS_RE.match(m.value)]
    assert len(lines) <= 1, lines
    return lines[0] if lines else None


def texts(at: AppTest) -> list[str]:
    """Every text element's value (Markdown, with HTML when allowed, and alerts)."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "subheader", "warning", "error", "success",
                 "info"):
        out.extend(str(e.value) for e in getattr(at, kind))
    return out


#: The article :func:`add_undated_event` adds: a mortar attack at al-Tanf with no date at all.
UNDATED_ARTICLE = Article(
    id="app-undated",
    text="\u0633\u0642\u0637\u062a \u0642\u0630\u064a\u0641\u062a\u0627 \u0647\u0627\u0648\u0646"
         " \u0639\u0644\u0649 \u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641.",
    outlet="Desert Wire",
    published=None,
)


def add_undated_event(location: str | Path) -> str:
    """Ingest :data:`UNDATED_ARTICLE` with one undated incident; return the new event's id."""
    gazetteer = load_gazetteer()
    site = gazetteer.sites["tanf"]
    text = UNDATED_ARTICLE.text
    incident = Incident(
        article=UNDATED_ARTICLE.id, site=site.key, site_name=site.name_en, lat=site.lat,
        lon=site.lon, geo_precision=1, date_start=None, date_end=None,
        date_precision="unknown", time=None, weapon=("mortar",), count=2, killed=None,
        injured=None, casualties="unknown", casualty_note="", actor=None, target="US forces",
        new=True, outlet=UNDATED_ARTICLE.outlet, cited=(), quote=text, span=(0, len(text)),
        summary_en="2 mortar shells hit al-Tanf", highlights=((5, 11),),
    )
    store = open_store(location)
    try:
        before = set(store.events_frame()["id"])
        report = ingest(store, [UNDATED_ARTICLE], gazetteer, extract=lambda _a, _g: [incident])
        assert report.added == 1 and not report.failed, report
        (new,) = set(store.events_frame()["id"]) - before
    finally:
        store.close()
    return str(new)
