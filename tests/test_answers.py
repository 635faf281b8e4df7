"""The finder's kept answers equal the answers found afresh (speed18).

:func:`gazetteer.extract.answers.answered_once` keeps a method's answer per instance and
arguments. The table checks the keeping itself (a None answer is kept too, other arguments
and other instances are asked afresh); the reader test reads articles and asks a fresh
finder every question the reader kept, through the undecorated methods.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _seedlike import seedlike  # noqa: E402

from gazetteer.extract.answers import answered_once  # noqa: E402
from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import Article  # noqa: E402


class _Asked:
    """Counts how often each question is really worked out."""

    def __init__(self) -> None:
        self.worked: list[tuple[Any, ...]] = []

    @answered_once
    def half(self, n: int) -> int | None:
        self.worked.append(("half", n))
        return n // 2 if n % 2 == 0 else None

    @answered_once
    def span(self, a: int, b: int) -> tuple[int, int]:
        self.worked.append(("span", a, b))
        return (a, b)


QUESTIONS = [
    # (questions asked in order, the ones worked out, the answers)
    ([("half", 4), ("half", 4)], [("half", 4)], [2, 2]),
    ([("half", 3), ("half", 3)], [("half", 3)], [None, None]),  # None is kept too
    ([("half", 4), ("half", 6), ("half", 4)], [("half", 4), ("half", 6)], [2, 3, 2]),
    ([("span", 1, 2), ("span", 2, 1), ("span", 1, 2)], [("span", 1, 2), ("span", 2, 1)],
     [(1, 2), (2, 1), (1, 2)]),
    ([("half", 2), ("span", 2, 2)], [("half", 2), ("span", 2, 2)], [1, (2, 2)]),
]


@pytest.mark.parametrize(("asked", "worked", "answers"), QUESTIONS)
def test_each_question_worked_out_once(
    asked: list[tuple[Any, ...]], worked: list[tuple[Any, ...]], answers: list[Any]
) -> None:
    one = _Asked()
    got = [getattr(one, name)(*args) for name, *args in asked]
    assert got == answers
    assert one.worked == worked
    other = _Asked()  # another instance keeps its own answers
    assert [getattr(other, name)(*args) for name, *args in asked] == answers
    assert other.worked == worked


_KEPT = ("_clause", "_speech_setting", "_statement_date", "_reads_casualties", "_casualties")


def _articles() -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    seeds = [Article(f"s{i}", text, published=date(2023, 1, 1)) for i, text in enumerate(texts)]
    return seeds + seedlike(30, gazetteer=load_gazetteer())


def test_kept_answers_equal_fresh_ones() -> None:
    asked = 0
    for article in _articles():
        reader = _Reader(article, load_gazetteer(), load_cues())
        reader.read()
        fresh = _Reader(article, load_gazetteer(), load_cues())
        for name in _KEPT:
            plain = getattr(type(fresh), name).__wrapped__
            for args, answer in reader.__dict__.get("_answers_" + name, {}).items():
                assert plain(fresh, *args) == answer, (article.id, name, args)
                asked += 1
    assert asked > 100
