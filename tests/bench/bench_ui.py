"""The dashboard's speed in a real browser, today's code beside a baseline (``make bench-ui``).

Not a test: nothing here asserts a time. For synthetic stores of 100, 10,000 and 100,000 events
(``_stores.py``, cached in ``.bench/``) it starts one ``atlas serve`` on 127.0.0.1 per *variant*
and drives headless Debian chromium with Playwright. The variants are:

- ``current``: the code of this tree;
- ``baseline``: the code of another tree (``--baseline-tree DIR``, e.g. an older commit
  extracted with ``git archive``), run with ``PYTHONPATH=DIR`` from ``DIR``;
- ``naive`` (``--naive``): this tree with ``ATLAS_MAP_MODE=naive``, one folium CircleMarker per
  event.

Every variant's server runs at the same time, and the page loads alternate between them
(current, baseline, baseline, current, ...), so that a slow minute of this shared machine
weighs on both alike. Measured per page load:

a. first map: from navigation start to the moment the page states the expected counts line and
   the map iframe draws every expected event (sum of cluster numbers and marker badges, or
   naive circle markers), taken from the page's own ``performance.now()``;
b. filter change, both ways: once Streamlit has stopped running the script, from the click on
   the "Last 30 days" preset (dispatched in the page) to the moment the new counts line and
   the new markers are both drawn ("-> 30 days"), then the same for "All" ("-> all");
   and each of the three again until the drawn map is also at rest (no pan or zoom animation
   under way, :data:`MAP_PROBE_JS`'s ``moving``): a map that animates its zoom can show every
   marker before it settles, and one that jumps shows them settled;
c. the server's CPU time for each step (user + system of the Streamlit process, from
   ``/proc/PID/stat``, from just before the step until the script is idle again): less noisy
   than wall time on a busy machine;
d. the server's peak memory: ``VmHWM`` of the Streamlit process (``/proc/PID/status``), read
   after the last page load;
e. responsiveness: the longest ``page.evaluate`` round trip while the first map loads.

The expected counts and markers are computed in Python from the store with
``dashboard.filters``, so a measurement only ends on the right picture. Each figure is the
median of ``--repeat`` page loads (the first one on a cold server). Before the first size, each
variant serves one uncounted page of a 100-event store (``--warmup``, on by default): a fresh
chromium is slower for its first few loads of any page, and without it whichever size is
measured first pays for that (the 10,000-event first map came out slower than the 100,000 one
in every run until 2026-12-07). A wait that passes
``--cap`` seconds is reported as ``> cap s`` and that variant is not measured further at that
size. The whole run stops starting new measurements after ``--budget`` seconds. Everything
runs on the loopback interface; every server started is stopped.

    .venv/bin/python tests/bench/bench_ui.py [--sizes 100 10000 100000] [--repeat 3]
        [--baseline-tree /tmp/old] [--naive]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "e2e"))

from _harness import (  # noqa: E402
    IDLE,
    ROOT,
    AtlasServer,
    HarnessError,
    launch_chromium,
    probe_page,
    require_chromium,
)
from _stores import SIZES, cached_store  # noqa: E402

from dashboard import filters  # noqa: E402
from dashboard.store.geopackage import open_store  # noqa: E402

PRESET = ("Last 30 days", "30d")
#: Targets of issue 13: filter change to updated map (slower of the two), by size, in seconds.
TARGETS = {10_000: 0.3, 100_000: 0.6}
#: Target of issue 13 for the first map (every size), in seconds.
FIRST_TARGET = 1.5
#: Target of issue 13 for the server's peak memory at 100,000 events, in MB.
MEMORY_TARGET = (100_000, 700.0)
#: The store of the uncounted warm-up page (``--warmup``).
WARMUP_SIZE = 100
POLL = 0.05
TICKS = os.sysconf("SC_CLK_TCK")

#: Runs in the page: clicks the preset button and returns performance.now() just before.
CLICK_JS = """
(label) => {
  const button = [...document.querySelectorAll('button')]
    .find(b => b.textContent.trim() === label);
  if (!button) return null;
  const t = performance.now();
  button.click();
  return t;
}
"""


@dataclass(frozen=True)
class Expected:
    """The counts line and the number of drawn events a view must show."""

    counts: str
    markers: int


@dataclass(frozen=True)
class Variant:
    """One server to measure: a name, the tree whose code it runs, extra environment."""

    name: str
    tree: Path
    env: tuple[tuple[str, str], ...] = ()

    def server(self, db: Path, log: Path) -> AtlasServer:
        """Return (not started) the ``atlas serve`` of this variant on ``db``."""
        env = dict(self.env)
        env["PYTHONPATH"] = str(self.tree)
        return AtlasServer(db, log, env=env, cwd=self.tree,
                           command=[sys.executable, "-m", "dashboard.cli"])


#: The measured steps: (key, column title, button clicked or None for the page load).
STEPS: tuple[tuple[str, str, str | None], ...] = (
    ("first", "first map", None),
    ("narrow", "-> 30 days", PRESET[0]),
    ("widen", "-> all", "All"),
)


@dataclass
class Result:
    """What was measured for one size and one variant (times in seconds)."""

    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _, _ in STEPS})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _, _ in STEPS})
    #: The same steps timed until the map is drawn and at rest (no pan or zoom animation).
    at_rest: dict[str, list[float]] = field(
        default_factory=lambda: {k: [] for k, _, _ in STEPS})
    round_trip_max: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    capped: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def median(self, step: str) -> float | None:
        """Return the median time of a step, None when it was never completed."""
        values = self.times[step]
        return statistics.median(values) if values else None

    def rest_median(self, step: str) -> float | None:
        """Return the median time of a step until the map was at rest, None when never."""
        values = self.at_rest[step]
        return statistics.median(values) if values else None

    def cpu_median(self, step: str) -> float | None:
        """Return the median server CPU time of a step, None when never measured."""
        values = self.cpu[step]
        return statistics.median(values) if values else None

    def text(self, step: str) -> str:
        """Return the median as text, ``> N s`` when capped, ``n/a`` when not reached."""
        value = self.median(step)
        if value is not None:
            return f"{value:.2f} s"
        return self.capped.get(step, "n/a")

    def cpu_text(self, step: str) -> str:
        """Return the median server CPU time as text."""
        value = self.cpu_median(step)
        return "n/a" if value is None else f"{value:.2f}"


def expectations(db: Path) -> dict[str, Expected]:
    """Return the view each step must end on, computed from the store with the filters."""
    store = open_store(db)
    try:
        frame = store.events_frame()
        span = store.data_span()
    finally:
        store.close()
    start, end = filters.preset_range(PRESET[1], span)
    chosen = {
        "first": filters.default_filters(span),
        "narrow": filters.Filters(date_from=start, date_to=end),
        "widen": filters.default_filters(span),
    }
    views = {}
    for step, flt in chosen.items():
        shown = filters.apply(frame, flt)
        placed = int((shown["lat"].notna() & shown["lon"].notna()).sum())
        views[step] = Expected(filters.describe(shown), placed)
    return views


class Capped(Exception):
    """A wait passed its cap: ``args`` are (step, "> N s", what the page showed last)."""


def wait_for(
    page: Any, want: Expected, cap: float, step: str, trips: list[float]
) -> tuple[float, float]:
    """Poll the page until it shows ``want``, then until its map stops moving.

    Returns the page's times (ms) of both moments: ``want`` drawn, and ``want`` drawn on a
    map at rest (no pan or zoom animation under way, :data:`MAP_PROBE_JS`'s ``moving``); the
    two are equal when the map did not move or had stopped by then. Each ``page.evaluate``
    round trip of the first wait is appended to ``trips`` (seconds).

    Raises
    ------
    Capped
        After ``cap`` seconds.
    """
    deadline = time.monotonic() + cap
    snap: dict[str, Any] = {}
    while time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            snap = probe_page(page)
        except Exception as exc:  # the page navigates or a frame is replaced: not ready yet
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
            snap = {"t": 0.0, "counts": None, "map": None}
        trips.append(time.perf_counter() - began)
        drawn = snap["map"]
        if (
            snap["counts"] == want.counts
            and drawn is not None
            and drawn["drawn"] == drawn["held"] == want.markers
        ):
            return float(snap["t"]), _at_rest(page, float(snap["t"]), drawn, deadline)
        time.sleep(POLL)
    raise Capped(step, f"> {cap:.0f} s",
                 f"last seen {snap.get('counts')!r}, map {snap.get('map')}")


def _at_rest(page: Any, t_drawn: float, drawn: dict[str, Any], deadline: float) -> float:
    """Return the page's time (ms) at which the map, already drawn, is no longer moving."""
    while drawn.get("moving") and time.monotonic() < deadline:
        time.sleep(POLL)
        snap = probe_page(page)
        drawn = snap["map"] or {}
        t_drawn = float(snap["t"])
    return t_drawn


def wait_idle(page: Any, cap: float, step: str, polls: int = 10) -> None:
    """Wait until Streamlit has not been running the script for ``polls`` polls in a row.

    A click while a run is under way can be lost (the naive map's ``st_folium`` reruns the whole
    script once after the map loads, to return its bounds): filter changes are timed from a
    settled page.

    Raises
    ------
    Capped
        After ``cap`` seconds.
    """
    deadline = time.monotonic() + cap
    quiet = 0
    state = None
    while time.monotonic() < deadline:
        state = probe_page(page)["state"]
        quiet = quiet + 1 if state == IDLE else 0
        if quiet >= polls:
            return
        time.sleep(POLL)
    raise Capped(step, f"> {cap:.0f} s", f"the script was still {state!r} before {step}")


def server_cpu(server: AtlasServer) -> float:
    """Return the CPU seconds (user + system) used so far by the Streamlit process."""
    total = 0.0
    for pid in server.group_pids():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"streamlit" not in cmdline and b"dashboard.cli" not in cmdline:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return total


def measure(
    context: Any, url: str, views: dict[str, Expected], cap: float, result: Result,
    server: AtlasServer,
) -> None:
    """Load the page, click the preset, click "All"; add each step's figures to ``result``.

    Raises
    ------
    Capped
        When a step passes ``cap``; the steps before it are kept in ``result``.
    """
    page = context.new_page()
    trips: list[float] = []
    try:
        page.set_default_timeout(cap * 1000)
        cpu = server_cpu(server)
        page.goto(url, wait_until="commit", timeout=cap * 1000)
        try:
            t_first, t_rest = wait_for(page, views["first"], cap, "first", trips)
        finally:
            if trips:
                result.round_trip_max.append(max(trips))
        result.times["first"].append(t_first / 1000)
        result.at_rest["first"].append(t_rest / 1000)
        wait_idle(page, cap, "first")
        result.cpu["first"].append(server_cpu(server) - cpu)
        for step, _, label in STEPS[1:]:
            cpu = server_cpu(server)
            t_click = page.evaluate(CLICK_JS, label)
            if t_click is None:
                raise HarnessError(f"no button labelled {label!r} on {url}")
            t_done, t_rest = wait_for(page, views[step], cap, step, [])
            result.times[step].append((t_done - t_click) / 1000)
            result.at_rest[step].append((t_rest - t_click) / 1000)
            wait_idle(page, cap, step)
            result.cpu[step].append(server_cpu(server) - cpu)
    finally:
        page.close()


def run_size(
    db: Path, variants: Sequence[Variant], views: dict[str, Expected], args: argparse.Namespace,
    context: Any, logs: Path, deadline: float,
) -> dict[str, Result]:
    """Start every variant's server on ``db``; measure ``args.repeat`` page loads, alternating."""
    results = {v.name: Result() for v in variants}
    with contextlib.ExitStack() as stack:
        servers: dict[str, tuple[AtlasServer, str]] = {}
        for v in variants:
            server = stack.enter_context(v.server(db, logs / f"serve-{db.stem}-{v.name}.log"))
            try:
                servers[v.name] = (server, server.wait_ready(args.server_timeout))
            except HarnessError as exc:
                print(f"bench_ui: {db.stem}, {v.name}: {exc}", file=sys.stderr)
                results[v.name].note = "server failed"
        for r in range(args.repeat):
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for v in order:
                result = results[v.name]
                if v.name not in servers or result.capped:
                    continue
                if time.monotonic() > deadline:
                    result.note = "time budget spent"
                    continue
                server, url = servers[v.name]
                try:
                    measure(context, url, views, args.cap, result, server)
                except Capped as exc:
                    step, capped, seen = exc.args
                    result.capped[step] = capped
                    result.note = f"{step} capped at {capped.strip('> ')}: {seen}"
        for name, (server, _) in servers.items():
            results[name].peak_mb = server.peak_memory_mb()
    return results


def _ratio(new: float | None, old: float | None) -> str:
    if new is None or old is None or old <= 0:
        return "n/a"
    return f"{new / old:.2f}x"


def report(results: dict[tuple[int, str], Result], args: argparse.Namespace,
           names: Sequence[str]) -> None:
    """Print the table, current/baseline ratios, the targets and notes on capped waits."""
    print()
    print(f"Median of {args.repeat} page loads per variant (the first on a cold server), the"
          " variants alternated; headless chromium, loopback. first map: navigation start to"
          " every event drawn; -> 30 days, -> all: preset click to the new counts and markers"
          " drawn; cpu: the server's CPU seconds for the step (until the script is idle)")
    titles = "".join(f"  {title:>10}" for _, title, _ in STEPS)
    cpus = "".join(f"  {'cpu ' + key:>10}" for key, _, _ in STEPS)
    head = f"{'events':>8}  {'code':<8}{titles}{cpus}  {'peak RSS':>9}  {'max evaluate':>12}"
    print(head)
    print("-" * len(head))
    order = {name: i for i, name in enumerate(names)}
    for (n, name), r in sorted(results.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else "n/a"
        trip = statistics.median(r.round_trip_max) if r.round_trip_max else None
        trip_text = f"{trip * 1000:.0f} ms" if trip is not None else "n/a"
        cells = "".join(f"  {r.text(step):>10}" for step, _, _ in STEPS)
        cells += "".join(f"  {r.cpu_text(step):>10}" for step, _, _ in STEPS)
        print(f"{n:>8,}  {name:<8}{cells}  {peak:>9}  {trip_text:>12}")
    if "baseline" in names:
        print()
        print("current / baseline (below 1: today's code is faster or smaller)")
        for n, cur, base in _pairs(results):
            cells = "  ".join(f"{title} {_ratio(cur.median(s), base.median(s)):>6}"
                              for s, title, _ in STEPS)
            cells += "  " + "  ".join(
                f"cpu {s} {_ratio(cur.cpu_median(s), base.cpu_median(s)):>6}"
                for s, _, _ in STEPS)
            print(f"{n:>8,}  {cells}  peak RSS {_ratio(cur.peak_mb, base.peak_mb):>6}")
    _report_at_rest(results, names, order)
    print()
    _targets(results)
    for (n, name), r in sorted(results.items()):
        if r.note:
            print(f"note: {n:,} events, {name}: {r.note}")


def _report_at_rest(results: dict[tuple[int, str], Result], names: Sequence[str],
                    order: dict[str, int]) -> None:
    """Print the steps timed until the drawn map had stopped moving, and their ratios."""
    print()
    print("The same steps until the map is drawn and at rest (no pan or zoom animation under"
          " way): what a reader sees settle")
    for (n, name), r in sorted(results.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
        cells = "".join(f"  {title} {_seconds(r.rest_median(s)):>7}" for s, title, _ in STEPS)
        print(f"{n:>8,}  {name:<8}{cells}")
    if "baseline" not in names:
        return
    for n, cur, base in _pairs(results):
        cells = "  ".join(f"{title} {_ratio(cur.rest_median(s), base.rest_median(s)):>6}"
                          for s, title, _ in STEPS)
        print(f"{n:>8,}  current / baseline  {cells}")


def _pairs(results: dict[tuple[int, str], Result]) -> list[tuple[int, Result, Result]]:
    """(size, current, baseline) for each size measured with both, smallest first."""
    out = []
    for n in sorted({n for n, _ in results}):
        cur, base = results.get((n, "current")), results.get((n, "baseline"))
        if cur is not None and base is not None:
            out.append((n, cur, base))
    return out


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _verdict(value: float | None, target: float, unit: str) -> str:
    if value is None:
        return "not measured"
    meets = "meets" if value < target else "MISSES"
    return f"{value:.2f}{unit}: {meets} the target" if unit == " s" else \
        f"{value:.0f}{unit}: {meets} the target"


def _targets(results: dict[tuple[int, str], Result]) -> None:
    """Print the issue-13 targets against the current code's medians."""
    for n, target in TARGETS.items():
        cur = results.get((n, "current"))
        worst = [cur.median(step) for step in ("narrow", "widen")] if cur else []
        value = None if not worst or None in worst else max(v for v in worst if v is not None)
        print(f"target: {n:,} events, filter change to map < {target} s (slower of the two)"
              f" -> {_verdict(value, target, ' s')}")
    for (n, name), r in sorted(results.items()):
        if name == "current":
            print(f"target: {n:,} events, first map < {FIRST_TARGET} s"
                  f" -> {_verdict(r.median('first'), FIRST_TARGET, ' s')}")
    n, limit = MEMORY_TARGET
    cur = results.get((n, "current"))
    print(f"target: {n:,} events, server peak memory < {limit:.0f} MB"
          f" -> {_verdict(cur.peak_mb if cur else None, limit, ' MB')}")


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def variants_of(args: argparse.Namespace) -> list[Variant]:
    """Return the variants to measure: current, then baseline and naive when asked for."""
    out = [Variant("current", ROOT)]
    if args.baseline_tree is not None:
        tree = args.baseline_tree.resolve()
        if not (tree / "dashboard" / "app.py").is_file():
            raise HarnessError(f"--baseline-tree {tree}: no dashboard/app.py there")
        out.append(Variant("baseline", tree))
    if args.naive:
        out.append(Variant("naive", ROOT, (("ATLAS_MAP_MODE", "naive"),)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Build the stores, run the measurements, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--baseline-tree", type=Path, default=None,
                        help="a source tree whose dashboard is measured beside this one")
    parser.add_argument("--naive", action="store_true",
                        help="also measure this tree's naive map (ATLAS_MAP_MODE=naive)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=float, default=120.0,
                        help="longest wait for one map, in seconds (default 120)")
    parser.add_argument("--server-timeout", type=float, default=180.0)
    parser.add_argument("--warmup", action=argparse.BooleanOptionalAction, default=True,
                        help="one uncounted page per variant on a 100-event store first")
    parser.add_argument("--budget", type=float, default=1800.0,
                        help="no new measurement starts after this many seconds (default 1800)")
    args = parser.parse_args(argv)
    try:
        require_chromium()
        variants = variants_of(args)
    except HarnessError as exc:
        print(f"bench_ui: {exc}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    began = time.monotonic()
    deadline = began + args.budget
    print(f"bench_ui {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {_load()};"
          + "".join(f" {v.name}: {v.tree}" for v in variants), flush=True)
    results: dict[tuple[int, str], Result] = {}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-ui-") as tmp, sync_playwright() as pw:
        logs = Path(tmp)
        context = launch_chromium(pw, logs / "profile", viewport={"width": 1600, "height": 1000})
        try:
            if args.warmup:
                t = time.perf_counter()
                db = cached_store(WARMUP_SIZE)
                warm = argparse.Namespace(**{**vars(args), "repeat": 1})
                run_size(db, variants, expectations(db), warm, context, logs, deadline)
                print(f"warm-up: one uncounted page per variant on {WARMUP_SIZE} events"
                      f" ({time.perf_counter() - t:.1f} s)", flush=True)
            for n in args.sizes:
                t = time.perf_counter()
                db = cached_store(n)
                views = expectations(db)
                print(f"{n:,} events: store {db.name} ready in {time.perf_counter() - t:.1f} s;"
                      f" first view {views['first'].counts!r},"
                      f" after {PRESET[0]!r} {views['narrow'].counts!r}", flush=True)
                for name, result in run_size(db, variants, views, args, context, logs,
                                             deadline).items():
                    results[(n, name)] = result
                    print(f"  {name:<8} " + ", ".join(
                        f"{title} {result.text(step)}" for step, title, _ in STEPS)
                        + f", peak {result.peak_mb or 0:.0f} MB", flush=True)
        finally:
            context.close()
    report(results, args, [v.name for v in variants])
    print(f"\ntotal {time.monotonic() - began:.0f} s, load average at the end {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
