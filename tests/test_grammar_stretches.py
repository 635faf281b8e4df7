"""The grammars run only over the stretches that may hold a number, a date or a time.

Each must find exactly what a run over the whole text finds (the stretches are a speed-up, not
a rule). The reference runs here are the grammars as they were: the number parser over the
whole text (with the clock times of the whole text), every date and clock pattern over the
whole text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.articles import iter_articles
from gazetteer.extract.grammar import clock
from gazetteer.extract.grammar.date_rules import _grammar, _Skip
from gazetteer.extract.grammar.date_words import _leftmost_longest
from gazetteer.extract.grammar.dates import find_dates, find_times
from gazetteer.extract.grammar.figures import _Parser
from gazetteer.extract.grammar.numbers import default_lexicon, find_numbers
from gazetteer.records import Article
from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.normalize import normalise

ROOT = Path(__file__).parent.parent
FOLDERS = [ROOT / "tests" / "data" / d for d in ("corpus", "heldout", "heldout2", "heldout3")]


def _whole_numbers(norm: str) -> list[tuple[int, int, int | None, str, str]]:
    lex = default_lexicon()
    clocks = [
        (s, e, int(t[:2]) * 100 + int(t[3:]))
        for s, e, t in _whole_times(norm)
        if any(lex.may_start(r) for r in re.findall(r"[^\W_]+", norm[s:e]))
    ]
    return [
        (m.start, m.end, m.value, m.kind, m.qualifier) for m in _Parser(lex, norm, clocks).run()
    ]


def _whole_date_candidates(norm: str, published: date) -> list[tuple[int, int, object]]:
    candidates: list[tuple[int, int, int, object]] = []
    for order, rule in enumerate(_grammar().date_rules):
        for m in rule.pattern.finditer(norm):
            resolved = rule.resolve(m, published)
            if not isinstance(resolved, _Skip):
                candidates.append((m.start(), m.end(), order, resolved))
    return _leftmost_longest(candidates)


def _whole_times(norm: str) -> list[tuple[int, int, str]]:
    grammar = clock._clock_grammar()
    rule, midnight = grammar.time_rules
    candidates: list[tuple[int, int, int, object]] = []
    for m in rule.finditer(norm):
        found = grammar.clock_time(m)
        if found is not None:
            candidates.append((m.start(), m.end(), 0, found))
    for m in midnight.finditer(norm):
        candidates.append((m.start(), m.end(), 1, "00:00"))
    return [(s, e, str(t)) for s, e, t in _leftmost_longest(candidates)]


def _check(norm: str, published: date) -> None:
    got = [(m.start, m.end, m.value, m.kind, m.qualifier) for m in find_numbers(norm)]
    assert got == _whole_numbers(norm)
    assert [(t.start, t.end, t.time) for t in find_times(norm)] == _whole_times(norm)
    whole = [
        (s, e, v.start, v.end, v.precision)
        for s, e, v in _whole_date_candidates(norm, published)
        if hasattr(v, "precision")
    ]
    dates = find_dates(norm, published)
    assert [(d.start, d.end, d.span.start, d.span.end, d.span.precision) for d in dates] == whole


def _articles() -> list[Article]:
    out = []
    for folder in [*FOLDERS, ROOT / "seeds"]:
        out.extend(a for a in iter_articles([folder]) if isinstance(a, Article))
    return out


@pytest.mark.parametrize("article", _articles(), ids=lambda a: a.id)
def test_every_test_article_reads_the_same_by_stretches(article: Article) -> None:
    assert article.published is not None
    _check(normalise(article.text), article.published)


_VOCAB = sorted(
    {normalise(r["word"]) for r in load_lexicon("numbers", ("word", "kind"))}
    | {normalise(r["form"]) for r in load_lexicon("months", ("month", "form"))}
    | {normalise(r["form"]) for r in load_lexicon("weekdays", ("iso", "form"))}
    | {normalise(r["form"]) for r in load_lexicon("day_parts", ("form",))}
    | {normalise(r["form"]) for r in load_lexicon("date_words", ("form",))}
    | {"1", "5", "12", "29", "2023", "12:15", "3.45", "1,200", "14/3/2023", "\u0627\u0644"}
)
#: Every mark the barriers know, and the ones that join figures and dates.
_MARKS = [*".,:;!?/()-%\u061f\u00ab\u00bb\"[]{}", "\n", ". ", ", ", ": ", " - "]
_PIECES = st.one_of(st.sampled_from(_VOCAB), st.sampled_from(_MARKS), st.text(max_size=4))


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=30), joiners=st.lists(st.sampled_from(["", " "])))
def test_generated_text_reads_the_same_by_stretches(pieces: list[str], joiners: list[str]) -> None:
    text = ""
    for n, piece in enumerate(pieces):
        text += piece + (joiners[n] if n < len(joiners) else " ")
    _check(normalise(text), date(2024, 3, 15))
