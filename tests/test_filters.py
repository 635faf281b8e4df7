"""Filters: URL round trip, invalid parameters, apply() on a real event table, describe."""

from __future__ import annotations

import csv
import json
from dataclasses import fields, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.filters import (
    MAX_CASUALTIES,
    MAX_TEXT,
    NO_DATA_START,
    PRESETS,
    QUERY_KEYS,
    Filters,
    Known,
    apply,
    default_filters,
    describe,
    from_query,
    group_sites_by_governorate,
    preset_range,
    to_query,
)
from gazetteer.records import WEAPONS, Site

DATA = Path(__file__).parent / "data" / "filters"
SPAN = (date(2024, 1, 5), date(2024, 3, 12))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def frame(sample_frame: pd.DataFrame) -> pd.DataFrame:
    return sample_frame


def _filters(overrides: dict) -> Filters:
    values = dict(overrides)
    for key in ("date_from", "date_to"):
        if key in values:
            values[key] = date.fromisoformat(values[key])
    for key in ("sites", "weapons", "actors", "outlets"):
        if key in values:
            values[key] = tuple(values[key])
    return replace(default_filters(SPAN), **values)


# --------------------------------------------------------------------------- apply

APPLY_CASES = json.loads((DATA / "apply_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", APPLY_CASES, ids=[c["name"] for c in APPLY_CASES])
def test_apply(frame: pd.DataFrame, case: dict) -> None:
    kept = apply(frame, _filters(case["filters"]))
    assert list(kept["id"]) == case["expected"]
    assert type(kept) is type(frame)


@pytest.fixture(scope="module")
def big_frame(frame: pd.DataFrame) -> pd.DataFrame:
    reps = 100_000 // len(frame) + 1
    return frame.iloc[np.tile(np.arange(len(frame)), reps)].reset_index(drop=True)


@pytest.mark.parametrize("case", APPLY_CASES[::4], ids=[c["name"] for c in APPLY_CASES[::4]])
def test_apply_scales_to_100k_rows(frame: pd.DataFrame, big_frame: pd.DataFrame, case) -> None:
    reps = len(big_frame) // len(frame)
    kept = apply(big_frame, _filters(case["filters"]))
    assert len(big_frame) >= 100_000
    assert len(kept) == reps * len(case["expected"])
    assert set(kept["id"]) == set(case["expected"])


def test_apply_keeps_events_without_review_column(frame: pd.DataFrame) -> None:
    kept = apply(frame.drop(columns="review_status"), default_filters(SPAN))
    assert len(kept) == len(frame)


def test_apply_names_missing_column(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="search_text"):
        apply(frame.drop(columns="search_text"), default_filters(SPAN))


def test_apply_event_with_one_missing_date(frame: pd.DataFrame) -> None:
    table = frame.copy()
    table.loc[table["id"] == "E3", "date_end"] = pd.NaT
    one_day = _filters({"date_from": "2024-02-02", "date_to": "2024-02-02"})
    after = _filters({"date_from": "2024-02-03", "date_to": "2024-02-03"})
    assert list(apply(table, one_day)["id"]) == ["E3"]
    assert list(apply(table, after)["id"]) == []


# --------------------------------------------------------------------------- describe

DESCRIBE_CASES = [
    ([], [], "0 events (0 reports from 0 articles)"),
    ([1], ["a1"], "1 event (1 report from 1 article)"),
    ([2], ["a1|a2"], "1 event (2 reports from 2 articles)"),
    ([2, 1], ["a1|a2", "a2"], "2 events (3 reports from 2 articles)"),
    (
        [1] * 1200,
        [f"a{i % 3}" for i in range(1200)],
        "1,200 events (1,200 reports from 3 articles)",
    ),
]


@pytest.mark.parametrize(("n_reports", "articles", "expected"), DESCRIBE_CASES)
def test_describe(n_reports: list[int], articles: list[str], expected: str) -> None:
    table = pd.DataFrame({"n_reports": pd.Series(n_reports, dtype="int64"), "articles": articles})
    assert describe(table) == expected


def test_describe_real_frame(frame: pd.DataFrame) -> None:
    kept = apply(frame, _filters({"sites": ["al-omar", "conoco"]}))
    assert describe(kept) == "2 events (3 reports from 2 articles)"


# --------------------------------------------------------------------------- defaults, presets

PRESET_CASES = [
    ("7d", SPAN, (date(2024, 3, 6), date(2024, 3, 12))),
    ("30d", SPAN, (date(2024, 2, 12), date(2024, 3, 12))),
    ("90d", SPAN, (date(2023, 12, 14), date(2024, 3, 12))),
    ("all", SPAN, SPAN),
    ("7d", (date(2024, 3, 1), date(2024, 3, 1)), (date(2024, 2, 24), date(2024, 3, 1))),
]


@pytest.mark.parametrize(("name", "span", "expected"), PRESET_CASES)
def test_preset_range(name: str, span: tuple[date, date], expected: tuple[date, date]) -> None:
    assert name in PRESETS
    assert preset_range(name, span) == expected
    first, last = preset_range(name, span)
    if name != "all":
        assert (last - first).days + 1 == int(name.rstrip("d"))


def test_unknown_preset_is_named() -> None:
    with pytest.raises(ValueError, match="'fortnight'"):
        preset_range("fortnight", SPAN)


def test_defaults() -> None:
    filters = default_filters(SPAN)
    assert (filters.date_from, filters.date_to) == SPAN
    assert filters == Filters(*SPAN)
    empty = default_filters(None)
    assert empty.date_from == NO_DATA_START
    assert empty.date_to >= date.today() - timedelta(days=1)
    with pytest.raises(ValueError, match="after it ends"):
        default_filters((SPAN[1], SPAN[0]))


# --------------------------------------------------------------------------- URL

ROUNDTRIP = json.loads((DATA / "roundtrip.json").read_text(encoding="utf-8"))
RT_KNOWN = Known(
    sites=ROUNDTRIP["known"]["sites"],
    actors=ROUNDTRIP["known"]["actors"],
    outlets=ROUNDTRIP["known"]["outlets"],
    events=ROUNDTRIP["known"]["events"],
)


def _through_url(query: dict[str, str]) -> dict[str, list[str]]:
    """Encode as a browser would and parse back as a server would."""
    return parse_qs(urlencode(query), keep_blank_values=True, strict_parsing=True)


@pytest.mark.parametrize("case", ROUNDTRIP["cases"], ids=[c["name"] for c in ROUNDTRIP["cases"]])
def test_query_round_trip_table(case: dict) -> None:
    filters = _filters(case["filters"])
    query = to_query(filters, default_filters(SPAN))
    assert list(query) == list(QUERY_KEYS)
    assert all(isinstance(v, str) for v in query.values())
    assert from_query(query, SPAN, RT_KNOWN) == (filters, [])
    assert from_query(_through_url(query), SPAN, RT_KNOWN) == (filters, [])


def test_query_mirrors_every_filter_and_default_range() -> None:
    query = to_query(default_filters(SPAN), default_filters(SPAN))
    assert query["from"] == "2024-01-05"
    assert query["to"] == "2024-03-12"
    assert query["new"] == query["rejected"] == query["briefing"] == "0"
    assert query["min_cas"] == "0"
    assert len(query) == len(fields(Filters))


def _unique_lists(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values)).map(tuple)


@st.composite
def valid_filters(draw: st.DrawFn) -> Filters:
    first = draw(st.dates())
    last = draw(st.dates(min_value=first))
    return Filters(
        date_from=first,
        date_to=last,
        sites=draw(_unique_lists(sorted(RT_KNOWN.sites))),
        weapons=draw(_unique_lists(list(WEAPONS))),
        actors=draw(_unique_lists(sorted(RT_KNOWN.actors))),
        outlets=draw(_unique_lists(sorted(RT_KNOWN.outlets))),
        new_only=draw(st.booleans()),
        min_casualties=draw(st.integers(0, MAX_CASUALTIES)),
        text=draw(st.text(max_size=MAX_TEXT)),
        show_rejected=draw(st.booleans()),
        briefing=draw(st.booleans()),
        selected=draw(st.sampled_from(["", *sorted(RT_KNOWN.events or ())])),
    )


@settings(max_examples=150, deadline=None)
@given(valid_filters())
def test_query_round_trip_property(filters: Filters) -> None:
    query = to_query(filters, default_filters(SPAN))
    assert from_query(query, SPAN, RT_KNOWN) == (filters, [])
    assert from_query(_through_url(query), SPAN, RT_KNOWN) == (filters, [])


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*QUERY_KEYS, "junk"]),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3)),
    )
)
def test_from_query_never_raises_and_stays_valid(params: dict) -> None:
    filters, warnings = from_query(params, SPAN, RT_KNOWN)
    assert filters.date_from <= filters.date_to
    assert set(filters.sites) <= RT_KNOWN.sites
    assert set(filters.weapons) <= RT_KNOWN.weapons
    assert 0 <= filters.min_casualties <= MAX_CASUALTIES
    assert all(isinstance(w, str) and w for w in warnings)
    assert from_query(to_query(filters), SPAN, RT_KNOWN) == (filters, [])


def _invalid_rows() -> list[dict[str, str]]:
    with (DATA / "invalid_query.csv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


INVALID = _invalid_rows()
INVALID_KNOWN = Known(
    sites=["al-omar", "al-tanf"],
    actors=["United States"],
    outlets=["Enab Baladi", "الخابور"],
    events=["E1", "E3"],
)


@pytest.mark.parametrize("row", INVALID, ids=[r["query"] + "->" + r["field"] for r in INVALID])
def test_invalid_parameters_fall_back(row: dict[str, str]) -> None:
    params = parse_qs(row["query"], keep_blank_values=True)
    filters, warnings = from_query(params, SPAN, INVALID_KNOWN, other_keys=("page",))
    default = getattr(default_filters(SPAN), row["field"])
    if row["expected"] == "default":
        expected = default
    else:
        expected = json.loads(row["expected"])
        expected = tuple(expected) if isinstance(expected, list) else expected
        if row["field"].startswith("date_"):
            expected = date.fromisoformat(expected)
    assert getattr(filters, row["field"]) == expected
    if row["warns"]:
        assert len(warnings) == 1, warnings
        for part in row["warns"].split("|"):
            assert part in warnings[0]
    else:
        assert warnings == []


def test_over_long_text_is_refused() -> None:
    filters, warnings = from_query({"q": "x" * (MAX_TEXT + 1)}, SPAN, INVALID_KNOWN)
    assert filters.text == ""
    assert len(warnings) == 1 and "q=" in warnings[0]


def test_repeated_single_parameter_uses_last() -> None:
    params = {"from": ["2024-01-10", "2024-02-01"], "site": ["al-omar", "al-tanf"]}
    filters, warnings = from_query(params, SPAN, INVALID_KNOWN)
    assert filters.date_from == date(2024, 2, 1)
    assert filters.sites == ("al-omar", "al-tanf")
    assert len(warnings) == 1 and "'from'" in warnings[0]


def test_known_from_frame(frame: pd.DataFrame) -> None:
    known = Known.from_frame(frame, sites=["green-village"])
    assert {"al-omar", "conoco", "green-village"} <= known.sites
    assert "الخابور" in known.outlets and "Enab Baladi" in known.outlets
    assert known.actors == {"Islamic Resistance in Iraq", "United States"}
    assert set(WEAPONS) <= known.weapons
    assert known.events == set(frame["id"])


# --------------------------------------------------------------------------- sidebar

SITES = [
    Site("al-omar", "Al-Omar oil field", "", "oil_field", "Syria", "Deir ez-Zor", 35.1, 40.5),
    Site("conoco", "Conoco gas plant", "", "gas_field", "Syria", "Deir ez-Zor", 35.3, 40.3),
    Site("al-tanf", "Al-Tanf garrison", "", "base", "Syria", "Homs", 33.5, 38.6),
    Site("al-qaim", "Al-Qaim", "", "town", "Iraq", "", 34.4, 41.1),
    Site("nowhere", "", "", "region", "", "", 34.0, 40.0),
]
GROUPS = {
    "Deir ez-Zor": [("al-omar", "Al-Omar oil field"), ("conoco", "Conoco gas plant")],
    "Homs": [("al-tanf", "Al-Tanf garrison")],
    "Iraq": [("al-qaim", "Al-Qaim")],
    "Other": [("nowhere", "nowhere")],
}


@pytest.mark.parametrize("as_frame", [False, True])
def test_group_sites_by_governorate(as_frame: bool) -> None:
    given_sites = pd.DataFrame([vars(s) for s in reversed(SITES)]) if as_frame else SITES
    groups = group_sites_by_governorate(given_sites)
    assert groups == GROUPS
    assert list(groups) == list(GROUPS)


def test_group_sites_names_missing_column() -> None:
    with pytest.raises(ValueError, match="governorate"):
        group_sites_by_governorate(pd.DataFrame({"key": ["a"], "name_en": ["A"]}))


# --------------------------------------------------------------------------- confident only

CONFIDENT_CASES = [
    # confidence per event (None: no column), confident_only -> kept ids
    (None, True, ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]),
    ([0.9, 0.2, 0.5, 0.49, None, 1.0, 0.0], True, ["E1", "E3", "E5", "E6"]),
    ([0.9, 0.2, 0.5, 0.49, None, 1.0, 0.0], False, ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]),
]


@pytest.mark.parametrize(("confidence", "only", "expected"), CONFIDENT_CASES)
def test_confident_only(frame: pd.DataFrame, confidence: list[float | None] | None, only: bool,
                        expected: list[str]) -> None:
    table = frame.copy()
    if confidence is not None:
        table["confidence"] = pd.Series(confidence, index=table.index, dtype="float64")
    chosen = replace(default_filters(SPAN), confident_only=only, show_rejected=True)
    assert list(apply(table, chosen)["id"]) == expected


@pytest.mark.parametrize(("value", "expected", "warned"),
                         [("1", True, False), ("0", False, False), ("maybe", False, True)])
def test_confident_in_the_url(value: str, expected: bool, warned: bool) -> None:
    chosen, warnings = from_query({"confident": value}, SPAN, Known())
    assert chosen.confident_only is expected
    assert bool(warnings) is warned
    assert to_query(chosen)["confident"] == ("1" if expected else "0")


# --------------------------------------------------------------------------- undated events

UNDATED_CASES = [
    # ids made undated, extra filters -> undated ids kept; apply never keeps them
    (["E2", "E4"], {}, ["E2", "E4"]),
    (["E2", "E4"], {"weapons": ["drone"]}, ["E2"]),
    (["E2", "E4"], {"date_from": "2024-03-01", "date_to": "2024-03-02"}, ["E2", "E4"]),
    ([], {}, []),
]


@pytest.mark.parametrize(("ids", "overrides", "expected"), UNDATED_CASES)
def test_undated(frame: pd.DataFrame, ids: list[str], overrides: dict,
                 expected: list[str]) -> None:
    from dashboard.filters import undated

    table = frame.copy()
    table.loc[table["id"].isin(ids), ["date_start", "date_end"]] = pd.NaT
    chosen = replace(_filters(overrides), show_rejected=True)
    assert list(undated(table, chosen)["id"]) == expected
    assert not set(apply(table, chosen)["id"]) & set(ids)


# --------------------------------------------------------------------------- the map view

VIEW_CASES = [
    # query -> (center, zoom, layers), number of warnings, query written back
    ({}, (None, None, ("events",)), 0, {"layers": "events"}),
    ({"center": "35.1,40.5", "zoom": "9", "layers": "events,heat"},
     ((35.1, 40.5), 9, ("events", "heat")), 0,
     {"center": "35.10000,40.50000", "zoom": "9", "layers": "events,heat"}),
    ({"layers": "heat,events"}, (None, None, ("events", "heat")), 0,
     {"layers": "events,heat"}),
    ({"layers": ""}, (None, None, ()), 0, {"layers": ""}),
    ({"layers": "events,tiles"}, (None, None, ("events",)), 1, {"layers": "events"}),
    ({"center": "95,40", "zoom": "9"}, (None, None, ("events",)), 1, {"layers": "events"}),
    ({"center": "35,40", "zoom": "30"}, (None, None, ("events",)), 1, {"layers": "events"}),
    ({"center": "35,40"}, (None, None, ("events",)), 0, {"layers": "events"}),
    ({"center": "x,y", "zoom": "9"}, (None, None, ("events",)), 1, {"layers": "events"}),
]


@pytest.mark.parametrize(("query", "expected", "n_warnings", "written"), VIEW_CASES)
def test_map_view_round_trip(query: dict[str, str], expected: tuple, n_warnings: int,
                             written: dict[str, str]) -> None:
    from dashboard.ui.view import map_view_from_query, map_view_query

    view, warnings = map_view_from_query(query)
    assert (view.center, view.zoom, view.layers) == expected
    assert len(warnings) == n_warnings
    assert map_view_query(view) == written
    assert map_view_from_query(written)[0] == view


def test_map_view_keys_are_not_unknown_to_the_filters() -> None:
    from dashboard.ui.view import MAP_VIEW_KEYS

    _, warnings = from_query({"center": "35,40", "zoom": "8", "layers": "heat"}, SPAN, Known(),
                             other_keys=MAP_VIEW_KEYS)
    assert warnings == []
