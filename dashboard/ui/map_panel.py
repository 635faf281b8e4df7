"""The map panel: the filtered events on the map, its layers and view in the URL, focus on one.

In the fast mode (default), the cached base map (borders, Tanf zone, Euphrates, labels,
legend) is drawn once and the filtered data layers are handed to ``st_folium`` as
``feature_group_to_add``: a filter change swaps the layers without reloading the map. Moving
the map stores its centre and zoom (:class:`dashboard.ui.view.MapView`, mirrored in the URL);
clicking an event selects it; a selected event (``?event=ID``, a table row, a click) is zoomed
to and its popup opened (:func:`view_script`). Only the user's moves and clicks are reported
back by the map (a report reruns the whole script; :class:`dashboard.map.elements.Decor`), so
a first page load runs the script once. ``ATLAS_MAP_MODE=naive`` (the UI benchmark's
baseline) draws every event as a folium ``CircleMarker`` with a plain ``st_folium`` call.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import folium
import pandas as pd
import streamlit as st
import streamlit_folium as sf
from branca.element import MacroElement
from folium.map import FitBounds
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
from dashboard.ui import data, map_frame
from dashboard.ui.context import Context
from dashboard.ui.state import ASSET_BASE_URL, CTX, FOCUS, MAP_KEY, URL_VIEW, select_event
from dashboard.ui.view import DATA_LAYERS, MAP_VIEW_STATE, MapView

__all__ = [
    "draw_layer_picker",
    "draw_map",
    "event_id_from_popup",
    "fit_to_events",
    "layer_labels",
    "view_script",
]

#: Two views of one zoom level whose centres are this many screen pixels apart or less are the
#: same view (Leaflet rounds a centre to whole pixels).
_SAME_VIEW_PX = 3

_POPUP_EVENT = re.compile(r"\bevent\s+(\S+)\s*$")
_EXPECTED = "atlas.map_expected"
_HANDLED_POPUP = "atlas.map_popup"
_LAYER_KEY = "map-layers"
#: What the map reports back (a report reruns the script).
RETURNED = ("last_object_clicked_popup", "center", "zoom")

_LOG = logging.getLogger(__name__)


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


def view_script(
    group_var: str,
    token: str,
    view: tuple[tuple[float, float], int] | None = None,
    focus: tuple[float, float] | None = None,
    tolerance_m: float = 30.0,
) -> str:
    """JavaScript that sets the map's view and/or zooms to one event and opens its popup.

    ``st_folium`` applies ``center``/``zoom`` only from the second render on, so the view a
    link asks for and the event it selects are applied by this script, run inside a data layer.

    Parameters
    ----------
    group_var : str
        The JavaScript name of the folium layer (feature group) the script sits in.
    token : str
        Runs once per token and map frame (the layer's script is evaluated again whenever the
        layer changes; a filter change must not move the map back).
    view : tuple, optional
        ``((lat, lon), zoom)`` to show.
    focus : tuple of float, optional
        The selected event's point: the nearest marker of the layer (within ``tolerance_m``
        metres) is shown with Leaflet.markercluster's ``zoomToShowLayer`` and clicked, which
        opens the same popup a click opens.
    tolerance_m : float
        How close the marker must be to ``focus``.

    Returns
    -------
    str
        A self-contained script that waits (up to 10 s) until the layer is on the map (and,
        for a focus, holds the marker).
    """
    payload = json.dumps({
        "token": token,
        "view": None if view is None else [[round(view[0][0], 6), round(view[0][1], 6)],
                                           int(view[1])],
        "focus": None if focus is None else [round(float(focus[0]), 6),
                                             round(float(focus[1]), 6)],
        "tolerance": tolerance_m,
    })
    return f"""
(function () {{
  var req = {payload}, tries = 0;
  function nearest(group, target) {{
    var best = null, dist = Infinity, owner = null;
    group.eachLayer(function (layer) {{
      if (!(L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup)) return;
      layer.getLayers().forEach(function (m) {{
        var d = m.getLatLng().distanceTo(target);
        if (d < dist) {{ dist = d; best = m; owner = layer; }}
      }});
    }});
    return dist <= req.tolerance ? [best, owner] : null;
  }}
  function run() {{
    var group = {group_var}, map = group && group._map;
    if (window.__atlasView === req.token) return;
    var found = map && req.focus ? nearest(group, L.latLng(req.focus)) : null;
    if (!map || (req.focus && !found)) {{ if (tries++ < 100) setTimeout(run, 100); return; }}
    window.__atlasView = req.token;
    if (req.view) map.setView(req.view[0], req.view[1]);
    if (found) {{
      var marker = found[0], owner = found[1], popup = owner.getPopup && owner.getPopup();
      if (popup && map.hasLayer(popup) && popup._source === marker) return;  // already open
      // the zoom and the popup are the app's doing: not reported back (Decor's atlasFocus)
      map.atlasFocus = true;
      owner.zoomToShowLayer(marker, function () {{
        marker.fire('click', {{latlng: marker.getLatLng()}}, true);
        // streamlit-folium reports 250 ms after the last move or click
        setTimeout(function () {{ map.atlasFocus = false; }}, 1000);
      }});
    }}
  }}
  setTimeout(run, 50);
}})();
"""


class _ViewScript(MacroElement):
    """A script inside a data layer that applies a view or a focus once (:func:`view_script`)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.code(this._parent.get_name()) }}
{% endmacro %}
""")

    def __init__(self, token: str, view: tuple[tuple[float, float], int] | None,
                 focus: tuple[float, float] | None) -> None:
        super().__init__()
        self._name = "AtlasView"
        self.token, self.view, self.focus = token, view, focus

    def code(self, group_var: str) -> str:
        return view_script(group_var, self.token, self.view, self.focus)


class _JumpFirst(MacroElement):
    """Moves the map to the view the app asks for before the new data layers are drawn.

    ``st_folium`` adds the new layers first and then sets the view: the markers were grouped
    at the old zoom and grouped again at the new one. This script, the first of the first
    data layer, jumps (Decor's ``setView``: not animated) when ``st_folium`` is about to set a
    new view (the same comparison as its own), so the layers are drawn once, at the new zoom;
    ``st_folium``'s ``setView`` then finds the map there. Not on the first render (the map
    has no view from the app yet): ``st_folium`` sets that one.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = window.map, known = window.__GLOBAL_DATA__, req = {{ this.request }};
  if (!map || !known || known.last_zoom === null) return;
  if ((req.zoom && req.zoom !== known.last_zoom) ||
      JSON.stringify(req.center) !== JSON.stringify(known.last_center)) {
    map.setView(req.center, req.zoom);
  }
})();
{% endmacro %}
""")

    def __init__(self, centre: tuple[float, float], zoom: int) -> None:
        super().__init__()
        self._name = "AtlasJumpFirst"
        self.request = json.dumps({"center": [float(centre[0]), float(centre[1])],
                                   "zoom": int(zoom)})


class _AfterMarkers(MacroElement):
    """A script run by the frame once it drew the data layers (the last layer holds it)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.code }}
{% endmacro %}
""")

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "AtlasAfterMarkers"
        self.code = code


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
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    chosen = left.pills("Map layers", list(names), selection_mode="multi", key=_LAYER_KEY,
                        format_func=lambda k: names.get(k, k), on_change=_on_layers)
    if _view().center is not None:
        right.button("Fit the map to the events", key="fit-map", on_click=fit_to_events,
                     type="tertiary")
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
        if not any(_same(moved, int(zoom), view) for view in st.session_state.get(_EXPECTED, [])):
            st.session_state[MAP_VIEW_STATE] = replace(_view(), center=moved, zoom=int(zoom))


def _same(centre: tuple[float, float], zoom: int, view: tuple[Any, int]) -> bool:
    (lat, lon), level = view
    tolerance = _SAME_VIEW_PX * 360.0 / (256 * 2 ** zoom)  # degrees of longitude per pixel
    return level == zoom and abs(lat - centre[0]) <= tolerance and abs(lon - centre[1]) <= tolerance


def fit_to_events() -> None:
    """Button callback: forget the user's map view, so that the map fits the filtered events."""
    st.session_state[MAP_VIEW_STATE] = replace(_view(), center=None, zoom=None)
    st.session_state.pop(URL_VIEW, None)


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
    filtered: pd.DataFrame, height: int
) -> tuple[tuple[float, float], int]:
    """Centre and zoom to pass: the user's (or the link's) view, else a fit to the events."""
    view = _view()
    if view.center is not None and view.zoom is not None:
        return view.center, view.zoom
    return fit_view(filtered, height_px=height)


def _script_for(ctx: Context, filtered: pd.DataFrame) -> _ViewScript | None:
    """The view a link asked for and the selected event to focus, as one script (or None)."""
    url_view = st.session_state.get(URL_VIEW)
    focus = _selected_point(ctx, filtered)
    if url_view is None and focus is None:
        return None
    token = json.dumps([url_view, ctx.filters.selected if focus else "",
                        st.session_state.get(FOCUS, 0)])
    return _ViewScript(token, url_view, focus)


def _base_copy(base: folium.Map, start: tuple[tuple[float, float], int]) -> folium.Map:
    """A copy of the cached base map that opens at ``start`` (no fit, no layer control)."""
    m = copy.deepcopy(base)  # st_folium adds the layers and the control to the map it gets
    for name, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl | FitBounds):
            del m._children[name]  # the control passed to st_folium lists every layer
    m.location = [start[0][0], start[0][1]]
    m.options["zoom"] = start[1]
    return m


def draw_map(ctx: Context, filtered: pd.DataFrame, layers: Iterable[str], height: int,
             after_markers: str | None = None) -> bool:
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
    after_markers : str, optional
        JavaScript for the frame to run after it drew the data layers (the timeline's
        trigger, :func:`dashboard.ui.timeline_panel.trigger_script`).

    Returns
    -------
    bool
        True when the fast frame draws data layers that carry ``after_markers``; False when
        the script will not run (no script, no data layer, naive mode, a map error, the
        plain ``st_folium`` fallback).
    """
    if ctx.settings.map_mode == "naive":
        _draw_naive_map(filtered, height)
        return False
    base_options = _map_options(ctx, height, include_data=False)
    shown = frozenset(layers) & set(DATA_LAYERS)
    data_options = replace(base_options, layers=(base_options.layers - set(DATA_LAYERS)) | shown)
    keys = tuple(k for k in DATA_LAYERS if k in shown)
    try:
        base = data.base_map(ctx.db, ctx.version, repr(base_options), base_options)
        groups = _data_groups(ctx, filtered, data_options, keys)
    except MapError as exc:
        st.error(str(exc))
        return False
    script = _script_for(ctx, filtered)
    if script is not None and groups:
        script.add_to(groups[keys.index("events")] if "events" in keys else groups[0])
    start = fit_view(ctx.frame, height_px=height)  # the base map's own view, per data version
    centre, zoom = _view_of(filtered, height)
    if groups:
        groups[0].add_child(_JumpFirst(centre, zoom), index=0)
    st.session_state[_EXPECTED] = [start, (centre, zoom)]
    if not map_frame.AVAILABLE:  # a streamlit-folium without the helpers map_frame calls
        _warn_slow_frame()
        st_folium(_base_copy(base, start), key=MAP_KEY, height=height, use_container_width=True,
                  feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=True),
                  returned_objects=RETURNED, center=centre, zoom=zoom, on_change=_on_map_change,
                  render=False)  # fmt: skip
        return False
    attached = bool(after_markers and groups and len(filtered))
    if attached:
        groups[-1].add_child(_AfterMarkers(str(after_markers)))
    # what the st_folium call above sends, with the base map rendered once per data version
    map_frame.draw(
        _prepared(ctx.db, ctx.version, repr(base_options), start, base),
        key=MAP_KEY,
        height=height,
        groups=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=RETURNED,
        center=centre,
        zoom=zoom,
        on_change=_on_map_change,
    )
    return attached


@st.cache_resource(show_spinner=False)
def _warn_slow_frame() -> None:
    """Log once per process that the map is drawn by plain ``st_folium`` (slower)."""
    missing = [n for n in map_frame.PRIVATE_NAMES if not callable(getattr(sf, n, None))]
    _LOG.warning(
        "streamlit-folium %s lacks %s: the map is drawn by st_folium on every run (slower);"
        " install the version named in pyproject.toml for the faster map frame",
        getattr(sf, "__version__", "?"), ", ".join(missing),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _prepared(db: str, version: str, options_key: str,
              start: tuple[tuple[float, float], int], _base: folium.Map) -> map_frame.PreparedMap:
    """The base map as st_folium sends it, once per data version, options and start view."""
    del db, version, options_key  # the cache key of _base
    return map_frame.prepare(_base_copy(_base, start))


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
