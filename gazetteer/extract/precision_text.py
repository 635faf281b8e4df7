"""Precision rules about the text itself: where a sentence of the article ends.

A rule of :mod:`gazetteer.extract.precision` (re-exported there, where the list of every rule
and its number is kept): :func:`latin_abbreviation`.
"""

from __future__ import annotations

import re

__all__ = ["latin_abbreviation"]

#: A dot right after a lone Latin letter (normalised text is lower case): u.s. u.n. a.m.
_ABBREVIATION = re.compile("(?<![a-z])[a-z]\\.")


def latin_abbreviation(text: str, dot: int) -> bool:
    """Whether a dot closes a one-letter Latin abbreviation, not a sentence.

    Rule latin_abbreviation: bilingual pieces quote a statement in English inside the Arabic
    ("... وإنه "no U.S. or Coalition personnel were injured""): the dots of U.S. or U.N. follow
    a lone Latin letter and end no sentence, so the quoted clause, and the none it tells,
    stays with the attack it speaks of. ``dot`` is the index of the dot.
    """
    return dot >= 1 and _ABBREVIATION.match(text, dot - 1) is not None
