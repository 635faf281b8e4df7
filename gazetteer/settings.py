"""Every setting of Incident Atlas, typed and documented in one place.

Each field can be set by an environment variable named ``ATLAS_`` plus the field name in
capitals (``ATLAS_DB``, ``ATLAS_TILE_URL`` ...). ``.streamlit/config.toml`` holds only
Streamlit's own server and theme options.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer import errors as _errors

#: The project folder when running from a checkout (the parent of this package).
PROJECT_DIR = Path(__file__).resolve().parent.parent


class SettingsError(_errors.SettingsError):
    """An environment variable holds a value its setting cannot take; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Run-time settings.

    Attributes
    ----------
    db : str
        The store: a GeoPackage file path, or a ``postgresql://`` URL. Env ``ATLAS_DB``.
    gazetteer : str
        A ``sites.csv``-style file to use instead of the packaged gazetteer (for instance the
        output of ``atlas gazetteer import-geonames``); empty for the packaged one. When set, the
        file is used as it is and ``builtin_places`` does not apply.
    builtin_places : bool
        Whether the packaged gazetteer includes the built-in GeoNames layer
        (``gazetteer/data/places_geonames.csv``: about 370 Syrian and border-area Iraqi towns,
        merged under the curated sites, which win). Env ``ATLAS_BUILTIN_PLACES``: ``1``/``0``,
        ``true``/``false``, ``yes``/``no`` or ``on``/``off``. On by default.
    seeds_dir : str
        Folder of articles (with ``articles.csv``) that ``make run`` ingests into an empty store.
    max_article_mb : float
        Largest article file read, in megabytes; larger files are refused with a clear error.
    max_upload_mb : float
        Largest file the dashboard's "Add article" page accepts, in megabytes.
    tile_url : str
        XYZ tile URL template for the basemap; empty for the offline basemap only. Point it at a
        self-hosted tile server on a closed network.
    tile_attribution : str
        Attribution shown for ``tile_url``.
    cluster_threshold : int
        Above this many events in view, the map clusters markers.
    merge_day_slack : int
        Reports whose date spans come within this many days of each other may merge.
    port : int
        Port of ``atlas serve``.
    map_mode : str
        ``fast`` (data sent once, drawn in the browser) or ``naive`` (one folium marker per
        event, for the benchmark's baseline only).
    """

    db: str = field(default_factory=lambda: str(PROJECT_DIR / "data" / "atlas.gpkg"))
    gazetteer: str = ""
    builtin_places: bool = True
    seeds_dir: str = field(default_factory=lambda: str(PROJECT_DIR / "seeds"))
    max_article_mb: float = 10.0
    max_upload_mb: float = 5.0
    tile_url: str = ""
    tile_attribution: str = ""
    cluster_threshold: int = 2000
    merge_day_slack: int = 1
    port: int = 8501
    map_mode: str = "fast"


#: Spellings a yes/no setting accepts (compared lower-cased, spaces stripped).
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(name: str, raw: str) -> bool:
    """Read a yes/no variable, or raise naming it and the accepted values."""
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(
        f"{name}={raw!r}: expected one of {', '.join(_TRUE)} (on) or {', '.join(_FALSE)} (off)"
    )


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from defaults overridden by ``ATLAS_*`` variables.

    Parameters
    ----------
    environ : dict, optional
        The environment to read; :data:`os.environ` by default.

    Returns
    -------
    Settings
        The settings in force.

    Raises
    ------
    SettingsError
        When a variable cannot be converted to its field's type.
    """
    env = os.environ if environ is None else environ
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        name = "ATLAS_" + f.name.upper()
        if name not in env:
            continue
        raw = env[name]
        kind = type(getattr(defaults, f.name))
        if kind is bool:
            values[f.name] = _flag(name, raw)
            continue
        try:
            values[f.name] = kind(raw)
        except ValueError as exc:
            raise SettingsError(f"{name}={raw!r}: expected {kind.__name__}") from exc
    return dataclasses.replace(defaults, **values)
