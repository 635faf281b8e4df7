"""The reader's sentence rules (gazetteer/extract/reader.py, ``_Reader.SENTENCE_RULES``).

Each rule decides one kind of sentence; tests/data/incidents/sentence_rules.json holds, for each,
a short article of our own words, the sentence it must decide, and the incidents that follow.
Every rule must also decide at least one case of the phenomenon table (cases.json).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gazetteer.extract.reader import _Reader, extract
from gazetteer.records import Article

DATA = Path(__file__).parent / "data" / "incidents"
CASES = json.loads((DATA / "sentence_rules.json").read_text("utf-8"))
PHENOMENA = json.loads((DATA / "cases.json").read_text("utf-8"))
NAMES = [r.__name__ for r in _Reader.SENTENCE_RULES]


def _article(case: dict[str, Any]) -> Article:
    published = date.fromisoformat(case["published"]) if case["published"] else None
    return Article(id="t", text=case["text"], published=published)


ORIGINAL_RULES = _Reader.SENTENCE_RULES
ORIGINAL_AFTER = _Reader._after_sentence


def _decisions(monkeypatch: pytest.MonkeyPatch, article: Article) -> list[str | None]:
    """Which rule decided each sentence read (None: no rule applied), in reading order."""
    decided: list[str | None] = []
    hit: dict[str, str] = {}

    def wrap(rule: Callable[..., bool]) -> Callable[..., bool]:
        def run(reader: _Reader, st: Any, sen: Any) -> bool:
            applied = rule(reader, st, sen)
            if applied:
                hit["rule"] = rule.__name__
            return applied

        return run

    def after(reader: _Reader, st: Any, sen: Any) -> None:
        decided.append(hit.pop("rule", None))
        ORIGINAL_AFTER(reader, st, sen)

    monkeypatch.setattr(_Reader, "SENTENCE_RULES", tuple(wrap(r) for r in ORIGINAL_RULES))
    monkeypatch.setattr(_Reader, "_after_sentence", after)
    extract(article)
    monkeypatch.undo()
    return decided


def test_every_sentence_rule_has_a_case() -> None:
    assert sorted(c["rule"] for c in CASES) == sorted(NAMES)


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_sentence_rule_decides_its_sentence(
    monkeypatch: pytest.MonkeyPatch, case: dict[str, Any]
) -> None:
    decided = _decisions(monkeypatch, _article(case))
    assert decided[case["sentence"]] == case["rule"], decided
    found = extract(_article(case))
    assert [i.site for i in found] == [e["site"] for e in case["expect"]]
    for got, want in zip(found, case["expect"], strict=True):
        for key, value in want.items():
            actual = getattr(got, key)
            actual = actual.isoformat() if isinstance(actual, date) else actual
            actual = list(actual) if isinstance(actual, tuple) else actual
            assert actual == value, f"{key}: {actual!r} != {value!r}"


def test_every_sentence_rule_decides_a_phenomenon_case(monkeypatch: pytest.MonkeyPatch) -> None:
    used: set[str | None] = set()
    for case in PHENOMENA:
        used |= set(_decisions(monkeypatch, _article(case)))
    assert set(NAMES) <= used, set(NAMES) - used
