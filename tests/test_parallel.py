"""Extraction on several processes gives what one process gives, in the same order."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer.articles import iter_articles
from gazetteer.extract import parallel
from gazetteer.extract.parallel import extract_many, precomputed
from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Incident

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "data" / "extract_golden"
#: Every test set, in the order of the golden files.
SETS = [
    ("corpus", ROOT / "tests" / "data" / "corpus"),
    ("heldout", ROOT / "tests" / "data" / "heldout"),
    ("heldout2", ROOT / "tests" / "data" / "heldout2"),
    ("heldout3", ROOT / "tests" / "data" / "heldout3"),
    ("seeds", ROOT / "seeds"),
]
GAZ = load_gazetteer()


def _articles() -> list[Article]:
    out = []
    for _, folder in SETS:
        for item in iter_articles([folder]):
            assert isinstance(item, Article), item
            out.append(item)
    return out


ARTICLES = _articles()


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_extract_many_gives_what_one_process_gives_in_order(jobs: int) -> None:
    expected = [tuple(extract(a, GAZ)) for a in ARTICLES]
    got = list(extract_many(iter(ARTICLES), GAZ, jobs))
    assert [r.article for r in got] == ARTICLES
    assert all(r.article is a for r, a in zip(got, ARTICLES, strict=True))
    assert [r.incidents for r in got] == expected
    assert all(r.error is None for r in got)


def test_a_failing_article_is_its_own_result_and_the_rest_go_on() -> None:
    broken = ARTICLES[30].id

    def flaky(article: Article, gazetteer: object) -> list[Incident]:
        if article.id == broken:
            raise IndexError("list index out of range")
        return extract(article, gazetteer)  # type: ignore[arg-type]

    got = list(extract_many(ARTICLES, GAZ, 2, extract=flaky))
    assert [r.article.id for r in got] == [a.id for a in ARTICLES]
    (failed,) = [r for r in got if r.error is not None]
    assert failed.article.id == broken and failed.incidents == ()
    assert isinstance(failed.error, IndexError)


def _pid(article: Article, gazetteer: object) -> list[int]:
    return [os.getpid()]


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are spawned here"
)
def test_the_first_article_is_extracted_here_before_the_workers_start() -> None:
    """The first extraction imports and builds what the forked workers then share."""
    got = list(extract_many(ARTICLES[:40], GAZ, 2, extract=_pid))  # type: ignore[arg-type]
    pids = [r.incidents[0] for r in got]
    assert pids[0] == os.getpid()
    assert os.getpid() not in pids[1:]
    assert 1 <= len(set(pids[1:])) <= 2


def test_precomputed_answers_like_extract_and_raises_what_it_raised() -> None:
    def flaky(article: Article, gazetteer: object) -> list[Incident]:
        if article.id == ARTICLES[3].id:
            raise ValueError("bad article")
        return extract(article, gazetteer)  # type: ignore[arg-type]

    lookup = precomputed(ARTICLES[:40], GAZ, 2, extract=flaky)
    assert lookup(ARTICLES[0], GAZ) == extract(ARTICLES[0], GAZ)
    with pytest.raises(ValueError, match="bad article"):
        lookup(ARTICLES[3], GAZ)
    # an article outside the batch is extracted when asked
    assert lookup(ARTICLES[45], GAZ) == extract(ARTICLES[45], GAZ)


@pytest.mark.parametrize("jobs", [0, -1])
def test_jobs_must_be_positive(jobs: int) -> None:
    with pytest.raises(ValueError, match="jobs must be 1 or more"):
        list(extract_many(ARTICLES, GAZ, jobs))


def test_no_articles_no_results_and_no_pool() -> None:
    assert list(extract_many([], GAZ, 2)) == []


def test_default_jobs_is_the_usable_cores() -> None:
    assert parallel.default_jobs() >= 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_atlas_extract_jobs_prints_the_same_lines_in_the_same_order(jobs: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.cli",
            "extract",
            *(str(folder) for _, folder in SETS),
            "--jsonl",
            "--jobs",
            jobs,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    expected = "".join((GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8") for name, _ in SETS)
    assert done.stdout == expected


@pytest.mark.parametrize("value", ["0", "two"])
def test_atlas_extract_refuses_a_bad_jobs_value(value: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "extract", "seeds", "--jobs", value],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "--jobs" in done.stderr


def test_atlas_ingest_jobs_stores_what_one_process_stores(tmp_path: Path) -> None:
    """``atlas ingest --jobs 2`` and ``--jobs 1``: the same events with the same reports."""
    from dashboard.store.geopackage import open_store
    from gazetteer.records import to_json

    stored = []
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.gpkg"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard.cli",
                "ingest",
                *(str(folder) for _, folder in SETS),
                "--db",
                str(db),
                "--jobs",
                jobs,
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=600,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        store = open_store(db)
        try:
            stored.append(to_json(store.load_events()))
        finally:
            store.close()
    assert stored[0] == stored[1]
    assert len(stored[0]) > 50
