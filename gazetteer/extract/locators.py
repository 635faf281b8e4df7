"""Places that only locate another target, dropped from a sentence's targets (layer of the reader).

A sentence that names a base and the town or province it stands in ("Harir air base in Erbil"),
or a parent place and its child, reports one attack, on the most specific place: the others
only say where it is. :class:`LocatorReader` drops them, unless rule own_clause_attack finds
the place in a clause with an attack and a day of its own (two attacks told apart). Every
question is answered per sentence by bisection, so one long sentence with many places costs
linear time (``tests/test_linear_lookups.py``).
"""

from __future__ import annotations

import bisect
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract.attacks import AttackReader
from gazetteer.extract.precision_clauses import no_longer_gap_locates
from gazetteer.extract.state import _FACILITY_KINDS, _LOCATOR_KM, Target, _km

__all__ = ["LocatorReader"]


class LocatorReader(AttackReader):
    """Drops the targets that only locate another one (the layer under the target reader)."""

    #: The last sentence's lookups for rule own_clause_attack: (sentence, the target list,
    #: its dates, attack words, places and their starts, whether its days differ); replaced,
    #: never changed in place.
    _clause_memo: tuple[Any, ...] | None = None

    def _drop_locators(self, chosen: list[Target]) -> list[Target]:
        keys = {k for _, k, _ in chosen}
        sites = self.gaz.sites
        facilities = [sites[k] for k in keys if sites[k].kind in _FACILITY_KINDS]
        ends = sorted(p.norm_end for p, k, _ in chosen if sites[k].kind in _FACILITY_KINDS)
        out = []
        for item in chosen:
            key = item[1]
            site = sites[key]
            # A parent named with its child only locates it, but for rule own_clause_attack.
            if self._own_attack_clause(item, chosen):
                out.append(item)
                continue
            if any(key in self.gaz.ancestors(other) for other in keys if other != key):
                continue
            if site.kind not in _FACILITY_KINDS and any(
                _km(site.lat, site.lon, f.lat, f.lon) <= _LOCATOR_KM for f in facilities
            ):
                continue
            if site.kind not in _FACILITY_KINDS and self._locates_facility(item, ends):
                continue
            out.append(item)
        return out or chosen[:1]

    def _locates_facility(self, item: Target, ends: list[int]) -> bool:
        """Whether a town stands right after a facility it locates (rule facility_in_town).

        ``ends``: where the chosen facilities end, sorted. Tried from the nearest back, until a
        gap holds what no locating phrase has (then no longer gap can locate).
        """
        if not rules.fires("facility_in_town"):
            return False
        at = item[0].norm_start
        for end in reversed(ends[: bisect.bisect_right(ends, at)]):
            if rules.facility_in_town(self.text, end, at):
                return True
            if no_longer_gap_locates(self.text, end, at):
                return False
        return False

    def _own_attack_clause(self, item: Target, chosen: list[Target]) -> bool:
        """Whether a place stands in a clause with its own attack word and day (rule).

        The sentence's dates, attack words and the other targets' positions are looked up once
        per sentence and list of targets (many places in one long sentence: linear time).
        """
        if not rules.fires("own_clause_attack"):
            return False
        pos, f = item[0].norm_start, self.found
        s, e = self._sentence_of(pos)
        memo = self._clause_memo
        if memo is None or memo[0] != (s, e) or memo[1] is not chosen:
            dates = [(d.start, d.span.start, d.span.end) for d in f.within("dates", s, e)]
            verbs = [m.start for m in f.within("triggers", s, e)]
            places = sorted((p.norm_start, k) for p, k, _ in chosen)
            starts = [p for p, _ in places]
            apart = len({(d[1], d[2]) for d in dates}) > 1  # the rule's first test, once
            memo = self._clause_memo = ((s, e), chosen, dates, verbs, places, starts, apart)
        _, _, dates, verbs, places, starts, apart = memo
        if not apart:
            return False

        def other_in(a: int, b: int) -> bool:
            lo = bisect.bisect_left(starts, a)
            return any(k != item[1] for _, k in places[lo : bisect.bisect_left(starts, b, lo)])

        return rules.own_attack_clause(self.text, (s, e), pos, other_in, verbs, dates)
