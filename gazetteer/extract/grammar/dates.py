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
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from gazetteer.records import DATE_PRECISION, DateSpan
from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

__all__ = [
    "ContextDay",
    "DateMention",
    "TimeMention",
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


# ---------------------------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------------------------

_LEXICON_DIR = "gazetteer/data/lexicon"
_KINDS = ("noun", "adverb", "both")
_CLOCKS = ("am", "noon", "afternoon", "pm", "night", "midnight")


@dataclass(frozen=True)
class _Part:
    """One part of the day: how it reads before a day and next to a clock time."""

    name: str
    kind: str
    precision: str
    clock: str


def _int_cell(name: str, n: int, column: str, value: str, low: int, high: int) -> int:
    """Parse an integer lexicon cell within bounds, or raise naming file, row and column."""
    try:
        number = int(value)
    except ValueError:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: {column!r} must be an integer, got {value!r}"
        ) from None
    if not low <= number <= high:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: {column!r} must be in {low}..{high}, "
            f"got {number}"
        )
    return number


def _choice_cell(name: str, n: int, column: str, value: str, allowed: Iterable[str]) -> str:
    """Check a lexicon cell against its allowed values, or raise naming file, row and column."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: {column!r} must be one of "
            f"{', '.join(allowed)}, got {value!r}"
        )
    return value


def _form(name: str, n: int, raw: str) -> str:
    """Normalise a lexicon form, refusing one that normalises to nothing."""
    form = normalise(raw).strip()
    if not form:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: empty 'form' after normalising"
        )
    return form


@dataclass(frozen=True)
class _Lexicon:
    """Every word list of the grammar, normalised, with compound numbers built."""

    months: dict[str, int]
    weekdays: dict[str, int]
    parts: dict[str, _Part]
    words: dict[str, dict[str, int]]
    cardinals: dict[str, int]
    ordinals: dict[str, int]

    def role(self, role: str) -> dict[str, int]:
        """Return the forms of one role of ``date_words.csv`` (empty if none)."""
        return self.words.get(role, {})


def _compounds(
    atoms: dict[str, int], units: dict[int, set[str]], teens: Iterable[str], limit: int
) -> dict[str, int]:
    """Build the numbers up to ``limit``: atoms, unit + teen (11-19), unit + و + ten (21-59)."""
    out = dict(atoms)
    teens = tuple(teens)
    tens = {form: value for form, value in atoms.items() if value >= 20 and value % 10 == 0}
    for unit, forms in units.items():
        for form in forms:
            for teen in teens:
                if 10 + unit <= limit:
                    out.setdefault(f"{form} {teen}", 10 + unit)
            for ten_form, ten in tens.items():
                if ten + unit <= limit:
                    out.setdefault(f"{form} \u0648{ten_form}", ten + unit)  # و + ten
    return out


@cache
def _lexicon() -> _Lexicon:
    """Load and check the four lexicons (once)."""
    months: dict[str, int] = {}
    for n, row in enumerate(load_lexicon("months", ("month", "form")), start=2):
        months[_form("months", n, row["form"])] = _int_cell(
            "months", n, "month", row["month"], 1, 12
        )
    weekdays: dict[str, int] = {}
    for n, row in enumerate(load_lexicon("weekdays", ("iso", "form")), start=2):
        weekdays[_form("weekdays", n, row["form"])] = _int_cell(
            "weekdays", n, "iso", row["iso"], 1, 7
        )
    parts: dict[str, _Part] = {}
    required = ("part", "form", "kind", "precision", "clock")
    for n, row in enumerate(load_lexicon("day_parts", required), start=2):
        parts[_form("day_parts", n, row["form"])] = _Part(
            row["part"],
            _choice_cell("day_parts", n, "kind", row["kind"], _KINDS),
            _choice_cell("day_parts", n, "precision", row["precision"], ("day", "night")),
            _choice_cell("day_parts", n, "clock", row["clock"], _CLOCKS),
        )
    words: dict[str, dict[str, int]] = {}
    for n, row in enumerate(load_lexicon("date_words", ("role", "value", "form")), start=2):
        value = _int_cell("date_words", n, "value", row["value"], -31, 60)
        words.setdefault(row["role"], {})[_form("date_words", n, row["form"])] = value

    def units_of(*roles: str) -> dict[int, set[str]]:
        units: dict[int, set[str]] = {}
        for role in roles:
            for form, value in words.get(role, {}).items():
                if 1 <= value <= 9:
                    units.setdefault(value, set()).add(form)
        return units

    teens = words.get("teen", {}).keys()
    cardinals = _compounds(
        words.get("cardinal", {}), units_of("cardinal", "cardinal_unit"), teens, 59
    )
    ordinals = _compounds(words.get("ordinal", {}), units_of("ordinal", "ordinal_unit"), teens, 31)
    for form in words.get("ordinal_unit", {}):
        ordinals.pop(form, None)  # الحادي alone is not a day
    return _Lexicon(months, weekdays, parts, words, cardinals, ordinals)


# ---------------------------------------------------------------------------------------------
# Regular-expression building blocks
# ---------------------------------------------------------------------------------------------

_B = r"(?<!\w)"  # a word starts here
_E = r"(?!\w)"  # a word ends here
# proclitics before the first word: و/ف, and ب only before the article (بالأمس)
_CL = r"(?:[\u0648\u0641]?(?:\u0628(?=\u0627\u0644))?)"  # و ف ب ال
_NUM = r"[0-9]{1,2}"
_MIN = "\u0645\u0646"  # من "of"
_WA = "\u0648"  # و "and"
_ILLA = "\u0627\u0644\u0627"  # الا "less", normalised إلا
_ILA = "\u0627\u0644\u064a"  # الي "to", normalised إلى
_HATTA = "\u062d\u062a\u064a"  # حتي "until", normalised حتى
_SHAHR = "\u0634\u0647\u0631"  # شهر "month"
_ART = "\u0627\u0644"  # ال the article
_MIM = "\u0645"  # م as in 2023م (Gregorian)


def _alt(forms: Iterable[str]) -> str:
    r"""A non-capturing alternation of normalised forms, longest first, spaces as ``\\s+``."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    if not ordered:
        return r"(?!x)x"
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered) + ")"


def _key(text: str | None) -> str:
    """A matched group as a lexicon key: spaces collapsed."""
    return " ".join((text or "").split())


class _Skip:
    """Marker: the rule did not really match here (another rule may)."""


_SKIP = _Skip()

_Resolved = DateSpan | None | _Skip
_Resolver = Callable[["re.Match[str]", date], _Resolved]


# ---------------------------------------------------------------------------------------------
# Safe date arithmetic
# ---------------------------------------------------------------------------------------------


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
    return DateSpan(start, end, precision, None, "", past or end < published)


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


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """One construction: a pattern and the function that resolves its matches."""

    name: str
    pattern: re.Pattern[str]
    resolve: _Resolver


class _Grammar:
    """The compiled date and time rules, built from the lexicons once."""

    def __init__(self, lex: _Lexicon) -> None:
        self.lex = lex
        parts = lex.parts
        self.re_wd = _alt(lex.weekdays)
        self.re_rel = _alt(lex.role("relative_day"))
        self.re_mon = _alt(lex.months)
        self.re_ord = _alt(lex.ordinals)
        self.re_card = _alt(lex.cardinals)
        self.re_part_noun = _alt(f for f, p in parts.items() if p.kind in ("noun", "both"))
        self.re_part_adv = _alt(f for f, p in parts.items() if p.kind in ("adverb", "both"))
        self.re_part_night = _alt(
            f for f, p in parts.items() if p.kind in ("noun", "both") and p.precision == "night"
        )
        self.re_part_any = _alt(parts)
        self.re_midnight = _alt(f for f, p in parts.items() if p.clock == "midnight")
        self.re_past = _alt(lex.role("past_marker"))
        self.re_cur = _alt(lex.role("current_marker"))
        self.re_fut = _alt(lex.role("future_marker"))
        self.re_day1 = _alt(f for f, v in lex.role("day_word").items() if v == 1)
        self.re_dayw = _alt(lex.role("day_word"))
        self.re_link = _alt(lex.role("date_link"))
        self.re_third = _alt(lex.role("third"))
        self.re_year_word = _alt(lex.role("year_word"))
        self.re_ycur = _alt(lex.role("year_current"))
        self.re_ypast = _alt(lex.role("year_past"))
        self.re_relmon = _alt({**lex.role("month_past"), **lex.role("month_current")})
        self.re_clock = _alt(lex.role("clock_word"))
        self.re_hour = _alt(lex.role("hour"))
        self.re_frac = _alt(lex.role("fraction"))
        self.re_minu = _alt(lex.role("minute_unit"))
        self.day_ref = re.compile(
            r"\s*(?:"
            + "|".join(
                (
                    self.re_rel,
                    self.re_wd,
                    self.re_dayw,
                    _alt(lex.role("relative_night")),
                    r"[0-9]",
                    self.re_ord + r"\s+" + _MIN,
                )
            )
            + r")(?!\w)"
        )
        self.not_today_after = frozenset(lex.role("not_today_after")) | frozenset(
            f.split()[0] for f in lex.ordinals
        )
        self.not_today_before = frozenset(lex.role("not_today_before"))
        # في مارس، وفي مارس، وخلال شباط: the word before a bare month name, clitics allowed
        self.month_context = frozenset(
            clitic + word for word in lex.role("month_context") for clitic in ("", _WA, "\u0641")
        )
        self.date_rules = self._date_rules()
        self.context_rule = re.compile(
            rf"{_B}{_CL}(?:(?P<part>{self.re_part_noun})\s+)?"
            rf"(?P<ctx>{_alt(lex.role('context_day'))}){_E}"
        )
        self.time_rules = self._time_rules()

    # -- helpers ---------------------------------------------------------------------------

    def part(self, text: str | None) -> _Part | None:
        """The part of day a matched group names, if any."""
        return self.lex.parts.get(_key(text)) if text else None

    def number(self, text: str | None) -> int | None:
        """A number written in digits or in words (1..59)."""
        if not text:
            return None
        key = _key(text)
        if key.isdigit():
            return int(key)
        return self.lex.cardinals.get(key)

    def day_number(self, digits: str | None, words: str | None) -> int | None:
        """A day of the month written in digits or as an ordinal word."""
        if digits:
            return int(digits)
        if words:
            return self.lex.ordinals.get(_key(words))
        return None

    def _qualifier(self) -> str:
        """After a month name: a year, or الجاري / الماضي / المقبل and the year phrases."""
        year = rf"(?:(?:{_MIN}\s+)?{self.re_year_word}\s+)?(?P<year>(?:19|20)[0-9]{{2}}){_MIM}?"
        return (
            rf"(?:\s*,?\s*(?:(?P<ycur>{self.re_ycur})|(?P<ypast>{self.re_ypast})|{year}"
            rf"|(?P<cur>{self.re_cur})|(?P<past>{self.re_past})|(?P<fut>{self.re_fut})))?"
        )

    def _month_names(self) -> str:
        """A month name, optionally glossed in the other system (كانون الثاني/يناير)."""
        return (
            rf"(?P<mon>{self.re_mon})"
            rf"(?:(?:\s*[/(-]\s*|\s+)(?P<mon2>{self.re_mon})(?:\s*\))?)?"
        )

    def _year_for(self, m: re.Match[str], month: int, day: int, published: date) -> int | None:
        """The year a day-month date falls in, from its qualifier or the most recent one."""
        if m.group("year"):
            return int(m.group("year"))
        if m.group("ycur") or m.group("cur"):
            return published.year
        if m.group("ypast"):
            return published.year - 1
        latest = _latest(published, month, day)
        return latest.year if latest else None

    def _month_year(self, m: re.Match[str], month: int, published: date) -> int:
        """The year of a month named without a day."""
        if m.group("year"):
            return int(m.group("year"))
        if m.group("ycur") or m.group("cur"):
            return published.year
        if m.group("ypast"):
            return published.year - 1
        if m.group("past"):
            return published.year if month < published.month else published.year - 1
        return published.year if month <= published.month else published.year - 1

    @staticmethod
    def _word_before(norm: str, start: int) -> str:
        """The word just before ``start`` (empty at a punctuation mark or the beginning)."""
        before = re.search(r"(\w+)\s*$", norm[max(0, start - 20) : start])
        return before.group(1) if before else ""

    def _is_today_blocked(self, norm: str, start: int, end: int) -> bool:
        """Whether اليوم here means "the day ..." (اليوم التالي، ذلك اليوم) and not today."""
        after = re.match(r"\s*(\w+)", norm[end:])
        if after and after.group(1) in self.not_today_after:
            return True
        return self._word_before(norm, start) in self.not_today_before

    # -- date rules ------------------------------------------------------------------------

    def _date_rules(self) -> tuple[_Rule, ...]:
        lex = self.lex
        part = rf"(?:(?P<part>{self.re_part_noun})\s+)?"
        part2 = rf"(?:\s+(?P<part2>{self.re_part_adv}))?"
        day1 = rf"(?:{self.re_day1}\s+)?"
        weekday_prefix = rf"(?:(?P<wd>{self.re_wd})\s*,?\s*(?:\(\s*)?(?:{self.re_link}\s+)?)?"
        no_clock_before = r"(?<![0-9][.:/-])"
        day = rf"(?:(?P<dnum>{_NUM})|(?P<dord>{self.re_ord}))"
        day2 = rf"(?:(?P<d2num>{_NUM})|(?P<d2ord>{self.re_ord}))"
        joiner = rf"(?:-|/|{_WA}|{_ILA}|{_HATTA}|{_alt(lex.role('night_link'))})"
        explicit = (
            rf"{_B}{_CL}{part}(?:{self.re_dayw}\s+)?{weekday_prefix}(?:{self.re_dayw}\s+)?"
            rf"{no_clock_before}{day}(?:\s*{joiner}\s*{day2})?(?:\s+(?P<min>{_MIN}))?\s+"
            rf"(?:(?:{_SHAHR}\s+)?{self._month_names()}|(?P<relmon>{self.re_relmon})"
            # الثالث والعشرين من الشهر: the month the article is in (its last such day)
            rf"|(?P<themon>{_ART}{_SHAHR})(?!\s+{self.re_relmon})(?=\W|$))"
            rf"{self._qualifier()}{_E}"
        )
        numeric = (
            rf"{_B}{_CL}{part}{day1}{weekday_prefix}{no_clock_before}"
            r"(?:(?P<iy>[0-9]{4})(?P<isep>[-/.])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})"
            r"|(?P<d>[0-9]{1,2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}))"
            r"(?![./:-]?[0-9])" + _E
        )
        month_only = (
            rf"{_B}{_CL}"
            rf"(?:(?P<third>{self.re_third})\s+)?(?P<shahr>{_SHAHR}\s+)?"
            rf"{self._month_names()}{self._qualifier()}{_E}"
        )
        month_rel = (
            rf"{_B}{_CL}(?:(?P<third>{self.re_third})\s+)?"
            rf"(?:(?P<mpast>{_alt(lex.role('month_past'))})"
            rf"|(?P<mcur>{_alt(lex.role('month_current'))})"
            # مطلع الشهر: with a third, the bare word is the month the article is in
            rf"|(?P<mbare>{_ART}{_SHAHR})){_E}"
        )
        week = (
            rf"{_B}{_CL}(?:{self.re_third}\s+)?"
            rf"(?:(?P<wpast>{_alt(lex.role('week_past'))})"
            rf"|(?P<wcur>{_alt(lex.role('week_current'))})){_E}"
        )
        ago = (
            rf"{_B}{_CL}{_alt(lex.role('ago'))}\s+(?:(?P<num>{_NUM}|{self.re_card})\s+)?"
            rf"(?:(?P<unit>{_alt(lex.role('ago_unit'))})|(?P<plural>{_alt(lex.role('ago_plural'))})"
            rf"|(?P<dual>{_alt(lex.role('ago_dual'))}))(?:\s+(?P<num2>{self.re_card}))?{_E}"
            # not "two days before the attack" (قبل يومين من الهجوم), which counts from elsewhere
            rf"(?!\s+{_MIN}\s+(?!\u0627\u0644\u0627\u0646{_E}))"  # الان "now"
        )
        relative = (
            rf"{_B}{_CL}{part}{day1}(?P<rel>{self.re_rel})"
            rf"(?:\s*,?\s*{day1}(?P<wd>{self.re_wd}))?{part2}{_E}"
        )
        relative_night = rf"{_B}{_CL}(?P<relnight>{_alt(lex.role('relative_night'))}){_E}"
        night_pair = (
            rf"{_B}{_CL}(?P<part>{self.re_part_night})\s+{day1}(?P<wd>{self.re_wd})"
            rf"(?:\s*[-/]\s*|\s+{_alt(lex.role('night_link'))}\s+|\s*{_WA}\s*|\s+)"
            rf"{day1}(?P<wd2>{self.re_wd})(?:\s+(?P<past>{self.re_past}))?{_E}"
        )
        weekday = (
            rf"{_B}{_CL}{part}{day1}(?P<wd>{self.re_wd})"
            rf"(?:\s+(?:(?P<past>{self.re_past})|(?P<fut>{self.re_fut})|{self.re_cur}))?"
            rf"{part2}{_E}"
        )
        table: tuple[tuple[str, str, _Resolver], ...] = (
            ("explicit", explicit, self._explicit),
            ("numeric", numeric, self._numeric),
            ("night_pair", night_pair, self._night_pair),
            ("relative", relative, self._relative),
            ("relative_night", relative_night, self._relative_night),
            ("weekday", weekday, self._weekday),
            ("month_relative", month_rel, self._month_relative),
            ("month", month_only, self._month),
            ("week", week, self._week),
            ("ago", ago, self._ago),
        )
        return tuple(_Rule(name, re.compile(p), f) for name, p, f in table)

    def _explicit(self, m: re.Match[str], published: date) -> _Resolved:
        d1 = self.day_number(m.group("dnum"), m.group("dord"))
        d2 = self.day_number(m.group("d2num"), m.group("d2ord"))
        if m.group("dord") and not m.group("min"):
            return _SKIP  # an ordinal day needs من: الخامس من يناير
        if d1 is None or ((m.group("d2num") or m.group("d2ord")) and d2 is None):
            return None
        past = bool(m.group("past") or m.group("ypast"))
        if m.group("themon"):
            if not m.group("min"):
                return _SKIP  # "the 23rd of the month" needs من
            this = _make(published.year, published.month, d1)
            if this is None or this > published:
                year, month = _previous_month(published)
            else:
                year, month = published.year, published.month
        elif m.group("relmon"):
            if _key(m.group("relmon")) in self.lex.role("month_past"):
                year, month = _previous_month(published)
                past = True
            else:
                year, month = published.year, published.month
        else:
            if m.group("fut"):
                return None
            month = self.lex.months[_key(m.group("mon"))]
            found = self._year_for(m, month, d1, published)
            if found is None:
                return None
            year = found
        start = _make(year, month, d1)
        part = self.part(m.group("part"))
        if d2 is None:
            return _on_day(start, part, published, past)
        end = _make(year, month, d2)
        if part and part.precision == "night" and start and end == _shift(start, 1):
            return _span(start, end, "night", published, past=past)
        return _span(start, end, "days", published, past=past)

    def _numeric(self, m: re.Match[str], published: date) -> _Resolved:
        if m.group("iy"):
            year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        else:
            year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if year < 1900:
            return None
        return _on_day(_make(year, month, day), self.part(m.group("part")), published, False)

    def _night_pair(self, m: re.Match[str], published: date) -> _Resolved:
        first = self.lex.weekdays[_key(m.group("wd"))]
        second = self.lex.weekdays[_key(m.group("wd2"))]
        if second != first % 7 + 1:
            return _SKIP  # not two days in a row: let the weekday rule read the first
        past = bool(m.group("past"))
        end = _weekday_back(published, second, past)
        return _span(_shift(end, -1), end, "night", published, past=past)

    def _relative(self, m: re.Match[str], published: date) -> _Resolved:
        rel = _key(m.group("rel"))
        offset = self.lex.role("relative_day")[rel]
        # اليوم التالي، مساء اليوم نفسه: "the day ...", not today, with a part of day or not
        if (
            offset == 0
            and not m.group("wd")
            and self._is_today_blocked(m.string, m.start(), m.end())
        ):
            return _SKIP
        part = self.part(m.group("part")) or self.part(m.group("part2"))
        return _on_day(_shift(published, offset), part, published, offset <= -2)

    def _relative_night(self, m: re.Match[str], published: date) -> _Resolved:
        offset = self.lex.role("relative_night")[_key(m.group("relnight"))]
        return _span(_shift(published, offset), published, "night", published)

    def _weekday(self, m: re.Match[str], published: date) -> _Resolved:
        if m.group("fut"):
            return None
        past = bool(m.group("past"))
        day = _weekday_back(published, self.lex.weekdays[_key(m.group("wd"))], past)
        part = self.part(m.group("part")) or self.part(m.group("part2"))
        return _on_day(day, part, published, past)

    def _third(self, m: re.Match[str]) -> int | None:
        text = m.group("third")
        return self.lex.role("third").get(_key(text)) if text else None

    def _month_relative(self, m: re.Match[str], published: date) -> _Resolved:
        if m.group("mbare"):
            third = self._third(m)
            if third is None:
                return _SKIP  # الشهر alone is no date
            first = _make(published.year, published.month, (1, 11, 21)[third - 1])
            if first is not None and first > published:  # not begun yet: last month's
                year, month = _previous_month(published)
                return _month_span(year, month, third, published, True)
            return _month_span(published.year, published.month, third, published, False)
        if m.group("mpast"):
            year, month = _previous_month(published)
            return _month_span(year, month, self._third(m), published, True)
        return _month_span(published.year, published.month, self._third(m), published, False)

    def _month(self, m: re.Match[str], published: date) -> _Resolved:
        qualified = any(m.group(g) for g in ("year", "ycur", "ypast", "cur", "past", "fut"))
        context = qualified or m.group("third") or m.group("shahr")
        if not (context or self._word_before(m.string, m.start()) in self.month_context):
            return _SKIP  # a bare month name may be a word (مارس "he practised")
        if m.group("fut"):
            return None
        month = self.lex.months[_key(m.group("mon"))]
        year = self._month_year(m, month, published)
        past = bool(m.group("past") or m.group("ypast"))
        return _month_span(year, month, self._third(m), published, past)

    def _week(self, m: re.Match[str], published: date) -> _Resolved:
        if m.group("wpast"):
            return _span(_shift(published, -7), _shift(published, -1), "week", published, past=True)
        return _span(_shift(published, -6), published, "week", published)

    def _ago(self, m: re.Match[str], published: date) -> _Resolved:
        if m.group("dual"):
            total = self.lex.role("ago_dual")[_key(m.group("dual"))]
            size = 7 if total >= 7 else 1
        else:
            count = self.number(m.group("num"))
            if count is None:
                count = self.number(m.group("num2"))
            if m.group("plural"):
                size = self.lex.role("ago_plural")[_key(m.group("plural"))]
                if count is None:
                    if size != 1:
                        return None  # قبل أسابيع: too vague to place
                    # قبل أيام: "a few days ago"
                    return _span(
                        _shift(published, -7), _shift(published, -2), "days", published, past=True
                    )
            else:
                size = self.lex.role("ago_unit")[_key(m.group("unit"))]
                count = 1 if count is None else count
            total = count * size
        if total <= 0:
            return None
        back = _shift(published, -total)
        if size >= 7:  # قبل أسبوع: give or take a day
            return _span(_shift(back, -1), _shift(back, 1), "days", published, past=True)
        return _span(back, back, "day", published, past=True)

    # -- time rules ------------------------------------------------------------------------

    def _time_rules(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        def minutes(n: str) -> str:
            return (
                rf"(?:(?P<{n}frac>{self.re_frac})"
                rf"|(?P<{n}mn>{_NUM}|{self.re_card})\s+{self.re_minu})"
            )

        clock = (
            rf"{_B}{_CL}(?:(?P<sa>{self.re_clock})\s+)?"
            rf"(?:(?:{_ART}\s*)?(?P<h>{_NUM})(?:(?P<sep>[:.])(?P<mi>[0-9]{{2}}))?"
            rf"|(?P<hw>{self.re_hour}))"
            rf"(?:\s+{_WA}\s*{minutes('p')}|\s+{_ILLA}\s+{minutes('m')})?"
            rf"(?:\s+(?P<of>{_MIN}\s+)?(?P<part>{self.re_part_any}))?{_E}"
        )
        midnight = rf"{_B}{_CL}(?P<mid>{self.re_midnight}){_E}"
        return re.compile(clock), re.compile(midnight)

    def clock_time(self, m: re.Match[str]) -> str | None:
        """The ``HH:MM`` a clock-time match stands for, or None when it is not a time."""
        part = self.part(m.group("part"))
        has_minutes = bool(m.group("pfrac") or m.group("pmn") or m.group("mfrac") or m.group("mmn"))
        if m.group("hw"):
            hour = self.lex.role("hour")[_key(m.group("hw"))]
            if not (m.group("sa") or has_minutes):
                # the hour words are also ordinals (الغارة الثانية): need a clock adverb
                if part is None or (part.kind == "noun" and not m.group("of")):
                    return None
                construct = part.kind != "adverb" and not m.group("of")
                if construct and self.day_ref.match(m.string, m.end()):
                    return None  # الثانية مساء أمس: "the second (one) on yesterday evening"
        else:
            hour = int(m.group("h"))
            if not m.group("sa") and not (m.group("sep") == ":" or (m.group("mi") and part)):
                return None  # a bare number is a count, 12.15 alone a decimal
        minute = int(m.group("mi") or 0)
        if m.group("pfrac"):
            minute = self.lex.role("fraction")[_key(m.group("pfrac"))]
        elif m.group("pmn"):
            minute = self.number(m.group("pmn")) or -1
        elif m.group("mfrac") or m.group("mmn"):
            less = (
                self.lex.role("fraction")[_key(m.group("mfrac"))]
                if m.group("mfrac")
                else self.number(m.group("mmn")) or -1
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
def _grammar() -> _Grammar:
    """The grammar, compiled once from the lexicons."""
    return _Grammar(_lexicon())


def _leftmost_longest(
    candidates: list[tuple[int, int, int, object]],
) -> list[tuple[int, int, object]]:
    """Of overlapping candidates keep the longest (then the earliest, then the first rule)."""
    chosen: list[tuple[int, int, object]] = []
    for start, end, _, value in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, value))
    chosen.sort(key=lambda c: c[0])
    return chosen


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

#: How far (in characters) a clock time may stand from the date it belongs to.
_TIME_REACH = 40
_SENTENCE_END = re.compile(r"[.!?;\n]")


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
    grammar = _grammar()
    clock, midnight = grammar.time_rules
    candidates: list[tuple[int, int, int, object]] = []
    for m in clock.finditer(norm):
        found = grammar.clock_time(m)
        if found is not None:
            candidates.append((m.start(), m.end(), 0, found))
    for m in midnight.finditer(norm):
        candidates.append((m.start(), m.end(), 1, "00:00"))
    return [TimeMention(s, e, str(t)) for s, e, t in _leftmost_longest(candidates)]


def _nearest_time(norm: str, start: int, end: int, times: list[TimeMention]) -> str | None:
    """The clock time closest to a date in the same sentence, within reach."""
    best: tuple[int, str] | None = None
    for t in times:
        gap_start, gap_end = (end, t.start) if t.start >= end else (t.end, start)
        gap = max(0, gap_end - gap_start)
        if gap > _TIME_REACH or _SENTENCE_END.search(norm[gap_start:gap_end]):
            continue
        if best is None or gap < best[0]:
            best = (gap, t.time)
    return best[1] if best else None


def find_dates(norm: str, published: date) -> list[DateMention]:
    """Find and resolve every date expression in normalised text.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.
    published : date
        The publication day relative dates count from.

    Returns
    -------
    list of DateMention
        Non-overlapping mentions in text order. Every span ends on or before ``published``;
        impossible or future dates are left out. A clock time in the same sentence, next to a
        day or night, is put into ``span.time``.
    """
    grammar = _grammar()
    candidates: list[tuple[int, int, int, object]] = []
    for order, rule in enumerate(grammar.date_rules):
        for m in rule.pattern.finditer(norm):
            resolved = rule.resolve(m, published)
            if not isinstance(resolved, _Skip):
                candidates.append((m.start(), m.end(), order, resolved))
    times: list[TimeMention] | None = None
    out: list[DateMention] = []
    for start, end, value in _leftmost_longest(candidates):
        if not isinstance(value, DateSpan):
            continue  # a future or impossible date: it hides what it contains, gives nothing
        span = dataclasses.replace(value, cue=norm[start:end])
        if span.precision in ("day", "night"):
            if times is None:
                times = find_times(norm)
            time = _nearest_time(norm, start, end, times)
            if time is not None:
                span = dataclasses.replace(span, time=time)
        out.append(DateMention(start, end, span))
    return out


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
