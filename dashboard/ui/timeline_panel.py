"""The timeline panel: the chart of :mod:`dashboard.ui.timeline`, and a drag on it sets the dates.

``st.altair_chart(..., on_select="rerun")`` returns the chart's interval selection; the
callback turns it into a date range (:func:`dashboard.ui.timeline.brush_range`) and sets the
sidebar's date widgets (:func:`dashboard.ui.sidebar.set_dates`), so the map, the table, the
counts and the URL follow on the rerun.

Drawn after the map (:func:`draw_timeline_part`): the timeline's Vega chart is the largest
piece of work of the page in the browser, and it shares the browser's one main thread and
Streamlit's React batch with the map's frame. When the map is drawn with data layers by the
fast frame, a filter change draws a same-height placeholder and a hidden trigger button; the
map's frame presses the button once its markers are drawn (:func:`trigger_script`), and a
fragment run draws the chart. A drag on the chart then starts a full run
(``st.rerun()``), so that the map, the counts, the table and the URL follow the new dates.
Without the fast map (no data layer, no events, naive mode, a map error) or without a
browser (``AppTest``), the chart is drawn at once in the full run, as before. The rest of the
page under the chart (the table, the selected event, the downloads) is drawn in the same
fragment and waits with it (``below`` of :func:`draw_timeline_part`); a table row, "Clear
selection" or a saved review in that fragment reruns the whole page
(:func:`dashboard.ui.state.request_full_run`).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import filters as flt
from dashboard.ui.sidebar import set_dates
from dashboard.ui.state import FULL_RUN, K_BRIEFING, K_DATES, SIDEBAR_TRIGGER, TIMELINE_TRIGGER
from dashboard.ui.timeline import brush_range, choose_freq, timeline_chart, timeline_data

__all__ = [
    "PLACEHOLDER_PX",
    "TIMELINE_KEY",
    "TRIGGER_KEY",
    "draw_timeline",
    "draw_timeline_part",
    "first_map",
    "has_browser",
    "timeline_token",
    "trigger_script",
    "wait_for_markers",
]

#: Widget key of the timeline chart.
TIMELINE_KEY = "atlas-timeline"

#: Widget key of the hidden button the map's frame presses (hidden by ``state.PAGE_CSS``).
TRIGGER_KEY = TIMELINE_TRIGGER

#: Height of the placeholder drawn while the chart waits for the map: the chart and its
#: caption and the gap between them (222 + 16 px in chromium at 1920 px), so the page does
#: not jump.
PLACEHOLDER_PX = 238

#: The chart's token (data version and filters) last drawn in this session.
_SHOWN = "atlas.timeline_shown"
#: The token a full run left for the map's frame to trigger (cleared by the fragment run).
_PENDING = "atlas.timeline_pending"
#: Set by a drag on the chart; the fragment run it starts then reruns the whole app.
_BRUSHED = "atlas.timeline_brushed"
#: Set by a full run whose chart waits for the map's frame to press the trigger: how long the
#: rest of the run (the sidebar) may wait for the press, in seconds (:func:`wait_for_markers`).
_HOLD_S = "atlas.timeline_hold_s"
#: Set once the map's frame has pressed one of its triggers in this session (it works).
_PRESSED = "atlas.timeline_frame_pressed"
#: Set once a full run has held the sidebar for a frame that has not pressed yet.
_FIRST_HOLD = "atlas.timeline_first_hold"
#: Longest wait of :func:`wait_for_markers` for a frame that has pressed before in this
#: session (a filter change: the frame only swaps its data layers), in seconds.
MARKERS_WAIT_S = 0.6
#: Longest wait for a session's first map: the frame is created, loads Leaflet and draws the
#: base map and every marker (0.6-1.2 s after the run at 10,000 to 100,000 events on a busy
#: two-core machine); a frame that never presses costs the sidebar this once per session.
FIRST_MARKERS_WAIT_S = 3.0

#: Charts already built, by (id of the counts table, period): a view's counts are one cached
#: table shared by every run (dashboard.ui.data.view), and building its Altair chart took
#: about 10 ms of each run. The entry keeps its table alive, so an id is never reused.
_CHARTS: OrderedDict[tuple[int, str], tuple[pd.DataFrame, Any]] = OrderedDict()
_CHARTS_LOCK = threading.Lock()
_CHARTS_MAX = 16


def _chart(counts: pd.DataFrame, freq: str) -> Any:
    key = (id(counts), freq)
    with _CHARTS_LOCK:
        found = _CHARTS.get(key)
        if found is not None and found[0] is counts:
            _CHARTS.move_to_end(key)
            return found[1]
    chart = timeline_chart(counts, freq)
    with _CHARTS_LOCK:
        _CHARTS[key] = (counts, chart)
        while len(_CHARTS) > _CHARTS_MAX:
            _CHARTS.popitem(last=False)
    return chart


def _on_brush() -> None:
    state = st.session_state.get(TIMELINE_KEY)
    selection = state.get("selection") if state is not None else None
    chosen = brush_range(selection)
    if chosen is not None:
        set_dates(*chosen)
        st.session_state[_BRUSHED] = True


def draw_timeline(
    filtered: pd.DataFrame, filters: flt.Filters, counts: pd.DataFrame | None = None
) -> None:
    """Draw events per day or week; dragging across it narrows the date filter to the drag.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The events shown.
    filters : Filters
        The filters in force (their date range picks days or weeks).
    counts : pandas.DataFrame, optional
        ``timeline_data(filtered, choose_freq(...))`` when the caller has it (cached).
    """
    freq = choose_freq(filters.date_from, filters.date_to)
    if counts is None:
        counts = timeline_data(filtered, freq)
    if not len(counts):
        st.caption("No dated events to chart.")
        return
    st.altair_chart(_chart(counts, freq), width="stretch", key=TIMELINE_KEY,
                    on_select=_on_brush, selection_mode=["brush"])
    st.caption("Drag across the timeline to show only those dates.")


def timeline_token(version: str, filters: flt.Filters) -> str:
    """A short token of what the chart shows: the data version and the filters (a cache key).

    Parameters
    ----------
    version : str
        The store's data version.
    filters : Filters
        The filters in force, without what does not change the rows
        (:func:`dashboard.ui.data.filter_key`).
    """
    return hashlib.sha1(repr((version, filters)).encode("utf-8")).hexdigest()[:16]


def has_browser() -> bool:
    """True when a browser runs the page (it reports its context; ``AppTest`` does not)."""
    return st.context.timezone is not None or st.context.locale is not None


def first_map() -> bool:
    """True until the map's frame has pressed one of its triggers in this session.

    The map then carries ``trigger_script(token, first=True)`` and the timeline's fragment
    draws the hidden sidebar trigger (:func:`draw_timeline_part`).
    """
    return not st.session_state.get(_PRESSED, False)


def trigger_script(token: str, first: bool = False) -> str:
    """JavaScript for the map's frame: press the timeline's trigger once the markers are drawn.

    Put in the map's last data layer, it runs when the frame draws new layers. Its ``token``
    (:func:`timeline_token`) makes the layers of two filter choices differ even when they hold
    the same events, so the frame draws (and presses) again. It waits for a paint, then looks
    for the trigger in the page (the page may not have drawn it yet) every 50 ms for up to
    5 s, and presses it once; an older run of the script stops when a newer one starts. When
    the page draws the chart at once there is no trigger and the script gives up.

    On a session's first map (``first``) it presses the hidden sidebar trigger first (the
    full run, holding the sidebar back until the markers are drawn, then sends it:
    :func:`wait_for_markers`), waits until the sidebar's first and last widgets are in the
    page (up to 5 s) and a paint, and only then presses the timeline's trigger: the sidebar's
    first rendering and the chart's, table's and downloads' do not share one React batch.

    Parameters
    ----------
    token : str
        The filters' token.
    first : bool
        The session's first map (:func:`first_map`).

    Returns
    -------
    str
    """
    timeline = json.dumps(f".st-key-{TRIGGER_KEY} button")
    sidebar = json.dumps(f".st-key-{SIDEBAR_TRIGGER} button")
    ready = json.dumps([f".st-key-{K_DATES}", f".st-key-{K_BRIEFING}"])
    first_steps = f"""  later(function () {{
    when(function (doc) {{ return doc.querySelector({sidebar}); }}, function (doc) {{
      if (doc) doc.querySelector({sidebar}).click();
      when(function (d) {{
        return {ready}.every(function (s) {{ return d.querySelector(s); }});
      }}, function () {{ later(pressTimeline); }});
    }});
  }});"""
    return f"""
(function () {{
  var token = {json.dumps(token)};
  var gen = window.__atlasTimelineGen = (window.__atlasTimelineGen || 0) + 1;
  function page() {{
    if (window.__atlasTimelineGen !== gen) return null;  // a newer layer set took over
    try {{ return window.parent.document; }} catch (e) {{ return null; }}
  }}
  function later(next) {{ requestAnimationFrame(function () {{ setTimeout(next, 0); }}); }}
  // call found(doc) once test(doc) holds, trying every 50 ms; after 100 tries call found(null)
  function when(test, found) {{
    var tries = 0;
    (function look() {{
      var doc = page();
      if (!doc) return;
      if (test(doc)) {{ found(doc); return; }}
      if (tries++ < 100) {{ setTimeout(look, 50); }} else {{ found(null); }}
    }})();
  }}
  function pressTimeline() {{
    when(function (doc) {{ return doc.querySelector({timeline}); }}, function (doc) {{
      if (!doc) return;
      window.__atlasTimelineToken = token;
      doc.querySelector({timeline}).click();
    }});
  }}
{first_steps if first else "  later(pressTimeline);"}
}})();
"""


def draw_timeline_part(
    filtered: pd.DataFrame,
    filters: flt.Filters,
    counts: pd.DataFrame | None,
    token: str,
    deferred: bool,
    below: Callable[[bool], None] | None = None,
) -> None:
    """Draw the timeline in the full run, or its placeholder for the map's frame to trigger.

    Call it in the full run, after the map. The chart waits for the map when ``deferred``
    (the map's frame carries :func:`trigger_script` for ``token``), a browser runs the page,
    the chart of ``token`` is not drawn yet and the last wait was answered (a full run that
    finds a wait left unanswered draws the chart at once: the fallback when the frame never
    pressed a trigger; a frame that has pressed before answers new filters' layers, so only
    an unanswered wait for the same ``token`` counts then). The rest of the run (the
    sidebar) waits for the frame's press (:func:`wait_for_markers`): at most
    :data:`MARKERS_WAIT_S` for a frame that has pressed before, else
    :data:`FIRST_MARKERS_WAIT_S`, once per session.

    Parameters
    ----------
    filtered, filters, counts
        As for :func:`draw_timeline`.
    token : str
        :func:`timeline_token` of the data version and filters.
    deferred : bool
        True when the map's frame was given :func:`trigger_script` for ``token``.
    below : callable, optional
        Draws what the page shows under the chart, in the same fragment: called with True
        while the chart waits for the map (it then draws its costly parts, such as the table
        and the downloads, as placeholders: the page's main thread is shared with the map's
        frame), else with False. It is called in every run of the fragment, so that its
        widgets keep their state; a widget callback in it that the whole page must follow
        calls :func:`dashboard.ui.state.request_full_run`.
    """
    st.session_state.pop(_BRUSHED, None)  # a drag's dates are in force in this full run
    st.session_state.pop(FULL_RUN, None)  # so is a selection or a review
    pending = st.session_state.pop(_PENDING, None)
    pressed = bool(st.session_state.get(_PRESSED, False))
    # a frame that has pressed before answers the new layers' trigger; the same token's layers
    # are not drawn again, so a press still missing for them may never come
    unanswered = pending is not None and (not pressed or pending == token)
    wait = (deferred and not unanswered and st.session_state.get(_SHOWN) != token
            and has_browser())
    if wait:
        st.session_state[_PENDING] = token
        if pressed:
            st.session_state[_HOLD_S] = MARKERS_WAIT_S
        elif not st.session_state.get(_FIRST_HOLD):  # once: a frame that never presses
            st.session_state[_FIRST_HOLD] = True
            st.session_state[_HOLD_S] = FIRST_MARKERS_WAIT_S
    _timeline_fragment(filtered, filters, counts, token, wait, below)


def wait_for_markers(hold: bool, cap: float | None = None) -> float:
    """Hold the rest of a full run until the map's frame has drawn the markers.

    The browser renders, on its one main thread, the map's element and then the frame draws
    the markers; the sidebar's widgets, sent after the map, were rendered first and held the
    frame back: after a filter change they were rendered in the same React batch and held the
    frame's render message (about 0.1 s at 10,000 events, as much again after the frame); on
    a session's first load their first rendering (about 0.45 s of the main thread: fifteen
    widgets, their code loaded on demand) came before the map's frame was even inserted.
    When this run's chart waits for the frame's press (:func:`draw_timeline_part`), the run
    waits until a new run is requested of this session: the frame's press (a fragment run,
    which waits for this run to end) or a new action of the reader, at most
    :data:`MARKERS_WAIT_S` when the frame has pressed before in this session, else
    :data:`FIRST_MARKERS_WAIT_S`. The sidebar, drawn next, then reaches the browser after
    the markers.

    Reads the private ``_state`` of Streamlit's script requests; without it, does not wait.

    Parameters
    ----------
    hold : bool
        False when the run will draw nothing more (it stopped, or it is being rerun): only
        clears this run's mark.
    cap : float, optional
        Longest wait, in seconds, instead of the one the run's chart set.

    Returns
    -------
    float
        Seconds waited.
    """
    chosen = st.session_state.pop(_HOLD_S, None)
    if chosen is None or not hold:
        return 0.0
    cap = float(chosen) if cap is None else cap
    requests = getattr(get_script_run_ctx(), "script_requests", None)
    if getattr(getattr(requests, "_state", None), "value", None) is None:
        return 0.0
    began = time.monotonic()
    while time.monotonic() - began < cap:
        if getattr(requests, "_state", None).value != "CONTINUE":  # type: ignore[union-attr]
            break
        time.sleep(0.005)
    return time.monotonic() - began


def _pressed(pressed: bool) -> bool:
    """Note that the map's frame pressed a trigger (it works); return ``pressed``."""
    if pressed:
        st.session_state[_PRESSED] = True
    return pressed


@st.fragment
def _timeline_fragment(
    filtered: pd.DataFrame,
    filters: flt.Filters,
    counts: pd.DataFrame | None,
    token: str,
    wait: bool,
    below: Callable[[bool], None] | None,
) -> None:
    """The timeline and ``below``, or while they wait for the map their placeholders."""
    if st.session_state.pop(_BRUSHED, False) or st.session_state.pop(FULL_RUN, False):
        st.rerun()  # a drag, a selection or a review in a fragment run: the whole page follows
    waiting = wait and st.session_state.get(_SHOWN) != token
    if waiting and not _pressed(st.button("Draw the timeline", key=TRIGGER_KEY)):
        if first_map():  # the frame presses it first, to have the sidebar sent
            _pressed(st.button("Draw the sidebar", key=SIDEBAR_TRIGGER))
        st.container(height=PLACEHOLDER_PX, border=False)
        if below is not None:
            below(True)
        return
    st.session_state[_SHOWN] = token
    st.session_state.pop(_PENDING, None)
    draw_timeline(filtered, filters, counts)
    if below is not None:
        below(False)
