"""The seed copies timed by ``make bench`` (tests/bench/_seed_copies.py): the seeds in turn.

Each copy is its own article (an id of its own) with one seed's text, date and outlet; a folder
with an unreadable article or none stops the benchmark with a message naming it.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _seed_copies import SEEDS, seed_copies  # noqa: E402


@pytest.mark.parametrize(
    ("n", "files"),
    [
        (0, []),
        (2, ["000_1043f2aec24f7b64", "001_30b2d3086da02533"]),
        (
            7,
            [
                "000_1043f2aec24f7b64",
                "001_30b2d3086da02533",
                "002_98b573db9e484159",
                "003_cc0475db50e010b5",
                "004_9228b5cfbff1ef4a",
                "000_1043f2aec24f7b64",
                "001_30b2d3086da02533",
            ],
        ),
    ],
)
def test_copies_cycle_the_seeds_with_ids_of_their_own(n: int, files: list[str]) -> None:
    copies = seed_copies(n)
    assert [a.id.split("-", 2)[2] for a in copies] == files
    assert len({a.id for a in copies}) == n
    for a in copies:
        seed = SEEDS / (a.id.split("-", 2)[2] + ".txt")
        assert a.text == seed.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "published", "outlet"),
    [
        ("000_1043f2aec24f7b64", date(2021, 7, 14), "Al-Watan (Syria)"),
        ("004_9228b5cfbff1ef4a", date(2023, 3, 24), "Al-Rai Al-Thaleth (agencies)"),
    ],
)
def test_copies_keep_the_index_date_and_outlet(file: str, published: date, outlet: str) -> None:
    (copy,) = [a for a in seed_copies(5) if a.id.endswith(file)]
    assert (copy.published, copy.outlet) == (published, outlet)


def test_an_empty_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=str(tmp_path)):
        seed_copies(3, tmp_path)
