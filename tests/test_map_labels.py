"""Who is numbered and labelled on the still map (dashboard.map.labels, .still), table-driven."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.map.build import _site_label_points
from dashboard.map.labels import (
    SiteCount,
    confidence_of,
    event_numbers,
    label_order,
    ring_offsets,
    site_counts,
)
from dashboard.map.popups import confidence_html


def _frame(rows: list[tuple[str, str | None, float | None, str | None]]) -> pd.DataFrame:
    """rows: (id, site_name, lat, date)."""
    return pd.DataFrame({
        "id": [r[0] for r in rows],
        "site_name": [r[1] for r in rows],
        "lat": [r[2] for r in rows],
        "lon": [40.0 if r[2] is not None else None for r in rows],
        "date_start": [pd.Timestamp(r[3]) if r[3] else pd.NaT for r in rows],
        "date_end": [pd.Timestamp(r[3]) if r[3] else pd.NaT for r in rows],
    })


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], ()),
        ([("a", "al-Omar oil field", 35.0, "2021-07-01")] * 3
         + [("b", "Conoco gas plant", 35.2, "2021-07-02")],
         (SiteCount("al-Omar oil field", 35.0, 40.0, 3),
          SiteCount("Conoco gas plant", 35.2, 40.0, 1))),
        # ties by name; no coordinates: not labelled; no name: "unnamed place"
        ([("a", "Zeta", 35.0, None), ("b", "Alpha", 36.0, None), ("c", "X", None, None),
          ("d", None, 34.0, None)],
         (SiteCount("Alpha", 36.0, 40.0, 1), SiteCount("Zeta", 35.0, 40.0, 1),
          SiteCount("unnamed place", 34.0, 40.0, 1))),
    ],
)
def test_site_counts(rows: list, expected: tuple) -> None:
    assert site_counts(_frame(rows)) == expected


def test_site_label_text() -> None:
    assert SiteCount("al-Omar oil field", 35.0, 40.0, 6).label == "al-Omar oil field, 6"


def test_event_numbers_run_by_date_then_site_then_id_undated_last() -> None:
    frame = _frame([("e3", "B", 35.0, "2021-07-03"), ("e0", "A", 35.0, None),
                    ("e1", "B", 35.0, "2021-07-01"), ("e2", "A", 35.0, "2021-07-01")])
    assert event_numbers(frame).tolist() == [3, 4, 2, 1]


@pytest.mark.parametrize("n", [1, 2, 5, 15, 30, 60])
@pytest.mark.parametrize("size", [18, 30])
def test_ring_offsets_keep_symbols_apart(n: int, size: int) -> None:
    offsets = ring_offsets(n, size)
    assert len(offsets) == n
    if n == 1:
        assert offsets == [(0, 0)]
    closest = min((math.dist(a, b) for i, a in enumerate(offsets) for b in offsets[i + 1:]),
                  default=size)
    assert closest >= 0.9 * size


def test_ring_offsets_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="need n >= 0 and size > 0"):
        ring_offsets(3, 0)


@pytest.mark.parametrize(
    ("values", "expected"),
    [(None, [1.0, 1.0]), ([0.3, None], [0.3, 1.0]), ([1.7, -2], [1.0, 0.0]),
     (["x", 0.5], [1.0, 0.5])],
)
def test_confidence_of(values: list | None, expected: list[float]) -> None:
    frame = _frame([("a", "A", 35.0, None), ("b", "B", 35.0, None)])
    if values is not None:
        frame["confidence"] = values
    assert confidence_of(frame).tolist() == expected


@pytest.mark.parametrize(
    ("confidence", "reasons", "expected"),
    [
        (0.9, "x", ""),
        (0.5, "x", ""),
        (None, "x", ""),
        (0.35, "no attack verb governs the place|date borrowed",
         "<b>Low confidence (0.35)</b>: no attack verb governs the place; date borrowed."),
        (0.2, ("one outlet", "<b>x</b>"), "<b>Low confidence (0.20)</b>: one outlet; &lt;b&gt;x"),
        (0.1, None, "<b>Low confidence (0.10)</b>. Drawn hollow"),
    ],
)
def test_confidence_note(confidence: object, reasons: object, expected: str) -> None:
    html = confidence_html(confidence, reasons)
    if expected:
        assert expected in html and html.startswith('<div class="atlas-low-confidence">')
    else:
        assert html == ""


def test_one_undated_event_is_number_one() -> None:
    assert event_numbers(_frame([("a", "A", 35.0, None)])).tolist() == [1]


# --------------------------------------------------------------- map page site labels


@pytest.mark.parametrize(
    ("kinds", "events", "order"),
    [
        ([], [], []),
        # with events first, more events first, whatever the kind
        (["city", "base", "gas_field"], [0, 2, 5], [2, 1, 0]),
        # no events: bases and air bases, then fields, then cities, then other kinds
        (["city", "town", "oil_field", "airbase", "base"], [0] * 5, [3, 4, 2, 0, 1]),
        # equal counts and kinds: the gazetteer's order
        (["base", "base", "city"], [1, 1, 1], [0, 1, 2]),
        # a negative count counts as none
        (["city", "base"], [3, -1], [0, 1]),
    ],
)
def test_label_order(kinds: list[str], events: list[int], order: list[int]) -> None:
    assert label_order(kinds, events) == order


def test_label_order_refuses_unequal_inputs() -> None:
    with pytest.raises(ValueError, match="2 kinds but 1 event counts"):
        label_order(["base", "city"], [1])


class _Geography:
    """The one method of gazetteer.places.geography that the site labels read."""

    def __init__(self, rows: list[tuple[str, str, str, float]]) -> None:
        self.sites = pd.DataFrame(
            [{"name_en": name, "kind": kind, "lat": lat, "lon": 40.0} for _, name, kind, lat
             in rows], index=pd.Index([r[0] for r in rows], name="key"))

    def site_layers(self) -> dict[str, pd.DataFrame]:
        return {"sites": self.sites}


_HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("sites", "events", "texts", "counts"),
    [
        # curated kinds only, with events first, then bases, fields, cities; escaped text
        ([("dez", "Deir ez-Zor (city)", "city", 35.3), ("airport", "DEZ airport", "airbase", 35.2),
          ("conoco", "Conoco", "gas_field", 35.33), ("hajin", "Hajin", "town", 34.7),
          ("x", _HOSTILE, "base", 35.1)],
         ["dez", "dez", "conoco"],
         ["Deir ez-Zor (city)", "Conoco", "DEZ airport",
          "&lt;img src=x onerror=alert(1)&gt;"],
         [2, 1, 0, 0]),
        # built-in GeoNames places (gn-*) get no label
        ([("gn-1", "Some town", "city", 35.0), ("tanf", "al-Tanf", "base", 33.5)], [],
         ["al-Tanf"], [0]),
        # a town or a built-in place is labelled while it has events, first by its events
        ([("hajin", "Hajin", "town", 34.7), ("gn-2", "Other town", "town", 34.9),
          ("gn-3", "Quiet town", "town", 34.8), ("tanf", "al-Tanf", "base", 33.5),
          ("hol", "al-Hol", "town", 36.4)],
         ["gn-2", "hajin", "gn-2"],
         ["Other town", "Hajin", "al-Tanf"],
         [2, 1, 0]),
    ],
)
def test_site_label_points_come_in_label_order(
    sites: list, events: list[str], texts: list[str], counts: list[int]
) -> None:
    frame = pd.DataFrame({"site": events, "site_name": events, "lat": [35.0] * len(events),
                          "lon": [40.0] * len(events)})
    data = _site_label_points(frame, _Geography(sites))
    assert data["t"] == texts
    assert data["e"] == counts
    assert len(data["lat"]) == len(data["lon"]) == len(texts)


def test_site_label_points_without_a_gazetteer_name_the_event_sites() -> None:
    frame = _frame([("a", "Zeta", 35.0, None), ("b", _HOSTILE, 35.1, None),
                    ("c", _HOSTILE, 35.1, None)])
    data = _site_label_points(frame, None)
    assert data["t"] == ["&lt;img src=x onerror=alert(1)&gt;", "Zeta"]
    assert data["e"] == [2, 1]

