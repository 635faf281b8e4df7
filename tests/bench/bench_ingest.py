"""Ingest that does not grow with the store, and ingest on every core (``make bench``).

Not a test: nothing here asserts a time. It prints the figures for the README (issue 13,
points 2 and 3):

1. adding one short article with the whole ``atlas ingest FILE --db STORE`` process (start-up,
   reading, opening and checking the store, extraction, writing, re-merging) to an empty
   GeoPackage and to the cached 100,000-event benchmark store (:mod:`_stores`): ``--repeat``
   runs of each, alternated, a new generated article each run; wall and CPU time (min and
   median) and their ratios. Target: the large store costs no more than 1.5 times the empty
   one. The first run into a fresh copy of the large file is shown on its own: it checks the
   whole file once (a copy is a file changed behind SQLite's back, see
   :mod:`dashboard.store.gpkg_check`); later runs do not;
2. the same inside one process (:func:`dashboard.ingest.ingest` on an open store), which
   leaves out start-up and opening;
3. how many stored reports are merged again for one article, beside what the earlier rule (its
   whole site family) merged;
4. the same as 1 with PostGIS (a private cluster from ``tools/pg_test_cluster.sh``, the large
   store built in it with the same generator), unless ``--postgis-events 0``;
5. ``atlas ingest FOLDER --jobs 1`` against ``--jobs N`` into a new store, on seed-shaped
   articles (``--jobs-articles``, tests/bench/_seedlike.py): wall and CPU time, speed-up,
   parallel efficiency, core use, and whether both stored the same events (_jobs.py).

    .venv/bin/python tests/bench/bench_ingest.py [--events 100000] [--repeat 5]
        [--postgis-events 100000] [--jobs-articles 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: _pg

from _corpus_gen import generate
from _jobs import jobs_rows
from _seedlike import seedlike
from _stores import cached_store, fill_store
from _timing import ROOT, Run, alternate, atlas, load_average, spread

from dashboard.ingest import ingest
from dashboard.store.geopackage import GeoPackageStore
from dashboard.store.interface import open_store
from dashboard.store.remerge import reports_to_merge, site_families
from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, to_json

#: Inside the benchmark store's date range (2023-2025), so the window finds neighbours.
PUBLISHED = date(2024, 6, 15)
CLUSTER = ROOT / "tools" / "pg_test_cluster.sh"


def _articles(n: int) -> Iterator[Article]:
    """Short generated articles that each report at least one incident at a site, endlessly."""
    gazetteer = load_gazetteer()
    given = 0
    for item in generate(40 * n, seed=2026):
        dated = Article(id=item.id, text=item.text, published=PUBLISHED, outlet=item.outlet)
        incidents = extract(dated, gazetteer)
        if incidents and all(i.site for i in incidents):
            given += 1
            yield dated
    raise SystemExit(f"the generator gave only {given} articles with a placed incident")


def _one_article(articles: Iterator[Article], db: str, folder: Path) -> Run:
    """One whole ``atlas ingest`` process adding the next article to ``db``."""
    article = next(articles)
    path = folder / f"{article.id}.txt"
    path.write_text(article.text, encoding="utf-8")
    done = atlas(
        "ingest", str(path), "--db", db, "--published", PUBLISHED.isoformat(),
        "--outlet", article.outlet or "bench",
    )  # fmt: skip
    if not done.stdout.startswith("ingested 1 article"):
        raise SystemExit(f"atlas ingest did not add the article: {done.stdout}")
    return done


def _in_process(article: Article, db: str) -> float:
    gazetteer = load_gazetteer()
    store = open_store(db)
    try:
        began = time.perf_counter()
        report = ingest(store, [article], gazetteer)
        took = time.perf_counter() - began
    finally:
        store.close()
    if report.added != 1:
        raise SystemExit(f"ingest did not add the article: {report}")
    return took


def _merged_sets(article: Article, db: str) -> tuple[int, int]:
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


_WIDTHS = (10, 13, 10, 12)


def _growth(
    title: str,
    large: str,
    empty: Callable[[], str],
    articles: Iterator[Article],
    folder: Path,
    repeat: int,
) -> list[str]:
    """Alternated one-article ingests into a new empty store and into ``large``: the lines."""
    size = _events(large)
    runs = alternate(
        {
            "empty": lambda: _one_article(articles, empty(), folder),
            "large": lambda: _one_article(articles, large, folder),
        },
        repeat,
    )
    e, big = spread(runs["empty"]), spread(runs["large"])
    head = f"{'':26}{'wall min':>10}{'wall median':>13}{'CPU min':>10}{'CPU median':>12}"
    lines = [f"{title} ({repeat} runs each, alternated; seconds):", head]
    for name, row in (("empty store", e), (f"{size:,} events", big)):
        cells = zip(row, _WIDTHS, strict=True)
        lines.append(f"{name:26}" + "".join(f"{v:>{w}.2f}" for v, w in cells))
    ratios = zip((b / a for a, b in zip(e, big, strict=True)), _WIDTHS, strict=True)
    ratio_cells = "".join(f"{f'{r:.2f}x':>{w}}" for r, w in ratios)
    lines.append(f"{'ratio (target <= 1.5)':26}{ratio_cells}")
    return lines


def _events(db: str) -> int:
    store = open_store(db)
    try:
        return store.counts()["events"]
    finally:
        store.close()


def bench_geopackage(events: int, repeat: int, articles: Iterator[Article], tmp: Path) -> None:
    """Sections 1-3 on GeoPackage files."""
    big = cached_store(events)
    large = tmp / "large.gpkg"
    shutil.copyfile(big, large)  # a copy: not yet checked (see gpkg_check)
    empties = iter(range(10_000))
    first = _one_article(articles, str(large), tmp)
    for line in _growth(
        "GeoPackage: one short article, whole `atlas ingest` process",
        str(large),
        lambda: str(tmp / f"empty-{next(empties)}.gpkg"),
        articles,
        tmp,
        repeat,
    ):
        print(line)
    print(
        f"first run into a fresh copy of the {events:,}-event file (the whole file checked"
        f" once): wall {first.wall:.2f} s, CPU {first.cpu:.2f} s"
    )
    inside: dict[str, list[float]] = {"empty": [], "large": []}
    for i in range(repeat):
        inside["empty"].append(_in_process(next(articles), str(tmp / f"in-{i}.gpkg")))
        inside["large"].append(_in_process(next(articles), str(large)))
    e, b = (statistics.median(inside[k]) for k in ("empty", "large"))
    print(
        f"ingest() in process, median of {repeat}: empty {e * 1000:.0f} ms,"
        f" {events:,} events {b * 1000:.0f} ms ({b / e:.2f}x)"
    )
    now, family = _merged_sets(next(articles), str(large))
    print(
        f"stored reports merged again for one article: {now:,} (within the merge window);"
        f" the earlier whole-family rule: {family:,}"
    )


@contextmanager
def _cluster(tmp: Path) -> Iterator[str]:
    """A private PostgreSQL + PostGIS server for the bench; its URL."""
    from _pg import free_port

    folder = Path(tempfile.mkdtemp(prefix="atlas-bench-pg-"))  # the postgres user reaches it
    started = subprocess.run(
        ["bash", str(CLUSTER), "start", str(folder), str(free_port())],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    try:
        if started.returncode != 0:
            raise RuntimeError(started.stderr.strip()[-500:])
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            ["bash", str(CLUSTER), "stop", str(folder)], capture_output=True, check=False,
            timeout=120,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def bench_postgis(events: int, repeat: int, articles: Iterator[Article], tmp: Path) -> None:
    """Section 4: the same one-article ingest into PostGIS, empty and with ``events``."""
    import psycopg
    from _pg import in_schema

    try:
        with _cluster(tmp) as server:
            admin = psycopg.connect(server, autocommit=True)
            admin.execute("CREATE SCHEMA big")
            began = time.perf_counter()
            store = open_store(in_schema(server, "big"))
            try:
                fill_store(store, events)
            finally:
                store.close()
            built = time.perf_counter() - began
            print(f"PostGIS store of {events:,} events built in {built:.0f} s")
            empties = iter(range(10_000))

            def empty() -> str:
                name = f"empty_{next(empties)}"
                admin.execute(f"CREATE SCHEMA {name}")
                return in_schema(server, name)

            for line in _growth(
                "PostGIS: one short article, whole `atlas ingest` process",
                in_schema(server, "big"),
                empty,
                articles,
                tmp,
                repeat,
            ):
                print(line)
            admin.close()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"PostGIS: not measured: {exc}")


def bench_jobs(n: int, jobs: int, repeat: int, tmp: Path) -> None:
    """Section 5: ``atlas ingest FOLDER --jobs 1`` against ``--jobs N`` into new stores."""
    from bench_extract import write_folder

    folder = tmp / "seedlike"
    write_folder(seedlike(n, seed=0, gazetteer=load_gazetteer()), folder)
    stores = iter(range(10_000))

    def run(j: int) -> Run:
        db = str(tmp / f"jobs-{next(stores)}.gpkg")
        return atlas("ingest", str(folder), "--db", db, "--jobs", str(j))

    def events(r: Run) -> object:
        store = open_store(r.stdout.strip().rsplit(" events in ", 1)[1])  # the summary line
        try:
            return to_json(store.load_events())
        finally:
            store.close()

    rows = jobs_rows("atlas ingest", run, jobs, repeat, n, lambda a, b: events(a) == events(b))
    width = max(len(label) for label, _ in rows)
    print(f"atlas ingest FOLDER --db NEW, {n:,} seed-shaped articles (4-8 KB):")
    for label, value in rows:
        print(f"  {label:{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--postgis-events", type=int, default=100_000, help="0: no PostGIS figures"
    )
    parser.add_argument("--jobs-articles", type=int, default=1000, help="0: no --jobs figures")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}; {load_average()}")
    articles = _articles(8 * args.repeat + 8)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as name:
        tmp = Path(name)
        bench_geopackage(args.events, args.repeat, articles, tmp)
        print()
        if args.postgis_events:
            bench_postgis(args.postgis_events, args.repeat, articles, tmp)
            print()
        if args.jobs_articles:
            bench_jobs(args.jobs_articles, args.jobs, args.repeat, tmp)
    print(f"\nat the end: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
