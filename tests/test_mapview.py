"""The map renders to HTML without a browser: markers, layers, controls, offline links, escaping."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
from datetime import date, timedelta
from pathlib import Path

import folium
import pandas as pd
import pytest
from folium.plugins import MarkerCluster

from dashboard.frames import events_frame
from dashboard.map.build import (
    DATA_LAYER_KEYS,
    DEFAULT_BOUNDS,
    LAYERS,
    WEAPON_STYLE,
    MapError,
    MapOptions,
    build_data_layers,
    build_event_layer,
    build_map,
    data_layer_payloads,
    data_layers_from_payloads,
    frame_with_popups,
    popup_html,
)
from dashboard.map.popups import (
    quote_html,
    range_text,
    report_card_html,
    report_html,
    script_json,
)
from dashboard.settings import Settings
from gazetteer.records import WEAPONS, Event, Incident

DATA = Path(__file__).parent / "data" / "mapview"
QUOTES = json.loads((DATA / "quotes.json").read_text(encoding="utf-8"))["rows"]
HOSTILE = json.loads((DATA / "hostile.json").read_text(encoding="utf-8"))
BASE = "/app/static/vendor"

#: (key, English name, lat, lon) of a few places; many events share each point.
SITES = [
    ("al-omar", "al-Omar oil field", 35.0506, 40.5203),
    ("conoco", "Conoco gas plant", 35.1958, 40.4327),
    ("tanf", "al-Tanf garrison", 33.5006, 38.6569),
    ("shaddadi", "al-Shaddadi", 36.0548, 40.7306),
]


_SITE = object()  # "take the coordinate of the site"


def make_event(i: int, *, site: int | None = None, lat: object = _SITE, lon: object = _SITE,
               **changes: object) -> Event:
    key, name, site_lat, site_lon = SITES[(i if site is None else site) % len(SITES)]
    day = date(2024, 1, 1) + timedelta(days=i % 200)
    weapon = (WEAPONS[i % len(WEAPONS)],)
    quote = "\u0633\u0642\u0637\u062a \u0642\u0630\u064a\u0641\u0629"  # سقطت قذيفة
    report = Incident(
        article=f"art-{i}", site=key, site_name=name, lat=site_lat, lon=site_lon,
        geo_precision=1, date_start=day, date_end=day, date_precision="day", time=None,
        weapon=weapon, count=i % 4 or None, killed=None, injured=None, casualties="unknown",
        casualty_note="", actor=None, target=None, new=True, outlet="Outlet A", cited=(),
        quote=quote, span=(10, 10 + len(quote)), summary_en=f"Attack {i}",
        highlights=((10, 14),),
    )
    event = Event(
        id=f"ev-{i}", site=key, site_name=name,
        lat=site_lat if lat is _SITE else lat, lon=site_lon if lon is _SITE else lon,
        geo_precision=1, date_start=day, date_end=day, date_precision="day", time=None,
        weapon=weapon, count=report.count, count_max=report.count, killed=None, killed_max=None,
        injured=None, injured_max=None, casualties="unknown", actor=None, target=None, new=True,
        outlets=("Outlet A",), cited=(), summary_en=f"Attack {i}", reports=(report,),
    )
    return dataclasses.replace(event, **changes)


def render(m: folium.Map) -> str:
    return m.get_root().render()


def points(html: str, kind: str) -> list[dict]:
    """Decode every column-wise point block of one kind embedded in the page."""
    found = []
    for match in re.finditer(re.escape(f"/*atlas-points:{kind}*/"), html):
        data, _ = json.JSONDecoder().raw_decode(html, match.end())
        found.append(data)
    return found


def overlay_names(html: str) -> list[str]:
    block = re.search(r"overlays :\s*\{(.*?)\}", html, re.DOTALL)
    assert block, "no layer control in the page"
    return re.findall(r'"([^"]+)" :', block.group(1))


# --------------------------------------------------------------------------- markers


@pytest.mark.parametrize("n", [0, 1, 7, 60, 400])
def test_one_marker_per_event_below_threshold(n: int) -> None:
    frame = events_frame(make_event(i) for i in range(n))
    html = render(build_map(frame, MapOptions(cluster_threshold=1000)))
    blocks = points(html, "events")
    assert len(blocks) == (1 if n else 0)
    markers = blocks[0] if blocks else {"lat": [], "lon": [], "p": [], "n": []}
    assert len(markers["lat"]) == len(markers["lon"]) == len(markers["p"]) == n
    assert sum(markers["n"]) == n
    assert not points(html, "sites")


@pytest.mark.parametrize(
    ("n", "n_sites", "threshold"),
    [(40, 4, 10), (300, 3, 299), (1000, 2, 500)],
)
def test_events_sharing_a_point_become_one_marker_above_threshold(
    n: int, n_sites: int, threshold: int
) -> None:
    frame = events_frame(make_event(i, site=i % n_sites) for i in range(n))
    html = render(build_map(frame, MapOptions(cluster_threshold=threshold)))
    (blocks,) = points(html, "sites")
    assert len(blocks["lat"]) == n_sites < n
    assert sum(blocks["n"]) == n
    assert blocks["km"] is None  # grouped by exact point: "at this point"
    assert "p" not in blocks  # the popups are built in the browser from compact data
    for count, places, latest in zip(blocks["n"], blocks["pl"], blocks["r"], strict=True):
        assert sum(places[1::2]) == count  # every event here carries a place name
        assert len(latest) == 3 * min(count, 5)
        assert all(blocks["T"][j].startswith("ev-") for j in latest[2::3])
    assert not points(html, "events")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Omar", "Omar", "Green Village"], "Omar"),
        (["Green Village", "Omar", "Omar"], "Omar"),
        (["Tanf", "Omar"], "Omar"),  # a tie: the first name in order
        (["Omar", "", ""], ""),  # unnamed events are the majority
        (["Conoco"], "Conoco"),
    ],
)
def test_a_shared_point_is_named_by_its_most_frequent_place(
    names: list[str], expected: str
) -> None:
    """The reports layer names each point by the place most of its events carry."""
    events = [make_event(i, site=0, site_name=name) for i, name in enumerate(names)]
    # another point with ten events, to keep the grouping honest
    events += [make_event(100 + i, site=1) for i in range(10)]
    frame = events_frame(events)
    (payload,) = data_layer_payloads(frame, MapOptions(), ["reports"])
    block = json.loads(payload.data_json)
    tips = [t for t in block["t"] if f"{len(names)} events" in t]
    assert tips == [f"{expected or 'unknown place'}: {len(names)} reports, {len(names)} events"]


@pytest.mark.parametrize(("n", "threshold"), [(500, 50), (900, 200)])
def test_scattered_events_are_grouped_on_a_grid_until_under_threshold(
    n: int, threshold: int
) -> None:
    events = [make_event(i, lat=33.0 + (i % 37) * 0.11, lon=38.0 + (i // 37) * 0.13)
              for i in range(n)]
    html = render(build_map(events_frame(events), MapOptions(cluster_threshold=threshold)))
    (blocks,) = points(html, "sites")
    assert 0 < len(blocks["lat"]) <= threshold
    assert sum(blocks["n"]) == n
    assert blocks["km"] is not None  # grouped on a grid: "within about <km> km"


@pytest.mark.parametrize(
    ("size_by", "small", "large"),
    [
        ("count", {"count": 1, "count_max": 1}, {"count": 30, "count_max": 30}),
        ("casualties", {"killed": 0, "injured": 1, "casualties": "reported"},
         {"killed": 6, "injured": 20, "casualties": "reported"}),
    ],
)
def test_marker_size_follows_the_chosen_figure(size_by: str, small: dict, large: dict) -> None:
    frame = events_frame([make_event(0, **small), make_event(1, **large)])
    layer = build_event_layer(frame, MapOptions(size_by=size_by))
    html = render(folium.Map(tiles=None).add_child(layer))
    (block,) = points(html, "events")
    assert block["s"][1] > block["s"][0]


@pytest.mark.parametrize("weapon", WEAPONS)
def test_each_weapon_has_a_glyph_and_colour(weapon: str) -> None:
    assert list(WEAPON_STYLE) == list(WEAPONS)
    frame = events_frame([make_event(0, weapon=(weapon,))])
    html = render(build_map(frame))
    (block,) = points(html, "events")
    style = WEAPON_STYLE[weapon]
    assert list(WEAPON_STYLE)[block["w"][0]] == weapon
    assert re.fullmatch(r"#[0-9a-f]{6}", style.color)
    assert f'"icon":"{style.icon}"' in html


def test_rows_without_coordinates_are_left_out_and_counted() -> None:
    events = [make_event(0), make_event(1, lat=None, lon=None)]
    html = render(build_map(events_frame(events)))
    (block,) = points(html, "events")
    assert len(block["lat"]) == 1
    assert "1 events without coordinates not shown" in html


# --------------------------------------------------------------------------- layers, controls


def test_layer_control_lists_every_layer() -> None:
    pytest.importorskip("gazetteer.places.geography")
    html = render(build_map(events_frame(make_event(i) for i in range(5))))
    names = overlay_names(html)
    for name in LAYERS.values():
        assert name in names
    assert "Borders" in names


@pytest.mark.parametrize(
    "shown",
    [frozenset(), frozenset({"events"}), frozenset({"heat", "reports"}), frozenset(LAYERS)],
)
def test_layers_start_on_or_off_as_asked(shown: frozenset[str]) -> None:
    frame = events_frame(make_event(i) for i in range(5))
    layers = build_data_layers(frame, MapOptions(layers=shown))
    by_name = {layer.layer_name: layer.show for layer in layers}
    assert by_name == {LAYERS[k]: k in shown for k in ("events", "reports", "heat")}


@pytest.mark.parametrize(
    ("needle", "what"),
    [
        ("atlas-legend", "legend box"),
        ("L.control.scale()", "scale bar"),
        ("L.control.fullscreen(", "fullscreen button"),
        (".fitBounds(", "view fitted"),
        ("L.markerClusterGroup(", "clustering"),
        ("L.heatLayer(", "heat layer"),
    ],
)
def test_controls_are_present(needle: str, what: str) -> None:
    html = render(build_map(events_frame(make_event(i) for i in range(12))))
    assert needle in html, what


def test_legend_names_every_weapon_escaped() -> None:
    html = render(build_map(events_frame([make_event(0)])))
    (legend,) = [b for b in json.loads(
        re.search(r"var boxes = (\[.*?\]);", html).group(1)) if "atlas-legend" in b["cls"]]
    for style in WEAPON_STYLE.values():
        assert style.label in legend["html"]
    assert "projectiles or drones reported" in legend["html"]


def test_briefing_map_draws_every_event_with_one_label_per_site() -> None:
    frame = events_frame(make_event(i, site=i % 2) for i in range(7))
    html = render(build_map(frame, MapOptions(briefing=True, title="Weekly <b>draft</b>")))
    assert "L.control.layers(" not in html
    assert "<b>draft" not in html and "draft" not in html  # the page header holds the title
    assert not points(html, "events"), "no cluster layer in a briefing"
    (still,) = points(html, "still")
    assert len(still["events"]["lat"]) == 7
    assert sorted(still["events"]["k"]) == list(range(1, 8))
    assert still["sites"]["t"] == ["al-Omar oil field, 4", "Conoco gas plant, 3"]
    offsets = list(zip(still["events"]["dx"], still["events"]["dy"], strict=True))
    assert len(set(offsets)) >= 4, "events sharing a point are spread"


def test_briefing_above_the_still_limit_falls_back_to_clusters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("dashboard.map.build.STILL_MAX", 5)
    frame = events_frame(make_event(i) for i in range(6))
    html = render(build_map(frame, MapOptions(briefing=True)))
    assert not points(html, "still")
    assert len(points(html, "events")[0]["lat"]) == 6


def test_empty_frame_builds_a_map_over_eastern_syria() -> None:
    html = render(build_map(events_frame([])))
    assert "L.map(" in html
    assert not points(html, "events")
    fitted = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", html, re.DOTALL).group(1)
    assert json.loads(fitted) == [list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])]


def test_view_fits_the_events() -> None:
    html = render(build_map(events_frame(make_event(i) for i in range(4))))
    (south, west), (north, east) = json.loads(
        re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", html, re.DOTALL).group(1))
    for _key, _name, lat, lon in SITES:
        assert south < lat < north and west < lon < east


# --------------------------------------------------------------------------- offline assets


def _links(html: str) -> list[str]:
    return re.findall(r'<script[^>]*\ssrc="([^"]+)"', html) + re.findall(
        r'<link[^>]*\shref="([^"]+)"', html)


@pytest.mark.parametrize("tile_url", ["", "https://tiles.example.org/{z}/{x}/{y}.png"])
def test_no_cdn_links_with_local_assets(tile_url: str) -> None:
    options = MapOptions(tile_url=tile_url, tile_attribution="&copy; test" if tile_url else "",
                         layers=frozenset(LAYERS))
    html = render(build_map(events_frame(make_event(i) for i in range(30)), options))
    links = _links(html)
    assert links and all(link.startswith(BASE + "/") for link in links)
    assert "cdn" not in " ".join(links)
    outside = set(re.findall(r"https?://[^\s\"'<>]+", html)) - {tile_url}
    assert not [u for u in outside if re.search(r"\.(js|css)\b", u)]
    assert ("L.tileLayer(" in html) == bool(tile_url)


def test_local_assets_do_not_leak_into_other_maps() -> None:
    before = (list(folium.Map.default_js), list(MarkerCluster.default_js))
    render(build_map(events_frame(make_event(i) for i in range(3))))
    assert (list(folium.Map.default_js), list(MarkerCluster.default_js)) == before
    plain = render(folium.Map(tiles=None))
    assert any(link.startswith("https://") for link in _links(plain))


def test_event_layer_alone_carries_local_links() -> None:
    layer = build_event_layer(events_frame([make_event(0)]), MapOptions())
    (cluster,) = layer._children.values()
    assert all(url.startswith(BASE + "/") for _n, url in cluster.default_js + cluster.default_css)


# --------------------------------------------------------------------------- escaping


def _hostile_events(payload: str) -> list[Event]:
    """One event per text field holding the payload; the last one has it in its report."""
    events = []
    for i, field_name in enumerate(("summary_en", "site_name", "outlets", "cited", "actor")):
        value: object = (payload,) if field_name in ("outlets", "cited") else payload
        events.append(make_event(i, **{field_name: value}))
    report = dataclasses.replace(make_event(9).reports[0], quote=payload, span=(0, len(payload)),
                                 outlet=payload, cited=(payload,), highlights=((0, 3),))
    events.append(make_event(9, reports=(report,)))
    return events


#: Fields the full popup shows (event-level outlets and cited appear per report instead).
SHOWN = (True, True, False, False, True, True)


@pytest.mark.parametrize("payload", HOSTILE["payloads"])
@pytest.mark.parametrize(("threshold", "full_popups"), [(1000, True), (1000, False), (2, False)])
def test_text_reaches_the_page_only_escaped(
    payload: str, threshold: int, full_popups: bool
) -> None:
    events = _hostile_events(payload)
    frame = events_frame(events)
    if full_popups:
        frame = frame_with_popups(frame, events)
    options = MapOptions(cluster_threshold=threshold, layers=frozenset(LAYERS))
    html = render(build_map(frame, options))
    for forbidden in HOSTILE["raw_forbidden"]:
        assert forbidden not in html
    assert "\u2028" not in html and "\u2029" not in html
    opened = len(re.findall(r"<script\b", html, re.IGNORECASE))
    closed = len(re.findall(r"</script\s*>", html, re.IGNORECASE))
    assert opened == closed
    assert points(html, "events" if threshold >= len(events) else "sites")
    # above the threshold the popups are built in the browser as text nodes (tests/e2e,
    # test_group_popup_shows_markup_as_text); below it they are escaped HTML
    popups = [p for block in points(html, "events") for p in block["p"]]
    assert all("<img" not in p and "<svg" not in p and "<script" not in p.lower()
               for p in popups)


@pytest.mark.parametrize("payload", HOSTILE["payloads"])
def test_full_popup_escapes_every_field(payload: str) -> None:
    for event, shown in zip(_hostile_events(payload), SHOWN, strict=True):
        html = popup_html(event)
        assert "<img" not in html and "<svg" not in html and "<script" not in html.lower()
        assert '"onmouseover' not in html
        if shown and "<" in payload:
            assert "&lt;" in html


@pytest.mark.parametrize("value", ["</script>", "a\u2028b", "x & <y>", {"k": ["</SCRIPT >"]}])
def test_script_json_cannot_close_a_script(value: object) -> None:
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize(
    "value",
    ['"onmouseover=alert(1) x="', "a\\", 'a\\"b', ['\\"', '"', "\\\\", {'"k"': 'x"y'}],
     "plain", ""],
)
def test_script_json_inert_quotes_keeps_the_value(value: object) -> None:
    text = script_json(value, inert_quotes=True)
    assert json.loads(text) == value
    assert '\\"' not in text.replace('\\\\', "")  # no escaped quote left in a string


# --------------------------------------------------------------------------- quotes, popups


def _spans(row: dict) -> list[tuple[int, int]]:
    spans = []
    for word in row["marks"]:
        start = row["quote"].index(word)
        spans.append((row["offset"] + start, row["offset"] + start + len(word)))
    return spans + [tuple(s) for s in row["outside"]]


@pytest.mark.parametrize("row", QUOTES, ids=[r["name"] for r in QUOTES])
def test_quote_is_rtl_with_marked_words(row: dict) -> None:
    html = quote_html(row["quote"], _spans(row), row["offset"])
    assert html.startswith('<div class="atlas-quote" dir="rtl" lang="ar">')
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    assert [m.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            for m in marked] == row["expect"]
    text = re.sub(r"</?mark>", "", html[html.index(">") + 1:-len("</div>")])
    assert text == row["quote"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("row", QUOTES, ids=[r["name"] for r in QUOTES])
def test_event_popup_shows_the_quote_of_each_report(row: dict) -> None:
    base = make_event(3).reports[0]
    report = dataclasses.replace(
        base, quote=row["quote"], span=(row["offset"], row["offset"] + len(row["quote"])),
        highlights=tuple(_spans(row)), outlet="Outlet B", cited=("local sources",))
    event = make_event(3, reports=(base, report), outlets=("Outlet A", "Outlet B"))
    html = popup_html(event)
    assert html.count('dir="rtl"') == 2
    assert "Outlet B" in html and "local sources" in html
    assert len(re.findall("<mark>", html)) == 1 + len(row["expect"])


@pytest.mark.parametrize("span", [(5, 2), (1,), ("a", "b")])
def test_bad_highlight_is_refused(span: tuple) -> None:
    with pytest.raises(ValueError, match="highlight"):
        quote_html("\u0646\u0635", [span])  # نص


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(3, 5, "3\u20135"), (4, 4, "4"), (None, 2, "2"), (7, None, "7"), (None, None, ""),
     (pd.NA, 6, "6")],
)
def test_ranges(low: object, high: object, expected: str) -> None:
    assert range_text(low, high) == expected


def test_popup_shows_ranges_when_reports_disagree() -> None:
    event = make_event(1, count=3, count_max=5, killed=1, killed_max=4, injured=None,
                       injured_max=None, casualties="reported")
    html = popup_html(event)
    assert "<td>3\u20135</td>" in html and "<td>1\u20134</td>" in html
    assert "<td>not stated</td>" in html
    assert "2024-01-02 (day)" in html


@pytest.mark.parametrize(
    ("kwargs", "present", "absent"),
    [
        ({}, ['<div class="atlas-card">', "<th>Count</th><td>1</td>", "Outlet A"],
         ["atlas-summary", "atlas-differs"]),
        ({"summary": True}, ['<div class="atlas-summary">Attack 1</div>'], []),
        ({"differs": frozenset({"count"})},
         ['<td><mark class="atlas-differs">1</mark></td>'], []),
        ({"facts": False}, ['<div class="atlas-report">', "2024-01-02 (day)", "<mark>"],
         ["atlas-card", "<table"]),
    ],
)
def test_report_card_is_the_one_report_renderer(
    kwargs: dict, present: list[str], absent: list[str]
) -> None:
    report = make_event(1).reports[0]
    html = report_card_html(report, **kwargs)
    assert all(p in html for p in present), html
    assert not any(a in html for a in absent), html
    if kwargs.get("facts") is False:
        assert html == report_html(report)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("changes", "field_name"),
    [
        ({"layers": {"events", "roads"}}, "layers"),
        ({"size_by": "weight"}, "size_by"),
        ({"cluster_threshold": 0}, "cluster_threshold"),
        ({"height": 20}, "height"),
        ({"tile_url": "https://t.example/{z}/{x}/{y}.png"}, "tile_attribution"),
    ],
)
def test_bad_options_name_the_field(changes: dict, field_name: str) -> None:
    with pytest.raises(MapError, match=field_name):
        MapOptions(**changes)


def test_options_from_settings() -> None:
    settings = Settings(tile_url="https://t.example/{z}/{x}/{y}.png", tile_attribution="T",
                        cluster_threshold=77)
    options = MapOptions.from_settings(settings, height=480)
    assert (options.tile_url, options.cluster_threshold, options.height) == (
        settings.tile_url, 77, 480)


@pytest.mark.parametrize("column", ["lat", "weapon_main", "summary_en"])
def test_missing_column_is_named(column: str) -> None:
    frame = events_frame([make_event(0)]).drop(columns=[column])
    with pytest.raises(MapError, match=column):
        build_map(frame)


def test_out_of_range_coordinates_are_refused() -> None:
    frame = events_frame([make_event(0, lat=95.0)])
    with pytest.raises(MapError, match="lat/lon"):
        build_map(frame)


# --------------------------------------------------------------------------- the view
FIT_CASES = [
    # (name, points, expected zoom range)
    ("one site zooms in", [(35.15, 40.58)], (9, 11)),
    ("eastern Syria", [(33.5, 38.6), (36.9, 42.0)], (6, 7)),
    ("Syria and Iraq", [(33.3, 36.3), (36.2, 44.2)], (5, 7)),
]


@pytest.mark.parametrize(("name", "points", "zooms"), FIT_CASES, ids=[c[0] for c in FIT_CASES])
def test_fit_view_shows_every_event(name, points, zooms) -> None:
    from dashboard.map.build import fit_view

    frame = pd.DataFrame({"lat": [p[0] for p in points], "lon": [p[1] for p in points]})
    (lat, lon), zoom = fit_view(frame, width_px=1100, height_px=600)
    assert zooms[0] <= zoom <= zooms[1]
    assert min(p[0] for p in points) <= lat <= max(p[0] for p in points)
    assert min(p[1] for p in points) <= lon <= max(p[1] for p in points)
    # At that zoom the span fits: 256 * 2**zoom pixels per 360 degrees of longitude.
    span = max(p[1] for p in points) - min(p[1] for p in points)
    assert span / 360 * 256 * 2**zoom <= 1100


def test_fit_view_of_nothing_is_eastern_syria() -> None:
    from dashboard.map.build import fit_view

    (lat, lon), zoom = fit_view(pd.DataFrame({"lat": [], "lon": []}))
    assert 33 < lat < 38 and 37 < lon < 43 and 5 <= zoom <= 8


@pytest.mark.parametrize(("include_data", "stated"), [(True, True), (False, False)])
def test_legend_states_a_total_only_when_the_map_holds_the_data(include_data, stated) -> None:
    frame = events_frame([make_event(i) for i in range(5)])
    html = render(build_map(frame, MapOptions(include_data=include_data)))
    assert ("5 events on the map" in html) is stated


# --------------------------------------------------------------------------- cacheable layers


def _layer_scripts(layers: list[folium.FeatureGroup]) -> list[str]:
    """The script each layer adds to a page, with folium's random ids made stable."""
    m = folium.Map(tiles=None)
    for layer in layers:
        layer.add_to(m)
    html = render(m)
    ids = {name: f"el{i}" for i, name in enumerate(dict.fromkeys(
        re.findall(r"[a-z_]+_[0-9a-f]{32}", html)))}
    out = []
    for layer in layers:
        parts = [m.get_root().script._children[layer.get_name()].render()]
        parts += [m.get_root().script._children[c.get_name()].render()
                  for c in layer._children.values()]
        text = "\n".join(parts)
        out.append(re.sub(r"[a-z_]+_[0-9a-f]{32}", lambda x: ids[x.group()], text))
    return out


#: (events, cluster threshold, size_by, layers asked for): below and above the threshold,
#: every subset of the data layers, and no event at all.
PAYLOAD_CASES = [
    (12, 2000, "count", ("events",)),
    (12, 2000, "casualties", ("events", "reports", "heat")),
    (40, 5, "count", ("events", "heat")),
    (40, 5, "casualties", ("reports",)),
    (0, 2000, "count", DATA_LAYER_KEYS),
    (7, 2000, "count", ()),
]


@pytest.mark.parametrize(("n", "threshold", "size_by", "keys"), PAYLOAD_CASES)
def test_payloads_computes_only_the_asked_layers_in_order(
    n: int, threshold: int, size_by: str, keys: tuple[str, ...]
) -> None:
    frame = events_frame(make_event(i) for i in range(n))
    options = MapOptions(cluster_threshold=threshold, size_by=size_by)
    payloads = data_layer_payloads(frame, options, reversed(keys))
    assert [p.key for p in payloads] == [k for k in DATA_LAYER_KEYS if k in keys]
    assert all(bool(p.kind) == (n > 0) for p in payloads)
    if n and "events" in keys:
        kind = "sites" if n > threshold else "events"
        assert payloads[0].kind == kind


@pytest.mark.parametrize(("n", "threshold", "size_by", "keys"), PAYLOAD_CASES)
def test_layers_rebuilt_from_a_pickled_payload_draw_the_same(
    n: int, threshold: int, size_by: str, keys: tuple[str, ...]
) -> None:
    # the app keeps payloads in st.cache_data, which pickles them; what comes back must draw
    # exactly what the layers built directly from the events draw
    frame = events_frame(make_event(i) for i in range(n))
    options = MapOptions(cluster_threshold=threshold, size_by=size_by,
                         layers=frozenset(keys) | {"tanf_zone"})
    payloads = pickle.loads(pickle.dumps(data_layer_payloads(frame, options, keys)))
    rebuilt = data_layers_from_payloads(payloads, options)
    direct = [g for g in build_data_layers(frame, options) if g.show]
    assert [g.layer_name for g in rebuilt] == [g.layer_name for g in direct]
    assert _layer_scripts(rebuilt) == _layer_scripts(direct)
    assert all(g.show for g in rebuilt)


@pytest.mark.parametrize("keys", [("events", "labels"), ("Heat",), ("site_labels",)])
def test_payloads_refuse_an_unknown_layer(keys: tuple[str, ...]) -> None:
    frame = events_frame([make_event(0)])
    with pytest.raises(MapError, match="unknown"):
        data_layer_payloads(frame, MapOptions(), keys)


@pytest.mark.parametrize("n", [1, 30])
def test_point_layers_reach_the_page_exactly_as_their_macro_renders_them(n: int) -> None:
    # the point layers add their script to the page without a second template pass: the page
    # holds the element's own script text, data block included, once
    frame = events_frame(make_event(i) for i in range(n))
    m = build_map(frame, MapOptions(layers=frozenset(LAYERS), cluster_threshold=10))
    html = render(m)
    script = m.get_root().script
    found = 0
    for name, element in script._children.items():
        if not name.startswith(("atlas_cluster_points_", "atlas_canvas_points_")):
            continue
        found += 1
        text = element.render()
        assert text and text in html
        block = re.search(r"/\*atlas-points:(\w+)\*/(\{.*?\});\n", text)
        assert block is not None
        assert html.count(block.group(2)) == 1
    assert found == 3  # events, reports, site labels


@pytest.mark.parametrize(
    ("sites", "labelled", "counts", "unlabelled"),
    [
        # a town with an event is named on the map, first by its events; a quiet town is not
        ([3], ["al-Shaddadi"], [1], ["Hajin", "Rmelan"]),
        ([3, 3, 0], ["al-Shaddadi", "al-Omar oil field"], [2, 1], ["Hajin"]),
        # guard: no event at the town, no label for it
        ([0, 1], ["al-Omar oil field", "Conoco gas plant"], [1, 1], ["al-Shaddadi", "Hajin"]),
    ],
)
def test_site_labels_name_every_site_with_events(
    sites: list[int], labelled: list[str], counts: list[int], unlabelled: list[str]
) -> None:
    frame = events_frame([make_event(i, site=s) for i, s in enumerate(sites)])
    html = render(build_map(frame, MapOptions(layers=frozenset(LAYERS))))
    (block,) = points(html, "site_labels")
    assert block["t"][: len(labelled)] == labelled
    assert block["e"][: len(labelled)] == counts
    assert not set(unlabelled) & set(block["t"])


@pytest.mark.parametrize(
    ("key", "labelled"),
    [("conoco", True), ("al-omar", True), ("tanf", True), ("hajin", False)],  # a town: no label
)
def test_site_labels_name_curated_sites_only(key: str, labelled: bool) -> None:
    """Built-in GeoNames towns (``gn-*`` keys) get no label; the curated sites do.

    (The one event of the frame stands at a labelled site: a town is named only with events.)
    """
    from gazetteer.places.loading import IMPORTED_PREFIX, load_gazetteer

    gazetteer = load_gazetteer()
    html = render(build_map(events_frame([make_event(0)]), MapOptions(layers=frozenset(LAYERS))))
    (block,) = points(html, "site_labels")
    builtin = {s.name_en for k, s in gazetteer.sites.items() if k.startswith(IMPORTED_PREFIX)}
    curated = {s.name_en for k, s in gazetteer.sites.items() if not k.startswith(IMPORTED_PREFIX)}
    assert builtin, "the default gazetteer carries the built-in layer"
    assert not (set(block["t"]) & (builtin - curated))
    assert (gazetteer.sites[key].name_en in block["t"]) is labelled
