"""Exports: each format read back and compared to the event table; escaping and CSV injection."""

from __future__ import annotations

import html
import io
import json
import sys
import types
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from PIL import Image
from shapely.geometry import Point, shape

from dashboard.exports import (
    FORMULA_PREFIXES,
    KML_NS,
    to_csv_bytes,
    to_geojson_bytes,
    to_gpkg_bytes,
    to_html_bytes,
    to_kml_bytes,
    to_png_bytes,
)

DATA = Path(__file__).parent / "data" / "filters"
NS = {"k": KML_NS}
EXPORTED = lambda frame: [c for c in frame.columns if c not in ("geometry", "search_text")]  # noqa: E731


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def frame(sample_frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return sample_frame


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _guarded(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


# --------------------------------------------------------------------------- CSV


def test_csv_has_bom_and_no_geometry(frame: gpd.GeoDataFrame) -> None:
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    table = _read_csv(data)
    assert list(table.columns) == EXPORTED(frame)
    assert len(table) == len(frame)
    assert "\u0627\u0644\u062e\u0627\u0628\u0648\u0631" in table["outlets"].iloc[0]  # الخابور


def _column_cases() -> list[str]:
    return [
        "id", "site", "site_name", "lat", "lon", "geo_precision", "date_start", "date_end",
        "weapon", "count", "killed", "injured", "actor", "target", "new", "outlets", "cited",
        "n_reports", "articles", "summary_en", "review_status",
    ]  # fmt: skip


@pytest.mark.parametrize("column", _column_cases())
def test_csv_round_trip_column(frame: gpd.GeoDataFrame, column: str) -> None:
    got = _read_csv(to_csv_bytes(frame))[column]
    original = frame[column]
    if pd.api.types.is_datetime64_any_dtype(original):
        expected = original.dt.strftime("%Y-%m-%d").fillna("").tolist()
        assert got.tolist() == expected
    elif pd.api.types.is_bool_dtype(original):
        assert got.tolist() == [str(bool(v)) for v in original]
    elif pd.api.types.is_numeric_dtype(original):
        back = pd.to_numeric(got.replace("", np.nan)).to_numpy(dtype=float)
        want = pd.to_numeric(original).to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_allclose(back, want, equal_nan=True)
    else:
        expected = [_guarded(v) if isinstance(v, str) else "" for v in original]
        assert got.tolist() == expected


INJECTION = [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1", "'\t=1"),
    ("a=b", "a=b"),
    ("plain text", "plain text"),
    ("\u0642\u0627\u0639\u062f\u0629 =1", "\u0642\u0627\u0639\u062f\u0629 =1"),  # قاعدة
]


@pytest.mark.parametrize(("value", "expected"), INJECTION)
def test_csv_formula_injection_guard(frame: gpd.GeoDataFrame, value: str, expected: str) -> None:
    table = frame.copy()
    table["summary_en"] = value
    table["actor"] = value
    back = _read_csv(to_csv_bytes(table))
    assert set(back["summary_en"]) == {expected}
    assert set(back["actor"]) == {expected}


def test_csv_negative_numbers_stay_numbers(frame: gpd.GeoDataFrame) -> None:
    table = frame.copy()
    table["lon"] = -table["lon"]
    back = _read_csv(to_csv_bytes(table))
    assert back["lon"].iloc[0] == str(-frame["lon"].iloc[0])


# --------------------------------------------------------------------------- GeoJSON


def _reject_constant(name: str) -> None:
    raise AssertionError(f"GeoJSON holds {name}, which is not JSON")


def test_geojson_rfc7946(frame: gpd.GeoDataFrame) -> None:
    doc = json.loads(to_geojson_bytes(frame), parse_constant=_reject_constant)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert [f["id"] for f in doc["features"]] == list(frame["id"])
    for feature, (_, row) in zip(doc["features"], frame.iterrows(), strict=True):
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == set(EXPORTED(frame))
        if pd.isna(row["lon"]):
            assert feature["geometry"] is None
            continue
        point = shape(feature["geometry"])
        assert point.equals(Point(round(row["lon"], 6), round(row["lat"], 6)))
        assert feature["geometry"]["coordinates"] == [round(row["lon"], 6), round(row["lat"], 6)]


@pytest.mark.parametrize(
    ("event", "column", "expected"),
    [
        ("E1", "date_start", "2024-01-05"),
        ("E3", "date_end", "2024-02-03"),
        ("E2", "killed", None),
        ("E3", "killed", 4),
        ("E1", "new", True),
        ("E4", "new", False),
        ("E2", "actor", "Islamic Resistance in Iraq"),
        ("E1", "actor", None),
        ("E7", "site", None),
        ("E7", "lat", None),
        ("E6", "weapon", "drone|rocket"),
        ("E1", "outlets", "Deir Ezzor 24|\u0627\u0644\u062e\u0627\u0628\u0648\u0631"),  # الخابور
        ("E2", "review_status", None),
    ],
)
def test_geojson_properties(frame: gpd.GeoDataFrame, event: str, column: str, expected) -> None:
    doc = json.loads(to_geojson_bytes(frame), parse_constant=_reject_constant)
    props = {f["id"]: f["properties"] for f in doc["features"]}
    assert props[event][column] == expected
    assert type(props[event][column]) is type(expected)


def test_geojson_rounds_to_six_decimals(frame: gpd.GeoDataFrame) -> None:
    table = frame.iloc[:1].copy()
    table["lon"], table["lat"] = 40.123456789, 35.987654321
    coords = json.loads(to_geojson_bytes(table))["features"][0]["geometry"]["coordinates"]
    assert coords == [40.123457, 35.987654]


def test_geojson_from_projected_geometry(frame: gpd.GeoDataFrame) -> None:
    projected = frame.drop(columns=["lat", "lon"]).to_crs("EPSG:3857")
    doc = json.loads(to_geojson_bytes(projected))
    for feature, (_, row) in zip(doc["features"], frame.iterrows(), strict=True):
        if pd.isna(row["lon"]):
            assert feature["geometry"] is None
        else:
            assert feature["geometry"]["coordinates"] == pytest.approx(
                [row["lon"], row["lat"]], abs=2e-6
            )


# --------------------------------------------------------------------------- KML


def test_kml_structure(frame: gpd.GeoDataFrame) -> None:
    root = ET.fromstring(to_kml_bytes(frame))
    assert root.tag == f"{{{KML_NS}}}kml"
    placemarks = root.findall("k:Document/k:Placemark", NS)
    assert len(placemarks) == len(frame)
    for placemark, (_, row) in zip(placemarks, frame.iterrows(), strict=True):
        assert placemark.findtext("k:name", namespaces=NS).startswith(row["site_name"] or "Unknown")
        assert placemark.findtext("k:TimeSpan/k:begin", namespaces=NS) == (
            row["date_start"].strftime("%Y-%m-%d")
        )
        assert placemark.findtext("k:TimeSpan/k:end", namespaces=NS) == (
            row["date_end"].strftime("%Y-%m-%d")
        )
        description = html.unescape(placemark.findtext("k:description", namespaces=NS))
        assert row["summary_en"] in description
        coordinates = placemark.findtext("k:Point/k:coordinates", namespaces=NS)
        if pd.isna(row["lon"]):
            assert coordinates is None
        else:
            lon, lat = (float(v) for v in coordinates.split(","))
            assert (lon, lat) == (round(row["lon"], 6), round(row["lat"], 6))


def test_kml_read_by_gdal(frame: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = _write(tmp_path, "events.kml", to_kml_bytes(frame))
    assert pyogrio.list_layers(path)[0][0] == "Incident Atlas events"
    back = gpd.read_file(path, engine="pyogrio")
    assert len(back) == len(frame)
    located = frame["lon"].notna().to_numpy()
    assert back.geometry.isna().to_numpy().tolist() == (~located).tolist()
    np.testing.assert_allclose(back.geometry[located].x, frame["lon"][located], atol=1e-6)
    np.testing.assert_allclose(back.geometry[located].y, frame["lat"][located], atol=1e-6)
    assert back["Name"].str.contains(", 2024-").all()


# --------------------------------------------------------------------------- GeoPackage


def test_gpkg_round_trip(frame: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = _write(tmp_path, "events.gpkg", to_gpkg_bytes(frame))
    assert [name for name, _ in pyogrio.list_layers(path)] == ["events"]
    back = gpd.read_file(path, layer="events", engine="pyogrio")
    assert back.crs.equals("EPSG:4326")
    assert list(back.columns) == [*EXPORTED(frame), "geometry"]
    assert back["id"].tolist() == frame["id"].tolist()
    for column in ("killed", "injured", "count", "n_reports"):
        np.testing.assert_array_equal(
            back[column].to_numpy(dtype=float),
            frame[column].to_numpy(dtype=float, na_value=np.nan),
        )
    assert (back["date_start"].dt.date == frame["date_start"].dt.date).all()
    assert back["outlets"].tolist() == frame["outlets"].tolist()
    located = frame["lon"].notna().to_numpy()
    assert back.geometry.isna().to_numpy().tolist() == (~located).tolist()
    np.testing.assert_allclose(back.geometry[located].x, frame["lon"][located])


def test_gpkg_empty(frame: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.gpkg", to_gpkg_bytes(frame.iloc[:0]))
    back = gpd.read_file(path, layer="events", engine="pyogrio")
    assert len(back) == 0
    assert "id" in back.columns


# --------------------------------------------------------------------------- escaping

HOSTILE = [
    "<script>alert(1)</script>",
    "]]>",
    'say "hi" & <b>bye</b>',
    "</Placemark></Document>",
    "\u0642\u0627\u0644 \u00ab<img src=x onerror=alert(1)>\u00bb",  # قال «...»
]


def _hostile(frame: gpd.GeoDataFrame, text: str) -> gpd.GeoDataFrame:
    table = frame.copy()
    table["summary_en"] = text
    table["outlets"] = text
    return table


def _read_text_back(fmt: str, data: bytes, tmp_path: Path) -> tuple[list[str], list[str]]:
    """Return (summary_en, outlets) as read back from an export."""
    if fmt == "csv":
        table = _read_csv(data)
        return table["summary_en"].tolist(), table["outlets"].tolist()
    if fmt == "geojson":
        features = json.loads(data)["features"]
        return (
            [f["properties"]["summary_en"] for f in features],
            [f["properties"]["outlets"] for f in features],
        )
    if fmt == "kml":
        root = ET.fromstring(data)
        values = {"summary_en": [], "outlets": []}
        for placemark in root.iter(f"{{{KML_NS}}}Placemark"):
            for item in placemark.iterfind("k:ExtendedData/k:Data", NS):
                if item.get("name") in values:
                    values[item.get("name")].append(item.findtext("k:value", namespaces=NS))
        return values["summary_en"], values["outlets"]
    table = gpd.read_file(_write(tmp_path, "x.gpkg", data), layer="events", engine="pyogrio")
    return table["summary_en"].tolist(), table["outlets"].tolist()


WRITERS = {
    "csv": to_csv_bytes,
    "geojson": to_geojson_bytes,
    "kml": to_kml_bytes,
    "gpkg": to_gpkg_bytes,
}


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("fmt", list(WRITERS))
def test_hostile_text_survives_as_text(
    frame: gpd.GeoDataFrame, tmp_path: Path, fmt: str, text: str
) -> None:
    data = WRITERS[fmt](_hostile(frame, text))
    summaries, outlets = _read_text_back(fmt, data, tmp_path)
    expected = _guarded(text) if fmt == "csv" else text
    assert summaries == [expected] * len(frame)
    assert outlets == [expected] * len(frame)
    if fmt == "kml":
        assert b"<script>" not in data and b"<img" not in data and b"]]>" not in data
        assert b"<![CDATA[" not in data


class _Tags(HTMLParser):
    """Collect the elements an HTML renderer would build from a text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("text", HOSTILE)
def test_kml_description_parsed_as_html_holds_no_markup_from_the_data(
    frame: gpd.GeoDataFrame, text: str
) -> None:
    # Google Earth renders <description> as HTML: the data must stay text there too
    root = ET.fromstring(to_kml_bytes(_hostile(frame, text)))
    for description in root.iter(f"{{{KML_NS}}}description"):
        assert len(description) == 0  # no XML child elements
        parser = _Tags()
        parser.feed(description.text)
        parser.close()
        assert set(parser.tags) <= {"br"}  # the line breaks the exporter writes, nothing else
        lines = "".join(parser.text)
        assert lines.startswith(text) and f"Outlets: {text}" in lines


def test_control_characters_do_not_break_kml(frame: gpd.GeoDataFrame) -> None:
    root = ET.fromstring(to_kml_bytes(_hostile(frame, "bell\x07 and nul\x00 end")))
    value = root.find("k:Document/k:Placemark/k:ExtendedData/k:Data[@name='outlets']", NS)
    assert value.findtext("k:value", namespaces=NS) == "bell and nul end"


# --------------------------------------------------------------------------- HTML


def _map() -> folium.Map:
    m = folium.Map(location=(35.0, 40.5), zoom_start=7, tiles=None)
    folium.Marker((35.15, 40.57), tooltip="Al-Omar").add_to(m)
    return m


def test_html_uses_project_assets_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    fake = types.ModuleType("dashboard.map.assets")

    def use_local_assets(element: folium.Map) -> folium.Map:
        calls.append("local")
        return element

    def inline_assets(html: str) -> str:
        calls.append("inline")
        return html.replace("</body>", "<!-- inlined --></body>")

    fake.use_local_assets = use_local_assets
    fake.inline_assets = inline_assets
    monkeypatch.setitem(sys.modules, "dashboard.map.assets", fake)
    html = to_html_bytes(_map()).decode("utf-8")
    assert calls == ["local", "inline"]
    assert "<!-- inlined -->" in html
    assert html.lstrip().lower().startswith("<!doctype html>")


def test_html_without_assets_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dashboard.map.assets", None)
    html = to_html_bytes(_map()).decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "L.map(" in html and "35.15" in html


def test_html_is_offline_with_vendored_assets() -> None:
    assets = pytest.importorskip("dashboard.map.assets")
    if not assets.VENDOR_DIR.is_dir():
        pytest.skip("vendored assets not installed (make assets)")
    html = to_html_bytes(_map()).decode("utf-8")
    assert '<script src="http' not in html
    assert '<link rel="stylesheet" href="http' not in html


# --------------------------------------------------------------------------- PNG


def _image(data: bytes) -> np.ndarray:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"))


RANGE = (date(2024, 1, 1), date(2024, 3, 31))


@pytest.mark.parametrize(("width", "height"), [(1600, 900), (800, 450), (640, 640)])
def test_png_size_and_content(frame: gpd.GeoDataFrame, width: int, height: int) -> None:
    pixels = _image(
        to_png_bytes(frame, title="Attacks", date_range=RANGE, width_px=width, height_px=height)
    )
    assert pixels.shape == (height, width, 3)
    not_white = (pixels < 250).any(axis=2)
    assert not_white.mean() > 0.01
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 20


def test_png_draws_the_events(frame: gpd.GeoDataFrame) -> None:
    with_events = _image(to_png_bytes(frame, title="Attacks", date_range=RANGE))
    without = _image(to_png_bytes(frame.iloc[:0], title="Attacks", date_range=RANGE))
    assert with_events.shape == without.shape
    assert (with_events != without).any(axis=2).sum() > 500


def test_png_rejects_bad_size(frame: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match="0 x 900"):
        to_png_bytes(frame, title="x", date_range=RANGE, width_px=0)
