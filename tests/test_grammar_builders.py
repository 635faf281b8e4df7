"""Frozen dataclass objects built by :func:`frozen_builder` are those the constructor builds.

The date grammar's spans and mentions, the number grammar's mentions and cores, the casualty
readings and their words, and the gazetteer's place mentions are built with the fields written
straight into the object's ``__dict__`` (speed18).
Each row is built both ways; the two must be equal, hash, print and pickle alike, and stay
frozen. A class the builder cannot stand in for (not frozen, with slots, or with a
``__post_init__``) is refused.
"""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from typing import Any

import pytest

from gazetteer.extract.grammar.casualties import CasualtyReading, _reading
from gazetteer.extract.grammar.date_arith import date_span
from gazetteer.extract.grammar.dates import DateMention, _mention
from gazetteer.extract.grammar.figures import _Core, _core
from gazetteer.extract.grammar.number_words import NumberMention, number_mention
from gazetteer.places.gazetteer import _place_mention
from gazetteer.records import DateSpan, PlaceMention
from gazetteer.text.frozen import frozen_builder
from gazetteer.text.matcher import Match, build_match

_MAY_1, _MAY_2 = date(2023, 5, 1), date(2023, 5, 2)

BUILT_CASES: list[tuple[Any, type, tuple[Any, ...]]] = [
    # (builder, class, values)
    (date_span, DateSpan, (_MAY_1, _MAY_1, "day", None, "", False)),
    (date_span, DateSpan, (_MAY_1, _MAY_2, "night", "21:00", "x", True)),
    (date_span, DateSpan, (_MAY_1, _MAY_2, "days", None, "\u0627\u0645\u0633", False)),
    (_mention, DateMention, (3, 9, DateSpan(_MAY_1, _MAY_1, "day"))),
    (number_mention, NumberMention, (0, 1, 7, "cardinal", "")),
    (number_mention, NumberMention, (3, 12, None, "vague", "")),
    (number_mention, NumberMention, (2, 20, 30, "cardinal", "more_than")),
    (_place_mention, PlaceMention, (("deir_ez_zor",), 4, 13, "x", "y", 3, 11)),
    (_place_mention, PlaceMention, (("a", "b"), 0, 5, "\u0639\u0627\u0646\u0647", "z", 0, 5)),
    (_reading, CasualtyReading, (3, None, "reported", "", ((4, 9),), False)),
    (_reading, CasualtyReading, (0, 0, "none", "a; b", (), True)),
    (build_match, Match, (2, 9, 3, 8, "\u0642\u062a\u0644", ("killed",))),
    (_core, _Core, (12, "cardinal", 3, True, False)),
]


@pytest.mark.parametrize(("build", "cls", "values"), BUILT_CASES)
def test_built_as_constructed(build: Any, cls: type, values: tuple[Any, ...]) -> None:
    fast, plain = build(*values), cls(*values)
    assert type(fast) is cls
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert pickle.dumps(fast) == pickle.dumps(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 0  # type: ignore[attr-defined]


def test_every_field_must_be_given() -> None:
    with pytest.raises(TypeError):
        date_span(_MAY_1, _MAY_1, "day")


@dataclasses.dataclass
class _Open:
    x: int


@dataclasses.dataclass(frozen=True, slots=True)
class _Slotted:
    x: int


@dataclasses.dataclass(frozen=True)
class _Checked:
    x: int

    def __post_init__(self) -> None:
        if self.x < 0:
            raise ValueError("negative")


@dataclasses.dataclass(frozen=True)
class _Clashing:
    _frozen_obj: int


class _NoDataclass:
    x = 0


@pytest.mark.parametrize("cls", [_Open, _Slotted, _Checked, _Clashing, _NoDataclass])
def test_refused(cls: type) -> None:
    with pytest.raises(TypeError):
        frozen_builder(cls)


@dataclasses.dataclass(frozen=True)
class _Pair:
    left: int
    right: str = ""


def test_a_class_of_its_own() -> None:
    build = frozen_builder(_Pair)
    assert build(1, "a") == _Pair(1, "a")
    assert build(left=2, right="") == _Pair(2)
