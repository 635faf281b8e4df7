"""Plumbing shared by the browser tests and the UI benchmark: the server, chromium, the map probe.

- :class:`AtlasServer` runs ``atlas serve`` as a subprocess in its own process group, on
  127.0.0.1 only, waits for Streamlit's health endpoint (bounded) and stops the whole group.
- :func:`launch_chromium` starts Debian's chromium (never a downloaded one) through Playwright,
  with a fresh profile and every background service off; host names other than 127.0.0.1 do
  not resolve, so nothing can leave the machine even by accident.
- :data:`MAP_PROBE_JS` runs inside the map's component iframe and counts the events the
  Leaflet map draws (markercluster DOM icons, plus plain circle markers of the naive map).
- :func:`counts_line` reads the page's ``N events (M reports from K articles)`` line.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: Debian's chromium; ``make browser`` (part of ``make test``) installs it.
CHROMIUM = Path("/usr/bin/chromium")
#: Loopback only: the server binds to it and the browser talks to nothing else.
HOST = "127.0.0.1"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # no proxy, and every host name but the loopback address fails to resolve
    "--no-proxy-server",
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {HOST}",
)

#: The counts line of the map page, as ``dashboard.filters.describe`` writes it.
COUNTS_RE = re.compile(
    r"^\d[\d,]* events? \(\d[\d,]* reports? from \d[\d,]* articles?\)$"
)

#: Runs in the map iframe. Returns null until Leaflet and the map exist, else
#: {drawn, held, clusters, markers, moving}: ``drawn`` sums what is on screen (the number on each
#: markercluster icon, the count badge of each event marker or 1, and each plain circle marker
#: of the naive map); ``held`` sums the events the marker layers hold, drawn or not (the
#: briefing's still markers, ``atlasStill``, count one each).
#: Circle markers with an ``atlasIndex`` option are the report and site-label layers: skipped.
#: ``moving`` is true while the map pans or zooms (between Leaflet's ``movestart`` and
#: ``moveend``, seen from the first probe on, or a zoom animation of the map or of a cluster
#: layer): a picture can be complete before the map has come to rest on it.
MAP_PROBE_JS = """
() => {
  const L = window.L;
  let map = window.map;
  if (!L) return null;
  if (!(map instanceof L.Map)) {
    map = Object.values(window).find(v => v instanceof L.Map);
  }
  if (!map || !map._loaded) return null;
  if (!map.__atlasMotion) {
    const motion = {moving: false};
    map.on('movestart', () => { motion.moving = true; });
    map.on('moveend', () => { motion.moving = false; });
    map.__atlasMotion = motion;
  }
  let moving = map.__atlasMotion.moving || !!map._animatingZoom;
  let drawn = 0, held = 0, clusters = 0, markers = 0;
  const pane = map.getPane('markerPane');
  pane.querySelectorAll('.marker-cluster span').forEach(s => {
    drawn += parseInt(s.textContent, 10) || 0; clusters += 1;
  });
  pane.querySelectorAll('.atlas-marker').forEach(m => {
    const badge = m.querySelector('.atlas-count');
    drawn += badge ? (parseInt(badge.textContent, 10) || 0) : 1; markers += 1;
  });
  map.eachLayer(layer => {
    if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {
      layer.getLayers().forEach(m => { held += m.options.atlasCount || 1; });
      if (layer._inZoomAnimation) moving = true;
    } else if (layer instanceof L.Marker && layer.options.atlasStill) {
      held += 1;  // the briefing's still map: every event its own marker
    } else if (layer instanceof L.CircleMarker && layer.options.atlasIndex === undefined) {
      drawn += 1; held += 1; markers += 1;
    }
  });
  return {drawn: drawn, held: held, clusters: clusters, markers: markers, moving: moving};
}
"""


#: Streamlit's script state (``data-test-script-state`` of the app root) once a run has ended.
IDLE = "notRunning"

#: Runs in the page: one snapshot of the counts line and (in the component iframe, which has the
#: page's origin) of :data:`MAP_PROBE_JS`, stamped with the page's ``performance.now()``.
PAGE_PROBE_JS = """
([countsSource, probeSource]) => {
  const out = {t: performance.now(), counts: null, map: null, state: null};
  const app = document.querySelector('[data-testid="stApp"]');
  if (app) out.state = app.getAttribute('data-test-script-state');
  const re = new RegExp(countsSource);
  for (const p of document.querySelectorAll('[data-testid="stMarkdownContainer"] p')) {
    const text = p.textContent.trim();
    if (re.test(text)) { out.counts = text; break; }
  }
  for (const f of document.querySelectorAll('iframe')) {
    if (!(f.src || '').includes('streamlit_folium')) continue;
    const w = f.contentWindow;
    if (!w || !w.L) continue;
    out.map = new w.Function('return (' + probeSource + ')();')();
    if (out.map) break;
  }
  return out;
}
"""


class HarnessError(RuntimeError):
    """The server or the browser could not be started; the message says why and what to do."""


def require_chromium() -> Path:
    """Return Debian's chromium, or raise with how to install it.

    Raises
    ------
    HarnessError
        When ``/usr/bin/chromium`` is missing.
    """
    if not os.access(CHROMIUM, os.X_OK):
        raise HarnessError(
            f"{CHROMIUM} is missing: the browser tests drive Debian's chromium. Run `make test`"
            " (its `browser` target runs `apt-get install chromium`), or install it with"
            " `apt-get update && apt-get install -y chromium`. Never `playwright install`."
        )
    return CHROMIUM


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def atlas_command() -> list[str]:
    """Return the command that runs ``atlas`` from this virtual environment."""
    script = Path(sys.executable).with_name("atlas")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "dashboard.cli"]


class AtlasServer:
    """``atlas serve --db DB --port PORT --host 127.0.0.1`` in its own process group.

    Parameters
    ----------
    db : Path or str
        The store to serve: a GeoPackage path or a ``postgresql://`` URL.
    log_path : Path
        Where the server's stdout and stderr go (read back for failure messages).
    env : mapping, optional
        Environment variables to set for the server (``ATLAS_MAP_MODE`` ...); ``ATLAS_*``
        variables of the calling environment are dropped first so that only these count.
    port : int, optional
        A free port by default.
    cwd : Path, optional
        The server's working folder (default: the project folder).
    command : sequence of str, optional
        The ``atlas`` command to run (default :func:`atlas_command`), e.g. the console script
        of another virtual environment.
    unset : sequence of str, optional
        Environment variables to drop (``PYTHONPATH``, so that an installed package is not
        shadowed by the source tree).
    """

    def __init__(
        self,
        db: Path | str,
        log_path: Path,
        env: Mapping[str, str] | None = None,
        port: int | None = None,
        cwd: Path = ROOT,
        command: Sequence[str] | None = None,
        unset: Sequence[str] = (),
    ) -> None:
        self.db = db
        self.command = list(command) if command else atlas_command()
        self.unset = tuple(unset)
        self.cwd = cwd
        self.log_path = log_path
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.extra_env = dict(env or {})
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> AtlasServer:
        """Start the server (it is not yet ready: see :meth:`wait_ready`)."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("ATLAS_") and k not in self.unset}
        env.update(self.extra_env)
        env["ATLAS_DB"] = str(self.db)
        env["NO_PROXY"] = env["no_proxy"] = HOST
        cmd = [*self.command, "serve", "--db", str(self.db), "--port", str(self.port),
               "--host", HOST]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        return self

    def log(self, tail: int = 6000) -> str:
        """Return the end of the server's output."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log at {self.log_path}: {exc})"
        return text[-tail:]

    def wait_ready(self, timeout: float = 90.0) -> str:
        """Wait until ``/_stcore/health`` answers ``ok``; return the base URL.

        Raises
        ------
        HarnessError
            When the server exits or is not healthy within ``timeout`` seconds; the message
            holds the end of its output.
        """
        if self.proc is None:
            raise HarnessError("AtlasServer.wait_ready() called before start()")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + timeout
        problem = "no answer yet"
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                raise HarnessError(
                    f"atlas serve exited with status {code} before it was healthy;"
                    f" its output:\n{self.log()}"
                )
            try:
                with opener.open(f"{self.url}/_stcore/health", timeout=5) as response:
                    if response.status == 200:
                        return self.url
                    problem = f"HTTP {response.status}"
            except (urllib.error.URLError, OSError) as exc:
                problem = str(exc)
            time.sleep(0.5)
        raise HarnessError(
            f"atlas serve on {self.url} was not healthy after {timeout:.0f} s ({problem});"
            f" its output:\n{self.log()}"
        )

    def group_pids(self) -> list[int]:
        """Return the ids of the live processes of the server's process group."""
        if self.proc is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if os.getpgid(int(entry.name)) == self.proc.pid:
                    pids.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                continue
        return sorted(pids)

    def peak_memory_mb(self) -> float:
        """Return the peak resident memory of the Streamlit process(es) of the group, in MB.

        Read from ``VmHWM`` in ``/proc/PID/status`` (a high-water mark, so reading it once at
        the end is enough), summed over the group's processes that run Streamlit; the whole
        group when none does.
        """
        peaks: dict[int, tuple[bool, int]] = {}
        for pid in self.group_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks[pid] = (b"streamlit" in cmdline, int(match.group(1)))
        chosen = [kb for is_streamlit, kb in peaks.values() if is_streamlit]
        total = sum(chosen) if chosen else sum(kb for _, kb in peaks.values())
        return total / 1024

    def stop(self) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after 15 s."""
        if self.proc is None:
            return
        for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            if not self.group_pids():
                break
        self.proc = None

    def __enter__(self) -> AtlasServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def launch_chromium(playwright: Any, profile_dir: Path, **options: Any) -> Any:
    """Start Debian's chromium headless with a fresh profile; return the browser context.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        A started Playwright.
    profile_dir : Path
        An empty folder for the user-data dir.
    **options
        Passed to ``launch_persistent_context`` (``viewport`` ...).

    Returns
    -------
    playwright.sync_api.BrowserContext
        The context; close it to stop the browser.
    """
    executable = require_chromium()
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=str(executable), headless=True,
        args=list(CHROMIUM_ARGS), **options,
    )


def map_frame(page: Any) -> Any:
    """Return the frame of the streamlit-folium component, or None while there is none."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    return None


def probe_page(page: Any) -> dict[str, Any]:
    """Take one snapshot of the page: its counts line and what its map draws.

    Returns
    -------
    dict
        ``t``: the page's ``performance.now()`` (ms since navigation start) when it was taken;
        ``counts``: the counts line or None; ``map``: the result of :data:`MAP_PROBE_JS` in
        the map iframe, or None while there is no map; ``state``: Streamlit's script state
        (``running``, ``notRunning`` ...; see :data:`IDLE`).
    """
    return page.evaluate(PAGE_PROBE_JS, [COUNTS_RE.pattern, MAP_PROBE_JS])


def events_in(line: str) -> int:
    """Return N of a counts line ``N events (...)``."""
    return int(line.split(" ", 1)[0].replace(",", ""))
