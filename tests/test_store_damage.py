"""A damaged GeoPackage is refused, never written to, and explained: by ingest and by the page.

Three kinds of damage, made with the same tools a disk or a copy would use: a page of zeros
(``dd if=/dev/zero bs=4096 seek=1 count=1 conv=notrunc``), a page of random bytes, and a file
cut short. For each, ``atlas ingest`` exits 1 with one line that names the file and how to
recover, the file is left byte for byte as it was, and the dashboard page shows the same
message and no traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _app import APP, build_app_store, texts
from _damage import DAMAGE, PAGE
from streamlit.testing.v1 import AppTest

from dashboard import cli
from dashboard.store.geopackage import GeoPackageStore
from dashboard.store.interface import DamagedStoreError, StoreError


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "atlas.gpkg"
    build_app_store(path)
    assert path.stat().st_size > 4 * PAGE
    return path


@pytest.fixture(params=DAMAGE, ids=[d[0] for d in DAMAGE])
def damaged(request: pytest.FixtureRequest, good_store: Path, tmp_path: Path) -> tuple[Path, str]:
    _, damage, said = request.param
    path = tmp_path / "atlas.gpkg"
    shutil.copyfile(good_store, path)
    damage(path)
    return path, said


def _leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def test_opening_a_damaged_store_is_refused_and_the_file_kept(damaged: tuple[Path, str]) -> None:
    path, said = damaged
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        GeoPackageStore(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {said}")
    assert isinstance(caught.value, DamagedStoreError)
    assert "last good copy" in message and "atlas ingest" in message
    assert path.read_bytes() == before
    assert _leftovers(path) == []


def test_ingest_refuses_to_write_into_a_damaged_store(
    damaged: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, said = damaged
    article = tmp_path / "new.txt"
    article.write_text(
        "\u0642\u0635\u0641 \u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641",
        encoding="utf-8",
    )
    before = path.read_bytes()
    code = cli.main(["ingest", str(article), "--db", str(path), "--published", "2024-01-02"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.startswith(f"atlas: {path}: {said}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert path.read_bytes() == before
    assert _leftovers(path) == ["new.txt"]


def test_the_page_shows_one_message_for_a_damaged_store(
    damaged: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, said = damaged
    monkeypatch.setenv("ATLAS_DB", str(path))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    errors = [str(e.value) for e in at.error]
    assert len(errors) == 1, texts(at)
    assert errors[0].startswith(f"{path}: {said}")


def test_serve_refuses_a_damaged_store_with_the_message(damaged: tuple[Path, str]) -> None:
    """``atlas serve`` stops before starting Streamlit, with the message (the log's one line)."""
    from dashboard.commands import CommandError, serve

    path, said = damaged
    before = path.read_bytes()
    with pytest.raises(CommandError) as caught:
        serve._seed(str(path), str(Path(__file__).parent.parent / "seeds"))
    assert str(caught.value).startswith(f"{path}: {said}")
    assert path.read_bytes() == before


def test_a_device_is_not_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "new.txt"
    article.write_text("\u0642\u0635\u0641", encoding="utf-8")
    code = cli.main(["ingest", str(article), "--db", "/dev/null", "--published", "2024-01-02"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err == (
        "atlas: /dev/null: not a GeoPackage (it is a device, pipe or socket);"
        " give the path of a .gpkg file\n"
    )


def test_the_console_script_prints_no_traceback(damaged: tuple[Path, str], tmp_path: Path) -> None:
    path, said = damaged
    article = tmp_path / "new.txt"
    article.write_text("\u0642\u0635\u0641", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "ingest", str(article), "--db", str(path),
         "--published", "2024-01-02"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"atlas: {path}: {said}")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("error", ["DataLayerError", "FieldError", "DataSourceError"])
def test_a_gdal_read_error_falls_back_to_sqlite(
    good_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str
) -> None:
    """GDAL failing to read a page (as on a damaged file) is not a traceback on the page."""
    import pyogrio

    path = tmp_path / "atlas.gpkg"
    shutil.copyfile(good_store, path)
    with GeoPackageStore(path) as store:
        want = store.events_frame()

        def broken(*args: object, **kwargs: object) -> None:
            raise getattr(pyogrio.errors, error)("failed to read a feature")

        monkeypatch.setattr(pyogrio, "read_dataframe", broken)
        got = store.events_frame()
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(want))
