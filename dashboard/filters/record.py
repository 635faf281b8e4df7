"""The filter record: :class:`Filters`, the values a URL may name (:class:`Known`), defaults.

Also the date presets, the query parameter names (:data:`QUERY_KEYS`, written and read by
:mod:`dashboard.filters.url`) and the sidebar's grouping of sites by governorate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.records import WEAPONS, Site

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
    "default_filters",
    "group_sites_by_governorate",
    "preset_range",
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
