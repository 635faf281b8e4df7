"""Basemap context from data shipped in the package: towns, the Khabur, country names.

- :func:`town_points`: towns and villages of the gazetteer (the curated sites and the built-in
  GeoNames layer, ``gazetteer/data/places_geonames.csv``) with the zoom from which each is
  labelled: cities first, then towns, then villages (GeoNames' kinds follow population);
- :func:`khabur`: the Khabur's course, ``dashboard/data/khabur.csv`` (sourced vertices);
- :func:`country_points`: one label point per country of ``dashboard/data/basemap.geojson``
  inside the view, with its English and Arabic name (``dashboard/data/country_names.csv``).

Every label has an English and an Arabic text; the map's label control switches between them
in the browser (:class:`PlaceLabels`). No tiles and nothing fetched.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
from folium.template import Template
from shapely.geometry import box, shape

from dashboard.map.elements import _CSS_JS
from dashboard.map.options import MapError
from dashboard.map.popups import esc, script_json
from gazetteer.places.loading import IMPORTED_PREFIX

__all__ = ["MIN_ZOOM", "PlaceLabels", "country_points", "khabur", "town_points"]

DATA = Path(__file__).resolve().parent.parent / "data"
KHABUR_PATH = DATA / "khabur.csv"
COUNTRY_NAMES_PATH = DATA / "country_names.csv"
BASEMAP_PATH = DATA / "basemap.geojson"

#: Place kind -> the first zoom level at which it is labelled.
MIN_ZOOM: dict[str, int] = {"country": 0, "city": 6, "town": 8, "village": 10}

#: Label class -> its canvas font, letter spacing and size in pixels (as in ``MAP_CSS``), to
#: measure labels without a page layout per label.
LABEL_FONTS: dict[str, dict[str, Any]] = {
    "atlas-country": {"font": "bold 15px sans-serif", "spacing": 1.8, "px": 15},
    "atlas-city": {"font": "bold 12px sans-serif", "spacing": 0, "px": 12},
    "atlas-town": {"font": "11px sans-serif", "spacing": 0, "px": 11},
    "atlas-village": {"font": "italic 10px sans-serif", "spacing": 0, "px": 10},
}

#: A GeoNames place this close to a curated site (degrees, about 3 km) is the same place.
_SAME_PLACE_DEG = 0.03


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MapError(f"{path}: cannot read it: {exc}") from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def khabur() -> tuple[tuple[float, float], ...]:
    """The Khabur's course as ``(lat, lon)`` vertices, upstream first.

    Returns
    -------
    tuple of (float, float)
        From ``dashboard/data/khabur.csv``, in its ``order``.

    Raises
    ------
    MapError
        When the file is missing or a row has no number in ``order``, ``lon`` or ``lat``
        (the message names the row).
    """
    points = []
    for n, row in enumerate(_rows(KHABUR_PATH), start=1):
        try:
            points.append((int(row["order"]), float(row["lat"]), float(row["lon"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise MapError(f"{KHABUR_PATH}: data row {n}: order, lon and lat must be numbers"
                           f" ({exc})") from exc
    if len(points) < 2:
        raise MapError(f"{KHABUR_PATH}: needs at least two vertices")
    return tuple((lat, lon) for _, lat, lon in sorted(points))


def town_points(sites: pd.DataFrame | None) -> dict[str, list[Any]]:
    """Towns and villages to label, with the zoom from which each shows.

    Parameters
    ----------
    sites : pandas.DataFrame or None
        ``gazetteer.places.geography.site_layers()["sites"]`` (index: site keys; columns
        ``name_en``, ``name_ar``, ``kind``, ``lat``, ``lon``); None gives no town.

    Returns
    -------
    dict
        Column-wise ``lat``, ``lon``, ``en``, ``ar`` (escaped) and ``z`` (:data:`MIN_ZOOM`),
        cities first. Curated cities are left to the site labels; a GeoNames place within
        about 3 km of a curated town is the same town and is dropped.
    """
    empty: dict[str, list[Any]] = {"lat": [], "lon": [], "en": [], "ar": [], "z": []}
    if sites is None or not len(sites):
        return empty
    placed = sites[sites["lat"].notna() & sites["lon"].notna()]
    imported = placed.index.astype(str).str.startswith(IMPORTED_PREFIX)
    curated = placed[~imported]
    towns = pd.concat([
        curated[curated["kind"].isin(["town", "village"])],
        placed[imported & placed["kind"].isin(["city", "town", "village"])],
    ])
    if len(curated):
        lat = towns["lat"].to_numpy(float)[:, None] - curated["lat"].to_numpy(float)[None, :]
        lon = towns["lon"].to_numpy(float)[:, None] - curated["lon"].to_numpy(float)[None, :]
        near = (np.hypot(lat, lon) < _SAME_PLACE_DEG).any(axis=1)
        own = ~towns.index.astype(str).str.startswith(IMPORTED_PREFIX)
        towns = towns[own | ~near]
    towns = towns.assign(z=towns["kind"].map(MIN_ZOOM)).sort_values("z", kind="stable")
    return {
        "lat": np.round(towns["lat"].to_numpy(float), 5).tolist(),
        "lon": np.round(towns["lon"].to_numpy(float), 5).tolist(),
        "en": [esc(v) for v in towns["name_en"]],
        "ar": [esc(v) for v in towns["name_ar"].fillna(towns["name_en"])],
        "z": towns["z"].astype(int).tolist(),
    }


@cache
def country_points(
    view: tuple[float, float, float, float] = (35.5, 32.5, 44.5, 38.0),
) -> dict[str, list[Any]]:
    """One label point per country of the basemap, inside ``view``.

    Parameters
    ----------
    view : (west, south, east, north)
        Only the part of each country inside this box counts.

    Returns
    -------
    dict
        Column-wise ``lat``, ``lon``, ``en``, ``ar`` (escaped) and ``z`` (0).

    Raises
    ------
    MapError
        When the basemap or the names file cannot be read.
    """
    try:
        data = json.loads(BASEMAP_PATH.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise MapError(f"{BASEMAP_PATH}: cannot read the offline basemap: {exc}") from exc
    arabic = {row["name_en"]: row["name_ar"] for row in _rows(COUNTRY_NAMES_PATH)}
    frame = box(*view)
    out: dict[str, list[Any]] = {"lat": [], "lon": [], "en": [], "ar": [], "z": []}
    for feature in data.get("features", []):
        props = feature.get("properties", {})
        if props.get("kind") != "country":
            continue
        part = shape(feature["geometry"]).intersection(frame)
        if part.is_empty or part.area < 0.3:  # a sliver at the edge of the view
            continue
        point = part.representative_point()
        name = str(props.get("name", ""))
        out["lat"].append(round(point.y, 4))
        out["lon"].append(round(point.x, 4))
        out["en"].append(esc(name.upper()))
        out["ar"].append(esc(arabic.get(name, name)))
        out["z"].append(0)
    return out


class PlaceLabels(folium.MacroElement):
    """Labels of countries, towns and villages, shown by zoom, in English or Arabic.

    Labels are placed in order (countries, then cities, towns, villages) and one that would
    overlap a label already placed is left out at that zoom; a town or city name under a site
    label is then hidden by the site labels' routine (``dashboard.map.labels.DECLUTTER_JS``).
    A small control switches every label between English and Arabic in the browser
    (``atlasLabelLanguage``).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  {{ this.css_js }}
  var map = {{ this._parent.get_name() }};
  var sets = {{ this.data_json }};
  var lang = {{ this.language_json }};
  var layer = L.layerGroup().addTo(map);
  // text widths from a canvas (no page layout per label), entities decoded first
  var pen = document.createElement('canvas').getContext('2d');
  var decoder = document.createElement('textarea'), widths = {}, penFont = null;
  function width(text, font, spacing) {  // measured once per text and font (every zoom asks)
    var key = font + '|' + spacing + '|' + text;
    if (!(key in widths)) {
      var plain = text;
      if (text.indexOf('&') >= 0) { decoder.innerHTML = text; plain = decoder.value; }
      if (penFont !== font) { pen.font = font; penFont = font; }  // setting a font parses it
      widths[key] = pen.measureText(plain).width + spacing * plain.length;
    }
    return widths[key];
  }
  function draw() {
    layer.clearLayers();
    var zoom = map.getZoom(), taken = [];
    sets.forEach(function (set) {
      for (var i = 0; i < set.data.lat.length; i++) {
        if (set.data.z[i] > zoom) { continue; }
        var text = lang === 'ar' ? set.data.ar[i] : set.data.en[i];
        var w = Math.ceil(width(text, set.font, set.spacing)) + 6, h = set.px + 4;
        var p = map.latLngToContainerPoint([set.data.lat[i], set.data.lon[i]]);
        var b = {x0: p.x - w / 2, y0: p.y - h / 2, x1: p.x + w / 2, y1: p.y + h / 2};
        var clash = taken.some(function (t) {
          return b.x0 < t.x1 && t.x0 < b.x1 && b.y0 < t.y1 && t.y0 < b.y1; });
        if (clash) { continue; }
        taken.push(b);
        L.marker([set.data.lat[i], set.data.lon[i]], {interactive: false, keyboard: false,
          pane: 'overlayPane', icon: L.divIcon({className: set.cls, html: text,
          iconSize: [w, h], iconAnchor: [w / 2, h / 2]})}).addTo(layer);
      }
    });
    map.fire('atlasplacelabels');  // the site labels (labels.DECLUTTER_JS) claim their room
  }
  var control = L.control({position: 'topright'});
  control.onAdd = function () {
    var div = L.DomUtil.create('div', 'atlas-box atlas-lang');
    ['en', 'ar'].forEach(function (code) {
      var b = L.DomUtil.create('button', 'atlas-lang-' + code, div);
      b.type = 'button'; b.textContent = code === 'ar' ? '\\u0639\\u0631\\u0628\\u064a' : 'EN';
      L.DomEvent.on(b, 'click', function () { lang = code; window.atlasLabelLanguage = code;
                                              draw(); });
    });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  {% if this.control %}control.addTo(map); /*atlas-lang-control*/{% endif %}
  window.atlasLabelLanguage = lang;
  map.whenReady(draw);
  // after a zoom, the names are redrawn in a task of their own, so that the zoom's markers
  // (a filter change's refit) are drawn first; the old names move with the map meanwhile
  var pending = null;
  map.on('zoomend', function () {
    if (pending === null) { pending = setTimeout(function () { pending = null; draw(); }, 0); }
  });
})();
{% endmacro %}
""")

    def __init__(self, sets: list[tuple[str, dict[str, list[Any]]]], language: str = "en",
                 control: bool = True):
        super().__init__()
        unknown = sorted({cls for cls, _ in sets} - set(LABEL_FONTS))
        if unknown:
            raise MapError(f"place labels: unknown classes {unknown}; see LABEL_FONTS")
        if language not in ("en", "ar"):
            raise MapError(f"label language {language!r}: choose 'en' or 'ar'")
        self._name = "AtlasPlaceLabels"
        self.css_js = _CSS_JS
        self.data_json = script_json([
            {"cls": cls, "data": data, **LABEL_FONTS[cls]} for cls, data in sets
        ])
        self.language_json = script_json(language)
        self.control = control
