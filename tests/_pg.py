"""A PostgreSQL + PostGIS server for the tests, as pytest fixtures (a plugin of conftest.py).

The server is the one named by ``ATLAS_TEST_PG`` (a ``postgresql://`` URL of a database with
PostGIS, where the tests may create schemas), or else a private cluster started on loopback
with ``tools/pg_test_cluster.sh`` and stopped at the end of the session. Stores live in
schemas of their own (:func:`pg_schema`), dropped afterwards.

Fixtures: ``pg_server`` (session: the server's URL) and ``pg_url`` (a fresh, empty schema per
test, as a store URL). Helpers for test modules: :func:`free_port`, :func:`in_schema`,
:func:`pg_schema`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "tools" / "pg_test_cluster.sh"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cluster(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["bash", str(CLUSTER), *args], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{CLUSTER.name} {args[0]} did not finish within {timeout:.0f} s", False)


def in_schema(url: str, schema: str) -> str:
    """Return ``url`` with ``schema`` (then ``public``, for PostGIS) as its search path.

    Parameters
    ----------
    url : str
        A ``postgresql://`` URL, with or without a query part.
    schema : str
        The schema the store's tables go to.

    Returns
    -------
    str
        The URL with an ``options=-csearch_path=...`` parameter added.
    """
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}%2Cpublic"


@contextmanager
def pg_schema(server: str) -> Iterator[str]:
    """Create a fresh schema on ``server``, yield its store URL, drop it (with its tables).

    Parameters
    ----------
    server : str
        The URL of the test database (the ``pg_server`` fixture).

    Yields
    ------
    str
        A store URL whose search path starts with the new, empty schema.
    """
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield in_schema(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a database with PostGIS: ATLAS_TEST_PG, or a private cluster started here."""
    given = os.environ.get("ATLAS_TEST_PG", "").strip()
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="atlas-pg-")  # under /tmp: the postgres user must reach it
    started = _cluster("start", folder, str(free_port()), timeout=900)
    try:
        if started.returncode != 0:
            pytest.fail(
                "could not start a PostgreSQL + PostGIS test server with"
                f" {CLUSTER.relative_to(ROOT)}: {started.stderr.strip()}",
                False,
            )
        yield started.stdout.strip().splitlines()[-1]
    finally:
        _cluster("stop", folder, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty schema in the test database, as a store URL."""
    with pg_schema(pg_server) as url:
        yield url
