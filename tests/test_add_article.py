"""The "Add article" page: a web page by its address, the date default, a NUL file name."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from _app import build_app_store, unescape
from _webserver import Route, Server, serve
from streamlit.testing.v1 import AppTest

from dashboard.store.geopackage import open_store

WEB = Path(__file__).parent / "data" / "web"
CANONICAL = "https://furat.example/news/2024/omar-drones"


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("add") / "atlas.gpkg"
    build_app_store(path)
    return path


@pytest.fixture
def db(base_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "atlas.gpkg"
    shutil.copy(base_store, path)
    return path


@pytest.fixture
def site() -> Iterator[Server]:
    routes = {
        "/omar": Route((WEB / "boilerplate.html").read_bytes()),
        "/nodate": Route((WEB / "nodate.html").read_bytes()),
    }
    with serve(routes) as server:
        yield server


def _page(open_app: Callable[..., AppTest], db: Path, source: str | None = None) -> AppTest:
    at = open_app(db)
    at.switch_page("views/add_article.py").run()
    assert not at.exception, at.exception
    if source:
        at.radio(key="aa-source").set_value(source).run()
    return at


def _read(at: AppTest, url: str, button: str = "aa-preview") -> AppTest:
    at.text_input(key="aa-url").input(url)
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    return at


def test_page_by_address_previews_only_the_main_text(
    site: Server, db: Path, open_app: Callable[..., AppTest]
) -> None:
    at = _read(_page(open_app, db, "Web page (URL)"), site.url("/omar"))
    assert [e.value for e in at.error] == []
    assert [unescape(i.value) for i in at.info] == ["Date from the page: 2024-01-15."]
    cards = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-card">')]
    assert cards and all("al-Omar" in c for c in cards)
    assert not any("Tanf" in c or "Shaddadi" in c for c in cards)


def test_page_saved_once_with_its_metadata(
    site: Server, db: Path, open_app: Callable[..., AppTest]
) -> None:
    at = _page(open_app, db, "Web page (URL)")
    _read(at, site.url("/omar"), "aa-preview")
    at.button(key="aa-save").click().run()
    assert not at.exception
    assert unescape(at.success[0].value).startswith("Saved: 1 incident added")
    assert site.hits("/omar") == 1  # read once for preview and save
    store = open_store(db)
    try:
        frame = store.events_frame()
        ids = set(frame["articles"].str.split("|").explode())
        pages = [store.article(i) for i in ids if i.startswith("web-")]
    finally:
        store.close()
    assert [(a.url, a.published, a.source_path) for a in pages] == [
        (CANONICAL, date(2024, 1, 15), site.url("/omar"))
    ]


def test_undated_page_says_so(site: Server, db: Path, open_app: Callable[..., AppTest]) -> None:
    at = _read(_page(open_app, db, "Web page (URL)"), site.url("/nodate"))
    assert any("gives no publication date" in unescape(i.value) for i in at.info)
    assert any("No publication date" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("address", "problem"),
    [("/missing", "HTTP 404"), ("not a url", "give an http:// or https:// address")],
)
def test_bad_address_is_an_error_not_a_traceback(
    site: Server, db: Path, open_app: Callable[..., AppTest], address: str, problem: str
) -> None:
    url = site.url(address) if address.startswith("/") else address
    at = _read(_page(open_app, db, "Web page (URL)"), url)
    (error,) = [unescape(e.value) for e in at.error]
    assert problem in error and url in error


def test_date_defaults_to_today_for_pasted_text(db: Path, open_app: Callable[..., AppTest]) -> None:
    at = _page(open_app, db)
    assert at.date_input(key="aa-published").value == date.today()


def test_upload_limit_is_labelled_in_mib(
    db: Path, open_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_MAX_UPLOAD_MB", "5")
    at = _page(open_app, db, "Upload a file")
    assert "at most 5 MiB" in at.get("file_uploader")[0].proto.label


def test_nul_in_an_uploaded_file_name_is_a_message(
    db: Path, open_app: Callable[..., AppTest]
) -> None:
    at = _page(open_app, db, "Upload a file")
    at.file_uploader[0].upload("a\x00b.txt", "\u0646\u0635".encode(), "text/plain")
    at.button(key="aa-preview").click().run()
    assert not at.exception
    (error,) = [unescape(e.value) for e in at.error]
    assert "NUL character" in error and "'a\\x00b.txt'" in error


def test_preview_then_save_reads_the_article_once(
    db: Path, open_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long upload used to be extracted for the preview and twice more on save."""
    import gazetteer.extract.reader as reader

    calls: list[str] = []
    real = reader.extract

    def counting(article, gazetteer):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        return real(article, gazetteer)

    monkeypatch.setattr(reader, "extract", counting)
    at = _page(open_app, db)
    text = (WEB.parent / "corpus" / "c01_omar_rockets.txt").read_text(encoding="utf-8")
    at.text_area(key="aa-text").input(text)
    at.button(key="aa-preview").click().run()
    assert not at.exception, at.exception
    at.button(key="aa-save").click().run()
    assert not at.exception, at.exception
    assert any("Saved" in unescape(s.value) for s in at.success), [s.value for s in at.success]
    assert len(calls) == 1, calls
