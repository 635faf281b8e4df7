"""Precision rule helpers about a clause: a killing answered, a distance, a "while" clause.

Split from :mod:`.precision` (which re-exports both) to keep modules small; each rule has its
case table in ``tests/data/incidents/rules/`` (``background_clause.json`` for the reprisal,
``distance_from.json``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.text.matcher import Match
from gazetteer.text.normalize import normalise

__all__ = [
    "approached_position",
    "construct_definite",
    "contrast_cuts",
    "convoy_attacked",
    "distance_from",
    "no_longer_gap_locates",
    "ongoing_before",
    "ordinal_earlier",
    "own_attack_clause",
    "reprisal_killing",
    "same_place",
    "undated_clauses",
    "unit_words",
    "unknown_locality",
    "unrelated_incident",
    "unrelated_words",
]

#: A killing noun right after a reprisal connector (rule words "killing"), normalised.
_KILLING = re.compile(f"\\s*(?:{alternation('killing')})(?!\\w)")


def reprisal_killing(text: str, start: int) -> bool:
    """Whether a reprisal connector at ``start`` (ردا على، انتقاما ل) names a killing next.

    "... ردا على مقتل قائد بغارة قرب المطار": the clause tells the killing the attack answered;
    its places are where that killing happened, never the attack's target.
    """
    m = _REPRISAL.match(text, start)
    return m is not None and _KILLING.match(text, m.end()) is not None


#: A reprisal connector (rule words "reprisal"), normalised.
_REPRISAL = re.compile(f"[\\u0648\\u0641]?(?:{alternation('reprisal')})")


def distance_from(text: str, from_start: int) -> bool:
    """Whether the من at ``from_start`` closes a distance or a bearing: X locates, fires nothing.

    "على نقطة في البادية، على بعد 20 كيلومترا إلى الشمال الشرقي من منطقة التنف": the place
    after من is the reference point of the target (near it), not where the fire came from. A
    distance word (على بعد، كيلومتر) among the six words before, or a bearing with the article
    right before (إلى الشمال من، الشرقي من), in the same clause.
    """
    window = text[max(0, from_start - 60) : from_start]
    clause = re.split("[,\u060c.;!?\n]", window)[-1]
    words = clause.split()
    if words and words[-1] in _BEARINGS:
        return True
    near = " " + " ".join(words[-6:]) + " "
    return any(f" {w} " in near for w in _DISTANCE)


#: Distance words and bearings with the article (rule words "distance", "bearing").
_DISTANCE = rule_words("distance")
_BEARINGS = frozenset(rule_words("bearing"))


def ongoing_before(text: str, since: int, ongoing_ends: list[int]) -> bool:
    """Whether a word of continuation (الدائرة، المستمرة) ends within 40 characters before منذ.

    Used by ``period_since``: "الحرب الدائرة منذ ثمانية أيام" tells how long the war has
    lasted. ``ongoing_ends`` are the ends of the qualifier words of kind ``ongoing``; the word
    must stand in the same clause (no comma or sentence mark between).
    """
    return any(
        since - 40 <= end <= since and not _CLAUSE_BREAK.search(text, end, since)
        for end in ongoing_ends
    )


#: A clause ends at a sentence mark or a comma.
_CLAUSE_BREAK = re.compile("[.!?;\n,\u060c]")


def construct_definite(text: str, trigger: Match[Any]) -> bool:
    """Whether an attack noun is definite by construct: its next word has the article.

    "بعد أسبوع من استهداف القاعدة ذاتها": the targeting of the base, one event in particular,
    as much as "بعد الاستهداف" (rule background_clause). A verb (استهدفت القاعدة) is no noun;
    a form that is either (قصف) is the noun here, after the connector.
    """
    if trigger.payloads[0].pos not in ("noun", "plural", "both"):
        return False
    return text.startswith(" \u0627\u0644", trigger.end)


_CONTRAST = re.compile(rf"(?<!\w)(?:{alternation('contrast')})(?!\w)")


def contrast_cuts(text: str, start: int, end: int) -> list[int]:
    """Where clauses opened by "while, whereas" (فيما، بينما، في حين) begin in a sentence.

    Rule contrast_clause: a non-event word (a drill, a deployment, a threat) in such a clause
    without any attack or weapon word speaks of that clause, not of the attack told in another.
    """
    return [m.start() for m in _CONTRAST.finditer(text, start, end)]


def own_attack_clause(
    text: str,
    sentence: tuple[int, int],
    pos: int,
    other_in: Callable[[int, int], bool],
    triggers: Sequence[int],
    dates: Sequence[tuple[int, Any, Any]],
) -> bool:
    """Whether the place at ``pos`` stands in a clause reporting an attack of its own.

    Rule own_clause_attack: "اعتدت في تموز الماضي على نقطة داخل منطقة الـ55 كم، كما قصف
    الطيران في أيار رتلا قرب التنف" -- the zone is where the first attack happened, though it
    contains the base the second clause names. The clause runs between punctuation marks (a
    conjunction و does not end it), holds an attack word and a date and no other target, and
    the sentence dates its attacks apart (two different days). ``other_in(a, b)`` says whether
    another target stands in ``[a, b)``; ``triggers`` (the attack words' starts) and ``dates``
    ((start, first day, last day)) are the sentence's, sorted by start, so that each question
    is a bisection and many places in one long sentence cost linear time.
    """
    if not dates or all((d[1], d[2]) == (dates[0][1], dates[0][2]) for d in dates):
        return False  # the sentence does not date its attacks apart
    s, e = sentence
    a = max(s, *(text.rfind(c, s, pos) + 1 for c in ",;:"))
    ends = [i for i in (text.find(c, pos, e) for c in ",;:") if i >= 0]
    b = min(ends, default=e)
    i = bisect.bisect_left(triggers, a)
    j = bisect.bisect_left(dates, a, key=lambda d: d[0])
    return (
        not other_in(a, b)
        and i < len(triggers) and triggers[i] < b
        and j < len(dates) and dates[j][0] < b
    )


#: Words that may stand between a facility and the town or province that locates it:
#: في، ضمن (in, within), a compass word, محافظة / مدينة / إقليم (province, city, region), and
#: the adjectives a base's name is followed by (air, military, American).
_LOCATING_WORDS = frozenset(
    normalise(w)
    for w in (
        "\u0641\u064a",  # في
        "\u0636\u0645\u0646",  # ضمن
        "\u0645\u062d\u0627\u0641\u0638\u0629",  # محافظة
        "\u0645\u062f\u064a\u0646\u0629",  # مدينة
        "\u0625\u0642\u0644\u064a\u0645",  # إقليم
        "\u0634\u0645\u0627\u0644\u064a",  # شمالي
        "\u062c\u0646\u0648\u0628\u064a",  # جنوبي
        "\u0634\u0631\u0642\u064a",  # شرقي
        "\u063a\u0631\u0628\u064a",  # غربي
        # the facility's own adjectives after its name: الجوية، الجوي، العسكرية، العسكري،
        # الأمريكية، الأميركية، الأمريكي، الأميركي
        "\u0627\u0644\u062c\u0648\u064a\u0629",
        "\u0627\u0644\u062c\u0648\u064a",
        "\u0627\u0644\u0639\u0633\u0643\u0631\u064a\u0629",
        "\u0627\u0644\u0639\u0633\u0643\u0631\u064a",
        "\u0627\u0644\u0623\u0645\u0631\u064a\u0643\u064a\u0629",
        "\u0627\u0644\u0623\u0645\u064a\u0631\u0643\u064a\u0629",
        "\u0627\u0644\u0623\u0645\u0631\u064a\u0643\u064a",
        "\u0627\u0644\u0623\u0645\u064a\u0631\u0643\u064a",
    )
)


@cache
def _locating_gap() -> re.Pattern[str]:
    """One to three locating words, with spaces, quotes or brackets around and between them."""
    word = "|".join(re.escape(w) for w in sorted(_LOCATING_WORDS, key=len, reverse=True))
    return re.compile(f'[\\s"()]*(?:{word})(?:[\\s"()]+(?:{word})){{0,2}}[\\s"()]*')


def facility_in_town(text: str, start: int, end: int) -> bool:
    """Whether the words of ``text[start:end]``, between a facility's name and a town, locate it.

    Rule facility_in_town: "قاعدة حرير في أربيل"، "قاعدة عين الأسد في محافظة الأنبار": the
    town or province right after the facility, joined by في / ضمن (and a province, city or
    compass word), locates it, however far the town's centre lies; it is no second target.
    "على قاعدة حرير وفي أربيل" (and in Erbil) names two places; so does a gap with any other
    word. The gap is matched in place, and the match stops at its fourth word, so a place
    far along a long sentence costs no more than a near one.
    """
    return _locating_gap().fullmatch(text, start, end) is not None


@cache
def _foreign() -> re.Pattern[str]:
    """A character no locating gap holds: no space, quote, bracket or letter of its words."""
    letters = "".join(sorted(set("".join(_LOCATING_WORDS))))
    return re.compile(f'[^\\s"(){re.escape(letters)}]')


def no_longer_gap_locates(text: str, start: int, end: int) -> bool:
    """Whether no gap ending at ``end`` and starting at or before ``start`` can locate.

    ``text[start:end]`` is the end of every such gap: when it holds a character that no
    locating phrase has (:func:`facility_in_town` matches only spaces, quotes and its words),
    or more blanks than three words leave between them, none of them matches, so a facility
    further back need not be tried.
    """
    return text.count(" ", start, end) > 6 or _foreign().search(text, start, end) is not None


#: A definite noun then "the same / itself" (القاعدة ذاتها، الطريق نفسه), normalised.
_SAME_PLACE = re.compile(
    "(?:^|\\s)\u0627\u0644\\w+\\s+(?:\u0630\u0627\u062a|\u0646\u0641\u0633)"  # ال.. ذات/نفس
    "(?:\u0647|\u0647\u0627)(?!\\w)"  # ه / ها
)


def same_place(text: str, start: int, end: int) -> bool:
    """Whether a stretch of text names a place as "the same" (القاعدة ذاتها، الطريق نفسه).

    Rule same_place_earlier: "this aggression is the second after the one the coalition's
    aviation carried out on 18 May on a convoy on the same road", "the operation comes a week
    after the same base was targeted on the 13th": an earlier attack at the place the article
    is about, with its own day, is a back-referenced incident there.
    """
    return _SAME_PLACE.search(text, start, end) is not None


#: An ordinal (الثاني، الثالثة ...) right after where it is asked, normalised.
_ORDINAL = re.compile(f"\\s+(?:{alternation('ordinal')})(?!\\w)")


def ordinal_earlier(text: str, definite_ends: list[int], background: bool) -> bool:
    """Whether "the Nth attack ... after the attack of <day>" names an earlier attack there.

    Rule ordinal_earlier: "this is the second drone attack on the airport after the one that
    took place on 14 April": the attack told after بعد (a background clause, ``background``)
    is an earlier one at the place the article is about, however definite its words. An
    ordinal right after a definite attack word (``definite_ends``: where those words end)
    says so, as "the same base" does for rule same_place_earlier.
    """
    return background and any(_ORDINAL.match(text, end) for end in definite_ends)


#: كان / كانت (with و or ف) opening a sentence, then قد within six words of no clause break.
_PLUPERFECT = re.compile(
    "\\s*[\u0648\u0641]?\u0643\u0627\u0646(?:\u062a|\u0627|\u0648\u0627)?\\s+"  # وكان، وكانت
    "(?:[^\\s,;.:!?]+\\s+){0,6}?\u0642\u062f\\s"  # ... قد
)


def pluperfect_recall(text: str, start: int) -> bool:
    """Whether a sentence opens with "وكانت ... قد" + a verb: it recalls an earlier incident.

    Rule pluperfect_recall: "وكانت قذيفتا هاون قد سقطتا قبل يومين داخل القاعدة" -- the
    pluperfect (كان + subject + قد + past verb) is how the genre recalls what happened before
    the news; the back-reference lexicon has only the forms with nothing between (كانت قد).
    The reader asks it only of an incident dated before yesterday: "the source had reported
    the rockets of yesterday evening" is still the news.
    """
    return _PLUPERFECT.match(text, start) is not None


#: A convoy noun (رتل، أرتال، قافلة، قوافل), normalised, as the non-event lexicon spells it.
_CONVOY = frozenset(
    normalise(w)
    for w in (
        "\u0631\u062a\u0644",  # رتل
        "\u0623\u0631\u062a\u0627\u0644",  # أرتال
        "\u0642\u0627\u0641\u0644\u0629",  # قافلة
        "\u0642\u0648\u0627\u0641\u0644",  # قوافل
    )
)
_ON = "\u0639\u0644\u064a"  # على, normalised
#: Words an attack word may have between it and the convoy it struck.
_CONVOY_REACH = 4


def convoy_attacked(text: str, convoy: Match[Any], triggers: list[Match[Any]]) -> bool:
    """Whether a convoy word is what an attack word before it struck.

    Rule convoy_attacked: convoys usually mark a deployment (no attack), but "اعتداء على رتل
    للجيش"، "استهدفت الغارة رتلا" make the convoy the target: within a few words after an
    attack word, or after "على" (on) in the attack word's clause. "وصل رتل ... بعد القصف" (a
    convoy arriving after the shelling) has the attack word after it.
    """
    if text[convoy.phrase_start : convoy.phrase_end] not in _CONVOY:
        return False
    for m in triggers:
        if m.end > convoy.start:
            break
        gap = text[m.end : convoy.start]
        words = gap.split()
        near = len(words) <= _CONVOY_REACH or words[-1] == _ON  # ... على رتل: the attack's object
        if near and not re.search(r"[,;.!?\n]", gap):
            return True
    return False


#: A position described, not named (موقع عسكري متقدم، نقطة، مقر), then the rest of its
#: clause up to "in (the area of)" the place that locates it, normalised.
_DESCRIBED_POSITION = re.compile(
    # موقع نقطه مقر
    "^\\s*(?:\u0645\u0648\u0642\u0639|\u0646\u0642\u0637\u0647|\u0645\u0642\u0631)\\S*"
    "[^,\u060c.;!?\\n]{0,60}?\\s(?:\u0641\u064a|\u0642\u0631\u0628)"  # في، قرب
    "(?:\\s+(?:\u0645\u0646\u0637\u0642\u0647|\u0645\u062d\u064a\u0637))?\\s*$"  # منطقه، محيط
)


def approached_position(text: str, approach_end: int, place: int) -> bool:
    """Whether the words between an approach word and a place describe a position there.

    Rule approached_position: "two drones heading toward a forward military position on the
    berm in the Rukban area were downed before they reached it" -- the drones were attacking
    the position, and the place that locates it (Rukban) is where the attack was aimed, not
    only where they fell. The position is kept at that place (its own name is not given, so
    the incident is placed near the named area, never at a guessed site).
    """
    return _DESCRIBED_POSITION.search(text[approach_end:place]) is not None


#: "in" + a unit noun without the article (في محافظة، بمحافظة، وفي قضاء، في ناحية) and the first
#: word of the name in construct with it; a unit after a bearing or a distance (شرق ناحية X)
#: only says where something else stood.
_UNIT_NAME = re.compile(
    f"(?<!\\w)[\u0648\u0641]?(?:\u0641\u064a\\s+|\u0628)"
    f"(?:{alternation('unit_noun')})\\s+(\\w)"
)


def unit_words() -> tuple[str, ...]:
    """The bare words of :data:`_UNIT_NAME`: a unit noun (محافظة، ناحية، قضاء) in each match."""
    return rule_words("unit_noun")


def unknown_locality(text: str, start: int, end: int, known: list[tuple[int, int]]) -> bool:
    """Whether a sentence locates itself in a named place the gazetteer does not know.

    Rule unknown_locality: "a third convoy was hit last night on the expressway in Diwaniyah
    province" (في محافظة الديوانية), when the gazetteer has no Diwaniyah: the sentence is about
    another place, not the site of the article's last incident, so it neither reports an attack
    there on a day of its own nor adds to that incident. ``known`` holds the spans of the places
    found in the text; a unit noun whose name starts inside one of them ("محافظة الأنبار") names
    a known place. A sentence that speaks of "the base" or "the airport" is about the last
    incident's site whatever else it names (the reader asks that first).
    """
    for m in _UNIT_NAME.finditer(text, start, end):
        name = m.start(1)
        if not any(a <= name < b for a, b in known):
            return True
    return False


#: "no tie to the coalition": لا / ليس / ليست / دون + up to two words (له، أي) + a tie noun, or
#: "not tied" (غير مرتبط) + up to two words (لها، لهما) + ب + the coalition, the US forces or
#: "the attack", normalised.
_UNRELATED = re.compile(
    "(?<!\\w)(?:(?:\u0644\u0627|\u0644\u064a\u0633\u062a?|\u062f\u0648\u0646)"  # لا، ليس(ت)، دون
    "(?:\\s+\\S+){0,2}?\\s+"  # له، أي
    f"(?:{alternation('relation')})"
    # or "not tied" as a participle: غير مرتبط(ة)
    "|\u063a\u064a\u0631\\s+\u0645\u0631\u062a\u0628\u0637[\u0647\u0627]?)"
    f"(?:\\s+\\S+){{0,2}}?\\s+\u0628(?:{alternation('coalition')})(?!\\w)"
)


def unrelated_words() -> tuple[str, ...]:
    """The bare words of :data:`_UNRELATED`: a tie noun (علاقة، صلة) or مرتبط, one in each match."""
    return (*rule_words("relation"), "\u0645\u0631\u062a\u0628\u0637")


def unrelated_incident(text: str, start: int, end: int) -> bool:
    """Whether a sentence says what it reports has no tie to the coalition or the US forces.

    Rule unrelated_incident: "in two separate incidents with no tie to the coalition, two
    soldiers were killed at an army checkpoint and two rockets hit a Turkish camp": a roundup
    of attacks on the coalition sets such news apart in so many words; the sentence reports
    no incident of ours and adds nothing to the one before. "In an incident unrelated to the
    attack" (لا علاقة له بالهجوم), or "in an incident not tied to the attack" (غير مرتبط
    بالهجوم), sets it apart from the attack the article told the same way.
    """
    return _UNRELATED.search(text, start, end) is not None


def undated_clauses(
    clauses: list[tuple[int, int]], dates: list[tuple[int, str]], places: list[int]
) -> list[tuple[int, int]]:
    """The clauses about an earlier event that tell it without a day of its own.

    Rule dated_background: "that strike came days after the US raids on the brigade's
    headquarters in al-Qa'im on 29 December 2019, which killed 25" -- a clause about an earlier
    attack that names its place and its own day (precision day or night) reports that attack,
    a back-reference: its place is a target and the day its date. A clause without a place or
    a day of its own stays background (``clauses`` less the dated ones is returned).
    ``dates`` are (start, precision) of the sentence's dates; ``places`` the places' starts.
    """
    return [
        (a, b)
        for a, b in clauses
        if not (
            any(a <= p < b for p in places)
            and any(a <= d < b and precision in ("day", "night") for d, precision in dates)
        )
    ]
