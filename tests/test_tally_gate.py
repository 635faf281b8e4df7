"""The reader's cheap test before the tallies equals the tallies' own answer (issue 13).

``precision_reports.may_tally`` lets the reader skip parsing a sentence's numbers when no
injury tally nor toll of the dead can stand in it. It must never say no where
:func:`injury_tally` or :func:`killed_tally` would find a figure: checked on a table of our
own sentences (tallies and guards) and on every sentence of the generated articles, the case
tables and every folder set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpus_gen import generate  # noqa: E402
from _seedlike import seedlike  # noqa: E402

from gazetteer.articles import iter_articles  # noqa: E402
from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.grammar.dates import find_times  # noqa: E402
from gazetteer.extract.grammar.numbers import find_numbers  # noqa: E402
from gazetteer.extract.precision_reports import (  # noqa: E402
    injury_tally,
    killed_tally,
    may_tally,
)
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import Article  # noqa: E402
from gazetteer.text.normalize import normalise  # noqa: E402

FOLDERS = ["seeds", "tests/data/corpus", "tests/data/heldout", "tests/data/heldout2"]
FOLDERS += ["tests/data/heldout3", "tests/data/heldout4", "tests/data/heldout5"]

#: Sentences of our own: whether a tally may stand in each, and the tally's figure.
CASES = json.loads((ROOT / "tests/data/incidents/tally_gate.json").read_text(encoding="utf-8"))


def _cardinals(text: str) -> list[tuple[int, int, int]]:
    numbers = find_numbers(text, find_times(text))
    return [(n.start, n.end, n.value) for n in numbers if n.kind == "cardinal" and n.value]


Cardinals = list[tuple[int, int, int]]


def _within(numbers: Cardinals, start: int, end: int) -> Cardinals:
    return [n for n in numbers if start <= n[0] < end]


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["text"][:20])
def test_the_gate_on_our_sentences(case: dict[str, Any]) -> None:
    text = normalise(case["text"])
    assert may_tally(text, 0, len(text)) is case["may"]
    assert injury_tally(text, _cardinals(text)) == case["figure"]
    assert killed_tally(text, _cardinals(text)) == case.get("killed")


def _articles() -> list[Article]:
    gazetteer = load_gazetteer()
    out = seedlike(60, seed=11, gazetteer=gazetteer) + generate(60, seed=12, gazetteer=gazetteer)
    for folder in FOLDERS:
        out += [a for a in iter_articles([str(ROOT / folder)]) if isinstance(a, Article)]
    for path in sorted((ROOT / "tests" / "data" / "incidents" / "rules").glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))["cases"]):
            out.append(Article(id=f"{path.stem}-{i}", text=case["text"]))
    return out


ARTICLES = _articles()


@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=[a.id for a in ARTICLES])
def test_no_tally_is_skipped(index: int) -> None:
    reader = _Reader(ARTICLES[index], load_gazetteer(), load_cues())
    text = reader.text
    numbers = _cardinals(text)
    for s, e in reader.sentences:
        found = injury_tally(text, _within(numbers, s, e))
        if found is None:
            found = killed_tally(text, _within(numbers, s, e))
        if found is not None:
            assert may_tally(text, s, e), (ARTICLES[index].id, s, e, found)


def test_the_sets_hold_tallies_the_gate_lets_through() -> None:
    """The check above is not empty: some sentences of the sets are tallies of each kind."""
    hits = killed = 0
    for article in ARTICLES:
        reader = _Reader(article, load_gazetteer(), load_cues())
        text, numbers = reader.text, _cardinals(reader.text)
        for s, e in reader.sentences:
            hits += injury_tally(text, _within(numbers, s, e)) is not None
            killed += killed_tally(text, _within(numbers, s, e)) is not None
    assert hits > 0
    assert killed > 0
