"""``atlas watch``: feeds and pages served on 127.0.0.1; duplicates, failures, SIGKILL safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from _webserver import Route, Server, serve

from dashboard.store.geopackage import open_store
from dashboard.watch import (
    WatchState,
    feed_status,
    parse_every,
    read_feed_list,
    state_path_for,
    watch_once,
)
from gazetteer.places.loading import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]

#: Our own words. Places, weapons and numbers vary so that every article is a different text.
SITES = [
    "\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631",  # حقل العمر
    "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641",  # قاعدة التنف
    "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0634\u062f\u0627\u062f\u064a",  # قاعدة الشدادي
    "\u062d\u0642\u0644 \u0643\u0648\u0646\u064a\u0643\u0648",  # حقل كونيكو
]
WEAPONS = [
    "\u0637\u0627\u0626\u0631\u0627\u062a \u0645\u0633\u064a\u0631\u0629",  # طائرات مسيرة
    "\u0635\u0648\u0627\u0631\u064a\u062e",  # صواريخ
    "\u0642\u0630\u0627\u0626\u0641 \u0647\u0627\u0648\u0646",  # قذائف هاون
]
#: "{n} {weapon} targeted {site} at dawn, local sources said; no casualties were reported."
SENTENCE = (
    "\u0627\u0633\u062a\u0647\u062f\u0641\u062a {n} {weapon} {site} \u0641\u062c\u0631"
    " \u0627\u0644\u064a\u0648\u0645\u060c \u0628\u062d\u0633\u0628 \u0645\u0635\u0627\u062f\u0631"
    " \u0645\u062d\u0644\u064a\u0629\u060c \u0648\u0644\u0645 \u062a\u0631\u062f \u0623\u0646\u0628"
    "\u0627\u0621 \u0639\u0646 \u0625\u0635\u0627\u0628\u0627\u062a."
)
#: Boilerplate with an attack of its own: "Urgent: a missile attack on Kharab al-Jir airport".
TICKER = (
    "\u0639\u0627\u062c\u0644: \u0647\u062c\u0648\u0645 \u0635\u0627\u0631\u0648\u062e\u064a"
    " \u0639\u0644\u0649 \u0645\u0637\u0627\u0631"
    " \u062e\u0631\u0627\u0628 \u0627\u0644\u062c\u064a\u0631"
)
#: "Residents heard the explosions in the nearby villages and saw helicopters over the area."
FILLER = (
    "\u0648\u0633\u0645\u0639 \u0627\u0644\u0633\u0643\u0627\u0646 \u062f\u0648\u064a"
    " \u0627\u0644\u0627\u0646\u0641\u062c\u0627\u0631\u0627\u062a \u0641\u064a \u0627\u0644\u0642"
    "\u0631\u0649 \u0627\u0644\u0645\u062c\u0627\u0648\u0631\u0629 \u0648\u0634\u0627\u0647\u062f"
    "\u0648\u0627 \u0637\u0627\u0626\u0631\u0627\u062a \u0645\u0631\u0648\u062d\u064a\u0629"
    " \u0641\u0648\u0642 \u0627\u0644\u0645\u0646\u0637\u0642\u0629 \u062d\u062a\u0649"
    " \u0633\u0627\u0639\u0629 \u0645\u062a\u0623\u062e\u0631\u0629 \u0645\u0646 \u0627\u0644\u0635"
    "\u0628\u0627\u062d."
)


def article_text(i: int) -> str:
    site, weapon = SITES[i % len(SITES)], WEAPONS[i % len(WEAPONS)]
    return SENTENCE.format(n=i + 2, weapon=weapon, site=site) + "\n" + FILLER


def page(i: int, *, outlet: str, dated: bool = True, text: str | None = None) -> bytes:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        f'"datePublished":"2024-02-{i + 1:02d}T08:00:00Z"}}</script>'
        if dated
        else ""
    )
    body = "".join(f"<p>{line}</p>" for line in (text or article_text(i)).split("\n"))
    return (
        f'<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{outlet} {i}</title>'
        f'<meta property="og:site_name" content="{outlet}">{ld}</head><body>'
        f'<nav><a href="/">home</a></nav><div class="ticker">{TICKER}</div>'
        f"<article><h1>\\u062e\\u0628\\u0631 {i}</h1>{body}</article>"
        f'<aside class="related"><h3>related</h3><a href="/x">{TICKER}</a></aside>'
        "<footer>footer</footer></body></html>"
    ).encode()


def rss(items: list[tuple[str, str, str | None]]) -> bytes:
    """RSS 2.0: (guid, link, pubDate)."""
    entries = "".join(
        f"<item><title>t</title><guid>{guid}</guid><link>{link}</link>"
        + (f"<pubDate>{when}</pubDate>" if when else "")
        + "</item>"
        for guid, link, when in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Furat</title><link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str]]) -> bytes:
    """Atom: (id, link)."""
    entries = "".join(
        f'<entry><id>{ident}</id><title>t</title><link href="{link}"/>'
        "<updated>2024-03-01T00:00:00Z</updated></entry>"
        for ident, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Wire</title><id>urn:wire</id><updated>2024-03-01T00:00:00Z</updated>{entries}"
        "</feed>"
    ).encode()


N = 6


def routes(base: str) -> dict[str, Route]:
    """Feed A (RSS, N items), feed B (Atom): a republished copy of item 0 under another
    address and outlet, item 1 again by the same link, and one new item; plus failures."""
    table = {f"/a/{i}": Route(page(i, outlet="Furat")) for i in range(N)}
    table["/b/copy-of-0"] = Route(page(0, outlet="Wire", text=article_text(0)))
    table["/b/new"] = Route(page(40, outlet="Wire", dated=False))
    table["/a/stall"] = Route(page(50, outlet="Furat"), stall=3.0)
    table["/a.rss"] = Route(
        rss(
            [(f"a-{i}", f"{base}/a/{i}", "Mon, 15 Jan 2024 10:00:00 GMT") for i in range(N)]
            + [("a-missing", f"{base}/a/missing", None), ("a-stall", f"{base}/a/stall", None)]
        ),
        content_type="application/rss+xml",
        etag='"feed-a-1"',
    )
    table["/b.atom"] = Route(
        atom([("b-0", f"{base}/b/copy-of-0"), ("b-1", f"{base}/a/1"), ("b-2", f"{base}/b/new")]),
        content_type="application/atom+xml",
        last_modified="Fri, 01 Mar 2024 00:00:00 GMT",
    )
    return table


@pytest.fixture
def site() -> Iterator[Server]:
    with serve({}) as server:
        server.routes.update(routes(server.base))
        yield server


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


def _run(site: Server, db: Path, gazetteer, **kwargs):  # type: ignore[no-untyped-def]
    lines: list[str] = []
    store = open_store(db)
    state = WatchState(state_path_for(db))
    feeds = [site.url("/a.rss"), site.url("/b.atom"), site.url("/gone.rss")]
    try:
        rounds = watch_once(
            feeds, store, state, gazetteer=gazetteer, delay=0, timeout=0.5, log=lines.append,
            **kwargs,
        )  # fmt: skip
        articles = store.counts()["articles"]
    finally:
        state.close()
        store.close()
    return rounds, articles, lines


def test_watch_round_skips_duplicates_and_goes_on_after_failures(
    site: Server, tmp_path: Path, gazetteer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "atlas.gpkg"
    rounds, articles, lines = _run(site, db, gazetteer)
    a, b, gone = rounds
    assert (a.added, a.duplicates, len(a.failed)) == (N, 0, 2)  # 404 page and stalled page
    assert any("/a/missing: HTTP 404" in f for f in a.failed)
    assert any("/a/stall: timed out" in f for f in a.failed)
    # the republished wire copy (another address, another outlet, same text) and item 1 again
    assert (b.added, b.duplicates, b.skipped) == (1, 1, 1)
    assert gone.status.startswith("error: HTTP 404") and gone.failed
    assert articles == N + 1
    assert any(line.startswith("failed:") and "/gone.rss" in line for line in lines)
    store = open_store(db)
    try:
        frame = store.events_frame()
        undated = [store.article(i) for i in frame["articles"].str.split("|").explode()]
    finally:
        store.close()
    # the boilerplate's attack on Kharab al-Jir is never read as news
    assert "kharab-al-jir" not in set(frame["site"])
    assert {a.outlet for a in undated} <= {"Furat", "Wire"}
    assert all(a.url and a.url.startswith(site.base) for a in undated)


def test_second_round_uses_conditional_requests(site: Server, tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "atlas.gpkg"
    _run(site, db, gazetteer)
    pages_before = site.hits("/a/0")
    rounds, articles, _ = _run(site, db, gazetteer)
    a, b, _gone = rounds
    assert (a.status, b.status) == ("not modified", "not modified")
    assert a.added == b.added == 0 and articles == N + 1
    assert site.hits("/a/0") == pages_before
    sent = [h for p, h in site.requests if p == "/a.rss"][-1]
    assert sent.get("If-None-Match") == '"feed-a-1"'
    sent_b = [h for p, h in site.requests if p == "/b.atom"][-1]
    assert sent_b.get("If-Modified-Since") == "Fri, 01 Mar 2024 00:00:00 GMT"


def test_failed_items_are_retried_then_given_up(site: Server, tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "atlas.gpkg"
    site.routes["/a.rss"].etag = None  # the feed is read in full every round
    for _ in range(4):
        _run(site, db, gazetteer)
    assert site.hits("/a/missing") == 3  # MAX_ATTEMPTS, then the item is left alone


def test_undated_page_takes_the_feed_date(site: Server, tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    site.routes["/a/0"] = Route(page(0, outlet="Furat", dated=False))
    db = tmp_path / "atlas.gpkg"
    _run(site, db, gazetteer)
    store = open_store(db)
    try:
        dates = {store.article(i).published for i in _article_ids(store)}
    finally:
        store.close()
    assert None in dates  # /b/new: no date on the page, and the Atom entry has no <published>
    from datetime import date

    assert date(2024, 1, 15) in dates  # /a/0: the RSS pubDate


def _article_ids(store) -> list[str]:  # type: ignore[no-untyped-def]
    frame = store.events_frame()
    return sorted(set(frame["articles"].str.split("|").explode()))


def test_delay_per_host(site: Server, tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    waits: list[float] = []
    store = open_store(tmp_path / "atlas.gpkg")
    state = WatchState(tmp_path / "state.sqlite")
    try:
        watch_once([site.url("/b.atom")], store, state, gazetteer=gazetteer, delay=30,
                   timeout=2, log=lambda _: None, sleep=waits.append)  # fmt: skip
    finally:
        state.close()
        store.close()
    # feed, then three items, all on 127.0.0.1: three waits of up to 30 s (none really slept)
    assert len(waits) == 3 and all(0 < w <= 30 for w in waits)


def test_feed_status_table(site: Server, tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "atlas.gpkg"
    assert feed_status(state_path_for(db)) == []
    _run(site, db, gazetteer)
    table = {s.feed: s for s in feed_status(state_path_for(db))}
    a, b, gone = (table[site.url(p)] for p in ("/a.rss", "/b.atom", "/gone.rss"))
    assert (a.articles, a.duplicates, a.failed, a.title, a.last_status) == (N, 0, 2, "Furat", "ok")
    assert (b.articles, b.duplicates, b.title) == (1, 1, "Wire")
    assert gone.articles == 0 and gone.last_status.startswith("error: HTTP 404")
    assert all(s.last_read and s.last_read.endswith("Z") for s in table.values())


EVERY = [("90", 90.0), ("90s", 90.0), ("15m", 900.0), ("2h", 7200.0), ("0.5m", 30.0)]


@pytest.mark.parametrize(("text", "seconds"), EVERY)
def test_parse_every(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "-5m", "0", "5d", "soon"])
def test_parse_every_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)


def test_feed_list_file(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# mine\nhttp://127.0.0.1/a.rss  # A\n\nhttps://127.0.0.1/b\n", "utf-8")
    assert read_feed_list(path) == ["http://127.0.0.1/a.rss", "https://127.0.0.1/b"]
    path.write_text("http://127.0.0.1/a\nnot a url\n", "utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_feed_list(path)


# --------------------------------------------------------------------------- SIGKILL


def _watch_process(site: Server, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [
        sys.executable, "-m", "dashboard.cli", "watch", "--once", "--db", str(db),
        "--delay", "0.01s", "--timeout", "0.5s", site.url("/a.rss"), site.url("/b.atom"),
    ]  # fmt: skip
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _items_begun(db: Path) -> int:
    """Items the feed state has a row for (pending, stored, duplicate or failed)."""
    import sqlite3

    path = state_path_for(db)
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as conn:
            return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    except sqlite3.OperationalError:  # created but without its tables yet
        return 0


def _store_contents(db: Path) -> tuple[list[str], int, int]:
    store = open_store(db)
    try:
        counts = store.counts()
        return _article_ids(store), counts["articles"], counts["reports"]
    finally:
        store.close()


def test_sigkill_at_any_moment_loses_nothing_and_stores_nothing_twice(
    site: Server, tmp_path: Path
) -> None:
    for path, route in site.routes.items():
        if path.startswith(("/a/", "/b/")) and not route.stall:
            route.stall = 0.15  # widen the window in which items are being stored
    clean = tmp_path / "clean.gpkg"
    _watch_process(site, clean).wait(timeout=300)
    expected = _store_contents(clean)
    assert expected[1] == N + 1

    db = tmp_path / "killed.gpkg"
    kills = partial = 0
    for step in range(10):
        # kill once the run has begun an item (so, in the middle of fetching, extracting,
        # storing or marking), a little later at each step
        before = _items_begun(db)
        process = _watch_process(site, db)
        deadline = time.monotonic() + 120
        while process.poll() is None and _items_begun(db) <= before:
            assert time.monotonic() < deadline, "the watch process made no progress"
            time.sleep(0.01)
        time.sleep(0.04 * step)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        stored = _store_contents(db)[1]
        partial += 0 < stored < N + 1
    _watch_process(site, db).wait(timeout=300)
    assert kills >= 3 and partial >= 2  # the runs were cut short halfway through
    assert _store_contents(db) == expected
    status = {s.feed: (s.articles, s.duplicates) for s in feed_status(state_path_for(db))}
    assert status == {site.url("/a.rss"): (N, 0), site.url("/b.atom"): (1, 1)}


def test_feeds_table_and_panel(site: Server, tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    from streamlit.testing.v1 import AppTest

    from dashboard.ui.feeds import FEED_COLUMNS, feeds_table

    db = tmp_path / "atlas.gpkg"
    _run(site, db, gazetteer)
    table = feeds_table(feed_status(state_path_for(db)))
    assert list(table.columns) == list(FEED_COLUMNS)
    assert table.set_index("feed").loc[site.url("/a.rss"), "articles"] == N

    def page(db: str) -> None:
        from dashboard.ui.feeds import feeds_panel

        feeds_panel(db)

    app = AppTest.from_function(page, args=(str(db),)).run()
    assert not app.exception
    shown = app.dataframe[0].value
    assert sorted(shown["articles"]) == [0, 1, N]
    empty = AppTest.from_function(page, args=(str(tmp_path / "none.gpkg"),)).run()
    assert "No feed has been read yet" in empty.caption[0].value
