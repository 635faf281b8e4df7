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

This module holds the top layer: the six sentence rules (:attr:`_Reader.SENTENCE_RULES`), the
article-wide steps after them (region summaries, denials, injury tallies) and :func:`extract`.
The layers below are :mod:`.finishing` (a kept draft to an incident), :mod:`.drafting`,
:mod:`.targets`, :mod:`.attacks` and :mod:`.finding`, over the typed state of :mod:`.state`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_discourse as discourse
from gazetteer.extract import precision_regions as regions
from gazetteer.extract import precision_retold as retold
from gazetteer.extract.article_passes import _STOPS
from gazetteer.extract.cues import load_cues
from gazetteer.extract.finishing import IncidentFinisher
from gazetteer.extract.grammar.dates import DateMention, find_context_days
from gazetteer.extract.precision_owners import claimed_count, rival_account, subject_first
from gazetteer.extract.state import (
    _ADJACENT,
    _DEFINITE_FACILITY,
    ReadingState,
    Sentence,
    _Draft,
    _headline,
    _merge_into,
    _repeated_site,
)
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import Article, Incident

__all__ = ["extract"]



class _Reader(IncidentFinisher):
    """Reads one article: the sentence rules, in order, over the drafting layers."""

    #: The sentence rules, in the order they are tried (see :meth:`read`).
    SENTENCE_RULES: tuple[Callable[[_Reader, ReadingState, Sentence], bool], ...] = ()

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
        targets = self._off_setting(targets, s, e)  # not the place a speech was made at
        if attack and st.last is None and all(t.precision > 1 for t in targets):
            # (a place only "near" which the base or position stands locates it: the base)
            targets = self._introduced_base(s, e) or targets
        last = st.last
        if targets and self._town_by_last_site(st, targets, (s, e), dates):
            targets = []  # صفارات الإنذار في الأزرق الشمالي: the base's attack, heard there
        if (
            not targets
            and last is not None
            and e > st.last_touch
            and self._wave(s, e, st.last_touch)
        ):
            # "9 dead in Albukamal, 5 in al-Mayadin": the sentence before's wave, further on
            here = self.targets(s, e)
            targets = [t for t in here if t.key != last.site or len(here) > 1]
            st.context_date = last.date
            return Sentence(s, e, dates, attack, targets, wave=True)
        return Sentence(s, e, dates, attack, targets)

    def _town_by_last_site(
        self, st: ReadingState, targets: list[Any], span: tuple[int, int], dates: list[DateMention]
    ) -> bool:
        """Whether a sentence's towns lie by the facility just reported attacked (rule)."""
        last, (s, e) = st.last, span
        if last is None or not rules.fires("town_by_last_site") or s - st.last_touch > _ADJACENT:
            return False
        site = self.gaz.sites[last.site]
        towns = [self.gaz.sites[t.key] for t in targets]
        weapons = {w.payloads[0].weapon for w in self.found.within("weapons", s, e)}
        return not self._own_date(last, dates) and rules.town_by_last_site(site, towns, weapons)

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
            if sen.wave and st.last is not None and set(d.weapons) <= {"unknown"}:
                d.weapons = [w for w in st.last.weapons if w != "unknown"]  # the same wave
            if sen.wave and st.last is not None and d.actor is None:
                d.actor, d.target = st.last.actor, d.target or st.last.target  # the same wave
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
        if last is None or not sen.attack or s in self._downed or self._elsewhere(s, e, last):
            return False
        triggers = self.found.within("triggers", s, e)
        definite = all(self._definite(m) for m in triggers)
        # "this is the second attack on the airport after the one of 14 April" (a rule)
        ordinal = (
            definite
            and rules.fires("ordinal_earlier")
            and rules.ordinal_earlier(
                self.text, [m.end for m in triggers], bool(self._background(s, e))
            )
        )
        if (
            definite
            and not ordinal
            and not (rules.fires("same_place_earlier") and rules.same_place(self.text, s, e))
        ):
            return False
        if not self._own_date(last, sen.dates):
            return False
        d = self._draft_at(self._antecedent(st.drafts, last, s, e), s, e, sen.dates)
        named = self._base_named_before_noun(s, e)
        if named is not None and named != d.site:
            d.site, d.precision = named, 1  # "after the attack on Balad base, when ... the base"
        kept = self._keep(st.drafts, d)
        st.last = last if ordinal else kept  # (the sentence is about the Nth, the last read)
        st.last_touch = e
        return True

    def _fold_into_last(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 5: a sentence with no place and no date adds to the last incident.

        Its weapons, casualties and actors, when it speaks of an attack or gives casualties,
        unless it speaks of other attacks (هجمات متفرقة).
        """
        last, s, e = st.last, sen.start, sen.end
        if last is None or sen.dates or self._other_attacks(s, e) or self._elsewhere(s, e, last):
            return False
        if not (sen.attack or self._casualties(s, e).spans or self._subject_told(s, e)):
            return False
        self.attach(self._strike_antecedent(st.drafts, last, s, e), s, e)
        st.last_touch = e
        return True

    def _subject_told(self, s: int, e: int) -> bool:
        """Whether a sentence tells a figure with its subject first (rule subject_first)."""
        return rules.fires("subject_first") and subject_first(self.text, s, e) != (
            None,
            None,
        )

    def _strike_antecedent(self, drafts: list[_Draft], last: _Draft, s: int, e: int) -> _Draft:
        """Rule strike_antecedent: "the strike" goes back to the latest strike, if any."""
        triggers = self.found.within("triggers", s, e)
        if not triggers or not rules.fires("strike_antecedent"):
            return last
        first = (triggers[0].start, triggers[0].end)
        if not rules.the_strike(self.text, first, last.weapons):
            return last
        return next((d for d in reversed(drafts) if "airstrike" in d.weapons), last)

    def _same_day_casualties(self, st: ReadingState, sen: Sentence) -> bool:
        """Sentence rule 6: the casualties of a sentence dated on the last incident's day.

        "the cell had announced on Monday evening three rockets on the base, with no losses
        worth mentioning", right after the report of Monday's attack: a sentence with no place
        of its own whose dates all fall on that incident's days tells its casualties, unless it
        tells an attack that does not refer back to it (by a definite weapon, attack word or
        facility noun: "a patrol came under fire near a village the same day"). Only
        those are added (its weapons may be another account's), and the sentences after it
        are read as they would be without it.
        """
        last, s, e = st.last, sen.start, sen.end
        if last is None or not sen.dates or sen.targets or s - st.last_touch > _ADJACENT:
            return False
        if (
            self._other_dates(last, sen.dates)
            or self._other_attacks(s, e)
            or self._elsewhere(s, e, last)
        ):
            return False
        if not self._casualties(s, e).spans or self._counted_apart(last, sen.dates):
            return False
        if sen.attack and not (
            self._refers_back(last, s, e)
            or self.anaphoric(s, e)
            or _DEFINITE_FACILITY.search(self.text, s, e)
        ):
            return False  # an attack of its own (a patrol hit the same day), not this one
        self._add_casualties(last, s, e)  # the sentences after it read as if it were not there
        return True

    def _counted_apart(self, last: _Draft, dates: list[DateMention]) -> bool:
        """Rule ordinal_period: a lead counting itself the Nth keeps earlier days' casualties out.

        "rockets hit Taji camp, the second attack this week. The coalition had announced on
        Wednesday three soldiers killed": the lead, dated only by its statement, is not the
        attack of a day told before its own, so those casualties are not its.
        """
        return (
            not last.dated_here
            and any(d.span.end < last.date.start for d in dates)
            and rules.fires("ordinal_period")
            and retold.counts_itself(self.text, *last.sentence)
        )

    def _elsewhere(self, s: int, e: int, last: _Draft) -> bool:
        """Whether the sentence sets itself somewhere else than ``last``'s site (rules).

        In a place the gazetteer does not know, or in a part of a country the site is not in.
        """
        unit = rules.fires("unknown_locality") and self._rule_words["locality_in_town"].any_within(
            s, e
        )  # (both rules of a unit or area need a unit or area noun: their bare words)
        region = rules.fires("country_region") and self._rule_words["country_region"].any_within(
            s, e
        )  # (a whole country's name: its bare words)
        if not (unit or region) or _DEFINITE_FACILITY.search(self.text, s, e):
            return False
        known = [(p.norm_start, p.norm_end) for p in self.found.within("places", s, e)]
        if region:
            site = self.gaz.sites[last.site]
            if regions.country_region(self.text, s, e, known, site, self.gaz.country_extents):
                return True  # في جنوب العراق، في غرب البلاد: a part of a country the site is not in
        if not unit:
            return False
        if rules.fires("locality_direction") and rules.locality_in_town(self.text, s, e, known):
            return True  # في منطقة زيونة شرقي بغداد: set in Zayouna, not at the last site
        return self._rule_words["unknown_locality"].any_within(s, e) and rules.unknown_locality(
            self.text, s, e, known
        )  # (a unit noun first: the rule's bare words)

    def _after_sentence(self, st: ReadingState, sen: Sentence) -> None:
        """Carry on: an injury tally, the sentence's date, the weapons it named without a place."""
        s, e = sen.start, sen.end
        if st.last is not None:
            self._apply_tally(st.drafts, st.last, s, e)
        carried = self._carried_dates(sen)
        if carried:
            st.context_date = min(carried, key=lambda d: (d.span.end - d.span.start).days).span
        named = [w.payloads[0].weapon for w in self.found.within("weapons", s, e)]
        named = [w for w in dict.fromkeys(named) if w != "unknown"]
        st.lead = (e, named) if sen.attack and not sen.targets and named else None

    def _carried_dates(self, sen: Sentence) -> list[DateMention]:
        """The dates of a sentence that later sentences without one inherit.

        Not a date in a clause about an earlier event (rule background_clause), nor the day of
        a statement when the sentence gives the attack's own (rule statement_date).
        """
        dates = sen.dates
        if dates and rules.fires("background_clause"):
            clauses = self._background(sen.start, sen.end)
            dates = [d for d in dates if not any(a <= d.start < b for a, b in clauses)]
        if len(dates) > 1 and rules.fires("what_happened"):  # لما جرى ليل الأحد: that day
            dates = discourse.what_happened(self.text, dates) or dates
        if len(dates) > 1 and rules.fires("statement_date"):
            dates = [d for d in dates if not self._statement_date(d)] or dates
        return dates

    def read(self) -> list[Incident]:
        """Every incident of the article, in order of first mention.

        Sentence by sentence (the headline block last), the first of :attr:`SENTENCE_RULES`
        that applies decides what the sentence adds; then :meth:`_after_sentence` carries its
        date, weapons and any injury tally on.
        """
        self._quoted_days()
        st = ReadingState()
        sentences = self.sentences
        head = _headline(self.text, sentences)
        busy = self._busy_sentences()
        asked = self._asked_sentences(busy, head)
        for i in [*range(head, len(sentences)), *range(head)]:
            s, e = sentences[i]
            if i not in asked:
                # a silent sentence: read as quiet (an injury tally, no lead), whatever the state
                if st.last is None:
                    st.lead = None  # (no incident yet for a tally to update)
                else:
                    self._quiet_sentence(st, s, e)
                continue
            if i < head and st.drafts:
                # A headline restates the lead: it may add to incidents, never start one.
                self._fold_headline(st.drafts, s, e, st.context_date)
                continue
            if i == 0 and head:
                # a headline read after the body is dated by its words, never the body's end
                st.context_date = None
            if self._month_heading(st, s, e):
                continue  # "September (Aylul)": the items below with no day are in September
            if i not in busy and (st.context_date is None or self._no_context_day(st, s, e)):
                # A quiet sentence (see _quiet_sentence): what the rules do with it.
                self._quiet_sentence(st, s, e)
                continue
            if (
                rules.fires("unrelated_incident")
                and self._rule_words["unrelated_incident"].any_within(s, e)  # its bare words
                and rules.unrelated_incident(self.text, s, e)
            ):
                continue  # "in incidents with no tie to the coalition": none of ours
            if self._out_of_scope(s, e) or self._not_ours(s, e):
                continue  # IS cells on an army checkpoint, a drone towards Eilat: none of ours
            sen = self._sentence(st, s, e)
            for rule in self.SENTENCE_RULES:
                if rule(self, st, sen):
                    break
            self._after_sentence(st, sen)
        if not st.drafts:
            return []  # every pass below keeps, folds or drops drafts: none to pass on
        drafts = self._paragraph_years(self._drop_history(st.drafts))
        kept = self._drop_denied(self._drop_fields(self._drop_summaries(drafts)))
        kept = self._fold_highlights(self._drop_rebutted(kept))
        kept = self._fold_undated_repeats(kept)
        kept = self.fold_undated_leads(kept)
        self._aggression_figures(kept)
        claimed = self._claimed_actors(kept)
        return [
            self._finish(d, _repeated_site(d, kept), c)
            for d, c in zip(kept, claimed, strict=True)
        ]

    def _no_context_day(self, st: ReadingState, s: int, e: int) -> bool:
        """Whether a sentence names no day from the context that :meth:`_context_dates` resolves.

        It resolves none without a context date, without a context-day word, or when the
        grammar finds no such day in the sentence (:func:`find_context_days` of the piece
        :meth:`_context_dates` reads): a word such as يوم alone names none.
        """
        if st.context_date is None or not self._rule_words["context_day"].any_within(s, e):
            return True
        return not find_context_days(self.text[s:e])

    def _asked_sentences(self, busy: set[int], head: int) -> set[int]:
        """The indexes of the sentences :meth:`read` asks anything of; the others are silent.

        A sentence left out is after the headline block, not busy (``busy``, of
        :meth:`_busy_sentences`), ends with one of . ! ? ; (so is no month heading: a line that
        :func:`~.precision_elsewhere.month_heading` answers holds none of them) and holds no
        context-day word (:meth:`_no_context_day` is True whatever the context date): whatever
        the state, :meth:`read` would read it with :meth:`_quiet_sentence`, which only sets
        the lead to None when no incident has been read (tests/test_reader_prefilters.py
        checks the three conditions).
        """
        text, sentences = self.text, self.sentences
        asked = busy | set(range(head))
        asked |= self._rule_words["context_day"].holders(sentences, self._sentence_starts)
        asked.update([i for i, (_, e) in enumerate(sentences) if text[e - 1] not in _STOPS])
        return asked

    def _quiet_sentence(self, st: ReadingState, s: int, e: int) -> None:
        """Read a quiet sentence: only an injury tally, and no lead weapons after it.

        A sentence left out by :meth:`_busy_sentences` has no attack word and no weapon word:
        it is no attack, so no rule's target, late date or other day; reading as no
        casualties, it is no wave and nothing to fold; with no date (none found, and no day
        named from the context to resolve: :meth:`_no_context_day`) it carries none.
        :meth:`_after_sentence` would apply an injury tally and set the lead to None, as done
        here (tests/test_quiet_sentences.py reads each sentence both ways). A sentence with no
        word a tally needs within reach (:attr:`_tally_reach`) is no tally: not asked.
        """
        if st.last is not None and (s, e) in self._tally_reach:
            self._apply_tally(st.drafts, st.last, s, e)
        st.lead = None

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
            if rules.fires("opposite_sides") and rules.opposite_sides(
                (old.actor, old.target), (d.actor, d.target)
            ):
                continue
            if old.weapons and d.weapons and rules.fires("rival_account"):
                rival_account(self.text, old, d)  # "other sources: most likely two rockets"
            if old.site in self.gaz.ancestors(d.site):
                old.site = d.site  # the more specific place wins
            if old.counts and d.counts and rules.fires("claimed_count"):
                claimed_count(self.text, old, d)  # a faction's own count gives way
            still_back = old.back and self._retold(old, d)
            _merge_into(old, d)
            old.back = old.back or still_back
            return old
        drafts.append(d)
        return d

    def _retold(self, account: _Draft, more: _Draft) -> bool:
        """Rule context_account: more of an earlier attack's account, dated by it alone."""
        return rules.fires("context_account") and retold.context_account(
            account.dated_here
            and self.published is not None
            and account.date.end < self.published - timedelta(days=1),
            more.dated_here,
            account.date == more.date,
            more.sentence[0] > account.sentence[0],
        )


_Reader.SENTENCE_RULES = (
    _Reader._more_of_last,
    _Reader._new_incidents,
    _Reader._late_date,
    _Reader._same_site_other_day,
    _Reader._fold_into_last,
    _Reader._same_day_casualties,
)


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
