"""``atlas export``: every format read back from a real store (the seeds plus a page of ours)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from dashboard import filters as flt
from dashboard.cli import main
from dashboard.exports import ACLED_COLUMNS, KML_NS, export_bundle, to_acled_bytes
from dashboard.exports.acled import acled_row, weapon_types
from dashboard.exports.formats import FORMULA_PREFIXES
from dashboard.ingest import ingest, read_articles
from dashboard.store.geopackage import open_store
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article

ROOT = Path(__file__).resolve().parents[1]
URL = "https://furat.example/news/2024/omar-drones"
#: Our own words: "two drones targeted the al-Omar field base at dawn; one soldier was killed."
PAGE_TEXT = (
    "\u0627\u0633\u062a\u0647\u062f\u0641\u062a \u0637\u0627\u0626\u0631\u062a\u0627\u0646"
    " \u0645\u0633\u064a\u0631\u062a\u0627\u0646 \u0642\u0627\u0639\u062f\u0629 \u062d\u0642\u0644"
    " \u0627\u0644\u0639\u0645\u0631 \u0641\u062c\u0631 \u0627\u0644\u064a\u0648\u0645\u060c"
    " \u0648\u0642\u062a\u0644 \u062c\u0646\u062f\u064a \u0623\u0645\u0631\u064a\u0643\u064a."
)
ARABIC = "\u0627\u0644\u0639\u0645\u0631"  # العمر


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "atlas.gpkg"
    articles, errors = read_articles([ROOT / "seeds"])
    assert not errors
    page = Article(id="web-omar", text=PAGE_TEXT, published=date(2024, 1, 15),
                   outlet="<img src=x onerror=alert(1)>", url=URL)  # fmt: skip
    store = open_store(path)
    try:
        ingest(store, [*articles, page], load_gazetteer())
    finally:
        store.close()
    return path


def _filtered(db: Path, params: dict) -> tuple[pd.DataFrame, object]:  # type: ignore[type-arg]
    store = open_store(db)
    try:
        frame = store.events_frame()
        sites = load_gazetteer().sites
        filters, problems = flt.from_query(
            params, store.data_span(), flt.Known.from_frame(frame, sites=sites)
        )
        assert not problems
        shown = flt.apply(frame, filters)
        return shown, export_bundle(shown, store, sites)
    finally:
        store.close()


def _read(fmt: str, path: Path) -> pd.DataFrame:
    if fmt in ("csv", "acled"):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    if fmt == "geojson":
        features = json.loads(path.read_text("utf-8"))["features"]
        table = pd.DataFrame([f["properties"] for f in features])
        return table.assign(geometry=[f["geometry"] for f in features])
    if fmt == "kml":
        root = ET.fromstring(path.read_bytes())
        ns = {"k": KML_NS}
        rows = [
            {d.get("name"): d.findtext("k:value", namespaces=ns)
             for d in p.iterfind("k:ExtendedData/k:Data", ns)}
            for p in root.iter(f"{{{KML_NS}}}Placemark")
        ]  # fmt: skip
        return pd.DataFrame(rows)
    if fmt == "parquet":
        return gpd.read_parquet(path)
    return gpd.read_file(path, layer="events", engine="pyogrio")


FILTERS = [
    {},
    {"site": "al-omar"},
    {"weapon": ["drone"], "from": "2024-01-01"},
]
FORMATS = ["csv", "geojson", "kml", "gpkg", "parquet", "acled"]


def _argv(params: dict) -> list[str]:  # type: ignore[type-arg]
    argv: list[str] = []
    for key, option in (("site", "--site"), ("weapon", "--weapon"), ("from", "--from")):
        values = params.get(key, [])
        for value in [values] if isinstance(values, str) else values:
            argv += [option, value]
    return argv


@pytest.mark.parametrize("params", FILTERS, ids=["all", "site", "weapon+from"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_reads_back(
    db: Path, tmp_path: Path, fmt: str, params: dict, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[type-arg]
    out = tmp_path / f"out.{fmt}"
    status = main(["export", "--db", str(db), "--format", fmt, "-o", str(out), *_argv(params)])
    assert status == 0, capsys.readouterr().err
    shown, bundle = _filtered(db, params)
    back = _read(fmt, out)
    assert len(back) == len(shown) > 0
    if fmt == "acled":
        assert list(back.columns) == list(ACLED_COLUMNS)
        assert back["event_id_cnty"].str.endswith(tuple(shown["id"])).all()
        return
    assert back["id"].tolist() == shown["id"].tolist()
    for column in ("site_name_ar", "quote_ar"):  # Arabic survives
        expected = bundle.events[column].fillna("").tolist()  # type: ignore[attr-defined]
        if fmt == "csv":  # a cell that a spreadsheet would run as a formula is quoted with '
            expected = ["'" + v if v.startswith(FORMULA_PREFIXES) else v for v in expected]
        assert back[column].fillna("").tolist() == expected
    assert any(ARABIC in name for name in back["site_name_ar"].fillna(""))
    for column in ("geo_precision", "date_precision", "killed", "killed_max", "outlets",
                   "cited", "urls", "site_name"):  # fmt: skip
        assert column in back.columns or fmt == "kml"  # KML leaves empty values out
    if fmt in ("gpkg", "parquet"):
        assert back.crs.equals("EPSG:4326")
        located = shown["lon"].notna().to_numpy()
        assert list(back.geometry.x[located].round(6)) == list(shown["lon"][located].round(6))
        assert list(back.geometry.y[located].round(6)) == list(shown["lat"][located].round(6))


def test_gpkg_has_events_reports_and_articles(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.gpkg"
    assert main(["export", "--db", str(db), "--format", "gpkg", "-o", str(out)]) == 0
    layers = {name: kind for name, kind in pyogrio.list_layers(out)}
    assert layers == {"events": "Point", "reports": "Point", "articles": None}
    shown, _ = _filtered(db, {})
    reports = gpd.read_file(out, layer="reports", engine="pyogrio")
    articles = pyogrio.read_dataframe(out, layer="articles")
    assert len(reports) == int(shown["n_reports"].sum())
    assert set(reports["event_id"]) == set(shown["id"])
    assert len(articles) == 6 and URL in set(articles["url"])
    assert reports.crs.equals("EPSG:4326")
    omar = reports[reports["url"] == URL]
    assert len(omar) >= 1 and ARABIC in omar["quote_ar"].iloc[0]
    assert omar["site_name_ar"].iloc[0] == "\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631"
    assert (omar["outlet"] == "<img src=x onerror=alert(1)>").all()


def test_article_url_reaches_every_event_of_that_article(db: Path) -> None:
    _, bundle = _filtered(db, {"site": "al-omar"})
    events = bundle.events  # type: ignore[attr-defined]
    assert URL in "|".join(events["urls"].fillna(""))


BAD_ARGS = [
    (["--site", "nowhere"], "Ignored site='nowhere'"),
    (["--from", "2024-13-01"], "from"),
    (["--min-casualties", "-3"], "min_cas"),
]


@pytest.mark.parametrize(("extra", "message"), BAD_ARGS)
def test_bad_filter_writes_nothing(
    db: Path, tmp_path: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out), *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and "Nothing written" in err
    assert not out.exists()


def test_missing_store_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.gpkg"
    argv = ["export", "--db", str(missing), "--format", "csv", "-o", str(tmp_path / "x.csv")]
    assert main(argv) == 1
    assert f"{missing}: no such store" in capsys.readouterr().err
    assert not missing.exists()


# --------------------------------------------------------------------------- ACLED mapping

ACLED_CASES = [
    # weapon column, killed, killed_max, event_type, sub_event_type, fatalities
    ("drone", 1, 1, "Explosions/Remote violence", "Air/drone strike", 1),
    ("airstrike", None, None, "Explosions/Remote violence", "Air/drone strike", 0),
    ("rocket|drone", 2, 5, "Explosions/Remote violence", "Shelling/artillery/missile attack", 2),
    ("mortar", 0, 0, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0),
    ("artillery", None, None, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0),
    ("explosion", 3, 3, "Explosions/Remote violence", "Remote explosive/landmine/IED", 3),
    ("small_arms", 1, 2, "Battles", "Armed clash", 1),
    ("unknown", None, None, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0),
]


@pytest.mark.parametrize(("weapon", "killed", "high", "etype", "sub", "fatalities"), ACLED_CASES)
def test_acled_row(
    weapon: str, killed: int | None, high: int | None, etype: str, sub: str, fatalities: int
) -> None:
    row = {
        "id": "ev-1", "weapon": weapon, "killed": killed, "killed_max": high, "injured": None,
        "injured_max": None, "date_start": "2024-01-15", "date_precision": "day",
        "country": "SY", "governorate": "Deir ez-Zor", "site_name": "al-Omar oil field",
        "lat": 35.15, "lon": 40.57, "geo_precision": 1, "outlets": "A|B",
        "actor": "Islamic Resistance in Iraq", "target": "US forces", "summary_en": "Attack",
        "casualties": "reported", "new": True,
    }  # fmt: skip
    out = acled_row(row, stamp=1)
    assert (out["event_type"], out["sub_event_type"], out["fatalities"]) == (etype, sub, fatalities)
    assert (out["event_id_cnty"], out["event_date"], out["year"]) == (
        "SYR-IA-ev-1",
        "2024-01-15",
        2024,
    )
    assert (out["country"], out["iso"], out["admin1"], out["source"]) == (
        "Syria",
        760,
        "Deir ez-Zor",
        "A; B",
    )
    assert (out["inter1"], out["inter2"]) == ("Political militia", "External/Other forces")
    assert out["actor2"] == "Military Forces of the United States"
    assert out["time_precision"] == 1
    disputed = high is not None and killed is not None and high != killed
    assert (f"Reports disagree on killed: {killed} to {high}." in out["notes"]) is disputed


def test_every_weapon_has_an_acled_type() -> None:
    from gazetteer.records import WEAPONS

    assert set(weapon_types()) == set(WEAPONS)


def test_acled_from_a_plain_frame(sample_frame: gpd.GeoDataFrame) -> None:
    table = pd.read_csv(io.BytesIO(to_acled_bytes(sample_frame, stamp=7)), encoding="utf-8-sig")
    assert len(table) == len(sample_frame)
    assert set(table["timestamp"]) == {7}


def test_dashboard_downloads_are_the_same_files(db: Path, tmp_path: Path) -> None:
    from dashboard.exports import DATA_FORMATS, data_downloads

    shown, bundle = _filtered(db, {"site": "al-omar"})
    store = open_store(db)
    try:
        downloads = data_downloads(shown, store, load_gazetteer().sites)
        made = {name: make() for _, name, _, make in downloads}
    finally:
        store.close()
    assert list(made) == [f.file_name for f in DATA_FORMATS.values()]
    assert made["incident-atlas.csv"] == DATA_FORMATS["csv"].write(bundle)  # type: ignore[arg-type]
    assert made["incident-atlas.geojson"] == DATA_FORMATS["geojson"].write(bundle)  # type: ignore[arg-type]
