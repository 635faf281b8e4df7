"""The confidence of an incident (gazetteer/extract/confidence.py): weights over evidence."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.ingest import ingest_paths
from dashboard.store.geopackage import GeoPackageStore
from gazetteer.extract.confidence import THRESHOLD, WEIGHTS, Evidence, score

#: (evidence, expected confidence, a reason that must be given)
CASES = [
    (
        Evidence(True, 1, True, True, True, True, sentences=2),
        0.95,
        "an attack word governs the place",
    ),
    (
        Evidence(True, 1, False, False, True, True, repeated_site=True),
        0.40,
        "the site is reported elsewhere in the article with a date",
    ),
    (
        Evidence(False, 3, True, True, True, False, date_precision="month"),
        0.35,
        "only a region is named",
    ),
    (
        Evidence(False, 2, True, False, True, False, sentences=2, date_precision="month"),
        0.45,
        "dated only to a month or not at all",
    ),
    (
        Evidence(True, 2, False, False, True, True),
        0.45,
        "one passing mention, date borrowed, no figure",
    ),
    (
        # near a named base (precision 2): the site is named as surely as at precision 1
        Evidence(True, 2, True, True, True, True, sentences=2, facility=True),
        0.95,
        "the site itself is named",
    ),
    (
        # near a town (precision 2, no facility): no credit for naming the site
        Evidence(True, 2, True, True, True, True, sentences=2),
        0.80,
        "an attack word governs the place",
    ),
    (Evidence(False, 3, False, False, False, False, sentences=1), 0.0, "only a region is named"),
    (
        # a claim's list line dated by the earlier attack the claim mentioned
        Evidence(False, 1, False, True, True, False, sentences=1),
        0.45,
        "an earlier attack with no date of its own",
    ),
    (
        # the same line with its own date clears the threshold
        Evidence(False, 1, True, True, True, False, sentences=1),
        0.75,
        "dated in its own words",
    ),
]


@pytest.mark.parametrize(("evidence", "expected", "reason"), CASES)
def test_confidence_from_evidence(evidence: Evidence, expected: float, reason: str) -> None:
    value, reasons = score(evidence)
    assert value == pytest.approx(expected)
    assert reason in reasons
    assert 0.0 <= value <= 1.0


def test_full_evidence_clears_the_threshold_and_none_does_not() -> None:
    assert score(Evidence(True, 1, True, True, True, True))[0] >= THRESHOLD
    assert score(Evidence(False, 3, False, False, False, False))[0] < THRESHOLD


def test_weights_are_named_and_signed() -> None:
    assert WEIGHTS["BASE"] > 0
    assert all(WEIGHTS[k] > 0 for k in ("GOVERNING_WORD", "EXACT_PLACE", "OWN_DATE", "FIGURE"))
    negative = ("REGION_ONLY", "BARE_MENTION", "REPEATED_SITE", "UNDATED_BACK_REFERENCE")
    assert all(WEIGHTS[k] < 0 for k in negative)


def test_atlas_extract_prints_confidence_and_reasons() -> None:
    """``atlas extract --jsonl`` prints each incident's confidence (0..1) and its reasons."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "extract", str(seeds), "--jsonl"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert rows
    for row in rows:
        assert 0.0 <= row["confidence"] <= 1.0
        assert row["confidence_reasons"] and all(
            isinstance(r, str) for r in row["confidence_reasons"]
        )


def test_a_store_written_before_confidence_opens_with_full_confidence(tmp_path: Path) -> None:
    """A GeoPackage whose reports table predates the confidence columns gains them on open."""
    path = tmp_path / "old.gpkg"
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    with GeoPackageStore(path) as store:
        ingest_paths(store, [seeds / "002_98b573db9e484159.txt"], published="2022-01-16")
    with sqlite3.connect(path) as conn:  # make it look like a store of the earlier schema
        conn.execute("ALTER TABLE reports DROP COLUMN confidence_reasons")
        conn.execute("ALTER TABLE reports DROP COLUMN confidence")
        event = conn.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    conn.close()
    with GeoPackageStore(path) as store:
        reports = store.reports_for(event)
    assert reports
    assert all(r.confidence == 1.0 and r.confidence_reasons == () for r in reports)
