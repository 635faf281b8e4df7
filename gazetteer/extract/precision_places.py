"""Precision rules about which place a name means: a site named far away, a route, a locality.

Rules 46-48 of :mod:`gazetteer.extract.precision` (re-exported there, where the list of every
rule and its number is kept): distant_site_name, route_ends, locality_direction. They matter
since the built-in GeoNames layer knows every town of Iraq and Jordan (Baghdad, Amman, Hilla):
a generic site name (السفارة الأمريكية) placed in another country's capital, and a capital
named only as the end of a road or as the point a direction is taken from, must not become
the site or the target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence
from functools import cache

from gazetteer.extract.precision_targets import _kind
from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.places.gazetteer import Gazetteer
from gazetteer.records import PlaceMention, Site
from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.matcher import Match
from gazetteer.text.normalize import normalise

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES` (the older
#: ones are listed in :data:`.precision.RULES` itself, which is at its 600 lines).
NEARNESS_RULES: tuple[str, ...] = ("near_site_noun", "origin_site_noun", "striker_stands_in")

__all__ = [
    "BY_SITE_KM",
    "DISTANT_KM",
    "NEARNESS_RULES",
    "bearing_from_city",
    "direction_role",
    "distant_site_name",
    "drop_distant_site_names",
    "locality_in_town",
    "locality_named_before",
    "locality_words",
    "near_site_noun",
    "origin_site_noun",
    "region_name_of_site",
    "replying_force",
    "route_end",
    "smoke_source",
    "striker_post",
    "town_by_last_site",
]

_CENTRE = "\u0648\u0633\u0637"  # وسط (the centre of)
#: How far (km) a town must lie from a site for "<site> في <town>" to name another place.
DISTANT_KM = 100.0
#: Kinds of site a generic name may stand for (the facilities of the extractor).
_SITE_KINDS = frozenset({"base", "airbase", "oil_field", "gas_field"})
#: Kinds of place that locate a site "in" them: towns and cities, never a governorate.
_TOWN_KINDS = frozenset({"city", "town", "village"})
#: The words between a site's name and the town after it: في or a glued ب, then at most
#: مدينة / العاصمة and one adjective (في العاصمة الأردنية عمان), normalised.
_IN_TOWN = re.compile(
    "^\\s*(?:\u0641\u064a\\s+|\u0628)"  # في، ب
    # مدينه، العاصمه
    "(?:(?:\u0645\u062f\u064a\u0646\u0647|\u0627\u0644\u0639\u0627\u0635\u0645\u0647)"
    "(?:\\s+\u0627\u0644\\S+)?\\s+)?$"  # an adjective with the article
)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def distant_site_name(gap: str, site_kind: str, town_kind: str, related: bool, km: float) -> bool:
    """Whether a site's name, then "in <town>", names another site of that kind in that town.

    Rule distant_site_name: "a memorial at the US embassy in Amman" (السفارة الأمريكية في
    عمّان): the name السفارة الأمريكية is an alias of the US embassy in Baghdad, but the town
    right after it, joined by في or a glued ب (with مدينة or العاصمة and one adjective at most),
    lies more than :data:`DISTANT_KM` km away, so the name means another embassy, in that town:
    not the site. Guards: the town is the site's ancestor or shares its governorate (قاعدة
    التنف في حمص, Homs province), a governorate (قاعدة عين الأسد في الأنبار), a town within
    100 km (قاعدة حرير في أربيل, some 50 km), or the site's full name (السفارة الأمريكية في
    بغداد, one name of the gazetteer).

    Parameters
    ----------
    gap : str
        The normalised text between the site's name and the town's.
    site_kind, town_kind : str
        The gazetteer kinds of the site and of the town.
    related : bool
        Whether one is the other's ancestor or both name the same governorate.
    km : float
        The distance between the two places.

    Returns
    -------
    bool
        True when the site's name does not denote the site.
    """
    return (
        site_kind in _SITE_KINDS
        and town_kind in _TOWN_KINDS
        and not related
        and km > DISTANT_KM
        and _IN_TOWN.match(gap) is not None
    )


def drop_distant_site_names(
    text: str, places: Sequence[PlaceMention], gaz: Gazetteer
) -> list[PlaceMention]:
    """The place mentions without the site names that rule distant_site_name sets aside.

    Parameters
    ----------
    text : str
        The normalised article text.
    places : sequence of PlaceMention
        The mentions in text order.
    gaz : Gazetteer
        The gazetteer the mentions come from.

    Returns
    -------
    list of PlaceMention
        The mentions kept (the town stays: it is where the other site is).
    """
    out = []
    for i, p in enumerate(places):
        nxt = places[i + 1] if i + 1 < len(places) else None
        if nxt is None or len(p.site_keys) != 1 or len(nxt.site_keys) != 1:
            out.append(p)
            continue
        site, town = gaz.sites[p.site_keys[0]], gaz.sites[nxt.site_keys[0]]
        if site.kind not in _SITE_KINDS or town.kind not in _TOWN_KINDS:
            out.append(p)  # the rule's cheap part first: most pairs are no site before a town
            continue
        related = (
            town.key in gaz.ancestors(site.key)
            or site.key in gaz.ancestors(town.key)
            or (bool(site.governorate) and site.governorate == town.governorate)
        )
        km = _km(site.lat, site.lon, town.lat, town.lon)
        gap = text[p.norm_end : nxt.norm_start]
        if not distant_site_name(gap, site.kind, town.kind, related, km):
            out.append(p)
    return out


_DASH = "\\s*[-\u2013\u2014]\\s*"
#: A road noun (طريق، الطريق) and up to three words (الدولي، السريع، الرابط), normalised.
_ROAD = "(?:^|\\s)\u0627?\u0644?\u0637\u0631\u064a\u0642(?:\\s+\\S+){0,3}?"
#: Before the first end of a route: "بين" (between), or a road noun then the name.
_FIRST_END = re.compile(f"(?:(?:^|\\s)\u0628\u064a\u0646\\s*|{_ROAD}\\s+)$")
_FIRST_END_AFTER = re.compile(f"(?:\\s+\u0648\\S|{_DASH}\\S)")
#: Before the second end: "بين X و" or a road noun, X and a dash (الطريق الدولي دمشق - ).
_SECOND_END = re.compile(
    f"(?:(?:^|\\s)\u0628\u064a\u0646\\s+\\S+(?:\\s+\\S+)?\\s+\u0648|{_ROAD}\\s+\\S+{_DASH})$"
)


def route_end(text: str, span: tuple[int, int], clause_start: int, city: bool) -> bool:
    """Whether a city is one end of a route named in the text: a road, not the attack's place.

    Rule route_ends: "the point that guards the Damascus - Baghdad international road"
    (الطريق الدولي دمشق - بغداد), "a convoy on the highway between Hilla and Baghdad in
    al-Mahawil district" (الطريق السريع الرابط بين الحلة وبغداد ضمن قضاء المحاويل): the two
    cities name the road, tens or hundreds of kilometres long; the attack lies somewhere
    along it, located by another place when the sentence names one. Both ends are reference
    points. Guards: "على الطريق الواصل بين بلدتي هجين والبحرة" (two villages: a short road, at
    either), "على طريق في الحسكة" (a road in a town), "بين الحسكة" with no second end.

    Parameters
    ----------
    text : str
        The normalised article text.
    span : (int, int)
        The place name's span (clitics excluded).
    clause_start : int
        Where the place's sentence starts (nothing before it is read).
    city : bool
        Whether the place is a city (the gazetteer's kind ``city``: 100,000 people or more).

    Returns
    -------
    bool
        True when the city names an end of a route.
    """
    if not city:
        return False
    start, end = span
    before = text[max(clause_start, start - 60) : start]
    if _SECOND_END.search(before):
        return True
    return bool(_FIRST_END.search(before) and _FIRST_END_AFTER.match(text, end))


def locality_words() -> tuple[str, ...]:
    """The bare words of :func:`_locality`: a unit noun, منطقه or بلده, one in every match."""
    return (*rule_words("unit_noun"), "\u0645\u0646\u0637\u0642\u0647", "\u0628\u0644\u062f\u0647")


@cache
def _locality() -> re.Pattern[str]:
    """"in" + a unit or area noun + one or two words, at the end of a stretch, normalised."""
    units = "|".join(
        (alternation("unit_noun"), "\u0645\u0646\u0637\u0642\u0647", "\u0628\u0644\u062f\u0647")
    )  # منطقه، بلده
    return re.compile(f"(?:\u0641\u064a\\s+|\u0628)(?:{units})\\s+\\S+(?:\\s+\\S+)?\\s*$")


def locality_in_town(text: str, start: int, end: int, known: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence is set in a named locality of a known town (rule locality_direction).

    "an IED went off at a liquor store in the Zayouna area east of Baghdad" (في منطقة زيونة
    شرقي بغداد), "... in the Karrada area in central Baghdad" (وسط بغداد): the town is only
    the bearing (:func:`locality_named_before`), and the sentence is about that locality: not
    the site of the article's last incident, so it adds nothing to it.

    Parameters
    ----------
    text : str
        The normalised article text.
    start, end : int
        The sentence's span.
    known : sequence of (int, int)
        The spans of the places found in the sentence.

    Returns
    -------
    bool
        True when a named locality, a direction word and a known place follow each other.
    """
    for m in _locality_then_bearing().finditer(text, start, end):
        if any(a == m.end() for a, _ in known):
            return True
    return False


@cache
def _locality_then_bearing() -> re.Pattern[str]:
    """A locality, a direction word and العاصمة at most, normalised.

    The locality is :func:`_locality`'s; the direction words are those of
    ``lexicon/locators.csv`` (role ``direction``: شرقي، وسط ...).
    """
    rows = load_lexicon("locators", ("phrase", "role"))
    bearings = "|".join(normalise(r["phrase"]) for r in rows if r["role"] == "direction")
    return re.compile(
        _locality().pattern.removesuffix("\\s*$")
        + f"\\s+(?:{bearings})\\s+(?:\u0627\u0644\u0639\u0627\u0635\u0645\u0647\\s+)?"
    )


def locality_named_before(text: str, clause_start: int, direction_start: int) -> bool:
    """Whether a direction word follows a named locality the gazetteer may not know.

    Rule locality_direction: "in the Jurf al-Nasr area south of Baghdad" (في منطقة جرف النصر
    جنوبي بغداد): the direction word takes its bearing from Baghdad to place the named area,
    as it does after a known place (قرب مخيم الهول شرقي الحسكة); Baghdad is a reference point,
    not a place near which the strike fell. "في منطقة" / "في قضاء" / "بناحية" + one or two
    words right before the direction word name that locality. Guard: "سقطت قذيفة شمالي بغداد"
    (no locality before the direction: near Baghdad).

    Parameters
    ----------
    text : str
        The normalised article text.
    clause_start : int
        Where the direction word's clause starts.
    direction_start : int
        Where the direction word starts.

    Returns
    -------
    bool
        True when a named locality stands right before the direction word.
    """
    return _locality().search(text[clause_start:direction_start]) is not None


#: في (in) right before a direction word: "في شرق بغداد" is inside the city, normalised.
_IN_BEFORE = re.compile("(?:^|\\s)[\u0648\u0641]?\u0641\u064a\\s*$")


def bearing_from_city(text: str, direction_start: int, city: bool) -> bool:
    """Whether a direction word places what it locates in the area around a city, not near it.

    Rule bearing_from_city: "rockets hit two bases north of Baghdad" (قاعدتين ... شمال بغداد),
    "a convoy was hit north of the capital Baghdad" (شمالي العاصمة بغداد): north of a city
    of a hundred thousand people or more is an area tens of kilometres wide (Balad lies 80 km
    north of Baghdad), so the report is located at region precision, as ريف دير الزور is;
    a placed report of the same days in the article then tells where. Guards: "في شرق بغداد"
    (in the east of the city: near it, precision 2), a town (شرقي بلدة هجين: near it).

    Parameters
    ----------
    text : str
        The normalised article text.
    direction_start : int
        Where the direction word starts.
    city : bool
        Whether the place after it is a city (the gazetteer's kind ``city``).

    Returns
    -------
    bool
        True when the report lies somewhere in the area the direction points to.
    """
    if text.startswith(_CENTRE, direction_start):
        return False  # وسط بغداد: the city's centre
    return city and _IN_BEFORE.search(text[max(0, direction_start - 8) : direction_start]) is None


#: The weapons of a blast heard or seen, not of an attack of its own.
_BLAST = frozenset({"explosion", "unknown"})
#: How close (km) a town must lie to a facility to be where its attack was heard or seen.
BY_SITE_KM = 25.0


def town_by_last_site(site: Site, towns: Sequence[Site], weapons: Collection[str]) -> bool:
    """Whether the towns a sentence names lie by the facility of the incident just read.

    Rule town_by_last_site: "two drones hit Muwaffaq Salti air base in the al-Azraq area ...
    Sirens sounded in al-Azraq al-Shamali, and residents heard at least one explosion": with
    no day of its own, right after the report, a sentence whose only places are towns within
    :data:`BY_SITE_KM` km of that facility and whose only weapon is a blast (انفجار, or none)
    tells the same attack as heard or seen from the town; it adds to that incident and
    starts none at the town. Guards: the coalition's shelling of al-Mayadin in reply to an
    attack on al-Omar (a weapon of its own: another attack), a town farther away, a facility
    among the places.

    Parameters
    ----------
    site : Site
        The place of the incident just read.
    towns : sequence of Site
        The places the sentence reports attacked.
    weapons : collection of str
        The weapons the sentence names (``explosion`` for a blast).

    Returns
    -------
    bool
        True when the sentence is about that incident.
    """
    return (
        site.kind in _SITE_KINDS
        and bool(towns)
        and set(weapons) <= _BLAST
        and all(
            t.kind in _TOWN_KINDS and _km(site.lat, site.lon, t.lat, t.lon) <= BY_SITE_KM
            for t in towns
        )
    )


def direction_role(
    text: str, span: tuple[int, int], earlier: bool, city: bool, fires: Callable[[str], bool]
) -> str:
    """The role of a place after a direction word: reference, region or near.

    A reference point when a place precedes the direction word in its clause (قرب مخيم الهول
    شرقي الحسكة) or, by rule locality_direction, a named locality does; an area around a
    city by rule bearing_from_city (region precision); else a point near the place.

    Parameters
    ----------
    text : str
        The normalised article text.
    span : (int, int)
        The start of the direction word's clause and of the direction word.
    earlier : bool
        Whether a known place stands before the direction word in the clause.
    city : bool
        Whether the place is a city.
    fires : callable
        Whether a named rule is on (:func:`gazetteer.extract.precision.fires`).

    Returns
    -------
    str
        ``"reference"``, ``"region"`` or ``"near"``.
    """
    clause, direction = span
    if earlier or (
        fires("locality_direction") and locality_named_before(text, clause, direction)
    ):
        return "reference"
    if fires("bearing_from_city") and bearing_from_city(text, direction, city):
        return "region"  # استهدفت صواريخ قاعدتين شمال بغداد: an area, not the city
    return "near"


def smoke_source(text: str, locator_start: int, qualifiers: list[Match[str]]) -> bool:
    """Whether من before a place follows smoke or fire: "الدخان يتصاعد من حقل العمر".

    Smoke rising from a place marks where the hit was, not where fire was launched from.
    """
    return any(
        m.end <= locator_start and len(text[m.end : locator_start].split()) <= 2
        for m in _kind(qualifiers, "smoke")
    )


def region_name_of_site(
    kind: str, has_region_twin: bool, city_word_before: bool, facility_in_region: bool
) -> bool:
    """Whether a city's name stands for its governorate, which only locates a site.

    Deir ez-Zor, al-Hasakah, Raqqa name a city and its governorate. In an article about a
    base or field of that governorate, the bare name (في دير الزور) locates the site, as the
    governorate would: it is read at region precision, so it never makes an incident "in the
    city". With مدينة before it the city itself is meant.
    """
    return kind == "city" and has_region_twin and not city_word_before and facility_in_region


#: The roles of lexicon/locators.csv that put a point beside what follows them: near (قرب،
#: محيط، أطراف ...) and the bearings (شمال، جنوبي ...).
_BESIDE_ROLES = frozenset({"near", "direction"})
#: Locators of those roles that put it inside instead: وسط (the middle of) and منطقة (the area of
#: a base is the base), normalised.
_INSIDE = frozenset({"\u0648\u0633\u0637", "\u0645\u0646\u0637\u0642\u0647"})


def near_site_noun(
    role: str, locator: str, gap: Sequence[str], nouns: Collection[str], distance: bool
) -> bool:
    """Whether a facility named after a site noun is only the point its event lay near.

    "three rockets fell near Ain al-Asad base" (قرب قاعدة عين الأسد), "in the vicinity of
    Harir base", "20 km north of the base of ...", "two km from the base of ...": the site is
    named after its noun (قاعدة، مطار، حقل، معمل), and a locator word stands before the noun.
    The place is still the incident's site, but at precision 2 (near it), as when the noun is
    part of the name (قرب مطار بغداد). "inside the base" (داخل قاعدة), "on the base" (على
    قاعدة), "the middle of" (وسط) and "the area of the base" (منطقة قاعدة) keep precision 1.

    Parameters
    ----------
    role : str
        The locator's role in ``lexicon/locators.csv`` (near, direction, origin ...).
    locator : str
        The normalised locator word or phrase before the noun (قرب، شمال، من ...).
    gap : sequence of str
        The words between the locator and the place name.
    nouns : collection of str
        The normalised site nouns (:func:`gazetteer.places.sites.site_nouns`).
    distance : bool
        Whether the locator is a من closing a distance or bearing (rule distance_from).

    Returns
    -------
    bool
        True when the place lies only near the event: precision 2.
    """
    if len(gap) != 1 or gap[0] not in nouns:
        return False
    return distance or (role in _BESIDE_ROLES and locator not in _INSIDE)


#: Words before من that make it no origin: near (قرب، بالقرب، مقربة، القريب، القريبة) and the
#: verbs of approach (اقترب، اقتربت، تقترب، يقترب، اقترابها), normalised.
_NOT_FROM = re.compile(
    "(?:\u0642\u0631\u0628|\u0645\u0642\u0631\u0628\u0647|\u0627\u0644\u0642\u0631\u064a\u0628\u0647?"
    "|\u0642\u0631\u064a\u0628\u0647?"  # قريب، قريبة
    "|[\u0627\u062a\u064a]?\u0642\u062a\u0631\u0628\\S*"  # اقترب، تقترب، يقترب ...
    "|\u0627\u0642\u062a\u0631\u0627\u0628\\S*)\\s+$"  # اقتراب، اقترابها
)


def origin_site_noun(text: str, from_start: int) -> bool:
    """Whether من before a site's noun marks where fire or a convoy came from.

    "the US artillery shelled the outskirts of al-Mayadin from al-Omar field base" (من قاعدة
    حقل العمر), "a patrol coming from Ain al-Asad base was attacked in Haditha": the base
    named after its noun is the origin, not the target, as a town after من is. Not after a
    word of nearness (القريبة من، بالقرب من) nor a verb of approach (اقتربت من القاعدة: the
    drone's target): there the base is the place of the event.

    Parameters
    ----------
    text : str
        The normalised article text.
    from_start : int
        Where the word من starts.

    Returns
    -------
    bool
        True when the من marks an origin.
    """
    return _NOT_FROM.search(text, max(0, from_start - 16), from_start) is None


#: في، داخل (with و before them) or a glued ب: the words that put a force at its post.
_AT = frozenset({"\u0641\u064a", "\u062f\u0627\u062e\u0644"})


def striker_post(gap: str, nouns: Collection[str]) -> bool:
    """Whether the words between a US force and a place put the force at that place.

    "المدفعية الأمريكية في حقل العمر", "القوات الأمريكية داخل قاعدة التنف", "قوات التحالف بقاعدة
    الشدادي": في or داخل, or a ب glued to a site noun, and at most the site noun (قاعدة، حقل،
    مطار ...) before the name; nothing else.

    Parameters
    ----------
    gap : str
        The normalised text between the force's name and the place.
    nouns : collection of str
        The normalised site nouns.

    Returns
    -------
    bool
        True when the place is the force's post.
    """
    words = gap.split()
    if not words or len(words) > 2:
        return False
    first = words[0]
    if first in _AT:
        return len(words) == 1 or words[1] in nouns
    # بقاعدة: a glued ب on the site noun
    return len(words) == 1 and first.startswith("\u0628") and first[1:] in nouns


#: A verb of reply (رد، ردت، ترد، يرد, with و or ف before it) and at most one noun after it, at
#: the end of the text before a force's name: "وردت القوات الأمريكية", "ردت مدفعية التحالف".
_REPLY_BEFORE = re.compile(
    "(?:^|\\s)[\u0648\u0641]?[\u062a\u064a]?\u0631\u062f(?:\u062a)?\\s+(?:\\S+\\s+)?$"
)


def replying_force(text: str, lo: int, actor_start: int) -> bool:
    """Whether a force's name follows a verb of reply: the force is the one that strikes back.

    "وردت القوات الأمريكية في حقل العمر بقصف مدفعي على مصادر النيران": the Americans reply, so
    they strike; their base is their post (rule striker_stands_in).

    Parameters
    ----------
    text : str
        The normalised article text.
    lo, actor_start : int
        Where to look back from, and where the force's name starts.

    Returns
    -------
    bool
        True when a verb of reply (and at most one noun) stands right before the name.
    """
    if text.find("\u0631\u062f", lo, actor_start) == -1:  # رد: every match holds it
        return False
    return _REPLY_BEFORE.search(text, lo, actor_start) is not None
