"""Named precision rules about dates: the day of a statement, an official's clock time, "since".

Split from :mod:`.precision` (which re-exports them); the case tables are
``tests/data/incidents/rules/statement_date.json``, ``clock_before_statement.json`` and
``period_since.json`` (a date "since" dates a period, not the attack).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gazetteer.extract.grammar.dates import DateMention, find_context_days
from gazetteer.extract.precision_campaign import singled_out_after
from gazetteer.extract.precision_clauses import ongoing_before
from gazetteer.extract.precision_targets import _kind
from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.records import DateSpan
from gazetteer.text.matcher import Match

__all__ = [
    "afternoon_hour",
    "clock_before_statement",
    "closing_statement_date",
    "interval_before",
    "opening_statement_date",
    "period_since",
    "small_hours_next_day",
]


def closing_statement_date(text: str, verb_end: int, start: int, end: int) -> bool:
    """A date that closes an attribution at the end of its sentence dates the statement.

    "وسقطت قذيفة ... ، وفق ما أفاد به المرصد، الأحد." -- the day the monitor spoke, set off by a
    comma after its name, with nothing after it but the full stop.
    """
    gap = text[verb_end:start].rstrip()
    tail = text[end : end + 3].lstrip(" ")
    return gap.endswith(",") and (not tail or tail[0] in ".\n")


def opening_statement_date(text: str, start: int, end: int, verbs_after: list[int]) -> bool:
    """A date that opens its clause, right before a verb of speaking, dates the statement.

    "وفجر اليوم الجمعة، أعلنت وزارة الدفاع أن ..." -- the announcement was made at dawn; the
    attack it announces happened before. A date ending another clause (تعرضت لهجوم في السادس
    عشر من تموز، أعلنت بعده ...) is that clause's, and so is a date that closes its sentence
    ("... على القاعدة مساء الأحد. وقالت الوزارة ..."): the full stop after it ends the attack's
    sentence, and the verb that opens the next one is not dated by it.
    """
    before = text[max(0, start - 40) : start].rstrip()
    if before and before[-1] not in ",.:\n" and before.split()[-1] != "\u0648":
        return False
    rest = text[end : end + 3]
    if rest.lstrip(" ")[:1] in _SENTENCE_END:
        return False  # "... على القاعدة مساء الأحد. وقال ...": the date closes its own sentence
    if rest.lstrip(" ").startswith(","):
        end = end + text[end:].index(",") + 1
    return any(0 <= v - end <= 2 for v in verbs_after)


#: What ends a sentence right after a date (it then closes that sentence, opening no clause;
#: a line break is left out: a dateline's day, alone on its line, dates what the next line says).
_SENTENCE_END = frozenset(".!?;")

#: Morning words of a statement's date (فجر، صباح), normalised.
_MORNING = rule_words("morning")


#: Words after a 12-hour clock time that put it after noon (مساء، بعد الظهر، عصرا، ليلا).
_AFTERNOON_AFTER = re.compile(f"^\\s*(?:{alternation('afternoon')})")
_AFTERNOON = re.compile(f"(?:{alternation('afternoon')})")


def afternoon_hour(time: str | None, after: str) -> int | None:
    """The hour of a clock time on a 24-hour clock, reading "2:15 بعد الظهر" as 14."""
    if not time:
        return None
    hour = int(time.split(":")[0])
    return hour + 12 if hour < 12 and _AFTERNOON_AFTER.match(after) else hour


def clock_before_statement(hour: int | None, statement_cue: str) -> bool:
    """Whether an attack's clock time falls on the day before a morning statement.

    "At dawn today the Pentagon announced ... the drone struck at 1:38 pm local time": the
    official's clock time is later in the day than the dawn the statement was made at, so the
    attack was on the day before. Only for a statement dated at dawn or in the morning, and an
    afternoon or evening time (12:00 or later).
    """
    if hour is None or not any(w in statement_cue for w in _MORNING):
        return False
    return hour >= 12


#: The last hour of the small hours (after midnight, before the day's morning).
_SMALL_HOURS_END = 5


def small_hours_next_day(time: str | None, context: DateSpan) -> bool:
    """Whether a clock time after midnight falls on the day after an evening just told.

    Rule small_hours_next_day: "the first rockets fell yesterday evening at 8:40 ... two more
    fell at about 1:15 after midnight" -- a sentence with no date of its own borrows the
    evening's day, but a time between midnight and 5:59 is already the next day. Only after
    a single day told as an evening or afternoon (مساء أمس), never after a night, which spans
    both days already.
    """
    if not time or context.precision != "day":
        return False
    hour = int(time.split(":")[0])
    return hour <= _SMALL_HOURS_END and _AFTERNOON.search(context.cue) is not None


#: After the days of "بعد يومين": واحد or كامل, فقط, then من or على (normalised).
_OF_ATTACK = re.compile(
    "(?:\\s+(?:\u0648\u0627\u062d\u062f|\u0643\u0627\u0645\u0644))?"
    "(?:\\s+\u0641\u0642\u0637)?"  # فقط (only)
    "\\s+(?:\u0645\u0646|\u0639\u0644\u064a)\\s+"
)
#: A noun of announcement right after من (من إعلان التحالف إسقاط ...): the attack it announced.
_ANNOUNCEMENT = re.compile(
    "(?:\u0627\u0639\u0644\u0627\u0646|\u062a\u0627\u0643\u064a\u062f)(?!\\w)"  # اعلان تاكيد
)
_CLAUSE_STOP = re.compile(r"[,;.!?\n]")
_SPACE = re.compile(r"\s+")
_AFTER = "\u0628\u0639\u062f"  # بعد
_MORROW = "\u063a\u062f\u0627\u0647"  # غداة, normalised (غداه)


def interval_before(
    text: str, connector: int, end: int, attacks: list[tuple[int, bool]]
) -> tuple[int, int, int] | None:
    """The clause of an earlier attack that "بعد يومين من" dates from the day read before.

    "ويأتي الهجوم بعد يومين من هجوم صاروخي على قاعدة عين الأسد": the attack after من is two
    days *before* the day the article was telling, not two days after it as "بعد يومين" alone
    would be (the date grammar's ``context_day``). The days are the grammar's (بعد يوم، بعد
    يومين، بعد أسبوع ...), with واحد or كامل after them; من or على follows, then within two
    words an attack word without the article (هجوم، استهداف قاعدة، سقوط صواريخ): "بعد يومين
    من الهجوم" is the attack already told, and what the sentence reports is the later one.
    "غداة ضربة" (the morrow of a strike) is "بعد يوم من". Hours (بعد ساعات من) name no day
    and are left alone. "فقط" (only) may follow the days, and an announcement noun the من
    (بعد يومين فقط من إعلان التحالف إسقاط طائرتين): the attack announced is the earlier one,
    up to four words on.

    ``connector`` is where بعد stands, ``attacks`` the (start, has the article) of the attack
    words after it. Returns the span from بعد to the clause's end and the days, or None.
    """
    piece = text[connector : min(end, connector + 40)]
    days = [c for c in find_context_days(piece) if c.start <= 1 and c.offset > 0]
    if not days:
        return None
    word = piece[days[0].start :].lstrip("\u0648\u0641")
    if word.startswith(_MORROW):  # غداة ضربة: the noun right after it
        of = _SPACE.match(text, connector + days[0].end)
    elif word.startswith(_AFTER):
        of = _OF_ATTACK.match(text, connector + days[0].end)
    else:
        return None
    if of is None:
        return None
    stop = _CLAUSE_STOP.search(text, of.end(), end)
    clause_end = stop.start() if stop else end
    first = [(t, art) for t, art in attacks if of.end() <= t < clause_end]
    # "من إعلان التحالف إسقاط طائرتين": an announcement and its subject, then the attack
    reach = 4 if _ANNOUNCEMENT.match(text, of.end()) else 2
    if not first or first[0][1] or len(text[of.end() : first[0][0]].split()) > reach:
        return None
    return connector, clause_end, days[0].offset


_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
#: منذ (since), normalised.
_SINCE_WORD = re.compile("(?:^|\\s)\u0645\u0646\u0630(?:\\s|$)")


def period_since(
    text: str,
    d: DateMention,
    first_date_from: Callable[[int], DateMention | None],
    qualifiers: list[Match[str]],
    trigger_starts: list[int],
) -> bool:
    """A date that belongs to a period "since", not to an attack.

    "منذ أسبوعين" (for two weeks) is a stretch of time a campaign has lasted; in "منذ بدء
    المقاومة ... في حزيران 2021" the first date after the beginning noun dates that beginning.
    Neither dates the attack of its sentence. Nor does "منذ ثمانية أيام" right after a word of
    continuation (الحرب الدائرة، الحملة المستمرة): eight days is how long a state has lasted,
    not "eight days ago". A day named after منذ (منذ صباح اليوم) still
    dates what goes on since then, and a date in a later clause with an attack word of its own
    (منذ بداية العام، وكان أعنفها هجوم الثالث من آذار) is that attack's.

    ``first_date_from(pos)`` gives the article's first date starting at or after ``pos``;
    ``qualifiers`` and ``trigger_starts`` are those of the 120 characters before the date.
    """
    if d.span.precision not in ("day", "night") and _SINCE_WORD.match(text, d.start):
        return True
    at_since = text[d.start : d.start + 3] == "\u0645\u0646\u0630"
    if at_since and d.span.end > d.span.start:
        return True
    if at_since and ongoing_before(text, d.start, [m.end for m in _kind(qualifiers, "ongoing")]):
        return True
    for m in _kind(qualifiers, "since_start"):
        if not max(0, d.start - 120) <= m.start < d.start:
            continue
        before = text[max(0, m.start - 12) : m.start]
        if "\u0645\u0646\u0630" not in before or _SENTENCE_BREAK.search(text, m.end, d.start):
            continue
        first = first_date_from(m.end)
        comma = text.find(",", m.end, d.start)
        # a new clause with an attack word of its own (، وكان أعنفها هجوم ...) has its own date,
        # as has one that tells its attack after the date (، أعنفها في 3 آذار حين سقطت ...)
        fresh = comma >= 0 and (
            any(comma < t < d.start for t in trigger_starts) or singled_out_after(text, d.end)
        )
        if first is not None and first.start == d.start and not fresh:
            return True
    return False
