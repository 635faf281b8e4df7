"""Briefing mode: the dashboard as one still picture for a 1920x1080 screenshot.

A compact header (title, the date range once, every active filter, a caveat line, counts,
sources, time stamp), the map filling the rest of the frame (every event its own numbered
symbol, each site labelled once with its count: :mod:`dashboard.map.still`) and, for up to
:data:`dashboard.map.still.NUMBERED_MAX` events, a side list of the incidents numbered as on
the map. Everything but :func:`draw_briefing` is pure (no Streamlit).
"""

from __future__ import annotations

import copy
import dataclasses
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from dashboard.filters import Filters, describe
from dashboard.map.labels import LOW_CONFIDENCE
from dashboard.map.still import NUMBERED_MAX
from dashboard.map.styles import WEAPON_STYLE
from dashboard.ui.timeline import days_in_range

__all__ = [
    "BRIEFING_CSS",
    "BRIEFING_MAP_HEIGHT",
    "DEFAULT_CAVEAT",
    "Briefing",
    "LegendItem",
    "SideLayout",
    "build_briefing",
    "date_range_text",
    "draw_briefing",
    "filters_line",
    "generated_line",
    "legend_html",
    "legend_items",
    "side_layout",
    "side_list_html",
    "sources_line",
]

#: Map height in briefing mode: what is left of a 1080-pixel screen under the compact header.
BRIEFING_MAP_HEIGHT = 905

#: Outlets named on the sources line before the rest are counted.
MAX_SOURCES = 8

#: Outlets named on the briefing header's sources line (one line at 1920 pixels).
BRIEFING_SOURCES = 3

#: The caveat line under the briefing title, unless the URL gives another (``caveat=``).
DEFAULT_CAVEAT = "Unverified open-source reporting; figures are the lowest reported"

#: Hides Streamlit's sidebar, its toggle, the header and the toolbar, and tightens the margins.
BRIEFING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="collapsedControl"], [data-testid="stToolbar"], [data-testid="stHeader"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], header {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0.8rem 1.5rem 0 1.5rem;
 max-width: 100%;}
.atlas-briefing-legend span.sw {display: inline-block; width: 0.8em; height: 0.8em;
 border-radius: 50%; margin: 0 0.3em 0 0.9em; vertical-align: baseline;}
[data-testid="stMain"] h1 {font-size: 1.7rem; padding: 0 0 0.5rem 0; line-height: 1.25;}
[data-testid="stMain"] [data-testid="stVerticalBlock"] {gap: 0.1rem;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p {font-size: 0.95rem; line-height: 1.4;}
.atlas-caveat {font-style: italic; color: #6b4e00;}
.atlas-side {font: 12px/1.2 sans-serif; max-height: 905px; overflow-y: auto;}
.atlas-side ol {padding-left: 2em; margin: 0;}
.atlas-side li {margin-bottom: 0.15em;}
.atlas-side li div {white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
.atlas-side.wrap {line-height: 1.25;}
.atlas-side.wrap li {margin-bottom: 0.25em;}
.atlas-side.wrap li div {white-space: normal; text-overflow: clip; display: -webkit-box;
 -webkit-box-orient: vertical; -webkit-line-clamp: 2;}
.atlas-side .where {font-weight: bold;}
.atlas-side .src {color: #555; font-style: italic;}
.atlas-side .low {color: #8a5a00;}
</style>"""

_DASH = "\u2013"  # en dash between the ends of a range

#: Height the side list may fill beside the briefing map, in pixels: from its top under the
#: header to the bottom of a 1080-pixel screen, less a margin.
SIDE_LIST_HEIGHT = 880

#: The side list's largest and smallest type, in pixels: below the smallest a screenshot is hard
#: to read, so a long list goes to one line per fact line first.
SIDE_LIST_FONT = (12.0, 11.0)

#: Lines of type one row may take (two lines of at most two each, then the row's gap), with
#: whole lines (``wrap``, line height 1.25) or one line each (line height 1.2), in ems.
_ROW_EMS = {True: 4 * 1.25 + 0.25, False: 2 * 1.2 + 0.15}


@dataclass(frozen=True)
class SideLayout:
    """How the side list sets its rows so that every one is on the screen.

    Attributes
    ----------
    wrap : bool
        Each of a row's two lines may wrap onto a second line (nothing cut but what passes
        two lines); otherwise each is one line, cut with an ellipsis.
    font_px : float
        Type size, in pixels.
    """

    wrap: bool
    font_px: float


def side_layout(rows: int, height: int = SIDE_LIST_HEIGHT) -> SideLayout:
    """Choose whole or one-line rows, and the type size, for ``rows`` rows in ``height`` px.

    Whole rows (up to four lines each) when they fit at :data:`SIDE_LIST_FONT`'s smallest size
    or larger; else one line per fact line, at the largest size that fits (never above the
    largest). The list then never scrolls: a row out of sight is an event missing from the
    screenshot.

    Parameters
    ----------
    rows : int
        Rows of the list (at most :data:`dashboard.map.still.NUMBERED_MAX`).
    height : int
        Pixels the list may fill.

    Returns
    -------
    SideLayout
        The layout; sizes are rounded down to a tenth of a pixel.
    """
    largest, smallest = SIDE_LIST_FONT
    for wrap in (True, False):
        size = min(largest, height / (max(rows, 1) * _ROW_EMS[wrap]))
        if size >= smallest or not wrap:
            return SideLayout(wrap, int(size * 10) / 10)
    raise AssertionError("unreachable")  # the one-line layout always returns


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
        As :func:`dashboard.ui.timeline.days_in_range`.
    """
    if days_in_range(first, last) == 1:
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


_FILTER_WORDS: dict[str, str] = {
    "sites": "Sites",
    "weapons": "Weapons",
    "actors": "Actors",
    "outlets": "Outlets",
    "min_casualties": "At least this many killed + injured",
    "text": "Text",
}
_FILTER_FLAGS: dict[str, str] = {
    "new_only": "new incidents only (no back-references)",
    "show_rejected": "including events an analyst rejected",
}
#: Fields that are not filters of the rows shown (or are stated elsewhere).
_NOT_FILTERS = frozenset({"date_from", "date_to", "briefing", "selected"})


def filters_line(filters: Filters, site_names: dict[str, str] | None = None) -> str:
    """State every active filter but the dates, in words.

    Parameters
    ----------
    filters : dashboard.filters.Filters
        The filters in force; fields at their default are not filters.
    site_names : dict, optional
        Site key -> English name, to name sites as the map does.

    Returns
    -------
    str
        ``"All events in the range"`` or e.g. ``"Sites: al-Omar oil field; Weapons: rocket;
        new incidents only (no back-references)"``. A filter field this module does not know
        is stated as ``name: value``.
    """
    names = site_names or {}
    parts: list[str] = []
    for spec in dataclasses.fields(filters):
        if spec.name in _NOT_FILTERS:
            continue
        value = getattr(filters, spec.name)
        default = (spec.default if spec.default is not dataclasses.MISSING
                   else None)
        if value == default or value in ((), "", None):
            continue
        if spec.name in _FILTER_FLAGS:
            parts.append(_FILTER_FLAGS[spec.name])
            continue
        if isinstance(value, tuple):
            shown = [names.get(str(v), str(v)) if spec.name == "sites"
                     else str(v).replace("_", " ") for v in value]
            value = ", ".join(shown)
        label = _FILTER_WORDS.get(spec.name, spec.name.replace("_", " "))
        parts.append(f"{label}: \u201c{value}\u201d" if spec.name == "text"
                     else f"{label}: {value}")
    return "; ".join(parts) if parts else "All events in the range"


def _short(text: str) -> str:
    """A casualty figure for the side list: ``?`` not stated, ``0`` none reported."""
    return {"not stated": "?", "none reported": "0"}.get(text, text)


def side_list_html(frame: pd.DataFrame, limit: int = NUMBERED_MAX) -> str:
    """List the incidents shown, numbered as on the map (earliest first).

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.
    limit : int
        Above this many events there is no list (the map is not numbered either).

    Returns
    -------
    str
        Escaped HTML ``<div class="atlas-side"><ol>...`` with, per event: date, place, weapon,
        count, killed/injured and outlets, set as :func:`side_layout` chooses for the number of
        rows; the empty string above ``limit`` or with no event.
    """
    from dashboard.exports.png_layout import side_rows  # the PNG draws the same rows

    items = []
    for row in side_rows(frame, limit, LOW_CONFIDENCE):
        low = ""
        if row.low_confidence is not None:
            low = f' <span class="low">(low confidence {row.low_confidence:.2f})</span>'
        items.append(
            f'<li value="{row.number}"><div>{html.escape(row.when)} '
            f'<span class="where">{html.escape(row.place)}'
            f"</span>{low}</div><div>{html.escape(row.facts)}; "
            f'<span class="src">{html.escape(row.outlets)}</span></div></li>'
        )
    if not items:
        return ""
    layout = side_layout(len(items))
    kind = "atlas-side wrap" if layout.wrap else "atlas-side"
    return (
        f'<div class="{kind}" style="font-size:{layout.font_px:g}px">'
        f'<ol>{"".join(items)}</ol></div>'
    )


def _site_names(frame: pd.DataFrame) -> dict[str, str]:
    if not {"site", "site_name"} <= set(frame.columns):
        return {}
    pairs = frame[["site", "site_name"]].dropna().drop_duplicates("site")
    return dict(zip(pairs["site"].astype(str), pairs["site_name"].astype(str), strict=True))


def draw_briefing(ctx: Any, height: int = BRIEFING_MAP_HEIGHT) -> None:
    """Draw the briefing page: compact header, the still map and the numbered side list.

    Parameters
    ----------
    ctx : dashboard.ui.context.Context
        This run's context (filters, filtered rows, settings).
    height : int
        Map height in pixels.

    Notes
    -----
    The "Title and caveat" popover sets the heading and the caveat line for the session
    (default "Incident Atlas" and :data:`DEFAULT_CAVEAT`).
    """
    import streamlit as st
    from streamlit_folium import st_folium

    from dashboard.map.build import MapError, MapOptions
    from dashboard.ui import data
    from dashboard.ui.sidebar import leave_briefing
    from dashboard.ui.state import ASSET_BASE_URL, plain

    for key, default in (("title", "Incident Atlas"), ("caveat", DEFAULT_CAVEAT)):
        st.session_state.setdefault(f"atlas-briefing-{key}", default)
    filtered, flt = ctx.filtered, ctx.filters
    st.markdown(BRIEFING_CSS, unsafe_allow_html=True)
    brief = build_briefing(filtered, flt.date_from, flt.date_to, datetime.now(UTC),
                           title=st.session_state["atlas-briefing-title"])
    left, right = st.columns([3, 2])
    left.title(brief.title)
    left.markdown(plain(brief.date_range))
    left.markdown(plain(filters_line(flt, _site_names(ctx.frame))))
    left.markdown('<div class="atlas-caveat">'
                  f'{html.escape(st.session_state["atlas-briefing-caveat"])}</div>',
                  unsafe_allow_html=True)
    right.markdown(brief.counts)
    right.markdown(plain(sources_line(filtered, BRIEFING_SOURCES)))
    right.markdown(brief.generated)
    buttons = right.columns([1, 1, 2])
    with buttons[0].popover("Title and caveat"):
        st.text_input("Title", key="atlas-briefing-title", max_chars=120)
        st.text_input("Caveat", key="atlas-briefing-caveat", max_chars=200)
    buttons[1].button("Leave briefing mode", key="leave-briefing",
                      on_click=leave_briefing, type="tertiary")
    side = side_list_html(filtered)
    where, beside = st.columns([4, 1]) if side else (st.container(), None)
    options = MapOptions.from_settings(ctx.settings, asset_base_url=ASSET_BASE_URL,
                                       height=height, briefing=True,
                                       title=st.session_state["atlas-briefing-title"])
    try:
        m = copy.deepcopy(data.briefing_map(ctx.db, ctx.version, data.filter_key(flt),
                                            repr(options), options))
    except MapError as exc:
        st.error(str(exc))
        return
    with where:
        st_folium(m, key="atlas-briefing-map", height=height, use_container_width=True,
                  returned_objects=[], render=False)  # (see dashboard.ui.map_panel.draw_map)
    if beside is not None:
        beside.markdown(side, unsafe_allow_html=True)
