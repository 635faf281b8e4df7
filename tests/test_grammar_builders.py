"""The date grammar's direct builders give the objects the constructors give (speed18).

:func:`date_arith.date_span` and :func:`dates._mention` write the fields straight into a new
object's ``__dict__``. Each row is built both ways; the two must be equal, hash, print and
pickle alike, and stay frozen. A DateSpan with another field, or a ``__post_init__``, would
need the builder changed: the guard test says so.
"""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date

import pytest

from gazetteer.extract.grammar.date_arith import date_span
from gazetteer.extract.grammar.dates import DateMention, _mention
from gazetteer.records import DateSpan

SPAN_CASES = [
    # (start, end, precision, time, cue, past_reference)
    (date(2023, 5, 1), date(2023, 5, 1), "day", None, "", False),
    (date(2023, 5, 1), date(2023, 5, 2), "night", "21:00", "x", True),
    (date(2022, 12, 1), date(2022, 12, 31), "month", None, "\u0643\u0627\u0646\u0648\u0646", False),
]


def test_date_span_has_the_fields_written() -> None:
    assert [f.name for f in dataclasses.fields(DateSpan)] == [
        "start",
        "end",
        "precision",
        "time",
        "cue",
        "past_reference",
    ]
    assert not hasattr(DateSpan, "__post_init__")
    assert not hasattr(DateSpan, "__slots__")
    assert [f.name for f in dataclasses.fields(DateMention)] == ["start", "end", "span"]
    assert not hasattr(DateMention, "__post_init__")


@pytest.mark.parametrize("fields", SPAN_CASES)
def test_date_span_is_the_constructed_one(
    fields: tuple[date, date, str, str | None, str, bool],
) -> None:
    fast, plain = date_span(*fields), DateSpan(*fields)
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert pickle.dumps(fast) == pickle.dumps(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.cue = "y"  # type: ignore[misc]
    mention, constructed = _mention(3, 9, fast), DateMention(3, 9, plain)
    assert mention == constructed
    assert hash(mention) == hash(constructed)
    assert repr(mention) == repr(constructed)
    assert pickle.dumps(mention) == pickle.dumps(constructed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.start = 4  # type: ignore[misc]
