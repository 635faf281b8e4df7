"""The PNG map's layout, in pixels: pure functions, no matplotlib.

The PNG export draws the briefing map's picture (:mod:`dashboard.map.still`) with matplotlib.
This module decides where things go; :mod:`dashboard.exports.png_draw` draws them.

- :func:`fit_view`: the lon/lat box that fits the events with a margin and fills the map area;
- :func:`spread`: symbols of nearby sites pushed apart (the briefing map's relaxation);
- :func:`place_labels`: one label per site, overlapping no other label, no symbol and no
  reserved box (the legend), with a leader line when it stands off;
- :func:`pick_corner`: the map corner for the legend that covers the fewest symbols;
- :func:`side_rows`: the numbered side list, as the briefing's;
- :func:`scale_km`: a round length for the scale bar.

Coordinates are display pixels with y growing upwards (matplotlib's), unless stated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashboard.map.labels import event_numbers
from dashboard.map.popups import casualty_text, date_text, range_text

__all__ = [
    "LABEL_ANGLES",
    "Box",
    "PlacedLabel",
    "SideRow",
    "fit_view",
    "pick_corner",
    "place_labels",
    "scale_km",
    "side_rows",
    "spread",
    "symbol_box",
]

#: Directions tried around a site for its label, in degrees counter-clockwise from east, best
#: first (as the briefing map tries them: right, up-right, down-right, left, ...).
LABEL_ANGLES = (0, 35, -35, 180, 145, 215, 70, -70, 110, -110, 90, -90)

#: Rings of label positions tried around a site, and the step between them, in pixels.
LABEL_RINGS = 14
LABEL_STEP = 18.0

#: Room left between a label and the edge of the map, in pixels.
EDGE = 4.0

_KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels.

    Attributes
    ----------
    x0, y0, x1, y1 : float
        Left, bottom, right, top.
    """

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """True when the two boxes share more than an edge."""
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def inside(self, outer: Box, margin: float = 0.0) -> bool:
        """True when this box lies within ``outer`` shrunk by ``margin``."""
        return (self.x0 >= outer.x0 + margin and self.y0 >= outer.y0 + margin
                and self.x1 <= outer.x1 - margin and self.y1 <= outer.y1 - margin)


@dataclass(frozen=True)
class PlacedLabel:
    """Where one site label goes.

    Attributes
    ----------
    box : Box
        The label's box (text and its frame).
    anchor : tuple of float
        The point of the box nearest the site, where a leader line ends.
    leader : bool
        True when the label stands off its site's symbols and needs a leader line.
    """

    box: Box
    anchor: tuple[float, float]
    leader: bool


@dataclass(frozen=True)
class SideRow:
    """One incident in the numbered side list.

    Attributes
    ----------
    number : int
        As on the map (1 is the earliest).
    when : str
        Date or date range.
    place : str
        Site name.
    facts : str
        ``"rocket, drone ×2; killed/injured 1/6"`` (``?`` not stated, ``0`` none reported).
    outlets : str
        Comma-separated outlets.
    low_confidence : float or None
        The event's confidence when it is below the threshold (drawn hollow), else None.
    mapped : bool
        False when the event has no coordinates (listed, but not on the map).
    """

    number: int
    when: str
    place: str
    facts: str
    outlets: str
    low_confidence: float | None
    mapped: bool = True


def fit_view(
    lon: np.ndarray, lat: np.ndarray, width: float, height: float, margin: float = 0.12,
    default: tuple[float, float, float, float] = (35.5, 32.0, 42.5, 37.5),
    min_span: tuple[float, float] = (1.2, 0.8),
    pad_px: float = 0.0,
) -> tuple[float, float, float, float]:
    """The lon/lat box of a map area: the events with a margin, widened to the area's shape.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Event coordinates; non-finite values are ignored.
    width, height : float
        The map area in pixels.
    margin : float
        Fraction of the events' extent added on each side.
    default : (west, south, east, north)
        Shown when no event has coordinates.
    min_span : (float, float)
        Smallest extent in degrees of longitude and latitude before the margin.
    pad_px : float
        Room in pixels kept free on every side besides the margin (for the symbols spread
        around their points and their labels).

    Returns
    -------
    (west, south, east, north)
        A box whose shape (longitudes shortened by the cosine of the middle latitude) is the
        area's, so one kilometre is as long across as up.

    Raises
    ------
    ValueError
        When the area is not positive.
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"fit_view: map area must be positive, got {width} x {height}")
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.any():
        west, east = float(lon[ok].min()), float(lon[ok].max())
        south, north = float(lat[ok].min()), float(lat[ok].max())
    else:
        west, south, east, north = default
    half_x = max(east - west, min_span[0]) * (0.5 + margin)
    half_y = max(north - south, min_span[1]) * (0.5 + margin)
    cx, cy = (west + east) / 2, (south + north) / 2
    shrink = math.cos(math.radians(cy))
    inner_w, inner_h = max(width - 2 * pad_px, width / 2), max(height - 2 * pad_px, height / 2)
    # widen the side that is too short for the inner area's shape, then add the padding
    if half_x * shrink / half_y < inner_w / inner_h:
        half_x = half_y * inner_w / inner_h / shrink
    else:
        half_y = half_x * shrink * inner_h / inner_w
    half_x *= width / inner_w
    half_y *= height / inner_h
    return cx - half_x, cy - half_y, cx + half_x, cy + half_y


def spread(x: npt.ArrayLike, y: npt.ArrayLike, sizes: npt.ArrayLike,
           gap: float = 5.0, rounds: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """Push overlapping symbols apart, with a weak pull back to where they started.

    Parameters
    ----------
    x, y : sequence of float
        Symbol centres in pixels (their site's point plus the spiral offset).
    sizes : sequence of float
        Symbol diameters in pixels.
    gap : float
        Room kept between two symbols.
    rounds : int
        Most relaxation rounds (the first half also pulls back); none above 400 symbols.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        New centres; no two symbols closer than the mean of their sizes plus ``gap`` once
        the rounds converge. The briefing map's ``spread`` in the browser moves one pair at a
        time; this moves every symbol at once per round (numpy).
    """
    px, py = np.array(x, dtype=float), np.array(y, dtype=float)
    home_x, home_y = px.copy(), py.copy()
    size = np.asarray(sizes, dtype=float)
    n = len(px)
    need = (size[:, None] + size[None, :]) / 2 + gap
    np.fill_diagonal(need, 0.0)
    index = np.arange(n)
    # two symbols on the same point part along a fixed direction of their pair
    sign = np.sign(index[None, :] - index[:, None])
    fallback_x = np.cos(index[:, None] + index[None, :]) * sign
    fallback_y = np.sin(index[:, None] + index[None, :]) * sign
    for turn in range(rounds if n <= 400 else 0):
        vx = px[None, :] - px[:, None]  # from a (row) to b (column)
        vy = py[None, :] - py[:, None]
        d = np.hypot(vx, vy)
        close = d < need
        if not close.any():
            break
        tiny = d < 0.01
        vx, vy = np.where(tiny, fallback_x, vx), np.where(tiny, fallback_y, vy)
        d = np.where(tiny, 1.0, d)
        push = np.where(close, (need - d) / 2, 0.0) / d
        # each symbol moves away from every symbol it is too close to
        px -= (vx * push).sum(axis=1)
        py -= (vy * push).sum(axis=1)
        if turn < rounds // 2:
            px += (home_x - px) * 0.03
            py += (home_y - py) * 0.03
    return px, py


def symbol_box(x: float, y: float, size: float, numbered: bool, scale: float = 1.0) -> Box:
    """The box a symbol of diameter ``size`` covers, with its number badge (up and right).

    ``scale`` multiplies the room kept around it (3 px) and the badge (8 px).
    """
    r = size / 2 + 3 * scale
    badge = 8.0 * scale if numbered else 0.0
    return Box(x - r, y - r, x + r + badge, y + r + badge)


def _candidate(cx: float, cy: float, dist: float, angle: float, w: float, h: float
               ) -> tuple[Box, tuple[float, float]]:
    rad = math.radians(angle)
    cos = math.cos(rad)
    ax, ay = cx + cos * dist, cy + math.sin(rad) * dist
    x0 = ax - w / 2 if abs(cos) < 0.3 else (ax if cos > 0 else ax - w)
    return Box(x0, ay - h / 2, x0 + w, ay + h / 2), (ax, ay)


def place_labels(
    sites: Sequence[tuple[float, float, float]],
    sizes: Sequence[tuple[float, float]],
    taken: Sequence[Box],
    frame: Box,
) -> list[PlacedLabel | None]:
    """Place one label per site where it overlaps nothing placed before it.

    Parameters
    ----------
    sites : sequence of (x, y, radius)
        Each site's point and the radius of its symbols around it, in placing order (the
        busiest site first, as :func:`dashboard.map.labels.site_counts` orders them).
    sizes : sequence of (width, height)
        Each label's size in pixels, as the renderer measured it.
    taken : sequence of Box
        Boxes no label may overlap: the symbols (:func:`symbol_box`), the legend.
    frame : Box
        The map area; labels stay :data:`EDGE` pixels inside it.

    Returns
    -------
    list of PlacedLabel or None
        One per site, in order. Positions are tried around the site in
        :data:`LABEL_ANGLES` order at growing distances (:data:`LABEL_RINGS` rings,
        :data:`LABEL_STEP` pixels apart); None when no position is free (the site's symbols
        are still drawn). No two placed boxes overlap, and none overlaps ``taken``.

    Raises
    ------
    ValueError
        When ``sites`` and ``sizes`` differ in length.
    """
    if len(sites) != len(sizes):
        raise ValueError(f"place_labels: {len(sites)} sites but {len(sizes)} label sizes")
    boxes = np.array([(b.x0, b.y0, b.x1, b.y1) for b in taken], dtype=float).reshape(-1, 4)
    out: list[PlacedLabel | None] = []
    for (cx, cy, radius), (w, h) in zip(sites, sizes, strict=True):
        found = _first_free(cx, cy, radius, w, h, boxes, frame)
        if found is not None:
            b = found.box
            boxes = np.vstack([boxes, (b.x0, b.y0, b.x1, b.y1)])
        out.append(found)
    return out


def _first_free(cx: float, cy: float, radius: float, w: float, h: float, boxes: np.ndarray,
                frame: Box) -> PlacedLabel | None:
    """The first free label position around a site.

    Free: inside ``frame`` and overlapping none of ``boxes`` (n x 4: x0, y0, x1, y1).
    """
    reach = radius + 6 + LABEL_RINGS * LABEL_STEP + w + h  # no candidate goes farther
    near = boxes[(boxes[:, 2] > cx - reach) & (boxes[:, 0] < cx + reach)
                 & (boxes[:, 3] > cy - reach) & (boxes[:, 1] < cy + reach)]
    for ring in range(LABEL_RINGS):
        dist = radius + 6 + ring * LABEL_STEP
        for angle in LABEL_ANGLES:
            box, anchor = _candidate(cx, cy, dist, angle, w, h)
            if not box.inside(frame, EDGE):
                continue
            hit = ((box.x0 < near[:, 2]) & (near[:, 0] < box.x1)
                   & (box.y0 < near[:, 3]) & (near[:, 1] < box.y1))
            if not hit.any():
                return PlacedLabel(box, anchor, dist > radius + 8)
    return None


def pick_corner(size: tuple[float, float], frame: Box, avoid: Sequence[Box],
                pad: float = 10.0) -> Box:
    """The corner of the map for a box of ``size`` that overlaps the fewest ``avoid`` boxes.

    Parameters
    ----------
    size : (width, height)
        The box to place (the legend).
    frame : Box
        The map area.
    avoid : sequence of Box
        What it should not cover (the symbols).
    pad : float
        Room between the box and the map's edge.

    Returns
    -------
    Box
        Bottom right, bottom left, top right or top left, the first with the fewest overlaps.
    """
    w, h = size
    corners = [
        Box(frame.x1 - pad - w, frame.y0 + pad, frame.x1 - pad, frame.y0 + pad + h),
        Box(frame.x0 + pad, frame.y0 + pad, frame.x0 + pad + w, frame.y0 + pad + h),
        Box(frame.x1 - pad - w, frame.y1 - pad - h, frame.x1 - pad, frame.y1 - pad),
        Box(frame.x0 + pad, frame.y1 - pad - h, frame.x0 + pad + w, frame.y1 - pad),
    ]
    return min(corners, key=lambda c: sum(c.overlaps(b) for b in avoid))


def scale_km(km_per_px: float, target_px: float = 120.0) -> int:
    """A round length in kilometres about ``target_px`` long on the map: 1, 2, 5, 10, 20, ...

    Raises
    ------
    ValueError
        When ``km_per_px`` is not positive.
    """
    if not km_per_px > 0:
        raise ValueError(f"scale_km: km per pixel must be positive, got {km_per_px}")
    want = km_per_px * target_px
    best = 1
    for exponent in range(0, 5):
        for step in (1, 2, 5):
            value = step * 10**exponent
            if value <= want:
                best = value
    return best


def km_per_px(west: float, east: float, lat: float, width_px: float) -> float:
    """Kilometres per pixel across a map ``width_px`` wide from ``west`` to ``east``."""
    return (east - west) * _KM_PER_DEGREE * math.cos(math.radians(lat)) / width_px


def _short(text: str) -> str:
    """A casualty figure in the list: ``?`` not stated, ``0`` none reported (as the briefing)."""
    return {"not stated": "?", "none reported": "0"}.get(text, text)


def _text(value: object) -> str:
    """A cell as text; the empty string for a missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating) and math.isnan(value):
        return ""
    return str(value)


def side_rows(frame: pd.DataFrame, limit: int, low: float) -> tuple[SideRow, ...]:
    """The numbered side list: one row per event, earliest first.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table.
    limit : int
        Above this many events there is no list (the symbols carry no number either).
    low : float
        Confidence below which an event is drawn hollow and said to be low-confidence.

    Returns
    -------
    tuple of SideRow
        Numbered by :func:`dashboard.map.labels.event_numbers`; empty with no event or above
        ``limit``.
    """
    if not 0 < len(frame) <= limit:
        return ()
    numbers = event_numbers(frame)
    mapped = pd.Series(True, index=frame.index)
    for axis in ("lat", "lon"):  # a table without coordinates places nothing on a map
        mapped &= (pd.to_numeric(frame[axis], errors="coerce").notna() if axis in frame.columns
                   else False)
    rows = []
    for index in numbers.sort_values().index:
        row = frame.loc[index]
        weapon = (_text(row.get("weapon")) or "unknown").replace("|", ", ").replace("_", " ")
        count = range_text(row.get("count"), row.get("count_max"))
        figures = "/".join(
            _short(casualty_text(row.get(kind), row.get(f"{kind}_max"), row.get("casualties")))
            for kind in ("killed", "injured")
        )
        times = f" \u00d7{count}" if count else ""  # multiplication sign
        confidence = pd.to_numeric(pd.Series([row.get("confidence", 1.0)]), errors="coerce")[0]
        rows.append(SideRow(
            number=int(numbers[index]),
            when=date_text(row.get("date_start"), row.get("date_end"), ""),
            place=_text(row.get("site_name")) or "unknown place",
            facts=f"{weapon}{times}; killed/injured {figures}",
            outlets=_text(row.get("outlets")).replace("|", ", "),
            low_confidence=(float(confidence) if not pd.isna(confidence) and confidence < low
                            else None),
            mapped=bool(mapped[index]),
        ))
    return tuple(rows)
