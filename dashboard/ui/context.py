"""The context of one script run: settings, store, event table, filters in force, filtered rows.

``app.py`` builds it once per run (sidebar included) and the page it runs reuses it
(:func:`run_page`). The filters are read from ``st.query_params`` on a session's first run and
written back on every run, so that the URL always reproduces the view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import filters as flt
from dashboard.settings import Settings, SettingsError, load_settings
from dashboard.store.geopackage import Store, StoreError
from dashboard.ui import data
from dashboard.ui.sidebar import draw_sidebar, plan_sidebar
from dashboard.ui.state import CTX, FILTERS, FRESH, URL_VIEW, plain
from dashboard.ui.timeline_panel import wait_for_markers
from dashboard.ui.view import (
    MAP_VIEW_STATE,
    map_view_from_query,
    map_view_query,
)

__all__ = ["PAGE_KEYS", "Context", "context", "run_page"]


#: Query parameters that belong to one page (the article view's ``article``): accepted, kept.
PAGE_KEYS: tuple[str, ...] = flt.PAGE_KEYS

_WARNED = "atlas.url_warnings"
#: The sidebar ``app.py``'s run draws after the page (:func:`run_page`): draw_sidebar's
#: arguments, its plan included.
_SIDEBAR_LATER = "atlas.sidebar_later"


@dataclass(frozen=True)
class Context:
    """Everything a page needs, built once per script run.

    Attributes
    ----------
    settings : Settings
        Run-time settings.
    db : str
        The store's path.
    store : Store
        The open store.
    version : str
        The data version (:func:`dashboard.ui.data.data_version`).
    frame : pandas.DataFrame
        Every event.
    span : tuple of date or None
        First and last day of the data.
    known : Known
        Valid values of the list filters.
    site_labels : mapping of str to str
        Site key -> English name (shared by every session: read-only).
    filters : Filters
        The filters in force.
    filtered : pandas.DataFrame
        The events that pass them (shared by every session: read-only).
    view : View
        ``filtered`` with its undated events, counts line, totals and timeline (cached per
        data version and filters, :func:`dashboard.ui.data.view`).
    """

    settings: Settings
    db: str
    store: Store
    version: str
    frame: pd.DataFrame
    span: tuple[date, date] | None
    known: flt.Known
    site_labels: Mapping[str, str]
    filters: flt.Filters
    filtered: pd.DataFrame
    view: data.View


def _stop_with(message: str) -> None:
    st.error(message)
    st.stop()


def context(*, build: bool = False) -> Context:
    """Return this run's context; build it (sidebar included) unless ``app.py`` already did.

    Parameters
    ----------
    build : bool
        Always build it (``app.py``, at the start of every run: a run interrupted by a rerun
        may leave the "already built" mark behind). The sidebar is then drawn after the page,
        by :func:`run_page`, with the filters read from its widgets' state first; without
        ``build`` (a page run on its own) it is drawn here.

    Returns
    -------
    Context
        The store, the table and the filters. A store, settings or gazetteer error is shown
        with ``st.error`` and stops the page.
    """
    ctx = st.session_state.get(CTX)
    if ctx is not None and st.session_state.get(FRESH) and not build:
        return ctx
    st.set_page_config(page_title="Incident Atlas", layout="wide")
    ctx = _build_context(sidebar_later=build)
    st.session_state[CTX] = ctx
    return ctx


def run_page(page: Any) -> None:
    """Run the page ``st.navigation`` chose, reusing this run's context; then the sidebar.

    The sidebar's filters were read before the page (:func:`context`).

    Parameters
    ----------
    page : streamlit.navigation.page.StreamlitPage
        What ``st.navigation`` returned.
    """
    st.session_state[FRESH] = True
    ran = False
    try:
        page.run()
        ran = True
    finally:
        st.session_state[FRESH] = False
        _draw_sidebar_later(ran)


def _draw_sidebar_later(ran: bool = True) -> None:
    """Draw the sidebar of this run after the page (see :func:`context`).

    When the map's frame is to press the timeline's trigger, it waits for the frame to draw
    the markers first (:func:`dashboard.ui.timeline_panel.wait_for_markers`: at most 0.6 s
    after a filter change, 3 s on a session's first map). The widgets return
    the filters the page was drawn with (their keyed state, read first by
    :func:`dashboard.ui.sidebar.plan_sidebar`); should they ever say otherwise, the page is
    run again with what they say.
    """
    later = st.session_state.pop(_SIDEBAR_LATER, None)
    wait_for_markers(hold=ran and later is not None)
    if later is None:
        return
    plan = later[-1]
    said = draw_sidebar(*later)
    if said != plan.filters:
        st.session_state[FILTERS] = said
        st.rerun()


def _build_context(sidebar_later: bool = False) -> Context:
    from gazetteer.places.loading import GazetteerError
    from gazetteer.text.lexicons import LexiconError

    try:
        settings = load_settings()
    except SettingsError as exc:
        _stop_with(f"Settings: {exc}")
        raise  # unreachable: st.stop() raises
    db = settings.db
    try:
        store = data.get_store(db)
        version = data.data_version(store, db)
        frame = data.load_frame(db, version)
        gazetteer = data.get_gazetteer()
        cat = data.catalog(db, version)
    except (StoreError, GazetteerError, LexiconError) as exc:
        _stop_with(str(exc))
        raise  # unreachable
    span, known, labels = cat.span, cat.known, cat.site_labels
    if FILTERS not in st.session_state:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        first, warnings = flt.from_query(params, span, known)
        st.session_state[FILTERS] = first
        view, view_warnings = map_view_from_query(params)
        warnings += view_warnings
        st.session_state[_WARNED] = (first, warnings)
        st.session_state[MAP_VIEW_STATE] = view
        if view.center is not None and view.zoom is not None:
            st.session_state[URL_VIEW] = (view.center, view.zoom)
    filters: flt.Filters = st.session_state[FILTERS]
    st.session_state.pop(_SIDEBAR_LATER, None)
    if not filters.briefing:
        plan = plan_sidebar(filters, span)
        if sidebar_later:  # the browser gets the page (the map) before the sidebar's widgets
            st.session_state[_SIDEBAR_LATER] = (filters, span, known, gazetteer, labels,
                                                cat.sites, plan)
            filters = plan.filters
        else:
            filters = draw_sidebar(filters, span, known, gazetteer, labels, cat.sites, plan)
    st.session_state[FILTERS] = filters
    first, warnings = st.session_state.get(_WARNED, (None, []))
    if filters == first:  # the link's problems stay in view until the user changes a filter
        for warning in warnings:
            st.warning(plain(warning))
    _sync_query(filters)
    shown = data.view(db, version, data.filter_key(filters))
    return Context(settings, db, store, version, frame, span, known, labels, filters,
                   shown.filtered, shown)


def _sync_query(filters: flt.Filters) -> None:
    """Write every filter and the map view into the URL (only when something changed)."""
    wanted = {**flt.to_query(filters), **map_view_query(st.session_state.get(MAP_VIEW_STATE))}
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted.update({k: current[k][-1] for k in PAGE_KEYS if current.get(k)})
    if current != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)
