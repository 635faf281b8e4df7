"""folium elements of the map, whose scripts build the markers in the browser.

Each element is handed JSON made by :mod:`dashboard.map.layers` (through
:func:`dashboard.map.popups.script_json`, safe inside a script and free of Jinja syntax) and a
few lines of JavaScript turn it into Leaflet layers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template

from dashboard.map.labels import DECLUTTER_JS
from dashboard.map.options import MapError
from dashboard.map.popups import GROUP_POPUP_JS, script_json
from dashboard.map.styles import WEAPON_STYLE

__all__ = [
    "MAP_CSS",
    "CanvasPoints",
    "ClusterPoints",
    "Decor",
    "Plugins",
    "StillPoints",
    "TimeLapse",
]

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
.atlas-label-events{font-weight:bold}
.atlas-marker.atlas-hollow{background:#fff;border-width:3px;border-style:solid;box-shadow:none}
.atlas-num{position:absolute;top:-8px;right:-8px;background:#fff;color:#111;border:1px solid #111;
 border-radius:8px;padding:0 3px;font:bold 10px/13px sans-serif;min-width:9px}
.atlas-low-confidence{background:#fff4e5;border-left:3px solid #b26a00;padding:2px 6px;margin:3px 0}
.atlas-site-label{background:rgba(255,255,255,.92);border:1px solid #333;border-radius:3px;
 font:bold 13px/18px sans-serif;color:#111;padding:0 4px;white-space:nowrap;box-sizing:border-box}
.atlas-country{font:bold 15px sans-serif;letter-spacing:.12em;color:rgba(80,70,60,.55);
 white-space:nowrap;text-align:center}
.atlas-city,.atlas-town,.atlas-village{white-space:nowrap;text-align:center;color:#4a4a4a;
 text-shadow:0 0 2px #fff,0 0 2px #fff}
.atlas-city{font:bold 12px sans-serif}
.atlas-town{font:11px sans-serif}
.atlas-village{font:italic 10px sans-serif;color:#666}
.atlas-lang button{font:12px sans-serif;margin:0 2px}
.atlas-timelapse{font:12px/1.4 sans-serif}
.atlas-timelapse button,.atlas-timelapse select{font:12px sans-serif;margin-right:4px}
.atlas-timelapse-window{display:inline-block;min-width:15em}
"""

#: Defines ``window.atlasIcon`` once per page: the symbol of one event (weapon glyph and colour,
#: size, a count badge, a number, hollow when low-confidence, offset from its point).
_ICON_JS = """
if (!window.atlasIcon) {
  window.atlasIconCache = {};
  window.atlasIcon = function (st, s, n, h, k, dx, dy) {
    dx = dx || 0; dy = dy || 0;
    var key = [st.icon, st.color, s, n, h, k, dx, dy].join(':');
    var cache = window.atlasIconCache;
    if (!cache[key]) {
      var paint = h ? 'color:' + st.color + ';border-color:' + st.color
                    : 'background:' + st.color;
      var html = '<div class="atlas-marker' + (h ? ' atlas-hollow' : '') + '" style="width:' +
        s + 'px;height:' + s + 'px;line-height:' + (s - (h ? 6 : 4)) + 'px;font-size:' +
        Math.round(s * 0.45) + 'px;' + paint + '"><i class="fa-solid fa-' + st.icon + '"></i>' +
        (n > 1 ? '<b class="atlas-count">' + n + '</b>' : '') +
        (k ? '<b class="atlas-num">' + k + '</b>' : '') + '</div>';
      cache[key] = L.divIcon({html: html, className: 'atlas-icon', iconSize: [s, s],
                              iconAnchor: [s / 2 - dx, s / 2 - dy]});
    }
    return cache[key];
  };
}
"""

_CSS_JS = (
    "if (!document.getElementById('atlas-style')) {"
    " var st = document.createElement('style'); st.id = 'atlas-style';"
    f" st.textContent = {script_json(MAP_CSS)}; document.head.appendChild(st); }}"
    + _ICON_JS + DECLUTTER_JS
)


class RenderedScript(Element):
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


class PointsElement(JSCSSMixin):
    """Base of the point layers: links its assets, then adds its script without a re-parse."""

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the asset links and the script of this layer to the page (see ``folium``)."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise MapError(f"{self._name}: cannot render outside a folium Figure")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(RenderedScript(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class ClusterPoints(PointsElement):
    """Markers built in the browser from column-wise JSON, in one Leaflet.markercluster group."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  {{ this.css_js }}
  var data = /*atlas-points:{{ this.kind }}*/{{ this.data_json }};
  var styles = {{ this.styles_json }};
  // animate: false: after a zoom the clusters are redrawn at once, not merged or split in a
  // 0.2-0.5 s animation (a filter change that refits the map shows its markers sooner)
  var group = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    maxClusterRadius: 45, animate: false,
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
      icon: window.atlasIcon(styles[data.w[i]], data.s[i], data.n[i], data.h ? data.h[i] : 0),
      keyboard: false,
      atlasIndex: i, atlasCount: data.n[i]});
  }
  group.bindPopup(function (layer) {
    var i = layer.options.atlasIndex;
    if (!data.p) { return window.atlasGroupPopup(data, styles, i); }
    var el = document.createElement('div');
    el.className = 'atlas-popup';
    el.innerHTML = data.p[i];  // trusted: escaped on the server (dashboard.map.popups)
    return el;
  }, {maxWidth: 380, maxHeight: 420});
  group.addLayers(markers);
  group.addTo({{ this._parent.get_name() }});
  if (data.d0) {
    // the time-lapse control (TimeLapse) steps a window over these markers in the browser
    window.atlasTimeLayer = {group: group, markers: markers, d0: data.d0, d1: data.d1};
    if (window.atlasTimeLapseApply) { window.atlasTimeLapseApply(); }
  }
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
        self.css_js = _CSS_JS + (GROUP_POPUP_JS if kind == "sites" else "")
        self.data_json = data if isinstance(data, str) else script_json(data)
        self.styles_json = script_json(
            [{"icon": s.icon, "color": s.color, "name": name.replace("_", " ")}
             for name, s in WEAPON_STYLE.items()]
        )


class CanvasPoints(PointsElement):
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
      marker.bindTooltip(data.t[i], {permanent: true, direction: 'right', offset: [4, 0],
        className: 'atlas-label' + (data.e && data.e[i] ? ' atlas-label-events' : '')});
    }
    marker.addTo(group);
  }
  if (!style.labels) {
    group.bindTooltip(function (layer) { return data.t[layer.options.atlasIndex]; });
  }
  group.addTo({{ this._parent.get_name() }});
  // labels come in priority order (build.py); none overlaps another (labels.DECLUTTER_JS)
  if (style.labels) { window.atlasWatchLabels(group); }
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


class Plugins(JSCSSMixin):
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


class Decor(folium.MacroElement):
    """Legend, optional title box, sea colour and the basemap's attribution.

    Also keeps streamlit-folium from reporting what the app knows (each report runs the whole
    script): a view the app opened the map at or asked for (jumped to, not animated), the same
    view after the frame gets its height, and the zoom and popup of the app's focus on a
    selected event (``map.atlasFocus``, set by :func:`dashboard.ui.map_panel.view_script`).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  {{ this.css_js }}
  var map = {{ this._parent.get_name() }};
  var boxes = {{ this.boxes_json }};
  if (!map.atlasJump) {
    // What the app knows of this map: the view it opened at or asked for, and the last view
    // and popup streamlit-folium reported. streamlit-folium reports the map's view as soon as
    // the map exists (its default value has no centre), again when its frame gets its height
    // (the centre moves by a fraction of a pixel), and after every view the app asks for
    // (st_folium's centre and zoom, a link's view, a filter change's refit), and each report
    // runs the whole script once more. A report that only repeats what the app knows (same
    // zoom, centre within 3 px, same popup) is not sent; the user's own moves and clicks are.
    // The app's own jumps (setView with a [lat, lon] array and no options) are not animated.
    var streamlit = window.Streamlit;
    var near = function (a, b, zoom) {
      return map.project(L.latLng(a), zoom).distanceTo(map.project(L.latLng(b), zoom)) <= 3;
    };
    var learn = function (popup) {
      map.atlasKnown = {zoom: map.getZoom(), center: map.getCenter(),
                        popup: popup === undefined ? map.atlasKnown.popup : popup};
    };
    map.atlasKnown = {popup: null};
    learn();
    map.atlasKnows = function (value) {
      var known = map.atlasKnown;
      if (!value || typeof value !== 'object') return false;
      if ('zoom' in value && value.zoom !== known.zoom) return false;
      if ('center' in value && !(value.center && near(value.center, known.center, known.zoom))) {
        return false;
      }
      var popup = value.last_object_clicked_popup;
      return popup === undefined || popup === known.popup;
    };
    if (streamlit && !streamlit.atlasSend) {
      streamlit.atlasSend = streamlit.setComponentValue;
      streamlit.setComponentValue = function (value) {
        if (value && typeof value === 'object' && map.atlasFocus) {
          // the app's focus on the selected event zooms to it and opens its popup: known
          map.atlasKnown = {zoom: value.zoom, center: value.center,
                            popup: value.last_object_clicked_popup};
          if (value.last_object_clicked_popup) map.atlasFocus = false;  // its click came
          return;
        }
        if (map.atlasKnows(value)) return;
        map.atlasKnown = {zoom: value.zoom, center: value.center,
                          popup: value.last_object_clicked_popup};
        return streamlit.atlasSend.apply(streamlit, arguments);
      };
    }
    map.atlasJump = map.setView;
    map.setView = function (center, zoom, options) {
      if (options !== undefined || !Array.isArray(center)) {
        return map.atlasJump.call(map, center, zoom, options);
      }
      var out = map.atlasJump.call(map, center, zoom, {animate: false});
      learn();
      return out;
    };
  }
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


class TimeLapse(folium.MacroElement):
    """A play control that steps a date window over the event layer, in the browser.

    No Streamlit rerun per step: the control reads ``window.atlasTimeLayer`` (set by the
    event layer's script, :class:`ClusterPoints`, with each event's first and last day) and
    swaps the markers shown in place. A later filter change brings a new layer; the control
    applies the current window to it.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  {{ this.css_js }}
  var map = {{ this._parent.get_name() }};
  var windows = {{ this.windows_json }};
  var state = {timer: null, start: null, days: windows[0][1]};
  var control = L.control({position: 'bottomleft'});
  var label, play, choose;
  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function layer() { return window.atlasTimeLayer; }
  function range() {
    var t = layer(), lo = Infinity, hi = -Infinity;
    if (!t) { return null; }
    for (var i = 0; i < t.d0.length; i++) {
      if (t.d0[i] < 0) { continue; }
      lo = Math.min(lo, t.d0[i]); hi = Math.max(hi, t.d1[i]);
    }
    return lo <= hi ? [lo, hi] : null;
  }
  function show(start) {
    var t = layer();
    if (!t) { return; }
    var keep = [];
    if (start === null) {
      keep = t.markers;
    } else {
      var end = start + state.days - 1;
      for (var i = 0; i < t.markers.length; i++) {
        if (t.d0[i] >= 0 && t.d0[i] <= end && t.d1[i] >= start) { keep.push(t.markers[i]); }
      }
    }
    t.group.clearLayers();
    t.group.addLayers(keep);
    label.textContent = start === null ? 'All dates' :
      iso(start) + ' \\u2013 ' + iso(start + state.days - 1) + ': ' + keep.length +
      (keep.length === 1 ? ' event' : ' events');
  }
  function stop(reset) {
    if (state.timer) { clearInterval(state.timer); state.timer = null; }
    play.textContent = '\\u25b6 Play';
    if (reset) { state.start = null; show(null); }
  }
  function step() {
    var r = range();
    if (!r) { stop(true); return; }
    state.start = state.start === null ? r[0] : state.start + state.days;
    if (state.start > r[1]) { stop(true); return; }
    show(state.start);
  }
  window.atlasTimeLapseApply = function () { if (state.start !== null) { show(state.start); } };
  control.onAdd = function () {
    var div = L.DomUtil.create('div', 'atlas-box atlas-timelapse');
    play = L.DomUtil.create('button', 'atlas-timelapse-play', div);
    play.type = 'button'; play.textContent = '\\u25b6 Play';
    choose = L.DomUtil.create('select', 'atlas-timelapse-days', div);
    windows.forEach(function (w) {
      var o = document.createElement('option'); o.value = w[1]; o.textContent = w[0];
      choose.appendChild(o);
    });
    var all = L.DomUtil.create('button', 'atlas-timelapse-all', div);
    all.type = 'button'; all.textContent = 'All dates';
    label = L.DomUtil.create('span', 'atlas-timelapse-window', div);
    label.textContent = 'All dates';
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.on(play, 'click', function () {
      if (state.timer) { stop(false); return; }
      play.textContent = '\\u275a\\u275a Pause';
      step();
      state.timer = setInterval(step, {{ this.interval_ms }});
    });
    L.DomEvent.on(choose, 'change', function () { state.days = parseInt(choose.value, 10); });
    L.DomEvent.on(all, 'click', function () { stop(true); });
    return div;
  };
  control.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, windows: list[tuple[str, int]], interval_ms: int = 900):
        super().__init__()
        self._name = "AtlasTimeLapse"
        self.css_js = _CSS_JS
        self.windows_json = script_json(windows)
        self.interval_ms = int(interval_ms)


class StillPoints(PointsElement):
    """Every event its own symbol (no clusters), numbered, with one label per site.

    The briefing map: symbols sharing a point are spread on a spiral around it
    (:func:`dashboard.map.labels.ring_offsets`); each site's label ("al-Omar oil field, 6") is
    placed in screen space where it overlaps no other label and no symbol, trying positions
    around the site at growing distances, and joined to the site by a leader line when it
    stands off. Placement reruns after a zoom or a resize.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  {{ this.css_js }}
  var map = {{ this._parent.get_name() }};
  var data = /*atlas-points:still*/{{ this.data_json }};
  var styles = {{ this.styles_json }};
  var ev = data.events, sites = data.sites;
  var group = L.featureGroup(), markers = [];
  for (var i = 0; i < ev.lat.length; i++) {
    markers.push(L.marker([ev.lat[i], ev.lon[i]], {
      icon: window.atlasIcon(styles[ev.w[i]], ev.s[i], 1, ev.h[i], ev.k[i], ev.dx[i], ev.dy[i]),
      keyboard: false, atlasIndex: i, atlasStill: true}).addTo(group));
  }
  // Symbols of nearby sites can still overlap at a small scale: push overlapping symbols
  // apart in screen space (a few relaxation rounds, with a weak pull back to the spiral).
  function spread() {
    var n = ev.lat.length, x = [], y = [], hx = [], hy = [];
    for (var i = 0; i < n; i++) {
      var p = map.latLngToContainerPoint([ev.lat[i], ev.lon[i]]);
      hx.push(p.x + ev.dx[i]); hy.push(p.y + ev.dy[i]); x.push(hx[i]); y.push(hy[i]);
    }
    var rounds = n <= 400 ? 120 : 0;  // O(n^2) per round: only for a briefing-sized map
    for (var round = 0; round < rounds; round++) {
      var moved = false;
      for (var a = 0; a < n; a++) {
        for (var b = a + 1; b < n; b++) {
          var vx = x[b] - x[a], vy = y[b] - y[a], d = Math.sqrt(vx * vx + vy * vy);
          var need = (ev.s[a] + ev.s[b]) / 2 + 5;
          if (d >= need) { continue; }
          if (d < 0.01) { vx = Math.cos(a + b); vy = Math.sin(a + b); d = 1; }
          var push = (need - d) / 2;
          x[a] -= vx / d * push; y[a] -= vy / d * push;
          x[b] += vx / d * push; y[b] += vy / d * push;
          moved = true;
        }
      }
      var pull = round < 60 ? 0.03 : 0;  // then only untangle
      for (var c = 0; c < n; c++) { x[c] += (hx[c] - x[c]) * pull; y[c] += (hy[c] - y[c]) * pull; }
      if (!moved) { break; }
    }
    var placed = [];
    for (var j = 0; j < n; j++) {
      var o = map.latLngToContainerPoint([ev.lat[j], ev.lon[j]]);
      var dx = Math.round(x[j] - o.x), dy = Math.round(y[j] - o.y);
      markers[j].setIcon(window.atlasIcon(styles[ev.w[j]], ev.s[j], 1, ev.h[j], ev.k[j], dx, dy));
      placed.push({x: x[j], y: y[j]});
    }
    return placed;
  }
  group.bindPopup(function (layer) {
    var el = document.createElement('div');
    el.className = 'atlas-popup';
    el.innerHTML = ev.p[layer.options.atlasIndex];
    return el;
  }, {maxWidth: 380, maxHeight: 420});
  group.addTo(map);
  var labels = L.layerGroup().addTo(map);
  var ruler = document.createElement('span');
  ruler.className = 'atlas-site-label atlas-ruler';
  ruler.style.cssText = 'position:absolute;visibility:hidden;left:-9999px';
  document.body.appendChild(ruler);
  var ANGLES = [0, -35, 35, 180, 215, 145, -70, 70, -110, 110, -90, 90];
  function hits(a, list) {
    for (var j = 0; j < list.length; j++) {
      var b = list[j];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) { return true; }
    }
    return false;
  }
  function place() {
    labels.clearLayers();
    var size = map.getSize(), taken = [], at = spread();
    for (var i = 0; i < ev.lat.length; i++) {
      var x = at[i].x, y = at[i].y, r = ev.s[i] / 2 + 3;
      taken.push({x0: x - r, y0: y - r - 6, x1: x + r + 6, y1: y + r});
    }
    for (var k = 0; k < sites.lat.length; k++) {
      ruler.innerHTML = sites.t[k];
      var w = ruler.offsetWidth + 2, h = ruler.offsetHeight + 2;
      var c = map.latLngToContainerPoint([sites.lat[k], sites.lon[k]]), best = null;
      for (var ring = 0; ring < 14 && !best; ring++) {
        var dist = sites.r[k] + 6 + ring * 18;
        for (var a = 0; a < ANGLES.length && !best; a++) {
          var rad = ANGLES[a] * Math.PI / 180, cos = Math.cos(rad);
          var ax = c.x + cos * dist, ay = c.y + Math.sin(rad) * dist;
          var x0 = Math.abs(cos) < 0.3 ? ax - w / 2 : (cos > 0 ? ax : ax - w);
          var box = {x0: x0, y0: ay - h / 2, x1: x0 + w, y1: ay + h / 2, ax: ax, ay: ay,
                     dist: dist};
          if (box.x0 < 4 || box.y0 < 4 || box.x1 > size.x - 4 || box.y1 > size.y - 4) {
            continue;
          }
          if (!hits(box, taken)) { best = box; }
        }
      }
      if (!best) { continue; }
      taken.push(best);
      if (best.dist > sites.r[k] + 8) {
        L.polyline([[sites.lat[k], sites.lon[k]], map.containerPointToLatLng([best.ax, best.ay])],
          {color: '#222', weight: 1.2, opacity: 0.9, interactive: false}).addTo(labels);
      }
      L.marker(map.containerPointToLatLng([best.x0, best.y0]), {interactive: false,
        keyboard: false, icon: L.divIcon({className: 'atlas-site-label', html: sites.t[k],
        iconSize: [w, h], iconAnchor: [0, 0]})}).addTo(labels);
    }
  }
  map.whenReady(function () { setTimeout(place, 0); });
  map.on('zoomend resize', place);
  return group;
})();
{% endmacro %}
""")

    def __init__(self, data: Mapping[str, Any]):
        super().__init__()
        self._name = "AtlasStillPoints"
        self.css_js = _CSS_JS
        self.data_json = script_json(data)
        self.styles_json = script_json(
            [{"icon": s.icon, "color": s.color, "name": name.replace("_", " ")}
             for name, s in WEAPON_STYLE.items()]
        )
