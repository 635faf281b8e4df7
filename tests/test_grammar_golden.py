"""The grammars' findings, byte for byte, before and after a refactor of the grammars.

The grammars' own findings over every test set's texts (numbers, dates against the publication
day and undated, clock times) must equal tests/data/golden/grammar/findings.json. The
extractor's whole output is compared by tests/test_extract_golden.py.

A deliberate change of output is saved again with
``python tests/test_grammar_golden.py --update`` and reviewed in the diff.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "grammar"
SETS = {
    "corpus": ROOT / "tests" / "data" / "corpus",
    "heldout": ROOT / "tests" / "data" / "heldout",
    "heldout2": ROOT / "tests" / "data" / "heldout2",
    "heldout3": ROOT / "tests" / "data" / "heldout3",
    "seeds": ROOT / "seeds",
}


def _texts() -> list[tuple[str, str, date | None]]:
    """(set/article, normalised text, publication day) of every article of every set."""
    from gazetteer.articles import iter_articles
    from gazetteer.records import Article
    from gazetteer.text.normalize import normalise

    out = []
    for name, folder in SETS.items():
        for article in iter_articles([folder]):
            assert isinstance(article, Article), article
            out.append((f"{name}/{article.id}", normalise(article.text), article.published))
    return out


def _findings() -> dict[str, dict[str, list[list[object]]]]:
    from _golden import grammar_findings

    out = {}
    for key, norm, published in _texts():
        assert published is not None, key
        out[key] = grammar_findings(norm, published)
    return out


def test_grammar_findings_are_unchanged() -> None:
    saved = json.loads((GOLDEN / "findings.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(_findings(), ensure_ascii=False))
    assert sorted(got) == sorted(saved)
    for key in sorted(saved):
        assert got[key] == saved[key], key


def _update() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    (GOLDEN / "findings.json").write_text(
        json.dumps(_findings(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        sys.path.insert(0, str(ROOT))
        _update()
    else:
        sys.exit("usage: python tests/test_grammar_golden.py --update")
