"""Read an Arabic article and tag every incident it reports.

An incident is one attack, strike or explosion at one place and time. The extractor works on
normalised text (:mod:`gazetteer.text.normalize`) and maps every span back to the article as
printed:

1. find, once per article, every place, weapon, attack word, date, time, number, casualty
   phrase, actor, claim, cited source and back-reference cue (one automaton per lexicon);
2. cut the text into sentences; a sentence reports an attack when it has a strong attack word
   (استهدف، قصف، هجوم، انفجار، غارة), or a weak one (سقوط، أطلق، تعرض) with a weapon word, and
   is not about a deployment, a threat or a statement;
3. choose its target places: places after من are where fire came from, places after قرب or ريف
   locate a more specific site when there is one, a town next to a base stands for the base;
4. give each target the weapons, counts, dates and casualties nearest to it (a clause boundary
   between them counts as distance), and carry the date of earlier sentences when it has none;
5. fold sentences without a place into the incident just read (coreference), and reports of
   the same site and date within the article into one incident.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any, NamedTuple

from gazetteer.extract import precision as rules
from gazetteer.extract.confidence import Evidence
from gazetteer.extract.confidence import score as score_confidence
from gazetteer.extract.cues import ActorCue, Cues, TriggerCue, WeaponCue, load_cues
from gazetteer.extract.grammar.casualties import CasualtyReading, read_casualties
from gazetteer.extract.grammar.dates import (
    DateMention,
    TimeMention,
    find_context_days,
    find_dates,
    find_times,
)
from gazetteer.extract.grammar.numbers import NumberMention, find_numbers
from gazetteer.extract.spans import Overlaps, StartIndex
from gazetteer.extract.summaries import summarise
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import WEAPONS, Article, DateSpan, Incident, PlaceMention
from gazetteer.text.matcher import Match
from gazetteer.text.normalize import normalise, normalise_with_offsets

__all__ = ["extract"]

_SENTENCE_END = re.compile(r"(?<!\d)[.](?!\d)|[!?;\n]|[.](?=\s)")
_SEPARATOR = re.compile(r"[,;:]|(?:^|\s)\u0648")  # comma, semicolon, colon, or the conjunction و
_ART = "\u0627\u0644"  # ال
#: Kinds of site that a nearby town or a region name merely locates.
_FACILITY_KINDS = frozenset({"base", "airbase", "oil_field", "gas_field"})
#: Kinds of site whose attack is an attack on US or coalition forces.
_US_SITE_KINDS = frozenset({"base", "oil_field", "gas_field"})
_MIN = "\u0645\u0646"  # من
_CITY = "\u0645\u062f\u064a\u0646\u0647"  # مدينه (normalised مدينة)
#: Prepositions that tie a place to a launch: من (from) against على، باتجاه، نحو، الي، في، بين.
_PREPOSITION = re.compile(
    "(?<!\\w)(?:\u0645\u0646|\u0639\u0644\u064a|\u0628\u0627\u062a\u062c\u0627\u0647"
    "|\u0646\u062d\u0648|\u0627\u0644\u064a|\u0641\u064a|\u0628\u064a\u0646)(?!\\w)"
)
#: The date of an incident in an article whose publication date is not known.
_UNKNOWN_DATE = DateSpan(date.min, date.max, "unknown")
#: Words that turn "N attacks" into a running total: since, during, so far.
_TALLY_WORDS = re.compile(
    "\u0645\u0646\u0630|\u062e\u0644\u0627\u0644|\u062d\u062a\u064a \u0627\u0644\u0627\u0646"
)  # منذ، خلال، حتى الان
#: Vague amounts that are a multitude (عشرات، مئات، آلاف), normalised, at the end of a number.
_MULTITUDE = re.compile(
    "(?:\u0639\u0634\u0631\u0627\u062a|\u0645\u064a\u0627\u062a|\u0627\u0644\u0627\u0641)$"
)
#: A facility named by a definite noun alone: القاعدة، بالمطار، للحقل، والمعمل (normalised).
_DEFINITE_FACILITY = re.compile(
    "(?:^|\\s)[\u0648\u0641]?(?:[\u0628\u0643]?\u0627\u0644|\u0644\u0644)"
    "(?:\u0642\u0627\u0639\u062f\u0647|\u0645\u0637\u0627\u0631|\u062d\u0642\u0644"
    "|\u0645\u0639\u0645\u0644|\u0645\u0646\u0634\u0627\u0647)(?!\\w)"
)  # قاعده مطار حقل معمل منشاه
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
_RELATIVE = frozenset(
    {"\u0627\u0644\u062a\u064a", "\u0627\u0644\u0630\u064a", "\u0627\u0644\u0644\u0630\u064a\u0646"}
)
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
    numbers: list[NumberMention]
    qualifiers: list[Match[str]] = field(default_factory=list)
    _starts: dict[str, list[int]] = field(default_factory=dict)

    def within(self, name: str, start: int, end: int) -> list[Any]:
        """The items of list ``name`` that start inside ``[start, end)``."""
        items = getattr(self, name)
        if name not in self._starts:
            self._starts[name] = [_start(i) for i in items]
        starts = self._starts[name]
        return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def insert_date(self, d: DateMention) -> None:
        """Add a date found late, keeping the list sorted (after dates of the same start)."""
        starts = self._starts.get("dates")
        if starts is None:
            starts = self._starts["dates"] = [x.start for x in self.dates]
        i = bisect.bisect_right(starts, d.start)
        self.dates.insert(i, d)
        starts.insert(i, d.start)


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


def _sentences(text: str) -> list[tuple[int, int]]:
    """Split normalised text into sentence spans (a dot between digits is not an end)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() - start > 1:
            spans.append((start, m.end()))
        start = m.end()
    if len(text) - start > 1:
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{0,40}\)\s*)?[-:/(]")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """A place that opens a line and is followed by a dash: where the story was filed.

    For example "دير الزور - سقطت ..." or "دمشق (أ ف ب) -".
    """
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    return bool(_DATELINE_TAIL.match(text, end))


def _headline(text: str, sentences: list[tuple[int, int]]) -> int:
    """How many leading sentences form the headline block (lines with no final stop).

    The block is read line by line: a headline line does not end with a stop and is short, and
    a dot inside it does not end it (Arabic headlines join two statements with "..").
    """
    end = 0
    while end < len(text):
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        line = text[end:line_end].strip()
        if line and (line[-1] in ".!?;:" or len(line.split()) > 25):
            break
        end = line_end + 1
    n = sum(1 for s, _ in sentences if s < end)
    return n if n < len(sentences) else 0


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


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Reader:
    """Reads one article; holds what the per-sentence steps share."""

    #: The sentence rules, in the order they are tried (see :meth:`read`).
    SENTENCE_RULES: tuple[Callable[[_Reader, ReadingState, Sentence], bool], ...] = ()

    def __init__(self, article: Article, gazetteer: Gazetteer, cues: Cues) -> None:
        self.article = article
        self.gaz = gazetteer
        self.cues = cues
        self.norm = normalise_with_offsets(article.text)
        self.text = self.norm.text
        self.published = article.published or date.today()
        #: Without a publication date only absolute dates (with a year) can be resolved.
        self.undated = article.published is None
        self._cas_cache: dict[tuple[int, int], CasualtyReading] = {}
        self._facility_gov: frozenset[str] | None = None
        #: Sentences whose place is only where an intercepted aircraft fell.
        self._downed: set[int] = set()
        self.sentences = _sentences(self.text)
        self._sentence_starts = [s for s, _ in self.sentences]
        self.found = self._find_all()
        self.article_sources = list(dict.fromkeys(m.payloads[0] for m in self.found.sources))
        self.claimed_actor = self._claimed_actor()

    # -- finding -------------------------------------------------------------------------
    def _find_all(self) -> _Found:
        t = self.text
        c = self.cues
        sources = c.sources.find(t)
        actors = c.actors.find(t)
        taken = Overlaps([(m.start, m.end) for m in sources])
        places = [
            p for p in self.gaz.find_places(self.norm) if not taken.hits(p.norm_start, p.norm_end)
        ]
        places.sort(key=lambda p: p.norm_start)
        self.qualifiers = sorted(rules.load_qualifiers().matcher.find(t), key=lambda m: m.start)
        self._quals = StartIndex(self.qualifiers, lambda m: m.start)
        self.all_triggers = c.triggers.find(t)
        self._all_triggers = StartIndex(self.all_triggers, lambda m: m.start)
        triggers = self._not_campaign(self.all_triggers)
        return _Found(
            places=places,
            weapons=self._weapons(c.weapons.find(t), triggers),
            triggers=triggers,
            non_events=c.non_events.find(t),
            actors=actors,
            claims=c.claims.find(t),
            sources=sources,
            back_refs=c.back_reference.find(t),
            locators=c.locators.find(t),
            # A date word inside a cited name is not a date (بغداد اليوم، روسيا اليوم).
            dates=[d for d in self._dates() if not taken.hits(d.start, d.end)],
            times=sorted(find_times(t), key=lambda d: d.start),
            numbers=sorted(find_numbers(t), key=lambda d: d.start),
            qualifiers=self.qualifiers,
        )

    def _not_campaign(self, triggers: list[Match[TriggerCue]]) -> list[Match[TriggerCue]]:
        """The attack words that may report one attack (rule 2 drops a campaign's).

        A verb right after a campaign's noun (الهجمات التي تستهدف، سلسلة من الهجمات استهدفت)
        has that noun as its subject and goes with it.
        """
        if not rules.fires("campaign_trigger"):
            return triggers
        out: list[Match[TriggerCue]] = []
        last_campaign: int | None = None
        for m in triggers:
            gap = self.text[last_campaign : m.start].split() if last_campaign is not None else []
            follows = last_campaign is not None and (
                not gap or (len(gap) == 1 and gap[0] in _RELATIVE)
            )
            near = self._quals.within(m.start - 20, m.end + 20)
            if rules.campaign_trigger(self.text, m, near) or (
                follows and m.payloads[0].pos in ("verb", "both")
            ):
                last_campaign = m.end
                continue
            out.append(m)
        return out

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        starts = self._sentence_starts
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def _weapons(
        self, weapons: list[Match[WeaponCue]], triggers: list[Match[TriggerCue]]
    ) -> list[Match[WeaponCue]]:
        """The weapon words that name a weapon of an attack (rules 6 and 7)."""
        q = self.qualifiers
        if rules.fires("indirect_fire"):
            weapons = rules.indirect_fire(weapons, q, (0, len(self.text)))  # type: ignore[arg-type,assignment]
        if not rules.fires("overflight_aircraft"):
            return weapons
        index = StartIndex(triggers, lambda m: m.start)
        out = []
        for w in weapons:
            if w.payloads[0].weapon in ("airstrike", "drone") and self._flies_over(w, index):
                continue
            out.append(w)
        return out

    def _flies_over(self, w: Match[WeaponCue], triggers: StartIndex[Match[Any]]) -> bool:
        """Whether an aircraft word only flies, watches or is on alert (rule 6).

        An attack word shortly before it, with no overflight word between, makes it the
        object of that attack (أسقطت الدفاعات طائرة مسيرة كانت تحلق فوق القاعدة).
        """
        s, e = self._sentence_of(w.start)
        clause = self._clause(w.start, s, e)
        # an attack word of the clause governs it, unless it is a definite noun after it
        # (حلقت طائرات مسيرة فوق القاعدة بعد القصف: the shelling is another thing)
        if any(m.start < w.start or not self._has_article(m) for m in triggers.within(*clause)):
            return False
        near = self._quals.within(s, clause[1])
        flying = [m for m in near if "overflight" in m.payloads]
        before = [
            m
            for m in triggers.within(max(s, w.start - 120), w.start)
            if m.end <= w.start <= m.end + 80
        ]
        if before and not any(before[-1].end <= q.start < w.start for q in flying):
            return False
        return rules.overflight_aircraft(self.text, w, near, clause)

    def _dates(self) -> list[DateMention]:
        if not self.undated:
            found = find_dates(self.text, self.published)
        else:
            # Keep what resolves the same against two far-apart publication dates (both later
            # than any real article): the absolute dates.
            one = find_dates(self.text, date(9000, 1, 1))
            other = {(d.start, d.end, d.span) for d in find_dates(self.text, date(9001, 7, 15))}
            found = [d for d in one if (d.start, d.end, d.span) in other]
        t = self.text
        found = sorted(found, key=lambda d: d.start)
        by_start = StartIndex(found, lambda d: d.start)
        since = rules.fires("period_since")
        return sorted(
            (
                d
                for d in found
                if not _SINCE.search(t, max(0, d.start - 6), d.start)
                and not (since and self._period_since(d, by_start))
            ),
            key=lambda d: d.start,
        )

    def _period_since(self, d: DateMention, dates: StartIndex[DateMention]) -> bool:
        """Rule 1 with the cues near the date only (linear in the article's length)."""
        return rules.period_since(
            self.text,
            d,
            dates.first_at_or_after,
            self._quals.within(d.start - 120, d.start),
            [m.start for m in self._all_triggers.within(d.start - 120, d.start)],
        )

    def _claimed_actor(self) -> str | None:
        """An actor named in a sentence that also holds a claim or blame word."""
        for s, e in self.sentences:
            if not self.found.within("claims", s, e):
                continue
            for a in self.found.within("actors", s, e):
                label, side = a.payloads[0]
                if side != "us":
                    return label
        return None

    # -- one sentence ----------------------------------------------------------------------
    def anaphoric(self, s: int, e: int) -> bool:
        """Whether the sentence's attack words only refer back (الهجوم، القصف، الانفجارات).

        A verbal noun with the article names an attack already introduced; it does not report
        a new one, whatever place the sentence goes on to name.
        """
        triggers = self.found.within("triggers", s, e)
        if not triggers and rules.fires("list_line"):
            return False  # a list line with no verb ("- قاعدة الشدادي 1 صاروخ") tells its own
        for i, m in enumerate(triggers):
            # A noun in construct with a definite one is definite too (دوي الانفجارات).
            nxt = triggers[i + 1] if i + 1 < len(triggers) else None
            construct = (
                nxt is not None and self._definite(nxt) and self.text[m.end : nxt.start] == " "
            )
            if not (self._definite(m) or construct):
                return False
        return True

    def _has_article(self, m: Match[Any]) -> bool:
        """Whether a matched word carries the article, as a clitic or in the phrase itself."""
        return self.text[m.start : m.phrase_start].endswith(_ART) or m.phrase.startswith(_ART)

    def _definite(self, m: Match[Any]) -> bool:
        """Whether an attack word names one attack in particular.

        It does with the article (الهجوم) or in construct with a date or a place (هجوم اليوم،
        قصف الخميس الماضي، هجوم التاسع من حزيران، هجوم التنف).
        """
        if self._has_article(m):
            return True
        noun = m.payloads[0].pos in ("noun", "plural")
        if not noun:
            return False
        after = [*self.found.within("dates", m.end, m.end + 2)]
        after += self.found.within("places", m.end, m.end + 2)
        return any(_start(x) == m.end + 1 for x in after)

    def _tally(self, s: int, e: int) -> bool:
        """A running total: an amount before the attack noun, with منذ / خلال (since, during).

        The amount is a figure above one (170 هجوما منذ) or a vague multitude (عشرات الهجمات
        خلال السنوات الماضية): attacks counted over a period, not one attack. A few (عدة،
        سلسلة غارات خلال الليل) may still be one wave of strikes.
        """
        t = self.text
        if not _TALLY_WORDS.search(t, s, e):
            return False
        for m in self.found.within("triggers", s, e):
            before = self.found.within("numbers", max(s, m.start - 25), m.start)
            if not before or t[before[-1].end : m.start].strip():
                continue
            n = before[-1]
            multitude = n.kind == "vague" and _MULTITUDE.search(t, n.start, n.end)
            if (n.kind == "cardinal" and (n.value or 0) > 1) or multitude:
                return True
        return False

    def is_attack(self, s: int, e: int) -> bool:
        """Whether the sentence reports an attack, strike or explosion.

        A strong word (استهدف، قصف، هجوم) that is not a definite verbal noun is enough; a weak
        one (سقوط، أطلق، تعرض، الهجوم) needs a weapon word. Deployments, threats and running
        totals are not attacks.
        """
        f = self.found
        triggers = f.within("triggers", s, e)
        modes = {m.payloads[0] for m in f.within("non_events", s, e)}
        strong = any(
            m.payloads[0].strength == "strong"
            and not self._definite(m)
            # explosions heard during a drill or a deployment are not attacks
            and not (m.payloads[0].kind == "explosion" and "context" in modes)
            for m in triggers
        )
        weak = bool(triggers)
        weapons = f.within("weapons", s, e)
        if "irrealis" in modes:
            return False
        if "context" in modes and not strong:
            return False
        if self._tally(s, e):
            return False
        if strong or (weak and weapons):
            return True
        if self._named_past_attack(s, e, triggers):
            return True
        # A list line with no verb: "<place> 4 rockets".
        return any(
            w.payloads[0].countable and self._count_for(w)[0] is not None for w in weapons
        ) and bool(f.within("places", s, e))

    def _other_attacks(self, s: int, e: int) -> bool:
        """Whether a sentence's attack words are all indefinite plurals (هجمات متفرقة).

        Such a sentence speaks of other attacks, not of the incident just read: its figures
        and its "no casualties" are not that incident's.
        """
        triggers = self.found.within("triggers", s, e)
        return bool(triggers) and all(
            m.payloads[0].pos == "plural" and not self._definite(m) for m in triggers
        )

    def _named_past_attack(self, s: int, e: int, triggers: list[Match[Any]]) -> bool:
        """An attack named by a definite noun, with its place and its own day.

        "the soldiers killed in the attack on Tower 22 at dawn on 28 January": an article about
        something else (a vote, a funeral) recalls an attack the reader knows. The definite noun
        alone refers back; with a place and a day of its own (not the statement's) it is a
        back-reference whose place and time are known.
        """
        f = self.found
        if not any(m.payloads[0].strength == "strong" and self._has_article(m) for m in triggers):
            return False
        if not f.within("places", s, e):
            return False
        return any(
            d.span.precision in ("day", "night") and not self._statement_date(d)
            for d in f.within("dates", s, e)
        )

    def _role(self, place: PlaceMention, s: int) -> str | None:
        """origin, near, region, reference, elsewhere or None (a target).

        Read from the locator word before the place: مِن marks where fire came from, قرب a
        nearby target, ريف a region, a direction word a reference point when another place
        precedes it in the clause (قرب مخيم الهول شرقي الحسكة), and مراسل / مشفى / المتمركزة a
        place where the reporter, the wounded or the shooters were.
        """
        t = self.text
        if _is_dateline(t, place.norm_start, place.norm_end):
            return "elsewhere"
        a, _ = self._clause(place.norm_start, s, place.norm_end)
        for m in self.found.within("triggers", a, place.norm_start):
            if m.payloads[0].kind != "launch":
                continue
            preps = list(_PREPOSITION.finditer(t, m.end, place.norm_start))
            if preps and preps[-1].group(0) == _MIN:
                return "origin"  # أطلقت الصواريخ من مناطق ... جنوب القامشلي
        before = self.found.within("locators", max(s, place.norm_start - 60), place.norm_start)
        for loc in reversed(before):
            role = loc.payloads[0]
            gap = t[loc.end : place.norm_start].split()
            if role == "elsewhere":
                if len(gap) <= 3 and not _SEPARATOR.search(t[loc.end : place.norm_start]):
                    return "elsewhere"
                continue
            if len(gap) > 1 or (gap and gap[0] not in _GENERIC_NOUNS):
                continue
            if role == "direction":
                a, _ = self._clause(loc.start, s, place.norm_start)
                earlier = self.found.within("places", a, loc.start)
                return "reference" if earlier else "near"
            if role == "origin" and rules.fires("smoke_source"):
                smoke = self.found.within("qualifiers", max(s, loc.start - 40), loc.start)
                if rules.smoke_source(t, loc.start, smoke):
                    return None  # الدخان يتصاعد من القاعدة: the place hit
            if role in ("origin", "near", "region"):
                return role
        return None

    def origins(self, s: int, e: int) -> list[Target]:
        """The places fire came from (أطلقت من الميادين), with site key and precision 2."""
        out = []
        for p in self.found.within("places", s, e):
            key = self._choose_site(p)
            if key is not None and self._role(p, s) == "origin":
                out.append(Target(p, key, 2))
        return out

    def targets(self, s: int, e: int) -> list[Target]:
        """The places attacked in a sentence, with their site key and geo precision."""
        places = self.found.within("places", s, e)
        specific: list[Target] = []
        located: list[Target] = []
        triggers = self.found.within("triggers", s, e)
        background = self._background(s, e)
        inside = [any(a <= p.norm_start < b for a, b in background) for p in places]
        if all(inside):
            inside = [False] * len(places)  # the whole report is the clause: nothing to set apart
        for p, aside in zip(places, inside, strict=True):
            if aside or self._named_attack_elsewhere(p, triggers) or self._not_attacked(p, s, e):
                continue
            if self._downed_over(p, triggers):
                self._downed.add(s)  # the sentence has its place: no antecedent either
                continue
            role = self._role(p, s)
            key = self._choose_site(p)
            if key is None or role in ("origin", "reference", "elsewhere"):
                continue
            if role in ("near", "region"):
                base = self._base_by_locator(p, key)
                if base is not None:
                    specific.append(Target(p, base, 1))
                    continue
            site = self.gaz.sites[key]
            if site.kind in ("region", "zone"):
                located.append(Target(p, key, 3))
            elif role == "near":
                located.append(Target(p, key, 2))
            elif role == "region":
                located.append(Target(p, key, 3))
            else:
                specific.append(Target(p, key, 1))
        chosen = specific or located
        if specific and located:
            # a place "near" which a clause of its own reports a strike is a target too
            # (..., واستهدفت غارة ثالثة نقطة في محيط المطار): keep it at its precision; a
            # region never is (التي تستهدف فيها مواقع في الحسكة: a back-reference's preamble)
            chosen = specific + [
                x for x in located if x[2] == 2 and self._own_clause(x[0], specific, s, e)
            ]
        if len(chosen) > 1:
            chosen = self._drop_locators(chosen)
        if len(chosen) > 1:
            chosen = self._drop_bare_towns(chosen, s, e)
        seen: dict[str, Target] = {}
        for item in chosen:
            seen.setdefault(item[1], item)
        return list(seen.values())

    def _base_by_locator(self, p: PlaceMention, key: str) -> str | None:
        """The facility an unnamed base near a town stands for (rule base_by_locator).

        "a coalition base near Hasakah" after the article placed Kharab al-Jir "in the
        countryside of Hasakah": the base is the facility the article located by that town.
        """
        if not rules.fires("base_by_locator"):
            return None
        t = self.text
        noun_end = rules.base_noun_before(t, p.norm_start)
        if noun_end is None:
            return None
        if self.found.within("places", noun_end, p.norm_start) or self.found.within(
            "triggers", noun_end, p.norm_start
        ):
            return None
        family = {key, *self.gaz.ancestors(key)}
        twin = self._region_twin_key(key)
        if twin:
            family.add(twin)
        for f in self.found.places:
            if f.norm_start >= p.norm_start:
                break
            fkey = self._choose_candidate(f)
            if fkey is None or self.gaz.sites[fkey].kind not in _FACILITY_KINDS:
                continue
            for loc in self.found.within("places", f.norm_end, f.norm_end + 80):
                lkey = self._choose_candidate(loc)
                same_sentence = self._sentence_of(loc.norm_start) == self._sentence_of(f.norm_start)
                if lkey in family and same_sentence:
                    return fkey
        return None

    def _region_twin_key(self, key: str) -> str | None:
        site = self.gaz.sites[key]
        twin = self.gaz.sites.get(site.parent or "")
        if twin is not None and twin.kind == "region" and twin.name_ar.endswith(site.name_ar):
            return twin.key
        return None

    def _downed_over(self, p: PlaceMention, triggers: list[Match[Any]]) -> bool:
        """Whether the place is only where an intercepted aircraft fell (rule interception_away)."""
        if not rules.fires("interception_away"):
            return False
        facility = any(self.gaz.sites[k].kind in _FACILITY_KINDS for k in p.site_keys)
        noun_end = rules.base_noun_before(self.text, p.norm_start)
        base_noun = noun_end is not None and not self.text[noun_end : p.norm_start].strip()
        quals = (
            self.found.within("qualifiers", triggers[0].start - 1, triggers[-1].end)
            if triggers
            else []
        )
        return rules.interception_away([m.start for m in triggers], quals, facility, base_noun)

    def _not_attacked(self, p: PlaceMention, s: int, e: int) -> bool:
        """Whether a deployment, overflight or airspace word governs the place (rule 3)."""
        if not rules.fires("governed_by_non_event"):
            return False
        f = self.found
        cues = [(m.start, True) for m in f.within("triggers", s, e)]
        first_trigger = cues[0][0] if cues else e
        # an aircraft flying when it was downed (أسقطت طائرة كانت تحلق فوق القاعدة) is the
        # object of the attack word before it: its flight words govern nothing
        cues += [
            (m.start, False)
            for m in f.within("qualifiers", s, e)
            if "non_attack" in m.payloads
            or ("overflight" in m.payloads and m.start < first_trigger)
        ]
        _, b = self._clause(p.norm_start, s, e)
        strong_after = any(
            m.payloads[0].strength == "strong" for m in f.within("triggers", p.norm_end, b)
        )
        return rules.governed_by_non_event(p.norm_start, s, cues, strong_after)

    def _choose_site(self, p: PlaceMention) -> str | None:
        """The place a mention means; for an ambiguous name, the candidate the context backs.

        Every place named unambiguously elsewhere in the article votes for the candidates of
        its family: 2 when it is the candidate or one of its ancestors (the governorate named),
        1 when they share an ancestor (another town of the same governorate). The best-backed
        candidate wins; a tie or no backing gives the region-precision place standing for
        the name (:attr:`gazetteer.places.loading.Gazetteer.ambiguous`), never a candidate
        picked at random.
        """
        key = self._choose_candidate(p)
        if key is None or not rules.fires("region_name_of_site"):
            return key
        return self._region_twin(p, key) or key

    def _region_twin(self, p: PlaceMention, key: str) -> str | None:
        """The governorate a city's bare name stands for in this article (rule 5), or None."""
        site = self.gaz.sites[key]
        twin = self.gaz.sites.get(site.parent or "")
        if twin is None or twin.kind != "region" or not twin.name_ar.endswith(site.name_ar):
            return None
        city_word = self.text[max(0, p.norm_start - 6) : p.norm_start].strip()
        near = self.found.within("locators", max(0, p.norm_start - 12), p.norm_start)
        if any(m.payloads[0] == "near" for m in near):
            return None  # قرب الحسكة: a point near the city itself
        in_region = self._facility_governorates()
        if rules.region_name_of_site(
            site.kind, True, city_word.endswith(_CITY), site.governorate in in_region
        ):
            return twin.key
        return None

    def _facility_governorates(self) -> frozenset[str]:
        """The governorates of the bases and fields the article names."""
        if self._facility_gov is None:
            self._facility_gov = frozenset(
                self.gaz.sites[k].governorate
                for q in self.found.places
                for k in q.site_keys
                if self.gaz.sites[k].kind in _FACILITY_KINDS
            )
        return self._facility_gov

    def _choose_candidate(self, p: PlaceMention) -> str | None:
        if len(p.site_keys) == 1:
            return p.site_keys[0]
        gaz = self.gaz
        named = [q.site_keys[0] for q in self.found.places if q is not p and len(q.site_keys) == 1]
        families = {n: {n, *gaz.ancestors(n)} for n in dict.fromkeys(named)}
        scores: dict[str, int] = {}
        for key in p.site_keys:
            lineage = {key, *gaz.ancestors(key)}
            scores[key] = sum(
                2 if n in lineage else 1 if lineage & families[n] else 0 for n in named
            )
        best = max(scores.values())
        winners = [k for k, v in scores.items() if v == best]
        if best > 0 and len(winners) == 1:
            return winners[0]
        return gaz.ambiguous.get(p.site_keys)

    def _named_attack_elsewhere(self, p: PlaceMention, triggers: list[Match[Any]]) -> bool:
        """Whether a place only names another attack (ردا على هجوم التنف) in the sentence.

        The place stands in construct after an attack noun, and the sentence reports its
        attack with another word that is not definite.
        """
        # a verb right before the place governs it (تعرض حقل العمر لقصف): only a noun names
        named = [m for m in triggers if m.end + 1 == p.norm_start and m.payloads[0].pos != "verb"]
        if not named:
            return False
        return any(m not in named and not self._definite(m) for m in triggers)

    def _own_clause(
        self,
        place: PlaceMention,
        others: list[Target],
        s: int,
        e: int,
    ) -> bool:
        """Whether a place's clause reports an attack of its own, apart from the other places.

        The clause (between commas, semicolons or the conjunction و) holds an attack word or
        a casualty figure (ففي قاعدة الشدادي أصيب جندي) and none of the other places.
        """
        a, b = self._clause(place.norm_start, s, e)
        if not (self.found.within("triggers", a, b) or self._casualties(a, b).status == "reported"):
            return False
        return not any(a <= o.norm_start < b for o, _, _ in others)

    def _drop_locators(self, chosen: list[Target]) -> list[Target]:
        keys = {k for _, k, _ in chosen}
        sites = self.gaz.sites
        facilities = [sites[k] for k in keys if sites[k].kind in _FACILITY_KINDS]
        out = []
        for item in chosen:
            key = item[1]
            site = sites[key]
            # A parent named together with its child only locates the child.
            if any(key in self.gaz.ancestors(other) for other in keys if other != key):
                continue
            if site.kind not in _FACILITY_KINDS and any(
                _km(site.lat, site.lon, f.lat, f.lon) <= _LOCATOR_KM for f in facilities
            ):
                continue
            out.append(item)
        return out or chosen[:1]

    def _drop_bare_towns(self, chosen: list[Target], s: int, e: int) -> list[Target]:
        """Drop a town with no weapon word of its own when another target has one.

        Towns listed together (البوكمال والقائم) are kept, and so is a town whose own clause
        reports the attack (كما قُصف مستودع في مدينة الميادين، ...) in a sentence of news.
        """
        owned = self._share(chosen, s, e)
        armed = [bool(o["weapons"]) for o in owned]
        if not any(armed):
            return chosen
        # in a sentence that goes back to earlier attacks (سبق أن، ليست المرة الأولى التي ...)
        # a clause naming a town is preamble, not a report
        reports = not self.found.within("back_refs", s, e)
        pieces = self._segments(chosen, s, e)
        out = []
        for i, item in enumerate(chosen):
            site = self.gaz.sites[item[1]]
            if (
                armed[i]
                or site.kind in _FACILITY_KINDS
                or self._listed_with_armed(chosen, armed, i)
                or (reports and self._own_clause(item[0], chosen[:i] + chosen[i + 1 :], s, e))
                or any(
                    self._elliptical_figure(a, b) is not None for a, b in pieces.get(item[1], [])
                )
            ):
                out.append(item)
        return out

    def _listed_with_armed(self, chosen: list[Target], armed: list[bool], i: int) -> bool:
        t = self.text
        p = chosen[i][0]
        for j, (q, _, _) in enumerate(chosen):
            if j == i or not armed[j]:
                continue
            a, b = (q, p) if q.norm_start < p.norm_start else (p, q)
            gap = t[a.norm_end : b.norm_start].strip(" ,")
            if gap in ("", "\u0648") or (len(gap.split()) <= 1 and gap.startswith("\u0648")):
                return True
        return False

    def _count_for(self, w: Match[WeaponCue]) -> tuple[int | None, bool]:
        """(count, vague) that a countable weapon noun carries."""
        cue = w.payloads[0]
        if not cue.countable:
            return None, False
        t = self.text
        before = self.found.within("numbers", max(0, w.start - 30), w.start)
        if before:
            n = before[-1]
            if n.end <= w.start and t[n.end : w.start].strip() == "" and w.start - n.end <= 2:
                if n.kind == "cardinal":
                    return n.value, False
                if n.kind in ("vague", "one_of"):
                    return None, True
        after = self.found.within("numbers", w.end, w.end + 3)
        if after and after[0].kind == "cardinal" and after[0].value == 1:
            return 1, False
        suffix = t[w.phrase_end : w.end]
        if cue.singular and suffix in ("\u064a\u0646", "\u0627\u0646"):  # ين ان: the dual
            return 2, False
        # ا ي on a bound ta: the dual in construct, its noun's ن dropped (قذيفتا هاون، بمسيرتي)
        bound = w.phrase.endswith("\u0647") and t[w.phrase_end - 1 : w.phrase_end] == "\u062a"
        if cue.singular and bound and suffix in ("\u0627", "\u064a"):
            return 2, False
        if cue.singular and not suffix and not self._has_article(w):
            return 1, False
        return None, False

    def draft(
        self,
        place: PlaceMention,
        key: str,
        precision: int,
        s: int,
        e: int,
        owned: dict[str, list[Any]],
        context_date: DateSpan | None,
    ) -> _Draft:
        """Assemble one incident from a sentence and the cues it owns."""
        f = self.found
        back = bool(f.within("back_refs", s, e))
        if owned["dates"]:
            anchor = (place.norm_start, place.norm_end)
            # a date of the statement dates the attack only when the sentence gives no other
            own = [d for d in owned["dates"] if not self._statement_date(d)]
            dm = min(
                own or owned["dates"], key=lambda d: _distance(self.text, (d.start, d.end), anchor)
            )
            when, dated = dm.span, bool(own)
            times = owned["times"]
            if (
                not own
                and times
                and rules.fires("clock_before_statement")
                and rules.clock_before_statement(
                    rules.afternoon_hour(
                        times[0].time, self.text[times[0].end : times[0].end + 12]
                    ),
                    self.text[dm.start : dm.end],
                )
            ):
                day = dm.span.start - timedelta(days=1)
                when = DateSpan(day, day, "day", times[0].time, dm.span.cue)
        elif self.undated and context_date is None:
            when, dated = _UNKNOWN_DATE, False
        elif back:
            when = DateSpan(
                self.published - timedelta(days=14),
                self.published - timedelta(days=1),
                "unknown",
                past_reference=True,
            )
            dated = False
        elif context_date is not None:
            when, dated = context_date, False
        else:
            when = DateSpan(self.published - timedelta(days=1), self.published, "days")
            dated = False
        d = _Draft(site=key, precision=precision, sentence=(s, e), date=when, dated_here=dated)
        d.back = back
        a, b = self._clause(place.norm_start, s, e)
        d.governed = bool(f.within("triggers", a, b)) or any(
            m.payloads[0].strength == "strong" and 0 <= place.norm_start - m.end <= 40
            for m in f.within("triggers", s, e)
        )
        d.highlights.append((place.norm_start, place.norm_end))
        if owned["dates"]:
            d.highlights.extend((x.start, x.end) for x in owned["dates"])
        if owned["times"]:
            d.time = owned["times"][0].time
            d.highlights.extend((x.start, x.end) for x in owned["times"])
        self._add_weapons(d, owned["weapons"])
        self._add_weapons(d, owned["shared_weapons"], counted=False)
        segments = owned.get("segments")
        if segments:
            for a, b in segments:
                self._add_casualties(d, a, b)
            if d.casualties.status != "reported":
                self._add_elliptical(d, segments, s, e)
        else:
            self._add_casualties(d, s, e)
        self._add_actors(d, s, e)
        d.highlights.extend((m.start, m.end) for m in f.within("triggers", s, e))
        d.cited.extend(m.payloads[0] for m in f.within("sources", s, e))
        return d

    def _add_weapons(
        self, d: _Draft, weapons: Sequence[Match[WeaponCue]], *, counted: bool = True
    ) -> None:
        for w in weapons:
            cue = w.payloads[0]
            if cue.weapon not in d.weapons:
                d.weapons.append(cue.weapon)
            if not counted:
                continue
            count, vague = self._count_for(w)
            if count is not None:
                d.counts[cue.weapon] = max(count, d.counts.get(cue.weapon, 0))
            d.vague_count = d.vague_count or vague
            d.highlights.append((w.start, w.end))

    def _casualties(self, s: int, e: int) -> CasualtyReading:
        """The casualty reading of one sentence (computed once)."""
        key = (s, e)
        if key not in self._cas_cache:
            self._cas_cache[key] = read_casualties(
                self.text, s, e, self.found.within("numbers", s, e)
            )
        return self._cas_cache[key]

    def _elliptical_figure(self, a: int, b: int) -> NumberMention | None:
        """A bare figure in a place's stretch: "و3 في الميادين" after "مقتل 9 في البوكمال".

        A cardinal followed by في or ب (at) with no noun of its own: the noun and the casualty
        word are those of the figure before it.
        """
        t = self.text
        for n in self.found.within("numbers", a, b):
            after = t[n.end : n.end + 4].lstrip()
            if n.kind == "cardinal" and n.value and after.startswith(_AT):
                return n
        return None

    def _add_elliptical(self, d: _Draft, segments: list[tuple[int, int]], s: int, e: int) -> None:
        """Give a place its elliptical figure, in the one category the sentence counts."""
        whole = self._casualties(s, e)
        if whole.status != "reported" or (whole.killed is None) == (whole.injured is None):
            return
        for a, b in segments:
            n = self._elliptical_figure(a, b)
            if n is None:
                continue
            value = n.value
            reading = CasualtyReading(
                killed=value if whole.killed is not None else None,
                injured=value if whole.injured is not None else None,
                status="reported",
                spans=((n.start, n.end),),
            )
            d.casualties = _combine_casualties(d.casualties, reading)
            d.highlights.append((n.start, n.end))
            return

    def _add_casualties(self, d: _Draft, s: int, e: int) -> None:
        reading = self._casualties(s, e)
        if reading.status == "unknown" and not reading.spans:
            return
        d.casualties = _combine_casualties(d.casualties, reading)
        d.highlights.extend(reading.spans)

    def _agent(self, actor: Match[ActorCue], s: int, e: int) -> bool:
        """Whether an actor stands as the subject of an attack verb.

        Right after the verb (verb-subject order, استهدفت المقاومة) or right before it.
        """
        t = self.text
        # a campaign's verb has its subject too (سلسلة الهجمات التي تشنها فصائل ...)
        for m in self._all_triggers.within(s, e):
            if m.end <= actor.start and len(t[m.end : actor.start].strip(' "')) == 0:
                return True
            if actor.end <= m.start and len(t[actor.end : m.start].strip(' "')) == 0:
                return True
        return False

    def _add_actors(self, d: _Draft, s: int, e: int) -> None:
        background = self._background(s, e)
        mentions = [
            m
            for m in self.found.within("actors", s, e)
            if not any(a <= m.start < b for a, b in background)
        ]
        agents = {m.payloads[0].label for m in mentions if self._agent(m, s, e)}
        actors = [m.payloads[0] for m in mentions]
        us = [label for label, side in actors if side == "us"]
        others = [label for label, side in actors if side != "us"]
        if ("airstrike" in d.weapons or "artillery" in d.weapons) and us and d.actor is None:
            d.actor = us[0]
            d.target = d.target or next((o for o in others if o != "Unknown"), None)
            return
        claimed = bool(self.found.within("claims", s, e))
        named = [o for o in others if claimed or o == "Unknown" or o in agents]
        if d.actor is None and named:
            d.actor = named[0]
        site = self.gaz.sites[d.site]
        if d.target is None and (us or site.kind in _US_SITE_KINDS) and d.actor not in us:
            d.target = us[0] if us else "US forces"

    def attach(self, d: _Draft, s: int, e: int) -> None:
        """Fold a sentence without a place into the incident read just before it.

        Once the incident has a count, the sentence's figures do not change it: a follow-up
        tells where the same projectiles fell, or what was found unfired.
        """
        f = self.found
        d.sentences += 1
        self._add_weapons(d, f.within("weapons", s, e), counted=not d.counts)
        self._add_casualties(d, s, e)
        self._add_actors(d, s, e)
        if d.time is None:
            times = f.within("times", s, e)
            if times:
                d.time = times[0].time
        for m in f.within("sources", s, e):
            if m.payloads[0] not in d.cited:
                d.cited.append(m.payloads[0])

    # -- the article -----------------------------------------------------------------------
    def _sentence(self, st: ReadingState, s: int, e: int) -> Sentence:
        """What the rules need to know of one sentence: dates, attack, targets."""
        f = self.found
        dates = f.within("dates", s, e)
        if not dates and st.context_date is not None:
            # مساء اليوم التالي: the day after the one just read about
            dates = self._context_dates(s, e, st.context_date)
        attack = self.is_attack(s, e)
        anaphoric = attack and self._refers_only_back(st, s, e, dates)
        targets = self.targets(s, e) if attack and not anaphoric else []
        last = st.last
        if (
            not targets
            and last is not None
            and e > st.last_touch
            and self._wave(s, e, st.last_touch)
        ):
            # "9 of the dead fell in Albukamal, 5 in al-Mayadin": the same wave of strikes
            # as the sentence before, at further places.
            here = self.targets(s, e)
            targets = [t for t in here if t.key != last.site or len(here) > 1]
            st.context_date = last.date
        return Sentence(s, e, dates, attack, targets)

    def _refers_only_back(self, st: ReadingState, s: int, e: int, dates: list[DateMention]) -> bool:
        """Whether an attack sentence only refers back to an incident already read."""
        f = self.found
        anaphoric = self.anaphoric(s, e)
        if anaphoric and st.last is None:
            # Nothing to refer back to: only figures make it a report of its own.
            anaphoric = not (
                self._casualties(s, e).status == "reported"
                or any(self._count_for(w)[0] for w in f.within("weapons", s, e))
            )
        if (
            anaphoric
            and self._named_past_attack(s, e, f.within("triggers", s, e))
            and (st.last is None or self._own_date(st.last, dates))
        ):
            # "the attack on Tower 22 on 28 January": not the incident just read
            anaphoric = False
        return anaphoric

    def _more_of_last(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 1: more about the incident just read, at places of its own.

        "the rockets fell inside the base at Shaddadi and near a checkpoint on the road to
        Hasakah", "the rockets fell inside the base; their launcher was found near Hit": its
        other places are where the same projectiles landed, a road or a launch site.
        """
        last, s, e = st.last, sen.start, sen.end
        if not sen.targets or last is None or s - st.last_touch > _ADJACENT:
            return False
        if not self._refers_back(last, s, e) or self._other_dates(last, sen.dates):
            return False
        same = any(self._same_site(t.key, last.site) for t in sen.targets)
        definite = self._at_facility(last) and _DEFINITE_FACILITY.search(self.text, s, e)
        if not (same or definite):
            return False
        self.attach(last, s, e)
        st.last_touch = e
        return True

    def _new_incidents(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 2: the sentence reports attacks at its targets.

        A target with no weapon of its own takes the weapons the sentence before named
        without a place ("rockets rained on two sites. At Conoco ...") or, next to the incident
        just read, that incident's ("other strikes hit ...").
        """
        if not sen.targets:
            return False
        for d in self._drafts_for(sen.targets, sen.start, sen.end, st.context_date):
            adjacent = d.sentence[0] - st.last_touch <= _ADJACENT
            lead = st.lead
            if (
                lead is not None
                and d.sentence[0] - lead[0] <= _ADJACENT
                and set(d.weapons) <= {"unknown"}
            ):
                d.weapons = list(lead[1])
            elif not d.weapons and st.last is not None and adjacent:
                d.weapons = [w for w in st.last.weapons if w != "unknown"]
            st.last = self._keep(st.drafts, d)
            st.last_touch = sen.end
        return True

    def _late_date(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 3: the date of the incident just read, which had only a borrowed one.

        "the two rockets fell last night", right after a report dated by the statement or the
        article.
        """
        last, s, e = st.last, sen.start, sen.end
        if last is None or not sen.attack or last.dated_here or s - st.last_touch > _ADJACENT:
            return False
        if not self._refers_back(last, s, e):
            return False
        other = self._other_dates(last, sen.dates)
        if not other:
            return False
        last.date, last.dated_here = other[0].span, True
        last.highlights.append((other[0].start, other[0].end))
        self.attach(last, s, e)
        st.last_touch = e
        return True

    def _same_site_other_day(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 4: "the same base was attacked last Wednesday" -- another incident.

        The sentence names no place of its own (or only where a downed aircraft fell is not
        it), reports an attack in words that are not all definite, on a day of its own.
        """
        last, s, e = st.last, sen.start, sen.end
        if last is None or not sen.attack or s in self._downed:
            return False
        if all(self._definite(m) for m in self.found.within("triggers", s, e)):
            return False
        if not self._own_date(last, sen.dates):
            return False
        d = self._draft_at(self._antecedent(st.drafts, last, s, e), s, e, sen.dates)
        st.last = self._keep(st.drafts, d)
        st.last_touch = e
        return True

    def _fold_into_last(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 5: a sentence with no place and no date adds to the last incident.

        Its weapons, casualties and actors, when it speaks of an attack or gives casualties,
        unless it speaks of other attacks (هجمات متفرقة).
        """
        last, s, e = st.last, sen.start, sen.end
        if last is None or sen.dates or self._other_attacks(s, e):
            return False
        if not (sen.attack or self._casualties(s, e).spans):
            return False
        self.attach(last, s, e)
        st.last_touch = e
        return True

    def _after_sentence(self, st: ReadingState, sen: Sentence) -> None:
        """Carry on: an injury tally, the sentence's date, the weapons it named without a place."""
        s, e = sen.start, sen.end
        if st.last is not None:
            self._apply_tally(st.drafts, st.last, s, e)
        if sen.dates:
            st.context_date = min(sen.dates, key=lambda d: (d.span.end - d.span.start).days).span
        named = [w.payloads[0].weapon for w in self.found.within("weapons", s, e)]
        named = [w for w in dict.fromkeys(named) if w != "unknown"]
        st.lead = (e, named) if sen.attack and not sen.targets and named else None

    def read(self) -> list[Incident]:
        """Every incident of the article, in order of first mention.

        Sentence by sentence (the headline block last), the first of :attr:`SENTENCE_RULES`
        that applies decides what the sentence adds; then :meth:`_after_sentence` carries its
        date, weapons and any injury tally on.
        """
        st = ReadingState()
        sentences = self.sentences
        head = _headline(self.text, sentences)
        for s, e in sentences[head:] + sentences[:head]:
            if (s, e) in sentences[:head] and st.drafts:
                # A headline restates the lead: it may add to incidents, never start one.
                self._fold_headline(st.drafts, s, e, st.context_date)
                continue
            sen = self._sentence(st, s, e)
            for rule in self.SENTENCE_RULES:
                if rule(self, st, sen):
                    break
            self._after_sentence(st, sen)
        drafts = st.drafts
        kept = self._drop_denied(self._drop_summaries(drafts))
        return [self._finish(d, _repeated_site(d, kept)) for d in kept]

    def _drop_denied(self, drafts: list[_Draft]) -> list[_Draft]:
        """Drop figure-less reports at a site the article says was not attacked (rule)."""
        if not rules.fires("denied_attack"):
            return drafts
        denied: set[str] = set()
        for s, e in self.sentences:
            if not any("denial" in m.payloads for m in self.found.within("qualifiers", s, e)):
                continue
            for p in self.found.within("places", s, e):
                key = self._choose_site(p)
                if key is not None:
                    denied |= {key, *(k for k in self.gaz.sites if key in self.gaz.ancestors(k))}
        return [d for d in drafts if not rules.denied_attack(denied, d.site, bool(d.counts))]

    def _apply_tally(self, drafts: list[_Draft], last: _Draft, s: int, e: int) -> None:
        """An official injury tally updates the attack it names, else the one just read."""
        if not rules.fires("injury_tally"):
            return
        numbers = [
            (n.start, n.end, n.value)
            for n in self.found.within("numbers", s, e)
            if n.kind == "cardinal" and n.value
        ]
        injured = rules.injury_tally(self.text, numbers)
        if injured is None:
            return
        keys = [k for p in self.found.within("places", s, e) if (k := self._choose_site(p))]
        named = [d for d in drafts if any(self._same_site(d.site, k) for k in keys)]
        d = named[-1] if named else last
        c = d.casualties
        if c.injured is None or c.injured < injured:
            d.casualties = CasualtyReading(
                killed=c.killed, injured=injured, status="reported", note=c.note, spans=c.spans
            )

    def _context_dates(self, s: int, e: int, context: DateSpan) -> list[DateMention]:
        """Resolve the sentence's days named from the context (اليوم التالي) and keep them.

        They are added to the article's dates, so that every later step sees them as any other
        date of the sentence.
        """
        f = self.found
        if context.start in (date.min, date.max) or context.start is None:
            return []
        for c in find_context_days(self.text[s:e]):
            try:
                day = context.start + timedelta(days=c.offset)
            except OverflowError:
                continue
            if day > self.published:
                continue
            end = day + timedelta(days=1) if c.night and day < self.published else day
            cue = self.text[s + c.start : s + c.end]
            span = DateSpan(day, end, "night" if end != day else "day", cue=cue)
            f.insert_date(DateMention(s + c.start, s + c.end, span))
        return f.within("dates", s, e)

    def _drop_summaries(self, drafts: list[_Draft]) -> list[_Draft]:
        """Drop region-only drafts whose days are covered by placed reports in the article.

        "Strikes on sites in Deir ez-Zor province killed 17", then the places one by one: the
        first sentence summarises the others and is not an incident of its own. When one placed
        report of that region and day is all it can be about, its casualties and weapons go to
        that report (rule 9, :func:`gazetteer.extract.precision.fold_region_report`).
        """
        placed = [d for d in drafts if d.precision < 3]
        out = []
        for d in drafts:
            covering = [
                p for p in placed if p.date.start <= d.date.end and d.date.start <= p.date.end
            ]
            if d.precision < 3 or not covering:
                out.append(d)
                continue
            inside = [p for p in covering if self._in_region(p.site, d.site)]
            within = [p for p in inside if d.date.start <= p.date.start <= p.date.end <= d.date.end]
            inside = within if len(within) == 1 else inside
            if rules.fires("fold_region_report") and rules.fold_region_report(len(inside)):
                _fold_summary(inside[0], d)
        return out

    def _in_region(self, site: str, region: str) -> bool:
        """Whether a site lies in a region (its ancestor, or the governorate it names)."""
        if region in self.gaz.ancestors(site):
            return True
        r = self.gaz.sites[region]
        return (
            r.kind == "region"
            and bool(r.governorate)
            and (self.gaz.sites[site].governorate == r.governorate)
        )

    def _wave(self, s: int, e: int, last_touch: int) -> bool:
        """Whether a sentence gives more places of the wave of strikes just read.

        It comes right after an incident, gives casualties at named places, and has no weapon
        and no date of its own.
        """
        f = self.found
        if s - last_touch > _ADJACENT or f.within("dates", s, e) or f.within("weapons", s, e):
            return False
        modes = {m.payloads[0] for m in f.within("non_events", s, e)}
        if modes:
            return False
        return self._casualties(s, e).status == "reported" and bool(f.within("places", s, e))

    def _segments(self, targets: list[Target], s: int, e: int) -> dict[str, list[tuple[int, int]]]:
        """Cut a sentence naming several places into one stretch per place mention.

        A stretch runs from the clause boundary after the previous place to the clause boundary
        before the next one, so that "9 killed in A, 5 in B" gives each place its figure.
        """
        keys = {k for _, k, _ in targets}
        mentions = [
            (p, k)
            for p in self.found.within("places", s, e)
            for k in p.site_keys
            if k in keys and self._role(p, s) not in ("origin", "reference", "elsewhere")
        ]
        mentions.sort(key=lambda x: x[0].norm_start)
        bounds = [s]
        for (a, _), (b, _) in pairwise(mentions):
            seps = list(_SEPARATOR.finditer(self.text, a.norm_end, b.norm_start))
            bounds.append(seps[-1].start() if seps else (a.norm_end + b.norm_start) // 2)
        bounds.append(e)
        out: dict[str, list[tuple[int, int]]] = {}
        for i, (_, k) in enumerate(mentions):
            out.setdefault(k, []).append((bounds[i], bounds[i + 1]))
        return out

    def _drafts_for(
        self,
        targets: list[Target],
        s: int,
        e: int,
        context_date: DateSpan | None,
    ) -> list[_Draft]:
        owned = self._share(targets, s, e)
        if len(targets) > 1:
            for o, pieces in zip(
                owned,
                (self._segments(targets, s, e).get(k, []) for _, k, _ in targets),
                strict=True,
            ):
                o["segments"] = pieces
        response = self._response_weapons(targets, owned, s, e)
        made = [
            self.draft(place, key, precision, s, e, owned[i], context_date)
            for i, (place, key, precision) in enumerate(targets)
        ]
        origins = self.origins(s, e)
        if response and origins:
            place, key, precision = origins[0]
            riposte = {"weapons": response, "shared_weapons": [], "dates": [], "times": []}
            made.append(self.draft(place, key, precision, s, e, riposte, made[0].date))
        made.extend(self._similar_earlier(made, s, e))
        return made

    def _fold_headline(
        self, drafts: list[_Draft], s: int, e: int, context_date: DateSpan | None
    ) -> None:
        targets = self.targets(s, e) if self.is_attack(s, e) else []
        if not targets:
            return
        for d in self._drafts_for(targets, s, e, context_date):
            for old in drafts:
                if self._same_site(old.site, d.site):
                    for w in d.weapons:
                        if w not in old.weapons:
                            old.weapons.append(w)
                    break

    def _antecedent(self, drafts: list[_Draft], last: _Draft, s: int, e: int) -> _Draft:
        """The incident a sentence with no place of its own goes back to.

        The last one, unless the sentence names its place with a definite facility noun
        (القاعدة، المطار، الحقل) and the last incident was not at a facility (a town hit back):
        then the latest incident at a facility.
        """
        m = _DEFINITE_FACILITY.search(self.text, s, e)
        if m is None:
            return last
        noun = rules.facility_noun(m.group(0))
        if noun is not None and rules.fires("facility_noun_antecedent"):
            # المطار ذاته: the latest incident at a place its own name calls an airport
            named = [d for d in drafts if rules.names_facility(self._arabic_names(d.site), noun)]
            if named:
                return named[-1]
        if self._at_facility(last):
            return last
        return next((d for d in reversed(drafts) if self._at_facility(d)), last)

    def _arabic_names(self, key: str) -> list[str]:
        site = self.gaz.sites[key]
        return [normalise(n) for n in (site.name_ar, *site.aliases_ar)]

    def _at_facility(self, d: _Draft) -> bool:
        site = self.gaz.sites.get(d.site) if d.site else None
        return site is not None and site.kind in _FACILITY_KINDS

    def _statement_date(self, d: DateMention) -> bool:
        """Whether a date dates a statement rather than an attack.

        It does right after a verb of speaking or publishing (قال اليوم), or after that verb
        and its subject when set off by commas (أفاد مصدر أمني في المحافظة، يوم الجمعة، بسقوط
        ...), with no attack or weapon word in between.
        """
        t = self.text
        window = max(0, d.start - 80)
        for m in reversed(self.cues.statements.find(t[window : d.start])):
            verb_end = window + m.end
            gap = t[verb_end : d.start]
            words = gap.split()
            if len(words) <= 1:
                return True
            set_off = gap.rstrip().endswith(",") and t[d.end : d.end + 2].lstrip().startswith(",")
            quiet = not (
                self.found.within("triggers", verb_end, d.start)
                or self.found.within("weapons", verb_end, d.start)
            )
            if set_off and quiet and len(words) <= 8:
                return True
            if (
                quiet
                and len(words) <= 8
                and rules.fires("statement_date")
                and rules.closing_statement_date(t, verb_end, d.start, d.end)
            ):
                return True
        if rules.fires("statement_date"):
            after = self.cues.statements.find(t[d.end : d.end + 30])
            return rules.opening_statement_date(t, d.start, d.end, [d.end + m.start for m in after])
        return False

    def _refers_back(self, last: _Draft, s: int, e: int) -> bool:
        """Whether a sentence goes on about the incident just read (الصاروخين سقطا ...).

        Its first weapon word carries the article and names a weapon of that incident, or a
        projectile of no stated kind (القذائف سقطت ...); later ones may be new (a launcher
        holding six rockets that did not fire).
        """
        weapons = self.found.within("weapons", s, e)
        return (
            bool(weapons)
            and self._has_article(weapons[0])
            and weapons[0].payloads[0].weapon in (*last.weapons, "unknown")
        )

    def _other_dates(self, last: _Draft, dates: list[DateMention]) -> list[DateMention]:
        return [
            d
            for d in dates
            if (d.span.end < last.date.start or last.date.end < d.span.start)
            and not self._statement_date(d)
        ]

    def _own_date(self, last: _Draft, dates: list[DateMention]) -> bool:
        """Whether a sentence dates its attack apart from the incident read just before."""
        return bool(self._other_dates(last, dates))

    def _draft_at(self, last: _Draft, s: int, e: int, dates: list[DateMention]) -> _Draft:
        when = self._other_dates(last, dates)[0]
        d = _Draft(
            site=last.site,
            precision=last.precision,
            sentence=(s, e),
            date=when.span,
            dated_here=True,
        )
        d.back = bool(self.found.within("back_refs", s, e))
        d.highlights.append((when.start, when.end))
        self._add_weapons(d, self.found.within("weapons", s, e))
        self._add_casualties(d, s, e)
        self._add_actors(d, s, e)
        d.highlights.extend((m.start, m.end) for m in self.found.within("triggers", s, e))
        return d

    def _share(self, targets: list[Target], s: int, e: int) -> list[dict[str, list[Any]]]:
        """Give each target the weapons, dates and times nearest to it."""
        f = self.found
        owned: list[dict[str, list[Any]]] = [
            {"weapons": [], "shared_weapons": [], "dates": [], "times": []} for _ in targets
        ]
        anchors = [(p.norm_start, p.norm_end) for p, _, _ in targets]
        background = [
            b for b in self._background(s, e) if not any(b[0] <= a[0] < b[1] for a in anchors)
        ]
        for name in ("weapons", "dates", "times"):
            for item in f.within(name, s, e):
                span = (_start(item), _end(item))
                if any(a <= span[0] < b for a, b in background):
                    continue
                best = min(
                    range(len(targets)), key=lambda i: _distance(self.text, span, anchors[i])
                )
                owned[best][name].append(item)
        if len(targets) > 1:
            # A target with no weapon or date of its own shares the sentence's, but a count
            # stays with the target it was written next to.
            every_weapon = [w for o in owned for w in o["weapons"]]
            every_date = [d for o in owned for d in o["dates"]]
            for o in owned:
                o["shared_weapons"] = [] if o["weapons"] else every_weapon
                if not o["dates"]:
                    o["dates"] = every_date
        return owned

    def _background(self, s: int, e: int) -> list[tuple[int, int]]:
        """The clauses of a sentence that tell another, earlier event (rule background_clause)."""
        if not rules.fires("background_clause"):
            return []
        definite = [m.start for m in self.found.within("triggers", s, e) if self._has_article(m)]
        out = []
        for q in self.found.within("qualifiers", s, e):
            span = rules.background_clause(self.text, q, definite, e)
            if span is not None:
                out.append(span)
        return out

    def _clause(self, pos: int, s: int, e: int) -> tuple[int, int]:
        """The clause around ``pos``: between the separators before and after it."""
        left = s
        for m in _SEPARATOR.finditer(self.text, s, pos):
            left = m.end()
        nxt = _SEPARATOR.search(self.text, pos, e)
        return left, nxt.start() if nxt else e

    def _response_weapons(
        self,
        targets: list[Target],
        owned: list[dict[str, list[Any]]],
        s: int,
        e: int,
    ) -> list[Match[WeaponCue]]:
        """Artillery or air strikes by US forces that answer an attack on a US site.

        They are taken away from the attacked site's incident (the US did not shell its own
        base) and returned, so that they may become an incident at the launch site.
        """
        out: list[Match[WeaponCue]] = []
        for (_, key, _), o in zip(targets, owned, strict=True):
            if self.gaz.sites[key].kind not in _US_SITE_KINDS:
                continue
            keep = []
            for w in o["weapons"]:
                a, b = self._clause(w.start, s, e)
                us_here = any(m.payloads[0].side == "us" for m in self.found.within("actors", a, b))
                if w.payloads[0].weapon in ("artillery", "airstrike") and us_here:
                    out.append(w)
                else:
                    keep.append(w)
            o["weapons"] = keep
        return out

    def _similar_earlier(self, made: list[_Draft], s: int, e: int) -> list[_Draft]:
        """The earlier attack of "... after two days of a similar attack", same site."""
        out = []
        for m in _AFTER_SIMILAR.finditer(self.text, s, e):
            unit = _UNIT_DAYS.get(m.group("unit"))
            if unit is None or not made or made[0].date is _UNKNOWN_DATE:
                continue
            n = 1
            numbers = self.found.within("numbers", m.start("n"), m.end("n") + 1)
            if numbers and numbers[0].value:
                n = numbers[0].value
            days = unit * n
            ref = made[0]
            start = ref.date.start - timedelta(days=days)
            end = ref.date.end - timedelta(days=days)
            earlier = _Draft(
                site=ref.site,
                precision=ref.precision,
                sentence=(s, e),
                date=DateSpan(start, end, ref.date.precision, past_reference=True),
                dated_here=True,
                back=True,
            )
            earlier.highlights.append((m.start(), m.end()))
            out.append(earlier)
        return out

    def _keep(self, drafts: list[_Draft], d: _Draft) -> _Draft:
        """Add a draft, or fold it into an earlier one about the same site and date."""
        for old in drafts:
            if not self._same_site(old.site, d.site):
                continue
            if (old.precision == 3) != (d.precision == 3):
                continue  # a region-wide summary does not absorb a placed report
            if old.date.end < d.date.start or d.date.end < old.date.start:
                continue
            if old.dated_here and d.dated_here and old.date != d.date and old.back != d.back:
                continue
            if old.site in self.gaz.ancestors(d.site):
                old.site = d.site  # the more specific place wins
            _merge_into(old, d)
            return old
        drafts.append(d)
        return d

    def _same_site(self, a: str, b: str) -> bool:
        return a == b or a in self.gaz.ancestors(b) or b in self.gaz.ancestors(a)

    def _finish(self, d: _Draft, repeated_site: bool = False) -> Incident:
        site = self.gaz.sites[d.site]
        weapons = [w for w in d.weapons if w != "unknown"] or ["unknown"]
        weapons.sort(key=WEAPONS.index)
        count: int | None = None
        counts = dict(d.counts)
        if "airstrike" in weapons and len(counts) > 1:
            # An air or drone strike counts its munitions when stated, else its strikes:
            # the aircraft is the platform, not the projectile.
            munitions = {w: n for w, n in counts.items() if w not in ("airstrike", "drone")}
            counts = (
                munitions or {"airstrike": counts.get("airstrike", 0)}
                if munitions or ("airstrike" in counts)
                else counts
            )
        if counts and not d.vague_count:
            count = sum(counts.values())
        elif d.counts and d.vague_count:
            count = None
        cas = d.casualties
        known = d.date is not _UNKNOWN_DATE
        if known:
            new = not d.back and d.date.end >= self.published - timedelta(days=_NEWS_DAYS)
        else:
            new = not d.back
        date_start = d.date.start if known else None
        date_end = d.date.end if known else None
        start, end = self.norm.source_span(*d.sentence)
        raw = self.article.text
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        highlights = sorted(
            {
                self.norm.source_span(a, b)
                for a, b in d.highlights
                if d.sentence[0] <= a and b <= d.sentence[1]
            }
        )
        cited = tuple(dict.fromkeys(d.cited or self.article_sources))
        actor = d.actor
        if actor is None and "airstrike" not in weapons:
            actor = self.claimed_actor
        # The fields the summary is built from are the incident's own.
        shared = {
            "site_name": site.name_en,
            "weapon": tuple(weapons),
            "count": count,
            "killed": cas.killed,
            "injured": cas.injured,
            "casualties": cas.status,
            "actor": actor,
            "target": d.target,
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": d.date.precision,
            "time": d.time,
        }
        confidence, reasons = score_confidence(
            Evidence(
                governed=d.governed,
                geo_precision=d.precision,
                own_date=d.dated_here,
                figure=count is not None or cas.status != "unknown",
                weapon=weapons != ["unknown"],
                fresh=new,
                sentences=d.sentences,
                repeated_site=repeated_site,
                date_precision=d.date.precision,
            )
        )
        return Incident(
            article=self.article.id,
            site=site.key,
            lat=site.lat,
            lon=site.lon,
            geo_precision=d.precision,
            casualty_note=cas.note,
            new=new,
            outlet=self.article.outlet,
            cited=cited,
            quote=raw[start:end],
            span=(start, end),
            summary_en=summarise(**shared),
            highlights=tuple(highlights),
            confidence=confidence,
            confidence_reasons=reasons,
            **shared,
        )


_Reader.SENTENCE_RULES = (
    _Reader._more_of_last,
    _Reader._new_incidents,
    _Reader._late_date,
    _Reader._same_site_other_day,
    _Reader._fold_into_last,
)


def _combine_casualties(a: CasualtyReading, b: CasualtyReading) -> CasualtyReading:
    """Combine two readings of the same incident conservatively."""
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
        return min(x, y)

    status = "reported" if "reported" in (a.status, b.status) else "none"
    return CasualtyReading(
        killed=low(a.killed, b.killed, "killed"),
        injured=low(a.injured, b.injured, "injured"),
        status=status,
        note="; ".join(dict.fromkeys(notes)),
        spans=a.spans + b.spans,
    )


def _repeated_site(d: _Draft, drafts: list[_Draft]) -> bool:
    """Whether a draft without a date of its own shares its site with a dated one."""
    return not d.dated_here and any(
        o is not d and o.site == d.site and o.dated_here for o in drafts
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
    old.sentences += new.sentences


def extract(article: Article, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """Tag every incident an article reports.

    Parameters
    ----------
    article : Article
        The article; its publication date resolves relative dates. Without one, only absolute
        dates are resolved and the other incidents carry no date (precision "unknown").
    gazetteer : Gazetteer, optional
        The places; the packaged gazetteer by default.

    Returns
    -------
    list of Incident
        In order of first mention; empty when the article reports no incident.
    """
    if not article.text.strip():
        return []
    return _Reader(article, gazetteer or load_gazetteer(), load_cues()).read()
