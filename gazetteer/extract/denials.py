"""What the article takes back: denials, refutations and later turns (article-wide passes).

Reports at a site the article says was not attacked (rule ``denied_attack``: a denial, or a
refutation of "the reports circulated") and incidents a later turn of the article takes back
(rule ``rebutted_turn``) are dropped, once the sentence rules have read every sentence. The
tests of the words are in :mod:`.precision_reports` and :mod:`.precision_turns`. Split from
:mod:`.article_passes`, whose passes build on these.
"""

from __future__ import annotations

import bisect
from datetime import timedelta
from functools import cached_property
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_turns as turns
from gazetteer.extract.antecedents import AntecedentReader
from gazetteer.extract.precision_reports import refuted_reports
from gazetteer.extract.state import _DEFINITE_FACILITY, _Draft

__all__ = ["DenialPasses"]

#: صحه (truth), انباء، اخبار (reports), and خبر، تناقل، تداول، نشر، اورد (what media carried): a
#: refutation with its denier in between needs one (each looked for with ``in``, quicker than a
#: search for their alternation).
_REFUTED_WORDS = (
    "\u0635\u062d\u0647",
    "\u0627\u0646\u0628\u0627\u0621",
    "\u0627\u062e\u0628\u0627\u0631",
    "\u062e\u0628\u0631",
    "\u062a\u0646\u0627\u0642\u0644",
    "\u062a\u062f\u0627\u0648\u0644",
    "\u0646\u0634\u0631",
    "\u0627\u0648\u0631\u062f",
)


class DenialPasses(AntecedentReader):
    """Drops the reports the article denies or takes back."""

    def _drop_denied(self, drafts: list[_Draft]) -> list[_Draft]:
        """Drop the reports at a site the article says was not attacked (rule)."""
        if not rules.fires("denied_attack"):
            return drafts
        denied, refuted = self._denied_sites("denial"), self._denied_sites("refutation")
        days: list[tuple[Any, Any]] = []  # the days the denials speak of (first, last)
        for kind in ("denial", "refutation"):
            for s, e in self._denial_sentences(kind):
                days.extend((m.span.start, m.span.end) for m in self.found.within("dates", s, e))
        if not days:  # "what is circulated": the news of the day and the night before
            days.append((self.published - timedelta(days=1), self.published))
        return [
            d
            for d in drafts
            if not rules.denied_attack(
                denied,
                d.site,
                any(w != "explosion" for w in d.counts),  # a device counted hit nothing
                other_day=d.dated_here and all(d.date.end < a or d.date.start > b for a, b in days),
                refuted_sites=refuted,
            )
        ]

    def _drop_rebutted(self, drafts: list[_Draft]) -> list[_Draft]:
        """Drop the incidents a later turn of the article takes back (rule rebutted_turn)."""
        if not rules.fires("rebutted_turn") or not self._rule_words["rebutted_turn"].spans:
            return drafts  # (none of the rule's bare words anywhere: no sentence takes back)
        if not turns.rebuttal(self.text, 0, len(self.text)):
            return drafts
        found = [i for i, (s, e) in enumerate(self.sentences) if turns.rebuttal(self.text, s, e)]
        if not found:
            return drafts
        sites = {i: self._sites_named(*self.sentences[i]) for i in found}
        starts = self._sentence_starts
        kept = []
        for d in drafts:
            i = bisect.bisect_right(starts, d.sentence[0]) - 1
            if not any(turns.rebutted_turn(j - i, sites[j], d.site) for j in found):
                kept.append(d)
        return kept

    def _sites_named(self, s: int, e: int) -> set[str]:
        """The sites a sentence names, less a town that only locates another one it names."""
        keys = (self._choose_site(p) for p in self.found.within("places", s, e))
        named = {k for k in keys if k is not None}
        return {k for k in named if not any(k in self.gaz.ancestors(o) for o in named)}

    def _site_keys(self, places: list[Any]) -> set[str]:
        """The sites of place mentions, with those inside them."""
        out: set[str] = set()
        for p in places:
            key = self._choose_site(p)
            if key is not None:
                out |= {key, *(k for k in self.gaz.sites if key in self.gaz.ancestors(k))}
        return out

    def _denial_sentences(self, kind: str) -> list[tuple[int, int]]:
        """The sentences that deny (``denial``) or refute (``refutation``) an attack.

        Those with a qualifier of the kind; for a refutation also "denied ... the truth of the
        reports" with the denier between the verb and its object (rules.refuted_reports).
        Found once per article and kind (:attr:`_denials`).
        """
        return self._denials[kind]

    @cached_property
    def _denials(self) -> dict[str, list[tuple[int, int]]]:
        """:meth:`_denial_sentences` of both kinds, found once (the passes ask each twice)."""
        text = self.text
        out = {kind: self._sentences_with_qualifier(kind) for kind in ("denial", "refutation")}
        if any(w in text for w in _REFUTED_WORDS):  # asked only then
            out["refutation"] = sorted(
                {
                    *out["refutation"],
                    *((s, e) for s, e in self.sentences if refuted_reports(text, s, e)),
                }
            )
        return out

    def _denied_sites(self, kind: str) -> set[str]:
        """The sites named in the sentences that deny, and those inside them.

        A denial that names no place but "the base" (لم يقع أي هجوم على القاعدة) speaks of the
        places of the latest sentence before it that named one, within three sentences.
        """
        out: set[str] = set()
        sentences = self.sentences
        for s, e in self._denial_sentences(kind):
            places = self.found.within("places", s, e)
            if not places and _DEFINITE_FACILITY.search(self.text, s, e):
                i = bisect.bisect_left(self._sentence_starts, s)
                for ps, pe in reversed(sentences[max(0, i - 3) : i]):
                    places = self.found.within("places", ps, pe)
                    if places:
                        break
            out |= self._site_keys(places)
        return out
