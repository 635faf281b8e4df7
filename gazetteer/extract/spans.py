"""Sorted spans, looked up by position in logarithmic time.

The reader asks, for every sentence, which cues start inside it and whether a place overlaps a
cited source's name. Done by scanning lists, that cost grows with the square of the article's
length; these indexes keep it linear (up to a logarithm).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["Overlaps", "StartIndex"]


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
