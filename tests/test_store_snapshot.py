"""GeoPackage reads see one state of the file while other processes commit.

``events_frame`` reads the event table through GDAL (a connection of its own) and the analysts'
corrections through the store's connection; ``load_events`` reads corrections, events and
report links with three queries. A review committed by another analyst between those reads
must not give a mixed answer (a corrected value next to the version and review status of
before). Each test commits at the worst moment, from a second store object, and checks that
every row read is one state: all before the save, or all after it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_store import EVENTS, _fill

import dashboard.store.geopackage as store_module
from dashboard.store.geopackage import GeoPackageStore

#: (event label, corrected field, corrected value): one analyst's save, in the test's own data.
SAVES = [
    (label, "count", 7 if (EVENTS[label].count or 0) != 7 else 8) for label in sorted(EVENTS)[:3]
]


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "atlas.gpkg"
    with GeoPackageStore(target) as filled:
        _fill(filled)
    yield target


#: Another analyst's process: opens the store and corrects one field, prints the new version.
_OTHER_ANALYST = (
    "import json, sys\n"
    "from dashboard.store.geopackage import GeoPackageStore\n"
    "path, event_id, field = sys.argv[1:4]\n"
    "value = json.loads(sys.argv[4])\n"
    "with GeoPackageStore(path) as other:\n"
    "    print(other.save_review(event_id, 'corrected', 'second analyst', {field: value},"
    " expected_version=1))\n"
)
ROOT = Path(__file__).resolve().parent.parent


def _save(path: Path, event_id: str, field: str, value: Any) -> int:
    """Another analyst, in a process of their own, corrects one field.

    Another process, not another store object of this one: while this process reads the file
    through GDAL, its own store objects wait to write (dashboard/store/gpkg_guard.py).
    """
    done = subprocess.run(
        [sys.executable, "-c", _OTHER_ANALYST, str(path), event_id, field, json.dumps(value)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return int(done.stdout.strip())


def _row(frame: pd.DataFrame, event_id: str) -> pd.Series:
    (found,) = frame.index[frame["id"] == event_id]
    return frame.loc[found]


@pytest.mark.parametrize(("label", "field", "value"), SAVES)
def test_events_frame_is_one_state_when_a_review_lands_between_its_reads(
    path: Path, monkeypatch: pytest.MonkeyPatch, label: str, field: str, value: Any
) -> None:
    event_id = EVENTS[label].id
    real_read: Callable[..., Any] = store_module.pyogrio.read_dataframe
    saved: list[int] = []

    def read_then_commit(*args: Any, **kwargs: Any) -> Any:
        frame = real_read(*args, **kwargs)  # the event table as it was ...
        saved.append(_save(path, event_id, field, value))  # ... then a review commits
        return frame

    monkeypatch.setattr(store_module.pyogrio, "read_dataframe", read_then_commit)
    with GeoPackageStore(path) as reader:
        row = _row(reader.events_frame(), event_id)
    assert saved == [2]
    # The review is in the answer, so everything about it is: value, version and status.
    assert (row[field], row["version"], row["review_status"]) == (value, 2, "corrected")
    assert bool(row["reviewed"])


#: An event merged from several reports, so that a re-merge can change its list of reports.
MERGED = next(label for label in sorted(EVENTS) if len(EVENTS[label].reports) > 1)


def _remerge(path: Path, event_id: str) -> None:
    """Another process re-merges one event: new summary, fewer reports, one transaction."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE events SET summary_en = 'merged again' WHERE id = ?", (event_id,))
        conn.execute("DELETE FROM event_reports WHERE event_id = ? AND position > 0", (event_id,))
        conn.execute("COMMIT")
    finally:
        conn.close()


class _CommitAfterRead:
    """A connection that lets another process commit right after its ``after``-th query."""

    def __init__(self, conn: sqlite3.Connection, after: int, commit: Callable[[], None]) -> None:
        self._conn = conn
        self._after = after
        self._commit = commit
        self._reads = 0
        self.writer: threading.Thread | None = None

    def execute(self, sql: str, *params: Any) -> Any:
        cursor = self._conn.execute(sql, *params)
        if sql.lstrip().upper().startswith("SELECT"):
            self._reads += 1
            if self._reads == self._after:
                self.writer = threading.Thread(target=self._commit)
                self.writer.start()
                self.writer.join(timeout=0.5)  # commits now unless this read holds the file
        return cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize("after", [1, 2])
def test_load_events_is_one_state_when_a_remerge_lands_between_its_reads(
    path: Path, after: int
) -> None:
    event_id = EVENTS[MERGED].id
    with GeoPackageStore(path) as reader:
        proxy = _CommitAfterRead(reader._conn, after, lambda: _remerge(path, event_id))
        reader._conn = proxy  # type: ignore[assignment]
        try:
            (event,) = reader.load_events([event_id])
        finally:
            reader._conn = proxy._conn
        assert proxy.writer is not None
        proxy.writer.join(timeout=30)
        assert not proxy.writer.is_alive()
        # One state: the event as it was, with all its reports, not the old row with the new
        # list of reports.
        assert (event.summary_en, len(event.reports)) == (
            EVENTS[MERGED].summary_en,
            len(EVENTS[MERGED].reports),
        )
        (after_commit,) = reader.load_events([event_id])
        assert (after_commit.summary_en, len(after_commit.reports)) == ("merged again", 1)
