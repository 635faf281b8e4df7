"""The map's view in the URL: centre, zoom and data layers (``center``, ``zoom``, ``layers``).

Pure functions, tested in ``tests/test_filters.py``: :func:`map_view_from_query` reads the three
parameters (falling back to "fit the filtered events" and a warning for anything it cannot
use) and :func:`map_view_query` writes them back. A view without a centre means "fit the
map to the filtered events", which is what a first visit shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import filters as flt

__all__ = [
    "DATA_LAYERS",
    "DEFAULT_LAYERS",
    "MAP_VIEW_KEYS",
    "MAP_VIEW_STATE",
    "MapView",
    "map_view_from_query",
    "map_view_query",
]

#: Layers that follow the filters (the others belong to the cached base map).
DATA_LAYERS: tuple[str, ...] = ("events", "reports", "heat")

#: Layers shown on a first visit.
DEFAULT_LAYERS: tuple[str, ...] = ("events",)

#: Query parameters of the map view, in the order :func:`map_view_query` writes them.
MAP_VIEW_KEYS: tuple[str, ...] = flt.VIEW_KEYS

#: Session-state key of the current :class:`MapView`.
MAP_VIEW_STATE = "atlas.map_view"

_ZOOM = (1, 18)


@dataclass(frozen=True)
class MapView:
    """What part of the map is shown, and which data layers.

    Attributes
    ----------
    center : tuple of float or None
        (lat, lon) the user moved the map to; None fits the map to the filtered events.
    zoom : int or None
        Leaflet zoom level (1 to 18), with ``center``.
    layers : tuple of str
        Data layers shown (:data:`DATA_LAYERS`), in that order.
    """

    center: tuple[float, float] | None = None
    zoom: int | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS


def _last(raw: str | list[str]) -> str:
    if isinstance(raw, str):
        return raw
    return str(raw[-1]) if raw else ""


def _centre(value: str, warnings: list[str]) -> tuple[float, float] | None:
    parts = value.split(",")
    try:
        lat, lon = (float(p) for p in parts) if len(parts) == 2 else (math.nan, math.nan)
    except ValueError:
        lat = lon = math.nan
    if math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180:
        return round(lat, 5), round(lon, 5)
    warnings.append(f"Ignored center={value[:60]!r}: expected LAT,LON in degrees; fitting the"
                    " map to the events.")
    return None


def _zoom(value: str, warnings: list[str]) -> int | None:
    text = value.strip()
    if text.isascii() and text.isdigit() and _ZOOM[0] <= int(text) <= _ZOOM[1]:
        return int(text)
    warnings.append(f"Ignored zoom={value[:60]!r}: expected a whole number from {_ZOOM[0]} to"
                    f" {_ZOOM[1]}; fitting the map to the events.")
    return None


def _layers(value: str, warnings: list[str]) -> tuple[str, ...]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in items if v not in DATA_LAYERS]
    for item in unknown:
        warnings.append(f"Ignored layers item {item[:60]!r}: not one of {', '.join(DATA_LAYERS)}.")
    return tuple(k for k in DATA_LAYERS if k in items)


def map_view_from_query(params: Mapping[str, str | list[str]]) -> tuple[MapView, list[str]]:
    """Read the map view from URL query parameters; never raises.

    Parameters
    ----------
    params : mapping of str to str or list of str
        The query parameters; other keys are ignored.

    Returns
    -------
    view : MapView
        ``center`` and ``zoom`` only when both are usable (else the map fits the events);
        ``layers`` as given (an empty ``layers=`` shows no data layer), the default when absent.
    warnings : list of str
        One sentence per ignored value.
    """
    warnings: list[str] = []
    centre = _centre(_last(params["center"]), warnings) if "center" in params else None
    zoom = _zoom(_last(params["zoom"]), warnings) if "zoom" in params else None
    if (centre is None) != (zoom is None):
        centre = zoom = None
    layers = _layers(_last(params["layers"]), warnings) if "layers" in params else DEFAULT_LAYERS
    return MapView(center=centre, zoom=zoom, layers=layers), warnings


def map_view_query(view: MapView | None) -> dict[str, str]:
    """Write the map view as URL query parameters.

    Parameters
    ----------
    view : MapView or None
        The view (None: the default view).

    Returns
    -------
    dict of str to str
        ``layers`` always; ``center`` (``LAT,LON`` with 5 decimals) and ``zoom`` when the
        user moved the map.
    """
    view = view or MapView()
    out: dict[str, str] = {}
    if view.center is not None and view.zoom is not None:
        out["center"] = f"{view.center[0]:.5f},{view.center[1]:.5f}"
        out["zoom"] = str(view.zoom)
    out["layers"] = ",".join(view.layers)
    return out
