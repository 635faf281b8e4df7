"""The Arabic number grammar: find and label the numbers of normalised text.

Works on text already passed through :func:`gazetteer.text.normalize.normalise` (ta marbuta is ه,
hamza forms are bare alef, digits are ASCII, the Arabic comma is ``,``). The words are data,
in ``gazetteer/data/lexicon/numbers.csv``; this module holds the grammar that combines them.

What :func:`find_numbers` labels, in the kinds of :data:`KINDS`:

``cardinal``
    Digits (``1,200``, ``10.000``, ``ب4``, ``ال8``), words in both genders and cases, teens
    (``ثلاثة عشر``), compounds (``خمسة وعشرون``), hundreds (``ثلاثمئة``, ``ثلاث مئة``), scales
    (``ثلاثة آلاف``, ``3 آلاف``, ``1.5 مليون``, ``ألف وخمسمئة``). Clitics are part of the span.
``ordinal``
    ``الثالث``, ``الحادية عشرة``, ``الخامس والعشرين``, a tens word with the article
    (``العشرين``), a day number before a month name (``5 أيار``), and ``ال`` + digits after a
    definite singular noun (``الجولة الـ12``).
``vague``
    ``عدة``, ``عدد من``, ``العديد من``, ``بضعة``, ``عشرات``, ``مئات``, ``آلاف`` without a number,
    ``سلسلة``; a following ``آلاف`` joins them (``عشرات الآلاف``). The value is None.
``one_of``
    ``إحدى``/``أحد`` before a definite or plural noun or a construct chain (``أحد عناصر
    الحرس``), and ``أحدهم``; the value is 1.
``time``
    A clock time of the clock grammar (:func:`.clock.find_times`: ``1:38``, ``12.15 ظهرا``,
    ``الساعة الثالثة والنصف``, ``3 فجرا``) with a figure or an hour word in it, its whole span
    (the part of the day included). The value is the 24-hour clock, ``hour * 100 + minute``
    (``الساعة 9:30 مساء`` -> 2130).
``year``
    A bare four-digit 19xx/20xx number, any number after ``عام``/``سنة``, and numeric dates
    (``12/5/2023``: one mention, the value is the year).
``percent``
    A number before ``%``, ``بالمئة`` or ``في المئة``; the value is None when not whole.

Qualifiers (:data:`QUALIFIERS`) before a cardinal or a percent (``أكثر من``, ``نحو``,
``ما لا يقل عن``, ``حتى`` ...) are part of the span; ``على الأقل``, ``تقريبا`` and ``أو أكثر``
after the number or after its noun set the qualifier without widening the span.

Numbers are not labelled when they belong to something else: weapon designations glued to
letters (``MQ-9``, ``اف16``), month names (``كانون الأول``, ``ربيع الثاني``), weekdays
(``الاثنين``, ``الأحد``). Decimals that are neither a time, a scaled amount nor a percent
(``3.5``, ``12.15`` alone) are not labelled either. Whether a number counts projectiles is
for the caller.

The grammar is in four modules: :mod:`.number_words` (the lexicon), :mod:`.digit_forms`
(tokens and digit readings), :mod:`.figures` (the parser) and :mod:`.duals`; clock times are
:mod:`.clock`'s. This module runs the parser over the stretches of a text that may hold a
number (:func:`find_numbers`) and keeps the public names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from gazetteer.extract.grammar.clock import TimeMention, find_times
from gazetteer.extract.grammar.duals import dual_stem
from gazetteer.extract.grammar.figures import _Parser
from gazetteer.extract.grammar.number_words import (
    KINDS,
    QUALIFIERS,
    NumberLexicon,
    NumberMention,
    default_lexicon,
    number_mention,
)
from gazetteer.text.normalize import normalise

__all__ = [
    "KINDS",
    "QUALIFIERS",
    "NumberIndex",
    "NumberLexicon",
    "NumberMention",
    "default_lexicon",
    "dual_stem",
    "find_numbers",
    "parse_number",
]


def find_numbers(norm: str, times: Sequence[TimeMention] | None = None) -> list[NumberMention]:
    """Find the numbers of a normalised text and label their kind.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.
    times : sequence of TimeMention, optional
        The text's clock times (:func:`gazetteer.extract.grammar.clock.find_times` of the same
        text) when the caller has them already; found here otherwise. Those with a figure or
        an hour word in them are the mentions of kind ``time``.

    Returns
    -------
    list of NumberMention
        Non-overlapping mentions in order of position.

    Raises
    ------
    TypeError
        If ``norm`` is not a string.
    """
    if not isinstance(norm, str):
        raise TypeError(f"find_numbers expects normalised text (str), got {type(norm).__name__}")
    lex = default_lexicon()
    segments = _segments(norm, lex)
    if not segments:
        return []
    if times is None:
        times = find_times(norm)
    clocks = _clocks(norm, times, lex)
    out: list[NumberMention] = []
    k = 0
    for a, b in segments:
        while k < len(clocks) and clocks[k][0] < a:
            k += 1
        inside = []
        while k < len(clocks) and clocks[k][0] < b:
            s, e, v = clocks[k]
            inside.append((s - a, min(e, b) - a, v))
            k += 1
        out.extend(_parse(norm, a, b, inside, lex))
    return out


def _clocks(
    norm: str, times: Sequence[TimeMention], lex: NumberLexicon
) -> list[tuple[int, int, int]]:
    """(start, end, HHMM) of the clock times with a figure or an hour word in them."""
    return [
        (t.start, t.end, int(t.time[:2]) * 100 + int(t.time[3:]))
        for t in times
        if lex.any_may_start(_RUN.findall(norm, t.start, t.end))
    ]


def _parse(
    norm: str, a: int, b: int, clocks: list[tuple[int, int, int]], lex: NumberLexicon
) -> list[NumberMention]:
    """The numbers of the stretch ``norm[a:b]``, given its clocks (offsets in the stretch)."""
    return [
        number_mention(m.start + a, m.end + a, m.value, m.kind, m.qualifier)
        for m in _Parser(lex, norm[a:b], clocks).run()
    ]


class _Barriers:
    """The barriers (:data:`_BARRIER`) of a text, found one block at a time when asked for.

    Whether a character is a barrier depends on it and the one after it (the look-ahead for a
    digit) only: a block is searched one character further than it reaches, and its barriers
    are those a search of the whole text finds there.
    """

    SIZE = 256

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.n = len(norm)
        self._blocks: dict[int, list[int]] = {}

    def _block(self, j: int) -> list[int]:
        found = self._blocks.get(j)
        if found is None:
            lo = j * self.SIZE
            hi = min(self.n, lo + self.SIZE)
            found = [
                m.start()
                for m in _BARRIER_SCAN.finditer(self.norm, lo, min(self.n, hi + 1))
                if m.start() < hi
            ]
            self._blocks[j] = found
        return found

    def before(self, pos: int) -> int:
        """The last barrier before ``pos``, or -1."""
        j = (pos - 1) // self.SIZE
        while pos > 0 and j >= 0:
            block = self._block(j)
            i = bisect.bisect_left(block, pos)
            if i:
                return block[i - 1]
            j -= 1
        return -1

    def at_or_after(self, pos: int) -> int:
        """The first barrier at or after ``pos``, or the text's length."""
        j = max(0, pos) // self.SIZE
        while j * self.SIZE < self.n:
            block = self._block(j)
            i = bisect.bisect_left(block, pos)
            if i < len(block):
                return block[i]
            j += 1
        return self.n

    def between(self, lo: int, hi: int) -> list[int]:
        """The barriers in ``[lo, hi)``, in order."""
        lo = max(0, lo)
        out: list[int] = []
        for j in range(lo // self.SIZE, (hi - 1) // self.SIZE + 1 if hi > lo else 0):
            block = self._block(j)
            out.extend(block[bisect.bisect_left(block, lo) : bisect.bisect_left(block, hi)])
        return out


class NumberIndex:
    """The numbers of one normalised text, parsed one stretch at a time as they are asked for.

    :meth:`within` gives exactly the mentions of :func:`find_numbers` over the whole text that
    start in a range: the grammar reads each stretch between two barriers on its own (see
    :data:`_BARRIER`), so the stretches a range touches are parsed, once, and the others never;
    the barriers themselves are found only around the ranges asked for (:class:`_Barriers`;
    ``tests/test_lazy_grammar.py`` compares both over generated articles).

    Parameters
    ----------
    norm : str
        Normalised text.
    times : sequence of TimeMention
        Its clock times (:func:`gazetteer.extract.grammar.clock.find_times` of the same text).
    """

    def __init__(self, norm: str, times: Sequence[TimeMention]) -> None:
        self.norm = norm
        self._lex = default_lexicon()
        self._times = times
        self._clock_list: list[tuple[int, int, int]] | None = None
        self._clock_starts: list[int] = []
        #: Where every clock time starts, sorted (for :meth:`first_within`).
        self._time_starts: list[int] | None = None
        self._barriers = _Barriers(norm)
        #: The numbers and the cardinal test of each stretch parsed, by where it ends.
        self._parsed: dict[int, list[NumberMention]] = {}
        self._counting: dict[int, bool] = {}

    def _stretch(self, a: int, b: int) -> list[NumberMention]:
        """The numbers of the stretch ``norm[a:b]`` (parsed at the first call)."""
        found = self._parsed.get(b)
        if found is not None:
            return found
        norm, lex = self.norm, self._lex
        found = []
        if lex.any_may_start(_RUN.findall(norm, a, b)):
            if self._clock_list is None:
                self._clock_list = _clocks(norm, self._times, lex)
                self._clock_starts = [c[0] for c in self._clock_list]
            clocks = self._clock_list
            lo = bisect.bisect_left(self._clock_starts, a)
            hi = bisect.bisect_left(self._clock_starts, b, lo)
            inside = [(s - a, min(e, b) - a, v) for s, e, v in clocks[lo:hi]]
            found = _parse(norm, a, b, inside, lex)
        self._parsed[b] = found
        return found

    def _may_count(self, a: int, b: int) -> bool:
        """Whether the stretch ``norm[a:b]`` may hold a cardinal (or a percent, a year, a time).

        Each of them is read from a token of digits or from a word that starts a cardinal
        (:func:`.figures._start`: a unit, a ten, a hundred, a scale); a stretch with neither
        holds only ordinals, vague amounts and "one of".
        """
        hit = self._counting.get(b)
        if hit is None:
            norm, lex = self.norm, self._lex
            hit = _DIGIT.search(norm, a, b) is not None or not lex.counting_words.isdisjoint(
                _RUN.findall(norm, a, b)
            )
            self._counting[b] = hit
        return hit

    def _stretches(self, start: int, end: int) -> list[tuple[int, int]]:
        """The stretches ``(a, b)`` that hold a position of ``[start, end)``, in order.

        Those ending at a barrier at or after ``start``, up to the first barrier at or after
        ``end - 1`` (or the text's end), each starting after the barrier before it.
        """
        if end <= start:
            return []
        bars = self._barriers
        ends = bars.between(start, end - 1)
        ends.append(bars.at_or_after(end - 1))
        out: list[tuple[int, int]] = []
        a = bars.before(start) + 1
        for b in ends:
            out.append((a, b))
            a = b + 1
        return out

    def within(self, start: int, end: int) -> list[NumberMention]:
        """The numbers that start inside ``[start, end)``, in order."""
        out: list[NumberMention] = []
        for a, b in self._stretches(start, end):
            out.extend(n for n in self._stretch(a, b) if start <= n.start < end)
        return out

    def right_before(self, pos: int, reach: int, gap: int) -> NumberMention | None:
        """The last number starting within ``reach`` before ``pos``, if it ends right before it.

        ``within(max(0, pos - reach), pos)[-1]`` when that number ends at most ``gap``
        characters before ``pos`` with only blanks between; None otherwise, or when there is
        none. The stretches are read from the last one back: one that ends (at its barrier)
        more than ``gap`` before ``pos``, or at a barrier that is no blank, holds no such
        number (each of its numbers ends by that barrier, which stands between), nor does any
        before it, and it is not parsed.
        """
        start, t = max(0, pos - reach), self.norm
        for a, b in reversed(self._stretches(start, pos)):
            if b < pos and (pos - b > gap or not t[b].isspace()):
                return None
            found = [n for n in self._stretch(a, b) if start <= n.start < pos]
            if found:
                n = found[-1]
                near = n.end <= pos and not t[n.end : pos].strip() and pos - n.end <= gap
                return n if near else None
        return None

    def first_within(self, start: int, end: int) -> NumberMention | None:
        """``within(start, end)[0]``, or None when there is none.

        The stretches are read in order: one whose part inside the range holds no word
        character and no clock time's start holds no number starting there (every number
        starts at the first character of a word or a figure, or where a clock time does), and
        is not parsed.
        """
        norm = self.norm
        for a, b in self._stretches(start, end):
            lo, hi = max(a, start), min(b, end)
            if _WORD_CHAR.search(norm, lo, hi) is None and not self._clock_starts_in(lo, hi):
                continue
            for n in self._stretch(a, b):
                if start <= n.start < end:
                    return n
        return None

    def _clock_starts_in(self, lo: int, hi: int) -> bool:
        """Whether one of the text's clock times starts inside ``[lo, hi)``."""
        if self._time_starts is None:
            self._time_starts = sorted(t.start for t in self._times)
        i = bisect.bisect_left(self._time_starts, lo)
        return i < len(self._time_starts) and self._time_starts[i] < hi

    def cardinals(self, start: int, end: int) -> list[NumberMention]:
        """The cardinals with a value that start inside ``[start, end)`` (``within``'s, fewer).

        A stretch that cannot hold one is not parsed.
        """
        out: list[NumberMention] = []
        for a, b in self._stretches(start, end):
            if self._may_count(a, b):
                out.extend(
                    n
                    for n in self._stretch(a, b)
                    if start <= n.start < end and n.kind == "cardinal" and n.value
                )
        return out


#: Where the grammar can be cut: a line break, or a punctuation mark that is not ``%`` and not
#: followed by a digit. Such a mark is a token of its own (every separator inside a figure,
#: ``1,200``, ``12.15``, ``1:38``, ``12/5/2023``, is followed by a digit), no phrase of the
#: lexicon holds it, and every rule reads it as it reads the end of the text: no number runs
#: through it and nothing on one side of it changes a reading on the other.
_BARRIER = re.compile(r"\n|[^\w\s%](?![0-9])")
#: The same matches as :data:`_BARRIER`, found faster: the pattern opens with one class (a line
#: break, or a character that is no word character, no other blank and no ``%``), which the
#: regular-expression engine skips to, instead of trying two branches at every character.
#: ``\s`` is written out less the line break (every character ``str.isspace`` holds but
#: ``\n``; ``tests/test_number_barriers.py`` checks the list against every code point).
_BARRIER_SCAN = re.compile(
    r"[^\w%\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"(?:(?<=\n)|(?![0-9]))"
)
#: The tokeniser's runs of letters and digits.
_RUN = re.compile(r"[^\W_]+")
_DIGIT = re.compile("[0-9]")
#: A word character: every number starts at one, or where a clock time does.
_WORD_CHAR = re.compile(r"\w")


def _segments(norm: str, lex: NumberLexicon) -> list[tuple[int, int]]:
    """The stretches between barriers that hold a token a number can start at.

    A run with a digit, or a word the lexicon reads or a phrase begins with
    (what :meth:`_Parser.run` stops at); a stretch without one holds no number, and is not
    tokenised.
    """
    starts = [m.start() for m in _RUN.finditer(norm) if lex.may_start(m.group())]
    if not starts:
        return []
    cuts = [m.start() for m in _BARRIER_SCAN.finditer(norm)]
    out: list[tuple[int, int]] = []
    for pos in starts:
        if out and pos < out[-1][1]:
            continue  # in the stretch already taken
        k = bisect.bisect_left(cuts, pos)
        a = cuts[k - 1] + 1 if k else 0
        b = cuts[k] if k < len(cuts) else len(norm)
        out.append((a, b))
    return out


def parse_number(phrase: str) -> int | None:
    """Read a phrase that is one number.

    Parameters
    ----------
    phrase : str
        A number in digits or words, normalised here (``"خمسة وعشرين"``, ``"8"``).

    Returns
    -------
    int or None
        The value when the whole phrase is one number; None for vague amounts (``"عدة"``)
        and for phrases that are not one number.

    Raises
    ------
    TypeError
        If ``phrase`` is not a string.
    """
    if not isinstance(phrase, str):
        raise TypeError(f"parse_number expects a str, got {type(phrase).__name__}")
    norm = normalise(phrase).strip()
    found = find_numbers(norm)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(norm):
        return found[0].value
    return None
