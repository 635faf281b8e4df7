"""A long article costs linear time: each per-sentence lookup equals the scan it replaced.

Three lookups used to scan a list of the whole article for every sentence (or every place) that
asked, so that a 10 MB article took 17 times longer per MB than a 1 MB one: the casualty words
given to one sentence's reading, the attack words near an aircraft noun, and the words between a
facility and the town after it (rule facility_in_town, which split the whole gap). Each is
compared here with the plain expression it replaces, on hand-made and random cases, and the
casualty words handed to the readings are counted for n and 2n copies of an article (work
counted, never timed).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gazetteer.extract import figures, precision_scope
from gazetteer.extract.precision_clauses import _LOCATING_WORDS, facility_in_town
from gazetteer.extract.reader import extract
from gazetteer.extract.spans import KeyIndex
from gazetteer.records import Article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_FI = "\u0641\u064a"  # في
_MUHAFAZA = "\u0645\u062d\u0627\u0641\u0638\u0647"  # محافظه (normalised)
_WA_FI = "\u0648\u0641\u064a"  # وفي: not a locating word


def _split_rule(gap: str) -> bool:
    """The rule as it was written first: split the whole gap into words."""
    words = gap.replace('"', " ").split()
    return 1 <= len(words) <= 3 and all(w in _LOCATING_WORDS for w in words)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (f" {_FI} ", True),
        (f" {_FI} {_MUHAFAZA} ", True),
        (f'"{_FI}"', True),
        (f"{_FI}\u00a0{_MUHAFAZA}", True),  # a no-break space separates words too
        ("", False),
        ("   ", False),
        (f" {_WA_FI} ", False),  # "and in": two places
        (f" {_FI} {_FI} {_FI} {_FI} ", False),  # four words: not a locating phrase
        (f" {_FI}x ", False),
        (f" {_FI} " + "x " * 5000, False),  # a long gap: the match stops at its fourth word
    ],
)
def test_facility_in_town_on_hand_made_gaps(gap: str, expected: bool) -> None:
    assert facility_in_town(gap, 0, len(gap)) is expected
    assert _split_rule(gap) is expected


def test_facility_in_town_equals_the_split_rule_on_random_gaps() -> None:
    rng = random.Random(7)
    pieces = [*sorted(_LOCATING_WORDS), _WA_FI, "x", " ", " ", '"', "\t", "\n", "\u00a0"]
    for _ in range(4000):
        gap = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        pad = "y" * rng.randint(0, 3)
        text = pad + gap + pad
        assert facility_in_town(text, len(pad), len(pad) + len(gap)) is _split_rule(gap), gap


def test_key_index_equals_the_plain_filter_in_the_given_order() -> None:
    rng = random.Random(11)
    for _ in range(300):
        items = [(rng.randint(0, 50), i) for i in range(rng.randint(0, 40))]
        index = KeyIndex(items, lambda item: item[0])
        for _ in range(10):
            a = rng.randint(-5, 55)
            b = a + rng.randint(0, 30)
            assert index.within(a, b) == [it for it in items if a <= it[0] < b]


def test_the_casualty_words_handed_to_the_readings_grow_linearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    handed: list[int] = []
    real = figures.read_casualties

    def counting(*args: Any) -> Any:
        handed.append(len(args[4] or ()))  # (text, start, end, numbers, words)
        return real(*args)

    monkeypatch.setattr(figures, "read_casualties", counting)
    totals = []
    for copies in (4, 8):
        handed.clear()
        article = Article(id="long", text="\n".join([base] * copies), published=date(2023, 3, 24))
        extract(article)
        totals.append(sum(handed))
    assert totals[0] > 0
    # each reading gets its own sentence's words: twice the text, about twice the words handed
    assert totals[1] <= 2.2 * totals[0], totals


def _plain_unlisted_field(
    text: str, start: int, end: int, facilities: list[tuple[int, int]]
) -> bool:
    """Rule unlisted_field as first written: every field noun against every facility's span."""
    if not any(
        not any(a <= m.start() < b or a <= m.end() < b for a, b in facilities)
        for m in precision_scope._FIELD_NOUN.finditer(text, start, end)
    ):
        return False
    return precision_scope._patterns()[2].search(text, start, end) is None


def test_unlisted_field_by_bisection_equals_the_pairwise_scan() -> None:
    rng = random.Random(5)
    field = "\u062d\u0642\u0644 "  # حقل
    pieces = [field, field, "x ", "yy ", "  "]
    outcomes = set()
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        spans = []
        for _ in range(rng.randint(0, 5)):
            a = rng.randint(0, max(0, len(text) - 1))
            spans.append((a, a + rng.randint(0, 8)))  # overlapping and empty spans too
        s = rng.randint(0, len(text))
        e = rng.randint(s, len(text))
        expected = _plain_unlisted_field(text, s, e, spans)
        assert precision_scope.unlisted_field(text, s, e, spans) is expected, (text, s, e, spans)
        outcomes.add(expected)
    assert outcomes == {True, False}
