"""Named precision rules about counts (see :mod:`.precision` for the rule list).

Each rule has its case table in ``tests/data/incidents/rules/<name>.json``. generic_recount is
listed in :data:`.precision.RULES`; range_lowest in :data:`.precision_mechanisms.MECHANISM_RULES`.
"""

from __future__ import annotations

import re

__all__ = ["COUNT_RULES", "generic_recount", "range_gap"]

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES`.
COUNT_RULES: tuple[str, ...] = ("range_lowest",)

#: What joins the two ends of a range of figures, normalised: إلى، حتى، أو، a dash, or the و of
#: ما بين ثلاثة وخمسة (glued to the second figure, whose span holds it; بين before the first).
_RANGE_GAP = re.compile(
    "\\s*(?:[-\u2013]|\u0627\u0644\u064a|\u062d\u062a\u064a|\u0627\u0648)\\s*"
)
_AND = "\u0648"
_BETWEEN = re.compile("(?:^|\\s)[\u0648]?(?:\u0645\u0627\\s+)?\u0628\u064a\u0646\\s*$")

#: The category of a projectile named without its kind (قذيفة، مقذوف).
_GENERIC = "unknown"


def generic_recount(counts: dict[str, int]) -> dict[str, int]:
    """Counts by weapon with a projectile of no stated kind counted as a re-count.

    Rule generic_recount: "four mortar shells fell on the base; two shells fell inside its wall
    and the other two in farmland" -- the bare shells (قذيفتان، مقذوفان) are the mortar shells
    again, told in parts or by another party, not two more. Beside a count of a named kind,
    the bare count adds nothing when it is not larger than that count; when it is larger it is
    the tally of everything that fell, and stands alone.

    Parameters
    ----------
    counts : dict of str to int
        An incident's counts by weapon category.

    Returns
    -------
    dict of str to int
        The counts to add up for the incident's one figure.
    """
    generic = counts.get(_GENERIC)
    named = {w: n for w, n in counts.items() if w != _GENERIC}
    if generic is None or not named:
        return counts
    if generic <= sum(named.values()):
        return named
    return {_GENERIC: generic}


def range_gap(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two figures are the ends of one range: "3 إلى 4 قذائف", "ما بين ثلاثة وخمسة صواريخ".

    Rule range_lowest: a count given as a range is taken at its lower end, as every figure
    here is (the lowest reported). The figures' spans: between them only إلى، حتى، أو or a
    dash; or the second opens with و and بين (ما بين) stands right before the first.

    Parameters
    ----------
    text : str
        The normalised article text.
    first, second : (int, int)
        The spans of the two figures, in order.

    Returns
    -------
    bool
        True when they make one range.
    """
    gap = text[first[1] : second[0]]
    if _RANGE_GAP.fullmatch(gap):
        return True
    joined = not gap.strip() and text.startswith(_AND, second[0])
    return joined and _BETWEEN.search(text, max(0, first[0] - 12), first[0]) is not None
