"""GeoNames import: reading a dump, merging under the curated sites, ambiguous names, the CLI.

The dump ``tests/data/geonames/sy_small.txt`` is written for these tests in GeoNames' format
(19 tab-separated columns): two villages called الصالحية in different governorates, three bad
lines, a place a curated site already is, names curated sites claim, a feature not kept and a
place without an Arabic name.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard import cli
from gazetteer.extract.reader import extract
from gazetteer.places.geonames import (
    FIELDS,
    load_with_geonames,
    merge_under,
    read_geonames,
    site_from_fields,
)
from gazetteer.places.loading import (
    AMBIGUOUS_PREFIX,
    Gazetteer,
    GazetteerError,
    curated_gazetteer,
    load_gazetteer,
)
from gazetteer.records import Article, Site
from gazetteer.text.normalize import normalise

DATA = Path(__file__).parent / "data" / "geonames"
DUMP = DATA / "sy_small.txt"
SALIHIYAH = "\u0627\u0644\u0635\u0627\u0644\u062d\u064a\u0629"  # الصالحية
BOTH = ("gn-9100003", "gn-9100004")
PUBLISHED = date(2024, 3, 10)
ALEPPO_GOV = "\u0645\u062d\u0627\u0641\u0638\u0629 \u062d\u0644\u0628"  # محافظة حلب
KUWEIRES = "\u0645\u0637\u0627\u0631 \u0643\u0648\u064a\u0631\u0633"  # مطار كويرس


@pytest.fixture(scope="module")
def imported() -> tuple[Gazetteer, object, object]:
    return load_with_geonames(DUMP)


def _rows(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


# ------------------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (10, "has 9 tab-separated fields, expected 19"),
        (12, "field 'latitude' 'north' is not a number"),
        (13, "field 'population' 'x12' is not a whole number"),
    ],
)
def test_bad_lines_are_reported_with_line_and_field(line: int, fragment: str) -> None:
    read = read_geonames(DUMP)
    messages = [m for m in read.errors if m.startswith(f"{DUMP}: line {line}:")]
    assert len(messages) == 1
    assert fragment in messages[0]


def test_the_batch_goes_on_after_bad_lines() -> None:
    read = read_geonames(DUMP)
    assert len(read.errors) == 3
    keys = [s.key for s in read.sites]
    # lines after the bad ones are read too
    assert "gn-9100013" in keys and "gn-9100014" in keys
    assert read.skipped == 2  # a stream (H.STM) and a place without an Arabic name


@pytest.mark.parametrize(
    ("key", "kind", "governorate", "name_ar"),
    [
        ("gn-9100001", "region", "Aleppo", ALEPPO_GOV),
        ("gn-9100003", "village", "Deir ez-Zor", SALIHIYAH),
        ("gn-9100005", "city", "Aleppo", "\u0645\u0646\u0628\u062c"),  # منبج
        ("gn-9100006", "airbase", "Aleppo", KUWEIRES),
        ("gn-9100013", "town", "Deir ez-Zor", "\u0627\u0644\u0643\u0633\u0631\u0629"),  # الكسرة
    ],
)
def test_kept_places_take_kind_governorate_and_arabic_name(
    key: str, kind: str, governorate: str, name_ar: str
) -> None:
    sites = {s.key: s for s in read_geonames(DUMP).sites}
    site = sites[key]
    assert (site.kind, site.governorate, site.name_ar) == (kind, governorate, name_ar)
    # only names in Arabic letters are Arabic aliases; a spelling with a shadda is the same name
    for alias in site.aliases_ar:
        assert normalise(alias) != normalise(site.name_ar)
    assert "GeoNames" in site.source


def _cells(**changes: str) -> list[str]:
    row = dict.fromkeys(FIELDS, "")
    row.update(
        {
            "geonameid": "42",
            "name": "Qaryah",
            "asciiname": "Qaryah",
            "alternatenames": "\u0642\u0631\u064a\u0629 \u0627\u062e\u062a\u0628\u0627\u0631",
            "latitude": "35.0",
            "longitude": "40.0",
            "feature class": "P",
            "feature code": "PPL",
            "country code": "SY",
            "admin1 code": "07",
            "population": "10",
        }
    )
    for name, value in changes.items():
        row[name.replace("_", " ")] = value
    return [row[f] for f in FIELDS]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"geonameid": "abc"}, "field 'geonameid' 'abc'"),
        ({"name": ""}, "field 'name' is empty"),
        ({"latitude": "95"}, "field 'latitude' '95' is out of range"),
        ({"longitude": "nan"}, "field 'longitude' 'nan' is out of range"),
        ({"country_code": "syr"}, "field 'country code' 'syr'"),
    ],
)
def test_site_from_fields_names_the_bad_field(changes: dict[str, str], fragment: str) -> None:
    with pytest.raises(GazetteerError, match=r"^x\.txt: line 3: ") as info:
        site_from_fields(_cells(**changes), "x.txt: line 3")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("changes", "kept"),
    [
        ({}, True),
        ({"feature_class": "H", "feature_code": "STM"}, False),
        ({"feature_class": "L", "feature_code": "OILF"}, True),
        ({"alternatenames": "Qaryah,\u041a\u0430\u0440\u044c\u044f"}, False),  # no Arabic name
        ({"alternatenames": "\u062d\u0642\u0644"}, False),  # حقل is a site noun, not a name
    ],
)
def test_which_features_and_names_are_kept(changes: dict[str, str], kept: bool) -> None:
    assert (site_from_fields(_cells(**changes), "x") is not None) is kept


# ------------------------------------------------------------------------------ merging


@pytest.mark.parametrize(
    ("key", "outcome", "detail"),
    [
        ("gn-9100007", "same", "hasakah"),  # الحسكة 1.5 km from the curated city
        ("gn-9100002", "same", "deir-ez-zor-governorate"),  # the same governorate
        ("gn-9100014", "gone", ""),  # its only name is the curated Green Village's
        ("gn-9100008", "trimmed", "\u0627\u0644\u0634\u062f\u0627\u062f\u064a"),  # الشدادي
        ("gn-9100003", "kept", "deir-ez-zor-governorate"),  # parent: the curated governorate
        ("gn-9100004", "kept", "gn-9100001"),  # parent: the imported governorate
    ],
)
def test_curated_entries_win(imported: tuple, key: str, outcome: str, detail: str) -> None:
    gazetteer, _, merge = imported
    if outcome == "same":
        assert merge.same_as_curated[key] == detail
        assert key not in gazetteer.sites
    elif outcome == "gone":
        assert key in merge.no_name_left
        assert key not in gazetteer.sites
    elif outcome == "trimmed":
        assert detail in merge.names_removed[key]
        site = gazetteer.site(key)
        assert detail not in {normalise(n) for n in (site.name_ar, *site.aliases_ar)}
        assert gazetteer.geocode(detail) == gazetteer.site("shaddadi")
    else:
        assert gazetteer.site(key).parent == detail


def test_curated_sites_are_unchanged(imported: tuple) -> None:
    gazetteer, _, _ = imported
    for key, site in curated_gazetteer().sites.items():
        assert gazetteer.site(key) == site


def test_a_curated_name_on_an_unrelated_imported_place_still_fails() -> None:
    curated = list(curated_gazetteer().sites.values())
    clash = Site(
        key="gn-1",
        name_en="Elsewhere",
        name_ar="\u0627\u0644\u0634\u062f\u0627\u062f\u064a",  # الشدادي, a curated name
        kind="village",
        country="SY",
        governorate="Hama",
        lat=35.1,
        lon=36.9,
        source="test",
    )
    with pytest.raises(GazetteerError, match="also claimed by"):
        Gazetteer.from_sites([*curated, clash])
    # merged properly, the name is removed and nothing fails
    merged = merge_under(curated, [clash])
    assert merged.no_name_left == ["gn-1"]


# ------------------------------------------------------------------------------ ambiguity


def test_shared_name_is_ambiguous_with_a_region_place(imported: tuple) -> None:
    gazetteer, _, _ = imported
    (mention,) = gazetteer.find_places(f"\u0641\u064a {SALIHIYAH}")  # في
    assert mention.site_keys == BOTH
    region = gazetteer.site(gazetteer.ambiguous[BOTH])
    assert region.key.startswith(AMBIGUOUS_PREFIX)
    assert region.kind == "region"
    assert "ambiguous" in region.name_en
    assert gazetteer.geocode(SALIHIYAH) == region


@pytest.mark.parametrize("row", _rows("resolve.csv"), ids=lambda r: r["case"])
def test_ambiguous_name_resolved_by_context(imported: tuple, row: dict[str, str]) -> None:
    gazetteer, _, _ = imported
    found = extract(Article(id="a", text=row["text"], published=PUBLISHED), gazetteer)
    assert len(found) == 1
    (incident,) = found
    expect = gazetteer.ambiguous[BOTH] if row["expect"] == "ambiguous" else row["expect"]
    assert incident.site == expect
    assert incident.geo_precision == int(row["precision"])
    site = gazetteer.site(expect)
    assert (incident.lat, incident.lon) == (site.lat, site.lon)


# ------------------------------------------------------------------------------ CLI


def test_cli_imports_and_writes_a_loadable_gazetteer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.csv"
    rc = cli.main(["gazetteer", "import-geonames", str(DUMP), "--out", str(out)])
    captured = capsys.readouterr()
    assert rc == 1  # three bad lines; the others are imported all the same
    assert captured.err.count(f"atlas: {DUMP}: line ") == 3
    summary = json.loads(captured.out)
    assert summary["bad_lines"] == 3 and summary["ambiguous_names"] == 1
    loaded = load_gazetteer(out)
    assert set(curated_gazetteer().sites) <= set(loaded.sites)
    assert summary["imported"] == sum(k.startswith("gn-") for k in loaded.sites)
    assert BOTH in loaded.ambiguous


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["gazetteer"], "give an action"),
        (["gazetteer", "import-geonames", "missing.txt"], "missing.txt: cannot read"),
    ],
)
def test_cli_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith(".txt") else a for a in argv]
    assert cli.main(args) == 1
    assert message in capsys.readouterr().err


def test_atlas_gazetteer_setting_switches_every_default_load(tmp_path, monkeypatch) -> None:
    """ATLAS_GAZETTEER makes load_gazetteer() (CLI, ingest, app) use the merged file as is."""
    packaged = curated_gazetteer()
    merged = tmp_path / "sites_merged.csv"
    source = Path(__file__).parent / "data" / "geonames" / "sy_small.txt"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "gazetteer", "import-geonames", str(source),
         "--out", str(merged)],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert merged.is_file(), done.stderr
    monkeypatch.setenv("ATLAS_GAZETTEER", str(merged))
    switched = load_gazetteer()
    assert len(switched.sites) > len(packaged.sites)
    assert set(packaged.sites) <= set(switched.sites)
    monkeypatch.setenv("ATLAS_GAZETTEER", str(tmp_path / "missing.csv"))
    with pytest.raises(GazetteerError, match=r"missing\.csv.*ATLAS_GAZETTEER"):
        load_gazetteer()
