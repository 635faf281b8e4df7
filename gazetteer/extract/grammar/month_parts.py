"""A part of a month: its first ... fourth or last week, its first or second half.

``الأسبوع الأول من شباط/فبراير``, ``الأسبوع الأخير من الشهر الماضي``, ``النصف الثاني من
كانون الثاني 2020``, ``في الأسبوع الثالث من الشهر``. Without this construction the ordinal and
the month after the unit read as an explicit day (الأول من شباط, the first of February), a day
the article never named. The units and the word for "last" are data (``month_part`` and
``part_last`` in ``date_words.csv``); a unit's value is the number of days of one part (7 for a
week, 15 for a half).

A part ``k`` runs from day ``(k - 1) * size + 1`` to day ``k * size``; a month has as many
parts as begin in its shortest length (4 weeks, 2 halves), and the last (the ordinal that
reaches it, or "last") runs on to the month's end, so that "the last week" is read wide (22
to 31) rather than guessed. A week has precision ``week``; a half
``days``, as a third of a month has (:func:`.date_arith._month_span`). An ordinal past the
month's parts (الأسبوع الخامس) names no date.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from gazetteer.extract.grammar.alternation import alternation_of as _alt
from gazetteer.extract.grammar.date_arith import _make, _month_end, _previous_month, _span
from gazetteer.extract.grammar.date_words import _ART, _B, _CL, _E, _MIN, _SHAHR, _key
from gazetteer.records import DateSpan

if TYPE_CHECKING:  # the grammar imports this module
    from gazetteer.extract.grammar.date_rules import _Grammar

__all__ = ["month_part_pattern", "part_of_month", "resolve_month_part"]


def month_part_pattern(g: _Grammar) -> str:
    """The construction: a unit, an ordinal or "last", من, then a month as an explicit date's.

    The month is a name (glossed or not, with its qualifier), a relative month (الشهر الماضي)
    or the bare الشهر (the month the article is in).
    """
    lex = g.lex
    return (
        rf"{_B}{_CL}(?P<unit>{_alt(lex.role('month_part'))})\s+"
        rf"(?:(?P<pord>{g.re_ord})|(?P<plast>{_alt(lex.role('part_last'))}))\s+{_MIN}\s+"
        rf"(?:(?:{_SHAHR}\s+)?{g._month_names()}|(?P<relmon>{g.re_relmon})"
        rf"|(?P<themon>{_ART}{_SHAHR})(?!\s+{g.re_relmon})(?=\W|$))"
        rf"{g._qualifier()}{_E}"
    )


def resolve_month_part(g: _Grammar, m: re.Match[str], published: date) -> DateSpan | None:
    """The days of the part a match names, against the publication day (None: no date)."""
    lex = g.lex
    size = lex.role("month_part")[_key(m.group("unit"))]
    ordinal = None if m.group("plast") else lex.ordinals[_key(m.group("pord"))]
    past = bool(m.group("past") or m.group("ypast"))
    if m.group("relmon"):
        past = _key(m.group("relmon")) in lex.role("month_past")
        year, month = _previous_month(published) if past else (published.year, published.month)
    elif m.group("themon"):
        year, month = published.year, published.month
        first = _make(year, month, ((ordinal or 1) - 1) * size + 1)
        if first is None or first > published:
            # "the third week of the month" not begun yet: the month before's
            year, month = _previous_month(published)
            past = True
    else:
        if m.group("fut"):
            return None
        month = lex.months[_key(m.group("mon"))]
        year = g._month_year(m, month, published)
    return part_of_month(year, month, ordinal, size, published, past=past)


def part_of_month(
    year: int, month: int, ordinal: int | None, size: int, published: date, *, past: bool
) -> DateSpan | None:
    """Part ``ordinal`` (None: the last) of ``size`` days of a month, clamped to ``published``.

    The last part runs to the month's end; an ordinal past the month's parts gives None.
    """
    last = _month_end(year, month)
    if last is None:
        return None
    parts = -(-28 // size)  # as many as the shortest month begins: 4 weeks, 2 halves
    k = parts if ordinal is None else ordinal
    if not 1 <= k <= parts:
        return None
    end = last if k == parts else _make(year, month, k * size)
    precision = "week" if size == 7 else "days"
    return _span(_make(year, month, (k - 1) * size + 1), end, precision, published, past=past)
