"""When a short place name that is also an ordinary word names the place (context aliases).

A context alias (العمر "age", القائم "standing") counts only in context: after a site noun, in a
list a site noun opens, inside quotes or brackets, after "in" once the article named the place,
after a preposition of nearness or a bearing (قرب هجين، شمال القائم), or (rule of the genre)
followed by its own governorate or another place enclosing it, as reports locate a town:
القائم غربي الأنبار، القائم بمحافظة الأنبار، القائم في الأنبار.
After a direction word a governorate is also named without its noun, by its seat's name, as
reports write it
(العمر شرقي دير الزور: east of the Deir ez-Zor governorate, not of its city); without a direction
that bare name is the city, which does not enclose the place (العمر في دير الزور counts not).
The ordinary word's idioms (من العمر "of age") are phrases of ``lexicon/site_nouns.csv`` (role
not_a_place), matched first, so the name inside them is never a place.
"""

from __future__ import annotations

import re

__all__ = ["located_by"]

#: The marks a name may stand alone between: quotes, and brackets either way round.
_QUOTE_PAIRS = frozenset({'""', "()", ")("})


def _quoted(text: str, start: int, end: int) -> bool:
    """Return True when ``text[start:end]`` stands alone between double quotes or brackets.

    Claims channels bracket a base's name as others quote it: قاعدة الاحتلال (حرير).
    """
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return i >= 0 and j < len(text) and text[i] + text[j] in _QUOTE_PAIRS


#: "in" as the word before a name: في، وفي، ففي (then one blank), at a word's start.
_IN_BEFORE = re.compile("(?:^|\\s)[\u0648\u0641]?\u0641\u064a\\s$")


#: A bearing (normalised): شمال، جنوب، شرق، غرب, with the adjective's ي or not (شمالي).
_BEARING = (
    "(?:\u0634\u0645\u0627\u0644|\u062c\u0646\u0648\u0628|\u0634\u0631\u0642|\u063a\u0631\u0628)\u064a?"
)

#: A preposition of nearness or a bearing right before a name (normalised, one blank after):
#: قرب، بالقرب من، على مقربة من، قريبا من، شمال، جنوبي ... with و or ف before it.
_NEAR_BEFORE = re.compile(
    "(?:^|\\s)[\u0648\u0641]?(?:\u0642\u0631\u0628"
    "|\u0628\u0627\u0644\u0642\u0631\u0628 \u0645\u0646"
    "|\u0645\u0642\u0631\u0628\u0647 \u0645\u0646|\u0642\u0631\u064a\u0628\u0627 \u0645\u0646"
    f"|{_BEARING})\\s$"
)


def _after_near(text: str, start: int, key: str) -> bool:
    """Whether a listed place's name stands right after a preposition of nearness or a bearing.

    "near Hajin", "north of al-Qaim" (قرب هجين، بالقرب من القائم، شمال البصيرة): these
    govern a place, not the ordinary word a context alias of ``sites.csv`` also is. Not an
    imported place's (key ``gn-``): its context aliases are common nouns that such words
    govern as often (قرب المدينة "near the city", شمال المدينة).
    """
    if key.startswith("gn-"):
        return False
    return _NEAR_BEFORE.search(text[max(0, start - 16) : start]) is not None


def _after_in(text: str, start: int, phrase_start: int) -> bool:
    """Whether a name stands right after "in": the clitic ب or the word في before it."""
    if text[start:phrase_start].endswith("\u0628"):  # بالقائم
        return True
    return _IN_BEFORE.search(text[max(0, start - 6) : start]) is not None


#: What may stand between a name and the place enclosing it (normalised): في or ب, a direction
#: (شمال، غربي ...; group ``direction``), the word governorate (محافظة), each optional.
_LOCATING = re.compile(
    "\\s+(?:\u0641\u064a\\s+|\u0628)?"
    f"(?P<direction>{_BEARING}\\s+)?"
    "(?:\u0645\u062d\u0627\u0641\u0638\u0647\\s+)?"
)


def located_by(
    text: str, end: int, enclosing: tuple[str, ...], by_direction: tuple[str, ...] = ()
) -> bool:
    """Whether a name ending at ``end`` is followed by a place enclosing it.

    Parameters
    ----------
    text : str
        The normalised text.
    end : int
        Where the name ends.
    enclosing : tuple of str
        The normalised names of the places that enclose it (its ancestors), longest first.
    by_direction : tuple of str
        Names of enclosing places that count only after a direction word: a governorate named
        by its seat without the word governorate (شرقي دير الزور), longest first.

    Returns
    -------
    bool
        True when the locating words and one of the names follow, and the name ends there
        (no longer word).
    """
    m = _LOCATING.match(text, end)
    if m is None or not (enclosing or by_direction):
        return False
    at = m.end()
    names = enclosing
    if m.group("direction") and by_direction:
        names = tuple(sorted(enclosing + by_direction, key=len, reverse=True))
    for name in names:
        if text.startswith(name, at):
            after = at + len(name)
            return after >= len(text) or not text[after].isalnum()
    return False
