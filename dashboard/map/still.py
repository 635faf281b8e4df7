"""The briefing map's data: every event its own numbered symbol, one label per site.

:func:`still_points` lays the filtered events out for :class:`dashboard.map.elements.
StillPoints`: the same symbols as the event layer, spread around shared points
(:func:`dashboard.map.labels.ring_offsets`), numbered as the side list numbers them
(:func:`dashboard.map.labels.event_numbers`, up to :data:`NUMBERED_MAX` events), and one
label per site with its count (:func:`dashboard.map.labels.site_counts`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from dashboard.map.labels import event_numbers, ring_offsets, site_counts
from dashboard.map.layers import coords, event_points
from dashboard.map.options import MapOptions
from dashboard.map.popups import esc

__all__ = ["NUMBERED_MAX", "STILL_MAX", "still_points"]

#: Up to this many events, each symbol carries its number and the page lists the events.
NUMBERED_MAX = 30

#: Above this many events a briefing map draws the clustered event layer instead (one symbol
#: per event stops being readable, and the browser's layout work grows with the square).
STILL_MAX = 1000


def still_points(frame: pd.DataFrame, options: MapOptions) -> dict[str, Any]:
    """Lay out the events and site labels of the briefing map.

    Parameters
    ----------
    frame, options
        As for :func:`dashboard.map.layers.event_points`, which lays out the symbols.

    Returns
    -------
    dict
        ``events``: the columns of :func:`dashboard.map.layers.event_points` plus ``k`` (the
        event's number, 0 above :data:`NUMBERED_MAX` events) and ``dx``, ``dy`` (pixel offset
        from its point); ``sites``: ``lat``, ``lon``, ``t`` (escaped label "name, count") and
        ``r`` (radius in pixels of the site's symbols), most events first.
    """
    events = event_points(frame, options)
    n = len(frame)
    numbers = (event_numbers(frame).to_numpy(dtype=int) if n <= NUMBERED_MAX
               else np.zeros(n, dtype=int))
    dx, dy = [0] * n, [0] * n
    names = frame["site_name"].fillna("").astype(str).replace("", "unnamed place").to_numpy()
    lat4 = pd.to_numeric(frame["lat"]).round(4).to_numpy()
    lon4 = pd.to_numeric(frame["lon"]).round(4).to_numpy()
    order = event_numbers(frame).to_numpy(dtype=int) if n else np.zeros(0, dtype=int)
    sizes = events["s"]
    sites: dict[str, list[Any]] = {"lat": [], "lon": [], "t": [], "r": []}
    for site in site_counts(frame):
        rows = np.flatnonzero((names == site.name) & (lat4 == site.lat) & (lon4 == site.lon))
        rows = rows[np.argsort(order[rows], kind="stable")]
        size = max(sizes[i] for i in rows)
        offsets = ring_offsets(len(rows), size)
        for i, (ox, oy) in zip(rows, offsets, strict=True):
            dx[i], dy[i] = ox, oy
        radius = max(math.hypot(ox, oy) for ox, oy in offsets) + size / 2
        sites["lat"].append(float(np.mean([events["lat"][i] for i in rows])))
        sites["lon"].append(float(np.mean([events["lon"][i] for i in rows])))
        sites["t"].append(esc(site.label))
        sites["r"].append(round(radius))
    sites["lat"], sites["lon"] = coords(sites["lat"]), coords(sites["lon"])
    return {"events": {**events, "k": numbers.tolist(), "dx": dx, "dy": dy}, "sites": sites}
