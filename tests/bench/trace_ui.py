"""Where the time of a first map and of a filter change goes, in headless chromium.

Not a test and not a benchmark table (``bench_ui.py`` is that): one ``atlas serve`` on a
synthetic store (``_stores.py``), ``--loads`` page loads, each followed by the preset clicks of
``bench_ui.py`` ("Last 30 days", then "All"), and for each step the moments below, in ms from
navigation start (first map) or from the click (filter change), median over the loads after the
first (a cold server):

- page: the WebSocket opened, Streamlit's script state turned ``running`` / ``notRunning``,
  the counts line shown, the map's iframe inserted;
- ws: when the page's main thread handled the first message of the run, the largest message
  (the map's arguments, unless Streamlit's message cache sent a reference) and the last one;
- server: when the script run began and ended (wall clock of the server process: the page
  functions are wrapped by a ``sitecustomize`` put on the server's ``PYTHONPATH`` only);
- frame: its document loaded, the first ``streamlit:render`` message it got after the step,
  Leaflet defined, the map created, the marker pane last changed (the markers drawn);
- busy: the sum of the page's long tasks (over 50 ms, the frame shares the page's thread).

Everything is read from timestamps the page and the server take themselves; nothing is
asserted. Usage::

    .venv/bin/python tests/bench/trace_ui.py [--size 10000] [--loads 4] [--tree DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "e2e"))

from _harness import ROOT, AtlasServer, launch_chromium, probe_page  # noqa: E402
from _stores import cached_store  # noqa: E402

#: The page functions whose end the server logs (module, function names).
SERVER_STEPS = {
    "dashboard.ui.context": ("_build_context",),
    "dashboard.ui.map_panel": ("draw_map",),
    "dashboard.ui.downloads": ("draw_downloads",),
}

#: A ``sitecustomize`` for the server process: logs "began ended name" (epoch seconds) per call
#: of :data:`SERVER_STEPS`; ``STEPS`` is replaced by their repr.
SITECUSTOMIZE = '''
import builtins, os, sys, time
_LOG = open(os.environ["ATLAS_TRACE_LOG"], "a", buffering=1)
_STEPS = STEPS
_done = set()
_import = builtins.__import__

def _wrap(module, name):
    inner = getattr(module, name)
    def timed(*args, **kwargs):
        began = time.time()
        try:
            return inner(*args, **kwargs)
        finally:
            _LOG.write(f"{began:.4f} {time.time():.4f} {name}\\n")
    setattr(module, name, timed)

def _hook(name, *args, **kwargs):
    found = _import(name, *args, **kwargs)
    for module_name, names in _STEPS.items():
        module = sys.modules.get(module_name)
        spec = getattr(module, "__spec__", None)
        if (module_name in _done or module is None or getattr(spec, "_initializing", False)
                or not all(hasattr(module, n) for n in names)):
            continue
        _done.add(module_name)
        for n in names:
            _wrap(module, n)
    return found

builtins.__import__ = _hook
'''.replace("STEPS\n", repr(SERVER_STEPS) + "\n", 1)

#: Runs in the page and in every frame before their own scripts: records what happens, with
#: epoch milliseconds (``performance.timeOrigin + performance.now()``), in ``window.__trace``.
INIT_JS = r"""
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const log = (what, value) => window.__trace.push(
    [now(), what, value === undefined ? null : value]);
  window.__trace = [];
  const NativeSocket = window.WebSocket;
  if (NativeSocket) {
    window.WebSocket = function (...args) {
      const ws = new NativeSocket(...args);
      ws.addEventListener('open', () => log('ws-open'));
      ws.addEventListener('message', (e) => log('ws', e.data.byteLength || e.data.size || 0));
      return ws;
    };
    window.WebSocket.prototype = NativeSocket.prototype;
    Object.assign(window.WebSocket, NativeSocket);
  }
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'streamlit:render') log('render');
  });
  window.addEventListener('load', () => log('load'));
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__trace.push(
      [performance.timeOrigin + e.startTime, 'longtask', e.duration]))
    ).observe({type: 'longtask', buffered: true});
  } catch (e) { /* no long task timing */ }
  const seen = {};
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state && state !== seen.state) { seen.state = state; log('state', state); }
    const frame = [...document.querySelectorAll('iframe')]
      .find((f) => (f.src || '').includes('streamlit_folium'));
    if (frame && !seen.frame) { seen.frame = true; log('iframe'); }
    for (const p of document.querySelectorAll('[data-testid="stMarkdownContainer"] p')) {
      const text = p.textContent;
      if (/^\d[\d,]* events? \(/.test(text) && text !== seen.counts) {
        seen.counts = text; log('counts', text);
      }
    }
    if (window.L && !seen.leaflet) { seen.leaflet = true; log('leaflet'); }
    if (window.map && !seen.map) { seen.map = true; log('map'); }
    const pane = document.querySelector('.leaflet-marker-pane');
    const markers = pane ? pane.innerHTML.length : 0;
    if (markers && markers !== seen.markers) { seen.markers = markers; log('markers'); }
  };
  setInterval(watch, 4);
})();
"""

CLICK_JS = """(label) => {
  const button = [...document.querySelectorAll('button')]
    .find((b) => b.textContent.trim() === label);
  const t = performance.timeOrigin + performance.now();
  button.click();
  return t;
}"""

STEPS = (("first", None), ("-> 30 days", "Last 30 days"), ("-> all", "All"))


def _events(page: Any, server_log: Path, since: float) -> list[tuple[float, str, str, Any]]:
    """Every event recorded since ``since`` (epoch ms): (time, where, what, value)."""
    out: list[tuple[float, str, str, Any]] = []
    for frame in page.frames:
        where = "frame" if "streamlit_folium" in frame.url else "page"
        try:
            rows = frame.evaluate("window.__trace || []")
        except Exception:  # a detached frame
            continue
        out += [(float(t), where, what, value) for t, what, value in rows if t >= since]
    for line in server_log.read_text().splitlines():
        began, ended, name = line.split()
        if float(began) * 1000 >= since:
            out.append((float(began) * 1000, "server", f"{name}-begin", None))
            out.append((float(ended) * 1000, "server", f"{name}-end", None))
    return sorted(out, key=lambda e: e[0])


def _moments(events: list[tuple[float, str, str, Any]], t0: float) -> dict[str, float]:
    """The named moments of one step, in ms after ``t0``."""
    m: dict[str, float] = {}

    def first(key: str, t: float) -> None:
        m.setdefault(key, t - t0)

    ws = [(t, v) for t, where, what, v in events if where == "page" and what == "ws"]
    if ws:
        first("ws: first message handled", ws[0][0])
        biggest = max(ws, key=lambda e: e[1])
        m[f"ws: largest message handled ({biggest[1] // 1000} KB)"] = biggest[0] - t0
        m["ws: last message handled"] = ws[-1][0] - t0
    busy = 0.0
    for t, where, what, value in events:
        if where == "page" and what == "longtask":
            busy += float(value)
        elif where == "page" and what == "ws-open":
            first("page: websocket open", t)
        elif where == "page" and what == "state":
            first(f"page: script state {value}", t)
        elif where == "page" and what in ("counts", "iframe"):
            first(f"page: {'counts line shown' if what == 'counts' else 'map iframe inserted'}",
                  t)
        elif where == "server":
            name = what.replace("_build_context", "context and sidebar").replace("-", " ")
            first(f"server: {name}", t)
        elif where == "frame" and what in ("load", "render", "leaflet", "map"):
            first(f"frame: {what}", t)
        elif where == "frame" and what == "markers":
            m["frame: markers last changed"] = t - t0
    m["busy: page long tasks, sum"] = busy
    return m


def trace(args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    """Load the page ``args.loads`` times; return step -> moment -> values (ms)."""
    from playwright.sync_api import sync_playwright

    db = cached_store(args.size)
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory(prefix="atlas-trace-ui-") as tmp, \
            sync_playwright() as pw:
        hook = Path(tmp) / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
        log = Path(tmp) / "server-steps.log"
        log.write_text("")
        env = {"PYTHONPATH": f"{hook}:{args.tree}", "ATLAS_TRACE_LOG": str(log)}
        with AtlasServer(db, Path(tmp) / "serve.log", env=env, cwd=args.tree,
                         command=[sys.executable, "-m", "dashboard.cli"]) as server:
            url = server.wait_ready(180)
            context = launch_chromium(pw, Path(tmp) / "profile",
                                      viewport={"width": 1600, "height": 1000})
            context.add_init_script(INIT_JS)
            try:
                for load in range(args.loads):
                    _one_load(context, url, log, found if load else None)
            finally:
                context.close()
    return found


def _wait_drawn(page: Any) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        snap = probe_page(page)
        drawn = snap["map"]
        if snap["counts"] and drawn and drawn["drawn"] and drawn["drawn"] == drawn["held"]:
            return
        time.sleep(0.05)
    raise TimeoutError("the map was not drawn within 120 s")


def _one_load(context: Any, url: str, log: Path,
              found: dict[str, dict[str, list[float]]] | None) -> None:
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        t0 = float(page.evaluate("performance.timeOrigin"))
        for step, label in STEPS:
            if label is not None:
                t0 = float(page.evaluate(CLICK_JS, label))
            time.sleep(0.3)
            _wait_drawn(page)
            time.sleep(1.5)  # let the run end and the frame settle
            if found is not None:
                for key, value in _moments(_events(page, log, t0 - 1), t0).items():
                    found[step][key].append(value)
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    """Print, per step, the median moment of each event over the page loads."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--loads", type=int, default=4, help="page loads (the first not counted)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree to serve")
    args = parser.parse_args(argv)
    args.tree = args.tree.resolve()
    found = trace(args)
    print(f"trace_ui: {args.size:,} events, {args.tree}, median of {args.loads - 1} page loads"
          " (after a first one on a cold server); ms from navigation start or from the click")
    for step, _ in STEPS:
        print(f"\n{step}")
        moments = sorted(found[step].items(), key=lambda kv: statistics.median(kv[1])
                         if not kv[0].startswith("busy") else float("inf"))
        for key, values in moments:
            print(f"  {statistics.median(values):8.0f}  {key}  (n={len(values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
