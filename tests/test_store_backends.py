"""The store contract on both backends: a GeoPackage file and PostgreSQL + PostGIS.

Every contract test runs once per backend through the parametrised ``location`` fixture. The
PostGIS server is the one named by ``ATLAS_TEST_PG`` (a ``postgresql://`` URL of a database
with PostGIS, where the tests may create schemas), or else a private cluster started on
loopback with ``tools/pg_test_cluster.sh`` and stopped at the end of the session (the
``pg_server`` and ``pg_url`` fixtures of ``tests/_pg.py``). Each test gets a schema of its
own, dropped afterwards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import psycopg
import pytest
from _pg import free_port, in_schema
from psycopg import sql
from test_ingest import (
    ALL,
    GAZ,
    ROWS,
    FakeMerge,
    _write_seeds,
    article,
    fake_extract,
    fake_pipeline,  # noqa: F401 (a fixture)
)
from test_store import ARTICLES, EVENTS, HOSTILE, REPORTS, _fill

from dashboard import cli
from dashboard.frames import EVENT_COLUMNS, events_frame
from dashboard.ingest import IngestError, IngestReport, ingest
from dashboard.store.geopackage import (
    GeoPackageStore,
    NotFoundError,
    ReviewConflict,
    Store,
    StoreError,
    content_hash,
    open_store,
    report_id,
)
from dashboard.store.postgis import PostGISStore
from gazetteer.records import Article, Event, Incident

# The PostgreSQL fixtures ``pg_server`` and ``pg_url`` live in tests/_pg.py (a conftest plugin).

BACKENDS = {"geopackage": GeoPackageStore, "postgis": PostGISStore}
FULL_COUNTS = {
    "events": len(EVENTS),
    "reports": len(REPORTS),
    "articles": len(ARTICLES),
    "reviews": 0,
}


# -- one store per backend -----------------------------------------------------------------


@pytest.fixture(params=sorted(BACKENDS))
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where an empty store lives: a .gpkg path or a postgresql:// URL."""
    if request.param == "geopackage":
        return str(tmp_path / "atlas.gpkg")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    """Stores opened by a test; all closed afterwards."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def _open(opened: list[Store], location: str) -> Store:
    store = open_store(location)
    opened.append(store)
    return store


@pytest.fixture
def empty(location: str, opened: list[Store]) -> Store:
    return _open(opened, location)


@pytest.fixture
def store(empty: Store) -> Store:
    _fill(empty)
    return empty


def _run(store: Store, ids: list[str], *, extract=fake_extract, merge=None) -> IngestReport:
    batch = [article(i) for i in ids]
    return ingest(store, batch, GAZ, extract=extract, merge=merge or FakeMerge())


def _event_id(store: Store, label: str) -> str:
    labels = {(a["id"], i["quote"]): i["event"] for a in ROWS.values() for i in a["incidents"]}
    (found,) = [
        e.id
        for e in store.load_events()
        if {labels[(r.article, r.quote)] for r in e.reports} == {label}
    ]
    return found


def _state(store: Store) -> tuple[dict[str, int], list[Event], pd.DataFrame]:
    return store.counts(), store.load_events(), pd.DataFrame(store.events_frame())


# -- the contract ------------------------------------------------------------------------------


def test_open_store_picks_the_backend_by_location(location: str, empty: Store) -> None:
    kind = "postgis" if location.startswith("postgresql://") else "geopackage"
    assert type(empty) is BACKENDS[kind]
    assert isinstance(empty, Store)
    assert "://" not in empty.location


@pytest.mark.parametrize("label", sorted(EVENTS))
def test_events_round_trip_exactly(store: Store, label: str) -> None:
    event = EVENTS[label]
    assert store.load_events([event.id]) == [event]
    assert store.reports_for(event.id) == list(event.reports)


def test_load_all_events_and_unknown_ids(store: Store) -> None:
    assert {e.id: e for e in store.load_events()} == {e.id: e for e in EVENTS.values()}
    assert store.load_events(["no-such-event"]) == []
    assert store.load_events([]) == []
    ids = sorted(e.id for e in EVENTS.values())[::-1]
    assert [e.id for e in store.load_events([*ids, "unknown"])] == ids


@pytest.mark.parametrize("item", ARTICLES, ids=[a.id for a in ARTICLES])
def test_articles_round_trip(store: Store, item: Article) -> None:
    assert store.article(item.id) == item


def test_events_frame_matches_the_shared_flat_table(store: Store) -> None:
    got = store.events_frame()
    want = events_frame(EVENTS.values())
    assert list(got.columns) == [*EVENT_COLUMNS, "version", "review_status", "review_note",
                                 "reviewed", "machine_values", "geometry"]  # fmt: skip
    assert got.crs == want.crs
    got = got.sort_values("id").reset_index(drop=True)
    want = want.sort_values("id").reset_index(drop=True)
    columns = list(EVENT_COLUMNS)
    pd.testing.assert_frame_equal(pd.DataFrame(got[columns]), pd.DataFrame(want[columns]))
    assert got.geometry.to_wkt().tolist() == want.geometry.to_wkt().tolist()
    assert (got["version"] == 1).all()
    assert got["review_status"].isna().all()


def test_events_frame_orders_by_day(store: Store) -> None:
    frame = store.events_frame()
    assert frame["date_start"].dropna().is_monotonic_increasing
    assert frame["date_start"].isna().tolist() == sorted(frame["date_start"].isna().tolist())


def test_counts_and_data_span(store: Store) -> None:
    assert store.counts() == FULL_COUNTS
    starts = [e.date_start for e in EVENTS.values() if e.date_start]
    ends = [e.date_end for e in EVENTS.values() if e.date_end]
    assert store.data_span() == (min(starts), max(ends))


def test_empty_store(empty: Store) -> None:
    assert empty.counts() == {"events": 0, "reports": 0, "articles": 0, "reviews": 0}
    assert empty.data_span() is None
    frame = empty.events_frame()
    assert len(frame) == 0
    assert list(frame.columns)[: len(EVENT_COLUMNS)] == list(EVENT_COLUMNS)
    assert empty.load_events() == []


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda s: s.article("missing"), "no article 'missing'"),
        (lambda s: s.reports_for("missing"), "no event 'missing'"),
        (lambda s: s.save_review("missing", "confirmed", expected_version=1), "no event"),
    ],
    ids=["article", "reports_for", "save_review"],
)
def test_unknown_ids(store: Store, call, needle: str) -> None:
    with pytest.raises(NotFoundError, match=needle) as caught:
        call(store)
    assert str(caught.value).startswith(f"{store.location}: ")


def test_reopen_keeps_everything(location: str, store: Store, opened: list[Store]) -> None:
    store.save_review(EVENTS["tanf"].id, "confirmed", "seen", expected_version=1)
    before = _state(store)
    store.close()
    opened.remove(store)
    again = _open(opened, location)
    after = _state(again)
    assert after[:2] == before[:2]
    pd.testing.assert_frame_equal(after[2], before[2])


def test_review_conflict_between_two_analysts(
    location: str, store: Store, opened: list[Store]
) -> None:
    """Two analysts, two connections, the same event: the second save sees the first."""
    other = _open(opened, location)
    event_id = EVENTS["tanf"].id
    loaded = int(store.events_frame().set_index("id").loc[event_id, "version"])
    assert int(other.events_frame().set_index("id").loc[event_id, "version"]) == loaded
    first = store.save_review(
        event_id, "confirmed", "matches the claim", expected_version=loaded, reviewer="analyst-1"
    )
    assert first == loaded + 1
    with pytest.raises(ReviewConflict) as caught:
        other.save_review(
            event_id, "rejected", "looks wrong", expected_version=loaded, reviewer="analyst-2"
        )
    message = str(caught.value)
    for part in (event_id, f"version {loaded}", f"version {first}", "analyst-1"):
        assert part in message
    assert (caught.value.expected, caught.value.current) == (loaded, first)
    reviews = other.reviews_for(event_id)
    assert [(r.status, r.reviewer, r.version) for r in reviews] == [
        ("confirmed", "analyst-1", first)
    ]
    assert reviews[0].created_at.tzinfo is not None
    second = other.save_review(event_id, "rejected", "after reload", expected_version=first)
    row = store.events_frame().set_index("id").loc[event_id]
    assert (row["version"], row["review_status"], row["review_note"]) == (
        second,
        "rejected",
        "after reload",
    )


def test_corrected_review_keeps_its_fields(store: Store) -> None:
    event_id = EVENTS["omar"].id
    fields = {"killed": 1, "date_start": date(2024, 1, 4), "actor": "armed factions"}
    store.save_review(event_id, "corrected", "per a later statement", fields, expected_version=1)
    (review,) = store.reviews_for(event_id)
    assert review.fields == {"killed": 1, "date_start": "2024-01-04", "actor": "armed factions"}


@pytest.mark.parametrize(
    ("status", "fields", "needle"),
    [
        ("approved", None, "review status 'approved' is not one of"),
        ("corrected", None, "needs the corrected fields"),
        ("corrected", {"n_reports": 2}, "unknown field 'n_reports'"),
        ("corrected", {"count": float("nan")}, "not JSON values"),
    ],
)
def test_bad_reviews_are_refused(store: Store, status: str, fields, needle: str) -> None:
    event_id = EVENTS["tanf"].id
    with pytest.raises(ValueError, match=needle):
        store.save_review(event_id, status, "", fields, expected_version=1)
    assert store.reviews_for(event_id) == []
    assert store.event_versions([event_id]) == {event_id: 1}


@pytest.mark.parametrize(("case", "value"), HOSTILE, ids=[c for c, _ in HOSTILE])
def test_hostile_text_is_stored_verbatim(store: Store, case: str, value: str) -> None:
    item = Article(id=value, text=f"{case}: {value}", outlet=value, note=value, url=value)
    with store.transaction():
        store.insert_article(item, content_hash(item.text))
    event_id = EVENTS["conoco-early"].id
    store.save_review(event_id, "confirmed", value, expected_version=1, reviewer=value)
    assert store.article(value) == item
    (review,) = store.reviews_for(event_id)
    assert (review.note, review.reviewer) == (value, value)
    frame = store.events_frame().set_index("id")
    assert frame.loc[event_id, "review_note"] == value
    assert store.counts() == {**FULL_COUNTS, "articles": len(ARTICLES) + 1, "reviews": 1}
    assert set(frame["version"]) == {1, 2}
    assert store.stored_hashes([content_hash(item.text)]) == {content_hash(item.text)}
    assert store.article_hashes([value, "' OR '1'='1"]) == {value: content_hash(item.text)}


def test_transaction_rolls_back_on_error(store: Store) -> None:
    before = store.counts()
    extra = Article(id="extra", text=ARTICLES[0].text * 2)
    with pytest.raises(RuntimeError, match="stop here"), store.transaction():
        store.insert_article(extra, content_hash(extra.text))
        store.delete_events([EVENTS["tanf"].id])
        raise RuntimeError("stop here")
    assert store.counts() == before
    assert store.load_events([EVENTS["tanf"].id]) == [EVENTS["tanf"]]


def test_constraint_violation_rolls_back_with_location(store: Store) -> None:
    before = store.counts()
    again = ARTICLES[0]
    with pytest.raises(StoreError, match=r"(?i)unique") as caught, store.transaction():
        store.delete_events([EVENTS["tanf"].id])
        store.insert_article(again, content_hash(again.text))
    assert str(caught.value).startswith(f"{store.location}: ")
    assert store.counts() == before
    with store.transaction():  # the store is usable afterwards
        store.delete_events([EVENTS["tanf"].id])
    assert store.counts()["events"] == len(EVENTS) - 1


def test_writes_need_a_transaction_and_do_not_nest(store: Store) -> None:
    with pytest.raises(StoreError, match=r"inside store\.transaction"):
        store.delete_events([EVENTS["tanf"].id])
    with pytest.raises(StoreError, match="already open"), store.transaction(), store.transaction():
        pass
    assert store.counts()["events"] == len(EVENTS)


def test_write_primitives_answer_alike(store: Store) -> None:
    tanf = EVENTS["tanf"]
    rids = [report_id(r) for r in tanf.reports]
    assert store.report_ids_at_sites(["tanf"]) == {
        report_id(r) for r in REPORTS if r.site == "tanf"
    }
    assert store.report_ids_at_sites([None]) == {report_id(r) for r in REPORTS if r.site is None}
    assert store.events_of_reports(rids) == {tanf.id}
    assert store.reports_of_events([tanf.id]) == set(rids)
    assert store.reports_by_id([*rids, "r-unknown"]) == dict(zip(rids, tanf.reports, strict=True))
    assert store.event_versions([tanf.id, "unknown"]) == {tanf.id: 1}
    store.save_review(tanf.id, "confirmed", "kept", expected_version=1)
    with store.transaction():
        assert store.move_reviews(tanf.id, "ev-elsewhere") == 1
    assert [r.note for r in store.reviews_for("ev-elsewhere")] == ["kept"]


# -- ingest on both backends -------------------------------------------------------------------


def test_ingest_stores_articles_reports_and_events(empty: Store) -> None:
    report = _run(empty, ALL)
    n_reports = sum(len(a["incidents"]) for a in ROWS.values())
    labels = {i["event"] for a in ROWS.values() for i in a["incidents"]}
    assert (report.added, report.reports_added, report.events_total) == (
        len(ALL),
        n_reports,
        len(labels),
    )
    assert empty.counts() == {
        "events": len(labels),
        "reports": n_reports,
        "articles": len(ALL),
        "reviews": 0,
    }


@pytest.mark.parametrize(
    "batches",
    [[ALL, ALL], [ALL[:4], ALL[4:], ALL], [["a1", "a3"], ["a3", "a1"], ["a1"]]],
    ids=["same-batch-twice", "split-then-whole", "one-by-one"],
)
def test_ingest_is_idempotent(empty: Store, batches: list[list[str]]) -> None:
    for batch in batches[:-1]:
        _run(empty, batch)
    before = _state(empty)
    again = _run(empty, batches[-1])
    assert (again.added, again.reports_added, again.failed) == (0, 0, [])
    assert again.skipped_duplicates == len(batches[-1])
    after = _state(empty)
    assert after[:2] == before[:2]
    pd.testing.assert_frame_equal(after[2], before[2])


def _crash_on(name: str):
    def extract(item: Article, gazetteer: object) -> list[Incident]:
        if item.id == name:
            raise RuntimeError("extractor crashed")
        return fake_extract(item, gazetteer)

    return extract


def _bad_merge(incidents: list[Incident]) -> list[Event]:
    raise ValueError("bad cluster")


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ({"extract": _crash_on("a5")}, "a5: extraction failed (RuntimeError: extractor crashed)"),
        ({"merge": _bad_merge}, "merging events failed (ValueError: bad cluster)"),
    ],
    ids=["extractor-fails", "merge-fails"],
)
def test_failed_batch_leaves_the_store_as_it_was(empty: Store, options: dict, needle: str) -> None:
    _run(empty, ["a1", "a2"])
    before = _state(empty)
    with pytest.raises(IngestError) as caught:
        _run(empty, ["a3", "a4", "a5", "a6"], **options)
    assert needle in str(caught.value)
    after = _state(empty)
    assert after[:2] == before[:2]
    pd.testing.assert_frame_equal(after[2], before[2])


def test_reviews_stay_attached_and_changed_events_conflict(empty: Store) -> None:
    _run(empty, ["a1", "a4"])
    omar, tanf = _event_id(empty, "omar"), _event_id(empty, "tanf")
    seen = empty.save_review(omar, "confirmed", "one drone", expected_version=1)
    tanf_version = empty.save_review(tanf, "rejected", "claim only", expected_version=1)
    _run(empty, ["a3"])
    assert [r.note for r in empty.reviews_for(omar)] == ["one drone"]
    frame = empty.events_frame().set_index("id")
    assert frame.loc[omar, "version"] == seen + 1
    assert frame.loc[omar, "review_status"] == "confirmed"
    assert (frame.loc[tanf, "version"], frame.loc[tanf, "review_status"]) == (
        tanf_version,
        "rejected",
    )
    with pytest.raises(ReviewConflict, match=f"version {seen}, but version {seen + 1}"):
        empty.save_review(omar, "confirmed", "still one drone", expected_version=seen)


def test_reviews_follow_an_event_whose_id_changes(empty: Store) -> None:
    _run(empty, ["a1", "a3"])
    old = _event_id(empty, "omar")
    version = empty.save_review(old, "confirmed", "checked", expected_version=1)
    _run(empty, ["a5"])  # an earlier report joins: the event id now derives from it
    new = _event_id(empty, "omar")
    assert new != old
    assert empty.reviews_for(old) == []
    assert [r.note for r in empty.reviews_for(new)] == ["checked"]
    row = empty.events_frame().set_index("id").loc[new]
    assert row["review_status"] == "confirmed"
    assert row["version"] > version


# -- the two backends side by side -------------------------------------------------------------


def test_both_backends_give_the_same_tables(
    tmp_path: Path, pg_url: str, opened: list[Store]
) -> None:
    """The same batches and reviews give equal events_frame, events and counts on both."""
    stores = [_open(opened, str(tmp_path / "same.gpkg")), _open(opened, pg_url)]
    for store in stores:
        _run(store, ALL[:3])
        omar = _event_id(store, "omar")
        store.save_review(omar, "corrected", "two drones", {"count": 2}, expected_version=1)
        _run(store, ALL[3:])
        tanf = _event_id(store, "tanf")
        store.save_review(tanf, "rejected", "<b>claim</b> only", expected_version=1)
    gpkg, pg = (pd.DataFrame(s.events_frame()) for s in stores)
    assert gpkg["review_status"].notna().sum() == 2
    pd.testing.assert_frame_equal(pg, gpkg)
    assert stores[0].events_frame().geometry.equals(stores[1].events_frame().geometry)
    assert stores[1].load_events() == stores[0].load_events()
    assert stores[1].counts() == stores[0].counts()
    assert stores[1].data_span() == stores[0].data_span()
    for event in stores[0].load_events():
        theirs = [(r.status, r.note, r.fields, r.version) for r in stores[0].reviews_for(event.id)]
        ours = [(r.status, r.note, r.fields, r.version) for r in stores[1].reviews_for(event.id)]
        assert ours == theirs


# -- PostGIS only ------------------------------------------------------------------------------


def test_geometry_is_postgis_points_in_wgs84(pg_url: str, opened: list[Store]) -> None:
    store = _open(opened, pg_url)
    _fill(store)
    with psycopg.connect(pg_url) as conn:
        for table, records in (("events", list(EVENTS.values())), ("reports", REPORTS)):
            assert conn.execute(
                "SELECT type, srid FROM geometry_columns"
                " WHERE f_table_schema = current_schema() AND f_table_name = %s",
                (table,),
            ).fetchone() == ("POINT", 4326)
            rows = conn.execute(
                sql.SQL("SELECT ST_X(geom), ST_Y(geom), lon, lat FROM {}").format(
                    sql.Identifier(table)
                )
            ).fetchall()
            assert len(rows) == len(records)
            for x, y, lon, lat in rows:
                placed = lat is not None and lon is not None
                assert (x, y) == ((lon, lat) if placed else (None, None))
            assert any(lat is None for *_, lat in rows) == any(r.lat is None for r in records)


def _unreachable() -> str:
    return f"postgresql://analyst:s3cret-pw@127.0.0.1:{free_port()}/atlas?sslmode=disable"


def test_unreachable_server_gives_one_clear_error() -> None:
    url = _unreachable()
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    where = url.split("@")[1].split("?")[0]
    assert message.startswith(f"{where}: the PostGIS backend is not available: cannot connect (")
    assert "s3cret-pw" not in message
    assert "analyst@" not in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("make_url", "needle"),
    [
        (lambda base: base.rsplit("/", 1)[0] + "/no_such_db", "cannot connect"),
        (lambda base: in_schema(base, "no_such_schema"), "schema 'no_such_schema', the first"),
        (lambda base: base.replace("//", "//analyst:s3cret-pw@") + "?colour=red", "not a valid"),
    ],
    ids=["missing-database", "missing-schema", "malformed-url"],
)
def test_bad_urls_give_one_clear_error(pg_server: str, make_url, needle: str) -> None:
    url = make_url(pg_server.split("?")[0])
    with pytest.raises(StoreError, match=needle) as caught:
        open_store(url)
    assert "\n" not in str(caught.value)
    assert "s3cret-pw" not in str(caught.value)


def test_foreign_table_named_events_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE events (kind text)")
    with pytest.raises(StoreError, match=r"not an Incident Atlas store \(table 'events' lacks"):
        open_store(pg_url)


def test_a_lost_connection_is_opened_again(pg_url: str, store_pg: Store) -> None:
    """A server restart or an idle timeout between two reads is not an error."""
    pid = store_pg._conn.info.backend_pid  # type: ignore[attr-defined]
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    assert store_pg.counts() == FULL_COUNTS
    assert store_pg._conn.info.backend_pid != pid  # type: ignore[attr-defined]
    with store_pg.transaction():  # and writes work again
        store_pg.delete_events([EVENTS["tanf"].id])
    assert store_pg.counts()["events"] == len(EVENTS) - 1


def test_text_with_a_nul_character_is_refused_clearly(store_pg: Store) -> None:
    item = Article(id="nul", text="before\x00after")
    with pytest.raises(StoreError, match="NUL") as caught, store_pg.transaction():
        store_pg.insert_article(item, content_hash(item.text))
    assert str(caught.value).startswith(f"{store_pg.location}: ")
    assert store_pg.counts() == FULL_COUNTS


@pytest.fixture
def store_pg(pg_url: str, opened: list[Store]) -> Store:
    store = _open(opened, pg_url)
    _fill(store)
    return store


def test_cli_ingests_into_postgis(
    fake_pipeline: None,  # noqa: F811
    pg_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    opened: list[Store],
) -> None:
    seeds = tmp_path / "seeds"
    _write_seeds(seeds, ALL)
    for added in (len(ALL), 0):
        assert cli.main(["ingest", str(seeds), "--db", pg_url]) == 0
        out, err = capsys.readouterr()
        assert out.startswith(f"ingested {added} articles")
        assert err == ""
    assert _open(opened, pg_url).counts()["articles"] == len(ALL)


def test_cli_names_an_unreachable_server_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _unreachable()
    seeds = tmp_path / "seeds"
    _write_seeds(seeds, ["a1"])
    assert cli.main(["ingest", str(seeds), "--db", url]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"atlas: {url.split('@')[1].split('?')[0]}: the PostGIS backend")
    assert "s3cret-pw" not in err
    assert "Traceback" not in err


def test_new_primitives_answer_alike(store: Store) -> None:
    """The primitives of re-merge by window and of metadata updates, on both backends."""
    from datetime import timedelta

    dated = [r for r in REPORTS if r.site and r.date_start and r.date_end]
    one = dated[0]
    near = store.report_ids_near([one.site], one.date_start, one.date_end)
    want = {
        report_id(r)
        for r in REPORTS
        if r.site == one.site and r.date_start and r.date_end
        and r.date_start <= one.date_end and r.date_end >= one.date_start
    }  # fmt: skip
    assert near == want and report_id(one) in near
    far = one.date_start - timedelta(days=4000)
    assert store.report_ids_near([one.site], far, far) == set()
    assert store.report_ids_near([None], date(1900, 1, 1), date(2100, 1, 1)) == {
        report_id(r) for r in REPORTS if r.site is None and r.date_start and r.date_end
    }
    item = ARTICLES[0]
    assert store.articles_by_hash([content_hash(item.text), "0" * 64]) == {
        content_hash(item.text): item
    }
    mine = store.reports_of_articles([item.id])
    assert mine == {report_id(r) for r in REPORTS if r.article == item.id}
    with store.transaction():
        store.update_article(dataclasses.replace(item, outlet="Corrected", url="https://x.test/1"))
        store.delete_events(store.events_of_reports(mine))
        store.delete_reports(mine)
    assert store.article(item.id) == dataclasses.replace(
        item, outlet="Corrected", url="https://x.test/1"
    )
    assert store.reports_of_articles([item.id]) == set()
