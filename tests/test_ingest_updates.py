"""Re-ingest with better metadata, the summary's failures, pieces, and the merge window.

Issue 11 (points 8 and 9) and issue 13 (point 3): the same text with a publication date it
lacked updates the stored article and its reports and says so; the summary counts unreadable
files as failed; a batch is written in pieces; and only the reports within the merge window
of a new report are merged again.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_ingest import GAZ, ROWS, FakeMerge, _write_seeds, article, fake_extract
from test_ingest import fake_pipeline as fake_pipeline

from dashboard import cli
from dashboard.ingest import IngestReport, ingest
from dashboard.store.geopackage import GeoPackageStore
from gazetteer.records import Article, Incident


def dated_by_metadata(item: Article, gazetteer: object) -> list[Incident]:
    """The fixture's incidents of this text, dated by the article's publication date."""
    (row,) = [r for r in ROWS.values() if r["text"] == item.text.strip()]
    as_row = dataclasses.replace(item, id=row["id"], text=row["text"])
    return [
        dataclasses.replace(
            inc,
            article=item.id,
            date_start=item.published,
            date_end=item.published,
            date_precision="day" if item.published else "unknown",
            outlet=item.outlet,
        )
        for inc in fake_extract(as_row, gazetteer)
    ]


@pytest.fixture
def store(tmp_path: Path):
    with GeoPackageStore(tmp_path / "atlas.gpkg") as opened:
        yield opened


def _run(store: GeoPackageStore, items: list[Article]) -> IngestReport:
    return ingest(store, items, GAZ, extract=dated_by_metadata, merge=FakeMerge())


# (what the CSV gave first, what it gives after the fix, updated?, what is stored at the end)
METADATA = [
    ({"published": None}, {"published": date(2024, 1, 9)}, True, {"published": date(2024, 1, 9)}),
    ({"outlet": None}, {"outlet": "Enab Baladi"}, True, {"outlet": "Enab Baladi"}),
    ({"url": None}, {"url": "https://example.org/a"}, True, {"url": "https://example.org/a"}),
    ({}, {}, False, {}),
    # a re-ingest without the metadata does not erase what is stored
    ({"published": date(2024, 1, 9)}, {"published": None}, False, {"published": date(2024, 1, 9)}),
]


@pytest.mark.parametrize(("first", "then", "updated", "stored"), METADATA)
def test_better_metadata_updates_the_article_and_its_reports(
    store: GeoPackageStore, first: dict, then: dict, updated: bool, stored: dict
) -> None:
    _run(store, [article("a2", **first)])
    before = store.load_events()
    again = _run(store, [article("a2", id="a2-renamed", **then)])
    assert (again.added, again.updated, again.skipped_duplicates) == (0, int(updated), 1 - updated)
    kept = store.article("a2")  # the stored id stays
    for name, value in stored.items():
        assert getattr(kept, name) == value
    events = store.load_events()
    assert store.counts()["articles"] == 1
    assert store.counts()["reports"] == len(ROWS["a2"]["incidents"])
    if updated:
        assert "1 updated with new metadata" in again.summary()
        for event in events:
            for report in event.reports:
                if "published" in then:
                    assert report.date_start == then["published"]
                if "outlet" in then:
                    assert report.outlet == then["outlet"]
    else:
        assert events == before


def test_updated_reports_join_the_events_of_their_new_date(store: GeoPackageStore) -> None:
    """An undated copy of a1 stays apart; dated like a1, it merges into a1's event."""
    a1 = article("a1", published=date(2024, 1, 9))
    _run(store, [a1])
    copy = Article(id="a1-copy", text=a1.text + " ", published=None, outlet="other")
    _run(store, [copy])
    assert sorted(len(e.reports) for e in store.load_events()) == [1, 1]
    report = _run(store, [dataclasses.replace(copy, published=date(2024, 1, 9))])
    assert report.updated == 1
    assert [len(e.reports) for e in store.load_events()] == [2]


def test_the_summary_counts_unreadable_files_as_failed(
    fake_pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, db = tmp_path / "seeds", tmp_path / "atlas.gpkg"
    _write_seeds(seeds, ["a1"])
    bad = [tmp_path / f"missing-{i}.txt" for i in range(3)]
    assert cli.main(["ingest", str(seeds), *map(str, bad), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("ingested 1 article (0 duplicates skipped, 3 failed)")
    assert err.count("no such file or folder") == 3


@pytest.mark.parametrize("piece", [1, 2, 3, 100])
def test_pieces_give_the_same_store_as_one_transaction(tmp_path: Path, piece: int) -> None:
    ids = sorted(ROWS)
    with GeoPackageStore(tmp_path / "whole.gpkg") as whole:
        ingest(whole, [article(i) for i in ids], GAZ, extract=fake_extract, merge=FakeMerge())
        want = whole.load_events()
    said: list[str] = []
    with GeoPackageStore(tmp_path / f"piece-{piece}.gpkg") as parts:
        got = ingest(
            parts, [article(i) for i in ids], GAZ, extract=fake_extract, merge=FakeMerge(),
            piece=piece, progress=said.append,
        )  # fmt: skip
        assert got.added == len(ids)
        assert parts.load_events() == want
    pieces = -(-len(ids) // piece)
    assert len(said) == (pieces if pieces > 1 else 0)
    if said:
        assert said[-1] == f"stored {len(ids)} of {len(ids)} articles"


def _incident(item: Article, day: date, site: str = "al-omar") -> Incident:
    return dataclasses.replace(fake_extract(article("a1"), GAZ)[0], article=item.id,
                               date_start=day, date_end=day, span=(0, 1), quote="x")  # fmt: skip


def test_only_reports_within_the_merge_window_are_merged_again(store: GeoPackageStore) -> None:
    """A store with one report a day for 60 days; a new report merges only with its days."""
    first = date(2024, 1, 1)
    days = [first + timedelta(days=2 * i) for i in range(60)]
    items = [Article(id=f"d{i}", text=f"report {i}", published=d) for i, d in enumerate(days)]
    by_id = {a.id: a for a in items}
    extract = lambda item, gaz: [_incident(item, by_id[item.id].published)]  # noqa: E731
    ingest(store, items, GAZ, extract=extract, merge=FakeMerge())
    merge = FakeMerge()
    new = Article(id="new", text="new report", published=days[30])
    by_id["new"] = new
    ingest(store, [new], GAZ, extract=extract, merge=merge)
    (call,) = merge.calls
    merged_days = sorted({r.date_start for r in call})
    assert merged_days == [days[29], days[30], days[31]]
