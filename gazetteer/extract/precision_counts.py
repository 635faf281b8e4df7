"""Named precision rules about counts (see :mod:`.precision` for the rule list).

Each rule has its case table in ``tests/data/incidents/rules/<name>.json``.
"""

from __future__ import annotations

__all__ = ["generic_recount"]

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
