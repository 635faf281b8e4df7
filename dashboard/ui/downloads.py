"""The download buttons under the table: the events shown, in every format, named by content.

:func:`download_name` is pure and tested: ``incident-atlas_2021-07-01_2021-07-31_al-omar.csv``
(date range, then the site and weapon filters when set). Files are built only when clicked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import filters as flt
from dashboard.exports import DATA_FORMATS, data_downloads, to_html_bytes, to_png_bytes
from dashboard.map.build import MapOptions, build_map
from dashboard.settings import Settings
from dashboard.store.interface import Store
from dashboard.ui.briefing import DEFAULT_CAVEAT
from dashboard.ui.data import get_gazetteer

__all__ = ["BUTTONS_PX", "MAX_NAMED", "download_name", "draw_downloads"]

#: Most sites or weapons named one by one in a file name; more are counted ("4-sites").
MAX_NAMED = 3

_UNSAFE = re.compile(r"[^a-z0-9]+")


def _slug(value: str) -> str:
    return _UNSAFE.sub("-", value.lower()).strip("-")


def _part(values: Sequence[str], noun: str) -> str:
    if not values:
        return ""
    if len(values) > MAX_NAMED:
        return f"{len(values)}-{noun}"
    return "+".join(s for s in (_slug(v) for v in values) if s)


def download_name(filters: flt.Filters, extension: str) -> str:
    """Name a download after what it holds.

    Parameters
    ----------
    filters : Filters
        The filters in force.
    extension : str
        The file type, without the dot (``csv``).

    Returns
    -------
    str
        ``incident-atlas_FROM_TO[_SITES][_WEAPONS].EXT``: dates ``YYYY-MM-DD``; up to
        :data:`MAX_NAMED` site keys or weapons joined with ``+`` (more are counted, e.g.
        ``4-sites``); only lower-case letters, digits, ``-`` and ``+`` in the filter parts.
    """
    parts = ["incident-atlas", filters.date_from.isoformat(), filters.date_to.isoformat(),
             _part(filters.sites, "sites"), _part(filters.weapons, "weapons")]
    return "_".join(p for p in parts if p) + f".{extension}"


#: Height in pixels of the row of download buttons (measured in chromium, Streamlit 1.67).
BUTTONS_PX = 40


def draw_downloads(
    shown: pd.DataFrame, filters: flt.Filters, settings: Settings, store: Store,
    placeholder: bool = False,
) -> None:
    """Draw one download button per format for the events shown (built on click).

    The data formats are those of ``atlas export`` (:data:`dashboard.exports.DATA_FORMATS`:
    CSV, GeoJSON, KML, GeoPackage, GeoParquet, ACLED-style CSV), written by the same code from
    the store, so they carry the Arabic evidence, the reports and the article URLs; then the
    HTML and PNG maps.

    Parameters
    ----------
    shown : pandas.DataFrame
        The events shown (copied: the files are built later, on click).
    filters : Filters
        The filters in force (for the file names and the PNG's date range).
    settings : Settings
        Map settings of the HTML export.
    store : Store
        The store the events come from (their reports, quotes and articles).
    placeholder : bool
        Draw an empty space of the buttons' height instead (while the page waits for the map
        to be drawn: :func:`dashboard.ui.timeline_panel.draw_timeline_part`).
    """
    if placeholder:
        st.container(height=BUTTONS_PX, border=False)
        return
    events = shown.copy()
    date_range = (filters.date_from, filters.date_to)
    # the PNG is the briefing picture: the title and caveat the briefing was given, if any
    title = st.session_state.get("atlas-briefing-title", "Incident Atlas")
    caveat = st.session_state.get("atlas-briefing-caveat", DEFAULT_CAVEAT)
    extensions = {"acled": "acled.csv"}
    downloads = [
        (label, extensions.get(key, key), mime, make)
        for key, (label, _, mime, make) in zip(
            DATA_FORMATS, data_downloads(events, store, get_gazetteer().sites), strict=True
        )
    ]
    downloads += [
        ("HTML map", "html", "text/html",
         lambda: to_html_bytes(build_map(events, MapOptions.from_settings(settings)))),
        ("PNG map", "png", "image/png",
         lambda: to_png_bytes(events, title=title, date_range=date_range, filters=filters,
                              caveat=caveat, width_px=1920, height_px=1080)),
    ]  # fmt: skip
    for column, (label, ext, mime, make) in zip(st.columns(len(downloads)), downloads,
                                                strict=True):
        column.download_button(label, data=make, file_name=download_name(filters, ext),
                               mime=mime, on_click="ignore", key=f"download-{ext}",
                               width="stretch")
