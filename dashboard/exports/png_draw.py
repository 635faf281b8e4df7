"""The PNG export's page: the briefing picture laid out on one matplotlib figure.

:func:`draw_png` lays the figure out as the briefing page does (:mod:`dashboard.ui.briefing`):
a compact header (title, the date range once, the active filters, the caveat line, counts,
sources, time stamp), the map (:func:`dashboard.exports.png_map.draw_map`) and, up to
:data:`dashboard.map.still.NUMBERED_MAX` events, the numbered side list beside it
(:func:`dashboard.exports.png_layout.side_rows`), with a credits line at the foot.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from dashboard.exports.png_canvas import DPI, INK, MUTED, Canvas, Drawing, drawable
from dashboard.exports.png_layout import Box, side_rows
from dashboard.exports.png_map import BASEMAP_PATH, draw_map, glyphs
from dashboard.filters import Filters, describe
from dashboard.map.labels import LOW_CONFIDENCE
from dashboard.map.still import NUMBERED_MAX
from dashboard.ui.briefing import (
    DEFAULT_CAVEAT,
    date_range_text,
    filters_line,
    generated_line,
    sources_line,
)

__all__ = ["BASEMAP_PATH", "DPI", "Drawing", "draw_png", "drawable", "glyphs"]

CAVEAT_COLOR = "#6b4e00"  # as the briefing's caveat line
LOW_COLOR = "#8a5a00"  # as the briefing side list's low-confidence note


# --------------------------------------------------------------------------- header & footer


def _header(c: Canvas, frame: pd.DataFrame, title: str, first: date, last: date,
            filters_text: str, caveat: str, now: datetime) -> float:
    """Draw the header; return its height in pixels."""
    left, top = c.px(24), c.height - c.px(14)
    right_x = c.width * 0.58
    width_left = right_x - left - c.px(20)
    width_right = c.width - right_x - c.px(24)
    lines: list[tuple[str, float, dict[str, Any]]] = [
        (title, 28, {"weight": "bold", "color": INK}),
        (date_range_text(first, last), 16, {"color": "#222222"}),
        (filters_text, 15, {"color": "#222222"}),
    ]
    if caveat:
        lines.append((caveat, 15, {"style": "italic", "color": CAVEAT_COLOR}))
    y = top
    for text, size, kw in lines:
        artist = c.text(left, y, text, size, va="top", **kw)
        y = c.fit(artist, width_left).y0 - c.px(6)
    y_right = top - c.px(4)
    for text in (describe(frame), sources_line(frame, 3), generated_line(now)):
        artist = c.text(right_x, y_right, text, 14, va="top", color="#333333")
        y_right = c.fit(artist, width_right).y0 - c.px(6)
    return c.height - min(y, y_right) + c.px(4)


def _footer(c: Canvas, credits: list[str]) -> float:
    artist = c.text(c.px(24), c.px(8), " ".join(credits), 11, color="#666666", va="bottom")
    return c.fit(artist, c.width - c.px(48)).y1 + c.px(8)


# --------------------------------------------------------------------------- side list


def _side_list(c: Canvas, frame: pd.DataFrame, box: Box) -> None:
    """The numbered incidents beside the map, two lines each, cut to the column's width."""
    rows = side_rows(frame, NUMBERED_MAX, LOW_CONFIDENCE)
    width = box.x1 - box.x0
    step = min(c.px(17), (box.y1 - box.y0 - c.px(30)) / max(1, 2 * len(rows) + 0.5 * len(rows)))
    size = step / c.scale * 0.78
    head = c.text(box.x0, box.y1, "Incidents, numbered as on the map", size + 1, va="top",
                  weight="bold", color=INK)
    y = c.extent(head).y0 - step * 0.6
    indent = c.px(30)
    for row in rows:
        num = c.text(box.x0 + indent - c.px(6), y, f"{row.number}.", size, ha="right",
                     va="top", color=INK)
        del num
        first = c.text(box.x0 + indent, y, f"{row.when} ", size, va="top", color=INK)
        right = c.extent(first).x1
        place = c.text(right, y, row.place, size, va="top", weight="bold", color=INK)
        right = c.fit(place, box.x1 - right).x1
        notes = [] if row.mapped else ["(not on the map)"]
        if row.low_confidence is not None:
            notes.append(f"(low confidence {row.low_confidence:.2f})")
        if notes and box.x1 - right > c.px(40):
            note = c.text(right + c.px(4), y, " ".join(notes), size, va="top", color=LOW_COLOR)
            c.fit(note, box.x1 - right - c.px(4))
        y -= step
        facts = c.text(box.x0 + indent, y, f"{row.facts}; ", size, va="top", color="#222222")
        right = c.fit(facts, width - indent).x1
        if box.x1 - right > c.px(30):
            outlets = c.text(right, y, row.outlets, size, va="top", style="italic",
                             color=MUTED)
            c.fit(outlets, box.x1 - right)
        y -= step * 1.5


# --------------------------------------------------------------------------- the figure


def draw_png(
    frame: pd.DataFrame, *, title: str, date_range: tuple[date, date], width_px: int,
    height_px: int, filters: Filters | str | None = None, caveat: str | None = DEFAULT_CAVEAT,
    size_by: str = "count", now: datetime | None = None,
) -> Drawing:
    """Draw the briefing picture on a matplotlib figure (see ``to_png_bytes``).

    Returns
    -------
    Drawing
        The figure (not saved yet) and the artists and boxes the tests check.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    scale = min(max(min(width_px / 1920, height_px / 1080), 0.45), 2.0)
    c = Canvas(figure, canvas.get_renderer(), scale)
    if isinstance(filters, Filters):
        filters_text = filters_line(filters, _site_names(frame))
    else:
        filters_text = filters or "All events in the range"
    first, last = date_range
    moment = now or datetime.now(UTC)
    top = _header(c, frame, title, first, last, filters_text, caveat or "", moment)
    drawing = Drawing(figure)
    credits_at = [f"Generated on {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC by Incident Atlas."]
    bottom = c.px(30)
    side = 0 < len(frame) <= NUMBERED_MAX
    side_w = min(c.px(460), c.width * 0.3) if side else 0.0
    left, gap = c.px(24), c.px(18)
    map_box = Box(left, bottom, c.width - c.px(24) - (side_w + gap if side else 0),
                  c.height - top)
    drawing.map_box = map_box
    credits_at += draw_map(c, frame, map_box, size_by, drawing)
    if side:
        _side_list(c, frame, Box(map_box.x1 + gap, bottom, c.width - c.px(12), c.height - top))
    _footer(c, credits_at)
    return drawing


def _site_names(frame: pd.DataFrame) -> dict[str, str]:
    if not {"site", "site_name"} <= set(frame.columns):
        return {}
    pairs = frame[["site", "site_name"]].dropna().drop_duplicates("site")
    return dict(zip(pairs["site"].astype(str), pairs["site_name"].astype(str), strict=True))
