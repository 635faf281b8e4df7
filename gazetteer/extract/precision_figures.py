"""Precision rules about an incident's figures: who a partitive is, what a count counts.

Rules listed in :data:`.precision_mechanisms.MECHANISM_RULES`, each with its case table in
``tests/data/incidents/rules/<name>.json``: partitive_projectile (:func:`partitive_projectile`:
"one of them hit a building" is a projectile, no one hurt), drone_payload
(:func:`drone_payload`: the munition a drone drops is its load, no second projectile) and
ordinal_next (:func:`ordinal_next`: "a second drone" adds one to the count) and quoted_head
(:func:`quoted_head`: a casualty word in quotation marks still heads its figure) and
bystander_none (:func:`bystander_none`: "none of them was hurt", said of people present at a
strike, is no toll of the strike) and route_noun (:func:`route_noun`: "to continue its
journey", مسيره, is no drone). Each prefers no
figure to a wrong one (ACLED's conservative figures).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gazetteer.extract.grammar.casualties import CasualtyReading

__all__ = [
    "CLAUSE_END",
    "FIGURE_RULES",
    "bystander_none",
    "drone_payload",
    "of_them",
    "ordinal_next",
    "partitive_projectile",
    "quoted_head",
]

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES`.
FIGURE_RULES: tuple[str, ...] = (
    "partitive_projectile",
    "drone_payload",
    "ordinal_next",
    "quoted_head",
    "bystander_none",
    "route_noun",
)

#: "one of them" with the pronoun of a plural of things (ها): احدها، احداها (normalised).
_OF_THINGS = frozenset({"\u0627\u062d\u062f\u0647\u0627", "\u0627\u062d\u062f\u0627\u0647\u0627"})
#: "one of the two" (هما): احدهما، احداهما -- things or persons, the verb's role decides.
_OF_TWO = frozenset(
    {"\u0627\u062d\u062f\u0647\u0645\u0627", "\u0627\u062d\u062f\u0627\u0647\u0645\u0627"}
)
#: The active verb "hit" (أصاب، أصابت, normalised: no hamza) ending a head word.
_ACTIVE_HIT = re.compile("\u0635\u0627\u0628\u062a?$")
#: What follows a partitive that is the verb's object, a person hurt: ب (بجروح، بشظايا), or the
#: clause ends (وأصابت أحدهما.).
_OBJECT_AFTER = re.compile("\\s*(?:$|[,;:.!?\u060c\u061b\n]|\u0628)")


def partitive_projectile(piece: str, head: str, start: int, end: int) -> bool:
    """Whether the partitive ``piece[start:end]`` after a casualty head is a projectile.

    Rule partitive_projectile (casualties): "three rockets fell, one of them (أحدها) hit a
    unit's headquarters" -- the active verb أصاب "hit" read as "wounded" with "one of them" as
    its figure. The pronoun ها of أحدها / إحداها is that of a plural of things (people are
    أحدهم): never a person hurt. After the active verb, أحدهما "one of the two" followed by
    a noun is its subject, the projectile ("two rockets fell, one of the two hit the kitchen");
    followed by ب or the clause's end it is the object, a person ("the shell hit one of the
    two with shrapnel"). ``head`` is the head word's phrase (أصاب، إصابة ...).
    """
    word = piece[start:end]
    if word in _OF_THINGS:
        return True
    if word not in _OF_TWO or not _ACTIVE_HIT.search(head):
        return False
    return _OBJECT_AFTER.match(piece, end) is None


#: Verbs of dropping (ألقى، ألقت، يلقي، تلقي، إلقاء, normalised), a و or ف perhaps glued on.
_DROP_VERB = re.compile(
    "(?:^|\\s)[\u0648\u0641]?(?:\u0627\u0644\u0642(?:\u062a|\u064a|\u0627\u0621)"
    "|[\u064a\u062a]\u0644\u0642\u064a)\\s*$"
)
#: The letters every verb of dropping holds (لق), looked for before the pattern.
_DROP_STEM = "\u0644\u0642"
#: The platforms that drop; a munition after the verb is their load, they are its subject.
_PLATFORMS = frozenset({"drone", "airstrike"})


def drone_payload(text: str, start: int, weapon: str) -> bool:
    """Whether the weapon noun at ``start`` is the load an aircraft drops, not a projectile.

    Rule drone_payload (counts): "a small drone launched by IS dropped (ألقت) a charge over the
    base's yard" -- the charge is what the drone carried; it adds no second projectile to the
    count (count = projectiles and drones). A weapon noun right after a verb of dropping is
    that load; a drone or aircraft right after it is the verb's subject ("a drone dropped a
    bomb", ألقت طائرة مسيرة قنبلة) and still counts. ``weapon`` is the noun's category.
    """
    if weapon in _PLATFORMS or text.find(_DROP_STEM, max(0, start - 12), start) < 0:
        return False
    return _DROP_VERB.search(text, max(0, start - 12), start) is not None


#: "second" after an indefinite noun (normalised): ثان، ثاني، ثانية، ثانيا (accusative).
_SECOND = "(?:\u062b\u0627\u0646(?:\u064a\u0647|\u064a\u0627|\u064a)?)"
#: The stem every form of "second" starts with (ثان), looked for before any pattern.
_SECOND_STEM = "\u062b\u0627\u0646"
#: "a first" (أولى، أول, normalised) right after a weapon noun: the first of a told series.
_FIRST = re.compile("\\s+\u0627\u0648\u0644\u064a?(?!\\w)")
#: A "second" standing alone, the series' noun left out: ... قبل أن تنفجر ثانية (not الثانية).
_BARE_SECOND = re.compile("(?<!\\w)" + _SECOND + "(?!\\w)")
#: The aircraft noun a second drone may be told by: طائرة (normalised طايره), with its case.
_AIRCRAFT = "\u0637\u0627\u064a\u0631\u0647"
_SENTENCE_END = re.compile("[.!?\n]")
#: How far into its sentence a second one may be told after the first.
_SERIES_REACH = 160


def ordinal_next(text: str, end: int, phrase: str) -> tuple[int, int] | None:
    """Where a sentence of an indefinite weapon noun ending at ``end`` tells a second one.

    Rule ordinal_next (counts): "a drone targeted the airstrip, and air defences intercepted a
    second aircraft (طائرة ثانية) before it arrived" -- the second is one more than the first,
    told in the same sentence: two. So for a series told by its first: "the defences downed a
    first drone (مسيرة أولى) before a second (ثانية) exploded near a guard post" -- two.
    Asked of the first noun (``phrase``, without the article; the caller checks), so a
    "second" that is the rank of a series counted across sentences or sites ("a third drone
    was intercepted near the airport", "a third rocket that had not been launched") and "the
    third drone" picked out of a set add nothing; nor does "a second time" (مرة ثانية). The
    caller also leaves a second told at a place of its own ("then a second strike on a depot
    near Albukamal"): another incident's.

    Returns
    -------
    tuple of int, or None
        The count (two) and the end of the "second", where its own clause goes on.
    """
    if text.find(_SECOND_STEM, end, end + _SERIES_REACH + 8) < 0:
        return None  # no "second" near: the common case, asked before any pattern
    first = _FIRST.match(text, end)
    start = first.end() if first else end
    stop = _SENTENCE_END.search(text, start, start + _SERIES_REACH)
    stretch_end = stop.start() if stop else start + _SERIES_REACH
    noun = "(?:" + re.escape(phrase) + "|" + _AIRCRAFT + ")"
    told = re.compile("(?<!\\w)" + noun + "\\w{0,2}\\s+" + _SECOND + "(?!\\w)").search(
        text, start, stretch_end
    )
    if told is None and first is not None:
        told = _BARE_SECOND.search(text, start, stretch_end)
    return (2, told.end()) if told is not None else None


#: What ends the clause of a second one: a comma or a sentence's end.
CLAUSE_END = re.compile("[,;:.!?\u060c\u061b\n]")


#: Quotation marks (those normalising leaves, and the typographic ones).
_QUOTES = frozenset("\"'\u00ab\u00bb\u201c\u201d")


def quoted_head(piece: str, start: int, end: int) -> int:
    """Where a casualty head word at ``piece[start:end]`` ends, past its closing quote.

    Rule quoted_head (casualties): "state media spoke of the "martyrdom" of 6 people in
    Albukamal" -- the press puts a side's own word in quotation marks (عن "استشهاد" 6
    أشخاص، «مقتل» 3 جنود); the figure after the closing mark is still the head's. Read past
    the mark only when one opens right before the word: a quotation that closes after a head
    it began elsewhere ("... a raid led to the killing" 3 days ago) ends a clause.
    """
    if start > 0 and end < len(piece) and piece[start - 1] in _QUOTES and piece[end] in _QUOTES:
        return end + 1
    return end


#: "of them / among them" right after a negated casualty word (normalised): منهم، منهن، بينهم،
#: بينهن، في صفوفهم -- the people the sentence has just named.
_OF_THEM = re.compile(
    "\\s+(?:\u0645\u0646|\u0628\u064a\u0646|\u0641\u064a\\s+\u0635\u0641\u0648\u0641)"
    "\u0647[\u0645\u0646](?!\\w)"
)


def of_them(piece: str, end: int) -> bool:
    """Whether "of them" (منهم، بينهم) follows a negated casualty word ending at ``end``."""
    return _OF_THEM.match(piece, end) is not None


def bystander_none(reading: CasualtyReading, weapons: list[str]) -> CasualtyReading:
    """An air strike's casualty reading without a none told only of people present.

    Rule bystander_none (casualties): "three women and three children were at the site, and
    none of them (أحد منهم) was hurt" -- the none is told of the people present, a party, and
    says nothing of whom the strike was aimed at; a strike's report that gives no toll of its
    targets has no figure, not killed 0. Only for an air strike (the attacker's statement
    speaks of bystanders); an attack on a base whose statement says "no one among our
    personnel was hurt" is told of the attacked, and keeps its none. A reading with a figure
    is left as it is.
    """
    if reading.status != "none" or not reading.party or "airstrike" not in weapons:
        return reading
    return replace(reading, killed=None, injured=None, status="unknown")


#: The pronoun "its" (ه) a raw word ends with where the drone's noun ends with ة.
_PRONOUN_END = "\u0647"
#: Verbs of going on (أكمل، يكمل، ليكمل، واصل، يواصل، تابع، يتابع), normalised, as the word
#: before or the one before it (its subject between: ليكمل الرتل مسيره): a journey is what one
#: goes on with.
_GO_ON = re.compile(
    "(?:^|\\s)[\u0648\u0641\u0644]?(?:[\u064a\u062a]?\u0643\u0645\u0644|\u0627\u0643\u0645\u0644"
    "|[\u064a\u062a]?\u0648\u0627\u0635\u0644|\u0648\u0627\u0635\u0644|[\u064a\u062a]?\u062a\u0627\u0628\u0639)"
    "[\u062a\u0648\u0627]?\\s+(?:\\w+\\s+)?$"
)


def route_noun(text: str, start: int, raw_last: str) -> bool:
    """Whether the drone noun at ``text[start:]`` is the noun "its journey" (مسيره).

    Rule route_noun (weapons): "the blast caused no damage, and the convoy went on to continue
    its journey (ليكمل مسيره) to its destination" -- normalising writes the drone's مسيرة and
    the journey's مسيره (with the pronoun "its") alike. In the raw text the one ends with ة,
    the other with ه; after a verb of going on (أكمل، واصل، تابع) the ه is the pronoun: a
    journey, no drone. ``raw_last`` is the raw text's last letter of the word; a drone spelled
    with ه elsewhere ("طائره مسيره", careless typing) is still a drone.
    """
    if raw_last != _PRONOUN_END or _AIRCRAFT in text[max(0, start - 7) : start + 6]:
        return False  # طائره مسيره: an aircraft, careless typing
    return _GO_ON.search(text, max(0, start - 30), start) is not None
