"""``atlas watch FEED_URL... [--feeds FILE] [--every 15m] [--once]``: ingest news from feeds.

Reads RSS and Atom feeds, fetches each item not seen before, extracts and ingests it
(:mod:`dashboard.watch`). Without ``--once`` it reads the feeds again every ``--every``
(15 minutes by default) until interrupted (Ctrl-C). A failing feed or item is reported on
stderr and the others go on; the exit status of ``--once`` is 1 when something failed.
The feed state (what was read, ETag and Last-Modified, which items were stored) is kept in
``<store>.feeds.sqlite`` next to the store (``--state`` to choose another file).
"""

from __future__ import annotations

import argparse
import time

from dashboard.commands import Command, CommandError, add_db_argument, register, warn

__all__ = ["COMMAND"]


def _interval(value: str) -> float:
    from dashboard.watch import parse_every

    try:
        return parse_every(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add the feed URLs and the options."""
    parser.add_argument("feeds", nargs="*", metavar="FEED_URL", help="RSS or Atom feed address")
    parser.add_argument("--feeds", dest="feed_file", metavar="FILE",
                        help="file of feed addresses, one per line (# comments)")  # fmt: skip
    add_db_argument(parser)
    parser.add_argument("--state", metavar="FILE",
                        help="feed state file (default: <store>.feeds.sqlite)")  # fmt: skip
    parser.add_argument("--every", type=_interval, default=15 * 60.0, metavar="INTERVAL",
                        help="time between rounds: 90s, 15m, 1h (default 15m)")  # fmt: skip
    parser.add_argument("--once", action="store_true", help="read the feeds once and stop")
    parser.add_argument("--delay", type=_interval, default=2.0, metavar="INTERVAL",
                        help="time between two requests to one site (default 2s)")  # fmt: skip
    parser.add_argument("--timeout", type=_interval, default=20.0, metavar="INTERVAL",
                        help="time to wait for a server (default 20s)")  # fmt: skip


def _feeds(args: argparse.Namespace) -> list[str]:
    from dashboard.watch import read_feed_list
    from gazetteer.articles import is_url

    feeds = list(args.feeds)
    bad = [f for f in feeds if not is_url(f)]
    if bad:
        raise CommandError(f"{bad[0]}: not an http(s) feed address")
    if args.feed_file:
        try:
            feeds += read_feed_list(args.feed_file)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    if not feeds:
        raise CommandError("no feed: give FEED_URL or --feeds FILE")
    return list(dict.fromkeys(feeds))


def _log(line: str) -> None:
    """Problems on stderr, progress on stdout."""
    if line.startswith("failed:"):
        warn(line.removeprefix("failed: "))
    else:
        print(line, flush=True)


def _run(args: argparse.Namespace) -> int:
    """Read the feeds once, or every ``--every`` until interrupted."""
    from dashboard.store.geopackage import StoreError, open_store
    from dashboard.watch import WatchState, state_path_for, watch_once

    feeds = _feeds(args)
    try:
        store = open_store(args.db)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    location = str(getattr(store, "location", args.db or "atlas.gpkg"))
    if args.state is None and "://" in location:
        store.close()
        raise CommandError("a PostgreSQL store needs --state FILE for the feed state")
    state = WatchState(args.state or state_path_for(location))
    try:
        while True:
            rounds = watch_once(
                feeds, store, state, delay=args.delay, timeout=args.timeout,
                log=_log,
            )  # fmt: skip
            failed = any(r.failed for r in rounds)
            if args.once:
                return 1 if failed else 0
            if failed:
                warn("some feeds or items failed; they are tried again next round")
            time.sleep(args.every)
    finally:
        state.close()
        store.close()


COMMAND = register(
    Command(
        name="watch",
        help="read RSS/Atom feeds and ingest each new article (once, or every --every)",
        configure=_configure,
        run=_run,
    )
)
