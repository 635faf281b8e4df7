"""The article-wide passes over the drafts, after the sentence rules have read every sentence.

Attacks on a field the gazetteer does not list (rule ``unlisted_field``), bare undated repeats
(``undated_repeat``), figures of "this aggression" (``aggression_figures``), official tallies
of the injured or the dead (``injury_tally``, ``killed_tally``), claimed incidents
(``claimed_incident``) and region-wide summaries (``fold_region_report``, and the lead a
statement dated, ``statement_day_region``): each works on the
drafts of the whole article. Denials and later turns (``denied_attack``, ``rebutted_turn``)
are in :mod:`.denials`, under this layer. Split from :mod:`.reader`, whose reader class
inherits them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from functools import cached_property

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_areas as areas
from gazetteer.extract import precision_breadth as breadth
from gazetteer.extract import precision_context as context
from gazetteer.extract import precision_elsewhere as elsewhere
from gazetteer.extract import precision_iraq2 as iraq2
from gazetteer.extract import precision_launches as launches
from gazetteer.extract import precision_leftovers as leftovers
from gazetteer.extract import precision_others as others
from gazetteer.extract import precision_owners as owners
from gazetteer.extract import precision_parties as parties
from gazetteer.extract import precision_passage as passage
from gazetteer.extract import precision_strays as strays
from gazetteer.extract import precision_syria2 as syria2
from gazetteer.extract import precision_turns as turns
from gazetteer.extract.answers import answered_once
from gazetteer.extract.denials import DenialPasses
from gazetteer.extract.precision_reports import TALLY_REACH
from gazetteer.extract.spans import Contained
from gazetteer.extract.state import (
    _DEFINITE_FACILITY,
    _FACILITY_KINDS,
    _NEWS_DAYS,
    _UNKNOWN_DATE,
    ReadingState,
    Target,
    _Draft,
    _fold_summary,
    _merge_into,
)

__all__ = ["ArticlePasses"]

#: اصاب: a word of hitting that is also the injured (حالتا إصابة): no attack word for stray_fall.
_INJURY = "\u0627\u0635\u0627\u0628"

#: The marks that end a sentence and that no month heading holds (see ``_month_heading``).
_STOPS = frozenset(".!?;")

class ArticlePasses(DenialPasses):
    """The passes over the whole article's drafts (the reader's last steps)."""

    @property
    def _tally_spans(self) -> list[tuple[int, int]]:
        """Where the words a tally needs stand (:func:`tally_word_spans`'s, found by the index)."""
        return self._tally_words.spans

    @property
    def _tally_words(self) -> Contained:
        """:attr:`_tally_spans`, indexed for :meth:`_apply_tally`'s test of one range."""
        return self._rule_words["tally"]

    @cached_property
    def _tally_reach(self) -> frozenset[tuple[int, int]]:
        """The sentences with a word a tally needs within :data:`TALLY_REACH` of them.

        The sentences ``(s, e)`` for which ``self._tally_words.any_within(max(0, s - before),
        e + after)`` holds, found from the few words: a word ``[a, b)`` lies within reach of
        the sentences that start by ``a + before`` and end from ``b - after`` on, a run of
        consecutive sentences (their starts and ends both rise).
        """
        before, after = TALLY_REACH
        sentences = self.sentences
        starts = self._sentence_starts
        ends = [e for _, e in sentences]
        out: set[tuple[int, int]] = set()
        for a, b in self._tally_spans:
            lo = bisect.bisect_left(ends, b - after)
            hi = bisect.bisect_right(starts, a + before)
            out.update(sentences[lo:hi])
        return frozenset(out)

    def _drop_fields(self, drafts: list[_Draft]) -> list[_Draft]:
        """Drop the attacks on a field named after a town, not a listed field (rules).

        Rule unlisted_field reads the field's name in the sentence; rule energy_site, in an
        article about such a field, the field's definite noun, gas, oil or a refinery.
        """
        fields, sites = rules.fires("unlisted_field"), rules.fires("energy_site")
        if not (fields or sites) or "\u062d\u0642\u0644" not in self.text:  # حقل
            return drafts
        asked: dict[tuple[int, int], bool] = {}  # per sentence: its drafts share the answer
        return [d for d in drafts if not self._unlisted_field(d, asked)]

    def _unlisted_field(self, d: _Draft, asked: dict[tuple[int, int], bool]) -> bool:
        site = self.gaz.sites.get(d.site)
        if site is None or site.kind in _FACILITY_KINDS:
            return False
        s, e = d.sentence
        if (s, e) not in asked:
            asked[(s, e)] = (
                rules.fires("unlisted_field")
                and rules.unlisted_field(self.text, s, e, self._facilities(s, e))
            ) or (
                rules.fires("energy_site")
                and self._field_article
                and iraq2.energy_site(self.text, s, e)
            )
        return asked[(s, e)]

    @cached_property
    def _field_article(self) -> bool:
        """Whether the article names a field the gazetteer lacks and none of its facilities."""
        return iraq2.unlisted_field_named(self.text, self._facilities(0, len(self.text)))

    def _facilities(self, s: int, e: int) -> list[tuple[int, int]]:
        """The spans of the places of a sentence that are facilities (bases, air bases, fields)."""
        return [
            (p.norm_start, p.norm_end)
            for p in self.found.within("places", s, e)
            if any(self.gaz.sites[k].kind in _FACILITY_KINDS for k in p.site_keys)
        ]

    def _out_of_scope(self, s: int, e: int) -> bool:
        """The rules of scope, asked only of a sentence with a word they need (one pass found)."""
        return self._scoped(s, e) and rules.out_of_scope(self.text, s, e)

    @answered_once
    def _scoped(self, s: int, e: int) -> bool:
        """Whether a sentence holds a word of the rules of scope (the one pass found it).

        Asked twice of a sentence (the rules of scope, then those of
        :mod:`.precision_leftovers`): answered once.
        """
        return any("scope" in m.payloads for m in self._quals.within(s, e))

    def _not_ours(self, s: int, e: int) -> bool:
        """Whether a sentence's attack lies outside, sums a period, or hits another's post."""
        return (
            self._aimed_outside(s, e)
            or self._period_tally(s, e)
            or self._post_of_its_own(s, e)
            or self._stray_or_foreign(s, e)
            or launches.series_or_undone(self.text, s, e, self.found, rules.fires)
            or leftovers.not_ours(self.text, s, e, rules.fires, self._scoped(s, e))
            or passage.not_ours(self.text, s, e, rules.fires)
            or breadth.not_ours(self.text, s, e, rules.fires)
            or others.not_ours(self.text, s, e, rules.fires, self._rule_words)
            or self._unplaced(s, e)
            or self._areas_unplaced(s, e)
        )

    def _attack_place_before(self, s: int) -> bool:
        """Whether a place stands in an attack sentence before ``s`` (rules of a placeless one)."""
        f = self.found
        return any(
            f.within("triggers", *self._sentence_of(q.norm_start)) for q in f.within("places", 0, s)
        )

    def _areas_unplaced(self, s: int, e: int) -> bool:
        """Rule province_areas of a sentence: its settlements all a province's areas."""
        if not rules.fires("province_areas") or self.text.find(areas.STEM, s, e) == -1:
            return False  # (one search of the sentence: no "areas" word there)
        f = self.found
        at = lambda pos: bool(f.within("places", pos, pos + 1))  # noqa: E731
        earlier = lambda: self._attack_place_before(s)  # noqa: E731
        places = f.within("places", s, e)
        return areas.areas_unplaced(self.text, (s, e), places, self.gaz.sites, at, earlier)

    def _unplaced(self, s: int, e: int) -> bool:
        """Rules province_named, other_province, unnamed_field: a sentence placed nowhere."""
        if breadth.UNPLACED_GATE.search(self.text, s, e) is None:
            return False  # (one scan of the sentence: no governorate or field word there)
        f = self.found
        at = lambda pos: next((q.site_keys for q in f.within("places", pos, pos + 1)), ())  # noqa: E731
        places = f.within("places", s, e)
        earlier = lambda: self._attack_place_before(s)  # noqa: E731
        kinds = breadth.FIELD_KINDS
        fields = lambda: any(  # noqa: E731  (a field of the gazetteer named before)
            self.gaz.sites[k].kind in kinds for q in f.within("places", 0, s) for k in q.site_keys
        )
        return breadth.unplaced(
            self.text, (s, e), places, self.gaz.sites, at, rules.fires, earlier, fields
        )

    @cached_property
    def _foreign_article(self) -> bool:
        """Rule foreign_campaign's test of the article, on the scope words the one pass found."""
        spans = [(m.start, m.end) for m in self.qualifiers if "scope" in m.payloads]
        return strays.foreign_article(self.text, spans)

    def _stray_or_foreign(self, s: int, e: int) -> bool:
        """Rules of :mod:`.precision_strays` asked of a sentence: none of ours if one fires.

        stray_fall, ceasefire_words, foreign_campaign, host_forces_target; each tests its bare
        word or its cached article test first (most sentences have neither).
        """
        t, found = self.text, self.found
        triggers = found.within("triggers", s, e)
        if rules.fires("ceasefire_words") and t.find(strays.CEASE, s, e) != -1:
            spans = [(m.start, m.end) for m in (*triggers, *found.within("weapons", s, e))]
            if strays.ceasefire_only(t, s, e, spans):
                return True
        if rules.fires("stray_fall") and any(m.payloads[0].kind == "fall" for m in triggers):
            # اصابه: a hit, or the injured (حالتا إصابة): no attack word of its own here
            kinds = {m.payloads[0].kind for m in triggers if _INJURY not in t[m.start : m.end]}
            # a site of the gazetteer's own (not a GeoNames town) is the atlas's ground
            places = found.within("places", s, e)
            curated = any(not k.startswith("gn-") for p in places for k in p.site_keys)
            if kinds <= {"fall", "explosion"} and strays.stray_fall(t, s, e, curated):
                return True
        return (
            (
                rules.fires("foreign_campaign")
                and strays.foreign_campaign(t, s, e, self._foreign_article)
            )
            or (
                self._foreign_article  # (cached: most articles name no third state)
                and rules.fires("campaign_effect")
                and syria2.campaign_effect(t, s, e, True)
            )
            or (rules.fires("host_forces_target") and strays.host_forces_target(t, s, e))
            or parties.not_ours(
                t, s, e, rules.fires, self._rule_words["local_sides"].any_within(s, e)
            )  # (a side's stem, the bare words of local_sides, found in the one pass)
        ) and not self._facilities(s, e)

    def _aimed_outside(self, s: int, e: int) -> bool:
        """Whether a sentence aims its attack outside the region (rule outside_theatre)."""
        if not rules.fires("outside_theatre") or not self._rule_words[
            "outside_theatre"
        ].any_within(s, e):
            return False  # (no target outside named: the rule's bare words first)
        if _DEFINITE_FACILITY.search(self.text, s, e):
            return False
        return elsewhere.outside_theatre(self.text, s, e, self._facilities(s, e))

    def _post_of_its_own(self, s: int, e: int) -> bool:
        """Whether IS or gunmen attack a named local force's own post (rule post_of_its_own)."""
        return (
            rules.fires("post_of_its_own")
            and self._rule_words["post_of_its_own"].any_within(s, e)  # a local force named
            and elsewhere.post_of_its_own(self.text, s, e)
        )

    def _period_tally(self, s: int, e: int) -> bool:
        """Whether a sentence with no day of its own sums up a period (rule period_tally)."""
        words = self._rule_words
        if not rules.fires("period_tally") or not (
            words["period_tally"].any_within(s, e)  # a period and a rough count named
            and words["period_tally_rough"].any_within(s, e)
        ):
            return False
        if not elsewhere.period_tally(self.text, s, e):
            return False
        return all(d.span.precision != "day" for d in self.found.within("dates", s, e))

    def _off_setting(self, targets: list[Target], s: int, e: int) -> list[Target]:
        """The targets outside the clause that sets the scene of a speech (speech_setting)."""
        if targets and rules.fires("capital_speaks"):  # أكدت عمان: the state, not a place
            t = self.text
            targets = [
                x
                for x in targets
                if not strays.capital_speaks(t, x.place.norm_start, x.place.norm_end)
            ]
        at = self._speech_setting(s, e) if targets else None
        if at is None:
            return targets
        return [t for t in targets if not at[0] <= t.place.norm_start < at[1]]

    def _month_heading(self, st: ReadingState, s: int, e: int) -> bool:
        """Whether a line names only a month; its month is then the date carried (rule)."""
        if not rules.fires("month_heading") or self.text[e - 1] in _STOPS:
            return False  # (a line that ends with . ! ? ; is no heading: none holds them)
        month = elsewhere.month_heading(self.text, s, e, self.published)
        if month is not None:
            st.context_date = month
        return month is not None

    def _drop_history(self, drafts: list[_Draft]) -> list[_Draft]:
        """Drop the incidents of a sentence dated only by a year long past (distant_year)."""
        if not rules.fires("distant_year"):
            return drafts
        return [
            d
            for d in drafts
            if d.dated_here
            or d.counts
            or not elsewhere.distant_year(self.text, *d.sentence, self.published)
        ]

    def _paragraph_years(self, drafts: list[_Draft]) -> list[_Draft]:
        """Give a date with no year the year its paragraph set before it (rule)."""
        if not rules.fires("paragraph_year") or self.undated:
            return drafts
        previous = None  # the last day of the event dated before (rule sequel_year)
        for d in drafts:
            if not d.dated_here and rules.fires("before_that"):
                self._before_that(d)
            if not d.dated_here or d.date.precision not in ("day", "night"):
                continue
            s, e = d.sentence
            at = self.text.find(d.date.cue, s, e) if d.date.cue else -1
            before = self.text[self.text.rfind("\n", 0, s) + 1 : at if at >= 0 else s]
            year = context.paragraph_year(before, d.date.cue, self.published.year)
            if year is None and previous is not None and rules.fires("sequel_year"):
                cut = at if at >= 0 else s
                year = leftovers.sequel_year(self.text[s:cut], d.date.cue, d.date.start, previous)
            previous = d.date.end
            if year is None:
                continue
            shift = year - d.date.start.year
            try:
                start = d.date.start.replace(year=year)
                end = d.date.end.replace(year=d.date.end.year + shift)
            except ValueError:  # the 29th of February
                continue
            d.date = replace(d.date, start=start, end=end)
            previous = end
        return drafts

    def _before_that(self, d: _Draft) -> None:
        """Move a borrowed day told as "a stretch before that" into the stretch (rule)."""
        s, e = d.sentence
        span = leftovers.before_that(self.text[s:e], d.date.start)
        if span is not None:
            d.date = replace(d.date, start=span[0], end=span[1], precision="days")

    def _fold_highlights(self, drafts: list[_Draft]) -> list[_Draft]:
        """Fold a summary's undated line into the account that dates it below (rule)."""
        if not rules.fires("restated_highlight") or self.undated:
            return drafts
        out = list(drafts)
        for d in drafts:
            # dated by nothing: the article's day and the day before, with no cue
            undated = not d.dated_here and d.date.precision == "days" and not d.date.cue
            later = [
                o
                for o in out[out.index(d) + 1 :]
                if o.dated_here
                and o.site == d.site
                and turns.restated_highlight(
                    undated, bool(d.counts), o.back, (self.published - o.date.end).days
                )
            ]
            if later:
                _merge_into(later[0], d)
                out.remove(d)
        return out

    def _fold_undated_repeats(self, drafts: list[_Draft]) -> list[_Draft]:
        """Fold a bare, undated mention of a site into its dated report before it (rule)."""
        if not rules.fires("undated_repeat"):
            return drafts
        out: list[_Draft] = []
        for d in drafts:
            bare = not d.counts and d.casualties.status == "unknown"
            earlier = [o for o in out if o.dated_here and self._same_site(o.site, d.site)]
            if rules.undated_repeat(d.dated_here, d.back, bare, len(earlier)):
                _merge_into(earlier[-1], d)
                continue
            out.append(d)
        return out

    def _claims(self) -> Iterator[tuple[int, int, str]]:
        """The claim or blame sentences, in order, and the first actor (not a US one) of each."""
        starts = self._sentence_starts
        # the sentences of the claim words (one look-up each, not one per sentence)
        held = sorted({bisect.bisect_right(starts, m.start) - 1 for m in self.found.claims})
        for s, e in (self.sentences[i] for i in held if i >= 0):
            titled = rules.fires("coalition_title")  # التحالف الدولي لمحاربة داعش: no claimant
            actors = [
                a.payloads[0]
                for a in self.found.within("actors", s, e)
                if not (titled and owners.coalition_title(self.text, a.start))
            ]
            label = next((a[0] for a in actors if a[1] != "us"), None)
            if label is not None and not self._out_of_scope(s, e):
                yield s, e, label  # (an IS claim on an army checkpoint: none of ours)

    def _claimed_actors(self, drafts: list[_Draft]) -> list[str | None]:
        """The claimed actor of each draft, from the claim sentences (rule claimed_incident).

        Only for the drafts ``_finish`` gives one to (no actor of their own, no air strike);
        the claim sentences are read in order until each of those has one. With the rule off,
        the first claim's actor goes to every draft (the article-wide reading).
        """
        out: list[str | None] = [None] * len(drafts)
        need = {i for i, d in enumerate(drafts) if d.actor is None and "airstrike" not in d.weapons}
        if not need or not self.found.claims:
            return out
        if not rules.fires("claimed_incident"):
            first = next(self._claims(), None)
            return [first[2] if first else None] * len(drafts)
        old = self.published - timedelta(days=_NEWS_DAYS)
        fresh = [
            i
            for i, d in enumerate(drafts)
            if not d.back and (d.date is _UNKNOWN_DATE or d.date.end >= old)
        ] or list(range(len(drafts)))
        seen: list[tuple[int, int, str]] = []
        for s, e, label in self._claims():  # the first claim of a draft wins
            seen.append((s, e, label))
            started = [i for i, d in enumerate(drafts) if s <= d.sentence[0] < e]
            # any attack word, a campaign's too ("the repeated attacks on its bases")
            attack = bool(self._all_triggers.within(s, e)) or any(
                "agency" in m.payloads for m in self.found.within("claims", s, e)
            )
            named = []
            if not started and attack and len(drafts) > 1:  # (else the places change nothing)
                keys = [k for p in self.found.within("places", s, e) if (k := self._choose_site(p))]
                # the place named, or one holding it (a governorate named picks no base in it)
                named = [
                    i
                    for i, d in enumerate(drafts)
                    if any(d.site == k or d.site in self.gaz.ancestors(k) for k in keys)
                ]
            for i in rules.claimed_incidents(started, named, fresh, attack):
                out[i] = out[i] or label
            if all(out[i] is not None for i in need):
                break
        for i in need:
            a, b = drafts[i].sentence
            if self.found.within("claims", a, b):
                if out[i] is None and seen:
                    # "the resistance itself announced it shelled ...": the claimant before
                    before = [c[2] for c in seen if c[0] < a]
                    out[i] = before[-1] if before else seen[0][2]
            elif any(m.payloads[0][0] == out[i] for m in self.found.within("actors", a, b)):
                out[i] = None  # a mine under an SDF patrol: the SDF claimed elsewhere is hit
        return out

    def _aggression_figures(self, drafts: list[_Draft]) -> None:
        """Give "this aggression"'s figures to the one incident they name (precision rule)."""
        if not rules.fires("aggression_figures"):
            return
        for s, e in self._sentences_with_qualifier("aggression"):
            reading = self._casualties(s, e)
            keys = [k for p in self.found.within("places", s, e) if (k := self._choose_site(p))]
            if reading.status != "reported" or not keys:
                continue
            us = any(m.payloads[0].side == "us" for m in self.found.within("actors", s, e))
            named = [
                d
                for d in drafts
                if any(self._same_site(d.site, k) or self._in_region(d.site, k) for k in keys)
                and (not us or {"airstrike", "artillery"} & set(d.weapons))
            ]
            if rules.aggression_figures(
                len(named), bool(named) and named[0].casualties.status == "unknown"
            ):
                note = "figures a party gave for this aggression"
                named[0].casualties = replace(
                    reading, note="; ".join(n for n in (reading.note, note) if n)
                )

    def _apply_tally(self, drafts: list[_Draft], last: _Draft, s: int, e: int) -> None:
        """An official tally updates the attack it names, else the one just read.

        The injured of an injury tally replace a lower figure (rule injury_tally); the killed
        of a toll that rose fill a killed figure the attack lacks (rule killed_tally).
        """
        before, after = TALLY_REACH
        if not self._tally_words.any_within(max(0, s - before), e + after):
            return  # no word a tally needs within reach (tally_word_spans)
        if not rules.may_tally(self.text, s, e):
            return
        # the cardinals with a value (a stretch that cannot hold one is not parsed)
        numbers = [(n.start, n.end, n.value) for n in self.found.numbers.cardinals(s, e) if n.value]
        injured = rules.injury_tally(self.text, numbers) if rules.fires("injury_tally") else None
        killed = rules.killed_tally(self.text, numbers) if rules.fires("killed_tally") else None
        if injured is None and killed is None:
            return
        keys = [k for p in self.found.within("places", s, e) if (k := self._choose_site(p))]
        named = [d for d in drafts if any(self._same_site(d.site, k) for k in keys)]
        d = named[-1] if named else last
        c = d.casualties
        if injured is not None and (c.injured is None or c.injured < injured):
            c = replace(c, injured=injured, status="reported")
        if killed is not None and c.killed is None:
            c = replace(c, killed=killed, status="reported")
        d.casualties = c

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
                if d.precision == 3 and not covering and self._statement_day(d, placed):
                    continue  # rule statement_day_region: the lead of a placed report, folded
                out.append(d)
                continue
            inside = [p for p in covering if self._in_region(p.site, d.site)]
            within = [p for p in inside if d.date.start <= p.date.start <= p.date.end <= d.date.end]
            inside = within if len(within) == 1 else inside
            if rules.fires("fold_region_report") and rules.fold_region_report(len(inside)):
                _fold_summary(inside[0], d)
        return out

    def _statement_day(self, d: _Draft, placed: list[_Draft]) -> bool:
        """Rule statement_day_region: a region's report dated by its statement, placed below.

        When one placed report of the region is all the lead can be about, the lead's figures
        and weapons go to it (as a region's summary folds, rule fold_region_report).
        """
        if not rules.fires("statement_day_region") or d.dated_here:
            return False
        inside = [p for p in placed if self._in_region(p.site, d.site)]
        days = [(p.date.start, p.date.end) for p in inside]
        if not syria2.statement_day_region((d.date.start, d.date.end), d.dated_here, days):
            return False
        if len(inside) == 1:
            _fold_summary(inside[0], d)
        return True

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
