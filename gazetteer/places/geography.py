"""Spatial context of the gazetteer: the al-Tanf zone, the Euphrates and its banks, nearest sites.

Metric work happens in projected coordinates: the al-Tanf circle is buffered in an azimuthal
equidistant projection centred on the garrison (distances from the centre are exact there), the
river sides are computed in UTM zone 37N (EPSG:32637, which covers the Syrian Euphrates), and
distances between points are geodesic on the WGS84 ellipsoid (:class:`pyproj.Geod`). Every
geometry handed out is in WGS84 (EPSG:4326), x = longitude, y = latitude.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import split

from gazetteer.places.loading import KINDS, Gazetteer, GazetteerError, load_gazetteer
from gazetteer.records import Site

__all__ = [
    "BANK_MAX_KM",
    "TANF_RADIUS_KM",
    "UTM_37N",
    "WGS84",
    "bank_of",
    "euphrates",
    "in_tanf_zone",
    "nearest_site",
    "site_layers",
    "tanf_zone",
]

WGS84 = "EPSG:4326"
#: Projected CRS for metric work along the Syrian Euphrates.
UTM_37N = "EPSG:32637"
#: Radius of the al-Tanf deconfliction zone, in km.
TANF_RADIUS_KM = 55.0
#: Beyond this distance from the river, :func:`bank_of` gives no answer.
BANK_MAX_KM = 60.0
#: Kinds whose point is a label, not a place; :func:`nearest_site` skips them by default.
LABEL_KINDS: tuple[str, ...] = ("region", "zone")

_EUPHRATES_LABEL = "gazetteer/data/euphrates.csv"
_GEOD = Geod(ellps="WGS84")


def _check_point(lat: float, lon: float) -> None:
    """Raise ValueError naming the coordinate when a point is not a valid WGS84 position."""
    for name, value, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name} {value!r} is not a number")
        if not math.isfinite(value) or not -limit <= value <= limit:
            raise ValueError(f"{name} {value!r} is out of range [{-limit:g}, {limit:g}]")


# -- al-Tanf zone ------------------------------------------------------------------------------


def tanf_zone(gazetteer: Gazetteer | None = None, radius_km: float = TANF_RADIUS_KM) -> Polygon:
    """The al-Tanf deconfliction zone: a circle around the garrison.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Source of the centre (the ``tanf-zone`` site, else ``tanf``); the packaged one by default.
    radius_km : float
        Radius in kilometres, 55 by default.

    Returns
    -------
    shapely.Polygon
        The circle in WGS84 (lon, lat), buffered in metres in an azimuthal equidistant
        projection centred on the garrison.

    Raises
    ------
    ValueError
        When ``radius_km`` is not a positive number.
    GazetteerError
        When the gazetteer has neither a ``tanf-zone`` nor a ``tanf`` site.
    """
    if isinstance(radius_km, bool) or not isinstance(radius_km, (int, float)):
        raise ValueError(f"radius_km {radius_km!r} is not a number")
    if not math.isfinite(radius_km) or radius_km <= 0:
        raise ValueError(f"radius_km {radius_km!r} must be a positive number")
    g = gazetteer or load_gazetteer()
    centre = next((g.sites[k] for k in ("tanf-zone", "tanf") if k in g.sites), None)
    if centre is None:
        raise GazetteerError(f"{g.source}: no 'tanf-zone' or 'tanf' site to centre the zone on")
    local = CRS.from_dict(
        {"proj": "aeqd", "lat_0": centre.lat, "lon_0": centre.lon, "datum": "WGS84", "units": "m"}
    )
    to_wgs84 = Transformer.from_crs(local, WGS84, always_xy=True)
    circle = Point(0.0, 0.0).buffer(radius_km * 1000.0, quad_segs=64)
    return shapely.transform(circle, _separate_xy(to_wgs84), interleaved=False)


@cache
def _default_zone() -> Polygon:
    zone = tanf_zone()
    shapely.prepare(zone)
    return zone


def in_tanf_zone(lat: float, lon: float) -> bool:
    """Whether a point lies in the 55 km al-Tanf zone of the packaged gazetteer.

    Parameters
    ----------
    lat, lon : float
        WGS84 decimal degrees.

    Returns
    -------
    bool
        True inside the circle or on its edge.

    Raises
    ------
    ValueError
        When a coordinate is not a number or out of range.
    """
    _check_point(lat, lon)
    return bool(shapely.intersects_xy(_default_zone(), lon, lat))


# -- the Euphrates -----------------------------------------------------------------------------


@cache
def _euphrates_coords() -> tuple[tuple[float, float], ...]:
    """Read ``data/euphrates.csv`` as (lon, lat) vertices, upstream first."""
    raw = resources.files("gazetteer").joinpath("data", "euphrates.csv").read_text(encoding="utf-8")
    numbered = [
        (n, line)
        for n, line in enumerate(raw.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise GazetteerError(f"{_EUPHRATES_LABEL}: no header row (expected order,lon,lat)")
    reader = csv.DictReader(line for _, line in numbered)
    header = reader.fieldnames or []
    for column in ("order", "lon", "lat"):
        if column not in header:
            raise GazetteerError(f"{_EUPHRATES_LABEL}: header row: missing column {column!r}")
    coords: list[tuple[float, float]] = []
    last_order: float | None = None
    for row_no, row in enumerate(reader, start=1):
        line = numbered[reader.line_num - 1][0]
        where = f"{_EUPHRATES_LABEL}: row {row_no} (line {line})"
        values: dict[str, float] = {}
        for column, limit in (("order", math.inf), ("lon", 180.0), ("lat", 90.0)):
            cell = (row.get(column) or "").strip()
            try:
                value = float(cell)
            except ValueError:
                raise GazetteerError(f"{where}: {column} {cell!r} is not a number") from None
            if math.isnan(value) or not -limit <= value <= limit:
                raise GazetteerError(f"{where}: {column} {cell!r} is out of range")
            values[column] = value
        if last_order is not None and values["order"] <= last_order:
            raise GazetteerError(f"{where}: order {values['order']:g} does not increase")
        last_order = values["order"]
        coords.append((values["lon"], values["lat"]))
    if len(coords) < 2:
        raise GazetteerError(f"{_EUPHRATES_LABEL}: needs at least 2 vertices, has {len(coords)}")
    return tuple(coords)


def euphrates() -> LineString:
    """The Euphrates through Syria, upstream first (Natural Earth 1:50m, public domain).

    Returns
    -------
    shapely.LineString
        The river line in WGS84 (lon, lat).
    """
    return LineString(_euphrates_coords())


def _separate_xy(transformer: Transformer) -> Any:
    """``transformer.transform`` for ``shapely.transform(..., interleaved=False)``.

    With ``interleaved=False`` shapely calls the function with separate x and y arrays, which
    is pyproj's signature; shapely's type stubs only describe the interleaved form.
    """
    return transformer.transform


@cache
def _banks() -> tuple[Transformer, LineString, Polygon]:
    """The river and the half-plane on its left (east) bank, in UTM 37N metres.

    The river is extended straight on from both ends far past a frame around it; the extended
    line cuts the frame in two, and the part on the left of the flow is the left bank.
    """
    to_utm = Transformer.from_crs(WGS84, UTM_37N, always_xy=True)
    river = shapely.transform(euphrates(), _separate_xy(to_utm), interleaved=False)
    coords: list[tuple[float, float]] = [(float(x), float(y)) for x, y, *_ in river.coords]
    minx, miny, maxx, maxy = river.bounds
    pad = 1_000 * (BANK_MAX_KM + 200.0)
    frame = box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    reach = 10.0 * math.hypot(maxx - minx + 2 * pad, maxy - miny + 2 * pad)

    def beyond(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy)
        return b[0] + dx / length * reach, b[1] + dy / length * reach

    extended = LineString([beyond(coords[1], coords[0]), *coords, beyond(coords[-2], coords[-1])])
    if not extended.is_simple:
        raise GazetteerError(f"{_EUPHRATES_LABEL}: the river line crosses itself")
    parts = list(split(frame, extended).geoms)
    if len(parts) != 2:
        raise GazetteerError(
            f"{_EUPHRATES_LABEL}: the river line should cut the plane in two, got {len(parts)}"
        )
    (x0, y0), (x1, y1) = coords[0], coords[1]
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length  # unit normal to the left of the flow
    probe = Point((x0 + x1) / 2 + nx * 50.0, (y0 + y1) / 2 + ny * 50.0)
    left = next(p for p in parts if isinstance(p, Polygon) and p.contains(probe))
    shapely.prepare(left)
    shapely.prepare(river)
    return to_utm, river, left


def bank_of(lat: float, lon: float, max_km: float = BANK_MAX_KM) -> str | None:
    """Which bank of the Euphrates a point lies on.

    Parameters
    ----------
    lat, lon : float
        WGS84 decimal degrees.
    max_km : float
        Points farther than this from the river get no answer.

    Returns
    -------
    str or None
        ``"east"`` for the left bank (al-Jazira: al-Omar, Conoco, Hajin, al-Baghuz), ``"west"``
        for the right bank (al-Shamiya: Deir ez-Zor city, al-Mayadin, Albukamal), None beyond
        ``max_km``. The river line is generalised to 1-2 km, so the answer is unreliable within
        about 2 km of it. Beyond the ends of the line the river is taken to run straight on.

    Raises
    ------
    ValueError
        When a coordinate is not a number or out of range.
    """
    _check_point(lat, lon)
    to_utm, river, left = _banks()
    point = Point(to_utm.transform(lon, lat))
    if river.distance(point) > max_km * 1000.0:
        return None
    return "east" if left.covers(point) else "west"


# -- nearest site and map layers ---------------------------------------------------------------


def nearest_site(
    lat: float,
    lon: float,
    gazetteer: Gazetteer | None = None,
    kinds: Iterable[str] | None = None,
) -> tuple[Site, float]:
    """The gazetteer place nearest to a point.

    Parameters
    ----------
    lat, lon : float
        WGS84 decimal degrees.
    gazetteer : Gazetteer, optional
        The places; the packaged gazetteer by default.
    kinds : iterable of str, optional
        Only places of these kinds (values of :data:`gazetteer.places.loading.KINDS`). By default
        every
        kind except ``region`` and ``zone``, whose points are labels rather than places.

    Returns
    -------
    tuple of (Site, float)
        The place and its geodesic distance in kilometres. Of places at the same distance, the
        one listed first wins.

    Raises
    ------
    ValueError
        When a coordinate is invalid, a kind is unknown, or no place has the kinds asked for.
    """
    _check_point(lat, lon)
    g = gazetteer or load_gazetteer()
    if kinds is None:
        wanted = set(KINDS) - set(LABEL_KINDS)
    else:
        wanted = set(kinds)
        unknown = sorted(wanted - set(KINDS))
        if unknown:
            raise ValueError(f"kinds: {', '.join(map(repr, unknown))} not in {', '.join(KINDS)}")
    frame = g.frame
    chosen = frame[frame["kind"].isin(wanted)]
    if chosen.empty:
        raise ValueError(f"kinds: no place of kind {', '.join(sorted(wanted))} in {g.source}")
    n = len(chosen)
    _, _, metres = _GEOD.inv(
        np.full(n, float(lon)),
        np.full(n, float(lat)),
        chosen["lon"].to_numpy(dtype=float),
        chosen["lat"].to_numpy(dtype=float),
    )
    best = int(np.argmin(metres))
    return g.sites[chosen.index[best]], float(metres[best]) / 1000.0


def site_layers(gazetteer: Gazetteer | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The gazetteer's map layers, all in EPSG:4326.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The places; the packaged gazetteer by default.

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        ``sites`` (a copy of :attr:`Gazetteer.frame`), ``tanf_zone`` (one polygon, with
        ``name``, ``name_ar`` and ``radius_km``) and ``euphrates`` (one line, with ``name`` and
        ``name_ar``).
    """
    g = gazetteer or load_gazetteer()
    zone_site = next((g.sites[k] for k in ("tanf-zone", "tanf") if k in g.sites), None)
    zone = gpd.GeoDataFrame(
        {
            "name": [zone_site.name_en if zone_site else "al-Tanf zone"],
            "name_ar": [zone_site.name_ar if zone_site else ""],
            "radius_km": [TANF_RADIUS_KM],
        },
        geometry=[tanf_zone(g)],
        crs=WGS84,
    )
    river = gpd.GeoDataFrame(
        {"name": ["Euphrates"], "name_ar": ["\u0627\u0644\u0641\u0631\u0627\u062a"]},  # الفرات
        geometry=[euphrates()],
        crs=WGS84,
    )
    return {"sites": g.frame.copy(), "tanf_zone": zone, "euphrates": river}
