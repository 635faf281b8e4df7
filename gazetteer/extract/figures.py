"""The figures of a stretch, read where the reader asks (the layer over the finder).

The casualty reading of a sentence or a place's stretch (:meth:`FigureReader._casualties`),
the count a weapon noun carries (:meth:`FigureReader._count_for`, the lower end of a range
by rule range_lowest) and the bare figure of a list of figures by place
(:meth:`FigureReader._elliptical_figure`): each asked of the numbers and casualty words the
finder (:mod:`.finding`) found once. Split from :mod:`.finding`; the modes layer
(:mod:`.attack_modes`) builds on it, and the attack reader (:mod:`.attacks`) on that.
"""

from __future__ import annotations

from gazetteer.extract import precision as rules
from gazetteer.extract.answers import answered_once
from gazetteer.extract.cues import WeaponCue
from gazetteer.extract.finding import Finder
from gazetteer.extract.grammar.casualties import CasualtyReading, read_casualties
from gazetteer.extract.grammar.numbers import NumberMention
from gazetteer.extract.precision_counts import range_gap
from gazetteer.extract.precision_figures import CLAUSE_END, drone_payload, ordinal_next
from gazetteer.extract.state import _AT
from gazetteer.text.matcher import Match

__all__ = ["FigureReader"]

#: What a stretch without a casualty word says about casualties.
_NO_CASUALTIES = CasualtyReading()


class FigureReader(Finder):
    """Reads the casualty figures and weapon counts of a stretch, from what was found."""

    @answered_once
    def _casualties(self, s: int, e: int) -> CasualtyReading:
        """The casualty reading of one sentence (computed once).

        A stretch without a casualty word that may give a reading reads as nothing: no figure,
        no negation, status unknown (:meth:`_reads_casualties`); its numbers are not parsed
        then.
        """
        if not self._reads_casualties(s, e):
            return _NO_CASUALTIES
        # the article's casualty words serve when the stretch cuts no word
        whole = not (self._cuts_word(s) or self._cuts_word(e))
        return read_casualties(
            self.text,
            s,
            e,
            self.found.within("numbers", s, e),
            self._casualty_index.within(s, e) if whole else None,
        )

    def _count_for(self, w: Match[WeaponCue]) -> tuple[int | None, bool]:
        """(count, vague) that a countable weapon noun carries."""
        cue = w.payloads[0]
        if not cue.countable:
            return None, False
        t = self.text
        if rules.fires("drone_payload") and drone_payload(t, w.start, cue.weapon):
            return None, False  # ألقت عبوة: the drone's load, no projectile of its own
        if cue.singular and rules.fires("ordinal_next") and not self._has_article(w):
            second = ordinal_next(t, w.end, w.phrase)  # طائرة ثانية: a second one, two
            if second is not None:
                stop = CLAUSE_END.search(t, second[1])
                if not self.found.within("places", second[1], stop.start() if stop else len(t)):
                    return second[0], False  # not a second at a place of its own
        n = self.found.numbers.right_before(w.start, 30, 2)
        if n is not None:
            if n.kind == "cardinal":
                return self._lowest_of_range(n), False
            if n.kind in ("vague", "one_of"):
                return None, True
        after = self.found.numbers.first_within(w.end, w.end + 3)
        if after is not None and after.kind == "cardinal" and after.value == 1:
            return 1, False
        suffix = t[w.phrase_end : w.end]
        if cue.dual or (cue.singular and suffix in ("\u064a\u0646", "\u0627\u0646")):  # ين ان
            return 2, False
        # ا ي on a bound ta: the dual in construct, its noun's ن dropped (قذيفتا هاون، بمسيرتي)
        bound = w.phrase.endswith("\u0647") and t[w.phrase_end - 1 : w.phrase_end] == "\u062a"
        if cue.singular and bound and suffix in ("\u0627", "\u064a"):
            return 2, False
        if cue.singular and suffix in ("", "\u0627") and not self._has_article(w):  # صاروخا: 1
            return 1, False
        return None, False

    def _lowest_of_range(self, n: NumberMention) -> int | None:
        """A figure, or the lower end of the range it closes (rule range_lowest: 3 إلى 4)."""
        before = self.found.numbers.within(max(0, n.start - 16), n.start)
        if not before or not rules.fires("range_lowest"):
            return n.value
        m = before[-1]
        if m.kind != "cardinal" or m.value is None or n.value is None:
            return n.value
        ranged = range_gap(self.text, (m.start, m.end), (n.start, n.end))
        return min(m.value, n.value) if ranged else n.value

    def _elliptical_figure(self, a: int, b: int) -> NumberMention | None:
        """A bare figure in a place's stretch: "و3 في الميادين" after "مقتل 9 في البوكمال".

        A cardinal followed by في or ب (at) with no noun of its own: the noun and the casualty
        word are those of the figure before it.
        """
        t = self.text
        for n in self.found.within("numbers", a, b):
            after = t[n.end : n.end + 4].lstrip()
            if n.kind == "cardinal" and n.value and after.startswith(_AT):
                return n
        return None
