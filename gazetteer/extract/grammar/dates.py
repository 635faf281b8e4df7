"""Find Arabic dates and clock times in normalised news text and resolve them to calendar days.

News articles date an incident relative to their publication day: أمس (yesterday), مساء الأحد
(Sunday evening), ليل الخميس-الجمعة (the night from Thursday to Friday), الأسبوع الماضي, أواخر
الشهر الماضي, قبل ثلاثة أيام, or by an explicit date in either month system (5 كانون الثاني/يناير
الجاري, الخامس من يناير, 2023-03-14). The grammar below is a set of regular-expression rules
assembled from the lexicons in ``gazetteer/data/lexicon/`` (months, weekdays, day_parts,
date_words), all normalised with :func:`gazetteer.text.normalize.normalise` when loaded. Every rule
works on normalised text; of overlapping matches the longest wins.

Resolution never looks into the future: every span ends on or before the publication day, a
span that would start after it is dropped, and an impossible date (31 شباط) is ignored.
The grammar is in three modules: :mod:`.date_words` (the lexicons), :mod:`.date_rules` (the table
of named rules) and :mod:`.clock` (clock times, one grammar for the whole extractor). This
module finds and resolves dates with them and keeps the public names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from gazetteer.extract.grammar.clock import TimeMention, find_times, nearest_time
from gazetteer.extract.grammar.date_arith import date_span
from gazetteer.extract.grammar.date_rules import _grammar, _Skip
from gazetteer.extract.grammar.date_words import _key, _leftmost_longest, anchored_matches
from gazetteer.records import DATE_PRECISION, DateSpan
from gazetteer.text.frozen import frozen_builder
from gazetteer.text.normalize import normalise

__all__ = [
    "ContextDay",
    "DateMention",
    "TimeMention",
    "context_day_words",
    "find_absolute_dates",
    "find_context_days",
    "find_dates",
    "find_times",
    "resolve_date",
]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in normalised text.

    Attributes
    ----------
    start, end : int
        Half-open span in the normalised text, clitics included.
    span : DateSpan
        The resolved days; ``span.cue`` is the matched text.
    """

    start: int
    end: int
    span: DateSpan


@dataclass(frozen=True)
class ContextDay:
    """A day named relative to the day the text was just talking about (اليوم التالي).

    Attributes
    ----------
    start, end : int
        Half-open span in the normalised text.
    offset : int
        Days after (positive) or before (negative) the context day.
    night : bool
        Whether a part of day makes it a night (ليل اليوم التالي).
    """

    start: int
    end: int
    offset: int
    night: bool


def find_context_days(norm: str) -> list[ContextDay]:
    """Find days named relative to a day given earlier (``context_day`` in date_words.csv).

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.

    Returns
    -------
    list of ContextDay
        In order: مساء اليوم التالي -> offset 1, اليوم السابق -> offset -1. The caller resolves
        them against the day it was reading about; :func:`find_dates` never reports them.
    """
    grammar = _grammar()
    out = []
    for m in grammar.context_rule.finditer(norm):
        part = grammar.part(m.group("part"))
        offset = grammar.lex.role("context_day")[_key(m.group("ctx"))]
        night = part is not None and part.precision == "night"
        out.append(ContextDay(m.start(), m.end(), offset, night))
    return out


def context_day_words() -> frozenset[str]:
    """Words one of which every day :func:`find_context_days` finds holds (التالي، السابق ...).

    The last word of each ``context_day`` phrase: a text without any of them, as a substring,
    names no such day.
    """
    return _context_day_words()


@cache
def _context_day_words() -> frozenset[str]:
    return frozenset(form.split()[-1] for form in _grammar().lex.role("context_day"))


#: Two publication days later than any real article: what resolves the same against both is
#: an absolute date (it names its year), the only kind an undated article can resolve.
_FAR_DAYS = (date(9000, 1, 1), date(9001, 7, 15))

_Match = tuple[int, Callable[[re.Match[str], date], object], re.Match[str]]


def _matches(norm: str, limit: int | None = None) -> list[_Match]:
    """Every match of every date rule, with the rule's order and resolver.

    Each rule runs only where one of its anchors stands (:func:`.date_words.anchored_matches`);
    with ``limit``, only over the stretches that start before it.
    """
    return [
        (order, rule.resolve, m)
        for order, rule in enumerate(_grammar().date_rules)
        for m in anchored_matches(norm, rule.pattern, rule.anchors, rule.also, limit)
    ]


def _with(span: DateSpan, time: str | None, cue: str) -> DateSpan:
    """``dataclasses.replace(span, time=time, cue=cue)``, without its look at the fields.

    ``tests/test_whole_text_paths.py`` checks that DateSpan has the fields written here.
    """
    return date_span(span.start, span.end, span.precision, time, cue, span.past_reference)


#: ``DateMention(start, end, span)`` built faster (:func:`gazetteer.text.frozen.frozen_builder`).
_mention: Callable[..., DateMention] = frozen_builder(DateMention)


def _resolve(
    norm: str, matches: list[_Match], published: date, times: Sequence[TimeMention] | None
) -> list[DateMention]:
    """Resolve the matches against one publication day; keep the longest of overlaps."""
    candidates: list[tuple[int, int, int, object]] = []
    for order, resolve, m in matches:
        resolved = resolve(m, published)
        if not isinstance(resolved, _Skip):
            candidates.append((m.start(), m.end(), order, resolved))
    out: list[DateMention] = []
    ends: list[int] | None = None
    for start, end, value in _leftmost_longest(candidates):
        if not isinstance(value, DateSpan):
            continue  # a future or impossible date: it hides what it contains, gives nothing
        time = value.time
        if value.precision in ("day", "night"):
            if times is None:
                times = find_times(norm)
            if ends is None:
                ends = [t.end for t in times]
            near = nearest_time(norm, start, end, times, ends)
            if near is not None:
                time = near
        span = _with(value, time, norm[start:end])
        out.append(_mention(start, end, span))
    return out


def find_dates(
    norm: str,
    published: date,
    times: Sequence[TimeMention] | None = None,
    limit: int | None = None,
) -> list[DateMention]:
    """Find and resolve every date expression in normalised text.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.
    published : date
        The publication day relative dates count from.
    times : sequence of TimeMention, optional
        The text's clock times when the caller has them already (:func:`find_times` of the
        same text); found here, once, when needed otherwise.
    limit : int, optional
        Read only the stretches between barriers that start before this position: the
        mentions are then those of the whole text's list that lie in such a stretch (each
        stretch is read on its own), every one starting before ``limit`` among them.

    Returns
    -------
    list of DateMention
        Non-overlapping mentions in text order. Every span ends on or before ``published``;
        impossible or future dates are left out. A clock time in the same sentence, next to a
        day or night, is put into ``span.time``.
    """
    return _resolve(norm, _matches(norm, limit), published, times)


def find_absolute_dates(
    norm: str, times: Sequence[TimeMention] | None = None, limit: int | None = None
) -> list[DateMention]:
    """The dates of a text that has no publication day: those that name their year.

    The rules are matched once; their matches are resolved against two far-apart publication
    days later than any real article, and what resolves the same against both is kept.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.
    times : sequence of TimeMention, optional
        As for :func:`find_dates`.
    limit : int, optional
        As for :func:`find_dates`.

    Returns
    -------
    list of DateMention
        In text order, resolved as against the first of the two days.
    """
    matches = _matches(norm, limit)
    if times is None and matches:
        times = find_times(norm)
    one = _resolve(norm, matches, _FAR_DAYS[0], times)
    other = {(d.start, d.end, d.span) for d in _resolve(norm, matches, _FAR_DAYS[1], times)}
    return [d for d in one if (d.start, d.end, d.span) in other]


def resolve_date(text: str, published: date) -> DateSpan | None:
    """Normalise text and resolve its most specific date (the first of equals).

    Parameters
    ----------
    text : str
        Raw text (an incident's sentence, say).
    published : date
        The publication day.

    Returns
    -------
    DateSpan or None
        The finest-precision date in the text, the earliest one on ties; None if there is none.
    """
    mentions = find_dates(normalise(text), published)
    if not mentions:
        return None
    best = min(mentions, key=lambda m: (DATE_PRECISION.index(m.span.precision), m.start))
    return best.span
