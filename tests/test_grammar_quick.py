"""The grammars' cheaper paths give what the plain computations give (issue 13, speed).

The date grammar places the digits joined to the next run (:data:`JOINED_DIGITS`: 12/5/2023,
1:38) by the occurrences of a digit and a joining mark that the finder's one pass reports
among the anchor words, instead of looking for every mark in the text.
"""

from __future__ import annotations

import pytest

from gazetteer.extract.grammar import date_words
from gazetteer.extract.grammar.date_words import JOINED_DIGITS, anchor_words


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("12/5/2023", [2, 4]),  # a numeric date: both slashes
        ("1:38", [1]),  # a clock time
        ("1.5 3-4", [1, 5]),  # a decimal, a range
        ("2023.", []),  # a sentence's end after a year: no digit after the dot
        ("1 :2", []),  # a blank between
        ("a:2", []),  # no digit before
        ("\u0661/\u0662", []),  # digits of another script
        ("1/", []),  # the text's end
        ("1:2:3", [1, 3]),  # joined twice, overlapping pairs
        ("", []),
    ],
)
def test_joined_digits_are_placed_by_their_pairs(text: str, marks: list[int]) -> None:
    assert sorted(date_words._Stretches(text)._positions(JOINED_DIGITS)) == marks


def test_the_pairs_are_anchor_words_and_no_key() -> None:
    """The one pass reports the pairs; no rule asks for one, and no stretch lists one."""
    pairs = {d + m for d in "0123456789" for m in "-/.:"}
    assert pairs <= anchor_words()
    stretches = date_words._Stretches(
        "\u0641\u064a 12/5/2023 \u0627\u0644\u0633\u0627\u0639\u0629 1:38"
    )
    assert stretches.keys.isdisjoint(pairs)
    assert stretches.holding(JOINED_DIGITS) == [0]
