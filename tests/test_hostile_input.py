"""Hostile input everywhere it can enter and everywhere it can show (issue 4, section 3).

Table-driven from ``tests/data/hostile/``:

- ``payloads.csv``: HTML, JavaScript, XML, SQL, CSV formulas, bidi controls. Each payload is
  put into every text field of an event and its reports (summary, place, actor, target, outlet,
  cited sources, the Arabic quote, casualty note) and into the analyst's note, then rendered by
  every view and export: the map popups, the folium page, the Streamlit detail cards, the
  "Add article" preview, CSV, GeoJSON, KML, the standalone HTML export and the briefing header.
  Inertness is checked by parsing (``html.parser``, ``xml.etree``, ``csv``, ``json``): the
  output has exactly the elements and attributes it has for harmless text, and the payload
  comes back as text. The same payloads as article text and outlet go through extraction and
  the store, and as URL parameters through :func:`dashboard.filters.from_query`.
- ``uploads.json``: upload names and sizes, refused with a clear message or accepted.
- Corrupted and truncated GeoPackages given to ``atlas serve --db`` (built here).
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from conftest import load_events

from dashboard.exports import (
    FORMULA_PREFIXES,
    to_csv_bytes,
    to_geojson_bytes,
    to_html_bytes,
    to_kml_bytes,
)
from dashboard.filters import QUERY_KEYS, Known, apply, default_filters, from_query
from dashboard.frames import events_frame
from dashboard.ingest import ingest
from dashboard.map.build import MapOptions, build_map, frame_with_popups
from dashboard.map.popups import popup_html, report_card_html, row_popup_html
from dashboard.store.geopackage import GeoPackageStore
from dashboard.ui.briefing import build_briefing, legend_html
from dashboard.ui.cards import incident_html
from dashboard.ui.state import plain
from dashboard.ui.upload import article_from_upload, check_upload
from gazetteer.articles import ArticleError
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Event

DATA = Path(__file__).parent / "data" / "hostile"
ROOT = Path(__file__).resolve().parents[1]
#: Harmless text of the same role, rendered to get the expected document shape.
BENIGN = "harmless words"
#: Jinja expressions and statements (folium renders its pages with Jinja).
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _payloads() -> list[tuple[str, str]]:
    with (DATA / "payloads.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return [(row["case"], row["payload"]) for row in rows]


PAYLOADS = _payloads()
PAYLOAD_IDS = [case for case, _ in PAYLOADS]
PAYLOAD_TEXT = [payload for _, payload in PAYLOADS]


# --------------------------------------------------------------------------- parsing


class _Shape(HTMLParser):
    """Record a document's elements, attribute names and text, as a browser would tokenise."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, ...]] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.append(("<", tag, *sorted(name for name, _ in attrs)))
        for name, value in attrs:
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                self.urls.append(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.shape.append(("/", tag))

    def handle_endtag(self, tag: str) -> None:
        self.shape.append(("/", tag))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.shape.append(("!--",))

    def handle_decl(self, decl: str) -> None:
        self.shape.append(("!", decl.split()[0].lower()))

    def handle_pi(self, data: str) -> None:
        self.shape.append(("?",))


def _parse(html: str) -> _Shape:
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return parser


def _assert_inert_html(hostile: str, benign: str, payload: str, *, shown: bool = True) -> None:
    """Same elements and attributes as with harmless text; no script URL; payload as text."""
    got, want = _parse(hostile), _parse(benign)
    assert got.shape == want.shape, "the payload created or removed elements or attributes"
    assert not [u for u in got.urls if u.strip().lower().startswith(("javascript:", "data:"))]
    if shown:
        assert payload in "".join(got.text), "the payload is not shown as text"


# --------------------------------------------------------------------------- records


@cache
def _base_event() -> Event:
    events, _ = load_events()
    return next(e for e in events if len(e.reports) >= 2)


def _event_with(text: str) -> Event:
    """The sample event with ``text`` in every free-text field of it and of its reports."""
    base = _base_event()
    reports = tuple(
        dataclasses.replace(
            r, site_name=text, actor=text, target=text, outlet=text, cited=(text,),
            quote=text, span=(0, len(text)), highlights=(), casualty_note=text, summary_en=text,
        )
        for r in base.reports
    )
    return dataclasses.replace(
        base, site_name=text, actor=text, target=text, outlets=(text,), cited=(text,),
        summary_en=text, reports=reports,
    )  # fmt: skip


def _frame_with(text: str) -> gpd.GeoDataFrame:
    """The flat table of that event, with an analyst's review note of ``text``."""
    frame = events_frame([_event_with(text)])
    frame["version"] = 2
    frame["review_status"] = "confirmed"
    frame["review_note"] = text
    return frame


# --------------------------------------------------------------------------- HTML views

VIEWS = {
    "popup": lambda text: popup_html(_event_with(text)),
    "row popup": lambda text: row_popup_html(_frame_with(text).iloc[0].to_dict()),
    "report card": lambda text: report_card_html(
        _event_with(text).reports[0], frozenset({"site", "actor"})
    ),
    "add-article preview": lambda text: incident_html(_event_with(text).reports[0]),
}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("payload", PAYLOAD_TEXT, ids=PAYLOAD_IDS)
def test_html_views_render_payload_as_text(view: str, payload: str) -> None:
    render = VIEWS[view]
    _assert_inert_html(render(payload), render(BENIGN), payload)


@cache
def _map_pages(text: str) -> tuple[str, str]:
    """The folium page and the standalone HTML export of the hostile event's map."""
    frame = frame_with_popups(_frame_with(text), [_event_with(text)])
    options = MapOptions(title=text, briefing=True)
    m = build_map(frame, options)
    page = m.get_root().render()
    return page, to_html_bytes(build_map(frame, options)).decode("utf-8")


#: branca compiles the *rendered* script of every MacroElement as a Jinja template again, so
#: ``{{ ... }}`` in an article quote, summary, outlet or map title would be evaluated on the
#: server (``{{7*7}}`` would show as 49). ``dashboard.map.popups.script_json`` and ``esc`` keep
#: every Jinja opener out of what they emit; these cases check it.
MAP_PAYLOADS = [pytest.param(payload, id=case) for case, payload in PAYLOADS]


@pytest.mark.parametrize("which", [0, 1], ids=["folium page", "standalone export"])
@pytest.mark.parametrize("payload", MAP_PAYLOADS)
def test_map_pages_keep_payload_inside_their_data(which: int, payload: str) -> None:
    hostile, benign = _map_pages(payload)[which], _map_pages(BENIGN)[which]
    # the title box shows it as text; popups and data stay inside script JSON
    _assert_inert_html(hostile, benign, payload, shown=False)
    if any(c in payload for c in "<>&"):
        assert payload not in hostile, "the payload appears unescaped in the page"
    # An evaluated template would be gone (replaced by its value); an inert one is still there
    # once the JSON (\\u007b) and HTML (&#123;) escapes that keep it inert are decoded.
    decoded = html.unescape(
        re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), hostile)
    )
    for fragment in TEMPLATE.findall(payload):
        assert fragment in decoded, f"{fragment!r} was evaluated as a template, not shown"
        assert fragment not in hostile, f"{fragment!r} reached the page as a live template"


def test_briefing_header_shows_outlets_and_title_as_text() -> None:
    for payload in PAYLOAD_TEXT:
        frame = _frame_with(payload)
        frame["weapon_main"] = payload  # a value the legend does not know
        brief = build_briefing(frame, date(2024, 1, 1), date(2024, 1, 31),
                               datetime(2024, 2, 1, tzinfo=UTC), title=payload)
        benign = _frame_with(BENIGN)
        benign["weapon_main"] = BENIGN
        expected = build_briefing(benign, date(2024, 1, 1), date(2024, 1, 31),
                                  datetime(2024, 2, 1, tzinfo=UTC))
        _assert_inert_html(legend_html(brief.legend), legend_html(expected.legend), payload,
                           shown=False)
        for outlet in payload.split("|"):  # the flat table joins an event's outlets with |
            assert " ".join(outlet.split()) in " ".join(brief.sources.split())
        for line in (brief.sources, brief.title):
            shown = plain(line)  # how the page writes them (st.markdown)
            assert "\n" not in shown
            unescaped = "".join(
                c for i, c in enumerate(shown) if not (c == "\\" and i + 1 < len(shown))
            )
            for special in "<>[]()`*_&\"'!":
                # every Markdown/HTML character is backslash-escaped, so nothing is markup
                assert shown.count(special) == shown.count("\\" + special), (payload, special)
            assert unescaped.replace("\\", "") == " ".join(line.split()).replace("\\", "")


# --------------------------------------------------------------------------- exports


def _guarded(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


TEXT_COLUMNS = ("summary_en", "site_name", "actor", "target", "outlets", "cited", "review_note")


@pytest.mark.parametrize("payload", PAYLOAD_TEXT, ids=PAYLOAD_IDS)
def test_csv_cells_hold_the_text_and_never_start_a_formula(payload: str) -> None:
    data = to_csv_bytes(_frame_with(payload))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 1
    for column in TEXT_COLUMNS:
        assert rows[0][column] == _guarded(payload), column
    for cell in rows[0].values():
        assert not cell.startswith(FORMULA_PREFIXES) or _is_number(cell), cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("payload", PAYLOAD_TEXT, ids=PAYLOAD_IDS)
def test_geojson_properties_are_the_text(payload: str) -> None:
    feature = json.loads(to_geojson_bytes(_frame_with(payload)))["features"][0]
    assert set(feature) <= {"type", "id", "geometry", "properties"}
    for column in TEXT_COLUMNS:
        assert feature["properties"][column] == payload, column


KML = "{http://www.opengis.net/kml/2.2}"


def _kml_shape(data: bytes) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    root = ET.fromstring(data)
    shape = [(el.tag, tuple(sorted(el.attrib))) for el in root.iter()]
    texts = [el.text or "" for el in root.iter()]
    return shape, texts


@pytest.mark.parametrize("payload", PAYLOAD_TEXT, ids=PAYLOAD_IDS)
def test_kml_has_the_same_elements_and_the_text(payload: str) -> None:
    data = to_kml_bytes(_frame_with(payload))
    shape, texts = _kml_shape(data)
    assert shape == _kml_shape(to_kml_bytes(_frame_with(BENIGN)))[0]
    assert b"<![CDATA[" not in data and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data
    root = ET.fromstring(data)
    values = {d.get("name"): d.findtext(f"{KML}value") for d in root.iter(f"{KML}Data")}
    expected = "".join(c for c in payload if c.isprintable() or c in "\t\n\r")
    for column in ("summary_en", "outlets", "review_note"):
        if column in values:
            assert values[column] in {payload, expected}, column
    description = root.find(f"{KML}Document/{KML}Placemark/{KML}description")
    assert description is not None and len(description) == 0  # plain text, no child elements
    assert any(payload in t or expected in t for t in texts)
    # viewers render the description as HTML: only the exporter's <br> may be markup there
    tags: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_starttag = lambda tag, attrs: tags.append(tag)  # type: ignore[method-assign]
    parser.feed(description.text or "")
    parser.close()
    assert set(tags) <= {"br"}, tags


# --------------------------------------------------------------------------- through the store

#: My own sentence: "three rockets fell on the al-Tanf base this morning, said a reporter of".
SENTENCE = (
    "\u0642\u0627\u0644 \u0645\u0631\u0627\u0633\u0644 {payload} \u0625\u0646 \u062b\u0644\u0627"
    "\u062b\u0629 \u0635\u0648\u0627\u0631\u064a\u062e \u0633\u0642\u0637\u062a \u0639\u0644"
    "\u0649 \u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641 \u0635\u0628\u0627"
    "\u062d \u0627\u0644\u064a\u0648\u0645."
)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    """A store holding one article per payload (payload in the text and as outlet), reviewed."""
    path = tmp_path_factory.mktemp("hostile") / "atlas.gpkg"
    store = GeoPackageStore(path)
    articles = [
        Article(id=f"hostile-{case}", text=SENTENCE.format(payload=payload),
                published=date(2024, 5, 1), outlet=payload)
        for case, payload in PAYLOADS
    ]  # fmt: skip
    report = ingest(store, articles, load_gazetteer())
    assert report.failed == [] and report.added == len(PAYLOADS)
    for event_id, version in store.events_frame()[["id", "version"]].itertuples(index=False):
        store.save_review(event_id, "confirmed", PAYLOADS[0][1] + " " + PAYLOADS[2][1],
                          expected_version=int(version), reviewer=PAYLOADS[13][1])
    yield store
    store.close()


def test_store_keeps_hostile_text_verbatim_and_intact(hostile_store: GeoPackageStore) -> None:
    counts = hostile_store.counts()
    assert counts["articles"] == len(PAYLOADS)  # no table dropped, no row lost
    for case, payload in PAYLOADS:
        article = hostile_store.article(f"hostile-{case}")
        assert article.outlet == payload
        assert payload in article.text
    frame = hostile_store.events_frame()
    outlets = {" ".join(o.split()) for cell in frame["outlets"] for o in str(cell).split("|")}
    wanted = {" ".join(o.split()) for p in PAYLOAD_TEXT for o in p.split("|")}
    assert wanted <= outlets
    assert set(frame["review_note"]) == {PAYLOADS[0][1] + " " + PAYLOADS[2][1]}


@pytest.mark.parametrize("view", ["popup", "card"])
def test_stored_hostile_events_render_inert(view: str, hostile_store: GeoPackageStore) -> None:
    events = hostile_store.load_events()
    assert events
    for event in events:
        # the same event with each payload replaced by as many harmless letters (so the
        # highlight offsets of the quote stay where they were)
        def harmless(text: str | None) -> str | None:
            for payload in PAYLOAD_TEXT:
                if text and payload in text:
                    text = text.replace(payload, "x" * len(payload))
            return text

        plain_reports = tuple(
            dataclasses.replace(r, outlet=harmless(r.outlet), quote=harmless(r.quote))
            for r in event.reports
        )
        if view == "popup":
            html = popup_html(event)
            benign = popup_html(dataclasses.replace(
                event, outlets=tuple(harmless(o) or "" for o in event.outlets),
                reports=plain_reports,
            ))  # fmt: skip
        else:
            html = report_card_html(event.reports[0])
            benign = report_card_html(plain_reports[0])
        _assert_inert_html(html, benign, event.reports[0].outlet or "", shown=False)


# --------------------------------------------------------------------------- URL parameters

KNOWN = Known(sites={"al-tanf", "al-omar"}, actors={"Islamic Resistance in Iraq"},
              outlets={"Outlet A"}, events={"ev-1"})
SPAN = (date(2024, 1, 1), date(2024, 6, 30))
#: Parameters whose hostile value is refused with a warning naming the parameter.
REFUSED = [k for k in QUERY_KEYS if k != "q"]


@pytest.mark.parametrize("key", REFUSED)
@pytest.mark.parametrize("payload", PAYLOAD_TEXT, ids=PAYLOAD_IDS)
def test_query_parameters_fall_back_to_defaults_with_a_warning(key: str, payload: str) -> None:
    filters, warnings = from_query({key: payload}, SPAN, KNOWN)
    assert filters == default_filters(SPAN)
    assert warnings and all(isinstance(w, str) for w in warnings)
    assert any(f"{key}=" in w for w in warnings), warnings


@pytest.mark.parametrize("payload", PAYLOAD_TEXT, ids=PAYLOAD_IDS)
def test_search_text_is_a_literal_value(payload: str, sample_frame: gpd.GeoDataFrame) -> None:
    filters, warnings = from_query({"q": payload, "zz<script>": payload}, SPAN, KNOWN)
    assert filters.text == payload  # kept as a value, never parsed
    assert len(warnings) == 1 and "unknown parameter" in warnings[0]
    kept = apply(sample_frame, dataclasses.replace(filters, date_from=date(2000, 1, 1),
                                                   date_to=date(2100, 1, 1)))
    assert len(kept) <= len(sample_frame)
    assert set(kept.index) <= set(sample_frame.index)


# --------------------------------------------------------------------------- uploads


def _upload_cases() -> tuple[float, list[dict[str, object]]]:
    table = json.loads((DATA / "uploads.json").read_text(encoding="utf-8"))
    return float(table["max_mb"]), table["cases"]


MAX_MB, UPLOADS = _upload_cases()


def _size(case: dict[str, object]) -> int:
    size = case["size"]
    return int(MAX_MB * 1024 * 1024) + 1 if size == "over" else int(size)  # type: ignore[call-overload]


@pytest.mark.parametrize("case", UPLOADS, ids=[str(c["case"]) for c in UPLOADS])
def test_upload_check(case: dict[str, object]) -> None:
    name, problem = str(case["name"]), case["problem"]
    if problem is None:
        check_upload(name, _size(case), MAX_MB)
        return
    with pytest.raises(ArticleError) as caught:
        check_upload(name, _size(case), MAX_MB)
    message = str(caught.value)
    assert str(problem) in message
    assert "\n" not in message and "\x00" not in message  # the name is shown safely
    assert (name if name.isprintable() and name else repr(name) if name else "") in message


@pytest.mark.parametrize("case", UPLOADS, ids=[str(c["case"]) for c in UPLOADS])
def test_upload_writes_nothing_outside_the_data_folder(
    case: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, work = tmp_path / "data", tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    store = GeoPackageStore(data_dir / "atlas.gpkg")
    size = min(_size(case), 2 * 1024 * 1024)
    body = SENTENCE.format(payload="x").encode("utf-8")
    data = (body * (size // len(body) + 1))[:size] if size else b""
    try:
        article = article_from_upload(str(case["name"]), data, published=date(2024, 5, 1),
                                          outlet=None, max_mb=MAX_MB)
    except ArticleError:
        assert case["problem"] is not None
    else:
        assert case["problem"] is None
        assert "/" not in article.id and "\\" not in article.id and ".." not in article.id
        ingest(store, [article], load_gazetteer())
    finally:
        store.close()
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert [p for p in written if not p.startswith("data")] == ["work"]
    assert set(written) <= {"data", "data/atlas.gpkg", "work"}


# --------------------------------------------------------------------------- damaged stores


def _valid_store(path: Path) -> Path:
    with GeoPackageStore(path) as store:
        ingest(store, [Article(id="a1", text=SENTENCE.format(payload="x"),
                               published=date(2024, 5, 1), outlet="o")], load_gazetteer())
    return path


def _truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncate_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:50])


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all\n" * 100)


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page * 2):  # every other page after the first
        data[start : start + page] = b"\xa5" * len(data[start : start + page])
    path.write_bytes(bytes(data))


def _plain_sqlite(path: Path) -> None:
    import sqlite3

    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE other (x)")
    conn.close()


DAMAGE = {
    "truncated to half": _truncate_half,
    "truncated header": _truncate_header,
    "not sqlite": _garbage,
    "pages overwritten": _scribble,
    "sqlite but not a store": _plain_sqlite,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_serve_refuses_a_damaged_store_with_one_clear_message(damage: str, tmp_path: Path) -> None:
    path = _valid_store(tmp_path / "atlas.gpkg")
    DAMAGE[damage](path)
    before = path.read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    script = Path(sys.executable).with_name("atlas")
    atlas = [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]
    port = _free_port()
    done = subprocess.run(
        [*atlas, "serve", "--db", str(path), "--port", str(port), "--host", "127.0.0.1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert lines[0].startswith(f"atlas: {path}")
    assert "Incident Atlas running" not in done.stdout
    if damage != "sqlite but not a store":
        assert path.read_bytes() == before  # a damaged file is not "repaired" by overwriting


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_frames_of_payload_round_trip_through_every_export_format() -> None:
    """A sanity row: the payload frame is a valid event table for the exporters."""
    frame = _frame_with(PAYLOAD_TEXT[0])
    assert isinstance(frame, gpd.GeoDataFrame) and len(frame) == 1
    table = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")
    assert list(table["id"]) == list(frame["id"])
