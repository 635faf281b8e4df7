"""Clock times: the one grammar of the time of day, in digits and in words.

``1:38``, ``12.15 ظهرا``, ``الساعة الثالثة والنصف``, ``العاشرة إلا ربعا ليلا``, ``منتصف الليل``:
:func:`find_times` finds them in normalised text and reads them on a 24-hour clock; the date
grammar (:func:`gazetteer.extract.grammar.dates.find_dates`) puts the nearest one into a day's
span. :func:`digit_clock` is the reading of ``H:MM`` digits that the number grammar's tokens use
too (:mod:`.digit_forms`), so a clock written in digits has one definition. The words (clock
adverbs, hour words, fractions, parts of the day) are those of the date lexicons
(:mod:`.date_words`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from gazetteer.extract.grammar.alternation import alternation_of as _alt
from gazetteer.extract.grammar.date_rules import _Grammar, _grammar
from gazetteer.extract.grammar.date_words import (
    _ART,
    _B,
    _CL,
    _E,
    _ILLA,
    _MIN,
    _NUM,
    _WA,
    JOINED_DIGITS,
    _key,
    _leftmost_longest,
    anchored_matches,
    anchors_of,
)
from gazetteer.extract.grammar.deferred import Deferred

__all__ = ["TimeMention", "digit_clock", "find_times", "nearest_time"]

#: The latest hour and minute a clock reading may have.
_MAX_HOUR = 24
_MAX_MINUTE = 59


@dataclass(frozen=True)
class TimeMention:
    """A clock time found in normalised text.

    Attributes
    ----------
    start, end : int
        Half-open span in the normalised text.
    time : str
        ``HH:MM`` on a 24-hour clock.
    """

    start: int
    end: int
    time: str


def digit_clock(hour: str, minute: str) -> tuple[int, int] | None:
    """Read the digits of ``H:MM`` (or ``H.MM``) as an hour and a minute.

    Parameters
    ----------
    hour, minute : str
        The digits before and after the separator.

    Returns
    -------
    tuple of int or None
        ``(hour, minute)``, None when the hour is past 24 or the minute past 59.
    """
    h, m = int(hour), int(minute)
    return (h, m) if h <= _MAX_HOUR and m <= _MAX_MINUTE else None


class _ClockGrammar:
    """The clock-time patterns, built once from the date lexicons."""

    def __init__(self, dates: _Grammar) -> None:
        self.dates = dates
        lex = dates.lex
        parts = lex.parts
        self.re_part_any = _alt(parts)
        self.re_midnight = _alt(f for f, p in parts.items() if p.clock == "midnight")
        self.re_clock = _alt(lex.role("clock_word"))
        self.re_hour = _alt(lex.role("hour"))
        self.re_frac = _alt(lex.role("fraction"))
        self.re_minu = _alt(lex.role("minute_unit"))
        self.day_ref = Deferred(
            r"\s*(?:"
            + "|".join(
                (
                    dates.re_rel,
                    dates.re_wd,
                    dates.re_dayw,
                    _alt(lex.role("relative_night")),
                    r"[0-9]",
                    dates.re_ord + r"\s+" + _MIN,
                )
            )
            + r")(?!\w)"
        )
        self.time_rules = self._time_rules()
        self.clock_anchors = anchors_of("hour", digits=True)
        # a time read from digits needs a clock word, a colon or a part of the day
        # (:meth:`clock_time`); one read from an hour word needs nothing more
        self.clock_also = anchors_of("hour", "clock_word", "part", extra=(JOINED_DIGITS,))
        self.midnight_anchors = anchors_of("midnight")

    def _time_rules(self) -> tuple[Deferred, Deferred]:
        def minutes(n: str) -> str:
            return (
                rf"(?:(?P<{n}frac>{self.re_frac})"
                rf"|(?P<{n}mn>{_NUM}|{self.dates.re_card})\s+{self.re_minu})"
            )

        clock = (
            rf"{_B}{_CL}(?:(?P<sa>{self.re_clock})\s+)?"
            rf"(?:(?:{_ART}\s*)?(?P<h>{_NUM})(?:(?P<sep>[:.])(?P<mi>[0-9]{{2}}))?"
            rf"|(?P<hw>{self.re_hour}))"
            rf"(?:\s+{_WA}\s*{minutes('p')}|\s+{_ILLA}\s+{minutes('m')})?"
            rf"(?:\s+(?P<of>{_MIN}\s+)?(?P<part>{self.re_part_any}))?{_E}"
        )
        midnight = rf"{_B}{_CL}(?P<mid>{self.re_midnight}){_E}"
        return Deferred(clock), Deferred(midnight)  # compiled when a text first asks

    def clock_time(self, m: re.Match[str]) -> str | None:
        """The ``HH:MM`` a clock-time match stands for, or None when it is not a time."""
        part = self.dates.part(m.group("part"))
        has_minutes = bool(m.group("pfrac") or m.group("pmn") or m.group("mfrac") or m.group("mmn"))
        if m.group("hw"):
            hour = self.dates.lex.role("hour")[_key(m.group("hw"))]
            if not (m.group("sa") or has_minutes):
                # the hour words are also ordinals (الغارة الثانية): need a clock adverb
                if part is None or (part.kind == "noun" and not m.group("of")):
                    return None
                construct = part.kind != "adverb" and not m.group("of")
                if construct and self.day_ref.match(m.string, m.end()):
                    return None  # الثانية مساء أمس: "the second (one) on yesterday evening"
        else:
            hour = int(m.group("h"))
            # 3 فجرا: a figure right before a part-of-day adverb is an hour
            adverb = part is not None and part.kind == "adverb" and not m.group("of")
            hour_before_adverb = adverb and not (m.group("sep") or has_minutes)
            if not (
                m.group("sa")
                or m.group("sep") == ":"
                or (m.group("mi") and part)
                or hour_before_adverb
            ):
                return None  # a bare number is a count, 12.15 alone a decimal
        minute = int(m.group("mi") or 0)
        if m.group("pfrac"):
            minute = self.dates.lex.role("fraction")[_key(m.group("pfrac"))]
        elif m.group("pmn"):
            minute = self.dates.number(m.group("pmn")) or -1
        elif m.group("mfrac") or m.group("mmn"):
            less = (
                self.dates.lex.role("fraction")[_key(m.group("mfrac"))]
                if m.group("mfrac")
                else self.dates.number(m.group("mmn")) or -1
            )
            if not 0 < less < 60:
                return None
            hour, minute = (hour - 1 if hour > 1 else 12), 60 - less
        if part is not None:
            hour = _to_24(hour, part.clock)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            return None
        return f"{hour:02d}:{minute:02d}"


def _to_24(hour: int, clock: str) -> int:
    """Read a 12-hour clock reading next to a part of day on a 24-hour clock.

    Hours 0 and 13..23 are already on a 24-hour clock and stay. ``pm`` and ``afternoon`` add 12
    to 1..11; ``noon`` adds 12 to 1..5 (12 ظهراً stays 12); ``night`` (ليلاً) makes 12 midnight,
    keeps 1..4 (after midnight: الثانية ليلاً is 02:00) and adds 12 to 5..11; ``am`` and
    ``midnight`` make 12 midnight.
    """
    if hour == 0 or hour > 12:
        return hour
    if clock in ("pm", "afternoon"):
        return hour + 12 if hour < 12 else 12
    if clock == "noon":
        return hour + 12 if hour <= 5 else hour
    if clock == "night":
        if hour == 12:
            return 0
        return hour if hour <= 4 else hour + 12
    if clock in ("am", "midnight"):
        return 0 if hour == 12 else hour
    return hour


@cache
def _clock_grammar() -> _ClockGrammar:
    """The clock grammar, compiled once."""
    return _ClockGrammar(_grammar())


_TIME_REACH = 40
_SENTENCE_END = re.compile(r"[.!?;\n]")


def find_times(norm: str) -> list[TimeMention]:
    """Find clock times in normalised text.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.

    Returns
    -------
    list of TimeMention
        Non-overlapping times in order, on a 24-hour clock: ``12.15 ظهرا`` -> 12:15,
        ``1:38 مساء`` -> 13:38, ``العاشرة والنصف ليلا`` -> 22:30, ``منتصف الليل`` -> 00:00.
        Bare numbers (counts, decimals) and hour words used as ordinals are not times.
    """
    grammar = _clock_grammar()
    clock, midnight = grammar.time_rules
    candidates: list[tuple[int, int, int, object]] = []
    # only the stretches that hold a figure or an hour word, or midnight (as for dates)
    for m in anchored_matches(norm, clock, grammar.clock_anchors, grammar.clock_also):
        found = grammar.clock_time(m)
        if found is not None:
            candidates.append((m.start(), m.end(), 0, found))
    for m in anchored_matches(norm, midnight, grammar.midnight_anchors):
        candidates.append((m.start(), m.end(), 1, "00:00"))
    return [TimeMention(s, e, str(t)) for s, e, t in _leftmost_longest(candidates)]


def nearest_time(
    norm: str,
    start: int,
    end: int,
    times: Sequence[TimeMention],
    ends: Sequence[int] | None = None,
) -> str | None:
    """The clock time closest to a date in the same sentence, within reach.

    Parameters
    ----------
    norm : str
        The normalised text.
    start, end : int
        The date's span.
    times : sequence of TimeMention
        The text's clock times in text order, not overlapping (as :func:`find_times` gives them).
    ends : sequence of int, optional
        ``[t.end for t in times]``, for a caller that asks for many dates of one text: only
        the times within reach are looked at then (found by bisection), so each call costs
        the few times near the date, not all the text's.

    Returns
    -------
    str or None
        The ``HH:MM`` of the nearest time (the first of equals), None when none is in reach.
    """
    first, last = 0, len(times)
    if ends is not None:
        # a time within reach ends at or after start - reach and starts by end + reach
        first = bisect.bisect_left(ends, start - _TIME_REACH)
    best: tuple[int, str] | None = None
    for k in range(first, last):
        t = times[k]
        if ends is not None and t.start > end + _TIME_REACH:
            break
        gap_start, gap_end = (end, t.start) if t.start >= end else (t.end, start)
        gap = max(0, gap_end - gap_start)
        if gap > _TIME_REACH or _SENTENCE_END.search(norm, gap_start, gap_end):
            continue
        if best is None or gap < best[0]:
            best = (gap, t.time)
    return best[1] if best else None
