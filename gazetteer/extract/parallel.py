"""Extraction on every core: the same incidents, in the same order, as one process gives.

:func:`extract_many` hands articles to ``jobs`` worker processes and yields each article's
result in input order. The workers are forked from the caller where the platform allows, else
spawned with the gazetteer sent once to each. With ``jobs=1`` it is a plain loop in this
process.

What a parallel run pays beyond the extraction itself, kept small:

- start-up: the first article is extracted in the caller before the workers are forked, so
  the reader's modules and the lexicons are imported and built once, and the workers share
  them (and the gazetteer) copy-on-write; :func:`gc.freeze` keeps the collector from touching,
  and so copying, those shared pages in every worker;
- the first article's extraction builds the reader's lexicons, automata and grammars: many
  long-lived objects and no garbage, so the cyclic collector is paused meanwhile (its passes
  over them were some 20 ms of a one-article ``atlas extract``);
- traffic: an article goes to a worker once; only its incidents (or the exception) come back,
  never the article's text again;
- the caller's share: what the caller makes of each article's incidents (``atlas extract
  --jsonl`` writes them as JSON lines) can be made in the worker, by a ``render`` function
  whose value comes back with them; the caller then only writes it out.

A failure on one article is that article's result (the exception), never the end of the
batch.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from gazetteer.records import Article, Incident

if TYPE_CHECKING:
    from gazetteer.places.loading import Gazetteer

__all__ = [
    "ExtractFn",
    "Extracted",
    "RenderFn",
    "default_jobs",
    "extract_many",
    "precomputed",
]

#: ``extract(article, gazetteer) -> incidents``, as :func:`gazetteer.extract.reader.extract`.
ExtractFn = Callable[[Article, Any], Iterable[Incident]]

#: ``render(incidents) -> value``: what the caller makes of an article's incidents, made where
#: they were extracted (see :func:`extract_many`).
RenderFn = Callable[[tuple[Incident, ...]], Any]

#: Articles sent to a worker at a time: large enough to amortise the hand-over, small enough
#: that the first results come soon and the cores stay balanced.
_CHUNK = 8

_GAZETTEER: Gazetteer | None = None
_EXTRACT: ExtractFn | None = None
_RENDER: RenderFn | None = None


@dataclass(frozen=True)
class Extracted:
    """One article's result.

    Attributes
    ----------
    article : Article
        The article, as given.
    incidents : tuple of Incident
        What the extractor found (empty when it failed).
    error : Exception or None
        The exception the extractor raised on this article, if any.
    rendered : object
        ``render(incidents)`` when :func:`extract_many` was given ``render`` and the
        extraction succeeded, else None.
    """

    article: Article
    incidents: tuple[Incident, ...]
    error: BaseException | None = None
    rendered: Any = None


def default_jobs() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init(
    gazetteer: Gazetteer, extract: ExtractFn | None, render: RenderFn | None = None
) -> None:
    global _GAZETTEER, _EXTRACT, _RENDER
    _GAZETTEER, _EXTRACT, _RENDER = gazetteer, extract, render


def _extract(article: Article, gazetteer: Any, fn: ExtractFn | None) -> list[Incident]:
    if fn is not None:
        return list(fn(article, gazetteer))
    # imported at call time: the reader as it is now (a test may put another in its place)
    from gazetteer.extract.reader import extract

    return list(extract(article, gazetteer))


def _load() -> Gazetteer:
    from gazetteer.places.loading import load_gazetteer

    return load_gazetteer()


#: What a worker sends back for one article: its incidents, or the exception raised on it,
#: and what ``render`` made of the incidents.
_Result = tuple[tuple[Incident, ...], BaseException | None, Any]


def _one(article: Article) -> _Result:
    gazetteer = _GAZETTEER if _GAZETTEER is not None else _load()
    try:
        incidents = tuple(_extract(article, gazetteer, _EXTRACT))
    except Exception as exc:  # reported with the article; the batch goes on
        return (), exc, None
    # outside the try: a failing render is a bug of the caller's, not the article's
    return incidents, None, None if _RENDER is None else _RENDER(incidents)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (as it was after it).

    For start-up work that builds many long-lived objects and no garbage (imports, the
    gazetteer, the reader's lexicons, automata and grammars): the collector's passes over
    them there are work for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _first(article: Article) -> _Result:
    """:func:`_one` for the first article of a run, with the cyclic collector paused."""
    with _collector_paused():
        return _one(article)


def extract_many(
    articles: Iterable[Article],
    gazetteer: Gazetteer | None = None,
    jobs: int | None = None,
    *,
    extract: ExtractFn | None = None,
    render: RenderFn | None = None,
) -> Iterator[Extracted]:
    """Extract the incidents of many articles on ``jobs`` processes, in input order.

    Parameters
    ----------
    articles : iterable of Article
        Read lazily. When fewer than ``jobs`` times 8 come, they are extracted in this
        process (a pool would cost more than it saves).
    gazetteer : Gazetteer, optional
        The places; the packaged gazetteer by default.
    jobs : int, optional
        Worker processes; :func:`default_jobs` by default. 1 runs in this process.
    extract : callable, optional
        The extractor; :func:`gazetteer.extract.reader.extract` by default. Where processes
        are spawned rather than forked it must be picklable (a module-level function).
    render : callable, optional
        ``render(incidents)``, called where the article was extracted (in a worker, so that
        the caller's process, which reads and writes for all the workers, has less to do);
        its value is the result's ``rendered``. Picklable as ``extract``, and so its value.

    Yields
    ------
    Extracted
        One per article, in the order of ``articles``; the same incidents as
        :func:`gazetteer.extract.reader.extract` gives for it.

    Raises
    ------
    ValueError
        If ``jobs`` is less than 1.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, got {jobs}")
    it = iter(articles)
    head = list(islice(it, jobs * _CHUNK))
    if not head:
        return
    gaz = gazetteer if gazetteer is not None else _load()
    _init(gaz, extract, render)
    # here, before any worker exists: imports the reader and builds the lexicons once for all
    yield Extracted(head[0], *_first(head[0]))
    if jobs == 1 or len(head) < jobs * _CHUNK:  # one process, or too few articles for a pool
        # the gazetteer, the lexicons and their automaton (some 50,000 objects, alive as long
        # as the batch) out of the cyclic collector's passes while the batch runs: its full
        # passes walked them again and again (2-3% of the instructions of an article)
        gc.freeze()
        try:
            for article in chain(head[1:], it):
                yield Extracted(article, *_one(article))
        finally:
            gc.unfreeze()
        return
    yield from _pooled(chain(head[1:], it), gaz, extract, render, jobs)


def _pooled(
    articles: Iterator[Article],
    gaz: Gazetteer,
    extract: ExtractFn | None,
    render: RenderFn | None,
    jobs: int,
) -> Iterator[Extracted]:
    """The results of ``articles`` from a pool of ``jobs`` workers, in order."""
    import multiprocessing  # here: a run on one process needs none of it

    from gazetteer.extract._pool import Pool

    methods = multiprocessing.get_all_start_methods()
    forked = "fork" in methods
    context = multiprocessing.get_context("fork" if forked else "spawn")
    # results come back in order: each is given the caller's own article object back
    sent: deque[Article] = deque()

    def feed() -> Iterator[Article]:
        for article in articles:
            sent.append(article)
            yield article

    if forked:
        gc.freeze()  # what exists now is shared with the workers: no collector pass copies it
    try:
        with Pool(jobs, _init, (gaz, extract, render), context=context) as pool:
            for incidents, error, rendered in pool.imap(_one, feed(), chunksize=_CHUNK):
                yield Extracted(sent.popleft(), incidents, error, rendered)
    finally:
        if forked:
            gc.unfreeze()


class _Lookup:
    """An ``extract``-like function over a batch extracted beforehand."""

    def __init__(self, results: Iterable[Extracted], extract: ExtractFn | None) -> None:
        self.extract = extract
        self.results = {id(r.article): r for r in results}
        # the articles stay referenced, so that their ids stay theirs while the lookup lives
        self.articles = [r.article for r in self.results.values()]

    def __call__(self, article: Article, gazetteer: Any) -> list[Incident]:
        result = self.results.get(id(article))
        if result is None or result.article is not article:
            return _extract(article, gazetteer, self.extract)
        if result.error is not None:
            raise result.error
        return list(result.incidents)


def precomputed(
    articles: Iterable[Article],
    gazetteer: Gazetteer | None = None,
    jobs: int | None = None,
    *,
    extract: ExtractFn | None = None,
) -> Callable[[Article, Any], list[Incident]]:
    """Extract a batch on ``jobs`` processes now; return an ``extract``-like lookup of it.

    For code that calls ``extract(article, gazetteer)`` one article at a time (``atlas
    ingest``): the batch is extracted in parallel first, and the returned function gives each
    article's incidents, or raises the exception the extractor raised on it. An article not in
    the batch is extracted when asked.

    Parameters
    ----------
    articles : iterable of Article
        The batch.
    gazetteer : Gazetteer, optional
        The places; the packaged gazetteer by default.
    jobs : int, optional
        As for :func:`extract_many`.
    extract : callable, optional
        As for :func:`extract_many`; also what extracts an article not in the batch.

    Returns
    -------
    callable
        ``(article, gazetteer) -> list[Incident]``.
    """
    return _Lookup(extract_many(articles, gazetteer, jobs, extract=extract), extract)
