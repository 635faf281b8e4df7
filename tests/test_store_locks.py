"""Another store object of the same process must not drop a write transaction's locks.

SQLite's locks are POSIX locks of the process: a descriptor of the file closed anywhere in the
process drops them (dashboard/store/gpkg_guard.py). While one store object writes, another
object of the same process opening the file, reading events through GDAL, or any other read,
must leave the writer's lock in place: a second process trying to write in the middle is
refused ("database is locked"), and the writer's commit goes through.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from _app import build_app_store

from dashboard.store import geopackage
from dashboard.store.geopackage import GeoPackageStore
from gazetteer.errors import StoreError
from gazetteer.records import Article

#: A second process that tries to write to the file, waiting at most 0.2 s for the lock.
_OTHER_WRITER = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], timeout=0.2)\n"
    "try:\n"
    "    conn.execute(\"UPDATE articles SET outlet = 'elsewhere'\")\n"
    "    conn.commit()\n"
    "    print('wrote')\n"
    "except sqlite3.OperationalError as exc:\n"
    "    print(exc)\n"
)


def _other_process_writes(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _OTHER_WRITER, str(path)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("locks") / "atlas.gpkg"
    build_app_store(path)
    return path


@pytest.fixture
def path(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "atlas.gpkg"
    copy.write_bytes(built.read_bytes())
    return copy


def _open_another(path: Path, reader: GeoPackageStore) -> None:
    GeoPackageStore(path).close()


def _read_events(path: Path, reader: GeoPackageStore) -> None:
    reader.events_frame()


def _read_counts(path: Path, reader: GeoPackageStore) -> None:
    reader.counts()
    reader.load_events()


#: (what another store object of this process does while one writes)
DURING: list[tuple[str, Callable[[Path, GeoPackageStore], None]]] = [
    ("opens the file", _open_another),
    ("reads the event table", _read_events),
    ("reads counts and events", _read_counts),
]


@pytest.mark.parametrize(("what", "act"), DURING, ids=[d[0] for d in DURING])
def test_a_second_store_object_keeps_the_writers_lock(
    path: Path, what: str, act: Callable[[Path, GeoPackageStore], None]
) -> None:
    writer, reader = GeoPackageStore(path), GeoPackageStore(path)
    try:
        with writer.transaction():
            writer.insert_article(Article(id="w1", text="\u0642\u0635\u0641", outlet="o"), "h-w1")
            act(path, reader)
            assert _other_process_writes(path) == "database is locked", what
        assert set(writer.article_hashes(["w1"])) == {"w1"}
    finally:
        reader.close()
        writer.close()


def test_gdal_still_reads_when_nobody_writes(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = geopackage.pyogrio.read_dataframe

    def counted(target: Path, **kwargs: object) -> object:
        calls.append(target)
        return real(target, **kwargs)

    monkeypatch.setattr(geopackage.pyogrio, "read_dataframe", counted)
    writer, reader = GeoPackageStore(path), GeoPackageStore(path)
    try:
        reader.events_frame()
        assert len(calls) == 1  # the fast path when no store object of the process writes
        with writer.transaction():
            frame = reader.events_frame()  # read through SQLite instead
        assert len(calls) == 1
        assert len(frame) == len(reader.events_frame())
    finally:
        reader.close()
        writer.close()


def test_nested_transaction_is_refused_at_once(path: Path) -> None:
    store = GeoPackageStore(path)
    try:
        with (
            store.transaction(),
            pytest.raises(StoreError, match="already open"),
            store.transaction(),
        ):
            pass
    finally:
        store.close()
