"""Extraction time of one long article (1, 4 and 10 MB), printed as figures (issue 11).

Not a test: nothing here asserts a time. The article is the five seed articles repeated until it
reaches the size; a reader whose cost grew with the square of the text would show it as a
seconds-per-MB figure that grows with the size. CPU seconds of this process
(:func:`time.process_time`) are the figure to read on a shared machine; wall-clock seconds and
the load average are printed beside them.

    .venv/bin/python tests/bench/bench_long_article.py [--sizes 1 4 10]
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def main() -> None:
    """Print one line per size: MB, CPU seconds, CPU seconds per MB, wall seconds, incidents."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 4.0, 10.0])
    args = parser.parse_args()
    gazetteer = load_gazetteer()
    base = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    # the lexicons and patterns are loaded and compiled once, before the clock starts
    extract(Article(id="warm", text=base, published=date(2023, 3, 24)), gazetteer)
    print("| MB | CPU s | CPU s/MB | wall s | incidents |\n|---:|---:|---:|---:|---:|")
    for mb in args.sizes:
        copies = int(mb * 1e6 / len(base.encode("utf-8"))) + 1
        text = "\n".join([base] * copies)
        size = len(text.encode("utf-8")) / 1e6
        start, cpu = time.perf_counter(), time.process_time()
        found = extract(Article(id="long", text=text, published=date(2023, 3, 24)), gazetteer)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - start
        print(
            f"| {size:.1f} | {cpu:.1f} | {cpu / size:.2f} | {wall:.1f} | {len(found)} |", flush=True
        )
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
