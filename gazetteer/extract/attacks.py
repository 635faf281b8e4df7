"""Whether a sentence reports an attack (second layer of the reader).

And how it relates to the incident read before it: a follow-up, a back-reference, its own day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_accidents as accidents
from gazetteer.extract import precision_arms as arms
from gazetteer.extract import precision_campaign as campaign
from gazetteer.extract import precision_discourse as discourse
from gazetteer.extract import precision_habits as habits
from gazetteer.extract import precision_statements as statements
from gazetteer.extract import precision_strays as strays
from gazetteer.extract.attack_modes import _RULED_MODES, ModeReader
from gazetteer.extract.grammar.dates import DateMention, find_context_days
from gazetteer.extract.precision_campaign import superlative_since
from gazetteer.extract.precision_retold import pluperfect_forms
from gazetteer.extract.rule_index import rule_word_index
from gazetteer.extract.rule_words import alternation
from gazetteer.extract.spans import Contained
from gazetteer.extract.state import (
    _ADJACENT,
    _DEFINITE_FACILITY,
    _FACILITY_KINDS,
    _MULTITUDE,
    _Draft,
)
from gazetteer.records import DateSpan
from gazetteer.text.matcher import Match

#: A share of the attacks right before the attack noun (ثلثي الهجمات، معظم الغارات).
_SHARE = re.compile(f"(?:^|\\s)(?:{alternation('share')})\\s+$")
#: Date precisions that name a day (or a night, or a few days): a report's own day.
_DAY_PRECISIONS = frozenset({"day", "night", "days"})


class AttackReader(ModeReader):
    """Tells attack sentences, back-references and follow-ups apart."""

    @cached_property
    def _rule_words(self) -> Mapping[str, Contained]:
        """Where the bare words of the rules asked per sentence stand (:mod:`.rule_index`).

        Kind ``context_day`` holds the context-day words (التالي، السابق), found in the same pass
        as the others.
        """
        return rule_word_index().from_hits(self.rule_hits)  # found in the finder's one pass

    def _context_dates(self, s: int, e: int, context: DateSpan) -> list[DateMention]:
        """Resolve the sentence's days named from the context (اليوم التالي) and keep them.

        They are added to the article's dates, so that every later step sees them as any other
        date of the sentence.
        """
        f = self.found
        if context.start in (date.min, date.max) or context.start is None:
            return []
        if not self._rule_words["context_day"].any_within(s, e):
            return f.within("dates", s, e)  # no day named from the context in it
        piece = self.text[s:e]
        earlier = self._earlier_attack(s, e, whole=True)
        for c in find_context_days(piece):
            # "the attack comes two days after an attack on X": X's day is two days before
            flip = earlier is not None and abs(earlier[0] - s - c.start) <= 2 < 2 + c.offset
            try:
                day = context.start + timedelta(days=-c.offset if flip else c.offset)
            except OverflowError:
                continue
            if day > self.published:
                continue
            end = day + timedelta(days=1) if c.night and day < self.published else day
            cue = self.text[s + c.start : s + c.end]
            span = DateSpan(day, end, "night" if end != day else "day", cue=cue)
            f.insert_date(DateMention(s + c.start, s + c.end, span))
        return f.within("dates", s, e)

    def _earlier_attack(
        self, s: int, e: int, whole: bool = False
    ) -> tuple[int, int, int] | None:
        """The clause "بعد يومين من هجوم على ..." of a sentence (rule interval_before).

        With ``whole``, only when every place of the sentence lies in that clause.
        """
        if not rules.fires("interval_before"):
            return None
        for q in self.found.within("qualifiers", s, e):  # بعد (a background connector)
            if "background" not in q.payloads:
                continue
            marks = [
                (m.start, self._has_article(m)) for m in self.found.within("triggers", q.end, e)
            ]
            got = rules.interval_before(self.text, q.start, e, marks)
            places = [p.norm_start for p in self.found.within("places", s, e)] if whole else []
            if got is not None and all(got[0] <= p < got[1] for p in places):
                return got
        return None

    def _pluperfect(self, s: int, when: DateSpan) -> bool:
        """Rule pluperfect_recall: "وكانت ... قد" opens the sentence, of a day before yesterday.

        Rule pluperfect_forms reads the other forms (a subject set off by commas, no قد).
        """
        if when.end >= self.published - timedelta(days=1):
            return False
        return (rules.fires("pluperfect_recall") and rules.pluperfect_recall(self.text, s)) or (
            rules.fires("pluperfect_forms") and pluperfect_forms(self.text, s)
        )

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

    def _tally(self, s: int, e: int) -> bool:
        """A running total: an amount before the attack noun, with منذ / خلال (since, during).

        The amount is a figure above one (170 هجوما منذ), a vague multitude (عشرات الهجمات
        خلال السنوات الماضية) or a share of them (ثلثي الهجمات منذ تشرين الأول، معظم الهجمات):
        attacks counted over a period, not one attack. A period between two months (بين
        تشرين الأول وشباط) is one too (rule range_tally). A few (عدة، سلسلة غارات خلال الليل)
        may still be one wave of strikes.
        """
        t = self.text
        # rule range_tally: "between October and February" is a period too
        ranged = (
            rules.fires("range_tally")
            and self._rule_words["range_tally"].any_within(s, e)  # a month: its bare words
            and rules.range_period(t, s, e)
        )
        # rule as_of_tally: "as of Friday there were more than 158 attacks" (حتى يوم الجمعة)
        as_of = rules.fires("as_of_tally") and strays.as_of(t, s, e)
        # (_TALLY_WORDS is the bare alternation of its words: found by the rule-word index)
        if not (self._rule_words["running_total"].any_within(s, e) or ranged or as_of):
            return False
        compares = rules.fires("superlative_since") and superlative_since(t, s, e)
        hours = rules.fires("hours_wave") and campaign.hours_period(t, s, e)
        if (compares or hours) and not (ranged or as_of):
            return False  # أعنف قصف منذ مطلع العام: this strike compared, no total
        for m in self.found.within("triggers", s, e):
            before = self.found.within("numbers", max(s, m.start - 25), m.start)
            share = _SHARE.search(t, max(s, m.start - 12), m.start) is not None
            if not share and (not before or t[before[-1].end : m.start].strip()):
                continue
            n = before[-1] if before else None
            multitude = n is not None and n.kind == "vague" and _MULTITUDE.search(t, n.start, n.end)
            big = n is not None and n.kind == "cardinal" and (n.value or 0) > 1
            if share or big or multitude:
                return not (
                    rules.fires("tally_singles_out")
                    and rules.singled_out(
                        t,
                        m.end,
                        e,
                        [d.start for d in self.found.within("dates", m.end, e)],
                        [x.start for x in self.found.within("triggers", m.end, e)],
                    )
                )
        return False

    def _tally_example(self, s: int, e: int) -> bool:
        """An attack cited as an example of many counted, with no day of its own (rule)."""
        t, f = self.text, self.found
        if not (
            self._rule_words["tally_example"].any_within(s, e)  # its bare words, found once
            and campaign.example_marker_within(t, s, e)
        ):
            return False  # (the cheap tests first: most attack sentences pick no example)
        counted = []
        for m in f.within("triggers", s, e):
            before = f.within("numbers", max(s, m.start - 25), m.start)
            n = before[-1] if before and not t[before[-1].end : m.start].strip() else None
            many = n is not None and n.kind == "vague" and _MULTITUDE.search(t, n.start, n.end)
            if many or (n is not None and n.kind == "cardinal" and (n.value or 0) > 1):
                counted.append(m.end)
        days = [d for d in f.within("dates", s, e) if d.span.precision in _DAY_PRECISIONS]
        return bool(counted) and not days and campaign.example_of_tally(t, s, e, counted)

    def is_attack(self, s: int, e: int) -> bool:
        """Whether the sentence reports an attack, strike or explosion.

        A strong word (استهدف، قصف، هجوم) that is not a definite verbal noun is enough; a weak
        one (سقوط، أطلق، تعرض، الهجوم) needs a weapon word. Deployments, threats and running
        totals are not attacks.
        """
        f = self.found
        triggers = f.within("triggers", s, e)
        weapons = f.within("weapons", s, e)
        if not triggers and not weapons:
            # every way below to an attack needs an attack word or a weapon word
            return False
        modes = self._attack_modes(s, e, weapons)
        # an explosive device that goes off under a convoy is an attack on it, not a drill
        device = rules.fires("device_on_convoy") and rules.device_on_convoy(
            [w.payloads[0] for w in weapons]
        )
        strong_at = [
            m.start
            for m in triggers
            if m.payloads[0].strength == "strong"
            and not self._definite(m)
            # explosions heard during a drill or a deployment are not attacks
            and not (m.payloads[0].kind == "explosion" and "context" in modes and not device)
        ]
        strong = bool(strong_at)
        weak = bool(triggers)
        if "irrealis" in modes:
            return False
        if "context" in modes and not strong and not self._defence_intercepts(s, e, weapons):
            return False
        # every test is pure and can only make the sentence no attack: the sentences that
        # report none (most with a weak word alone) are let go before the dearer ones
        if not (
            strong
            or (weak and weapons)
            or self._named_past_attack(s, e, triggers)
            or self._list_line(s, e, weapons)
        ):
            return False
        if rules.fires("seized_arms") and self._seized(s, e, triggers, weapons):
            return False  # a launcher and rockets seized in a raid: nothing was fired
        if rules.fires("accident_blast") and self._accident(s, e, triggers, weapons):
            return False  # a fuel tanker or a generator blew up: an accident
        if self._habit(s, e, triggers, weapons):
            return False  # attacks at large over months, or the crime a court judged
        # a running total only ever makes a sentence no attack: asked of one that reports
        # one (the tests are pure; most sentences with an attack word report none)
        if self._unreported(s, e, triggers, weapons):
            return False
        # rule tally_result_clause: "a new attack ..., bringing the number of attacks to 131"
        cut = rules.result_tally(self.text, s, e) if strong else None
        if cut is not None and rules.fires("tally_result_clause") and min(strong_at) < cut:
            e = cut  # the tests of a running total asked of the main clause
        if self._tally(s, e) or (rules.fires("tally_example") and self._tally_example(s, e)):
            return False
        return not (
            rules.fires("attack_tally")
            and self._rule_words["attack_tally"].any_within(s, e)  # a verb of rising: bare words
            and rules.attack_tally(self.text, s, e)
        )

    def _seized(
        self, s: int, e: int, triggers: list[Match[Any]], weapons: list[Match[Any]]
    ) -> bool:
        """Rule seized_arms (:mod:`.precision_arms`): weapons seized or found, not fired."""
        first = min([*(m.start for m in triggers), *(w.start for w in weapons)], default=e)
        verbs = any(m.payloads[0].pos not in ("noun", "plural") for m in triggers)
        if verbs or not self._rule_words["seized_arms"].any_within(s, first):
            return False  # what the rule answers then: a verb, or no word of seizing before
        facility = _DEFINITE_FACILITY.search(self.text, s, e) is not None or any(
            self.gaz.sites[k].kind in _FACILITY_KINDS
            for p in self.found.within("places", s, e)
            for k in p.site_keys
        )
        return arms.seized_arms(self.text, s, first, verbs, facility)

    def _habit(
        self, s: int, e: int, triggers: list[Match[Any]], weapons: list[Match[Any]]
    ) -> bool:
        """Rules trend_frame and verdict_crime (:mod:`.precision_habits`).

        Each asked only where its bare words stand (:mod:`.rule_index`): a period or a rate
        in the sentence, a verdict before its end.
        """
        words = self._rule_words
        frame = (
            "period"
            if words["trend_period"].any_within(s, e)
            else "rate" if words["trend_rate"].any_within(s, e) else ""
        )
        if frame and rules.fires("trend_frame"):
            cues = [m.payloads[0] for m in triggers]
            strong = any(c.pos == "verb" and c.strength == "strong" for c in cues)
            plural = any(c.pos == "plural" for c in cues)  # هجمات: attacks at large
            day = self._day_within(s, e)
            if habits.trend_frame(self.text, (s, e), strong, day, plural, frame):
                return True  # in the past months ... attacks rose: a trend
        if not rules.fires("verdict_crime") or not words["verdict_crime"].any_within(0, e):
            return False
        first = min([*(m.start for m in triggers), *(w.start for w in weapons)], default=e)
        # "the bombing killed ... and wounded ...": definite strong words, weak ones beside them
        strong_words = [m for m in triggers if m.payloads[0].strength == "strong"]
        definite = bool(strong_words) and all(self._definite(m) for m in strong_words)
        days = [d.start for d in self.found.within("dates", s, e) if d.span.precision == "day"]
        dated = any(d > first for d in days)  # the crime's own day: a back-reference
        return habits.verdict_crime(self.text, s, first, definite, dated)

    def _day_within(self, s: int, e: int) -> bool:
        return any(d.span.precision == "day" for d in self.found.within("dates", s, e))

    def _accident(
        self, s: int, e: int, triggers: list[Match[Any]], weapons: list[Match[Any]]
    ) -> bool:
        """Rule accident_blast (:mod:`.precision_accidents`): a blast of everyday things."""
        # explosion words, and weak ones (تعرض، إصابة) that need a weapon the sentence lacks
        cues = [m.payloads[0] for m in triggers]
        only = all(c.kind == "explosion" or c.strength == "weak" for c in cues) and all(
            w.payloads[0].weapon == "explosion" and w.payloads[0].role == "mass" for w in weapons
        )
        ends = [m.end for m in triggers if m.payloads[0].kind == "explosion"]
        return accidents.accident_blast(self.text, s, e, ends, only)

    def _unreported(
        self, s: int, e: int, triggers: list[Match[Any]], weapons: list[Match[Any]]
    ) -> bool:
        """Whether a rule of discourse finds the sentence's attack denied, undated, asked, foiled.

        Or a stance on attacks at large (future_stance), or a circulating clip's claim.
        None counts for a sentence with a counted weapon (two or more: the projectiles fell),
        asked last (counting is the dear part); vague_past, future_stance and question_asked
        not for one with a date of its own either.
        """
        return self._discourse_fires(s, e, triggers, weapons) and not any(
            (self._count_for(w)[0] or 0) > 1 for w in weapons
        )

    def _discourse_fires(
        self, s: int, e: int, triggers: list[Match[Any]], weapons: list[Match[Any]]
    ) -> bool:
        """Whether one of the rules of discourse fires on a sentence (before the count guard)."""
        t = self.text
        if (
            rules.fires("foiled_plot")
            and self._rule_words["foiled_plot"].any_within(s, e)  # "before it was carried out"
            and discourse.foiled_plot(t, s, e)
        ):
            return True
        first = min([*(m.start for m in triggers), *(w.start for w in weapons)], default=e)
        if (
            rules.fires("clip_claim")
            and self._rule_words["clip_claim"].any_within(s, first)  # a clip or post named
            and discourse.clip_claim(t, s, first)
        ):
            return True
        # only a strong attack or strike word is denied: "no dead fell", "the second rocket did
        # not fall inside", "the base suffered no damage" (لم تتعرض لأضرار) deny a figure, a
        # place or damage, not the attack
        denied = sorted(
            m.start
            for m in triggers
            if m.payloads[0].kind in ("attack", "strike") and m.payloads[0].strength == "strong"
        )
        firing = self._rule_words["fired_nothing"].any_within(s, e)  # (a firing verb's bare words)
        if rules.fires("negated_attack") and discourse.negated_attack(t, s, e, denied, firing):
            return True
        if self.found.within("dates", s, e):
            return False
        words = [m.start for m in [*triggers, *weapons]]
        vague = rules.fires("vague_past") and self._rule_words["vague_past"].any_within(s, e)
        if vague and discourse.vague_past(t, s, e, words):  # (its bare words first)
            return True
        # a noun is the subject of "will not"; a verb (استهدفت ... ولن تكون الأخيرة) tells
        ends = [m.end for m in triggers if m.payloads[0].pos in ("noun", "plural")]
        if rules.fires("future_stance") and discourse.future_stance(t, e, ends):
            return True
        if not rules.fires("question_asked"):
            return False
        # the verbs of saying (فقال، فأكد) found only when a verb of asking stands first
        return discourse.question_asked(
            t, s, words, lambda: [s + m.start for m in self.cues.statements.find(t[s:e])]
        )

    def _list_line(self, s: int, e: int, weapons: list[Match[Any]]) -> bool:
        """A list line with no verb: "<place> 4 rockets" (a counted weapon and a place)."""
        return bool(self.found.within("places", s, e)) and any(
            w.payloads[0].countable and self._count_for(w)[0] is not None for w in weapons
        )  # (the place first: counting is the dear part)

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

    def _wave(self, s: int, e: int, last_touch: int) -> bool:
        """Whether a sentence gives more places of the wave of strikes just read.

        It comes right after an incident -- or later, when it names the strikes by a definite
        noun (الضربات طالت مواقع في القائم, rule ``definite_strikes``) -- gives casualties at
        named places, and has no weapon and no date of its own.
        """
        f = self.found
        if not self._reads_casualties(s, e):
            return False  # no casualty word that reads: no casualties reported (the last test)
        near = s - last_touch <= _ADJACENT
        if not near and rules.fires("definite_strikes"):
            near = rules.definite_strikes(
                [(self._has_article(m), m.payloads[0].pos) for m in f.within("triggers", s, e)]
            )
        if not near or f.within("dates", s, e) or f.within("weapons", s, e):
            return False
        modes = {m.payloads[0] for m in f.within("non_events", s, e)} - _RULED_MODES
        if modes or (rules.fires("running_toll") and statements.running_toll(self.text, s, e)):
            return False  # (منذ منتصف تموز ... راح ضحيتها العديد: a toll of months, rule)
        return self._casualties(s, e).status == "reported" and bool(f.within("places", s, e))

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

    def _at_facility(self, d: _Draft) -> bool:
        site = self.gaz.sites.get(d.site) if d.site else None
        return site is not None and site.kind in _FACILITY_KINDS

    def _same_site(self, a: str, b: str) -> bool:
        return a == b or a in self.gaz.ancestors(b) or b in self.gaz.ancestors(a)
