"""A generated corpus shaped like the seeds: 4-8 KB articles, most sentences not about an attack.

Each article is one of :func:`_corpus_gen.generate`'s attack articles (or its quiet ones), set
inside political and economic reporting: a lead paragraph of politics, the generated
paragraphs, then more politics until the article reaches its size. The political sentences
are our own (tests/bench/data/politics.txt); nothing is read from the seeds.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from _corpus_gen import generate

from gazetteer.places.loading import Gazetteer
from gazetteer.records import Article

__all__ = ["MAX_BYTES", "MIN_BYTES", "politics", "seedlike"]

MIN_BYTES = 4000
MAX_BYTES = 8000
_POLITICS = Path(__file__).with_name("data") / "politics.txt"


def politics() -> list[str]:
    """The political sentences, one per non-comment line."""
    lines = _POLITICS.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _paragraph(rng: random.Random, sentences: list[str]) -> str:
    return " ".join(rng.sample(sentences, rng.randint(2, 4)))


def seedlike(n: int, seed: int = 0, gazetteer: Gazetteer | None = None) -> list[Article]:
    """``n`` articles of 4-8 KB of UTF-8, the same ones for the same seed.

    Parameters
    ----------
    n : int
        How many articles.
    seed : int
        Seed of the generator.
    gazetteer : Gazetteer, optional
        Where the generated attack paragraphs take their places from.

    Returns
    -------
    list of Article
        Ids ``seedlike-000000`` ...; about four in five carry one generated attack report.
    """
    rng = random.Random(seed)
    sentences = politics()
    out = []
    for article in generate(n, seed=seed, gazetteer=gazetteer):
        target = rng.randint(MIN_BYTES, MAX_BYTES)
        head = [_paragraph(rng, sentences)]
        body = [p for p in article.text.split("\n") if p.strip()]
        tail: list[str] = []
        size = sum(len(p.encode("utf-8")) + 1 for p in head + body)
        while size < target:
            extra = _paragraph(rng, sentences)
            tail.append(extra)
            size += len(extra.encode("utf-8")) + 1
        # the first line is the headline: keep it first, politics after it
        text = "\n".join(body[:1] + head + body[1:] + tail)
        out.append(dataclasses.replace(article, id="seedlike" + article.id[3:], text=text))
    return out
