"""The reader's typed state, its constants of the genre and small helpers.

What is found once per article, the incident drafts, the reading state carried from sentence
to sentence, and the helpers of distance and combination.

Constants of the genre (sentence ends, clause separators, facility kinds, locator distances)
live here once; every module of the reader imports them from here.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any, NamedTuple

from gazetteer.extract import precision as rules
from gazetteer.extract.cues import ActorCue, TriggerCue, WeaponCue
from gazetteer.extract.grammar.casualties import CasualtyReading
from gazetteer.extract.grammar.dates import (
    DateMention,
    TimeMention,
)
from gazetteer.extract.grammar.numbers import NumberIndex
from gazetteer.extract.rule_words import rule_words
from gazetteer.extract.spans import BlockCuts, Cuts
from gazetteer.records import DateSpan, PlaceMention
from gazetteer.text.matcher import Match

#: A sentence ends at ! ? ; or a line break, and at a dot unless it stands between two digits
#: (a dot before white space always ends one). Written to start with the class of the five
#: marks, which the regular expression engine scans for quickly: the same matches as
#: ``(?<!\d)[.](?!\d)|[!?;\n]|[.](?=\s)``.
_SENTENCE_END = re.compile(r"[.!?;\n](?:(?<=[!?;\n])|(?<!\d.)(?!\d)|(?<=\.)(?=\s))")


_WAW = "\u0648"  # و
#: A clause ends at a comma, semicolon or colon, or before the conjunction و (at the text's start
#: or after a blank, which the match holds). Written to start with one class of every mark it
#: opens with, as :data:`_SENTENCE_END`: the same matches as ``[,;:]|(?:^|\s)\u0648``.
_SEPARATOR = re.compile(r"[,;:\s\u0648](?:(?<=[,;:])|(?<=\s)\u0648|(?<=^\u0648))")

#: The marks of :data:`_SEPARATOR` found by the mark itself: a و with no letter right before it.
_SEPARATOR_MARK = re.compile(r"[,;:\u0648](?:(?<=[,;:])|(?<!\S\u0648))")


def separator_spans(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """The spans of :data:`_SEPARATOR`'s matches in a text, found mark by mark.

    The blanks every match of a و starts with are most of a text's characters and make a search
    for them slow; a search for the marks is quicker, and a match of a و after a blank takes
    the blank in. With ``lo`` and ``hi``, the matches of the whole text that start inside
    ``[lo, hi)`` (a match of a و at ``hi`` starts at ``hi - 1``; the marks' look-behinds see
    the text before ``lo``).
    """
    n = len(text)
    hi = n if hi is None else min(hi, n)
    out: list[tuple[int, int]] = []
    for m in _SEPARATOR_MARK.finditer(text, lo, min(n, hi + 1)):
        a = m.start()
        span = (a - 1, a + 1) if a and text[a] == _WAW else (a, a + 1)
        if lo <= span[0] < hi:
            out.append(span)
    return out


_ART = "\u0627\u0644"  # ال


#: Kinds of site that a nearby town or a region name merely locates.
_FACILITY_KINDS = frozenset({"base", "airbase", "oil_field", "gas_field"})


#: Kinds of site whose attack is an attack on US or coalition forces.
_US_SITE_KINDS = frozenset({"base", "oil_field", "gas_field"})


_MIN = "\u0645\u0646"  # من
#: The noun that makes a bare province name the city itself (مدينة).
_CITY = rule_words("city_noun")


#: Prepositions that tie a place to a launch: من (from) against على، باتجاه، نحو، الي، في، بين.
_PREPOSITION = re.compile(
    "(?<!\\w)(?:\u0645\u0646|\u0639\u0644\u064a|\u0628\u0627\u062a\u062c\u0627\u0647"
    "|\u0646\u062d\u0648|\u0627\u0644\u064a|\u0641\u064a|\u0628\u064a\u0646)(?!\\w)"
)


#: The date of an incident in an article whose publication date is not known.
_UNKNOWN_DATE = DateSpan(date.min, date.max, "unknown")


#: Words that turn "N attacks" into a running total: since, during, so far.
_RUNNING = (
    "\u0645\u0646\u0630",
    "\u062e\u0644\u0627\u0644",
    "\u062d\u062a\u064a \u0627\u0644\u0627\u0646",
)
_TALLY_WORDS = re.compile("|".join(_RUNNING))  # منذ، خلال، حتى الان


def running_words() -> tuple[str, ...]:
    """The words of :data:`_TALLY_WORDS`, its whole pattern (for the rule-word index)."""
    return _RUNNING


#: Vague amounts that are a multitude (عشرات، مئات، آلاف), normalised, at the end of a number.
_MULTITUDE = re.compile(
    "(?:\u0639\u0634\u0631\u0627\u062a|\u0645\u064a\u0627\u062a|\u0627\u0644\u0627\u0641)$"
)


#: A facility named by a definite noun alone: القاعدة، بالمطار، للحقل، والمعمل (normalised).
_DEFINITE_FACILITY = re.compile(
    "(?:^|\\s)[\u0648\u0641]?(?:[\u0628\u0643]?\u0627\u0644|\u0644\u0644)"
    "(?:\u0642\u0627\u0639\u062f\u0647|\u0645\u0637\u0627\u0631|\u062d\u0642\u0644"
    "|\u0645\u0639\u0645\u0644|\u0645\u0646\u0634\u0627\u0647|\u0633\u0641\u0627\u0631\u0647)(?!\\w)"
)  # قاعده مطار حقل معمل منشاه سفاره


#: What a bare figure is followed by when it counts at a place: في or ب (in, at).
_AT = ("\u0641\u064a ", "\u0628")  # في ب


#: Before a date, منذ (since) makes it the start of a period (a tally's, a deployment's), never
#: the day of an attack.
_SINCE = re.compile("(?:^|\\s)\u0645\u0646\u0630\\s*$")  # منذ


#: Sentences this close (characters between them) are next to each other.
_ADJACENT = 3


#: A report of an attack this many days old, with no back-reference cue, is still news.
_NEWS_DAYS = 2


#: A town this close (km) to a facility named in the same sentence stands for the facility.
_LOCATOR_KM = 25.0


#: Generic nouns that may stand between a locator word and the place (قرب مدينة الحسكة).
_GENERIC_NOUNS = frozenset(
    {
        "\u0645\u062f\u064a\u0646\u0647",  # مدينة
        "\u0628\u0644\u062f\u0647",  # بلدة
        "\u0642\u0631\u064a\u0647",  # قرية
        "\u0645\u0646\u0637\u0642\u0647",  # منطقة
        "\u0646\u0627\u062d\u064a\u0647",  # ناحية
        "\u0645\u062d\u0627\u0641\u0638\u0647",  # محافظة
        "\u0645\u062e\u064a\u0645",  # مخيم
        "\u0642\u0636\u0627\u0621",  # قضاء
        "\u0627\u0644\u0639\u0627\u0635\u0645\u0647",  # العاصمة (شمالي العاصمة بغداد)
    }
)


#: "after N days of a similar attack": the article recalls an earlier attack at the same site.
_AFTER_SIMILAR = re.compile(
    "\u0628\u0639\u062f"  # بعد
    r"\s+(?P<n>(?:\S+\s+)?)"
    # يومين، يوم، ايام، اسبوع، اسبوعين
    r"(?P<unit>\u064a\u0648\u0645\u064a\u0646|\u064a\u0648\u0645|\u0627\u064a\u0627\u0645"
    r"|\u0627\u0633\u0628\u0648\u0639\u064a\u0646|\u0627\u0633\u0628\u0648\u0639)"
    r"\s+(?:\u0639\u0644\u064a|\u0645\u0646)\s+"  # على, من
    r"(?P<what>\S+)\s+\u0645\u0645\u0627\u062b\u0644"  # ... مماثل
)


#: Relative pronouns that tie a verb to the noun before it (التي، الذي، اللتين ...).
_RELATIVE = frozenset(rule_words("relative"))


_UNIT_DAYS = {
    "\u064a\u0648\u0645": 1,  # يوم
    "\u064a\u0648\u0645\u064a\u0646": 2,  # يومين
    "\u0627\u064a\u0627\u0645": 1,  # ايام (times the number before it)
    "\u0627\u0633\u0628\u0648\u0639": 7,  # اسبوع
    "\u0627\u0633\u0628\u0648\u0639\u064a\u0646": 14,  # اسبوعين
}


@dataclass
class _Found:
    """Everything found once in one article, sorted by start, with start indexes for bisect."""

    places: list[PlaceMention]
    weapons: list[Match[WeaponCue]]
    triggers: list[Match[TriggerCue]]
    non_events: list[Match[str]]
    actors: list[Match[ActorCue]]
    claims: list[Match[str]]
    sources: list[Match[str]]
    back_refs: list[Match[str]]
    locators: list[Match[str]]
    dates: list[DateMention]
    times: list[TimeMention]
    #: The numbers, parsed one stretch at a time when :meth:`within` asks for them.
    numbers: NumberIndex
    qualifiers: list[Match[str]] = field(default_factory=list)
    #: Each list asked for: its starts and the list (:meth:`within` looks both up at once).
    _indexed: dict[str, tuple[list[int], list[Any]]] = field(default_factory=dict)

    def within(self, name: str, start: int, end: int) -> list[Any]:
        """The items of list ``name`` that start inside ``[start, end)``."""
        indexed = self._indexed.get(name)
        if indexed is None:
            if name == "numbers":
                return self.numbers.within(start, end)
            indexed = self._index(name)
        starts, items = indexed
        lo = _bisect_left(starts, start)
        hi = _bisect_left(starts, end, lo)
        if lo == hi:
            return []
        return items[lo:hi]

    def _index(self, name: str) -> tuple[list[int], list[Any]]:
        """The starts of list ``name`` (a place starts at ``norm_start``), kept with the list."""
        items = getattr(self, name)
        place = bool(items) and isinstance(items[0], PlaceMention)
        starts = list(map(_NORM_START if place else _START_OF, items))
        indexed = self._indexed[name] = (starts, items)
        return indexed

    def insert_date(self, d: DateMention) -> None:
        """Add a date found late, keeping the list sorted (after dates of the same start)."""
        starts = (self._indexed.get("dates") or self._index("dates"))[0]
        i = bisect.bisect_right(starts, d.start)
        self.dates.insert(i, d)
        starts.insert(i, d.start)


_bisect_left = bisect.bisect_left  # (asked some hundred times an article by _Found.within)
_NORM_START = attrgetter("norm_start")
_START_OF = attrgetter("start")


def _start(item: Any) -> int:
    return item.norm_start if isinstance(item, PlaceMention) else item.start


def _end(item: Any) -> int:
    return item.norm_end if isinstance(item, PlaceMention) else item.end


class Target(NamedTuple):
    """A place a sentence reports attacked: the mention, its site key and geo precision."""

    place: PlaceMention
    key: str
    precision: int


@dataclass
class _Draft:
    """An incident being assembled from one or more sentences of one article."""

    site: str
    precision: int
    sentence: tuple[int, int]
    date: DateSpan
    dated_here: bool
    time: str | None = None
    weapons: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    vague_count: bool = False
    casualties: CasualtyReading = field(default_factory=CasualtyReading)
    actor: str | None = None
    target: str | None = None
    cited: list[str] = field(default_factory=list)
    back: bool = False
    highlights: list[tuple[int, int]] = field(default_factory=list)
    #: An attack word stands in the place's clause (evidence for the confidence).
    governed: bool = False
    #: How many sentences add to the incident.
    sentences: int = 1
    #: A US name seen as the one that strikes, in any sentence of the incident (rule us_agent).
    us_striker: str | None = None


@dataclass
class ReadingState:
    """What the reading of one article carries from sentence to sentence.

    Attributes
    ----------
    drafts : list of _Draft
        The incidents assembled so far, in order of first mention.
    context_date : DateSpan or None
        The date the last dated sentence gave (a sentence without one may borrow it).
    last : _Draft or None
        The incident read last (what a follow-up sentence goes on about).
    last_touch : int
        The end of the last sentence that added to ``last``.
    lead : tuple of (int, list of str) or None
        The end and weapons of an attack sentence that named no place, for the next sentence.
    """

    drafts: list[_Draft] = field(default_factory=list)
    context_date: DateSpan | None = None
    last: _Draft | None = None
    last_touch: int = -10
    lead: tuple[int, list[str]] | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence as the sentence rules see it: its span, dates, attack and targets."""

    start: int
    end: int
    dates: list[DateMention]
    attack: bool
    targets: list[Target]
    #: The sentence gives further places of the wave of strikes just read.
    wave: bool = False


def _sentence_ends(text: str) -> list[int]:
    """Where the matches of :data:`_SENTENCE_END` end, in order, found mark by mark.

    A search for a class of characters costs several times a plain search for one: each of
    the five marks is looked for with ``str.find``. A match is the mark alone, so the matches
    are the marks at which the pattern matches; a line break, ``!``, ``?`` or ``;`` always
    does (its first branch), a dot is asked.
    """
    found: list[int] = []
    for mark in _ALWAYS_ENDS:
        i = text.find(mark)
        while i >= 0:
            found.append(i + 1)
            i = text.find(mark, i + 1)
    # u.s.: no end (rule latin_abbreviation), asked only of a text with a Latin letter (one
    # look for each letter of _LATIN's class: quicker than a search for the class)
    latin = rules.fires("latin_abbreviation") and any(c in text for c in _LATIN_LETTERS)
    i = text.find(".")
    while i >= 0:
        # _SENTENCE_END's match at a dot, its tests made here: a blank after it (\s), or no
        # digit (\d) on either side; str.isspace and str.isdecimal are the engine's \s and \d
        after = text[i + 1 : i + 2]
        ends = after.isspace() or not ((i > 0 and text[i - 1].isdecimal()) or after.isdecimal())
        if ends and not (latin and rules.latin_abbreviation(text, i)):
            found.append(i + 1)
        i = text.find(".", i + 1)
    found.sort()
    return found


#: A Latin letter (normalised text is lower case).
_LATIN = re.compile("[a-z]")
#: The letters of :data:`_LATIN`'s class.
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

#: The marks of :data:`_SENTENCE_END` that end a sentence wherever they stand.
_ALWAYS_ENDS = "\n!?;"


def _sentences(text: str) -> list[tuple[int, int]]:
    """Split normalised text into sentence spans (a dot between digits is not an end)."""
    spans = []
    start = 0
    for end in _sentence_ends(text):
        if end - start > 1:
            spans.append((start, end))
        start = end
    if len(text) - start > 1:
        spans.append((start, len(text)))
    # a sentence with something besides blanks (str.strip's blanks are \s's), searched in place;
    # one that ends in a mark (.!?;) has one
    return [(s, e) for s, e in spans if text[e - 1] in _MARKS or _NONBLANK.search(text, s, e)]


_NONBLANK = re.compile(r"\S")
_MARKS = frozenset(".!?;")


_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{0,40}\)\s*)?[-:/(]")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """A place that opens a line and is followed by a dash: where the story was filed.

    For example "دير الزور - سقطت ..." or "دمشق (أ ف ب) -".
    """
    # only white space between the line's start and the place (read backwards from the
    # place, so a long line costs no scan back to its start for every place in it)
    i = start - 1
    while i >= 0 and text[i] != "\n":
        if not text[i].isspace():
            return False
        i -= 1
    return bool(_DATELINE_TAIL.match(text, end))


def _headline(text: str, sentences: list[tuple[int, int]]) -> int:
    """How many leading sentences (in order) form the headline block (lines with no final stop).

    The block is read line by line: a headline line does not end with a stop and is short, and
    a dot inside it does not end it (Arabic headlines join two statements with "..").
    """
    end = _headline_end(text)
    # the sentences (in order) starting before ``end``: (s, e) < (end,) exactly when s < end
    n = bisect.bisect_left(sentences, (end,))
    return n if n < len(sentences) else 0


def _headline_end(text: str) -> int:
    """Where the headline block of :func:`_headline` ends (the start of its first other line)."""
    end = 0
    while end < len(text):
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        line = text[end:line_end].strip()
        if line and (line[-1] in ".!?;:" or len(line.split()) > 25):
            break
        end = line_end + 1
    return end


def _gap_cost(text: str, a_end: int, b_start: int) -> float:
    """Distance between two spans, with a clause boundary between them counting heavily."""
    if b_start < a_end:
        return 0.0
    gap = text[a_end:b_start]
    return len(gap) + 100.0 * len(_SEPARATOR.findall(gap))


def _distance(text: str, item: tuple[int, int], anchor: tuple[int, int]) -> float:
    if item[1] <= anchor[0]:
        return _gap_cost(text, item[1], anchor[0])
    if anchor[1] <= item[0]:
        return _gap_cost(text, anchor[1], item[0])
    return 0.0


def _gap_cost_cut(text: str, cuts: Cuts | BlockCuts, a_end: int, b_start: int) -> float:
    """:func:`_gap_cost` with the separators counted in ``cuts`` (the text's, by bisection).

    Equal to :func:`_gap_cost` for every pair: ``findall`` on the slice also counts a و at the
    gap's very start through ``^``, which the text's own matches miss (there it belongs to a
    match starting before the gap, or to none when no space precedes it), so it is added here.
    """
    if b_start < a_end:
        return 0.0
    n = cuts.count(a_end, b_start)
    if 0 < a_end < b_start and text[a_end] == _WAW:
        n += 1
    return (b_start - a_end) + 100.0 * n


def _distance_cut(
    text: str, cuts: Cuts | BlockCuts, item: tuple[int, int], anchor: tuple[int, int]
) -> float:
    """:func:`_distance` with the separators counted in ``cuts``."""
    if item[1] <= anchor[0]:
        return _gap_cost_cut(text, cuts, item[1], anchor[0])
    if anchor[1] <= item[0]:
        return _gap_cost_cut(text, cuts, anchor[1], item[0])
    return 0.0


def _surcharged(text: str, end: int) -> bool:
    """Whether a gap starting at ``end`` pays for a و at its start (see :func:`_gap_cost_cut`)."""
    return 0 < end < len(text) and text[end] == _WAW


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _combine_casualties(a: CasualtyReading, b: CasualtyReading) -> CasualtyReading:
    """Combine two readings of the same incident conservatively.

    Of two figures the lower is kept, but a none told of one party does not lower a figure
    above zero (rule none_beside_figure: the figure counts another party).
    """
    if b.status == "unknown":
        return a if a.status != "unknown" else b
    if a.status == "unknown":
        return b
    notes = [n for n in (a.note, b.note) if n]

    def low(x: int | None, y: int | None, what: str) -> int | None:
        if x is None or y is None:
            return x if y is None else y
        if x != y:
            notes.append(f"{what} reported as {min(x, y)} and {max(x, y)}")
            party = a.party if x < y else b.party  # the reading that holds the lower
            if rules.fires("none_beside_figure") and rules.none_beside_figure(x, y, party):
                return max(x, y)
        return min(x, y)

    status = "reported" if "reported" in (a.status, b.status) else "none"
    return CasualtyReading(
        killed=low(a.killed, b.killed, "killed"),
        injured=low(a.injured, b.injured, "injured"),
        status=status,
        note="; ".join(dict.fromkeys(notes)),
        spans=a.spans + b.spans,
        party=a.party or b.party,
    )


def _repeated_site(d: _Draft, drafts: list[_Draft]) -> bool:
    """Whether a draft without a date of its own shares its site with a dated one.

    A dated back-reference at the site (an earlier attack there) is another incident, not this
    one named again.
    """
    return not d.dated_here and any(
        o is not d and o.site == d.site and o.dated_here and not o.back for o in drafts
    )


def _fold_summary(placed: _Draft, summary: _Draft) -> None:
    """Give a placed report what a region-wide report of it adds.

    Its casualties, and its weapons when the placed report names none precisely (an explosion,
    a projectile of no kind).
    """
    vague = set(placed.weapons) <= {"unknown", "explosion"}
    for w in summary.weapons if vague else []:
        if w not in placed.weapons and w != "unknown":
            placed.weapons.append(w)
    if placed.casualties.status == "unknown":
        placed.casualties = summary.casualties
    placed.actor = placed.actor or summary.actor


def _merge_into(old: _Draft, new: _Draft) -> None:
    for w in new.weapons:
        if w not in old.weapons:
            old.weapons.append(w)
    for w, n in new.counts.items():
        old.counts[w] = max(n, old.counts.get(w, 0))
    old.vague_count = old.vague_count and not old.counts
    old.casualties = _combine_casualties(old.casualties, new.casualties)
    if new.dated_here and not old.dated_here:
        old.date, old.dated_here = new.date, True
    elif new.dated_here and old.dated_here:
        lo, hi = max(old.date.start, new.date.start), min(old.date.end, new.date.end)
        if lo <= hi and (hi - lo) < (old.date.end - old.date.start):
            old.date = DateSpan(lo, hi, new.date.precision, old.date.time, new.date.cue)
    old.time = old.time or new.time
    old.actor = old.actor or new.actor
    old.target = old.target or new.target
    old.precision = min(old.precision, new.precision)
    for c in new.cited:
        if c not in old.cited:
            old.cited.append(c)
    old.back = old.back and new.back
    old.governed = old.governed or new.governed
    old.us_striker = old.us_striker or new.us_striker
    old.sentences += new.sentences
