"""The extractor's whole output on every test set, compared byte for byte with a saved copy.

A refactoring of the reader must not change one incident: this test fails on any difference and
names the first changed line. When a precision rule changes the output on purpose, regenerate
the copies in the same commit and say so in its message:

    PYTHONPATH=. .venv/bin/python tests/test_extract_golden.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gazetteer.articles import ArticleError, iter_articles
from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import to_json

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "extract_golden"
SETS = {
    "seeds": ROOT / "seeds",
    "corpus": ROOT / "tests" / "data" / "corpus",
    "heldout": ROOT / "tests" / "data" / "heldout",
    "heldout2": ROOT / "tests" / "data" / "heldout2",
    "heldout3": ROOT / "tests" / "data" / "heldout3",
    "heldout4": ROOT / "tests" / "data" / "heldout4",
    "heldout5": ROOT / "tests" / "data" / "heldout5",
    "heldout7": ROOT / "tests" / "data" / "heldout7",
    "heldout8": ROOT / "tests" / "data" / "heldout8",
}


def _lines(folder: Path) -> list[str]:
    """One JSON line per incident of every article of a folder, in the folder's order."""
    gazetteer = load_gazetteer()
    out = []
    for article in iter_articles([str(folder)]):
        assert not isinstance(article, ArticleError), article
        for incident in extract(article, gazetteer):
            out.append(json.dumps(to_json(incident), ensure_ascii=False))
    return out


@pytest.mark.parametrize("name", sorted(SETS))
def test_extract_output_is_unchanged(name: str) -> None:
    saved = (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    now = _lines(SETS[name])
    for i, (a, b) in enumerate(zip(saved, now, strict=False)):
        assert a == b, f"{name}.jsonl line {i + 1} changed:\nsaved {a}\nnow   {b}"
    assert len(saved) == len(now), f"{name}: {len(saved)} incidents saved, {len(now)} now"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for set_name, set_folder in SETS.items():
        text = "".join(line + "\n" for line in _lines(set_folder))
        (GOLDEN / f"{set_name}.jsonl").write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN / f'{set_name}.jsonl'}")
