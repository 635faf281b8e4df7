"""The dashboard's speed in a real browser, fast map against the naive baseline (``make bench-ui``).

Not a test: nothing here asserts a time. For synthetic stores of 100, 10,000 and 100,000 events
(``_stores.py``, cached in ``.bench/``) and for both map modes (``ATLAS_MAP_MODE=fast``, the
app's map; ``naive``, one folium CircleMarker per event), it starts ``atlas serve`` on
127.0.0.1, drives headless Debian chromium with Playwright and measures:

a. first map: from navigation start to the moment the page states the expected counts line and
   the map iframe draws every expected event (sum of cluster numbers and marker badges, or
   naive circle markers), taken from the page's own ``performance.now()``;
b. filter change, both ways: once Streamlit has stopped running the script, from the click on
   the "Last 30 days" preset (dispatched in the page) to the moment the new counts line and
   the new markers are both drawn ("-> 30 days"), then the same for "All" ("-> all": back to
   every event, the expensive direction for a map that redraws everything);
c. the server's peak memory: ``VmHWM`` of the Streamlit process (``/proc/PID/status``);
d. responsiveness: the longest ``page.evaluate`` round trip while the first map loads.

The expected counts and markers are computed in Python from the store with
``dashboard.filters``, so a measurement only ends on the right picture. Each figure is the
median of ``--repeat`` page loads (the first one on a cold server). A wait that passes
``--cap`` seconds is reported as ``> cap s`` and that mode is not measured further at that
size. The whole run stops starting new measurements after ``--budget`` seconds. Everything
runs on the loopback interface; every server started is stopped.

    .venv/bin/python tests/bench/bench_ui.py [--sizes 100 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "e2e"))

from _harness import (  # noqa: E402
    IDLE,
    AtlasServer,
    HarnessError,
    launch_chromium,
    probe_page,
    require_chromium,
)
from _stores import SIZES, cached_store  # noqa: E402

from dashboard import filters  # noqa: E402
from dashboard.store.geopackage import open_store  # noqa: E402

MODES: tuple[str, ...] = ("fast", "naive")
PRESET = ("Last 30 days", "30d")
#: Targets for the fast map's filter change, in seconds, by size.
TARGETS = {10_000: 1.0, 100_000: 3.0}
POLL = 0.05

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


#: The measured steps: (key, column title, button clicked or None for the page load).
STEPS: tuple[tuple[str, str, str | None], ...] = (
    ("first", "first map", None),
    ("narrow", "-> 30 days", PRESET[0]),
    ("widen", "-> all", "All"),
)


@dataclass
class Result:
    """What was measured for one size and one map mode (times in seconds)."""

    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _, _ in STEPS})
    round_trip_max: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    capped: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def median(self, step: str) -> float | None:
        """Return the median time of a step, None when it was never completed."""
        values = self.times[step]
        return statistics.median(values) if values else None

    def text(self, step: str) -> str:
        """Return the median as text, ``> N s`` when capped, ``n/a`` when not reached."""
        value = self.median(step)
        if value is not None:
            return f"{value:.2f} s"
        return self.capped.get(step, "n/a")


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
) -> float:
    """Poll the page until it shows ``want``; return the page's time then, in ms.

    Each ``page.evaluate`` round trip is appended to ``trips`` (seconds).

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
            return float(snap["t"])
        time.sleep(POLL)
    raise Capped(step, f"> {cap:.0f} s",
                 f"last seen {snap.get('counts')!r}, map {snap.get('map')}")


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


def measure(
    context: Any, url: str, views: dict[str, Expected], cap: float, result: Result
) -> None:
    """Load the page, click the preset, click "All"; add each step's time to ``result``.

    Raises
    ------
    Capped
        When a step passes ``cap``; the steps before it are kept in ``result``.
    """
    page = context.new_page()
    trips: list[float] = []
    try:
        page.set_default_timeout(cap * 1000)
        page.goto(url, wait_until="commit", timeout=cap * 1000)
        try:
            t_first = wait_for(page, views["first"], cap, "first", trips)
        finally:
            if trips:
                result.round_trip_max.append(max(trips))
        result.times["first"].append(t_first / 1000)
        for step, _, label in STEPS[1:]:
            wait_idle(page, cap, step)
            t_click = page.evaluate(CLICK_JS, label)
            if t_click is None:
                raise HarnessError(f"no button labelled {label!r} on {url}")
            t_done = wait_for(page, views[step], cap, step, [])
            result.times[step].append((t_done - t_click) / 1000)
    finally:
        page.close()


def run_mode(
    db: Path, mode: str, views: dict[str, Expected], args: argparse.Namespace,
    context: Any, logs: Path, deadline: float,
) -> Result:
    """Start a server in ``mode`` on ``db`` and measure ``args.repeat`` times."""
    result = Result()
    log = logs / f"serve-{db.stem}-{mode}.log"
    with AtlasServer(db, log, env={"ATLAS_MAP_MODE": mode}) as server:
        url = server.wait_ready(args.server_timeout)
        for _ in range(args.repeat):
            if time.monotonic() > deadline:
                result.note = "time budget spent"
                break
            try:
                measure(context, url, views, args.cap, result)
            except Capped as exc:
                step, capped, seen = exc.args
                result.capped[step] = capped
                result.note = f"{step} capped at {capped.strip('> ')}: {seen}"
                break
        result.peak_mb = server.peak_memory_mb()
    return result


def _ratio(naive: Result, fast: Result, step: str) -> str:
    """naive/fast; with a capped naive wait, the cap over the fast time as a lower bound."""
    slow, quick = naive.median(step), fast.median(step)
    if quick is None or quick <= 0:
        return "n/a"
    if slow is not None:
        return f"{slow / quick:.1f}x"
    if step in naive.capped:
        return f"> {float(naive.capped[step].strip('> s')) / quick:.0f}x"
    return "n/a"


def report(results: dict[tuple[int, str], Result], repeat: int) -> None:
    """Print the table, the naive/fast ratios, the targets and notes on capped waits."""
    print()
    print(f"Median of {repeat} page loads (the first on a cold server); headless chromium,"
          " loopback. first map: navigation start to every event drawn; -> 30 days, -> all:"
          " preset click to the new counts and markers drawn")
    titles = "".join(f"  {title:>10}" for _, title, _ in STEPS)
    head = f"{'events':>8}  {'map':<5}{titles}  {'peak RSS':>9}  {'max evaluate':>12}"
    print(head)
    print("-" * len(head))
    for (n, mode), r in sorted(results.items()):
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else "n/a"
        trip = statistics.median(r.round_trip_max) if r.round_trip_max else None
        trip_text = f"{trip * 1000:.0f} ms" if trip is not None else "n/a"
        cells = "".join(f"  {r.text(step):>10}" for step, _, _ in STEPS)
        print(f"{n:>8,}  {mode:<5}{cells}  {peak:>9}  {trip_text:>12}")
    print()
    print("naive / fast (> : the naive wait was capped, so the ratio is at least this)")
    for n in sorted({n for n, _ in results}):
        fast, naive = results.get((n, "fast")), results.get((n, "naive"))
        if fast is None or naive is None:
            continue
        cells = "  ".join(f"{title} {_ratio(naive, fast, step):>7}" for step, title, _ in STEPS)
        mem = (f"{naive.peak_mb / fast.peak_mb:.1f}x"
               if naive.peak_mb and fast.peak_mb else "n/a")
        print(f"{n:>8,}  {cells}  peak RSS {mem:>6}")
    print()
    for n, target in TARGETS.items():
        fast = results.get((n, "fast"))
        worst = [fast.median(step) for step in ("narrow", "widen")] if fast else []
        if not worst or None in worst:
            verdict = "not measured"
        else:
            value = max(v for v in worst if v is not None)
            verdict = f"{value:.2f} s: {'meets' if value < target else 'MISSES'} the target"
        print(f"target: {n:,} events, filter change to map < {target:.0f} s"
              f" (slower of the two) -> {verdict}")
    for (n, mode), r in sorted(results.items()):
        if r.note:
            print(f"note: {n:,} events, {mode} map: {r.note}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the stores, run the measurements, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=float, default=120.0,
                        help="longest wait for one map, in seconds (default 120)")
    parser.add_argument("--server-timeout", type=float, default=180.0)
    parser.add_argument("--budget", type=float, default=1200.0,
                        help="no new measurement starts after this many seconds (default 1200)")
    args = parser.parse_args(argv)
    try:
        require_chromium()
    except HarnessError as exc:
        print(f"bench_ui: {exc}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    began = time.monotonic()
    deadline = began + args.budget
    results: dict[tuple[int, str], Result] = {}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-ui-") as tmp, sync_playwright() as pw:
        logs = Path(tmp)
        context = launch_chromium(pw, logs / "profile", viewport={"width": 1600, "height": 1000})
        try:
            for n in args.sizes:
                t = time.perf_counter()
                db = cached_store(n)
                views = expectations(db)
                print(f"{n:,} events: store {db.name} ready in {time.perf_counter() - t:.1f} s;"
                      f" first view {views['first'].counts!r},"
                      f" after {PRESET[0]!r} {views['narrow'].counts!r}", flush=True)
                for mode in args.modes:
                    if time.monotonic() > deadline:
                        results[(n, mode)] = Result(note="time budget spent")
                        continue
                    try:
                        result = run_mode(db, mode, views, args, context, logs, deadline)
                    except HarnessError as exc:
                        print(f"bench_ui: {n:,} events, {mode} map: {exc}", file=sys.stderr)
                        result = Result(note="server failed")
                    results[(n, mode)] = result
                    print(f"  {mode:<5} " + ", ".join(
                        f"{title} {result.text(step)}" for step, title, _ in STEPS), flush=True)
        finally:
            context.close()
    report(results, args.repeat)
    print(f"\ntotal {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
