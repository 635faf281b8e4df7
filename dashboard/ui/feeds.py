"""A Streamlit panel: when each watched feed was last read and how many articles it brought.

The figures come from :func:`dashboard.watch.feed_status` (the feed state file next to the
store, written by ``atlas watch``); :func:`feeds_table` is the pure part, the panel only draws
it. Wire it into a page with ``feeds_panel(db)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.watch import FeedStatus, feed_status, state_path_for

__all__ = ["FEED_COLUMNS", "feeds_panel", "feeds_table"]

#: Columns of the table, in order.
FEED_COLUMNS: tuple[str, ...] = (
    "feed", "title", "last read (UTC)", "last result", "articles", "duplicates", "failed",
)  # fmt: skip


def feeds_table(rows: Sequence[FeedStatus]) -> pd.DataFrame:
    """Turn feed status records into the table the panel shows.

    Parameters
    ----------
    rows : sequence of FeedStatus
        From :func:`dashboard.watch.feed_status`.

    Returns
    -------
    pandas.DataFrame
        :data:`FEED_COLUMNS`, one row per feed; ``last read`` as ``YYYY-MM-DD HH:MM``.
    """
    data = [
        (
            r.feed,
            r.title or "",
            (r.last_read or "").replace("T", " ")[:16],
            r.last_status or "",
            r.articles,
            r.duplicates,
            r.failed,
        )
        for r in rows
    ]
    return pd.DataFrame(data, columns=list(FEED_COLUMNS))


def feeds_panel(db: str, state: str | Path | None = None) -> None:
    """Draw the feeds table of a store (or a caption when no feed was read yet).

    Parameters
    ----------
    db : str
        The store's path.
    state : str or Path, optional
        The feed state file; :func:`dashboard.watch.state_path_for` of ``db`` by default.
    """
    rows = feed_status(state if state is not None else state_path_for(db))
    st.subheader("Feeds")
    if not rows:
        st.caption("No feed has been read yet: run `atlas watch FEED_URL` to follow one.")
        return
    st.dataframe(feeds_table(rows), hide_index=True, width="stretch")
