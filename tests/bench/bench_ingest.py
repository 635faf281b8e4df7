"""Ingest that does not grow with the store: one article into an empty and a 100,000-event store.

Not a test: nothing here asserts a time. It prints the figures for the README (issue 13,
point 3: adding one article to a store of 100,000 events should cost no more than 1.5 times
adding it to an empty store):

1. the whole ``atlas ingest FILE --db STORE`` process (start-up, reading, the integrity check,
   extraction, writing and re-merging), into an empty store and into a copy of the cached
   100,000-event benchmark store (:mod:`_stores`), best of ``--repeat`` runs, a new short
   generated article each run, and their ratio;
2. the same inside one process (:func:`dashboard.ingest.ingest` on an open store), which
   leaves out start-up and opening;
3. what the earlier rule would have merged for that article in the large store (every report
   of its site family), beside what is merged now (the reports within the merge window).

    .venv/bin/python tests/bench/bench_ingest.py [--events 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus_gen import generate
from _stores import cached_store

from dashboard.ingest import ingest
from dashboard.store.geopackage import GeoPackageStore
from dashboard.store.remerge import reports_to_merge, site_families
from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article

ROOT = Path(__file__).resolve().parents[2]
#: Inside the benchmark store's date range (2023-2025), so the window finds neighbours.
PUBLISHED = date(2024, 6, 15)


def _articles(n: int) -> list[Article]:
    """``n`` short generated articles that each report at least one incident at a site."""
    gazetteer = load_gazetteer()
    found: list[Article] = []
    for item in generate(20 * n, seed=2026):
        dated = Article(id=item.id, text=item.text, published=PUBLISHED, outlet=item.outlet)
        incidents = extract(dated, gazetteer)
        if incidents and all(i.site for i in incidents):
            found.append(dated)
        if len(found) == n:
            return found
    raise SystemExit("the generator gave too few articles with a placed incident")


def _process(article: Article, db: Path, folder: Path) -> float:
    """Seconds of one whole ``atlas ingest`` process adding ``article`` to ``db``."""
    path = folder / f"{article.id}.txt"
    path.write_text(article.text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    env["PYTHONPATH"] = str(ROOT)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "ingest", str(path), "--db", str(db),
         "--published", PUBLISHED.isoformat(), "--outlet", article.outlet or "bench"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    took = time.perf_counter() - began
    if done.returncode != 0 or not done.stdout.startswith("ingested 1 article"):
        raise SystemExit(f"atlas ingest failed: {done.stdout}{done.stderr}")
    return took


def _in_process(article: Article, db: Path) -> float:
    gazetteer = load_gazetteer()
    with GeoPackageStore(db) as store:
        began = time.perf_counter()
        report = ingest(store, [article], gazetteer)
        took = time.perf_counter() - began
    if report.added != 1:
        raise SystemExit(f"ingest did not add the article: {report}")
    return took


def _merged_sets(article: Article, db: Path) -> tuple[int, int]:
    """(reports merged now, reports the whole-family rule would have merged) for the article."""
    gazetteer = load_gazetteer()
    incidents = extract(article, gazetteer)
    families = site_families(gazetteer)
    with GeoPackageStore(db) as store:
        now, _ = reports_to_merge(
            store, {f"new-{i}": inc for i, inc in enumerate(incidents)}, gazetteer, pad_days=2
        )
        sites: set[str | None] = set()
        for inc in incidents:
            sites |= set(families.get(inc.site or "", {inc.site}))
        before = store.report_ids_at_sites(sites)
    return len(now) - len(incidents), len(before)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    big = cached_store(args.events)
    print(f"benchmark store: {args.events:,} events ({time.perf_counter() - began:.1f} s to get)")
    articles = _articles(4 * args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp)
        large = folder / "large.gpkg"
        shutil.copyfile(big, large)
        rows: dict[str, list[float]] = {"empty": [], "large": [], "empty_in": [], "large_in": []}
        for i in range(args.repeat):
            empty = folder / f"empty-{i}.gpkg"
            rows["empty"].append(_process(articles[4 * i], empty, folder))
            rows["large"].append(_process(articles[4 * i + 1], large, folder))
            rows["empty_in"].append(_in_process(articles[4 * i + 2], folder / f"in-{i}.gpkg"))
            rows["large_in"].append(_in_process(articles[4 * i + 3], large))
        now, family = _merged_sets(articles[0], large)
    best = {k: min(v) for k, v in rows.items()}
    print()
    print(f"One short article added (best of {args.repeat}):")
    print(f"{'':34}{'empty store':>14}{f'{args.events:,} events':>16}{'ratio':>8}")
    print(
        f"{'whole `atlas ingest` process':34}{best['empty']:>12.2f} s{best['large']:>14.2f} s"
        f"{best['large'] / best['empty']:>7.2f}x"
    )
    print(
        f"{'ingest() in process':34}{best['empty_in']:>12.3f} s{best['large_in']:>14.3f} s"
        f"{best['large_in'] / best['empty_in']:>7.2f}x"
    )
    print(
        f"stored reports merged again for the first article: {now:,} (within the merge window);"
        f" the earlier whole-family rule: {family:,}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
