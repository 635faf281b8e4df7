"""Arabic normalisation: each small function, their composition and the offset map."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer.text.normalize import (
    NORMALISERS,
    _combined,
    _dropped,
    _kept_spans,
    _rare_in,
    compose,
    normalise,
    normalise_with_offsets,
)

_TABLE = Path(__file__).parent / "data" / "normalize" / "cases.csv"
with _TABLE.open(encoding="utf-8", newline="") as _fh:
    ROWS = list(csv.DictReader(_fh))


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_normalise_table(row: dict[str, str]) -> None:
    assert normalise(row["text"]) == row["expected"]


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_offsets_map_back(row: dict[str, str]) -> None:
    n = normalise_with_offsets(row["text"])
    assert n.text == row["expected"]
    for i in range(len(n.text)):
        src = row["text"][n.source_index(i)]
        # The source character normalises to the normalised one (or to a run ending with it).
        assert n.text[i] in normalise(src) or src.isspace()


ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
MIXED = st.text(
    st.one_of(ARABIC, st.characters(), st.sampled_from(list(" \u00a0\u200c\u200f\ufefb\ufe8e\n"))),
    max_size=200,
)


@given(MIXED)
def test_fast_path_equals_composition(text: str) -> None:
    assert normalise(text) == compose(*NORMALISERS)(text)


@given(MIXED)
def test_offsets_are_monotonic_and_inside(text: str) -> None:
    n = normalise_with_offsets(text)
    assert n.text == normalise(text)
    positions = [n.source_index(i) for i in range(len(n.text))]
    assert positions == sorted(positions)
    assert all(0 <= p < len(text) for p in positions)
    s, e = n.source_span(0, len(n.text))
    assert 0 <= s <= e <= len(text)


@given(MIXED)
def test_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("", []),
        ("\u0627\u0644\u0640", [(0, 2)]),  # الـ: the tatweel dropped at the end
        ("\u0640\u0640\u0628", [(2, 3)]),  # dropped at the start, two in a row
        ("\u0627\u0640\u064e\u0628\u0640", [(0, 1), (3, 4)]),  # tatweel and a fatha together
        ("\u0628\u0627\u0628", [(0, 3)]),  # nothing dropped: one stretch
    ],
)
def test_kept_spans_table(text: str, spans: list[tuple[int, int]]) -> None:
    """The stretches kept one to one around the dropped characters (tatweel, diacritics)."""
    assert _kept_spans(text, _rare_in(text)) == spans


def test_kept_spans_equal_the_kept_run_pattern() -> None:
    """The spans found from the dropped characters equal those of the pattern over the text."""
    kept_run = _combined()[1]
    pool = sorted(_dropped()) + list("\u0627\u0628 .\n\u0623\u0629\u060c") + ["\u2013", "K"]
    rng = random.Random(153)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 25)))
        assert _kept_spans(text, _rare_in(text)) == [m.span() for m in kept_run.finditer(text)]
