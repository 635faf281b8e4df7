"""Exports of the filtered events: data files and maps.

Data files: CSV, GeoJSON, KML, GeoPackage, GeoParquet, ACLED-style CSV; maps: standalone HTML
and PNG.

The dashboard's downloads and ``atlas export`` use the same functions:

* :mod:`~dashboard.exports.tables`: the export tables; :func:`export_bundle` adds the Arabic
  evidence, reports and articles from the store;
* :mod:`~dashboard.exports.formats`: CSV, GeoJSON, KML, GeoPackage, GeoParquet;
* :mod:`~dashboard.exports.acled`: the ACLED-style CSV and its mapping tables;
* :mod:`~dashboard.exports.maps`: HTML and PNG maps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.exports.acled import ACLED_COLUMNS, acled_rows, to_acled_bytes
from dashboard.exports.formats import (
    FORMULA_PREFIXES,
    KML_NS,
    to_csv_bytes,
    to_geojson_bytes,
    to_gpkg_bytes,
    to_kml_bytes,
    to_parquet_bytes,
)
from dashboard.exports.maps import BASEMAP_PATH, to_html_bytes, to_png_bytes
from dashboard.exports.tables import ExportBundle, export_bundle

if TYPE_CHECKING:
    from dashboard.store.geopackage import Store
    from gazetteer.records import Site

__all__ = [
    "ACLED_COLUMNS",
    "BASEMAP_PATH",
    "DATA_FORMATS",
    "FORMULA_PREFIXES",
    "KML_NS",
    "DataFormat",
    "ExportBundle",
    "acled_rows",
    "data_downloads",
    "export_bundle",
    "to_acled_bytes",
    "to_csv_bytes",
    "to_geojson_bytes",
    "to_gpkg_bytes",
    "to_html_bytes",
    "to_kml_bytes",
    "to_parquet_bytes",
    "to_png_bytes",
]


@dataclass(frozen=True)
class DataFormat:
    """One data export: its label, file name, media type and writer."""

    label: str
    file_name: str
    mime: str
    write: Callable[[pd.DataFrame | ExportBundle], bytes]


#: The data exports by ``atlas export --format`` name, in the order the dashboard offers them.
DATA_FORMATS: dict[str, DataFormat] = {
    "csv": DataFormat("CSV", "incident-atlas.csv", "text/csv", to_csv_bytes),
    "geojson": DataFormat(
        "GeoJSON", "incident-atlas.geojson", "application/geo+json", to_geojson_bytes
    ),
    "kml": DataFormat(
        "KML", "incident-atlas.kml", "application/vnd.google-earth.kml+xml", to_kml_bytes
    ),
    "gpkg": DataFormat(
        "GeoPackage", "incident-atlas.gpkg", "application/geopackage+sqlite3", to_gpkg_bytes
    ),
    "parquet": DataFormat(
        "GeoParquet",
        "incident-atlas.parquet",
        "application/vnd.apache.parquet",
        to_parquet_bytes,
    ),
    "acled": DataFormat("ACLED CSV", "incident-atlas-acled.csv", "text/csv", to_acled_bytes),
}


def data_downloads(
    frame: pd.DataFrame, store: Store, sites: Mapping[str, Site] | None = None
) -> list[tuple[str, str, str, Callable[[], bytes]]]:
    """The dashboard's data downloads of the filtered events, built from the store on click.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table as shown.
    store : Store
        The store the events come from (their reports, articles and quotes).
    sites : mapping of str to Site, optional
        The gazetteer's sites (Arabic names); loaded when not given.

    Returns
    -------
    list of (label, file name, media type, make)
        One per :data:`DATA_FORMATS` entry; ``make()`` returns the file's bytes. The bundle is
        gathered once, on the first click, and shared by the formats.
    """
    shown = frame.copy()
    cached: list[ExportBundle] = []

    def bundle() -> ExportBundle:
        if not cached:
            cached.append(export_bundle(shown, store, sites))
        return cached[0]

    def maker(fmt: DataFormat) -> Callable[[], bytes]:
        return lambda: fmt.write(bundle())

    return [(f.label, f.file_name, f.mime, maker(f)) for f in DATA_FORMATS.values()]
