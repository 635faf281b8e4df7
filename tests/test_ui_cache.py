"""The UI's shared caches: one event table per data version, never changed by a script run.

The event table and what is derived from it are ``st.cache_resource`` objects shared by every
session without a copy (``dashboard.ui.data``); these tests drive whole runs of the app
(presets, a selected event, the briefing, the table) and check that the shared table is the
same object and still equal to a fresh read of the store. The counts line's article count
(``dashboard.filters.describe``, Arrow's split and hash count) is checked on every string
dtype a table may come with.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _app import build_app_store, counts_line
from streamlit.testing.v1 import AppTest

from dashboard.filters import describe
from dashboard.store.geopackage import open_store
from dashboard.ui import data
from dashboard.ui.state import FILTERS


@pytest.fixture(scope="module")
def app_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("ui-cache") / "store.gpkg"
    return path, build_app_store(path)


def _shared(db: Path) -> tuple[str, pd.DataFrame, data.Catalog, pd.DataFrame]:
    """The current data version, its cached table and catalog, and a fresh read of ``db``."""
    store = open_store(db)
    try:
        fresh = store.events_frame()
        version = data.data_version(data.get_store(str(db)), str(db))
    finally:
        store.close()
    return version, data.load_frame(str(db), version), data.catalog(str(db), version), fresh


#: Steps of one session: (what is done, query of a new session or None, button key or None).
STEPS: list[tuple[str, dict[str, str] | None, str | None]] = [
    ("first run", {}, None),
    ("last 7 days", None, "preset-7d"),
    ("all", None, "preset-all"),
    ("a session selecting an event", {"event": "al-omar"}, None),
    ("a briefing session", {"briefing": "1", "weapon": "rocket"}, None),
]


def test_script_runs_leave_the_shared_table_unchanged(
    app_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, ids = app_store
    data.load_frame.clear()
    data.catalog.clear()
    shared_store = data.get_store(str(db))
    reads: list[int] = []
    real_read = shared_store.events_frame

    def counting() -> pd.DataFrame:
        reads.append(1)
        return real_read()

    monkeypatch.setattr(shared_store, "events_frame", counting)
    at: AppTest | None = None
    tables = []
    for step, query, button in STEPS:
        if query is not None:
            at = open_app(db, query={k: ids.get(v, v) for k, v in query.items()})
        else:
            assert at is not None and button is not None
            at.button(key=button).click().run()
        assert not at.exception, (step, at.exception)
        version, table, cat, fresh = _shared(db)
        tables.append(table)
        pd.testing.assert_frame_equal(table, fresh, obj=step)
        assert cat.sites == frozenset(fresh["site"].dropna()), step
        key = data.filter_key(at.session_state[FILTERS])
        shown = data.view(str(db), version, key)
        expected = data.make_view(fresh, key)
        pd.testing.assert_frame_equal(shown.filtered, expected.filtered, obj=step)
        pd.testing.assert_frame_equal(shown.timeline, expected.timeline, obj=step)
        assert (shown.counts, shown.totals) == (expected.counts, expected.totals), step
    assert all(t is tables[0] for t in tables), "one shared table per data version"
    assert len(reads) == 1, "the store is read once, by the app's first run"


def test_the_counts_line_of_a_filtered_run(
    app_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    db, _ = app_store
    at = open_app(db, query={"site": "al-omar,conoco"})
    assert counts_line(at) == "2 events (3 reports from 2 articles)"


DTYPES = ["object", "str", "string[pyarrow]", "string[python]"]
ARTICLE_CASES = [
    # (articles column, n_reports, counts line)
    (["a1|a2", None, "a2"], [2, 1, 1], "3 events (4 reports from 2 articles)"),
    (["", "a1||a3|", "a3"], [0, 2, 1], "3 events (3 reports from 2 articles)"),
    ([None, None], [1, 1], "2 events (2 reports from 0 articles)"),
    (["\u0645|\u0645"], [2], "1 event (2 reports from 1 article)"),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("articles", "reports", "expected"), ARTICLE_CASES)
def test_describe_counts_distinct_articles_of_any_string_dtype(
    dtype: str, articles: list[str | None], reports: list[int], expected: str
) -> None:
    table = pd.DataFrame({"n_reports": pd.Series(reports, dtype="int64"),
                          "articles": pd.Series(articles, dtype=dtype)})
    assert describe(table) == expected


def test_a_briefing_map_is_built_once_per_view(
    app_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, _ = app_store
    built: list[int] = []
    real = data.build_map

    def counting(events: pd.DataFrame, options: Any = None) -> Any:
        built.append(len(events))
        return real(events, options)

    monkeypatch.setattr(data, "build_map", counting)
    data.briefing_map.clear()
    at = open_app(db, query={"briefing": "1", "weapon": "rocket"})
    at.run()
    again = open_app(db, query={"briefing": "1", "weapon": "rocket"})
    assert not at.exception and not again.exception
    assert len(built) == 1, "three runs of one briefing view build its map once"
    other = open_app(db, query={"briefing": "1"})
    assert not other.exception
    assert len(built) == 2, "another view builds its own"
