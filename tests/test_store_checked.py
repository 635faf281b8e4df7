"""The whole-file check runs when a GeoPackage changed behind SQLite's back, and only then.

A store that was checked, and since changed only through this program's commits, carries the
stamp of its last state (:mod:`dashboard.store.gpkg_check`) and opens without reading every
page; any other change (damage in place, a copy, a write by another SQLite program, a new
modification time) makes the next opening check the whole file, and damage is still refused.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from _app import build_app_store
from _damage import DAMAGE, checked_copy

from dashboard.store import gpkg_check
from dashboard.store.geopackage import GeoPackageStore
from dashboard.store.interface import DamagedStoreError
from gazetteer.records import Article


def _attributes_work(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, gpkg_check.MARK, b"1")
    except (AttributeError, OSError):
        return False
    finally:
        probe.unlink()
    return True


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("checked")
    if not _attributes_work(folder):
        pytest.skip("this file system keeps no user extended attributes: every opening checks")
    path = folder / "atlas.gpkg"
    build_app_store(path)
    return path


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    """A copy of the built store, opened once (checked in full, so marked)."""
    return checked_copy(built, tmp_path)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The whole-file checks run from now on (the pragma of each)."""
    ran: list[str] = []
    real = gpkg_check.stamp_checked

    def counted(conn: sqlite3.Connection, path: Path, pragma: str) -> tuple[list[str], str | None]:
        ran.append(pragma)
        return real(conn, path, pragma)

    monkeypatch.setattr(gpkg_check, "stamp_checked", counted)
    return ran


def _article(name: str) -> Article:
    return Article(id=name, text=f"\u0642\u0635\u0641 {name}", outlet="test")


def _write(path: Path) -> None:
    with GeoPackageStore(path) as opened, opened.transaction():
        opened.insert_article(_article("a1"), "hash-a1")


def _other_program_writes(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET note = 'edited elsewhere'")
    conn.commit()
    conn.close()


def _touched(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


def _copied(path: Path) -> None:
    """``cp -p`` with attributes: the mark and the time come along, the inode does not."""
    copy = path.with_name("copy.gpkg")
    shutil.copy2(path, copy)
    os.replace(copy, path)


#: (what happened to the marked store, whole-file checks at the next opening)
AFTER: list[tuple[str, Callable[[Path], None], int]] = [
    ("nothing", lambda path: None, 0),
    ("a commit of this program", _write, 0),
    ("a commit of another SQLite program", _other_program_writes, 1),
    ("a new modification time", _touched, 1),
    ("a copy with its attributes", _copied, 1),
]


@pytest.mark.parametrize(("what", "change", "expected"), AFTER, ids=[a[0] for a in AFTER])
def test_the_whole_file_is_checked_again_only_after_a_change_behind_sqlite(
    store: Path, checks: list[str], what: str, change: Callable[[Path], None], expected: int
) -> None:
    change(store)
    checks.clear()
    GeoPackageStore(store).close()
    assert len(checks) == expected, what
    checks.clear()
    GeoPackageStore(store).close()  # checked again (or not): marked either way
    assert checks == []




@pytest.mark.parametrize(("what", "damage", "said"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damage_in_place_to_a_marked_store_is_still_refused(
    store: Path, what: str, damage: Callable[[Path], None], said: str
) -> None:
    damage(store)
    before = store.read_bytes()
    with pytest.raises(DamagedStoreError) as caught:
        GeoPackageStore(store)
    assert str(caught.value).startswith(f"{store}: {said}"), what
    assert store.read_bytes() == before


def test_an_ingest_in_the_background_leaves_the_store_marked(
    store: Path, checks: list[str]
) -> None:
    """``atlas ingest`` opens with ``background_check``: a marked store starts no check."""
    with GeoPackageStore(store, background_check=True) as opened:
        with opened.transaction():
            opened.insert_article(_article("b1"), "hash-b1")
        opened.check_integrity()
    assert checks == []
    assert gpkg_check.trusted(store)


def test_check_integrity_again_checks_the_whole_file(store: Path, checks: list[str]) -> None:
    with GeoPackageStore(store) as opened:
        opened.check_integrity(again=True)
    assert len(checks) == 1


#: (data_version before the commit, after it, the stamp recorded)
WRITTEN: list[tuple[int | None, int, bool]] = [
    (None, 5, False),  # the transaction began on a file not marked
    (5, 5, True),  # no other connection committed
    (5, 6, False),  # another connection committed after this one: its state, not ours
]


@pytest.mark.parametrize(("before", "after", "recorded"), WRITTEN)
def test_a_commit_records_the_stamp_only_of_its_own_state(
    tmp_path: Path, before: int | None, after: int, recorded: bool
) -> None:
    if not _attributes_work(tmp_path):
        pytest.skip("this file system keeps no user extended attributes")
    path = tmp_path / "file.gpkg"
    path.write_bytes(b"x")
    gpkg_check.written(path, before, lambda: after)
    assert gpkg_check.trusted(path) is recorded


def test_check_integrity_inside_a_transaction_checks_and_leaves_the_mark_to_the_commit(
    store: Path, checks: list[str]
) -> None:
    with GeoPackageStore(store) as opened, opened.transaction():
        opened.insert_article(_article("c1"), "hash-c1")
        opened.check_integrity(again=True)
    assert len(checks) == 1
    assert gpkg_check.trusted(store)
