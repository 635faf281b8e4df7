"""Adding articles one at a time re-merges only near the new reports; the events must be those
a full merge of everything would give (the windowed re-merge of dashboard/store/remerge.py must
never change an outcome, only the work)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.ingest import ingest
from dashboard.store.geopackage import GeoPackageStore
from gazetteer.articles import iter_articles
from gazetteer.extract.reader import extract
from gazetteer.merge import merge_events, report_id
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Event

ROOT = Path(__file__).resolve().parent.parent
#: Sets whose articles report the same incidents across outlets (events of several reports).
SETS = {
    "seeds": ROOT / "seeds",
    "heldout4": ROOT / "tests" / "data" / "heldout4",
}


def _groups(events: list[Event]) -> set[frozenset[str]]:
    return {frozenset(report_id(r) for r in e.reports) for e in events}


@pytest.mark.parametrize("name", sorted(SETS))
@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_one_article_at_a_time_gives_the_full_merge(tmp_path: Path, name: str, order: str) -> None:
    gazetteer = load_gazetteer()
    articles = [a for a in iter_articles([SETS[name]]) if isinstance(a, Article)]
    if order == "reversed":
        articles.reverse()
    full = merge_events([i for a in articles for i in extract(a, gazetteer)], gazetteer)
    assert any(len(e.reports) > 1 for e in full), "the set should hold merged events"
    with GeoPackageStore(tmp_path / "atlas.gpkg") as store:
        for article in articles:  # each ingest re-merges only within the window of its reports
            ingest(store, [article], gazetteer)
        stored = store.load_events()
    assert _groups(stored) == _groups(full)
    assert sorted(e.id for e in stored) == sorted(e.id for e in full)
