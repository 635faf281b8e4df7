"""The five seed articles themselves, copied to a corpus of any size, for bench_extract.py.

The seed-shaped corpus (tests/bench/_seedlike.py) wraps one generated attack report in political
reporting; the seeds are denser: about three incidents an article, several attack paragraphs. Their
copies show what extraction costs on reporting like the user's own. Each copy is its own
:class:`~gazetteer.records.Article` (id ``seed-<n>-<file>``) with the seed's text, publication date
and outlet from ``seeds/articles.csv``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gazetteer.articles import ArticleError, iter_articles
from gazetteer.records import Article

__all__ = ["SEEDS", "seed_copies"]

#: The project's seed folder.
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_copies(n: int, folder: Path = SEEDS) -> list[Article]:
    """``n`` articles: the seeds of ``folder`` in turn, each copy with an id of its own.

    Raises
    ------
    RuntimeError
        When the folder holds no article, or one of them cannot be read (naming it).
    """
    seeds: list[Article] = []
    for article in iter_articles([folder]):
        if isinstance(article, ArticleError):
            raise RuntimeError(f"{folder}: {article}")
        seeds.append(article)
    if not seeds:
        raise RuntimeError(f"{folder}: no articles")
    return [
        dataclasses.replace(seeds[i % len(seeds)], id=f"seed-{i:05d}-{seeds[i % len(seeds)].id}")
        for i in range(n)
    ]
