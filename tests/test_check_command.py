"""``atlas check``: a full check of the store file whatever its mark says.

Damage written in place with the file's size and modification time put back is what the mark
of :mod:`dashboard.store.gpkg_check` cannot see at opening; ``atlas check`` finds it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _app import build_app_store
from _damage import checked_copy, rot_in_place

from dashboard import cli
from dashboard.store import gpkg_check
from dashboard.store.geopackage import GeoPackageStore


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "atlas.gpkg"
    build_app_store(path)
    return path


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    return checked_copy(built, tmp_path)


def test_a_sound_store_is_reported_sound(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--db", str(store)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{store}: checked in full, no damage found (")
    assert "events" in out
    assert err == ""


def test_damage_the_mark_cannot_see_is_found(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rot_in_place(store)
    if gpkg_check.trusted(store):  # a file system with extended attributes
        GeoPackageStore(store).close()  # opens: the mark says nothing changed behind SQLite
    assert cli.main(["check", "--db", str(store)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert str(store) in err
    assert "damaged" in err.lower()


def test_a_missing_store_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert cli.main(["check", "--db", str(folder)]) == 1
    assert str(folder) in capsys.readouterr().err
