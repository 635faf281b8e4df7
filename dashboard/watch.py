"""Watch RSS and Atom feeds: fetch each new item's page, extract it and ingest it into the store.

One round (:func:`watch_once`) reads every feed with a conditional request (``ETag``,
``Last-Modified``), parses it with `feedparser <https://feedparser.readthedocs.io>`_, and for
each item not seen before fetches the page (waiting a delay per host), reads its main text and
metadata (:func:`gazetteer.articles.fetch.read_url`) and ingests it
(:func:`dashboard.ingest.ingest`). A failing feed or item is logged and the round goes on.

Seen items are skipped by GUID (else link), by canonical URL (the same article in two feeds)
and by a hash of the normalised text (the same wire story republished by another outlet under
another address).

Crash safety (SIGKILL at any moment loses nothing and ingests nothing twice)
    The feed state lives in its own SQLite file next to the store (:func:`state_path_for`);
    each step commits on its own, in this order:

    1. the item is written ``pending`` with the sha256 of its text (the store's identity of an
       article);
    2. the article is ingested: one transaction of the store;
    3. the item is marked ``ingested`` (or ``duplicate``).

    At the start of every round, a ``pending`` item whose hash the store holds is marked
    ``ingested`` (killed between 2 and 3); any other ``pending`` item is forgotten and fetched
    again (killed before 2). Ingest itself skips a text already stored, so a retry can never
    store it twice. A feed's validators (``ETag``, ``Last-Modified``) are saved only after all
    its items were handled, so a feed whose round was cut short is read again in full.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gazetteer.articles import ArticleError, FetchError, fetch, is_url, read_url
from gazetteer.records import Article

__all__ = [
    "FeedRound",
    "FeedStatus",
    "WatchState",
    "feed_status",
    "parse_every",
    "read_feed_list",
    "state_path_for",
    "watch_once",
]

#: An item that failed this many times is not tried again.
MAX_ATTEMPTS = 3

#: Seconds between two requests to the same host, by default.
DEFAULT_DELAY = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    last_read TEXT,
    last_status TEXT
);
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    link TEXT,
    canonical_url TEXT,
    text_hash TEXT,
    norm_hash TEXT,
    article_id TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_canonical ON items (canonical_url);
CREATE INDEX IF NOT EXISTS items_norm ON items (norm_hash);
CREATE INDEX IF NOT EXISTS items_feed ON items (feed, status);
"""

#: Item states that end its story.
_DONE = ("ingested", "duplicate")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def state_path_for(db: str | Path) -> Path:
    """Return the feed state file of a store: ``atlas.gpkg`` -> ``atlas.gpkg.feeds.sqlite``.

    Parameters
    ----------
    db : str or Path
        The GeoPackage store.

    Returns
    -------
    Path
        Next to the store.
    """
    path = Path(db)
    return path.with_name(path.name + ".feeds.sqlite")


def parse_every(value: str) -> float:
    """Parse an interval: ``90`` or ``90s`` seconds, ``15m`` minutes, ``2h`` hours.

    Raises
    ------
    ValueError
        For anything else, or an interval not above zero.
    """
    text = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600}
    factor = units.get(text[-1:])
    number = text[:-1] if factor else text
    try:
        seconds = float(number) * (factor or 1)
    except ValueError:
        raise ValueError(f"{value!r} is not an interval (like 90s, 15m or 1h)") from None
    if not seconds > 0:
        raise ValueError(f"{value!r}: the interval must be above zero")
    return seconds


def read_feed_list(path: str | Path) -> list[str]:
    """Read feed URLs from a file: one per line, ``#`` starts a comment.

    Raises
    ------
    ValueError
        Naming the file and line of something that is not an http(s) address.
    OSError
        When the file cannot be read.
    """
    urls: list[str] = []
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if not is_url(text):
            raise ValueError(f"{path}: line {number}: {text!r} is not an http(s) address")
        urls.append(text)
    return urls


def normalised_hash(text: str) -> str:
    """Hash of the text with Arabic spelling variants and spacing normalised (wire copies)."""
    from gazetteer.text.normalize import normalise

    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- state


class WatchState:
    """The feed state: feeds read and items seen, in a SQLite file of its own.

    Parameters
    ----------
    path : str or Path
        The file; created when missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified saved for a feed."""
        row = self._conn.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def feed_read(
        self, feed: str, status: str, *, title: str | None = None,
        etag: str | None = None, last_modified: str | None = None, keep: bool = False,
    ) -> None:  # fmt: skip
        """Record a read of a feed (``keep``: leave the saved validators as they are)."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO feeds (url, last_read, last_status) VALUES (?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET last_read = excluded.last_read,"
                " last_status = excluded.last_status",
                (feed, _now(), status),
            )
            if title:
                conn.execute("UPDATE feeds SET title = ? WHERE url = ?", (title, feed))
            if not keep:
                conn.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?",
                    (etag, last_modified, feed),
                )

    def seen(self, key: str, link: str | None) -> bool:
        """Tell whether an item is done (by key or link), or failed too often."""
        row = self._conn.execute(
            "SELECT 1 FROM items WHERE (key = ? AND (status IN (?, ?) OR attempts >= ?))"
            " OR (? IS NOT NULL AND status IN (?, ?) AND (link = ? OR canonical_url = ?))"
            " LIMIT 1",
            (key, *_DONE, MAX_ATTEMPTS, link, *_DONE, link, link),
        ).fetchone()
        return row is not None

    def known_copy(self, canonical: str | None, norm_hash: str) -> str | None:
        """The key of a done item with this canonical URL or normalised text, if any."""
        row = self._conn.execute(
            "SELECT key FROM items WHERE status IN (?, ?)"
            " AND (norm_hash = ? OR (? IS NOT NULL AND canonical_url = ?)) LIMIT 1",
            (*_DONE, norm_hash, canonical, canonical),
        ).fetchone()
        return None if row is None else str(row[0])

    def mark(self, key: str, feed: str, status: str, **values: Any) -> None:
        """Write an item's state (one commit)."""
        columns = ("link", "canonical_url", "text_hash", "norm_hash", "article_id", "error")
        given = {c: values.get(c) for c in columns}
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO items (key, feed, status, updated, attempts) VALUES (?, ?, ?, ?, 0)"
                " ON CONFLICT (key) DO UPDATE SET status = excluded.status,"
                " updated = excluded.updated",
                (key, feed, status, _now()),
            )
            for column, value in given.items():
                if value is not None:
                    conn.execute(f"UPDATE items SET {column} = ? WHERE key = ?", (value, key))
            if status == "failed":
                conn.execute("UPDATE items SET attempts = attempts + 1 WHERE key = ?", (key,))

    def recover(self, stored: Callable[[list[str]], set[str]]) -> tuple[int, int]:
        """Settle items left ``pending`` by a crash; return (marked ingested, forgotten)."""
        rows = self._conn.execute(
            "SELECT key, text_hash FROM items WHERE status = 'pending'"
        ).fetchall()
        if not rows:
            return 0, 0
        there = stored([h for _, h in rows if h])
        done = [k for k, h in rows if h in there]
        lost = [k for k, h in rows if h not in there]
        with self._tx() as conn:
            for key in done:
                conn.execute(
                    "UPDATE items SET status = 'ingested', updated = ? WHERE key = ?",
                    (_now(), key),
                )
            for key in lost:
                conn.execute("DELETE FROM items WHERE key = ?", (key,))
        return len(done), len(lost)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query (for status tables)."""
        return list(self._conn.execute(sql, params).fetchall())


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class FeedStatus:
    """One feed as the dashboard shows it."""

    feed: str
    title: str | None
    last_read: str | None
    last_status: str | None
    articles: int
    duplicates: int
    failed: int


def feed_status(state: str | Path) -> list[FeedStatus]:
    """When each feed was last read and how many articles it brought.

    Parameters
    ----------
    state : str or Path
        The feed state file (:func:`state_path_for`); a missing file gives an empty list.

    Returns
    -------
    list of FeedStatus
        By feed URL.
    """
    path = Path(state)
    if not path.is_file():
        return []
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            "SELECT f.url, f.title, f.last_read, f.last_status,"
            " COALESCE(SUM(i.status = 'ingested'), 0), COALESCE(SUM(i.status = 'duplicate'), 0),"
            " COALESCE(SUM(i.status = 'failed'), 0)"
            " FROM feeds AS f LEFT JOIN items AS i ON i.feed = f.url"
            " GROUP BY f.url ORDER BY f.url"
        ).fetchall()
    return [FeedStatus(*row) for row in rows]


# --------------------------------------------------------------------------- a round


@dataclass
class FeedRound:
    """What one round did with one feed."""

    feed: str
    status: str = ""
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people."""
        return (
            f"{self.feed}: {self.status}; {self.added} new, {self.duplicates} duplicate,"
            f" {self.skipped} already seen, {len(self.failed)} failed"
        )


@dataclass
class _Ctx:
    """What a round needs: the store, state, gazetteer, limits and the per-host clock."""

    store: Any
    state: WatchState
    gazetteer: Callable[[], Any]
    delay: float
    timeout: float
    log: Callable[[str], None]
    last_hit: dict[str, float] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep

    def wait_for(self, url: str) -> None:
        """Keep ``delay`` seconds between two requests to one host."""
        host = (urlsplit(url).hostname or "").lower()
        last = self.last_hit.get(host)
        if last is not None:
            left = last + self.delay - time.monotonic()
            if left > 0:
                self.sleep(left)
        self.last_hit[host] = time.monotonic()


def _entry_date(entry: Any) -> date | None:
    """The item's publication date (RSS pubDate, Atom published); ``updated`` is not one."""
    parsed = entry.get("published_parsed")
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except (AttributeError, ValueError):
        return None


def _item(ctx: _Ctx, feed: str, entry: Any, outlet: str | None, result: FeedRound) -> None:
    """Fetch, read and ingest one feed item, recording each step."""
    from dashboard.ingest import ingest
    from dashboard.store.geopackage import content_hash

    link = (entry.get("link") or "").strip() or None
    key = (entry.get("id") or "").strip() or link
    if key is None or link is None or not is_url(link):
        result.failed.append(f"{feed}: an item without an http(s) link ({key or 'no id'})")
        return
    if ctx.state.seen(key, link):
        result.skipped += 1
        return
    ctx.wait_for(link)
    try:
        article, _ = read_url(link, timeout=ctx.timeout)
    except ArticleError as exc:
        ctx.state.mark(key, feed, "failed", link=link, error=str(exc))
        result.failed.append(str(exc))
        return
    if article.published is None:
        article = replace(article, published=_entry_date(entry))
    if not article.outlet or article.outlet == urlsplit(link).hostname:
        article = replace(article, outlet=outlet or article.outlet)
    _store_item(ctx, feed, key, link, article, result, ingest, content_hash)


def _store_item(
    ctx: _Ctx, feed: str, key: str, link: str, article: Article, result: FeedRound,
    ingest: Callable[..., Any], content_hash: Callable[[str], str],
) -> None:  # fmt: skip
    norm = normalised_hash(article.text)
    copy = ctx.state.known_copy(article.url, norm)
    values = {"link": link, "canonical_url": article.url, "norm_hash": norm,
              "text_hash": content_hash(article.text), "article_id": article.id}  # fmt: skip
    if copy is not None:
        ctx.state.mark(key, feed, "duplicate", **values, error=f"same article as {copy}")
        result.duplicates += 1
        return
    ctx.state.mark(key, feed, "pending", **values)
    try:
        report = ingest(ctx.store, [article], ctx.gazetteer())
    except Exception as exc:  # the store or the extractor: this item fails, the round goes on
        ctx.state.mark(key, feed, "failed", error=f"{link}: {exc}")
        result.failed.append(f"{link}: {exc}")
        return
    if report.failed:
        ctx.state.mark(key, feed, "failed", error="; ".join(report.failed))
        result.failed.extend(report.failed)
    elif report.added:
        ctx.state.mark(key, feed, "ingested")
        result.added += 1
    else:
        ctx.state.mark(key, feed, "duplicate", error="text already in the store")
        result.duplicates += 1


def _read_feed(ctx: _Ctx, feed: str) -> FeedRound:
    """One feed: conditional fetch, parse, every entry; validators saved at the end."""
    import feedparser

    result = FeedRound(feed)
    etag, modified = ctx.state.validators(feed)
    ctx.wait_for(feed)
    try:
        answer = fetch(
            feed, timeout=ctx.timeout, etag=etag, last_modified=modified,
            accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        )  # fmt: skip
    except FetchError as exc:
        ctx.state.feed_read(feed, f"error: {exc.problem}", keep=True)
        result.status = f"error: {exc.problem}"
        result.failed.append(str(exc))
        return result
    if answer.not_modified:
        ctx.state.feed_read(feed, "not modified", keep=True)
        result.status = "not modified"
        return result
    parsed = feedparser.parse(answer.body)
    entries = list(parsed.get("entries") or [])
    if parsed.get("bozo") and not entries:
        problem = f"not an RSS or Atom feed ({parsed.get('bozo_exception')})"
        ctx.state.feed_read(feed, f"error: {problem}", keep=True)
        result.status = f"error: {problem}"
        result.failed.append(f"{feed}: {problem}")
        return result
    title = (parsed.get("feed") or {}).get("title") or None
    for entry in entries:
        _item(ctx, feed, entry, title, result)
    result.status = f"read {len(entries)} items"
    ctx.state.feed_read(feed, "ok", title=title, etag=answer.etag,
                        last_modified=answer.last_modified)  # fmt: skip
    return result


def watch_once(
    feeds: Iterable[str],
    store: Any,
    state: WatchState,
    *,
    gazetteer: Any = None,
    delay: float = DEFAULT_DELAY,
    timeout: float = 20.0,
    log: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FeedRound]:
    """Read every feed once and ingest its new items.

    Parameters
    ----------
    feeds : iterable of str
        Feed URLs.
    store : Store
        Where the articles go (:func:`dashboard.ingest.ingest`).
    state : WatchState
        The feed state.
    gazetteer : Gazetteer, optional
        Loaded on the first new item when not given.
    delay : float, optional
        Seconds between two requests to the same host.
    timeout : float, optional
        Seconds to wait for a server (:func:`gazetteer.articles.fetch.fetch`).
    log : callable, optional
        Receives one line per problem (starting ``failed:``) and per feed.
    sleep : callable, optional
        How to wait between requests to one host (:func:`time.sleep`).

    Returns
    -------
    list of FeedRound
        One per feed, in order.
    """
    from dashboard.store.geopackage import Store

    loaded: list[Any] = [gazetteer] if gazetteer is not None else []

    def get_gazetteer() -> Any:
        if not loaded:
            from gazetteer.places.loading import load_gazetteer

            loaded.append(load_gazetteer())
        return loaded[0]

    typed: Store = store
    done, lost = state.recover(lambda hashes: typed.stored_hashes(hashes))
    if done or lost:
        log(f"recovered an interrupted round: {done} stored, {lost} to fetch again")
    ctx = _Ctx(store, state, get_gazetteer, delay, timeout, log, sleep=sleep)
    rounds = []
    for feed in dict.fromkeys(feeds):
        result = _read_feed(ctx, feed)
        for problem in result.failed:
            log(f"failed: {problem}")
        log(result.summary())
        rounds.append(result)
    return rounds
