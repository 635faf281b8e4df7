"""Date rules: the table of named constructions that find and resolve dates.

Each rule (:class:`_Rule`) is a regular expression assembled from the date lexicons
(:mod:`.date_words`) and the function that resolves its matches against the publication day;
:meth:`_Grammar._date_rules` lists them in order. A new date form is a new row of that table
and a row of ``tests/data/dates/cases.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

from gazetteer.extract.grammar.alternation import alternation_of as _alt
from gazetteer.extract.grammar.date_arith import (
    _latest,
    _make,
    _month_span,
    _on_day,
    _previous_month,
    _shift,
    _span,
    _weekday_back,
)
from gazetteer.extract.grammar.date_words import (
    _ART,
    _B,
    _CL,
    _E,
    _HATTA,
    _ILA,
    _MIM,
    _MIN,
    _NUM,
    _SHAHR,
    _WA,
    JOINED_DIGITS,
    MONTH_WORD,
    OF_IT,
    _key,
    _Lexicon,
    _lexicon,
    _Part,
    anchors_of,
    held_by_every_form,
)
from gazetteer.extract.grammar.deferred import Deferred
from gazetteer.extract.grammar.month_parts import month_part_pattern, resolve_month_part
from gazetteer.records import DateSpan


class _Skip:
    """Marker: the rule did not really match here (another rule may)."""


_SKIP = _Skip()

#: A rule's ``also`` when its anchors are all it needs; a numeric date's (digits joined).
_NONE: frozenset[str] = frozenset()
_JOINED = frozenset({JOINED_DIGITS})
_RELATIVE_DAY_WORDS = (
    "\u0627\u0644\u064a\u0648\u0645",  # اليوم
    "\u0623\u0645\u0633",  # أمس
    "\u0627\u0644\u0628\u0627\u0631\u062d\u0629",  # البارحة
    "\u0645\u0628\u0627\u0631\u062d",  # مبارح (colloquial; امبارح، أول مبارح)
)
_WEEK = "\u0627\u0644\u0623\u0633\u0628\u0648\u0639"  # الأسبوع
#: After a weekday, "before last" (قبل الماضي، ما قبل الماضي): a week before the last one.
_BEFORE_LAST = "(?:\u0645\u0627\\s+)?\u0642\u0628\u0644\\s+\u0627\u0644\u0645\u0627\u0636\u064a"

_Resolved = DateSpan | None | _Skip
_Resolver = Callable[["re.Match[str]", date], _Resolved]


#: The word after a position (blanks first), matched in place: never a copy of the text's rest.
_WORD_AFTER = re.compile(r"\s*(\w+)")

# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """One construction: a pattern, the function that resolves its matches, and its anchors.

    ``anchors`` are the words (or :data:`.date_words.DIGIT`) a match cannot do without: the
    rule is only run over the stretches of text that hold one. ``also``, when not empty, are
    words a match cannot do without either (an explicit date's month): the stretch must hold
    one of each.
    """

    name: str
    pattern: Deferred
    resolve: _Resolver
    anchors: frozenset[str]
    also: frozenset[str] = frozenset()


class _Grammar:
    """The compiled date rules, built from the lexicons once."""

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

    @staticmethod
    def _stated_year(m: re.Match[str], published: date) -> int | None:
        """The year a month's qualifier (:meth:`_qualifier`) names, or None.

        Digits (2023), "this year", "last year", or "current" after the month (the month of
        this year); None for no qualifier and for "past" or "coming", which each caller reads
        in its own way.
        """
        if m.group("year"):
            return int(m.group("year"))
        if m.group("ycur") or m.group("cur"):
            return published.year
        if m.group("ypast"):
            return published.year - 1
        return None

    def _year_for(self, m: re.Match[str], month: int, day: int, published: date) -> int | None:
        """The year a day-month date falls in, from its qualifier or the most recent one."""
        stated = self._stated_year(m, published)
        if stated is not None:
            return stated
        latest = _latest(published, month, day)
        return latest.year if latest else None

    def _month_year(self, m: re.Match[str], month: int, published: date) -> int:
        """The year of a month named without a day."""
        stated = self._stated_year(m, published)
        if stated is not None:
            return stated
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
        after = _WORD_AFTER.match(norm, end)
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
        # الـ17 من يوليو: the article glued to a day in digits (the tatweel is normalised away)
        day = rf"(?:(?:{_ART}(?=[0-9]))?(?P<dnum>{_NUM})|(?P<dord>{self.re_ord}))"
        day2 = rf"(?:(?:{_ART}(?=[0-9]))?(?P<d2num>{_NUM})|(?P<d2ord>{self.re_ord}))"
        joiner = rf"(?:-|/|{_WA}|{_ILA}|{_HATTA}|{_alt(lex.role('night_link'))})"
        explicit = (
            rf"{_B}{_CL}{part}(?:{self.re_dayw}\s+)?{weekday_prefix}(?:{self.re_dayw}\s+)?"
            rf"{no_clock_before}{day}(?:\s*{joiner}\s*{day2})?(?:\s+(?P<min>{_MIN}))?\s+"
            rf"(?:(?:{_SHAHR}\s+)?{self._month_names()}|(?P<relmon>{self.re_relmon})"
            # الثالث والعشرين من الشهر: the month the article is in (its last such day)
            # من ذلك الشهر: "of that month", the month named before it, as منه
            rf"|(?P<themon>(?:(?P<that>\u0630\u0644\u0643)\s+)?{_ART}{_SHAHR})"
            rf"(?!\s+{self.re_relmon})(?=\W|$)"
            # من الشهر ذاته / نفسه: the month named before it, as منه
            rf"(?:\s+(?P<same>\u0630\u0627\u062a\u0647|\u0646\u0641\u0633\u0647)(?!\w))?"
            # في الثالث منه: "of it", the month the sentence named before (or this month)
            rf"|(?P<minhu>{_MIN}\u0647)(?=\W|$))"
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
        anniv = lex.role("anniversary")
        # الذكرى (السنوية) الأولى، الذكرى الـ5، مرور عامين على، مرور ثلاثة أعوام على
        anniversary = (
            rf"{_B}{_CL}(?:(?:{_alt(f for f, v in anniv.items() if v == 0)})\s+"
            rf"(?:{_ART}?\u0633\u0646\u0648\u064a\u0647\s+)?"  # السنويه
            rf"(?:(?P<aord>{_alt(lex.role('anniversary_ordinal'))})|{_ART}(?P<adig>{_NUM}))"
            rf"|(?:{_alt(f for f, v in anniv.items() if v == 1)})\s+"
            rf"(?:(?P<anum>{_NUM}|{self.re_card})\s+)?(?P<aunit>{_alt(lex.role('anniversary_unit'))})"
            rf"(?=\s+\u0639\u0644\u064a(?!\w))){_E}"  # على (علي once normalised)
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
            rf"(?:\s+(?:(?P<before_last>{_BEFORE_LAST})|(?P<past>{self.re_past})"
            rf"|(?P<fut>{self.re_fut})|{self.re_cur}))?{part2}{_E}"
        )
        weekdays = anchors_of("weekday")
        # every relative day holds اليوم, أمس, البارحة or مبارح (not the common أول of أول أمس)
        relative_days = held_by_every_form(_RELATIVE_DAY_WORDS, "relative_day")
        # every week form holds الأسبوع, every relative month الشهر (not the common هذا)
        weeks = held_by_every_form([_WEEK], "week_past", "week_current")
        the_month = held_by_every_form([_ART + _SHAHR], "month_past", "month_current")
        ago_units = anchors_of("ago_unit", "ago_plural", "ago_dual")
        # every explicit date has its month: a name (at a word's start), a relative month,
        # الشهر, or منه ("of it": the month named before)
        months = the_month | {MONTH_WORD, OF_IT}
        month_part, resolve_part = month_part_pattern(self), partial(resolve_month_part, self)
        table: tuple[tuple[str, str, _Resolver, frozenset[str], frozenset[str]], ...] = (
            # a week or half of a month (الأسبوع الأول من شباط): before the explicit date its
            # ordinal and month would otherwise make (the first of February)
            ("month_part", month_part, resolve_part, anchors_of("month_part"), months),
            # every explicit date has its day in digits or as an ordinal
            ("explicit", explicit, self._explicit, anchors_of("ordinal", digits=True), months),
            # a numeric date joins its digits with a dash, slash or dot
            ("numeric", numeric, self._numeric, anchors_of(digits=True), _JOINED),
            ("night_pair", night_pair, self._night_pair, weekdays, _NONE),
            ("relative", relative, self._relative, relative_days, _NONE),
            (
                "relative_night",
                relative_night,
                self._relative_night,
                anchors_of("relative_night"),
                _NONE,
            ),
            ("weekday", weekday, self._weekday, weekdays, _NONE),
            (
                "month_relative",
                month_rel,
                self._month_relative,
                the_month,
                _NONE,
            ),
            ("month", month_only, self._month, frozenset({MONTH_WORD}), _NONE),
            ("week", week, self._week, weeks, _NONE),
            # "ago" needs its unit: يوم، أيام، أسبوعين ...
            ("ago", ago, self._ago, anchors_of("ago"), ago_units),
            ("anniversary", anniversary, self._anniversary, anchors_of("anniversary"), _NONE),
        )
        # each compiled when a text first holds its anchors (most rules, most texts)
        return tuple(_Rule(name, Deferred(p), f, a, also) for name, p, f, a, also in table)

    def _explicit(self, m: re.Match[str], published: date) -> _Resolved:
        d1 = self.day_number(m.group("dnum"), m.group("dord"))
        d2 = self.day_number(m.group("d2num"), m.group("d2ord"))
        if m.group("dord") and not (m.group("min") or m.group("minhu")):
            return _SKIP  # an ordinal day needs من: الخامس من يناير (or منه, "of it")
        if d1 is None or ((m.group("d2num") or m.group("d2ord")) and d2 is None):
            return None
        past = bool(m.group("past") or m.group("ypast"))
        referred = self._referred_month(m, d1, published)
        if isinstance(referred, _Skip):
            return _SKIP
        if referred is not None:
            year, month = referred
            past = True
        elif m.group("themon"):
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

    def _referred_month(
        self, m: re.Match[str], day: int, published: date
    ) -> tuple[int, int] | _Skip | None:
        """The month منه, من الشهر نفسه, من ذلك الشهر refer to (None: not such a day).

        A bare من الشهر after a month named in the sentence (a chronology's "آذار: ...") is
        that month, its last past occurrence when named without its year.
        """
        named = None
        if m.group("themon") and m.group("min"):
            named = self._named_month(m.string, m.start(), published)
        if not (m.group("minhu") or m.group("same") or m.group("that") or named):
            return None
        if m.group("minhu") and (m.group("min") or m.group("dnum")):
            return _SKIP  # من منه, or digits: not this construction
        if m.group("that") and not m.group("min"):
            return _SKIP
        year, month = named or self._antecedent_month(m.string, m.start(), published)
        if named and (this := _make(year, month, day)) is not None and this > published:
            year -= 1
        return year, month

    def _antecedent_month(self, norm: str, start: int, published: date) -> tuple[int, int]:
        """The month "منه" (of it) refers to: the last month named before it in the sentence.

        "الشهر الجاري ... في الثالث منه" or "في آب الماضي ... في العاشر منه"; with no month
        named before it in the sentence, the month the article is in.
        """
        named = self._named_month(norm, start, published)
        return named if named is not None else (published.year, published.month)

    def _named_month(self, norm: str, start: int, published: date) -> tuple[int, int] | None:
        """The last month named before ``start`` in its sentence, or None.

        A bare month name that opens the line before a colon (a chronology's "آذار: ...")
        counts as named.
        """
        window_start = max(norm.rfind(".", 0, start), norm.rfind("\n", 0, start), start - 200)
        window = norm[max(0, window_start) : start]
        found: tuple[int, DateSpan] | None = None
        for rule in self.date_rules:
            if rule.name not in ("month", "month_relative"):
                continue
            for hit in rule.pattern.finditer(window):
                span = rule.resolve(hit, published)
                if isinstance(span, DateSpan) and (found is None or hit.start() > found[0]):
                    found = (hit.start(), span)
        if found is None:
            heading = self._line_heading_month(window, published)
            if heading is not None:
                return heading
        if found is not None:
            return found[1].start.year, found[1].start.month
        return None

    def _line_heading_month(self, window: str, published: date) -> tuple[int, int] | None:
        """The month of a line that opens with a bare month name and a colon ("آذار: ...")."""
        head = re.match(rf"\s*({self._month_names()})\s*:", window)
        if head is None:
            return None
        month = self.lex.months[_key(head.group("mon"))]
        return (published.year if month <= published.month else published.year - 1), month

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
        past = bool(m.group("past") or m.group("before_last"))
        day = _weekday_back(published, self.lex.weekdays[_key(m.group("wd"))], past)
        if day is not None and m.group("before_last"):
            day = _shift(day, -7)  # الخميس قبل الماضي: the Thursday a week before the last one
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


    def _anniversary(self, m: re.Match[str], published: date) -> _Resolved:
        """The day N years before publication, give or take a day (الذكرى الأولى، مرور عامين على).

        A remembrance is held on or near the day; a plural unit without its count is no date.
        """
        if m.group("aord") or m.group("adig"):
            years = self.lex.role("anniversary_ordinal").get(_key(m.group("aord")))
            years = years or self.number(m.group("adig"))
        else:
            unit = self.lex.role("anniversary_unit")[_key(m.group("aunit"))]
            count = self.number(m.group("anum"))
            years = count if count is not None else unit
        if not years:
            return None
        year = published.year - years
        day = _make(year, published.month, published.day) or _make(year, published.month, 28)
        return _span(_shift(day, -1), _shift(day, 1), "days", published, past=True)


@cache
def _grammar() -> _Grammar:
    """The date grammar, compiled once from the lexicons."""
    return _Grammar(_lexicon())
