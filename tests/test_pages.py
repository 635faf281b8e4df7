"""News pages over real HTTP (127.0.0.1): main text only, metadata, fetch limits and errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from _webserver import Route, serve

from dashboard.ingest import ingest, read_articles
from gazetteer.articles import (
    ArticleError,
    FetchError,
    article_from_html,
    fetch,
    html_to_text,
    iter_articles,
    main_text,
    page_metadata,
    read_article,
    read_folder,
    read_url,
)
from gazetteer.articles.fetch import USER_AGENT
from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article

WEB = Path(__file__).parent / "data" / "web"


def _page(name: str) -> bytes:
    return (WEB / name).read_bytes()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def site():
    routes = {
        "/news/omar": Route(_page("boilerplate.html")),
        "/news/nodate": Route(_page("nodate.html")),
        "/2024/03/05/shaddadi.html": Route(_page("urldate.html")),
        "/t": Route(_page("textdate.html")),
        "/old": Route(status=301, location="/news/omar"),
        "/loop": Route(status=302, location="/loop"),
        "/to-file": Route(status=302, location="file:///etc/passwd"),
        "/to-ftp": Route(status=307, location="ftp://127.0.0.1/x"),
        "/stall": Route(_page("nodate.html"), stall=3.0),
        "/big": Route(b"<p>" + "\u0642".encode() * 600_000 + b"</p>"),
        "/cp1256": Route(
            _page("nodate.html").decode("utf-8").encode("cp1256"),
            content_type="text/html; charset=windows-1256",
        ),
        "/empty": Route(b""),
    }
    with serve(routes) as server:
        yield server


# --------------------------------------------------------------------------- main text


def test_boilerplate_attack_sentences_are_not_the_article(gazetteer) -> None:
    html = _page("boilerplate.html").decode("utf-8")
    everything = Article(id="all", text=html_to_text(html), published=date(2024, 1, 15))
    article, _ = article_from_html(html, name="boilerplate.html")
    everywhere = {i.site for i in extract(everything, gazetteer)}
    found = {i.site for i in extract(article, gazetteer)}
    # the ticker, "read also", the comments and the footer name four other bases ...
    assert {"tanf", "shaddadi", "conoco", "kharab-al-jir"} <= everywhere
    # ... and none of them is read as news of this article
    assert found == {"al-omar"}
    for boilerplate in (
        "\u0639\u0627\u062c\u0644",
        "\u0627\u0642\u0631\u0623",
        "\u0642\u0627\u0631\u0626",
    ):
        assert boilerplate not in article.text  # عاجل، اقرأ، قارئ


METADATA = json.loads((WEB / "metadata.json").read_text("utf-8"))
OUTLET = METADATA[0]["outlet"]


@pytest.mark.parametrize("case", METADATA, ids=[c["page"] for c in METADATA])
def test_page_metadata(case: dict) -> None:
    meta = page_metadata(_page(case["page"]).decode("utf-8"), case["url"])
    published = case["published"] and date.fromisoformat(case["published"])
    assert (meta.title, meta.published, meta.outlet, meta.canonical_url) == (
        case["title"], published, case["outlet"], case["canonical"],
    )  # fmt: skip
    assert meta.language == "ar"


def test_main_text_of_a_fragment_falls_back_to_all_text() -> None:
    assert (
        main_text("<p>\u0633\u0637\u0631</p><p>\u0622\u062e\u0631</p>")
        == "\u0633\u0637\u0631\n\u0622\u062e\u0631"
    )


def test_saved_html_file_reads_like_a_page(tmp_path: Path) -> None:
    path = tmp_path / "omar.html"
    path.write_bytes(_page("boilerplate.html"))
    article = read_article(path)
    assert article.id == "omar"
    assert article.published == date(2024, 1, 15)
    assert article.outlet == OUTLET
    assert article.url == "https://furat.example/news/2024/omar-drones"
    assert "\u0627\u0644\u062a\u0646\u0641" not in article.text  # التنف (ticker, footer)
    given = read_article(path, published="2024-01-16", outlet="Given")
    assert (given.published, given.outlet) == (date(2024, 1, 16), "Given")


# --------------------------------------------------------------------------- over HTTP


def test_read_url_follows_redirects_and_sends_user_agent(site) -> None:
    article, meta = read_url(site.url("/old"))
    assert article.source_path == site.url("/old")
    assert article.url == "https://furat.example/news/2024/omar-drones"
    assert article.note == f"read from {site.url('/news/omar')}"
    assert article.title == meta.title
    assert article.id.startswith("web-")
    assert site.hits("/news/omar") == 1
    assert all(headers.get("User-Agent") == USER_AGENT for _, headers in site.requests)


def test_undated_page_stays_undated(site) -> None:
    article, meta = read_url(site.url("/news/nodate"))
    assert article.published is None and meta.date_source == ""
    given, _ = read_url(site.url("/news/nodate"), published=date(2024, 5, 1), outlet="X")
    assert (given.published, given.outlet) == (date(2024, 5, 1), "X")


def test_declared_charset_is_used(site) -> None:
    article, _ = read_url(site.url("/cp1256"))
    assert "\u0643\u0648\u0646\u064a\u0643\u0648" in article.text  # كونيكو


FAILURES = [
    ("/missing", "HTTP 404"),
    ("/stall", "timed out after 0.5 s"),
    ("/big", "too large"),
    ("/loop", "more than 10 redirects"),
    ("/to-file", "redirected to 'file:///etc/passwd', which is not an http(s) address"),
    ("/to-ftp", "redirected to 'ftp://127.0.0.1/x', which is not an http(s) address"),
    ("/empty", "empty page"),
]


@pytest.mark.parametrize(("path", "problem"), FAILURES)
def test_fetch_failures_name_the_url(site, path: str, problem: str) -> None:
    with pytest.raises(FetchError) as caught:
        read_url(site.url(path), timeout=0.5, max_bytes=1_000_000)
    assert str(caught.value).startswith(site.url(path) + ": ")
    assert problem in str(caught.value)


def test_refuses_what_is_not_http() -> None:
    for url in ("ftp://127.0.0.1/x", "file:///etc/passwd", "http//x"):
        with pytest.raises(ArticleError, match="not an http"):
            fetch(url)


def test_connection_refused_is_named() -> None:
    with serve({}) as server:
        dead = server.base
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(dead + "/x", timeout=2)


def test_conditional_request(site) -> None:
    site.routes["/c"] = Route(
        b"<p>x</p>", etag='"v1"', last_modified="Mon, 15 Jan 2024 10:00:00 GMT"
    )
    first = fetch(site.url("/c"))
    assert (first.status, first.etag, first.last_modified) == (
        200,
        '"v1"',
        "Mon, 15 Jan 2024 10:00:00 GMT",
    )
    again = fetch(site.url("/c"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert site.requests[-1][1]["If-None-Match"] == '"v1"'


def test_a_failing_url_does_not_stop_the_batch(site, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("\u0646\u0635", encoding="utf-8")
    items = list(iter_articles([site.url("/missing"), site.url("/news/omar"), text]))
    assert isinstance(items[0], FetchError)
    assert [type(i) for i in items[1:]] == [Article, Article]


def test_ingest_url_stores_only_the_main_text(site, gazetteer, tmp_path: Path) -> None:
    from dashboard.store.geopackage import open_store

    articles, errors = read_articles([site.url("/news/omar"), site.url("/missing")])
    assert len(articles) == 1 and len(errors) == 1 and site.url("/missing") in errors[0]
    store = open_store(tmp_path / "s.gpkg")
    try:
        report = ingest(store, articles, gazetteer)
        assert report.added == 1
        sites = set(store.events_frame()["site"])
        stored = store.article(articles[0].id)
    finally:
        store.close()
    assert sites == {"al-omar"}
    assert stored.url == "https://furat.example/news/2024/omar-drones"
    assert stored.published == date(2024, 1, 15)


def test_atlas_ingest_url(site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import main

    db = tmp_path / "cli.gpkg"
    argv = ["ingest", site.url("/news/omar"), site.url("/news/nodate"), site.url("/missing")]
    assert main([*argv, "--db", str(db)]) == 1  # the 404 fails, the others are stored
    out, err = capsys.readouterr()
    assert out.startswith("ingested 2 articles")
    assert f"atlas: {site.url('/missing')}: HTTP 404" in err
    assert f"atlas: {site.url('/news/nodate')}: no publication date" in err
    assert site.url("/news/omar") + ": no publication date" not in err


def test_articles_csv_overrides_the_page(tmp_path: Path) -> None:
    (tmp_path / "omar.html").write_bytes(_page("boilerplate.html"))
    (tmp_path / "articles.csv").write_text(
        "file,published,outlet,url\nomar.html,2024-01-20,Given,https://given.example/a\n",
        encoding="utf-8",
    )
    (article,) = list(read_folder(tmp_path))
    assert isinstance(article, Article)
    assert (article.published, article.outlet, article.url) == (
        date(2024, 1, 20), "Given", "https://given.example/a",
    )  # fmt: skip
