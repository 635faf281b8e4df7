"""``atlas extract PATH...``: tag the incidents each article reports and print them as JSON.

The article options, the read-and-extract loop and the printing live here; ``atlas events``
and ``atlas ingest`` reuse them.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

from dashboard.commands import Command, error, jsonl_text, print_records, register, warn

if TYPE_CHECKING:
    from gazetteer.records import Article, Incident

# The article readers (gazetteer.articles) are imported by the functions that read: building
# the parser (every atlas command, --help) then imports no reader.

__all__ = [
    "COMMAND",
    "add_article_arguments",
    "add_jobs_argument",
    "add_single_file_arguments",
    "extract_incidents",
    "print_incidents",
    "published_date",
    "warn_undated",
]


def published_date(value: str) -> date:
    """Parse ``--published`` for argparse with :func:`gazetteer.articles.parse_published`.

    Its :class:`ValueError` is raised again as :class:`argparse.ArgumentTypeError`, which
    argparse prints as a usage error with the reason.
    """
    from gazetteer.articles import parse_published

    try:
        return parse_published(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_article_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``PATH...``, ``--published``, ``--outlet``, ``--jsonl`` and ``--jobs`` to a parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The sub-command's parser.
    """
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article file (.txt, .html) or folder of articles with an articles.csv",
    )
    add_single_file_arguments(parser)
    parser.add_argument(
        "--jsonl", action="store_true", help="one JSON object per line instead of a JSON array"
    )
    add_jobs_argument(parser)


def add_single_file_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--published`` and ``--outlet``, what a folder's ``articles.csv`` gives its files."""
    parser.add_argument(
        "--published",
        type=published_date,
        metavar="YYYY-MM-DD",
        help="publication date of the single files (folders take theirs from articles.csv)",
    )
    parser.add_argument("--outlet", metavar="NAME", help="outlet of the single files")


def add_jobs_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs N``: extraction processes (default: the cores this process may use)."""
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="extract on N processes (default: every core); the output is the same as with 1",
    )


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {n}")
    return n


def warn_undated(article: Article) -> None:
    """Warn on stderr when an article has no publication date (relative dates stay unresolved)."""
    if article.published is None:
        warn(
            f"{article.source_path or article.id}: no publication date; "
            "pass --published or add it to articles.csv"
        )


def extract_incidents(
    args: argparse.Namespace,
    on_article: Callable[[list[Incident]], None],
    *,
    on_lines: Callable[[str], None] | None = None,
) -> tuple[bool, Any]:
    """Read every article named by ``args`` and extract its incidents.

    The gazetteer is loaded when the first article has been read. Each file that cannot be
    read prints ``atlas: <problem>`` on stderr and the batch goes on.
    An article without a publication date is still extracted (relative dates then stay
    unresolved), after a warning on stderr.

    Parameters
    ----------
    args : argparse.Namespace
        With ``paths``, ``published`` and ``outlet`` (see :func:`add_article_arguments`).
    on_article : callable
        Called with the incidents of each article read (an empty list when it reports none).
    on_lines : callable, optional
        Called instead of ``on_article`` with the article's incidents as JSON Lines
        (:func:`dashboard.commands.jsonl_text`), written where the article was extracted: with
        ``--jobs N`` in the worker, so that this process, which reads and writes for all of
        them, has less to do.

    Returns
    -------
    ok : bool
        True when every file was read, False when at least one failed.
    gazetteer : gazetteer.places.loading.Gazetteer or None
        The gazetteer used, None when no article could be read.
    """
    from gazetteer.articles import ArticleError, iter_articles

    gazetteer = None
    ok = True

    def good() -> Iterator[Article]:
        nonlocal gazetteer, ok
        for item in iter_articles(args.paths, published=args.published, outlet=args.outlet):
            if isinstance(item, ArticleError):
                error(item)
                ok = False
                continue
            warn_undated(item)
            if gazetteer is None:  # loaded with the first good article: bad batches stay fast
                from gazetteer.places.loading import load_gazetteer

                gazetteer = load_gazetteer()
            yield item

    articles = good()
    # the extractor's modules and the gazetteer: long-lived objects and no garbage, which the
    # cyclic collector would only walk through (extract_many pauses it for the first article)
    enabled = gc.isenabled()
    gc.disable()
    try:
        from gazetteer.extract.parallel import extract_many

        first = next(articles, None)  # reads up to the first good article, loading the gazetteer
    finally:
        if enabled:
            gc.enable()
    if first is None:
        return ok, gazetteer
    render = None if on_lines is None else jsonl_text
    jobs = getattr(args, "jobs", 1)
    for result in extract_many(chain([first], articles), gazetteer, jobs, render=render):
        item = result.article
        exc = result.error
        if exc is not None:  # a bug on one article must not lose the rest of the batch
            error(
                f"{item.source_path or item.id}: the extractor failed on this article"
                f" ({type(exc).__name__}: {exc}); the other articles go on. Please report it"
                " with the file."
            )
            ok = False
            continue
        if on_lines is None:
            on_article(list(result.incidents))
        else:
            on_lines(result.rendered)
    return ok, gazetteer


def print_incidents(
    args: argparse.Namespace,
    finish: Callable[[list[Incident], Any], Sequence[Any]] | None = None,
) -> int:
    """Extract the incidents of every article named by ``args`` and print them as JSON.

    Parameters
    ----------
    args : argparse.Namespace
        As for :func:`extract_incidents`, with ``jsonl`` (see :func:`add_article_arguments`).
    finish : callable, optional
        ``finish(incidents, gazetteer)`` makes the records to print from all the incidents
        (``atlas events`` merges them). Without it the incidents are printed, with ``--jsonl``
        each article's as soon as it is read.

    Returns
    -------
    int
        The exit status: 1 if any file failed, else 0.
    """
    if args.jsonl and finish is None:
        ok, _ = extract_incidents(args, lambda found: None, on_lines=_write)
    else:
        incidents: list[Incident] = []
        ok, gazetteer = extract_incidents(args, incidents.extend)
        records = incidents if finish is None else finish(incidents, gazetteer)
        print_records(records, jsonl=args.jsonl)
    return 0 if ok else 1


def _write(text: str) -> None:
    """Write one article's lines and flush them, as :func:`print_records` does."""
    sys.stdout.write(text)
    sys.stdout.flush()


COMMAND = register(
    Command(
        name="extract",
        help="tag the incidents reported in articles and print them as JSON",
        configure=add_article_arguments,
        run=print_incidents,
    )
)
