"""Ingest: idempotence, one transaction per batch, incremental events, reviews kept, the CLI."""

from __future__ import annotations

import csv
import dataclasses
import importlib
import json
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from dashboard import cli
from dashboard import ingest as ingest_module
from dashboard.ingest import (
    IngestError,
    IngestReport,
    ensure_seeded,
    ingest,
    ingest_paths,
    read_articles,
)
from dashboard.store.geopackage import GeoPackageStore, ReviewConflict, report_id
from gazetteer.places import loading as loading_module
from gazetteer.records import Article, Event, Incident, Site

DATA = Path(__file__).parent / "data" / "store"
FIXTURE = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
ROWS = {a["id"]: a for a in FIXTURE["articles"]}
LABEL = {(a["id"], i["quote"]): i["event"] for a in FIXTURE["articles"] for i in a["incidents"]}


class FakeGazetteer:
    """The part of gazetteer.places.loading.Gazetteer that ingest uses: ``sites``."""

    def __init__(self) -> None:
        self.sites = {
            s["key"]: Site(
                key=s["key"],
                name_en=s["name_en"],
                name_ar=s["name_ar"],
                kind=s["kind"],
                country="Syria",
                governorate="Deir ez-Zor",
                lat=s["lat"],
                lon=s["lon"],
                parent=s["parent"],
            )
            for s in FIXTURE["sites"]
        }


GAZ = FakeGazetteer()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def article(article_id: str, **changes: object) -> Article:
    row = ROWS[article_id]
    made = Article(
        id=row["id"],
        text=row["text"],
        published=_day(row["published"]),
        outlet=row["outlet"],
        note=row["note"],
    )
    return dataclasses.replace(made, **changes)


def fake_extract(item: Article, gazetteer: FakeGazetteer) -> list[Incident]:
    """Return the fixture's incidents of the article with this id (none for unknown ids)."""
    row = ROWS.get(item.id, {"incidents": [], "text": item.text})
    found = []
    for inc in row["incidents"]:
        site = gazetteer.sites.get(inc["site"] or "")
        start = item.text.index(inc["quote"])
        found.append(
            Incident(
                article=item.id,
                site=inc["site"],
                site_name=site.name_en if site else "",
                lat=site.lat if site else None,
                lon=site.lon if site else None,
                geo_precision=1 if site else 3,
                date_start=_day(inc["date"][0]),
                date_end=_day(inc["date"][1]),
                date_precision=inc["date_precision"],
                time=inc["time"],
                weapon=tuple(inc["weapon"]),
                count=inc["count"],
                killed=inc["killed"],
                injured=inc["injured"],
                casualties=inc["casualties"],
                casualty_note="",
                actor=inc["actor"],
                target=inc["target"],
                new=inc["new"],
                outlet=item.outlet,
                cited=tuple(inc["cited"]),
                quote=inc["quote"],
                span=(start, start + len(inc["quote"])),
                summary_en=f"{'/'.join(inc['weapon'])} at {site.name_en if site else 'unknown'}",
            )
        )
    return found


def _root(site: str | None) -> str | None:
    while site in GAZ.sites and GAZ.sites[site].parent:
        site = GAZ.sites[site].parent
    return site


def _event(reports: list[Incident]) -> Event:
    first = reports[0]
    counts = [r.count for r in reports if r.count is not None]
    injured = [r.injured for r in reports if r.injured is not None]
    return Event(
        id="ev-" + report_id(first)[2:14],
        site=first.site,
        site_name=first.site_name,
        lat=first.lat,
        lon=first.lon,
        geo_precision=first.geo_precision,
        date_start=first.date_start,
        date_end=max((r.date_end for r in reports if r.date_end), default=None),
        date_precision=first.date_precision,
        time=None,
        weapon=tuple(dict.fromkeys(w for r in reports for w in r.weapon)),
        count=min(counts, default=None),
        count_max=max(counts, default=None),
        killed=None,
        killed_max=None,
        injured=min(injured, default=None),
        injured_max=max(injured, default=None),
        casualties=first.casualties,
        actor=None,
        target=None,
        new=any(r.new for r in reports),
        outlets=tuple(dict.fromkeys(r.outlet for r in reports if r.outlet)),
        cited=tuple(dict.fromkeys(c for r in reports for c in r.cited)),
        summary_en=first.summary_en,
        reports=tuple(reports),
    )


class FakeMerge:
    """Group reports of one site family whose days are at most one apart; remember calls."""

    def __init__(self) -> None:
        self.calls: list[list[Incident]] = []

    def __call__(self, incidents: Iterable[Incident]) -> list[Event]:
        given = list(incidents)
        self.calls.append(given)
        groups: list[list[Incident]] = []
        order = sorted(given, key=lambda r: (r.date_start or date.min, r.article, r.span))
        for report in order:
            for group in groups:
                last = group[-1]
                if (
                    _root(last.site) == _root(report.site)
                    and last.date_start
                    and report.date_start
                    and (report.date_start - last.date_start).days <= 1
                ):
                    group.append(report)
                    break
            else:
                groups.append([report])
        return [_event(g) for g in groups]


def _run(
    store: GeoPackageStore, ids: Iterable[str], merge: FakeMerge | None = None, **kwargs: object
) -> IngestReport:
    return ingest(
        store,
        [article(i) for i in ids],
        GAZ,
        extract=fake_extract,
        merge=merge or FakeMerge(),
        **kwargs,
    )


def _labels(store: GeoPackageStore) -> dict[str, set[str]]:
    """Event id -> the fixture labels of its reports."""
    return {e.id: {LABEL[(r.article, r.quote)] for r in e.reports} for e in store.load_events()}


def _event_id(store: GeoPackageStore, label: str) -> str:
    (found,) = [eid for eid, labels in _labels(store).items() if labels == {label}]
    return found


@pytest.fixture
def store(tmp_path: Path):
    with GeoPackageStore(tmp_path / "atlas.gpkg") as opened:
        yield opened


ALL = sorted(ROWS)


def test_ingest_stores_articles_reports_and_events(store: GeoPackageStore) -> None:
    report = _run(store, ALL)
    n_reports = sum(len(a["incidents"]) for a in FIXTURE["articles"])
    labels = {i["event"] for a in FIXTURE["articles"] for i in a["incidents"]}
    assert report == IngestReport(
        added=len(ALL),
        skipped_duplicates=0,
        failed=[],
        reports_added=n_reports,
        events_total=len(labels),
    )
    assert store.counts() == {
        "events": len(labels),
        "reports": n_reports,
        "articles": len(ALL),
        "reviews": 0,
    }
    assert sorted(tuple(v) for v in _labels(store).values()) == sorted((x,) for x in labels)
    assert store.article("a3").text == ROWS["a3"]["text"]


@pytest.mark.parametrize(
    "batches",
    [[ALL, ALL], [ALL[:4], ALL[4:], ALL], [["a1", "a3"], ["a3", "a1"], ["a1"]]],
    ids=["same-batch-twice", "split-then-whole", "one-by-one"],
)
def test_ingest_is_idempotent(store: GeoPackageStore, batches: list[list[str]]) -> None:
    for batch in batches[:-1]:
        _run(store, batch)
    before = (store.path.read_bytes(), store.counts(), store.load_events())
    again = _run(store, batches[-1])
    assert (again.added, again.reports_added, again.failed) == (0, 0, [])
    assert again.skipped_duplicates == len(batches[-1])
    assert (store.path.read_bytes(), store.counts(), store.load_events()) == before


def test_same_text_under_another_name_is_a_duplicate(store: GeoPackageStore) -> None:
    _run(store, ["a1"])
    copy = article("a2", id="a2-copy")
    report = ingest(
        store,
        [article("a2"), copy, article("a1", id="a1-copy")],
        GAZ,
        extract=fake_extract,
        merge=FakeMerge(),
    )
    assert (report.added, report.skipped_duplicates) == (1, 2)
    assert store.counts()["articles"] == 2


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        (
            lambda: article("a1", text=ROWS["a2"]["text"] + "\n" + ROWS["a4"]["text"]),
            "already stored",
        ),
        (lambda: article("a2", text="   \n\t "), "empty text"),
    ],
    ids=["same-id-other-text", "blank-text"],
)
def test_refused_articles_are_reported_and_the_rest_stored(
    store: GeoPackageStore, bad, needle: str
) -> None:
    _run(store, ["a1"])
    item = dataclasses.replace(bad(), source_path="incoming/odd.txt")
    report = ingest(store, [item, article("a4")], GAZ, extract=fake_extract, merge=FakeMerge())
    assert report.added == 1
    (message,) = report.failed
    assert message.startswith("incoming/odd.txt: ")
    assert needle in message
    assert store.counts()["articles"] == 2


def _failing_on(name: str):
    def extract(item: Article, gazetteer: FakeGazetteer) -> list[Incident]:
        if item.id == name:
            raise RuntimeError("extractor crashed")
        return fake_extract(item, gazetteer)

    return extract


@pytest.mark.parametrize("already", [[], ["a1", "a2"]], ids=["empty-store", "filled-store"])
def test_failure_mid_batch_leaves_the_store_as_it_was(
    store: GeoPackageStore, already: list[str]
) -> None:
    if already:
        _run(store, already)
    batch = [article(i) for i in ["a3", "a4", "a5", "a6"]]
    before = (store.path.read_bytes(), store.counts(), store.load_events())
    with pytest.raises(IngestError) as caught:
        ingest(store, batch, GAZ, extract=_failing_on(batch[2].id), merge=FakeMerge())
    message = str(caught.value)
    assert message.startswith(f"{batch[2].id}: extraction failed (RuntimeError: extractor crashed)")
    assert "nothing of this batch was stored" in message
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert (store.path.read_bytes(), store.counts(), store.load_events()) == before


def test_failing_merge_rolls_back_too(store: GeoPackageStore) -> None:
    _run(store, ["a1"])
    before = (store.counts(), store.load_events())

    def merge(incidents: list[Incident]) -> list[Event]:
        raise ValueError("bad cluster")

    with pytest.raises(IngestError, match=r"merging events failed \(ValueError: bad cluster\)"):
        ingest(store, [article("a3")], GAZ, extract=fake_extract, merge=merge)
    assert (store.counts(), store.load_events()) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda inc: dataclasses.replace(inc, article="someone-else"),
        lambda inc: {"not": "an incident"},
    ],
    ids=["wrong-article", "not-an-incident"],
)
def test_extractor_returning_foreign_reports_is_refused(store: GeoPackageStore, change) -> None:
    def extract(item: Article, gazetteer: FakeGazetteer) -> list:
        return [change(i) for i in fake_extract(item, gazetteer)]

    with pytest.raises(IngestError, match="a1: the extractor returned a report for article"):
        ingest(store, [article("a1")], GAZ, extract=extract, merge=FakeMerge())
    assert store.counts()["articles"] == 0


def test_only_the_touched_site_family_is_merged_again(store: GeoPackageStore) -> None:
    _run(store, ["a1", "a2", "a4"])
    before = {e.id: e for e in store.load_events()}
    versions = dict(zip(store.events_frame()["id"], store.events_frame()["version"], strict=True))
    merge = FakeMerge()
    _run(store, ["a3"], merge)  # Green Village, inside al-Omar
    (call,) = merge.calls
    assert sorted((r.article, r.site) for r in call) == [("a1", "al-omar"), ("a3", "green-village")]
    after = {e.id: e for e in store.load_events()}
    omar = _event_id(store, "omar")
    assert omar in before  # the earliest report is still a1's, so the id stays
    assert len(after[omar].reports) == 2
    for label in ("conoco-early", "tanf"):
        eid = _event_id(store, label)
        assert after[eid] == before[eid]
    frame = store.events_frame().set_index("id")
    assert frame.loc[omar, "version"] == versions[omar] + 1
    assert frame.loc[_event_id(store, "tanf"), "version"] == versions[_event_id(store, "tanf")]


def test_reviews_stay_attached_and_changed_events_conflict(store: GeoPackageStore) -> None:
    _run(store, ["a1", "a4"])
    omar, tanf = _event_id(store, "omar"), _event_id(store, "tanf")
    seen = store.save_review(omar, "confirmed", "one drone", expected_version=1)
    tanf_version = store.save_review(tanf, "rejected", "claim only", expected_version=1)
    _run(store, ["a3"])
    assert [r.note for r in store.reviews_for(omar)] == ["one drone"]
    frame = store.events_frame().set_index("id")
    assert frame.loc[omar, "review_status"] == "confirmed"
    assert frame.loc[omar, "version"] == seen + 1
    assert (frame.loc[tanf, "version"], frame.loc[tanf, "review_status"]) == (
        tanf_version,
        "rejected",
    )
    with pytest.raises(ReviewConflict, match=f"version {seen}, but version {seen + 1}"):
        store.save_review(omar, "confirmed", "still one drone", expected_version=seen)


def test_reviews_follow_an_event_whose_id_changes(store: GeoPackageStore) -> None:
    _run(store, ["a1", "a3"])
    old = _event_id(store, "omar")
    version = store.save_review(old, "confirmed", "checked", expected_version=1)
    _run(store, ["a5"])  # an earlier report joins: the event id now derives from it
    new = _event_id(store, "omar")
    assert new != old
    assert store.reviews_for(old) == []
    assert [r.note for r in store.reviews_for(new)] == ["checked"]
    row = store.events_frame().set_index("id").loc[new]
    assert row["review_status"] == "confirmed"
    assert row["version"] > version
    assert store.counts()["events"] == 1


def _write_seeds(folder: Path, ids: list[str], extra_rows: list[list[str]] = ()) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "articles.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "published", "outlet", "url", "language", "note"])
        for i in ids:
            row = ROWS[i]
            (folder / f"{i}.txt").write_text(row["text"] + "\n", encoding="utf-8")
            writer.writerow(
                [
                    f"{i}.txt",
                    row["published"] or "2024-01-12",
                    row["outlet"] or "",
                    "",
                    "ar",
                    row["note"],
                ]
            )
        writer.writerows(extra_rows)


def test_ensure_seeded_fills_an_empty_store_once(store: GeoPackageStore, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    _write_seeds(seeds, ALL, [["missing.txt", "2024-01-12", "", "", "ar", ""]])
    first = ensure_seeded(store, seeds, GAZ, extract=fake_extract, merge=FakeMerge())
    assert first is not None
    assert first.added == len(ALL)
    (message,) = first.failed
    assert "articles.csv" in message
    assert "missing.txt" in message
    assert store.article("a2").source_path.endswith("a2.txt")
    assert ensure_seeded(store, seeds, GAZ, extract=fake_extract, merge=FakeMerge()) is None


def test_ingest_paths_reports_unreadable_files(store: GeoPackageStore, tmp_path: Path) -> None:
    seeds = tmp_path / "in"
    _write_seeds(seeds, ["a1", "a2"])
    empty = tmp_path / "blank.txt"
    empty.write_text("  \n", encoding="utf-8")
    report = ingest_paths(
        store,
        [seeds, empty, tmp_path / "nowhere.txt"],
        GAZ,
        extract=fake_extract,
        merge=FakeMerge(),
    )
    assert report.added == 2
    assert [m.split(":")[0] for m in report.failed] == [str(empty), str(tmp_path / "nowhere.txt")]


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI use the fake extractor, merge and gazetteer."""
    monkeypatch.setattr(ingest_module, "_default_extract", lambda: fake_extract)
    monkeypatch.setattr(ingest_module, "_default_merge", lambda gazetteer: FakeMerge())
    # the real module keeps its other names (the map's basemap imports one of them)
    monkeypatch.setattr(loading_module, "load_gazetteer", lambda *a, **k: GAZ)


def test_cli_ingest_twice_then_bad_input(
    fake_pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "out" / "atlas.gpkg"
    _write_seeds(seeds, ALL)
    assert cli.main(["ingest", str(seeds), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"ingested {len(ALL)} articles (0 duplicates skipped, 0 failed)")
    assert out.rstrip().endswith(f"in {db}")
    assert err == ""
    assert cli.main(["ingest", str(seeds), "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(f"ingested 0 articles ({len(ALL)} duplicates skipped, 0 failed)")
    assert cli.main(["ingest", str(tmp_path / "nowhere.txt"), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert err == f"atlas: {tmp_path / 'nowhere.txt'}: no such file or folder\n"
    assert out.startswith("ingested 0 articles")


def test_cli_refuses_a_corrupted_store_without_traceback(
    fake_pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "broken.gpkg"
    _write_seeds(seeds, ["a1"])
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40)
    assert cli.main(["ingest", str(seeds), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"atlas: {db}: the store file is damaged (truncated: 56 bytes")
    assert "last good copy" in err
    assert "Traceback" not in err


def test_cli_console_script_runs(tmp_path: Path) -> None:
    """The installed ``atlas`` knows ``ingest``; a bad store is one line on stderr."""
    db = tmp_path / "not.gpkg"
    db.write_text("plain text\n", encoding="utf-8")
    article_file = tmp_path / "x.txt"
    article_file.write_text(ROWS["a7"]["text"], encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.cli",
            "ingest",
            str(article_file),
            "--db",
            str(db),
            "--published",
            "2024-01-11",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"atlas: {db}: not a GeoPackage (not an SQLite database)\n"


def _real_pipeline_missing() -> str:
    """Name the first pipeline module that is not written yet (empty when all import)."""
    for name in ("gazetteer.places.loading", "gazetteer.extract.reader", "gazetteer.merge"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            return str(exc)
    return ""


REAL_PIPELINE_MISSING = _real_pipeline_missing()


@pytest.mark.skipif(bool(REAL_PIPELINE_MISSING), reason=REAL_PIPELINE_MISSING)
def test_real_pipeline_end_to_end(tmp_path: Path) -> None:
    """Real extractor, gazetteer and merge: one batch, then one article at a time, agree."""
    from gazetteer.places.loading import load_gazetteer

    gazetteer = load_gazetteer()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    rows = FIXTURE["real_pipeline"]["articles"]
    for row in rows:
        (seeds / row["file"]).write_text(row["text"], encoding="utf-8")
    with (seeds / "articles.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "published", "outlet", "url", "language", "note"])
        writer.writerows([r["file"], r["published"], r["outlet"], "", "ar", ""] for r in rows)
    with GeoPackageStore(tmp_path / "batch.gpkg") as batch:
        first = ingest_paths(batch, [seeds], gazetteer)
        assert (first.added, first.failed) == (len(rows), [])
        frame = batch.events_frame()
        assert set(frame["site"].dropna()) <= set(gazetteer.sites)
        assert {"al-omar", "tanf"} <= set(frame["site"])
        events = batch.load_events()
        assert sum(len(e.reports) for e in events) == batch.counts()["reports"]
        again = ingest_paths(batch, [seeds], gazetteer)
        assert (again.added, again.skipped_duplicates) == (0, len(rows))
        assert batch.load_events() == events
    articles, errors = read_articles([seeds])
    assert errors == []
    with GeoPackageStore(tmp_path / "steps.gpkg") as steps:
        for item in reversed(articles):
            ingest(steps, [item], gazetteer)
        assert {e.id: e for e in steps.load_events()} == {e.id: e for e in events}
