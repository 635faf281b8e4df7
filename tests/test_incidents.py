"""The extractor, phenomenon by phenomenon, on short articles written for these tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gazetteer.extract.reader import extract
from gazetteer.records import Article

CASES = json.loads((Path(__file__).parent / "data" / "incidents" / "cases.json").read_text("utf-8"))


def _article(case: dict) -> Article:
    return Article(
        id=case["name"],
        text=case["text"],
        published=date.fromisoformat(case["published"]) if case["published"] else None,
        outlet="Test Outlet",
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extract_case(case: dict) -> None:
    found = extract(_article(case))
    expected = case["expect"]
    assert [i.site for i in found] == [e["site"] for e in expected], [i.summary_en for i in found]
    for got, want in zip(found, expected, strict=True):
        for key, value in want.items():
            if key == "site":
                continue
            if key == "cited_has":
                assert set(value) <= set(got.cited), got.cited
                continue
            actual = getattr(got, key)
            if isinstance(actual, date):
                actual = actual.isoformat()
            if isinstance(actual, tuple):
                actual = list(actual)
            assert actual == value, f"{key}: {actual!r} != {value!r} ({got.summary_en})"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_quote_is_the_text_at_its_span(case: dict) -> None:
    article = _article(case)
    for incident in extract(article):
        start, end = incident.span
        assert article.text[start:end] == incident.quote
        assert incident.quote.strip()
        for a, b in incident.highlights:
            assert start <= a < b <= end
        if article.published is not None:
            assert incident.date_end is not None and incident.date_end <= article.published
        if incident.date_start is not None:
            assert incident.date_end is not None
            assert incident.date_start <= incident.date_end


def test_empty_article_yields_nothing() -> None:
    assert extract(Article(id="empty", text="   ", published=date(2024, 1, 1))) == []
