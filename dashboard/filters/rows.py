"""The filters applied to the flat event table (vectorised, fast at 100,000 rows); counts."""

from __future__ import annotations

import string
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from dashboard.filters.record import CONFIDENT, REJECTED, Filters
from gazetteer.text.normalize import normalise

__all__ = ["apply", "describe", "undated"]

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
    mask = _in_range(frame, filters) & _passes(frame, filters)
    if mask.all():  # every row: a shallow copy shares the columns (copy-on-write), no take
        return frame.copy(deep=False)
    return frame.loc[mask]


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


def _distinct_ids(column: pd.Series) -> int:
    """Count the distinct non-empty ids of a column of '|'-joined ids (missing values skipped).

    Arrow's split and hash count, without a Python string per id (100,000 events: 25 ms).
    """
    if not pd.api.types.is_string_dtype(column.dtype) or column.dtype == object:
        column = column.dropna().astype(str).astype("string[pyarrow]")
    values = pa.array(column)
    parts = pc.list_flatten(pc.split_pattern(values, "|"))
    return int(pc.count_distinct(pc.filter(parts, pc.not_equal(parts, ""))).as_py())


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
        n_articles = _distinct_ids(frame_filtered["articles"])
    return (
        f"{_plural(n_events, 'event')} ({_plural(n_reports, 'report')} "
        f"from {_plural(n_articles, 'article')})"
    )
