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

from gazetteer.records import PlaceMention

T = TypeVar("T")

__all__ = [
    "BlockCuts",
    "Contained",
    "Cuts",
    "KeyIndex",
    "Listing",
    "Nearest",
    "Overlaps",
    "StartIndex",
    "listed_pair",
]


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

    def count(self, start: int, end: int) -> int:
        """How many items start inside ``[start, end)``."""
        lo = bisect.bisect_left(self.starts, start)
        return max(0, bisect.bisect_left(self.starts, end) - lo)

    def first_at_or_after(self, pos: int) -> T | None:
        """The first item starting at or after ``pos``, or None."""
        i = bisect.bisect_left(self.starts, pos)
        return self.items[i] if i < len(self.items) else None


class KeyIndex(Generic[T]):
    """Items in any order, with :meth:`within` returning, in that order, those keyed in a range.

    Parameters
    ----------
    items : sequence
        The items, in the order :meth:`within` keeps.
    key : callable
        The position an item is looked up by (a phrase's start, say).
    """

    def __init__(self, items: Sequence[T], key: Callable[[T], int]) -> None:
        self.items = list(items)
        self._order = sorted(range(len(self.items)), key=lambda i: key(self.items[i]))
        self._keys = [key(self.items[i]) for i in self._order]

    def within(self, start: int, end: int) -> list[T]:
        """The items whose key lies in ``[start, end)``, in the order they were given."""
        lo = bisect.bisect_left(self._keys, start)
        picked = sorted(self._order[lo : bisect.bisect_left(self._keys, end, lo)])
        return [self.items[i] for i in picked]


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


class Contained:
    """Whether one of a fixed set of spans lies wholly inside a range.

    Parameters
    ----------
    spans : iterable of (start, end)
        The spans (any order).
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        #: The spans, sorted.
        self.spans = ordered
        self._starts = [s for s, _ in ordered]
        # the least end among the spans that start at or after each index (a plain loop: a
        # few spans a kind, indexed per article, where accumulate's set-up costs the most)
        least: list[int] = []
        for _, e in reversed(ordered):
            least.append(e if not least or e < least[-1] else least[-1])
        least.reverse()
        self._least_end = least

    def any_within(self, start: int, end: int) -> bool:
        """Whether a span ``[a, b)`` with ``start <= a`` and ``b <= end`` is in the set."""
        i = bisect.bisect_left(self._starts, start)
        return i < len(self._starts) and self._least_end[i] <= end

    def holders(self, ranges: Sequence[tuple[int, int]], starts: Sequence[int]) -> set[int]:
        """The indexes of the ranges ``(s, e)`` for which :meth:`any_within` holds.

        For spans of one character or more. ``ranges`` are disjoint and sorted (a text's
        sentences), ``starts`` their starts. A span ``[a, b)`` lies inside ``[s, e)`` only for
        the last range starting at or before ``a`` (the ranges are disjoint): one look-up per
        span, none per range.
        """
        out: set[int] = set()
        for a, b in self.spans:
            i = bisect.bisect_right(starts, a) - 1
            if i >= 0 and b <= ranges[i][1]:
                out.add(i)
        return out


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

    def __init__(self, pattern: re.Pattern[str] | None, text: str) -> None:
        found = [m.span() for m in pattern.finditer(text)] if pattern is not None else []
        self._starts = [a for a, _ in found]
        self._ends = [b for _, b in found]

    @classmethod
    def from_spans(cls, spans: list[tuple[int, int]]) -> Cuts:
        """The cuts of a pattern whose matches (in order) the caller found another way."""
        cuts = cls(None, "")
        cuts._starts = [a for a, _ in spans]
        cuts._ends = [b for _, b in spans]
        return cuts

    def last_end(self, a: int, b: int) -> int:
        """Where the last match inside ``[a, b)`` ends; ``a`` if there is none."""
        k = bisect.bisect_right(self._ends, b) - 1
        return self._ends[k] if k >= 0 and self._starts[k] >= a else a

    def first_start(self, a: int, b: int) -> int:
        """Where the first match inside ``[a, b)`` starts; ``b`` if there is none."""
        k = bisect.bisect_left(self._starts, a)
        return self._starts[k] if k < len(self._starts) and self._ends[k] <= b else b

    def count(self, a: int, b: int) -> int:
        """How many matches lie wholly inside ``[a, b)``."""
        lo = bisect.bisect_left(self._starts, a)
        return max(0, bisect.bisect_right(self._ends, b) - lo)


_bisect_left = bisect.bisect_left


class BlockCuts:
    """:class:`Cuts` whose matches are found one block of the text at a time, when asked for.

    Every answer equals that of :class:`Cuts` over all the text's matches: a query about
    ``[a, b)`` only ever needs the matches that start inside it (and, for :meth:`last_end`, the
    last one ending by ``b``, which starts before ``b``), so only the blocks holding those
    starts are searched; a text whose queries stay in a few sentences is not searched
    whole (tests/test_fast_paths_attack.py compares both).

    Parameters
    ----------
    find : callable
        ``find(lo, hi)``: the matches ``(start, end)`` of the whole text that start inside
        ``[lo, hi)``, in order. The matches do not overlap and none is empty.
    n : int
        The text's length.
    """

    SIZE = 128
    #: A range over more blocks than this counts its matches from running totals.
    WIDE = 8

    def __init__(self, find: Callable[[int, int], list[tuple[int, int]]], n: int) -> None:
        self._find = find
        self._n = n
        #: Each block searched: the starts of its matches, and the matches.
        self._blocks: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
        #: ``_totals[j]``: how many matches start in blocks ``0 .. j - 1``.
        self._totals: list[int] = [0]

    def _block(self, j: int) -> tuple[list[int], list[tuple[int, int]]]:
        found = self._blocks.get(j)
        if found is None:
            lo = j * self.SIZE
            spans = self._find(lo, min(self._n, lo + self.SIZE))
            found = self._blocks[j] = ([a for a, _ in spans], spans)
        return found

    def _span(self, a: int, b: int) -> tuple[int, int, range]:
        """``[a, b)`` clipped to the text, and the blocks holding its starts."""
        a, b = max(0, a), min(b, self._n)
        return a, b, range(a // self.SIZE, (b - 1) // self.SIZE + 1) if b > a else range(0)

    def _in_block(self, j: int, a: int, b: int) -> tuple[list[tuple[int, int]], int, int]:
        """Block ``j``'s matches and the slice of them that start inside ``[a, b)``."""
        starts, spans = self._block(j)
        lo = bisect.bisect_left(starts, a)
        return spans, lo, bisect.bisect_left(starts, b, lo)

    def last_end(self, a: int, b: int) -> int:
        """Where the last match inside ``[a, b)`` ends; ``a`` if there is none.

        The last match ending by ``b`` (what :meth:`Cuts.last_end` takes) is the last one
        starting inside ``[a, b)`` that ends by ``b``; when there is none, it starts before
        ``a`` or does not exist, and the answer is ``a`` either way. The blocks are searched
        from ``b`` backwards, so a wide range costs no more than its last match's block.
        """
        # (:meth:`_span` and :meth:`_in_block` written out: asked for every clause)
        a0, b0, size, blocks = max(0, a), min(b, self._n), self.SIZE, self._blocks
        j, first = (b0 - 1) // size, a0 // size
        while j >= first and b0 > a0:
            starts, spans = blocks.get(j) or self._block(j)
            lo = _bisect_left(starts, a0)
            for k in range(_bisect_left(starts, b0, lo) - 1, lo - 1, -1):
                if spans[k][1] <= b:
                    return spans[k][1]
            j -= 1
        return a

    def first_start(self, a: int, b: int) -> int:
        """Where the first match inside ``[a, b)`` starts; ``b`` if there is none."""
        a0, b0, size, blocks = max(0, a), min(b, self._n), self.SIZE, self._blocks
        j, last = a0 // size, (b0 - 1) // size
        while j <= last and b0 > a0:
            starts, spans = blocks.get(j) or self._block(j)
            lo = _bisect_left(starts, a0)
            if lo < len(starts) and starts[lo] < b0:
                return spans[lo][0] if spans[lo][1] <= b else b
            j += 1
        return b

    def count(self, a: int, b: int) -> int:
        """How many matches lie wholly inside ``[a, b)``.

        Those starting inside it, less the last of them when it ends after ``b`` (the matches
        do not overlap, so no other can). A range wider than :data:`WIDE` blocks takes the
        whole blocks between its edges from running totals (searching every block before it
        once), so that many questions about one long sentence cost linear time.
        """
        a0, b0, blocks = self._span(a, b)
        if not blocks:
            return 0
        first, last = blocks[0], blocks[-1]
        spans, lo, hi = self._in_block(first, a0, b0)
        total, final = hi - lo, (spans[hi - 1] if hi > lo else None)
        if last > first:
            if last - first - 1 > self.WIDE:
                total += self._total(last) - self._total(first + 1)
            else:
                total += sum(len(self._block(j)[0]) for j in range(first + 1, last))
            spans, lo, hi = self._in_block(last, a0, b0)
            total += hi - lo
            if hi > lo:
                final = spans[hi - 1]
            else:  # the last match of the nearest block between them that has one
                final = next(
                    (m[-1] for j in range(last - 1, first, -1) if (m := self._block(j)[1])),
                    final,
                )
        return total - (1 if final is not None and final[1] > b else 0)

    def _total(self, j: int) -> int:
        """How many matches start in the blocks before block ``j`` (running totals, extended)."""
        totals = self._totals
        while len(totals) <= j:
            totals.append(totals[-1] + len(self._block(len(totals) - 1)[0]))
        return totals[j]


class Nearest:
    """The first of a list of anchor spans at the least distance from a span, found by bisection.

    Equal to ``min(range(len(anchors)), key=lambda i: distance(item, anchors[i]))`` (the first
    index wins a tie) for a distance of the shape of :func:`gazetteer.extract.state._distance`:

    - 0 for an anchor that overlaps the item;
    - for anchors after the item, strictly increasing with the anchor's start;
    - for anchors before the item, strictly decreasing with the anchor's end within each of
      the two classes that ``marked(end)`` tells apart (the gap's cost may carry a surcharge
      that depends only on where the gap starts: a و right at its start).

    So only the anchors nearest on the right, nearest on the left in each class, and the ones
    overlapping the item can be the least; ties among them are broken by index as ``min``
    does. Anchors or items of no length fall back to the plain ``min``. A single anchor is
    the nearest to every item (``min`` over one index): the index is built only for two or
    more, at the first question.

    Parameters
    ----------
    anchors : sequence of (start, end)
        The anchor spans, in the order whose first index wins a tie.
    distance : callable
        ``distance(item, anchor)``.
    marked : callable
        Whether a gap starting at an anchor's end carries the surcharge.
    """

    def __init__(
        self,
        anchors: Sequence[tuple[int, int]],
        distance: Callable[[tuple[int, int], tuple[int, int]], float],
        marked: Callable[[int], bool],
    ) -> None:
        self.anchors = list(anchors)
        self.distance = distance
        self._marked = marked
        self._built = False

    def _build(self) -> None:
        """Sort the anchors by start, and by end in each class of :attr:`_marked`."""
        self._built = True
        marked = self._marked
        self._plain = any(b <= a for a, b in self.anchors)
        by_start = sorted(range(len(self.anchors)), key=lambda i: (self.anchors[i][0], i))
        self._by_start = by_start
        self._starts = [self.anchors[i][0] for i in by_start]
        self._longest = max((b - a for a, b in self.anchors), default=0)
        self._left: list[tuple[list[int], list[int]]] = []
        for flag in (False, True):
            chosen = [i for i in range(len(self.anchors)) if marked(self.anchors[i][1]) == flag]
            chosen.sort(key=lambda i: (self.anchors[i][1], i))
            self._left.append(([self.anchors[i][1] for i in chosen], chosen))

    def candidates(self, item: tuple[int, int]) -> list[int]:
        """The indexes of the anchors that can be the nearest to ``item`` (all when plain)."""
        if not self._built:
            self._build()
        if self._plain or item[1] <= item[0]:
            return list(range(len(self.anchors)))
        a, b = item
        out: list[int] = []
        # the anchors that start first at or after the item's end
        k = bisect.bisect_left(self._starts, b)
        if k < len(self._starts):
            first = self._starts[k]
            while k < len(self._starts) and self._starts[k] == first:
                out.append(self._by_start[k])
                k += 1
        # the anchors overlapping the item start within the longest anchor's length before it
        k = bisect.bisect_left(self._starts, a - self._longest)
        while k < len(self._starts) and self._starts[k] < b:
            i = self._by_start[k]
            if self.anchors[i][1] > a:
                out.append(i)
            k += 1
        # in each class, the anchors that end last at or before the item's start
        for ends, order in self._left:
            k = bisect.bisect_right(ends, a) - 1
            last = ends[k] if k >= 0 else None
            while k >= 0 and ends[k] == last:
                out.append(order[k])
                k -= 1
        return out

    def nearest(self, item: tuple[int, int]) -> int:
        """The index ``min`` would give: the least distance, then the first index."""
        if len(self.anchors) == 1:
            return 0
        return min(self.candidates(item), key=lambda i: (self.distance(item, self.anchors[i]), i))


#: How far a list's gap may reach after a place: commas, one word, then white space or commas.
_REACH_AFTER = re.compile(r"[ ,]*\S*[\s,]*")
#: The same read backwards from a place (on the reversed text).
_REACH_BEFORE = re.compile(r"[\s,]*\S*[ ,]*")


def listed_pair(text: str, p: PlaceMention, q: PlaceMention) -> bool:
    """Whether two places are listed together: only commas, و or a و-word between them."""
    a, b = (q, p) if q.norm_start < p.norm_start else (p, q)
    gap = text[a.norm_end : b.norm_start].strip(" ,")
    return gap in ("", "\u0648") or (len(gap.split()) <= 1 and gap.startswith("\u0648"))


class Listing:
    """Whether a place is listed with an armed one (البوكمال والقائم), without trying them all.

    A gap that lists (:func:`listed_pair`) is, up to commas and spaces at its ends, empty or
    one word opening with و: so after the place it ends within ``_REACH_AFTER`` of it, and
    before the place it starts within ``_REACH_BEFORE`` of it (any such gap matches those
    patterns, which read commas, one run of non-space characters and white space). Only the
    armed places starting in that window are tried, each with the same test as before.
    """

    def __init__(
        self, text: str, reversed_text: str, places: list[PlaceMention], armed: list[bool]
    ) -> None:
        self.text, self.reversed_text, self.places = text, reversed_text, places
        self.order = sorted(
            (i for i, a in enumerate(armed) if a), key=lambda i: places[i].norm_start
        )
        self.starts = [places[i].norm_start for i in self.order]
        self.longest = max([0] + [places[i].norm_end - places[i].norm_start for i in self.order])

    def with_armed(self, i: int) -> bool:
        """Whether place ``i`` is listed together with an armed place other than itself."""
        t, p = self.text, self.places[i]
        after = _REACH_AFTER.match(t, p.norm_end)
        right = max(p.norm_end, after.end() if after else p.norm_end)
        back = len(t) - p.norm_start
        before = _REACH_BEFORE.match(self.reversed_text, back)
        left = p.norm_start - ((before.end() - back) if before else 0)
        lo = bisect.bisect_left(self.starts, left - self.longest)
        hi = bisect.bisect_right(self.starts, right)
        return any(j != i and listed_pair(t, p, self.places[j]) for j in self.order[lo:hi])
