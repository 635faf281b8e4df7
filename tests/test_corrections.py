"""Analysts' corrections change what the dashboard shows, on both store backends.

The rule (see ``dashboard.store.geopackage``): reviews apply in the order they were saved; every
``corrected`` review overrides the fields it names, a later one winning where two name the same
field; ``confirmed`` and ``rejected`` change no value. A field corrected back to its machine
value is no longer a correction. The stored rows keep the machine values, ``machine_values``
gives back the ones a correction changed, and the reports (the evidence) are never edited.

The cases are data: ``tests/data/corrections/cases.json``. The stores come from the backend
fixtures of ``tests/test_store_backends.py`` (a GeoPackage file and a PostGIS schema).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
import test_store_backends as backends
from test_store import EVENTS
from test_store_backends import _event_id, _run

from dashboard.filters import apply, default_filters
from dashboard.frames import EVENT_COLUMNS
from dashboard.frames import events_frame as flat_table
from dashboard.store.geopackage import (
    CORRECTED_TAG,
    REVIEW_COLUMNS,
    GeoPackageStore,
    Store,
    StoreError,
    apply_corrections,
    correction_value,
)
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import to_json

# The backend fixtures of test_store_backends: every test here runs on a GeoPackage file and on
# a PostGIS schema (the PostgreSQL server fixtures come from tests/_pg.py through conftest).
location = backends.location
opened = backends.opened
empty = backends.empty
store = backends.store

DATA = Path(__file__).parent / "data" / "corrections"
CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))["cases"]
# Columns compared between events_frame and the flat table of load_events (search_text also
# keeps the machine summary's words, so that a search by either finds the event).
SHOWN = [c for c in EVENT_COLUMNS if c not in ("id", "search_text")]


def _cell(value: Any) -> Any:
    """A frame cell as JSON (missing as None, days as YYYY-MM-DD), as machine_values holds it."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return to_json(value.item() if hasattr(value, "item") else value)


def _expected(value: Any, column: str, machine: pd.Series, site: str | None) -> Any:
    if value == "=machine":
        return _cell(machine[column])
    if isinstance(value, str) and value.startswith("=gazetteer:"):
        return getattr(load_gazetteer().site(str(site)), value.split(":", 1)[1])
    return value


def _save(store: Store, event_id: str, reviews: list[dict[str, Any]]) -> None:
    version = store.event_versions([event_id])[event_id]
    for review in reviews:
        version = store.save_review(
            event_id,
            review["status"],
            review["note"],
            review["fields"],
            expected_version=version,
            reviewer="analyst",
        )


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_reviews_show_in_events_frame_and_load_events(store: Store, case: dict) -> None:
    event_id = EVENTS[case["event"]].id
    before = store.events_frame().set_index("id")
    machine = before.loc[event_id]
    _save(store, event_id, case["reviews"])
    frame = store.events_frame()
    assert list(frame.columns) == [*EVENT_COLUMNS, *REVIEW_COLUMNS, "geometry"]
    row = frame.set_index("id").loc[event_id]
    site = case["expect"].get("site")
    for column, value in case["expect"].items():
        assert _cell(row[column]) == _expected(value, column, machine, site), column
    assert bool(row["reviewed"]) is True
    assert (row["geometry"].x, row["geometry"].y) == (row["lon"], row["lat"])
    if case["machine"]:
        original = json.loads(row["machine_values"])
        assert sorted(original) == sorted(case["machine"])
        assert original == {c: _cell(machine[c]) for c in case["machine"]}
        assert row["summary_en"].endswith(CORRECTED_TAG)
    else:
        assert pd.isna(row["machine_values"])
        assert row["summary_en"] == machine["summary_en"]
    # Every other event is untouched and unreviewed.
    others = frame[frame["id"] != event_id].set_index("id")
    pd.testing.assert_frame_equal(
        pd.DataFrame(others[SHOWN]), pd.DataFrame(before.drop(index=event_id)[SHOWN])
    )
    assert not others["reviewed"].any()
    # load_events gives the same values, with the reports as the articles gave them.
    (event,) = store.load_events([event_id])
    (original_event,) = store.load_events([event_id], corrected=False)
    assert event.reports == original_event.reports == EVENTS[case["event"]].reports
    assert original_event == EVENTS[case["event"]]
    rebuilt = flat_table([event]).iloc[0]
    assert {c: _cell(rebuilt[c]) for c in SHOWN} == {c: _cell(row[c]) for c in SHOWN}
    assert event in store.load_events()
    # Rejected events are hidden unless asked for.
    filters = default_filters(store.data_span())
    assert (event_id not in set(apply(frame, filters)["id"])) is case["hidden"]
    shown = dataclasses.replace(filters, show_rejected=True)
    assert event_id in set(apply(frame, shown)["id"])


def test_machine_values_give_back_the_machine_table(store: Store) -> None:
    """Every corrected cell of all cases at once is recovered from machine_values."""
    before = pd.DataFrame(store.events_frame()).set_index("id")
    plan = {
        EVENTS["tanf"].id: [{"status": "corrected", "fields": {"site": "shaddadi", "count": 7},
                             "note": ""}],
        EVENTS["omar"].id: [{"status": "corrected", "fields": {"weapon": ["artillery"]},
                             "note": ""}, {"status": "confirmed", "fields": None, "note": ""}],
        EVENTS["conoco-early"].id: [{"status": "corrected", "fields": {"injured": 3}, "note": ""}],
    }  # fmt: skip
    for event_id, reviews in plan.items():
        _save(store, event_id, reviews)
    after = pd.DataFrame(store.events_frame()).set_index("id")
    assert set(after.index[after["machine_values"].notna()]) == set(plan)
    restored = {i: {c: _cell(after.loc[i, c]) for c in SHOWN} for i in after.index}
    for event_id, text in after["machine_values"].dropna().items():
        restored[event_id].update(json.loads(text))
    assert restored == {i: {c: _cell(before.loc[i, c]) for c in SHOWN} for i in before.index}


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"site": "atlantis"}, "field 'site': 'atlantis' is not a gazetteer key"),
        ({"weapon": "laser"}, "field 'weapon': 'laser' is not one of"),
        ({"weapon": [1, 2]}, "field 'weapon': .* is not a list of strings"),
        ({"count": -1}, "field 'count': -1 is not a whole number"),
        ({"killed": "five"}, "field 'killed': 'five' is not a whole number"),
        ({"injured": True}, "field 'injured': True is not a whole number"),
        ({"geo_precision": 4}, "field 'geo_precision': 4 is not one of 1, 2, 3"),
        ({"lat": 95}, r"field 'lat': 95.0 is out of range \[-90, 90\]"),
        ({"date_start": "2024-02-30"}, "field 'date_start': '2024-02-30' is not a YYYY-MM-DD"),
        ({"casualties": "many"}, "field 'casualties': 'many' is not one of"),
        ({"site_name": None}, "field 'site_name': a value is required"),
        ({"new": "yes"}, "field 'new': 'yes' is not true or false"),
        ({"actor": 7}, "field 'actor': 7 is not text"),
    ],
)
def test_bad_corrections_are_refused(store: Store, fields: dict, needle: str) -> None:
    event_id = EVENTS["tanf"].id
    with pytest.raises(ValueError, match=needle):
        store.save_review(event_id, "corrected", "", fields, expected_version=1)
    assert store.reviews_for(event_id) == []


@pytest.mark.parametrize(
    ("name", "value", "want"),
    [
        ("weapon", "rocket|drone", ("rocket", "drone")),
        ("weapon", ["mortar"], ("mortar",)),
        ("weapon", "", ("unknown",)),
        ("cited", "", ()),
        ("lat", 35, 35.0),
        ("date_end", "2024-01-04", pd.Timestamp("2024-01-04").date()),
        ("time", None, None),
        ("site", "made-up", "made-up"),  # the gazetteer check needs the other fields too
    ],
)
def test_correction_values_are_read_as_event_values(name: str, value: Any, want: Any) -> None:
    assert correction_value(name, value) == want


def test_a_site_outside_the_gazetteer_needs_its_point(store: Store) -> None:
    event_id = EVENTS["tanf"].id
    fields = {"site": "camp-x", "site_name": "Camp X", "lat": 35.5, "lon": 40.25}
    store.save_review(event_id, "corrected", "", fields, expected_version=1)
    row = store.events_frame().set_index("id").loc[event_id]
    assert (row["site"], row["site_name"], row["lat"], row["lon"]) == ("camp-x", "Camp X",
                                                                       35.5, 40.25)  # fmt: skip
    assert row["geo_precision"] == EVENTS["tanf"].geo_precision


def test_a_damaged_stored_correction_names_the_review(store: Store) -> None:
    event_id = EVENTS["tanf"].id
    store.save_review(event_id, "corrected", "", {"count": 3}, expected_version=1)
    (review,) = store.reviews_for(event_id)
    mark = "?" if isinstance(store, GeoPackageStore) else "%s"
    with store.transaction():
        store._conn.execute(  # type: ignore[attr-defined]
            f"UPDATE reviews SET fields = {mark} WHERE id = {mark}",
            ('{"count": "three"}', review.id),
        )
    for read in (store.events_frame, store.load_events):
        with pytest.raises(StoreError, match=f"review {review.id!r} of event {event_id!r}: field"
                           " 'count': 'three' is not a whole number"):  # fmt: skip
            read()
    assert store.load_events([event_id], corrected=False) == [EVENTS["tanf"]]


def test_corrections_survive_reingest_and_follow_a_new_event_id(empty: Store) -> None:
    _run(empty, ["a1", "a3"])
    old = _event_id(empty, "omar")
    empty.save_review(old, "corrected", "four drones", {"count": 4, "weapon": "rocket"},
                      expected_version=1)  # fmt: skip
    _run(empty, ["a5"])  # an earlier report joins: the event id now derives from it
    new = _event_id(empty, "omar")
    assert new != old
    row = empty.events_frame().set_index("id").loc[new]
    assert (row["count"], row["weapon"], row["reviewed"]) == (4, "rocket", True)
    assert row["summary_en"].endswith(CORRECTED_TAG)
    (event,) = empty.load_events([new])
    (machine,) = empty.load_events([new], corrected=False)
    assert (event.count, event.weapon) == (4, ("rocket",))
    assert machine.weapon != ("rocket",)
    assert event.reports == machine.reports and len(event.reports) == 3


def test_only_the_corrected_rows_of_a_large_table_change(store: Store) -> None:
    """100,000 rows and two corrections: every other row stays exactly as it was."""
    base = pd.DataFrame(store.events_frame().drop(columns=["reviewed", "machine_values"]))
    copies = -(-100_000 // len(base))
    big = pd.concat([base] * copies, ignore_index=True)
    big["id"] = [f"{i}-{n}" for n, i in enumerate(big["id"])]
    big = gpd.GeoDataFrame(big, geometry="geometry", crs="EPSG:4326")
    target = big["id"].iloc[[10, 99_999]].tolist()
    big.loc[big["id"].isin(target), "review_status"] = "corrected"
    untouched = pd.DataFrame(big[~big["id"].isin(target)]).copy()
    got = apply_corrections(big.copy(), {i: {"count": 11} for i in target})
    assert len(got) == len(big) >= 100_000
    assert got.loc[got["id"].isin(target), "count"].tolist() == [11, 11]
    rest = pd.DataFrame(got[~got["id"].isin(target)])
    pd.testing.assert_frame_equal(rest[untouched.columns], untouched)
    assert rest["machine_values"].isna().all() and not rest["reviewed"].any()
