"""``atlas ingest PATH... [--db PATH]``: add articles to the store and update its events.

Prints one summary line on stdout; every file or article that failed prints
``atlas: <problem>`` on stderr, and the exit status is then 1. Ingesting the same files again
changes nothing (articles are recognised by the sha256 of their text).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from dashboard.commands import Command, CommandError, add_db_argument, error, register, warn
from dashboard.commands.extract import add_jobs_argument, add_single_file_arguments, warn_undated

if TYPE_CHECKING:
    from gazetteer.records import Article

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add ``PATH...``, ``--db``, ``--published`` and ``--outlet``."""
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article file (.txt, .html), folder of articles with an articles.csv, or the"
        " http(s):// address of a news page (its main text and metadata are read)",
    )
    add_db_argument(parser)
    add_single_file_arguments(parser)
    add_jobs_argument(parser)


def _run(args: argparse.Namespace) -> int:
    """Ingest the articles; status 1 if any file or article failed."""
    import dataclasses

    from dashboard.ingest import IngestError, ingest, read_articles
    from dashboard.store.interface import StoreError, open_store

    articles, unreadable = read_articles(args.paths, published=args.published, outlet=args.outlet)
    for article in articles:
        warn_undated(article)
    try:
        store = open_store(args.db, background_check=True)  # checked while extracting
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    if hasattr(store, "on_wait"):
        setattr(store, "on_wait", warn)  # noqa: B010 (not in the Store interface): say why it waits
    try:
        gazetteer = None
        if articles:
            from gazetteer.places.loading import load_gazetteer

            gazetteer = load_gazetteer()
        report = ingest(
            store,
            articles,
            gazetteer,
            extract=_parallel(store, articles, gazetteer, args.jobs),
            progress=warn,
        )
        if hasattr(store, "check_integrity"):
            store.check_integrity()  # a damaged store is reported even when nothing was new
    except (StoreError, IngestError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()
    # The files that could not be read count as failed in the summary too.
    report = dataclasses.replace(report, failed=[*unreadable, *report.failed])
    for message in report.failed:
        error(message)
    print(report.summary(store.location), flush=True)
    return 1 if report.failed else 0


def _parallel(store: Any, articles: list[Article], gazetteer: Any, jobs: int | None) -> Any:
    """Extract the batch's new articles on ``jobs`` processes first; ingest then looks them up.

    Articles whose text is stored already are left out (ingest skips them unextracted).
    """
    if not articles:
        return None
    from dashboard.ingest import _default_extract
    from dashboard.store.rows import content_hash
    from gazetteer.extract.parallel import precomputed

    stored = store.stored_hashes(content_hash(a.text) for a in articles)
    fresh = [a for a in articles if content_hash(a.text) not in stored]
    return precomputed(fresh, gazetteer, jobs, extract=_default_extract())


COMMAND = register(
    Command(
        name="ingest",
        help="add articles to the store: extract, place and merge their incidents into events",
        configure=_configure,
        run=_run,
    )
)
