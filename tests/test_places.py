"""Tests of the gazetteer: the shipped places, validation errors, name finding and geocoding."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from gazetteer.places.loading import (
    AMBIGUOUS_PREFIX,
    COLUMNS,
    KINDS,
    Gazetteer,
    GazetteerError,
    curated_gazetteer,
    load_gazetteer,
)
from gazetteer.records import Site
from gazetteer.text.normalize import normalise, normalise_with_offsets

DATA = Path(__file__).parent / "data" / "places"
GEOD = Geod(ellps="WGS84")

#: Keys other engineers annotate against; they must exist with these kinds.
REQUIRED_KEYS = {
    "al-omar": "oil_field",
    "conoco": "gas_field",
    "tanf": "base",
    "shaddadi": "town",
    "kharab-al-jir": "airbase",
    "hasakah": "city",
    "deir-ez-zor-airport": "airbase",
    "al-mayadin": "city",
    "albukamal": "city",
    "al-qaim": "town",
    "green-village": "base",
    "rmelan": "town",
    "al-malikiyah": "town",
    "al-yaarubiyah": "town",
    "qasrak": "base",
    "tell-baydar": "village",
    "deir-ez-zor": "city",
    "hajin": "town",
    "al-baghuz": "village",
    "dhiban": "town",
    "khasham": "village",
    "al-busayrah": "town",
    "raqqa": "city",
    "ain-al-asad": "airbase",
    "tower-22": "base",
    "erbil": "city",
    "harir": "airbase",
    "rukban": "village",
    "al-hol": "town",
    "qamishli": "city",
    "tabqa": "city",
    "tanf-zone": "zone",
    "hasakah-governorate": "region",
    "deir-ez-zor-governorate": "region",
}


def table(name: str) -> list[dict[str, str]]:
    """Rows of a CSV under tests/data/places, ``#`` comment lines skipped."""
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    """The default gazetteer: the curated sites with the built-in GeoNames layer under them."""
    return load_gazetteer()


@pytest.fixture(scope="module", params=["curated", "default"])
def either(request: pytest.FixtureRequest) -> Gazetteer:
    """The curated sites alone, then the default gazetteer: curated names behave the same."""
    return curated_gazetteer() if request.param == "curated" else load_gazetteer()


# -- the shipped gazetteer ---------------------------------------------------------------------


def test_shipped_gazetteer_has_enough_places(gaz: Gazetteer) -> None:
    assert len(gaz) >= 35
    assert load_gazetteer() is gaz  # the default load is cached


@pytest.mark.parametrize(("key", "kind"), sorted(REQUIRED_KEYS.items()))
def test_required_key_exists_with_kind(gaz: Gazetteer, key: str, kind: str) -> None:
    assert gaz.site(key).kind == kind


@pytest.mark.parametrize("row", table("scorer_sites.csv"), ids=lambda r: r["key"])
def test_scorer_keys_lie_within_5_km_of_the_scorer_point(gaz: Gazetteer, row: dict) -> None:
    site = gaz.site(row["key"])
    assert km(site.lat, site.lon, float(row["lat"]), float(row["lon"])) <= 5.0


def test_every_site_has_a_source_and_valid_fields(gaz: Gazetteer) -> None:
    for site in gaz.sites.values():
        assert site.source.strip(), site.key
        assert site.precision.strip(), site.key
        assert site.kind in KINDS
        if site.key.startswith(AMBIGUOUS_PREFIX):
            # "one of these" places: a governorate only when every candidate shares it
            assert site.kind == "region" and "ambiguous" in site.precision, site.key
            continue
        # Syrian places and the GeoNames layer's (Syria, Iraq, Jordan) name their governorate;
        # the curated Iraqi and Jordanian sites do not (yet)
        named = site.country == "SY" or site.key.startswith("gn-")
        assert named == bool(site.governorate), site.key


def test_green_village_lies_in_al_omar(gaz: Gazetteer) -> None:
    assert gaz.site("green-village").parent == "al-omar"
    assert gaz.ancestors("green-village") == ["al-omar", "deir-ez-zor-governorate"]
    assert gaz.ancestors("deir-ez-zor-governorate") == []


@pytest.mark.parametrize("key", sorted(load_gazetteer().sites), ids=str)
def test_children_lie_near_their_parent(gaz: Gazetteer, key: str) -> None:
    site = gaz.site(key)
    if site.parent is None:
        return
    parent = gaz.site(site.parent)
    limit = {"region": 350.0, "zone": 55.0}.get(parent.kind, 15.0)
    assert km(site.lat, site.lon, parent.lat, parent.lon) <= limit


def test_frame_is_the_csv_as_points(gaz: Gazetteer) -> None:
    frame = gaz.frame
    assert frame.crs.to_epsg() == 4326
    assert frame.index.name == "key"
    assert list(frame.index) == list(gaz.sites)
    assert [c for c in frame.columns if c != "geometry"] == [c for c in COLUMNS if c != "key"]
    omar = gaz.site("al-omar")
    point = frame.geometry["al-omar"]
    assert (point.x, point.y) == (omar.lon, omar.lat)
    assert frame.loc["green-village", "parent"] == "al-omar"
    assert frame.loc["al-omar", "context_aliases_ar"] == "|".join(omar.context_aliases_ar)


def test_site_lookup_of_an_unknown_key_names_it(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError, match="no-such-place"):
        gaz.site("no-such-place")


# -- finding places in text --------------------------------------------------------------------


def split(cell: str) -> list[str]:
    return [p for p in cell.split("|") if p]


@pytest.mark.parametrize("row", table("mentions.csv"), ids=lambda r: f"{r['id']}-{r['phenomenon']}")
def test_find_places(either: Gazetteer, row: dict) -> None:
    gaz = either
    norm = normalise_with_offsets(row["text"])
    found = gaz.find_places(norm)
    assert [m.site_keys for m in found] == [(k,) for k in split(row["expected_keys"])]
    assert [m.surface for m in found] == split(row["expected_surfaces"])
    for m in found:
        assert row["text"][m.start : m.end] == m.surface
        assert norm.text[m.norm_start : m.norm_end] == normalise(m.surface)
        assert gaz.geocode(m.alias) == gaz.site(m.site_keys[0])


def test_find_places_accepts_plain_text(gaz: Gazetteer) -> None:
    text = "\u0642\u0635\u0641 \u0643\u0648\u0646\u064a\u0643\u0648"  # قصف كونيكو
    assert gaz.find_places(text) == gaz.find_places(normalise_with_offsets(text))


_TOKENS = [
    "\u0628\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631",  # بحقل العمر
    "\u0627\u0644\u0639\u064f\u0645\u0631",  # العُمر
    "\u00ab\u0627\u0644\u0639\u0645\u0631\u00bb",  # «العمر»
    "\u0644\u0644\u062a\u0646\u0641",  # للتنف
    "\u0642\u0627\u0639\u062f\u0629",  # قاعدة
    "\u0648\u0643\u0648\u0646\u064a\u0643\u0648",  # وكونيكو
    "\u0627\u0644\u062a\u0640\u0646\u0641",  # التـنف
    "\u0642\u0646\u0627\u0629 \u0627\u0644\u0645\u064a\u0627\u062f\u064a\u0646",  # قناة الميادين
    "\u0627\u0644\u0645\u064a\u0627\u062f\u064a\u0646",  # الميادين
    "Al Tanf",
    "CONOCO",
    "\u060c",  # ،
    "\u0648",  # و
    "\u0641\u064a",  # في
    "\u200f",  # right-to-left mark
    "  ",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14))
def test_mentions_are_ordered_disjoint_and_map_back(tokens: list[str]) -> None:
    gaz = load_gazetteer()
    text = " ".join(tokens)
    norm = normalise_with_offsets(text)
    found = gaz.find_places(norm)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start and a.norm_end <= b.norm_start
    for m in found:
        assert text[m.start : m.end] == m.surface
        assert normalise(m.surface) == norm.text[m.norm_start : m.norm_end]
        assert m.site_keys[0] in gaz.sites


# -- geocoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("row", table("geocode.csv"), ids=lambda r: f"{r['name']}-{r['why']}")
def test_geocode(row: dict) -> None:
    # the table is about the curated names ("not in the gazetteer" = not curated); the built-in
    # layer's names are checked in test_builtin_places.py
    site = curated_gazetteer().geocode(row["name"])
    assert (site.key if site else "") == row["expected"]


# -- validation errors -------------------------------------------------------------------------

_HEADER = ",".join(COLUMNS)
_PARENT = (
    "p-town,Parent Town,\u0628\u0644\u062f\u0629 \u0627\u0644\u0627\u0628,"  # بلدة الاب
    ",Parent,,town,SY,X,35.0,40.0,town centre,,test"
)
_AR_ALIAS = "\u062a\u0644 \u0627\u0644\u0635\u0641\u0635\u0627\u0641"  # تل الصفصاف
_NOUN = "\u0642\u0627\u0639\u062f\u0629"  # قاعدة, a site noun


def row(**changes: str) -> str:
    """One valid child row of p-town, with some cells changed."""
    cells = {
        "key": "c-base",
        "name_en": "Child Base",
        "name_ar": "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0637\u0641\u0644",  # قاعدة الطفل
        "aliases_ar": "",
        "aliases_en": "Child",
        "context_aliases_ar": "",
        "kind": "base",
        "country": "SY",
        "governorate": "X",
        "lat": "35.01",
        "lon": "40.01",
        "precision": "site",
        "parent": "p-town",
        "source": "test",
    }
    cells.update(changes)
    return ",".join(cells[c] for c in COLUMNS)


BAD_ROWS = [
    ("lat out of range", [row(lat="95.1")], 2, ["lat", "95.1", "range"]),
    ("lon not a number", [row(lon="forty")], 2, ["lon", "forty", "not a number"]),
    ("lat empty", [row(lat="")], 2, ["lat", "empty"]),
    ("duplicate key", [row(), row(name_en="Other", aliases_en="Other")], 3, ["key", "c-base"]),
    ("unknown parent", [row(parent="nowhere")], 2, ["parent", "nowhere"]),
    (
        "parent loop",
        [row(key="a", parent="b"), row(key="b", parent="a", aliases_en="B")],
        2,
        ["parent", "loops"],
    ),
    ("unknown kind", [row(kind="castle")], 2, ["kind", "castle"]),
    ("bad key", [row(key="Child Base")], 2, ["key", "Child Base"]),
    ("empty name_en", [row(name_en="")], 2, ["name_en", "empty"]),
    (
        "alias conflict",
        [
            row(aliases_ar=_AR_ALIAS),
            row(
                key="c-two",
                parent="",
                aliases_en="Two",
                name_ar="\u0628\u0626\u0631",  # بئر
                aliases_ar=_AR_ALIAS,
            ),
        ],
        3,
        ["aliases_ar", "c-base"],
    ),
    ("alias is a site noun", [row(aliases_ar=_NOUN)], 2, ["aliases_ar", "site_nouns.csv"]),
    (
        "alias and context alias",
        [row(aliases_ar=_AR_ALIAS, context_aliases_ar=_AR_ALIAS)],
        2,
        ["aliases_ar", "context_aliases_ar"],
    ),
    ("extra cell", [row() + ",surplus"], 2, ["cells"]),
]


@pytest.mark.parametrize(
    ("case", "rows", "bad_row", "words"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS]
)
def test_bad_row_is_named(
    tmp_path: Path, case: str, rows: list[str], bad_row: int, words: list[str]
) -> None:
    path = tmp_path / "sites.csv"
    path.write_text("\n".join(["# a comment line", _HEADER, _PARENT, *rows]) + "\n", "utf-8")
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(path)
    message = str(err.value)
    assert message.startswith(f"{path}: row {bad_row} ("), message
    for word in words:
        assert word in message, message


def test_valid_rows_load_and_line_numbers_count_comments(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_text("\n".join(["# c1", "# c2", _HEADER, _PARENT, row(lat="95")]) + "\n", "utf-8")
    with pytest.raises(GazetteerError, match=r"row 2 \(line 5, key 'c-base'\)"):
        load_gazetteer(path)
    path.write_text("\n".join([_HEADER, _PARENT, row()]) + "\n", "utf-8")
    g = load_gazetteer(path)
    assert list(g.sites) == ["p-town", "c-base"]
    assert g.ancestors("c-base") == ["p-town"]


@pytest.mark.parametrize("column", ["lat", "kind", "context_aliases_ar"])
def test_missing_column_is_named(tmp_path: Path, column: str) -> None:
    keep = [c for c in COLUMNS if c != column]
    path = tmp_path / "sites.csv"
    path.write_text(",".join(keep) + "\n", "utf-8")
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(path)
    message = str(err.value)
    assert str(path) in message and "header row" in message and repr(column) in message


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "absent.csv"
    with pytest.raises(GazetteerError, match=r"absent\.csv"):
        load_gazetteer(missing)
    binary = tmp_path / "latin1.csv"
    binary.write_bytes(_HEADER.encode() + b"\n\xe9\xff\n")
    with pytest.raises(GazetteerError, match=r"latin1\.csv: not UTF-8"):
        load_gazetteer(binary)


def test_alias_shared_with_an_ancestor_means_the_child(tmp_path: Path) -> None:
    shared = _AR_ALIAS
    parent = _PARENT.replace(",,Parent,", f",{shared},Parent,")
    path = tmp_path / "sites.csv"
    path.write_text("\n".join([_HEADER, parent, row(aliases_ar=shared)]) + "\n", "utf-8")
    g = load_gazetteer(path)
    assert [m.site_keys for m in g.find_places(f"\u0641\u064a {shared}")] == [("c-base",)]
    assert g.geocode(shared) == g.site("c-base")


def synthetic_site(i: int, **changes: object) -> Site:
    base = Site(
        key=f"s-{i}",
        name_en=f"Place {i}",
        name_ar=f"\u0645\u0648\u0636\u0639 {i}",  # موضع
        kind="town",
        country="SY",
        governorate="X",
        lat=35.0,
        lon=40.0,
        source="test",
    )
    return dataclasses.replace(base, **changes)


def test_from_sites_validates_like_the_csv() -> None:
    with pytest.raises(GazetteerError, match=r"<memory>: row 2 \(key 's-1'\): lat '95.0'"):
        Gazetteer.from_sites([synthetic_site(0), synthetic_site(1, lat=95.0)])
    with pytest.raises(GazetteerError, match=r"bench: row 1 \(key 's-0'\): lon 'nan'"):
        Gazetteer.from_sites([synthetic_site(0, lon=math.nan)], source="bench")
    with pytest.raises(GazetteerError, match="parent 'zz'"):
        Gazetteer.from_sites([synthetic_site(0, parent="zz")])


def test_from_sites_with_50000_aliases_finds_them() -> None:
    sites = [
        synthetic_site(i, aliases_en=tuple(f"place{i} alias{j}" for j in range(25)))
        for i in range(2000)
    ]
    g = Gazetteer.from_sites(sites, source="bench")
    found = g.find_places("seen near Place1999 alias24 and place7 alias3 today")
    assert [m.site_keys for m in found] == [("s-1999",), ("s-7",)]
    assert g.geocode("place42 alias 7") == g.site("s-42")
