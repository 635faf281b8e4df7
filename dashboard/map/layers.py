"""The data layers: events, reports and heat, from the filtered event table to folium layers.

The costly half (:func:`data_layer_payloads`: grouping, popups, JSON) is separate from the cheap
half (:func:`data_layers_from_payloads`), so the app can cache the first per filters.
Events are never one Python folium object each: a layer's points are one column-wise JSON
object (see :mod:`dashboard.map.elements`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import pandas as pd
from folium.plugins import HeatMap

from dashboard.map.assets import use_local_assets
from dashboard.map.elements import CanvasPoints, ClusterPoints
from dashboard.map.labels import LOW_CONFIDENCE, confidence_of
from dashboard.map.options import (
    CONFIDENCE_COLUMNS,
    LAYERS,
    REQUIRED_COLUMNS,
    MapError,
    MapOptions,
    check_frame,
)
from dashboard.map.popups import esc, row_popup_html, script_json
from dashboard.map.styles import WEAPON_STYLE

__all__ = [
    "DATA_LAYER_KEYS",
    "LayerPayload",
    "build_data_layers",
    "build_event_layer",
    "coords",
    "data_layer_payloads",
    "data_layers_from_payloads",
    "event_points",
    "layer",
    "localise",
]

_WEAPON_INDEX = {name: i for i, name in enumerate(WEAPON_STYLE)}

def _metric(frame: pd.DataFrame, size_by: str) -> np.ndarray:
    if size_by == "count":
        values = pd.to_numeric(frame["count"], errors="coerce")
        return values.fillna(0).to_numpy(dtype=float)
    killed = pd.to_numeric(frame["killed"], errors="coerce").fillna(0)
    injured = pd.to_numeric(frame["injured"], errors="coerce").fillna(0)
    return (killed + injured).to_numpy(dtype=float)


def _icon_px(values: np.ndarray) -> list[int]:
    return np.clip(np.round(18 + 3 * np.sqrt(np.maximum(values, 0))), 18, 48).astype(int).tolist()


def _weapon_codes(frame: pd.DataFrame) -> np.ndarray:
    codes = frame["weapon_main"].map(_WEAPON_INDEX).fillna(_WEAPON_INDEX["unknown"])
    return codes.to_numpy(dtype=int)


def coords(values: pd.Series | np.ndarray | list[float]) -> list[float]:
    """Coordinates rounded to 5 decimals (about 1 m), as a JSON-ready list."""
    return np.round(np.asarray(values, dtype=float), 5).tolist()


def _days(values: pd.Series) -> list[int]:
    """Days since 1970-01-01 of a date column; -1 where there is no date."""
    days = pd.to_datetime(values).to_numpy(dtype="datetime64[D]").astype("int64")
    missing = pd.isna(pd.to_datetime(values)).to_numpy()
    return np.where(missing, -1, days).astype(int).tolist()


def event_points(frame: pd.DataFrame, options: MapOptions) -> dict[str, Any]:
    """One point per event, column-wise, as the event layers' scripts read it.

    Parameters
    ----------
    frame : pandas.DataFrame
        Checked rows with coordinates (:func:`dashboard.map.options.check_frame`).
    options : MapOptions
        ``size_by``.

    Returns
    -------
    dict
        ``lat``, ``lon``; ``w`` weapon index in :data:`WEAPON_STYLE`; ``s`` symbol size in
        pixels; ``n`` events per marker (1); ``h`` 1 for a low-confidence event (drawn
        hollow); ``d0``, ``d1`` first and last day (days since 1970-01-01, -1 undated) for
        the time-lapse; ``p`` the popup HTML.
    """
    popups: list[str]
    columns = [c for c in (*REQUIRED_COLUMNS, *CONFIDENCE_COLUMNS) if c in frame.columns]
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in r.items()} for r in frame[columns].to_dict("records")
    ]
    if "popup_html" in frame.columns:
        given = frame["popup_html"].tolist()
        popups = [
            p if isinstance(p, str) and p else row_popup_html(r)
            for p, r in zip(given, records, strict=True)
        ]
    else:
        popups = [row_popup_html(r) for r in records]
    return {
        "lat": coords(frame["lat"]),
        "lon": coords(frame["lon"]),
        "w": _weapon_codes(frame).tolist(),
        "s": _icon_px(_metric(frame, options.size_by)),
        "n": [1] * len(frame),
        "h": (confidence_of(frame) < LOW_CONFIDENCE).astype(int).tolist(),
        "d0": _days(frame["date_start"].fillna(frame["date_end"])),
        "d1": _days(frame["date_end"].fillna(frame["date_start"])),
        "p": popups,
    }


def _group_ids(frame: pd.DataFrame, limit: int) -> tuple[np.ndarray, float | None]:
    """Group rows by shared point, on a coarser grid until there are at most ``limit`` groups."""
    for decimals, km in ((5, None), (3, 0.1), (2, 1.0), (1, 10.0), (0, 100.0)):
        keys = pd.DataFrame({"a": frame["lat"].round(decimals), "b": frame["lon"].round(decimals)})
        ids = keys.groupby(["a", "b"], sort=False).ngroup().to_numpy()
        if ids.max(initial=-1) + 1 <= limit:
            return ids, km
    return ids, km


class _Strings:
    """A string table: each distinct text sent once, referred to by its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def table(self) -> list[str]:
        return list(self.index)


def _group_points(frame: pd.DataFrame, options: MapOptions) -> dict[str, Any]:
    """One point per shared location, with a count and compact popup data.

    The popup of a group is built in the browser when it is opened (``ClusterPoints``), from
    ``pl`` places ``[text, events, ...]``, ``f``/``l`` first and last day, ``wm`` weapon mix
    ``[weapon index, events, ...]`` and ``r`` latest events ``[day, summary, id, ...]``;
    texts are indices into the string table ``T``, days count from 1970-01-01 (-1 unknown).
    """
    ids, km = _group_ids(frame, options.cluster_threshold)
    work = pd.DataFrame({
        "g": ids,
        "lat": frame["lat"].to_numpy(),
        "lon": frame["lon"].to_numpy(),
        "w": _weapon_codes(frame),
        "m": _metric(frame, options.size_by),
        "site": frame["site_name"].fillna("").astype(str).to_numpy(),
        "start": pd.to_datetime(frame["date_start"]).to_numpy(),
        "end": pd.to_datetime(frame["date_end"]).to_numpy(),
        "summary": frame["summary_en"].fillna("").astype(str).to_numpy(),
        "id": frame["id"].astype(str).to_numpy(),
    })
    grouped = work.groupby("g", sort=True)
    agg = grouped.agg(lat=("lat", "mean"), lon=("lon", "mean"), n=("g", "size"),
                      m=("m", "sum"), first=("start", "min"), last=("end", "max"))
    weapons = pd.crosstab(work["g"], work["w"])
    main = weapons.columns.to_numpy()[weapons.to_numpy().argmax(axis=1)]
    mixes: dict[int, list[int]] = {}
    for g, row in zip(weapons.index, weapons.to_numpy(), strict=True):
        order = np.argsort(-row, kind="stable")
        mixes[g] = [v for j in order if row[j] > 0 for v in (int(weapons.columns[j]), int(row[j]))]
    strings = _Strings()
    places: dict[int, list[int]] = {}
    sizes = work.groupby(["g", "site"]).size().sort_values(ascending=False)
    for key, n in zip(sizes.index, sizes.to_numpy(), strict=True):
        g, site = int(key[0]), str(key[1])
        if site and len(places.setdefault(g, [])) < 8:  # 4 places: 8 numbers
            places[g] += [strings(site), int(n)]
    latest: dict[int, list[int]] = {}
    recent = work.sort_values("start", ascending=False, na_position="last").groupby("g").head(5)
    recent_days = _days(recent["start"])
    for g, day, summary, event_id in zip(recent["g"], recent_days, recent["summary"],
                                         recent["id"], strict=True):
        latest.setdefault(g, []).extend((day, strings(summary), strings(event_id)))
    return {
        "lat": coords(agg["lat"]),
        "lon": coords(agg["lon"]),
        "w": main.astype(int).tolist(),
        "s": _icon_px(agg["m"].to_numpy(dtype=float)),
        "n": agg["n"].astype(int).tolist(),
        "km": km,
        "pl": [places.get(g, []) for g in agg.index],
        "f": _days(agg["first"]),
        "l": _days(agg["last"]),
        "wm": [mixes[g] for g in agg.index],
        "r": [latest.get(g, []) for g in agg.index],
        "T": strings.table(),
    }


def _by_point(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Events and reports per shared point (or grid cell, above ``limit`` points)."""
    ids, _km = _group_ids(frame, limit)
    work = pd.DataFrame({
        "g": ids,
        "lat": frame["lat"].to_numpy(),
        "lon": frame["lon"].to_numpy(),
        "site": frame["site_name"].fillna("").astype(str).to_numpy(),
        "reports": pd.to_numeric(frame["n_reports"], errors="coerce").fillna(0).to_numpy(),
    })
    points = work.groupby("g", sort=True).agg(
        lat=("lat", "mean"), lon=("lon", "mean"), events=("g", "size"),
        reports=("reports", "sum"),
    )
    # The most frequent place name of each point (the first in order among equals), as
    # Series.mode would give it, without a Python call per point.
    names = work.groupby(["g", "site"], sort=False).size().reset_index(name="n")
    names = names.sort_values(["g", "n", "site"], ascending=[True, False, True])
    points["site"] = names.drop_duplicates("g").set_index("g")["site"].reindex(points.index)
    return points


def _report_points(points: pd.DataFrame) -> dict[str, Any]:
    tips = [
        f"{esc(site or 'unknown place')}: {int(r)} reports, {int(e)} events"
        for site, r, e in zip(points["site"], points["reports"], points["events"], strict=True)
    ]
    radius = np.clip(np.round(4 + 2 * np.sqrt(points["reports"].to_numpy(float))), 4, 30)
    return {
        "lat": coords(points["lat"]),
        "lon": coords(points["lon"]),
        "r": radius.astype(int).tolist(),
        "t": tips,
    }


def layer(key: str, options: MapOptions) -> folium.FeatureGroup:
    """An empty layer for the layer control, shown when ``key`` is in ``options.layers``."""
    return folium.FeatureGroup(name=LAYERS[key], overlay=True, control=True,
                               show=key in options.layers)


def localise(element: Any, options: MapOptions) -> Any:
    """Point the element's asset links at the local copies, unless ``asset_base_url`` is None."""
    if options.asset_base_url is not None:
        use_local_assets(element, options.asset_base_url)
    return element


#: The layers that follow the filters, in the order :func:`build_data_layers` returns them.
DATA_LAYER_KEYS: tuple[str, ...] = ("events", "reports", "heat")

_REPORT_STYLE: dict[str, Any] = {
    "color": "#3b3b3b", "weight": 1, "fillColor": "#6d6d6d", "fillOpacity": 0.35,
    "labels": False,
}


@dataclass(frozen=True)
class LayerPayload:
    """One data layer in serialised form: plain strings, cheap to cache and to rebuild.

    :func:`data_layer_payloads` does the costly work (grouping, popups, JSON); the app caches
    its result per data version and filters, and :func:`data_layers_from_payloads` turns it
    back into folium layers in a few milliseconds.

    Attributes
    ----------
    key : str
        The layer (:data:`DATA_LAYER_KEYS`).
    kind : str
        What the points stand for: ``"events"``, ``"sites"`` (events grouped by point),
        ``"reports"`` or ``"heat"``; empty when the layer has no point.
    data_json : str
        The points: script-safe JSON (``dashboard.map.popups.script_json``) for the marker
        layers, plain JSON ``[[lat, lon, weight], ...]`` for the heat layer; empty when the
        layer has no point.
    heat_max : float
        The largest heat weight (heat layer only).
    """

    key: str
    kind: str = ""
    data_json: str = ""
    heat_max: float = 0.0


def _event_payload(frame: pd.DataFrame, options: MapOptions) -> LayerPayload:
    if not len(frame):
        return LayerPayload("events")
    if len(frame) > options.cluster_threshold:
        return LayerPayload("events", "sites",
                            script_json(_group_points(frame, options), inert_quotes=True))
    return LayerPayload("events", "events", script_json(event_points(frame, options)))


def data_layer_payloads(
    events: pd.DataFrame, options: MapOptions, keys: Iterable[str] = DATA_LAYER_KEYS
) -> tuple[LayerPayload, ...]:
    """Compute the content of the data layers, serialised (the costly half of the layers).

    Parameters
    ----------
    events : pandas.DataFrame
        As for :func:`build_event_layer`.
    options : MapOptions
        Threshold and marker size (``cluster_threshold``, ``size_by``).
    keys : iterable of str
        Which layers to compute (:data:`DATA_LAYER_KEYS`); the others are skipped.

    Returns
    -------
    tuple of LayerPayload
        One per wanted key, in the order of :data:`DATA_LAYER_KEYS`.

    Raises
    ------
    MapError
        When a required column is missing, coordinates are out of range or a key is unknown.
    """
    wanted = set(keys)
    unknown = sorted(wanted - set(DATA_LAYER_KEYS))
    if unknown:
        raise MapError(f"data layers: unknown {unknown}; choose from {list(DATA_LAYER_KEYS)}")
    frame = check_frame(events)
    out: list[LayerPayload] = []
    if "events" in wanted:
        out.append(_event_payload(frame, options))
    points = _by_point(frame, options.cluster_threshold) if len(frame) else None
    if "reports" in wanted:
        out.append(LayerPayload("reports") if points is None else
                   LayerPayload("reports", "reports", script_json(_report_points(points))))
    if "heat" in wanted:
        if points is None:
            out.append(LayerPayload("heat"))
        else:
            weights = np.log1p(points["events"].to_numpy(float))
            data = np.column_stack([points["lat"], points["lon"], np.round(weights, 3)])
            out.append(LayerPayload("heat", "heat", json.dumps(data.tolist()),
                                    float(weights.max())))
    return tuple(out)


def data_layers_from_payloads(
    payloads: Iterable[LayerPayload], options: MapOptions
) -> list[folium.FeatureGroup]:
    """Build folium layers from :func:`data_layer_payloads` (cheap: no grouping, no popups).

    Parameters
    ----------
    payloads : iterable of LayerPayload
        The serialised layers.
    options : MapOptions
        Which layers are shown (``layers``) and where the assets are served.

    Returns
    -------
    list of folium.FeatureGroup
        One per payload, in the same order; new objects on every call (``st_folium`` adds
        them to its map).

    Raises
    ------
    MapError
        When a payload names an unknown layer or holds unreadable heat data.
    """
    layers = []
    for payload in payloads:
        if payload.key not in DATA_LAYER_KEYS:
            raise MapError(f"data layers: unknown {payload.key!r}; choose from"
                           f" {list(DATA_LAYER_KEYS)}")
        group = layer(payload.key, options)
        if payload.kind in ("events", "sites"):
            ClusterPoints(payload.kind, payload.data_json).add_to(group)
        elif payload.kind == "reports":
            CanvasPoints("reports", payload.data_json, _REPORT_STYLE).add_to(group)
        elif payload.kind == "heat":
            try:
                data = json.loads(payload.data_json)
            except json.JSONDecodeError as exc:
                raise MapError(f"data layers: heat data is not JSON: {exc}") from exc
            HeatMap(data, control=False, radius=22, blur=18, min_opacity=0.3, max_zoom=1,
                    max=payload.heat_max).add_to(group)
        layers.append(localise(group, options))
    return layers


def build_event_layer(events: pd.DataFrame, options: MapOptions) -> folium.FeatureGroup:
    """Build the "Events" layer: one marker per event, or per shared point above the threshold.

    Parameters
    ----------
    events : pandas.DataFrame
        The flat table of ``dashboard.frames.events_frame`` (already filtered), optionally with a
        ``popup_html`` column of trusted HTML from :func:`popup_html`. Rows without coordinates
        are skipped.
    options : MapOptions
        Threshold, marker size and asset location.

    Returns
    -------
    folium.FeatureGroup
        Can be added to a map, or passed to ``st_folium(feature_group_to_add=...)``.

    Raises
    ------
    MapError
        When a required column is missing or coordinates are out of range.
    """
    (layer,) = data_layers_from_payloads(data_layer_payloads(events, options, ("events",)),
                                         options)
    return layer


def build_data_layers(events: pd.DataFrame, options: MapOptions) -> list[folium.FeatureGroup]:
    """Build the layers that change with the filters: events, reports and heat.

    Parameters
    ----------
    events : pandas.DataFrame
        As for :func:`build_event_layer`.
    options : MapOptions
        As for :func:`build_event_layer`.

    Returns
    -------
    list of folium.FeatureGroup
        "Events", "Reports" (circles sized by the reports behind the events at each point, on
        canvas) and "Heat" (event density, log-weighted per point); the same as
        ``data_layers_from_payloads(data_layer_payloads(events, options), options)``.
    """
    return data_layers_from_payloads(data_layer_payloads(events, options), options)
