"""The UI's pure parts, table-driven: escaping, popups, cards, uploads, the event table,
totals, site labels, corrections, download names and the article view (dashboard/ui/*)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _app import unescape

from dashboard.store.geopackage import GeoPackageStore
from dashboard.ui import cards, map_panel, state, upload
from dashboard.ui import table as ui_table
from gazetteer.articles import ArticleError
from gazetteer.records import Incident


def _day(text: str) -> date:
    return date.fromisoformat(text)


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
    assert state.plain(text) == shown
    assert unescape(state.plain(text)) == " ".join(text.split())


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
    assert map_panel.event_id_from_popup(popup, {"ev-1", "ev-2"}) == expected


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
    assert cards.disagreements([_report(**c) for c in changes]) == expected


def test_report_card_marks_only_disagreeing_fields() -> None:
    card = cards.report_card_html(_report(count=3, killed=1, casualties="reported",
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
        ("big.txt", 2098, "too large (2,098 bytes; the limit is 0.002 MiB"),
    ],
)
def test_check_upload(name: str, size: int, problem: str | None) -> None:
    if problem is None:
        upload.check_upload(name, size, 0.002)  # 2,097 bytes
    else:
        with pytest.raises(ArticleError, match=re.escape(problem)):
            upload.check_upload(name, size, 0.002)


def test_article_from_upload_names_the_file() -> None:
    article = upload.article_from_upload("my report (1).txt", "نص المقال".encode(),
                                      published=date(2024, 1, 1), outlet="X", max_mb=1.0)
    assert (article.id, article.source_path, article.text) == (
        "my-report-1", "my report (1).txt", "نص المقال")
    with pytest.raises(ArticleError, match=r"^blank\.txt: only white space"):
        upload.article_from_upload("blank.txt", b"  \n ", published=None, outlet=None,
                                max_mb=1.0)


def test_table_frame_columns_and_ids(fixture_store: tuple[Path, dict[str, str]]) -> None:
    with GeoPackageStore(fixture_store[0]) as store:
        frame = store.events_frame()
    ids, table = ui_table.table_frame(frame)
    sites = fixture_store[1]
    assert ids == [sites["kharab-al-jir"], sites["al-omar"], sites["conoco"]]  # latest first
    assert list(table.columns) == ["date", "span", "site", "weapon", "count", "killed",
                                   "injured", "actor", "outlets", "summary", "article"]
    assert [d.date().isoformat() for d in table["date"]] == ["2024-02-19", "2024-01-09",
                                                             "2024-01-08"]
    omar = table.iloc[1]
    assert (omar["site"], omar["outlets"], omar["count"], omar["span"]) == (
        "al-Omar oil field", "Furat Monitor, Sham Wire", "3\u20134", "2024-01-09 (day)")
    assert omar["article"].startswith("/article?article=") and sites["al-omar"] in omar["article"]
    assert not table.isin(["None", "nan", "<NA>"]).any().any()  # blanks, never "None"
    assert pd.api.types.is_datetime64_any_dtype(table["date"])
    top, first = ui_table.table_frame(frame, limit=1)
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
    ids, table = ui_table.table_frame(frame)
    assert ids == order
    assert list(table["outlets"]) == ["A, B"] * len(days)


DOWNLOAD_NAMES = [
    # dates, sites, weapons, extension -> file name
    (("2021-07-01", "2021-07-31"), ["al-omar"], [], "csv",
     "incident-atlas_2021-07-01_2021-07-31_al-omar.csv"),
    (("2021-07-01", "2021-07-31"), [], [], "png", "incident-atlas_2021-07-01_2021-07-31.png"),
    (("2024-01-01", "2024-01-31"), ["al-omar", "conoco"], ["rocket", "small_arms"], "kml",
     "incident-atlas_2024-01-01_2024-01-31_al-omar+conoco_rocket+small-arms.kml"),
    (("2024-01-01", "2024-01-31"), ["a", "b", "c", "d"], [], "geojson",
     "incident-atlas_2024-01-01_2024-01-31_4-sites.geojson"),
    (("2024-01-01", "2024-01-31"), ["../../etc/x y"], [], "gpkg",
     "incident-atlas_2024-01-01_2024-01-31_etc-x-y.gpkg"),
]


@pytest.mark.parametrize(("dates", "sites", "weapons", "ext", "name"), DOWNLOAD_NAMES)
def test_download_names_say_what_they_hold(dates: tuple[str, str], sites: list[str],
                                           weapons: list[str], ext: str, name: str) -> None:
    from dashboard.filters import Filters
    from dashboard.ui.downloads import download_name

    chosen = Filters(date_from=_day(dates[0]), date_to=_day(dates[1]), sites=tuple(sites),
                     weapons=tuple(weapons))
    assert download_name(chosen, ext) == name


# --------------------------------------------------------------------------- pure helpers (10)

TOTALS_CASES = [
    # killed, killed_max, injured, injured_max, undated -> text
    ([], [], [], [], 0, "Killed 0, injured 0 (lowest\u2013highest reported)"),
    ([1, None], [3, None], [2, 1], [2, 4], 0,
     "Killed 1\u20133, injured 3\u20136 (lowest\u2013highest reported)"),
    ([None], [2], [None], [None], 2,
     "Killed 0\u20132, injured 0 (lowest\u2013highest reported); 2 undated events, not on the"
     " timeline"),
    ([4], [None], [0], [0], 1,
     "Killed 4, injured 0 (lowest\u2013highest reported); 1 undated event, not on the timeline"),
]


@pytest.mark.parametrize(("killed", "killed_max", "injured", "injured_max", "undated", "text"),
                         TOTALS_CASES)
def test_totals_text(killed: list[int | None], killed_max: list[int | None],
                     injured: list[int | None], injured_max: list[int | None], undated: int,
                     text: str) -> None:
    from dashboard.ui.counts import totals_text

    frame = pd.DataFrame({"killed": pd.array(killed, dtype="Int64"),
                          "killed_max": pd.array(killed_max, dtype="Int64"),
                          "injured": pd.array(injured, dtype="Int64"),
                          "injured_max": pd.array(injured_max, dtype="Int64")})
    assert totals_text(frame, undated) == text


SITE_LABELS = [
    ("al-omar", "al-Omar oil field", "Deir ez-Zor", [], "al-Omar oil field (Deir ez-Zor)"),
    ("ambiguous-gn-1-gn-2", "Kabbasin (ambiguous: Aleppo or Aleppo)", "Aleppo",
     ["Aleppo", "Aleppo"], "Kabbasin (one of 2 places in Aleppo)"),
    ("ambiguous-a-b-c", "Hamra (ambiguous: Homs or Hama or Homs)", "Other",
     ["Homs", "Hama", "Homs"], "Hamra (one of 3 places in Homs or Hama)"),
]


@pytest.mark.parametrize(("key", "name", "group", "places", "label"), SITE_LABELS)
def test_site_label(key: str, name: str, group: str, places: list[str], label: str) -> None:
    from dashboard.ui.sidebar import site_label

    assert site_label(key, name, group, places) == label


_NOW = {"date_start": date(2024, 1, 9), "date_end": date(2024, 1, 9), "date_precision": "day",
        "site": "al-omar", "weapon": "rocket", "actor": None, "count": 3, "killed": None,
        "injured": 2}
_UNDATED = {**_NOW, "date_start": None, "date_end": None, "date_precision": "unknown"}

CORRECTIONS = [
    (_NOW, {}, {}),
    (_NOW, {"count": 4.0}, {"count": 4}),
    (_NOW, {"weapon": ["rocket", "drone"], "actor": "  "}, {"weapon": "rocket|drone"}),
    (_NOW, {"actor": "Group X", "site": "conoco"}, {"actor": "Group X", "site": "conoco"}),
    (_NOW, {"date_start": date(2024, 1, 8)}, {"date_start": "2024-01-08"}),
    (_NOW, {"date_start": date(2024, 1, 12), "date_end": date(2024, 1, 10)},
     {"date_start": "2024-01-10", "date_end": "2024-01-12"}),
    (_UNDATED, {"date_start": date(2024, 2, 1)},
     {"date_start": "2024-02-01", "date_end": "2024-02-01", "date_precision": "day"}),
    (_UNDATED, {"date_start": date(2024, 2, 1), "date_end": date(2024, 2, 3)},
     {"date_start": "2024-02-01", "date_end": "2024-02-03", "date_precision": "days"}),
    (_UNDATED, {"date_end": date(2024, 2, 3), "date_precision": "week"},
     {"date_start": "2024-02-03", "date_end": "2024-02-03", "date_precision": "week"}),
]


@pytest.mark.parametrize(("current", "edits", "expected"), CORRECTIONS)
def test_corrected_fields(current: dict[str, Any], edits: dict[str, Any],
                          expected: dict[str, Any]) -> None:
    from dashboard.ui.review import corrected_fields

    assert corrected_fields(current, {**current, **edits}) == expected


def _article_report(span: tuple[int, int]) -> Incident:
    return _report(span=span, quote="q")


ARTICLE_CASES = [
    # text, spans -> the article block's body
    ("abcdef", [(1, 3)],
     'a<sup class="atlas-n">1</sup><mark class="atlas-incident" data-incidents="1">bc</mark>def'),
    ("abcdef", [(0, 4), (2, 6)],
     '<sup class="atlas-n">1</sup><mark class="atlas-incident" data-incidents="1">ab</mark>'
     '<sup class="atlas-n">2</sup><mark class="atlas-incident" data-incidents="1 2">cd</mark>'
     '<mark class="atlas-incident" data-incidents="2">ef</mark>'),
    ("<b>&x</b>", [(0, 3)],
     '<sup class="atlas-n">1</sup><mark class="atlas-incident" data-incidents="1">&lt;b&gt;'
     '</mark>&amp;x&lt;/b&gt;'),
    ("abc", [(2, 99), (5, 9)],
     'ab<sup class="atlas-n">1</sup><mark class="atlas-incident" data-incidents="1">c</mark>'),
]


@pytest.mark.parametrize(("text", "spans", "body"), ARTICLE_CASES)
def test_article_html_marks_each_incident(text: str, spans: list[tuple[int, int]],
                                          body: str) -> None:
    from dashboard.ui.article_view import article_html
    from gazetteer.records import Article

    html_text = article_html(Article(id="a<1>", text=text, outlet="<i>O</i>",
                                     url="javascript:alert(1)"),
                             [_article_report(s) for s in spans])
    assert html_text.endswith(f'<div class="atlas-article" dir="rtl" lang="ar">{body}</div>')
    assert "<i>O</i>" not in html_text and "&lt;i&gt;O&lt;/i&gt;" in html_text
    assert 'href="javascript' not in html_text and "a&lt;1&gt;" in html_text


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None), ("data:text/html,x", None), ("//example.org", None),
    ("", None), (None, None),
])
def test_safe_url(url: str | None, safe: str | None) -> None:
    from dashboard.ui.article_view import safe_url

    assert safe_url(url) == safe
