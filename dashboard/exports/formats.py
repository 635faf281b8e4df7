"""The data exports: CSV, GeoJSON, KML, GeoPackage and GeoParquet.

Each writer takes the filtered event table (:func:`dashboard.frames.events_frame`, extra
columns such as ``review_status`` are exported too; the internal ``search_text`` and the
geometry column are not) or an :class:`~dashboard.exports.tables.ExportBundle` (the same
events with their Arabic evidence, reports and articles, read from the store), and returns the
file's bytes, ready for ``st.download_button`` or ``atlas export``.

Text is escaped for each format by the library that writes it (``csv``, ``json``,
:mod:`xml.etree.ElementTree`, GDAL, Arrow), so an outlet or summary holding ``<script>``,
``]]>`` or ``"`` arrives as that text. The KML description, which viewers such as Google Earth
render as HTML, is HTML-escaped text as well. The CSV guards against formula injection, see
:func:`to_csv_bytes`. Coordinates are WGS84 longitude/latitude.
"""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.exports.tables import (
    ExportBundle,
    cell,
    events_of,
    lonlat,
    plain_table,
    records,
    valid_point,
)

__all__ = [
    "FORMULA_PREFIXES",
    "KML_NS",
    "to_csv_bytes",
    "to_geojson_bytes",
    "to_gpkg_bytes",
    "to_kml_bytes",
    "to_parquet_bytes",
]

#: A CSV text cell starting with one of these gets a leading apostrophe (formula injection).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: KML 2.2 namespace.
KML_NS = "http://www.opengis.net/kml/2.2"

#: Characters XML 1.0 cannot hold at all (C0 controls other than tab, newline, return).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------- CSV


def csv_table_bytes(table: pd.DataFrame) -> bytes:
    """Write a plain table as CSV: UTF-8 with BOM, CRLF, formula cells guarded."""
    table = table.copy()
    for column in table.columns:
        series = table[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            table[column] = series.map(_guard_formula)
    text = table.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_csv_bytes(data: pd.DataFrame | ExportBundle) -> bytes:
    """Export the events as CSV that Excel opens with Arabic intact.

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table, or it with its evidence (then the Arabic site names, quotes
        and article URLs are columns too).

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark, CRLF line ends, one header row, no geometry column.
        Dates are ``YYYY-MM-DD``, lists ``|``-joined, missing values empty.

    Notes
    -----
    Formula-injection guard (OWASP "CSV injection"): a text cell that starts with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return is written with a leading apostrophe
    (``'=1+1``), so a spreadsheet shows it as text instead of running it. Numeric columns
    (negative coordinates included) are not changed. Read the file back with
    ``pandas.read_csv(..., encoding="utf-8-sig")`` and strip that apostrophe if needed.
    """
    return csv_table_bytes(plain_table(events_of(data)))


def _guard_formula(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _rows_and_points(
    data: pd.DataFrame | ExportBundle,
) -> Iterator[tuple[dict[str, Any], float, float]]:
    """Each event's plain export row (:func:`plain_table`) with its longitude and latitude."""
    frame = events_of(data)
    lon, lat = lonlat(frame)
    yield from zip(records(plain_table(frame)), lon.tolist(), lat.tolist(), strict=True)


# --------------------------------------------------------------------------- GeoJSON


def to_geojson_bytes(data: pd.DataFrame | ExportBundle) -> bytes:
    """Export the events as an RFC 7946 GeoJSON FeatureCollection.

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table or a bundle: each exported column of its events is a property.

    Returns
    -------
    bytes
        UTF-8 JSON: one Point Feature per event, coordinates ``[lon, lat]`` in WGS84 rounded
        to 6 decimals (about 0.1 m), no ``crs`` member; ``geometry`` is null for an event
        without coordinates. ``id`` is the event id; ``properties`` hold every exported
        column with dates as ISO strings and missing values as null.
    """
    features = []
    for record, x, y in _rows_and_points(data):
        geometry = (
            {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]}
            if valid_point(x, y)
            else None
        )
        feature: dict[str, Any] = {"type": "Feature"}
        if record.get("id") is not None:
            feature["id"] = str(record["id"])
        feature["geometry"] = geometry
        feature["properties"] = record
        features.append(feature)
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False, default=_json_default)
    return text.encode("utf-8")


def _json_default(value: Any) -> Any:
    """Serialise what :mod:`json` does not know; anything else is a clear error."""
    converted = cell(value)
    if converted is not value:
        return converted
    raise TypeError(f"cannot write {type(value).__name__} value {value!r} to GeoJSON")


# --------------------------------------------------------------------------- KML


def _xml_text(value: Any) -> str:
    """Text for an XML node: missing -> empty, characters XML cannot hold removed."""
    if not isinstance(value, str):
        value = cell(value)
        if value is None:
            return ""
        value = str(value)
    return _XML_INVALID.sub("", value)


def _range(low: Any, high: Any) -> str:
    low, high = cell(low), cell(high)
    if low is None:
        return "not reported"
    return str(low) if high is None or high == low else f"{low}-{high}"


def _dates(row: dict[str, Any]) -> str | None:
    start, end = row.get("date_start"), row.get("date_end")
    if start is None:
        return end
    return start if end in (None, start) else f"{start} to {end}"


def description_lines(row: dict[str, Any]) -> list[str]:
    """The lines of one event's description, as plain text."""
    lines = [str(row.get("summary_en") or "")]
    fields = (
        ("Date", _dates(row)),
        ("Place", row.get("site_name") or row.get("site")),
        ("Place (Arabic)", row.get("site_name_ar")),
        ("Geo precision", row.get("geo_precision")),
        ("Weapon", row.get("weapon")),
        ("Killed", _range(row.get("killed"), row.get("killed_max"))),
        ("Injured", _range(row.get("injured"), row.get("injured_max"))),
        ("Actor", row.get("actor")),
        ("Target", row.get("target")),
        ("Outlets", row.get("outlets")),
        ("Cited", row.get("cited")),
        ("Reports", row.get("n_reports")),
        ("Evidence", row.get("quote_ar")),
        ("Articles", row.get("urls")),
        ("Event id", row.get("id")),
    )
    lines += [f"{label}: {value}" for label, value in fields if value not in (None, "")]
    return [line for line in lines if line]


def description_html(row: dict[str, Any]) -> str:
    """One event's description for a KML balloon: escaped text, lines joined by ``<br>``.

    Google Earth and other viewers render a description as HTML, so every character of the
    data is HTML-escaped (an outlet ``<img src=x onerror=...>`` shows as that text); the only
    markup is the ``<br>`` between lines, which the exporter writes itself.
    """
    text = "\n".join(description_lines(row))
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def to_kml_bytes(data: pd.DataFrame | ExportBundle) -> bytes:
    """Export the events as KML 2.2 for Google Earth and GIS tools.

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table or a bundle: one Placemark per event.

    Returns
    -------
    bytes
        UTF-8 KML: a Document with one Placemark per event holding ``name`` (place and date),
        ``description`` (:func:`description_html`: HTML-escaped text, then XML-escaped by
        ElementTree; no CDATA), ``TimeSpan`` ``begin``/``end`` (ISO dates, when known),
        ``ExtendedData`` with every exported column that has a value (the exact text), and a
        ``Point`` (``lon,lat``; omitted when unknown).
    """
    ET.register_namespace("", KML_NS)

    def sub(parent: ET.Element, tag: str, text: Any = None, **attrib: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attrib)
        if text is not None:
            element.text = _xml_text(text)
        return element

    root = ET.Element(f"{{{KML_NS}}}kml")
    document = sub(root, "Document")
    sub(document, "name", "Incident Atlas events")
    for row, x, y in _rows_and_points(data):
        placemark = sub(document, "Placemark")
        place = row.get("site_name") or row.get("site") or "Unknown place"
        when = row.get("date_start") or "undated"
        sub(placemark, "name", f"{place}, {when}")
        sub(placemark, "description", description_html(row))
        if row.get("date_start") or row.get("date_end"):
            span = sub(placemark, "TimeSpan")
            if row.get("date_start"):
                sub(span, "begin", row["date_start"])
            if row.get("date_end"):
                sub(span, "end", row["date_end"])
        extended = sub(placemark, "ExtendedData")
        for name, value in row.items():
            if value is not None and value != "":
                item = sub(extended, "Data", name=_xml_text(name))
                sub(item, "value", value)
        if valid_point(x, y):
            point = sub(placemark, "Point")
            sub(point, "coordinates", f"{round(x, 6)},{round(y, 6)}")
    text = ET.tostring(root, encoding="unicode")  # much faster than encoding while writing
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + text).encode("utf-8")


# --------------------------------------------------------------------------- GeoPackage


def _point_layer(frame: pd.DataFrame, dates: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Plain columns with dates as dates and a WGS84 point geometry (None where unknown)."""
    table = plain_table(frame)
    for column in dates:
        if column in table.columns:
            table[column] = pd.to_datetime(table[column])
    lon, lat = lonlat(frame)
    ok = np.isfinite(lon) & np.isfinite(lat)
    geometry = gpd.points_from_xy(lon, lat, crs="EPSG:4326")
    geometry[~ok] = None
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")


_DATES = ("date_start", "date_end", "published")


def to_gpkg_bytes(data: pd.DataFrame | ExportBundle) -> bytes:
    """Export the events as a GeoPackage.

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table, or a bundle.

    Returns
    -------
    bytes
        The ``.gpkg`` file (written with pyogrio to a temporary folder, which is removed):
        the point layer ``events``; from a bundle also the point layer ``reports`` (one
        feature per report, at the place that report gives) and the attribute table
        ``articles``. Dates stay dates, lists are ``|``-joined text, the CRS is EPSG:4326.
    """
    layers: list[tuple[str, pd.DataFrame]] = [("events", _point_layer(events_of(data), _DATES))]
    if isinstance(data, ExportBundle):
        layers.append(("reports", _point_layer(data.reports, _DATES)))
        articles = plain_table(data.articles)
        articles["published"] = pd.to_datetime(articles["published"])
        layers.append(("articles", articles))
    with tempfile.TemporaryDirectory(prefix="atlas-export-") as folder:
        path = Path(folder) / "events.gpkg"
        import pyogrio

        for name, layer in layers:
            pyogrio.write_dataframe(layer, path, layer=name, driver="GPKG", append=False)
        return path.read_bytes()


# --------------------------------------------------------------------------- GeoParquet


def to_parquet_bytes(data: pd.DataFrame | ExportBundle) -> bytes:
    """Export the events as GeoParquet (geopandas ``to_parquet``) for DuckDB, pandas or QGIS.

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table (or bundle: its events, with the evidence columns).

    Returns
    -------
    bytes
        A Parquet file with GeoParquet metadata: WKB point geometry in EPSG:4326, dates as
        timestamps, integers nullable, lists ``|``-joined, Arabic as UTF-8 strings.
    """
    layer = _point_layer(events_of(data), _DATES)
    buffer = io.BytesIO()
    layer.to_parquet(buffer, index=False)
    return buffer.getvalue()
