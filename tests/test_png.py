"""The PNG export is the briefing map's picture: its pixels, its layout functions, its side list."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard.exports import to_png_bytes
from dashboard.exports.png_draw import Drawing, draw_png, drawable, glyphs
from dashboard.exports.png_layout import (
    Box,
    fit_view,
    pick_corner,
    place_labels,
    scale_km,
    side_rows,
    spread,
    symbol_box,
)
from dashboard.filters import Filters
from dashboard.map.labels import LOW_CONFIDENCE
from dashboard.map.styles import WEAPON_STYLE

RANGE = (date(2024, 1, 1), date(2024, 3, 31))
NOW = datetime(2024, 4, 2, 9, 30, tzinfo=UTC)

# --------------------------------------------------------------------------- fixtures

_COLUMNS = ["id", "site", "site_name", "lat", "lon", "date_start", "date_end", "weapon",
            "weapon_main", "count", "count_max", "killed", "killed_max", "injured",
            "injured_max", "casualties", "outlets", "n_reports", "articles", "confidence"]
_NA = pd.NA


def _events(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    for column in ("count", "count_max", "killed", "killed_max", "injured", "injured_max"):
        frame[column] = frame[column].astype("Int64")
    return frame


#: Eight events at five sites (three at al-Omar, two at Conoco, close together), four weapons,
#: one low-confidence mortar at al-Mayadin.
EVENTS = _events([
    ("e1", "omar", "al-Omar oil field", 35.1517, 40.5758, "2024-01-05", "2024-01-05",
     "rocket", "rocket", 3, 3, 0, 0, 0, 0, "none", "Outlet A", 1, "a1", 0.9),
    ("e2", "omar", "al-Omar oil field", 35.1517, 40.5758, "2024-01-20", "2024-01-20",
     "drone", "drone", 1, 1, _NA, _NA, _NA, _NA, "unknown", "Outlet B", 1, "a2", 0.8),
    ("e3", "omar", "al-Omar oil field", 35.1517, 40.5758, "2024-02-02", "2024-02-03",
     "rocket|drone", "rocket", 2, 4, 1, 1, 2, 3, "reported", "Outlet A|Outlet C", 2, "a3|a4",
     0.95),
    ("e4", "conoco", "Conoco gas plant", 35.3361, 40.3094, "2024-02-15", "2024-02-15",
     "airstrike", "airstrike", _NA, _NA, _NA, _NA, _NA, _NA, "unknown", "Outlet B", 1, "a5",
     0.7),
    ("e5", "conoco", "Conoco gas plant", 35.3361, 40.3094, "2024-03-01", "2024-03-01",
     "rocket", "rocket", 8, 8, _NA, _NA, _NA, _NA, "unknown", "Outlet C", 1, "a6", 0.9),
    ("e6", "mayadin", "al-Mayadin", 35.0183, 40.4533, "2024-03-05", "2024-03-05",
     "mortar", "mortar", 9, 9, _NA, _NA, _NA, _NA, "unknown", "Outlet A", 1, "a7", 0.2),
    ("e7", "shaddadi", "al-Shaddadi", 36.0561, 40.7303, "2024-03-10", "2024-03-10",
     "rocket", "rocket", 1, 1, _NA, _NA, _NA, _NA, "unknown", "Outlet D", 1, "a8", 1.0),
    ("e8", "dez", "Deir ez-Zor military airport", 35.2853, 40.1758, "2024-03-20",
     "2024-03-20", "drone", "drone", 2, 2, _NA, _NA, _NA, _NA, "unknown", "Outlet B", 1, "a9",
     0.9),
])


@pytest.fixture(scope="module")
def drawing() -> Drawing:
    return draw_png(EVENTS, title="Attacks", date_range=RANGE, width_px=1600, height_px=900,
                    filters=Filters(date_from=RANGE[0], date_to=RANGE[1],
                                    weapons=("rocket", "drone")), now=NOW)


@pytest.fixture(scope="module")
def pixels(drawing: Drawing) -> np.ndarray:
    buffer = io.BytesIO()
    drawing.figure.savefig(buffer, format="png", dpi=100, facecolor="white")
    return _decode(buffer.getvalue())


def _decode(data: bytes) -> np.ndarray:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB")).astype(int)


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])


def _near(pixels: np.ndarray, color: str, tolerance: int = 12) -> np.ndarray:
    return np.abs(pixels - _rgb(color)).max(axis=-1) <= tolerance


def _region(pixels: np.ndarray, box: Box) -> np.ndarray:
    height = pixels.shape[0]
    return pixels[int(height - box.y1):int(height - box.y0), int(box.x0):int(box.x1)]


# --------------------------------------------------------------------------- the picture


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1600, 900), (1000, 700),
                                               (640, 640)])
def test_png_decodes_at_the_requested_size_and_is_not_blank(width: int, height: int) -> None:
    pixels = _decode(to_png_bytes(EVENTS, title="Attacks", date_range=RANGE, width_px=width,
                                  height_px=height, now=NOW))
    assert pixels.shape == (height, width, 3)
    assert (pixels < 250).any(axis=2).mean() > 0.2  # the basemap, symbols and text
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50


def test_every_weapon_in_view_has_its_colour_and_no_other(pixels: np.ndarray,
                                                          drawing: Drawing) -> None:
    on_map = _region(pixels, drawing.map_box)
    in_view = set(EVENTS["weapon_main"])
    for weapon, style in WEAPON_STYLE.items():
        count = int(_near(on_map, style.color).sum())
        if weapon in in_view:
            assert count > 60, (weapon, count)
        elif weapon != "unknown":  # its grey is also the borders' and the place names' grey
            assert count < 15, (weapon, count)


def test_each_symbol_is_in_its_weapon_colour(pixels: np.ndarray, drawing: Drawing) -> None:
    assert len(drawing.centres) == len(EVENTS)
    height = pixels.shape[0]
    for index, x, y, size in drawing.centres:
        color = WEAPON_STYLE[EVENTS.loc[index, "weapon_main"]].color
        r = int(size / 2)
        patch = pixels[int(height - y) - r:int(height - y) + r, int(x) - r:int(x) + r]
        assert _near(patch, color).sum() > 0.15 * size * size, EVENTS.loc[index, "id"]


def test_a_low_confidence_symbol_is_hollow(pixels: np.ndarray, drawing: Drawing) -> None:
    height = pixels.shape[0]
    seen = 0
    for index, x, y, size in drawing.centres:
        color = WEAPON_STYLE[EVENTS.loc[index, "weapon_main"]].color
        yy, xx = np.mgrid[0:pixels.shape[0], 0:pixels.shape[1]]
        dist = np.hypot(xx + 0.5 - x, yy + 0.5 - (height - y))
        ring = pixels[(dist > size / 2 - 2.5) & (dist < size / 2 - 0.5)]
        inside = pixels[dist < size / 2 - 3.5]
        white = float((inside.min(axis=-1) > 235).mean())
        coloured = float(_near(ring, color, 20).mean())
        if EVENTS.loc[index, "confidence"] < LOW_CONFIDENCE:
            seen += 1
            assert coloured > 0.6, ("ring", coloured)
            assert white > 0.4, ("interior", white)
        else:
            assert white < 0.35, (EVENTS.loc[index, "id"], white)
    assert seen == 1


def test_site_labels_do_not_overlap_each_other_or_the_symbols(drawing: Drawing) -> None:
    renderer = drawing.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg
    boxes = []
    for text in drawing.labels:
        patch = text.get_bbox_patch()
        assert patch is not None
        bb = patch.get_window_extent(renderer)
        boxes.append(Box(bb.x0 + 0.5, bb.y0 + 0.5, bb.x1 - 0.5, bb.y1 - 0.5))
    texts = sorted(t.get_text() for t in drawing.labels)
    assert texts == ["Conoco gas plant, 2", "Deir ez-Zor military airport, 1", "al-Mayadin, 1",
                     "al-Omar oil field, 3", "al-Shaddadi, 1"]
    assert drawing.unlabelled == []
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    for label, symbol in itertools.product(boxes, drawing.symbols):
        assert not label.overlaps(symbol), (label, symbol)
        assert label.inside(drawing.map_box)


def test_header_states_the_range_once_the_filters_and_the_caveat(drawing: Drawing) -> None:
    texts = [t.get_text() for t in drawing.figure.texts]
    assert texts.count("2024-01-01 \u2013 2024-03-31") == 1
    assert "Weapons: rocket, drone" in texts
    assert "Unverified open-source reporting; figures are the lowest reported" in texts
    assert "8 events (9 reports from 9 articles)" in texts
    assert "Generated on 2024-04-02 09:30 UTC" in texts
    assert "Attacks" in texts


def test_legend_names_the_weapons_in_view_only(drawing: Drawing) -> None:
    texts = {t.get_text() for t in drawing.figure.texts}
    assert {"Rocket (4)", "Drone (2)", "Airstrike (1)", "Mortar (1)"} <= texts
    assert not any(t.startswith(("Artillery", "Explosion", "Small arms", "Unknown ("))
                   for t in texts)
    assert f"Low confidence (< {LOW_CONFIDENCE:g})" in texts
    assert "8 events on the map" in texts


def test_side_list_is_drawn_numbered_as_the_map(drawing: Drawing) -> None:
    texts = [t.get_text() for t in drawing.figure.texts]
    assert [f"{n}." for n in range(1, 9)] == [t for t in texts if t[:-1].isdigit()]
    assert "(low confidence 0.20)" in texts


def test_custom_caveat_and_text_filters_and_no_caveat() -> None:
    drawn = draw_png(EVENTS, title="T", date_range=(date(2024, 3, 5), date(2024, 3, 5)),
                     width_px=1200, height_px=700, filters="Sites: al-Mayadin",
                     caveat="Draft", now=NOW)
    texts = [t.get_text() for t in drawn.figure.texts]
    assert {"2024-03-05", "Sites: al-Mayadin", "Draft"} <= set(texts)
    bare = draw_png(EVENTS, title="T", date_range=RANGE, width_px=1200, height_px=700,
                    caveat=None, now=NOW)
    texts = [t.get_text() for t in bare.figure.texts]
    assert "All events in the range" in texts
    assert not any(t.startswith("Unverified") for t in texts)


def test_many_events_have_no_numbers_and_no_side_list() -> None:
    many = pd.concat([EVENTS] * 5, ignore_index=True)
    many["id"] = [f"e{i}" for i in range(len(many))]
    drawn = draw_png(many, title="T", date_range=RANGE, width_px=1200, height_px=700, now=NOW)
    texts = [t.get_text() for t in drawn.figure.texts]
    assert not any(t.startswith("Incidents, numbered") for t in texts)
    assert "al-Omar oil field, 15" in [t.get_text() for t in drawn.labels]
    assert len(drawn.centres) == 40


def test_empty_frame_says_so() -> None:
    drawn = draw_png(EVENTS.iloc[:0], title="T", date_range=RANGE, width_px=800, height_px=450,
                     now=NOW)
    assert "No events to show" in [t.get_text() for t in drawn.figure.texts]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"width_px": 0}, "0 x 900"),
    ({"height_px": -1}, "1600 x -1"),
    ({"size_by": "weight"}, "size_by='weight'"),
])
def test_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_png_bytes(EVENTS, title="x", date_range=RANGE, **kwargs)


def test_glyphs_are_the_maps() -> None:
    font, chars = glyphs()
    if font is None:
        pytest.skip("vendored Font Awesome missing")
    assert set(chars) == set(WEAPON_STYLE)
    assert chars["rocket"] == "\uf135"


@pytest.mark.parametrize(("text", "expected"), [
    ("al-Omar oil field", "al-Omar oil field"),
    ("\u1e24am\u0101h \u00d7 2 \u2013 3", "\u1e24am\u0101h \u00d7 2 \u2013 3"),
    ("Deir ez-Zor \u062f\u064a\u0631 \u0627\u0644\u0632\u0648\u0631", "Deir ez-Zor [\u2026]"),
    ("\u0639\u0646\u0628 \u0628\u0644\u062f\u064a, Outlet", "[\u2026], Outlet"),
    ("two\nlines\tand tab", "two lines and tab"),
])
def test_drawable_marks_what_the_font_cannot_write(text: str, expected: str) -> None:
    assert drawable(text) == expected


# --------------------------------------------------------------------------- layout functions


def _clusters() -> tuple[list[tuple[float, float, float]], list[tuple[float, float]]]:
    """Twelve sites, most crowded into a 120-pixel square, with long and short labels."""
    rng = np.random.default_rng(7)
    sites = [(400 + float(x), 300 + float(y), float(r)) for x, y, r in
             zip(rng.uniform(-60, 60, 12), rng.uniform(-60, 60, 12), rng.uniform(9, 30, 12),
                 strict=True)]
    sizes = [(float(w), 22.0) for w in rng.uniform(60, 260, 12)]
    return sites, sizes


def test_place_labels_returns_boxes_that_never_overlap() -> None:
    sites, sizes = _clusters()
    taken = [symbol_box(x, y, 2 * r - 6, True) for x, y, r in sites]
    frame = Box(0, 0, 900, 640)
    placed = place_labels(sites, sizes, taken, frame)
    boxes = [p.box for p in placed if p is not None]
    assert len(boxes) == len(sites)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    for a, b in itertools.product(boxes, taken):
        assert not a.overlaps(b)
    for box, (w, h) in zip(boxes, sizes, strict=True):
        assert box.inside(frame, 4)
        assert (box.x1 - box.x0, box.y1 - box.y0) == pytest.approx((w, h))


@pytest.mark.parametrize(("site", "taken", "expected_x0", "leader"), [
    # free all round: to the right of the symbols, level with the site, no leader line
    ((100, 100, 10), [], 116, False),
    # the right is taken: up and right (35 degrees), still the first ring
    ((100, 100, 10), [Box(120, 99.9, 130, 100.1)], 100 + 16 * np.cos(np.radians(35)), False),
    # everything near is taken: a farther ring, with a leader line
    ((100, 100, 10), [Box(40, 40, 200, 160)], None, True),
])
def test_place_labels_prefers_near_and_right(site: tuple, taken: list[Box],
                                             expected_x0: float | None, leader: bool) -> None:
    (spot,) = place_labels([site], [(60, 18)], taken, Box(0, 0, 400, 400))
    assert spot is not None
    if expected_x0 is not None:
        assert spot.box.x0 == pytest.approx(expected_x0)
    assert spot.leader is leader
    assert not any(spot.box.overlaps(b) for b in taken)


def test_place_labels_gives_up_when_nothing_is_free() -> None:
    assert place_labels([(50, 50, 5)], [(80, 18)], [Box(0, 0, 100, 100)],
                        Box(0, 0, 100, 100)) == [None]
    with pytest.raises(ValueError, match="2 sites but 1 label sizes"):
        place_labels([(0, 0, 1), (1, 1, 1)], [(1, 1)], [], Box(0, 0, 9, 9))


def test_spread_separates_symbols() -> None:
    x, y = spread([100, 100, 101, 130], [100, 100, 99, 100], [20, 20, 30, 18])
    sizes = [20, 20, 30, 18]
    for a, b in itertools.combinations(range(4), 2):
        assert np.hypot(x[a] - x[b], y[a] - y[b]) >= (sizes[a] + sizes[b]) / 2 + 5 - 0.5


@pytest.mark.parametrize(("lon", "lat", "size", "pad"), [
    ([40.0, 41.0], [35.0, 36.0], (1600, 900), 0),
    ([40.0, 41.0], [35.0, 36.0], (1600, 900), 40),
    ([40.5], [35.2], (800, 800), 10),
    ([38.0, 42.0], [35.0, 35.1], (600, 900), 40),
    ([np.nan], [np.nan], (1000, 500), 0),
])
def test_fit_view_contains_the_events_in_the_areas_shape(lon: list, lat: list,
                                                         size: tuple[int, int],
                                                         pad: float) -> None:
    west, south, east, north = fit_view(np.array(lon), np.array(lat), *size, pad_px=pad)
    shrink = np.cos(np.radians((south + north) / 2))
    assert (east - west) * shrink / (north - south) == pytest.approx(size[0] / size[1])
    # every event at least ``pad`` pixels inside the area
    ok = np.isfinite(lon)
    px = (np.array(lon)[ok] - west) / (east - west) * size[0]
    py = (np.array(lat)[ok] - south) / (north - south) * size[1]
    assert ((px >= pad) & (px <= size[0] - pad) & (py >= pad) & (py <= size[1] - pad)).all()


@pytest.mark.parametrize(("km_per_px", "expected"), [(0.17, 20), (1.0, 100), (0.01, 1),
                                                     (4.3, 500), (0.05, 5)])
def test_scale_km_is_round(km_per_px: float, expected: int) -> None:
    assert scale_km(km_per_px) == expected


def test_pick_corner_avoids_the_symbols() -> None:
    frame = Box(0, 0, 1000, 600)
    bottom_right = [Box(900, 20, 920, 40)]
    assert pick_corner((200, 100), frame, bottom_right).x0 == 10  # bottom left
    assert pick_corner((200, 100), frame, []).x1 == 990  # bottom right when all are free


# --------------------------------------------------------------------------- side list rows


@pytest.mark.parametrize(("event_id", "expected"), [
    ("e1", (1, "2024-01-05", "al-Omar oil field", "rocket \u00d73; killed/injured 0/0",
            "Outlet A", None)),
    ("e2", (2, "2024-01-20", "al-Omar oil field", "drone \u00d71; killed/injured ?/?",
            "Outlet B", None)),
    ("e3", (3, "2024-02-02\u20132024-02-03", "al-Omar oil field",
            "rocket, drone \u00d72\u20134; killed/injured 1/2\u20133", "Outlet A, Outlet C",
            None)),
    ("e4", (4, "2024-02-15", "Conoco gas plant", "airstrike; killed/injured ?/?", "Outlet B",
            None)),
    ("e6", (6, "2024-03-05", "al-Mayadin", "mortar \u00d79; killed/injured ?/?", "Outlet A", 0.2)),
])
def test_side_rows(event_id: str, expected: tuple) -> None:
    rows = {r.number: r for r in side_rows(EVENTS, 30, LOW_CONFIDENCE)}
    number = expected[0]
    row = rows[number]
    assert (row.number, row.when, row.place, row.facts, row.outlets,
            row.low_confidence) == expected
    assert EVENTS.loc[EVENTS["id"] == event_id].index[0] == number - 1  # earliest first


@pytest.mark.parametrize(("frame", "limit", "count"), [
    (EVENTS, 30, 8), (EVENTS, 8, 8), (EVENTS, 7, 0), (EVENTS.iloc[:0], 30, 0),
])
def test_side_rows_limit(frame: pd.DataFrame, limit: int, count: int) -> None:
    assert len(side_rows(frame, limit, LOW_CONFIDENCE)) == count


def test_side_rows_of_an_undated_unnamed_event_come_last() -> None:
    frame = EVENTS.copy()
    frame.loc[0, ["date_start", "date_end", "site_name", "outlets"]] = [None, None, None, None]
    rows = side_rows(frame, 30, LOW_CONFIDENCE)
    assert rows[-1].place == "unknown place"
    assert rows[-1].when == "date unknown"
    assert rows[-1].outlets == ""
    assert all(r.mapped for r in rows)


def test_an_event_without_coordinates_is_listed_but_not_drawn() -> None:
    frame = EVENTS.copy()
    frame.loc[6, ["lat", "lon"]] = [None, None]  # al-Shaddadi, number 7
    rows = side_rows(frame, 30, LOW_CONFIDENCE)
    assert [r.number for r in rows if not r.mapped] == [7]
    drawn = draw_png(frame, title="T", date_range=RANGE, width_px=1200, height_px=700, now=NOW)
    texts = [t.get_text() for t in drawn.figure.texts]
    assert len(drawn.centres) == 7
    assert "(not on the map)" in texts
    assert any(t.endswith("1 event without coordinates not shown.") for t in texts)
    assert "al-Shaddadi, 1" not in [t.get_text() for t in drawn.labels]


@pytest.mark.parametrize(("name", "shown"), [
    ("x $\\frac{a}{$ y", "x $\\frac{a}{$ y"),  # no mathtext: dollars are text
    ("$a^b$", "$a^b$"),
    ("a\x00b\u202ec", "a[\u2026]b[\u2026]c"),  # control characters are marked, not drawn
])
def test_article_text_is_drawn_literally(name: str, shown: str) -> None:
    frame = EVENTS.copy()
    frame["site_name"] = frame["site_name"].where(frame["site"] != "omar", name)
    drawn = draw_png(frame, title=name, date_range=RANGE, width_px=1200, height_px=700,
                     now=NOW)
    texts = [t.get_text() for t in drawn.figure.texts]
    assert shown in texts  # the title
    assert f"{shown}, 3" in [t.get_text() for t in drawn.labels]
    buffer = io.BytesIO()
    drawn.figure.savefig(buffer, format="png")
    assert _decode(buffer.getvalue()).shape == (700, 1200, 3)


def test_png_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the PNG export opened a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    pixels = _decode(to_png_bytes(EVENTS, title="Offline", date_range=RANGE, width_px=900,
                                  height_px=500, now=NOW))
    assert pixels.shape == (500, 900, 3)


def test_above_the_still_limit_only_the_busiest_sites_are_labelled() -> None:
    from dashboard.exports.png_map import MANY_LABELS
    from dashboard.map.still import STILL_MAX

    n, sites = STILL_MAX + 100, 110
    many = pd.concat([EVENTS] * (n // len(EVENTS) + 1), ignore_index=True).iloc[:n].copy()
    many["id"] = [f"e{i}" for i in range(n)]
    k = np.arange(n) % sites
    many["site_name"] = [f"site {i}" for i in k]
    many["lat"] = 34.5 + (k // 11) * 0.2
    many["lon"] = 39.5 + (k % 11) * 0.2
    drawn = draw_png(many, title="T", date_range=RANGE, width_px=1600, height_px=900, now=NOW)
    assert len(drawn.centres) == n
    assert len(drawn.labels) <= MANY_LABELS
    assert len(drawn.labels) + len(drawn.unlabelled) == sites
