"""The GeoPackage store: round trips, GDAL compatibility, bad files, reviews, hostile text.

GeoPackage-specific behaviour lives here; the store contract shared with PostGIS (round trips,
reviews and their conflicts, transactions, the flat table) is in tests/test_store_backends.py,
which runs it on both backends.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors
import pytest
import shapely

from dashboard.store import gpkg_file as _gpkg
from dashboard.store.geopackage import (
    GeoPackageStore,
    NotFoundError,
    Store,
    StoreError,
    content_hash,
    open_store,
    report_id,
)
from dashboard.store.schema import UPGRADES
from gazetteer.records import Article, Event, Incident

DATA = Path(__file__).parent / "data" / "store"
FIXTURE = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
SITES = {s["key"]: s for s in FIXTURE["sites"]}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _article(row: dict) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        published=_day(row["published"]),
        outlet=row["outlet"],
        note=row["note"],
        source_path=f"fixtures/{row['id']}.txt",
    )


def _incident(row: dict, article: dict) -> Incident:
    site = SITES.get(row["site"] or "")
    start = article["text"].index(row["quote"])
    return Incident(
        article=article["id"],
        site=row["site"],
        site_name=site["name_en"] if site else "",
        lat=site["lat"] if site else None,
        lon=site["lon"] if site else None,
        geo_precision=1 if site else 3,
        date_start=_day(row["date"][0]),
        date_end=_day(row["date"][1]),
        date_precision=row["date_precision"],
        time=row["time"],
        weapon=tuple(row["weapon"]),
        count=row["count"],
        killed=row["killed"],
        injured=row["injured"],
        casualties=row["casualties"],
        casualty_note="",
        actor=row["actor"],
        target=row["target"],
        new=row["new"],
        outlet=article["outlet"],
        cited=tuple(row["cited"]),
        quote=row["quote"],
        span=(start, start + len(row["quote"])),
        summary_en=f"{'/'.join(row['weapon'])} at {site['name_en'] if site else 'unknown place'}",
        highlights=((start, start + 3), (start + 4, start + 8)),
    )


def _range(values: list[int | None]) -> tuple[int | None, int | None]:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else (None, None)


def _event(reports: list[Incident]) -> Event:
    reports = sorted(reports, key=lambda r: (r.date_start or date.min, r.article, r.span))
    first = reports[0]
    count = _range([r.count for r in reports])
    killed = _range([r.killed for r in reports])
    injured = _range([r.injured for r in reports])
    starts = [r.date_start for r in reports if r.date_start]
    ends = [r.date_end for r in reports if r.date_end]
    return Event(
        id="ev-" + report_id(first)[2:14],
        site=first.site,
        site_name=first.site_name,
        lat=first.lat,
        lon=first.lon,
        geo_precision=first.geo_precision,
        date_start=min(starts) if starts else None,
        date_end=max(ends) if ends else None,
        date_precision=first.date_precision,
        time=next((r.time for r in reports if r.time), None),
        weapon=tuple(dict.fromkeys(w for r in reports for w in r.weapon)),
        count=count[0],
        count_max=count[1],
        killed=killed[0],
        killed_max=killed[1],
        injured=injured[0],
        injured_max=injured[1],
        casualties=first.casualties,
        actor=next((r.actor for r in reports if r.actor), None),
        target=next((r.target for r in reports if r.target), None),
        new=any(r.new for r in reports),
        outlets=tuple(dict.fromkeys(r.outlet for r in reports if r.outlet)),
        cited=tuple(dict.fromkeys(c for r in reports for c in r.cited)),
        summary_en=first.summary_en,
        reports=tuple(reports),
    )


ARTICLES = [_article(a) for a in FIXTURE["articles"]]
_GROUPS: dict[str, list[Incident]] = defaultdict(list)
for _row in FIXTURE["articles"]:
    for _inc in _row["incidents"]:
        _GROUPS[_inc["event"]].append(_incident(_inc, _row))
EVENTS = {label: _event(reports) for label, reports in _GROUPS.items()}
REPORTS = [r for e in EVENTS.values() for r in e.reports]
HOSTILE = [
    (row["case"], row["value"])
    for row in csv.DictReader(
        line
        for line in (DATA / "hostile.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("#")
    )
]


def _fill(store: GeoPackageStore) -> None:
    with store.transaction():
        for article in ARTICLES:
            store.insert_article(article, content_hash(article.text))
        store.insert_reports([(report_id(r), r) for r in REPORTS])
        store.insert_events([(e, [report_id(r) for r in e.reports], 1) for e in EVENTS.values()])


@pytest.fixture
def store(tmp_path: Path):
    with GeoPackageStore(tmp_path / "atlas.gpkg") as opened:
        _fill(opened)
        yield opened


def test_store_implements_the_interface(store: GeoPackageStore) -> None:
    assert isinstance(store, Store)


def test_load_all_events_and_unknown_ids(store: GeoPackageStore) -> None:
    loaded = store.load_events()
    assert sorted(e.id for e in loaded) == sorted(e.id for e in EVENTS.values())
    assert {e.id: e for e in loaded} == {e.id: e for e in EVENTS.values()}
    assert store.load_events(["no-such-event"]) == []
    assert store.load_events([]) == []


@pytest.mark.parametrize("article", ARTICLES, ids=[a.id for a in ARTICLES])
def test_articles_round_trip(store: GeoPackageStore, article: Article) -> None:
    assert store.article(article.id) == article


def test_events_frame_without_gdal_is_the_same(
    store: GeoPackageStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_review(EVENTS["tanf"].id, "rejected", "claim only", expected_version=1)
    fast = store.events_frame()

    def locked(*args: object, **kwargs: object) -> None:
        raise pyogrio.errors.DataSourceError("database is locked")

    monkeypatch.setattr(pyogrio, "read_dataframe", locked)
    slow = store.events_frame()
    pd.testing.assert_frame_equal(pd.DataFrame(slow), pd.DataFrame(fast))
    with store.transaction():  # inside a transaction the store's own connection is read
        store.delete_events([EVENTS["tanf"].id])
        assert EVENTS["tanf"].id not in set(store.events_frame()["id"])


def test_events_frame_orders_by_day(store: GeoPackageStore) -> None:
    frame = store.events_frame()
    dated = frame["date_start"].dropna()
    assert dated.is_monotonic_increasing
    assert frame["date_start"].isna().tolist() == sorted(frame["date_start"].isna().tolist())


def _layer_counts() -> list[tuple[str, str | None, int]]:
    return [
        ("articles", None, len(ARTICLES)),
        ("reports", "Point", len(REPORTS)),
        ("events", "Point", len(EVENTS)),
        ("event_reports", None, len(REPORTS)),
        ("reviews", None, 0),
    ]


@pytest.mark.parametrize(("layer", "geometry", "rows"), _layer_counts())
def test_layers_open_in_gdal(
    store: GeoPackageStore, layer: str, geometry: str | None, rows: int
) -> None:
    store.close()
    types = dict(pyogrio.list_layers(store.path).tolist())
    assert types[layer] == geometry
    frame = gpd.read_file(store.path, layer=layer)
    assert len(frame) == rows
    if geometry is None:
        return
    assert frame.crs.to_epsg() == 4326
    placed = frame["lat"].notna()
    assert frame.geometry[~placed].isna().all()
    points = frame.geometry[placed]
    assert (points.geom_type == "Point").all()
    assert points.x.tolist() == frame["lon"][placed].tolist()
    assert points.y.tolist() == frame["lat"][placed].tolist()
    info = pyogrio.read_info(store.path, layer=layer)
    assert info["total_bounds"] == pytest.approx(
        (frame["lon"].min(), frame["lat"].min(), frame["lon"].max(), frame["lat"].max())
    )


def test_geopackage_metadata(store: GeoPackageStore) -> None:
    store.close()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 10300
        srs = {r[0] for r in conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
        assert {-1, 0, 4326} <= srs
        contents = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
        geometry = dict(
            conn.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns")
        )
    assert contents == {
        "articles": "attributes",
        "reports": "features",
        "events": "features",
        "event_reports": "attributes",
        "reviews": "attributes",
    }
    assert geometry == {"reports": "POINT", "events": "POINT"}


@pytest.mark.parametrize(
    ("lon", "lat"), [(40.5758, 35.1517), (-122.5, -45.25), (0.0, 0.0), (180.0, 90.0)]
)
def test_point_blob_header_and_round_trip(lon: float, lat: float) -> None:
    (blob,) = _gpkg.point_blobs([lon], [lat])
    assert blob[:2] == b"GP"
    assert blob[2] == 0  # version
    assert blob[3] == 0x01  # little-endian, no envelope, not empty
    srs, geom = _gpkg.parse_blob(blob)
    assert srs == 4326
    assert (geom.x, geom.y) == (lon, lat)


@pytest.mark.parametrize(
    ("geom", "flags", "empty"),
    [
        (shapely.box(40.0, 35.0, 41.0, 36.0), 0x03, False),
        (shapely.LineString([(38.6, 33.5), (40.3, 35.3)]), 0x03, False),
        (shapely.Point(), 0x11, True),
    ],
)
def test_geometry_blob_envelope_and_empty_flag(
    geom: shapely.Geometry, flags: int, empty: bool
) -> None:
    (blob,) = _gpkg.geometry_blobs([geom])
    assert blob[3] == flags
    srs, back = _gpkg.parse_blob(blob)
    assert srs == 4326
    assert back.is_empty == empty
    if not empty:
        assert back.equals(geom)


def test_missing_coordinates_store_null_geometry() -> None:
    assert _gpkg.point_blobs([None, 40.0], [35.0, None]) == [None, None]


def _truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _header_only(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[:100])


def _plain_sqlite(path: Path, good: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.close()


def _gpkg_id_without_core_tables(path: Path, good: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1196444487")
        conn.execute("CREATE TABLE events (id TEXT)")
    conn.close()


def _garbage_header(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    data[16:18] = b"\x00\x03"  # page size 3: impossible
    path.write_bytes(bytes(data))


def _damaged_schema(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[100:page] = b"\xff" * (page - 100)  # the rest of page 1: the schema table
    path.write_bytes(bytes(data))


CORRUPT = {
    "random-bytes": lambda p, g: p.write_bytes(bytes(range(256)) * 40),
    "text-file": lambda p, g: p.write_text("this is a text file, not a database\n"),
    "truncated-store": _truncated,
    "sqlite-header-only": _header_only,
    "plain-sqlite": _plain_sqlite,
    "gpkg-id-without-core-tables": _gpkg_id_without_core_tables,
    "corrupted-header": _garbage_header,
    "damaged-schema-page": _damaged_schema,
    "folder": lambda p, g: p.mkdir(),
}
#: Cases that are a GeoPackage, damaged: the message says so and how to recover.
DAMAGED = {"truncated-store", "sqlite-header-only", "corrupted-header", "damaged-schema-page"}


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "good.gpkg"
    with GeoPackageStore(path) as opened:
        _fill(opened)
    return path


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_bad_file_gives_one_clear_error(tmp_path: Path, good_file: Path, case: str) -> None:
    path = tmp_path / "bad.gpkg"
    CORRUPT[case](path, good_file)
    with pytest.raises(StoreError) as caught:
        GeoPackageStore(path)
    said = "the store file is damaged (" if case in DAMAGED else "not a GeoPackage ("
    assert str(caught.value).startswith(f"{path}: {said}")


def test_reopen_keeps_everything(tmp_path: Path, good_file: Path) -> None:
    copy = tmp_path / "copy.gpkg"
    shutil.copyfile(good_file, copy)
    with GeoPackageStore(copy) as reopened:
        assert reopened.counts() == {
            "events": len(EVENTS),
            "reports": len(REPORTS),
            "articles": len(ARTICLES),
            "reviews": 0,
        }
        assert {e.id: e for e in reopened.load_events()} == {e.id: e for e in EVENTS.values()}


def test_store_added_to_a_geopackage_written_by_gdal(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    frame = gpd.GeoDataFrame(
        {"name": ["camp"]}, geometry=[shapely.Point(40.0, 35.0)], crs="EPSG:4326"
    )
    pyogrio.write_dataframe(frame, path, layer="analyst_marks", driver="GPKG")
    with GeoPackageStore(path) as opened:
        _fill(opened)
        assert opened.counts()["events"] == len(EVENTS)
    layers = dict(pyogrio.list_layers(path).tolist())
    assert layers["analyst_marks"] == "Point"
    assert len(gpd.read_file(path, layer="events")) == len(EVENTS)
    assert gpd.read_file(path, layer="analyst_marks")["name"].tolist() == ["camp"]


def test_geopackage_with_other_events_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.gpkg"
    frame = gpd.GeoDataFrame({"kind": ["x"]}, geometry=[shapely.Point(1, 2)], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, layer="events", driver="GPKG")
    with pytest.raises(StoreError, match=r"not an Incident Atlas store .*'events' lacks"):
        GeoPackageStore(path)


def test_default_path_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deep" / "folder" / "atlas.gpkg"
    monkeypatch.setenv("ATLAS_DB", str(target))
    with GeoPackageStore() as opened:
        assert opened.path == target
    assert target.is_file()
    again = open_store()
    try:
        assert again.location == str(target)
    finally:
        again.close()


@pytest.mark.parametrize(
    ("opener", "needle"),
    [(open_store, "PostGIS backend is not available"), (GeoPackageStore, "not a file path")],
    ids=["open_store", "GeoPackageStore"],
)
def test_database_url_is_refused_clearly(opener, needle: str) -> None:
    with pytest.raises(StoreError, match=needle) as caught:
        opener("postgresql://analyst:secret@db.example/atlas")
    assert str(caught.value).startswith("db.example/atlas: ")
    assert "secret" not in str(caught.value)


def test_counts_and_data_span(store: GeoPackageStore) -> None:
    assert store.counts() == {
        "events": len(EVENTS),
        "reports": len(REPORTS),
        "articles": len(ARTICLES),
        "reviews": 0,
    }
    starts = [e.date_start for e in EVENTS.values() if e.date_start]
    ends = [e.date_end for e in EVENTS.values() if e.date_end]
    assert store.data_span() == (min(starts), max(ends))


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda s: s.article("missing"), "no article 'missing'"),
        (lambda s: s.reports_for("missing"), "no event 'missing'"),
        (lambda s: s.save_review("missing", "confirmed", expected_version=1), "no event"),
    ],
)
def test_unknown_ids(store: GeoPackageStore, call, needle: str) -> None:
    with pytest.raises(NotFoundError, match=needle) as caught:
        call(store)
    assert str(caught.value).startswith(store.location)


@pytest.mark.parametrize(
    ("status", "fields", "needle"),
    [
        ("approved", None, "review status 'approved' is not one of"),
        ("corrected", None, "needs the corrected fields"),
        ("confirmed", {"killed": 2}, "only saved with status 'corrected'"),
        ("corrected", {"n_reports": 2}, "unknown field 'n_reports'"),
        ("corrected", {"killed": object()}, "not JSON values"),
        ("corrected", {"count": float("nan")}, "not JSON values"),
    ],
)
def test_bad_reviews_are_refused(
    store: GeoPackageStore, status: str, fields: dict | None, needle: str
) -> None:
    event_id = EVENTS["tanf"].id
    with pytest.raises(ValueError, match=needle):
        store.save_review(event_id, status, "", fields, expected_version=1)
    assert store.reviews_for(event_id) == []
    assert store.event_versions([event_id]) == {event_id: 1}


@pytest.mark.parametrize(("case", "value"), HOSTILE, ids=[c for c, _ in HOSTILE])
def test_hostile_text_is_stored_verbatim(tmp_path: Path, case: str, value: str) -> None:
    with GeoPackageStore(tmp_path / "h.gpkg") as opened:
        _fill(opened)
        article = Article(id=value, text=f"{case}: {value}", outlet=value, note=value, url=value)
        with opened.transaction():
            opened.insert_article(article, content_hash(article.text))
        event_id = EVENTS["conoco-early"].id
        opened.save_review(event_id, "confirmed", value, expected_version=1, reviewer=value)
        assert opened.article(value) == article
        (review,) = opened.reviews_for(event_id)
        assert (review.note, review.reviewer) == (value, value)
        frame = opened.events_frame().set_index("id")
        assert frame.loc[event_id, "review_note"] == value
        assert opened.counts() == {
            "events": len(EVENTS),
            "reports": len(REPORTS),
            "articles": len(ARTICLES) + 1,
            "reviews": 1,
        }
        assert set(frame["version"]) == {1, 2}
    assert set(dict(pyogrio.list_layers(tmp_path / "h.gpkg").tolist())) == {
        "articles",
        "reports",
        "events",
        "event_reports",
        "reviews",
    }


def test_constraint_violation_rolls_back_with_path(store: GeoPackageStore) -> None:
    before = store.counts()
    again = ARTICLES[0]
    with pytest.raises(StoreError, match="UNIQUE") as caught, store.transaction():
        store.delete_events([EVENTS["tanf"].id])
        store.insert_article(again, content_hash(again.text))
    assert str(caught.value).startswith(store.location)
    assert store.counts() == before




def test_a_store_written_before_confidence_is_upgraded_in_place(
    tmp_path: Path, good_file: Path
) -> None:
    """A store of an earlier version (no confidence columns) opens, gains them, and reads."""
    old = tmp_path / "old.gpkg"
    shutil.copyfile(good_file, old)
    with sqlite3.connect(old) as conn:
        for table, columns in UPGRADES.items():
            for column, _ in columns:
                conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        assert "confidence" not in {row[1] for row in conn.execute("PRAGMA table_info(reports)")}
    with GeoPackageStore(old) as upgraded:
        loaded = {e.id: e for e in upgraded.load_events()}
        # every report and event of the old store reads with the records' default confidence
        assert {e.confidence for e in loaded.values()} == {1.0}
        assert {r.confidence_reasons for e in loaded.values() for r in e.reports} == {()}
        assert sorted(loaded) == sorted(e.id for e in EVENTS.values())
        assert "confidence" in set(upgraded.events_frame().columns)
    with sqlite3.connect(old) as conn:
        for table, columns in UPGRADES.items():
            present = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            assert {c for c, _ in columns} <= present
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_article_title_is_kept_and_updated(tmp_path: Path) -> None:
    article = Article(id="t1", text="\u0646\u0635", title="\u0639\u0646\u0648\u0627\u0646")
    with GeoPackageStore(tmp_path / "titles.gpkg") as store:
        with store.transaction():
            store.insert_article(article, content_hash(article.text))
        assert store.article("t1").title == article.title
        renamed = dataclasses.replace(article, title="another title")
        with store.transaction():
            store.update_article(renamed)
        assert store.article("t1") == renamed
