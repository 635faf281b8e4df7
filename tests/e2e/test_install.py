"""The map works from an installed package alone: a wheel in a fresh virtual environment.

As a user would: the project is copied as a clone holds it, built into a wheel
(``pip wheel --no-build-isolation --no-deps``: offline, with the setuptools of the test's own
environment), installed non-editable into a new ``python -m venv`` with no source tree on its
path, and served by that environment's ``atlas``. The third-party dependencies are not
reinstalled (that would download hundreds of megabytes): after the wheel is installed, a
``.pth`` file adds the test environment's site-packages *behind* the new environment's own, so
``dashboard`` and ``gazetteer`` come from the wheel and only streamlit, folium, pandas ... from
the environment ``make test`` set up. Slow (a build and a server start): about half a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.store.geopackage import open_store

from ._harness import ROOT, AtlasServer, probe_page
from .conftest import serving

pytestmark = pytest.mark.e2e

#: What a clean clone does not hold (build output, caches, local environments).
_IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
    ".mypy_cache", "node_modules", ".installed",
)
#: Top-level folders of local output (``/data/``, ``/build/`` ... in .gitignore).
_TOP_LEVEL = {"data", "build", "dist", ".bench"}


def _not_in_a_clone(folder: str, names: list[str]) -> set[str]:
    ignored = set(_IGNORED(folder, names))
    if Path(folder) == ROOT:
        ignored |= _TOP_LEVEL & set(names)
    return ignored


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Build the wheel, install it into a fresh venv; yield its paths and a clean environment."""
    work = tmp_path_factory.mktemp("install")
    clone = work / "clone"
    shutil.copytree(ROOT, clone, ignore=_not_in_a_clone)
    env = {k: v for k, v in os.environ.items()
           if k != "PYTHONPATH" and not k.startswith("ATLAS_")}
    env["PIP_NO_INPUT"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = work / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
          "--no-build-isolation", "--wheel-dir", str(wheels), str(clone)], work, env)
    (wheel,) = wheels.glob("incident_atlas-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work, env)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", str(wheel)], work, env)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                      "['purelib'])"], work, env).strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_atlas_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n",
                                                  encoding="utf-8")
    shutil.rmtree(clone)  # nothing of the source tree is left to fall back on
    yield {"work": work, "python": python, "site": site, "atlas": venv / "bin" / "atlas",
           "env": env}


def test_the_wheel_ships_the_map_files(installed: dict[str, Any]) -> None:
    where = _run([str(installed["python"]), "-c",
                  "import dashboard.map.assets as a; print(a.__file__);"
                  " print(a.missing_assets())"], installed["work"], installed["env"])
    module, missing = where.strip().splitlines()
    assert module.startswith(str(installed["site"])), f"dashboard imported from {module}"
    assert missing == "[]"
    vendor = installed["site"] / "dashboard" / "static" / "vendor"
    assert (vendor / "leaflet" / "leaflet.js").is_file()
    assert (vendor / "leaflet" / "LICENSE").is_file()
    assert (vendor / "MANIFEST.json").is_file()


def test_installed_package_draws_the_seed_events(
    installed: dict[str, Any], chromium: Any
) -> None:
    db = installed["work"] / "seeds.gpkg"
    _run([str(installed["atlas"]), "ingest", str(ROOT / "seeds"), "--db", str(db)],
         installed["work"], installed["env"])
    store = open_store(db)
    try:
        frame = store.events_frame()
    finally:
        store.close()
    placed = int((frame["lat"].notna() & frame["lon"].notna()).sum())
    assert placed > 10, f"the seeds gave only {placed} placed events"

    server = AtlasServer(db, installed["work"] / "serve.log", env={"ATLAS_MAP_MODE": "fast"},
                         cwd=installed["work"], command=[str(installed["atlas"])],
                         unset=("PYTHONPATH",))
    with serving(server) as url:
        page = chromium.new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("request", lambda request: requests.append(request.url))
        try:
            page.goto(url, wait_until="domcontentloaded")
            deadline = time.monotonic() + 90
            seen: dict[str, Any] = {}
            while time.monotonic() < deadline:
                seen = probe_page(page)
                if seen["map"] and seen["map"]["drawn"] == placed:
                    break
                time.sleep(0.5)
            assert seen.get("map") and seen["map"]["drawn"] == placed, (
                f"the installed app drew {seen.get('map')} for {placed} events;"
                f" errors {errors}; server log:\n{server.log()}")
        finally:
            page.close()
    assert errors == []
    assert any(u.endswith("/app/static/vendor/leaflet/leaflet.js") for u in requests)
    assert all(u.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) for u in requests)
