"""Extraction time of one long article (1, 4 and 10 MB), printed as figures (issue 11).

Not a test: nothing here asserts a time. The article is the five seed articles repeated until it
reaches the size; a reader whose cost grew with the square of the text would show it as a
seconds-per-MB figure that grows with the size. CPU seconds of this process
(:func:`time.process_time`) are the figure to read on a shared machine; wall-clock seconds and
the load average are printed beside them.

A second table times ONE LONG SENTENCE (5.6, 50 and 500 KB): clauses naming places, weapons,
a day and casualties ("3 rockets and 4 shells fell on al-Tanf base on Sunday, 12 killed and 7
injured, ..."), joined by commas with no full stop. Giving each cue its nearest target once
scanned every target and every gap, which grew with the cube of such a sentence's length.
To compare with another tree, run this script with that tree first on ``PYTHONPATH``.

    .venv/bin/python tests/bench/bench_long_article.py [--sizes 1 4 10] [--sentence-kb 5.6 50 500]
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

from gazetteer.extract.reader import extract
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import Article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

#: قاعدة التنف، قاعدة الشدادي، حقل العمر، مدينة البوكمال
_PLACES = [
    "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641",
    "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0634\u062f\u0627\u062f\u064a",
    "\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631",
    "\u0645\u062f\u064a\u0646\u0629 \u0627\u0644\u0628\u0648\u0643\u0645\u0627\u0644",
]
#: سقطت 3 صواريخ و4 قذائف على {place} يوم الأحد, مقتل 12 وإصابة 7,
_CLAUSE = (
    "\u0633\u0642\u0637\u062a 3 \u0635\u0648\u0627\u0631\u064a\u062e \u06484 "
    "\u0642\u0630\u0627\u0626\u0641 \u0639\u0644\u0649 {place} \u064a\u0648\u0645 "
    "\u0627\u0644\u0623\u062d\u062f, \u0645\u0642\u062a\u0644 12 "
    "\u0648\u0625\u0635\u0627\u0628\u0629 7, "
)


def long_sentence(chars: int) -> str:
    """One sentence of about ``chars`` characters: clauses joined by commas, no full stop."""
    unit = "".join(_CLAUSE.format(place=p) for p in _PLACES)
    return (unit * (chars // len(unit) + 1))[:chars]


def time_sentences(sizes_kb: list[float], gazetteer: Gazetteer) -> None:
    """Print one line per size of one long sentence: KB, CPU seconds, wall seconds, incidents."""
    print("\none long sentence\n| KB | CPU s | CPU s/KB | wall s | incidents |")
    print("|---:|---:|---:|---:|---:|")
    for kb in sizes_kb:
        text = long_sentence(int(kb * 1000))
        start, cpu = time.perf_counter(), time.process_time()
        found = extract(Article(id="sentence", text=text, published=date(2023, 3, 24)), gazetteer)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - start
        print(f"| {kb:g} | {cpu:.2f} | {cpu / kb:.4f} | {wall:.2f} | {len(found)} |", flush=True)


def main() -> None:
    """Print one line per size: MB, CPU seconds, CPU seconds per MB, wall seconds, incidents."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="*", default=[1.0, 4.0, 10.0])
    parser.add_argument("--sentence-kb", type=float, nargs="*", default=[5.6, 50.0, 500.0])
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
    time_sentences(args.sentence_kb, gazetteer)
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
