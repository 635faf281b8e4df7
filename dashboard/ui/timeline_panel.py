"""The timeline panel: the chart of :mod:`dashboard.ui.timeline`, and a drag on it sets the dates.

``st.altair_chart(..., on_select="rerun")`` returns the chart's interval selection; the
callback turns it into a date range (:func:`dashboard.ui.timeline.brush_range`) and sets the
sidebar's date widgets (:func:`dashboard.ui.sidebar.set_dates`), so the map, the table, the
counts and the URL follow on the rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import filters as flt
from dashboard.ui.sidebar import set_dates
from dashboard.ui.timeline import brush_range, choose_freq, timeline_chart, timeline_data

__all__ = ["TIMELINE_KEY", "draw_timeline"]

#: Widget key of the timeline chart.
TIMELINE_KEY = "atlas-timeline"


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
    st.altair_chart(timeline_chart(counts, freq), width="stretch", key=TIMELINE_KEY,
                    on_select=_on_brush, selection_mode=["brush"])
    st.caption("Drag across the timeline to show only those dates.")
