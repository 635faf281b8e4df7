"""Named precision helpers for what an unnamed base or a definite facility noun stands for.

"A coalition base near Hasakah" (:func:`base_noun_before`, rules base_by_locator,
base_noun_antecedent, base_introduced, base_named_here) and "the airport", "the field"
(:func:`facility_noun`, :func:`names_facility`, rules facility_noun_antecedent and
base_introduced): the tests of the words the reader asks when it looks for the named place
such a noun goes back to. Split from :mod:`.precision` (which re-exports them).
"""

from __future__ import annotations

import re

from gazetteer.extract.rule_words import alternation, rule_words

__all__ = ["base_noun_before", "facility_noun", "names_facility"]

#: A base noun (قاعدة، قاعده after normalisation; with or without the article).
_BASE_NOUN = re.compile(f"(?:^|\\s)(?:{alternation('base_noun')})(?:\\s|$)")


def base_noun_before(text: str, place_start: int) -> int | None:
    """Where an unnamed base stands just before a locating town (قاعدة للتحالف قرب الحسكة).

    At most three words (a qualifier and the locator word) lie between the base noun and the
    town; the reader also checks that no place or attack word does, then looks for the
    facility the article located by that town. "مدفعية القاعدة ردت بقصف أطراف مدينة الميادين"
    is not one. Returns the end of the base noun, or None.
    """
    lo = max(0, place_start - 40)
    found = list(_BASE_NOUN.finditer(text[lo:place_start]))
    if not found or len(text[lo + found[-1].end() : place_start].split()) > 3:
        return None
    return lo + found[-1].end()


#: Facility nouns specific enough to pick an antecedent by: airport, field, plant (normalised).
_SPECIFIC_NOUNS = rule_words("facility")


def facility_noun(definite: str) -> str | None:
    """The specific facility noun of a definite facility word (المطار -> مطار), else None.

    القاعدة (the base) fits every base and picks nothing; المطار، الحقل، المعمل do.
    """
    return next((n for n in _SPECIFIC_NOUNS if n in definite), None)


def names_facility(names: list[str], noun: str) -> bool:
    """Whether a place's own Arabic names call it by that facility noun (مطار أربيل).

    "ثلاث مسيرات استهدفت المطار ذاته": the airport meant is the latest place of the article
    whose name says airport, not the latest base of any kind.
    """
    return any(noun in n.split() for n in names)
