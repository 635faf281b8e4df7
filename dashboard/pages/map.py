"""The map page: counts, map, timeline, table, the selected event with its review, downloads.

In briefing mode (sidebar toggle or ``briefing=1`` in the URL) the page is one still picture
for a 1920x1080 screenshot: title, date range, legend, counts, sources, time stamp and a tall
map, with the sidebar and the toolbar hidden.
"""

from __future__ import annotations

import streamlit as st

from dashboard.exports import (
    to_csv_bytes,
    to_geojson_bytes,
    to_gpkg_bytes,
    to_html_bytes,
    to_kml_bytes,
    to_png_bytes,
)
from dashboard.filters import describe
from dashboard.map.build import MapOptions, build_map
from dashboard.ui import panels as _ui
from dashboard.ui.briefing import draw_briefing
from dashboard.ui.timeline import choose_freq, timeline_chart, timeline_data

ctx = _ui.context()
filtered, flt = ctx.filtered, ctx.filters
st.markdown(_ui.PAGE_CSS, unsafe_allow_html=True)

if flt.briefing:
    draw_briefing(ctx)
    st.stop()

st.markdown(describe(filtered))
if not len(ctx.frame):
    st.info("The store holds no events yet: add an article on the Add article page, or run"
            " atlas ingest.")
layer_names = _ui.layer_labels()
layers = st.pills("Map layers", list(layer_names), selection_mode="multi", default=["events"],
                  format_func=layer_names.get, key="map-layers")
_ui.draw_map(ctx, filtered, layers or [], height=600)

freq = choose_freq(flt.date_from, flt.date_to)
counts = timeline_data(filtered, freq)
if len(counts):
    st.altair_chart(timeline_chart(counts, freq), width="stretch")
else:
    st.caption("No dated events to chart.")

st.subheader("Events")
_ui.draw_table(filtered)

if flt.selected:
    _ui.show_event(ctx, flt.selected)
else:
    st.caption("Select an event on the map or in the table to see its reports.")

st.subheader("Download the events shown")
shown = filtered.copy()  # the downloads are built from this, on click
date_range = (flt.date_from, flt.date_to)
settings = ctx.settings
downloads = (
    ("CSV", "incident-atlas.csv", "text/csv", lambda: to_csv_bytes(shown)),
    ("GeoJSON", "incident-atlas.geojson", "application/geo+json",
     lambda: to_geojson_bytes(shown)),
    ("KML", "incident-atlas.kml", "application/vnd.google-earth.kml+xml",
     lambda: to_kml_bytes(shown)),
    ("GeoPackage", "incident-atlas.gpkg", "application/geopackage+sqlite3",
     lambda: to_gpkg_bytes(shown)),
    ("HTML map", "incident-atlas.html", "text/html",
     lambda: to_html_bytes(build_map(shown, MapOptions.from_settings(settings)))),
    ("PNG map", "incident-atlas.png", "image/png",
     lambda: to_png_bytes(shown, title="Incident Atlas", date_range=date_range)),
)
for column, (label, name, mime, make) in zip(st.columns(len(downloads)), downloads,
                                             strict=True):
    column.download_button(label, data=make, file_name=name, mime=mime, on_click="ignore",
                           key=f"download-{name}", width="stretch")
