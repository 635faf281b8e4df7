r"""The dashboard's filters: one frozen record, mirrored in the URL, applied to the event table.

Every filter lives in :class:`Filters`. :func:`to_query` writes all of them into URL query
parameters (the default date range included, so that a shared link shows the same events
even after more data arrives) and :func:`from_query` reads them back, falling back to the
default of each parameter it cannot use and saying why in a warning, never raising.
:func:`apply` filters the flat table of :func:`dashboard.frames.events_frame` with vectorised
pandas, fast at 100,000 rows.

Query parameters, in the order :func:`to_query` writes them:

========  ===============================================================
from, to  first and last day, ``YYYY-MM-DD``
site      gazetteer keys, comma-separated
weapon    weapon categories, comma-separated
actor     actors, comma-separated
outlet    outlets, comma-separated
new       ``1`` only incidents reported as news, ``0`` all
confident ``1`` only events with confidence >= 0.5 (:data:`CONFIDENT`), ``0`` all
min_cas   least killed + injured, a whole number
q         free text (every word must occur)
rejected  ``1`` show events an analyst rejected, ``0`` hide them
briefing  ``1`` briefing (presentation) mode, ``0`` normal
event     id of the selected event, empty for none
========  ===============================================================

A comma or backslash inside one list item is written ``\,`` or ``\\``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.records import WEAPONS, Site
from gazetteer.text.normalize import normalise

__all__ = [
    "CONFIDENT",
    "MAX_CASUALTIES",
    "MAX_TEXT",
    "NO_DATA_START",
    "PAGE_KEYS",
    "PRESETS",
    "QUERY_KEYS",
    "REJECTED",
    "VIEW_KEYS",
    "Filters",
    "Known",
    "apply",
    "default_filters",
    "describe",
    "from_query",
    "group_sites_by_governorate",
    "preset_range",
    "to_query",
    "undated",
]

#: Query parameter names, in the order :func:`to_query` writes them.
QUERY_KEYS: tuple[str, ...] = (
    "from",
    "to",
    "site",
    "weapon",
    "actor",
    "outlet",
    "new",
    "confident",
    "min_cas",
    "q",
    "rejected",
    "briefing",
    "event",
)

#: Parameters other parts of the dashboard read (the map's view, the article page's article):
#: :func:`from_query` accepts them without a warning and leaves them alone.
VIEW_KEYS: tuple[str, ...] = ("center", "zoom", "layers")
PAGE_KEYS: tuple[str, ...] = ("article",)

#: Date-range presets: name -> label. Ranges are counted back from the data's last day.
PRESETS: dict[str, str] = {
    "7d": "Last 7 days of the data",
    "30d": "Last 30 days of the data",
    "90d": "Last 90 days of the data",
    "all": "All dates",
}
_PRESET_DAYS: dict[str, int | None] = {"7d": 7, "30d": 30, "90d": 90, "all": None}

#: First day of the default range when there is no data yet (the last is today), so that
#: events added later are not hidden by a stale range.
NO_DATA_START = date(2000, 1, 1)

#: Largest accepted ``min_casualties``; larger values in a URL are refused.
MAX_CASUALTIES = 100_000

#: Longest accepted free-text query, in characters.
MAX_TEXT = 200

#: Least ``confidence`` the "confident only" filter keeps (events without one count as 1.0).
CONFIDENT = 0.5

#: The ``review_status`` value of events an analyst rejected.
REJECTED = "rejected"

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_SHOW_MAX = 60


@dataclass(frozen=True)
class Filters:
    """Everything the dashboard filters on; the state behind the sidebar and the URL.

    Attributes
    ----------
    date_from, date_to : date
        Inclusive date range; an event is shown when its own date span overlaps it.
    sites : tuple of str
        Gazetteer keys to keep; empty keeps every site.
    weapons : tuple of str
        Weapon categories (:data:`gazetteer.records.WEAPONS`); an event is kept when it used
        any of them. Empty keeps all.
    actors : tuple of str
        Actors (blamed or claiming) to keep; empty keeps all.
    outlets : tuple of str
        Outlets; an event is kept when any of these reported it. Empty keeps all.
    new_only : bool
        Keep only events carried as news by at least one report (drop pure back-references).
    confident_only : bool
        Keep only events whose ``confidence`` is at least :data:`CONFIDENT` (a table without
        that column, or a missing value, counts as fully confident).
    min_casualties : int
        Keep events whose conservative killed + injured is at least this (unknown counts as 0);
        0 keeps all.
    text : str
        Free text; every word must occur in the event's summary, place names or quotes.
        Matched literally after :func:`gazetteer.text.normalize.normalise`, never as a pattern.
    show_rejected : bool
        Also show events an analyst marked rejected (hidden by default).
    briefing : bool
        Briefing mode: the dashboard's presentation layout.
    selected : str
        Id of the event selected on the map or in the table, empty for none.

    Notes
    -----
    List fields keep their order and hold no duplicates when read by :func:`from_query`.
    """

    date_from: date
    date_to: date
    sites: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    new_only: bool = False
    confident_only: bool = False
    min_casualties: int = 0
    text: str = ""
    show_rejected: bool = False
    briefing: bool = False
    selected: str = ""


@dataclass(frozen=True)
class Known:
    """The values :func:`from_query` accepts for the list filters.

    Any iterable may be passed; it is stored as a frozenset.

    Attributes
    ----------
    sites : frozenset of str
        Gazetteer keys.
    weapons : frozenset of str
        Weapon categories; :data:`gazetteer.records.WEAPONS` by default.
    actors : frozenset of str
        Actors present in the data.
    outlets : frozenset of str
        Outlets present in the data.
    events : frozenset of str or None
        Event ids a link may select; None accepts any id.
    """

    sites: frozenset[str] = frozenset()
    weapons: frozenset[str] = field(default_factory=lambda: frozenset(WEAPONS))
    actors: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    events: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for name in ("sites", "weapons", "actors", "outlets"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if self.events is not None:
            object.__setattr__(self, "events", frozenset(self.events))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, sites: Iterable[str] = ()) -> Known:
        """Collect the known values from an event table.

        Parameters
        ----------
        frame : pandas.DataFrame
            The flat table of :func:`dashboard.frames.events_frame`.
        sites : iterable of str, optional
            Further site keys (the whole gazetteer), added to those in the table.

        Returns
        -------
        Known
            Sites, weapons (with every category of :data:`WEAPONS`), actors, outlets and ids.
        """
        return cls(
            sites=_values(frame["site"]) | frozenset(sites),
            weapons=_values(frame["weapon"], split=True) | frozenset(WEAPONS),
            actors=_values(frame["actor"]),
            outlets=_values(frame["outlets"], split=True),
            events=_values(frame["id"]),
        )


def _values(column: pd.Series, *, split: bool = False) -> frozenset[str]:
    """Distinct non-empty strings of a column, splitting '|'-joined lists when asked."""
    values = column.dropna().astype(str)
    if split:
        values = values.str.split("|").explode()
    return frozenset(v for v in values.unique() if v)


# --------------------------------------------------------------------------- defaults


def _span_or_default(span: tuple[date, date] | None) -> tuple[date, date]:
    if span is None:
        return NO_DATA_START, date.today()
    start, end = span
    if start > end:
        raise ValueError(f"data span starts {start} after it ends {end}")
    return start, end


def default_filters(span: tuple[date, date] | None) -> Filters:
    """Build the filters a first visit starts with: the data's whole date range, nothing else.

    Parameters
    ----------
    span : tuple of date or None
        First and last day of the data; None when there is no data yet, which gives
        :data:`NO_DATA_START` to today.

    Returns
    -------
    Filters
        Defaults for every filter.

    Raises
    ------
    ValueError
        When the span starts after it ends.
    """
    start, end = _span_or_default(span)
    return Filters(date_from=start, date_to=end)


def preset_range(name: str, span: tuple[date, date] | None) -> tuple[date, date]:
    """Date range of a preset, counted back from the data's last day.

    Parameters
    ----------
    name : str
        A key of :data:`PRESETS`: ``7d``, ``30d``, ``90d`` or ``all``.
    span : tuple of date or None
        First and last day of the data (None: no data, see :func:`default_filters`).

    Returns
    -------
    tuple of date
        Inclusive (first, last) day. ``7d`` ending on 10 March runs from 4 March; it may start
        before the data does.

    Raises
    ------
    ValueError
        For an unknown preset name.
    """
    if name not in _PRESET_DAYS:
        raise ValueError(f"unknown date preset {name!r}; expected one of {', '.join(PRESETS)}")
    start, end = _span_or_default(span)
    days = _PRESET_DAYS[name]
    if days is None:
        return start, end
    return end - timedelta(days=days - 1), end


# --------------------------------------------------------------------------- URL


def _join_list(items: Iterable[str]) -> str:
    """Comma-join, escaping backslashes and commas inside items."""
    return ",".join(i.replace("\\", "\\\\").replace(",", "\\,") for i in items)


def _split_list(value: str) -> list[str]:
    """Inverse of :func:`_join_list`; empty items are dropped."""
    items: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [i for i in items if i]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def to_query(filters: Filters, defaults: Filters | None = None) -> dict[str, str]:
    """Write every filter as URL query parameters.

    Parameters
    ----------
    filters : Filters
        The filters in force.
    defaults : Filters, optional
        The defaults the page started from. Accepted so callers can pass both records, but
        nothing is left out because it equals a default: every filter, the default date range
        included, is always written, so that a shared link keeps meaning the same events when
        the data (and so the defaults) change.

    Returns
    -------
    dict of str to str
        Keys in the order of :data:`QUERY_KEYS`; lists comma-separated, booleans ``1``/``0``,
        dates ``YYYY-MM-DD``.
    """
    del defaults  # documented above: every filter is written whatever the defaults are
    return {
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
        "site": _join_list(filters.sites),
        "weapon": _join_list(filters.weapons),
        "actor": _join_list(filters.actors),
        "outlet": _join_list(filters.outlets),
        "new": _flag(filters.new_only),
        "confident": _flag(filters.confident_only),
        "min_cas": str(filters.min_casualties),
        "q": filters.text,
        "rejected": _flag(filters.show_rejected),
        "briefing": _flag(filters.briefing),
        "event": filters.selected,
    }


def _show(value: str) -> str:
    """Quote a parameter value for a warning, shortened when long."""
    if len(value) > _SHOW_MAX:
        value = value[: _SHOW_MAX - 3] + "..."
    return repr(value)


def _single(key: str, raw: str | list[str], warnings: list[str]) -> str:
    """One value of a parameter that takes one; the last when repeated."""
    if isinstance(raw, str):
        return raw
    values = [str(v) for v in raw]
    if not values:
        return ""
    if len(set(values)) > 1:
        warnings.append(
            f"Parameter {key!r} was given {len(values)} times; using the last, {_show(values[-1])}."
        )
    return values[-1]


def _parse_date(key: str, value: str, default: date, warnings: list[str]) -> date:
    if _DATE_RE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    warnings.append(
        f"Ignored {key}={_show(value)}: not a date (expected YYYY-MM-DD); using {default}."
    )
    return default


def _parse_flag(key: str, value: str, default: bool, warnings: list[str]) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    warnings.append(f"Ignored {key}={_show(value)}: expected 1 or 0; using {_flag(default)}.")
    return default


def _parse_count(key: str, value: str, default: int, warnings: list[str]) -> int:
    text = value.strip()
    if text.isascii() and text.isdigit() and int(text) <= MAX_CASUALTIES:
        return int(text)
    warnings.append(
        f"Ignored {key}={_show(value)}: expected a whole number from 0 to {MAX_CASUALTIES}; "
        f"using {default}."
    )
    return default


def _parse_list(
    key: str, raw: str | list[str], known: frozenset[str], what: str, warnings: list[str]
) -> tuple[str, ...]:
    """Known items of a list parameter, in order, without duplicates; warn about the rest."""
    values = [raw] if isinstance(raw, str) else [str(v) for v in raw]
    by_fold: dict[str, str] = {}
    for value in sorted(known):
        by_fold.setdefault(value.casefold(), value)
    kept: dict[str, None] = {}
    for value in values:
        for item in _split_list(value):
            match = item if item in known else by_fold.get(item.strip().casefold())
            if match is None:
                warnings.append(f"Ignored {key}={_show(item)}: not a known {what}.")
            else:
                kept[match] = None
    return tuple(kept)


def from_query(
    params: Mapping[str, str | list[str]],
    span: tuple[date, date] | None,
    known: Known,
    *,
    other_keys: Iterable[str] = (),
) -> tuple[Filters, list[str]]:
    """Read filters from URL query parameters; never raises on bad input.

    Parameters
    ----------
    params : mapping of str to str or list of str
        The query parameters (``st.query_params`` or a parsed query string). A parameter
        given more than once is a list: list filters take all its items, others the last.
    span : tuple of date or None
        First and last day of the data, for the default date range.
    known : Known
        Valid sites, weapons, actors, outlets (and optionally event ids).
    other_keys : iterable of str, optional
        Parameters the page uses for other purposes, ignored without a warning.

    Returns
    -------
    filters : Filters
        The filters; every parameter that is missing or unusable has its default.
    warnings : list of str
        One human-readable sentence per parameter value that was ignored, naming the
        parameter and the value (bad date, ``from`` after ``to``, unknown site, weapon, actor
        or outlet, negative or non-numeric ``min_cas``, bad flag, unknown event, over-long
        text, unknown parameter).
    """
    defaults = default_filters(span)
    warnings: list[str] = []
    allowed = set(QUERY_KEYS) | set(VIEW_KEYS) | set(PAGE_KEYS) | set(other_keys)
    for key in params:
        if key not in allowed:
            warnings.append(f"Ignored unknown parameter {_show(str(key))}.")

    def single(key: str) -> str | None:
        return _single(key, params[key], warnings) if key in params else None

    values: dict[str, Any] = {}
    values["date_from"], values["date_to"] = _dates_from(single, defaults, warnings)
    lists = (
        ("site", "sites", known.sites, "site"),
        ("weapon", "weapons", known.weapons, "weapon"),
        ("actor", "actors", known.actors, "actor"),
        ("outlet", "outlets", known.outlets, "outlet"),
    )
    for key, name, valid, what in lists:
        if key in params:
            values[name] = _parse_list(key, params[key], valid, what, warnings)
    values.update(_singles_from(single, defaults, known, warnings))
    return replace(defaults, **values), warnings


def _dates_from(
    single: Callable[[str], str | None], defaults: Filters, warnings: list[str]
) -> tuple[date, date]:
    """The ``from`` and ``to`` parameters, or the defaults (a range that ends first is refused)."""
    date_from, date_to = defaults.date_from, defaults.date_to
    if (raw := single("from")) is not None:
        date_from = _parse_date("from", raw, defaults.date_from, warnings)
    if (raw := single("to")) is not None:
        date_to = _parse_date("to", raw, defaults.date_to, warnings)
    if date_from > date_to:
        warnings.append(
            f"Ignored the date range from={date_from} to={date_to}: it starts after it ends; "
            f"using {defaults.date_from} to {defaults.date_to}."
        )
        date_from, date_to = defaults.date_from, defaults.date_to
    return date_from, date_to


def _singles_from(
    single: Callable[[str], str | None], defaults: Filters, known: Known, warnings: list[str]
) -> dict[str, Any]:
    """The flags, ``min_cas``, ``q`` and ``event`` parameters that are given and usable."""
    values: dict[str, Any] = {}
    flags = (("new", "new_only"), ("confident", "confident_only"),
             ("rejected", "show_rejected"), ("briefing", "briefing"))
    for key, name in flags:
        if (raw := single(key)) is not None:
            values[name] = _parse_flag(key, raw, getattr(defaults, name), warnings)
    if (raw := single("min_cas")) is not None:
        values["min_casualties"] = _parse_count("min_cas", raw, defaults.min_casualties, warnings)
    if (raw := single("q")) is not None:
        if len(raw) > MAX_TEXT:
            warnings.append(
                f"Ignored q={_show(raw)}: longer than {MAX_TEXT} characters; searching nothing."
            )
        else:
            values["text"] = raw
    if (raw := single("event")) is not None:
        if raw and known.events is not None and raw not in known.events:
            warnings.append(f"Ignored event={_show(raw)}: no such event; none selected.")
        else:
            values["selected"] = raw
    return values


# --------------------------------------------------------------------------- filtering

_REQUIRED = (
    "date_start",
    "date_end",
    "site",
    "weapon",
    "actor",
    "outlets",
    "new",
    "killed",
    "injured",
    "search_text",
)


def _any_of(column: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """Rows whose '|'-joined list holds any of ``wanted`` (one vectorised pass per value)."""
    padded = "|" + column.fillna("").astype(str) + "|"
    mask = np.zeros(len(column), dtype=bool)
    for value in wanted:
        mask |= padded.str.contains(f"|{value}|", regex=False).to_numpy(dtype=bool)
    return mask


def _terms(text: str) -> list[str]:
    """Split a query into normalised words, trimming quotes and punctuation at their ends."""
    words = (w.strip(string.punctuation) for w in normalise(text).split())
    return list(dict.fromkeys(w for w in words if w))


def apply(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Keep the events that pass every filter.

    Parameters
    ----------
    frame : pandas.DataFrame
        The flat table of :func:`dashboard.frames.events_frame` (a GeoDataFrame stays one),
        optionally with a ``review_status`` column.
    filters : Filters
        The filters in force.

    Returns
    -------
    pandas.DataFrame
        The rows that pass, in their original order, with the original index.

    Raises
    ------
    ValueError
        When the frame lacks a column the filters need (the message names it).

    Notes
    -----
    - Dates: kept when ``[date_start, date_end]`` overlaps ``[date_from, date_to]``; a missing
      start or end is taken to equal the other; events with no date at all are left out.
    - Sites and actors match exactly; weapons and outlets match any item of the event's
      '|'-joined list.
    - Casualties: conservative ``killed + injured``, unknown counting as 0.
    - Confident only: ``confidence >= CONFIDENT``; a missing value or column counts as 1.0.
    - Rejected: rows whose ``review_status`` is :data:`REJECTED` are hidden unless
      ``show_rejected``.
    - Text: the query is normalised with :func:`gazetteer.text.normalize.normalise` (so Arabic
      quotes and punctuation become ASCII) and split on spaces; quotes and punctuation at the
      ends of each word are dropped; every word must occur in ``search_text`` (substring,
      literal, never a regex). A query of punctuation only filters nothing.

    Everything is vectorised (``isin``, ``str.contains(regex=False)``, numpy); there is no
    Python loop over rows.
    """
    _check_columns(frame)
    return frame.loc[_in_range(frame, filters) & _passes(frame, filters)]


def undated(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Return the events without any date that pass every filter but the date range.

    Parameters
    ----------
    frame : pandas.DataFrame
        The flat event table, as for :func:`apply`.
    filters : Filters
        The filters in force.

    Returns
    -------
    pandas.DataFrame
        The rows with neither ``date_start`` nor ``date_end`` that the other filters keep:
        the events :func:`apply` leaves out because they cannot be placed in time.

    Raises
    ------
    ValueError
        When the frame lacks a column the filters need.
    """
    _check_columns(frame)
    no_date = (pd.to_datetime(frame["date_start"]).isna()
               & pd.to_datetime(frame["date_end"]).isna()).to_numpy(dtype=bool)
    return frame.loc[no_date & _passes(frame, filters)]


def _check_columns(frame: pd.DataFrame) -> None:
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"event table lacks column(s) {', '.join(missing)} needed to filter")


def _in_range(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Rows whose date span overlaps the filters' range (a missing end equals the other)."""
    start = pd.to_datetime(frame["date_start"])
    end = pd.to_datetime(frame["date_end"])
    start, end = start.fillna(end), end.fillna(start)
    in_range = (start <= pd.Timestamp(filters.date_to)) & (end >= pd.Timestamp(filters.date_from))
    return np.array(in_range.to_numpy(dtype=bool), dtype=bool)  # a writable copy


def _passes(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Rows that pass every filter but the date range."""
    mask = np.ones(len(frame), dtype=bool)
    if filters.sites:
        mask &= frame["site"].isin(filters.sites).to_numpy(dtype=bool)
    if filters.weapons:
        mask &= _any_of(frame["weapon"], filters.weapons)
    if filters.actors:
        mask &= frame["actor"].isin(filters.actors).to_numpy(dtype=bool)
    if filters.outlets:
        mask &= _any_of(frame["outlets"], filters.outlets)
    if filters.new_only:
        mask &= frame["new"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    if filters.confident_only and "confidence" in frame.columns:
        confidence = pd.to_numeric(frame["confidence"]).fillna(1.0).to_numpy(dtype=float)
        mask &= confidence >= CONFIDENT
    if filters.min_casualties > 0:
        killed = pd.to_numeric(frame["killed"]).fillna(0).to_numpy(dtype="int64")
        injured = pd.to_numeric(frame["injured"]).fillna(0).to_numpy(dtype="int64")
        mask &= (killed + injured) >= filters.min_casualties
    if not filters.show_rejected and "review_status" in frame.columns:
        status = frame["review_status"].fillna("").astype(str).str.strip().str.lower()
        mask &= (status != REJECTED).to_numpy(dtype=bool)
    for term in _terms(filters.text):
        text = frame["search_text"].fillna("").astype(str)
        mask &= text.str.contains(term, regex=False).to_numpy(dtype=bool)
    return mask


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def describe(frame_filtered: pd.DataFrame) -> str:
    """Say how much is shown: "N events (M reports from K articles)".

    Parameters
    ----------
    frame_filtered : pandas.DataFrame
        Rows of the event table (with ``n_reports`` and ``articles``).

    Returns
    -------
    str
        For example ``"1 event (2 reports from 2 articles)"``; singular or plural as the
        numbers need, thousands separated by commas.
    """
    n_events = len(frame_filtered)
    if "n_reports" in frame_filtered.columns:
        n_reports = int(pd.to_numeric(frame_filtered["n_reports"]).fillna(0).sum())
    else:
        n_reports = n_events
    n_articles = 0
    if "articles" in frame_filtered.columns and n_events:
        ids = frame_filtered["articles"].dropna().astype(str).str.split("|").explode()
        n_articles = int(ids[ids != ""].nunique())
    return (
        f"{_plural(n_events, 'event')} ({_plural(n_reports, 'report')} "
        f"from {_plural(n_articles, 'article')})"
    )


# --------------------------------------------------------------------------- sidebar

_OTHER = "Other"


def group_sites_by_governorate(
    sites: pd.DataFrame | Iterable[Site],
) -> dict[str, list[tuple[str, str]]]:
    """Group sites for the sidebar's multiselect.

    Parameters
    ----------
    sites : pandas.DataFrame or iterable of Site
        The gazetteer, as :class:`gazetteer.records.Site` records or a table with columns
        ``key``, ``name_en``, ``governorate`` and optionally ``country``.

    Returns
    -------
    dict of str to list of (key, label)
        Governorate -> sites sorted by English name. Sites outside a governorate (outside
        Syria) are grouped by country, and by ``"Other"`` when that is unknown too. Groups are
        sorted by name, ``"Other"`` last.

    Raises
    ------
    ValueError
        When a table lacks ``key``, ``name_en`` or ``governorate``.
    """
    if isinstance(sites, pd.DataFrame):
        missing = [c for c in ("key", "name_en", "governorate") if c not in sites.columns]
        if missing:
            raise ValueError(f"site table lacks column(s) {', '.join(missing)}")
        countries = sites["country"] if "country" in sites.columns else [""] * len(sites)
        rows: Iterable[tuple[Any, Any, Any, Any]] = zip(
            sites["key"], sites["name_en"], sites["governorate"], countries, strict=True)
    else:
        rows = ((s.key, s.name_en, s.governorate, s.country) for s in sites)
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, name, governorate, country in rows:
        group = _text(governorate) or _text(country) or _OTHER
        groups.setdefault(group, []).append((str(key), _text(name) or str(key)))
    order = sorted(groups, key=lambda g: (g == _OTHER, g.casefold()))
    return {g: sorted(groups[g], key=lambda item: (item[1].casefold(), item[0])) for g in order}


def _text(value: object) -> str:
    """Return a cell as stripped text, empty for missing values."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()
