"""Precision rules for weapons on their way elsewhere and places named for another reason.

Fresh real reporting (Iraq, Jordan, Syria before 2021 and from 2025: long political pieces,
analyses, reactions) still held six habits of the language the other rules miss:

- :func:`passing_over` -- "explosions were heard as dozens of missiles were seen passing in
  the sky of Amman", "missiles crossing the airspace of Iraq and Jordan towards Israel": a
  missile or drone that passes or crosses (marra, 'abara, ijtaza, ikhtaraqa, 'abira) the sky
  or the airspace (sama', ajwa', al-majal al-jawwi) of a place is on its way to another
  country; the place it crosses was not attacked, and the sentence tells no attack of ours --
  unless it goes on, after the crossing, with the weapon falling or striking (saqata,
  istahdafa, asaba, darabat, infajara, inhamat).
- :func:`investigated_place` -- "the investigations of Erbil airport were not yet complete when
  Ain al-Asad was targeted with 14 rockets": a place in construct with a noun of inquiry
  (tahqiq, tahqiqat, with or without the article) is the topic of the inquiry, told to date
  the attack after it; it is not a place of that attack when the sentence names another site
  after it. Alone in its sentence it is left as read ("the investigation of the Erbil airport
  attack" is a back-reference the other rules judge).
- :func:`hostile_missiles` -- "two hostile missiles fell near Damascus airport" (the Syrian
  state's media): "hostile" (mu'adi) said of a missile, rocket or shell is a state's word for
  its enemy's strike on it (Israel's, in Syria's idiom), never an attack on a coalition base;
  the sentence is none of ours unless it names a base or brings the coalition or the US in
  (the base and US patterns of :mod:`.precision_leftovers`' rule foreign_missiles).
- :func:`adjective_name` -- "the attacks on US interests on Friday were only the start of new
  rules of engagement" (qawa'id jadida): a village's short name that is also a word of the
  language, an adjective agreeing with the noun before it (jadida, "new"), is that adjective
  after a common noun; it names the village only after a noun of settlement or a preposition
  of place (baldat, qaryat, fi, qurb ...), or in the village's full name (jadidat Yabus).
- :func:`depot_blast` -- "mortar rounds fell on villages of Hit after an ammunition depot of
  the tribal PMF blew up for unknown reasons": rounds that fall after, or because of, the
  explosion or fire of a depot of ammunition or weapons (makhzan, mustawda', kuds + 'itad,
  dhakhira, asliha) were thrown by that accident, not fired; the sentence tells no attack --
  unless it names a strike or a drone after the depot (a depot blown up by a drone is an
  attack on it), or tells the blast as the attack's result (ma adda ila).
- :func:`source_place` -- "a local official in Hit district said three shells fell on Ain
  al-Asad", "a security source in the city of Ramadi said unknown drones struck positions north
  of Fallujah": a place right after a source (masdar, masadir, mas'ul, mutahaddith, dabit,
  shahid, murasil), its qualifiers and "in" (fi, bi-, with a noun of settlement or not) locates
  the source, not the attack, when the sentence names another site after it. Alone in its
  sentence, or named again as the attack's place, it is left as read (the source may speak of
  its own town).

The reader asks :func:`passing_over`, :func:`hostile_missiles` and :func:`depot_blast` through
:func:`not_ours` with the other "not ours" tests
(:meth:`.article_passes.ArticlePasses._not_ours`), and :func:`investigated_place`,
:func:`adjective_name` and :func:`source_place` (through :func:`not_a_target`) of each place
with the places a non-event word governs (:meth:`.targets.Targets._not_attacked`). Each tests
its bare stems first (``str.find``), so most sentences cost two or three searches. The words
are written as normalised text (ta marbuta as ha, hamzated alifs bare, alif maqsura as ya).
:data:`PASSAGE_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gazetteer.extract.precision_leftovers import _BASE, _US

__all__ = [
    "PASSAGE_RULES",
    "adjective_name",
    "depot_blast",
    "hostile_missiles",
    "investigated_place",
    "not_ours",
    "passing_over",
    "source_place",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
PASSAGE_RULES: tuple[str, ...] = (
    "passing_over",
    "investigated_place",
    "hostile_missiles",
    "adjective_name",
    "depot_blast",
    "source_place",
)

#: A missile, rocket, shell or drone word (with a clitic and the article): sarukh, sawarikh,
#: qadhifa, qadha'if, musayyara, ta'ira (and their duals and plurals).
_WEAPON = (
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?"
    "(?:\u0635\u0627\u0631\u0648\u062e\\w*|\u0635\u0648\u0627\u0631\u064a\u062e"
    "|\u0642\u0630\u064a\u0641\\w*|\u0642\u0630\u0627\u064a\u0641"
    "|\u0645\u0633\u064a\u0631(?:\u0647|\u0627\u062a|\u062a\u064a\u0646|\u062a\u0627\u0646)"
    "|\u0637\u0627\u064a\u0631(?:\u0647|\u0627\u062a|\u062a\u064a\u0646|\u062a\u0627\u0646))(?!\\w)"
)

#: A verb or participle of passing or crossing, in any person: marra (tamurru, yamurru,
#: marrat), 'abara (ta'buru, 'abarat, 'abira), ijtaza, ikhtaraqa; or the noun (murur, 'ubur).
_PASS = (
    "(?<!\\w)[\u0648\u0641]?(?:[\u062a\u064a]?\u0645\u0631(?:\u062a|\u0648\u0627)?"
    "|\u0645\u0631\u0648\u0631|[\u062a\u064a]?\u0639\u0628\u0631(?:\u062a|\u0648\u0627)?"
    "|\u0639\u0627\u0628\u0631(?:\u0647|\u0627\u062a)?|\u0639\u0628\u0648\u0631"
    "|[\u062a\u064a]?\u062c\u062a\u0627\u0632(?:\u062a)?|\u0627\u062c\u062a\u0627\u0632\\w*"
    "|[\u062a\u064a]?\u062e\u062a\u0631\u0642(?:\u062a)?|\u0627\u062e\u062a\u0631\u0642\\w*)(?!\\w)"
)

#: The sky or the airspace: (fi, fawqa, bi) sama', ajwa', al-majal al-jawwi (with the article).
_SKY = (
    "(?:(?:\u0641\u064a|\u0641\u0648\u0642)\\s+)?[\u0628\u0644]?(?:\u0627\u0644)?"
    "(?:\u0633\u0645\u0627\u0621?|\u0627\u062c\u0648\u0627\u0621?|\u0645\u062c\u0627\u0644\\s+(?:\u0627\u0644)?\u062c\u0648\u064a)"
    "(?!\\w)"
)

#: A weapon word, at most three words (a number, "seen", "that were"), a verb of passing, at
#: most one word, then the sky or airspace: the crossing itself.
_PASSING = re.compile(f"{_WEAPON}(?:\\s+\\S+){{0,3}}?\\s+{_PASS}(?:\\s+\\S+)?\\s+{_SKY}")

#: A verb of passing, then (at most one word on) the sky or airspace: the bare gate's second
#: half, searched only where a weapon word stands.
_PASS_SKY = re.compile(f"{_PASS}(?:\\s+\\S+)?\\s+{_SKY}")

#: A weapon falling or striking after the crossing: saqata (saqatat, tasqutu, suqut), istahdafa
#: (istahdafat, yastahdifu), asaba (asabat), daraba (darabat), infajara, inhamara.
_STRIKE_AFTER = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:[\u062a\u064a]?\u0633\u0642\u0637\\w*|\u0633\u0642\u0648\u0637"
    "|[\u062a\u064a]?\u0633\u062a\u0647\u062f\u0641\\w*|\u0627\u0633\u062a\u0647\u062f\u0641\\w*"
    "|\u0627\u0635\u0627\u0628(?:\u062a)?|[\u062a\u064a]\u0635\u064a\u0628"
    "|\u0636\u0631\u0628(?:\u062a)?|[\u062a\u064a]\u0636\u0631\u0628"
    "|\u0627\u0646\u0641\u062c\u0631(?:\u062a)?|\u0627\u0646\u0647\u0645\u0631(?:\u062a)?)(?!\\w)"
)

#: The bare stems the gate of :func:`passing_over` asks first: the sky (sama') and the
#: airspace (ajwa', majal: "air" alone is in every air strike).
_SKY_STEMS = ("\u0633\u0645\u0627", "\u0627\u062c\u0648\u0627", "\u0645\u062c\u0627\u0644")


def passing_over(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a missile or drone crossing a place's sky, striking nothing.

    Rule passing_over: a weapon word, then a verb of passing or crossing and the sky or the
    airspace (:data:`_PASSING`), and no verb of falling or striking after the crossing in the
    sentence (:data:`_STRIKE_AFTER`). The crossed country's sky names where the weapon flew,
    not where it struck: the sentence tells no attack of ours.
    """
    if not any(text.find(stem, start, end) != -1 for stem in _SKY_STEMS):
        return False
    if _PASS_SKY.search(text, start, end) is None:
        return False
    crossing = _PASSING.search(text, start, end)
    if crossing is None:
        return False
    return _STRIKE_AFTER.search(text, crossing.end(), end) is None


#: The bare stem of inquiry: tahqiq (tahqiqat).
_INQUIRY_STEM = "\u062a\u062d\u0642\u064a\u0642"

#: A noun of inquiry in construct right before a place (with a clitic; not "in": tahqiq fi X
#: is where an inquiry sits or what it is about, left to the other rules): tahqiq, tahqiqat,
#: and the place's own article or none, up to the place's first letter.
_INQUIRY_BEFORE = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?\u062a\u062d\u0642\u064a\u0642(?:\u0627\u062a)?\\s+$"
)

#: How far before a place the noun of inquiry may start (its longest form and a clitic).
_INQUIRY_REACH = 16


def investigated_place(
    text: str, place_start: int, sentence_start: int, later_place: Callable[[], bool]
) -> bool:
    """Whether a place is only the topic of an inquiry the sentence names before another site.

    Rule investigated_place: a noun of inquiry in construct right before the place
    (:data:`_INQUIRY_BEFORE`: tahqiqat matar Arbil), and the sentence names another site after
    it (``later_place()``, asked last): the inquiry's place dates the attack told after it,
    it is not that attack's place.
    """
    lo = max(sentence_start, place_start - _INQUIRY_REACH)
    if text.find(_INQUIRY_STEM, lo, place_start) == -1:
        return False
    if _INQUIRY_BEFORE.search(text[lo:place_start]) is None:
        return False
    return later_place()


#: "hostile" (mu'adi, mu'adiya, mu'adiyan, mu'adiyayn, mu'adiyat) with the article or none.
_HOSTILE = (
    "(?:\u0627\u0644)?\u0645\u0639\u0627\u062f"
    "(?:\u064a|\u064a\u0647|\u064a\u0627\u0646|\u064a\u064a\u0646|\u064a\u0627\u062a)"
)

#: A missile, rocket or shell, then (at most one word between: a number) "hostile".
_HOSTILE_MISSILE = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?"
    "(?:\u0635\u0627\u0631\u0648\u062e\\w*|\u0635\u0648\u0627\u0631\u064a\u062e"
    "|\u0642\u0630\u064a\u0641\\w*|\u0642\u0630\u0627\u064a\u0641)"
    f"(?:\\s+\\S+)?\\s+{_HOSTILE}(?!\\w)"
)

#: The bare stem of hostility: mu'ad.
_HOSTILE_STEM = "\u0645\u0639\u0627\u062f"


def hostile_missiles(text: str, start: int, end: int) -> bool:
    """Whether a sentence's missiles are a state's enemy's, called "hostile" by that state.

    Rule hostile_missiles: a missile, rocket or shell word qualified by "hostile"
    (:data:`_HOSTILE_MISSILE`) in a sentence that names no base and neither the coalition nor
    the US: the strike of a state's enemy on that state, none of ours.
    """
    if text.find(_HOSTILE_STEM, start, end) == -1:
        return False
    if _HOSTILE_MISSILE.search(text, start, end) is None:
        return False
    return _BASE.search(text, start, end) is None and _US.search(text, start, end) is None


#: The bare stems of a depot's explosion the gate of :func:`depot_blast` asks first: makhzan
#: (makhazin), mustawda', kuds (akdas).
_DEPOT_STEMS = (
    "\u0645\u062e\u0632\u0646",
    "\u0645\u062e\u0627\u0632\u0646",
    "\u0645\u0633\u062a\u0648\u062f\u0639",
    "\u0643\u062f\u0633",
    "\u0627\u0643\u062f\u0627\u0633",
)

#: A word of cause or sequel ('aqiba, ithra, jarra', natijat, bi-sabab, ba'da), the explosion or
#: fire (infijar, hariq, ihtiraq, ishti'al), at most one word, a depot (makhzan, makhazin,
#: mustawda', kuds, akdas) and what it holds (with li-, the article, or one word before it):
#: ammunition ('itad, a'tida), munitions (dhakhira, dhakha'ir), weapons (asliha).
_DEPOT_BLAST = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0639\u0642\u0628|\u0627\u062b\u0631|\u062c\u0631\u0627\u0621?"
    "|\u0646\u062a\u064a\u062c\u0647|\u0628\u0633\u0628\u0628|\u0628\u0639\u062f)\\s+(?:\u0627\u0644)?"
    "(?:\u0627\u0646\u0641\u062c\u0627\u0631\\w*|\u062d\u0631\u064a\u0642|\u0627\u062d\u062a\u0631\u0627\u0642"
    "|\u0627\u0634\u062a\u0639\u0627\u0644)(?:\\s+\\S+)?\\s+(?:\u0627\u0644)?"
    "(?:\u0645\u062e\u0632\u0646|\u0645\u062e\u0627\u0632\u0646|\u0645\u0633\u062a\u0648\u062f\u0639\\w*"
    "|\u0643\u062f\u0633|\u0627\u0643\u062f\u0627\u0633)(?:\\s+\\S+)?\\s+(?:\u0644\u0644|\u0627\u0644|\u0644)?"
    "(?:\u0639\u062a\u0627\u062f|\u0627\u0639\u062a\u062f\u0647|\u0630\u062e\u064a\u0631\u0647"
    "|\u0630\u062e\u0627\u064a\u0631|\u0627\u0633\u0644\u062d\u0647)(?!\\w)"
)

#: A strike or a drone after the depot: qasf, istihdaf (istahdafa), ghara (gharat), darba,
#: ta'ira (ta'irat), musayyara (musayyarat), sarukh (sawarikh): the depot was attacked.
_STRUCK = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:\u0642\u0635\u0641\\w*|\u0627\u0633\u062a\u0647\u062f\u0627\u0641"
    "|\u0627\u0633\u062a\u0647\u062f\u0641\\w*|\u063a\u0627\u0631(?:\u0647|\u0627\u062a)|\u0636\u0631\u0628(?:\u0647|\u0627\u062a)"
    "|\u0637\u0627\u064a\u0631(?:\u0647|\u0627\u062a)|\u0645\u0633\u064a\u0631(?:\u0647|\u0627\u062a)"
    "|\u0635\u0627\u0631\u0648\u062e\\w*|\u0635\u0648\u0627\u0631\u064a\u062e)(?!\\w)"
)


def depot_blast(text: str, start: int, end: int) -> bool:
    """Whether a sentence's rounds fell because a depot of ammunition blew up or burned.

    Rule depot_blast: a word of cause or sequel, the explosion or fire of a depot of
    ammunition, munitions or weapons (:data:`_DEPOT_BLAST`), and no strike or drone named after
    it (:data:`_STRUCK`): the rounds were thrown by an accident; the sentence tells no attack.
    """
    if not any(text.find(stem, start, end) != -1 for stem in _DEPOT_STEMS):
        return False
    blast = _DEPOT_BLAST.search(text, start, end)
    return blast is not None and _STRUCK.search(text, blast.end(), end) is None


#: The stems of :func:`passing_over`, :func:`hostile_missiles` and :func:`depot_blast` in one
#: pattern: the gate :func:`not_ours` scans a sentence with once.
_SENTENCE_GATE = re.compile("|".join((*_SKY_STEMS, _HOSTILE_STEM, *_DEPOT_STEMS)))


def not_ours(text: str, start: int, end: int, fires: Callable[[str], bool]) -> bool:
    """Whether rule passing_over, hostile_missiles or depot_blast (if on) sets a sentence aside."""
    if _SENTENCE_GATE.search(text, start, end) is None:
        return False  # (one scan of the sentence: no rule's stem there)
    return (
        (fires("passing_over") and passing_over(text, start, end))
        or (fires("hostile_missiles") and hostile_missiles(text, start, end))
        or (fires("depot_blast") and depot_blast(text, start, end))
    )


#: The short names of places that are also adjectives of the language: jadida ("new", the
#: GeoNames alias of Judaydat Yabus), normalised.
_ADJECTIVE_NAMES = frozenset({"\u062c\u062f\u064a\u062f\u0647"})

#: The word before such a name that makes it a place: a noun of settlement or area (balda,
#: qarya, madina, mantiqa, nahiya, muhit, atraf) or a preposition or locator of place (fi, ila,
#: min, 'ala, qurb, nahwa, bi-ittijah), with a clitic or the article.
_PLACE_BEFORE = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?"
    "(?:\u0628\u0644\u062f\u0647|\u0642\u0631\u064a\u0647|\u0645\u062f\u064a\u0646\u0647"
    "|\u0645\u0646\u0637\u0642\u0647|\u0646\u0627\u062d\u064a\u0647|\u0645\u062d\u064a\u0637"
    "|\u0627\u0637\u0631\u0627\u0641|\u0641\u064a|\u0627\u0644\u064a|\u0645\u0646|\u0639\u0644\u064a"
    "|\u0642\u0631\u0628|\u0646\u062d\u0648|\u0627\u062a\u062c\u0627\u0647)\\s+$"
)

#: How far before the name the word before it is read (the longest such word and a clitic).
_BEFORE_REACH = 12


def adjective_name(text: str, place_start: int, place_end: int, sentence_start: int) -> bool:
    """Whether a place's short name is the adjective it also is, after a common noun.

    Rule adjective_name: the place's text is one of :data:`_ADJECTIVE_NAMES` alone, a word
    stands before it in the sentence, and that word is no noun of settlement and no
    preposition of place (:data:`_PLACE_BEFORE`): "qawa'id jadida" are new rules, not bases of
    a village.
    """
    if text[place_start:place_end] not in _ADJECTIVE_NAMES or place_start <= sentence_start:
        return False
    before = text[max(sentence_start, place_start - _BEFORE_REACH) : place_start]
    if not before.strip() or not before[-1].isspace():
        return False
    return _PLACE_BEFORE.search(before) is None


#: The bare stems of a source the gate of :func:`source_place` asks first: masdar (masadir),
#: mas'ul (normalised with a bare waw), mutahaddith, dabit, shahid (shuhud), murasil.
_SOURCE_STEMS = (
    "\u0645\u0635\u062f\u0631",
    "\u0645\u0635\u0627\u062f\u0631",
    "\u0645\u0633\u0648\u0648\u0644",
    "\u0645\u062a\u062d\u062f\u062b",
    "\u0636\u0627\u0628\u0637",
    "\u0634\u0627\u0647\u062f",
    "\u0634\u0647\u0648\u062f",
    "\u0645\u0631\u0627\u0633\u0644",
)

#: A source noun, at most two words qualifying it (security, local, Iraqi), "in" (fi, or the
#: clitic bi-) and a noun of settlement or district (madina, qada', nahiya, balda) or none,
#: right before the place.
_SOURCE_BEFORE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0627\u0644)?(?:\u0645\u0635\u062f\u0631|\u0645\u0635\u0627\u062f\u0631"
    "|\u0645\u0633\u0648\u0648\u0644(?:\u0648\u0646|\u064a\u0646|\u0647)?|\u0645\u062a\u062d\u062f\u062b"
    "|\u0636\u0627\u0628\u0637|\u0634\u0627\u0647\u062f|\u0634\u0647\u0648\u062f|\u0645\u0631\u0627\u0633\u0644\\w*)"
    "(?:\\s+(?!\u0641\u064a(?!\\w))\\S+){0,2}\\s+(?:\u0641\u064a\\s+|\u0628)"
    "(?:(?:\u0627\u0644)?(?:\u0645\u062f\u064a\u0646\u0647|\u0642\u0636\u0627\u0621?|\u0646\u0627\u062d\u064a\u0647"
    "|\u0628\u0644\u062f\u0647)\\s+)?$"
)

#: How far before a place its source phrase may start (a source, two qualifiers, "in", a
#: noun of settlement).
_SOURCE_REACH = 48


def source_place(
    text: str, place_start: int, sentence_start: int, later_place: Callable[[], bool]
) -> bool:
    """Whether a place only locates the source the sentence quotes, before another site.

    Rule source_place: a source, its qualifiers and "in" right before the place
    (:data:`_SOURCE_BEFORE`), and the sentence names another site after it (``later_place()``,
    asked last): the source's town is not the attack's place.
    """
    lo = max(sentence_start, place_start - _SOURCE_REACH)
    if not any(text.find(stem, lo, place_start) != -1 for stem in _SOURCE_STEMS):
        return False
    if _SOURCE_BEFORE.search(text[lo:place_start]) is None:
        return False
    return later_place()


#: The stems of :func:`investigated_place` and :func:`source_place` in one pattern: the gate
#: :func:`not_a_target` scans the words before a place with once.
_PLACE_GATE = re.compile("|".join((_INQUIRY_STEM, *_SOURCE_STEMS)))


def not_a_target(
    text: str,
    place: tuple[int, int],
    sentence_start: int,
    later_place: Callable[[], bool],
    fires: Callable[[str], bool],
) -> bool:
    """Whether rule investigated_place, adjective_name or source_place (if on) takes a place out.

    ``place`` is the place's span in the normalised text; ``later_place()`` whether the
    sentence names another site after it (asked last, by rules investigated_place and
    source_place).
    """
    a, b = place
    lo = max(sentence_start, a - _SOURCE_REACH)
    if _PLACE_GATE.search(text, lo, a) is None and text[a:b] not in _ADJECTIVE_NAMES:
        return False  # (one scan of the words before the place: no rule's stem there)
    return (
        (fires("investigated_place") and investigated_place(text, a, sentence_start, later_place))
        or (fires("adjective_name") and adjective_name(text, a, b, sentence_start))
        or (fires("source_place") and source_place(text, a, sentence_start, later_place))
    )
