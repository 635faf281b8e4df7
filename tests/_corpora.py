"""The article mixes the shortcut tests run over: generated articles and every test set.

A speed shortcut of the extractor is tested by comparing it with the plain computation it
replaces over many texts (tests/test_fast_paths.py, test_fast_paths_attack.py,
test_lazy_grammar.py, test_quiet_sentences.py, test_whole_text_paths.py). Each test file takes
its own seeds, so that the files together cover more texts; the shape of the mix is defined
here once.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests" / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpus_gen import generate  # noqa: E402
from _seedlike import seedlike  # noqa: E402

from gazetteer.articles import iter_articles  # noqa: E402
from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.grammar.dates import context_day_words  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.extract.spans import Contained  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import Article  # noqa: E402

__all__ = ["TEST_SETS", "mixed_articles", "readers"]

#: The seeds and the annotated test sets (folders below the project's root).
TEST_SETS = (
    "seeds",
    "tests/data/corpus",
    "tests/data/heldout",
    "tests/data/heldout2",
    "tests/data/heldout3",
    "tests/data/heldout4",
)


def mixed_articles(
    seed: int,
    seedlike_n: int,
    generated_n: int,
    undated: tuple[int, int] = (0, 0),
    folders: Sequence[str] = TEST_SETS,
) -> list[Article]:
    """Seed-shaped and short generated articles, some without a date, then the test sets.

    Parameters
    ----------
    seed : int
        The seed-shaped articles use ``seed``, the generated ones ``seed + 1``; the undated
        ones ``seed + 2`` and ``seed + 3``.
    seedlike_n, generated_n : int
        How many seed-shaped (4-8 KB) and generated (1.5-3 KB) articles.
    undated : tuple of int
        How many more seed-shaped and generated articles, published date removed (ids end in
        ``-undated``).
    folders : sequence of str
        Article folders below the project's root, read in order.

    Returns
    -------
    list of Article
    """
    gazetteer = load_gazetteer()
    out = seedlike(seedlike_n, seed=seed, gazetteer=gazetteer)
    out += generate(generated_n, seed=seed + 1, gazetteer=gazetteer)
    late = seedlike(undated[0], seed=seed + 2, gazetteer=gazetteer) if undated[0] else []
    late += generate(undated[1], seed=seed + 3, gazetteer=gazetteer) if undated[1] else []
    out += [dataclasses.replace(a, id=a.id + "-undated", published=None) for a in late]
    for folder in folders:
        out += [a for a in iter_articles([str(ROOT / folder)]) if isinstance(a, Article)]
    return out


def readers(articles: Sequence[Article]) -> list[_Reader]:
    """A reader of each article (its finding done), with the default gazetteer and lexicons."""
    gazetteer, cues = load_gazetteer(), load_cues()
    return [_Reader(a, gazetteer, cues) for a in articles]


@cache
def context_day_word() -> re.Pattern[str]:
    """Any context-day word (التالي، السابق ...), as one pattern: the plain search the reader's
    index of them (kind ``context_day`` of gazetteer/extract/rule_index.py) stands for."""
    words = sorted(context_day_words(), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words) if words else "(?!)")


def context_day_spans(text: str) -> Contained:
    """Every occurrence of a context-day word in ``text``, overlaps too, found with str.find."""
    spans: list[tuple[int, int]] = []
    for w in context_day_words():
        i = text.find(w)
        while i >= 0:
            spans.append((i, i + len(w)))
            i = text.find(w, i + 1)
    return Contained(spans)
