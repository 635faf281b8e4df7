"""Build the incident map: a folium.Map from the flat event table, with no Streamlit import.

Speed: events are never turned into one Python folium object each. The points of a layer are
sent once, as one compact column-wise JSON object, and a few lines of JavaScript build the
markers in the browser (Leaflet.markercluster with ``chunkedLoading`` for events, circle markers
on one canvas renderer for reports and labels). Above ``MapOptions.cluster_threshold`` events,
events sharing a point (many events share a gazetteer site) become one marker with a count; if
there are still too many points, they are grouped on a coarser grid. Popups are pre-escaped HTML
strings bound lazily: one popup function on the layer, not one popup object per marker.

Safety: every text that reaches HTML is escaped (``dashboard.map.popups.esc``); every value embedded
in a script is serialised with ``dashboard.map.popups.script_json``, which cannot close the script.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen, HeatMap, MarkerCluster
from folium.template import Template

from dashboard.map.assets import (
    DEFAULT_BASE_URL,
    MISSING_FIX,
    missing_assets,
    use_local_assets,
)
from dashboard.map.popups import (
    esc,
    group_popup_html,
    popup_html,
    row_popup_html,
    script_json,
)
from dashboard.map.styles import WEAPON_STYLE, WeaponStyle
from gazetteer.places.loading import IMPORTED_PREFIX
from gazetteer.settings import Settings

__all__ = [
    "DATA_LAYER_KEYS",
    "LAYERS",
    "WEAPON_STYLE",
    "LayerPayload",
    "MapError",
    "MapOptions",
    "WeaponStyle",
    "build_data_layers",
    "build_event_layer",
    "build_map",
    "data_layer_payloads",
    "data_layers_from_payloads",
    "frame_with_popups",
    "popup_html",
]

log = logging.getLogger(__name__)

#: Layer keys -> names shown in the layer control.
LAYERS: dict[str, str] = {
    "events": "Events",
    "reports": "Reports",
    "heat": "Heat",
    "tanf_zone": "Tanf zone",
    "euphrates": "Euphrates",
    "site_labels": "Site labels",
}

#: What marker size can stand for -> legend wording.
SIZE_BY: dict[str, str] = {
    "count": "projectiles or drones reported",
    "casualties": "killed and injured reported",
}

#: ((south, west), (north, east)) of the default view over eastern Syria.
DEFAULT_BOUNDS: tuple[tuple[float, float], tuple[float, float]] = ((33.2, 37.8), (37.3, 42.4))

#: The offline basemap built by ``tools/make_basemap.py``.
BASEMAP_PATH = Path(__file__).resolve().parent.parent / "data" / "basemap.geojson"

#: Gazetteer kinds labelled in the "Site labels" layer (towns, villages and regions are not).
SITE_LABEL_KINDS: tuple[str, ...] = ("base", "airbase", "oil_field", "gas_field", "city")

#: Columns of ``dashboard.frames.EVENT_COLUMNS`` the map reads.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "id", "site_name", "lat", "lon", "date_start", "date_end", "date_precision", "time",
    "weapon", "weapon_main", "count", "count_max", "killed", "killed_max", "injured",
    "injured_max", "casualties", "outlets", "n_reports", "summary_en",
)


_WEAPON_INDEX = {name: i for i, name in enumerate(WEAPON_STYLE)}

#: Styles of the markers, popups, legend and labels, injected once per page by the layers.
MAP_CSS = """
.atlas-icon{background:none;border:none}
.atlas-marker{border-radius:50%;border:2px solid #fff;box-shadow:0 0 3px rgba(0,0,0,.65);
 color:#fff;text-align:center;position:relative;box-sizing:border-box}
.atlas-count{position:absolute;top:-7px;right:-9px;background:#222;color:#fff;border-radius:8px;
 padding:0 4px;font:bold 10px/14px sans-serif}
.atlas-popup{font:13px/1.35 sans-serif}
.atlas-summary{font-weight:bold;margin-bottom:4px}
.atlas-facts th{text-align:left;padding-right:8px;color:#555;font-weight:normal;vertical-align:top}
.atlas-report{border-top:1px solid #ddd;margin-top:5px;padding-top:4px}
.atlas-quote{direction:rtl;text-align:right;font-size:14px;background:#faf7f0;padding:3px 6px;
 margin-top:3px}
.atlas-quote mark{background:#ffd966;padding:0 1px}
.atlas-id{color:#888;font-size:11px}
.atlas-latest{margin:2px 0 0 16px;padding:0}
.atlas-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:4px;
 font:12px/1.45 sans-serif;box-shadow:0 0 4px rgba(0,0,0,.3)}
.atlas-box .sw{display:inline-block;width:16px;height:16px;border-radius:50%;color:#fff;
 text-align:center;font-size:9px;line-height:16px;margin-right:5px;vertical-align:middle}
.atlas-title{font-size:15px;font-weight:bold}
.atlas-label{background:none;border:none;box-shadow:none;padding:0 2px;font:11px sans-serif;
 color:#222;text-shadow:0 0 2px #fff,0 0 2px #fff}
.atlas-label:before{display:none}
"""

_CSS_JS = (
    "if (!document.getElementById('atlas-style')) {"
    " var st = document.createElement('style'); st.id = 'atlas-style';"
    f" st.textContent = {script_json(MAP_CSS)}; document.head.appendChild(st); }}"
)


class MapError(ValueError):
    """The events or the options cannot be drawn; the message names the column or field."""


@dataclass(frozen=True)
class MapOptions:
    """What the map shows and how.

    Attributes
    ----------
    tile_url, tile_attribution : str
        XYZ tile template and its attribution (``Settings.tile_url``); empty: no tile layer,
        only the offline basemap. The attribution is trusted operator HTML.
    layers : frozenset of str
        Layers shown when the map opens (keys of :data:`LAYERS`); the others are in the layer
        control, switched off.
    cluster_threshold : int
        Above this many events, events sharing a point are drawn as one marker with a count.
    size_by : str
        ``"count"`` or ``"casualties"`` (keys of :data:`SIZE_BY`).
    asset_base_url : str or None
        Where the vendored JS/CSS are served; None keeps folium's CDN links.
    height : int
        Map height in pixels.
    briefing : bool
        A still picture for a briefing or an export: title box with the event count and dates,
        no zoom buttons, no layer control.
    title : str
        Title shown in briefing mode.
    include_data : bool
        False draws only the base (borders, zone, river, labels, controls, legend); the app
        then adds :func:`build_data_layers` through ``st_folium(feature_group_to_add=...)``.
    """

    tile_url: str = ""
    tile_attribution: str = ""
    layers: frozenset[str] = field(
        default_factory=lambda: frozenset({"events", "tanf_zone", "euphrates", "site_labels"})
    )
    cluster_threshold: int = 2000
    size_by: str = "count"
    asset_base_url: str | None = DEFAULT_BASE_URL
    height: int = 600
    briefing: bool = False
    title: str = "Incident Atlas"
    include_data: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", frozenset(self.layers))
        unknown = sorted(self.layers - set(LAYERS))
        if unknown:
            raise MapError(f"MapOptions.layers: unknown {unknown}; choose from {list(LAYERS)}")
        if self.size_by not in SIZE_BY:
            raise MapError(f"MapOptions.size_by={self.size_by!r}: choose from {list(SIZE_BY)}")
        if not isinstance(self.cluster_threshold, int) or self.cluster_threshold < 1:
            raise MapError(f"MapOptions.cluster_threshold={self.cluster_threshold!r}: need >= 1")
        if not isinstance(self.height, int) or self.height < 100:
            raise MapError(f"MapOptions.height={self.height!r}: need an integer >= 100 (pixels)")
        if self.tile_url and not self.tile_attribution.strip():
            raise MapError(
                "MapOptions.tile_attribution (ATLAS_TILE_ATTRIBUTION) is required with a tile_url"
            )

    @classmethod
    def from_settings(cls, settings: Settings, **changes: Any) -> MapOptions:
        """Build options from the run-time settings.

        Parameters
        ----------
        settings : Settings
            ``tile_url``, ``tile_attribution`` and ``cluster_threshold`` are taken from it.
        **changes
            Any other field of :class:`MapOptions`.

        Returns
        -------
        MapOptions
            The options.
        """
        base = cls(
            tile_url=settings.tile_url,
            tile_attribution=settings.tile_attribution,
            cluster_threshold=settings.cluster_threshold,
        )
        return dataclasses.replace(base, **changes)


# --------------------------------------------------------------------------- data to JSON


def _check_frame(events: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame):
        raise MapError(f"events: expected the DataFrame of events_frame(), got {type(events)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in events.columns]
    if missing:
        raise MapError(f"events: missing columns {missing} (see dashboard.frames.EVENT_COLUMNS)")
    lat = pd.to_numeric(events["lat"], errors="coerce")
    lon = pd.to_numeric(events["lon"], errors="coerce")
    bad = events.index[(lat.abs() > 90) | (lon.abs() > 180)]
    if len(bad):
        raise MapError(f"events: row {bad[0]!r} has lat/lon outside WGS84 ranges")
    placed = events[lat.notna() & lon.notna()].copy()
    placed["lat"] = lat[placed.index].astype(float)
    placed["lon"] = lon[placed.index].astype(float)
    return placed


def _metric(frame: pd.DataFrame, size_by: str) -> np.ndarray:
    if size_by == "count":
        values = pd.to_numeric(frame["count"], errors="coerce")
        return values.fillna(0).to_numpy(dtype=float)
    killed = pd.to_numeric(frame["killed"], errors="coerce").fillna(0)
    injured = pd.to_numeric(frame["injured"], errors="coerce").fillna(0)
    return (killed + injured).to_numpy(dtype=float)


def _icon_px(values: np.ndarray) -> list[int]:
    return np.clip(np.round(18 + 3 * np.sqrt(np.maximum(values, 0))), 18, 48).astype(int).tolist()


def _weapon_codes(frame: pd.DataFrame) -> np.ndarray:
    codes = frame["weapon_main"].map(_WEAPON_INDEX).fillna(_WEAPON_INDEX["unknown"])
    return codes.to_numpy(dtype=int)


def _coords(values: pd.Series | np.ndarray) -> list[float]:
    return np.round(np.asarray(values, dtype=float), 5).tolist()


def _event_points(frame: pd.DataFrame, options: MapOptions) -> dict[str, Any]:
    """One point per event, with its popup."""
    popups: list[str]
    columns = [c for c in REQUIRED_COLUMNS if c in frame.columns]
    records = frame[columns].to_dict("records")
    if "popup_html" in frame.columns:
        given = frame["popup_html"].tolist()
        popups = [
            p if isinstance(p, str) and p else row_popup_html(r)
            for p, r in zip(given, records, strict=True)
        ]
    else:
        popups = [row_popup_html(r) for r in records]
    return {
        "lat": _coords(frame["lat"]),
        "lon": _coords(frame["lon"]),
        "w": _weapon_codes(frame).tolist(),
        "s": _icon_px(_metric(frame, options.size_by)),
        "n": [1] * len(frame),
        "p": popups,
    }


def _group_ids(frame: pd.DataFrame, limit: int) -> tuple[np.ndarray, float | None]:
    """Group rows by shared point, on a coarser grid until there are at most ``limit`` groups."""
    for decimals, km in ((5, None), (3, 0.1), (2, 1.0), (1, 10.0), (0, 100.0)):
        keys = pd.DataFrame({"a": frame["lat"].round(decimals), "b": frame["lon"].round(decimals)})
        ids = keys.groupby(["a", "b"], sort=False).ngroup().to_numpy()
        if ids.max(initial=-1) + 1 <= limit:
            return ids, km
    return ids, km


def _group_points(frame: pd.DataFrame, options: MapOptions) -> dict[str, Any]:
    """One point per shared location, with a count and a summary popup."""
    ids, km = _group_ids(frame, options.cluster_threshold)
    work = pd.DataFrame({
        "g": ids,
        "lat": frame["lat"].to_numpy(),
        "lon": frame["lon"].to_numpy(),
        "w": _weapon_codes(frame),
        "m": _metric(frame, options.size_by),
        "site": frame["site_name"].fillna("").astype(str).to_numpy(),
        "start": pd.to_datetime(frame["date_start"]).to_numpy(),
        "end": pd.to_datetime(frame["date_end"]).to_numpy(),
        "summary": frame["summary_en"].fillna("").astype(str).to_numpy(),
        "id": frame["id"].astype(str).to_numpy(),
    })
    grouped = work.groupby("g", sort=True)
    agg = grouped.agg(lat=("lat", "mean"), lon=("lon", "mean"), n=("g", "size"),
                      m=("m", "sum"), first=("start", "min"), last=("end", "max"))
    weapons = pd.crosstab(work["g"], work["w"])
    main = weapons.columns.to_numpy()[weapons.to_numpy().argmax(axis=1)]
    names = list(WEAPON_STYLE)
    mixes: dict[int, list[tuple[str, int]]] = {}
    for g, row in zip(weapons.index, weapons.to_numpy(), strict=True):
        order = np.argsort(-row, kind="stable")
        mixes[g] = [(names[weapons.columns[j]], int(row[j])) for j in order if row[j] > 0]
    places: dict[int, list[tuple[str, int]]] = {}
    for (g, site), n in work.groupby(["g", "site"]).size().sort_values(ascending=False).items():
        if site and len(places.setdefault(g, [])) < 4:
            places[g].append((site, int(n)))
    latest: dict[int, list[tuple[str, str, str]]] = {}
    recent = work.sort_values("start", ascending=False, na_position="last").groupby("g").head(5)
    for g, start, summary, event_id in zip(recent["g"], recent["start"], recent["summary"],
                                           recent["id"], strict=True):
        day = "" if pd.isna(start) else pd.Timestamp(start).date().isoformat()
        latest.setdefault(g, []).append((day, summary, event_id))
    popups = [
        group_popup_html(places.get(g, []), int(n), first, last, mixes[g], latest.get(g, []), km)
        for g, n, first, last in zip(agg.index, agg["n"], agg["first"], agg["last"], strict=True)
    ]
    return {
        "lat": _coords(agg["lat"]),
        "lon": _coords(agg["lon"]),
        "w": main.astype(int).tolist(),
        "s": _icon_px(agg["m"].to_numpy(dtype=float)),
        "n": agg["n"].astype(int).tolist(),
        "p": popups,
    }


def _by_point(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Events and reports per shared point (or grid cell, above ``limit`` points)."""
    ids, _km = _group_ids(frame, limit)
    work = pd.DataFrame({
        "g": ids,
        "lat": frame["lat"].to_numpy(),
        "lon": frame["lon"].to_numpy(),
        "site": frame["site_name"].fillna("").astype(str).to_numpy(),
        "reports": pd.to_numeric(frame["n_reports"], errors="coerce").fillna(0).to_numpy(),
    })
    points = work.groupby("g", sort=True).agg(
        lat=("lat", "mean"), lon=("lon", "mean"), events=("g", "size"),
        reports=("reports", "sum"),
    )
    # The most frequent place name of each point (the first in order among equals), as
    # Series.mode would give it, without a Python call per point.
    names = work.groupby(["g", "site"], sort=False).size().reset_index(name="n")
    names = names.sort_values(["g", "n", "site"], ascending=[True, False, True])
    points["site"] = names.drop_duplicates("g").set_index("g")["site"].reindex(points.index)
    return points


def _report_points(points: pd.DataFrame) -> dict[str, Any]:
    tips = [
        f"{esc(site or 'unknown place')}: {int(r)} reports, {int(e)} events"
        for site, r, e in zip(points["site"], points["reports"], points["events"], strict=True)
    ]
    radius = np.clip(np.round(4 + 2 * np.sqrt(points["reports"].to_numpy(float))), 4, 30)
    return {
        "lat": _coords(points["lat"]),
        "lon": _coords(points["lon"]),
        "r": radius.astype(int).tolist(),
        "t": tips,
    }


# --------------------------------------------------------------------------- map elements


class _RenderedScript(Element):
    """Script text rendered already, added to the page as it is.

    folium's ``MacroElement.render`` wraps each element's script in a new ``Element``, which
    compiles it as a Jinja template: for a layer of thousands of points (megabytes of JSON,
    which :func:`dashboard.map.popups.script_json` keeps free of Jinja syntax) that costs more than
    building the layer. This element skips that second parse; the text is the same as Jinja's
    (one trailing newline dropped).
    """

    def __init__(self, text: str):
        super().__init__()
        self._text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs: Any) -> str:
        """Return the script text as it was given."""
        del kwargs
        return self._text


class _PointsElement(JSCSSMixin):
    """Base of the point layers: links its assets, then adds its script without a re-parse."""

    def render(self, **kwargs: Any) -> None:
        """Add the asset links and the script of this layer to the page (see ``folium``)."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise MapError(f"{self._name}: cannot render outside a folium Figure")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(_RenderedScript(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _ClusterPoints(_PointsElement):
    """Markers built in the browser from column-wise JSON, in one Leaflet.markercluster group."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  {{ this.css_js }}
  var data = /*atlas-points:{{ this.kind }}*/{{ this.data_json }};
  var styles = {{ this.styles_json }};
  var cache = {};
  function icon(w, s, n) {
    var key = w + ':' + s + ':' + n;
    if (!cache[key]) {
      var st = styles[w];
      var html = '<div class="atlas-marker" style="width:' + s + 'px;height:' + s +
        'px;line-height:' + (s - 4) + 'px;font-size:' + Math.round(s * 0.45) +
        'px;background:' + st.color + '"><i class="fa-solid fa-' + st.icon + '"></i>' +
        (n > 1 ? '<b class="atlas-count">' + n + '</b>' : '') + '</div>';
      cache[key] = L.divIcon({html: html, className: 'atlas-icon', iconSize: [s, s]});
    }
    return cache[key];
  }
  var group = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    maxClusterRadius: 45,
    iconCreateFunction: function (cluster) {
      var children = cluster.getAllChildMarkers(), total = 0;
      for (var k = 0; k < children.length; k++) { total += children[k].options.atlasCount; }
      var size = total < 10 ? 'small' : (total < 100 ? 'medium' : 'large');
      return L.divIcon({html: '<div><span>' + total + '</span></div>',
        className: 'marker-cluster marker-cluster-' + size, iconSize: L.point(40, 40)});
    }
  });
  var markers = new Array(data.lat.length);
  for (var i = 0; i < data.lat.length; i++) {
    markers[i] = L.marker([data.lat[i], data.lon[i]], {
      icon: icon(data.w[i], data.s[i], data.n[i]), keyboard: false,
      atlasIndex: i, atlasCount: data.n[i]});
  }
  group.bindPopup(function (layer) {
    var el = document.createElement('div');
    el.className = 'atlas-popup';
    el.innerHTML = data.p[layer.options.atlasIndex];
    return el;
  }, {maxWidth: 380, maxHeight: 420});
  group.addLayers(markers);
  group.addTo({{ this._parent.get_name() }});
  return group;
})();
{% endmacro %}
""")

    # the same links as folium's MarkerCluster, so use_local_assets knows them
    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    def __init__(self, kind: str, data: Mapping[str, Any] | str):
        super().__init__()
        self._name = "AtlasClusterPoints"
        self.kind = kind
        self.css_js = _CSS_JS
        self.data_json = data if isinstance(data, str) else script_json(data)
        self.styles_json = script_json(
            [{"icon": s.icon, "color": s.color} for s in WEAPON_STYLE.values()]
        )


class _CanvasPoints(_PointsElement):
    """Circle markers on one canvas renderer, with lazily bound tooltips or permanent labels."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  {{ this.css_js }}
  var data = /*atlas-points:{{ this.kind }}*/{{ this.data_json }};
  var style = {{ this.style_json }};
  var renderer = L.canvas({padding: 0.5});
  var group = L.featureGroup();
  for (var i = 0; i < data.lat.length; i++) {
    var marker = L.circleMarker([data.lat[i], data.lon[i]], L.extend({
      renderer: renderer, radius: data.r[i], atlasIndex: i}, style));
    if (style.labels) {
      marker.bindTooltip(data.t[i], {permanent: true, direction: 'right',
        className: 'atlas-label', offset: [4, 0]});
    }
    marker.addTo(group);
  }
  if (!style.labels) {
    group.bindTooltip(function (layer) { return data.t[layer.options.atlasIndex]; });
  }
  group.addTo({{ this._parent.get_name() }});
  return group;
})();
{% endmacro %}
""")

    def __init__(self, kind: str, data: Mapping[str, Any] | str, style: Mapping[str, Any]):
        super().__init__()
        self._name = "AtlasCanvasPoints"
        self.kind = kind
        self.css_js = _CSS_JS
        self.data_json = data if isinstance(data, str) else script_json(data)
        self.style_json = script_json(style)


class _Plugins(JSCSSMixin):
    """Links the plugins of the data layers from the base map, so they load with Leaflet.

    ``st_folium`` loads a map's script links once, when the map is first drawn; data layers
    added later (``feature_group_to_add``) can only use plugins that were loaded then. The
    heat layer's plugin is linked here for that reason (without it: ``L.heatLayer is not a
    function`` when the Heat layer is switched on).
    """

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._name = "AtlasPlugins"
        self.default_js = [*MarkerCluster.default_js, *HeatMap.default_js]
        self.default_css = list(MarkerCluster.default_css)


class _Decor(folium.MacroElement):
    """Legend, optional title box, sea colour and the basemap's attribution."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  {{ this.css_js }}
  var map = {{ this._parent.get_name() }};
  var boxes = {{ this.boxes_json }};
  {% if this.background %}map.getContainer().style.background = {{ this.background }};{% endif %}
  map.attributionControl.addAttribution({{ this.attribution_json }});
  boxes.forEach(function (box) {
    var control = L.control({position: box.position});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'atlas-box ' + box.cls);
      div.innerHTML = box.html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
  });
})();
{% endmacro %}
""")

    def __init__(self, boxes: list[dict[str, str]], background: str | None, attribution: str):
        super().__init__()
        self._name = "AtlasDecor"
        self.css_js = _CSS_JS
        self.boxes_json = script_json(boxes)
        self.background = script_json(background) if background else ""
        self.attribution_json = script_json(attribution)


# --------------------------------------------------------------------------- layers


def _layer(key: str, options: MapOptions) -> folium.FeatureGroup:
    return folium.FeatureGroup(name=LAYERS[key], overlay=True, control=True,
                               show=key in options.layers)


def _localise(element: Any, options: MapOptions) -> Any:
    if options.asset_base_url is not None:
        use_local_assets(element, options.asset_base_url)
    return element


#: The layers that follow the filters, in the order :func:`build_data_layers` returns them.
DATA_LAYER_KEYS: tuple[str, ...] = ("events", "reports", "heat")

_REPORT_STYLE: dict[str, Any] = {
    "color": "#3b3b3b", "weight": 1, "fillColor": "#6d6d6d", "fillOpacity": 0.35,
    "labels": False,
}


@dataclass(frozen=True)
class LayerPayload:
    """One data layer in serialised form: plain strings, cheap to cache and to rebuild.

    :func:`data_layer_payloads` does the costly work (grouping, popups, JSON); the app caches
    its result per data version and filters, and :func:`data_layers_from_payloads` turns it
    back into folium layers in a few milliseconds.

    Attributes
    ----------
    key : str
        The layer (:data:`DATA_LAYER_KEYS`).
    kind : str
        What the points stand for: ``"events"``, ``"sites"`` (events grouped by point),
        ``"reports"`` or ``"heat"``; empty when the layer has no point.
    data_json : str
        The points: script-safe JSON (``dashboard.map.popups.script_json``) for the marker
        layers, plain JSON ``[[lat, lon, weight], ...]`` for the heat layer; empty when the
        layer has no point.
    heat_max : float
        The largest heat weight (heat layer only).
    """

    key: str
    kind: str = ""
    data_json: str = ""
    heat_max: float = 0.0


def _event_payload(frame: pd.DataFrame, options: MapOptions) -> LayerPayload:
    if not len(frame):
        return LayerPayload("events")
    if len(frame) > options.cluster_threshold:
        return LayerPayload("events", "sites", script_json(_group_points(frame, options)))
    return LayerPayload("events", "events", script_json(_event_points(frame, options)))


def data_layer_payloads(
    events: pd.DataFrame, options: MapOptions, keys: Iterable[str] = DATA_LAYER_KEYS
) -> tuple[LayerPayload, ...]:
    """Compute the content of the data layers, serialised (the costly half of the layers).

    Parameters
    ----------
    events : pandas.DataFrame
        As for :func:`build_event_layer`.
    options : MapOptions
        Threshold and marker size (``cluster_threshold``, ``size_by``).
    keys : iterable of str
        Which layers to compute (:data:`DATA_LAYER_KEYS`); the others are skipped.

    Returns
    -------
    tuple of LayerPayload
        One per wanted key, in the order of :data:`DATA_LAYER_KEYS`.

    Raises
    ------
    MapError
        When a required column is missing, coordinates are out of range or a key is unknown.
    """
    wanted = set(keys)
    unknown = sorted(wanted - set(DATA_LAYER_KEYS))
    if unknown:
        raise MapError(f"data layers: unknown {unknown}; choose from {list(DATA_LAYER_KEYS)}")
    frame = _check_frame(events)
    out: list[LayerPayload] = []
    if "events" in wanted:
        out.append(_event_payload(frame, options))
    points = _by_point(frame, options.cluster_threshold) if len(frame) else None
    if "reports" in wanted:
        out.append(LayerPayload("reports") if points is None else
                   LayerPayload("reports", "reports", script_json(_report_points(points))))
    if "heat" in wanted:
        if points is None:
            out.append(LayerPayload("heat"))
        else:
            weights = np.log1p(points["events"].to_numpy(float))
            data = np.column_stack([points["lat"], points["lon"], np.round(weights, 3)])
            out.append(LayerPayload("heat", "heat", json.dumps(data.tolist()),
                                    float(weights.max())))
    return tuple(out)


def data_layers_from_payloads(
    payloads: Iterable[LayerPayload], options: MapOptions
) -> list[folium.FeatureGroup]:
    """Build folium layers from :func:`data_layer_payloads` (cheap: no grouping, no popups).

    Parameters
    ----------
    payloads : iterable of LayerPayload
        The serialised layers.
    options : MapOptions
        Which layers are shown (``layers``) and where the assets are served.

    Returns
    -------
    list of folium.FeatureGroup
        One per payload, in the same order; new objects on every call (``st_folium`` adds
        them to its map).

    Raises
    ------
    MapError
        When a payload names an unknown layer or holds unreadable heat data.
    """
    layers = []
    for payload in payloads:
        if payload.key not in DATA_LAYER_KEYS:
            raise MapError(f"data layers: unknown {payload.key!r}; choose from"
                           f" {list(DATA_LAYER_KEYS)}")
        group = _layer(payload.key, options)
        if payload.kind in ("events", "sites"):
            _ClusterPoints(payload.kind, payload.data_json).add_to(group)
        elif payload.kind == "reports":
            _CanvasPoints("reports", payload.data_json, _REPORT_STYLE).add_to(group)
        elif payload.kind == "heat":
            try:
                data = json.loads(payload.data_json)
            except json.JSONDecodeError as exc:
                raise MapError(f"data layers: heat data is not JSON: {exc}") from exc
            HeatMap(data, control=False, radius=22, blur=18, min_opacity=0.3, max_zoom=1,
                    max=payload.heat_max).add_to(group)
        layers.append(_localise(group, options))
    return layers


def build_event_layer(events: pd.DataFrame, options: MapOptions) -> folium.FeatureGroup:
    """Build the "Events" layer: one marker per event, or per shared point above the threshold.

    Parameters
    ----------
    events : pandas.DataFrame
        The flat table of ``dashboard.frames.events_frame`` (already filtered), optionally with a
        ``popup_html`` column of trusted HTML from :func:`popup_html`. Rows without coordinates
        are skipped.
    options : MapOptions
        Threshold, marker size and asset location.

    Returns
    -------
    folium.FeatureGroup
        Can be added to a map, or passed to ``st_folium(feature_group_to_add=...)``.

    Raises
    ------
    MapError
        When a required column is missing or coordinates are out of range.
    """
    (layer,) = data_layers_from_payloads(data_layer_payloads(events, options, ("events",)),
                                         options)
    return layer


def build_data_layers(events: pd.DataFrame, options: MapOptions) -> list[folium.FeatureGroup]:
    """Build the layers that change with the filters: events, reports and heat.

    Parameters
    ----------
    events : pandas.DataFrame
        As for :func:`build_event_layer`.
    options : MapOptions
        As for :func:`build_event_layer`.

    Returns
    -------
    list of folium.FeatureGroup
        "Events", "Reports" (circles sized by the reports behind the events at each point, on
        canvas) and "Heat" (event density, log-weighted per point); the same as
        ``data_layers_from_payloads(data_layer_payloads(events, options), options)``.
    """
    return data_layers_from_payloads(data_layer_payloads(events, options), options)


@cache
def _basemap() -> dict[str, Any]:
    try:
        data = json.loads(BASEMAP_PATH.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise MapError(f"{BASEMAP_PATH}: cannot read the offline basemap: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise MapError(f"{BASEMAP_PATH}: not a GeoJSON FeatureCollection")
    return data


def _basemap_layer(with_tiles: bool) -> folium.GeoJson:
    fill = 0.0 if with_tiles else 1.0

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        if props.get("kind") == "governorate":
            return {"color": "#9a9486", "weight": 0.7, "dashArray": "3 3", "fillOpacity": 0}
        syria = props.get("name") == "Syria"
        return {"color": "#6f6a60", "weight": 1.2, "fillColor": "#fbfaf6" if syria else "#eeebe3",
                "fillOpacity": fill}

    return folium.GeoJson(_basemap(), name="Borders", style_function=style, interactive=False,
                          overlay=True, control=True, show=True)


def _geography() -> Any:
    try:
        from gazetteer.places import geography
    except ModuleNotFoundError as exc:
        if exc.name != "gazetteer.places.geography":
            raise
        log.warning("gazetteer.places.geography is missing: no Tanf zone, Euphrates or site layers")
        return None
    return geography


def _shape_layer(key: str, geometry: Any, kinds: tuple[str, ...], style: dict[str, Any],
                 tooltip: str, options: MapOptions) -> folium.FeatureGroup:
    if getattr(geometry, "geom_type", None) not in kinds:
        raise MapError(f"gazetteer.places.geography: {key} must be a {' or '.join(kinds)}")
    group = _layer(key, options)
    folium.GeoJson(
        geometry.__geo_interface__, style_function=lambda _f: style, control=False,
        tooltip=folium.Tooltip(esc(tooltip)),
    ).add_to(group)
    return group


def _site_label_points(frame: pd.DataFrame, geography: Any) -> dict[str, Any]:
    rows: list[tuple[float, float, str]] = []
    if geography is not None:
        sites = geography.site_layers().get("sites")
        missing = [c for c in ("name_en", "kind", "lat", "lon") if sites is None
                   or c not in sites.columns]
        if missing:
            raise MapError(f"gazetteer.places.geography.site_layers()['sites']: missing {missing}")
        # curated sites only: the built-in GeoNames towns would bury them in labels
        curated = ~sites.index.astype(str).str.startswith(IMPORTED_PREFIX)
        sites = sites[sites["kind"].isin(SITE_LABEL_KINDS) & sites["lat"].notna() & curated]
        rows = list(zip(sites["lat"], sites["lon"], sites["name_en"].astype(str), strict=True))
    else:
        sites = frame.drop_duplicates("site_name")
        rows = [(lat, lon, str(name)) for lat, lon, name in
                zip(sites["lat"], sites["lon"], sites["site_name"], strict=True) if name]
    return {
        "lat": _coords([r[0] for r in rows]),
        "lon": _coords([r[1] for r in rows]),
        "r": [3] * len(rows),
        "t": [esc(r[2]) for r in rows],
    }


def _legend_html(frame: pd.DataFrame, unplaced: int, options: MapOptions) -> str:
    items = "".join(
        f'<div><span class="sw" style="background:{s.color}">'
        f'<i class="fa-solid fa-{s.icon}"></i></span>{esc(s.label)}</div>'
        for s in WEAPON_STYLE.values()
    )
    notes = [f"Marker size: {SIZE_BY[options.size_by]}"]
    if len(frame) > options.cluster_threshold:
        notes.append("Number on a marker: events at that place")
    if options.include_data:
        # A base map drawn without its data layers (the app adds them per filter) would give
        # a stale total here; the page states the filtered counts itself.
        notes.append(f"{len(frame):,} events on the map")
        if unplaced:
            notes.append(f"{unplaced:,} events without coordinates not shown")
    return f"<b>Weapon</b>{items}" + "".join(f"<div>{esc(n)}</div>" for n in notes)


def _title_html(frame: pd.DataFrame, options: MapOptions) -> str:
    start = pd.to_datetime(frame["date_start"]).min() if len(frame) else pd.NaT
    end = pd.to_datetime(frame["date_end"]).max() if len(frame) else pd.NaT
    span = ""
    if not pd.isna(start) and not pd.isna(end):
        span = f", {start.date().isoformat()} \u2013 {end.date().isoformat()}"  # en dash
    return (f'<div class="atlas-title">{esc(options.title)}</div>'
            f"<div>{len(frame):,} events{esc(span)}</div>")


def _bounds(frame: pd.DataFrame) -> list[list[float]]:
    if not len(frame):
        return [list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])]
    south, north = float(frame["lat"].min()), float(frame["lat"].max())
    west, east = float(frame["lon"].min()), float(frame["lon"].max())
    pad_lat = max(0.15, (0.5 - (north - south)) / 2)
    pad_lon = max(0.15, (0.5 - (east - west)) / 2)
    return [[south - pad_lat, west - pad_lon], [north + pad_lat, east + pad_lon]]


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, as a fraction of the world's height (0 at the equator)."""
    rad = math.radians(max(-85.0, min(85.0, lat)))
    return math.log(math.tan(math.pi / 4 + rad / 2)) / (2 * math.pi)


def fit_view(
    events: pd.DataFrame, width_px: int = 1100, height_px: int = 600
) -> tuple[tuple[float, float], int]:
    """The centre and the zoom level that show every event on a map of the given size.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with ``lat`` and ``lon`` (the filtered events); eastern Syria when empty.
    width_px, height_px : int
        The map's size on screen.

    Returns
    -------
    tuple
        ``((lat, lon), zoom)`` with the zoom between 4 and 11, for ``st_folium(center=,
        zoom=)`` so that a filter change moves the view without reloading the map.
    """
    (south, west), (north, east) = _bounds(events)
    centre = ((south + north) / 2, (west + east) / 2)
    tile = 256.0
    lon_share = max((east - west) / 360.0, 1e-9)
    lat_share = max(_mercator_y(north) - _mercator_y(south), 1e-9)
    zoom = min(math.log2(width_px / tile / lon_share), math.log2(height_px / tile / lat_share))
    return (round(centre[0], 5), round(centre[1], 5)), int(max(4, min(11, math.floor(zoom))))


def build_map(events: pd.DataFrame, options: MapOptions | None = None) -> folium.Map:
    """Build the whole map.

    Parameters
    ----------
    events : pandas.DataFrame
        The flat table of ``dashboard.frames.events_frame`` (already filtered), optionally with a
        ``popup_html`` column (see :func:`build_event_layer`).
    options : MapOptions, optional
        Defaults to ``MapOptions()``.

    Returns
    -------
    folium.Map
        Offline borders (and tiles when set), the data layers (events, reports, heat), the Tanf
        zone, the Euphrates and site labels, a legend, a scale bar, a fullscreen button and a
        layer control; the view fits the events (eastern Syria when there are none).

    Raises
    ------
    MapError
        When a required column is missing, coordinates are out of range or the basemap or
        geography layers are malformed.
    """
    options = options or MapOptions()
    frame = _check_frame(events)
    bounds = _bounds(frame)
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    m = folium.Map(location=center, zoom_start=7, tiles=None, control_scale=True,
                   prefer_canvas=True, zoom_control=not options.briefing,
                   height=options.height, **{"minZoom": 4, "maxZoom": 16})
    # (folium's min_zoom/max_zoom only reach a tile layer; markercluster needs the map's)
    if options.tile_url:
        folium.TileLayer(tiles=options.tile_url, attr=options.tile_attribution, name="Tiles",
                         control=False, max_zoom=16).add_to(m)
    _basemap_layer(bool(options.tile_url)).add_to(m)
    _Plugins().add_to(m)

    geography = _geography()
    if geography is not None:
        _shape_layer("tanf_zone", geography.tanf_zone(), ("Polygon", "MultiPolygon"),
                     {"color": "#7b3294", "weight": 1.5, "dashArray": "6 4",
                      "fillColor": "#7b3294", "fillOpacity": 0.06},
                     "al-Tanf deconfliction zone (55 km)", options).add_to(m)
        _shape_layer("euphrates", geography.euphrates(), ("LineString", "MultiLineString"),
                     {"color": "#2b7bba", "weight": 2.5, "opacity": 0.8},
                     "Euphrates", options).add_to(m)
    labels = _layer("site_labels", options)
    label_points = _site_label_points(frame, geography)
    if label_points["lat"]:
        _CanvasPoints("site_labels", label_points, {
            "color": "#222", "weight": 1, "fillColor": "#fff", "fillOpacity": 1, "labels": True,
        }).add_to(labels)
    labels.add_to(m)

    if options.include_data:
        for layer in build_data_layers(frame, options):
            layer.add_to(m)

    unplaced = len(events) - len(frame)
    boxes = [{"position": "bottomright", "cls": "atlas-legend",
              "html": _legend_html(frame, unplaced, options)}]
    if options.briefing:
        boxes.insert(0, {"position": "topleft", "cls": "atlas-title-box",
                         "html": _title_html(frame, options)})
    background = None if options.tile_url else "#dde6ea"
    _Decor(boxes, background, "Borders: Natural Earth").add_to(m)
    Fullscreen(position="topleft", title="Full screen", title_cancel="Exit full screen").add_to(m)
    if not options.briefing:
        folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds(bounds)
    if options.asset_base_url is not None:
        _warn_missing_assets(m)
    return _localise(m, options)


def _warn_missing_assets(m: folium.Map) -> None:
    """Say on the page and in the log when the vendored Leaflet files are missing.

    The notice is plain HTML beside the map's ``div``: it shows even when Leaflet itself is
    the missing file and nothing can be drawn.
    """
    missing = missing_assets()
    if not missing:
        return
    shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
    text = f"The map cannot be drawn: its files are missing ({shown}). Fix: {MISSING_FIX}."
    log.error("%s", text)
    m.get_root().html.add_child(Element(
        '<div class="atlas-missing-assets" role="alert" style="position:absolute;top:8px;'
        "left:8px;right:8px;z-index:10000;background:#fff3cd;border:1px solid #b08800;"
        f'padding:8px;font:14px sans-serif">{esc(text)}</div>'
    ), name="atlas_missing_assets")


def frame_with_popups(events: pd.DataFrame, records: Iterable[Any]) -> pd.DataFrame:
    """Add the full ``popup_html`` column to a filtered event table.

    Parameters
    ----------
    events : pandas.DataFrame
        The flat table (its ``id`` column is matched).
    records : iterable of Event
        Events with their reports; only those whose id is in ``events`` are rendered.

    Returns
    -------
    pandas.DataFrame
        A copy of ``events`` with ``popup_html`` (the light row popup where no event matched).
    """
    wanted = set(events["id"].astype(str))
    html = {e.id: popup_html(e) for e in records if e.id in wanted}
    out = events.copy()
    out["popup_html"] = events["id"].astype(str).map(html)
    return out
