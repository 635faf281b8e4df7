"""Rules of where an event lies: a region of a whole country; places listed as "and in".

- :func:`country_region` -- "earlier a contractors' convoy was hit by a roadside bomb in
  southern Iraq" (في جنوب العراق) in an article about a camp north of Baghdad, "soldiers were
  killed in shelling in the west of the country" (في غرب البلاد) in one about Erbil: a sentence
  that sets its event in a region of a country where the article's last site does not lie is
  about somewhere else.
- :func:`parallel_locative` -- "strikes on sites in the Jurf al-Sakhar area north of Babil,
  and in the al-Qaim district" (، وفي قضاء القائم): a place after "and in" that follows a
  struck place is struck too, though no weapon word stands in its own clause.

Patterns are written on normalised text (:func:`gazetteer.text.normalize.normalise`: ta marbuta
as ha, hamza forms unified, the Arabic comma as a comma). :data:`REGION_RULES` lists the rules
for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from gazetteer.extract.rule_words import alternation
from gazetteer.records import PlaceMention, Site

__all__ = ["REGION_RULES", "country_region", "country_words", "parallel_locative"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
REGION_RULES: tuple[str, ...] = ("country_region", "parallel_locative")

#: A whole country's name (normalised) and its code in the gazetteer's ``country`` column;
#: "the country" (البلاد) is the site's own (code "").
_COUNTRIES: dict[str, str] = {
    "\u0627\u0644\u0639\u0631\u0627\u0642": "IQ",  # العراق
    "\u0633\u0648\u0631\u064a\u0627": "SY",  # سوريا
    "\u0633\u0648\u0631\u064a\u0647": "SY",  # سورية
    "\u0627\u0644\u0627\u0631\u062f\u0646": "JO",  # الأردن
    "\u0644\u0628\u0646\u0627\u0646": "LB",  # لبنان
    "\u062a\u0631\u0643\u064a\u0627": "TR",  # تركيا
    "\u0627\u0644\u0628\u0644\u0627\u062f": "",  # البلاد
}

#: The compass words (normalised, the adjective's ي optional) and the part of a country each
#: names: (axis, side) -- latitude 0 or longitude 1; the high side 1, the low side 0, the
#: middle None.
_COMPASS: dict[str, tuple[int, int | None]] = {
    "\u0634\u0645\u0627\u0644": (0, 1),  # شمال
    "\u062c\u0646\u0648\u0628": (0, 0),  # جنوب
    "\u0634\u0631\u0642": (1, 1),  # شرق
    "\u063a\u0631\u0628": (1, 0),  # غرب
    "\u0648\u0633\u0637": (0, None),  # وسط
}

#: The share of a country's span a part named by one compass word holds ("the south": the
#: southern third and a tenth more), and by each word of two (a corner, "the south-east": the
#: southern and the eastern half, and a tenth more), from its own side.
_ONE_WORD = 1 / 3 + 0.1
_TWO_WORDS = 0.5 + 0.1


@cache
def _region() -> re.Pattern[str]:
    """"in the south of Iraq": في or ب or nothing, one or two compass words, a whole country."""
    compass = "(?:" + "|".join(_COMPASS) + ")\u064a?"
    return re.compile(
        "(?<!\\w)[\u0648\u0641]?(?:\u0641\u064a\\s+|\u0628)?"  # في، ب
        f"({compass})(?:\\s+({compass}))?\\s+"
        f"({'|'.join(_COUNTRIES)})(?!\\w)"
    )


def country_words() -> tuple[str, ...]:
    """The bare words of :func:`country_region`: a whole country's name in every match."""
    return tuple(_COUNTRIES)


#: What may stand between a place and the region that locates it: blanks, a comma, في.
_APPOSITION = re.compile("^[\\s,]*(?:\u0641\u064a\\s*)?$")


def _in_part(site: Site, extent: tuple[float, float, float, float], words: list[str]) -> bool:
    """Whether a place lies in the part of its country the compass words name."""
    south, north, west, east = extent
    reach = _ONE_WORD if len(words) == 1 else _TWO_WORDS
    for word in words:
        axis, side = _COMPASS.get(word) or _COMPASS[word[:-1]]  # شمالي: the adjective's ي
        if side is None:  # the middle: not in the outer fifth of either axis
            for low, high, at in ((south, north, site.lat), (west, east, site.lon)):
                span = high - low
                if span and not (low + 0.2 * span <= at <= high - 0.2 * span):
                    return False
            continue
        low, high = (south, north) if axis == 0 else (west, east)
        at = site.lat if axis == 0 else site.lon
        share = (at - low) / (high - low) if high > low else 0.5
        if (1 - share if side == 1 else share) > reach:
            return False
    return True


def country_region(
    text: str,
    start: int,
    end: int,
    known: Sequence[tuple[int, int]],
    site: Site,
    extents: Mapping[str, tuple[float, float, float, float]],
) -> bool:
    """Whether a sentence sets its event in a part of a country where the last site is not.

    Rule country_region: "hours earlier a roadside bomb hit a contractors' convoy in southern
    Iraq" (في جنوب العراق، جنوبي العراق) after an attack on a camp north of Baghdad; "two
    soldiers were killed in shelling in the west of the country" (في غرب البلاد) after one on
    Erbil; "a drone fell in southern Lebanon" after one on al-Omar: the event lies in a region
    that does not hold the site of the article's last incident, so the sentence neither
    reports an attack there on a day of its own nor adds to that incident. Whether the site
    lies in "the south" is judged against the spread of the gazetteer's places of its
    country (``extents``): one compass word names the outer third, two a corner of the two
    outer halves, each with a tenth of the span to spare. Guards: a region that holds
    the site ("US forces in eastern Syria came under attack" after al-Omar: the same attack
    told from afar); a region that only locates a place named right before it (مطار أربيل
    شمال العراق); a sentence about "the base" (the reader asks that first).

    Parameters
    ----------
    text : str
        The normalised article text.
    start, end : int
        The sentence's span.
    known : sequence of (int, int)
        The spans of the places found in the sentence.
    site : Site
        The site of the article's last incident.
    extents : mapping of str to (float, float, float, float)
        Each country's south, north, west and east bounds
        (:attr:`gazetteer.places.gazetteer.Gazetteer.country_extents`).

    Returns
    -------
    bool
        True when a region of a country stands in the sentence, locates no place named right
        before it, and does not hold the site.
    """
    for m in _region().finditer(text, start, end):
        if any(b <= m.start() and _APPOSITION.match(text[b : m.start()]) for _, b in known):
            continue  # مطار أربيل شمال العراق: the region locates the place
        country = _COUNTRIES[m.group(3)] or site.country
        extent = extents.get(country)
        if country != site.country:
            return True  # another country's region: never the site's
        if extent is None:
            continue
        words = [w for w in (m.group(1), m.group(2)) if w]
        if not _in_part(site, extent, words):
            return True
    return False


#: The words between a struck place and the next after "and in" (normalised): the first
#: place's locator at most (شمالي محافظة بابل: a bearing and up to 30 characters without a
#: comma), a comma or none, و with في or ب, and an area or unit noun at most (منطقة، مدينة،
#: بلدة، قرية، ريف، or the units of rule_words: محافظة، قضاء، ناحية).
@cache
def _parallel_gap() -> re.Pattern[str]:
    """The gap of :func:`parallel_locative`, compiled once."""
    sides = "|".join(w for w, (_, side) in _COMPASS.items() if side is not None)
    bearing = f"(?:{sides})\u064a?"
    nouns = (
        "\u0645\u0646\u0637\u0642\u0647|\u0645\u062f\u064a\u0646\u0647|\u0628\u0644\u062f\u0647"
        "|\u0642\u0631\u064a\u0647|\u0631\u064a\u0641|" + alternation("unit_noun")
    )
    return re.compile(
        f"^(?:\\s*{bearing}\\s[^,.;:!?\\n]{{0,30}})?\\s*,?\\s*"
        f"\u0648(?:\u0641\u064a\\s+|\u0628)(?:(?:{nouns})\\s+)?$"
    )


def parallel_locative(text: str, place: PlaceMention, struck: Sequence[PlaceMention]) -> bool:
    """Whether a place is listed after a struck one as "and in <place>".

    Rule parallel_locative: "US aircraft struck sites of armed factions in the Jurf al-Sakhar
    area north of Babil province, and in the al-Qaim district west of Anbar" (في منطقة جرف
    الصخر شمالي محافظة بابل، وفي قضاء القائم): the second place shares the first one's verb
    and weapon; reports list the places of one raid so. ``struck`` are the places of the
    sentence with a weapon word of their own; the place counts when the words between one of
    them and it are that place's locator at most, a comma, "and in" (وفي، وب) and an area or
    unit noun at most. Guards: "and from" or "and near" (وقرب: where the strike was aimed
    from or only near), a second verb before it (، وفي القائم أغلقت ...: after the place, its
    own clause is the reader's other test), more than a locator between.
    """
    pattern = _parallel_gap()
    return any(
        q.norm_end <= place.norm_start and pattern.match(text[q.norm_end : place.norm_start])
        for q in struck
    )
