"""Which places a sentence reports attacked, with their site and geo precision (third layer).

Places that only locate, qualify, launch or report are set aside here, by the locator words
before them and the named precision rules of :mod:`gazetteer.extract.precision`.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from itertools import pairwise
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_areas as areas
from gazetteer.extract import precision_breadth as breadth
from gazetteer.extract import precision_habits as habits
from gazetteer.extract import precision_passage as passage
from gazetteer.extract import precision_regions as regions
from gazetteer.extract import precision_statements as statements
from gazetteer.extract import precision_vantage as vantage
from gazetteer.extract.precision_iraq2 import wire_dateline
from gazetteer.extract.precision_targets import attempt_complement
from gazetteer.extract.rule_words import rule_words
from gazetteer.extract.sentence_cues import _SentenceCues
from gazetteer.extract.site_choice import SiteChooser
from gazetteer.extract.spans import Listing, Nearest, StartIndex
from gazetteer.extract.state import (
    _FACILITY_KINDS,
    _MIN,
    _PREPOSITION,
    _SEPARATOR,
    Target,
    _distance_cut,
    _end,
    _is_dateline,
    _start,
    _surcharged,
)
from gazetteer.records import PlaceMention
from gazetteer.text.matcher import Match

#: A comma (Latin or Arabic) or a sentence mark: the end of a clause.
_CLAUSE_MARK = re.compile("[,\u060c.;!?\n]")
#: Words before a verb that describe a noun already named (كانت تحلق، التي تحلق), normalised.
_DESCRIBING = frozenset(
    {"\u0643\u0627\u0646", "\u0643\u0627\u0646\u062a", "\u0643\u0627\u0646\u062a\u0627"}
    | set(rule_words("relative"))
)


#: The roles of a place that is no target of the sentence's attack.
_NOT_TARGETS = ("origin", "from_base", "reference", "elsewhere")


class TargetReader(SiteChooser):
    """Chooses the places a sentence reports attacked."""

    def _role(self, place: PlaceMention, s: int) -> str | None:
        """:meth:`_read_role`, read once per place and sentence start (the place kept alive)."""
        key = (id(place), s)
        got = self._roles.get(key)
        if got is None:
            got = self._roles[key] = (place, self._read_role(place, s))
        return got[1]

    @cached_property
    def _roles(self) -> dict[tuple[int, int], tuple[PlaceMention, str | None]]:
        """The roles read so far: targets, origins and segments ask again for each place."""
        return {}

    def _read_role(self, place: PlaceMention, s: int) -> str | None:
        """origin, near, region, reference, elsewhere or None (a target).

        Read from the locator word before the place: مِن marks where fire came from, قرب a
        nearby target, ريف a region, a direction word a reference point when another place
        precedes it in the clause (قرب مخيم الهول شرقي الحسكة), and مراسل / مشفى / المتمركزة a
        place where the reporter, the wounded or the shooters were.
        """
        t = self.text
        early = self._dateline_or_launch(place, s)
        if early:
            return early
        # the launch words of the place's clause (its start found only if one stands before)
        launch = self._launch_before(s, place)
        a = self._clause(place.norm_start, s, place.norm_end)[0] if launch else s
        for m in self._launches(max(a, s), place.norm_start):
            preps = list(_PREPOSITION.finditer(t, m.end, place.norm_start))
            if preps and preps[-1].group(0) == _MIN:
                return "origin"  # أطلقت الصواريخ من مناطق ... جنوب القامشلي
        near = self.found.within("qualifiers", max(s, place.norm_start - 60), place.norm_start)
        heading = rules.headings(t, near, lambda: self.found.within("weapons", s, place.norm_end))
        city = self.gaz.sites[place.site_keys[0]].kind == "city"
        span = (place.norm_start, place.norm_end)
        if (
            rules.fires("heading_destination")
            and rules.heading_destination(t, place.norm_start, heading)
        ) or (rules.fires("route_ends") and rules.route_end(t, span, s, city)):
            # أثناء توجهه نحو قاعدة ...: where it was going; الطريق الدولي دمشق - بغداد: a road
            return "reference"
        return self._locator_role(place, s, city)

    def _dateline_or_launch(self, place: PlaceMention, s: int) -> str | None:
        """"elsewhere" for a dateline; "origin" in a launch phrase (rule launch_phrase).

        "reference" after a facility's locating adjective (rule locating_modifier).
        """
        t = self.text
        if (
            _is_dateline(t, place.norm_start, place.norm_end)
            or (
                (place.norm_start == 0 or t[place.norm_start - 1] == "\n")  # opens a line
                and rules.fires("wire_dateline")
                and wire_dateline(t, place.norm_start, place.norm_end)
            )
            or self._speaking(place, s)
        ):
            return "elsewhere"  # (or the speaker: rule speaking_site; a wire's: wire_dateline)
        words = self._rule_words["locating_modifier"]  # an adjective of place within reach
        if (
            rules.fires("locating_modifier")
            and words.any_within(max(s, place.norm_start - 80), place.norm_start)
            and habits.locating_modifier(t, place.norm_start, s, self._facility_before(place, s))
        ):
            return "reference"  # المعسكر الواقع شمال العاصمة بغداد: Baghdad only locates it
        if rules.fires("launch_phrase") and statements.launched_from(
            t, s, place.norm_start, lambda: self._is_facility(place), self.found
        ):
            return "origin"  # انطلقت من منطقة دوجمة التابعة لقضاء الخالص
        return None

    def _facility_before(self, place: PlaceMention, s: int) -> bool:
        """Whether "the camp" of a locating adjective has an antecedent (locating_modifier).

        The article named another facility before the sentence, and no place stands between
        the adjective's facility and ``place`` (a named facility is read by its own rules);
        never when ``place`` is the town that locates a facility (rule base_by_locator).
        """
        key = self._choose_site(place)
        if key is not None and self._base_by_locator(place, key) is not None:
            return False  # القاعدة القريبة من الحسكة: the facility the article located by the town
        if self.found.within("places", max(s, place.norm_start - 80), place.norm_start):
            return False
        own = set(place.site_keys)
        return any(
            self._is_facility(p) and not own & set(p.site_keys)
            for p in self.found.within("places", 0, s)
        )

    def _is_facility(self, place: PlaceMention) -> bool:
        return any(self.gaz.sites[k].kind in _FACILITY_KINDS for k in place.site_keys)

    def origins(self, s: int, e: int) -> list[Target]:
        """The places fire came from (أطلقت من الميادين), with site key and precision 2."""
        out = []
        for p in self.found.within("places", s, e):
            key = self._choose_site(p)
            if key is not None and self._role(p, s) == "origin":
                out.append(Target(p, key, 2))
        return out

    def _set_apart(
        self, places: list[PlaceMention], triggers: list[Match[Any]], s: int, e: int
    ) -> list[bool] | None:
        """Which places stand in a clause about another event; None when no place is a target."""
        background = self._background(s, e)
        if background and rules.fires("dated_background"):  # an earlier attack with its own day
            dates = [(d.start, d.span.precision) for d in self.found.within("dates", s, e)]
            background = rules.undated_clauses(background, dates, [p.norm_start for p in places])
        inside = [any(a <= p.norm_start < b for a, b in background) for p in places]
        if all(inside):
            inside = [False] * len(places)  # the whole report is the clause: nothing to set apart
        elif background and all(
            self._definite(m) or any(a <= m.start < b for a, b in background) for m in triggers
        ):
            # every new attack word tells the earlier event: the places outside it are governed
            # by none ("after the shelling of the embassy, searches began in Hit": Hit was not hit)
            return None
        # a killing the attack answered (ردا على مقتل ... قرب مطار بغداد) is never its place
        killing = [(a, b) for a, b in background if rules.reprisal_killing(self.text, a)]
        return [
            i or any(a <= p.norm_start < b for a, b in killing)
            for i, p in zip(inside, places, strict=True)
        ]

    def targets(self, s: int, e: int) -> list[Target]:
        """The places attacked in a sentence, with their site key and geo precision."""
        places = self.found.within("places", s, e)
        specific: list[Target] = []
        located: list[Target] = []
        standing: list[Target] = []
        triggers = self.found.within("triggers", s, e)
        inside = self._set_apart(places, triggers, s, e)
        if inside is None:
            return []
        cues = _SentenceCues(self, triggers, s, e)
        for p, aside in zip(places, inside, strict=True):
            if aside or self._named_attack_elsewhere(p, cues) or self._not_attacked(p, s, e, cues):
                continue
            if self._downed_over(p, cues):
                self._downed.add(s)  # the sentence has its place: no antecedent either
                continue
            role = self._role(p, s)
            key = self._choose_site(p)
            if key is None or role in ("origin", "reference", "elsewhere"):
                continue
            if role == "from_base" or (role is None and self._striker_stands(p, s, e)):
                # a base fire or a convoy came from, or the striking force's post: the place
                # only if the sentence names no other (near it, then, for the base left)
                standing.append(Target(p, key, 2 if role else 1))
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
                specific.append(Target(p, key, 2 if self._near_by_noun(p, s) else 1))
        chosen = self._with_located(specific, located, standing, s, e)
        if len(chosen) > 1:
            chosen = self._drop_locators(chosen)
        if len(chosen) > 1:
            chosen = self._drop_bare_towns(chosen, s, e)
        seen: dict[str, Target] = {}
        for item in chosen:
            seen.setdefault(item[1], item)
        return list(seen.values())

    def _with_located(
        self,
        specific: list[Target],
        located: list[Target],
        standing: list[Target],
        s: int,
        e: int,
    ) -> list[Target]:
        """The specific targets, and the located ones a clause of their own reports.

        A place "near" which a clause of its own reports a strike is a target too (...,
        واستهدفت غارة ثالثة نقطة في محيط المطار): kept at its precision; a region never is
        (التي تستهدف فيها مواقع في الحسكة: a back-reference's preamble). With no specific
        target, the located ones are the targets; with neither, the striking force's post
        (``standing``, rule striker_stands_in) is left to the later rules (strike_near_own_base).
        """
        if not specific and not located:
            return standing
        if not specific or not located:
            return specific or located
        where = StartIndex(sorted(t.place.norm_start for t in specific), int)
        both = specific + located
        return specific + [
            x
            for x in located
            if (
                x.precision == 2
                and (self._own_clause(x.place, where, s, e) or self._own_figure(x.place, s, e))
            )
            or self._own_attack_clause(x, both)
        ]

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

    def _interception_only(self, triggers: list[Match[Any]]) -> bool:
        """Rule interception_away for a place neither a facility nor named with a base noun.

        Its answer depends on the place only through those two facts, so it is asked once
        per sentence (a long sentence costs no rescan of its attack words per place).
        """
        quals = (
            self.found.within("qualifiers", triggers[0].start - 1, triggers[-1].end)
            if triggers
            else []
        )
        return rules.interception_away([m.start for m in triggers], quals, False, False)

    def _not_attacked(self, p: PlaceMention, s: int, e: int, cues: _SentenceCues) -> bool:
        """Whether a deployment, overflight or airspace word governs the place (rule 3).

        The rule reads only the last governing word before the place (the greatest
        ``(start, is_attack)`` among them): it is given those starting where that one does,
        found by bisection in the sentence's words, sorted once.
        """
        later = lambda: any(  # noqa: E731  (another site named after the place)
            q.site_keys != p.site_keys for q in self.found.within("places", p.norm_end, e)
        )
        if passage.not_a_target(self.text, (p.norm_start, p.norm_end), s, later, rules.fires):
            return True  # an inquiry's topic, or an adjective that is also a name
        at = lambda pos: next((q.site_keys for q in self.found.within("places", pos, pos + 1)), ())  # noqa: E731
        span, keys = (p.norm_start, p.norm_end), p.site_keys
        if breadth.not_a_target(self.text, span, (s, e), keys, self.gaz.sites, at, rules.fires):
            return True  # a province's name, or a homonym located in another province
        if rules.fires("distance_origin") and vantage.distance_origin(self.text, p.norm_start, s):
            return True  # 400 كلم جنوب العاصمة بغداد: where a distance is measured from
        if rules.fires("province_areas") and areas.province_areas(
            self.text, p.norm_start, s, keys, self.gaz.sites, lambda pos: bool(at(pos))
        ):
            return True  # مناطق حمص ودير الزور: a province's areas, not its seat
        if not rules.fires("governed_by_non_event"):
            return False
        f, b = self.found, lambda: self._clause(p.norm_start, s, e)[1]  # (the place's clause)
        return rules.governed_by_non_event(
            p.norm_start,
            s,
            cues.governing_before(p.norm_start),
            lambda: any(
                m.payloads[0].strength == "strong" for m in f.within("triggers", p.norm_end, b())
            ),  # a strong attack word after the place in its clause: asked last
        )

    def _governing_words(self, s: int, e: int) -> list[tuple[int, bool]]:
        """(start, is_attack) of the attack words and the non-event words of a sentence, sorted."""
        f = self.found
        cues = [(m.start, True) for m in f.within("triggers", s, e)]
        first_trigger = cues[0][0] if cues else e
        # an aircraft flying when it was downed (أسقطت طائرة كانت تحلق فوق القاعدة) is the
        # object of the attack word before it: its flight words govern nothing; but a flight
        # told in a clause of its own (..., فيما حلقت مروحيتان فوق ذيبان) governs its places
        starts = [c[0] for c in cues]
        cues += [
            (m.start, False)
            for m in f.within("qualifiers", s, e)
            if "non_attack" in m.payloads
            or ("overflight" in m.payloads and self._apart(m.start, starts, first_trigger))
        ]
        return sorted(cues)

    def _apart(self, pos: int, trigger_starts: list[int], first_trigger: int) -> bool:
        """Whether a word at ``pos`` stands before every attack word, or in a clause of its own.

        A clause of its own: a comma or sentence mark lies between the last attack word before
        ``pos`` and ``pos``, and the word is not a description of an aircraft already named
        (كانت تحلق، التي تحلق).
        """
        if pos < first_trigger:
            return True
        before = self.text[max(0, pos - 12) : pos].split()
        if before and before[-1] in _DESCRIBING:
            return False  # طائرة ... كانت تحلق: the flight of the aircraft the attack word hit
        k = bisect.bisect_left(trigger_starts, pos)  # the starts are sorted
        last = trigger_starts[k - 1] if k else max(t for t in trigger_starts if t < pos)
        return _CLAUSE_MARK.search(self.text, last, pos) is not None

    def _named_attack_elsewhere(self, p: PlaceMention, cues: _SentenceCues) -> bool:
        """Whether a place only names another attack (ردا على هجوم التنف) in the sentence.

        The place stands in construct after an attack noun, and the sentence reports its
        attack with another word that is not definite.
        """
        # a verb right before the place governs it (تعرض حقل العمر لقصف): only a noun names
        right_before = cues.ending_at(p.norm_start - 1)
        named = [m for m in right_before if m.payloads[0].pos != "verb"]
        if not named or (
            rules.fires("attempt_complement")
            and attempt_complement(self.text, named[0].start)
        ):
            return False  # حاولت استهداف حقل العمر: what the attempt aimed at
        # some attack word not definite and not among the named ones: a match equal to a named
        # one ends where it does, so only the words ending there need comparing
        loose, same_end = cues.indefinite(p.norm_start - 1)
        return loose > len(same_end) or any(m not in named for m in same_end)

    def _own_clause(
        self,
        place: PlaceMention,
        others: StartIndex[int],
        s: int,
        e: int,
        but: PlaceMention | None = None,
    ) -> bool:
        """Whether a place's clause reports an attack of its own, apart from the other places.

        The clause (between commas, semicolons or the conjunction و) holds an attack word or
        a casualty figure (ففي قاعدة الشدادي أصيب جندي) and none of the other places
        (``others``, less one target at ``but`` when given: the place itself among them).
        """
        a, b = self._clause(place.norm_start, s, e)
        if not (self.found.within("triggers", a, b) or self._casualties(a, b).status == "reported"):
            return False
        inside = others.count(a, b)
        if but is not None and a <= but.norm_start < b:
            inside -= 1
        return inside == 0

    def _own_figure(self, place: PlaceMention, s: int, e: int) -> bool:
        """Whether a place near which a list of figures by place gives its own (rule).

        "9 killed in Albukamal, 5 in al-Mayadin, and 3 at sites near the airport": the place
        stands in its own clause with a bare figure (an elliptical casualty count).
        """
        if not rules.fires("figures_by_place"):
            return False
        a, b = self._clause(place.norm_start, s, e)
        # the conjunction و that opens the clause may carry the figure (و3 في ...)
        return rules.figures_by_place(self._elliptical_figure(max(s, a - 1), b) is not None)

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
        listing = self._listing(chosen, armed)
        starts = StartIndex(sorted(t.place.norm_start for t in chosen), int)
        out = []
        for i, item in enumerate(chosen):
            site = self.gaz.sites[item[1]]
            if (
                armed[i]
                or site.kind in _FACILITY_KINDS
                or listing.with_armed(i)
                or (
                    rules.fires("parallel_locative")
                    and regions.parallel_locative(
                        self.text, item[0], [c[0] for c, a in zip(chosen, armed, strict=True) if a]
                    )
                )
                or self._second_object(item[0], s)
                or (reports and self._own_clause(item[0], starts, s, e, but=item[0]))
                or any(
                    self._elliptical_figure(a, b) is not None for a, b in pieces.get(item[1], [])
                )
            ):
                out.append(item)
        return out

    @cached_property
    def _reversed_text(self) -> str:
        """The text backwards, for reading back from a position with a regular expression."""
        return self.text[::-1]

    def _listing(self, chosen: list[Target], armed: list[bool]) -> Listing:
        return Listing(self.text, self._reversed_text, [c[0] for c in chosen], armed)

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
            if k in keys and self._role(p, s) not in _NOT_TARGETS
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

    def _nearest(self, anchors: list[tuple[int, int]], *, flip: bool = False) -> Nearest:
        """An index giving a span the first anchor at the least :func:`_distance` from it.

        With ``flip`` the distance is measured from the anchor to the span
        (``_distance(anchor, span)``), as when the dates are the anchors of a place.
        """
        text, cuts = self.text, self._separators
        if flip:
            return Nearest(
                anchors,
                lambda item, anchor: _distance_cut(text, cuts, anchor, item),
                lambda end: _surcharged(text, end),
            )
        return Nearest(
            anchors,
            lambda item, anchor: _distance_cut(text, cuts, item, anchor),
            lambda end: _surcharged(text, end),
        )

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
        # each cue goes to the first target at the least distance (``min`` over the targets),
        # found by bisection: a long sentence costs no scan of every target per cue
        nearest = self._nearest(anchors)
        for name in ("weapons", "dates", "times"):
            for item in f.within(name, s, e):
                span = (_start(item), _end(item))
                if any(a <= span[0] < b for a, b in background):
                    continue
                best = nearest.nearest(span)
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
