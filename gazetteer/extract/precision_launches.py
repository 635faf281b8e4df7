"""Precision rules of launching: where fire left from, fire that never left, fire as a habit.

Kurdish and Iraqi security statements tell a rocket attack with its launch point ("the rockets
were launched from on board a pickup within the limits of the town of Bartella"; "the area
they were launched from lies within the administrative bounds of Mosul"), with what was found
afterwards ("four Katyusha rockets that had not yet been launched towards the airport were
found"), and commentators name who attacks by what they habitually do ("the same groups that
attack the US embassy"). The words of attack are all there; the grammar says no attack struck
the place named. The rules read that grammar:

- :func:`atop_from` (rule ``launch_atop``): in "launched from on board / from on top of"
  (min 'ala matn, min 'ala zahr, min 'ala sath), the 'ala right after min is part of "from",
  not a word that turns the launch phrase to where the fire went; the town after it is the
  launch point (:func:`.precision_statements.launched_from` asks it).
- :func:`resumptive_origin` (rule ``launch_resumptive``): a launch word with "from it"
  (utliqat minha, intalaqat minhu) is a relative clause about the launch area, and a town
  named after it in its clause (no sentence mark, no word that turns to a target, no attack
  word between) locates that area (:func:`.precision_statements.launched_from` asks it).
- :func:`habitual_relative` (rule ``habitual_relative``): an imperfect attack verb right after
  a relative pronoun (allati tuhajim, alladhina yastahdifun) describes who someone is, not
  what they did; a sentence whose every attack word is such a verb tells no event. A perfect
  (allati istahdafat) or a past progressive (allati kanat tastahdif) is an event and stays.
- :func:`unlaunched_weapon` (rule ``unlaunched_weapon``): weapons that "had not launched"
  (lam tantaliq, lam tutlaq, lam yatimm itlaquha) were found, not fired; a sentence whose
  only attack words are that negated launch tells no attack.

The last two are asked with attack_series in :meth:`.article_passes.ArticlePasses._not_ours`
(:func:`series_or_undone`). The words are written as normalised text (hamzated alifs bare, ta
marbuta as ha, alif maqsura as ya). :data:`LAUNCH_RULES` lists the rules for
:data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gazetteer.extract import precision_frames as frames
from gazetteer.extract.precision_iraq import attack_series

__all__ = [
    "LAUNCH_RULES",
    "atop_from",
    "habitual_relative",
    "resumptive_origin",
    "series_or_undone",
    "unlaunched_weapon",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
LAUNCH_RULES: tuple[str, ...] = (
    "launch_atop",
    "launch_resumptive",
    "habitual_relative",
    "unlaunched_weapon",
)

#: 'ala right after min, with matn / zahr / sath (board, back, roof) or not: part of "from".
_ATOP = re.compile(
    "^\\s*\u0639\u0644\u064a(?:\\s+(?:\u0645\u062a\u0646|\u0638\u0647\u0631|\u0633\u0637\u062d))?(?!\\w)"
)


def atop_from(gap: str) -> str:
    """The launch phrase after min with a leading "on (board of)" taken out (rule launch_atop).

    Rule launch_atop: "the rockets were launched from on board a pickup within the limits of
    the town of Bartella" (utliqat min 'ala matn ...): 'ala right after
    min makes "from on top of", so it does not turn the phrase to a target the way "launched
    from the town towards ('ala) the airport" does. ``gap`` is the text between min and the
    place; what is returned is asked for a target word instead. "Launched from the desert at
    ('ala) the base" keeps its 'ala: a word stands between min and it.
    """
    m = _ATOP.match(gap)
    return gap if m is None else gap[m.end() :]


#: The rest of a launch word (its stem matched) then "from it" (minha, minhu, minhuma, minhum).
_FROM_IT = re.compile(
    "\\w*\\s+\u0645\u0646(?:\u0647\u0627|\u0647|\u0647\u0645\u0627|\u0647\u0645)(?!\\w)"
)
#: How far before a place its "launched from it" may stand (the subject and a locating phrase).
_RESUMPTIVE_REACH = 80
_STOP = re.compile("[.;!?\n\u061b\u061f]")


def resumptive_origin(
    text: str,
    sentence_start: int,
    place_start: int,
    launch: re.Pattern[str],
    towards: re.Pattern[str],
    found: Any,
) -> bool:
    """Whether a place locates the area "the rockets were launched from" (launch_resumptive).

    Rule launch_resumptive: "the area from which the rockets were launched lies within the
    administrative bounds of the city of Mosul" (... allati utliqat minha al-sawarikh
    ...): a launch word (``launch``) followed by "from it" names the
    launch area, and a town after it in the same clause is where that area lies, not a place
    struck. A sentence mark, a word that turns to where the fire went (``towards``: 'ala,
    bi-ittijah, nahwa) or an attack word (``found``'s triggers) between ends the clause: "the
    valley from which they were launched at ('ala) the airport" leaves the airport read.
    """
    lo = max(sentence_start, place_start - _RESUMPTIVE_REACH)
    window = text[lo:place_start]
    if "\u0645\u0646\u0647" not in window:
        return False  # no "from it" (minh-): most places
    for m in reversed(list(launch.finditer(window))):
        it = _FROM_IT.match(window, m.end())
        if it is None:
            continue
        gap = window[it.end() :]
        if _STOP.search(gap) or towards.search(gap):
            return False
        if found.within("triggers", lo + it.end(), place_start):
            return False
        return not _struck_antecedent(text, sentence_start, lo + m.start(), towards, found)
    return False


#: A relative pronoun at the end of a text (the launch word follows it), and the up to three
#: words before it: the noun the relative clause describes and what governs that noun.
_ANTECEDENT = re.compile(
    "((?:\\S+\\s+){0,2}\\S+)\\s+(?:\u0627\u0644\u062a\u064a|\u0627\u0644\u0630\u064a"
    "|\u0627\u0644\u0630\u064a\u0646)\\s*$"
)


def _struck_antecedent(
    text: str, sentence_start: int, launch_start: int, towards: re.Pattern[str], found: Any
) -> bool:
    """Whether the launch area is itself the target: "struck the site it was fired from".

    "the coalition answered with a drone strike on the site from which the shells were fired,
    on the edge of the town" (bi-gharatin 'ala al-mawqi' alladhi utliqat minhu): a word that
    turns to a target ('ala, bi-ittijah) or an attack word right before the noun of the
    relative clause makes the launch area the place struck, and the town locates that target.
    """
    m = _ANTECEDENT.search(text, max(sentence_start, launch_start - 60), launch_start)
    if m is None:
        return False
    return bool(towards.search(m.group(1)) or found.within("triggers", m.start(1), m.end(1)))


#: A relative pronoun (normalised: allati, alladhi, alladhina and the duals) then an
#: imperfect attack verb (ta- / ya- + hajam, stahdaf, qasaf, tlaq, shann, darab), with a plural
#: ending and an object pronoun or not.
_HABITUAL = re.compile(
    "(?<!\\w)(?:\u0627\u0644\u062a\u064a|\u0627\u0644\u0630\u064a|\u0627\u0644\u0630\u064a\u0646"
    "|\u0627\u0644\u0644\u0630[\u064a\u0627]\u0646|\u0627\u0644\u0644\u062a[\u064a\u0627]\u0646)\\s+"
    "([\u062a\u064a](?:\u0647\u0627\u062c\u0645|\u0633\u062a\u0647\u062f\u0641|\u0642\u0635\u0641"
    "|\u0637\u0644\u0642|\u0634\u0646|\u0636\u0631\u0628)"
    "(?:\u0648\u0646|\u0627\u0646)?(?:\u0647\u0627|\u0647\u0645|\u0647)?)(?!\\w)"
)
#: The bare relative stems (aldh-, allati, allat-): the quick test before the pattern.
_RELATIVE_STEMS = ("\u0627\u0644\u0630", "\u0627\u0644\u062a\u064a", "\u0627\u0644\u0644\u062a")


def _only_within(triggers: list[Any], spans: list[tuple[int, int]]) -> bool:
    """Whether every attack word lies inside one of ``spans`` (and there is one span)."""
    return bool(spans) and all(any(a <= m.start and m.end <= b for a, b in spans) for m in triggers)


def habitual_relative(text: str, start: int, end: int, triggers: list[Any]) -> bool:
    """Whether a sentence's attack words are all habits in relative clauses (habitual_relative).

    Rule habitual_relative: "this escalation comes from the same groups that attack the US
    embassy" (... allati tuhajim al-safara), "the factions that target the
    bases with drones": an imperfect attack verb right after a relative pronoun describes who
    the groups are, not an attack, and a sentence whose every attack word (``triggers``) is
    such a verb tells no event. "The drone that targeted the base" (allati istahdafat, a
    perfect), "the drone that was targeting the base" (allati kanat tastahdif) and a headline's
    present ("Iraqi factions target Ain al-Asad", no relative) stay as read, and so does a
    sentence with another attack word ("rockets fell on the base the factions attack").
    """
    if all(text.find(w, start, end) == -1 for w in _RELATIVE_STEMS):
        return False  # no relative pronoun: most sentences
    spans = [m.span(1) for m in _HABITUAL.finditer(text, start, end)]
    return _only_within(triggers, spans)


#: "did not (yet) launch" (normalised): lam + (t/y)(n)tlq, or lam yatimm itlaq-, with an object
#: pronoun or a plural ending.
_UNLAUNCHED = re.compile(
    "(?<!\\w)\u0644\u0645\\s+(?:[\u062a\u064a]\u0646?\u0637\u0644\u0642(?:\u0648\u0627|\u0627|\u0646)?"
    "|[\u064a\u062a]\u062a\u0645\\s+\u0627\u0637\u0644\u0627\u0642(?:\u0647\u0627|\u0647)?)(?!\\w)"
)
_LAM = "\u0644\u0645 "
#: tl: every word of launching holds it (utliqat, itlaq; the second quick test).
_TL = "\u0637\u0644"


def unlaunched_weapon(text: str, start: int, end: int, triggers: list[Any]) -> bool:
    """Whether a sentence's only launch is one that never happened (rule unlaunched_weapon).

    Rule unlaunched_weapon: "the security forces announced they found four Katyusha rockets
    that had not yet been launched towards the airport" (lam tantaliq ba'd), "two
    rockets were found on a launcher that had not been fired" (lam yatimm itlaquha): the weapons
    were found, not fired, and a sentence whose attack words (``triggers``) all lie in that
    negated launch tells no attack, a target named or not. A sentence with an attack word of
    its own ("three rockets fell on the airport and a fourth did not launch") stays, and so
    does "the rockets did not explode" (lam tanfajir: a dud of an attack that happened).
    """
    if text.find(_LAM, start, end) == -1 or text.find(_TL, start, end) == -1:
        return False  # no lam, or no launch (tl): most sentences
    spans = [m.span() for m in _UNLAUNCHED.finditer(text, start, end)]
    return bool(spans) and all(any(a <= m.start and m.end <= b for a, b in spans) for m in triggers)


#: The bare words of the three sentence rules below in one pattern (one scan of a sentence):
#: lam, a relative pronoun's stem, a habit word.
_GATE = re.compile("|".join(re.escape(w) for w in (_LAM, *_RELATIVE_STEMS, *frames.HABIT_STEMS)))


def series_or_undone(
    text: str, start: int, end: int, found: Any, fires: Callable[[str], bool]
) -> bool:
    """Rules attack_series, habitual_relative, unlaunched_weapon and habitual_adverb, those on.

    The bare words come first, in one scan (a relative pronoun's stem, lam, a habit word of
    :data:`.precision_frames.HABIT_STEMS`): most sentences have none,
    and only then the rules' switches and the sentence's attack words are asked.
    """
    if fires("attack_series") and attack_series(text, start, end):
        return True
    if _GATE.search(text, start, end) is None:
        return False  # no lam, relative pronoun or habit word: most sentences
    find = text.find
    lam = find(_LAM, start, end) != -1
    habit = any(find(w, start, end) != -1 for w in frames.HABIT_STEMS)
    triggers = found.within("triggers", start, end)
    return (
        (fires("habitual_relative") and habitual_relative(text, start, end, triggers))
        or (lam and fires("unlaunched_weapon") and unlaunched_weapon(text, start, end, triggers))
        or (
            habit
            and fires("habitual_adverb")
            and frames.habitual_adverb(text, start, end, triggers)
        )
    )
