"""Rules of vantage: a place something is measured or reported from is not where the attack was.

- :func:`distance_origin` -- "a convoy was hit by a roadside bomb in a district of Dhi Qar
  province, 400 km south of the capital Baghdad" (400 كلم جنوب العاصمة بغداد): the place after
  a distance in kilometres and a direction (or من / عن) is the point the distance is measured
  from; when the distance is more than a town's reach, the attack was not there.
- :func:`reporter_outlet` -- "the police told the reporter of the Jordanian news agency (Petra)
  in Baghdad" (لمراسل وكالة الأنباء الأردنية (بترا) ببغداد): the place after a reporter's word
  and the name of his outlet is where the reporter works, however long the outlet's name.

Patterns are written on normalised text (:func:`gazetteer.text.normalize.normalise`: ta marbuta
as ha, hamza forms unified, Arabic-Indic digits as ASCII). :data:`VANTAGE_RULES` lists the rules
for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re

__all__ = ["VANTAGE_RULES", "distance_origin", "reporter_outlet"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
VANTAGE_RULES: tuple[str, ...] = ("distance_origin", "reporter_outlet")

#: The least distance (km) that puts an attack away from the place it is measured from: beyond
#: the outskirts of a city (a town's own radius is a few kilometres; Baghdad's built-up area
#: reaches about 20 km from its centre).
FAR_KM = 30

#: A unit of kilometres: كم، كلم، كيلومتر، كيلومترا، كيلومترات، كيلو متر (normalised).
_KM = (
    "(?:\u0643\u0645|\u0643\u0644\u0645"
    "|\u0643\u064a\u0644\u0648\\s?\u0645\u062a\u0631(?:\u0627|\u0627\u062a)?)"
)
#: A direction, simple or compound, with or without the adjective's ي: شمال، جنوبي، شمال شرق ...
_DIR_WORD = (
    "(?:\u0634\u0645\u0627\u0644|\u062c\u0646\u0648\u0628|\u0634\u0631\u0642"
    "|\u063a\u0631\u0628)\u064a?"
)
_DIRECTION = f"{_DIR_WORD}(?:\\s+{_DIR_WORD})?"
#: Nouns that may stand between the measure and the name: العاصمه، مدينه، محافظه، مركز، قضاء.
_HEAD = (
    "(?:\u0627\u0644\u0639\u0627\u0635\u0645\u0647|\u0645\u062f\u064a\u0646\u0647"
    "|\u0645\u062d\u0627\u0641\u0638\u0647|\u0645\u0631\u0643\u0632|\u0642\u0636\u0627\u0621)"
)
#: A figure of kilometres, then a direction and من / عن, a direction alone, or من / عن alone,
#: then a head noun or none, ending right before the place.
_MEASURED = re.compile(
    f"(?<![\\d.,])(?P<km>\\d{{1,4}})\\s*{_KM}\\s+(?:\u0627\u0644\u064a\\s+)?"
    f"(?:{_DIRECTION}(?:\\s+(?:\u0645\u0646|\u0639\u0646))?|\u0645\u0646|\u0639\u0646)"
    f"\\s+(?:{_HEAD}\\s+)?$"
)
#: How far before the place the figure may stand.
_REACH = 50


def distance_origin(text: str, place_start: int, sentence_start: int) -> bool:
    """Whether a place is only the point a long distance is measured from.

    Rule distance_origin: "a roadside bomb hit a coalition supply convoy in a district of Dhi
    Qar, 400 km south of the capital Baghdad" (400 كلم جنوب العاصمة بغداد), "at a village 60 km
    west of Ramadi" -- a figure of kilometres, a direction (شمال، جنوبي غرب ...) or من / عن,
    and at most a head noun (العاصمة، مدينة، محافظة ...) right before a place make it the origin
    of the measure: an attack thirty kilometres or more from it did not happen there, and the
    place is no target. A shorter distance ("5 km north of the town": its outskirts), a figure
    with no unit, or a distance of a base from the city it names first ("Taji camp, 30 km
    north of Baghdad": Taji is the target; only Baghdad is measured from) leave the other
    places alone.

    Parameters
    ----------
    text : str
        The normalised article text.
    place_start : int
        Where the place mention starts.
    sentence_start : int
        Where its sentence starts (the figure must stand in it).

    Returns
    -------
    bool
        True when the place is the origin of a distance of at least :data:`FAR_KM` km.
    """
    lo = max(sentence_start, place_start - _REACH)
    if text.find("\u0643", lo, place_start) == -1:  # ك of كم، كلم، كيلومتر: the bare letter
        return False
    m = _MEASURED.search(text[lo:place_start])
    return m is not None and int(m.group("km")) >= FAR_KM


#: A reporter's word (مراسل، مراسلنا، مراسله، مراسلو ...), normalised.
_REPORTER = re.compile("\u0645\u0631\u0627\u0633\u0644")
#: An outlet's noun opening the gap: وكاله، قناه، صحيفه، جريده، موقع، اذاعه، شبكه، تلفزيون.
_OUTLET = re.compile(
    "\\s*(?:\u0627\u0644)?(?:\u0648\u0643\u0627\u0644\u0647|\u0642\u0646\u0627\u0647"
    "|\u0635\u062d\u064a\u0641\u0647|\u062c\u0631\u064a\u062f\u0647|\u0645\u0648\u0642\u0639"
    "|\u0627\u0630\u0627\u0639\u0647|\u0634\u0628\u0643\u0647|\u062a\u0644\u0641\u0632\u064a\u0648\u0646)(?!\\w)"
)
#: What may follow the outlet's noun: up to six words of its name (a name in brackets or
#: quotes too), no clause mark, then a preposition of place: في before the place, or the ب
#: glued to it (the place's mention starts after its proclitic). Without one, the place is
#: what the reporter told of (مراسل قناة العالم عن استهداف معسكر التاجي).
_OUTLET_NAME = re.compile(
    "(?:\\s+[^\\s,;:.!?]+){0,6}?\\s+(?:\u0641\u064a\\s+|\u0628)$"
)


def reporter_outlet(text: str, word: tuple[int, int], place_start: int) -> bool:
    """Whether a place after a reporter's word and his outlet's name is where he works.

    Rule reporter_outlet: "the Iraqi police told the reporter of the Jordanian news agency
    (Petra) in Baghdad that a convoy ... was hit in al-Batha" (لمراسل وكالة الأنباء الأردنية
    (بترا) ببغداد): the reporter's word (مراسل) and the outlet it names (وكالة، قناة، صحيفة،
    موقع ...) with up to six words of its name, then the place with ب or في, tell where the
    reporter is; the attack he reports is elsewhere. A place after the outlet with no such
    preposition is what he reported ("al-Alam's reporter told of the targeting of Taji camp":
    مراسل قناة العالم عن استهداف معسكر التاجي). A reporter's word with no outlet after it
    is the locator lexicon's (its "elsewhere" role reaches three words); an outlet named
    without a reporter ("the agency reported that rockets fell on Baghdad airport") is no such
    phrase.

    Parameters
    ----------
    text : str
        The normalised article text.
    word : tuple of int
        The span of the locator word (an "elsewhere" word of the locator lexicon).
    place_start : int
        Where the place mention starts.

    Returns
    -------
    bool
        True when the place is the post of a reporter of a named outlet.
    """
    a, b = word
    if _REPORTER.search(text, a, b) is None:
        return False
    outlet = _OUTLET.match(text, b, place_start)
    return outlet is not None and _OUTLET_NAME.match(text, outlet.end(), place_start) is not None
