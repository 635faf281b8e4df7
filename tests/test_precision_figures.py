"""The figure rules of precision_figures.py and the side test of opposite_sides, as tables.

The rules' article-level tables are in tests/data/incidents/rules/ (partitive_projectile,
drone_payload, ordinal_next, quoted_head); tests/data/incidents/figure_rules.json asks the
functions themselves, on normalised text, with guard rows where they must not fire.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gazetteer.extract.grammar.casualties import CasualtyReading
from gazetteer.extract.precision_figures import (
    bystander_none,
    drone_payload,
    of_them,
    ordinal_next,
    partitive_projectile,
    quoted_head,
    route_noun,
)
from gazetteer.extract.precision_reports import opposite_sides
from gazetteer.text.normalize import normalise

TABLES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "incidents" / "figure_rules.json").read_text("utf-8")
)


@pytest.mark.parametrize("row", TABLES["partitive_projectile"])
def test_partitive_projectile(row: dict[str, Any]) -> None:
    text, word = row["text"], row["word"]
    start = text.index(word)
    assert partitive_projectile(text, row["head"], start, start + len(word)) is row["projectile"]


@pytest.mark.parametrize("row", TABLES["drone_payload"])
def test_drone_payload(row: dict[str, Any]) -> None:
    text = row["text"]
    assert drone_payload(text, text.index(row["noun"]), row["weapon"]) is row["load"]


@pytest.mark.parametrize("row", TABLES["ordinal_next"])
def test_ordinal_next(row: dict[str, Any]) -> None:
    text, noun = row["text"], row["noun"]
    got = ordinal_next(text, text.index(noun) + len(noun), noun)
    assert (got[0] if got else None) == row["count"]


@pytest.mark.parametrize("row", TABLES["quoted_head"])
def test_quoted_head(row: dict[str, Any]) -> None:
    text = normalise(row["raw"])
    start = text.index(row["head"])
    end = start + len(row["head"])
    assert (quoted_head(text, start, end) > end) is row["past"]


@pytest.mark.parametrize("row", TABLES["opposite_sides"])
def test_opposite_sides(row: dict[str, Any]) -> None:
    assert opposite_sides(tuple(row["a"]), tuple(row["b"])) is row["opposite"]


@pytest.mark.parametrize("row", TABLES["of_them"])
def test_of_them(row: dict[str, Any]) -> None:
    text = row["text"]
    assert of_them(text, text.index(row["word"]) + len(row["word"])) is row["of_them"]


# (status, party, weapons, figures kept): the reading bystander_none leaves, by its fields
BYSTANDERS = [
    ("none", True, ["airstrike"], False),
    # guards: not a strike; a none of everyone; a figure read
    ("none", True, ["rocket"], True),
    ("none", False, ["airstrike"], True),
    ("reported", True, ["airstrike"], True),
]


@pytest.mark.parametrize(("status", "party", "weapons", "kept"), BYSTANDERS)
def test_bystander_none(status: str, party: bool, weapons: list[str], kept: bool) -> None:
    killed = 2 if status == "reported" else 0
    reading = CasualtyReading(killed=killed, injured=0, status=status, party=party)
    got = bystander_none(reading, weapons)
    assert (got == reading) is kept
    assert kept or (got.killed, got.injured, got.status) == (None, None, "unknown")


@pytest.mark.parametrize("row", TABLES["route_noun"])
def test_route_noun(row: dict[str, Any]) -> None:
    text = row["text"]
    assert route_noun(text, text.index(row["word"]), row["raw_last"]) is row["route"]
