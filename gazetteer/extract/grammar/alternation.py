"""Alternations of literal forms written as prefix trees: the same matches, tried faster.

The date and clock rules hold alternations of many words (the month names of both calendars,
the ordinals, the parts of the day). The regular-expression engine tries such an alternation
branch after branch at every position it reaches. Written as a tree of the forms' shared
beginnings -- ``(?:ab|ac|b)`` as ``(?:a(?:b|c)|b)`` -- each first character is tested once.

The tree tries the forms in the order given among those that can match at one position: two
forms that start with different characters cannot both match there, and the forms of one
branch keep their order. So a pattern holding the tree matches exactly what it matches with
the plain alternation (``tests/test_alternation.py``), longest form first as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["alternation", "alternation_of"]

#: How a blank between two words of a form is matched.
_BLANKS = r"\s+"


def _tokens(form: str) -> list[str]:
    """The form as pattern pieces: each character escaped, a blank as :data:`_BLANKS`."""
    return [_BLANKS if ch == " " else re.escape(ch) for ch in form]


def _branches(forms: list[list[str]]) -> list[str]:
    """The branches of the tree of ``forms`` (token lists), in their order.

    The forms are grouped by their first token, each group where its first form stood; an
    empty form (a shorter form ending here) stays an empty branch where it stood.
    """
    groups: dict[str, list[list[str]]] = {}
    order: list[str | None] = []
    for tokens in forms:
        if not tokens:
            order.append(None)
            continue
        group = groups.get(tokens[0])
        if group is None:
            groups[tokens[0]] = group = []
            order.append(tokens[0])
        group.append(tokens[1:])
    branches = []
    for first in order:
        if first is None:
            branches.append("")
            continue
        rests = groups[first]
        if len(rests) == 1:
            branches.append(first + "".join(rests[0]))
            continue
        inner = _branches(rests)
        branches.append(first + (inner[0] if len(inner) == 1 else f"(?:{'|'.join(inner)})"))
    return branches


def alternation(ordered: Sequence[str]) -> str:
    r"""A non-capturing group matching any of ``ordered``, tried in that order.

    Parameters
    ----------
    ordered : sequence of str
        Distinct forms in the order they are to be tried; a blank inside a form matches any
        run of blanks (``\s+``).

    Returns
    -------
    str
        A pattern equal to ``"(?:" + "|".join(escaped forms) + ")"`` in what it matches. A
        form holding a blank other than a space (which would stand beside ``\s+`` as a first
        character) gives the plain alternation.
    """
    if any(ch.isspace() and ch != " " for form in ordered for ch in form):
        return "(?:" + "|".join("".join(_tokens(form)) for form in ordered) + ")"
    return "(?:" + "|".join(_branches([_tokens(form) for form in ordered])) + ")"


def alternation_of(forms: Iterable[str]) -> str:
    r"""A non-capturing alternation of normalised forms, longest first, spaces as ``\s+``.

    The rules' word lists as :func:`alternation` writes them (the date words' ``_alt``); one
    that never matches for no form.
    """
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return alternation(ordered) if ordered else r"(?!x)x"
