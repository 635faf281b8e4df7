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

from dashboard.map.options import MapError
from dashboard.map.popups import script_json
from dashboard.map.styles import WEAPON_STYLE

__all__ = ["MAP_CSS", "CanvasPoints", "ClusterPoints", "Decor", "Plugins"]

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
