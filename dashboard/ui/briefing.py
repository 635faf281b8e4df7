"""What the briefing header shows: title, date range, legend, counts, sources and time stamp.

Briefing mode is the dashboard laid out as one still picture for a 1920x1080 screenshot: no
sidebar, no toolbar, a tall map, and above it the lines this module writes. Everything here is
pure (no Streamlit): the page only draws :class:`Briefing`.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd

from dashboard.filters import describe
from dashboard.map.build import WEAPON_STYLE

__all__ = [
    "BRIEFING_CSS",
    "BRIEFING_MAP_HEIGHT",
    "Briefing",
    "LegendItem",
    "build_briefing",
    "date_range_text",
    "generated_line",
    "legend_html",
    "legend_items",
    "sources_line",
]

#: Map height in briefing mode: what is left of a 1080-pixel screen under the header lines.
BRIEFING_MAP_HEIGHT = 700

#: Outlets named on the sources line before the rest are counted.
MAX_SOURCES = 8

#: Hides Streamlit's sidebar, its toggle, the header and the toolbar, and tightens the margins.
BRIEFING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="collapsedControl"], [data-testid="stToolbar"], [data-testid="stHeader"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], header {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0.8rem 1.5rem 0 1.5rem;
 max-width: 100%;}
.atlas-briefing-legend span.sw {display: inline-block; width: 0.8em; height: 0.8em;
 border-radius: 50%; margin: 0 0.3em 0 0.9em; vertical-align: baseline;}
</style>"""

_DASH = "\u2013"  # en dash between the ends of a range


@dataclass(frozen=True)
class LegendItem:
    """One weapon category in the legend.

    Attributes
    ----------
    weapon : str
        Category key (``gazetteer.records.WEAPONS``).
    label : str
        Legend text.
    color : str
        ``#rrggbb``, as on the map.
    events : int
        Events shown whose main weapon is this one.
    """

    weapon: str
    label: str
    color: str
    events: int


@dataclass(frozen=True)
class Briefing:
    """The lines above the briefing map.

    Attributes
    ----------
    title : str
        Heading.
    date_range : str
        The filter's date range, in words.
    legend : tuple of LegendItem
        Weapons of the events shown, in the map's order.
    counts : str
        ``N events (M reports from K articles)``, as :func:`dashboard.filters.describe`.
    sources : str
        ``Sources: ...``.
    generated : str
        ``Generated on YYYY-MM-DD HH:MM UTC``.
    """

    title: str
    date_range: str
    legend: tuple[LegendItem, ...]
    counts: str
    sources: str
    generated: str


def date_range_text(first: date, last: date) -> str:
    """Write an inclusive date range for people.

    Parameters
    ----------
    first, last : date
        First and last day.

    Returns
    -------
    str
        ``"2023-10-20"`` for one day, else ``"2023-10-20 – 2024-01-10"`` (en dash).

    Raises
    ------
    ValueError
        When the range starts after it ends.
    """
    if first > last:
        raise ValueError(f"date range starts {first} after it ends {last}")
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} {_DASH} {last.isoformat()}"


def _outlets(frame: pd.DataFrame) -> Counter[str]:
    """Events per outlet (an outlet counts once per event)."""
    counts: Counter[str] = Counter()
    if "outlets" not in frame.columns or not len(frame):
        return counts
    for cell in frame["outlets"].dropna().astype(str):
        counts.update({o.strip() for o in cell.split("|") if o.strip()})
    return counts


def sources_line(frame: pd.DataFrame, limit: int = MAX_SOURCES) -> str:
    """Name the outlets behind the events shown, most events first.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table (its ``outlets`` column, '|'-joined).
    limit : int
        Outlets named; the others are counted.

    Returns
    -------
    str
        ``"Sources: A (3 events), B (1 event)"``, ``"... and 2 more outlets"`` past the limit,
        or ``"Sources: none"`` when no event names an outlet. Ties are in alphabetical order.

    Raises
    ------
    ValueError
        When ``limit`` is below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    counts = _outlets(frame)
    if not counts:
        return "Sources: none"
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
    named = [f"{name} ({n} {'event' if n == 1 else 'events'})" for name, n in ranked[:limit]]
    text = "Sources: " + ", ".join(named)
    rest = len(ranked) - limit
    if rest > 0:
        text += f" and {rest} more {'outlet' if rest == 1 else 'outlets'}"
    return text


def legend_items(frame: pd.DataFrame) -> tuple[LegendItem, ...]:
    """Count the events shown per main weapon, in the map's legend order.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table (its ``weapon_main`` column).

    Returns
    -------
    tuple of LegendItem
        Only the weapons that occur; a value unknown to the map counts as ``unknown``.
    """
    if "weapon_main" not in frame.columns or not len(frame):
        return ()
    main = frame["weapon_main"].fillna("unknown").astype(str)
    main = main.where(main.isin(list(WEAPON_STYLE)), "unknown")
    counts = main.value_counts()
    return tuple(
        LegendItem(key, style.label, style.color, int(counts[key]))
        for key, style in WEAPON_STYLE.items()
        if key in counts.index
    )


def legend_html(items: Iterable[LegendItem]) -> str:
    """Render the legend as one line of escaped HTML.

    Parameters
    ----------
    items : iterable of LegendItem
        The legend.

    Returns
    -------
    str
        A ``<div class="atlas-briefing-legend">`` with a coloured dot, the label and the count
        per item; every text is escaped and colours must be ``#rrggbb``.

    Raises
    ------
    ValueError
        When a colour is not ``#rrggbb``.
    """
    parts = []
    for item in items:
        color = item.color
        if len(color) != 7 or color[0] != "#" or not all(c in "0123456789abcdefABCDEF"
                                                         for c in color[1:]):
            raise ValueError(f"legend colour {color!r} of {item.weapon!r}: expected #rrggbb")
        parts.append(
            f'<span class="sw" style="background:{color}"></span>'
            f"{html.escape(item.label)} ({item.events:,})"
        )
    body = "".join(parts) or "No events"
    return f'<div class="atlas-briefing-legend">Weapon:{body}</div>'


def generated_line(now: datetime) -> str:
    """Say when the picture was made.

    Parameters
    ----------
    now : datetime
        A timezone-aware time; it is converted to UTC.

    Returns
    -------
    str
        ``"Generated on YYYY-MM-DD HH:MM UTC"``.

    Raises
    ------
    ValueError
        For a naive datetime (its time zone would be a guess).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("generated_line needs a timezone-aware datetime")
    return f"Generated on {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def build_briefing(
    frame: pd.DataFrame,
    first: date,
    last: date,
    now: datetime,
    title: str = "Incident Atlas",
) -> Briefing:
    """Collect everything the briefing header shows.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.
    first, last : date
        The filter's date range.
    now : datetime
        Timezone-aware time of the picture.
    title : str
        Heading.

    Returns
    -------
    Briefing
        The header lines.
    """
    return Briefing(
        title=title,
        date_range=date_range_text(first, last),
        legend=legend_items(frame),
        counts=describe(frame),
        sources=sources_line(frame),
        generated=generated_line(now),
    )
