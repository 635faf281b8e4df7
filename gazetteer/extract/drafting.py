"""Assembling incidents from sentences (fourth layer of the reader).

Weapons, counts, dates, casualties and actors are given to each target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_owners as owners
from gazetteer.extract import precision_retold as retold
from gazetteer.extract import precision_statements as statements
from gazetteer.extract.agents import _EXPOSED
from gazetteer.extract.cues import WeaponCue
from gazetteer.extract.grammar.casualties import CasualtyReading
from gazetteer.extract.grammar.dates import (
    DateMention,
)
from gazetteer.extract.rule_words import rule_words
from gazetteer.extract.state import (
    _AFTER_SIMILAR,
    _UNIT_DAYS,
    _UNKNOWN_DATE,
    _US_SITE_KINDS,
    Target,
    _combine_casualties,
    _Draft,
    _merge_into,
)
from gazetteer.extract.targets import TargetReader
from gazetteer.records import DateSpan, PlaceMention
from gazetteer.text.matcher import Match

_ON = "\u0639\u0644\u064a"  # على, normalised
_FACILITY_NOUNS = frozenset(rule_words("base_noun")) | frozenset(rule_words("facility"))


class DraftReader(TargetReader):
    """Gives each target its weapons, dates, casualties and actors."""

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
        # a back-reference word in a clause about an earlier event that does not hold the place
        # (سقطت صواريخ اليوم على القاعدة، بعد أيام من الغارات ...) is that event's, not this one's
        apart = [(a, b) for a, b in self._background(s, e) if not a <= place.norm_start < b]
        back = any(
            not any(a <= m.start < b for a, b in apart) for m in f.within("back_refs", s, e)
        )
        # "بعد يومين من هجوم على X": X's attack is an earlier one (rule interval_before)
        earlier = self._earlier_attack(s, e)
        inside = earlier is not None and earlier[0] <= place.norm_start < earlier[1]
        if not back and rules.fires("killing_after"):  # بعد مقتل ... في هجوم على X: earlier
            back = statements.in_killing_clause(self.text, f, s, place.norm_start)
        back = back or inside
        if owned["dates"]:
            anchor = (place.norm_start, place.norm_end)
            own, dm = self._nearest_date(owned["dates"], anchor)
            when, dated = dm.span, bool(own)
            if earlier and inside and dm.start < earlier[0]:
                # (the day before بعد is the main clause's: X's is that many days before it)
                gap = timedelta(days=earlier[2])
                when = replace(when, start=when.start - gap, end=when.end - gap)
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
            times = owned["times"]
            if (
                times
                and rules.fires("small_hours_next_day")
                and rules.small_hours_next_day(times[0].time, context_date)
            ):
                day = min(context_date.start + timedelta(days=1), self.published)
                when = DateSpan(day, day, "day", times[0].time, context_date.cue)
        else:
            when = DateSpan(self.published - timedelta(days=1), self.published, "days")
            dated = False
        d = _Draft(site=key, precision=precision, sentence=(s, e), date=when, dated_here=dated)
        d.back = back or self._pluperfect(s, when)
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
        if d.counts and rules.fires("partitive_site"):  # "three drones, one of them near X"
            owners.shared_counts(self.text, d.counts, owned["weapons"], place.norm_start, f)
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

    def _nearest_date(
        self, dates: list[DateMention], anchor: tuple[int, int]
    ) -> tuple[list[DateMention], DateMention]:
        """The dates not of the statement, and the first date nearest to a place.

        A date of the statement dates the attack only when the sentence gives no other. The
        nearest is ``min`` over the dates by :func:`_distance` (the first wins a tie), found
        by bisection; the index is kept for the list, which targets of one sentence share.
        """
        cached = self._date_index.get(id(dates))
        if cached is None or cached[0] is not dates or len(cached[0]) != cached[1]:
            own = [d for d in dates if not self._statement_date(d)]
            pool = own or dates
            index = self._nearest([(d.start, d.end) for d in pool], flip=True)
            cached = (dates, len(dates), own, pool, index)
            self._date_index[id(dates)] = cached
        _, _, own, pool, index = cached
        # the date is the anchor of the distance, the place its item (:func:`_distance`)
        return own, pool[index.nearest(anchor)]

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
        # the killing a reprisal answered (ردا على مقتل قيادي) is no casualty of the attack
        for a, b in self._outside_killings(s, e):
            reading = self._casualties(a, b)
            if reading.killed is None or reading.injured is None:
                reading = self._subject_first(reading, a, b)  # ثلاثة من أفراد الخدمة قتلوا
            if reading.status == "unknown" and not reading.spans:
                continue
            if (  # "most of these attacks caused no casualties": the series', not this one's
                reading.status == "none"
                and rules.fires("series_none")
                and owners.series_none(self.text, a, b)
            ):
                continue
            d.casualties = _combine_casualties(d.casualties, reading)
            d.highlights.extend(reading.spans)

    def _subject_first(self, reading: CasualtyReading, a: int, b: int) -> CasualtyReading:
        """The reading with the figures its subject-first clauses add (rule subject_first).

        Only a category the reading has no figure of is filled, and only for a draft already
        made: the clause makes no incident and lowers no figure.
        """
        if not rules.fires("subject_first"):
            return reading
        killed, injured = owners.subject_first(self.text, a, b)
        killed = killed if reading.killed is None else None
        injured = injured if reading.injured is None else None
        if killed is None and injured is None:
            return reading
        return replace(
            reading,
            killed=reading.killed if killed is None else killed,
            injured=reading.injured if injured is None else injured,
            status="reported",
        )

    def _outside_killings(self, s: int, e: int) -> list[tuple[int, int]]:
        """The stretches of a sentence outside any reprisal-for-a-killing clause."""
        killings = sorted(
            (a, b) for a, b in self._background(s, e) if rules.reprisal_killing(self.text, a)
        )
        out, at = [], s
        for a, b in killings:
            if a > at:
                out.append((at, a))
            at = max(at, b)
        if at < e:
            out.append((at, e))
        return out

    def attach(self, d: _Draft, s: int, e: int) -> None:
        """Fold a sentence without a place into the incident read just before it.

        Once the incident has a count, the sentence's figures do not change it: a follow-up
        tells where the same projectiles fell, or what was found unfired.
        """
        f = self.found
        d.sentences += 1
        weapons = f.within("weapons", s, e)
        # rule sequel_none: "two hours after the shelling a sniper fired ..., no injuries"
        sequel = (
            d.casualties.status == "reported"
            and bool(weapons)
            and rules.fires("sequel_none")
            and owners.sequel_none(
                self.text, s, e, d.casualties, d.weapons, [w.payloads[0].weapon for w in weapons]
            )
        )
        if (  # rule rival_account: "other sources: most likely two rockets"
            d.weapons
            and weapons
            and rules.fires("rival_account")
            and owners.rival_sentence(
                self.text, s, e, d.weapons, [w.payloads[0].weapon for w in weapons]
            )
        ):
            weapons = []
        self._add_weapons(d, weapons, counted=not d.counts)
        if not sequel:
            self._add_casualties(d, s, e)
        self._add_actors(d, s, e)
        if d.time is None:
            times = f.within("times", s, e)
            if times:
                d.time = times[0].time
        for m in f.within("sources", s, e):
            if m.payloads[0] not in d.cited:
                d.cited.append(m.payloads[0])

    def _drafts_for(
        self,
        targets: list[Target],
        s: int,
        e: int,
        context_date: DateSpan | None,
    ) -> list[_Draft]:
        owned = self._share(targets, s, e)
        if len(targets) > 1:
            segments = self._segments(targets, s, e)  # (once for the sentence, not per target)
            for o, (_, k, _) in zip(owned, targets, strict=True):
                o["segments"] = segments.get(k, [])
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
        elif response and rules.fires("strike_near_own_base"):
            for d, (place, _, _) in zip(made, targets, strict=False):
                self._near_own_base(d, place, response, (s, e))
        made.extend(self._similar_earlier(made, s, e))
        made.extend(self._same_place_earlier(made, s, e))
        return made

    def _same_place_earlier(self, made: list[_Draft], s: int, e: int) -> list[_Draft]:
        """The earlier attack a background clause dates at "the same" place (rule)."""
        if not made or not rules.fires("same_place_earlier"):
            return []
        out = []
        clauses = [(a, b, False) for a, b in self._background(s, e)]
        nth = rules.fires("ordinal_after") and retold.ordinal_after(self.text, s, e)
        if nth:  # "the second ... after a rocket fell, on Thursday": that clause's, however told
            clauses = [c for c in clauses if c[0] != nth[0]] + [(*nth, True)]
        for a, b, ordinal in clauses:
            dates = [
                d
                for d in self.found.within("dates", a, b)
                # (a day before the news, in the Nth's clause, is that attack's whatever follows)
                if not self._statement_date(d) or (ordinal and d.span.end < made[0].date.start)
            ]
            if not dates or not (ordinal or rules.same_place(self.text, a, b)):
                continue
            if self._other_places(a, e if ordinal else b):
                continue  # (the Nth's sentence: a place after بعد may be the earlier attack's)
            d = _Draft(
                site=made[0].site,
                precision=made[0].precision,
                sentence=(s, e),
                date=dates[0].span,
                dated_here=True,
            )
            d.back = True
            d.highlights.append((dates[0].start, dates[0].end))
            self._add_weapons(d, self.found.within("weapons", a, b))
            out.append(d)
        return out

    def _other_places(self, a: int, b: int) -> bool:
        return bool(self.found.within("places", a, b))

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

    def _near_own_base(
        self,
        d: _Draft,
        place: PlaceMention,
        strike: list[Match[WeaponCue]],
        sentence: tuple[int, int],
    ) -> None:
        """A US strike whose only place is a US base struck near it (rule strike_near_own_base).

        "طيران التحالف قصف رتلا قرب التنف": the coalition does not bomb its own garrison; with
        no launch site to answer, the base only locates the strike. The report left without a
        weapon at the base becomes the strike near it: at the base's zone when the base was
        named as if hit and lies in one (the 55 km zone), else at the base with the precision
        of "near" (a point 15 km from it). Not when the sentence attacks the base itself: "an
        attack on the Green Village, and the coalition's artillery shells al-Mayadin" (على right
        before it), "the base was subjected to an attack" (a passive attack word), or "in
        reply to the attack on the base" (the base in a clause about another event).
        """
        s, e = sentence
        site = self.gaz.sites[d.site]
        if site.kind not in _US_SITE_KINDS or d.weapons:
            return
        before = self.text[max(s, place.norm_start - 12) : place.norm_start].split()
        background = self._background(s, e)
        if any(a <= place.norm_start < b for a, b in background):
            return  # ردا على الهجوم الذي استهدف القاعدة: the attack the strike answered
        # على right before the base, or before its facility noun (على قاعدة التنف), not
        # before a road that only leads there (على طريق التنف)
        on_base = before[-1:] == [_ON] or (
            before[-2:-1] == [_ON] and before[-1] in _FACILITY_NOUNS
        )
        if on_base or any(
            self.text[m.phrase_start : m.phrase_end].startswith(_EXPOSED)
            for m in self.found.within("triggers", s, e)
        ):
            return
        # named as if hit or near its noun (قرب قاعدة التنف): the zone it lies in, if any
        if d.precision == 1 or self._near_by_noun(place, s):
            zone = (k for k in self.gaz.ancestors(d.site) if self.gaz.sites[k].kind == "zone")
            d.site = next(zone, d.site)
        d.precision = max(d.precision, 2)
        self._add_weapons(d, strike)
        d.actor = d.target = None
        self._add_actors(d, s, e)

    def fold_undated_leads(self, drafts: list[_Draft]) -> list[_Draft]:
        """Fold a lead's undated report into the dated account of it further on (rule).

        Rule undated_lead: "the cell announced at dawn that two bases were attacked with
        rockets during the night ... the first statement said three rockets fell at 8:40 pm
        yesterday inside the first base": the lead, dated only by the statement, and the
        account that gives the day are one attack. A lead with a count of its own, a report
        marked as an earlier attack, or an account days before the lead's day stays apart, as
        does a lead that calls itself the Nth attack of a running period (rule ordinal_period).
        """
        if not rules.fires("undated_lead"):
            return drafts
        out = list(drafts)
        for d in drafts:
            if d.dated_here or d.back or d.counts:
                continue
            if rules.fires("ordinal_period") and retold.counts_itself(self.text, *d.sentence):
                continue  # "in an attack that is the second this week": not the week's first
            later = [
                o
                for o in out[out.index(d) + 1 :]
                if o.dated_here
                and not o.back
                and o.site == d.site
                and rules.undated_lead(d.date, o.date)
            ]
            if later:
                _merge_into(later[0], d)
                out.remove(d)
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
            earlier.actor = ref.actor  # "a similar attack": by the same hand, as far as told
            out.append(earlier)
        return out

    def _draft_at(self, last: _Draft, s: int, e: int, dates: list[DateMention]) -> _Draft:
        when = self._other_dates(last, dates)[0]
        d = _Draft(
            site=last.site,
            precision=last.precision,
            sentence=(s, e),
            date=when.span,
            dated_here=True,
        )
        # (or a sentence whose places all lie in a "بعد يوم من هجوم على" clause: interval_before)
        d.back = (
            bool(self.found.within("back_refs", s, e))
            or bool(self._earlier_attack(s, e, True))
            or self._pluperfect(s, when.span)
        )
        d.highlights.append((when.start, when.end))
        self._add_weapons(d, self.found.within("weapons", s, e))
        self._add_casualties(d, s, e)
        self._add_actors(d, s, e)
        d.highlights.extend((m.start, m.end) for m in self.found.within("triggers", s, e))
        return d

    def _fold_headline(
        self, drafts: list[_Draft], s: int, e: int, context_date: DateSpan | None
    ) -> None:
        """Give the incidents at the headline's targets the weapons the headline names.

        Every weapon a draft of :meth:`_drafts_for` gets is a weapon word of the sentence
        (its own, shared, answered or of a background clause): a headline with none adds
        nothing, and is not drafted (tests/test_quiet_sentences.py).
        """
        if not self.found.within("weapons", s, e):
            return
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
