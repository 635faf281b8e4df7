"""The clause separators found once per text give the clause a search per sentence gave.

``Finder._clause`` once searched the separators from the sentence's start for every word it
asked about, which grows with the square of one long sentence (issue 11: a 10 MB article with
no full stop). :class:`gazetteer.extract.spans.Cuts` finds them once; here its answers are
compared with the searches it replaces.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.extract.spans import Cuts
from gazetteer.extract.state import _SEPARATOR

_WAW = "\u0648"


def _searched(text: str, pos: int, s: int, e: int) -> tuple[int, int]:
    left = s
    for m in _SEPARATOR.finditer(text, s, pos):
        left = m.end()
    nxt = _SEPARATOR.search(text, pos, e)
    return left, nxt.start() if nxt else e


#: (text, pos, sentence start, sentence end) -> the clause
_CASES = [
    ("ab, cd, ef", 5, 0, 10, (3, 6)),
    ("ab, cd, ef", 1, 0, 10, (0, 2)),
    ("ab, cd, ef", 9, 0, 10, (7, 10)),
    ("ab, cd, ef", 5, 4, 6, (4, 6)),
    (f"ab {_WAW}cd", 5, 0, 6, (4, 6)),
    (f"ab {_WAW}cd", 4, 0, 6, (4, 6)),
    (f"ab {_WAW}cd", 3, 0, 6, (0, 6)),
    (f"ab {_WAW}cd", 5, 3, 6, (3, 6)),
    (f"{_WAW}ab; c", 2, 0, 6, (1, 3)),
    (f"{_WAW}ab; c", 2, 1, 6, (1, 3)),
]


@pytest.mark.parametrize(("text", "pos", "s", "e", "clause"), _CASES)
def test_clause_table(text: str, pos: int, s: int, e: int, clause: tuple[int, int]) -> None:
    cuts = Cuts(_SEPARATOR, text)
    assert _searched(text, pos, s, e) == clause
    assert (cuts.last_end(s, pos), cuts.first_start(pos, e)) == clause


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=f"ab ,;:\n{_WAW}", max_size=60),
    points=st.lists(st.integers(0, 60), min_size=3, max_size=3),
)
def test_cuts_give_the_searched_clause(text: str, points: list[int]) -> None:
    s, pos, e = sorted(min(p, len(text)) for p in points)
    cuts = Cuts(_SEPARATOR, text)
    assert (cuts.last_end(s, pos), cuts.first_start(pos, e)) == _searched(text, pos, s, e)
