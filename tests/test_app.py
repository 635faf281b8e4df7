"""The Streamlit dashboard, driven in-process with ``streamlit.testing.v1.AppTest``.

A small GeoPackage store is built per module from ``tests/data/app/store.json`` (three
articles written for these tests and the incidents they report, ingested with the real ingest
and merge by ``_app.build_app_store``, which test_dashboard_backends.py shares), so that the
counts the page must show are known. Tests that write (reviews, saved articles) get their own
copy.

Streamlit's AppTest re-detects ``dashboard/pages/`` as a version-1 pages folder before every
run (the real server stops doing so once ``st.navigation`` is called), so from its second run
on AppTest runs the page file directly; the pages then build the sidebar themselves
(``dashboard.ui.panels.context``), which these tests therefore cover too.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _app import APP, PAGES, app_data, build_app_store, counts_line, texts, unescape
from streamlit.testing.v1 import AppTest

from dashboard.commands import load_commands
from dashboard.commands.serve import APP_PATH, streamlit_command
from dashboard.filters import QUERY_KEYS, preset_range
from dashboard.store.geopackage import GeoPackageStore
from dashboard.ui import panels as _ui
from dashboard.ui.briefing import BRIEFING_CSS
from gazetteer.articles import ArticleError
from gazetteer.records import Incident

_GENERATED_RE = re.compile(r"^Generated on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC$")
_data = app_data


# --------------------------------------------------------------------------- fixture store


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("app") / "atlas.gpkg"
    return path, build_app_store(path)


@pytest.fixture
def writable_store(
    fixture_store: tuple[Path, dict[str, str]], tmp_path: Path
) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "atlas.gpkg"
    shutil.copy(fixture_store[0], path)
    return path, fixture_store[1]


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
    assert at.sidebar.slider(key=_ui.K_DATES).label == "Date range"


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
        if key == _ui.K_DATES:
            assert tuple(value) == (_day(expected[0]), _day(expected[1]))
        elif isinstance(expected, list):
            assert list(value) == expected
        else:
            assert value == expected
    # every parameter is written back, the given ones unchanged
    assert set(at.query_params) == set(QUERY_KEYS)
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
        assert at.text_input(key=_ui.K_TEXT).value == row["query"]["q"]
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
    assert tuple(at.session_state[_ui.K_DATES]) == preset_range("7d", span)
    assert counts_line(at) == "1 event (1 report from 1 article)"
    assert at.query_params["from"] == "2024-02-13"
    at.button(key="preset-all").click().run()
    assert tuple(at.session_state[_ui.K_DATES]) == span
    assert counts_line(at) == "3 events (4 reports from 3 articles)"
    labels = {b.label for b in at.sidebar.button}
    assert {"Last 7 days", "Last 30 days", "Last 90 days", "All"} <= labels


def test_sidebar_changes_reach_the_url(fixture_store: tuple[Path, dict[str, str]],
                                       open_app: Callable[..., AppTest]) -> None:
    at = open_app(fixture_store[0])
    at.multiselect(key=_ui.K_WEAPONS).set_value(["mortar"]).run()
    assert at.query_params["weapon"] == "mortar"
    assert counts_line(at) == "1 event (1 report from 1 article)"
    at.text_input(key=_ui.K_TEXT).input("Omar").run()
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
    assert everything["returned_objects"] == ["last_object_clicked_popup"]
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
    real = _ui.data_layer_payloads

    def counting(events: pd.DataFrame, options: Any, keys: Any = ()) -> Any:
        calls.append(tuple(keys))
        return real(events, options, keys)

    monkeypatch.setattr(_ui, "data_layer_payloads", counting)
    _ui._layer_payloads.clear()
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
    at.toggle(key=_ui.K_BRIEFING).set_value(True).run()
    assert at.query_params["briefing"] == "1"
    at.run()
    assert len(at.sidebar.slider) == 0
    assert counts_line(at) == "1 event (2 reports from 2 articles)"
    at.button(key="leave-briefing").click().run()
    assert at.query_params["briefing"] == "0"
    assert at.sidebar.slider(key=_ui.K_DATES).label == "Date range"
    assert list(at.session_state[_ui.K_WEAPONS]) == ["rocket"]  # the filters survived
    assert counts_line(at) == "1 event (2 reports from 2 articles)"


# --------------------------------------------------------------------------- an event


def test_selected_event_shows_reports_side_by_side(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = fixture_store
    at = open_app(path, query={"event": ids["al-omar"]})
    cards = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-card">')]
    assert len(cards) == 2
    assert any("<b>Furat Monitor</b>" in c for c in cards)
    assert any("<b>Sham Wire</b>" in c for c in cards)
    # the counts disagree (3 and 4): highlighted in both cards; the injured figure is only
    # stated once, so it is not highlighted
    assert all('<mark class="atlas-differs">' in c for c in cards)
    assert any('dir="rtl"' in c and "<mark>" in c for c in cards)
    assert any("disagree on: count" in unescape(c.value) for c in at.caption)


def test_event_texts_are_escaped(fixture_store: tuple[Path, dict[str, str]],
                                 open_app: Callable[..., AppTest]) -> None:
    path, ids = fixture_store
    at = open_app(path, query={"event": ids["kharab-al-jir"]})
    shown = texts(at)
    assert not any("<script>alert(1)" in t for t in shown)
    assert any("Voice of Hasakah &lt;script&gt;alert(1)&lt;/script&gt;" in t for t in shown)


def test_review_saves_then_a_stale_version_conflicts(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["al-omar"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("confirmed")
    at.text_area(key=f"{key}-note").input("seen in two <b>outlets</b>")
    at.text_input(key=f"{key}-who").input("analyst A")
    at.button(key=f"{key}-save").click().run()
    assert [unescape(s.value) for s in at.success] == [
        "Review saved: confirmed (event version 2)."
    ]
    assert any("confirmed by analyst A (version 2); note: seen in two <b>outlets</b>"
               in unescape(m.value) for m in at.markdown)
    # another analyst saves while this page still shows version 2
    with GeoPackageStore(path) as other:
        assert other.save_review(event_id, "confirmed", expected_version=2,
                                 reviewer="analyst B") == 3
    at.radio(key=f"{key}-status").set_value("rejected")
    at.button(key=f"{key}-save").click().run()
    errors = [unescape(e.value) for e in at.error]
    assert len(errors) == 1 and "review conflict" in errors[0]
    assert "you loaded version 2, but version 3 was saved" in errors[0]
    with GeoPackageStore(path) as store:
        assert [r.status for r in store.reviews_for(event_id)] == ["confirmed", "confirmed"]


def test_rejected_events_are_hidden_unless_asked_for(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["conoco"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("rejected")
    at.button(key=f"{key}-save").click().run()
    assert counts_line(at) == "2 events (3 reports from 3 articles)"
    at.checkbox(key=_ui.K_REJECTED).check().run()
    assert counts_line(at) == "3 events (4 reports from 3 articles)"
    assert at.query_params["rejected"] == "1"


def test_a_correction_saves_the_edited_fields(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["kharab-al-jir"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("corrected")
    at.number_input(key=f"{key}-count").set_value(6)
    at.button(key=f"{key}-save").click().run()
    assert at.success and not at.error
    with GeoPackageStore(path) as store:
        (review,) = store.reviews_for(event_id)
    assert (review.status, review.fields) == ("corrected", {"count": 6})


# --------------------------------------------------------------------------- add article


def _add_page(open_app: Callable[..., AppTest], db: Path) -> AppTest:
    at = open_app(db)
    at.switch_page("pages/add_article.py").run()
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
    at.switch_page("pages/map.py").run()
    assert counts_line(at) == "4 events (5 reports from 4 articles)"
    at.switch_page("pages/add_article.py").run()
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
        assert errors == [f"{name}: too large (3,000 bytes; the limit is 0.002 MB,"
                          " ATLAS_MAX_UPLOAD_MB)"]


# --------------------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain words", "plain words"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
        ("[a](javascript:x)", "\\[a\\]\\(javascript\\:x\\)"),
        ("<b>x</b> &amp;", "\\<b\\>x\\</b\\> \\&amp;"),
        ("# title\n- item", "\\# title \\- item"),
        (":red[x] $y$", "\\:red\\[x\\] \\$y\\$"),
    ],
)
def test_plain_escapes_markdown(text: str, shown: str) -> None:
    assert _ui.plain(text) == shown
    assert unescape(_ui.plain(text)) == " ".join(text.split())


@pytest.mark.parametrize(
    ("popup", "expected"),
    [
        ("Rockets hit al-Omar\nPlace al-Omar\nevent ev-1", "ev-1"),
        ("summary\nevent ev-2\n", "ev-2"),
        ("3 events at this point\nLatest:\n2024-01-09 rockets ev-1", "ev-1"),
        ("3 events at this point\nLatest:\n2024-01-09 a ev-1\n2024-01-08 b ev-2", None),
        ("event ev-unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_event_id_from_popup(popup: str | None, expected: str | None) -> None:
    assert _ui.event_id_from_popup(popup, {"ev-1", "ev-2"}) == expected


def _report(**changes: Any) -> Incident:
    base: dict[str, Any] = dict(
        article="a", site="al-omar", site_name="al-Omar oil field", lat=35.1, lon=40.5,
        geo_precision=1, date_start=date(2024, 1, 9), date_end=date(2024, 1, 9),
        date_precision="day", time=None, weapon=("rocket",), count=3, killed=None,
        injured=None, casualties="unknown", casualty_note="", actor=None, target=None,
        new=True, outlet="X", cited=(), quote="q", span=(0, 1), summary_en="s",
    )
    base.update(changes)
    return Incident(**base)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([{}, {}], set()),
        ([{}, {"count": 4}], {"count"}),
        ([{}, {"count": None}], set()),
        ([{"killed": 1}, {"killed": 2}, {"killed": None}], {"killed"}),
        ([{}, {"weapon": ("unknown",)}], set()),
        ([{}, {"weapon": ("rocket", "drone")}], {"weapon"}),
        ([{}, {"date_start": date(2024, 1, 8)}], {"date"}),
        ([{}, {"site": "green-village", "actor": "X"}], {"site"}),
        ([{"actor": "A", "injured": 1}, {"actor": "B", "injured": 1}], {"actor"}),
        ([{}], set()),
    ],
)
def test_disagreements(changes: list[dict[str, Any]], expected: set[str]) -> None:
    assert _ui.disagreements([_report(**c) for c in changes]) == expected


def test_report_card_marks_only_disagreeing_fields() -> None:
    card = _ui.report_card_html(_report(count=3, killed=1, casualties="reported",
                                        outlet="<i>Out</i>"), frozenset({"count"}))
    assert '<mark class="atlas-differs">3</mark>' in card
    assert '<mark class="atlas-differs">1</mark>' not in card
    assert "&lt;i&gt;Out&lt;/i&gt;" in card and "<i>Out" not in card


@pytest.mark.parametrize(
    ("name", "size", "problem"),
    [
        ("article.txt", 10, None),
        ("page.HTML", 10, None),
        ("page.htm", 2097, None),
        ("../etc/passwd.txt", 10, "folder parts"),
        ("sub\\dir.txt", 10, "folder parts"),
        ("..", 10, "folder parts"),
        ("bad\x00name.txt", 10, "control characters"),
        ("", 10, "folder parts"),
        ("report.pdf", 10, "wrong file type '.pdf'"),
        ("noext", 10, "wrong file type '(none)'"),
        ("empty.txt", 0, "empty file"),
        ("big.txt", 2098, "too large (2,098 bytes; the limit is 0.002 MB"),
    ],
)
def test_check_upload(name: str, size: int, problem: str | None) -> None:
    if problem is None:
        _ui.check_upload(name, size, 0.002)  # 2,097 bytes
    else:
        with pytest.raises(ArticleError, match=re.escape(problem)):
            _ui.check_upload(name, size, 0.002)


def test_article_from_upload_names_the_file() -> None:
    article = _ui.article_from_upload("my report (1).txt", "نص المقال".encode(),
                                      published=date(2024, 1, 1), outlet="X", max_mb=1.0)
    assert (article.id, article.source_path, article.text) == (
        "my-report-1", "my report (1).txt", "نص المقال")
    with pytest.raises(ArticleError, match=r"^blank\.txt: only white space"):
        _ui.article_from_upload("blank.txt", b"  \n ", published=None, outlet=None,
                                max_mb=1.0)


def test_table_frame_columns_and_ids(fixture_store: tuple[Path, dict[str, str]]) -> None:
    with GeoPackageStore(fixture_store[0]) as store:
        frame = store.events_frame()
    ids, table = _ui.table_frame(frame)
    sites = fixture_store[1]
    assert ids == [sites["kharab-al-jir"], sites["al-omar"], sites["conoco"]]  # latest first
    assert list(table.columns) == ["date", "site", "weapon", "count", "killed", "injured",
                                   "actor", "outlets", "summary"]
    assert [d.date().isoformat() for d in table["date"]] == ["2024-02-19", "2024-01-09",
                                                             "2024-01-08"]
    omar = table.iloc[1]
    assert (omar["site"], omar["outlets"], int(omar["count"])) == (
        "al-Omar oil field", "Furat Monitor, Sham Wire", 3)
    assert pd.api.types.is_datetime64_any_dtype(table["date"])
    top, first = _ui.table_frame(frame, limit=1)
    assert top == ids[:1] and len(first) == 1


@pytest.mark.parametrize(
    ("days", "order"),
    [
        ([("2024-01-02", "2024-01-02"), ("2024-01-03", "2024-01-03")], ["e1", "e0"]),
        ([(None, None), ("2024-01-01", "2024-01-01")], ["e1", "e0"]),  # undated last
        ([(None, "2024-01-05"), ("2024-01-03", "2024-01-03")], ["e0", "e1"]),  # end date
        ([("2024-01-03", "2024-01-03"), ("2024-01-03", "2024-01-03")], ["e0", "e1"]),  # ties
    ],
)
def test_table_frame_order(days: list[tuple[str | None, str | None]], order: list[str]) -> None:
    frame = pd.DataFrame({
        "id": [f"e{i}" for i in range(len(days))],
        "date_start": pd.to_datetime([d[0] for d in days]),
        "date_end": pd.to_datetime([d[1] for d in days]),
        "site_name": "x", "weapon": "rocket", "count": 1, "killed": None, "injured": None,
        "actor": None, "outlets": "A|B", "summary_en": "s",
    }, index=[10 + i for i in range(len(days))])  # not a 0..n-1 index
    ids, table = _ui.table_frame(frame)
    assert ids == order
    assert list(table["outlets"]) == ["A, B"] * len(days)


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
    from gazetteer.places.loading import IMPORTED_PREFIX, load_gazetteer

    gazetteer = load_gazetteer()
    at = open_app(fixture_store[0])
    offered = set(at.multiselect(key=_ui.K_SITES).options)
    labels = {key: site.name_en for key, site in gazetteer.sites.items()}
    curated = {k for k in gazetteer.sites if not k.startswith(IMPORTED_PREFIX)}
    with_events = set(fixture_store[1])
    shown = {o.split(" \u00b7 ", 1)[1] for o in offered}  # "governorate · name"
    assert {labels[k] for k in curated | with_events} <= shown
    builtin_idle = {labels[k] for k in gazetteer.sites if k.startswith(IMPORTED_PREFIX)}
    assert builtin_idle, "the default gazetteer carries the built-in layer"
    assert not (shown & (builtin_idle - {labels[k] for k in curated | with_events}))
