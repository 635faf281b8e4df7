"""The grammars' linear-time steps choose exactly what the plain rules they replace choose.

``_leftmost_longest`` once compared each candidate with every span kept before it, and the
date grammar looked at every clock time of the text for each day it found; both grew with the
square of a long article (issue 11). Their indexed forms are checked here against those plain
rules, written out as they were, on generated inputs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.extract.grammar.clock import TimeMention, nearest_time
from gazetteer.extract.grammar.date_words import _leftmost_longest


def _plain_leftmost_longest(
    candidates: list[tuple[int, int, int, object]],
) -> list[tuple[int, int, object]]:
    chosen: list[tuple[int, int, object]] = []
    for start, end, _, value in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, value))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _plain_nearest_time(norm: str, start: int, end: int, times: list[TimeMention]) -> str | None:
    best: tuple[int, str] | None = None
    for t in times:
        gap_start, gap_end = (end, t.start) if t.start >= end else (t.end, start)
        gap = max(0, gap_end - gap_start)
        if gap > 40 or re.search(r"[.!?;\n]", norm[gap_start:gap_end]):
            continue
        if best is None or gap < best[0]:
            best = (gap, t.time)
    return best[1] if best else None


_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 12), st.integers(0, 3))


_LEFTMOST = [
    # (start, end, rule order) -> kept (start, end)
    ([(0, 5, 1), (3, 9, 0)], [(3, 9)]),
    ([(0, 6, 1), (3, 9, 0)], [(0, 6)]),
    ([(0, 6, 1), (6, 9, 0), (5, 7, 0)], [(0, 6), (6, 9)]),
    ([(2, 4, 0), (2, 4, 1), (1, 3, 0)], [(1, 3)]),
    ([(0, 4, 0), (4, 4, 0), (2, 2, 0), (0, 0, 0)], [(0, 4), (0, 0), (4, 4)]),
    ([(0, 4, 0), (4, 8, 0), (4, 4, 0)], [(0, 4), (4, 8), (4, 4)]),
]


@pytest.mark.parametrize(("spans", "kept"), _LEFTMOST)
def test_leftmost_longest_table(
    spans: list[tuple[int, int, int]], kept: list[tuple[int, int]]
) -> None:
    candidates: list[tuple[int, int, int, object]] = [(s, e, o, None) for s, e, o in spans]
    assert [(s, e) for s, e, _ in _plain_leftmost_longest(candidates)] == kept
    assert [(s, e) for s, e, _ in _leftmost_longest(candidates)] == kept


@settings(max_examples=500, deadline=None)
@given(spans=st.lists(_SPAN, max_size=40))
def test_leftmost_longest_keeps_what_the_plain_rule_keeps(
    spans: list[tuple[int, int, int]],
) -> None:
    # zero-length spans (length 0) are among them: they overlap only a span strictly around them
    candidates: list[tuple[int, int, int, object]] = [
        (start, start + length, order, n) for n, (start, length, order) in enumerate(spans)
    ]
    assert _leftmost_longest(candidates) == _plain_leftmost_longest(candidates)


@st.composite
def _text_and_times(draw: st.DrawFn) -> tuple[str, list[TimeMention]]:
    text = draw(st.text(alphabet="ab .\n", min_size=1, max_size=300))
    times: list[TimeMention] = []
    pos = 0
    while True:
        pos += draw(st.integers(0, 60))
        length = draw(st.integers(1, 8))
        if pos + length > len(text) or len(times) > 20:
            break
        times.append(TimeMention(pos, pos + length, f"{len(times):02d}:00"))
        pos += length
    return text, times


_A40 = "a" * 40
#: (text, date start, date end, the times' spans, the expected time): the reach is 40
#: characters either side, and no sentence mark may stand between.
_NEAREST = [
    (_A40 + "DD" + _A40 + "TT", 40, 42, [(82, 84)], "00:00"),
    (_A40 + "DD" + _A40 + "aTT", 40, 42, [(83, 85)], None),
    ("TT" + _A40 + "DD", 42, 44, [(0, 2)], "00:00"),
    ("TTa" + _A40 + "DD", 43, 45, [(0, 2)], None),
    ("TT" + _A40[:-1] + ".DD", 42, 44, [(0, 2)], None),
    ("TTaaDDaTT", 4, 6, [(0, 2), (7, 9)], "01:00"),
    ("TTaDDaTT", 3, 5, [(0, 2), (6, 8)], "00:00"),
    ("aTDTa", 2, 3, [(1, 2), (3, 4)], "00:00"),
]


@pytest.mark.parametrize(("text", "start", "end", "spans", "expected"), _NEAREST)
def test_nearest_time_table(
    text: str, start: int, end: int, spans: list[tuple[int, int]], expected: str | None
) -> None:
    times = [TimeMention(s, e, f"{n:02d}:00") for n, (s, e) in enumerate(spans)]
    assert _plain_nearest_time(text, start, end, times) == expected
    assert nearest_time(text, start, end, times) == expected
    assert nearest_time(text, start, end, times, [t.end for t in times]) == expected


@settings(max_examples=500, deadline=None)
@given(case=_text_and_times(), start=st.integers(0, 300), length=st.integers(1, 20))
def test_nearest_time_by_bisection_is_the_plain_nearest(
    case: tuple[str, list[TimeMention]], start: int, length: int
) -> None:
    text, times = case
    start = min(start, len(text) - 1)
    end = min(start + length, len(text))
    ends = [t.end for t in times]
    expected = _plain_nearest_time(text, start, end, times)
    assert nearest_time(text, start, end, times) == expected
    assert nearest_time(text, start, end, times, ends) == expected
