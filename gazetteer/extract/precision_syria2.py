"""Precision rules of Syrian reporting, second set: a campaign by its effects, a statement's day.

Real reporting on Syria before 2021 and from 2025 on (the coalition's war on IS on the
Euphrates, Israel's strikes on the government's air bases, Turkey's operations in the north-east)
tells two more things in words the reader takes for one of our incidents:

- :func:`campaign_effect` -- a foreign state's strike told by what it did rather than by who
  struck: "violent explosions shook the eastern countryside, caused by a missile targeting of
  the airbase", "a witness heard explosions and saw columns of smoke on the border". In an
  article whose only named striker is a third state (Israel, Turkey, Russia, the government's
  forces) and that never brings the US or the coalition in, such a sentence tells that state's
  campaign, as rule foreign_campaign holds for a bare strike word.
- :func:`statement_day_region` -- the observatory's lead "strikes killed 28 in the eastern
  countryside of Deir ez-Zor, the Observatory said today" names only a region and borrows the
  day of the statement; the next sentence gives the strike's own day and town ("the strikes hit
  Hajin on Tuesday"). The lead is the same strike told first, not a second one on the day it was
  announced.

The reader asks :func:`campaign_effect` with rule foreign_campaign
(:meth:`.article_passes.ArticlePasses._stray_or_foreign`, which leaves every sentence naming a
facility of the gazetteer) and :func:`statement_day_region` among the region-wide summaries
(:meth:`.article_passes.ArticlePasses._drop_summaries`). :func:`campaign_effect` tests its bare
stems first (``str.find``), so most sentences cost three searches. The words are written as
normalised text (ta marbuta as ha, hamzated alifs bare, alif maqsura as ya).
:data:`SYRIA2_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

__all__ = ["SYRIA2_RULES", "campaign_effect", "statement_day_region"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
SYRIA2_RULES: tuple[str, ...] = ("campaign_effect", "statement_day_region")

#: The bare stems of an effect (normalised): infijar (explosion), dukhan (smoke), sarukhi
#: (of a missile, as in istihdaf sarukhi).
_EFFECT_STEMS = (
    "\u0627\u0646\u0641\u062c\u0627\u0631",
    "\u062f\u062e\u0627\u0646",
    "\u0635\u0627\u0631\u0648\u062e\u064a",
)

#: A strike told by its effect: the sound of explosions (dawi / aswat / sawt infijar), explosions
#: that shook (infijarat ... hazzat, up to two words between, or hazzat ... infijarat, up to
#: three), columns of smoke (a'midat al-dukhan), a missile targeting (istihdaf sarukhi).
_EFFECT = re.compile(
    "(?<!\\w)[\u0648\u0628]?(?:\u062f\u0648\u064a|\u0627\u0635\u0648\u0627\u062a|\u0635\u0648\u062a)"
    "\\s+(?:\u0627\u0644)?\u0627\u0646\u0641\u062c\u0627\u0631"
    "|\u0627\u0646\u0641\u062c\u0627\u0631(?:\u0627\u062a|\u064a\u0646|\u0627\u0646)?"
    "(?:\\s+\\S+){0,2}?\\s+[\u0648\u0641]?\u0647\u0632(?:\u062a)?(?!\\w)"
    "|(?<!\\w)[\u0648\u0641]?\u0647\u0632(?:\u062a)?(?:\\s+\\S+){0,3}?\\s+\u0627\u0646\u0641\u062c\u0627\u0631"
    "|(?<!\\w)[\u0648\u0628]?\u0627\u0639\u0645\u062f\u0647\\s+(?:\u0627\u0644)?\u062f\u062e\u0627\u0646"
    "|(?<!\\w)[\u0648\u0628\u0644]?(?:\u0627\u0644)?\u0627\u0633\u062a\u0647\u062f\u0627\u0641"
    "\\s+(?:\u0627\u0644)?\u0635\u0627\u0631\u0648\u062e\u064a"
)

#: A fall of projectiles (saqata, yasqut, tasqut, suqut, any form): a sentence that tells one
#: tells what fell where, and is left to the other rules.
_FALL = re.compile(
    "(?<!\\w)[\u0648\u0641]?[\u064a\u062a]?\u0633(?:\u0642\u0637|\u0642\u0648\u0637)"
)


def campaign_effect(text: str, start: int, end: int, foreign: bool) -> bool:
    """Whether a sentence tells a foreign state's strike by its effect, in its campaign's article.

    Rule campaign_effect: "violent explosions shook the eastern countryside of Homs, caused by
    a new missile targeting of the airbase", "a witness in the town said he heard explosions and
    saw columns of smoke rising on the border" -- the sound of explosions, explosions that shook
    a place, columns of smoke or a missile targeting (istihdaf sarukhi) with no fall of
    projectiles, in an article that names a third state's forces and never the US or the
    coalition (``foreign``: rule foreign_campaign's test of the article), tell that state's
    strike, not ours. The caller leaves every sentence that names a facility of the gazetteer
    ("explosions shook the al-Omar field" stays an attack there), and an article that brings
    the coalition in anywhere is not ``foreign``. "Two rockets fell near the town and
    explosions were heard" names the fall, and is left to the other rules.
    """
    if not foreign:
        return False  # the article first (asked once, by the caller)
    find = text.find
    if all(find(stem, start, end) == -1 for stem in _EFFECT_STEMS):
        return False  # no explosion, smoke or missile word: most sentences
    if _EFFECT.search(text, start, end) is None:
        return False
    return _FALL.search(text, start, end) is None


#: How many days before a statement's day the strike it announces may lie.
STATEMENT_REACH = timedelta(days=7)


def statement_day_region(
    region_day: tuple[date, date], own_date: bool, placed_days: Sequence[tuple[date, date]]
) -> bool:
    """Whether a region-only report dated by its statement is the strike a placed report dates.

    Rule statement_day_region: "warplanes of the coalition struck a meeting of IS's leaders in
    the eastern countryside of Deir ez-Zor, killing 28, the Observatory said today, Friday ...
    the strikes hit the town of Hajin on Tuesday" -- a report placed only at a region (a
    governorate or its countryside) and with no date of its own (``own_date`` false: it
    borrowed the article's or the statement's day, ``region_day``) is the same strike as a
    report the article places at a town or site inside that region (``placed_days``: the
    days of those reports) and dates to the week before that day: the lead announces, the
    body dates and places. It is dropped; the placed report stands. A region report with its
    own day ("yesterday, strikes in the countryside of Deir ez-Zor") or one whose placed
    reports lie on the same day (rule fold_region_report's case) or more than a week before is
    left as read.
    """
    if own_date:
        return False
    first = region_day[0]
    return any(
        first - STATEMENT_REACH <= p_first and p_last < first for p_first, p_last in placed_days
    )
