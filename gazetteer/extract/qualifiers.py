"""The qualifier lexicon (``qualifiers.csv``), one matcher for the named precision rules.

Its words change what an attack word, a weapon word or a place means in its clause; each row
belongs to one named rule of :mod:`.precision`.

Split from :mod:`.precision` (which re-exports :class:`Qualifiers` and :func:`load_qualifiers`).
"""

from __future__ import annotations

from functools import cache

from gazetteer.extract.cues import VERB_SUFFIXES
from gazetteer.extract.rule_words import rule_words
from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.matcher import PhraseMatcher

__all__ = ["KINDS", "Qualifiers", "load_qualifiers"]

#: The rules a qualifier row may belong to (its ``rule`` column).
KINDS = frozenset(
    {
        "campaign",
        "since_start",
        "overflight",
        "indirect",
        "smoke",
        "non_attack",
        "background",
        "interception",
        "denial",
        "refutation",
        "aggression",
        "aircraft",
        "heading",
        "ongoing",
        "reprisal",
        "approach",
        "anniversary",
        "debris",
        "every",
        "period",
    }
)


class Qualifiers:
    """The ``qualifiers.csv`` lexicon, one matcher, found once per article."""

    def __init__(self) -> None:
        rows = load_lexicon("qualifiers", ("phrase", "rule"))
        for n, row in enumerate(rows, start=2):
            if row["rule"] not in KINDS:
                raise LexiconError(
                    f"gazetteer/data/lexicon/qualifiers.csv: data row {n}: rule"
                    f" {row['rule']!r} is not one of {', '.join(sorted(KINDS))}"
                )
        # the words the rules of scope need (precision_scope.py), found in the same pass with
        # the payload "scope": a sentence without one is never asked (rule words, not rows here)
        kinds = ("post_noun", "vehicle_noun", "third_party", "civilian_place")
        scope = [(w, "scope") for k in kinds for w in rule_words(k)]
        self.matcher: PhraseMatcher[str] = PhraseMatcher(
            [*((r["phrase"], r["rule"]) for r in rows), *scope],
            suffixes=VERB_SUFFIXES,
            article=True,
        )


@cache
def load_qualifiers() -> Qualifiers:
    """The compiled qualifier lexicon (once per process)."""
    return Qualifiers()
