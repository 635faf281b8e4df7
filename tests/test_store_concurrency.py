"""Writers take turns and readers go on: a long ingest, a second ingest and pages at once.

Issue 11 point 2. Extraction runs outside the write transaction and the articles are written
in pieces, so a second ``atlas ingest`` waits its turn (saying so) instead of failing with
"database is locked", readers keep reading, and both batches end up in the store.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from _app import APP
from streamlit.testing.v1 import AppTest

from dashboard.store.geopackage import GeoPackageStore
from dashboard.store.interface import StoreError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))
from _corpus_gen import generate  # noqa: E402

#: Articles per batch: each ingest runs for several seconds and writes many pieces.
BATCH = 1200


def _folder(path: Path, seed: int) -> int:
    """Write BATCH generated articles with an articles.csv; return how many distinct texts."""
    path.mkdir()
    articles = generate(BATCH, seed=seed)
    with (path / "articles.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "published", "outlet", "url", "language", "note"])
        for i, item in enumerate(articles):
            name = f"s{seed}-{i:05d}.txt"
            (path / name).write_text(item.text, encoding="utf-8")
            writer.writerow([name, item.published.isoformat(), item.outlet or "", "", "ar", ""])
    return len({a.text for a in articles})


def _atlas(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_ingests_and_readers_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "atlas.gpkg"
    first_n = _folder(tmp_path / "one", seed=11)
    second_n = _folder(tmp_path / "two", seed=12)
    GeoPackageStore(db).close()  # an empty store both ingests write into
    first = _atlas("ingest", str(tmp_path / "one"), "--db", str(db))
    second = _atlas("ingest", str(tmp_path / "two"), "--db", str(db))
    reads: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def reader() -> None:  # what every page does: the event table and the counts
        with GeoPackageStore(db) as store:
            while not stop.is_set():
                try:
                    reads.append(len(store.events_frame()) + store.counts()["articles"] * 0)
                except StoreError as exc:
                    failures.append(str(exc))
                time.sleep(0.05)

    thread = threading.Thread(target=reader)
    thread.start()
    pages = 0
    monkeypatch.setenv("ATLAS_DB", str(db))
    try:
        while first.poll() is None or second.poll() is None:
            at = AppTest.from_file(str(APP), default_timeout=180)
            at.run()
            assert not at.exception, at.exception
            assert not at.error, [e.value for e in at.error]
            pages += 1
    finally:
        stop.set()
        thread.join()
    out1, err1 = first.communicate()
    out2, err2 = second.communicate()
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    assert failures == []
    assert pages >= 1 and len(reads) > 1
    with GeoPackageStore(db) as store:
        assert store.counts()["articles"] == first_n + second_n
    assert "database is locked" not in err1 + err2
    assert out1.startswith(f"ingested {first_n} articles")
    assert out2.startswith(f"ingested {second_n} articles")


def test_a_writer_waits_for_the_lock_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "atlas.gpkg"
    GeoPackageStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    heard: list[str] = []
    release = threading.Timer(6.0, lambda: holder.execute("COMMIT"))
    with GeoPackageStore(db, on_wait=heard.append) as store:
        release.start()
        with store.transaction():
            pass
    release.join()
    holder.close()
    assert heard and heard[0].startswith(f"{db}: another program is writing to the store;")


def test_a_writer_gives_up_with_a_true_message(tmp_path: Path) -> None:
    db = tmp_path / "atlas.gpkg"
    GeoPackageStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with (
            GeoPackageStore(db, wait=1.0) as store,
            pytest.raises(StoreError) as caught,
            store.transaction(),
        ):
            pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert message.startswith(f"{db}: cannot start writing: another program has been writing")
    assert "not a GeoPackage" not in message and "Try again" in message


@pytest.mark.parametrize("backend", ["geopackage", "postgis"])
def test_two_writers_in_pieces_and_a_reader_on_either_backend(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Two ingests in threads write in small pieces at once; a reader reads throughout."""
    from dashboard.ingest import ingest
    from dashboard.store.interface import open_store
    from gazetteer.places.loading import load_gazetteer

    where = (
        str(tmp_path / "atlas.gpkg")
        if backend == "geopackage"
        else request.getfixturevalue("pg_url")
    )
    gazetteer = load_gazetteer()
    batches = [
        [dataclasses.replace(a, id=f"s{seed}-{a.id}") for a in generate(60, seed=seed)]
        for seed in (21, 22)
    ]
    results: list[object] = []
    failures: list[str] = []
    stop = threading.Event()

    def write(batch: list) -> None:
        store = open_store(where)
        try:
            results.append(ingest(store, batch, gazetteer, piece=5))
        except StoreError as exc:  # pragma: no cover - shown by the assertion below
            failures.append(str(exc))
        finally:
            store.close()

    def read() -> None:
        store = open_store(where)
        try:
            while not stop.is_set():
                store.events_frame()
                store.counts()
        except StoreError as exc:  # pragma: no cover - shown by the assertion below
            failures.append(str(exc))
        finally:
            store.close()

    open_store(where).close()
    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(b,)) for b in batches]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    reader.join()
    assert failures == []
    assert all(not r.failed for r in results)  # type: ignore[attr-defined]
    store = open_store(where)
    try:
        distinct = len({a.text for batch in batches for a in batch})
        assert store.counts()["articles"] == distinct
        events = store.load_events()
        assert sum(len(e.reports) for e in events) == store.counts()["reports"]
    finally:
        store.close()
