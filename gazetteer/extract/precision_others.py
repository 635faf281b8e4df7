"""Precision rules for other parties' strikes and raids in Syria and on Jordan's border.

Syrian reporting from 2025 on is full of force used by parties that are neither the US nor the
coalition, and Jordan's reporting of its northern border is full of drones and smugglers. Three
habits of that language still made incidents the other rules let through:

- :func:`security_raid` -- "units of the internal security, with the intelligence service,
  carried out a security operation in Daraya that targeted a hideout of the organisation": a
  state's security operation (amaliyya / hamla amniyya), a raid (mudahama) or the dismantling
  of a cell (tafkik khaliyya) is a police action against IS cells or gangs, not an attack on or
  by the coalition -- when the sentence names no projectile (a rocket, a drone, a shell), no
  base, and neither the coalition nor the US (a joint raid with the coalition stays).
- :func:`smuggling_strike` -- "at least seven air strikes hit depots and farms thought to belong
  to smuggling networks": force aimed at smuggling or the drug trade (tahrib, muharrib,
  mukhaddirat, captagon, crystal) is a border state's war on smugglers (Jordan's, in the south
  of Syria and on its own border), none of ours, when the sentence names no base and neither
  the coalition nor the US.
- :func:`side_weapon` -- "a drone belonging to the Syrian army struck an SDF position near the
  town", "SDF drones hit a military police checkpoint": an aircraft, drone, shell or battery
  owned by one of Syria's own sides (tabi'a li-, or in construct: musayyarat qsd, tayaran
  al-jaysh al-suri; the sides of lexicon local_sides.csv) names the striker; the strike is that
  side's war, none of ours, when the sentence names no base and neither the coalition nor the US.
  Rule local_sides reads a side as the agent of a verb; this reads it as the owner of the weapon.

The reader asks the three through :func:`not_ours` with the other "not ours" tests
(:meth:`.article_passes.ArticlePasses._not_ours`). The reader's one pass finds each rule's bare
stems (:func:`raid_words`, :func:`smuggling_words`, :func:`owned_words`), and a rule is asked
only of a sentence that holds them. The words are
written as normalised text (ta marbuta as ha, hamzated alifs bare, alif maqsura as ya).
:data:`OTHERS_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache

from gazetteer.extract.precision_leftovers import _BASE, _US, _WEAPON
from gazetteer.extract.precision_parties import _side_forms, host_air_strike
from gazetteer.extract.spans import Contained

__all__ = [
    "OTHERS_RULES",
    "not_ours",
    "owned_words",
    "raid_words",
    "security_raid",
    "side_weapon",
    "smuggling_strike",
    "smuggling_words",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
OTHERS_RULES: tuple[str, ...] = ("security_raid", "smuggling_strike", "side_weapon")

#: The bare stems of a raid (normalised): amniyya (of security), mudahama(t) (a raid), tafkik
#: (dismantling).
_RAID_STEMS = (
    "\u0627\u0645\u0646\u064a\u0647",
    "\u0645\u062f\u0627\u0647\u0645",
    "\u062a\u0641\u0643\u064a\u0643",
)

#: A security operation or campaign ('amaliyya, 'amaliyyat, hamla, hamalat + amniyya), a raid
#: (mudahama, mudahamat), the dismantling of a cell (tafkik khaliyya, khalaya).
_RAID = re.compile(
    "(?:\u0639\u0645\u0644\u064a(?:\u0647|\u0627\u062a)|\u062d\u0645\u0644(?:\u0647|\u0627\u062a))"
    "\\s+\u0627\u0645\u0646\u064a\u0647(?!\\w)"
    "|(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?\u0645\u062f\u0627\u0647\u0645(?:\u0647|\u0627\u062a)(?!\\w)"
    "|(?<!\\w)[\u0648\u0641\u0628]?\u062a\u0641\u0643\u064a\u0643\\s+(?:\u0627\u0644)?\u062e\u0644(?:\u064a\u0647|\u0627\u064a\u0627)"
)

#: A projectile or an aircraft (rule any_weapon's weapon words): a raid that names one may be
#: told beside a real attack ("rockets fell on the airport, and the forces began a security
#: operation"), and is left to the other rules.
_PROJECTILE = re.compile(_WEAPON)

#: Smuggling and the drug trade (normalised stems, anywhere in a word): tahrib, muharrib(in),
#: mukhaddir(at), captagon (two spellings), crystal (two spellings).
_SMUGGLING = re.compile(
    "\u062a\u0647\u0631\u064a\u0628|\u0645\u0647\u0631\u0628|\u0645\u062e\u062f\u0631"
    "|\u0643\u0628\u062a\u0627[\u063a\u062c]\u0648\u0646|\u0643\u0631\u064a?\u0633\u062a\u0627\u0644"
)

#: The bare stems of a weapon a side may own (normalised): ta'ir(a, at), musayyar(a, at),
#: tayaran, madfa'iyya, rajimat (rocket launchers), qadha'if.
_OWNED_STEMS = (
    "\u0637\u0627\u064a\u0631",
    "\u0645\u0633\u064a\u0631",
    "\u0637\u064a\u0631\u0627\u0646",
    "\u0645\u062f\u0641\u0639\u064a",
    "\u0631\u0627\u062c\u0645",
    "\u0642\u0630\u0627\u064a\u0641",
)

#: The literal words of :data:`_SMUGGLING` (its two spellings written out).
_SMUGGLING_WORDS = (
    "\u062a\u0647\u0631\u064a\u0628",
    "\u0645\u0647\u0631\u0628",
    "\u0645\u062e\u062f\u0631",
    "\u0643\u0628\u062a\u0627\u063a\u0648\u0646",
    "\u0643\u0628\u062a\u0627\u062c\u0648\u0646",
    "\u0643\u0631\u064a\u0633\u062a\u0627\u0644",
    "\u0643\u0631\u0633\u062a\u0627\u0644",
)


def raid_words() -> tuple[str, ...]:
    """The bare words of :func:`security_raid`: every match of its pattern holds one."""
    return _RAID_STEMS


def smuggling_words() -> tuple[str, ...]:
    """The bare words of :func:`smuggling_strike`: every match of its pattern holds one."""
    return _SMUGGLING_WORDS


def owned_words() -> tuple[str, ...]:
    """The bare words of :func:`side_weapon`: a weapon's stem, in every match of its pattern.

    Every match also holds a side's stem (rule local_sides' bare words, kind ``local_sides``).
    """
    return _OWNED_STEMS


@cache
def _owned() -> re.Pattern[str]:
    """A weapon, then (up to two qualifiers, tabi'a) a side of lexicon local_sides.csv.

    The weapon: ta'ira, ta'irat, musayyara, musayyarat, tayaran, madfa'iyya, rajimat, qadha'if,
    with a clitic and the article or not. Its qualifiers: musayyara, harbiyya, intihariyya,
    mufakhkhakha (the drone, the warplane, the suicide drone). Then tabi'(a, at) li- or
    construct: ta'ira musayyara tabi'a lil-jaysh al-suri, musayyarat qsd.
    """
    weapon = (
        "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?"
        "(?:\u0637\u0627\u064a\u0631(?:\u0647|\u0627\u062a)|\u0645\u0633\u064a\u0631(?:\u0647|\u0627\u062a)"
        "|\u0637\u064a\u0631\u0627\u0646|\u0645\u062f\u0641\u0639\u064a\u0647"
        "|\u0631\u0627\u062c\u0645\u0627\u062a|\u0642\u0630\u0627\u064a\u0641)"
    )
    qualifier = (
        "(?:\\s+(?:\u0627\u0644)?(?:\u0645\u0633\u064a\u0631(?:\u0647|\u0627\u062a)"
        "|\u062d\u0631\u0628\u064a(?:\u0647)?|\u0627\u0646\u062a\u062d\u0627\u0631\u064a(?:\u0647)?"
        "|\u0645\u0641\u062e\u062e(?:\u0647|\u062e\u0647)))"
    )
    side = f'[("]?(?:{_side_forms()})[)"]?(?!\\w)'
    return re.compile(f"{weapon}{qualifier}{{0,2}}\\s+(?:\u062a\u0627\u0628\u0639\\S*\\s+)?{side}")


def _ours(text: str, start: int, end: int) -> bool:
    """Whether the sentence names a base or brings the coalition or the US in."""
    return _BASE.search(text, start, end) is not None or _US.search(text, start, end) is not None


def security_raid(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a state's security operation against a cell, none of ours.

    Rule security_raid: "the internal security units carried out a security operation in the
    town that targeted a hideout of the organisation and arrested five", "the ministry announced
    the dismantling of a cell in the countryside of Damascus" -- a security operation or
    campaign (amaliyya / hamla amniyya), a raid (mudahama) or the dismantling of a cell (tafkik
    khaliyya) tells the police work of a state against IS cells or gangs: its verbs (targeted,
    neutralised) are not an attack on or by the coalition. With a projectile or aircraft named
    (a raid told beside rockets that fell), a base, or the coalition or the US (a joint raid)
    in the sentence it is left to the other rules.
    """
    if _RAID.search(text, start, end) is None:
        return False
    return _PROJECTILE.search(text, start, end) is None and not _ours(text, start, end)


def smuggling_strike(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells force aimed at smugglers or the drug trade, none of ours.

    Rule smuggling_strike: "at least seven air strikes hit depots and farms thought to belong to
    smuggling networks", "warplanes thought to be Jordanian struck the house of a drug trader in
    the village" -- a strike, a downing or a clash whose object is smuggling or the drug trade
    (tahrib, muharrib, mukhaddirat, captagon, crystal) is a border state's war on smugglers,
    not an attack on or by the coalition, when the sentence names no base and neither the
    coalition nor the US ("a US strike killed an IS leader who ran smuggling routes" stays).
    A raid the sentence calls Jordanian is rule host_air_strike's (:mod:`.precision_parties`).
    """
    if _SMUGGLING.search(text, start, end) is None:
        return False
    # a raid the sentence calls Jordanian is rule host_air_strike's (asked even when that rule
    # is off, so that each rule's table proves its own cases)
    return not _ours(text, start, end) and not host_air_strike(text, start, end)


def side_weapon(text: str, start: int, end: int) -> bool:
    """Whether a sentence's striker is a weapon owned by one of Syria's own sides.

    Rule side_weapon: "a drone belonging to the Syrian army struck an SDF position near the
    town, wounding two", "SDF drones hit a military police checkpoint", "the artillery of the
    government's forces shelled the village" -- an aircraft, drone, battery or shells owned by a
    side of lexicon local_sides.csv (tabi'a li-, or in construct) is that side's strike in
    Syria's own war, none of ours, when the sentence names no base and neither the coalition
    nor the US ("a drone of the SDF fell near the coalition's base" stays with the other rules).
    """
    if _owned().search(text, start, end) is None:
        return False
    return not _ours(text, start, end)


def not_ours(
    text: str, start: int, end: int, fires: Callable[[str], bool], words: Mapping[str, Contained]
) -> bool:
    """Whether rule security_raid, smuggling_strike or side_weapon (if on) sets a sentence aside.

    ``words``: the one pass's index of the rules' bare words (:data:`.rule_index.BARE_WORDS`,
    kinds security_raid, smuggling_strike, side_weapon and local_sides): a rule is asked only of
    a sentence that holds its words, so most sentences cost three look-ups and no search.
    """
    return (
        (
            fires("security_raid")
            and words["security_raid"].any_within(start, end)
            and security_raid(text, start, end)
        )
        or (
            fires("smuggling_strike")
            and words["smuggling_strike"].any_within(start, end)
            and smuggling_strike(text, start, end)
        )
        or (
            fires("side_weapon")
            and words["side_weapon"].any_within(start, end)
            and words["local_sides"].any_within(start, end)
            and side_weapon(text, start, end)
        )
    )
