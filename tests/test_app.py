"""The Streamlit dashboard, driven in-process with ``streamlit.testing.v1.AppTest``.

A small GeoPackage store is built per module from ``tests/data/app/store.json`` (three
articles written for these tests and the incidents they report, ingested with the real ingest
and merge by ``_app.build_app_store``, which test_dashboard_backends.py shares), so that the
counts the page must show are known. Tests that write (reviews, saved articles) get their own
copy.

The pages live in ``dashboard/views/`` and are chosen with ``at.switch_page("views/...")``. (A
folder named ``pages/`` beside app.py is a version-1 pages folder to Streamlit until
``st.navigation`` has run once: a fresh server's first visitor to /add-article got "Page not
found"; tests/e2e/test_add_article_upload.py opens that address first.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _app import APP, PAGES, app_data, counts_line, texts, unescape
from streamlit.testing.v1 import AppTest

from dashboard.commands import load_commands
from dashboard.commands.serve import APP_PATH, streamlit_command
from dashboard.filters import QUERY_KEYS, preset_range
from dashboard.ui import data, state
from dashboard.ui.briefing import BRIEFING_CSS

_GENERATED_RE = re.compile(r"^Generated on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC$")
_data = app_data


# --------------------------------------------------------------------------- fixture store


def _day(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- every page runs


@pytest.mark.parametrize("script", [APP, *PAGES], ids=lambda p: p.name)
def test_every_page_runs(script: Path, fixture_store: tuple[Path, dict[str, str]],
                         open_app: Callable[..., AppTest]) -> None:
    at = open_app(fixture_store[0], script=script)
    at.run()  # a rerun draws the same page
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if script.name in {"app.py", "map.py"}:
        assert counts_line(at) == "3 events (4 reports from 3 articles)"
    assert at.sidebar.slider(key=state.K_DATES).label == "Date range"


# --------------------------------------------------------------------------- URL round trip


@pytest.mark.parametrize("row", _data("queries.json")["rows"], ids=lambda r: r["name"])
def test_query_parameters_set_widgets_and_counts(
    row: dict[str, Any], fixture_store: tuple[Path, dict[str, str]],
    open_app: Callable[..., AppTest],
) -> None:
    at = open_app(fixture_store[0], query=row["query"])
    assert counts_line(at) == row["counts"]
    for key, expected in row["widgets"].items():
        value = at.session_state[key]
        if key == state.K_DATES:
            assert tuple(value) == (_day(expected[0]), _day(expected[1]))
        elif isinstance(expected, list):
            assert list(value) == expected
        else:
            assert value == expected
    # every parameter is written back, the given ones unchanged
    assert set(at.query_params) == set(QUERY_KEYS) | {"layers"}  # and the map's layers
    for key, value in row["query"].items():
        assert at.query_params[key] == value
    # and the same URL gives the same page again
    again = open_app(fixture_store[0], query=dict(at.query_params))
    assert counts_line(again) == row["counts"]
    assert dict(again.query_params) == dict(at.query_params)


@pytest.mark.parametrize("row", _data("bad_queries.json")["rows"], ids=lambda r: str(r["query"]))
def test_bad_query_parameters_warn_and_fall_back(
    row: dict[str, Any], fixture_store: tuple[Path, dict[str, str]],
    open_app: Callable[..., AppTest],
) -> None:
    at = open_app(fixture_store[0], query=row["query"])
    warnings = [unescape(w.value) for w in at.warning]
    if row.get("no_warning"):
        assert warnings == []
        # the text is searched literally, never rendered: no such event, and no markup
        assert counts_line(at) == "0 events (0 reports from 0 articles)"
        assert not any("javascript" in t for t in texts(at))
        assert at.text_input(key=state.K_TEXT).value == row["query"]["q"]
    else:
        assert any(row["names"] in w for w in warnings), warnings
        assert counts_line(at) == "3 events (4 reports from 3 articles)"
    for key, value in row["fixed"].items():
        assert at.query_params[key] == value


def test_warning_from_url_is_plain_text(fixture_store: tuple[Path, dict[str, str]],
                                        open_app: Callable[..., AppTest]) -> None:
    hostile = "[x](javascript:alert(1))<img src=x onerror=alert(1)>"
    at = open_app(fixture_store[0], query={"site": hostile})
    (warning,) = at.warning
    assert unescape(warning.value).count(hostile) == 1
    # every Markdown-active character of the value is escaped
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\<img" in warning.value


def test_preset_buttons_set_the_date_range(fixture_store: tuple[Path, dict[str, str]],
                                           open_app: Callable[..., AppTest]) -> None:
    at = open_app(fixture_store[0])
    span = (_day("2024-01-08"), _day("2024-02-19"))
    at.button(key="preset-7d").click().run()
    assert tuple(at.session_state[state.K_DATES]) == preset_range("7d", span)
    assert counts_line(at) == "1 event (1 report from 1 article)"
    assert at.query_params["from"] == "2024-02-13"
    at.button(key="preset-all").click().run()
    assert tuple(at.session_state[state.K_DATES]) == span
    assert counts_line(at) == "3 events (4 reports from 3 articles)"
    labels = {b.label for b in at.sidebar.button}
    assert {"Last 7 days", "Last 30 days", "Last 90 days", "All"} <= labels


def test_sidebar_changes_reach_the_url(fixture_store: tuple[Path, dict[str, str]],
                                       open_app: Callable[..., AppTest]) -> None:
    at = open_app(fixture_store[0])
    at.multiselect(key=state.K_WEAPONS).set_value(["mortar"]).run()
    assert at.query_params["weapon"] == "mortar"
    assert counts_line(at) == "1 event (1 report from 1 article)"
    at.text_input(key=state.K_TEXT).input("Omar").run()
    assert at.query_params["q"] == "Omar"
    assert counts_line(at) == "0 events (0 reports from 0 articles)"


# --------------------------------------------------------------------------- the map


def _map_args(at: AppTest) -> dict[str, Any]:
    """The arguments the page sent to the st_folium component."""
    found = []
    for element in at.main.children.values():
        raw = getattr(getattr(element, "proto", None), "json_args", "")
        if raw and '"script"' in raw:
            found.append(json.loads(raw))
    (args,) = found
    return args


def _event_points(script: str | None) -> int:
    match = re.search(r"/\*atlas-points:events\*/(\{.*?\});\n", script or "")
    return len(json.loads(match.group(1))["lat"]) if match else 0


def test_fast_map_swaps_filtered_layers_on_one_base_map(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    everything = _map_args(open_app(fixture_store[0]))
    rockets = _map_args(open_app(fixture_store[0], query={"weapon": "rocket"}))
    # the same base map (same component key: no reload), other data layers
    assert everything["key"] == rockets["key"]
    assert everything["script"] == rockets["script"]
    assert "atlas-points:events" not in everything["script"]
    assert (_event_points(everything["feature_group"]), _event_points(rockets["feature_group"])) \
        == (3, 1)
    # a click selects an event; moving the map writes its view into the URL
    assert everything["returned_objects"] == ["last_object_clicked_popup", "center", "zoom"]
    assert '"Events"' in everything["layer_control"]
    links = everything["js_links"] + everything["css_links"]
    assert "/app/static/vendor/markercluster/leaflet.markercluster.js" in links
    assert all(link.startswith("/app/static/vendor/") for link in links)  # nothing from a CDN


#: What a second run does -> how many times the data layers are computed in all (the first
#: run computes them once). Runs with the same data, filters and layers share the layers,
#: whichever session asks; anything that changes the rows or the layers computes anew.
CACHE_STEPS: list[tuple[str, dict[str, Any], int]] = [
    ("the same session reruns", {"rerun": True}, 1),
    ("a second session opens the same view", {"query": {}}, 1),
    ("a second session selects an event", {"query": {"event": "al-omar"}}, 1),
    ("a second session filters on a weapon", {"query": {"weapon": "rocket"}}, 2),
    ("the same session adds a layer", {"layers": ["events", "heat"]}, 2),
]


@pytest.mark.parametrize(("step", "change", "computed"), CACHE_STEPS,
                         ids=[row[0] for row in CACHE_STEPS])
def test_map_layers_are_computed_once_per_view(
    step: str, change: dict[str, Any], computed: int,
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, ids = fixture_store
    calls: list[tuple[str, ...]] = []
    real = data.data_layer_payloads

    def counting(events: pd.DataFrame, options: Any, keys: Any = ()) -> Any:
        calls.append(tuple(keys))
        return real(events, options, keys)

    monkeypatch.setattr(data, "data_layer_payloads", counting)
    data.layer_payloads.clear()
    first = open_app(path)
    assert calls == [("events",)]
    drawn = _event_points(_map_args(first)["feature_group"])
    if change.get("rerun"):
        first.run()
        again = first
    elif "layers" in change:
        first.session_state["map-layers"] = change["layers"]
        first.run()
        again = first
    else:
        query = {k: ids.get(v, v) for k, v in change["query"].items()}
        again = open_app(path, query=query)
    assert not again.exception, again.exception
    assert len(calls) == computed, step
    if computed == 1:
        # served from the cache: the same points reach the map
        assert _event_points(_map_args(again)["feature_group"]) == drawn == 3


def test_naive_map_draws_one_marker_per_event(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ATLAS_MAP_MODE", "naive")
    args = _map_args(open_app(fixture_store[0], query={"site": "al-omar,conoco"}))
    assert args["feature_group"] is None and args["returned_objects"] is None
    assert args["script"].count("L.circleMarker(") == 2
    assert all(link.startswith("/app/static/vendor/")
               for link in args["js_links"] + args["css_links"])


# --------------------------------------------------------------------------- briefing


def test_briefing_mode_from_the_url(fixture_store: tuple[Path, dict[str, str]],
                                    open_app: Callable[..., AppTest]) -> None:
    at = open_app(fixture_store[0], query={"briefing": "1"})
    values = [m.value for m in at.markdown]
    assert BRIEFING_CSS in values
    assert len(at.sidebar.slider) == 0 and len(at.sidebar.multiselect) == 0
    assert counts_line(at) == "3 events (4 reports from 3 articles)"
    assert any(_GENERATED_RE.match(v) for v in values)
    sources = [unescape(v) for v in values if unescape(v).startswith("Sources: ")]
    assert sources and "Sham Wire (2 events)" in sources[0]
    assert any(unescape(v) == "2024-01-08 \u2013 2024-02-19" for v in values)
    assert [t.value for t in at.title] == ["Incident Atlas"]
    assert at.query_params["briefing"] == "1"


def test_briefing_toggle_and_back(fixture_store: tuple[Path, dict[str, str]],
                                  open_app: Callable[..., AppTest]) -> None:
    at = open_app(fixture_store[0], query={"weapon": "rocket"})
    at.toggle(key=state.K_BRIEFING).set_value(True).run()
    assert at.query_params["briefing"] == "1"
    at.run()
    assert len(at.sidebar.slider) == 0
    assert counts_line(at) == "1 event (2 reports from 2 articles)"
    at.button(key="leave-briefing").click().run()
    assert at.query_params["briefing"] == "0"
    assert at.sidebar.slider(key=state.K_DATES).label == "Date range"
    assert list(at.session_state[state.K_WEAPONS]) == ["rocket"]  # the filters survived
    assert counts_line(at) == "1 event (2 reports from 2 articles)"


# --------------------------------------------------------------------------- add article


def _add_page(open_app: Callable[..., AppTest], db: Path) -> AppTest:
    at = open_app(db)
    at.switch_page("views/add_article.py").run()
    assert not at.exception, at.exception
    return at


def _paste(at: AppTest, row: dict[str, Any]) -> None:
    at.text_area(key="aa-text").input(row["text"])
    at.text_input(key="aa-outlet").input(row["outlet"])
    if row.get("published"):
        at.date_input(key="aa-published").set_value(_day(row["published"]))


@pytest.mark.parametrize("row", _data("articles.json")["rows"], ids=lambda r: r["name"])
def test_preview_shows_the_incidents(row: dict[str, Any],
                                     fixture_store: tuple[Path, dict[str, str]],
                                     open_app: Callable[..., AppTest]) -> None:
    at = _add_page(open_app, fixture_store[0])
    _paste(at, row)
    at.button(key="aa-preview").click().run()
    assert not at.exception and not at.error
    cards = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-card">')]
    (heading,) = [s.value for s in at.subheader if "found" in s.value]
    noun = "incident" if len(cards) == 1 else "incidents"
    assert cards and heading == f"{len(cards)} {noun} found"
    assert any(row["site"] in c for c in cards)
    assert all('dir="rtl"' in c and "<mark>" in c for c in cards)
    assert all('<div class="atlas-summary">' in c for c in cards)


@pytest.mark.parametrize("row", _data("articles.json")["hostile"], ids=lambda r: r["name"])
def test_markup_in_an_article_shows_only_escaped(row: dict[str, Any],
                                                 fixture_store: tuple[Path, dict[str, str]],
                                                 open_app: Callable[..., AppTest]) -> None:
    at = _add_page(open_app, fixture_store[0])
    _paste(at, row)
    at.button(key="aa-preview").click().run()
    assert not at.exception
    shown = texts(at)
    assert any('<div class="atlas-card">' in t for t in shown)
    assert not any(row["raw"] in t for t in shown)
    if row["escaped"]:
        assert any(row["escaped"] in t for t in shown)


def test_save_adds_the_article_once(writable_store: tuple[Path, dict[str, str]],
                                    open_app: Callable[..., AppTest]) -> None:
    path, _ = writable_store
    row = _data("articles.json")["rows"][0]
    at = _add_page(open_app, path)
    _paste(at, row)
    at.button(key="aa-save").click().run()
    (message,) = [unescape(s.value) for s in at.success]
    assert message.startswith("Saved: 1 incident added; the store now holds 4 events (+1)")
    at.switch_page("views/map.py").run()
    assert counts_line(at) == "4 events (5 reports from 4 articles)"
    at.switch_page("views/add_article.py").run()
    _paste(at, row)
    at.button(key="aa-save").click().run()
    assert [i.value for i in at.info] == [
        "This article is already in the store; nothing was added."
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("   \n  ", "pasted text: only white space, no text"),
        ("<p> </p><div></div>", "pasted text: no text left after removing the HTML markup"),
    ],
)
def test_unreadable_paste_shows_the_readers_error(
    text: str, problem: str, fixture_store: tuple[Path, dict[str, str]],
    open_app: Callable[..., AppTest],
) -> None:
    at = _add_page(open_app, fixture_store[0])
    at.text_area(key="aa-text").input(text)
    at.button(key="aa-preview").click().run()
    assert not at.exception
    assert [unescape(e.value) for e in at.error] == [problem]


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("rockets.txt", "سقطت أربعة صواريخ فجر اليوم على حقل العمر.".encode("cp1256"), True),
        ("rockets.html", "<p>سقطت أربعة صواريخ فجر اليوم على حقل العمر.</p>".encode(), True),
        ("big.txt", b"x" * 3000, False),
    ],
)
def test_upload(name: str, content: bytes, ok: bool,
                fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest],
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_MAX_UPLOAD_MB", "0.002")  # 2,097 bytes
    at = _add_page(open_app, fixture_store[0])
    at.radio(key="aa-source").set_value("Upload a file").run()
    at.file_uploader[0].upload(name, content, "text/plain")
    at.button(key="aa-preview").click().run()
    assert not at.exception
    errors = [unescape(e.value) for e in at.error]
    if ok:
        assert errors == []
        assert any("al-Omar oil field" in m.value for m in at.markdown)
    else:
        assert errors == [f"{name}: too large (3,000 bytes; the limit is 0.002 MiB,"
                          " ATLAS_MAX_UPLOAD_MB)"]


# --------------------------------------------------------------------------- atlas serve


def test_serve_is_registered_and_runs_the_app() -> None:
    command = load_commands()["serve"]
    assert command.name == "serve"
    line = streamlit_command("127.0.0.1", 8599, max_upload_mb=7.5)
    assert line[1:5] == ["-m", "streamlit", "run", str(APP_PATH)]
    assert APP_PATH == APP
    options = dict(zip(line[5::2], line[6::2], strict=True))
    assert options == {
        "--server.port": "8599",
        "--server.address": "127.0.0.1",
        "--server.headless": "true",
        "--server.enableStaticServing": "true",
        "--server.maxUploadSize": "8",
        "--browser.gatherUsageStats": "false",
    }


def test_generated_line_is_utc_now(fixture_store: tuple[Path, dict[str, str]],
                                   open_app: Callable[..., AppTest]) -> None:
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    at = open_app(fixture_store[0], query={"briefing": "1"})
    (line,) = [m.value for m in at.markdown if _GENERATED_RE.match(m.value)]
    stamp = datetime.strptime(line, "Generated on %Y-%m-%d %H:%M UTC").replace(tzinfo=UTC)
    assert stamp >= before


def test_site_filter_offers_curated_sites_and_places_with_events(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    """The built-in GeoNames towns are offered only where the store has events."""
    from gazetteer.places.loading import AMBIGUOUS_PREFIX, IMPORTED_PREFIX, load_gazetteer

    gazetteer = load_gazetteer()
    at = open_app(fixture_store[0])
    offered = set(at.multiselect(key=state.K_SITES).options)
    labels = {key: site.name_en for key, site in gazetteer.sites.items()}
    curated = {k for k in gazetteer.sites
               if not k.startswith((IMPORTED_PREFIX, AMBIGUOUS_PREFIX))}
    with_events = set(fixture_store[1])
    shown = {o.rsplit(" (", 1)[0] for o in offered}  # "name (governorate)"
    assert {labels[k] for k in curated | with_events} <= shown
    assert not any("ambiguous:" in o for o in offered)
    builtin_idle = {labels[k] for k in gazetteer.sites if k.startswith(IMPORTED_PREFIX)}
    assert builtin_idle, "the default gazetteer carries the built-in layer"
    assert not (shown & (builtin_idle - {labels[k] for k in curated | with_events}))


# --------------------------------------------------------------------------- issue 10: filters


def test_date_picker_follows_the_slider_and_sets_it(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    at = open_app(fixture_store[0])
    assert tuple(at.date_input(key=state.K_PICK).value) == (date(2024, 1, 8), date(2024, 2, 19))
    at.date_input(key=state.K_PICK).set_value((date(2024, 1, 9), date(2024, 2, 19))).run()
    assert tuple(at.session_state[state.K_DATES]) == (date(2024, 1, 9), date(2024, 2, 19))
    assert counts_line(at) == "2 events (3 reports from 3 articles)"
    assert at.query_params["from"] == "2024-01-09"
    at.button(key="preset-7d").click().run()
    assert tuple(at.date_input(key=state.K_PICK).value) == (date(2024, 2, 13), date(2024, 2, 19))
    at.date_input(key=state.K_PICK).set_value((date(2024, 1, 10),)).run()  # still choosing
    assert tuple(at.session_state[state.K_DATES]) == (date(2024, 2, 13), date(2024, 2, 19))


def test_map_view_and_layers_in_the_url(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    query = {"center": "35.10000,40.50000", "zoom": "9", "layers": "events,heat"}
    at = open_app(fixture_store[0], query=query)
    args = _map_args(at)
    assert (args["center"], args["zoom"]) == ([35.1, 40.5], 9)
    assert "L.heatLayer" in args["feature_group"] or "HeatLayer" in args["feature_group"]
    assert list(at.session_state["map-layers"]) == ["events", "heat"]
    for key, value in query.items():
        assert at.query_params[key] == value
    at.session_state["map-layers"] = ["events"]
    at.run()
    at.run()
    assert at.query_params["layers"] == "events"


@pytest.mark.parametrize(("query", "counts"), [
    ({"confident": "1"}, "3 events (4 reports from 3 articles)"),  # no confidence yet: 1.0
    ({"confident": "0"}, "3 events (4 reports from 3 articles)"),
])
def test_confident_only_from_the_url(
    query: dict[str, str], counts: str, fixture_store: tuple[Path, dict[str, str]],
    open_app: Callable[..., AppTest],
) -> None:
    at = open_app(fixture_store[0], query=query)
    assert counts_line(at) == counts
    assert at.checkbox(key=state.K_CONFIDENT).value is (query["confident"] == "1")
    assert at.query_params["confident"] == query["confident"]


def test_selected_event_is_focused_on_the_map(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = fixture_store
    at = open_app(path, query={"event": ids["conoco"]})
    script = _map_args(at)["feature_group"]
    assert "zoomToShowLayer" in script and ids["conoco"] in script
    assert "zoomToShowLayer" not in _map_args(open_app(path))["feature_group"]


# --------------------------------------------------------------------------- article view


def test_article_view_highlights_every_incident_escaped(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    at = open_app(fixture_store[0])
    at.switch_page("views/article.py")
    at.query_params["article"] = "app-a2"
    at.run()
    assert not at.exception, at.exception
    (html_block,) = [m.value for m in at.markdown if 'class="atlas-article"' in m.value]
    assert html_block.count('<mark class="atlas-incident"') == 2
    assert "Sham Wire" in html_block and "2024-01-10" in html_block
    lines = [unescape(m.value) for m in at.markdown if unescape(m.value)[:3] in ("1. ", "2. ")]
    assert len(lines) == 2 and all("show on the map" in line for line in lines)
    at.query_params["article"] = "app-a3"
    at.run()
    (html_block,) = [m.value for m in at.markdown if 'class="atlas-article"' in m.value]
    assert "<script>alert(1)" not in html_block
    assert "Voice of Hasakah &lt;script&gt;alert(1)&lt;/script&gt;" in html_block
    at.query_params["article"] = "no-such-article"
    at.run()
    assert [unescape(e.value) for e in at.error] == [
        "The store holds no article 'no-such-article'."]
