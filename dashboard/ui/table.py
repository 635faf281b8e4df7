"""The event table under the map: sortable, one row per event, a row selects its event.

Each row shows the event's first day (sortable), its date span with the precision, place,
weapons, figures as ranges (lowest–highest reported; blank when nobody said), actor, outlets,
the summary and a link to the article view of its first article. :func:`table_frame` is pure
and tested; :func:`draw_table` draws it with ``st.dataframe``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import partial
from urllib.parse import quote

import pandas as pd
import streamlit as st

from dashboard.map.popups import date_text, range_text
from dashboard.ui.state import select_event

__all__ = ["ARTICLE_PAGE", "MAX_TABLE_ROWS", "TABLE_COLUMNS", "article_link", "draw_table",
           "table_frame", "table_height"]

#: Most rows the event table lists (a selectable table cannot load lazily in Streamlit 1.67).
#: 5,000 rows were 1.6 MB of Arrow whose first drawing held the page's main thread for about
#: 0.5 s, before the map's frame could load its scripts (a first map at 10,000 events).
MAX_TABLE_ROWS = 1_000

#: URL path of the article view page.
ARTICLE_PAGE = "article"

#: Columns of :func:`table_frame`.
TABLE_COLUMNS: tuple[str, ...] = ("date", "span", "site", "weapon", "count", "killed",
                                  "injured", "actor", "outlets", "summary", "article")


def article_link(article_id: str, event_id: str = "") -> str:
    """Return the article view's URL for one article (and the event to scroll to).

    Parameters
    ----------
    article_id : str
        The stored article's id.
    event_id : str, optional
        The event the link comes from.

    Returns
    -------
    str
        ``/article?article=ID`` (``&event=ID`` with an event), ids percent-encoded.
    """
    link = f"/{ARTICLE_PAGE}?article={quote(article_id, safe='')}"
    return link + (f"&event={quote(event_id, safe='')}" if event_id else "")


def _text(column: pd.Series) -> pd.Series:
    return column.astype(object).where(column.notna(), "").astype(str)


def _ranges(rows: pd.DataFrame, low: str, high: str) -> list[str]:
    tops = rows[high] if high in rows.columns else rows[low]
    return [range_text(lo, hi) for lo, hi in zip(rows[low], tops, strict=True)]


def table_frame(
    filtered: pd.DataFrame, limit: int | None = None
) -> tuple[list[str], pd.DataFrame]:
    """Build the event table shown under the map, most recent events first.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The filtered event table.
    limit : int, optional
        Keep only this many rows (the most recent).

    Returns
    -------
    ids : list of str
        Event id of each row, in order (a table selection gives row positions).
    table : pandas.DataFrame
        Columns :data:`TABLE_COLUMNS`: ``date`` the first day (``datetime64``, for sorting),
        ``span`` the date span with its precision (``"2024-01-08–2024-01-10 (days)"``,
        ``"date unknown"``), figures as ranges and every missing value as an empty string
        (never ``None``), lists joined with ``", "``, ``article`` the article view's link of
        the event's first article. Sorted by date, latest first (undated last), ties in the
        order of ``filtered``.
    """
    day = pd.to_datetime(filtered["date_start"]).fillna(pd.to_datetime(filtered["date_end"]))
    order = day.reset_index(drop=True).sort_values(ascending=False, kind="stable",
                                                   na_position="last").index
    keep = order[:limit] if limit is not None else order
    rows = filtered.iloc[keep]

    def listed(column: str) -> pd.Series:
        values = _text(rows[column])
        return values.str.replace("|", ", ", regex=False).str.replace("_", " ", regex=False)

    precision = rows["date_precision"] if "date_precision" in rows.columns else [None] * len(rows)
    spans = [date_text(s, e, p) for s, e, p in zip(rows["date_start"], rows["date_end"],
                                                     precision, strict=True)]
    ids = rows["id"].astype(str).tolist()
    firsts = _text(rows["articles"]).str.split("|").str[0] if "articles" in rows.columns \
        else pd.Series([""] * len(rows), index=rows.index)
    links = [article_link(a, e) if a else "" for a, e in zip(firsts, ids, strict=True)]
    table = pd.DataFrame({
        "date": day.iloc[keep].to_numpy(),
        "span": spans,
        "site": _text(rows["site_name"]).to_numpy(),
        "weapon": listed("weapon").to_numpy(),
        "count": _ranges(rows, "count", "count_max"),
        "killed": _ranges(rows, "killed", "killed_max"),
        "injured": _ranges(rows, "injured", "injured_max"),
        "actor": _text(rows["actor"]).to_numpy(),
        "outlets": _text(rows["outlets"]).str.replace("|", ", ", regex=False).to_numpy(),
        "summary": _text(rows["summary_en"]).to_numpy(),
        "article": links,
    }, columns=list(TABLE_COLUMNS))
    return ids, table


def _on_table_select(key: str, ids: list[str]) -> None:
    state = st.session_state.get(key)
    rows = list(state.selection.rows) if state is not None else []
    if rows and 0 <= rows[0] < len(ids):
        select_event(ids[rows[0]])


def table_height(rows: int) -> int:
    """The height in pixels ``st.dataframe`` gives a table of ``rows`` rows (its default).

    A header and the rows (an empty table shows one empty row) of 35 px, and 2 px of border,
    at most 400 px (measured in chromium, Streamlit 1.67: 72, 107, 142 and 247 px for 0, 2, 3
    and 6 rows, 400 px from 14 rows); the placeholder of :func:`draw_table` takes the same
    height, so the page below does not jump when the table replaces it.
    """
    return min(400, 35 * (max(rows, 1) + 1) + 2)


def draw_table(
    filtered: pd.DataFrame,
    name: str = "atlas-table",
    rows: tuple[Sequence[str], pd.DataFrame] | None = None,
    placeholder: bool = False,
) -> None:
    """Draw the sortable event table; selecting a row selects its event.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The events to list.
    name : str
        Prefix of the widget key (two tables on one page need two names).
    rows : tuple, optional
        ``table_frame(filtered, MAX_TABLE_ROWS)`` when the caller has it (cached), else it is
        built here.
    placeholder : bool
        Draw an empty space of the table's height instead of the table (while the page waits
        for the map to be drawn: :func:`dashboard.ui.timeline_panel.draw_timeline_part`).
    """
    if len(filtered) > MAX_TABLE_ROWS:
        st.caption(f"The {MAX_TABLE_ROWS:,} most recent of {len(filtered):,} events; narrow the"
                   " filters to list the others (the downloads hold them all).")
    if placeholder:
        st.container(height=table_height(min(len(filtered), MAX_TABLE_ROWS)), border=False)
        return
    ids, table = rows if rows is not None else table_frame(filtered, MAX_TABLE_ROWS)
    ids = list(ids)
    digest = hashlib.sha1("\n".join(ids).encode("utf-8")).hexdigest()[:12]
    key = f"{name}-{digest}"  # a new table (other rows) starts without a selection
    st.dataframe(
        table,
        key=key,
        on_select=partial(_on_table_select, key, ids),
        selection_mode="single-row",
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "span": st.column_config.TextColumn("Date span (precision)"),
            "site": st.column_config.TextColumn("Site"),
            "weapon": st.column_config.TextColumn("Weapon"),
            "count": st.column_config.TextColumn("Count"),
            "killed": st.column_config.TextColumn("Killed"),
            "injured": st.column_config.TextColumn("Injured"),
            "actor": st.column_config.TextColumn("Actor"),
            "outlets": st.column_config.TextColumn("Outlets"),
            "summary": st.column_config.TextColumn("Summary", width="large"),
            "article": st.column_config.LinkColumn("Article", display_text="read"),
        },
    )
