"""The map panel: the filtered events on the map, its layers and view in the URL, focus on one.

In the fast mode (default), the cached base map (borders, Tanf zone, Euphrates, labels,
legend) is drawn once and the filtered data layers are handed to ``st_folium`` as
``feature_group_to_add``: a filter change swaps the layers without reloading the map. Moving
the map stores its centre and zoom (:class:`dashboard.ui.view.MapView`, mirrored in the URL);
clicking an event selects it; a selected event (``?event=ID``, a table row, a click) is zoomed
to and its popup opened (:func:`focus_script`). ``ATLAS_MAP_MODE=naive`` (the UI benchmark's
baseline) draws every event as a folium ``CircleMarker`` with a plain ``st_folium`` call.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import folium
import pandas as pd
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

from dashboard.map.assets import use_local_assets
from dashboard.map.build import (
    LAYERS,
    WEAPON_STYLE,
    MapError,
    MapOptions,
    data_layer_payloads,
    data_layers_from_payloads,
    fit_view,
)
from dashboard.map.popups import row_popup_html
from dashboard.ui import data
from dashboard.ui.context import Context
from dashboard.ui.state import ASSET_BASE_URL, CTX, MAP_KEY, select_event
from dashboard.ui.view import DATA_LAYERS, MAP_VIEW_STATE, MapView

__all__ = [
    "FOCUS_ZOOM",
    "draw_layer_picker",
    "draw_map",
    "event_id_from_popup",
    "focus_script",
    "layer_labels",
]

#: Zoom level a selected event is shown at (at least).
FOCUS_ZOOM = 11

_POPUP_EVENT = re.compile(r"\bevent\s+(\S+)\s*$")
_PASSED = "atlas.map_passed"
_HANDLED_POPUP = "atlas.map_popup"
_LAYER_KEY = "map-layers"


def event_id_from_popup(text: str | None, known: Iterable[str]) -> str | None:
    """Find the event a clicked map popup stands for.

    Parameters
    ----------
    text : str or None
        The popup's text as ``st_folium`` returns it (``last_object_clicked_popup``); event
        popups end with ``event <id>``.
    known : iterable of str
        Valid event ids.

    Returns
    -------
    str or None
        The id after the last ``event`` word when it is known; else the only known id the text
        holds (a popup grouping one event); else None (no popup, or several events).
    """
    if not text:
        return None
    ids = set(known)
    match = _POPUP_EVENT.search(text.strip())
    if match and match.group(1) in ids:
        return match.group(1)
    found = list(dict.fromkeys(t for t in text.split() if t in ids))
    return found[0] if len(found) == 1 else None


def focus_script(lat: float, lon: float, group_var: str, tolerance_m: float = 30.0) -> str:
    """JavaScript that zooms to the marker at (lat, lon) in a layer group and opens its popup.

    Parameters
    ----------
    lat, lon : float
        The selected event's point.
    group_var : str
        The JavaScript name of the folium layer (feature group) that holds the event markers.
    tolerance_m : float
        The marker must lie this close to the point (metres); else nothing happens.

    Returns
    -------
    str
        A self-contained script: it waits (up to 10 s) until the group is on the map and holds
        markers, then calls Leaflet.markercluster's ``zoomToShowLayer`` on the nearest marker
        and fires its click, which opens the same popup a click opens.
    """
    point = json.dumps([round(float(lat), 6), round(float(lon), 6)])
    return f"""
(function () {{
  var target = L.latLng({point}), tries = 0;
  function nearest(group) {{
    var best = null, dist = Infinity, owner = null;
    group.eachLayer(function (layer) {{
      if (!(L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup)) return;
      layer.getLayers().forEach(function (m) {{
        var d = m.getLatLng().distanceTo(target);
        if (d < dist) {{ dist = d; best = m; owner = layer; }}
      }});
    }});
    return dist <= {tolerance_m:g} ? [best, owner] : null;
  }}
  function run() {{
    var group = {group_var};
    var found = group && group._map ? nearest(group) : null;
    if (!found) {{ if (tries++ < 100) setTimeout(run, 100); return; }}
    var marker = found[0];
    found[1].zoomToShowLayer(marker, function () {{
      marker.fire('click', {{latlng: marker.getLatLng()}}, true);
    }});
  }}
  setTimeout(run, 50);
}})();
"""


class _Focus(MacroElement):
    """A script inside a data layer that focuses one event (:func:`focus_script`)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.code(this._parent.get_name()) }}
{% endmacro %}
""")

    def __init__(self, lat: float, lon: float) -> None:
        super().__init__()
        self._name = "AtlasFocus"
        self.lat, self.lon = lat, lon

    def code(self, group_var: str) -> str:
        return focus_script(self.lat, self.lon, group_var)


def layer_labels() -> dict[str, str]:
    """Return data layer key -> the name the map's layer control shows."""
    return {key: LAYERS[key] for key in DATA_LAYERS}


def _view() -> MapView:
    view = st.session_state.get(MAP_VIEW_STATE)
    return view if isinstance(view, MapView) else MapView()


def _on_layers() -> None:
    chosen = st.session_state.get(_LAYER_KEY) or []
    st.session_state[MAP_VIEW_STATE] = replace(
        _view(), layers=tuple(k for k in DATA_LAYERS if k in chosen))


def draw_layer_picker() -> list[str]:
    """Draw the data-layer pills (their choice is part of the URL); return the layers chosen."""
    names = layer_labels()
    st.session_state[_LAYER_KEY] = st.session_state.get(_LAYER_KEY, list(_view().layers))
    chosen = st.pills("Map layers", list(names), selection_mode="multi", key=_LAYER_KEY,
                      format_func=lambda k: names.get(k, k), on_change=_on_layers)
    layers = [k for k in DATA_LAYERS if k in (chosen or [])]
    if tuple(layers) != _view().layers:
        st.session_state[MAP_VIEW_STATE] = replace(_view(), layers=tuple(layers))
    return layers


def _on_map_change() -> None:
    value = st.session_state.get(MAP_KEY) or {}
    if not isinstance(value, dict):
        return
    popup = value.get("last_object_clicked_popup")
    if popup and popup != st.session_state.get(_HANDLED_POPUP):
        st.session_state[_HANDLED_POPUP] = popup
        ctx = st.session_state.get(CTX)
        known = ctx.frame["id"].astype(str) if ctx is not None else []
        event_id = event_id_from_popup(popup, known)
        if event_id:
            select_event(event_id)
    centre, zoom = value.get("center"), value.get("zoom")
    if isinstance(centre, dict) and isinstance(zoom, int | float):
        moved = (round(float(centre["lat"]), 5), round(float(centre["lng"]), 5))
        if (moved, int(zoom)) != st.session_state.get(_PASSED):
            st.session_state[MAP_VIEW_STATE] = replace(_view(), center=moved, zoom=int(zoom))


def _map_options(ctx: Context, height: int, **changes: Any) -> MapOptions:
    return MapOptions.from_settings(ctx.settings, asset_base_url=ASSET_BASE_URL, height=height,
                                    **changes)


def _selected_point(ctx: Context, filtered: pd.DataFrame) -> tuple[float, float] | None:
    """The point of the selected event when the map shows it, else None."""
    if not ctx.filters.selected or not len(filtered):
        return None
    rows = filtered[filtered["id"].astype(str) == ctx.filters.selected]
    if not len(rows) or pd.isna(rows["lat"].iloc[0]) or pd.isna(rows["lon"].iloc[0]):
        return None
    return float(rows["lat"].iloc[0]), float(rows["lon"].iloc[0])


def _data_groups(
    ctx: Context, filtered: pd.DataFrame, options: MapOptions, keys: tuple[str, ...]
) -> list[folium.FeatureGroup]:
    if filtered is ctx.filtered:
        payloads = data.layer_payloads(ctx.db, ctx.version, data.filter_key(ctx.filters), keys,
                                       options.cluster_threshold, options.size_by)
    else:
        payloads = data_layer_payloads(data.with_popups(ctx.db, ctx.version, filtered),
                                       options, keys)
    return data_layers_from_payloads(payloads, options)


def _view_of(
    ctx: Context, filtered: pd.DataFrame, height: int, focus: tuple[float, float] | None
) -> tuple[tuple[float, float], int]:
    """Centre and zoom to pass: the selected event, else the user's view, else a fit."""
    view = _view()
    if focus is not None:
        zoom = max(FOCUS_ZOOM, view.zoom or 0)
        return (round(focus[0], 5), round(focus[1], 5)), zoom
    if view.center is not None and view.zoom is not None:
        return view.center, view.zoom
    return fit_view(filtered, height_px=height)


def draw_map(ctx: Context, filtered: pd.DataFrame, layers: Iterable[str], height: int) -> None:
    """Draw the incident map of the filtered events.

    The data layers are computed once per data version, filters and layer choice and shared
    by every session (:func:`dashboard.ui.data.layer_payloads`); each run only rebuilds the
    small folium objects around the cached JSON.

    Parameters
    ----------
    ctx : Context
        This run's context.
    filtered : pandas.DataFrame
        The events to draw: normally ``ctx.filtered`` (then the cached layers are used); any
        other table is drawn without the cache.
    layers : iterable of str
        Data layers to show (:data:`dashboard.ui.view.DATA_LAYERS`).
    height : int
        Map height in pixels.
    """
    if ctx.settings.map_mode == "naive":
        _draw_naive_map(filtered, height)
        return
    base_options = _map_options(ctx, height, include_data=False)
    shown = frozenset(layers) & set(DATA_LAYERS)
    data_options = replace(base_options, layers=(base_options.layers - set(DATA_LAYERS)) | shown)
    keys = tuple(k for k in DATA_LAYERS if k in shown)
    try:
        base = data.base_map(ctx.db, ctx.version, repr(base_options), base_options)
        groups = _data_groups(ctx, filtered, data_options, keys)
    except MapError as exc:
        st.error(str(exc))
        return
    focus = _selected_point(ctx, filtered)
    if focus is not None and "events" in keys:
        _Focus(*focus).add_to(groups[keys.index("events")])
    centre, zoom = _view_of(ctx, filtered, height, focus)
    st.session_state[_PASSED] = (centre, zoom)
    m = copy.deepcopy(base)  # st_folium adds the layers and the control to the map it gets
    for name in [n for n, child in m._children.items() if isinstance(child, folium.LayerControl)]:
        del m._children[name]  # the control passed below lists the base and the data layers
    st_folium(
        m,
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_object_clicked_popup", "center", "zoom"],
        center=centre,
        zoom=zoom,
        on_change=_on_map_change,
    )


def _draw_naive_map(filtered: pd.DataFrame, height: int) -> None:
    m = folium.Map(location=[35.3, 40.1], zoom_start=7, tiles=None)
    colours = {k: s.color for k, s in WEAPON_STYLE.items()}
    placed = filtered[filtered["lat"].notna() & filtered["lon"].notna()]
    for record in placed.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        colour = colours.get(str(row.get("weapon_main")), colours["unknown"])
        folium.CircleMarker(
            location=[float(row["lat"]), float(row["lon"])],
            radius=7,
            color="#ffffff",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.9,
            popup=folium.Popup(row_popup_html(row), max_width=380),
        ).add_to(m)
    use_local_assets(m, ASSET_BASE_URL)
    st_folium(m, key=MAP_KEY, height=height, use_container_width=True)
