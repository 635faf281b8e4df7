"""The owner rules of precision_owners.py, as tables of inputs and outputs.

The rules' article-level tables are in tests/data/incidents/rules/ (partitive_site,
claimed_count, sequel_none, resumptive_person, series_none, coalition_title, since_began,
subject_first, none_of_its_own, rival_account); tests/data/incidents/owner_rules.json asks the
functions themselves (in_it_end for resumptive_person; series_none, coalition_title,
since_began, subject_first), on normalised text, with guard rows where they must not fire.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gazetteer.extract import precision_owners as owners
from gazetteer.extract.grammar.casualties import CasualtyReading

#: The function-level rows, by table name.
OWNER_ROWS = Path(__file__).parent / "data" / "incidents" / "owner_rules.json"


def _rows(table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(OWNER_ROWS.read_text("utf-8"))[table]
    return rows


@pytest.mark.parametrize("row", _rows("partitive_site"))
def test_partitive_site(row: dict[str, Any]) -> None:
    text = row["text"]
    noun_end = text.index(row["noun"]) + len(row["noun"])
    told = owners.partitive_site(text, noun_end, text.index(row["place"]))
    assert (told[0] if told else None) == row["share"]


@pytest.mark.parametrize("row", _rows("own_voice"))
def test_own_voice(row: dict[str, Any]) -> None:
    assert owners._own_voice(row["text"], 0, len(row["text"])) is row["own"]


@pytest.mark.parametrize("row", _rows("sequel"))
def test_sequel_phrase(row: dict[str, Any]) -> None:
    assert (owners._SEQUEL.search(row["text"]) is not None) is row["sequel"]


HELD = CasualtyReading(killed=None, injured=2, status="reported")

#: sequel_none on one sentence: the incident's figures, its weapons, the sentence's weapons.
SEQUEL_ROWS = [
    (HELD, ["rocket"], ["small_arms"], True),
    (HELD, ["rocket"], ["rocket"], False),  # the same kind: the same attack's
    (HELD, ["rocket"], [], False),  # no weapon of its own: the same attack's
    (CasualtyReading(), ["rocket"], ["small_arms"], False),  # no figure held
]


@pytest.mark.parametrize(("held", "weapons", "own", "fires"), SEQUEL_ROWS)
def test_sequel_none(
    held: CasualtyReading, weapons: list[str], own: list[str], fires: bool
) -> None:
    text = "بعد نحو ساعتين من القصف اطلق قناص النار علي برج مراقبه دون اصابات"
    assert owners.sequel_none(text, 0, len(text), held, weapons, own) is fires


@pytest.mark.parametrize("row", _rows("in_it"))
def test_in_it_end(row: dict[str, Any]) -> None:
    text = row["text"]
    past = owners.in_it_end(text, len(row["verb"]))
    after = None if past is None else text[past:].split()[0]
    assert after == row["after"]


@pytest.mark.parametrize("row", _rows("series"))
def test_series_none(row: dict[str, Any]) -> None:
    assert owners.series_none(row["text"], 0, len(row["text"])) is row["fires"]


@pytest.mark.parametrize("row", _rows("coalition"))
def test_coalition_title(row: dict[str, Any]) -> None:
    text = row["text"]
    assert owners.coalition_title(text, text.index(row["name"])) is row["fires"]


@pytest.mark.parametrize("row", _rows("since_began"))
def test_since_began(row: dict[str, Any]) -> None:
    text = row["text"]
    assert owners.since_began(text, text.index(row["date"])) is row["fires"]


@pytest.mark.parametrize("row", _rows("subject_first"))
def test_subject_first(row: dict[str, Any]) -> None:
    text = row["text"]
    assert list(owners.subject_first(text, 0, len(text))) == row["figures"]
