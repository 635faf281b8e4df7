"""The sidebar: every filter as a widget, kept equal to the filters in force and the URL.

Dates are a slider with a date-range picker beside it and four presets; all stay equal
(:func:`set_dates`, also used by the timeline's brush). The site filter lists the curated
sites and any place with events, grouped by governorate, filtered by substring while the user
types (typing "Omar" offers only the places whose label holds "omar"; nothing is selected
until the user picks one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import streamlit as st

from dashboard import filters as flt
from dashboard.map.build import WEAPON_STYLE
from dashboard.ui.state import (
    FULL_SPAN,
    K_ACTORS,
    K_BRIEFING,
    K_CONFIDENT,
    K_DATES,
    K_MIN_CAS,
    K_NEW,
    K_OUTLETS,
    K_PICK,
    K_REJECTED,
    K_SITES,
    K_TEXT,
    K_WEAPONS,
    set_canonical,
)
from gazetteer.places.loading import AMBIGUOUS_PREFIX, IMPORTED_PREFIX
from gazetteer.records import WEAPONS

__all__ = [
    "PRESET_LABELS",
    "SidebarPlan",
    "draw_sidebar",
    "leave_briefing",
    "plan_sidebar",
    "set_dates",
    "site_label",
]

#: Preset name -> button label.
PRESET_LABELS: dict[str, str] = {
    "7d": "Last 7 days",
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "all": "All",
}


def site_label(key: str, name: str, group: str, places: Iterable[str] = ()) -> str:
    """Label a site in the site filter: ``"al-Omar oil field (Deir ez-Zor)"``.

    Parameters
    ----------
    key : str
        Gazetteer key.
    name : str
        English name.
    group : str
        Its governorate (or country, or ``"Other"``).
    places : iterable of str
        For an ambiguous name (a key starting ``ambiguous-``), the governorates or countries
        of its candidates.

    Returns
    -------
    str
        The name and its group; an ambiguous name says how many places it may be and where,
        each place named once (``"Kabbasin (one of 2 places in Aleppo)"``).
    """
    if key.startswith(AMBIGUOUS_PREFIX):
        base = name.split(" (ambiguous:", 1)[0]
        where = list(places)
        named = list(dict.fromkeys(p for p in where if p)) or [group]
        return f"{base} (one of {max(len(where), 2)} places in {' or '.join(named)})"
    return f"{name} ({group})"


def set_dates(first: date, last: date) -> None:
    """Set the date range of every date widget (the slider and the picker); a widget callback."""
    first, last = min(first, last), max(first, last)
    st.session_state[K_DATES] = (first, last)
    st.session_state[K_PICK] = (first, last)


def _prime_widgets(filters: flt.Filters) -> None:
    """Give every sidebar widget its value explicitly, on every run.

    The value is the widget's own state when it has one (the user's latest change), else the
    filter's. Assigning it each run matters: a widget whose options or bounds changed (new
    outlets after an ingest, a longer data span) is a new widget to Streamlit and would
    otherwise fall back to its default.
    """
    seeds = {
        K_DATES: (filters.date_from, filters.date_to),
        K_SITES: list(filters.sites),
        K_WEAPONS: list(filters.weapons),
        K_ACTORS: list(filters.actors),
        K_OUTLETS: list(filters.outlets),
        K_NEW: filters.new_only,
        K_CONFIDENT: filters.confident_only,
        K_MIN_CAS: filters.min_casualties,
        K_TEXT: filters.text,
        K_REJECTED: filters.show_rejected,
        K_BRIEFING: filters.briefing,
    }
    for key, value in seeds.items():
        st.session_state[key] = st.session_state.get(key, value)


def _apply_preset(name: str, span: tuple[date, date] | None) -> None:
    set_dates(*flt.preset_range(name, span))


def _from_slider() -> None:
    set_dates(*st.session_state[K_DATES])


def _from_picker() -> None:
    chosen = tuple(st.session_state.get(K_PICK) or ())
    if len(chosen) == 2 and all(chosen):  # a range picker holds one date while choosing
        set_dates(chosen[0], chosen[1])


def _with(options: Iterable[str], current: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*options, *current]))


def _settle_dates(span: tuple[date, date] | None) -> tuple[date, date]:
    """Settle the date widgets' range for this run; return the slider's bounds."""
    full = flt.default_filters(span)
    first, last = full.date_from, full.date_to
    chosen = tuple(st.session_state[K_DATES])
    if chosen == st.session_state.get(FULL_SPAN, (first, last)):
        chosen = (first, last)  # the whole data stays the whole data when more arrives
    low, high = min(first, chosen[0]), max(last, chosen[1])
    if low == high:
        high = low + timedelta(days=1)
    set_dates(*chosen)
    st.session_state[FULL_SPAN] = (first, last)
    return low, high


def _draw_dates(
    bar: Any, span: tuple[date, date] | None, bounds: tuple[date, date]
) -> tuple[date, date]:
    """The slider, the range picker under it and the presets; return the range chosen."""
    low, high = bounds
    dates = bar.slider("Date range", min_value=low, max_value=high, key=K_DATES,
                       format="YYYY-MM-DD", on_change=_from_slider)
    bar.date_input("From \u2013 to", key=K_PICK, min_value=low, max_value=high,
                   format="YYYY-MM-DD", on_change=_from_picker)
    rows = (bar.columns(2), bar.columns(2))
    for i, (name, label) in enumerate(PRESET_LABELS.items()):
        rows[i // 2][i % 2].button(label, key=f"preset-{name}", on_click=_apply_preset,
                                   args=(name, span), width="stretch")
    return dates[0], dates[1]


def site_options(
    gazetteer: Any, labels: Mapping[str, str], with_events: frozenset[str]
) -> dict[str, str]:
    """The site filter's options: key -> label, curated sites then places with events.

    Built-in GeoNames towns and ambiguous names are offered only where the store has events.
    """
    groups = flt.group_sites_by_governorate(
        s
        for k, s in gazetteer.sites.items()
        if not k.startswith((IMPORTED_PREFIX, AMBIGUOUS_PREFIX)) or k in with_events
    )
    options: dict[str, str] = {}
    for group, items in groups.items():
        for key, name in items:
            places = _candidate_places(gazetteer, key)
            options[key] = site_label(key, labels.get(key, name), group, places)
    for key in sorted(with_events - set(options)):
        options[key] = site_label(key, labels.get(key, key), "Other")
    return options


def _candidate_places(gazetteer: Any, key: str) -> list[str]:
    """Governorates (or countries) of the candidates of an ambiguous name, else nothing."""
    if not key.startswith(AMBIGUOUS_PREFIX):
        return []
    for keys, ambiguous in getattr(gazetteer, "ambiguous", {}).items():
        if ambiguous == key:
            sites = [gazetteer.sites[k] for k in keys if k in gazetteer.sites]
            return [s.governorate or s.country for s in sites]
    return []


@dataclass(frozen=True)
class SidebarPlan:
    """The sidebar of one run, settled before anything is drawn (:func:`plan_sidebar`).

    Attributes
    ----------
    canon : Filters
        The filters in force before this run's widget changes.
    span : tuple of date or None
        First and last day of the data.
    bounds : tuple of date
        The date slider's bounds.
    filters : Filters
        What the widgets will say: their state, read before they are drawn.
    """

    canon: flt.Filters
    span: tuple[date, date] | None
    bounds: tuple[date, date]
    filters: flt.Filters


def plan_sidebar(canon: flt.Filters, span: tuple[date, date] | None) -> SidebarPlan:
    """Settle the sidebar's widget state and read the filters it says, without drawing it.

    Each widget has a key and its value in ``st.session_state`` (:func:`_prime_widgets`), and
    a keyed widget returns that value: the page can be drawn with these filters first, and the
    sidebar after it (:func:`draw_sidebar`), so that the browser gets the map before the
    sidebar's fifteen widgets.

    Parameters
    ----------
    canon : Filters
        The filters in force before this run's widget changes.
    span : tuple of date or None
        First and last day of the data.

    Returns
    -------
    SidebarPlan
    """
    _prime_widgets(canon)
    bounds = _settle_dates(span)
    state = st.session_state
    first, last = state[K_DATES]
    said = flt.Filters(
        date_from=first,
        date_to=last,
        sites=tuple(state[K_SITES]),
        weapons=tuple(state[K_WEAPONS]),
        actors=tuple(state[K_ACTORS]),
        outlets=tuple(state[K_OUTLETS]),
        new_only=bool(state[K_NEW]),
        confident_only=bool(state[K_CONFIDENT]),
        min_casualties=int(state[K_MIN_CAS]),
        text=state[K_TEXT],
        show_rejected=bool(state[K_REJECTED]),
        briefing=bool(state[K_BRIEFING]),
        selected=canon.selected,
    )
    return SidebarPlan(canon, span, bounds, said)


def draw_sidebar(
    canon: flt.Filters,
    span: tuple[date, date] | None,
    known: flt.Known,
    gazetteer: Any,
    labels: Mapping[str, str],
    with_events: frozenset[str],
    plan: SidebarPlan | None = None,
) -> flt.Filters:
    """Draw the filters in the sidebar and return what they say.

    Parameters
    ----------
    canon : Filters
        The filters in force before this run's widget changes.
    span : tuple of date or None
        First and last day of the data.
    known : Known
        Valid actors, outlets and weapons.
    gazetteer : Gazetteer
        For the site filter.
    labels : dict of str to str
        Site key -> English name.
    with_events : frozenset of str
        Site keys the store has events at.
    plan : SidebarPlan, optional
        This run's :func:`plan_sidebar` of ``canon`` and ``span``, when the state was settled
        already (the page drawn first); settled here otherwise.

    Returns
    -------
    Filters
        The filters the widgets now say (the selection is kept from ``canon``).
    """
    if plan is None:
        plan = plan_sidebar(canon, span)
    bar = st.sidebar
    bar.header("Filters")
    date_from, date_to = _draw_dates(bar, span, plan.bounds)
    options = site_options(gazetteer, labels, with_events)
    sites = bar.multiselect(
        "Sites", _with(options, st.session_state[K_SITES]), key=K_SITES,
        format_func=lambda k: options.get(k, labels.get(k, k)),
        placeholder="All sites", filter_mode="contains", select_all=False,
    )
    weapon_options = _with(WEAPONS, sorted(known.weapons - set(WEAPONS)))
    weapons = bar.multiselect(
        "Weapons", _with(weapon_options, st.session_state[K_WEAPONS]), key=K_WEAPONS,
        format_func=lambda w: WEAPON_STYLE[w].label if w in WEAPON_STYLE else w,
        placeholder="All weapons", filter_mode="contains", select_all=False,
    )
    actors = bar.multiselect("Actors", _with(sorted(known.actors), st.session_state[K_ACTORS]),
                             key=K_ACTORS, placeholder="All actors", filter_mode="contains",
                             select_all=False)
    outlets = bar.multiselect("Outlets",
                              _with(sorted(known.outlets), st.session_state[K_OUTLETS]),
                              key=K_OUTLETS, placeholder="All outlets", filter_mode="contains",
                              select_all=False)
    new_only = bar.checkbox("New incidents only (no back-references)", key=K_NEW)
    confident = bar.checkbox(f"Confident only (confidence \u2265 {flt.CONFIDENT:g})",
                             key=K_CONFIDENT)
    min_cas = bar.number_input("Minimum killed + injured", min_value=0,
                               max_value=flt.MAX_CASUALTIES, step=1, key=K_MIN_CAS)
    text = bar.text_input("Search summaries, places and quotes", key=K_TEXT,
                          max_chars=flt.MAX_TEXT)
    rejected = bar.checkbox("Show rejected events", key=K_REJECTED)
    briefing = bar.toggle("Briefing mode", key=K_BRIEFING)
    return flt.Filters(
        date_from=date_from,
        date_to=date_to,
        sites=tuple(sites),
        weapons=tuple(weapons),
        actors=tuple(actors),
        outlets=tuple(outlets),
        new_only=bool(new_only),
        confident_only=bool(confident),
        min_casualties=int(min_cas),
        text=text,
        show_rejected=bool(rejected),
        briefing=bool(briefing),
        selected=canon.selected,
    )


def leave_briefing() -> None:
    """Button callback: back to the normal layout."""
    set_canonical(briefing=False)
    st.session_state[K_BRIEFING] = False
