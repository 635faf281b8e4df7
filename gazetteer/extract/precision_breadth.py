"""Precision rules for reports told wider than one attack: a campaign, a province.

Fresh real reporting (Iraq and the Kurdistan region, 2023-2025) placed three habits of the
genre on the map as attacks of the publication day or of a city:

- :func:`statements_recount` -- "the factions targeted the Harir base in Erbil and the Ain
  al-Asad base in Anbar, according to statements of theirs": an attack told on the word of an
  actor's statements in the plural (bayanat lahum, bayanatiha, bayanat mutafarriqa) sums many
  announcements, a campaign's record, not one attack; with no day word in the sentence (no
  weekday, today, yesterday, morning, night, no digit) nothing dates it, and the reader would
  put it on the publication day. One attack is told from one statement (bayan); a day word
  ("on Sunday, per statements of theirs") keeps the sentence as read.
- :func:`province_named` -- "two drones hit two border areas in the provinces of Erbil and
  Duhok", "a drone hit an oil field in Duhok province": a city's name right after the word
  governorate (muhafazat, or the dual muhafazatay and the second name of its pair), itself
  after "in" (fi, bi-, min, ila, dakhil), names the province, not the city. The atlas has no
  point for the province; the honest place is none (the attack lies somewhere in it). The word
  governorate in construct after another noun (markaz muhafazat Duhuk, mabna muhafazat Arbil:
  the province's seat or its building) is not after "in", and stays the city.
- :func:`other_province` -- "a drone hit the field of a US company in the Badra area of the
  Sheikhan district in Duhok province": a place followed (at most three words on) by "in the
  province of" another place whose gazetteer governorate differs from its own is a homonym of
  the gazetteer's place (Badrah of Wasit, 450 km away), not that place.

- :func:`unnamed_field` -- "production stopped at an oil field run by an American company
  after an attack with two drones", "two drones targeted the field on Thursday evening": an
  attack on an oil or gas field, a refinery or an oil facility that the sentence names by no
  place (and no base), in an article that named no field of the gazetteer before it, lies at
  that field, which the gazetteer does not hold; it is not a
  further word on the incident read before (the explosions near Erbil airport), and the
  reader would put it at that one's place. The sentence adds nothing.

The reader asks :func:`statements_recount` through :func:`not_ours` with the other "not ours"
tests of a sentence (:meth:`.article_passes.ArticlePasses._not_ours`), and
:func:`province_named` and :func:`other_province` through :func:`not_a_target` of each place
(:meth:`.targets.Targets._not_attacked`), and :func:`unnamed_field` of a sentence that names
no place (:meth:`.article_passes.ArticlePasses._unplaced`). Each tests its bare stem first
(``str.find`` of bayanat, muhafaz, haql), so most sentences and places cost one search. The
words are written as normalised text (ta marbuta as ha, hamzated alifs bare, alif maqsura as
ya).
:data:`BREADTH_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from gazetteer.records import PlaceMention, Site

__all__ = [
    "BREADTH_RULES",
    "FIELD_KINDS",
    "UNPLACED_GATE",
    "not_a_target",
    "not_ours",
    "other_province",
    "province_named",
    "statements_recount",
    "unnamed_field",
    "unplaced",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
BREADTH_RULES: tuple[str, ...] = (
    "statements_recount",
    "province_named",
    "other_province",
    "unnamed_field",
)

#: The bare stem of statements in the plural: bayanat.
_STATEMENTS_STEM = "\u0628\u064a\u0627\u0646\u0627\u062a"

#: Attribution to an actor's statements in the plural: a word of attribution (bi-hasab, hasab,
#: wifq, wifqan, tibqan, istinadan, fi, 'abra), bayanat with li-, the article or none, then its
#: owner (-ha, -hum, or a following laha, lahum) or a word of many separate statements
#: (mutafarriqa, munfasila, mutataliya, muta'addida, 'idda, sadira).
_RECOUNT = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0628\u062d\u0633\u0628|\u062d\u0633\u0628|\u0648\u0641\u0642"
    "|\u0648\u0641\u0642\u0627|\u0637\u0628\u0642\u0627|\u0627\u0633\u062a\u0646\u0627\u062f\u0627"
    "|\u0641\u064a|\u0639\u0628\u0631)\\s+(?:\u0644\u0644|\u0627\u0644|\u0644)?"
    "\u0628\u064a\u0627\u0646\u0627\u062a(?:(?:\u0647\u0627|\u0647\u0645)(?!\\w)"
    "|\\s+(?:\u0644\u0647\u0627|\u0644\u0647\u0645|\u0645\u062a\u0641\u0631\u0642\u0647"
    "|\u0645\u0646\u0641\u0635\u0644\u0647|\u0645\u062a\u062a\u0627\u0644\u064a\u0647"
    "|\u0645\u062a\u0639\u062f\u062f\u0647|\u0639\u062f\u0647|\u0635\u0627\u062f\u0631\u0647)(?!\\w))"
)

#: A word that dates a sentence: a weekday, today, yesterday, tonight, dawn, morning, noon,
#: evening, night (with a clitic or the article), or any digit.
_DAY_WORD = re.compile(
    "[0-9\u0660-\u0669]|(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644|\u0644)?"
    "(?:\u0627\u062d\u062f|\u0627\u062b\u0646\u064a\u0646|\u062b\u0644\u0627\u062b\u0627\u0621?"
    "|\u0627\u0631\u0628\u0639\u0627\u0621?|\u062e\u0645\u064a\u0633|\u062c\u0645\u0639\u0647"
    "|\u0633\u0628\u062a|\u064a\u0648\u0645|\u0627\u0645\u0633|\u0628\u0627\u0631\u062d\u0647"
    "|\u0644\u064a\u0644\u0647|\u0641\u062c\u0631|\u0635\u0628\u0627\u062d|\u0638\u0647\u0631"
    "|\u0645\u0633\u0627\u0621?|\u0644\u064a\u0644)(?!\\w)"
)


def statements_recount(text: str, start: int, end: int) -> bool:
    """Whether a sentence sums a campaign on the word of an actor's many statements, undated.

    Rule statements_recount: attribution to statements in the plural owned by the actor or
    said to be many (:data:`_RECOUNT`), and no day word or digit in the sentence
    (:data:`_DAY_WORD`): a record of past attacks, dated by nothing; not one attack of the
    publication day.
    """
    if text.find(_STATEMENTS_STEM, start, end) == -1:
        return False
    if _RECOUNT.search(text, start, end) is None:
        return False
    return _DAY_WORD.search(text, start, end) is None


def not_ours(text: str, start: int, end: int, fires: Callable[[str], bool]) -> bool:
    """Whether rule statements_recount (if on) sets a sentence aside."""
    return fires("statements_recount") and statements_recount(text, start, end)


#: The bare stem of the word governorate: muhafaz (muhafaza, muhafazatay, muhafazat).
_PROVINCE_STEM = "\u0645\u062d\u0627\u0641\u0638"

#: "in" before the word governorate: fi, min, ila, dakhil (a word) or the clitic bi- (not li-:
#: "belonging to the governorate of" is left to the rules of strays and fields).
_IN = (
    "(?:(?<!\\w)[\u0648\u0641]?(?:\u0641\u064a|\u0645\u0646|\u0627\u0644\u064a|\u062f\u0627\u062e\u0644)\\s+"
    "|(?<!\\w)[\u0648\u0641]?\u0628)"
)

#: "in the governorate of", right before a place: "in", then muhafaza (or the dual's first
#: name: muhafazatay, muhafazatayn).
_PROVINCE_BEFORE = re.compile(
    f"{_IN}\u0645\u062d\u0627\u0641\u0638(?:\u0647|\u062a\u064a|\u062a\u064a\u0646)\\s+$"
)

#: The second name of a dual: "in the governorates of", one or two words (the first name), and
#: "and" right before the place.
_PROVINCE_PAIR_BEFORE = re.compile(
    f"{_IN}\u0645\u062d\u0627\u0641\u0638\u062a\u064a\u0646?\\s+\\S+(?:\\s+\\S+)?\\s+\u0648$"
)

#: How far before a place the words of :data:`_PROVINCE_PAIR_BEFORE` may start.
_PROVINCE_REACH = 40

#: Kinds of place a province's name may be read as: a settlement (the seat, or a town whose
#: alias is the province's name).
_SETTLEMENTS = frozenset({"city", "town", "village"})


def province_named(text: str, place_start: int, sentence_start: int, kinds: frozenset[str]) -> bool:
    """Whether a settlement's name stands for its province, after "in the governorate of".

    Rule province_named: every site the name may denote is a settlement (``kinds``), and
    "in" and the word governorate stand right before it (:data:`_PROVINCE_BEFORE`), or it is
    the second name of "in the governorates of X and" (:data:`_PROVINCE_PAIR_BEFORE`): the
    attack lies somewhere in the province, not in its seat.
    """
    if not kinds or not kinds <= _SETTLEMENTS:
        return False
    lo = max(sentence_start, place_start - _PROVINCE_REACH)
    if text.find(_PROVINCE_STEM, lo, place_start) == -1:
        return False
    before = text[lo:place_start]
    return (
        _PROVINCE_BEFORE.search(before) is not None
        or _PROVINCE_PAIR_BEFORE.search(before) is not None
    )


#: After a place, at most three words (a district, an area), "in" and the word governorate.
_PROVINCE_AFTER = re.compile(
    f"(?:\\s+\\S+){{0,3}}?\\s+{_IN}\u0645\u062d\u0627\u0641\u0638\u0647\\s+"
)

#: How far after a place "in the governorate of" is looked for (three words and the phrase).
_AFTER_REACH = 64


def other_province(
    text: str,
    place: tuple[int, int],
    sentence_end: int,
    governorates: frozenset[str],
    province_at: Callable[[int], frozenset[str]],
) -> bool:
    """Whether a place is located in a province that is not its own: a homonym.

    Rule other_province: "in the governorate of" follows the place, at most three words on
    (:data:`_PROVINCE_AFTER`), a gazetteer place stands right after it, and the governorates
    of that place (``province_at(pos)``) and of every site the first name may denote
    (``governorates``; all known) share none: the report names another place of that name.
    """
    b = place[1]
    hi = min(sentence_end, b + _AFTER_REACH)
    if not governorates or text.find(_PROVINCE_STEM, b, hi) == -1:
        return False
    m = _PROVINCE_AFTER.match(text[b:hi])
    if m is None:
        return False
    named = province_at(b + m.end())
    return bool(named) and not (named & governorates)


def _governorates(keys: tuple[str, ...], sites: Mapping[str, Site]) -> frozenset[str]:
    """The governorates of the sites ``keys`` may denote; empty unless every one is known."""
    found = [sites[k].governorate for k in keys if k in sites]
    if len(found) != len(keys) or not all(found):
        return frozenset()
    return frozenset(found)


def not_a_target(
    text: str,
    place: tuple[int, int],
    sentence: tuple[int, int],
    keys: tuple[str, ...],
    sites: Mapping[str, Site],
    places_at: Callable[[int], tuple[str, ...]],
    fires: Callable[[str], bool],
) -> bool:
    """Whether rule province_named or other_province (if on) takes a place out.

    ``place`` is the place's span in the normalised text, ``sentence`` its sentence's,
    ``keys`` the sites the place may denote, ``places_at(pos)`` the keys of a place starting
    at ``pos`` (empty if none).
    """
    a, b = place
    s, e = sentence
    lo = max(s, a - _PROVINCE_REACH)
    if text.find(_PROVINCE_STEM, lo, min(e, b + _AFTER_REACH)) == -1:
        return False  # (one search around the place: no governorate word there)
    if fires("province_named"):
        kinds = frozenset(sites[k].kind for k in keys if k in sites)
        if province_named(text, a, s, kinds):
            return True
    if fires("other_province"):
        own = _governorates(keys, sites)
        return other_province(text, place, e, own, lambda pos: _governorates(places_at(pos), sites))
    return False


def unplaced(
    text: str,
    sentence: tuple[int, int],
    places: list[PlaceMention],
    sites: Mapping[str, Site],
    places_at: Callable[[int], tuple[str, ...]],
    fires: Callable[[str], bool],
    earlier: Callable[[], bool],
    field_before: Callable[[], bool],
) -> bool:
    """Whether every settlement a sentence names is a province's name or a homonym's.

    Asked of a sentence (its ``places``): when :func:`not_a_target` takes out one of them,
    every other is a region, and an attack sentence before it named a place
    (``earlier()``, asked last), the sentence's attack has no place the atlas can honestly
    give; it adds nothing, rather than going on about the incident read before at that one's
    place. With no such place before it the sentence is read (its date and weapons lead the next
    sentence, which may name the town). A sentence that names no place is rule
    unnamed_field's (:func:`unnamed_field`), unless the article named a field of the gazetteer
    before it (``field_before()``, asked last: "the field" is that one).
    """
    s, e = sentence
    if not places:
        return fires("unnamed_field") and unnamed_field(text, s, e) and not field_before()
    if text.find(_PROVINCE_STEM, s, e) == -1:
        return False
    out = False
    for p in places:
        span = (p.norm_start, p.norm_end)
        if not_a_target(text, span, sentence, p.site_keys, sites, places_at, fires):
            out = True
        elif any(k in sites and sites[k].kind != "region" for k in p.site_keys):
            return False
    return out and earlier()


#: The bare stems of :func:`unnamed_field`: haql (a field), munsha' (a facility), misfa (a
#: refinery).
_FIELD_STEMS = ("\u062d\u0642\u0644", "\u0645\u0646\u0634\u0627", "\u0645\u0635\u0641")

#: An energy site: the definite field (al-haql, lil-haql, bil-haql), a field of oil or gas
#: (haql, haqlan, huqul, with naft or ghaz, as noun or adjective), a field a company runs or
#: owns (tudiruhu, tushaghghiluhu, al-tabi' li-sharikat, li-sharikat), an oil facility
#: (munsha'a, munsha'at + nafti), a refinery (misfat, misfa).
_ENERGY_SITE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0627\u0644|\u0644\u0644|\u0628\u0627\u0644)\u062d\u0642\u0644(?!\\w)"
    "|(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644)?(?:\u062d\u0642\u0644(?:\u0627|\u064a\u0646)?|\u062d\u0642\u0648\u0644)"
    "\\s+(?:(?:\u0627\u0644|\u0644\u0644)?(?:\u0646\u0641\u0637|\u063a\u0627\u0632)\\w*"
    "|\\S+\\s+(?:\u062a\u062f\u064a\u0631\u0647|\u062a\u0634\u063a\u0644\u0647|\u0627\u0644\u062a\u0627\u0628\u0639|\u0644\u0634\u0631\u0643\u0647)"
    "|\u062a\u062f\u064a\u0631\u0647|\u062a\u0634\u063a\u0644\u0647|\u0627\u0644\u062a\u0627\u0628\u0639|\u0644\u0634\u0631\u0643\u0647)(?!\\w)"
    "|(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644)?\u0645\u0646\u0634(?:\u0627\u0647|\u0627\u062a)\\s+(?:\u0627\u0644)?\u0646\u0641\u0637\u064a\u0647"
    "|(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644)?(?:\u0645\u0635\u0641\u0627\u0647|\u0645\u0635\u0641\u064a)(?!\\w)"
)

#: The kinds of a gazetteer field: "the field" after one of them is that field.
FIELD_KINDS = frozenset({"oil_field", "gas_field"})

#: qa'ida (a base, normalised): a base in words keeps the sentence as read.
_BASE_STEM = "\u0642\u0627\u0639\u062f"


def unnamed_field(text: str, start: int, end: int) -> bool:
    """Whether a sentence that names no place tells an attack on an energy site, not a base.

    Rule unnamed_field (asked only of a sentence with no gazetteer place, in an article that
    named no field of the gazetteer before it: :func:`unplaced`): an energy site
    (:data:`_ENERGY_SITE`: the field, a field of oil or gas, a field a company runs, an oil
    facility, a refinery) and no base word: the attack lies at a field the gazetteer does not
    hold, not at the place of the incident read before.
    """
    if not any(text.find(stem, start, end) != -1 for stem in _FIELD_STEMS):
        return False
    if _ENERGY_SITE.search(text, start, end) is None:
        return False
    return text.find(_BASE_STEM, start, end) == -1


#: The stems of :func:`unplaced` in one pattern (the word governorate, a field, a facility, a
#: refinery): the reader scans a sentence with it once before it gathers the sentence's places.
UNPLACED_GATE = re.compile("|".join((_PROVINCE_STEM, *_FIELD_STEMS)))
