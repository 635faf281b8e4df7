"""Precision rules about whose figure a figure is: a part of a set, a claim, a later event.

Rules listed in :data:`.precision_mechanisms.MECHANISM_RULES`, each with its case table in
``tests/data/incidents/rules/<name>.json``: partitive_site (:func:`partitive_site`: "three
drones, one of them approached Tower 22" -- the place saw one), claimed_count
(:func:`claimed_count`: the count an attacker gives in its own voice gives way to the count
others report of the same attack) and sequel_none (:func:`sequel_none`: a "no injuries" told
of a later attack of another kind does not lower the figures of the first) and
resumptive_person (:func:`in_it_end`: "the attack in which two soldiers were killed" -- the
person after "in it" is the casualty verb's), series_none (:func:`series_none`: "most of these
attacks caused no casualties" sums up a series and clears no incident's figures),
coalition_title (:func:`coalition_title`: the enemy in "the coalition to fight Daesh" is no
actor), since_began (:func:`since_began`: "since the attacks that began on 17 October" dates
the period, not the attack), subject_first (:func:`subject_first`: "three of the service
members were killed", the subject before the plural verb, fills a figure an incident lacks),
none_of_its_own (asked in grammar/casualties ``of_party``: "no injury to anyone of its members"
is one party's none, which does not lower another party's figure) and rival_account
(:func:`rival_account`: "other sources: most likely two rockets" is a rival version of the
attack, whose weapons are not added to the first's). Each prefers the conservative figure, or
none, to a figure, a name, a date or a weapon that belongs to another part of the story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gazetteer.extract.grammar.casualties import CasualtyReading
    from gazetteer.extract.state import _Draft

__all__ = [
    "OWNER_RULES",
    "claimed_count",
    "coalition_title",
    "in_it_end",
    "partitive_site",
    "rival_account",
    "rival_sentence",
    "sequel_none",
    "series_none",
    "since_began",
    "subject_first",
]

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES`.
OWNER_RULES: tuple[str, ...] = (
    "partitive_site",
    "claimed_count",
    "sequel_none",
    "resumptive_person",
    "series_none",
    "coalition_title",
    "since_began",
    "subject_first",
    "none_of_its_own",
    "rival_account",
)

#: A partitive of a set of things (normalised), and how many of the set it picks out:
#: احدها، احداها "one of them", احدهما، احداهما "one of the two", واحده منها، واحد منها
#: "one of them", اثنتان منها، اثنتين منها، اثنان منها، اثنين منها "two of them".
_PARTITIVE = re.compile(
    "(?<!\\w)(?:\u0627\u062d\u062f(?:\u0627)?\u0647(?:\u0645)?\u0627"
    "|\u0648\u0627\u062d\u062f\u0647?\\s+\u0645\u0646\u0647\u0627"
    "|(\u0627\u062b\u0646(?:\u062a)?(?:\u0627\u0646|\u064a\u0646)\\s+\u0645\u0646\u0647\u0627))"
    "(?!\\w)"
)
#: What every partitive holds (احد، منها), looked for before the pattern.
_PARTITIVE_STEMS = ("\u0627\u062d\u062f", "\u0645\u0646\u0647\u0627")
#: How far after its set's noun a partitive may stand ("three drones at dawn today, one of them").
_PARTITIVE_REACH = 40
#: What ends a clause: the place must stand in the partitive's own clause.
_CLAUSE_END = re.compile("[;:.!?\u061b\n]")
#: A preposition of where a set landed (normalised): علي، في، داخل، قرب، بالقرب، محيط، بمحيط
#: -- told between the set and its partitive, it places the whole set.
_LANDED = re.compile(
    "(?<!\\w)(?:\u0639\u0644\u064a|\u0641\u064a|\u062f\u0627\u062e\u0644|\u0642\u0631\u0628"
    "|\u0628\u0627\u0644\u0642\u0631\u0628|\u0628?\u0645\u062d\u064a\u0637)(?!\\w)"
)


def partitive_site(text: str, noun_end: int, place_start: int) -> tuple[int, int] | None:
    """How many of a counted set the place at ``place_start`` saw, when a partitive tells it.

    Rule partitive_site (counts): "three drones downed at dawn today, one of them (إحداها)
    approached the Tower 22 position" -- the set's count is the sentence's, the place saw the
    one the partitive picks out: count 1 ("two of them", اثنتان منها: 2). Only when the
    partitive stands between the set's noun (ending at ``noun_end``) and the place, close
    after the noun and in the place's clause; a place named before the partitive took the
    whole set ("three rockets fell on the base, one of them hit a hangar": 3), and so did a set
    told where it landed before its partitive, by a preposition (على، في، داخل، قرب، محيط) or
    a place the caller finds ("three shells fell inside the Green Zone, one of them 500 metres
    from the embassy": the zone's three).

    Returns
    -------
    tuple of int, or None
        The place's share and where the partitive starts, or None when no partitive picks the
        place's part out.
    """
    if place_start <= noun_end or place_start - noun_end > 200:
        return None
    reach = min(place_start, noun_end + _PARTITIVE_REACH + 12)
    if not any(text.find(stem, noun_end, reach) >= 0 for stem in _PARTITIVE_STEMS):
        return None  # the common case: no partitive after the noun
    m = _PARTITIVE.search(text, noun_end, reach)
    if m is None or m.start() - noun_end > _PARTITIVE_REACH:
        return None
    if _LANDED.search(text, noun_end, m.start()) is not None:
        return None  # "three shells fell inside the Green Zone, one of them ...": the zone's
    if _CLAUSE_END.search(text, noun_end, place_start) is not None:
        return None
    return (2 if m.group(1) else 1), m.start()


def shared_counts(
    text: str, counts: dict[str, int], weapons: Sequence[Any], place_start: int, found: Any
) -> None:
    """Give ``counts`` the share a partitive picks out for the place (rule partitive_site).

    ``weapons`` are the sentence's weapon matches owned by the place (their ``payloads[0]``
    a :class:`~gazetteer.extract.cues.WeaponCue`); a counted set before the place whose
    partitive leads to the place counts the share only, unless a place of ``found`` (the
    article's :class:`~gazetteer.extract.state._Found`) between the set and its partitive
    tells where the whole set fell.
    """
    for w in weapons:
        weapon = w.payloads[0].weapon
        if weapon not in counts or w.end > place_start:
            continue
        told = partitive_site(text, w.end, place_start)
        if told is None or told[0] >= counts[weapon] or found.within("places", w.end, told[1]):
            continue
        counts[weapon] = told[0]


#: The attacker speaking of itself (normalised): "our mujahideen" (مجاهدونا، مجاهدينا), "our
#: heroes" (ابطالنا), or a verb of attack in the first person plural: استهدفنا "we targeted",
#: قصفنا "we shelled", دككنا "we pounded", ضربنا "we struck", and with و or ف glued on.
_OWN_VOICE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0645\u062c\u0627\u0647\u062f(?:\u0648|\u064a)\u0646\u0627"
    "|\u0627\u0628\u0637\u0627\u0644\u0646\u0627"
    "|\u0627\u0633\u062a\u0647\u062f\u0641\u0646\u0627|\u0642\u0635\u0641\u0646\u0627"
    "|\u062f\u0643\u0643\u0646\u0627|\u0636\u0631\u0628\u0646\u0627)(?!\\w)"
)
#: What every own-voice word ends with (نا), looked for before the pattern.
_OWN_STEM = "\u0646\u0627"


def _own_voice(text: str, s: int, e: int) -> bool:
    return text.find(_OWN_STEM, s, e) >= 0 and _OWN_VOICE.search(text, s, e) is not None


def claimed_count(text: str, old: _Draft, new: _Draft) -> None:
    """Before two readings of one attack merge, let a claimed count give way to a reported one.

    Rule claimed_count (counts): a faction's statement "our mujahideen pounded Victory base with
    five rockets", then "security sources announced that three Katyusha rockets fell inside
    Victory" -- the attacker's own count is a claim; ACLED's figure is the one others report
    (the conservative one). A count told in the attacker's own voice (مجاهدونا، استهدفنا ...)
    in one reading's first sentence and not in the other's gives way: the other reading's
    count is kept for that weapon. Two claims, or two reports, merge as before (the larger).
    """
    shared = [w for w in new.counts if w in old.counts and new.counts[w] != old.counts[w]]
    if not shared:
        return
    old_claim = _own_voice(text, *old.sentence)
    if old_claim == _own_voice(text, *new.sentence):
        return
    for w in shared:
        if old_claim:
            old.counts[w] = new.counts[w]
        else:
            new.counts[w] = old.counts[w]


#: "after (about) two hours of the shelling": a later event told by its distance from the first
#: (normalised): [و]بعد [نحو|قرابه|حوالي|زهاء] [number] <hours or minutes> من <the attack noun>.
_SEQUEL = re.compile(
    "(?<!\\w)[\u0648\u0641]?\u0628\u0639\u062f\\s+"
    "(?:(?:\u0646\u062d\u0648|\u0642\u0631\u0627\u0628\u0647|\u062d\u0648\u0627\u0644\u064a"
    "|\u0632\u0647\u0627\u0621)\\s+)?(?:\\S+\\s+)?"
    "(?:\u0633\u0627\u0639(?:\u0647|\u062a\u064a\u0646|\u0627\u062a)"
    "|\u062f\u0642\u064a\u0642(?:\u0647|\u062a\u064a\u0646)|\u062f\u0642\u0627\u064a\u0642)"
    "\\s+\u0645\u0646\\s+\u0627\u0644(?:\u0642\u0635\u0641|\u0647\u062c\u0648\u0645"
    "|\u0627\u0633\u062a\u0647\u062f\u0627\u0641|\u0627\u0646\u0641\u062c\u0627\u0631"
    "|\u0636\u0631\u0628\u0647|\u0627\u0639\u062a\u062f\u0627\u0621)(?!\\w)"
)
#: The word every sequel starts with (بعد), looked for before the pattern.
_AFTER = "\u0628\u0639\u062f"


def sequel_none(
    text: str, s: int, e: int, held: CasualtyReading, weapons: list[str], own: Sequence[str]
) -> bool:
    """Whether a follow-up sentence's casualties are a later attack's, not the incident's.

    Rule sequel_none (casualties): "two Grad rockets hit the base, wounding two fighters", then
    "a sniper opened fire about two hours after the shelling on a watchtower of the same base,
    without injuries" -- the none is the sniper's; it does not lower the rockets' two to zero.
    A sentence that places itself some hours or minutes after the first attack (بعد نحو
    ساعتين من القصف) and names a weapon of a kind the incident has not (``own``, the
    sentence's weapon kinds; ``weapons``, the incident's) tells a later attack; its casualty
    reading is left out when the incident ``held`` a figure. A sequel with no weapon of its
    own ("two hours after the shelling, the toll rose to five") is the same attack's.
    """
    if held.status != "reported" or not own or text.find(_AFTER, s, e) < 0:
        return False
    if all(w in weapons for w in own):
        return False
    return _SEQUEL.search(text, s, e) is not None


#: "in it / in them" right after a casualty verb (normalised): فيه، فيها، فيهما.
_IN_IT = re.compile("\\s+\u0641\u064a\u0647(?:\u0627|\u0645\u0627)?(?=\\s)")


def in_it_end(piece: str, end: int) -> int | None:
    """Where "in it" after a casualty verb ending at ``end`` ends, or None if none follows.

    Rule resumptive_person (casualties): "a similar shelling hit the camp on Wednesday night, in
    which (قتل فيه) two American soldiers and a British servicewoman were killed" -- the relative
    clause's pronoun stands between the passive verb and its subject; the person noun after it
    is the verb's figure (two and one: three), as a number after it already was (قتل فيها 25).
    """
    m = _IN_IT.match(piece, end)
    return m.end() if m is not None else None


#: A share of a set of attacks (normalised): معظم، اغلب، غالبيه "most of", then هذه / تلك
#: "these / those" or none, then the plural of an attack noun: الهجمات، الضربات، الاعتداءات،
#: الهجمات الصاروخيه ... (the noun is enough: its adjective may follow).
_SERIES_SHARE = re.compile(
    "(?<!\\w)(?:\u0645\u0639\u0638\u0645|\u0627\u063a\u0644\u0628|\u063a\u0627\u0644\u0628\u064a\u0647)"
    "\\s+(?:(?:\u0647\u0630\u0647|\u062a\u0644\u0643)\\s+)?"
    "\u0627\u0644(?:\u0647\u062c\u0645\u0627\u062a|\u0636\u0631\u0628\u0627\u062a"
    "|\u0627\u0639\u062a\u062f\u0627\u0621\u0627\u062a|\u0639\u0645\u0644\u064a\u0627\u062a"
    "|\u0627\u0644\u0647\u062c\u0648\u0645)(?!\\w)"
)
#: The share words (معظم، اغلب، غالبيه) as bare stems, looked for before the pattern.
_SHARE_STEMS = ("\u0645\u0639\u0638\u0645", "\u0627\u063a\u0644\u0628", "\u063a\u0627\u0644\u0628")


def series_none(text: str, s: int, e: int) -> bool:
    """Whether a sentence's "no casualties" is said of most of a series of attacks.

    Rule series_none (casualties): "most of these attacks caused no casualties" (لم تسفر معظم
    هذه الهجمات عن ضحايا) sums up a series; it does not say that the incident read before had
    none, and the coalition's own figures for it (one contractor killed, nine injured) stand.
    "Most" (معظم، أغلب، غالبية) before the plural of an attack noun leaves out some of the set,
    so no member is cleared by it; a none said of the attack itself ("the attack caused no
    casualties") or of all of them ("none of the attacks caused casualties") is read as before.
    """
    if not any(text.find(stem, s, e) >= 0 for stem in _SHARE_STEMS):
        return False
    return _SERIES_SHARE.search(text, s, e) is not None


#: The end of a coalition's name that its war's enemy completes (normalised): التحالف [الدولي]
#: [بقياده X | الذي تقوده X | الذي تتزعمه X (one or two words)], then ضد "against" or a
#: purpose: لمحاربه، لمكافحه، لقتال، لهزيمه "to fight, to defeat", في الحرب علي "in the war
#: on"; then تنظيم "the organisation" and a quote or not: the name that follows is the title's.
_COALITION_OF = re.compile(
    "\u0627\u0644\u062a\u062d\u0627\u0644\u0641\"?(?:\\s+\u0627\u0644\u062f\u0648\u0644\u064a\"?)?"
    "(?:\\s+(?:\u0628\u0642\u064a\u0627\u062f\u0647|\u0627\u0644\u0630\u064a\\s+"
    "(?:\u062a\u0642\u0648\u062f\u0647|\u064a\u0642\u0648\u062f\u0647|\u062a\u062a\u0632\u0639\u0645\u0647))"
    "(?:\\s+\\S+){1,2}?)?\\s+"
    "(?:\u0636\u062f|\u0644\u0645\u062d\u0627\u0631\u0628\u0647|\u0644\u0645\u0643\u0627\u0641\u062d\u0647"
    "|\u0644\u0642\u062a\u0627\u0644|\u0644\u0647\u0632\u064a\u0645\u0647"
    "|\u0641\u064a\\s+\u0627\u0644\u062d\u0631\u0628\\s+\u0639\u0644\u064a)"
    "\\s+(?:\u062a\u0646\u0638\u064a\u0645\\s*)?[\"(]?\\s*$"
)
#: The coalition noun (التحالف), looked for before the pattern.
_COALITION = "\u0627\u0644\u062a\u062d\u0627\u0644\u0641"
#: How far before a name the coalition noun may stand.
_COALITION_REACH = 80


def coalition_title(text: str, start: int) -> bool:
    """Whether the actor name at ``start`` completes the title of a coalition against it.

    Rule coalition_title (actors): "the international coalition to fight Daesh" (التحالف الدولي
    لمحاربة داعش), "the coalition led by Washington against the Islamic State": the enemy named
    in an organisation's title is no party to the attack the sentence tells, and its name makes
    neither actor nor target. Only right after the coalition's name (التحالف [الدولي] [بقيادة
    واشنطن | الذي تقوده الولايات المتحدة]) and a word of fighting (ضد، لمحاربة، لمكافحة، لقتال،
    لهزيمة، في الحرب على); "the coalition said that Daesh fired" names Daesh as the subject of
    its own verb, and "the coalition launched strikes against Daesh" makes Daesh the target.
    """
    a = max(0, start - _COALITION_REACH)
    if text.find(_COALITION, a, start) < 0:
        return False
    return _COALITION_OF.search(text, a, start) is not None


#: A verb of beginning right before a date (normalised): [التي|الذي] بدات، بدا، انطلقت،
#: انطلق، اندلعت، اندلع "began, broke out" and في / يوم / منذ or nothing.
_BEGAN_ON = re.compile(
    "(?<!\\w)(?:\u0628\u062f\u0627\u062a?|\u0627\u0646\u0637\u0644\u0642\u062a?"
    "|\u0627\u0646\u062f\u0644\u0639\u062a?)\\s+(?:(?:\u0641\u064a|\u064a\u0648\u0645)\\s+)?$"
)
#: منذ "since", and what ends a sentence, between which the date must stand.
_SINCE_AT = re.compile("(?<!\\w)\u0645\u0646\u0630(?!\\w)")
_SENTENCE_END = re.compile("[.!?\u061b\n]")
#: How far before the date "since" may stand.
_SINCE_REACH = 120


def since_began(text: str, start: int) -> bool:
    """Whether the date at ``start`` is when a period "since" began, not an attack's day.

    Rule since_began (dates): "the first attack on Tower 22 since the attacks on US forces that
    began on 17 October" (منذ الهجمات ... التي بدأت في 17 أكتوبر) -- the date is the start of
    the series the attack is measured against, not the attack's day. A date right after a verb
    of beginning (بدأت، انطلقت، اندلعت) whose clause "since" (منذ) opened earlier in the same
    sentence. Without "since" ("the attacks began on 17 October and hit Tower 22 twice") the
    date is read as before.
    """
    m = _BEGAN_ON.search(text, max(0, start - 24), start)
    if m is None:
        return False
    a = max(0, start - _SINCE_REACH)
    since = [x.end() for x in _SINCE_AT.finditer(text, a, m.start())]
    return bool(since) and _SENTENCE_END.search(text, since[-1], m.start()) is None


#: A casualty verb in the plural or dual perfect, which follows its subject (normalised):
#: قتلوا، قتلا "they were killed", استشهدوا، استشهدا, لقوا حتفهم، لقيا حتفهما "met their
#: death"; اصيبوا، اصيبا، جرحوا، جرحا "they were injured"; و or ف glued on. Group 1: killed.
_AFTER_SUBJECT = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:(\u0642\u062a\u0644(?:\u0648\u0627|\u0627)"
    "|\u0627\u0633\u062a\u0634\u0647\u062f(?:\u0648\u0627|\u0627)"
    "|\u0644\u0642(?:\u0648\u0627\\s+\u062d\u062a\u0641\u0647\u0645|\u064a\u0627\\s+\u062d\u062a\u0641\u0647\u0645\u0627))"
    "|\u0627\u0635\u064a\u0628(?:\u0648\u0627|\u0627)|\u062c\u0631\u062d(?:\u0648\u0627|\u0627))(?!\\w)"
)
#: What every such verb holds (قتل، استشهد، لق، اصيب، جرح), looked for before the pattern.
_VERB_STEMS = (
    "\u0642\u062a\u0644",
    "\u0627\u0633\u062a\u0634\u0647\u062f",
    "\u062d\u062a\u0641",
    "\u0627\u0635\u064a\u0628",
    "\u062c\u0631\u062d",
)
#: A correction or retraction (normalised): تصحيح، خطا، الصحيح، في الواقع، في الحقيقه، كتبنا،
#: سهوا، نعتذر -- a sentence that holds one may be taking a figure back.
_RETRACTION = re.compile(
    "(?<!\\w)(?:\u062a\u0635\u062d\u064a\u062d|\u0628?\u0627?\u0644?\u062e\u0637\u0627"
    "|\u0627\u0644\u0635\u062d\u064a\u062d|\u0641\u064a\\s+\u0627\u0644\u0648\u0627\u0642\u0639"
    "|\u0641\u064a\\s+\u0627\u0644\u062d\u0642\u064a\u0642\u0647|\u0643\u062a\u0628\u0646\u0627"
    "|\u0633\u0647\u0648\u0627|\u0646\u0639\u062a\u0630\u0631)(?!\\w)"
)
#: What ends the subject's clause before the verb (a comma right before the verb is allowed).
_SUBJECT_BREAK = re.compile("[.;:!?\u061b\n]")
#: How far before the verb its subject may start.
_SUBJECT_REACH = 60


def subject_first(text: str, s: int, e: int) -> tuple[int | None, int | None]:
    """The killed and injured a sentence tells with the subject before its verb.

    Rule subject_first (casualties): "three service members were killed and 34 injured" told
    as "three of the service members, they were killed" (ثلاثة من أفراد الخدمة قتلوا), "an
    officer and 3 members of the security forces were injured" (ضابطا و 3 منتسبين أصيبوا),
    "two soldiers were injured" (جنديان أصيبا): the plural or dual perfect follows its subject,
    so no head word stands before the figure. The figure is the number right before the person
    noun (or before من and the person noun), a dual noun's two, and a singular person joined
    before it by و adds one. The caller gives these only to an incident already read, for a
    category its sentence gave no figure of; a sentence that corrects itself (تصحيح، الصحيح،
    في الواقع، كتبنا) gives none.

    Returns
    -------
    tuple of (int or None, int or None)
        Killed and injured, None where the sentence tells none this way.
    """
    if not any(text.find(stem, s, e) >= 0 for stem in _VERB_STEMS):
        return None, None
    verbs = list(_AFTER_SUBJECT.finditer(text, s, e))
    if not verbs or _RETRACTION.search(text, s, e) is not None:
        return None, None
    killed: int | None = None
    injured: int | None = None
    for v in verbs:
        n = _subject_figure(text, max(s, v.start() - _SUBJECT_REACH), v.start())
        if n is None:
            continue
        if v.group(1):
            killed = n if killed is None else killed + n
        else:
            injured = n if injured is None else injured + n
    return killed, injured


def _subject_figure(text: str, a: int, b: int) -> int | None:
    """The figure of the subject ending right before a verb at ``b`` (its stretch from ``a``)."""
    from gazetteer.extract.cues import load_cues

    cut = [m.end() for m in _SUBJECT_BREAK.finditer(text, a, b)]
    a = cut[-1] if cut else a
    piece = text[a:b].rstrip(" ,\u060c")
    if piece.endswith(" \u0642\u062f"):  # وكان 3 جنود قد قتلوا: "had" before the verb
        piece = piece[:-3]
    persons = [m for m in load_cues().casualties.find(piece) if "person" in m.payloads]
    told = None
    for p in reversed(persons):  # the subject's noun: at most two words after it
        if len(piece[p.end :].split()) > 2:
            break
        told = _figure_before(piece, p)
        if told is not None:
            break
    if told is None:
        return None
    figure, joined = told
    # "an officer and 3 members": a person noun joined by و before the number adds one
    if joined.endswith(" \u0648") or joined.endswith("\u0648"):
        before = [m for m in persons if m.end <= len(joined.rstrip("\u0648 "))]
        if before and before[-1].end == len(joined.rstrip("\u0648 ")):
            figure += 1
    return figure


def _figure_before(piece: str, p: Any) -> tuple[int, str] | None:
    """The figure told right before the person noun ``p`` and what stands before the figure."""
    from gazetteer.extract.grammar.numbers import find_numbers

    head = piece[: p.start].rstrip()
    if head.endswith(" \u0645\u0646") or head == "\u0645\u0646":  # ثلاثه من افراد الخدمه
        head = head[:-2].rstrip()
    numbers = [x for x in find_numbers(head) if x.kind == "cardinal" and x.value]
    if numbers and numbers[-1].end == len(head):
        return int(numbers[-1].value or 0), head[: numbers[-1].start].rstrip()
    dual = piece[p.phrase_end : p.end] == "\u0627\u0646"  # جنديان: a dual in the nominative
    if dual and (not head or head.split()[-1] in ("\u0627\u0646", "\u0648")):
        return 2, ""
    return None


#: A hedge of an account (normalised): على الارجح "most likely", يرجح، ترجح، رجحت "it is thought
#: likely", ربما "perhaps".
_HEDGE = re.compile(
    "(?<!\\w)(?:\u0639\u0644\u064a\\s+\u0627\u0644\u0627\u0631\u062c\u062d"
    "|[\u064a\u062a]?\u0631\u062c\u062d(?:\u062a)?|\u0631\u0628\u0645\u0627)(?!\\w)"
)
#: "other" (اخري، اخرون، اخرين) or "account" (روايه): the hedge gives another account.
_OTHER_ACCOUNT = re.compile(
    "(?<!\\w)(?:\u0627\u062e\u0631(?:\u064a|\u0648\u0646|\u064a\u0646)|\u0631\u0648\u0627\u064a\u0647)(?!\\w)"
)
#: Weapon kinds that name no means (an explosion, an unknown weapon).
_NO_MEANS = frozenset({"explosion", "unknown"})


def rival_account(text: str, old: _Draft, new: _Draft) -> None:
    """Before a hedged other account of an attack merges, keep the first account's weapons.

    Rule rival_account (weapons, counts): "local sources said two drones hit Ain al-Asad", then
    "but other local sources said the attack was most likely carried out with two rockets"
    (مصادر أخرى ... على الأرجح بصاروخين) -- two versions of one attack, not two drones and two
    rockets (count 4). A reading whose sentence hedges (على الأرجح، يرجح، ربما) and says it is
    another account (أخرى، رواية), with weapons of kinds the first reading has none of, adds
    none of its weapons or counts. A hedge of the same kind ("three rockets, most likely
    Katyushas") or an account told without a hedge merges as before.
    """
    if rival_sentence(text, *new.sentence, old.weapons, new.weapons):
        new.weapons = [w for w in new.weapons if w in _NO_MEANS]
        new.counts = {}


def rival_sentence(text: str, s: int, e: int, held: Sequence[str], told: Sequence[str]) -> bool:
    """Whether a sentence's weapons ``told`` are a hedged other account of weapons ``held``.

    Rule rival_account, for a merge (:func:`rival_account`) and for a follow-up sentence folded
    into the incident read before it: weapons of kinds the incident has none of, in a sentence
    that hedges and names another account.
    """
    mine = set(held) - _NO_MEANS
    theirs = set(told) - _NO_MEANS
    if not mine or not theirs or mine & theirs:
        return False
    return _HEDGE.search(text, s, e) is not None and _OTHER_ACCOUNT.search(text, s, e) is not None
