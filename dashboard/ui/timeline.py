"""The timeline under the map: events per day or per week, stacked by weapon, brushable.

:func:`choose_freq` picks days or weeks from the length of the date range, :func:`timeline_data`
counts the filtered events per period and main weapon (vectorised, fast at 100,000 events) and
:func:`timeline_chart` turns the counts into an Altair bar chart coloured like the map
(:data:`dashboard.map.build.WEAPON_STYLE`), with dated axis labels (the year included), whole
counts and an interval selection on time named :data:`BRUSH`; :func:`brush_range` reads what
a drag selected (``st.altair_chart(..., on_select="rerun")``) as a date range. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from dashboard.map.build import WEAPON_STYLE

__all__ = [
    "AXIS_FORMATS",
    "BRUSH",
    "DAILY_MAX_DAYS",
    "FREQS",
    "TIMELINE_COLUMNS",
    "brush_range",
    "choose_freq",
    "days_in_range",
    "timeline_chart",
    "timeline_data",
]

#: Period codes -> words.
FREQS: dict[str, str] = {"D": "day", "W": "week"}

#: Longest range, in days, drawn day by day; longer ranges are drawn week by week.
DAILY_MAX_DAYS = 120

#: Columns of :func:`timeline_data`.
TIMELINE_COLUMNS: tuple[str, ...] = ("period", "period_end", "weapon", "label", "events")

#: Name of the chart's interval selection (the brush) on the time axis.
BRUSH = "brush"

#: Period code -> d3 time format of the axis labels (the year is always shown).
AXIS_FORMATS: dict[str, str] = {"D": "%d %b %Y", "W": "%b %Y"}

_STEP = {"D": pd.Timedelta(days=1), "W": pd.Timedelta(days=7)}


def choose_freq(first: date, last: date) -> str:
    """Choose days or weeks for a date range.

    Parameters
    ----------
    first, last : date
        Inclusive range.

    Returns
    -------
    str
        ``"D"`` for ranges of at most :data:`DAILY_MAX_DAYS` days, else ``"W"``.

    Raises
    ------
    ValueError
        When the range starts after it ends (:func:`days_in_range`).
    """
    return "D" if days_in_range(first, last) <= DAILY_MAX_DAYS else "W"


def days_in_range(first: date, last: date) -> int:
    """Count the days of an inclusive date range, refusing one that starts after it ends."""
    if first > last:
        raise ValueError(f"date range starts {first} after it ends {last}")
    return (last - first).days + 1


def _check_freq(freq: str) -> None:
    if freq not in FREQS:
        raise ValueError(f"unknown period {freq!r}; expected one of {', '.join(FREQS)}")


def timeline_data(frame: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Count events per period and main weapon.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table (``date_start``, ``date_end``, ``weapon_main``).
    freq : str
        ``"D"`` (days) or ``"W"`` (weeks starting on Monday).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TIMELINE_COLUMNS`: first day of the period, the day after it ends, weapon
        key, its legend label and the number of events; one row per period and weapon that has
        events, sorted by period then in the map's weapon order. An event counts once, on its
        first possible day (its last one when the first is unknown); undated events are left
        out. Weapons unknown to the map count as ``unknown``.

    Raises
    ------
    ValueError
        For an unknown ``freq`` or a frame without the columns.
    """
    _check_freq(freq)
    missing = [c for c in ("date_start", "date_end", "weapon_main") if c not in frame.columns]
    if missing:
        raise ValueError(f"event table lacks column(s) {', '.join(missing)} for the timeline")
    day = pd.to_datetime(frame["date_start"]).fillna(pd.to_datetime(frame["date_end"]))
    day = day.dt.normalize()
    weapon = frame["weapon_main"].fillna("unknown").astype(str)
    weapon = weapon.where(weapon.isin(list(WEAPON_STYLE)), "unknown")
    work = pd.DataFrame({"day": day.to_numpy(), "weapon": weapon.to_numpy()}).dropna()
    if freq == "W":
        work["day"] = work["day"] - pd.to_timedelta(work["day"].dt.day_of_week, unit="D")
    order = {key: i for i, key in enumerate(WEAPON_STYLE)}
    counts = work.groupby(["day", "weapon"]).size().reset_index(name="events")
    counts["rank"] = counts["weapon"].map(order)
    counts = counts.sort_values(["day", "rank"], kind="stable").reset_index(drop=True)
    return pd.DataFrame({
        "period": counts["day"].astype("datetime64[ns]"),
        "period_end": (counts["day"] + _STEP[freq]).astype("datetime64[ns]"),
        "weapon": counts["weapon"].astype(str),
        "label": counts["weapon"].map({k: s.label for k, s in WEAPON_STYLE.items()}),
        "events": counts["events"].astype("int64"),
    }, columns=list(TIMELINE_COLUMNS))


def timeline_chart(data: pd.DataFrame, freq: str, height: int = 200) -> alt.Chart:
    """Draw the counts as bars stacked by weapon, one bar per period.

    Parameters
    ----------
    data : pandas.DataFrame
        The output of :func:`timeline_data`.
    freq : str
        The period it was counted by (names the axis).
    height : int
        Chart height in pixels.

    Returns
    -------
    altair.Chart
        Bars from each period's first day to the next period, stacked in the map's weapon
        order, coloured with every weapon of :data:`WEAPON_STYLE` in the scale (so a colour
        never changes meaning), with a tooltip.

    Raises
    ------
    ValueError
        For an unknown ``freq`` or data without the columns of :func:`timeline_data`.
    """
    _check_freq(freq)
    missing = [c for c in TIMELINE_COLUMNS if c not in data.columns]
    if missing:
        raise ValueError(f"timeline data lacks column(s) {', '.join(missing)}")
    labels = [s.label for s in WEAPON_STYLE.values()]
    colours = [s.color for s in WEAPON_STYLE.values()]
    rank = {label: i for i, label in enumerate(labels)}
    table = data.assign(order=data["label"].map(rank))
    what = FREQS[freq]
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    return (
        alt.Chart(table, height=height)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=f"Events per {what}",
                    axis=alt.Axis(format=AXIS_FORMATS[freq], labelOverlap=True)),
            x2="period_end:T",
            y=alt.Y("sum(events):Q", title="Events", stack="zero",
                    axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "label:N",
                title="Weapon",
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="right"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("period:T", title=f"{what.capitalize()} from", format="%Y-%m-%d"),
                alt.Tooltip("label:N", title="Weapon"),
                alt.Tooltip("events:Q", title="Events", format="d"),
            ],
        )
        .add_params(brush)
    )


def _day(value: Any) -> date | None:
    """A brush end as a day: epoch milliseconds (Vega-Lite's temporal values) or ISO text."""
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            stamp = pd.Timestamp(value, unit="ms")
        else:
            stamp = pd.Timestamp(str(value))
    except (TypeError, ValueError):
        return None
    if pd.isna(stamp):
        return None
    return stamp.date()


def brush_range(selection: Mapping[str, Any] | None) -> tuple[date, date] | None:
    """Read a drag on the timeline as an inclusive date range.

    Parameters
    ----------
    selection : mapping or None
        The chart's selection state (``event.selection`` of ``st.altair_chart``):
        ``{"brush": {"period": [start, end]}}``, the ends in epoch milliseconds or ISO text.

    Returns
    -------
    tuple of date or None
        (first day, last day), in order; None when nothing usable is selected (a click
        without a drag gives an empty selection).
    """
    if not selection:
        return None
    brush = selection.get(BRUSH) or {}
    ends = brush.get("period") if isinstance(brush, Mapping) else None
    if not isinstance(ends, list | tuple) or len(ends) != 2:
        return None
    first, last = _day(ends[0]), _day(ends[1])
    if first is None or last is None:
        return None
    return min(first, last), max(first, last)
