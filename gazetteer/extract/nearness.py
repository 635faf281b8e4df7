"""Where a place lies from the event: near a named base, a base fire came from, a force's post.

The readings of the words before a place that the target reader (:mod:`.targets`) asks for
each place of an attack sentence:

- rule near_site_noun -- "قرب قاعدة عين الأسد", "في محيط قاعدة حرير": a locator before a
  site's noun puts the event near the named base (precision 2), as when the noun is part of the
  name (قرب مطار بغداد);
- rule origin_site_noun -- "من قاعدة حقل العمر": من before a site's noun marks where fire or a
  convoy came from, as before a town; not after a word of nearness or a verb of approach;
- rule striker_stands_in -- "قصفت المدفعية الأمريكية في حقل العمر مواقع في الميادين": the place
  right after the US force that strikes is its post, not its target;
- the locator words before a place (:meth:`NearnessReader._locator_role`: قرب، ريف، من، شرقي ...)
  and where they leave it: near, a region, an origin, a reference, elsewhere, or the target;
- rules interception_away and approached_position -- a place only where a downed drone fell,
  unless the drone was approaching it (:meth:`NearnessReader._downed_over`);
- rule speaking_site -- "أعلنت السفارة الأمريكية ...": the place right after a verb of saying
  that opens the sentence speaks, it is not attacked (:meth:`NearnessReader._speaking`).

The tests of the words themselves are in :mod:`.precision_places`.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_roles as roles
from gazetteer.extract import precision_vantage as vantage
from gazetteer.extract.locators import LocatorReader
from gazetteer.extract.precision_places import (
    near_site_noun,
    origin_site_noun,
    replying_force,
    striker_post,
)
from gazetteer.extract.precision_targets import second_object
from gazetteer.extract.state import _FACILITY_KINDS, _GENERIC_NOUNS, _SEPARATOR
from gazetteer.places.sites import site_nouns
from gazetteer.records import PlaceMention
from gazetteer.text.matcher import Match

if TYPE_CHECKING:
    from gazetteer.extract.sentence_cues import _SentenceCues

#: The nouns that introduce a place name (قاعده، مطار، حقل ...), normalised.
_SITE_NOUNS = site_nouns()
#: How far before a place rule approached_position looks for its word of approach.
_POSITION_REACH = 90


def _bare(word: str) -> str:
    """A word without the article or a clitic و، ب، ل before it (القاعده -> قاعده)."""
    for lead in ("\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0644\u0644", "\u0627\u0644"):
        if word.startswith(lead) and len(word) > len(lead) + 2:
            return word[len(lead) :]
    return word


class NearnessReader(LocatorReader):
    """Reads how a place named after its site noun relates to the event."""

    def _from_base(self, from_start: int) -> bool:
        """Whether من before a site's noun marks an origin (rule origin_site_noun)."""
        return rules.fires("origin_site_noun") and origin_site_noun(self.text, from_start)

    def _strikes(self, actor: Match[Any], s: int, e: int) -> bool:
        """Whether a US name is the one that strikes (rule us_agent; the agent reader's)."""
        return False

    def _striker_stands(self, place: PlaceMention, s: int, e: int) -> bool:
        """Whether a place only tells where the striking US force stands (rule striker_stands_in).

        "قصفت المدفعية الأمريكية في حقل العمر مواقع في الميادين": the place right after the
        US force that strikes (في، داخل، ب and perhaps a site noun between) is its post, not
        its target; the sentence's other place is. With no other place the post is kept for
        the later rules (strike_near_own_base).
        """
        if not rules.fires("striker_stands_in"):
            return False
        t = self.text
        actors = self.found.within("actors", max(s, place.norm_start - 40), place.norm_start)
        if not actors or actors[-1].payloads[0].side != "us":
            return False
        actor = actors[-1]
        if not striker_post(t[actor.end : place.norm_start], _SITE_NOUNS):
            return False
        # قاعدة الاحتلال الأمريكي في حقل العمر، قاعدة كبيرة للتحالف في ...: a base and its
        # owner (a site noun among the two words before, or ل on the name), not a force
        head = t[max(s, actor.start - 30) : actor.start].split()[-2:]
        if t.startswith("\u0644", actor.start) or any(_bare(w) in _SITE_NOUNS for w in head):
            return False
        # ردت القوات الأمريكية في ... بقصف: the force that replies strikes
        return self._replies(actor, s) or self._strikes(actor, s, e)

    def _replies(self, actor: Match[Any], s: int) -> bool:
        """Whether a force's name follows a verb of reply (ردت القوات الأمريكية): it strikes."""
        return replying_force(self.text, max(s, actor.start - 30), actor.start)

    def _near_by_noun(self, place: PlaceMention, s: int) -> bool:
        """Whether a locator and a site noun put the event near the place (rule near_site_noun).

        قرب قاعدة عين الأسد، في محيط قاعدة حرير، على بعد 20 كم شمال قاعدة ...: the place stays
        the target, at precision 2.
        """
        if not rules.fires("near_site_noun"):
            return False
        t = self.text
        before = self.found.within("locators", max(s, place.norm_start - 60), place.norm_start)
        if not before:
            return False
        loc = before[-1]
        # من closing a distance (على بعد 2 كم من), or after a word of nearness (القريبة من)
        distance = loc.payloads[0] == "origin" and (
            rules.distance_from(t, loc.start) or not origin_site_noun(t, loc.start)
        )
        gap = t[loc.end : place.norm_start].split()
        return near_site_noun(loc.payloads[0], loc.phrase, gap, _SITE_NOUNS, distance)

    def _downed_over(self, p: PlaceMention, cues: _SentenceCues) -> bool:
        """Whether the place is only where an intercepted aircraft fell (rule interception_away)."""
        if not rules.fires("interception_away") or not cues.downed_anywhere:
            return False  # (the sentence's test, once per sentence, before the place's: pure)
        facility = any(self.gaz.sites[k].kind in _FACILITY_KINDS for k in p.site_keys)
        noun_end = rules.base_noun_before(self.text, p.norm_start)
        base_noun = noun_end is not None and not self.text[noun_end : p.norm_start].strip()
        # a drone downed as it approached the place (تقترب من موقع الدعم في الشدادي) was
        # attacking it: the place is its target, not where it fell
        if self._approached(p.norm_start):
            return False
        # interception_away says no then before looking at the sentence's words
        return not (facility or base_noun)

    def _approached(self, place: int) -> bool:
        """Whether a word of approach (تقترب، باتجاه) leads to the place.

        Within 40 characters; or, by rule approached_position, further in the same clause
        when what it approached is a position described and located by the place (باتجاه
        موقع عسكري متقدم على الساتر الترابي في منطقة X).
        """
        near = self.found.within("qualifiers", max(0, place - 40), place)
        if any("approach" in q.payloads for q in near):
            return True
        if not rules.fires("approached_position"):
            return False
        far = self.found.within("qualifiers", max(0, place - _POSITION_REACH), place)
        return any(
            "approach" in q.payloads and rules.approached_position(self.text, q.end, place)
            for q in far
        )

    def _locator_role(self, place: PlaceMention, s: int, city: bool) -> str | None:
        """The role the locator words before a place give it (see :meth:`_role`)."""
        t = self.text
        before = self.found.within("locators", max(s, place.norm_start - 60), place.norm_start)
        for loc in reversed(before):
            role = loc.payloads[0]
            gap = t[loc.end : place.norm_start].split()
            if role == "elsewhere":
                if len(gap) <= 3 and not _SEPARATOR.search(t[loc.end : place.norm_start]):
                    return "elsewhere"
                if rules.fires("reporter_outlet") and vantage.reporter_outlet(
                    t, (loc.start, loc.end), place.norm_start
                ):
                    return "elsewhere"  # لمراسل وكالة الأنباء الأردنية (بترا) ببغداد
                continue
            noun = len(gap) == 1 and gap[0] in _SITE_NOUNS and gap[0] not in _GENERIC_NOUNS
            skipped = len(gap) > 1 or (gap and gap[0] not in _GENERIC_NOUNS)
            if skipped and not (noun and role == "origin" and self._from_base(loc.start)):
                continue
            if role == "direction":
                a, _ = self._clause(loc.start, s, place.norm_start)
                earlier = bool(self.found.within("places", a, loc.start))
                return rules.direction_role(t, (a, loc.start), earlier, city, rules.fires)
            if role == "origin" and rules.fires("smoke_source"):
                smoke = self.found.within("qualifiers", max(s, loc.start - 40), loc.start)
                if rules.smoke_source(t, loc.start, smoke):
                    return None  # الدخان يتصاعد من القاعدة: the place hit
            distance = role == "origin" and rules.fires("distance_from")
            if distance and rules.distance_from(t, loc.start):
                # على بعد 20 كم إلى الشمال من التنف: near it; من قاعدة ...: the named base
                # itself, near it (rule near_site_noun gives its precision)
                return None if noun else "near"
            if role == "origin" and noun:
                return "from_base"  # من قاعدة عين الأسد: where it came from, named by its noun
            if role in ("origin", "near", "region"):
                return role
        return None

    def _speaking(self, place: PlaceMention, s: int) -> bool:
        """Rule speaking_site: the place right after a verb of saying that opens the sentence."""
        a, b = place.norm_start, place.norm_end
        return roles.speaking_site(
            self.text, s, a, b, self._said_at, self._places_after
        ) and rules.fires("speaking_site")

    def _places_after(self, at: int) -> bool:
        """Whether a place of the gazetteer stands within 400 characters after ``at``."""
        return bool(self.found.within("places", at, at + 400))

    def _said_at(self, a: int, b: int) -> bool:
        """Whether a verb of saying (lexicon statement_verbs) stands in ``[a, b)``."""
        return bool(self.cues.statements.find(self.text[a:b]))

    @cached_property
    def _launch_index(self) -> tuple[list[int], list[Match[Any]]]:
        """The article's launch words (أطلق، انطلق ...) among its triggers, and their starts."""
        launches = [m for m in self.found.triggers if m.payloads[0].kind == "launch"]
        return [m.start for m in launches], launches

    def _launch_before(self, s: int, place: PlaceMention) -> bool:
        """Whether a launch word starts in ``[s, place)``.

        By bisection: each place of a long sentence would scan every trigger before it.
        """
        starts = self._launch_index[0]
        return bisect_left(starts, s) < bisect_left(starts, place.norm_start)

    def _launches(self, a: int, b: int) -> list[Match[Any]]:
        """The launch words that start in ``[a, b)``."""
        starts, launches = self._launch_index
        return launches[bisect_left(starts, a) : bisect_left(starts, b)]

    def _second_object(self, place: PlaceMention, s: int) -> bool:
        """Whether a town is the strike's second object: "وعلى مواقع أخرى في" before it."""
        return rules.fires("second_object") and second_object(self.text, place.norm_start, s)
