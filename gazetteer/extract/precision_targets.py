"""Precision rules about the targets of an attack: who struck, where it was aimed, what it hit.

Rules 14, 19-23 and 71 of :mod:`gazetteer.extract.precision` (re-exported there, where the
list of every rule and its number is kept): interception_away, us_agent, device_on_convoy,
heading_destination, definite_strikes, figures_by_place, interception_debris; and
attempt_complement, blame_object, second_object, us_drone and fighters_of (read in
:mod:`.agents`), owned_target (asked by the finder), denied_striker (drafting); listed in
:data:`.precision_mechanisms.MECHANISM_RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.text.matcher import Match

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES`.
ATTEMPT_RULES: tuple[str, ...] = (
    "attempt_complement",
    "blame_object",
    "second_object",
    "us_drone",
    "fighters_of",
    "owned_target",
    "denied_striker",
    "speaker_forces",
    "subject_of_verb",
)

__all__ = [
    "ATTEMPT_RULES",
    "accused_index",
    "attempt_complement",
    "definite_strikes",
    "denied_striker",
    "device_on_convoy",
    "figures_by_place",
    "heading_destination",
    "interception_away",
    "interception_debris",
    "owned_target_out",
    "second_object",
    "speaker_forces",
    "us_agent",
]

_CLAUSE_END = re.compile(r"[,;.!?\n]")

#: The words of ownership ("belonging to"), normalised: تابعة، التابعة.
_OWNERSHIP = frozenset(
    {"\u062a\u0627\u0628\u0639\u0647", "\u0627\u0644\u062a\u0627\u0628\u0639\u0647"}
)


def owned_target_out(
    text: str, claims: list[Match[str]], places: list[Any]
) -> list[Match[str]]:
    """The claim words less ownership words that tie a party to what was hit (owned_target).

    "Belonging to" (تابعة، التابعة) after a weapon or a band of fighters names the striker
    (مسيرة تابعة للمقاومة، مجموعات تابعة للحرس الثوري). After a noun of what strikes hit
    (positions, depots, headquarters: rule_words kinds target_noun, base_noun, facility) it
    tells whose target was hit (استهدفت طائرات مجهولة مواقع تابعة للميليشيات), and after a
    place's name the unit the place belongs to (قرية خراب الجير التابعة لناحية رميلان): the
    party named did not strike, so the word is no claim. ``places``: the article's place
    mentions, by position. (The finder asks it when the rule is on.)
    """
    if not any(c.phrase in _OWNERSHIP for c in claims):
        return claims
    ends = {p.norm_end for p in places}
    return [
        c
        for c in claims
        if c.phrase not in _OWNERSHIP or not _owned_thing(text, c.start, ends)
    ]


def _owned_thing(text: str, at: int, place_ends: set[int]) -> bool:
    """Whether the word before ``at`` is a target's noun, or a place's name ends there."""
    before = text[max(0, at - 40) : at].rstrip()
    if max(0, at - 40) + len(before) in place_ends:
        return True
    words = before.split()
    if not words:
        return False
    word, nouns = words[-1], _target_nouns()
    if word not in nouns and word[:1] in "\u0648\u0641":
        word = word[1:]  # و، ف
    if word not in nouns and word.startswith("\u0627\u0644"):
        word = word[2:]  # ال
    return word in nouns


@lru_cache(maxsize=1)
def _target_nouns() -> frozenset[str]:
    """Nouns of what strikes hit (rule_words kinds target_noun, base_noun, facility), bare."""
    words = {*rule_words("target_noun"), *rule_words("base_noun"), *rule_words("facility")}
    return frozenset(w[2:] if w.startswith("\u0627\u0644") else w for w in words)


def _kind(matches: list[Match[str]], kind: str) -> list[Match[str]]:
    return [m for m in matches if kind in m.payloads]


def interception_away(
    trigger_starts: list[int],
    qualifiers: list[Match[str]],
    place_is_facility: bool,
    base_noun_before_place: bool,
) -> bool:
    """Whether a place only tells where a downed drone or missile fell.

    "اعتراض طائرة مسيرة فوق قضاء مخمور": when every attack word of the sentence is an
    interception, the sentence reports an attack only on a base (a facility, or a place named
    with قاعدة before it); a town or district is where the aircraft was downed, unless the
    aircraft was approaching it (تقترب من، كانت تتجه نحو: qualifier kind "approach", checked by
    the reader): then the place is what it attacked.
    """
    if not trigger_starts or place_is_facility or base_noun_before_place:
        return False
    stops = {m.start for m in _kind(qualifiers, "interception")}
    stops |= {m.start - 1 for m in _kind(qualifiers, "interception")}  # a clitic و، ف، ب
    return all(t in stops or t - 1 in stops for t in trigger_starts)


#: A debris word with the preposition bi- (بشظايا: "by shrapnel") names what wounded someone
#: in an attack, not debris found or fallen.
_INSTRUMENT = re.compile("\u0628(?!\u0642\u0627\u064a\u0627)|\u0628\u0628")


def interception_debris(
    text: str, triggers: list[tuple[int, int]], qualifiers: list[Match[str]]
) -> bool:
    """Whether a sentence tells only where the debris of a downed drone or missile landed.

    "سقطت شظايا إحداها في أرض زراعية" (its fragments fell in a field), "بقايا صاروخ قرب
    القرية" (remains of a missile near the village): civil-defence bulletins and alerts after
    interceptions. The sentence holds a debris word (qualifier kind "debris": بقايا، شظايا،
    حطام، مخلفات; never "بشظايا", the shrapnel that wounded someone), and every attack word
    of it is an interception or a fall right beside a debris word (at most one word
    between). Like :func:`interception_away`, the reader then takes a town or village
    named as where the debris fell, never a base or facility.
    """
    debris = [m for m in _kind(qualifiers, "debris") if not _INSTRUMENT.match(text, m.start, m.end)]
    if not debris:
        return False
    stops = {m.start for m in _kind(qualifiers, "interception")}
    stops |= {m.start - 1 for m in _kind(qualifiers, "interception")}  # a clitic
    for a, b in triggers:
        if a in stops or a - 1 in stops:
            continue
        if not any(
            (d.start >= b and len(text[b : d.start].split()) <= 1)
            or (d.end <= a and len(text[d.end : a].split()) <= 1)
            for d in debris
        ):
            return False
    return True


def us_agent(
    text: str,
    start: int,
    end: int,
    active_triggers: list[tuple[int, int]],
    strike_weapons: list[tuple[int, int]],
    aircraft: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> bool:
    """Whether a US name at ``[start, end)`` is the subject or the qualifier of a strike.

    "شنت القوات الأمريكية غارات", "قصفت مقاتلات التحالف": the name follows an active attack word
    directly or behind one noun; "غارات جوية أمريكية", "طيران الاحتلال الأمريكي": it follows
    the strike word within three words; "طائرات التحالف"، "طيران «التحالف»": it names whose
    aircraft they are (``aircraft``: spans of aircraft nouns). "قصف صاروخي استهدف قاعدة تضم
    قوات أمريكية وطائرات حربية" has none of these: the Americans are the base's garrison.
    """
    for a, b in active_triggers:
        if b <= start and len(text[b:start].strip(' "').split()) <= 1:
            return True
        if end <= a and not text[end:a].strip(' "'):
            return True
    return any(
        b <= start and len(text[b:start].split()) <= 3 and not _CLAUSE_END.search(text, b, start)
        for _, b in strike_weapons
    ) or any(not text[b:start].strip(' "') for _, b in aircraft)


def device_on_convoy(weapons: list[Any]) -> bool:
    """Whether a sentence's weapons include an explosive device (عبوة ناسفة، لغم).

    A convoy or a deployment makes an explosion heard nearby no attack ("explosions heard as
    the convoy passed"), but "the convoy was hit by a roadside bomb" is one: the device is
    a countable explosive noun, not the sound of an explosion.
    """
    return any(w.weapon == "explosion" and w.role == "noun" and w.countable for w in weapons)


#: نحو، باتجاه، إلى (towards, to), normalised, right before the place.
_TOWARDS = re.compile(f"(?:{alternation('towards')})\\s")


def heading_destination(text: str, place_start: int, heading_ends: list[int]) -> bool:
    """Whether a place is only where a convoy or a drone was heading.

    "a bomb hit the convoy at the edge of Tal Tamr as it headed towards the occupation base in
    the village of Qasrak": after a word of heading (توجه، متجها، في طريقه) and a preposition of
    direction, in the same clause, the place is the destination; the attack happened on the
    way. "fired towards the base" has no word of heading and is untouched.
    """
    for end in heading_ends:
        gap = text[end:place_start]
        m = _TOWARDS.search(gap)
        if m is None or _CLAUSE_END.search(gap):
            continue
        if len(gap[: m.start()].split()) <= 1 and len(gap[m.end() :].split()) <= 6:
            return True
    return False


def definite_strikes(triggers: list[tuple[bool, str]]) -> bool:
    """Whether a sentence names the strikes already told and a verb of their reaching a place.

    "وأعلن الناطق ... أن الضربات طالت مواقع في قضاء القائم وأسفرت عن مقتل 16": a definite
    plural attack noun (the strikes) with a verb; the sentence gives a further place of the
    same wave, with its own figures, not more about the last place read. ``triggers`` are
    (has the article, part of speech) for the sentence's attack words.
    """
    definite_noun = any(article and pos in ("plural", "noun", "both") for article, pos in triggers)
    verb = any(pos == "verb" for _, pos in triggers)
    return definite_noun and verb


def figures_by_place(clause_has_bare_figure: bool) -> bool:
    """Whether a place named "near" something is a target of its own in a list of figures.

    "9 of the dead fell in Albukamal, 5 in al-Mayadin, and 3 at sites near the military
    airport": each place of the list has its own figure, the last one at precision "near";
    it is kept beside the places named exactly (a bare "near" place is otherwise dropped).
    """
    return clause_has_bare_figure


#: A verb of attempt (حاول، حاولت، حاولتا، حاولوا، تحاول، تحاولان، يحاولون) with و or ف before
#: it, and the blank after it, at the end of the text before an attack noun, normalised. (Not
#: the noun محاولة: "foiled an attempt to target" may tell a plot stopped before any launch.)
_ATTEMPT_BEFORE = re.compile(
    "(?:^|\\s)[\u0648\u0641]?[\u062a\u064a]?\u062d\u0627\u0648\u0644"
    "(?:\u062a\u0627|\u0648\u0627|\u0627\u0646|\u0648\u0646|\u062a)?\\s+$"
)


def attempt_complement(text: str, noun_start: int) -> bool:
    """Whether an attack noun is what a verb of attempt governs.

    "a drone that tried to target al-Omar field" (حاولت استهداف حقل العمر): the attack noun in
    construct with the place is the complement of the attempt, this event's own target, not
    the name of another attack ("in reply to the Tanf attack", ردا على هجوم التنف).

    Parameters
    ----------
    text : str
        The normalised article text.
    noun_start : int
        Where the attack noun starts.

    Returns
    -------
    bool
        True when a word of attempt stands right before the noun.
    """
    return _ATTEMPT_BEFORE.search(text, max(0, noun_start - 20), noun_start) is not None


#: A clause mark (the Arabic comma too): an accusation names its accused before one.
_MARK = re.compile("[,;:.\u060c]")


def accused_index(text: str, verb_end: int, spans: list[tuple[int, int]]) -> int | None:
    """Which of the actor names after a verb of accusing is the accused (rule blame_object).

    The verb's subject comes first (VSO): "اتهمت قسد داعش" -- an actor right after the verb is
    the accuser, and the accused is the next name, at most three words on; "اتهمت دمشق
    التحالف", "اتهمت وزارة الخارجية السورية التحالف" -- a subject that is no actor name, and
    the first name, at most four words after the verb, is the accused. No clause mark between.

    Parameters
    ----------
    text : str
        The normalised article text.
    verb_end : int
        Where the verb of accusing ends.
    spans : list of (int, int)
        The actor names after the verb, in order.

    Returns
    -------
    int or None
        The index of the accused in ``spans``, or None.
    """
    if not spans:
        return None

    def near(a: int, b: int, words: int) -> bool:
        gap = text[a:b]
        return not _MARK.search(gap) and len(gap.split()) <= words

    first = spans[0]
    if not text[verb_end : first[0]].strip():
        if len(spans) > 1 and near(first[1], spans[1][0], 3):
            return 1
        return None
    return 0 if near(verb_end, first[0], 4) else None


#: "and on (other) positions in" before a town (normalised): و, the preposition of a strike's
#: object (على، ضد), a noun of what strikes hit (rule_words target_noun), up to three words
#: (أخرى، لها، تابعة للفصائل), then في، ب or داخل -- right before the town.
_SECOND_OBJECT = re.compile(
    "(?:^|\\s)\u0648(?:\u0639\u0644\u064a|\u0636\u062f)\\s+(?:\u0627\u0644)?(?:"
    + alternation("target_noun")
    + ")\\S*(?:\\s+\\S+){0,3}?\\s+(?:\u0641\u064a|\u062f\u0627\u062e\u0644)\\s+$"
)


def second_object(text: str, town_start: int, clause_floor: int) -> bool:
    """Whether a town is a second object of the sentence's strike (rule second_object).

    "US aircraft struck positions in al-Qaim west of Anbar, and other positions in al-Bukamal"
    (... وعلى مواقع أخرى في البوكمال): the town after "and on (other) positions in" is hit by the
    same strike as the first, though the weapon word stands by the first place only. Not "and
    at a distance of" (وعلى بعد), "and on the border" or any other noun: only a noun of what
    strikes hit.

    Parameters
    ----------
    text : str
        The normalised article text.
    town_start : int
        Where the town's name starts.
    clause_floor : int
        The sentence's start: the phrase is looked for after it, up to 90 characters back.

    Returns
    -------
    bool
        True when the phrase ends right before the town.
    """
    return _SECOND_OBJECT.search(text, max(clause_floor, town_start - 90), town_start) is not None


def denied_striker(text: str, start: int, at: int, fires: Callable[[str], bool]) -> bool:
    """Whether a verb of denial stands before a US name in its sentence (rule denied_striker).

    "A coalition spokesman denied that coalition aircraft carried out any operation" (نفى
    متحدث باسم التحالف أن تكون طائرات التحالف قد نفذت أي عمليات، نفت واشنطن أن تكون قواتها
    شنت الغارات): the sentence's US names are the denial's, not the striker nor the target
    of the strike it answers.
    ``start``: the sentence's start; ``at``: where the US name starts; ``fires``: whether a
    rule is on.
    """
    return fires("denied_striker") and _deny().search(text, start, at) is not None


@lru_cache(maxsize=1)
def _deny() -> re.Pattern[str]:
    """The verbs of denial (rule_words kind ``deny_verb``), each a whole word, with و or ف."""
    return re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('deny_verb')})(?!\\w)")


def speaker_forces(text: str, name_end: int, end: int) -> list[tuple[int, int]]:
    """Where an attack word may stand after "that its forces" following a name.

    Within twelve words after the name and before the sentence's end (commas allowed: a
    statement's "in a statement issued today, translated"), the complementizer أن or إن and
    a noun of one's own forces (rule_words kind ``own_forces``: قواتها، قواته، طائراتها).
    Returns ``(start, stop)`` for each: the first attack word from ``start`` on must start
    before ``stop`` -- right after the noun, or, when a verb of carrying out (kind
    ``carry_out``: نفذت، شنت) follows the noun, within the eight words after it and before a
    full stop (قواتها نفذت يوم الأحد ضربة). The reader asks whether it is an active attack
    word (rule speaker_forces).
    """
    out = []
    for m in _own_forces().finditer(text, name_end, end):
        before = text[name_end : m.start()]
        if "." in before or len(before.split()) > 12:
            continue
        if m.group("carry") is None:
            out.append((m.end(), m.end() + 1))  # the word right after the noun
        else:
            words = _EIGHT_WORDS.match(text, m.end(), end)
            out.append((m.start("carry"), words.end() if words else m.end()))
    return out


#: Up to eight words, no full stop: how far a verb of carrying out reaches for its strike noun.
_EIGHT_WORDS = re.compile("[^\\s.]*(?:\\s+[^\\s.]+){0,7}")


@lru_cache(maxsize=1)
def _own_forces() -> re.Pattern[str]:
    """أن or إن (normalised ان), a noun of one's own forces, perhaps a verb of carrying out."""
    return re.compile(
        f"(?<!\\w)\u0627\u0646\\s+(?:{alternation('own_forces')})\\s+"
        f"(?:(?P<carry>{alternation('carry_out')})\\s+)?"
    )
