"""The timeline panel: the chart of :mod:`dashboard.ui.timeline`, and a drag on it sets the dates.

``st.altair_chart(..., on_select="rerun")`` returns the chart's interval selection; the
callback turns it into a date range (:func:`dashboard.ui.timeline.brush_range`) and sets the
sidebar's date widgets (:func:`dashboard.ui.sidebar.set_dates`), so the map, the table, the
counts and the URL follow on the rerun.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import filters as flt
from dashboard.ui.sidebar import set_dates
from dashboard.ui.timeline import brush_range, choose_freq, timeline_chart, timeline_data

__all__ = ["TIMELINE_KEY", "draw_timeline"]

#: Widget key of the timeline chart.
TIMELINE_KEY = "atlas-timeline"

#: Charts already built, by (id of the counts table, period): a view's counts are one cached
#: table shared by every run (dashboard.ui.data.view), and building its Altair chart took
#: about 10 ms of each run. The entry keeps its table alive, so an id is never reused.
_CHARTS: OrderedDict[tuple[int, str], tuple[pd.DataFrame, Any]] = OrderedDict()
_CHARTS_LOCK = threading.Lock()
_CHARTS_MAX = 16


def _chart(counts: pd.DataFrame, freq: str) -> Any:
    key = (id(counts), freq)
    with _CHARTS_LOCK:
        found = _CHARTS.get(key)
        if found is not None and found[0] is counts:
            _CHARTS.move_to_end(key)
            return found[1]
    chart = timeline_chart(counts, freq)
    with _CHARTS_LOCK:
        _CHARTS[key] = (counts, chart)
        while len(_CHARTS) > _CHARTS_MAX:
            _CHARTS.popitem(last=False)
    return chart


def _on_brush() -> None:
    state = st.session_state.get(TIMELINE_KEY)
    selection = state.get("selection") if state is not None else None
    chosen = brush_range(selection)
    if chosen is not None:
        set_dates(*chosen)


def draw_timeline(
    filtered: pd.DataFrame, filters: flt.Filters, counts: pd.DataFrame | None = None
) -> None:
    """Draw events per day or week; dragging across it narrows the date filter to the drag.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The events shown.
    filters : Filters
        The filters in force (their date range picks days or weeks).
    counts : pandas.DataFrame, optional
        ``timeline_data(filtered, choose_freq(...))`` when the caller has it (cached).
    """
    freq = choose_freq(filters.date_from, filters.date_to)
    if counts is None:
        counts = timeline_data(filtered, freq)
    if not len(counts):
        st.caption("No dated events to chart.")
        return
    st.altair_chart(_chart(counts, freq), width="stretch", key=TIMELINE_KEY,
                    on_select=_on_brush, selection_mode=["brush"])
    st.caption("Drag across the timeline to show only those dates.")
