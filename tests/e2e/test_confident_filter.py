"""The "confident only" filter in chromium, on a store whose events carry real confidences.

The test store is the corpus and the markup article, extracted for real: at least one of its
events falls below the default threshold (0.5). ``?confident=1`` must show exactly the events
the library keeps (``filters.apply``), in the counts line and as drawn markers.
"""

from __future__ import annotations

import dataclasses

import pytest

from dashboard import filters

from .conftest import AtlasPage, StoreView

pytestmark = pytest.mark.e2e


def test_confident_only_shows_what_the_library_keeps(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    every = dataclasses.replace(
        store_view.defaults(), date_from=store_view.span[0], date_to=store_view.span[1]
    )
    confident = dataclasses.replace(every, confident_only=True)
    kept = filters.apply(store_view.frame, confident)
    assert 0 < len(kept) < len(filters.apply(store_view.frame, every)), (
        "the test store should hold events on both sides of the threshold"
    )
    counts, markers = store_view.expect(confident)
    query = filters.to_query(confident)
    assert query.get("confident") == "1"
    atlas.open(query)
    view = atlas.wait_view(counts, markers)
    assert (view.counts, view.drawn, view.held) == (counts, markers, markers)
    box = atlas.page.get_by_label("Confident only", exact=False)
    assert box.count() >= 1 and box.first.is_checked()
