"""Each fact in one place (issue 9): one root error, one report id, one event-table schema.

Also: a store written before the report ids changed (``r-`` ids) is read and merged as it is.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import sqlite3
from pathlib import Path

import pytest
from test_ingest import GAZ, FakeMerge, article, fake_extract

import dashboard
import gazetteer
from dashboard.frames import EVENT_COLUMNS, events_frame
from dashboard.ingest import ingest
from dashboard.store import schema
from dashboard.store.geopackage import GeoPackageStore
from gazetteer import errors
from gazetteer.merge import report_id

#: Every error class the project defines, and the stage error it belongs to.
STAGES = {
    "gazetteer.settings.SettingsError": errors.SettingsError,
    "gazetteer.articles.decode.ArticleError": errors.ArticleError,
    "gazetteer.articles.fetch.FetchError": errors.ArticleError,
    "gazetteer.places.sites.GazetteerError": errors.GazetteerError,
    "gazetteer.text.lexicons.LexiconError": errors.GazetteerError,
    "dashboard.store.interface.NotFoundError": errors.StoreError,
    "dashboard.store.interface.DamagedStoreError": errors.StoreError,
    "dashboard.store.interface.ReviewConflict": errors.StoreError,
    "dashboard.store.gpkg_file.NotGeoPackage": errors.StoreError,
    "dashboard.map.options.MapError": errors.MapError,
    "dashboard.map.assets.AssetsError": errors.MapError,
    "dashboard.commands.CommandError": errors.CommandError,
}


def _error_classes() -> dict[str, type]:
    """Every exception class defined in a module of gazetteer/ or dashboard/ (not re-exports)."""
    found: dict[str, type] = {}
    for package in (gazetteer, dashboard):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith(("dashboard.pages", "dashboard.app", "dashboard.ui")):
                continue  # Streamlit scripts and widgets (they define no error class)
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, BaseException)
                    and value.__module__ == module.__name__
                ):
                    found[f"{module.__name__}.{name}"] = value
    return found


def test_every_error_class_is_under_one_root() -> None:
    classes = _error_classes()
    stage_names = {f"gazetteer.errors.{c.__name__}" for c in vars(errors).values()
                   if inspect.isclass(c) and issubclass(c, errors.AtlasError)}  # fmt: skip
    assert {k for k in classes if k not in stage_names} == set(STAGES)
    for name, stage in STAGES.items():
        assert issubclass(classes[name], stage), name
        assert issubclass(classes[name], errors.AtlasError), name
    from dashboard.ingest import IngestError

    assert IngestError is errors.IngestError  # ingest raises its stage error itself


@pytest.mark.parametrize(
    ("error", "also"),
    [(errors.SettingsError, ValueError), (errors.GazetteerError, ValueError),
     (errors.MapError, ValueError)],
)  # fmt: skip
def test_stage_errors_keep_the_builtin_bases_callers_catch(error: type, also: type) -> None:
    assert issubclass(error, also)


def test_the_event_table_is_defined_once() -> None:
    assert EVENT_COLUMNS is schema.EVENT_COLUMNS
    assert list(EVENT_COLUMNS) == list(schema.EVENT_TABLE)
    events_columns = {c for c, _ in schema.LAYERS["events"][0]}
    assert set(EVENT_COLUMNS) <= events_columns
    assert schema.missing_columns(events_frame([]), ("id", "lat")) == []
    with pytest.raises(KeyError, match="not event-table columns"):
        schema.missing_columns(events_frame([]), ("latitude",))


def test_reports_are_stored_under_the_merge_report_id(tmp_path: Path) -> None:
    with GeoPackageStore(tmp_path / "atlas.gpkg") as store:
        ingest(store, [article("a1")], GAZ, extract=fake_extract, merge=FakeMerge())
        stored = {r for e in store.load_events() for r in store.reports_of_events([e.id])}
        want = {report_id(i) for i in fake_extract(article("a1"), GAZ)}
    assert stored == want


def test_a_store_with_old_report_ids_is_read_and_merged(tmp_path: Path) -> None:
    """Rename the stored ids to the old ``r-`` form; reading and re-merging still work."""
    db = tmp_path / "atlas.gpkg"
    with GeoPackageStore(db) as store:
        ingest(store, [article("a1")], GAZ, extract=fake_extract, merge=FakeMerge())
        before = store.load_events()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for (rid,) in conn.execute("SELECT id FROM reports").fetchall():
            old = "r-" + rid[3:] + "00000000"
            conn.execute("UPDATE reports SET id = ? WHERE id = ?", (old, rid))
            conn.execute("UPDATE event_reports SET report_id = ? WHERE report_id = ?", (old, rid))
    conn.close()
    with GeoPackageStore(db) as store:
        assert store.load_events() == before
        ingest(store, [article("a3")], GAZ, extract=fake_extract, merge=FakeMerge())
        merged = [e for e in store.load_events() if {r.article for r in e.reports} == {"a1", "a3"}]
        assert len(merged) == 1
        ids = store.reports_of_events([merged[0].id])
        assert {i[:2] for i in ids} == {"r-", "rp"}


def test_incidents_round_trip_through_the_row_decoders() -> None:
    from dashboard.store.rows import incident_from_row, incident_values

    for incident in fake_extract(article("a1"), GAZ):
        values = incident_values(incident)
        assert incident_from_row(values) == incident
        assert dataclasses.asdict(incident_from_row(values)) == dataclasses.asdict(incident)
