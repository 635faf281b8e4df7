"""Named precision rules about the day of a statement and an official's clock time.

Split from :mod:`.precision` (which re-exports them); the case tables are
``tests/data/incidents/rules/statement_date.json`` and ``clock_before_statement.json``.
"""

from __future__ import annotations

import re

from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.records import DateSpan

__all__ = [
    "afternoon_hour",
    "clock_before_statement",
    "closing_statement_date",
    "opening_statement_date",
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
    عشر من تموز، أعلنت بعده ...) is that clause's.
    """
    before = text[max(0, start - 40) : start].rstrip()
    if before and before[-1] not in ",.:\n" and before.split()[-1] != "\u0648":
        return False
    rest = text[end : end + 3]
    if rest.lstrip(" ").startswith(","):
        end = end + text[end:].index(",") + 1
    return any(0 <= v - end <= 2 for v in verbs_after)


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
