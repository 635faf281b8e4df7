"""The typed records that flow between the stages.

articles -> places (gazetteer) -> incidents (extraction) -> events (merge) -> store -> dashboard

Every record is a frozen dataclass. Records are converted to JSON, DataFrames or
GeoDataFrames only at the edges (the CLI, the store and the views), with :func:`to_json`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Weapon categories, in the order a summary lists them.
WEAPONS: tuple[str, ...] = (
    "rocket",
    "mortar",
    "drone",
    "airstrike",
    "artillery",
    "explosion",
    "small_arms",
    "unknown",
)

#: Geo precision codes, after ACLED's geo_precision: 1 the site itself, 2 near a named town
#: or part of a region, 3 only a region (governorate) is known.
GEO_PRECISION: dict[int, str] = {1: "exact site", 2: "near a town", 3: "region only"}

#: Date precision labels, from finest to coarsest.
DATE_PRECISION: tuple[str, ...] = ("day", "night", "days", "week", "month", "unknown")

#: What is known about casualties: figures reported, explicitly none, or nothing said.
CASUALTY_STATUS: tuple[str, ...] = ("reported", "none", "unknown")


@dataclass(frozen=True)
class Article:
    """One news article as read from disk or pasted by an analyst.

    Attributes
    ----------
    id : str
        The file name without ``.txt`` (or a content hash for pasted text).
    text : str
        The decoded plain text (HTML already stripped).
    published : date or None
        Publication date; relative dates are resolved against it.
    outlet : str or None
        The outlet that published the article.
    url : str or None
        Link to the original.
    language : str
        ISO 639-1 code, ``"ar"`` for the articles this tool reads.
    note : str
        Free-text provenance note (from ``articles.csv``).
    source_path : str or None
        Where the text was read from (a file or a URL), for error messages.
    title : str or None
        The headline, when read from a news page.
    """

    id: str
    text: str
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "ar"
    note: str = ""
    source_path: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Site:
    """One place of the gazetteer.

    Attributes
    ----------
    key : str
        Stable identifier, lower-case with hyphens (``al-omar``).
    name_en, name_ar : str
        Preferred English and Arabic names.
    aliases_ar, aliases_en : tuple of str
        Other spellings that name this place on their own.
    context_aliases_ar : tuple of str
        Short names that count only after a site noun (حقل، قاعدة، مطار ...) or inside quotes,
        because they are also ordinary words (العمر "age").
    kind : str
        One of base, oil_field, gas_field, airbase, town, city, region, zone, village.
    country, governorate : str
        Administrative context; governorate is empty outside Syria.
    lat, lon : float
        WGS84 decimal degrees.
    precision : str
        How exact the point is, in words.
    parent : str or None
        Key of the enclosing or equivalent site (Green Village lies in al-Omar).
    source : str
        Where the coordinates come from.
    """

    key: str
    name_en: str
    name_ar: str
    kind: str
    country: str
    governorate: str
    lat: float
    lon: float
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    context_aliases_ar: tuple[str, ...] = ()
    precision: str = ""
    parent: str | None = None
    source: str = ""


@dataclass(frozen=True)
class PlaceMention:
    """A gazetteer name found in an article.

    Attributes
    ----------
    site_keys : tuple of str
        The sites this name may denote (more than one when the name is ambiguous).
    start, end : int
        Character span in the article's original text.
    surface : str
        The text at that span.
    alias : str
        The normalised alias that matched.
    norm_start, norm_end : int
        The same span in the normalised text (:func:`gazetteer.text.normalize.normalise`).
    """

    site_keys: tuple[str, ...]
    start: int
    end: int
    surface: str
    alias: str
    norm_start: int = 0
    norm_end: int = 0


@dataclass(frozen=True)
class DateSpan:
    """A resolved date or date range.

    Attributes
    ----------
    start, end : date
        First and last day the incident may have happened on (inclusive).
    precision : str
        One of :data:`DATE_PRECISION`.
    time : str or None
        Clock time when stated, ``HH:MM`` on a 24-hour clock.
    cue : str
        The text that gave the date (empty when defaulted).
    past_reference : bool
        True when the cue itself marks an earlier time (الماضي، أول أمس، a past month).
    """

    start: date
    end: date
    precision: str
    time: str | None = None
    cue: str = ""
    past_reference: bool = False


@dataclass(frozen=True)
class Incident:
    """One attack, strike or explosion at one place and time, as one article reports it.

    Attributes
    ----------
    article : str
        Id of the article that reports it.
    site : str or None
        Gazetteer key of the place.
    site_name : str
        English name of the place.
    lat, lon : float or None
        Coordinates taken from the gazetteer.
    geo_precision : int
        1 exact site, 2 near a town, 3 region only (see :data:`GEO_PRECISION`).
    date_start, date_end : date or None
        Inclusive date span resolved against the publication date.
    date_precision : str
        One of :data:`DATE_PRECISION`.
    time : str or None
        Clock time, ``HH:MM``.
    weapon : tuple of str
        Weapon categories from :data:`WEAPONS`.
    count : int or None
        Number of projectiles or drones; None when not stated or vague (عدة).
    killed, injured : int or None
        Conservative figures; None when not reported.
    casualties : str
        One of :data:`CASUALTY_STATUS`.
    casualty_note : str
        Other figures the article gives, when they conflict.
    actor : str or None
        Who is blamed or claims it.
    target : str or None
        Who was attacked.
    new : bool
        True when reported as news, False for a back-reference to an earlier incident.
    outlet : str or None
        The article's outlet.
    cited : tuple of str
        Sources the article cites for this incident.
    quote : str
        The evidence sentence, exactly as in the article text.
    span : tuple of int
        Character span of ``quote`` in the article text.
    highlights : tuple of tuple of int
        Spans (in the article text) of the words that triggered each field.
    summary_en : str
        A one-line English summary built from the fields.
    confidence : float
        How much the evidence supports the incident, 0 to 1
        (:mod:`gazetteer.extract.confidence`); rows stored before it existed load as 1.0.
    confidence_reasons : tuple of str
        Short English reasons for the confidence, for the popup.
    """

    article: str
    site: str | None
    site_name: str
    lat: float | None
    lon: float | None
    geo_precision: int
    date_start: date | None
    date_end: date | None
    date_precision: str
    time: str | None
    weapon: tuple[str, ...]
    count: int | None
    killed: int | None
    injured: int | None
    casualties: str
    casualty_note: str
    actor: str | None
    target: str | None
    new: bool
    outlet: str | None
    cited: tuple[str, ...]
    quote: str
    span: tuple[int, int]
    summary_en: str
    highlights: tuple[tuple[int, int], ...] = ()
    confidence: float = 1.0
    confidence_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """One real-world incident, merged from the reports of one or more articles.

    Conflicting figures are kept as ranges: ``killed`` is the conservative (lowest reported)
    figure and ``killed_max`` the highest.

    Attributes
    ----------
    id : str
        Stable identifier derived from the reports it merges.
    site, site_name, lat, lon, geo_precision
        As in :class:`Incident`, from the most precise report.
    date_start, date_end, date_precision, time
        The intersection of the reports' spans where they overlap, else their union.
    weapon : tuple of str
        Union of the reports' weapons.
    count, count_max, killed, killed_max, injured, injured_max : int or None
        Ranges over the reports.
    casualties : str
        ``reported`` if any report gives figures, else ``none`` if any says none, else unknown.
    actor, target : str or None
        Most often named across the reports.
    new : bool
        True if any report carries it as news.
    outlets, cited : tuple of str
        Every outlet and every cited source.
    summary_en : str
        English one-line summary.
    reports : tuple of Incident
        Every report, in publication order.
    confidence : float
        The highest confidence of its reports, raised by each further outlet that carries it
        (see :func:`gazetteer.merge.event_confidence`).
    """

    id: str
    site: str | None
    site_name: str
    lat: float | None
    lon: float | None
    geo_precision: int
    date_start: date | None
    date_end: date | None
    date_precision: str
    time: str | None
    weapon: tuple[str, ...]
    count: int | None
    count_max: int | None
    killed: int | None
    killed_max: int | None
    injured: int | None
    injured_max: int | None
    casualties: str
    actor: str | None
    target: str | None
    new: bool
    outlets: tuple[str, ...]
    cited: tuple[str, ...]
    summary_en: str
    reports: tuple[Incident, ...] = field(default_factory=tuple)
    confidence: float = 1.0


def to_json(record: Any) -> Any:
    """Convert a record (or a list or tuple of records) into JSON-ready values.

    Parameters
    ----------
    record : dataclass instance, list, tuple, date or scalar
        What to convert.

    Returns
    -------
    object
        Dicts, lists, strings and numbers only; dates become ISO ``YYYY-MM-DD`` strings.
    """
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_json(r) for r in record]
    if isinstance(record, date):
        return record.isoformat()
    return record
