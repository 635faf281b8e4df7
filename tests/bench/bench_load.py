"""Twenty analysts at once while an ingest writes to the same store (``make bench-load``).

Not a test: nothing here asserts a time. It copies the cached synthetic store of 10,000 events
(``_stores.py``; the cache itself is never written), starts ``atlas serve`` on 127.0.0.1 and
opens ``--pages`` (20) pages of the map in one headless Debian chromium. While a second process
ingests generated articles (``_corpus_gen.py``) into the same GeoPackage, folder by folder, one
transaction each, every page changes the date preset ``--rounds`` times, all pages at the same
moment: "Last 30 days", "All", "Last 7 days", "All" ...

Reported:

- the latency of a filter change, p50, p90, p99 and max over every page and round: from the
  click on the preset (in the page, ``performance.now()``) to the moment the counts line
  (``N events (M reports from K articles)``) shows a new value and Streamlit has finished the
  run. A MutationObserver inside each page stamps that moment, so the figure does not depend
  on how often this script polls;
- the server's peak memory (``VmHWM`` of the Streamlit process);
- Streamlit exceptions (``[data-testid="stException"]``) seen on any page, and filter changes
  that did not complete within ``--cap`` seconds;
- how many articles the concurrent ingest committed, and whether it failed.

Bounded: no new round starts after ``--budget`` seconds (300), each wait is capped; everything
is on the loopback interface; the server, the ingest and the browser are stopped at the end.

    .venv/bin/python tests/bench/bench_load.py [--pages 20] [--rounds 4] [--budget 300]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "e2e"))

from _corpus_gen import generate  # noqa: E402
from _harness import (  # noqa: E402
    COUNTS_RE,
    IDLE,
    ROOT,
    AtlasServer,
    HarnessError,
    launch_chromium,
    probe_page,
    require_chromium,
)
from _stores import cached_store  # noqa: E402

#: Store size the pages work on.
EVENTS = 10_000
#: Preset buttons clicked in turn; every click changes the counts line from the one before.
SEQUENCE: tuple[str, ...] = ("Last 30 days", "All", "Last 7 days", "All")
POLL = 0.1

#: Runs in the page: clicks the preset, and lets a MutationObserver stamp ``window.__atlasLoad``
#: with the moment the counts line differs from the one before the click and the run has ended.
CLICK_JS = """
([label, countsSource, idle]) => {
  const re = new RegExp(countsSource);
  const counts = () => {
    for (const p of document.querySelectorAll('[data-testid="stMarkdownContainer"] p')) {
      const text = p.textContent.trim();
      if (re.test(text)) return text;
    }
    return null;
  };
  const state = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app ? app.getAttribute('data-test-script-state') : null;
  };
  const button = [...document.querySelectorAll('button')]
    .find(b => b.textContent.trim() === label);
  if (!button) return null;
  const before = counts();
  const mark = {t0: performance.now(), t1: null, before: before, after: null};
  window.__atlasLoad = mark;
  const observer = new MutationObserver(() => {
    const now = counts();
    if (mark.t1 === null && now && now !== before && state() === idle) {
      mark.t1 = performance.now();
      mark.after = now;
      observer.disconnect();
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                   attributes: true});
  mark.t0 = performance.now();
  button.click();
  return mark.t0;
}
"""

#: Runs in the page: the mark of the last click and the number of Streamlit exceptions shown.
READ_JS = """
() => ({mark: window.__atlasLoad || null,
        errors: document.querySelectorAll('[data-testid="stException"]').length})
"""

#: A child process that ingests one folder per transaction, then stops.
INGEST = """
import sys
from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import GeoPackageStore
from gazetteer.places.loading import load_gazetteer

db, *folders = sys.argv[1:]
gazetteer = load_gazetteer()
added = 0
with GeoPackageStore(db) as store:
    for folder in folders:
        report = ingest_paths(store, [folder], gazetteer)
        added += report.added
        print(f"committed {added} articles", flush=True)
"""


def percentile(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile (``share`` in 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def write_articles(root: Path, n: int, chunk: int) -> list[Path]:
    """Write ``n`` generated articles into folders of ``chunk``; return the folders."""
    articles = generate(n, seed=4)
    folders = []
    for start in range(0, n, chunk):
        folder = root / f"chunk{start // chunk:03d}"
        folder.mkdir(parents=True)
        with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as index:
            writer = csv.writer(index)
            writer.writerow(["file", "published", "outlet", "url", "language", "note"])
            for article in articles[start : start + chunk]:
                name = f"{article.id}.txt"
                (folder / name).write_text(article.text, encoding="utf-8")
                day = article.published.isoformat() if article.published else ""
                writer.writerow([name, day, article.outlet or "", "", "ar", "bench_load"])
        folders.append(folder)
    return folders


def wait_loaded(pages: list[Any], cap: float) -> list[float]:
    """Wait until every page shows its counts line and is idle; return seconds per page."""
    began = time.monotonic()
    loaded: dict[int, float] = {}
    while len(loaded) < len(pages):
        for i, page in enumerate(pages):
            if i in loaded:
                continue
            snap = probe_page(page)
            if snap["counts"] and snap["state"] == IDLE and snap["map"]:
                loaded[i] = time.monotonic() - began
        if time.monotonic() - began > cap:
            raise HarnessError(f"{len(pages) - len(loaded)} pages not loaded within {cap:.0f} s")
        time.sleep(POLL)
    return [loaded[i] for i in range(len(pages))]


def one_round(pages: list[Any], label: str, cap: float) -> tuple[list[float], int, int]:
    """Click ``label`` on every page at once; return (latencies in s, timeouts, exceptions)."""
    for page in pages:  # let every page settle first: a click during a run may be dropped
        deadline = time.monotonic() + cap
        while probe_page(page)["state"] != IDLE and time.monotonic() < deadline:
            time.sleep(POLL)
    for page in pages:
        if page.evaluate(CLICK_JS, [label, COUNTS_RE.pattern, IDLE]) is None:
            raise HarnessError(f"no button labelled {label!r}")
    began = time.monotonic()
    latencies: dict[int, float] = {}
    errors = 0
    while len(latencies) < len(pages) and time.monotonic() - began < cap:
        for i, page in enumerate(pages):
            if i not in latencies:
                mark = page.evaluate(READ_JS)["mark"]
                if mark and mark["t1"] is not None:
                    latencies[i] = (mark["t1"] - mark["t0"]) / 1000
        time.sleep(POLL)
    for page in pages:
        errors += int(page.evaluate(READ_JS)["errors"])
    return list(latencies.values()), len(pages) - len(latencies), errors


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Stop a child process group: SIGTERM, then SIGKILL."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=len(SEQUENCE))
    parser.add_argument("--articles", type=int, default=300,
                        help="articles the concurrent ingest writes (default 300)")
    parser.add_argument("--chunk", type=int, default=10, help="articles per ingest transaction")
    parser.add_argument("--cap", type=float, default=120.0,
                        help="longest wait for one round or for the pages to load, in seconds")
    parser.add_argument("--budget", type=float, default=300.0,
                        help="no new round starts after this many seconds (default 300)")
    args = parser.parse_args(argv)
    try:
        require_chromium()
    except HarnessError as exc:
        print(f"bench_load: {exc}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    began = time.monotonic()
    latencies: list[float] = []
    timeouts = exceptions = rounds_done = 0
    with tempfile.TemporaryDirectory(prefix="atlas-bench-load-") as tmp:
        work = Path(tmp)
        db = work / "atlas.gpkg"
        shutil.copyfile(cached_store(EVENTS), db)  # the cached store stays untouched
        folders = write_articles(work / "articles", args.articles, args.chunk)
        server = AtlasServer(db, work / "server.log")
        ingest_log = work / "ingest.log"
        ingest: subprocess.Popen[bytes] | None = None
        try:
            server.start()
            server.wait_ready(timeout=args.cap)
            print(f"server on {server.url}, store of {EVENTS:,} events", flush=True)
            with sync_playwright() as pw:
                context = launch_chromium(pw, work / "profile",
                                          viewport={"width": 1280, "height": 900})
                try:
                    pages = [context.new_page() for _ in range(args.pages)]
                    for page in pages:
                        page.set_default_timeout(args.cap * 1000)
                        page.goto(server.url, wait_until="commit")
                    loads = wait_loaded(pages, args.cap)
                    print(f"{len(pages)} pages loaded (slowest {max(loads):.1f} s)", flush=True)
                    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
                    with ingest_log.open("wb") as out:
                        ingest = subprocess.Popen(
                            [sys.executable, "-c", INGEST, str(db), *map(str, folders)],
                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True,
                        )
                    for r in range(args.rounds):
                        if time.monotonic() - began > args.budget:
                            print("time budget spent; no further rounds", flush=True)
                            break
                        label = SEQUENCE[r % len(SEQUENCE)]
                        done, late, errors = one_round(pages, label, args.cap)
                        latencies += done
                        timeouts += late
                        exceptions += errors
                        rounds_done += 1
                        running = "running" if ingest.poll() is None else "finished"
                        print(f"round {r + 1} ({label!r}): {len(done)} done, {late} timed out,"
                              f" {errors} exceptions; ingest {running}", flush=True)
                finally:
                    context.close()
            peak = server.peak_memory_mb()
        finally:
            if ingest is not None:
                stop_process(ingest)
            server.stop()
        lines = ingest_log.read_text(encoding="utf-8", errors="replace").splitlines()
        committed = [line for line in lines if line.startswith("committed")]
        ingest_status = ingest.returncode if ingest is not None else None
    print()
    print(f"pages: {args.pages}; rounds: {rounds_done}; filter changes measured:"
          f" {len(latencies)}; timed out (> {args.cap:.0f} s): {timeouts}")
    if latencies:
        print("filter change, click to updated counts line: "
              + ", ".join(f"p{int(q * 100)} {percentile(latencies, q):.2f} s"
                          for q in (0.5, 0.9, 0.99))
              + f", max {max(latencies):.2f} s")
    print(f"server peak memory: {peak:,.0f} MB")
    print(f"Streamlit exceptions seen on pages: {exceptions}")
    print(f"concurrent ingest: {committed[-1] if committed else 'committed nothing'}"
          f" (exit status {ingest_status}; negative = stopped at the end)")
    if lines and not committed:
        print("ingest output:\n" + "\n".join(lines[-10:]))
    print(f"total {time.monotonic() - began:.0f} s")
    return 0 if exceptions == 0 and timeouts == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
