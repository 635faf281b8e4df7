"""What the map shows and how: the options, the layer names, the error, the input check.

No Streamlit and no folium here: the other map modules and the pages read these.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.map.assets import DEFAULT_BASE_URL
from dashboard.settings import Settings
from dashboard.store.schema import missing_columns
from gazetteer import errors as _errors

__all__ = [
    "CONFIDENCE_COLUMNS",
    "DEFAULT_BOUNDS",
    "LAYERS",
    "REQUIRED_COLUMNS",
    "SIZE_BY",
    "MapError",
    "MapOptions",
    "check_frame",
]

LAYERS: dict[str, str] = {
    "events": "Events",
    "reports": "Reports",
    "heat": "Heat",
    "tanf_zone": "Tanf zone",
    "euphrates": "Rivers (Euphrates, Khabur)",
    "site_labels": "Site labels",
}

#: What marker size can stand for -> legend wording.
SIZE_BY: dict[str, str] = {
    "count": "projectiles or drones reported",
    "casualties": "killed and injured reported",
}

#: ((south, west), (north, east)) of the default view over eastern Syria.
DEFAULT_BOUNDS: tuple[tuple[float, float], tuple[float, float]] = ((33.2, 37.8), (37.3, 42.4))

#: Columns of ``dashboard.frames.EVENT_COLUMNS`` the map reads.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "id", "site_name", "lat", "lon", "date_start", "date_end", "date_precision", "time",
    "weapon", "weapon_main", "count", "count_max", "killed", "killed_max", "injured",
    "injured_max", "casualties", "outlets", "n_reports", "summary_en",
)

#: Optional columns the map reads when present: the event's confidence (0..1) and why.
CONFIDENCE_COLUMNS: tuple[str, ...] = ("confidence", "confidence_reasons")


class MapError(_errors.MapError):
    """The events or the options cannot be drawn; the message names the column or field."""


@dataclass(frozen=True)
class MapOptions:
    """What the map shows and how.

    Attributes
    ----------
    tile_url, tile_attribution : str
        XYZ tile template and its attribution (``Settings.tile_url``); empty: no tile layer,
        only the offline basemap. The attribution is trusted operator HTML.
    layers : frozenset of str
        Layers shown when the map opens (keys of :data:`LAYERS`); the others are in the layer
        control, switched off.
    cluster_threshold : int
        Above this many events, events sharing a point are drawn as one marker with a count.
    size_by : str
        ``"count"`` or ``"casualties"`` (keys of :data:`SIZE_BY`).
    asset_base_url : str or None
        Where the vendored JS/CSS are served; None keeps folium's CDN links.
    height : int
        Map height in pixels.
    briefing : bool
        A still picture for a briefing or an export: title box with the event count and dates,
        no zoom buttons, no layer control.
    title : str
        Title shown in briefing mode.
    label_language : str
        ``"en"`` or ``"ar"``: the language the place labels open in (the map's EN/Arabic
        control switches them in the browser).
    include_data : bool
        False draws only the base (borders, zone, river, labels, controls, legend); the app
        then adds :func:`build_data_layers` through ``st_folium(feature_group_to_add=...)``.
    """

    tile_url: str = ""
    tile_attribution: str = ""
    layers: frozenset[str] = field(
        default_factory=lambda: frozenset({"events", "tanf_zone", "euphrates", "site_labels"})
    )
    cluster_threshold: int = 2000
    size_by: str = "count"
    asset_base_url: str | None = DEFAULT_BASE_URL
    height: int = 600
    briefing: bool = False
    title: str = "Incident Atlas"
    include_data: bool = True
    label_language: str = "en"

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", frozenset(self.layers))
        unknown = sorted(self.layers - set(LAYERS))
        if unknown:
            raise MapError(f"MapOptions.layers: unknown {unknown}; choose from {list(LAYERS)}")
        if self.label_language not in ("en", "ar"):
            raise MapError(f"MapOptions.label_language={self.label_language!r}: 'en' or 'ar'")
        if self.size_by not in SIZE_BY:
            raise MapError(f"MapOptions.size_by={self.size_by!r}: choose from {list(SIZE_BY)}")
        if not isinstance(self.cluster_threshold, int) or self.cluster_threshold < 1:
            raise MapError(f"MapOptions.cluster_threshold={self.cluster_threshold!r}: need >= 1")
        if not isinstance(self.height, int) or self.height < 100:
            raise MapError(f"MapOptions.height={self.height!r}: need an integer >= 100 (pixels)")
        if self.tile_url and not self.tile_attribution.strip():
            raise MapError(
                "MapOptions.tile_attribution (ATLAS_TILE_ATTRIBUTION) is required with a tile_url"
            )

    @classmethod
    def from_settings(cls, settings: Settings, **changes: Any) -> MapOptions:
        """Build options from the run-time settings.

        Parameters
        ----------
        settings : Settings
            ``tile_url``, ``tile_attribution`` and ``cluster_threshold`` are taken from it.
        **changes
            Any other field of :class:`MapOptions`.

        Returns
        -------
        MapOptions
            The options.
        """
        base = cls(
            tile_url=settings.tile_url,
            tile_attribution=settings.tile_attribution,
            cluster_threshold=settings.cluster_threshold,
        )
        return dataclasses.replace(base, **changes)


def check_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Check the event table and keep the rows with coordinates.

    Parameters
    ----------
    events : pandas.DataFrame
        The flat table of ``dashboard.frames.events_frame``.

    Returns
    -------
    pandas.DataFrame
        A copy of the rows with both ``lat`` and ``lon``, as floats.

    Raises
    ------
    MapError
        When it is not a DataFrame, a column of :data:`REQUIRED_COLUMNS` is missing or a
        coordinate is outside WGS84 ranges.
    """
    if not isinstance(events, pd.DataFrame):
        raise MapError(f"events: expected the DataFrame of events_frame(), got {type(events)}")
    missing = missing_columns(events, REQUIRED_COLUMNS)
    if missing:
        raise MapError(f"events: missing columns {missing} (see dashboard.frames.EVENT_COLUMNS)")
    lat = pd.to_numeric(events["lat"], errors="coerce")
    lon = pd.to_numeric(events["lon"], errors="coerce")
    bad = events.index[(lat.abs() > 90) | (lon.abs() > 180)]
    if len(bad):
        raise MapError(f"events: row {bad[0]!r} has lat/lon outside WGS84 ranges")
    placed = events[lat.notna() & lon.notna()].copy()
    placed["lat"] = lat[placed.index].astype(float)
    placed["lon"] = lon[placed.index].astype(float)
    return placed


