"""Where a place lies from the event: near a named base, a base fire came from, a force's post.

Three readings of the words between a locator and a place, which the target reader
(:mod:`.targets`) asks for each place of an attack sentence:

- rule near_site_noun -- "قرب قاعدة عين الأسد", "في محيط قاعدة حرير": a locator before a
  site's noun puts the event near the named base (precision 2), as when the noun is part of the
  name (قرب مطار بغداد);
- rule origin_site_noun -- "من قاعدة حقل العمر": من before a site's noun marks where fire or a
  convoy came from, as before a town; not after a word of nearness or a verb of approach;
- rule striker_stands_in -- "قصفت المدفعية الأمريكية في حقل العمر مواقع في الميادين": the place
  right after the US force that strikes is its post, not its target.

The tests of the words themselves are in :mod:`.precision_places`.
"""

from __future__ import annotations

from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract.locators import LocatorReader
from gazetteer.extract.precision_places import (
    near_site_noun,
    origin_site_noun,
    replying_force,
    striker_post,
)
from gazetteer.places.sites import site_nouns
from gazetteer.records import PlaceMention
from gazetteer.text.matcher import Match

#: The nouns that introduce a place name (قاعده، مطار، حقل ...), normalised.
_SITE_NOUNS = site_nouns()


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
        """Whether a US name is the one that strikes (rule us_agent; the drafting reader's)."""
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
        return near_site_noun(loc.phrase, gap, _SITE_NOUNS, distance)

