"""Offline assets: the vendoring spec, per-map local links, inlining, and the offline basemap."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

import folium
import pytest
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen, HeatMap, MarkerCluster

from dashboard.map.assets import (
    SPEC_PATH,
    VENDOR_DIR,
    AssetsError,
    inline_assets,
    load_spec,
    local_assets,
    missing_assets,
    use_local_assets,
)

PROJECT = Path(__file__).resolve().parent.parent
SPEC = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
BASEMAP = PROJECT / "dashboard" / "data" / "basemap.geojson"
LICENSES = PROJECT / "dashboard" / "data" / "LICENSES.md"


# --------------------------------------------------------------------------- the spec


@pytest.mark.parametrize("name", sorted(SPEC["assets"]))
def test_every_asset_is_copied_by_a_file_row(name: str) -> None:
    target = SPEC["assets"][name]
    rows = SPEC["files"]
    assert any(to == target or (to.endswith("/") and target.startswith(to))
               for _package, _source, to in rows)


@pytest.mark.parametrize("row", SPEC["files"], ids=[r[2] for r in SPEC["files"]])
def test_file_rows_name_pinned_packages_and_stay_inside(row: list[str]) -> None:
    package, source, target = row
    assert re.fullmatch(r"\d+\.\d+\.\d+", SPEC["packages"][package])
    assert not target.startswith("/") and ".." not in target
    assert source.endswith("/") == target.endswith("/")


@pytest.mark.parametrize(
    "element",
    [folium.Map(tiles=None), MarkerCluster(), Fullscreen(), HeatMap([[35.0, 40.0]])],
    ids=["Map", "MarkerCluster", "Fullscreen", "HeatMap"],
)
def test_every_folium_link_used_is_vendored_or_dropped(element: JSCSSMixin) -> None:
    for name, _url in element.default_js + element.default_css:
        assert name in SPEC["assets"] or name in SPEC["drop"]


@pytest.mark.parametrize("package", sorted(SPEC["packages"]))
def test_licences_note_lists_each_package(package: str) -> None:
    text = LICENSES.read_text(encoding="utf-8")
    assert package in text and SPEC["packages"][package] in text


# --------------------------------------------------------------------------- local links


@pytest.mark.parametrize("base", ["/app/static/vendor", "/app/static/vendor/", "file:///srv/v"])
def test_local_assets_join_the_base_url(base: str) -> None:
    urls = local_assets(base)
    assert set(urls) == set(SPEC["assets"])
    for name, url in urls.items():
        assert url == base.rstrip("/") + "/" + SPEC["assets"][name]


@pytest.mark.parametrize("base", ['/x" onload="alert(1)', "/x><script>", "/a b"])
def test_base_url_that_could_break_the_attribute_is_refused(base: str) -> None:
    with pytest.raises(AssetsError, match="base URL"):
        local_assets(base)


def test_use_local_assets_is_per_instance() -> None:
    before = list(folium.Map.default_js), list(MarkerCluster.default_css)
    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    use_local_assets(m, "/static/v")
    html = m.get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/static/v/") for link in links)
    assert (list(folium.Map.default_js), list(MarkerCluster.default_css)) == before
    other = folium.Map(tiles=None).get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet" in other


def test_dropped_links_are_removed() -> None:
    m = use_local_assets(folium.Map(tiles=None))
    names = [name for name, _url in m.default_css]
    assert not set(SPEC["drop"]) & set(names)


class _Unvendored(JSCSSMixin):
    default_js = [("some_plugin", "https://cdn.example.org/plugin.js")]  # noqa: RUF012


def test_unknown_asset_is_named() -> None:
    m = folium.Map(tiles=None)
    _Unvendored().add_to(m)
    with pytest.raises(AssetsError, match=r"_Unvendored links to 'some_plugin'.*make assets"):
        use_local_assets(m)


def test_bad_spec_names_the_file(tmp_path: Path) -> None:
    spec = tmp_path / "vendor.json"
    spec.write_text('{"packages": {}, "assets": [], "drop": {}}', encoding="utf-8")
    with pytest.raises(AssetsError, match=r"vendor\.json.*'assets'"):
        load_spec.__wrapped__(spec)


# --------------------------------------------------------------------------- inlining


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def vendor(tmp_path: Path) -> Path:
    root = tmp_path / "vendor"
    (root / "lib" / "images").mkdir(parents=True)
    (root / "fonts").mkdir()
    (root / "lib" / "lib.js").write_text('var t = "</script><b>";\n', encoding="utf-8")
    (root / "lib" / "images" / "dot.png").write_bytes(PNG)
    (root / "fonts" / "f.woff2").write_bytes(b"wOF2-test")
    (root / "fonts" / "f.ttf").write_bytes(b"ttf-test")
    (root / "lib" / "lib.css").write_text(
        ".a{background:url(images/dot.png)}\n"
        "@font-face{src:url(../fonts/f.woff2) format(\"woff2\"),url(../fonts/f.ttf) "
        "format(\"truetype\")}\n.b{behavior:url(#default#VML)}\n",
        encoding="utf-8",
    )
    return root


PAGE = (
    '<head><script src="/v/lib/lib.js"></script>\n'
    '<link rel="stylesheet" href="/v/lib/lib.css"/>\n'
    '<script src="https://tiles.example.org/other.js"></script></head>'
)


def test_inline_assets_embeds_scripts_styles_images_and_fonts(vendor: Path) -> None:
    html = inline_assets(PAGE, base_url="/v", vendor_dir=vendor)
    assert 'src="/v/' not in html and 'href="/v/' not in html
    assert '<script src="https://tiles.example.org/other.js"></script>' in html
    assert html.count("</script>") == html.count("<script")
    assert 'var t = "<\\/script><b>";' in html
    assert f'url("data:image/png;base64,{base64.b64encode(PNG).decode()}")' in html
    assert "data:font/woff2;base64," in html and ".ttf" not in html and "truetype" not in html
    assert "url(#default#VML)" in html


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ('<script src="/v/lib/missing.js"></script>', "make assets"),
        ('<script src="/v/../outside.js"></script>', "outside"),
        ('<link rel="stylesheet" href="/v/bad.css"/>', "does not resolve"),
    ],
)
def test_inline_assets_errors_name_the_file(vendor: Path, page: str, message: str) -> None:
    (vendor.parent / "outside.js").write_text("1", encoding="utf-8")
    (vendor / "bad.css").write_text(".x{background:url(nowhere.png)}", encoding="utf-8")
    with pytest.raises(AssetsError, match=message):
        inline_assets(page, base_url="/v", vendor_dir=vendor)


MANIFEST = json.loads((VENDOR_DIR / "MANIFEST.json").read_text(encoding="utf-8"))


def test_vendored_copies_have_the_pinned_versions() -> None:
    # the committed copies (shipped in the wheel) are what tools/vendor.sh makes from the pins
    assert {k: v["version"] for k, v in MANIFEST["packages"].items()} == SPEC["packages"]
    assert MANIFEST["assets"] == SPEC["assets"]


@pytest.mark.parametrize("rel", sorted(MANIFEST["files"]))
def test_vendored_file_matches_the_manifest(rel: str) -> None:
    data = (VENDOR_DIR / rel).read_bytes()
    assert len(data) == MANIFEST["files"][rel]["bytes"]
    assert hashlib.sha256(data).hexdigest() == MANIFEST["files"][rel]["sha256"]


def test_vendored_folder_holds_only_manifest_files() -> None:
    on_disk = {p.relative_to(VENDOR_DIR).as_posix() for p in VENDOR_DIR.rglob("*")
               if p.is_file() and p.name not in ("MANIFEST.json", ".installed")}
    assert on_disk == set(MANIFEST["files"])


@pytest.mark.parametrize("row", [r for r in SPEC["files"] if "LICEN" in r[2].upper()],
                         ids=lambda r: r[0])
def test_each_package_ships_its_licence(row: list[str]) -> None:
    assert (VENDOR_DIR / row[2]).is_file()
    assert row[2] in MANIFEST["files"]


def test_every_package_has_a_licence_row() -> None:
    licensed = {r[0] for r in SPEC["files"] if "LICEN" in r[2].upper()}
    assert licensed == set(SPEC["packages"])


def test_no_asset_is_missing_from_the_package() -> None:
    assert missing_assets() == []


def test_missing_assets_are_named(tmp_path: Path) -> None:
    (tmp_path / "leaflet").mkdir()
    (tmp_path / "leaflet" / "leaflet.js").write_text("// x", encoding="utf-8")
    missing = missing_assets(tmp_path)
    assert "leaflet/leaflet.js" not in missing
    assert "leaflet/leaflet.css" in missing
    assert len(missing) == len(SPEC["assets"]) - 1


def test_map_says_on_the_page_and_in_the_log_when_files_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import pandas as pd

    from dashboard.frames import EVENT_COLUMNS
    from dashboard.map.build import MapOptions, build_map

    monkeypatch.setattr("dashboard.map.assets.VENDOR_DIR", tmp_path)
    with caplog.at_level("ERROR"):
        html = build_map(pd.DataFrame(columns=list(EVENT_COLUMNS)),
                         MapOptions()).get_root().render()
    assert 'class="atlas-missing-assets"' in html
    assert "leaflet/leaflet.js" in html and "make assets" in html
    assert "reinstall incident-atlas" in caplog.text


def test_map_has_no_notice_when_files_are_there() -> None:
    import pandas as pd

    from dashboard.frames import EVENT_COLUMNS
    from dashboard.map.build import MapOptions, build_map

    html = build_map(pd.DataFrame(columns=list(EVENT_COLUMNS)), MapOptions()).get_root().render()
    assert "atlas-missing-assets" not in html


def test_vendor_script_fails_loudly_without_a_destination() -> None:
    result = subprocess.run(["bash", str(PROJECT / "tools" / "vendor.sh")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "usage: bash tools/vendor.sh DEST" in result.stderr


# --------------------------------------------------------------------------- offline basemap


BASEMAP_DATA = json.loads(BASEMAP.read_text(encoding="utf-8"))


def test_basemap_is_small() -> None:
    assert BASEMAP.stat().st_size < 300_000
    assert BASEMAP_DATA["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("kind", "name"),
    [("country", "Syria"), ("country", "Iraq"), ("country", "Jordan"), ("country", "Turkey"),
     ("country", "Lebanon"), ("governorate", "Deir ez-Zor"), ("governorate", "Al-Hasakah"),
     ("governorate", "Raqqa"), ("governorate", "Homs")],
)
def test_basemap_has_the_places_around_eastern_syria(kind: str, name: str) -> None:
    names = {(f["properties"]["kind"], f["properties"]["name"]) for f in BASEMAP_DATA["features"]}
    assert (kind, name) in names


def _positions(coords: object):
    if isinstance(coords[0], (int, float)):
        yield coords
    else:
        for part in coords:
            yield from _positions(part)


@pytest.mark.parametrize("feature", BASEMAP_DATA["features"],
                         ids=[f["properties"]["name"] for f in BASEMAP_DATA["features"]])
def test_basemap_features_are_clipped_polygons(feature: dict) -> None:
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    west, south, east, north = BASEMAP_DATA["bbox"]
    for lon, lat in _positions(feature["geometry"]["coordinates"]):
        assert west - 1e-6 <= lon <= east + 1e-6 and south - 1e-6 <= lat <= north + 1e-6
