"""Precision rules about a weapon on its way to a base: where it flew is what it attacked.

Interception reports ("the air defences downed a drone that was heading for the base") name
the base only as where the drone or missile was going. Words that elsewhere mark a journey or
a deployment (heading for, flying, arrival) then describe the weapon's approach, and the base
is the target. Rules of :mod:`gazetteer.extract.precision` (re-exported there, where the list
of every rule and its number is kept):

- :func:`weapon_heading` -- a drone or missile "heading for" a place was aimed at it (the
  place is no mere destination, as a convoy's is);
- :func:`flight_towards` -- a drone "flying towards" a base approaches it: no overflight;
- :func:`before_arrival` -- "before it reached" (قبل وصوله) tells an interception, not an
  arrival of troops.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.text.normalize import normalise

__all__ = ["before_arrival", "flight_towards", "weapon_approach", "weapon_heading"]

#: Weapons that fly to a target and may be downed on the way.
_FLYING = frozenset({"drone", "missile", "rocket"})
#: How many words may stand between the weapon and its word of heading (مفخخة كانت).
_HEADING_GAP = 3
_CLAUSE_MARK = re.compile("[,\u060c.;:!?\n]")


@cache
def _describing() -> frozenset[str]:
    """Words between a noun and a verb that describes it: كان، كانت، التي (normalised)."""
    words = {"\u0643\u0627\u0646", "\u0643\u0627\u0646\u062a", "\u0643\u0627\u0646\u062a\u0627"}
    return frozenset({normalise(w) for w in words} | set(rule_words("relative")))


def weapon_heading(text: str, heading_start: int, weapons: list[Any]) -> bool:
    """Whether a word of heading describes a flying weapon named just before it.

    Rule weapon_heading: "the air defences shot down at dawn an explosive drone that was
    heading for the air base" -- what was heading is the drone, so the base it was heading
    for is its target (rule heading_destination, which makes the place a mere destination,
    is meant for a convoy or a patrol hit on its way). ``weapons`` are the sentence's weapon
    matches before the word of heading; the last one must be a drone, missile or rocket at
    most three words before it (an adjective such as مفخخة, كانت, التي), in the same clause;
    an adjective annexed to a definite noun (أحادية الاتجاه "one-way", بعيدة المدى "long-range")
    counts as one word.
    """
    # an adjective of the weapon (مفخخة) qualifies the noun before it
    before = [
        w for w in weapons if w.end <= heading_start and w.payloads[0].role != "adjective"
    ]
    if not before:
        return False
    last = before[-1]
    if getattr(last.payloads[0], "weapon", "") not in _FLYING:
        return False
    gap = text[last.end : heading_start]
    if _CLAUSE_MARK.search(gap):
        return False
    units = 0
    previous = ""
    for w in gap.split():
        definite = w.startswith("\u0627\u0644") and w not in _describing()
        if definite:
            # an adjective's own definite noun, one unit with it: أحادية الاتجاه، بعيدة المدى
            if not previous or previous.startswith("\u0627\u0644") or previous in _describing():
                return False
            previous = w
            continue
        units += 1
        previous = w
    return units <= _HEADING_GAP


@cache
def _towards_after() -> re.Pattern[str]:
    return re.compile(f"\\s+(?:{alternation('towards')})\\s")


def flight_towards(text: str, overflight_end: int) -> bool:
    """Whether a word of flying goes on "towards" a place: an approach, not an overflight.

    Rule flight_towards: "the C-RAM downed a drone that was flying towards the base" -- تحلق
    followed by باتجاه / نحو tells where the drone was going, not aircraft circling or
    watching; the drone is no reconnaissance drone, and an air defence that downs it
    intercepts an attack.
    """
    return _towards_after().match(text, overflight_end) is not None


#: قبل (before), with an optional و / ف, as the word right before the arrival noun.
_BEFORE = re.compile("(?<!\\w)[\u0648\u0641]?\u0642\u0628\u0644\\s+$")


def before_arrival(text: str, context_start: int) -> bool:
    """Whether a word of arrival is governed by "before": what never arrived.

    Rule before_arrival: "two drones tried to strike the base last night, and the air force
    intercepted them before they reached their target" -- وصول after قبل tells how far the
    drones got, not an arrival of reinforcements, so it makes no deployment of the sentence.
    """
    return _BEFORE.search(text, max(0, context_start - 8), context_start) is not None


def weapon_approach(weapons: list[Any], qualifiers: list[Any]) -> list[tuple[int, bool]]:
    """The words of approach whose subject is a flying weapon: they govern what comes after.

    Rule weapon_approach: army statements tell the drones' path, then where they were going,
    "two drones entered the airspace from the north-east and were heading for the air base":
    the approach (تتجه، تقترب، باتجاه) is the drones', so it governs the base after it as the
    target, whatever airspace or deployment word stands between (rule governed_by_non_event
    reads the last governing word before a place). Not an approach with no drone, missile or
    rocket before it in the sentence (a convoy heading for the base, reinforcements
    approaching it). Given the sentence's weapons and qualifiers, returns (start, True) of each
    such word, as the reader's governing words are listed.
    """
    flying = [w.end for w in weapons if getattr(w.payloads[0], "weapon", "") in _FLYING]
    return [
        (q.start, True)
        for q in qualifiers
        if "approach" in q.payloads and any(end <= q.start for end in flying)
    ]
