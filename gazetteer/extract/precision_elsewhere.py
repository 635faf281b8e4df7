"""Precision rules of text whose attack lies elsewhere: another region, another month, another era.

Whatever the genre (a group's communiques, a wire roundup, an infographic's caption, an elegy's
introduction), a sentence may speak of an attack that is not one the atlas follows, or not on
the day the reader has in mind, for reasons the language shows:

- its target lies outside the region the atlas covers: a drone "towards Eilat", a ship "in the
  Red Sea", strikes "in Yemen" (:func:`outside_theatre`);
- it sits under a line that names only a month, as the items of a list grouped by month do,
  so an item without a day of its own is in that month (:func:`month_heading`);
- it is dated only by a year long past, as a biography's or a history's background is ("lost
  his father in a car bomb in 2006") (:func:`distant_year`);
- it sums up a whole period with a rough count ("during the month, roadside bombs hit some
  twelve trucks"): many attacks told as one, no one of them (:func:`period_tally`);
- it tells IS or gunmen on a post "of its own" (حاجز لها) of a local force the sentence names:
  a fight between others (:func:`post_of_its_own`);
- it is quoted, and the clause that sets the scene of the speech ("said, at a rally he held on
  Saturday evening in the town's square, that ...") has a place and a day of its own, the
  speech's, not the attack's (:func:`speech_setting`).

The reader asks each where its decision is taken (see :class:`.reader._Reader` and
:class:`.article_passes.ArticlePasses`); :data:`ELSEWHERE_RULES` lists them for
:data:`.precision.RULES`. The words of :func:`outside_theatre` are data
(``lexicon/rule_words.csv``, kinds ``outside_target`` and ``aim_word``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from gazetteer.extract.grammar.dates import find_dates
from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.records import DateSpan

__all__ = [
    "ELSEWHERE_RULES",
    "distant_year",
    "month_heading",
    "outside_theatre",
    "outside_theatre_words",
    "period_tally",
    "period_words",
    "post_of_its_own",
    "post_of_its_own_words",
    "rough_words",
    "speech_setting",
]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
ELSEWHERE_RULES: tuple[str, ...] = (
    "outside_theatre",
    "month_heading",
    "distant_year",
    "speech_setting",
    "period_tally",
    "post_of_its_own",
)

_CLITIC = "(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?"  # و ف, then ب ل


@cache
def _aimed_outside() -> re.Pattern[str]:
    """A word of aim, then (the article and) a place or target outside the region."""
    return re.compile(
        f"{_CLITIC}(?:{alternation('aim_word')})\\s+(?:{alternation('outside_target')})(?!\\w)"
    )


def outside_theatre_words() -> tuple[str, ...]:
    """The bare words of :func:`outside_theatre`: every match holds an outside target's name."""
    return rule_words("outside_target")


def outside_theatre(text: str, start: int, end: int, facilities: list[tuple[int, int]]) -> bool:
    """Whether a sentence aims its attack at a target outside the atlas's region.

    Rule outside_theatre: "in support of Gaza our fighters launched a drone this morning towards a
    target in Eilat" -- a claim or a roundup often tells, beside attacks on bases in Iraq, Syria
    and Jordan, attacks aimed at Israel (إيلات، حيفا، الكيان), at ships (سفينة) or the Red Sea,
    or strikes in Yemen and on Saudi Arabia. A word of aim (نحو، باتجاه، إلى، في، ضد،
    استهداف) right before such a target makes the sentence none of ours, when it names no
    facility of ours (``facilities``: the spans of its bases, air bases and fields) and no
    definite facility noun (القاعدة، المطار): "rockets on the base at dawn, and a drone
    towards Eilat" keeps its base. The place the reader would otherwise carry over from the
    last sentence (the base of the communique before) was never attacked by it.
    """
    if facilities:
        return False
    return _aimed_outside().search(text, start, end) is not None


#: A month name of either calendar (normalised), as the date grammar reads after في.
_MONTH = (
    "\u064a\u0646\u0627\u064a\u0631|\u0641\u0628\u0631\u0627\u064a\u0631|\u0645\u0627\u0631\u0633"
    "|\u0627\u0628\u0631\u064a\u0644|\u0645\u0627\u064a\u0648|\u064a\u0648\u0646\u064a\u0648"
    "|\u064a\u0648\u0644\u064a\u0648|\u0627\u063a\u0633\u0637\u0633|\u0633\u0628\u062a\u0645\u0628\u0631"
    "|\u0627\u0643\u062a\u0648\u0628\u0631|\u0646\u0648\u0641\u0645\u0628\u0631|\u062f\u064a\u0633\u0645\u0628\u0631"
    "|\u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u062b\u0627\u0646\u064a"
    "|\u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u0627\u0648\u0644|\u0634\u0628\u0627\u0637"
    "|\u0627\u0630\u0627\u0631|\u0646\u064a\u0633\u0627\u0646|\u0627\u064a\u0627\u0631"
    "|\u062d\u0632\u064a\u0631\u0627\u0646|\u062a\u0645\u0648\u0632|\u0627\u0628"
    "|\u0627\u064a\u0644\u0648\u0644|\u062a\u0634\u0631\u064a\u0646 \u0627\u0644\u0627\u0648\u0644"
    "|\u062a\u0634\u0631\u064a\u0646 \u0627\u0644\u062b\u0627\u0646\u064a"
)
#: A line that is only a month: "September (Aylul)", "Tammuz 2020", "- August -".
_HEADING = re.compile(
    f"[\\s\\-\u2013\u2014:*#\u25cf\u2022]*(?:{_MONTH})(?:\\s*[(\\[](?:{_MONTH})[)\\]])?"
    f"(?:\\s+\\d{{4}})?[\\s\\-\u2013\u2014:*#]*"
)


def month_heading(text: str, start: int, end: int, published: date) -> DateSpan | None:
    """The month a line names when it names nothing else: the heading of a list by month.

    Rule month_heading: an infographic's caption, a chronology or a factbox groups its items
    under lines that name only a month ("September (Aylul)"), each item then dated by its day
    ("8 August: ...") or not at all ("in the last week of the month: two rockets on the
    camp"). An item with no day of its own is in the month of its heading, not on the day of
    the item before: the reader takes the month (resolved by the date grammar as after في,
    with the article's year when none is given) as the date the next sentences carry. A line
    with anything besides the month (a verb, a place, a day) is no heading.

    Returns
    -------
    DateSpan or None
        The month's days, or None when the line is no month heading.
    """
    line = text[start:end]
    if "\n" in line.strip() or not _HEADING.fullmatch(line):
        return None
    months = find_dates("\u0641\u064a " + line.strip(" -:*#\u25cf\u2022\u2013\u2014"), published)
    return months[0].span if months and months[0].span.precision == "month" else None


#: A bare year after عام، العام، سنة، السنة (normalised), not after منذ (since).
_YEAR = re.compile(
    "(?<!\u0645\u0646\u0630 )(?<!\\w)(?:\u0627\u0644)?(?:\u0639\u0627\u0645|\u0633\u0646\u0647)"
    "\\s+(\\d{4})(?!\\d)"
)
#: How many years before the article a bare year must lie to mark a sentence as history.
HISTORY_YEARS = 3
#: What ends the event's phrase before its year: a comma or a relative pronoun (التي، الذي،
#: اللذين، اللتين، الذين): "the base, built in 1987" or "the base that was built in 1987"
#: dates the base, not the event.
_ASIDE = re.compile(
    "[,\u060c]|(?<!\\w)\u0627\u0644(?:\u062a\u064a|\u0630\u064a|\u0630\u064a\u0646"
    "|\u0644\u0630\u064a\u0646|\u0644\u062a\u064a\u0646)(?!\\w)"
)
#: How far before the year the event's phrase is read for :data:`_ASIDE`.
_PHRASE_REACH = 30


def distant_year(text: str, start: int, end: int, published: date) -> bool:
    """Whether a sentence dates its event only by a year long before the article.

    Rule distant_year: an elegy's introduction, a profile or a feature's background tells a
    life or a place through old events ("he had supported his family since his father died in
    a car bomb in 2006"); such an event dated by a bare year (عام 2006، سنة 2014) at least
    :data:`HISTORY_YEARS` years before publication is history, not an incident the article
    reports, though the reader would give it the day of the sentence before. The reader asks
    the rule only of an incident its sentence does not date by a day or a month of its own
    (the date grammar finds none there): "on 3 March 2006 rockets hit the base" keeps its
    date, and "the first attack since 2006" (منذ عام 2006) is left to period_since. The year
    must close the event's own phrase: after a comma or a relative pronoun (قاعدة عين الأسد
    التي شيدت عام 1987) it dates something else; and the reader keeps an incident with a
    counted weapon (three rockets fell on the base, built in 1987).
    """
    return any(
        int(m.group(1)) <= published.year - HISTORY_YEARS
        and _ASIDE.search(text, max(start, m.start() - _PHRASE_REACH), m.start()) is None
        for m in _YEAR.finditer(text, start, end)
    )


#: The speech verbs of :data:`_SETTING` (normalised): qal, adaf, akkad, dhakar, awdah, sarrah,
#: i'tabar.
_SPEECH_VERBS = (
    "\u0642\u0627\u0644",
    "\u0627\u0636\u0627\u0641",
    "\u0627\u0643\u062f",
    "\u0630\u0643\u0631",
    "\u0627\u0648\u0636\u062d",
    "\u0635\u0631\u062d",
    "\u0627\u0639\u062a\u0628\u0631",
)
#: A speech verb, its subject, then a setting between commas that opens with a preposition of
#: time or place, then إن / أن / بأن (normalised): group 1 is the setting.
_SETTING = re.compile(
    f"(?<!\\w)[\u0648\u0641]?(?:{'|'.join(_SPEECH_VERBS)})"
    "\u062a?(?!\\w)[^\u060c,\u00ab\u00bb.\\n]{0,60}?[\u060c,]\\s*"  # قال، اضاف، اكد... (ت)
    "((?:\u0641\u064a|\u062e\u0644\u0627\u0644|\u0627\u0645\u0627\u0645|\u0639\u0644\u064a"
    " \u0647\u0627\u0645\u0634|\u0627\u062b\u0646\u0627\u0621)\\s[^\u00ab\u00bb.\\n]{0,200}?)"
    "[\u060c,]\\s*[\u0628]?\u0627\u0646(?:\u0647|\u0647\u0627)?(?!\\w)"  # ان، بان، انه
)
#: The speech verbs alone (every match of :data:`_SETTING` holds one).
_SPEECH_GATE = re.compile("|".join(_SPEECH_VERBS))
#: A definite facility noun (normalised): the quote names its own target.
_OWN_TARGET = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:[\u0628\u0643\u0644]?\u0627\u0644|\u0644\u0644)"
    "(?:\u0642\u0627\u0639\u062f\u0647|\u0645\u0637\u0627\u0631|\u062d\u0642\u0644"
    "|\u0645\u0639\u0633\u0643\u0631)(?!\\w)"  # القاعده، المطار، الحقل، المعسكر
)


def speech_setting(
    text: str, start: int, end: int, places: list[int]
) -> tuple[int, int] | None:
    """The clause that sets the scene of a speech whose quote tells the attack, if any.

    Rule speech_setting: "the candidate said, at a rally he held on Saturday evening in the
    district's old market square, that the two rockets that fell on the edge of the base on
    Thursday week did no harm" -- between a speech verb with its subject (قال، أضاف، أكد،
    ذكر، أوضح، صرح) and the إن / أن that opens what was said, a clause between commas that
    opens with في، خلال، أمام، على هامش، أثناء tells where and when the speaker spoke. Its
    place and day are the speech's: the reader sets the clause apart like a clause about
    another event, when what was said names its own target (a place after the clause,
    ``places``: their starts, or a definite facility noun: القاعدة، المطار). "The commander
    said, at a briefing at Ain al-Asad, that three rockets fell at dawn" names no target
    after the clause, and keeps the base.
    """
    # a match holds two commas (either form): the one before the clause and the one after it
    if text.count(",", start, end) + text.count("\u060c", start, end) < 2:
        return None
    if _SPEECH_GATE.search(text, start, end) is None:
        return None  # and a speech verb: a plain search for the verbs alone, quicker
    m = _SETTING.search(text, start, end)
    if m is None:
        return None
    if not any(p >= m.end() for p in places) and not _OWN_TARGET.search(text, m.end(), end):
        return None
    return m.span(1)


#: A whole period (normalised): خلال / طوال / على مدى / على مدار + the month, the week, the
#: weeks, the months, the year, the period.
_PERIOD = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u062e\u0644\u0627\u0644|\u0637\u0648\u0627\u0644"
    "|\u0639\u0644\u064a \u0645\u062f(?:\u064a|\u0627\u0631))\\s+\u0627\u0644"
    "(?:\u0634\u0647\u0631|\u0627\u0633\u0628\u0648\u0639|\u0627\u0633\u0627\u0628\u064a\u0639"
    "|\u0627\u0634\u0647\u0631|\u0639\u0627\u0645|\u0633\u0646\u0647|\u0641\u062a\u0631\u0647)(?!\\w)"
)
#: A rough count (normalised): نحو، قرابة، حوالي، ما يقارب، أكثر من، عشرات.
_ROUGH = re.compile(
    "(?<!\\w)(?:\u0646\u062d\u0648|\u0642\u0631\u0627\u0628\u0647|\u062d\u0648\u0627\u0644\u064a"
    "|\u0645\u0627 \u064a\u0642\u0627\u0631\u0628|\u0627\u0643\u062b\u0631 \u0645\u0646"
    "|\u0639\u0634\u0631\u0627\u062a)(?!\\w)"
)


#: One attack named in the singular (normalised): هجوم، هجوما، الهجوم، لهجوم، بهجوم.
_ONE_ATTACK = re.compile(
    "(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644)?\u0647\u062c\u0648\u0645\u0627?(?!\\w)"
)


def period_words() -> tuple[str, ...]:
    """The bare words of :data:`_PERIOD`: خلال، طوال، على مد (as written in it), one per match."""
    return (
        "\u062e\u0644\u0627\u0644",
        "\u0637\u0648\u0627\u0644",
        "\u0639\u0644\u064a \u0645\u062f",
    )


def rough_words() -> tuple[str, ...]:
    """The words of :data:`_ROUGH` (as written in it), one in each match."""
    return (
        "\u0646\u062d\u0648",
        "\u0642\u0631\u0627\u0628\u0647",
        "\u062d\u0648\u0627\u0644\u064a",
        "\u0645\u0627 \u064a\u0642\u0627\u0631\u0628",
        "\u0627\u0643\u062b\u0631 \u0645\u0646",
        "\u0639\u0634\u0631\u0627\u062a",
    )


def period_tally(text: str, start: int, end: int) -> bool:
    """Whether a sentence sums up a whole period's attacks with a rough count.

    Rule period_tally: "during the month, roadside bombs hit some twelve trucks of contractors
    on the highways of two provinces" -- an infographic's line, a monthly report or a review
    counts many attacks over a period (خلال الشهر، طوال الأسبوع، على مدى الأشهر) with a rough
    figure (نحو، قرابة، حوالي، أكثر من، عشرات): no one of them is told, with its place and day.
    The reader asks the rule only of a sentence with no day of its own: "some ten rockets fell
    on the base at dawn today" is one attack, and "during the month three rockets fell on the
    base" (an exact count) is left as read, as is one attack named in the singular ("the base
    came under an attack of more than ten rockets during the past week").
    """
    return (
        _PERIOD.search(text, start, end) is not None
        and _ROUGH.search(text, start, end) is not None
        and _ONE_ATTACK.search(text, start, end) is None
    )


@cache
def _own_post() -> tuple[re.Pattern[str], ...]:
    """A post of its own (حاجز لها، نقطة تابعة له), a local force, an attacker, the coalition."""
    own = re.compile(
        f"{_CLITIC}(?:\u0627\u0644)?(?:{alternation('post_noun')})(?:\\s+\\S+){{0,2}}?\\s+"
        "\u0644\u0647(?:\u0627|\u0645|\u0645\u0627)?(?!\\w)"  # له، لها، لهم، لهما
    )
    return (
        own,
        re.compile(alternation("local_owner")),
        re.compile(f"{_CLITIC}(?:\u0627\u0644)?(?:{alternation('local_attacker')})(?!\\w)"),
        re.compile(alternation("coalition_stem")),
    )


def post_of_its_own_words() -> tuple[str, ...]:
    """The bare words of :func:`post_of_its_own`: it fires only where a local force is named."""
    return rule_words("local_owner")


def post_of_its_own(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells IS or gunmen attacking a local force's post named by a pronoun.

    Rule post_of_its_own (local_post's words, for a post the sentence owns by a pronoun): "two
    fighters of the SDF were killed when gunmen thought to be IS cells stormed a checkpoint of
    theirs at the town's entrance" -- a post or checkpoint "of its own" (حاجز لها، نقطة تابعة
    له) belongs to the local force the sentence names (قسد، قوات سوريا الديمقراطية، الجيش
    السوري): attacked by IS, its cells or gunmen, it is no attack on the coalition, when the
    sentence brings neither the coalition nor the US in. With no local force named ("gunmen
    attacked the field and a guard post of its own") the sentence stays as read.
    """
    own, force, attacker, coalition = _own_post()
    return (  # the bare names of the local forces first: a fast test, no look-behind
        force.search(text, start, end) is not None
        and own.search(text, start, end) is not None
        and attacker.search(text, start, end) is not None
        and coalition.search(text, start, end) is None
    )
