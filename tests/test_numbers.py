"""Tests for the Arabic number grammar (gazetteer.extract.grammar.numbers), driven by
tests/data/numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.extract.grammar.numbers import (
    KINDS,
    QUALIFIERS,
    NumberLexicon,
    NumberMention,
    default_lexicon,
    dual_stem,
    find_numbers,
    parse_number,
)
from gazetteer.text.lexicons import LexiconError
from gazetteer.text.normalize import normalise

DATA = Path(__file__).parent / "data" / "numbers"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def _value(text: str) -> int | None:
    return None if text == "None" else int(text)


def _expected(cell: str) -> list[tuple[int | None, str, str]]:
    out = []
    for item in filter(None, cell.split(";")):
        value, kind, *rest = item.split(":")
        out.append((_value(value), kind, rest[0] if rest else ""))
    return out


CASES = _rows("cases.csv")


def test_case_table_is_big_enough():
    assert len(CASES) >= 60
    assert {k for row in CASES for _, k, _ in _expected(row["expected"])} == KINDS


@pytest.mark.parametrize("row", CASES, ids=[r["text"] for r in CASES])
def test_find_numbers(row):
    norm = normalise(row["text"])
    found = find_numbers(norm)
    got = [(m.value, m.kind, m.qualifier) for m in found]
    assert got == _expected(row["expected"])
    if row["spans"]:
        surfaces = [normalise(s) for s in row["spans"].split("|")]
        assert [norm[m.start : m.end] for m in found] == surfaces


@pytest.mark.parametrize("row", _rows("parse.csv"), ids=lambda r: r["phrase"])
def test_parse_number(row):
    assert parse_number(row["phrase"]) == _value(row["value"])


@pytest.mark.parametrize("row", _rows("dual.csv"), ids=lambda r: f"{r['word']}[{r['known']}]")
def test_dual_stem(row):
    known = {normalise(k) for k in row["known"].split("|")} if row["known"] else None
    expected = None if row["stem"] == "None" else normalise(row["stem"])
    assert dual_stem(row["word"], known=known) == expected


@pytest.mark.parametrize(
    ("func", "arg"),
    [(find_numbers, None), (find_numbers, b"8"), (parse_number, 8), (dual_stem, ["x"])],
)
def test_non_string_input_is_refused_by_name(func, arg):
    with pytest.raises(TypeError, match=func.__name__):
        func(arg)


def test_mentions_are_frozen_records():
    m = find_numbers(normalise("سقطت ثلاث قذائف"))[0]
    assert isinstance(m, NumberMention)
    with pytest.raises(AttributeError):
        m.value = 4  # type: ignore[misc]


BAD_ROWS = [
    ({"word": "", "kind": "unit", "value": "1"}, "empty 'word'"),
    ({"word": "x", "kind": "", "value": "1"}, "empty 'kind'"),
    ({"word": "x", "kind": "unit", "value": "one"}, "column 'value'"),
    ({"word": "x", "kind": "unit", "value": "12"}, "outside 1..9"),
    ({"word": "x", "kind": "digit", "value": "1"}, "column 'kind'"),
    ({"word": "x", "kind": "qualifier", "value": "roughly"}, "column 'value'"),
    ({"word": "x", "kind": "vague", "value": "3"}, "must be empty"),
    ({"word": "x", "kind": "unit", "value": "1", "gender": "n"}, "column 'gender'"),
    ({"word": "x", "kind": "unit", "value": "1", "article": "maybe"}, "column 'article'"),
    ({"word": "x y", "kind": "unit", "value": "1"}, "takes one word"),
    ({"word": "\u0640", "kind": "unit", "value": "1"}, "empty after normalising"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=[m for _, m in BAD_ROWS])
def test_bad_lexicon_rows_are_named(row, message):
    good = {"word": "\u0648\u0627\u062d\u062f", "kind": "unit", "value": "1"}  # واحد
    with pytest.raises(LexiconError, match=r"numbers-test\.csv: data row 3") as err:
        NumberLexicon.from_rows([good, row], source="numbers-test.csv")
    assert message in str(err.value)


def test_package_lexicon_loads_and_is_normalised():
    lex = default_lexicon()
    words = [w for w in lex._words if w != normalise(w)]
    assert words == []


# words and marks the grammar cares about, to drive the property test into its branches
_VOCAB = [
    "\u062b\u0644\u0627\u062b\u0647",  # ثلاثه
    "\u0639\u0634\u0631",  # عشر
    "\u0648\u0639\u0634\u0631\u064a\u0646",  # وعشرين
    "\u0645\u064a\u0647",  # ميه
    "\u0627\u0644\u0641",  # الف
    "\u0627\u0644\u0627\u0641",  # الاف
    "\u0645\u0644\u064a\u0648\u0646",  # مليون
    "\u0648\u0646\u0635\u0641",  # ونصف
    "\u0627\u062d\u062f\u064a",  # احدي
    "\u0627\u0644\u062b\u0627\u0644\u062b",  # الثالث
    "\u0627\u0644\u0633\u0627\u0639\u0647",  # الساعه
    "\u0627\u0643\u062b\u0631 \u0645\u0646",  # اكثر من
    "\u0639\u0634\u0631\u0627\u062a",  # عشرات
    "\u0628\u0627\u0644\u0645\u064a\u0647",  # بالميه
    "\u0627\u064a\u0627\u0631",  # ايار
    "\u0627\u0644",  # ال
    "\u0648",  # و
    "12.15",
    "1,200",
    "2024",
    "3",
    "0",
    "%",
    ",",
    ".",
    ":",
    "-",
    "\n",
]

_ARABICISH = st.text(
    alphabet=st.sampled_from([*"0123456789.,:/-% \n", *(chr(c) for c in range(0x0621, 0x064B))]),
    max_size=60,
)
_PHRASES = st.lists(st.sampled_from(_VOCAB), max_size=12).map(" ".join)
_JOINED = st.lists(st.sampled_from(_VOCAB), max_size=8).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=80), _ARABICISH, _PHRASES, _JOINED))
def test_find_numbers_is_total_and_well_formed(text):
    found = find_numbers(text)
    edge = 0
    for m in found:
        assert 0 <= edge <= m.start < m.end <= len(text)
        edge = m.end
        assert m.kind in KINDS
        assert m.qualifier in QUALIFIERS
        if m.kind == "cardinal":
            assert m.value is not None and m.value >= 0
        if m.kind == "vague":
            assert m.value is None
        if m.kind == "one_of":
            assert m.value == 1
        assert text[m.start : m.end].strip() == text[m.start : m.end]
