"""Precision rules for what real reporting still told wrongly: foreign missiles, "any drone".

Real pages on Iraq, Jordan and Syria (before 2021, from 2025) still held three habits of the
language the other rules miss:

- :func:`foreign_missiles` -- "Syrian air defences intercepted Israeli missiles fired at the T4
  airbase": a missile or shell qualified by a third state (Israeli, Turkish, Russian, Zionist)
  is that state's strike, as rule third_party_strike holds for its drones, jets and raids
  (whose list of striker nouns has no missile word).
- :func:`state_air_defence` -- "the Syrian air defences shot down two hostile missiles over
  Damascus airport", "our air defences repelled an aggression" (the army's statement): the
  Syrian state's air defences engage only strikes on the Syrian state, never an attack on a
  coalition base, whoever is named as striker.
- :func:`sequel_year` -- "on 3 January 2020 a US strike killed Soleimani ... days later, on
  8 January, Iran struck two bases": a day and month with no year, told as the sequel of the
  event dated before it ("after it by days", "after that"), lies in that event's year, not in
  the year before the article.
- :func:`before_that` -- "a drone struck Erbil airport last Saturday ... a few weeks before
  that, three drones targeted Baghdad airport": an event told as lying days, weeks or months
  before the one dated just before it, with no date of its own, does not share that day; it
  lies in the stretch the words give before it.
- :func:`any_weapon` -- "the coalition plans an air-defence system for the airport, pledging to
  shoot down any drone flying over it": a weapon named only after "any" (ayy) is a class, not
  a weapon that was used; a sentence whose every weapon word is such names no attack.

The reader asks :func:`sequel_year` and :func:`before_that` with rule paragraph_year
(:meth:`.article_passes.ArticlePasses._paragraph_years`), and the others through
:func:`not_ours` with the other "not ours" tests (:meth:`.article_passes.ArticlePasses._not_ours`),
for a sentence with an attack or weapon word.
Each tests its bare stems first (``str.find``), so most sentences cost a few searches. The words
are written as normalised text (ta marbuta as ha, hamzated alifs bare, ya-hamza as ya).
:data:`LEFTOVER_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from gazetteer.extract.precision_context import _ANY_YEAR, _RELATIVE
from gazetteer.extract.rule_words import alternation

__all__ = [
    "LEFTOVER_RULES",
    "any_weapon",
    "before_that",
    "foreign_missiles",
    "not_ours",
    "sequel_year",
    "state_air_defence",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
LEFTOVER_RULES: tuple[str, ...] = (
    "foreign_missiles",
    "state_air_defence",
    "any_weapon",
    "sequel_year",
    "before_that",
)

#: The bare stems of a missile or shell: sarukh (saruk-hayn, -an), sawarikh, qadhifa, qadha'if.
_MISSILE_STEMS = (
    "\u0635\u0627\u0631\u0648\u062e",
    "\u0635\u0648\u0627\u0631\u064a\u062e",
    "\u0642\u0630\u064a\u0641",
    "\u0642\u0630\u0627\u064a\u0641",
)

#: The bare stems of a third state's adjective: isra'ili, turki, rusi, sahyuni.
_STATE_STEMS = (
    "\u0627\u0633\u0631\u0627\u064a\u064a\u0644\u064a",
    "\u062a\u0631\u0643\u064a",
    "\u0631\u0648\u0633\u064a",
    "\u0635\u0647\u064a\u0648\u0646\u064a",
)

#: A missile or shell (with a clitic and the article), up to two words, then a third state's
#: adjective in any number and gender: Israeli (isra'ili), Turkish, Russian, Zionist.
_FOREIGN_MISSILE = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?"
    "(?:\u0635\u0627\u0631\u0648\u062e\\w*|\u0635\u0648\u0627\u0631\u064a\u062e"
    "|\u0642\u0630\u064a\u0641\\w*|\u0642\u0630\u0627\u064a\u0641)"
    "(?:\\s+\\S+){0,2}?\\s+(?:\u0627\u0644)?"
    "(?:\u0627\u0633\u0631\u0627\u064a\u064a\u0644\u064a\\w*"
    "|\u062a\u0631\u0643\u064a(?:\u0647|\u064a\u0646|\u0627\u0646|\u062a\u064a\u0646|\u062a\u0627\u0646)?"
    "|\u0631\u0648\u0633\u064a(?:\u0647|\u064a\u0646|\u0627\u0646|\u062a\u064a\u0646|\u062a\u0627\u0646)?"
    "|\u0635\u0647\u064a\u0648\u0646\u064a\\w*)(?!\\w)"
)

#: The bare stem of defence: difa' (difa'at, difa'una).
_DEFENCE_STEM = "\u062f\u0641\u0627\u0639"

#: The Syrian state's air defences: al-difa'at (al-jawwiya) al-suriya, al-difa' al-jawwi al-suri
#: (the singular only with "air": wizarat al-difa' al-suriya is the ministry), and the army's own
#: "our air defence" (difa'una al-jawwi).
_STATE_DEFENCE = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?\u062f\u0641\u0627\u0639\u0627\u062a"
    "\\s+(?:(?:\u0627\u0644)?\u062c\u0648\u064a\u0647\\s+)?(?:\u0627\u0644)?\u0633\u0648\u0631\u064a\u0647(?!\\w)"
    "|(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?\u062f\u0641\u0627\u0639\\s+(?:\u0627\u0644)?\u062c\u0648\u064a"
    "\\s+(?:\u0627\u0644)?\u0633\u0648\u0631\u064a(?!\\w)"
    "|(?<!\\w)[\u0648\u0641\u0628\u0644]?\u062f\u0641\u0627\u0639(?:\u0627\u062a)?\u0646\u0627"
    "\\s+(?:\u0627\u0644)?\u062c\u0648\u064a(?:\u0647)?(?!\\w)"
)

#: A base (qa'ida): a base named in the sentence keeps it for the other rules, as in
#: rule third_party_strike.
_BASE = re.compile("\u0642\u0627\u0639\u062f(?:\u0647|\u062a)")

#: The US or the coalition: the stems of rule_words kind coalition_stem (anywhere in a word),
#: as rules local_post and third_party_strike read them.
_US = re.compile(alternation("coalition_stem"))

#: A weapon word: an aircraft or drone (ta'ira, ta'irat, musayyara, musayyarat, drone), a missile
#: or shell, a Katyusha, a mortar, a device ('ubwa). Not the event nouns (a raid, shelling, an
#: attack): "not from any shelling" is a denial, rule negated_attack's, and "any attack" a
#: non-event of the lexicon.
_WEAPON = (
    "(?:\u0637\u0627\u064a\u0631(?:\u0647|\u0627\u062a|\u062a\u064a\u0646|\u062a\u0627\u0646)"
    "|\u0645\u0633\u064a\u0631(?:\u0647|\u0627\u062a|\u062a\u064a\u0646|\u062a\u0627\u0646)"
    "|\u062f\u0631\u0648\u0646|\u0635\u0627\u0631\u0648\u062e\\w*|\u0635\u0648\u0627\u0631\u064a\u062e"
    "|\u0642\u0630\u064a\u0641\\w*|\u0642\u0630\u0627\u064a\u0641|\u0643\u0627\u062a\u064a\u0648\u0634\u0627"
    "|\u0647\u0627\u0648\u0646|\u0639\u0628\u0648(?:\u0647|\u0627\u062a))"
)
#: A weapon or attack word a sentence may tell its own attack with: a weapon word, or a raid
#: (ghara), shelling or an attack (qasf, hujum, hajamat), targeting (istihdaf), firing (atlaq),
#: a fall (saqat), an explosion (infijar), in any form.
_OWN_ATTACK = re.compile(
    f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:{_WEAPON}(?!\\w)"
    "|\u063a\u0627\u0631(?:\u0647|\u0627\u062a)(?!\\w)|\u0642\u0635\u0641\\w*|\u0647\u062c\u0648\u0645\\w*"
    "|\u0647\u062c\u0645\u0627\u062a|\u0627\u0633\u062a\u0647\u062f\u0641\\w*|\u0627\u0637\u0644\u0642\\w*"
    "|\u0633\u0642\u0637\\w*|\u0627\u0646\u0641\u062c\u0631\\w*)"
)

#: "any" (ayy, with wa, bi or li) before a weapon word and its qualifying weapon word (ayy ta'ira
#: musayyara): the class of weapons, none used.
_ANY_WEAPON = re.compile(
    f"(?<!\\w)[\u0648\u0628\u0644]?\u0627\u064a\\s+{_WEAPON}(?:\\s+{_WEAPON})?(?!\\w)"
)


def foreign_missiles(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a third state's missiles or shells.

    Rule foreign_missiles: "the Syrian air defences intercepted Israeli missiles fired at the T4
    airbase in the province of Homs", "Turkish shells fell on a village near Tal Tamr" -- a
    missile or shell (saruk, sawarikh, qadhifa) with a third state's adjective (Israeli, Turkish,
    Russian, Zionist) at most two words after it is that state's strike, not ours, when the
    sentence names no base and brings neither the US nor the coalition in (as rule
    third_party_strike for drones, jets and raids). "Iranian missiles on Ain al-Asad base" names
    the base; "American missiles" bring the US in.
    """
    find = text.find
    if all(find(stem, start, end) == -1 for stem in _STATE_STEMS):
        return False  # no third state's adjective: most sentences
    if all(find(stem, start, end) == -1 for stem in _MISSILE_STEMS):
        return False  # no missile or shell
    if _FOREIGN_MISSILE.search(text, start, end) is None:
        return False
    return _BASE.search(text, start, end) is None and _US.search(text, start, end) is None


def state_air_defence(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells the Syrian state's air defences engaging a strike.

    Rule state_air_defence: "the Syrian air defences shot down a number of hostile missiles
    over the airport", "our air defences confronted an aggression and destroyed two missiles"
    -- the Syrian air defences (al-difa'at al-jawwiya al-suriya, al-difa'at al-suriya, the army's
    "our air defence") engage strikes on the Syrian state: the sentence tells none of ours, when
    it names no base and brings neither the US nor the coalition in. Another state's air
    defences (the Iraqi, the Jordanian) are left to the other rules: they also guard bases the
    atlas follows.
    """
    if text.find(_DEFENCE_STEM, start, end) == -1:
        return False  # no defence word: most sentences
    if _STATE_DEFENCE.search(text, start, end) is None:
        return False
    return _BASE.search(text, start, end) is None and _US.search(text, start, end) is None


def any_weapon(text: str, start: int, end: int) -> bool:
    """Whether every weapon a sentence names stands after "any": a class of weapons, none used.

    Rule any_weapon: "the coalition intends to set up a defence system for the airport, pledging
    to shoot down any drone that flies over the building", "the ministry said no missile fell
    on the town, and that any rocket would be answered" -- a weapon word right after "any"
    (ayy, bi-ayy, li-ayy), with its qualifying weapon word (any drone aircraft), names no weapon
    that was used. A sentence whose every weapon and attack word is such reports no attack. A
    sentence that also names a weapon on its own ("a rocket fell near the base without hitting
    any aircraft") or an attack in words (a raid, shelling, targeting, a fall, an explosion:
    "the base was targeted last night, and the coalition vowed to down any drone") is left as
    read.
    """
    if text.find("\u0627\u064a ", start, end) == -1:
        return False  # no "any" (its bare letters and a space): most sentences
    governed = [m.span() for m in _ANY_WEAPON.finditer(text, start, end)]
    if not governed:
        return False
    return all(
        any(a <= m.start() and m.end() <= b for a, b in governed)
        for m in _OWN_ATTACK.finditer(text, start, end)
    )


def not_ours(text: str, start: int, end: int, fires: Callable[[str], bool], scoped: bool) -> bool:
    """Whether one of this module's rules (those ``fires`` lets run) finds a sentence not ours.

    ``scoped``: the sentence holds a word of the rules of scope (a third state among them, found
    in the reader's one pass): :func:`foreign_missiles` is asked only then, or when the sentence
    holds the Israeli stem, whose dual and plural (isra'iliyyayn, isra'iliyyin: two Israeli
    missiles) that pass does not find.
    """
    foreign = scoped or text.find(_STATE_STEMS[0], start, end) != -1
    return (
        (foreign and fires("foreign_missiles") and foreign_missiles(text, start, end))
        or (fires("state_air_defence") and state_air_defence(text, start, end))
        or (fires("any_weapon") and any_weapon(text, start, end))
    )


#: The bare stems of a sequel: ba'd (after), lahiqan (later), ithra / 'aqiba (right after).
_SEQUEL_STEMS = (
    "\u0628\u0639\u062f",
    "\u0644\u0627\u062d\u0642\u0627",
    "\u0627\u062b\u0631",
    "\u0639\u0642\u0628",
)

#: A connector of sequence: ba'daha (after it), ba'd dhalik / ayyam / asabi' / yawmayn / usbu'
#: (after that, days, weeks, two days, a week), lahiqan (later), ithra / 'aqiba dhalik.
_SEQUEL = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0628\u0639\u062f\u0647\u0627"
    "|\u0628\u0639\u062f\\s+(?:\u0630\u0644\u0643|\u0627\u064a\u0627\u0645"
    "|\u0627\u0633\u0627\u0628\u064a\u0639|\u064a\u0648\u0645(?:\u064a\u0646)?"
    "|\u0627\u0633\u0628\u0648\u0639(?:\u064a\u0646)?)"
    "|\u0644\u0627\u062d\u0642\u0627|(?:\u0627\u062b\u0631|\u0639\u0642\u0628)\\s+\u0630\u0644\u0643)(?!\\w)"
)

#: How long after the event told before it a sequel may lie.
SEQUEL_REACH = timedelta(days=92)


def sequel_year(before: str, cue: str, day: date, previous: date | None) -> int | None:
    """The year a day with no year takes from the event its sentence tells it as the sequel of.

    Rule sequel_year: "on 3 January 2020 two Hellfire missiles struck Soleimani's convoy near
    Baghdad airport ... days later, on 8 January, Iran fired missiles at two bases, one of them
    Ain al-Asad" (an anniversary piece of January 2022) -- a day and month with no year (``day``:
    as read, the last such day before the article) in a sentence that tells it as a sequel
    (``before``: the sentence up to the date, holding "after it", "after that", "days later")
    of the event dated just before (``previous``: that event's last day) lies after that event
    and within three months of it: it takes the year that puts it there. A day already within
    that reach, one with no earlier event, and a sentence with no connector of sequence ("on 8
    January, the ministry said") keep their reading. Only the caller's day with no year of its
    own (``cue``: the date's words) is moved: one with a year, or tied to the article's time
    (last, this, a weekday, yesterday: rule paragraph_year's test), keeps its reading.
    """
    if previous is None or previous <= day <= previous + SEQUEL_REACH:
        return None
    if _ANY_YEAR.search(cue) or _RELATIVE.search(cue):
        return None
    if all(before.find(stem) == -1 for stem in _SEQUEL_STEMS):
        return None  # no connector of sequence: most dates
    if _SEQUEL.search(before) is None:
        return None
    for year in (previous.year, previous.year + 1):
        try:
            moved = day.replace(year=year)
        except ValueError:  # the 29th of February
            return None
        if previous <= moved <= previous + SEQUEL_REACH:
            return year
    return None


#: The bare stem of "before" (qabl).
_BEFORE_STEM = "\u0642\u0628\u0644"

#: "Before that by" (qabl dhalik / qabl hadha / qablaha, then bi-) and a stretch of time: a day,
#: two days, days, a week, two weeks, weeks, a month, two months, months (normalised).
_BEFORE_THAT = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0642\u0628\u0644\\s+(?:\u0630\u0644\u0643|\u0647\u0630\u0627)"
    "|\u0642\u0628\u0644\u0647\u0627)\\s+\u0628(?P<unit>\\w+)"
)

#: The stretch before the event dated just before, by the unit's word: (farthest, nearest) days.
_STRETCH: dict[str, tuple[int, int]] = {
    "\u064a\u0648\u0645": (1, 1),  # yawm: a day
    "\u064a\u0648\u0645\u064a\u0646": (2, 2),  # yawmayn: two days
    "\u0627\u064a\u0627\u0645": (10, 2),  # ayyam: days
    "\u0627\u0633\u0628\u0648\u0639": (10, 5),  # usbu': a week
    "\u0627\u0633\u0628\u0648\u0639\u064a\u0646": (17, 11),  # usbu'ayn: two weeks
    "\u0627\u0633\u0627\u0628\u064a\u0639": (63, 14),  # asabi': weeks
    "\u0634\u0647\u0631": (40, 20),  # shahr: a month
    "\u0634\u0647\u0631\u064a\u0646": (70, 50),  # shahrayn: two months
    "\u0627\u0634\u0647\u0631": (200, 60),  # ashhur: months
}


def before_that(sentence: str, borrowed: date) -> tuple[date, date] | None:
    """The days an event told as lying a stretch before the one dated before it may lie on.

    Rule before_that: "a drone attack struck Erbil airport last Saturday ... and a few weeks
    before that, three drones targeted Baghdad airport" -- a sentence with no date of its own
    that tells its event as lying a stretch before the event dated just before ("before that by
    days, weeks, a month": qabl dhalik bi-, qablaha bi-) borrows that event's day (``borrowed``)
    but does not share it: the event lies in the stretch before it (weeks: from nine weeks to
    two weeks before). A sentence whose "before" is not so followed ("before the attack",
    "before that, the minister said") keeps its reading, and so does one with a date of its
    own (the caller asks only a borrowed day).
    """
    if sentence.find(_BEFORE_STEM) == -1:
        return None  # no "before": most sentences
    m = _BEFORE_THAT.search(sentence)
    if m is None or m.group("unit") not in _STRETCH:
        return None
    far, near = _STRETCH[m.group("unit")]
    return borrowed - timedelta(days=far), borrowed - timedelta(days=near)
