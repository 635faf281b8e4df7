"""Extraction throughput and phrase-matcher cost, printed as figures and ratios (``make bench``).

Not a test: nothing here asserts a time. It prints tables that can be pasted into the README:

1. ``gazetteer.extract.reader.extract`` over N generated articles (default 5,000, 1.5-3 KB each), in
   one process pinned to one core: articles/s, MB/s, incidents found;
2. ``gazetteer.text.matcher.PhraseMatcher`` built with 50, 5,000 and 50,000 synthetic aliases (plus
   the gazetteer's real ones) and run over the same ~2 MB of normalised text: build time, scan
   time, MB/s, each scan time as a ratio to the 50-alias scan of the same run, and the scan's
   cost for one mean-sized article with its share of that article's whole extraction time;
3. extraction again with a GeoNames dump merged under the curated sites
   (:mod:`gazetteer.places.geonames`), printing both figures and their ratio. ``--geonames`` names
   the
   dump; the default ``synthetic:50000`` writes 50,000 GeoNames-like lines (random Arabic names,
   points in eastern Syria, about one name in ten shared by two places) to a temporary dump and
   imports it; ``none`` skips this part.

4. articles shaped like the seeds (``--seedlike``, default 2,000: 4-8 KB, a generated attack
   report inside political and economic reporting, tests/bench/_seedlike.py), written to a
   folder: the word-splitting floor (read every file and split it into words in Python),
   ``extract`` in process on one core, and ``atlas extract FOLDER --jsonl`` as a user runs it
   (start-up included) with ``--jobs 1`` and ``--jobs N`` (``--jobs``, default 2), unpinned,
   alternated: wall and CPU time, speed-up, parallel efficiency, core use, load average
   (tests/bench/_jobs.py) and a check that both printed the same lines. The CPU-time rows are the
   ones to compare on a shared machine: the floor, extraction, and their ratio. Stage rows
   (tests/bench/_stages.py) give the rate of the finder's steps one after another (normalise,
   one automaton pass, the hits' word checks, the date and clock grammars, every cue found),
   each against the floor: where the distance to the floor is spent.

   With ``--baseline-path DIR`` (another checkout of the project, for example main before a
   change: ``git worktree add --detach DIR COMMIT``), this tree and that one each extract the
   same folder in a fresh process pinned to one core (tests/bench/_time_extract.py), turn by
   turn, ``--repeat`` times each, so that both figures come from the same minutes of the same
   machine; the table gives both, their ratio, each against the floor, and whether both found
   the same incidents (a digest of their JSON lines).

5. the five seeds themselves (``--seeds``, default 400 copies; tests/bench/_seed_copies.py):
   denser than the seed-shaped corpus (about three incidents an article), the floor and
   ``extract`` in CPU time, and with ``--baseline-path`` the baseline over the same copies.

Every time is the best of ``--repeat`` runs (time.perf_counter, or time.process_time where a
row says CPU time). Peak RSS is reported at the end. ``--seedlike-only`` runs parts 4 and 5
alone.

    .venv/bin/python tests/bench/bench_extract.py [--articles 5000] [--repeat 3] [--scan-mb 2]
        [--geonames FILE|synthetic:N|none] [--seedlike 2000] [--seeds 400] [--jobs 2]
        [--baseline-path DIR] [--seedlike-only]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _baseline import baseline_rows, bench_baseline
from _corpus_gen import generate, sample_text
from _jobs import jobs_rows
from _seed_copies import seed_copies
from _seedlike import seedlike
from _stages import stage_rows
from _timing import atlas

from gazetteer.extract.reader import extract
from gazetteer.places.geonames import FIELDS, load_with_geonames
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import Article
from gazetteer.text.matcher import PhraseMatcher
from gazetteer.text.normalize import normalise

T = TypeVar("T")

MB = 1_000_000
#: Letters of normalised Arabic text (no hamza forms, ta marbuta or alef maqsura), for aliases.
_LETTERS = "".join(
    chr(c)
    for c in (
        *range(0x0627, 0x063B),  # ا ب ة ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ
        *range(0x0641, 0x0649),  # ف ق ك ل م ن ه و
        0x064A,  # ي
    )
    if c != 0x0629  # ة normalises to ه
)
_ARTICLE = "\u0627\u0644"  # ال


def _pin_one_core() -> str:
    """Run on a single CPU (the first this process may use); say which, or why not."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    allowed = sorted(os.sched_getaffinity(0))
    _ALLOWED.update(allowed)
    os.sched_setaffinity(0, {allowed[0]})
    return f"pinned to CPU {allowed[0]} (of {len(allowed)} allowed)"


#: The CPUs this process was allowed before :func:`_pin_one_core`.
_ALLOWED: set[int] = set()


def _unpin() -> None:
    """Give the process (and the workers it starts) back every CPU it was allowed."""
    if _ALLOWED and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, _ALLOWED)


def _best(
    repeat: int, run: Callable[[], T], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, T]:
    """Time ``run`` ``repeat`` times; return the shortest time and the last result.

    ``clock`` is wall-clock time by default; :func:`time.process_time` gives this process's
    CPU seconds, steadier on a shared machine.
    """
    best = float("inf")
    result: T | None = None
    for _ in range(repeat):
        start = clock()
        result = run()
        best = min(best, clock() - start)
    assert result is not None
    return best, result


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table with right-aligned columns after the first."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "| " + " | ".join(parts) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":") for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def bench_extraction(
    articles: Sequence[Article], gazetteer: Gazetteer, repeat: int
) -> tuple[str, float]:
    """Time ``extract`` over every article; return the result table and seconds per article."""
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    start = time.perf_counter()
    extract(articles[0], gazetteer)  # loads the lexicons once, as the first CLI call would
    first = time.perf_counter() - start

    def run() -> tuple[int, int]:
        incidents = with_incident = 0
        for article in articles:
            try:
                found = extract(article, gazetteer)
            except Exception as exc:
                raise RuntimeError(f"extract failed on generated article {article.id}") from exc
            incidents += len(found)
            with_incident += bool(found)
        return incidents, with_incident

    seconds, (incidents, with_incident) = _best(repeat, run)
    rows = [
        ("articles", f"{len(articles):,}"),
        ("text (MB of UTF-8)", f"{size / MB:.2f}"),
        ("first call, lexicons loaded (ms)", f"{first * 1000:.0f}"),
        (f"all articles, best of {repeat} (s)", f"{seconds:.2f}"),
        ("articles/s", f"{len(articles) / seconds:,.0f}"),
        ("MB/s", f"{size / MB / seconds:.2f}"),
        ("incidents found", f"{incidents:,}"),
        ("articles with an incident", f"{with_incident:,} ({with_incident / len(articles):.0%})"),
    ]
    return _table(("extraction", "value"), rows), seconds / len(articles)


def _incidents(articles: Sequence[Article], gazetteer: Gazetteer) -> int:
    """How many incidents ``extract`` finds in the articles."""
    return sum(len(extract(a, gazetteer)) for a in articles)


def synthetic_aliases(n: int, seed: int, avoid: set[str]) -> list[str]:
    """``n`` distinct random place-like names: 1-3 words of 3-7 letters, some with ال."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        words = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            word = "".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 7)))
            words.append(_ARTICLE + word if rng.random() < 0.4 else word)
        name = " ".join(words)
        if name not in avoid:
            out.add(name)
    return sorted(out)


def real_aliases(gazetteer: Gazetteer) -> list[str]:
    """Every Arabic name of the gazetteer, context-only names included."""
    names: set[str] = set()
    for site in gazetteer.sites.values():
        names.update(n for n in (site.name_ar, *site.aliases_ar, *site.context_aliases_ar) if n)
    return sorted(names)


def bench_matcher(
    text: str,
    real: Sequence[str],
    sizes: Sequence[int],
    repeat: int,
    seed: int,
    *,
    article_bytes: float,
    article_seconds: float,
) -> str:
    """Build and scan with growing alias sets; return the result table.

    Besides the scan of the whole text, each row gives the scan's cost for one article of the
    mean size (``article_bytes``) and that cost as a share of the time one article's whole
    extraction takes (``article_seconds``), which is what a user waits for.
    """
    norm_seconds, norm = _best(repeat, lambda: normalise(text))
    size = len(text.encode("utf-8"))
    rows: list[tuple[object, ...]] = []
    baseline: float | None = None
    per_article = article_bytes / size  # the share of the scanned text one article is
    for n in sizes:
        entries = [(a, a) for a in real] + [
            (a, a) for a in synthetic_aliases(n, seed + n, set(real))
        ]
        build, matcher = _best(repeat, partial(PhraseMatcher, entries))
        scan, hits = _best(repeat, partial(matcher.find, norm))
        baseline = baseline or scan
        rows.append(
            (
                f"{n:,} synthetic + {len(real)} real",
                f"{len(matcher):,}",
                f"{build * 1000:.1f}",
                f"{scan * 1000:.1f}",
                f"{size / MB / scan:.1f}",
                f"{scan / baseline:.2f}",
                f"{scan * per_article * 1e6:.0f}",
                f"{scan * per_article / article_seconds:.1%}",
                f"{len(hits):,}",
            )
        )
    headers = (
        "aliases",
        "phrases",
        "build (ms)",
        "scan (ms)",
        "scan MB/s",
        "scan / 50-alias scan",
        "per article (µs)",
        "share of one extraction",
        "hits",
    )
    note = (
        f"Scanned text: {size / MB:.2f} MB of UTF-8 ({len(norm):,} characters after "
        f"normalise(), which took {norm_seconds * 1000:.0f} ms, "
        f"{size / MB / norm_seconds:.1f} MB/s)."
    )
    return _table(headers, rows) + "\n\n" + note


def write_synthetic_dump(path: Path, n: int, seed: int, avoid: set[str]) -> None:
    """Write ``n`` GeoNames-like lines: villages with random Arabic names in eastern Syria.

    About one name in ten is given to two places in different governorates, so that the
    gazetteer also carries ambiguous names at this scale.
    """
    rng = random.Random(seed)
    names = synthetic_aliases(n, seed, avoid)
    with path.open("w", encoding="utf-8") as handle:
        for i, name in enumerate(names):
            shared = names[i - 1] if i % 10 == 9 else name
            row = dict.fromkeys(FIELDS, "")
            row.update(
                {
                    "geonameid": str(20_000_000 + i),
                    "name": f"Place {i}",
                    "asciiname": f"Place {i}",
                    "alternatenames": shared,
                    "latitude": f"{rng.uniform(34.2, 37.2):.5f}",
                    "longitude": f"{rng.uniform(38.5, 42.2):.5f}",
                    "feature class": "P",
                    "feature code": "PPL",
                    "country code": "SY",
                    "admin1 code": rng.choice(("01", "04", "07")),
                    "population": str(rng.randint(0, 20_000)),
                    "timezone": "Asia/Damascus",
                    "modification date": "2024-01-01",
                }
            )
            handle.write("\t".join(row[f] for f in FIELDS) + "\n")


def bench_geonames(
    articles: Sequence[Article], curated: Gazetteer, spec: str, repeat: int, seed: int
) -> str:
    """Extraction with the default gazetteer, then with a GeoNames dump merged under it.

    The default gazetteer is what ``load_gazetteer()`` gives: the curated sites and, unless
    ``ATLAS_BUILTIN_PLACES=0``, the built-in GeoNames layer under them.
    """
    with tempfile.TemporaryDirectory() as tmp:
        if spec.startswith("synthetic:"):
            path = Path(tmp) / "synthetic_geonames.txt"
            avoid = {normalise(a) for a in real_aliases(curated)}
            write_synthetic_dump(path, int(spec.split(":", 1)[1]), seed, avoid)
        else:
            path = Path(spec)
        start = time.perf_counter()
        merged, read, _ = load_with_geonames(path, curated.sites.values())
        loaded = time.perf_counter() - start
    names = sum(1 + len(s.aliases_ar) for s in merged.sites.values())
    rates = []
    for gaz in (curated, merged):
        extract(articles[0], gaz)  # lexicons and the place automaton built once
        seconds, found = _best(repeat, partial(_incidents, articles, gaz))
        rates.append((len(articles) / seconds, found))
    rows = [
        ("default", f"{len(curated):,}", f"{rates[0][0]:,.0f}", f"{rates[0][1]:,}", "1.00"),
        (
            f"with {spec}",
            f"{len(merged):,} ({names:,} Arabic names, {len(merged.ambiguous):,} ambiguous)",
            f"{rates[1][0]:,.0f}",
            f"{rates[1][1]:,}",
            f"{rates[1][0] / rates[0][0]:.2f}",
        ),
    ]
    note = (
        f"Import: {read.lines:,} lines, {len(read.errors):,} bad, read, merged and validated "
        f"in {loaded:.1f} s."
    )
    headers = ("gazetteer", "places", "articles/s", "incidents", "ratio")
    return _table(headers, rows) + "\n\n" + note


def write_folder(articles: Sequence[Article], folder: Path) -> list[Path]:
    """Write articles as ``<id>.txt`` files with an ``articles.csv`` index; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as index:
        rows = csv.writer(index)
        rows.writerow(["file", "published", "outlet", "url", "language", "note"])
        for a in articles:
            path = folder / f"{a.id}.txt"
            path.write_text(a.text, encoding="utf-8")
            paths.append(path)
            rows.writerow([path.name, a.published or "", a.outlet or "", "", "ar", "generated"])
    return paths


def bench_seedlike(
    articles: Sequence[Article],
    gazetteer: Gazetteer,
    repeat: int,
    jobs: int,
    baseline: Path | None = None,
) -> str:
    """Seed-shaped articles: the word-splitting floor, extraction on one core, and on ``jobs``.

    With ``baseline``, also this tree and that checkout over the same folder, turn by turn
    (:func:`bench_baseline`).
    """
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seedlike"
        paths = write_folder(articles, folder)

        def floor() -> int:
            return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)

        floor_s, words = _best(repeat, floor)
        floor_cpu, _ = _best(repeat, floor, time.process_time)
        extract(articles[0], gazetteer)
        one_s, found = _best(repeat, lambda: sum(len(extract(a, gazetteer)) for a in articles))
        one_cpu, _ = _best(
            repeat, lambda: sum(len(extract(a, gazetteer)) for a in articles), time.process_time
        )
        stages = stage_rows(articles, gazetteer, repeat, floor_cpu)
        timed = bench_baseline(folder, baseline, repeat) if baseline is not None else None
        _unpin()
        cli = jobs_rows(
            "atlas extract",
            lambda j: atlas("extract", str(folder), "--jsonl", "--jobs", str(j)),
            jobs,
            repeat,
            n,
            lambda a, b: a.stdout == b.stdout,
        )
    rows = [
        ("articles (4-8 KB, seed-shaped)", f"{n:,}"),
        ("text (MB of UTF-8)", f"{size / MB:.2f}"),
        ("words", f"{words:,}"),
        ("floor: read files + split words in Python (articles/s)", f"{n / floor_s:,.0f}"),
        ("extract in process, one core (articles/s)", f"{n / one_s:,.0f}"),
        ("extract / floor (times slower)", f"{one_s / floor_s:.1f}"),
        ("floor, CPU time (articles/s)", f"{n / floor_cpu:,.0f}"),
        ("extract in process, one core, CPU time (articles/s)", f"{n / one_cpu:,.0f}"),
        ("extract / floor, CPU time (times slower)", f"{one_cpu / floor_cpu:.1f}"),
        *stages,  # where the time goes (tests/bench/_stages.py)
        ("extract in process (MB/s)", f"{size / MB / one_s:.2f}"),
        ("incidents found", f"{found:,}"),
        *(baseline_rows(timed, baseline, n, floor_cpu) if timed and baseline else []),
        *cli,  # atlas extract FOLDER --jsonl, start-up included (tests/bench/_jobs.py)
    ]
    return _table(("seed-shaped extraction", "value"), rows)


def bench_seeds(
    articles: Sequence[Article], gazetteer: Gazetteer, repeat: int, baseline: Path | None = None
) -> str:
    """Copies of the five seeds: the floor, extraction on one core (CPU), and the baseline's."""
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_folder(articles, Path(tmp) / "seeds")
        floor_cpu, _ = _best(
            repeat,
            lambda: sum(len(p.read_text(encoding="utf-8").split()) for p in paths),
            time.process_time,
        )
        extract(articles[0], gazetteer)
        one_cpu, found = _best(
            repeat, lambda: sum(len(extract(a, gazetteer)) for a in articles), time.process_time
        )
        timed = bench_baseline(paths[0].parent, baseline, repeat) if baseline else None
    rows = [
        ("copies of the five seeds (3.8-8.3 KB, ~3 incidents each)", f"{n:,}"),
        ("floor, CPU time (articles/s)", f"{n / floor_cpu:,.0f}"),
        ("extract in process, one core, CPU time (articles/s)", f"{n / one_cpu:,.0f}"),
        ("extract / floor, CPU time (times slower)", f"{one_cpu / floor_cpu:.1f}"),
        ("incidents found", f"{found:,}"),
        *(baseline_rows(timed, baseline, n, floor_cpu) if timed and baseline else []),
    ]
    return _table(("the seeds themselves", "value"), rows)


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {value}"
        ) from exc
    if not sizes or min(sizes) < 0:
        raise argparse.ArgumentTypeError(f"need one or more counts of 0 or more: {value}")
    return sizes


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an integer: {value}") from exc
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """Run both benchmarks and print their tables.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 when the extractor fails on a generated article.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=_positive, default=5000, help="articles to generate")
    parser.add_argument("--repeat", type=_positive, default=3, help="runs per timing (best)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator")
    parser.add_argument("--scan-mb", type=float, default=2.0, help="MB of text for the matcher")
    parser.add_argument(
        "--aliases", type=_sizes, default=[50, 5000, 50000], help="synthetic alias counts"
    )
    parser.add_argument(
        "--geonames",
        metavar="FILE",
        default="synthetic:50000",
        help=(
            "also time extraction with this GeoNames dump merged in (synthetic:N generates one;"
            " 'none' skips it)"
        ),
    )
    parser.add_argument(
        "--seedlike", type=_positive, default=2000, help="seed-shaped articles (4-8 KB)"
    )
    parser.add_argument(
        "--seeds", type=int, default=400, help="copies of the five seeds to time (0: none)"
    )
    parser.add_argument("--jobs", type=_positive, default=2, help="processes for --jobs N")
    parser.add_argument(
        "--baseline-path",
        metavar="DIR",
        type=Path,
        help="another checkout to time over the same seed-shaped folder, turn by turn",
    )
    parser.add_argument(
        "--seedlike-only", action="store_true", help="run only the seed-shaped articles' table"
    )
    args = parser.parse_args(argv)
    if args.baseline_path is not None and not (args.baseline_path / "gazetteer").is_dir():
        parser.error(f"--baseline-path {args.baseline_path}: no gazetteer package in it")

    pinned = _pin_one_core()
    gazetteer = load_gazetteer()
    if args.seedlike_only:
        print(f"Python {platform.python_version()} on {platform.machine()}, {pinned}\n")
        return _run_seedlike(args, gazetteer)
    start = time.perf_counter()
    articles = generate(args.articles, seed=args.seed, gazetteer=gazetteer)
    generated = time.perf_counter() - start
    print(f"Python {platform.python_version()} on {platform.machine()}, {pinned}")
    print(f"generated {len(articles):,} articles (seed {args.seed}) in {generated:.2f} s\n")

    try:
        table, article_seconds = bench_extraction(articles, gazetteer, args.repeat)
        print(table)
    except RuntimeError as exc:
        print(f"bench: {exc}: {exc.__cause__!r}", file=sys.stderr)
        return 1
    print()
    if args.geonames and args.geonames != "none":
        print(bench_geonames(articles, gazetteer, args.geonames, args.repeat, args.seed))
        print()
    text = sample_text(articles, args.scan_mb)
    article_bytes = sum(len(a.text.encode("utf-8")) for a in articles) / len(articles)
    print(
        bench_matcher(
            text,
            real_aliases(gazetteer),
            args.aliases,
            args.repeat,
            args.seed,
            article_bytes=article_bytes,
            article_seconds=article_seconds,
        )
    )
    print()
    return _run_seedlike(args, gazetteer)


def _run_seedlike(args: argparse.Namespace, gazetteer: Gazetteer) -> int:
    """Print the seed-shaped table (part 4) and the peak RSS; 1 when extraction fails."""
    try:
        shaped = seedlike(args.seedlike, seed=args.seed, gazetteer=gazetteer)
        print(bench_seedlike(shaped, gazetteer, args.repeat, args.jobs, args.baseline_path))
        if args.seeds > 0:
            copies = seed_copies(args.seeds)
            print()
            print(bench_seeds(copies, gazetteer, args.repeat, args.baseline_path))
    except RuntimeError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS
    peak_mb = peak / MB if sys.platform == "darwin" else peak * 1024 / MB
    print(f"\npeak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
