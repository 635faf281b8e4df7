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

import json
import logging
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from branca.element import Element
from folium.plugins import Fullscreen

from dashboard.map.assets import MISSING_FIX, missing_assets
from dashboard.map.basemap import MIN_ZOOM, PlaceLabels, country_points, khabur, town_points
from dashboard.map.elements import (
    MAP_CSS,
    CanvasPoints,
    Decor,
    Plugins,
    StillPoints,
    TimeLapse,
)
from dashboard.map.labels import LOW_CONFIDENCE, confidence_of, label_order
from dashboard.map.layers import (
    DATA_LAYER_KEYS,
    LayerPayload,
    build_data_layers,
    build_event_layer,
    coords,
    data_layer_payloads,
    data_layers_from_payloads,
    layer,
    localise,
)
from dashboard.map.options import (
    DEFAULT_BOUNDS,
    LAYERS,
    SIZE_BY,
    MapError,
    MapOptions,
    check_frame,
)
from dashboard.map.popups import esc, popup_html
from dashboard.map.still import STILL_MAX, still_points
from dashboard.map.styles import WEAPON_STYLE, WeaponStyle
from gazetteer.places.loading import IMPORTED_PREFIX

__all__ = [
    "DATA_LAYER_KEYS",
    "DEFAULT_BOUNDS",
    "LAYERS",
    "MAP_CSS",
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
    "fit_view",
    "frame_with_popups",
    "popup_html",
]

log = logging.getLogger(__name__)

#: The offline basemap built by ``tools/make_basemap.py``.
BASEMAP_PATH = Path(__file__).resolve().parent.parent / "data" / "basemap.geojson"

#: Scripts folium links by default that this map never calls: jQuery (folium.Popup only; the
#: atlas binds its own popups), Bootstrap's script and the awesome-markers script (folium.Icon;
#: the atlas draws its own icons, with Font Awesome's stylesheet, which stays). The map frame
#: loads its scripts one after another: three fewer before the first map is drawn.
UNUSED_JS: frozenset[str] = frozenset({"jquery", "bootstrap", "awesome_markers"})

#: Gazetteer kinds labelled in the "Site labels" layer whether or not they have events; a town,
#: village or region is labelled only while events in the filter stand there.
SITE_LABEL_KINDS: tuple[str, ...] = ("base", "airbase", "oil_field", "gas_field", "city")


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
    group = layer(key, options)
    folium.GeoJson(
        geometry.__geo_interface__, style_function=lambda _f: style, control=False,
        tooltip=folium.Tooltip(esc(tooltip)),
    ).add_to(group)
    return group


def _site_label_points(frame: pd.DataFrame, geography: Any) -> dict[str, Any]:
    """The curated site labels, in :func:`label_order` (the browser shows them in turn)."""
    rows: list[tuple[float, float, str, str, int]] = []
    if geography is not None:
        sites = geography.site_layers().get("sites")
        missing = [c for c in ("name_en", "kind", "lat", "lon") if sites is None
                   or c not in sites.columns]
        if missing:
            raise MapError(f"gazetteer.places.geography.site_layers()['sites']: missing {missing}")
        per_site = (frame["site"].astype(str).value_counts() if "site" in frame.columns
                    else pd.Series(dtype=int))
        # the curated sites of the labelled kinds (the built-in GeoNames towns would bury them
        # in labels), and every site with events in the filter, whatever its kind: a marker
        # at a town (al-Shaddadi, Hajin) is named on the map as in the briefing
        curated = ~sites.index.astype(str).str.startswith(IMPORTED_PREFIX)
        with_events = sites.index.astype(str).isin(per_site.index[per_site > 0])
        sites = sites[sites["lat"].notna()
                      & ((sites["kind"].isin(SITE_LABEL_KINDS) & curated) | with_events)]
        rows = [(lat, lon, str(name), str(kind), int(per_site.get(str(key), 0)))
                for key, lat, lon, name, kind in zip(
                    sites.index, sites["lat"], sites["lon"], sites["name_en"], sites["kind"],
                    strict=True)]
    else:
        per_name = frame["site_name"].value_counts()
        sites = frame.drop_duplicates("site_name")
        rows = [(lat, lon, str(name), "", int(per_name.get(name, 0))) for lat, lon, name in
                zip(sites["lat"], sites["lon"], sites["site_name"], strict=True) if name]
    rows = [rows[i] for i in label_order([r[3] for r in rows], [r[4] for r in rows])]
    return {
        "lat": coords([r[0] for r in rows]),
        "lon": coords([r[1] for r in rows]),
        "r": [3] * len(rows),
        "t": [esc(r[2]) for r in rows],
        "e": [r[4] for r in rows],
    }


def _legend_html(frame: pd.DataFrame, unplaced: int, options: MapOptions) -> str:
    items = "".join(
        f'<div><span class="sw" style="background:{s.color}">'
        f'<i class="fa-solid fa-{s.icon}"></i></span>{esc(s.label)}</div>'
        for s in WEAPON_STYLE.values()
    )
    notes = [f"Marker size: {SIZE_BY[options.size_by]}"]
    if bool((confidence_of(frame) < LOW_CONFIDENCE).any()):
        notes.append(f"Hollow: low confidence (below {LOW_CONFIDENCE:g}), see the popup")
    if len(frame) > options.cluster_threshold:
        notes.append("Number on a marker: events at that place")
    if options.include_data:
        # A base map drawn without its data layers (the app adds them per filter) would give
        # a stale total here; the page states the filtered counts itself.
        notes.append(f"{len(frame):,} events on the map")
        if unplaced:
            notes.append(f"{unplaced:,} events without coordinates not shown")
    return f"<b>Weapon</b>{items}" + "".join(f"<div>{esc(n)}</div>" for n in notes)


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


#: Windows the time-lapse control offers: label -> days.
TIME_LAPSE_WINDOWS: dict[str, int] = {"1 week": 7, "2 weeks": 14, "1 month": 30, "3 months": 91}

#: The map's own zoom limits (folium's min_zoom/max_zoom only reach a tile layer).
_ZOOM_LIMITS: dict[str, Any] = {"minZoom": 4, "maxZoom": 16}


def _place_labels(geography: Any, options: MapOptions) -> PlaceLabels:
    """Country names, then cities, towns and villages by zoom (cities only in a briefing)."""
    sites = geography.site_layers().get("sites") if geography is not None else None
    towns = town_points(sites)
    sets = [("atlas-country", country_points())]
    for kind in ("city", "town", "village"):
        if options.briefing and kind != "city":
            continue
        keep = [i for i, z in enumerate(towns["z"]) if z == MIN_ZOOM[kind]]
        sets.append((f"atlas-{kind}", {k: [v[i] for i in keep] for k, v in towns.items()}))
    return PlaceLabels(sets, options.label_language, control=not options.briefing)


def _add_context(m: folium.Map, frame: pd.DataFrame, options: MapOptions) -> None:
    """The Tanf zone, the Euphrates and (except in briefing mode) the curated site labels."""
    geography = _geography()
    if geography is not None:
        _shape_layer("tanf_zone", geography.tanf_zone(), ("Polygon", "MultiPolygon"),
                     {"color": "#7b3294", "weight": 1.5, "dashArray": "6 4",
                      "fillColor": "#7b3294", "fillOpacity": 0.06},
                     "al-Tanf deconfliction zone (55 km)", options).add_to(m)
        rivers = _shape_layer("euphrates", geography.euphrates(),
                              ("LineString", "MultiLineString"),
                              {"color": "#2b7bba", "weight": 2.5, "opacity": 0.8},
                              "Euphrates", options)
        folium.PolyLine(khabur(), color="#2b7bba", weight=1.8, opacity=0.8,
                        tooltip="Khabur (schematic, through the towns on its banks)").add_to(rivers)
        rivers.add_to(m)
    _place_labels(geography, options).add_to(m)
    if options.briefing:
        return  # the briefing labels each site with events once, with its count
    labels = layer("site_labels", options)
    label_points = _site_label_points(frame, geography)
    if label_points["lat"]:
        CanvasPoints("site_labels", label_points, {
            "color": "#222", "weight": 1, "fillColor": "#fff", "fillOpacity": 1, "labels": True,
        }).add_to(labels)
    labels.add_to(m)


def _zoom_options(options: MapOptions) -> dict[str, Any]:
    """Zoom limits, and quarter zoom steps for the briefing's snug fit."""
    return {**_ZOOM_LIMITS, **({"zoomSnap": 0.25} if options.briefing else {})}


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
    frame = check_frame(events)
    bounds = _bounds(frame)
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    m = folium.Map(location=center, zoom_start=7, tiles=None, control_scale=True,
                   prefer_canvas=True, zoom_control=not options.briefing,
                   height=options.height, **_zoom_options(options))
    m.default_js = [(name, url) for name, url in m.default_js if name not in UNUSED_JS]
    # (folium's min_zoom/max_zoom only reach a tile layer; markercluster needs the map's)
    if options.tile_url:
        folium.TileLayer(tiles=options.tile_url, attr=options.tile_attribution, name="Tiles",
                         control=False, max_zoom=16).add_to(m)
    _basemap_layer(bool(options.tile_url)).add_to(m)
    Plugins().add_to(m)

    _add_context(m, frame, options)
    if options.include_data and options.briefing and len(frame) <= STILL_MAX:
        StillPoints(still_points(frame, options)).add_to(m)
    elif options.include_data:
        for data_layer in build_data_layers(frame, options):
            data_layer.add_to(m)

    unplaced = len(events) - len(frame)
    boxes = [{"position": "bottomright", "cls": "atlas-legend",
              "html": _legend_html(frame, unplaced, options)}]
    background = None if options.tile_url else "#dde6ea"
    Decor(boxes, background, "Borders: Natural Earth").add_to(m)
    if not options.briefing:
        Fullscreen(position="topleft", title="Full screen",
                   title_cancel="Exit full screen").add_to(m)
        TimeLapse(list(TIME_LAPSE_WINDOWS.items())).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    # briefing: a margin in pixels around the events, for the site labels
    m.fit_bounds(bounds, padding=(70, 70) if options.briefing else None)
    if options.asset_base_url is not None:
        _warn_missing_assets(m)
    return localise(m, options)


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
    root: Any = m.get_root()
    root.html.add_child(Element(
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
