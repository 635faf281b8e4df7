"""Basemap context shipped in the package (dashboard.map.basemap): towns, the Khabur, countries."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from dashboard.frames import events_frame
from dashboard.map.basemap import MIN_ZOOM, country_points, khabur, town_points
from dashboard.map.build import MapError, MapOptions, build_map


def _sites(rows: list[tuple[str, str, str, str, float, float]]) -> pd.DataFrame:
    """rows: (key, name_en, name_ar, kind, lat, lon)."""
    return pd.DataFrame(
        [{"name_en": r[1], "name_ar": r[2], "kind": r[3], "lat": r[4], "lon": r[5]}
         for r in rows],
        index=pd.Index([r[0] for r in rows], name="key"),
    )


def test_khabur_runs_from_the_border_to_the_euphrates() -> None:
    course = khabur()
    assert len(course) >= 5
    assert course[0][0] > 36.8  # Ra's al-'Ayn, at the Turkish border
    assert course[-1] == (35.15556, 40.42583)  # al-Busayrah, the confluence
    assert any(abs(lat - 36.0561) < 1e-4 for lat, _ in course)  # past al-Shaddadi


@pytest.mark.parametrize(
    ("rows", "names", "zooms"),
    [
        ([], [], []),
        # GeoNames city, town and village are labelled from zoom 6, 8 and 10; cities first
        ([("gn-1", "Village", "\u0642\u0631\u064a\u0629", "village", 35.0, 40.0),
          ("gn-2", "City", "\u0645\u062f\u064a\u0646\u0629", "city", 36.0, 41.0),
          ("gn-3", "Town", "", "town", 36.5, 41.5)],
         ["City", "Town", "Village"], [6, 8, 10]),
        # a curated town wins over the GeoNames point 0.4 km away; curated cities and bases
        # are the site labels' job; regions are not towns
        ([("shaddadi", "al-Shaddadi", "", "town", 36.0561, 40.7303),
          ("gn-172837", "Ash Shadd\u0101dah", "", "village", 36.05756, 40.73478),
          ("raqqa", "Raqqa", "", "city", 35.95, 39.01),
          ("al-omar", "al-Omar oil field", "", "oil_field", 35.05, 40.52),
          ("jazira", "Jazira", "", "region", 36.5, 40.5)],
         ["al-Shaddadi"], [8]),
        # names are escaped
        ([("gn-9", "<b>X</b>", "", "town", 35.0, 40.0)], ["&lt;b&gt;X&lt;/b&gt;"], [8]),
    ],
)
def test_town_points(rows: list, names: list[str], zooms: list[int]) -> None:
    points = town_points(_sites(rows) if rows else None)
    assert points["en"] == names
    assert points["z"] == zooms


def test_town_points_fall_back_to_english_without_arabic() -> None:
    points = town_points(_sites([("gn-3", "Town", None, "town", 36.5, 41.5)]))
    assert points["ar"] == ["Town"]


def test_neighbouring_countries_are_named_in_both_languages() -> None:
    points = country_points()
    names = dict(zip(points["en"], points["ar"], strict=True))
    for english in ("SYRIA", "IRAQ", "TURKEY", "JORDAN", "LEBANON"):
        assert english in names
    assert names["IRAQ"] == "\u0627\u0644\u0639\u0631\u0627\u0642"
    assert set(points["z"]) == {0}
    assert MIN_ZOOM["city"] < MIN_ZOOM["town"] < MIN_ZOOM["village"]


def _label_sets(html: str) -> list[dict]:
    match = re.search(r"var sets = (\[.*?\]);\n", html)
    assert match, "no place labels in the page"
    return json.loads(match.group(1))


@pytest.mark.parametrize(("briefing", "classes"), [
    (False, ["atlas-country", "atlas-city", "atlas-town", "atlas-village"]),
    (True, ["atlas-country", "atlas-city"]),
])
def test_map_carries_place_labels_and_the_khabur(briefing: bool, classes: list[str]) -> None:
    html = build_map(events_frame([]), MapOptions(briefing=briefing)).get_root().render()
    assert [s["cls"] for s in _label_sets(html)] == classes
    assert "Khabur (schematic" in html
    assert ("/*atlas-lang-control*/" in html) is not briefing  # a still picture has no control


def test_arabic_labels_option() -> None:
    html = build_map(events_frame([]), MapOptions(label_language="ar")).get_root().render()
    assert 'var lang = "ar";' in html
    with pytest.raises(MapError, match="label_language"):
        MapOptions(label_language="fr")
