"""``atlas serve [--db PATH] [--port N] [--host 127.0.0.1]``: run the dashboard.

When the store holds no article yet, the seed articles (``ATLAS_SEEDS_DIR``, ``seeds/``) are
ingested first and a summary is printed; seed files that cannot be read are reported on stderr
without stopping the server. Then Streamlit runs ``dashboard/app.py`` headless on HOST:PORT with
``ATLAS_DB`` set for it; ``Incident Atlas running at http://HOST:PORT`` is printed once it
answers, and the command waits. Ctrl-C (or SIGTERM) stops Streamlit and returns 0.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from dashboard.commands import Command, CommandError, add_db_argument, error, register

if TYPE_CHECKING:
    import subprocess

__all__ = ["APP_PATH", "COMMAND", "streamlit_command"]

#: The Streamlit script.
APP_PATH = Path(__file__).resolve().parent.parent / "app.py"

#: Seconds to wait for Streamlit to answer its health check before giving up.
START_TIMEOUT = 120.0

#: Seconds Streamlit gets to stop after SIGTERM before it is killed.
STOP_TIMEOUT = 10.0


def _port(text: str) -> int:
    """Parse a TCP port number (1 to 65535)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1 to 65535)")
    return value


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add ``--db``, ``--port`` and ``--host``."""
    add_db_argument(parser)
    parser.add_argument("--port", type=_port, metavar="N",
                        help="port to listen on (default: ATLAS_PORT, else 8501)")
    parser.add_argument("--host", default="127.0.0.1", metavar="HOST",
                        help="address to listen on (default: 127.0.0.1, this machine only)")


def streamlit_command(host: str, port: int, max_upload_mb: float = 5.0) -> list[str]:
    """Return the command line that runs the dashboard.

    Parameters
    ----------
    host : str
        Address to listen on.
    port : int
        Port to listen on.
    max_upload_mb : float
        ``ATLAS_MAX_UPLOAD_MB``: Streamlit's own upload limit is raised to match it (the "Add
        article" page enforces the exact figure).

    Returns
    -------
    list of str
        ``python -m streamlit run dashboard/app.py`` with the server options.
    """
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.port", str(port),
        "--server.address", host,
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--server.maxUploadSize", str(max(1, math.ceil(max_upload_mb))),
        "--browser.gatherUsageStats", "false",
    ]


def _seed(db: str, seeds_dir: str) -> None:
    """Ingest the seed articles into an empty store; print what happened."""
    from dashboard.ingest import IngestError, ensure_seeded
    from dashboard.store.geopackage import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    where = store.location  # never the raw URL: it may hold a password
    try:
        report = ensure_seeded(store, seeds_dir)
    except (StoreError, IngestError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.close()
    if report is None:
        return
    for message in report.failed:
        error(message)
    print(report.summary(where), flush=True)


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port another server already listens on (its health check would answer)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CommandError(f"--host {host!r}: cannot resolve it ({exc})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # as servers do: connections of a stopped server (TIME_WAIT) do not block the port
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise CommandError(
                f"port {port} on {host} is not available ({exc.strerror or exc});"
                " stop what runs there or choose another with --port"
            ) from exc


def _healthy(url: str) -> bool:
    # imported here, as subprocess below: every other command would pay for them at start-up
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Stop Streamlit: SIGTERM, then SIGKILL after STOP_TIMEOUT seconds."""
    import subprocess

    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    raise KeyboardInterrupt


def _store_location(db: str) -> str:
    """A GeoPackage path made absolute (the server runs in the project folder); a URL as is."""
    if "://" in db:
        return db
    return str(Path(db).expanduser().resolve())


def _run(args: argparse.Namespace) -> int:
    """Seed an empty store, start Streamlit, wait for it; 0 after Ctrl-C."""
    import subprocess

    from dashboard.settings import load_settings

    settings = load_settings()
    db = _store_location(args.db or settings.db)
    port = args.port or settings.port
    host = args.host
    _check_port_free(host, port)
    _seed(db, settings.seeds_dir)
    env = dict(os.environ, ATLAS_DB=db)
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    child: subprocess.Popen[bytes] | None = None
    try:
        try:
            # the project folder holds .streamlit/config.toml (theme, static serving)
            command = streamlit_command(host, port, settings.max_upload_mb)
            child = subprocess.Popen(command, env=env,
                                     cwd=APP_PATH.parent.parent)
        except OSError as exc:
            raise CommandError(f"cannot start Streamlit: {exc}") from exc
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(f"{url}/_stcore/health"):
            if child.poll() is not None:
                raise CommandError(f"Streamlit stopped with status {child.returncode}"
                                   " before it was ready (see its messages above)")
            if time.monotonic() > deadline:
                raise CommandError(f"Streamlit did not answer on {url} within"
                                   f" {START_TIMEOUT:.0f} s")
            time.sleep(0.25)
        print(f"Incident Atlas running at {url}", flush=True)
        code = child.wait()
        return 0 if code == 0 else 1
    except KeyboardInterrupt:
        print("Incident Atlas stopped", flush=True)
        return 0
    finally:
        if child is not None:
            _stop(child)
        signal.signal(signal.SIGTERM, previous)


COMMAND = register(
    Command(
        name="serve",
        help="run the dashboard (ingesting the seed articles into an empty store first)",
        configure=_configure,
        run=_run,
    )
)
