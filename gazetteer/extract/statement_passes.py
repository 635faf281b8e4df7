"""The reader's passes for the rules of security statements (:mod:`.precision_statements`).

Between the article-wide passes (:mod:`.article_passes`) and the reader (:mod:`.reader`): what
the article finds once is read again for the genre of statements -- the back-reference cues
that time a verb of saying or a description (rules earlier_statement, attributed_perfect), a
quoted "today" of a source who spoke the day before (rule quoted_today), and the clause "after
the killing of ..." (rule killing_after).
"""

from __future__ import annotations

import re
from dataclasses import replace

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_statements as statements
from gazetteer.extract.article_passes import ArticlePasses
from gazetteer.extract.state import _Found

__all__ = ["StatementPasses"]

#: A comma or a sentence mark: where a clause "after the killing of ..." ends.
_CLAUSE_END = re.compile("[,;.!?\n\u060c]")


class StatementPasses(ArticlePasses):
    """The passes of :mod:`.precision_statements`' rules over what the article found."""

    def _find_all(self) -> _Found:
        """Everything found once, less the back-reference cues that time another verb.

        "earlier" beside a verb of saying or in a description of the place (rule
        earlier_statement), فقد + a past verb after an attribution (rule attributed_perfect).
        """
        found = super()._find_all()
        t = self.text
        kept = [
            m
            for m in found.back_refs
            if not (
                rules.fires("earlier_statement")
                and statements.statement_adverb(t, (m.start, m.end), self._said, found)
            )
            and not (
                rules.fires("attributed_perfect") and statements.attributed_perfect(t, m.start)
            )
        ]
        return found if len(kept) == len(found.back_refs) else replace(found, back_refs=kept)

    def _quoted_days(self) -> None:
        """Re-date "today" in a source's quoted words to the day it spoke (rule quoted_today).

        The day is the article's first statement date (a date right after a verb of saying),
        when that is one day before the article's; the dates re-read are "today" inside quote
        marks after it that the grammar gave the article's day.
        """
        f, t = self.found, self.text
        if not rules.fires("quoted_today") or '"' not in t or self.published is None:
            return
        spoken = next((d for d in f.dates if self._statement_date(d)), None)
        if spoken is None or spoken.span.precision != "day":
            return
        if not spoken.span.start == spoken.span.end < self.published:
            return
        for i, d in enumerate(f.dates):
            if (
                d.start > spoken.end
                and d.span.start == d.span.end == self.published
                and statements.quoted_today(t, d.start, d.end)
            ):
                f.dates[i] = replace(
                    d, span=replace(d.span, start=spoken.span.start, end=spoken.span.end)
                )
        f._indexed.pop("dates", None)

    def _background_clauses(self, s: int, e: int) -> list[tuple[int, int]]:
        """The clauses of another, earlier event, and "after the killing of ..." (rule)."""
        out = super()._background_clauses(s, e)
        if not rules.fires("killing_after"):
            return out
        t = self.text
        for q in self.found.within("qualifiers", s, e):
            if "background" in q.payloads and statements.killing_after(t, q.end):
                stop = _CLAUSE_END.search(t, q.end, e)
                out.append((q.start, stop.start() if stop else e))
        return out

    def _said(self, a: int, b: int) -> bool:
        """Whether a verb of saying (lexicon statement_verbs) stands in ``[a, b)``."""
        return bool(self.cues.statements.find(self.text[a:b]))
