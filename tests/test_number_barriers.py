"""The number grammar's faster scans give what the plain patterns give (issue 13, speed18).

:data:`numbers._BARRIER_SCAN` finds the barriers of :data:`numbers._BARRIER` with one class
first; the tokeniser's letter runs are one class (``[^\\W_0-9]``) instead of a look-ahead per
character; :meth:`NumberLexicon.any_may_start` answers ``any(may_start(r) for r in runs)`` from
a set of the runs known to start a number. Each is compared with what it replaces, on tables
of cases and, for the barrier class, on every code point.
"""

from __future__ import annotations

import re

import pytest

from gazetteer.extract.grammar import digit_forms
from gazetteer.extract.grammar.number_words import default_lexicon
from gazetteer.extract.grammar.numbers import _BARRIER, _BARRIER_SCAN

#: The tokeniser's pattern as it was: a letter as a look-ahead for a digit, then a word character.
_PLAIN_BEFORE = re.compile(r"[^\S\n]*(?:((?:(?![0-9])[^\W_])+)(?![^\W_])|(\n|[^\w\s]|_))")

_SEVEN = "\u0633\u0628\u0639\u0647"  # سبعه
_KILLED = "\u0642\u062a\u0644\u064a"  # قتلي
_HOUSE = "\u0645\u0646\u0632\u0644"  # منزل
_ARABIC_THREE = "\u0663"  # an Arabic-Indic digit: a word character, not one of 0-9

BARRIER_CASES = [
    # (text, barrier positions)
    ("", []),
    ("a, b", [1]),
    ("1,200", []),  # a comma before a digit joins the figure
    ("1, 200", [1]),
    ("12.5.", [4]),  # the last dot: nothing after it
    ("a\n1", [1]),  # a line break is a barrier even before a digit
    ("a\n\nb", [1, 2]),
    ("50% b", []),  # the percent sign is no barrier
    ("a_b", []),  # the underscore is a word character
    ("a\u00a0b\tc\u3000d", []),  # blanks other than the line break are none
    ("a\u2028b", []),  # the line separator is a blank, not a line break
    (f"{_SEVEN} ({_KILLED})", [5, 10]),
    (f"{_HOUSE}-{_ARABIC_THREE}", [4]),  # an Arabic-Indic digit does not join: not 0-9
    (f"{_HOUSE}-3", []),
    ("\u00ab" + _SEVEN + "\u00bb", [0, 5]),
    ("x\U0001d400.", [2]),  # an astral letter is a word character
]


@pytest.mark.parametrize(("text", "cuts"), BARRIER_CASES)
def test_barrier_scan_table(text: str, cuts: list[int]) -> None:
    assert [m.start() for m in _BARRIER_SCAN.finditer(text)] == cuts
    assert [m.start() for m in _BARRIER.finditer(text)] == cuts


def test_barrier_scan_every_code_point() -> None:
    # every character once, then every character before a digit: both patterns agree
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for text in (chars, "7".join(chars) + "7"):
        assert [m.start() for m in _BARRIER_SCAN.finditer(text)] == [
            m.start() for m in _BARRIER.finditer(text)
        ]


def test_barrier_scan_blocks() -> None:
    # searched with an end position, as _Barriers reads a block one character further
    text = f"{_SEVEN}, 3.5 {_KILLED}.\n7: {_HOUSE}"
    for lo in range(len(text)):
        for hi in range(lo, len(text) + 1):
            got = [m.start() for m in _BARRIER_SCAN.finditer(text, lo, hi)]
            assert got == [m.start() for m in _BARRIER.finditer(text, lo, hi)]


TOKEN_CASES = [
    # (text, (start, end, kind) of each token)
    ("", []),
    (f"{_SEVEN} {_KILLED}", [(0, 4, "word"), (5, 9, "word")]),
    (f"{_SEVEN}3", [(0, 5, "word")]),  # letters and a digit: one run, read as a word
    (f"\u0628{_ARABIC_THREE}", [(0, 2, "word")]),  # an Arabic-Indic digit is a letter here
    ("a_b", [(0, 1, "word"), (1, 2, "punct"), (2, 3, "word")]),
    ("MQ-9", [(0, 2, "word"), (2, 3, "punct"), (3, 4, "num")]),
    (f"{_SEVEN}\n {_HOUSE}", [(0, 4, "word"), (4, 5, "punct"), (6, 10, "word")]),
    ("x\U0001d400 y", [(0, 2, "word"), (3, 4, "word")]),
]


@pytest.mark.parametrize(("text", "tokens"), TOKEN_CASES)
def test_tokenise_letter_class(text: str, tokens: list[tuple[int, int, str]]) -> None:
    got = digit_forms._tokenise(text)
    assert [(t.start, t.end, t.kind) for t in got] == tokens
    # and the pattern itself takes the same words and marks as the one it replaces
    assert [m.groups() for m in digit_forms._PLAIN.finditer(text)] == [
        m.groups() for m in _PLAIN_BEFORE.finditer(text)
    ]


START_CASES = [
    # (runs, whether one may start a number)
    ([], False),
    ([_HOUSE], False),
    ([_HOUSE, _KILLED], False),
    ([_HOUSE, _SEVEN], True),
    (["12"], True),
    ([_SEVEN, _HOUSE], True),
    ([_HOUSE, _HOUSE, "3"], True),
]


@pytest.mark.parametrize(("runs", "expected"), START_CASES)
def test_any_may_start(runs: list[str], expected: bool) -> None:
    lex = default_lexicon()
    assert lex.any_may_start(runs) is expected
    assert any(lex.may_start(r) for r in runs) is expected
    assert lex.any_may_start(list(reversed(runs))) is expected


def test_any_may_start_after_the_cache_is_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    from gazetteer.extract.grammar import number_words

    lex = default_lexicon()
    monkeypatch.setattr(lex, "_starts", {})
    monkeypatch.setattr(lex, "_starters", set())
    monkeypatch.setattr(number_words, "_CACHE_LIMIT", 1)
    assert lex.any_may_start([_SEVEN]) is True
    assert lex.any_may_start([_HOUSE]) is False  # empties the cache, the known runs with it
    assert _SEVEN not in lex._starters
    assert lex.any_may_start([_HOUSE, _SEVEN]) is True
    assert lex._starters == {_SEVEN}
