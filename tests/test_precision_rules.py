"""The extractor's named precision rules (gazetteer/extract/precision.py), one table each.

Every rule has a table in tests/data/incidents/rules/<rule>.json of short articles written for
these tests: cases where the rule fires, and guard cases (``"guard": true``) where it must not.
All cases must hold with every rule on; each case that is not a guard must FAIL with its rule
switched off, which proves the rule is what makes it pass.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gazetteer.extract import precision
from gazetteer.extract.reader import extract
from gazetteer.records import Article

RULES_DIR = Path(__file__).parent / "data" / "incidents" / "rules"
TABLES = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(RULES_DIR.glob("*.json"))}
CASES = [(rule, case) for rule, table in TABLES.items() for case in table["cases"]]
IDS = [f"{rule}-{case['name']}" for rule, case in CASES]


def _article(case: dict[str, Any]) -> Article:
    return Article(
        id=case["name"],
        text=case["text"],
        published=date.fromisoformat(case["published"]),
        outlet="Test Outlet",
    )


def _mismatches(case: dict[str, Any]) -> list[str]:
    """What the extractor gets wrong on a case (empty when it matches the expectation)."""
    found = extract(_article(case))
    expected = case["expect"]
    if [i.site for i in found] != [e["site"] for e in expected]:
        return [f"sites {[i.site for i in found]} != {[e['site'] for e in expected]}"]
    wrong = []
    for got, want in zip(found, expected, strict=True):
        for key, value in want.items():
            actual = getattr(got, key)
            if isinstance(actual, date):
                actual = actual.isoformat()
            if isinstance(actual, tuple):
                actual = list(actual)
            if actual != value:
                wrong.append(f"{got.site} {key}: {actual!r} != {value!r}")
    return wrong


def test_every_rule_has_a_table_and_every_table_a_rule() -> None:
    assert set(TABLES) == set(precision.RULES)
    for rule, table in TABLES.items():
        assert table["rule"] == rule
        assert any(not c.get("guard") for c in table["cases"]), f"{rule}: no firing case"
        assert any(c.get("guard") for c in table["cases"]), f"{rule}: no guard case"


@pytest.mark.parametrize(("rule", "case"), CASES, ids=IDS)
def test_case_holds_with_every_rule_on(rule: str, case: dict[str, Any]) -> None:
    assert _mismatches(case) == []


@pytest.mark.parametrize(
    ("rule", "case"),
    [(r, c) for r, c in CASES if not c.get("guard")],
    ids=[i for i, (_, c) in zip(IDS, CASES, strict=True) if not c.get("guard")],
)
def test_case_fails_without_its_rule(rule: str, case: dict[str, Any]) -> None:
    with precision.disabled(rule):
        assert _mismatches(case) != [], f"{case['name']} passes without rule {rule}"


def test_unknown_rule_name_is_refused() -> None:
    with pytest.raises(KeyError, match="no precision rule"):
        precision.fires("no_such_rule")
