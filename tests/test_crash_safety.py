"""Crash safety and concurrent analysts, with real processes and threads (issue 4, section 2).

- An ingest killed with SIGKILL in the middle of a large batch leaves the store with every
  article wholly in (its reports and events present) or wholly out; a rerun completes the
  batch and ends with the same articles, reports and events as an uninterrupted ingest. Two
  ways of ingesting are killed: ``atlas ingest`` (the whole batch is one transaction) and a
  Python process that ingests the batch in chunks (a commit per chunk, so the kill lands after
  some commits and during another).
- Two analysts save a review of the same event at the same moment, from two threads or two
  processes, each with its own connection to the same file: exactly one save wins, the other
  gets :class:`~dashboard.store.geopackage.ReviewConflict`, and no review is lost or doubled.

Every wait is bounded; every process started here is killed or waited for.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import GeoPackageStore, ReviewConflict
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Event, Incident

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "tests" / "bench"
#: Articles in the killed batch, and how many per folder (a folder is a chunk).
N_ARTICLES = 300
CHUNK = 50
#: Longest wait for anything a child process does, in seconds.
WAIT = 120.0


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up while executing
    spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def _write_folder(folder: Path, articles: list[Article]) -> None:
    """Write articles as ``NAME.txt`` files plus the ``articles.csv`` index."""
    folder.mkdir(parents=True)
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as index:
        writer = csv.writer(index)
        writer.writerow(["file", "published", "outlet", "url", "language", "note"])
        for article in articles:
            name = f"{article.id}.txt"
            (folder / name).write_text(article.text, encoding="utf-8")
            published = article.published.isoformat() if article.published else ""
            writer.writerow([name, published, article.outlet or "", "", "ar", "generated"])


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """300 generated articles in folders of 50 (the same files for every test)."""
    articles = _module("_corpus_gen").generate(N_ARTICLES, seed=13)
    root = tmp_path_factory.mktemp("batch")
    folders = []
    for start in range(0, N_ARTICLES, CHUNK):
        folder = root / f"chunk{start // CHUNK:02d}"
        _write_folder(folder, articles[start : start + CHUNK])
        folders.append(folder)
    return folders


def _snapshot(path: Path) -> dict[str, object]:
    """Read what the store holds, checking first that it opens as a store."""
    GeoPackageStore(path).close()  # opening rolls back what a killed writer left half done
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        articles = {r[0] for r in conn.execute("SELECT id FROM articles")}
        by_article: dict[str, set[str]] = {a: set() for a in articles}
        for report, article in conn.execute("SELECT id, article FROM reports"):
            by_article.setdefault(article, set()).add(report)
        links = conn.execute("SELECT event_id, report_id FROM event_reports").fetchall()
        events = dict(conn.execute("SELECT id, n_reports FROM events").fetchall())
    return {"articles": articles, "reports": by_article, "links": links, "events": events}


def _assert_whole(snapshot: dict[str, object], reference: dict[str, object]) -> None:
    """Every stored article has exactly its reports, and every report sits in one event."""
    articles = snapshot["articles"]
    reports = snapshot["reports"]
    ref_reports = reference["reports"]
    assert isinstance(articles, set) and isinstance(reports, dict) and isinstance(ref_reports, dict)
    assert articles <= reference["articles"]  # type: ignore[operator]
    assert set(reports) == articles, "reports of an article that is not stored"
    half = sorted(a for a in articles if reports[a] != ref_reports[a])
    assert not half, f"articles stored without all their reports: {half[:5]}"
    links = snapshot["links"]
    events = snapshot["events"]
    assert isinstance(links, list) and isinstance(events, dict)
    linked = [report for _, report in links]
    stored = {r for rs in reports.values() for r in rs}
    assert sorted(linked) == sorted(stored), "a report in no event, or in two"
    per_event: dict[str, int] = {}
    for event, _ in links:
        per_event[event] = per_event.get(event, 0) + 1
    assert per_event == events, "an event whose report links do not match its n_reports"


@pytest.fixture(scope="module")
def reference(batch: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The store an uninterrupted ingest of the whole batch gives."""
    path = tmp_path_factory.mktemp("reference") / "atlas.gpkg"
    with GeoPackageStore(path) as store:
        report = ingest_paths(store, batch, load_gazetteer())
    assert (report.added, report.failed) == (N_ARTICLES, [])
    return _snapshot(path)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _atlas() -> list[str]:
    script = Path(sys.executable).with_name("atlas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


#: A child that ingests one folder per transaction and appends a line to PROGRESS after each.
CHUNKED = """
import sys
from pathlib import Path
from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import GeoPackageStore
from gazetteer.places.loading import load_gazetteer

db, progress, *folders = sys.argv[1:]
gazetteer = load_gazetteer()
with GeoPackageStore(db) as store:
    for folder in folders:
        report = ingest_paths(store, [folder], gazetteer)
        with open(progress, "a", encoding="utf-8") as out:
            out.write(f"{folder} {report.added}\\n")
"""


def _command(mode: str, db: Path, progress: Path, folders: list[Path]) -> list[str]:
    if mode == "atlas ingest":
        return [*_atlas(), "ingest", *map(str, folders), "--db", str(db)]
    return [sys.executable, "-c", CHUNKED, str(db), str(progress), *map(str, folders)]


def _commits(progress: Path) -> int:
    try:
        return len(progress.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return 0


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; any still running at the end is killed and reaped."""
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=WAIT)


#: (how the batch is ingested, commits to wait for before the kill)
KILL_CASES = [
    ("atlas ingest", 0),
    ("chunked", 1),
    ("chunked", 3),
]


@pytest.mark.parametrize(("mode", "after_commits"), KILL_CASES)
def test_sigkill_mid_ingest_leaves_whole_articles_and_a_rerun_completes(
    mode: str,
    after_commits: int,
    batch: list[Path],
    reference: dict[str, object],
    tmp_path: Path,
    started: list[subprocess.Popen[bytes]],
) -> None:
    db = tmp_path / "atlas.gpkg"
    journal = tmp_path / "atlas.gpkg-journal"
    wal = tmp_path / "atlas.gpkg-wal"
    progress = tmp_path / "progress.txt"
    log = tmp_path / "ingest.log"
    GeoPackageStore(db).close()  # the store exists before the child writes to it
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _command(mode, db, progress, batch), cwd=ROOT, env=_env(),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    started.append(proc)
    deadline = time.monotonic() + WAIT
    # kill while a transaction is open: after the wanted commits, once the journal is back
    while not (_commits(progress) >= after_commits and (journal.exists() or wal.exists())):
        assert proc.poll() is None, (
            f"{mode}: the ingest ended (status {proc.returncode}) before it could be killed;"
            f" {log.read_text(encoding='utf-8', errors='replace')}"
        )
        assert time.monotonic() < deadline, f"{mode}: no write transaction within {WAIT} s"
        time.sleep(0.002)
    time.sleep(0.02)  # a little way into the transaction
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=WAIT) == -signal.SIGKILL
    commits = _commits(progress)

    killed = _snapshot(db)
    _assert_whole(killed, reference)
    stored = len(killed["articles"])  # type: ignore[arg-type]
    # whole chunks only: those reported committed, and perhaps one committed just before the kill
    assert stored % CHUNK == 0 and stored >= commits * CHUNK, (stored, commits)
    assert stored < N_ARTICLES, "the kill came after the last commit"

    rerun = subprocess.run(
        [*_atlas(), "ingest", *map(str, batch), "--db", str(db)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=WAIT, check=False,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingested {N_ARTICLES - stored} articles ({stored} duplicates skipped" in rerun.stdout
    done = _snapshot(db)
    _assert_whole(done, reference)
    assert done["articles"] == reference["articles"]
    assert done["reports"] == reference["reports"]
    assert sorted(done["links"]) == sorted(reference["links"])  # type: ignore[type-var]
    assert done["events"] == reference["events"]


# --------------------------------------------------------------------------- review race


def _event(event_id: str, article: str) -> Event:
    report = Incident(
        article=article, site="al-tanf", site_name="al-Tanf", lat=33.49, lon=38.62,
        geo_precision=1, date_start=date(2024, 3, 2), date_end=date(2024, 3, 2),
        date_precision="day", time=None, weapon=("drone",), count=2, killed=None,
        injured=None, casualties="unknown", casualty_note="", actor=None, target="base",
        new=True, outlet="outlet", cited=(), quote="q", span=(0, 1), summary_en="a drone attack",
    )  # fmt: skip
    return Event(
        id=event_id, site=report.site, site_name=report.site_name, lat=report.lat,
        lon=report.lon, geo_precision=1, date_start=report.date_start,
        date_end=report.date_end, date_precision="day", time=None, weapon=report.weapon,
        count=2, count_max=2, killed=None, killed_max=None, injured=None, injured_max=None,
        casualties="unknown", actor=None, target="base", new=True, outlets=("outlet",),
        cited=(), summary_en=report.summary_en, reports=(report,),
    )  # fmt: skip


#: One race per row: what the two analysts save at the same moment.
RACES = [
    (("confirmed", "looks right"), ("rejected", "a duplicate")),
    (("rejected", "not an attack"), ("confirmed", "checked twice")),
    (("corrected", "two drones, not three"), ("confirmed", "fine")),
]


@pytest.fixture
def review_store(tmp_path: Path) -> tuple[Path, list[str]]:
    """A store file with one event per race, each at version 1."""
    from dashboard.store.geopackage import content_hash, report_id

    path = tmp_path / "reviews.gpkg"
    ids = [f"ev-race-{i}" for i in range(len(RACES))]
    with GeoPackageStore(path) as store, store.transaction():
        for event_id in ids:
            event = _event(event_id, f"art-{event_id}")
            text = f"article of {event_id}"
            store.insert_article(
                Article(id=f"art-{event_id}", text=text, published=date(2024, 3, 2)),
                content_hash(text),
            )
            rid = report_id(event.reports[0])
            store.insert_reports([(rid, event.reports[0])])
            store.insert_events([(event, [rid], 1)])
    return path, ids


def _fields(status: str) -> dict[str, object] | None:
    return {"count": 2} if status == "corrected" else None


def _race_threads(path: Path, event_id: str, saves: list[tuple[str, str]]) -> list[object]:
    """Two threads, each with its own connection, save once after a common barrier."""
    barrier = threading.Barrier(len(saves))
    results: list[object] = [None] * len(saves)

    def analyst(i: int, status: str, note: str) -> None:
        with GeoPackageStore(path) as store:
            barrier.wait(timeout=WAIT)
            try:
                results[i] = store.save_review(
                    event_id, status, note, _fields(status), expected_version=1,
                    reviewer=f"analyst-{i}",
                )  # fmt: skip
            except ReviewConflict as exc:
                results[i] = exc

    threads = [
        threading.Thread(target=analyst, args=(i, status, note))
        for i, (status, note) in enumerate(saves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert not any(t.is_alive() for t in threads), "an analyst thread did not finish"
    return results


#: A child that opens the store, waits for the GO file, saves one review, prints the outcome.
ANALYST = """
import json, sys, time
from pathlib import Path
from dashboard.store.geopackage import GeoPackageStore, ReviewConflict

db, go, event_id, status, note, reviewer = sys.argv[1:]
fields = {"count": 2} if status == "corrected" else None
with GeoPackageStore(db) as store:
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    try:
        version = store.save_review(event_id, status, note, fields, expected_version=1,
                                    reviewer=reviewer)
        print(json.dumps({"saved": version}))
    except ReviewConflict as exc:
        print(json.dumps({"conflict": str(exc), "current": exc.current}))
"""


def _race_processes(path: Path, event_id: str, saves: list[tuple[str, str]]) -> list[object]:
    """Two processes open the store, wait for a common go signal, and save once each."""
    go = path.with_name(f"go-{event_id}")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ANALYST, str(path), str(go), event_id, status, note,
             f"analyst-{i}"],
            cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i, (status, note) in enumerate(saves)
    ]
    try:
        for proc in procs:  # both have opened the store before either may save
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        go.touch()
        outputs = [proc.communicate(timeout=WAIT) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=WAIT)
    results: list[object] = []
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        outcome = json.loads(out.strip().splitlines()[-1])
        results.append(outcome["saved"] if "saved" in outcome else ReviewConflict(
            event_id, 1, outcome["current"]))
    return results


@pytest.mark.parametrize("how", ["threads", "processes"])
@pytest.mark.parametrize("race", range(len(RACES)))
def test_two_analysts_racing_one_wins_one_conflicts(
    how: str, race: int, review_store: tuple[Path, list[str]]
) -> None:
    path, ids = review_store
    event_id = ids[race]
    saves = list(RACES[race])
    runner = _race_threads if how == "threads" else _race_processes
    results = runner(path, event_id, saves)
    winners = [i for i, r in enumerate(results) if r == 2]
    losers = [i for i, r in enumerate(results) if isinstance(r, ReviewConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    conflict = results[losers[0]]
    assert isinstance(conflict, ReviewConflict) and conflict.current == 2
    with GeoPackageStore(path) as store:
        reviews = store.reviews_for(event_id)
        row = store.events_frame().set_index("id").loc[event_id]
        # no lost and no doubled update: the winner's review, once, at the new version
        status, note = saves[winners[0]]
        assert [(r.status, r.note, r.reviewer, r.version) for r in reviews] == [
            (status, note, f"analyst-{winners[0]}", 2)
        ]
        assert (row["version"], row["review_status"], row["review_note"]) == (2, status, note)
        # the loser reloads and saves on top: both reviews are kept, in order
        loser_status, loser_note = saves[losers[0]]
        assert store.save_review(
            event_id, loser_status, loser_note, _fields(loser_status), expected_version=2,
            reviewer=f"analyst-{losers[0]}",
        ) == 3  # fmt: skip
        assert [r.note for r in store.reviews_for(event_id)] == [note, loser_note]
