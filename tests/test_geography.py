"""Tests of the spatial context: Euphrates banks, the al-Tanf zone, nearest sites, map layers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import LineString, Polygon

from gazetteer.places.geography import (
    bank_of,
    euphrates,
    in_tanf_zone,
    nearest_site,
    site_layers,
    tanf_zone,
)
from gazetteer.places.loading import Gazetteer, GazetteerError, load_gazetteer

DATA = Path(__file__).parent / "data" / "places"
GEOD = Geod(ellps="WGS84")


def table(name: str) -> list[dict[str, str]]:
    """Rows of a CSV under tests/data/places, ``#`` comment lines skipped."""
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))


def offset(lat: float, lon: float, bearing: float, dist_km: float) -> tuple[float, float]:
    """The point dist_km from (lat, lon) at a bearing, as (lat, lon)."""
    lon2, lat2, _ = GEOD.fwd(lon, lat, bearing, dist_km * 1000.0)
    return lat2, lon2


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# -- Euphrates ---------------------------------------------------------------------------------


def test_euphrates_runs_from_tabqa_to_the_iraqi_border(gaz: Gazetteer) -> None:
    river = euphrates()
    assert isinstance(river, LineString) and river.is_simple
    (lon0, lat0), (lon1, lat1) = river.coords[0], river.coords[-1]
    tabqa, bukamal = gaz.site("tabqa"), gaz.site("albukamal")
    assert GEOD.inv(lon0, lat0, tabqa.lon, tabqa.lat)[2] < 10_000
    assert GEOD.inv(lon1, lat1, bukamal.lon, bukamal.lat)[2] < 15_000


@pytest.mark.parametrize(
    "row", table("banks.csv"), ids=lambda r: f"{r['site']}-{r['bearing_deg']}-{r['offset_km']}"
)
def test_bank_of(gaz: Gazetteer, row: dict) -> None:
    site = gaz.site(row["site"])
    lat, lon = offset(site.lat, site.lon, float(row["bearing_deg"]), float(row["offset_km"]))
    assert bank_of(lat, lon) == (row["expected"] or None)


def test_bank_of_respects_max_km(gaz: Gazetteer) -> None:
    hasakah = gaz.site("hasakah")
    assert bank_of(hasakah.lat, hasakah.lon) is None
    assert bank_of(hasakah.lat, hasakah.lon, max_km=200.0) == "east"


@pytest.mark.parametrize(("lat", "lon", "field"), [(91.0, 40.0, "lat"), (35.0, "x", "lon")])
def test_bad_coordinates_are_named(lat: object, lon: object, field: str) -> None:
    for function in (bank_of, in_tanf_zone, nearest_site):
        with pytest.raises(ValueError, match=field):
            function(lat, lon)  # type: ignore[operator]


# -- al-Tanf zone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", table("tanf_zone.csv"), ids=lambda r: f"{r['bearing_deg']}deg-{r['distance_km']}km"
)
def test_in_tanf_zone(gaz: Gazetteer, row: dict) -> None:
    tanf = gaz.site("tanf")
    lat, lon = offset(tanf.lat, tanf.lon, float(row["bearing_deg"]), float(row["distance_km"]))
    assert in_tanf_zone(lat, lon) is (row["inside"] == "true")


@pytest.mark.parametrize("key", ["tanf", "rukban", "tower-22"])
def test_places_inside_the_zone(gaz: Gazetteer, key: str) -> None:
    site = gaz.site(key)
    assert in_tanf_zone(site.lat, site.lon)


@pytest.mark.parametrize("radius_km", [55.0, 20.0])
def test_tanf_zone_is_a_metric_circle(gaz: Gazetteer, radius_km: float) -> None:
    zone = tanf_zone(gaz, radius_km=radius_km)
    assert isinstance(zone, Polygon) and zone.is_valid
    centre = gaz.site("tanf-zone")
    for lon, lat in zone.exterior.coords:
        metres = GEOD.inv(centre.lon, centre.lat, lon, lat)[2]
        assert metres == pytest.approx(radius_km * 1000.0, abs=5.0)


@pytest.mark.parametrize("radius_km", [0.0, -5.0, float("nan")])
def test_tanf_zone_rejects_bad_radius(radius_km: float) -> None:
    with pytest.raises(ValueError, match="radius_km"):
        tanf_zone(radius_km=radius_km)


def test_tanf_zone_needs_a_centre(gaz: Gazetteer) -> None:
    others = [s for k, s in gaz.sites.items() if k not in {"tanf", "tanf-zone", "rukban"}]
    with pytest.raises(GazetteerError, match="no 'tanf-zone' or 'tanf'"):
        tanf_zone(Gazetteer.from_sites(others, source="no-tanf"))


# -- nearest site ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", table("nearest.csv"), ids=lambda r: f"{r['site']}-{r['kinds'] or 'all'}"
)
def test_nearest_site(gaz: Gazetteer, row: dict) -> None:
    site = gaz.site(row["site"])
    lat, lon = offset(site.lat, site.lon, float(row["bearing_deg"]), float(row["offset_km"]))
    kinds = row["kinds"].split("|") if row["kinds"] else None
    found, dist = nearest_site(lat, lon, gaz, kinds=kinds)
    assert found.key == row["expected"]
    expected = GEOD.inv(lon, lat, found.lon, found.lat)[2] / 1000.0
    assert dist == pytest.approx(expected, abs=1e-6)
    if found.key == row["site"]:
        assert dist == pytest.approx(float(row["offset_km"]), abs=1e-3)


def test_nearest_site_rejects_unknown_kinds(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match="castle"):
        nearest_site(35.0, 40.0, gaz, kinds=["castle"])


# -- map layers --------------------------------------------------------------------------------


def test_site_layers(gaz: Gazetteer) -> None:
    layers = site_layers(gaz)
    assert set(layers) == {"sites", "tanf_zone", "euphrates"}
    for frame in layers.values():
        assert frame.crs.to_epsg() == 4326
    assert len(layers["sites"]) == len(gaz)
    assert layers["sites"] is not gaz.frame
    assert layers["tanf_zone"].geometry.iloc[0].equals(tanf_zone(gaz))
    assert layers["euphrates"].geometry.iloc[0].equals(euphrates())
    assert set(layers["sites"].geom_type) == {"Point"}
