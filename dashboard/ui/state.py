"""What every part of the UI shares: session-state keys, the canonical filters, plain text.

The filters in force live in ``st.session_state`` under one key as a
:class:`dashboard.filters.Filters`; the sidebar, the map, the table and the URL read and change
them only through :func:`canonical` and :func:`set_canonical`. :func:`plain` escapes any text
(from an article, an outlet, an analyst or the URL) for ``st.markdown``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import streamlit as st

from dashboard import filters as flt
from dashboard.map.build import MAP_CSS

__all__ = [
    "ASSET_BASE_URL",
    "CTX",
    "FILTERS",
    "FOCUS",
    "FRESH",
    "FULL_RUN",
    "FULL_SPAN",
    "K_ACTORS",
    "K_BRIEFING",
    "K_CONFIDENT",
    "K_DATES",
    "K_MIN_CAS",
    "K_NEW",
    "K_OUTLETS",
    "K_PICK",
    "K_REJECTED",
    "K_SITES",
    "K_TEXT",
    "K_WEAPONS",
    "MAP_KEY",
    "PAGE_CSS",
    "SIDEBAR_TRIGGER",
    "TIMELINE_TRIGGER",
    "URL_VIEW",
    "canonical",
    "plain",
    "request_full_run",
    "select_event",
    "set_canonical",
]

#: Where Streamlit serves ``dashboard/static/vendor`` (``make assets``).
ASSET_BASE_URL = "/app/static/vendor"

#: Widget key of the hidden button the map's frame presses to have the timeline drawn.
TIMELINE_TRIGGER = "atlas-timeline-go"
#: Widget key of the hidden button the map's frame presses on a session's first map, once its
#: markers are drawn, to have the sidebar sent (before the timeline).
SIDEBAR_TRIGGER = "atlas-sidebar-go"

#: Styles of the HTML blocks the pages draw (popups, quotes, cards), injected once per page.
PAGE_CSS = (
    "<style>"
    + MAP_CSS
    + ".atlas-card{border:1px solid #ddd;border-radius:6px;padding:8px 10px;margin-bottom:8px;"
    "font:14px/1.4 sans-serif}"
    ".atlas-card mark.atlas-differs{background:#f6c1bb;padding:0 2px}"
    ".atlas-facts td,.atlas-facts th{padding:1px 6px 1px 0;border:none}"
    ".atlas-facts{border:none;margin:4px 0}"
    # the timeline's trigger, pressed by the map's frame: not shown, not focusable, not read
    + f".st-key-{TIMELINE_TRIGGER},.st-key-{SIDEBAR_TRIGGER}{{display:none}}"
    ".atlas-text{direction:rtl;text-align:right;white-space:pre-wrap;font-size:15px;"
    "background:#faf7f0;padding:6px 10px;max-height:320px;overflow:auto}"
    "</style>"
)

# Session-state keys.
FILTERS = "atlas.filters"
CTX = "atlas.context"
FRESH = "atlas.context_fresh"
MAP_KEY = "atlas-map"
FULL_SPAN = "atlas.full_span"
#: How often an event was selected (each selection focuses the map on it again).
FOCUS = "atlas.focus_count"
#: The map view a link asked for, ``((lat, lon), zoom)``, applied once when the map opens.
URL_VIEW = "atlas.url_view"
#: Set by a widget callback whose change the whole page must follow (:func:`request_full_run`).
FULL_RUN = "atlas.full_run"

# Widget keys of the sidebar.
K_DATES = "f_dates"
K_PICK = "f_pick"
K_SITES = "f_sites"
K_WEAPONS = "f_weapons"
K_ACTORS = "f_actors"
K_OUTLETS = "f_outlets"
K_NEW = "f_new"
K_CONFIDENT = "f_confident"
K_MIN_CAS = "f_min_cas"
K_TEXT = "f_text"
K_REJECTED = "f_rejected"
K_BRIEFING = "f_briefing"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")
_SPACES = re.compile(r"\s+")


def plain(text: object) -> str:
    """Escape text for ``st.markdown`` and friends, so that it shows exactly as written.

    Parameters
    ----------
    text : object
        Any text (from the URL, an article, an analyst).

    Returns
    -------
    str
        Every Markdown, HTML-entity, LaTeX and directive character backslash-escaped, white
        space collapsed to single spaces (no line can start a heading or a list).
    """
    return _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())


def canonical() -> flt.Filters:
    """Return the filters in force (set by the context on the session's first run)."""
    filters: flt.Filters = st.session_state[FILTERS]
    return filters


def set_canonical(**changes: Any) -> None:
    """Change some of the filters in force (a widget callback may call it)."""
    st.session_state[FILTERS] = replace(canonical(), **changes)


def request_full_run() -> None:
    """Ask for a run of the whole page after this callback (usable as a widget callback).

    A widget drawn in a fragment (the part under the map, :mod:`dashboard.ui.timeline_panel`)
    reruns only its fragment; the fragment run then sees this request and reruns the page, so
    that the map, the counts and the URL follow. A full run clears the request.
    """
    st.session_state[FULL_RUN] = True


def select_event(event_id: str) -> None:
    """Select an event (or none, with ``""``); usable as a widget callback.

    The whole page follows (:func:`request_full_run`): the map zooms to the event.

    Parameters
    ----------
    event_id : str
        The event id.
    """
    set_canonical(selected=event_id)
    st.session_state[FOCUS] = st.session_state.get(FOCUS, 0) + 1
    request_full_run()
