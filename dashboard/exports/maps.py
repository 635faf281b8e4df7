"""The map exports: a standalone HTML map and a static PNG map.

Both draw the filtered events as the dashboard does: the PNG with the one weapon style table
(:data:`dashboard.map.styles.WEAPON_STYLE`), the HTML as the folium map itself.
"""

from __future__ import annotations

import importlib
import io
import math
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.exports.tables import lonlat
from dashboard.map.styles import WEAPON_STYLE
from gazetteer.records import WEAPONS

if TYPE_CHECKING:
    import folium
    from shapely.geometry.base import BaseGeometry

__all__ = ["BASEMAP_PATH", "to_html_bytes", "to_png_bytes"]

#: The offline basemap drawn under the PNG map when present.
BASEMAP_PATH = Path(__file__).resolve().parents[1] / "data" / "basemap.geojson"

#: The view of eastern Syria used when there is nothing to fit: lon/lat bounds.
_DEFAULT_BOUNDS = (35.5, 32.0, 42.5, 37.5)


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

    lon, lat = lonlat(frame)
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
    others = sorted({str(w) for w in pd.unique(weapons)} - set(WEAPON_STYLE))
    for weapon in [*WEAPONS, *others]:
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
    for key, n in busiest.items():
        name, x, y = cast(tuple[str, float, float], key)
        ax.annotate(
            f"{name} ({n})",
            (x, y),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=8,
            color="#222222",
            zorder=4,
        )
