"""Precision rules of scope: attacks the news reports that are not the ones the atlas follows.

The atlas follows attacks on US and coalition bases and the US strikes that answer them. A
roundup often tells other violence in the same breath: IS cells hitting a local force's
checkpoint, a Turkish drone striking a car of the SDF, a drone of the SDF on a Turkish base.
Such a sentence reports none of our
incidents, and its casualties are not the base's. Each rule here is asked per sentence by the
reader, after ``unrelated_incident`` (which catches the outlet saying so in words); the words
are data in ``lexicon/rule_words.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from gazetteer.extract.rule_words import alternation
from gazetteer.extract.spans import Overlaps

__all__ = [
    "SCOPE_RULES",
    "backed_by",
    "civilian_target",
    "local_post",
    "third_party_base",
    "third_party_strike",
    "unlisted_field",
]

_CLITIC = "(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?"  # و ف, then ب ل
_ART = "(?:\u0627\u0644)?"  # ال
#: قاعده: a base named in the sentence keeps it ours, whoever struck.
_BASE = re.compile("\u0642\u0627\u0639\u062f(?:\u0647|\u062a)")
#: A facility that may be ours: base, airport, field, plant, embassy, camp (normalised stems).
_FACILITY = re.compile(
    "\u0642\u0627\u0639\u062f|\u0645\u0637\u0627\u0631|\u062d\u0642\u0644|\u0645\u0639\u0645\u0644"
    "|\u0633\u0641\u0627\u0631|\u0645\u0639\u0633\u0643\u0631"
)


#: A device that goes off under a vehicle: عبوة، عبوات، ناسفة، لغم، ألغام (normalised stems).
_DEVICE = re.compile(
    "\u0639\u0628\u0648(?:\u0647|\u0627\u062a)|\u0646\u0627\u0633\u0641|(?<!\\w)\u0644\u063a\u0645|\u0627\u0644\u063a\u0627\u0645"
)


@cache
def _cores() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The bare words of posts, third states and civilian places: a fast first test.

    An alternation of words the engine scans for by their first letters, unlike the full
    patterns, which open with a look-behind and are tried at every position.
    """
    kinds = (("post_noun", "vehicle_noun"), ("third_party",), ("civilian_place",))
    return tuple(  # type: ignore[return-value]
        re.compile("|".join(alternation(k) for k in group)) for group in kinds
    )


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The post, attacker, coalition and third-party patterns (built on first use)."""
    post = re.compile(
        f"{_CLITIC}{_ART}(?:{alternation('post_noun')}|(?P<vehicle>{alternation('vehicle_noun')}))"
        "(?:\\s+\\S+){0,2}?\\s+"
        f"(?:\u062a\u0627\u0628\u0639\\S*\\s+)?(?:{alternation('local_owner')})(?!\\w)"  # تابع(ه)
    )
    attacker = re.compile(f"{_CLITIC}{_ART}(?:{alternation('local_attacker')})(?!\\w)")
    coalition = re.compile(alternation("coalition_stem"))
    third = re.compile(
        f"{_CLITIC}{_ART}(?:{alternation('striker_noun')})(?:\\s+\\S+){{0,2}}?\\s+"
        f"[\u0644\u0628]?{_ART}(?:{alternation('third_party')})(?!\\w)"  # ل ب: لقوات النظام
    )
    return post, attacker, coalition, third


def local_post(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells an attack on a local force's post by IS cells or gunmen.

    Rule local_post: "gunmen thought to belong to IS cells attacked an SDF checkpoint near the
    town at dawn, killing two" -- a checkpoint or post (حاجز، نقطة تفتيش) of a local force
    (لقسد، للجيش) attacked by IS, its cells or gunmen is not an attack on the coalition, when
    the sentence brings neither the coalition nor the US in (a joint patrol, US advisers at the
    post, a US strike on an army post stay ours). A local force's vehicle (عربة هامفي تابعة
    للجيش، آلية لقسد) is its post when IS or gunmen fire at it; a device under one (عبوة،
    لغم: often near a base, and told as an attack there) stays as it was read.
    """
    if _cores()[0].search(text, start, end) is None:
        return False
    post, attacker, coalition, _ = _patterns()
    posts = [m for m in post.finditer(text, start, end) if not m.group("vehicle")]
    if not posts and _DEVICE.search(text, start, end) is None:
        posts = list(post.finditer(text, start, end))  # a vehicle fired at, no device under it
    return (
        bool(posts)
        and attacker.search(text, start, end) is not None
        and coalition.search(text, start, end) is None
    )


def third_party_strike(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a strike by a third state: Turkish, Israeli, Russian, Syrian.

    Rule third_party_strike: "a Turkish drone struck a car of the SDF near Qamishli in the
    afternoon, wounding two" -- a strike, its weapon or the force behind it qualified as
    Turkish, Israeli or Russian (مسيرة تركية، غارات إسرائيلية، الطيران الروسي) is neither an
    attack on a coalition base nor a US strike, when the sentence names no base and brings
    neither the coalition nor the US in. The Syrian government's forces are such a party
    (قصف مدفعي لقوات النظام على بلدة: the shelling of a town in the war, told in a diary).
    A US word in a clause that denies its part (نفى مسؤول أمريكي أي علاقة لبلاده بها) does
    not bring the US in.
    """
    if _cores()[1].search(text, start, end) is None:
        return False
    _, _, coalition, third = _patterns()
    us = coalition.finditer(text, start, end)
    return (
        third.search(text, start, end) is not None
        and all(_denies_part(text, m.start(), start, end) or backed_by(text, m.start()) for m in us)
        and _BASE.search(text, start, end) is None
    )


def backed_by(text: str, at: int) -> bool:
    """Whether the name at ``at`` names a side's patron: no party to the event.

    Rule patron_phrase (:mod:`.precision_parties`): "a car of the SDF, backed by Washington"
    (المدعومة من واشنطن) brings the US in neither as target nor as attacker; nor does it make a
    third state's strike (third_party_strike) one of ours. The patron's phrase is read as rule
    patron_support reads it (:func:`.precision_referents.names_patron`: المدعومة من، بدعم من،
    التي تدعمها).
    """
    fires, names_patron = _late_rules()
    return fires("patron_phrase") and names_patron(text, max(0, at - 90), at)


@cache
def _late_rules() -> tuple[Callable[[str], bool], Callable[[str, int, int], bool]]:
    """precision.fires and precision_referents.names_patron, imported once, late.

    Each of those modules imports this one; the two import statements in :func:`backed_by`
    cost some 5 us a call (it is asked of every US name of nearly every article).
    """
    from gazetteer.extract.precision import fires  # (the registry imports this module)
    from gazetteer.extract.precision_referents import names_patron  # (it imports this module)

    return fires, names_patron


#: A clause mark (the Arabic comma too): the bounds of the clause a denial of a part holds.
_CLAUSE_MARK = re.compile("[,;:\u060c]")
#: "denied any tie / part / responsibility" (نفى ... أي علاقة، نفت ... مسؤوليتها), normalised: a
#: verb of denial, then within the clause a noun of tie, part or responsibility.
_DENIED_PART = re.compile(
    # a verb of denial: نفى، نفت، ينفي، تنفي (rule_words kind deny_verb)
    f"(?<!\\w)[\u0648\u0641]?(?:{alternation('deny_verb')})(?!\\w)"
    "[^,;:\u060c]{0,60}?"
    # علاقه، صله، مسوولي(ه)، دور
    "(?:\u0639\u0644\u0627\u0642\u0647|\u0635\u0644\u0647|\u0645\u0633\u0648\u0648\u0644\u064a"
    "|\u062f\u0648\u0631)"
)


def _denies_part(text: str, at: int, start: int, end: int) -> bool:
    """Whether the US or coalition word at ``at`` stands in a clause that denies its part.

    Part of rule third_party_strike: "local sources blamed Israeli jets, and a US official
    denied any part of his country in it" brings the US in only to say it took no part.
    """
    a = max([start, *(m.end() for m in _CLAUSE_MARK.finditer(text, start, at))])
    b = next((m.start() for m in _CLAUSE_MARK.finditer(text, at, end)), end)
    return _DENIED_PART.search(text, a, b) is not None


@cache
def _civilian() -> re.Pattern[str]:
    return re.compile(f"{_CLITIC}{_ART}(?:{alternation('civilian_place')})(?!\\w)")


@cache
def _aerial() -> re.Pattern[str]:
    return re.compile(alternation("aerial"))


def civilian_target(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells an attack on a shop, a home or a civilian's car, none of ours.

    Rule civilian_target: "a sound bomb went off last night outside a liquor store in an
    eastern district of the capital, damaging the shop and two cars" -- what was hit is a
    civilian place, and the sentence names no facility that may be ours (base, airport,
    field, plant, embassy, camp) and brings neither the coalition nor the US in. A rocket that
    fell on a house near a base stays an attack on the base, and a drone or an air strike on a
    home or a car (often a targeted strike, ours or a third state's) is left to the other rules.
    """
    if _cores()[2].search(text, start, end) is None:
        return False
    _, _, coalition, _ = _patterns()
    return (
        _civilian().search(text, start, end) is not None
        and _FACILITY.search(text, start, end) is None
        and _aerial().search(text, start, end) is None
        and coalition.search(text, start, end) is None
    )


@cache
def _third_party_base() -> re.Pattern[str]:
    """A base or camp noun, up to two words, then a third state's adjective (قاعدة تركية)."""
    return re.compile(
        f"{_CLITIC}{_ART}(?:\u0642\u0627\u0639\u062f\u0647|\u0645\u0639\u0633\u0643\u0631)"
        f"(?:\\s+\\S+){{0,2}}?\\s+{_ART}(?:{alternation('third_party')})(?!\\w)"
    )


def third_party_base(text: str, start: int, end: int) -> bool:
    """Whether every base a sentence names belongs to a third state: Turkish, Russian, Israeli.

    Rule third_party_base: "the ministry said a drone launched by the SDF hit a Turkish base
    near the border town two days ago, causing no injuries" -- a base or camp qualified as a
    third state's (قاعدة تركية، معسكر للقوات التركية) is no coalition facility, whoever struck
    it; the sentence reports none of our incidents when every base noun in it is so
    qualified and it brings neither the coalition nor the US in.
    """
    if _cores()[1].search(text, start, end) is None:
        return False
    qualified = [m.span() for m in _third_party_base().finditer(text, start, end)]
    if not qualified:
        return False
    _, _, coalition, _ = _patterns()
    if coalition.search(text, start, end) is not None:
        return False
    bases = _BASE.finditer(text, start, end)
    return all(any(a <= m.start() < b for a, b in qualified) for m in bases)


#: حقل (field) in construct with the name after it: حقل X، في حقل X، لحقل X (normalised; not الحقل).
_FIELD_NOUN = re.compile(f"{_CLITIC}\u062d\u0642\u0644\\s+(?=\\w)")


def unlisted_field(text: str, start: int, end: int, facilities: list[tuple[int, int]]) -> bool:
    """Whether a sentence names an oil or gas field the gazetteer does not list as a site.

    Rule unlisted_field: "a drone hit a gas field in a district of Sulaymaniyah province last
    night, the latest of a series of attacks on the region's energy sites" -- the fields that
    host or hosted coalition forces are sites of their own in the gazetteer (kind oil_field
    or gas_field); a field whose name is no such site (حقل + a name the gazetteer lacks, or a
    town's) is an energy site of a company or a government, none of ours, and the town or
    province that locates it in the sentence was not attacked either -- unless the sentence
    brings the coalition or the US in. ``facilities`` are the spans of the sentence's listed
    facilities (a field whose noun or name falls in one is listed: قاعدة حقل العمر); the reader
    asks this only of an attack placed at no facility.
    """
    listed = Overlaps(facilities)  # a position inside a facility's span: hits(x, x + 1)
    if not any(
        not (listed.hits(m.start(), m.start() + 1) or listed.hits(m.end(), m.end() + 1))
        for m in _FIELD_NOUN.finditer(text, start, end)
    ):
        return False
    _, _, coalition, _ = _patterns()
    return coalition.search(text, start, end) is None


#: The rules of scope with their names, in the order the reader asks them (:func:`.out_of_scope`).
SCOPE_RULES: tuple[tuple[str, Callable[[str, int, int], bool]], ...] = (
    ("local_post", local_post),
    ("third_party_strike", third_party_strike),
    ("civilian_target", civilian_target),
    ("third_party_base", third_party_base),
)
