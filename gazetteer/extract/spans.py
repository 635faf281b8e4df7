"""Sorted spans, looked up by position in logarithmic time.

The reader asks, for every sentence, which cues start inside it and whether a place overlaps a
cited source's name. Done by scanning lists, that cost grows with the square of the article's
length; these indexes keep it linear (up to a logarithm).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["Cuts", "Overlaps", "StartIndex"]


class StartIndex(Generic[T]):
    """Items sorted by start, with :meth:`within` returning those that start in a range.

    Parameters
    ----------
    items : sequence
        The items, sorted by ``start_of``.
    start_of : callable
        Where an item starts.
    """

    def __init__(self, items: Sequence[T], start_of: Callable[[T], int]) -> None:
        self.items = list(items)
        self.starts = [start_of(i) for i in self.items]

    def within(self, start: int, end: int) -> list[T]:
        """The items that start inside ``[start, end)``."""
        lo = bisect.bisect_left(self.starts, start)
        return self.items[lo : bisect.bisect_left(self.starts, end, lo)]

    def first_at_or_after(self, pos: int) -> T | None:
        """The first item starting at or after ``pos``, or None."""
        i = bisect.bisect_left(self.starts, pos)
        return self.items[i] if i < len(self.items) else None


class Overlaps:
    """Whether a span overlaps any of a fixed set of spans.

    Parameters
    ----------
    spans : iterable of (start, end)
        The spans to test against (any order, overlapping or not).
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the furthest end among the spans that start at or before each index
        self._reach = list(accumulate((e for _, e in ordered), max))

    def hits(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps one of the spans."""
        i = bisect.bisect_left(self._starts, end)  # spans starting before ``end``
        return i > 0 and self._reach[i - 1] > start


class Cuts:
    """The matches of a separator pattern in a text, looked up by position.

    For a pattern whose matches do not depend on where a search starts or stops (each match
    is decided by the few characters it covers, and ``^`` only at the text's start), the matches
    of a search in ``text[a:b]`` (``pattern.finditer(text, a, b)``) are exactly those found
    here that lie inside ``[a, b)``.

    Parameters
    ----------
    pattern : re.Pattern
        The separator pattern.
    text : str
        The whole text, searched once.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        found = [m.span() for m in pattern.finditer(text)]
        self._starts = [a for a, _ in found]
        self._ends = [b for _, b in found]

    def last_end(self, a: int, b: int) -> int:
        """Where the last match inside ``[a, b)`` ends; ``a`` if there is none."""
        k = bisect.bisect_right(self._ends, b) - 1
        return self._ends[k] if k >= 0 and self._starts[k] >= a else a

    def first_start(self, a: int, b: int) -> int:
        """Where the first match inside ``[a, b)`` starts; ``b`` if there is none."""
        k = bisect.bisect_left(self._starts, a)
        return self._starts[k] if k < len(self._starts) and self._ends[k] <= b else b
