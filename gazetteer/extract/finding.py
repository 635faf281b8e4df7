"""Finding, once per article, every cue the reader uses (first layer of the reader).

:class:`Finder` normalises the text, runs every lexicon and grammar over it once (the dates as
far as the reader asks: :mod:`.date_reach`), keeps the results sorted by position, and answers
the word-level questions later layers ask: is this attack word definite, does this date date a
statement, may a stretch read casualties (the figures themselves: :mod:`.figures`).
"""

from __future__ import annotations

import bisect
from datetime import date
from functools import cached_property, lru_cache, partial
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_elsewhere as elsewhere
from gazetteer.extract import precision_habits as habits
from gazetteer.extract import precision_owners as owners
from gazetteer.extract import precision_referents as referents
from gazetteer.extract.answers import answered_once
from gazetteer.extract.cues import Cues, TriggerCue, WeaponCue
from gazetteer.extract.date_reach import article_reach
from gazetteer.extract.grammar.casualties import CAS_WORD, CUE_ROLES, READING_ROLES
from gazetteer.extract.grammar.dates import (
    DateMention,
    TimeMention,
    find_absolute_dates,
    find_dates,
    find_times,
)
from gazetteer.extract.grammar.numbers import NumberIndex
from gazetteer.extract.precision_discourse import since_when
from gazetteer.extract.precision_figures import route_noun
from gazetteer.extract.precision_parties import without_patrons
from gazetteer.extract.precision_retold import ordinal_period
from gazetteer.extract.precision_targets import owned_target_out
from gazetteer.extract.rule_index import hand_over_raw_hits, raw_words
from gazetteer.extract.spans import BlockCuts, Contained, KeyIndex, Overlaps, StartIndex
from gazetteer.extract.state import (
    _ART,
    _RELATIVE,
    _SINCE,
    _Found,
    _sentences,
    _start,
    separator_spans,
)
from gazetteer.places.loading import Gazetteer
from gazetteer.records import Article
from gazetteer.text.matcher import Match, MatcherSet, PhraseMatcher, thinned
from gazetteer.text.normalize import normalise_with_offsets

#: The lexicons found in the whole text, in the order of :func:`_lexicons`'s matchers.
_LEXICONS = (
    "sources",
    "actors",
    "qualifiers",
    "triggers",
    "weapons",
    "non_events",
    "claims",
    "back_reference",
    "locators",
    "casualties",
)


@lru_cache(maxsize=4)
def _lexicons(cues: Cues, qualifiers: PhraseMatcher[str], places: PhraseMatcher[Any]) -> MatcherSet:
    """The lexicons of :data:`_LEXICONS`, then the places, as one automaton.

    It also finds the date grammar's anchor words and the rules' bare words (:func:`raw_words`).
    Built once per set of matchers (a gazetteer keeps its place matcher).
    """
    lexicons = [qualifiers if name == "qualifiers" else getattr(cues, name) for name in _LEXICONS]
    return MatcherSet([*lexicons, places], raw=raw_words())


class Finder:
    """Finds every cue of one article once and answers word-level questions about them."""

    def __init__(self, article: Article, gazetteer: Gazetteer, cues: Cues) -> None:
        self.article = article
        self.gaz = gazetteer
        self.cues = cues
        self.norm = normalise_with_offsets(article.text)
        self.text = self.norm.text
        self.published = article.published or date.today()
        #: Without a publication date only absolute dates (with a year) can be resolved.
        self.undated = article.published is None
        #: The casualty words of the whole text (every hit).
        self._casualty_words: list[Match[str]] = []
        #: Where the casualty words that may give a reading stand (see :meth:`_reads_casualties`).
        self._casualty_figures = Contained([])
        self._casualty_cues = Contained([])
        self._casualty_nouns = Contained([])
        self._facility_gov: frozenset[str] | None = None
        #: Per list of dates shared by a sentence's targets: the list, its dates not of the
        #: statement, the dates chosen from, and their nearest-date index (drafting).
        self._date_index: dict[int, tuple[Any, ...]] = {}
        #: Sentences whose place is only where an intercepted aircraft fell.
        self._downed: set[int] = set()
        #: The background clauses of each range asked for (:meth:`_background`).
        self._backgrounds: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.sentences = _sentences(self.text)
        self._sentence_starts = [s for s, _ in self.sentences]
        self.found = self._find_all()
        self.article_sources = list(dict.fromkeys(m.payloads[0] for m in self.found.sources))

    def _find_all(self) -> _Found:
        t = self.text
        c = self.cues
        qualifiers = rules.load_qualifiers().matcher
        # every lexicon and the places in one pass over the text (what each matcher finds)
        every, raw = _lexicons(c, qualifiers, self.gaz.place_matcher).find_all_with_raw(t)
        self.rule_hits = hand_over_raw_hits(t, raw)  # and the dates' scan takes its anchors
        place_hits = every.pop()
        found = {name: thinned(hits) for name, hits in zip(_LEXICONS, every, strict=True)}
        self._casualty_words = every[-1]  # and by phrase start, for one sentence's (linear):
        self._casualty_index = KeyIndex(every[-1], lambda m: m.phrase_start)
        self._index_casualty_roles(every[-1])
        sources = found["sources"]
        taken = Overlaps([(m.start, m.end) for m in sources])
        places = [
            p
            for p in self.gaz.find_places(self.norm, place_hits)
            if not taken.hits(p.norm_start, p.norm_end)
        ]
        places.sort(key=lambda p: p.norm_start)
        if rules.fires("distant_site_name"):  # السفارة الأمريكية في عمان: not Baghdad's
            places = rules.drop_distant_site_names(t, places, self.gaz)
        self.qualifiers = sorted(found["qualifiers"], key=lambda m: m.start)
        self._quals = StartIndex(self.qualifiers, lambda m: m.start)
        self.all_triggers = found["triggers"]
        self._all_triggers = StartIndex(self.all_triggers, lambda m: m.start)
        triggers = self._not_campaign(self.all_triggers)
        times = find_times(t)  # once per article: the dates and the numbers read them too
        weapons = self._weapons(found["weapons"], triggers)
        quals, read = self.qualifiers, self._casualty_sentences  # dates only where asked for:
        reach = article_reach(t, self.sentences, [*triggers, *weapons], weapons, quals, read)
        return _Found(
            places=places,
            weapons=weapons,
            triggers=triggers,
            non_events=found["non_events"],
            actors=self._actors(found["actors"]),
            claims=owned_target_out(t, found["claims"], places)  # (the party owns the target)
            if rules.fires("owned_target")
            else found["claims"],
            sources=sources,
            back_refs=found["back_reference"],
            locators=found["locators"],
            # A date word inside a cited name is not a date (بغداد اليوم، روسيا اليوم).
            dates=[d for d in self._dates(times, reach) if not taken.hits(d.start, d.end)],
            times=sorted(times, key=lambda d: d.start),
            numbers=NumberIndex(t, times),  # parsed where asked for
            qualifiers=self.qualifiers,
        )

    def _actors(self, actors: list[Match[Any]]) -> list[Match[Any]]:
        """The actor names less a side's patron (rule patron_phrase: المدعومة من واشنطن)."""
        return without_patrons(self.text, actors)  # (asks whether the rule is on)

    def _not_campaign(self, triggers: list[Match[TriggerCue]]) -> list[Match[TriggerCue]]:
        """The attack words that may report one attack (rule 2 drops a campaign's).

        A verb right after a campaign's noun (الهجمات التي تستهدف، سلسلة من الهجمات استهدفت) has
        that noun as its subject and goes with it.
        """
        if not rules.fires("campaign_trigger"):
            return triggers
        out: list[Match[TriggerCue]] = []
        last_campaign: int | None = None
        for m in triggers:
            # its first words: at most five (the tests below look at four at most)
            gap = (
                self.text[last_campaign : m.start].split(None, 4)
                if last_campaign is not None
                else []
            )
            # the verb of a campaign noun: right after it, after a relative pronoun, or after
            # the campaign's instrument (هجمات متكررة بصواريخ الكاتيوشا تستهدف ...)
            follows = last_campaign is not None and (
                not gap
                or (len(gap) == 1 and gap[0] in _RELATIVE)
                or (len(gap) <= 4 and any(w.startswith("\u0628") for w in gap[1:] or gap))
            )
            # (a period of rule campaign_trigger may close the clause further on)
            near = self._quals.within(m.start - 20, m.end + 120)
            if rules.campaign_trigger(self.text, m, near) or (
                follows and m.payloads[0].pos in ("verb", "both")
            ):
                last_campaign = m.end
                continue
            out.append(m)
        return out

    def _sentences_with_qualifier(self, payload: str) -> list[tuple[int, int]]:
        """The sentences holding a qualifier with ``payload``, in order.

        The sentences ``(s, e)`` for which ``any(payload in m.payloads for m in
        self.found.within("qualifiers", s, e))``, found from the few qualifiers, not by asking
        every sentence.
        """
        starts, sentences = self._sentence_starts, self.sentences
        chosen: dict[int, None] = {}
        for m in self.qualifiers:
            if payload in m.payloads:
                i = bisect.bisect_right(starts, m.start) - 1
                if i >= 0 and m.start < sentences[i][1]:
                    chosen[i] = None
        return [sentences[i] for i in sorted(chosen)]

    def _busy_sentences(self) -> set[int]:
        """The indexes of the sentences that may be more than quiet.

        A sentence left out holds no attack word, no weapon word and no date (the found lists;
        a date found later, of a day named from the context, is only ever added to the
        sentence being read), reads as no casualties (:meth:`_reads_casualties` is False) and
        cuts no word at either edge; one listed may still be quiet. The reader reads every
        listed one in full.
        """
        starts, sentences, f = self._sentence_starts, self.sentences, self.found
        busy: set[int] = set(self._casualty_sentences)
        words = [m.start for m in f.triggers] + [m.start for m in f.weapons]
        for pos in words + [d.start for d in f.dates]:
            i = bisect.bisect_right(starts, pos) - 1
            if i >= 0 and pos < sentences[i][1]:
                busy.add(i)
        # No sentence cuts a word (_cuts_word at either edge): each starts and ends at the text's
        # edge or a mark that ends a word (tests/test_whole_text_paths.py); none added for that.
        return busy

    @cached_property
    def _casualty_sentences(self) -> set[int]:
        """The sentences where a casualty word that may read starts, asked in full: they read."""
        starts, sentences = self._sentence_starts, self.sentences
        out: set[int] = set()
        for m in self._casualty_words:
            i = bisect.bisect_right(starts, m.phrase_start) - 1
            if i < 0 or i in out or m.phrase_start >= sentences[i][1]:
                continue
            reads = not (READING_ROLES.isdisjoint(m.payloads) and CUE_ROLES.isdisjoint(m.payloads))
            if reads and self._reads_casualties(*sentences[i]):
                out.add(i)
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
            weapons = rules.indirect_fire(weapons, q, (0, len(self.text)))
        index = StartIndex(triggers, lambda m: m.start)
        weapons = [w for w in weapons if self._platform_strikes(w, index)]
        if rules.fires("stored_weapon"):
            t = self.text
            weapons = [
                w for w in weapons if not rules.stored_weapon(t[max(0, w.start - 30) : w.start])
            ]
        if rules.fires("route_noun"):  # ليكمل مسيره: its journey, no drone
            weapons = [w for w in weapons if not self._route_noun(w)]
        if not rules.fires("overflight_aircraft"):
            return weapons
        out = []
        for w in weapons:
            if w.payloads[0].weapon in ("airstrike", "drone") and self._flies_over(w, index):
                continue
            out.append(w)
        return out

    def _route_noun(self, w: Match[WeaponCue]) -> bool:
        """Whether a drone word is the noun "its journey" (rule route_noun)."""
        if w.payloads[0].weapon != "drone" or not self.text.endswith("\u0647", 0, w.end):
            return False
        raw = self.article.text[self.norm.source_index(w.end - 1)]
        return route_noun(self.text, w.start, raw)

    def _platform_strikes(self, w: Match[WeaponCue], triggers: StartIndex[Match[Any]]) -> bool:
        """Whether a weapon word stands; an aircraft noun only as a strike's subject (rule)."""
        if w.payloads[0].role != "platform":
            return True
        if not rules.fires("aircraft_striker"):
            return False
        s, e = self._sentence_of(w.start)
        quals = self._quals.within(s, e)
        # not a fall, an explosion or an interception (اعترضت الدفاعات الطائرات: the object)
        stops = {q.start for q in quals if "interception" in q.payloads}
        near = [
            m
            for m in triggers.within(s, e)  # its sentence's, by bisection: linear in the text
            if m.payloads[0].kind not in ("fall", "explosion")
            and m.start not in stops
        ]
        overflights = [q.start for q in quals if "overflight" in q.payloads]
        return rules.aircraft_striker(
            self.text,
            (w.start, w.end),
            [(m.start, m.end, m.payloads[0].pos in ("verb", "both")) for m in near],
            overflights,
            self.text[max(0, w.start - 1) : w.phrase_start].endswith("\u0628"),  # بـ
        )

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
        before = [
            m
            for m in triggers.within(max(s, w.start - 120), w.start)
            if m.end <= w.start <= m.end + 80
        ]
        # the overflight words between that attack word and the aircraft (they start after
        # the sentence's start and before the clause's end): looked up, not scanned for
        if before and not any(
            "overflight" in q.payloads for q in self._quals.within(before[-1].end, w.start)
        ):
            return False
        # the rule reads only the qualifiers starting in the clause (which starts at or
        # after the sentence's start): those from the sentence's start give the same answer
        return rules.overflight_aircraft(self.text, w, self._quals.within(*clause), clause)

    def _dates(self, times: list[TimeMention], reach: int | None = None) -> list[DateMention]:
        """The article's dates (those of the stretches that start before ``reach``, if given)."""
        if not self.undated:
            found = find_dates(self.text, self.published, times, reach)
        else:
            found = find_absolute_dates(self.text, times, reach)  # those that name their year
        t = self.text
        found = sorted(found, key=lambda d: d.start)
        by_start = StartIndex(found, lambda d: d.start)
        since = rules.fires("period_since")
        began = rules.fires("since_began")  # منذ الهجمات التي بدأت في 17 أكتوبر
        # تم إخلاؤه بتاريخ 20-10-2023: not the attack's (asked near an event noun only)
        events = habits.event_word_set()
        other = rules.fires("other_event_date") and any(w in events for _, w in self.rule_hits)
        future = rules.fires("future_weekday")  # ستبث الاحد: the coming day, no date told
        counted = rules.fires("ordinal_period")  # هو الثاني هذا الاسبوع: the count's span
        kept = sorted(
            (
                d
                for d in found
                if (
                    not _SINCE.search(t, max(0, d.start - 6), d.start)
                    or (rules.fires("since_when") and since_when(t, d))
                )
                and not (since and self._period_since(d, by_start))
                and not (began and owners.since_began(t, d.start))
                and not (other and self._other_event(d))
                and not (future and referents.future_weekday(t, d))
                and not (counted and ordinal_period(t, d.start, d.end, d.span.precision))
            ),
            key=lambda d: d.start,
        )
        if rules.fires("same_year") and not self.undated:  # من العام ذاته: the year before
            return referents.same_year_dates(t, kept, self.published)
        return kept

    def _other_event(self, d: DateMention) -> bool:
        """Rule other_event_date (:mod:`.precision_habits`), with the attack words near it."""
        near = [m.start for m in self._all_triggers.within(d.start - 60, d.start)]
        return habits.other_event_date(self.text, d.start, near)

    def _period_since(self, d: DateMention, dates: StartIndex[DateMention]) -> bool:
        """Rule 1 with the cues near the date only (linear in the article's length)."""
        return rules.period_since(
            self.text,
            d,
            dates.first_at_or_after,
            self._quals.within(d.start - 120, d.start),
            [m.start for m in self._all_triggers.within(d.start - 120, d.start)],
        )

    @answered_once
    def _clause(self, pos: int, s: int, e: int) -> tuple[int, int]:
        """The clause around ``pos``: between the separators before and after it."""
        return self._separators.last_end(s, pos), self._separators.first_start(pos, e)

    @cached_property
    def _separators(self) -> BlockCuts:
        """The clause separators of the text (_SEPARATOR's), found a block at a time as asked."""
        return BlockCuts(partial(separator_spans, self.text), len(self.text))

    def _background(self, s: int, e: int) -> list[tuple[int, int]]:
        """The clauses of a sentence that tell another, earlier event (rule background_clause).

        Found once per range (the reader asks again for a sentence it drafts); the list is
        shared: do not change it.
        """
        if not rules.fires("background_clause"):
            return []
        found = self._backgrounds.get((s, e))
        if found is None:
            found = self._backgrounds[(s, e)] = self._background_clauses(s, e)
        return found

    def _background_clauses(self, s: int, e: int) -> list[tuple[int, int]]:
        """:meth:`_background`'s clauses, found."""
        triggers = self.found.within("triggers", s, e)
        definite = [
            m.start
            for m in triggers
            if self._has_article(m) or rules.construct_definite(self.text, m)
        ]
        out = []
        for q in self.found.within("qualifiers", s, e):
            # ذكرى هجوم، مرور عام على هجوم: an anniversary's attack is a past one, however named
            starts = [m.start for m in triggers] if "anniversary" in q.payloads else definite
            span = rules.background_clause(self.text, q, starts, e)
            if span is not None:
                out.append(span)
        if at := self._speech_setting(s, e):
            out.append(at)  # "said, at a rally on Saturday in the square, that": the speech's
        return out

    @answered_once
    def _speech_setting(self, s: int, e: int) -> tuple[int, int] | None:
        """The clause setting the scene of a speech (rule speech_setting), if any."""
        if not rules.fires("speech_setting") or "\u0627\u0646" not in self.text[s:e]:  # ان
            return None
        places = [p.norm_start for p in self.found.within("places", s, e)]
        return elsewhere.speech_setting(self.text, s, e, places)

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

    @answered_once
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


    @cached_property
    def _casualty_raw(self) -> Contained:
        """Where a casualty word may stand (every occurrence, word boundaries unchecked)."""
        return Contained(self.cues.casualties.raw_spans(self.text))

    def _cuts_word(self, pos: int) -> bool:
        """Whether ``pos`` falls inside a word (between two letters or digits)."""
        t = self.text
        return 0 < pos < len(t) and t[pos - 1].isalnum() and t[pos].isalnum()

    def _index_casualty_roles(self, words: list[Match[str]]) -> None:
        """Index the casualty words by the roles :meth:`_reads_casualties` looks for."""
        figures, cues, nouns = [], [], []
        for m in words:
            span = (m.phrase_start, m.phrase_end)
            roles = m.payloads
            if not READING_ROLES.isdisjoint(roles):
                figures.append(span)
            if not CUE_ROLES.isdisjoint(roles):
                cues.append(span)
            if CAS_WORD in roles:
                nouns.append(span)
        self._casualty_figures = Contained(figures)
        self._casualty_cues = Contained(cues)
        self._casualty_nouns = Contained(nouns)

    @answered_once
    def _reads_casualties(self, s: int, e: int) -> bool:
        """Whether the casualty reading of ``text[s:e]`` may be anything but nothing.

        :func:`~gazetteer.extract.grammar.casualties.read_casualties` reads a figure only at a
        head or a noun of a figure, and a negation only at a full negation or at a cue with a
        casualty word after it: a stretch whose casualty words hold none of these reads as
        :data:`.figures._NO_CASUALTIES` -- a person noun alone (مسؤول، جندي) or a cue alone
        (لا) says nothing. False is certain; True may still read nothing.

        The words the matcher finds in ``text[s:e]`` are occurrences of phrases inside
        ``[s, e)``. When neither edge falls inside a word, the words around such an occurrence
        lie inside too, so its checks of word boundaries and clitics give what they give on
        the whole text: the words are those of the whole text whose phrase lies inside. When
        an edge cuts a word, any occurrence at all may read.
        """
        if self._cuts_word(s) or self._cuts_word(e):
            return self._casualty_raw.any_within(s, e)
        if self._casualty_figures.any_within(s, e):
            return True
        return self._casualty_cues.any_within(s, e) and self._casualty_nouns.any_within(s, e)
