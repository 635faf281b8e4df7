"""The map exports: a standalone HTML map and a static PNG map.

Both draw the filtered events as the dashboard does: the HTML as the folium map itself, the
PNG as the briefing map's picture (:mod:`dashboard.exports.png_draw`: the same symbols, colours
and glyphs from :data:`dashboard.map.styles.WEAPON_STYLE`, the same numbering and site labels
from :mod:`dashboard.map.labels`), drawn with matplotlib, offline.
"""

from __future__ import annotations

import importlib
import io
from datetime import date, datetime
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.exports.png_draw import BASEMAP_PATH
from dashboard.filters import Filters
from dashboard.map.options import SIZE_BY
from dashboard.ui.briefing import DEFAULT_CAVEAT

if TYPE_CHECKING:
    import folium

__all__ = ["BASEMAP_PATH", "to_html_bytes", "to_png_bytes"]


def _optional_module(name: str) -> ModuleType | None:
    """Import a module another part of the project may not have written yet.

    Only the module's own absence returns None; an error inside it propagates.
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


def to_html_bytes(m: folium.Map) -> bytes:
    """Export a folium map as one standalone HTML file that works offline.

    Parameters
    ----------
    m : folium.Map
        The map as the dashboard shows it.

    Returns
    -------
    bytes
        UTF-8 HTML. When :mod:`dashboard.map.assets` is present, the map's scripts and styles are
        first pointed at the vendored copies (``use_local_assets``, idempotent; it sets the
        links on ``m`` itself) and then embedded into the page (``inline_assets``), so the
        file needs no CDN. Without that module the page keeps the links the map was built
        with.

    Raises
    ------
    dashboard.map.assets.AssetsError
        When the vendored files are missing (run ``make assets``); the message says which.
    """
    assets = _optional_module("dashboard.map.assets")
    if assets is None:
        return m.get_root().render().encode("utf-8")
    assets.use_local_assets(m)
    html = m.get_root().render()
    return assets.inline_assets(html).encode("utf-8")


# --------------------------------------------------------------------------- PNG


def to_png_bytes(
    frame: pd.DataFrame,
    *,
    title: str,
    date_range: tuple[date, date],
    width_px: int = 1600,
    height_px: int = 900,
    filters: Filters | str | None = None,
    caveat: str | None = DEFAULT_CAVEAT,
    size_by: str = "count",
    now: datetime | None = None,
) -> bytes:
    """Draw the briefing map's picture as a PNG that needs no internet.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.
    title : str
        Heading, in English (the PNG carries English text only).
    date_range : tuple of date
        The filter's first and last day, stated once under the title.
    width_px, height_px : int, optional
        Image size in pixels; text and symbols are sized for 1920x1080 and scaled with it.
    filters : dashboard.filters.Filters or str, optional
        The active filters, stated in words under the date range
        (:func:`dashboard.ui.briefing.filters_line`); a string is printed as it is; None says
        "All events in the range".
    caveat : str or None, optional
        The italic line under the filters; default
        :data:`dashboard.ui.briefing.DEFAULT_CAVEAT`; None or "" leaves it out.
    size_by : {"count", "casualties"}, optional
        What a symbol's size tells, as on the map.
    now : datetime, optional
        Time stamp of the picture (timezone-aware); the current time by default.

    Returns
    -------
    bytes
        A PNG of exactly ``width_px`` x ``height_px``: the briefing header (title, date range,
        filters, caveat, counts, sources, time stamp); the map fitted to the events on the
        offline basemap (:data:`BASEMAP_PATH`) with the al-Tanf zone, the Euphrates, the
        Khabur and country and city names; every event its own symbol in its weapon's colour
        and glyph (:data:`dashboard.map.styles.WEAPON_STYLE`), sized by ``size_by``,
        numbered up to 30 events, hollow below confidence 0.5; one label per site with its
        count, placed without overlaps with leader lines; a legend of the weapons in view;
        a scale bar; and, up to 30 events, the numbered side list (date, place, weapon,
        count, killed/injured, outlets). See :mod:`dashboard.exports.png_draw`.

    Raises
    ------
    ValueError
        When the size is not positive or ``size_by`` is unknown.
    RuntimeError
        When matplotlib is not installed.
    """
    if width_px <= 0 or height_px <= 0:
        raise ValueError(f"PNG size must be positive, got {width_px} x {height_px} pixels")
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by={size_by!r}: choose from {list(SIZE_BY)}")
    try:
        import matplotlib  # noqa: F401
    except ModuleNotFoundError as error:
        raise RuntimeError("PNG export needs matplotlib: pip install matplotlib") from error
    from dashboard.exports.png_draw import DPI, draw_png

    drawing = draw_png(frame, title=title, date_range=date_range, width_px=width_px,
                       height_px=height_px, filters=filters, caveat=caveat, size_by=size_by,
                       now=now)
    buffer = io.BytesIO()
    drawing.figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()
