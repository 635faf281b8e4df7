"""The dashboard's settings (store, server, map), typed and documented in one place.

Each field can be set by an environment variable named ``ATLAS_`` plus the field name in
capitals (``ATLAS_DB``, ``ATLAS_PORT``, ``ATLAS_TILE_URL`` ...), read as the reading library's
settings are (:func:`gazetteer.settings.from_environ`). ``.streamlit/config.toml`` holds only
Streamlit's own server and theme options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gazetteer.settings import PROJECT_DIR, SettingsError, from_environ

__all__ = ["Settings", "SettingsError", "load_settings"]


@dataclass(frozen=True)
class Settings:
    """Settings of storing, serving and drawing.

    Attributes
    ----------
    db : str
        The store: a GeoPackage file path, or a ``postgresql://`` URL. Env ``ATLAS_DB``.
    seeds_dir : str
        Folder of articles (with ``articles.csv``) that ``make run`` ingests into an empty store.
    max_upload_mb : float
        Largest file the dashboard's "Add article" page accepts, in MiB.
    port : int
        Port of ``atlas serve``.
    tile_url : str
        XYZ tile URL template for the basemap; empty for the offline basemap only. Point it at a
        self-hosted tile server on a closed network.
    tile_attribution : str
        Attribution shown for ``tile_url``.
    cluster_threshold : int
        Above this many events in view, the map clusters markers.
    map_mode : str
        ``fast`` (data sent once, drawn in the browser) or ``naive`` (one folium marker per
        event, for the benchmark's baseline only).
    """

    db: str = field(default_factory=lambda: str(PROJECT_DIR / "data" / "atlas.gpkg"))
    seeds_dir: str = field(default_factory=lambda: str(PROJECT_DIR / "seeds"))
    max_upload_mb: float = 5.0
    port: int = 8501
    tile_url: str = ""
    tile_attribution: str = ""
    cluster_threshold: int = 2000
    map_mode: str = "fast"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The dashboard settings in force (:class:`Settings` from the ``ATLAS_*`` variables)."""
    return from_environ(Settings, environ)
