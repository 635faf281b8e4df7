"""Downloads of the filtered events: CSV, GeoJSON, KML, GeoPackage, HTML map and PNG map.

Each function takes the filtered flat table of :func:`dashboard.frames.events_frame` (extra
columns such as ``review_status`` are exported too; the internal ``search_text`` and the
geometry column are not) and returns the file's bytes, ready for ``st.download_button``.

Text is escaped for each format by the library that writes it (``csv``, ``json``,
:mod:`xml.etree.ElementTree`, GDAL), so an outlet or summary holding ``<script>``, ``]]>`` or
``"`` arrives as that text. The CSV also guards against formula injection, see
:func:`to_csv_bytes`. Coordinates are WGS84 longitude/latitude, taken from the ``lat`` and
``lon`` columns (falling back to the geometry when they are absent).
"""

from __future__ import annotations

import importlib
import io
import json
import math
import re
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.map.styles import WEAPON_STYLE
from gazetteer.records import WEAPONS

if TYPE_CHECKING:
    import folium
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "BASEMAP_PATH",
    "FORMULA_PREFIXES",
    "KML_NS",
    "to_csv_bytes",
    "to_geojson_bytes",
    "to_gpkg_bytes",
    "to_html_bytes",
    "to_kml_bytes",
    "to_png_bytes",
]

#: Columns never exported: the normalised search text is internal to the dashboard.
_INTERNAL = ("search_text",)

#: A CSV text cell starting with one of these gets a leading apostrophe (formula injection).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: KML 2.2 namespace.
KML_NS = "http://www.opengis.net/kml/2.2"

#: The offline basemap drawn under the PNG map when present.
BASEMAP_PATH = Path(__file__).resolve().parent / "data" / "basemap.geojson"

#: Characters XML 1.0 cannot hold at all (C0 controls other than tab, newline, return).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: The view of eastern Syria used when there is nothing to fit: lon/lat bounds.
_DEFAULT_BOUNDS = (35.5, 32.0, 42.5, 37.5)


# --------------------------------------------------------------------------- table plumbing


def _is_missing(value: Any) -> bool:
    """Tell whether a scalar is None, NaN, NA or NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _cell(value: Any) -> Any:
    """Turn one object-column cell into a plain value: lists '|'-joined, dates ISO."""
    if _is_missing(value):
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(str(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return _iso(value)
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _iso(stamp: pd.Timestamp) -> str:
    """Format a timestamp as a date when it is midnight, else as date and time."""
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.isoformat()


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain export columns: no geometry, no internal columns; dates ISO, lists '|'-joined."""
    keep = [
        c
        for c in frame.columns
        if c not in _INTERNAL and not isinstance(frame[c].dtype, gpd.array.GeometryDtype)
    ]
    table = pd.DataFrame(frame[keep]).copy()
    for column in keep:
        series = table[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            midnight = series.isna() | (series == series.dt.normalize())
            fmt = "%Y-%m-%d" if bool(midnight.all()) else "%Y-%m-%dT%H:%M:%S"
            table[column] = series.dt.strftime(fmt).astype(object).where(series.notna(), None)
        elif series.dtype == object:
            table[column] = series.map(_cell).astype(object)
    return table.reset_index(drop=True)


def _lonlat(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return WGS84 longitudes and latitudes (NaN where unknown)."""
    if {"lon", "lat"} <= set(frame.columns):
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return lon, lat
    if isinstance(frame, gpd.GeoDataFrame) and frame.active_geometry_name is not None:
        geometry = frame.geometry
        if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
            geometry = geometry.to_crs("EPSG:4326")
        points = geometry.where(geometry.geom_type == "Point")
        return points.x.to_numpy(dtype=float), points.y.to_numpy(dtype=float)
    raise ValueError("event table has neither lon/lat columns nor a point geometry to export")


def _valid_point(lon: float, lat: float) -> bool:
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of JSON-safe Python values (None for missing)."""
    columns: dict[str, list[Any]] = {}
    for column in table.columns:
        values = table[column].to_numpy(dtype=object, na_value=None)
        columns[column] = [_cell(v) for v in values]
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


# --------------------------------------------------------------------------- CSV


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Export the events as CSV that Excel opens with Arabic intact.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark, CRLF line ends, one header row, no geometry column.
        Dates are ``YYYY-MM-DD``, lists ``|``-joined, missing values empty.

    Notes
    -----
    Formula-injection guard (OWASP "CSV injection"): a text cell that starts with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return is written with a leading apostrophe
    (``'=1+1``), so a spreadsheet shows it as text instead of running it. Numeric columns
    (negative coordinates included) are not changed. Read the file back with
    ``pandas.read_csv(..., encoding="utf-8-sig")`` and strip that apostrophe if needed.
    """
    table = _table(frame)
    for column in table.columns:
        series = table[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            table[column] = series.map(_guard_formula)
    text = table.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _guard_formula(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --------------------------------------------------------------------------- GeoJSON


def to_geojson_bytes(frame: pd.DataFrame) -> bytes:
    """Export the events as an RFC 7946 GeoJSON FeatureCollection.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.

    Returns
    -------
    bytes
        UTF-8 JSON: one Point Feature per event, coordinates ``[lon, lat]`` in WGS84 rounded
        to 6 decimals (about 0.1 m), no ``crs`` member; ``geometry`` is null for an event
        without coordinates. ``id`` is the event id; ``properties`` hold every exported
        column with dates as ISO strings and missing values as null.
    """
    table = _table(frame)
    lon, lat = _lonlat(frame)
    features = []
    for record, x, y in zip(_records(table), lon.tolist(), lat.tolist(), strict=True):
        geometry = (
            {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]}
            if _valid_point(x, y)
            else None
        )
        feature: dict[str, Any] = {"type": "Feature"}
        if record.get("id") is not None:
            feature["id"] = str(record["id"])
        feature["geometry"] = geometry
        feature["properties"] = record
        features.append(feature)
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False, default=_json_default)
    return text.encode("utf-8")


def _json_default(value: Any) -> Any:
    """Serialise what :mod:`json` does not know; anything else is a clear error."""
    converted = _cell(value)
    if converted is not value:
        return converted
    raise TypeError(f"cannot write {type(value).__name__} value {value!r} to GeoJSON")


# --------------------------------------------------------------------------- KML


def _xml_text(value: Any) -> str:
    """Text for an XML node: missing -> empty, characters XML cannot hold removed."""
    if not isinstance(value, str):
        value = _cell(value)
        if value is None:
            return ""
        value = str(value)
    return _XML_INVALID.sub("", value)


def _range(low: Any, high: Any) -> str:
    low, high = _cell(low), _cell(high)
    if low is None:
        return "not reported"
    return str(low) if high is None or high == low else f"{low}-{high}"


def _description(row: dict[str, Any]) -> str:
    """Plain-text description of one event for a KML balloon."""
    lines = [str(row.get("summary_en") or "")]
    fields = (
        ("Date", _dates(row)),
        ("Place", row.get("site_name") or row.get("site")),
        ("Weapon", row.get("weapon")),
        ("Killed", _range(row.get("killed"), row.get("killed_max"))),
        ("Injured", _range(row.get("injured"), row.get("injured_max"))),
        ("Actor", row.get("actor")),
        ("Target", row.get("target")),
        ("Outlets", row.get("outlets")),
        ("Reports", row.get("n_reports")),
        ("Event id", row.get("id")),
    )
    lines += [f"{label}: {value}" for label, value in fields if value not in (None, "")]
    return "\n".join(line for line in lines if line)


def _dates(row: dict[str, Any]) -> str | None:
    start, end = row.get("date_start"), row.get("date_end")
    if start is None:
        return end
    return start if end in (None, start) else f"{start} to {end}"


def to_kml_bytes(frame: pd.DataFrame) -> bytes:
    """Export the events as KML 2.2 for Google Earth and GIS tools.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.

    Returns
    -------
    bytes
        UTF-8 KML: a Document with one Placemark per event holding ``name`` (place and date),
        ``description`` (plain text, escaped by ElementTree: no HTML, no CDATA),
        ``TimeSpan`` ``begin``/``end`` (ISO dates, when known), ``ExtendedData`` with every
        exported column that has a value, and a ``Point`` (``lon,lat``; omitted when unknown).
    """
    ET.register_namespace("", KML_NS)

    def sub(parent: ET.Element, tag: str, text: Any = None, **attrib: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attrib)
        if text is not None:
            element.text = _xml_text(text)
        return element

    root = ET.Element(f"{{{KML_NS}}}kml")
    document = sub(root, "Document")
    sub(document, "name", "Incident Atlas events")
    table = _table(frame)
    lon, lat = _lonlat(frame)
    for row, x, y in zip(_records(table), lon.tolist(), lat.tolist(), strict=True):
        placemark = sub(document, "Placemark")
        place = row.get("site_name") or row.get("site") or "Unknown place"
        when = row.get("date_start") or "undated"
        sub(placemark, "name", f"{place}, {when}")
        sub(placemark, "description", _description(row))
        if row.get("date_start") or row.get("date_end"):
            span = sub(placemark, "TimeSpan")
            if row.get("date_start"):
                sub(span, "begin", row["date_start"])
            if row.get("date_end"):
                sub(span, "end", row["date_end"])
        extended = sub(placemark, "ExtendedData")
        for name, value in row.items():
            if value is not None and value != "":
                data = sub(extended, "Data", name=_xml_text(name))
                sub(data, "value", value)
        if _valid_point(x, y):
            point = sub(placemark, "Point")
            sub(point, "coordinates", f"{round(x, 6)},{round(y, 6)}")
    text = ET.tostring(root, encoding="unicode")  # much faster than encoding while writing
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + text).encode("utf-8")


# --------------------------------------------------------------------------- GeoPackage


def to_gpkg_bytes(frame: pd.DataFrame) -> bytes:
    """Export the events as a GeoPackage with one point layer, ``events``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.

    Returns
    -------
    bytes
        The ``.gpkg`` file (written with pyogrio to a temporary folder, which is removed).
        Dates stay dates, lists are ``|``-joined text, the CRS is EPSG:4326.
    """
    table = _table(frame)
    for column in ("date_start", "date_end"):
        if column in table.columns:
            table[column] = pd.to_datetime(table[column])
    lon, lat = _lonlat(frame)
    ok = np.isfinite(lon) & np.isfinite(lat)
    geometry = gpd.points_from_xy(lon, lat, crs="EPSG:4326")
    geometry[~ok] = None
    layer = gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
    with tempfile.TemporaryDirectory(prefix="atlas-export-") as folder:
        path = Path(folder) / "events.gpkg"
        layer.to_file(path, layer="events", driver="GPKG", engine="pyogrio")
        return path.read_bytes()


# --------------------------------------------------------------------------- HTML


def _optional_module(name: str) -> ModuleType | None:
    """Import a module another part of the project may not have written yet.

    Only the module's own absence returns None; an error inside it propagates.
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


def to_html_bytes(m: folium.Map) -> bytes:
    """Export a folium map as one standalone HTML file that works offline.

    Parameters
    ----------
    m : folium.Map
        The map as the dashboard shows it.

    Returns
    -------
    bytes
        UTF-8 HTML. When :mod:`dashboard.map.assets` is present, the map's scripts and styles are
        first pointed at the vendored copies (``use_local_assets``, idempotent; it sets the
        links on ``m`` itself) and then embedded into the page (``inline_assets``), so the
        file needs no CDN. Without that module the page keeps the links the map was built
        with.

    Raises
    ------
    dashboard.map.assets.AssetsError
        When the vendored files are missing (run ``make assets``); the message says which.
    """
    assets = _optional_module("dashboard.map.assets")
    if assets is None:
        return m.get_root().render().encode("utf-8")
    assets.use_local_assets(m)
    html = m.get_root().render()
    return assets.inline_assets(html).encode("utf-8")


# --------------------------------------------------------------------------- PNG


@cache
def _read_basemap(path: str, mtime: float) -> gpd.GeoDataFrame:
    del mtime  # part of the cache key only: a regenerated file is read again
    basemap = gpd.read_file(path, engine="pyogrio")
    if basemap.crs is not None and not basemap.crs.equals("EPSG:4326"):
        basemap = basemap.to_crs("EPSG:4326")
    return basemap


def _basemap(path: Path = BASEMAP_PATH) -> gpd.GeoDataFrame | None:
    """Return the offline basemap, or None when it has not been generated."""
    if not path.is_file():
        return None
    return _read_basemap(str(path), path.stat().st_mtime)


def _euphrates() -> BaseGeometry | None:
    """Return the Euphrates from ``gazetteer.places.geography``, or None when it is absent."""
    geography = _optional_module("gazetteer.places.geography")
    river = None if geography is None else getattr(geography, "euphrates", None)
    return None if river is None else river()


def _bounds(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float, float, float]:
    """Return the lon/lat box to show: the events with a margin, or eastern Syria."""
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return _DEFAULT_BOUNDS
    west, east = float(lon[ok].min()), float(lon[ok].max())
    south, north = float(lat[ok].min()), float(lat[ok].max())
    pad_x = max((east - west) * 0.15, 0.6)
    pad_y = max((north - south) * 0.15, 0.4)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def to_png_bytes(
    frame: pd.DataFrame,
    *,
    title: str,
    date_range: tuple[date, date],
    width_px: int = 1600,
    height_px: int = 900,
) -> bytes:
    """Draw the events on a static map that needs no internet.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.
    title : str
        Heading, in English (the PNG carries English text only).
    date_range : tuple of date
        The filter's first and last day, printed under the title.
    width_px, height_px : int, optional
        Image size in pixels.

    Returns
    -------
    bytes
        A PNG of exactly ``width_px`` x ``height_px``: the offline basemap
        (:data:`BASEMAP_PATH`, when generated), the Euphrates (from
        :func:`gazetteer.places.geography.euphrates`, when available), the events coloured by
        ``weapon_main`` (:data:`dashboard.map.styles.WEAPON_STYLE`, as on the map), the busiest
        sites labelled, a legend with counts, the title, the date range, the event count and
        the time it was generated.

    Raises
    ------
    ValueError
        When the size is not positive.
    RuntimeError
        When matplotlib is not installed.
    """
    if width_px <= 0 or height_px <= 0:
        raise ValueError(f"PNG size must be positive, got {width_px} x {height_px} pixels")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ModuleNotFoundError as error:
        raise RuntimeError("PNG export needs matplotlib: pip install matplotlib") from error

    dpi = 100
    figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.04, 0.08, 0.74, 0.80))
    ax.set_facecolor("#dfe8f0")

    lon, lat = _lonlat(frame)
    west, south, east, north = _bounds(lon, lat)
    basemap = _basemap()
    if basemap is not None and not basemap.empty:
        kinds = basemap.geom_type
        polygons = basemap[kinds.isin(["Polygon", "MultiPolygon"])]
        lines = basemap[kinds.isin(["LineString", "MultiLineString"])]
        if not polygons.empty:
            polygons.plot(ax=ax, facecolor="#f6f4ef", edgecolor="#9b9b9b", linewidth=0.7)
        if not lines.empty:
            lines.plot(ax=ax, color="#9b9b9b", linewidth=0.7)
    river = _euphrates()
    if river is not None:
        gpd.GeoSeries([river], crs="EPSG:4326").plot(ax=ax, color="#3a7dc9", linewidth=1.8)
        ax.plot([], [], color="#3a7dc9", linewidth=1.8, label="Euphrates")

    weapons = (
        frame["weapon_main"].fillna("unknown").astype(str).to_numpy()
        if "weapon_main" in frame.columns
        else np.full(len(frame), "unknown", dtype=object)
    )
    ok = np.isfinite(lon) & np.isfinite(lat)
    others = [w for w in pd.unique(weapons) if w not in WEAPON_STYLE]
    for weapon in [*WEAPONS, *sorted(others)]:
        chosen = ok & (weapons == weapon)
        if chosen.any():
            ax.scatter(
                lon[chosen],
                lat[chosen],
                s=70,
                color=WEAPON_STYLE[weapon].color if weapon in WEAPON_STYLE else "#000000",
                edgecolors="white",
                linewidths=0.8,
                alpha=0.85,
                zorder=3,
                label=f"{weapon.replace('_', ' ')} ({int(chosen.sum()):,})",
            )
    _label_sites(ax, frame, lon, lat, ok)

    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)), adjustable="datalim")
    ax.tick_params(labelsize=8, colors="#555555")
    ax.set_xlabel("Longitude (degrees E)", fontsize=8, color="#555555")
    ax.set_ylabel("Latitude (degrees N)", fontsize=8, color="#555555")
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        figure.legend(
            handles, labels, loc="upper left", bbox_to_anchor=(0.80, 0.88), frameon=False,
            title="Weapon (events)", fontsize=10, title_fontsize=11,
        )  # fmt: skip
    else:
        figure.text(0.80, 0.86, "No events to show", fontsize=11, color="#555555")

    first, last = date_range
    count = int(ok.sum())
    figure.text(0.04, 0.955, title, fontsize=18, weight="bold", va="center")
    figure.text(
        0.04,
        0.91,
        f"{first.isoformat()} to {last.isoformat()}  |  {count:,} mapped "
        f"event{'' if count == 1 else 's'} of {len(frame):,}",
        fontsize=11,
        color="#333333",
        va="center",
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    credits = []
    if basemap is not None:
        credits.append("Basemap: see dashboard/data/LICENSES.md.")
    if river is not None:
        credits.append("Euphrates: Natural Earth (public domain).")
    figure.text(
        0.04,
        0.025,
        " ".join([f"Generated on {generated} by Incident Atlas.", *credits]),
        fontsize=8,
        color="#666666",
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _label_sites(
    ax: Any, frame: pd.DataFrame, lon: np.ndarray, lat: np.ndarray, ok: np.ndarray, top: int = 12
) -> None:
    """Write the English names of the busiest mapped sites next to their markers."""
    if "site_name" not in frame.columns or not ok.any():
        return
    places = pd.DataFrame(
        {"name": frame["site_name"].astype(object).to_numpy(), "lon": lon, "lat": lat}
    )[ok]
    places = places[places["name"].notna() & (places["name"] != "")]
    if places.empty:
        return
    busiest = (
        places.groupby(["name", "lon", "lat"], sort=False)
        .size()
        .sort_values(ascending=False)
        .head(top)
    )
    for (name, x, y), n in busiest.items():
        ax.annotate(
            f"{name} ({n})",
            (x, y),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=8,
            color="#222222",
            zorder=4,
        )
