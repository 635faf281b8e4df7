"""What "the base" of a sentence stands for (a layer of the reader, over the drafting reader).

A sentence that names its place only by a definite facility noun (القاعدة، المطار، الحقل,
"the position") goes back to a place named before: the incident it adds to
(:meth:`AntecedentReader._antecedent`: rules base_noun_antecedent and
facility_noun_antecedent), the base introduced before the article's first attack
(:meth:`AntecedentReader._introduced_base`: rule base_introduced) or the base the sentence
itself named before its noun (:meth:`AntecedentReader._base_named_before_noun`: rule
base_named_here). The tests of the words are in :mod:`.precision_antecedents`. Split from
:mod:`.drafting` and :mod:`.article_passes`; the reader (:mod:`.reader`) asks them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_recall as recall
from gazetteer.extract.drafting import DraftReader
from gazetteer.extract.state import _DEFINITE_FACILITY, _FACILITY_KINDS, Target, _Draft
from gazetteer.text.normalize import normalise

__all__ = ["AntecedentReader"]

_BASE = "\u0642\u0627\u0639\u062f\u0647"  # قاعده: قاعدة, normalised
#: الموقع "the position", not the outlet's website (الموقع الالكتروني / الاخباري / الرسمي).
_POSITION = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:[\u0628\u0643]?\u0627\u0644|\u0644\u0644)\u0645\u0648\u0642\u0639(?!\\w)"
    "(?!\\s+(?:\u0627\u0644\u0627\u0644\u0643\u062a\u0631\u0648\u0646\u064a|\u0627\u0644\u0627\u062e\u0628\u0627\u0631\u064a|\u0627\u0644\u0631\u0633\u0645\u064a))"
)


class AntecedentReader(DraftReader):
    """Reads which place a definite facility noun of a sentence goes back to."""

    def _antecedent(self, drafts: list[_Draft], last: _Draft, s: int, e: int) -> _Draft:
        """The incident a sentence with no place of its own goes back to.

        The last one, unless the sentence names its place with a definite facility noun
        (القاعدة، المطار، الحقل) and the last incident was not at a facility (a town hit back):
        then the latest incident at a facility.
        """
        m = _DEFINITE_FACILITY.search(self.text, s, e)
        if m is None:
            return last
        noun = rules.facility_noun(m.group(0))
        if noun is None and rules.fires("base_noun_antecedent"):
            # القاعدة: the latest incident at a place the article itself called a base
            called = self._called_base(s)
            if called and last.site not in called:
                return next((d for d in reversed(drafts) if d.site in called), last)
        if noun is not None and rules.fires("facility_noun_antecedent"):
            # المطار ذاته: the latest incident at a place its own name calls an airport
            named = [d for d in drafts if rules.names_facility(self._arabic_names(d.site), noun)]
            if named:
                return named[-1]
        if self._at_facility(last):
            return last
        return next((d for d in reversed(drafts) if self._at_facility(d)), last)

    def _called_base(self, before: int) -> set[str]:
        """The sites the article named, before ``before``, right after a base noun (قاعدة X)."""
        out: set[str] = set()
        for p in self.found.places:
            if p.norm_start >= before or len(p.site_keys) != 1:
                continue
            end = rules.base_noun_before(self.text, p.norm_start)
            if end is not None and not self.text[end : p.norm_start].strip():
                out.add(p.site_keys[0])
        return out

    def _arabic_names(self, key: str) -> list[str]:
        site = self.gaz.sites[key]
        return [normalise(n) for n in (site.name_ar, *site.aliases_ar)]

    def _introduced_base(self, s: int, e: int) -> list[Target]:
        """Rule base_introduced: "the base" of the first attack is the base introduced before it.

        "Harir air base lies northeast of Erbil ... The base came under attack last night": with
        no incident read yet and no place of its own, "the base" (القاعدة) of an attack is the
        latest place the two sentences before named after a base noun or by a name holding one
        (قاعدة حرير الجوية); "the position" (الموقع, never the outlet's website) the latest base
        or field; "the plant", "the airport" (المعمل، المطار) the latest place its name calls so.
        """
        t = self.text
        m = _DEFINITE_FACILITY.search(t, s, e)
        position = m is None and _POSITION.search(t, s, e) is not None
        noun = rules.facility_noun(m.group(0)) if m else None  # المعمل، المطار
        if not rules.fires("base_introduced") or not (position or m):
            return []
        i = self._sentence_starts.index(s) if s in self._sentence_starts else 0
        # rule emphatic_base: القاعده نفسها goes back to a base introduced however far back
        far = m is not None and rules.fires("emphatic_base") and recall.emphatic_base(t, m.end())
        start = 0 if far else self.sentences[max(0, i - 2)][0]
        for p in reversed(self.found.within("places", start, s)):
            kind = self.gaz.sites[p.site_keys[0]].kind if len(p.site_keys) == 1 else ""
            end = rules.base_noun_before(t, p.norm_start)
            fits = (end is not None and not t[end : p.norm_start].strip()) or (
                t.startswith(_BASE, p.norm_start) or (position and kind in _FACILITY_KINDS)
            )
            if noun is not None and m:  # the latest place whose own name says so, named here
                fits = rules.names_facility(self._arabic_names(p.site_keys[0]), noun)
                p = replace(p, norm_start=m.start(), norm_end=m.end())
            if kind and fits:
                return [Target(p, p.site_keys[0], 1)]
        return []

    def _base_named_before_noun(self, s: int, e: int) -> str | None:
        """The base "the base" of this sentence names: one called a base before it here (rule).

        Rule base_named_here: "a day after Balad air base was targeted, when two mortar rounds
        fell on the edge of the base": the base named in the sentence itself, before its
        definite base noun, is the nearer antecedent than the last incident's site.
        """
        m = _DEFINITE_FACILITY.search(self.text, s, e)
        if m is None or not rules.fires("base_named_here"):
            return None
        t = self.text
        named = [
            p.site_keys[0]
            for p in self.found.within("places", s, m.start())
            if len(p.site_keys) == 1
            and (
                t.startswith(_BASE, p.norm_start)  # its name holds the noun: قاعدة بلد الجوية
                or ((end := rules.base_noun_before(t, p.norm_start)) is not None
                    and not t[end : p.norm_start].strip())
            )
        ]
        return named[-1] if named else None
