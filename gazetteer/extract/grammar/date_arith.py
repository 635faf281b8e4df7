"""Safe calendar arithmetic of the date grammar: shifts, months, weekdays, clamped spans.

Every function returns None outside the calendar (31 شباط, year 0, an overflow) instead of
raising; :func:`_span` never lets a span end after the publication day. Used by
:mod:`.date_rules`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from gazetteer.extract.grammar.date_words import _Part
from gazetteer.records import DateSpan
from gazetteer.text.frozen import frozen_builder


def _shift(day: date | None, days: int) -> date | None:
    """``day + days``, or None outside the calendar."""
    if day is None:
        return None
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _make(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when no such day exists (31 شباط, year 0)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    """The last day of a month, or None outside the calendar."""
    if not 1 <= year <= 9999:
        return None
    return _make(year, month, calendar.monthrange(year, month)[1])


def _span(
    start: date | None,
    end: date | None,
    precision: str,
    published: date,
    *,
    past: bool = False,
) -> DateSpan | None:
    """A DateSpan clamped to end on or before ``published``; None if it starts after it."""
    if start is None or end is None or start > published or end < start:
        return None
    end = min(end, published)
    return date_span(start, end, precision, None, "", past or end < published)


#: ``DateSpan(start, end, precision, time, cue, past_reference)`` built faster, every field
#: given (:func:`gazetteer.text.frozen.frozen_builder`): a resolved candidate and its copy
#: with the time and cue are each built so.
date_span: Callable[..., DateSpan] = frozen_builder(DateSpan)


def _on_day(day: date | None, part: _Part | None, published: date, past: bool) -> DateSpan | None:
    """One day, or the night that begins on it when the part of day is a night."""
    if part is not None and part.precision == "night":
        return _span(day, _shift(day, 1) or day, "night", published, past=past)
    return _span(day, day, "day", published, past=past)


def _weekday_back(published: date, iso: int, past: bool) -> date | None:
    """The most recent given weekday on or before ``published`` (7 days back if ``past``)."""
    back = (published.isoweekday() - iso) % 7
    if back == 0 and past:
        back = 7
    return _shift(published, -back)


def _latest(published: date, month: int, day: int) -> date | None:
    """The most recent ``day month`` on or before ``published`` (29 شباط: last leap year)."""
    for year in range(published.year, published.year - 9, -1):
        found = _make(year, month, day)
        if found is not None and found <= published:
            return found
    return None


def _previous_month(published: date) -> tuple[int, int]:
    """Year and month of the calendar month before publication."""
    if published.month == 1:
        return published.year - 1, 12
    return published.year, published.month - 1


def _month_span(
    year: int, month: int, third: int | None, published: date, past: bool
) -> DateSpan | None:
    """A whole month (precision month) or one third of it (precision days)."""
    last = _month_end(year, month)
    if last is None:
        return None
    if third is None:
        return _span(_make(year, month, 1), last, "month", published, past=past)
    first_day = (1, 11, 21)[third - 1]
    end = last if third == 3 else _make(year, month, first_day + 9)
    return _span(_make(year, month, first_day), end, "days", published, past=past)
