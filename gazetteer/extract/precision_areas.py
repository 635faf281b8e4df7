"""Rules of wide areas: a city's name in construct after "areas of".

- :func:`province_areas` -- "a Syrian security source said the strikes hit IS cells in the
  areas of Homs, Deir ez-Zor (east) and Raqqa" (في مناطق حمص ودير الزور والرقة): the plural
  "areas" (manatiq) in construct with a settlement's name, and the names joined to it by
  "and", speak of the province, the countryside around the city. The desert of a town
  (badiyat al-Bukamal) is not read so: the studied sets' gold puts such strikes at the town.
  The atlas has no point for the province, so the honest place is none, as for "in the
  governorate of" (rule province_named of :mod:`.precision_breadth`).

Patterns are written on normalised text (:func:`gazetteer.text.normalize.normalise`: ta marbuta
as ha, hamza forms unified, the Arabic comma as a comma). :data:`AREA_RULES` lists the rules
for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from gazetteer.records import PlaceMention, Site

__all__ = ["AREA_RULES", "STEM", "areas_unplaced", "province_areas"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
AREA_RULES: tuple[str, ...] = ("province_areas",)

#: Kinds of site a province's name may also denote (its seat).
_SETTLEMENTS = frozenset({"city", "town", "village"})

#: The bare stem tested first: مناطق (areas); the reader tests it of a sentence too.
STEM = "\u0645\u0646\u0627\u0637\u0642"

#: The head noun مناطق, a word of its own (a proclitic و / ب / ف / ل or the article may be
#: glued before it), optionally followed by في (areas in).
_HEAD = (
    "(?<![^\\s\u0648\u0628\u0641\u0644\u0627])(?:\u0627\u0644)?\u0645\u0646\u0627\u0637\u0642"
    "\\s+(?:\u0641\u064a\\s+)?"
)
#: One earlier name of the list: one or two words, an optional short bracket (شرق), then
#: "and" glued to the next name, or a comma.
_ITEM = "[^\\s,.;:!?()]+(?:\\s+[^\\s,.;:!?()]+)?(?:\\s*\\([^()]{1,20}\\))?\\s*(?:,\\s*)?\u0648"
#: The head right before the place, or the head and earlier names joined by و (within reach).
_AREAS_BEFORE = re.compile(f"{_HEAD}(?P<items>{_ITEM}(?:\\s*{_ITEM})*?)?$")

#: How far before the place the head may stand.
_REACH = 80


def province_areas(
    text: str,
    place_start: int,
    sentence_start: int,
    keys: tuple[str, ...],
    sites: Mapping[str, Site],
    place_at: Callable[[int], bool],
) -> bool:
    """Whether a settlement's name stands for its province, after "areas of".

    Rule province_areas: every site the name may denote (``keys`` of ``sites``) is a
    settlement, and the plural areas (مناطق) stands right before it in construct, with "in"
    or nothing between (مناطق حمص، مناطق في حمص), or the name is a later one of a list the
    head opens, joined by "and" (مناطق حمص ودير الزور (شرق) والرقه): the event lies
    somewhere in the province, not at its seat. Guards: a name with a word of its own between
    it and the head ("residential areas in Homs": مناطق سكنيه في حمص) or with no head at all
    ("in the city of Homs") stays the city; a base or an airport after the head is no
    settlement; a list whose first item is no gazetteer place ("areas in the two towns of
    Hajin and al-Shaafa": مناطق في بلدتي هجين والشعفه, the towns themselves) is not the
    head's; the desert of a town (باديه البوكمال) is not this rule's.

    Parameters
    ----------
    text : str
        The normalised article text.
    place_start : int
        Where the place mention starts (after a glued proclitic).
    sentence_start : int
        Where its sentence starts (the head must stand in it).
    keys : tuple of str
        The sites the name may denote.
    sites : Mapping of str to Site
        The gazetteer's sites, by key.
    place_at : callable
        Whether a place mention starts at a position (the list's first name must be one).

    Returns
    -------
    bool
        True when the name is read as a province's after areas.
    """
    lo = max(sentence_start, place_start - _REACH)
    if text.find(STEM, lo, place_start) == -1:
        return False  # (the bare stem first: most places cost one search)
    kinds = {sites[k].kind for k in keys if k in sites}
    if not kinds or not kinds <= _SETTLEMENTS:
        return False
    m = _AREAS_BEFORE.search(text, lo, place_start)
    if m is None:
        return False
    return m.group("items") is None or place_at(m.start("items"))


def areas_unplaced(
    text: str,
    sentence: tuple[int, int],
    places: list[PlaceMention],
    sites: Mapping[str, Site],
    place_at: Callable[[int], bool],
    earlier: Callable[[], bool],
) -> bool:
    """Whether every settlement a sentence names stands for a province's areas.

    Asked of a sentence (its ``places``), as rule province_named is through
    :func:`.precision_breadth.unplaced`: when :func:`province_areas` takes out at least one
    settlement it names, every other place is taken out too or is a region, and an attack
    sentence before it named a place (``earlier()``, asked last), the sentence's attack has no
    place the atlas can honestly give; it adds nothing, rather than lending its weapon and
    actor to the incident read before ("the strikes hit cells in the areas of Homs and Deir
    ez-Zor" after a sentence on the ambush at Palmyra). A sentence of regions only ("areas in
    the governorate of Deir ez-Zor") is left to the other rules.
    """
    s, e = sentence
    if not places or text.find(STEM, s, e) == -1:
        return False
    out = False
    for p in places:
        if province_areas(text, p.norm_start, s, p.site_keys, sites, place_at):
            out = True
        elif any(k in sites and sites[k].kind != "region" for k in p.site_keys):
            return False
    return out and earlier()
