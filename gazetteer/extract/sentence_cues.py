"""The attack and governing words of one sentence, indexed once for all its places.

Split from :mod:`.targets` (which uses it in :meth:`.targets.TargetReader.targets`) to keep
modules small.
"""

from __future__ import annotations

import bisect
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gazetteer.extract import precision as rules
from gazetteer.extract.precision_approach import weapon_approach
from gazetteer.text.matcher import Match

if TYPE_CHECKING:
    from gazetteer.extract.targets import TargetReader

__all__ = ["_SentenceCues"]


class _SentenceCues:
    """The attack and governing words of one sentence, indexed once for all its places.

    Built per call of :meth:`TargetReader.targets` (the cues found do not change meanwhile);
    each question is answered by the same rule and words as before, without a scan of
    every word of the sentence for every place.
    """

    def __init__(self, reader: TargetReader, triggers: list[Match[Any]], s: int, e: int) -> None:
        self.reader, self.triggers, self.s, self.e = reader, triggers, s, e
        self._by_end: dict[int, list[Match[Any]]] = {}
        for m in triggers:
            self._by_end.setdefault(m.end, []).append(m)

    def ending_at(self, end: int) -> list[Match[Any]]:
        """The attack words ending at ``end``, in the sentence's order."""
        return self._by_end.get(end, [])

    @cached_property
    def _indefinite(self) -> dict[int, list[Match[Any]]]:
        by_end: dict[int, list[Match[Any]]] = {}
        for m in self.triggers:
            if not self.reader._definite(m):
                by_end.setdefault(m.end, []).append(m)
        return by_end

    @cached_property
    def _indefinite_count(self) -> int:
        return sum(len(v) for v in self._indefinite.values())

    def indefinite(self, end: int) -> tuple[int, list[Match[Any]]]:
        """How many attack words name no attack in particular, and those ending at ``end``."""
        return self._indefinite_count, self._indefinite.get(end, [])

    @cached_property
    def downed_anywhere(self) -> bool:
        """Rule interception_away for a place neither a facility nor after a base noun.

        Rule interception_debris widens it: a sentence telling only where the debris of an
        interception fell (its debris words are found in the one pass, as qualifiers).
        """
        if self.reader._interception_only(self.triggers):
            return True
        if not rules.fires("interception_debris"):
            return False
        quals = self.reader.found.within("qualifiers", self.s, self.e)
        if not any("debris" in q.payloads for q in quals):
            return False
        spans = [(m.start, m.end) for m in self.triggers]
        return rules.interception_debris(self.reader.text, spans, quals)

    @cached_property
    def _governing(self) -> list[tuple[int, bool]]:
        words = self.reader._governing_words(self.s, self.e)
        if rules.fires("weapon_approach"):
            # دخلتا الأجواء ... وكانتا تتجهان نحو القاعدة: the drones' approach governs the base
            f, s, e = self.reader.found, self.s, self.e
            approach = weapon_approach(f.within("weapons", s, e), f.within("qualifiers", s, e))
            words = sorted(words + approach)
        return words

    def governing_before(self, pos: int) -> list[tuple[int, bool]]:
        """The governing words that start last before ``pos`` (all those starting there)."""
        words = self._governing
        k = bisect.bisect_left(words, (pos,))
        if k == 0:
            return []
        last = words[k - 1][0]
        return words[bisect.bisect_left(words, (last,)) : k]
