"""The PNG's map: the briefing map's picture drawn with matplotlib, offline.

:func:`draw_map` draws the offline basemap (countries, governorates), the al-Tanf zone, the
Euphrates and the Khabur, every event its own symbol (:data:`dashboard.map.styles.WEAPON_STYLE`
colour and Font Awesome glyph, size by count, numbered up to
:data:`dashboard.map.still.NUMBERED_MAX` events, hollow below
:data:`dashboard.map.labels.LOW_CONFIDENCE`), one framed label per site with its count placed
where it covers nothing (leader lines when it stands off), a legend of the weapons in view, a
scale bar, and country and city names where they fit. The decisions are the pure functions of
:mod:`dashboard.exports.png_layout`; this module measures and draws.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.exports.png_canvas import INK, MUTED, PT, Canvas, Drawing, drawable
from dashboard.exports.png_layout import (
    Box,
    fit_view,
    km_per_px,
    pick_corner,
    place_labels,
    scale_km,
    spread,
    symbol_box,
)
from dashboard.exports.tables import lonlat
from dashboard.map.labels import (
    LOW_CONFIDENCE,
    confidence_of,
    event_numbers,
    ring_offsets,
    site_counts,
)
from dashboard.map.layers import _icon_px, _metric
from dashboard.map.still import NUMBERED_MAX, STILL_MAX
from dashboard.map.styles import WEAPON_STYLE
from dashboard.ui.briefing import legend_items

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["BASEMAP_PATH", "FONT_DIR", "draw_map", "glyphs"]

#: The offline basemap drawn under the PNG map.
BASEMAP_PATH = Path(__file__).resolve().parents[1] / "data" / "basemap.geojson"

#: Font Awesome (vendored with the map): the weapon glyphs, as the map draws them.
FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor" / "fontawesome"

SEA = "#dfe8f0"

#: Above :data:`dashboard.map.still.STILL_MAX` events (where the briefing map draws clusters
#: instead) the PNG keeps one symbol per event but labels only this many busiest sites.
MANY_LABELS = 100


# --------------------------------------------------------------------------- data


@cache
def _read_basemap(path: str, mtime: float) -> gpd.GeoDataFrame:
    del mtime  # part of the cache key only: a regenerated file is read again
    basemap = gpd.read_file(path, engine="pyogrio")
    if basemap.crs is not None and not basemap.crs.equals("EPSG:4326"):
        basemap = basemap.to_crs("EPSG:4326")
    return basemap


def _basemap(path: Path = BASEMAP_PATH) -> gpd.GeoDataFrame | None:
    """The offline basemap, or None when it is missing."""
    if not path.is_file():
        return None
    return _read_basemap(str(path), path.stat().st_mtime)


@cache
def glyphs() -> tuple[Path | None, dict[str, str]]:
    """The Font Awesome solid font and the character of each weapon's glyph.

    Returns
    -------
    (Path or None, dict)
        The font file and ``weapon -> character``, read from the vendored CSS; ``(None, {})``
        when the vendored files are missing (symbols are then drawn without glyphs).
    """
    font, css = FONT_DIR / "webfonts" / "fa-solid-900.ttf", FONT_DIR / "css" / "all.min.css"
    if not (font.is_file() and css.is_file()):
        return None, {}
    text = css.read_text(encoding="utf-8")
    chars: dict[str, str] = {}
    for weapon, style in WEAPON_STYLE.items():
        found = re.search(r"\.fa-" + re.escape(style.icon) + r':before\{content:"\\([0-9a-f]+)"',
                          text)
        if found:
            chars[weapon] = chr(int(found.group(1), 16))
    return font, chars


def _geography() -> Any:
    try:
        from gazetteer.places import geography
    except ModuleNotFoundError as exc:
        if exc.name != "gazetteer.places.geography":
            raise
        return None
    return geography


def _weapon_keys(frame: pd.DataFrame) -> np.ndarray:
    if "weapon_main" not in frame.columns:
        return np.full(len(frame), "unknown", dtype=object)
    main = frame["weapon_main"].fillna("unknown").astype(str)
    return main.where(main.isin(list(WEAPON_STYLE)), "unknown").to_numpy(dtype=object)


# --------------------------------------------------------------------------- map


def _draw_basemap(ax: Axes, c: Canvas) -> list[str]:
    credits = []
    basemap = _basemap()
    if basemap is not None and not basemap.empty:
        kind = basemap.get("kind", pd.Series("country", index=basemap.index))
        countries = basemap[kind != "governorate"]
        fills = ["#fbfaf6" if n == "Syria" else "#eeebe3"
                 for n in countries.get("name", pd.Series("", index=countries.index))]
        countries.plot(ax=ax, aspect=None, color=fills, edgecolor="#6f6a60",
                       linewidth=c.px(1.2) * PT, zorder=1)
        regions = basemap[kind == "governorate"]
        if not regions.empty:
            regions.boundary.plot(ax=ax, aspect=None, color="#9a9486", linewidth=c.px(0.7) * PT,
                                  linestyle=(0, (3, 3)), zorder=1.1)
        credits.append("Basemap: see dashboard/data/LICENSES.md.")
    geography = _geography()
    if geography is not None:
        zone = gpd.GeoSeries([geography.tanf_zone()], crs="EPSG:4326")
        zone.plot(ax=ax, aspect=None, facecolor=(0.48, 0.2, 0.58, 0.06), edgecolor="#7b3294",
                  linewidth=c.px(1.5) * PT, linestyle=(0, (6, 4)), zorder=1.5)
        river = gpd.GeoSeries([geography.euphrates()], crs="EPSG:4326")
        river.plot(ax=ax, aspect=None, color="#2b7bba", alpha=0.8, linewidth=c.px(2.5) * PT,
                   zorder=2)
        from dashboard.map.basemap import khabur

        lat, lon = zip(*khabur(), strict=True)
        ax.plot(lon, lat, color="#2b7bba", alpha=0.8, linewidth=c.px(1.8) * PT, zorder=2)
        credits += ["Euphrates: Natural Earth (public domain);",
                    "Khabur: schematic, through the towns on its banks."]
    return credits


@dataclass(frozen=True)
class _Symbols:
    x: np.ndarray
    y: np.ndarray
    size: np.ndarray
    weapon: np.ndarray
    hollow: np.ndarray
    number: np.ndarray
    site_xy: list[tuple[str, float, float, float]]


def _layout_symbols(frame: pd.DataFrame, to_px: Callable[[np.ndarray, np.ndarray], np.ndarray],
                    size_by: str, scale: float) -> _Symbols:
    """Pixel centres of every event's symbol: spiral around its site, then spread apart."""
    n = len(frame)
    many = n > STILL_MAX
    size = (np.full(n, 10.0) if many else np.asarray(_icon_px(_metric(frame, size_by)), float))
    size = size * scale
    numbers = (event_numbers(frame).to_numpy(dtype=int) if 0 < n <= NUMBERED_MAX
               else np.zeros(n, dtype=int))
    order = event_numbers(frame).to_numpy(dtype=int) if n else np.zeros(0, dtype=int)
    names = frame["site_name"].fillna("").astype(str).replace("", "unnamed place").to_numpy()
    lat4 = pd.to_numeric(frame["lat"]).round(4).to_numpy()
    lon4 = pd.to_numeric(frame["lon"]).round(4).to_numpy()
    home = to_px(pd.to_numeric(frame["lon"]).to_numpy(float),
                 pd.to_numeric(frame["lat"]).to_numpy(float))
    x, y = home[:, 0].copy(), home[:, 1].copy()
    sites = []
    for site in site_counts(frame):
        rows = np.flatnonzero((names == site.name) & (lat4 == site.lat) & (lon4 == site.lon))
        rows = rows[np.argsort(order[rows], kind="stable")]
        offsets = ([(0, 0)] * len(rows) if many
                   else ring_offsets(len(rows), float(size[rows].max())))
        for i, (dx, dy) in zip(rows, offsets, strict=True):
            x[i], y[i] = home[i, 0] + dx, home[i, 1] - dy  # the map's dy points down
        radius = max(math.hypot(dx, dy) for dx, dy in offsets) + float(size[rows].max()) / 2
        sites.append((site.label, float(home[rows, 0].mean()), float(home[rows, 1].mean()),
                      radius))
    if not many:
        x, y = spread(x, y, size)
    hollow = confidence_of(frame) < LOW_CONFIDENCE
    return _Symbols(x, y, size, _weapon_keys(frame), hollow, numbers, sites)


def _draw_symbols(ax: Axes, px: np.ndarray, py: np.ndarray, *, size: np.ndarray,
                  weapon: np.ndarray, hollow: np.ndarray, number: np.ndarray, scale: float,
                  zorder: float = 6) -> None:
    """Symbols centred at pixels ``(px, py)``: the map's circles, glyphs and number badges.

    A filled symbol is a circle in the weapon's colour with a white rim, a faint shadow and
    the weapon's glyph in white; a hollow one (low confidence) is white with a ring and glyph
    in the weapon's colour; a numbered one carries its number on a white badge up and right.
    """
    if not len(px):
        return
    at = ax.transData.inverted().transform(np.column_stack([px, py]))
    color = np.array([WEAPON_STYLE[w].color for w in weapon], dtype=object)
    big = size > 12 * scale
    border = np.where(big, np.where(hollow, 3.0, 2.0), 1.0) * scale
    filled = ~hollow
    if filled.any():
        ax.scatter(at[filled, 0], at[filled, 1], s=((size[filled] + 2 * scale) * PT) ** 2,
                   color="black", alpha=0.25, linewidths=0, zorder=zorder - 0.1)
    ax.scatter(at[:, 0], at[:, 1], s=((size - border) * PT) ** 2,
               c=list(np.where(hollow, "#ffffff", color)),
               edgecolors=list(np.where(hollow, color, "#ffffff")),
               linewidths=(border * PT).tolist(), zorder=zorder)
    font, chars = glyphs()
    for i in np.flatnonzero(big):
        if font is not None and weapon[i] in chars:
            ax.text(at[i, 0], at[i, 1], chars[weapon[i]], fontproperties=font,
                    fontsize=size[i] * 0.45 * PT, color=color[i] if hollow[i] else "white",
                    ha="center", va="center_baseline", zorder=zorder + 0.1)
    inverse = ax.transData.inverted()
    for i in np.flatnonzero(number):
        bx, by = inverse.transform((px[i] + size[i] / 2, py[i] + size[i] / 2))
        ax.text(bx, by, str(number[i]), fontsize=10 * scale * PT, weight="bold", color=INK,
                ha="center", va="center", zorder=zorder + 0.2,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": INK,
                      "lw": 0.8 * scale * PT})


def _draw_legend(ax: Axes, c: Canvas, frame: pd.DataFrame, hollow_any: bool, size_by: str,
                 avoid: list[Box], box: Box) -> Box:
    """Draw the legend in the map corner covering fewest symbols; return its box."""
    items = legend_items(frame)
    rows: list[tuple[str, str | None, bool]] = [("Weapon", None, False)]
    rows += [(f"{i.label} ({i.events:,})", i.weapon, False) for i in items]
    if hollow_any:
        rows.append((f"Low confidence (< {LOW_CONFIDENCE:g})", "unknown", True))
    rows.append(("Marker size: " + ("projectiles or drones reported" if size_by == "count"
                                    else "killed + injured"), None, False))
    rows.append((f"{len(frame):,} event{'' if len(frame) == 1 else 's'} on the map", None, False))
    step, pad, sym = c.px(21), c.px(9), c.px(17)
    texts = [c.text(0, 0, t, 13, va="center", weight="bold" if k == 0 else "normal", color=INK,
                    zorder=11) for k, (t, _, _) in enumerate(rows)]
    width = max(c.extent(t).x1 - c.extent(t).x0 for t in texts) + sym + c.px(8) + 2 * pad
    where = pick_corner((width, step * len(rows) + 2 * pad - c.px(4)), box, avoid,
                        pad=c.px(12))
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch(
        (where.x0 / c.width, where.y0 / c.height), (where.x1 - where.x0) / c.width,
        (where.y1 - where.y0) / c.height, boxstyle="round,pad=0", transform=c.figure.transFigure,
        fc=(1, 1, 1, 0.93), ec="#999999", lw=0.8 * PT, zorder=10, clip_on=False))
    for k, (text, (_, weapon, hollow)) in enumerate(zip(texts, rows, strict=True)):
        y = where.y1 - pad - step * (k + 0.5) + c.px(2)
        x = where.x0 + pad + (sym + c.px(8) if weapon else 0)
        text.set_position((x / c.width, y / c.height))
        if weapon:
            _draw_symbols(ax, np.array([where.x0 + pad + sym / 2]), np.array([y]),
                          size=np.array([sym]), weapon=np.array([weapon]),
                          hollow=np.array([hollow]), number=np.zeros(1, dtype=int),
                          scale=c.scale, zorder=12)
    return where


def _scale_bar(ax: Axes, c: Canvas, view: tuple[float, float, float, float], box: Box) -> Box:
    west, south, east, north = view
    per_px = km_per_px(west, east, (south + north) / 2, box.x1 - box.x0)
    km = scale_km(per_px, c.px(120))
    length = km / per_px
    x0, y0 = box.x0 + c.px(14), box.y0 + c.px(14)
    inverse = ax.transData.inverted()
    (ax0, ay0), (ax1, _) = inverse.transform([(x0, y0), (x0 + length, y0)])
    ax.plot([ax0, ax0, ax1, ax1], [ay0 + 0.0, ay0, ay0, ay0], color=INK, lw=c.px(2) * PT,
            zorder=9, solid_capstyle="butt")
    for x in (x0, x0 + length):
        (bx, by0), (_, by1) = inverse.transform([(x, y0), (x, y0 + c.px(6))])
        ax.plot([bx, bx], [by0, by1], color=INK, lw=c.px(2) * PT, zorder=9)
    label = c.text(x0, y0 + c.px(8), f"{km:,} km", 12, color=INK, va="bottom", zorder=9)
    top = c.extent(label).y1
    return Box(x0 - c.px(4), y0 - c.px(4), max(x0 + length, c.extent(label).x1) + c.px(4), top)


def _site_labels(ax: Axes, c: Canvas, symbols: _Symbols, taken: list[Box], box: Box,
                 drawing: Drawing) -> list[Box]:
    """Measure, place and draw one framed label per site; return the placed boxes.

    Above :data:`dashboard.map.still.STILL_MAX` events only the :data:`MANY_LABELS` busiest
    sites are tried (the others go to ``drawing.unlabelled``).
    """
    sites = symbols.site_xy
    if len(symbols.x) > STILL_MAX:
        drawing.unlabelled += [label for label, _, _, _ in sites[MANY_LABELS:]]
        sites = sites[:MANY_LABELS]
    pad = c.px(3)
    fontsize = c.px(13) * PT
    texts = [c.text(0, 0, label, 13, weight="bold", color=INK, va="bottom", ha="left",
                    zorder=9.5, bbox={"boxstyle": f"round,pad={pad * PT / fontsize:.3f}",
                                      "fc": (1, 1, 1, 0.92), "ec": "#333333",
                                      "lw": c.px(1) * PT})
             for label, _, _, _ in sites]
    sizes = []
    for t in texts:
        e = c.extent(t)
        sizes.append((e.x1 - e.x0 + 2 * pad + c.px(2), e.y1 - e.y0 + 2 * pad + c.px(2)))
    placed = place_labels([(x, y, r) for _, x, y, r in sites], sizes, taken, box)
    inverse = ax.transData.inverted()
    boxes = []
    for text, spot, (label, sx, sy, _) in zip(texts, placed, sites, strict=True):
        if spot is None:
            text.remove()
            drawing.unlabelled.append(label)
            continue
        b = spot.box
        text.set_position(((b.x0 + pad + c.px(1)) / c.width, (b.y0 + pad + c.px(1)) / c.height))
        if spot.leader:
            (ax0, ay0), (ax1, ay1) = inverse.transform([(sx, sy), spot.anchor])
            ax.plot([ax0, ax1], [ay0, ay1], color="#222222", lw=c.px(1.2) * PT, zorder=5,
                    alpha=0.9)
        drawing.labels.append(text)
        boxes.append(b)
    return boxes


def _context_names(ax: Axes, c: Canvas, view: tuple[float, float, float, float],
                   taken: list[Box], box: Box) -> None:
    """Country names, then city names, each only where it covers nothing drawn before it."""
    from matplotlib import patheffects

    from dashboard.map.basemap import MIN_ZOOM, country_points, town_points

    geography = _geography()
    towns = town_points(geography.site_layers().get("sites") if geography else None)
    countries = country_points(tuple(round(v, 2) for v in view))
    sets: list[tuple[dict[str, list[Any]], int, dict[str, Any]]] = [
            (countries, 15, {"weight": "bold", "color": (0.31, 0.27, 0.24, 0.55)}),
            ({k: [v[i] for i, z in enumerate(towns["z"]) if z == MIN_ZOOM["city"]]
              for k, v in towns.items()}, 12, {"weight": "bold", "color": "#4a4a4a"})]
    halo = [patheffects.withStroke(linewidth=c.px(3) * PT, foreground="white")]
    to_px = ax.transData.transform
    for points, size, kw in sets:
        for lat, lon, name in zip(points["lat"], points["lon"], points["en"], strict=True):
            x, y = to_px((lon, lat))
            name = html.unescape(name)
            if not (box.x0 < x < box.x1 and box.y0 < y < box.y1) or drawable(name) != name:
                continue
            text = c.text(x, y, name, size, ha="center", va="center",
                          zorder=3, path_effects=halo, **kw)
            e = c.extent(text)
            room = c.px(5)
            e = Box(e.x0 - room, e.y0 - room / 2, e.x1 + room, e.y1 + room / 2)
            if not e.inside(box, 2) or any(e.overlaps(t) for t in taken):
                text.remove()
                continue
            taken.append(e)


def draw_map(c: Canvas, frame: pd.DataFrame, box: Box, size_by: str, drawing: Drawing
              ) -> list[str]:
    """The map area: basemap, context, symbols, labels, legend, scale bar; return credits."""
    ax = c.figure.add_axes((box.x0 / c.width, box.y0 / c.height, (box.x1 - box.x0) / c.width,
                            (box.y1 - box.y0) / c.height))
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#888888")
    lon, lat = lonlat(frame)
    ok = np.isfinite(lon) & np.isfinite(lat)
    placed = frame[ok]
    view = fit_view(lon, lat, box.x1 - box.x0, box.y1 - box.y0, pad_px=c.px(40))
    credits = _draw_basemap(ax, c)
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect("auto")
    ax.set_autoscale_on(False)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.apply_aspect()  # the layout below reads the final data-to-pixel transform
    symbols = _layout_symbols(
        placed, lambda x, y: ax.transData.transform(np.column_stack([x, y])), size_by, c.scale)
    _draw_symbols(ax, symbols.x, symbols.y, size=symbols.size, weapon=symbols.weapon,
                  hollow=symbols.hollow, number=symbols.number, scale=c.scale)
    taken = [symbol_box(x, y, d, bool(k), c.scale) for x, y, d, k
             in zip(symbols.x, symbols.y, symbols.size, symbols.number, strict=True)]
    drawing.symbols = list(taken)
    drawing.centres = [(index, float(x), float(y), float(d)) for index, x, y, d
                       in zip(placed.index, symbols.x, symbols.y, symbols.size, strict=True)]
    legend = _draw_legend(ax, c, placed, bool(symbols.hollow.any()), size_by, taken, box)
    taken.append(legend)
    taken.append(_scale_bar(ax, c, view, box))
    taken += _site_labels(ax, c, symbols, taken, box, drawing)
    _context_names(ax, c, view, taken, box)
    if not len(placed):
        c.text((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, "No events to show", 20,
               ha="center", va="center", color=MUTED, zorder=11)
    missing = len(frame) - len(placed)
    if missing:
        credits.append(f"{missing:,} event{'' if missing == 1 else 's'} without coordinates "
                       "not shown.")
    return credits
