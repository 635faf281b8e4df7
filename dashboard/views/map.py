"""The map page: counts, map, timeline, table, the selected event with its review, downloads.

Everything under the map is drawn in the timeline's fragment (:func:`below_the_chart`): after
a filter change the table and the downloads wait with the chart until the map's frame has
drawn the markers (the browser's one main thread renders the page and the frame in turn).

In briefing mode (sidebar toggle or ``briefing=1`` in the URL) the page is one still picture
for a 1920x1080 screenshot: title, date range, legend, counts, sources, time stamp and a tall
map, with the sidebar and the toolbar hidden.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ui import data
from dashboard.ui.briefing import draw_briefing
from dashboard.ui.context import context
from dashboard.ui.counts import UNDATED_KEY, draw_counts
from dashboard.ui.downloads import draw_downloads
from dashboard.ui.map_panel import draw_layer_picker, draw_map
from dashboard.ui.review import show_event
from dashboard.ui.state import PAGE_CSS
from dashboard.ui.table import draw_table
from dashboard.ui.timeline_panel import (
    draw_timeline_part,
    first_map,
    timeline_token,
    trigger_script,
)

ctx = context()
filtered, flt = ctx.filtered, ctx.filters
st.markdown(PAGE_CSS, unsafe_allow_html=True)

if flt.briefing:
    draw_briefing(ctx)
    st.stop()

undated = draw_counts(ctx.frame, filtered, flt, ctx.view)
if not len(ctx.frame):
    st.info("The store holds no events yet: add an article on the Add article page, or run"
            " atlas ingest.")
layers = draw_layer_picker()
token = timeline_token(ctx.version, data.filter_key(flt))
deferred = draw_map(ctx, filtered, layers, height=600,
                    after_markers=trigger_script(token, first=first_map()))


def below_the_chart(waiting: bool) -> None:
    """The table, the selected event and the downloads (placeholders while ``waiting``).

    Drawn in the timeline's fragment (:func:`draw_timeline_part`): after a filter change the
    table and the downloads wait with the chart until the map's markers are drawn.
    """
    st.subheader("Events")
    draw_table(filtered, rows=data.event_table(ctx.db, ctx.version, data.filter_key(flt)),
               placeholder=waiting)
    if len(undated) and st.toggle(f"List the {len(undated):,} undated events",
                                  key=UNDATED_KEY):
        st.caption("Undated events cannot be placed in any date range; select one and correct"
                   " its date in the review form.")
        draw_table(undated, name="atlas-undated")

    if flt.selected:
        show_event(ctx, flt.selected, keep_message=waiting)
    else:
        st.caption("Select an event on the map or in the table to see its reports.")

    st.subheader("Download the events shown")
    draw_downloads(filtered, flt, ctx.settings, ctx.store, placeholder=waiting)


draw_timeline_part(filtered, flt, ctx.view.timeline, token, deferred, below_the_chart)
