"""The counts line under the page title: how much is shown, its toll, and what is left out.

``describe`` (``dashboard.filters``) says "N events (M reports from K articles)";
:func:`totals_text` adds killed and injured as lowest–highest totals and how many events pass
the filters but have no date (they are on no timeline and no date range can include them);
:func:`draw_counts` draws both and lets the user list the undated events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import filters as flt
from dashboard.map.popups import DASH
from dashboard.ui.state import plain

if TYPE_CHECKING:
    from dashboard.ui.data import View

__all__ = ["UNDATED_KEY", "casualty_totals", "draw_counts", "totals_text"]

#: Widget key of the "list the undated events" toggle.
UNDATED_KEY = "list-undated"


def casualty_totals(frame: pd.DataFrame, low: str, high: str) -> tuple[int, int]:
    """Sum a figure over the events, lowest and highest reported.

    Parameters
    ----------
    frame : pandas.DataFrame
        Events with the columns ``low`` (conservative figure) and, optionally, ``high``.
    low, high : str
        Column names, e.g. ``killed`` and ``killed_max``.

    Returns
    -------
    tuple of int
        (sum of the lowest figures, sum of the highest); an unknown figure counts 0, a missing
        highest figure counts as the lowest.
    """
    if low not in frame.columns or not len(frame):
        return 0, 0
    lows = pd.to_numeric(frame[low]).fillna(0)
    tops = pd.to_numeric(frame[high]) if high in frame.columns else lows
    highs = tops.fillna(pd.to_numeric(frame[low])).fillna(0)
    return int(lows.sum()), int(highs.clip(lower=lows).sum())


def _span(pair: tuple[int, int]) -> str:
    lo, hi = pair
    return f"{lo:,}" if lo == hi else f"{lo:,}{DASH}{hi:,}"


def totals_text(filtered: pd.DataFrame, undated: int) -> str:
    """Say the toll of the events shown and how many undated events are left out.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The events shown.
    undated : int
        Events that pass every filter but have no date.

    Returns
    -------
    str
        ``"Killed 2–4, injured 5 (lowest–highest reported)"``, then
        ``"; 2 undated events, not on the timeline"`` when there are any.
    """
    killed = casualty_totals(filtered, "killed", "killed_max")
    injured = casualty_totals(filtered, "injured", "injured_max")
    text = (f"Killed {_span(killed)}, injured {_span(injured)}"
            f" (lowest{DASH}highest reported)")
    if undated:
        noun = "event" if undated == 1 else "events"
        text += f"; {undated:,} undated {noun}, not on the timeline"
    return text


def draw_counts(frame: pd.DataFrame, filtered: pd.DataFrame,
                filters: flt.Filters, shown: View | None = None) -> pd.DataFrame:
    """Draw the counts line and its totals; return the undated events that pass the filters.

    Parameters
    ----------
    frame : pandas.DataFrame
        Every event.
    filtered : pandas.DataFrame
        The events shown.
    filters : Filters
        The filters in force.
    shown : View, optional
        The cached view of ``filters`` (:func:`dashboard.ui.data.view`): its counts, totals
        and undated events are used instead of being computed again.

    Returns
    -------
    pandas.DataFrame
        The undated events (the page lists them when the user asks).
    """
    if shown is None:
        undated = flt.undated(frame, filters)
        counts, totals = flt.describe(filtered), totals_text(filtered, len(undated))
    else:
        undated, counts, totals = shown.undated, shown.counts, shown.totals
    st.markdown(counts)
    st.caption(plain(totals))
    return undated
