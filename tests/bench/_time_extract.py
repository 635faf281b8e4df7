"""Time ``extract`` over a folder of articles in this process, for bench_extract.py.

Run with the checkout to time first on the path, so that an older checkout of the project can be
timed over the same folder in the same run as this one::

    PYTHONPATH=DIR python tests/bench/_time_extract.py FOLDER [REPEAT]

Pinned to one CPU, the lexicons loaded by a first call, every article of the folder is extracted
``REPEAT`` times (default 1). Prints one JSON line: articles, incidents, the best CPU seconds
(time.process_time) and wall seconds of one pass, and a SHA-256 digest of the incidents as JSON
lines (equal digests: the same output). Uses only names every checkout of the project has.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from typing import Any


def main(argv: list[str]) -> int:
    """Time the extraction of one folder; print the figures as one JSON line."""
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    folder = argv[0]
    repeat = int(argv[1]) if len(argv) == 2 else 1
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from gazetteer.articles import ArticleError, iter_articles
    from gazetteer.extract import reader
    from gazetteer.extract.reader import extract
    from gazetteer.places.loading import load_gazetteer
    from gazetteer.records import to_json

    articles = []
    for article in iter_articles([folder]):
        if isinstance(article, ArticleError):
            print(f"{folder}: {article}", file=sys.stderr)
            return 1
        articles.append(article)
    if not articles:
        print(f"{folder}: no articles", file=sys.stderr)
        return 1
    gazetteer = load_gazetteer()
    extract(articles[0], gazetteer)
    best_cpu = best_wall = float("inf")
    found: list[list[Any]] = []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        found = [extract(a, gazetteer) for a in articles]
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    digest = hashlib.sha256()
    for incidents in found:
        for incident in incidents:
            line = json.dumps(to_json(incident), ensure_ascii=False, sort_keys=True)
            digest.update(line.encode("utf-8") + b"\n")
    print(
        json.dumps(
            {
                "articles": len(articles),
                "incidents": sum(len(i) for i in found),
                "cpu": best_cpu,
                "wall": best_wall,
                "digest": digest.hexdigest(),
                "reader": reader.__file__,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
