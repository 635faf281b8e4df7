"""Print one digest per article set of what the extractor finds: a speed change must not move one.

    .venv/bin/python tools/extract_digest.py                 # this tree
    .venv/bin/python tools/extract_digest.py --tree DIR      # another checkout's extractor

The sets: 3 x 1,000 seed-shaped articles (tests/bench/_seedlike.py, seeds 0-2), 3 x 3,000
generated articles (tests/bench/_corpus_gen.py, seeds 0-2), 3,000 generated articles with no
publication date (seed 3), and every article `atlas` reads under tests/data and seeds/. Each
line gives the set, its number of incidents and the first 16 hex digits of the SHA-256 of
every incident as sorted-key JSON, in order. Two trees that print the same lines extract the
same incidents from about 17,000 articles. With ``--tree`` the articles are this tree's (its
generators, test data and seeds) and the extractor is the other checkout's (a baseline tree
of ``tools/baseline_tree.sh``, say). Takes about 20 s of one core.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Set for the process that digests another checkout: where its ``gazetteer`` package is.
CODE_ENV = "ATLAS_DIGEST_CODE"


def _digest(name: str, articles: Iterable[object]) -> str:
    from gazetteer.extract.reader import extract
    from gazetteer.places.loading import load_gazetteer
    from gazetteer.records import to_json

    gazetteer = load_gazetteer()
    h = hashlib.sha256()
    n = 0
    for article in articles:
        for incident in extract(article, gazetteer):  # type: ignore[arg-type]
            h.update(json.dumps(to_json(incident), sort_keys=True, ensure_ascii=False).encode())
            n += 1
        h.update(b"|")
    return f"{name:24} incidents={n:6} sha={h.hexdigest()[:16]}"


def _lines() -> list[str]:
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    from _corpus_gen import generate
    from _seedlike import seedlike

    from gazetteer.articles import iter_articles
    from gazetteer.places.loading import load_gazetteer
    from gazetteer.records import Article

    gazetteer = load_gazetteer()
    out = []
    for s in range(3):
        out.append(_digest(f"seedlike-{s}", seedlike(1000, seed=s, gazetteer=gazetteer)))
    for s in range(3):
        out.append(_digest(f"generated-{s}", generate(3000, seed=s, gazetteer=gazetteer)))
    late = generate(3000, seed=3, gazetteer=gazetteer)
    out.append(_digest("undated-3", [dataclasses.replace(a, published=None) for a in late]))
    # read as `atlas` reads a folder (encodings, dates from the file's header); what it cannot
    # read (the hostile and undecodable test files) is left out, the same for both trees
    folders = [d for d in sorted((ROOT / "tests" / "data").rglob("*")) if d.is_dir()]
    found = iter_articles([*(str(d) for d in folders), str(ROOT / "seeds")])
    texts = [a for a in found if isinstance(a, Article)]
    out.append(_digest(f"tests/data+seeds({len(texts)})", texts))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the digests of this tree's extractor, or of ``--tree``'s in a process of its own."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, help="another checkout to digest instead")
    args = parser.parse_args(argv)
    if args.tree is not None:
        tree = args.tree.resolve()
        if not (tree / "gazetteer" / "__init__.py").is_file():
            parser.error(f"--tree {tree}: no gazetteer package there")
        env = {**os.environ, CODE_ENV: str(tree)}
        return subprocess.call([sys.executable, str(Path(__file__).resolve())], env=env)
    sys.path.insert(0, os.environ.get(CODE_ENV) or str(ROOT))
    for line in _lines():
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
