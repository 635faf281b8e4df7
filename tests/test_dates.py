"""Tests of the Arabic date and time grammar (gazetteer.extract.grammar.dates), driven by
tests/data/dates/.
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.extract.grammar.date_words import _int_cell
from gazetteer.extract.grammar.dates import (
    DateMention,
    find_context_days,
    find_dates,
    find_times,
    resolve_date,
)
from gazetteer.records import DATE_PRECISION
from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

DATA = Path(__file__).parent / "data" / "dates"


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV table under tests/data/dates/, skipping # comment lines."""
    raw = (DATA / name).read_text(encoding="utf-8")
    lines = [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _params(name: str, key: str = "text") -> list:
    return [pytest.param(row, id=f"{name}:{n}") for n, row in enumerate(_rows(name), 2)]


CASES = _rows("cases.csv")


@pytest.mark.parametrize("row", _params("cases.csv"))
def test_resolve_date(row: dict[str, str]) -> None:
    published = date.fromisoformat(row["published"])
    got = resolve_date(row["text"], published)
    if not row["start"]:
        assert got is None
        return
    assert got is not None
    expected = (
        date.fromisoformat(row["start"]),
        date.fromisoformat(row["end"]),
        row["precision"],
        row["time"] or None,
        row["past_reference"] == "true",
    )
    assert (got.start, got.end, got.precision, got.time, got.past_reference) == expected
    assert got.cue  # the text that gave the date


@pytest.mark.parametrize("row", _params("cases.csv"))
def test_mentions_point_into_the_normalised_text(row: dict[str, str]) -> None:
    norm = normalise(row["text"])
    published = date.fromisoformat(row["published"])
    mentions = find_dates(norm, published)
    for m in mentions:
        assert isinstance(m, DateMention)
        assert m.span.cue == norm[m.start : m.end]
        assert m.span.start <= m.span.end <= published
        assert m.span.precision in DATE_PRECISION
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_case_table_covers_every_precision_and_nothing_found() -> None:
    precisions = {row["precision"] for row in CASES}
    assert {"day", "night", "days", "week", "month", ""} <= precisions
    assert len(CASES) >= 60


@pytest.mark.parametrize("row", _params("times.csv"))
def test_find_times(row: dict[str, str]) -> None:
    times = find_times(normalise(row["text"]))
    if not row["time"]:
        assert times == []
        return
    assert [t.time for t in times] == [row["time"]]


@pytest.mark.parametrize("row", _params("ordinals.csv", "word"))
def test_ordinal_day_words(row: dict[str, str]) -> None:
    published = date(2023, 12, 31)
    got = resolve_date(f"وقع الهجوم في {row['word']} من آذار", published)
    assert got is not None
    assert (got.start, got.precision) == (date(2023, 3, int(row["day"])), "day")


@pytest.mark.parametrize("row", _params("cardinals.csv"))
def test_days_ago_in_words(row: dict[str, str]) -> None:
    published = date(2024, 2, 10)
    got = resolve_date(f"سقطت القذيفة {row['text']}", published)
    assert got is not None
    back = published - timedelta(days=int(row["days"]))
    assert (got.start, got.end, got.precision) == (back, back, "day")


MONTHS = load_lexicon("months", ("month", "form"))


@pytest.mark.parametrize("row", MONTHS, ids=lambda r: r["form"])
def test_every_month_name_reads_with_day_and_year(row: dict[str, str]) -> None:
    got = resolve_date(f"في 10 {row['form']} 2022", date(2024, 1, 1))
    assert got is not None
    assert got.start == date(2022, int(row["month"]), 10)


WEEKDAYS = load_lexicon("weekdays", ("iso", "form"))


@pytest.mark.parametrize("row", WEEKDAYS, ids=lambda r: r["form"])
def test_every_weekday_name_is_the_latest_such_day(row: dict[str, str]) -> None:
    published = date(2024, 5, 15)  # a Wednesday
    got = resolve_date(f"هاجمت المسيرة الموقع يوم {row['form']}", published)
    assert got is not None
    assert got.start.isoweekday() == int(row["iso"])
    assert published - timedelta(days=6) <= got.start <= published


def test_a_time_in_another_sentence_is_not_attached() -> None:
    text = "قصفت الطائرات الموقع أمس. وفي بيان آخر صدر الساعة 14:30 نفى الجيش"
    got = resolve_date(text, date(2024, 1, 9))
    assert got is not None
    assert (got.start, got.time) == (date(2024, 1, 8), None)


def test_bad_lexicon_cell_names_file_row_and_column() -> None:
    with pytest.raises(LexiconError, match=r"months\.csv: data row 7: 'month'.*13"):
        _int_cell("months", 7, "month", "13", 1, 12)
    with pytest.raises(LexiconError, match=r"weekdays\.csv: data row 3: 'iso'.*'x'"):
        _int_cell("weekdays", 3, "iso", "x", 1, 7)


# Words the grammar knows, mixed with digits and punctuation, so that generated text reaches
# the rules and not only the "no match" path.
_VOCAB = sorted(
    {normalise(r["form"]) for r in MONTHS}
    | {normalise(r["form"]) for r in WEEKDAYS}
    | {normalise(r["form"]) for r in load_lexicon("day_parts", ("form",))}
    | {normalise(r["form"]) for r in load_lexicon("date_words", ("form",))}
    | {"1", "5", "29", "31", "2023", "0", "12:15", "3.45", "14/3/2023", "-", "/", ",", "."}
)
_TOKENS = st.one_of(st.sampled_from(_VOCAB), st.text(max_size=6))


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(_TOKENS, max_size=12),
    published=st.dates(),
    raw=st.booleans(),
)
def test_find_dates_never_raises_nor_looks_ahead(
    words: list[str], published: date, raw: bool
) -> None:
    text = " ".join(words)
    norm = text if raw else normalise(text)
    for m in find_dates(norm, published):
        assert m.span.start <= m.span.end <= published
        assert 0 <= m.start < m.end <= len(norm)
    for t in find_times(norm):
        hour, minute = map(int, t.time.split(":"))
        assert 0 <= hour <= 23 and 0 <= minute <= 59


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وفي اليوم التالي سقطت قذيفة", [(1, False)]),
        ("مساء اليوم التالي انهالت الصواريخ", [(1, False)]),
        ("ليل اليوم الموالي دوت انفجارات", [(1, True)]),
        ("وكانت القاعدة قد استهدفت في اليوم السابق", [(-1, False)]),
        ("وفي وقت لاحق من اليوم نفسه سقط صاروخ آخر", [(0, False)]),
        ("واستهدفت الطائرات في اليوم ذاته رتلا للفصائل", [(0, False)]),
        ("سقطت قذيفة اليوم على القاعدة", []),
    ],
)
def test_days_named_from_the_context(text: str, expected: list[tuple[int, bool]]) -> None:
    """اليوم التالي counts from the day just read about; find_dates never takes it for today."""
    norm = normalise(text)
    found = find_context_days(norm)
    assert [(c.offset, c.night) for c in found] == expected
    dates = find_dates(norm, date(2024, 1, 9))
    for c in found:
        assert not any(d.start < c.end and c.start < d.end for d in dates)
