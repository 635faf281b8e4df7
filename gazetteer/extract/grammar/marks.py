"""Where the date grammar's barrier marks stand, found mark by mark with ``str.find``.

The date and clock rules run over the stretches between barriers
(:data:`.date_words._BARRIER`): a sentence mark, a quote or a bracket, and a dot or colon with
no digit after it. A search of that pattern tries its class of marks at every character of the
text; a plain search for one character skips to it. :func:`barrier_cuts` gives the same
positions (``tests/test_whole_text_paths.py`` compares both).
"""

from __future__ import annotations

__all__ = ["ALWAYS_CUTS", "CUTS_BEFORE_NO_DIGIT", "barrier_cuts"]

#: The marks of the barrier pattern that are a barrier wherever they stand.
ALWAYS_CUTS = '!?;\u061f\u00ab\u00bb"[]{}'
#: The marks that are a barrier only when no ASCII digit follows (12.5.2023 and 1:38 go on).
CUTS_BEFORE_NO_DIGIT = ".:"
_DIGITS = frozenset("0123456789")


def barrier_cuts(norm: str) -> list[int]:
    """Where the date grammar's barrier pattern matches in ``norm``, in order.

    ``[m.start() for m in _BARRIER.finditer(norm)]`` of :mod:`.date_words`: each match is one
    mark, so the matches are every mark of :data:`ALWAYS_CUTS` and every dot or colon with no
    digit 0-9 after it (or at the text's end).

    Parameters
    ----------
    norm : str
        Normalised text.

    Returns
    -------
    list of int
        The positions of the barrier marks, ascending.
    """
    found: list[int] = []
    for mark in ALWAYS_CUTS:
        i = norm.find(mark)
        while i >= 0:
            found.append(i)
            i = norm.find(mark, i + 1)
    last = len(norm) - 1
    for mark in CUTS_BEFORE_NO_DIGIT:
        i = norm.find(mark)
        while i >= 0:
            if i == last or norm[i + 1] not in _DIGITS:
                found.append(i)
            i = norm.find(mark, i + 1)
    found.sort()
    return found
