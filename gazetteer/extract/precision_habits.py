"""Precision rules of habits of reporting: trend sentences, locating adjectives, court verdicts.

Real Iraqi reporting (precision19: 41 pages of 2012-2026 never studied before) made false
incidents through three habits of the language and the genre, none of them one author's:

* a **trend sentence** closes many reports: "in the past few months the targeting of the Green
  Zone ... with rocket fire and roadside bombs has risen", "for more than a month the factions
  have carried out near-daily attacks on US interests". A period of weeks or months (or a rate:
  near-daily, continually) frames attack words that are all nouns -- no finite verb of attack
  and no day -- so the sentence tells attacks at large, not one (:func:`trend_frame`). "The last
  of them" (آخرها) singles one out and keeps the sentence;
* a **locating adjective**: a definite facility is placed by another place with a definite
  adjective -- "the camp lying north of the capital Baghdad", "the occupation's base adjacent to
  Erbil airport", after the article named the camp or the base. The place after the adjective
  only locates the facility the sentence speaks of; it was not attacked
  (:func:`locating_modifier`). A base "in" (الواقعة في) a place keeps that place: there it is;
* a **court verdict**: "the court sentenced to death a convict who bombed a procession in 2022",
  "three men sentenced to death for a suicide bombing last November". The attack is the crime
  judged, not news of the day; and in an article led by a verdict, "the bombing" of a later
  sentence is that crime (:func:`verdict_crime`);
* a **date of another event**: "Harir airport, used as a coalition base, but evacuated on
  20-10-2023; the attack today set its fuel depot on fire". A date tied (بتاريخ، في، يوم) to a
  verbal noun of an event that is no attack -- evacuation, withdrawal, handover, opening --
  in a clause with no attack word dates that event (:func:`other_event_date`).

:data:`HABIT_RULES` lists them for :data:`.precision.RULES` (through
:mod:`.precision_mechanisms`); the reader asks :func:`trend_frame` and :func:`verdict_crime` in
:meth:`.attacks.AttackReader.is_attack` and :func:`locating_modifier` where a place's role is
read (:mod:`.targets`), :func:`other_event_date` where the finder lists the article's dates
(:mod:`.finding`). The words are data: ``lexicon/rule_words.csv``, kinds ``trend_period``,
``trend_rate``, ``single_out``, ``locating_adjective``, ``verdict_word``, ``event_noun`` and
``date_link``.
"""

from __future__ import annotations

import re
from functools import cache

from gazetteer.extract.rule_words import alternation, rule_words

__all__ = [
    "HABIT_RULES",
    "event_word_set",
    "event_words",
    "locating_modifier",
    "locating_words",
    "other_event_date",
    "period_words",
    "rate_words",
    "trend_frame",
    "verdict_crime",
    "verdict_words",
]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
HABIT_RULES: tuple[str, ...] = (
    "trend_frame",
    "locating_modifier",
    "verdict_crime",
    "other_event_date",
)

#: Bare bearings after a locating adjective (shamal, janub, sharq, gharb and their -i forms).
_BEARING = (
    "(?:\u0634\u0645\u0627\u0644|\u062c\u0646\u0648\u0628"  # shamal janub
    "|\u0634\u0631\u0642|\u063a\u0631\u0628)(?:\u064a|\u0627)?"  # sharq gharb, -i -an
)
#: A facility noun, with or without the article: base, camp, airport, embassy, headquarters.
_FACILITY = (
    "(?:\u0627\u0644)?"  # al-
    "(?:\u0642\u0627\u0639\u062f\u0647|\u0645\u0639\u0633\u0643\u0631"  # qaeda muaskar
    "|\u0645\u0637\u0627\u0631|\u0633\u0641\u0627\u0631\u0647"  # matar safara
    "|\u0645\u0642\u0631|\u062b\u0643\u0646\u0647)"  # maqarr thakana
)
#: The definite article (al-).
_ARTICLE = "\u0627\u0644"
#: A clause ends at these (the normaliser turns the Arabic comma into a Latin one).
_CLAUSE_END = re.compile("[,;:.!?\n]")
#: How far back a locating adjective and its facility are looked for (characters).
_REACH = 80


def period_words() -> tuple[str, ...]:
    """The bare words of :func:`trend_frame`'s periods (found once per article, rule_index)."""
    return rule_words("trend_period")


def rate_words() -> tuple[str, ...]:
    """The bare words of :func:`trend_frame`'s rates."""
    return rule_words("trend_rate")


def locating_words() -> tuple[str, ...]:
    """The bare words of :func:`locating_modifier`: one adjective of place in every match."""
    return rule_words("locating_adjective")


def event_words() -> tuple[str, ...]:
    """The bare words of :func:`other_event_date`: one event noun in every match."""
    return rule_words("event_noun")


@cache
def event_word_set() -> frozenset[str]:
    """:func:`event_words` as a set, to pick them out of the finder's raw hits."""
    return frozenset(event_words())


def verdict_words() -> tuple[str, ...]:
    """The bare words of :func:`verdict_crime`: one word of a verdict in every match."""
    return rule_words("verdict_word")


@cache
def _single_out() -> re.Pattern[str]:
    return re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('single_out')})(?!\\w)")


def trend_frame(
    text: str, span: tuple[int, int], strong_verb: bool, day_dated: bool, plural: bool,
    frame: str,
) -> bool:
    """Whether a sentence tells attacks at large over weeks or months: a trend, no incident.

    Rule trend_frame: "in the past months the targeting of the Green Zone and of convoys
    with rocket fire and roadside bombs rose", "for more than a month the factions have
    carried out near-daily attacks on US interests". A period of weeks or months (في الأشهر
    الماضية، منذ أكثر من شهر، في الآونة الأخيرة) or a rate (شبه يومية، بشكل مستمر) in the
    sentence (``frame``: "period", "rate" or "", the caller's, from the words found once per
    article), no strong finite verb of attack (``strong_verb``) and no day (``day_dated``):
    its attack words are nouns of attacks at large. A sentence that singles one out (آخرها،
    أحدثها، في أول هجوم، هو الثالث من نوعه) keeps them. A rate alone may qualify something
    else ("the road the patrols use near-daily", after "the bombing"): it needs a plural
    attack noun (``plural``: هجمات، عمليات قصف).
    """
    if not frame or strong_verb or day_dated or (frame == "rate" and not plural):
        return False
    return _single_out().search(text, *span) is None


@cache
def _locating() -> re.Pattern[str]:
    """A definite facility, a locating adjective and what may stand before the place."""
    adjective = alternation("locating_adjective")
    tail = f"(?:{_BEARING}(?:\\s+\\S+){{0,2}}|\u0644?|\u0645\u0646(?:\\s+\\S+)?)"
    return re.compile(
        f"(?<!\\w)[\u0648\u0641\u0628\u0644]?({_FACILITY})"
        f"((?:\\s+\\S+){{0,3}}?)\\s+(?:{adjective})\\s+{tail}\\s*$"
    )


def locating_modifier(text: str, place_start: int, sentence_start: int, antecedent: bool) -> bool:
    """Whether a place follows a locating adjective of a facility: it locates, nothing more.

    Rule locating_modifier: "dozens of rockets hit the camp lying north of the capital
    Baghdad" (المعسكر الواقع شمال العاصمة بغداد), "two drones on the occupation's base
    adjacent to Erbil airport" (قاعدة الاحتلال المجاورة لمطار أربيل). A facility noun
    (base, camp, airport, embassy), at most three words, a definite adjective of place
    (الواقع، المجاورة، القريبة) and a bearing, ل or من right before the place, in one
    clause: the place is the facility's reference point. A base "in" a place (الواقعة في
    مطار أربيل) is there, and keeps it. The facility must be definite (المعسكر، قاعدة
    الاحتلال) with an antecedent: the article named another facility before
    (``antecedent``, the caller's). A base under a name the gazetteer lacks (قاعدة فكتوري
    الملاصقة لمطار بغداد), or one the article never named, has no place but the one that
    locates it, and keeps it.
    """
    window = text[max(sentence_start, place_start - _REACH) : place_start]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    m = _locating().search(window)
    if m is None:
        return False
    words = m.group(2).split()
    # المعسكر الواقع، قاعدة الاحتلال المجاورة: definite by the article or by a definite genitive
    definite = m.group(1).startswith(_ARTICLE) or (bool(words) and words[0].startswith(_ARTICLE))
    return antecedent and definite


@cache
def _verdict() -> re.Pattern[str]:
    return re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('verdict_word')})(?!\\w)")


def verdict_crime(
    text: str, start: int, first_attack: int, definite_only: bool, dated_crime: bool
) -> bool:
    """Whether the attack a sentence tells is the crime of a court's verdict, not news.

    Rule verdict_crime: "the court sentenced to death a convict who bombed a procession in
    2022", "a court sentenced three men to death for a suicide bombing last November". A word
    of a verdict (بالإعدام، بالسجن، مدان، أدانتهم) before the sentence's first attack word
    (``first_attack``) makes the attack the crime judged. In an article that told a verdict
    before, a sentence whose attack words are all definite (``definite_only``: "the bombing
    killed several") speaks of that crime too. A verdict told after an attack of the day
    (an attack, then "the court had sentenced ...") keeps the attack, and so does a crime told
    with its own day after the attack word (``dated_crime``: "the convicts confessed to firing
    two rockets at the airport at dawn on 12/7/2022"): a dated back-reference.
    """
    if dated_crime:
        return False
    if _verdict().search(text, start, first_attack) is not None:
        return True
    return definite_only and _verdict().search(text, 0, start) is not None


@cache
def _event_link() -> re.Pattern[str]:
    """An event noun, at most three words, a date link if any, then the end (the date)."""
    return re.compile(
        f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:{alternation('event_noun')})"
        f"(?:\\s+\\S+){{0,3}}?(?:\\s+(?:{alternation('date_link')}))?\\s*$"
    )


def other_event_date(text: str, date_start: int, attack_starts: list[int]) -> bool:
    """Whether a date is tied to an event that is no attack: it dates that event.

    Rule other_event_date: "the airport, once a coalition base but evacuated on 20-10-2023,
    was hit today" (تم إخلاؤه بتاريخ 20-10-2023), "after the withdrawal of the forces on 3
    September the base was shelled". A verbal noun of evacuation, withdrawal, handover,
    opening, founding or signing (rule words ``event_noun``), at most three words, and a word
    that ties a date to it (بتاريخ، في، يوم) if any right before the date (a date that opens
    with يوم holds it: تسليمها للجيش يوم الأحد), in one clause holding no
    attack word before the date (``attack_starts``: where the article's attack words start):
    the date is that event's, never an attack's. "A convoy was hit during its withdrawal on
    Sunday" holds its attack word in the clause, and keeps the day.
    """
    window = text[max(0, date_start - 60) : date_start]
    ends = list(_CLAUSE_END.finditer(window))
    clause_start = date_start - len(window) + (ends[-1].end() if ends else 0)
    if _event_link().search(text, clause_start, date_start) is None:
        return False
    return not any(clause_start <= a < date_start for a in attack_starts)
