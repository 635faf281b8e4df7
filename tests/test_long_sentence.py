"""One long sentence costs linear time: the fast lookups equal the plain scans they replace.

The reader gives each weapon, date and time of a sentence to the nearest target, and each
target its nearest date, by ``min`` over :func:`_distance`; a long sentence made that a scan of
every target (and of every gap) per cue. :class:`Nearest`, :func:`_gap_cost_cut` and the
per-sentence indexes of :mod:`gazetteer.extract.targets` answer the same questions by
bisection. Each is compared here with the plain expression it replaces, over hand-made cases
(ties, a و at a gap's start) and random ones, and the work is counted for n and 2n targets.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from gazetteer.extract import targets as targets_module
from gazetteer.extract.reader import extract
from gazetteer.extract.spans import Cuts, Listing, Nearest, listed_pair
from gazetteer.extract.state import (
    _SEPARATOR,
    _distance,
    _distance_cut,
    _gap_cost,
    _gap_cost_cut,
    _is_dateline,
    _surcharged,
)
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import Article, PlaceMention

W = "\u0648"  # و
_ALPHABET = ["a", "b", " ", " ", ",", ";", ":", W, W, "\n", "\t"]


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(n))


def _plain_nearest(text: str, anchors: list[tuple[int, int]], item: tuple[int, int]) -> int:
    """The expression the reader used: the first index at the least distance."""
    return min(range(len(anchors)), key=lambda i: _distance(text, item, anchors[i]))


def _fast(text: str, anchors: list[tuple[int, int]]) -> Nearest:
    cuts = Cuts(_SEPARATOR, text)
    return Nearest(
        anchors,
        lambda item, anchor: _distance_cut(text, cuts, item, anchor),
        lambda end: _surcharged(text, end),
    )


@pytest.mark.parametrize(
    "text",
    [
        W + "a " + W + "b",  # a و at the text's start (^) and after a space
        "a" + W + "b, c;d:e",  # a و glued to a word: counted only at a gap's start
        " " + W + W + " " + W,
        "abc",
        "",
        ",,, " + W + ",\n" + W + "\t" + W,
    ],
)
def test_gap_cost_by_index_equals_findall_on_every_slice(text: str) -> None:
    cuts = Cuts(_SEPARATOR, text)
    for a in range(len(text) + 1):
        for b in range(len(text) + 1):
            assert _gap_cost_cut(text, cuts, a, b) == _gap_cost(text, a, b), (text, a, b)


def test_gap_cost_by_index_equals_findall_on_random_text() -> None:
    rng = random.Random(11)
    for _ in range(30):
        text = _random_text(rng, rng.randint(0, 60))
        cuts = Cuts(_SEPARATOR, text)
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1):
                assert _gap_cost_cut(text, cuts, a, b) == _gap_cost(text, a, b), (text, a, b)


# (text, anchors, item, the index min gives)
_CASES = [
    # equal distances on both sides: the first index wins
    ("aaaaaaaaaa", [(0, 2), (8, 10)], (4, 6), 0),
    ("aaaaaaaaaa", [(8, 10), (0, 2)], (4, 6), 0),
    # the same anchor twice: the first of them
    ("aaaaaaaaaa", [(0, 2), (7, 9), (7, 9)], (4, 6), 1),
    # overlapping anchors cost 0, as does one touching the item; the first index wins
    ("aaaaaaaaaa", [(6, 8), (3, 5), (2, 9)], (4, 6), 0),
    ("aaaaaaaaaa", [(0, 1), (6, 8), (3, 5)], (4, 6), 1),
    # a و right after the nearest anchor on the left (no space before it) costs it 100:
    # an anchor further left, with no such و, is nearer
    ("aa" + W + "aaaaaaa", [(0, 1), (1, 2)], (8, 9), 0),
    ("a a" + W + "aaaaaaa", [(0, 1), (1, 3)], (9, 10), 0),
    # after a space that و is a separator wherever the gap starts: the nearest wins
    ("a " + W + "aaaaaaa", [(0, 1), (1, 2)], (8, 9), 1),
    # a separator between: the far side without one is nearer
    ("aaa,aaaaaaaaaa", [(0, 1), (12, 14)], (5, 6), 1),
    ("aaaaaaaa", [(5, 6)], (1, 2), 0),
]


@pytest.mark.parametrize(("text", "anchors", "item", "expected"), _CASES)
def test_nearest_equals_min_on_hand_made_cases(
    text: str, anchors: list[tuple[int, int]], item: tuple[int, int], expected: int
) -> None:
    assert _plain_nearest(text, anchors, item) == expected
    assert _fast(text, anchors).nearest(item) == expected


def _random_span(rng: random.Random, n: int) -> tuple[int, int]:
    a = rng.randrange(n)
    return a, min(n, a + rng.randint(1, 4))


def _flipped(text: str, anchors: list[tuple[int, int]]) -> Nearest:
    """The index the drafting uses for dates: the distance from the anchor to the item."""
    return Nearest(
        anchors,
        lambda item, anchor: _distance(text, anchor, item),
        lambda end: _surcharged(text, end),
    )


def test_nearest_equals_min_on_random_cases() -> None:
    rng = random.Random(5)
    for _ in range(400):
        text = _random_text(rng, rng.randint(5, 80))
        anchors = [_random_span(rng, len(text)) for _ in range(rng.randint(1, 8))]
        anchors += rng.sample(anchors, k=rng.randint(0, len(anchors)))  # ties by position
        rng.shuffle(anchors)
        index = _fast(text, anchors)
        for _ in range(10):
            item = _random_span(rng, len(text))
            assert index.nearest(item) == _plain_nearest(text, anchors, item), (
                text,
                anchors,
                item,
            )
            # the dates' side: the anchor is measured to the item (drafting)
            assert _flipped(text, anchors).nearest(item) == min(
                range(len(anchors)), key=lambda i: _distance(text, anchors[i], item)
            )


def test_nearest_falls_back_to_min_for_empty_spans() -> None:
    text = "aa" + W + "a, a"
    anchors = [(2, 2), (4, 6), (0, 1)]
    index = _fast(text, anchors)
    for item in [(3, 3), (1, 2), (5, 6)]:
        assert index.nearest(item) == _plain_nearest(text, anchors, item)


def _count_distance_calls(n: int) -> int:
    """Distance evaluations to give 2n cues their nearest of n targets in one sentence."""
    text = ("a b, " + W + "c ") * (3 * n)
    anchors = [(15 * i + 2, 15 * i + 3) for i in range(n)]
    calls = 0
    cuts = Cuts(_SEPARATOR, text)

    def counted(item: tuple[int, int], anchor: tuple[int, int]) -> float:
        nonlocal calls
        calls += 1
        return _distance_cut(text, cuts, item, anchor)

    index = Nearest(anchors, counted, lambda end: _surcharged(text, end))
    for k in range(2 * n):
        index.nearest((7 * k + 5, 7 * k + 6))
    return calls


def test_nearest_work_grows_linearly_with_the_targets() -> None:
    small, large = _count_distance_calls(200), _count_distance_calls(400)
    # min over every target would make 200 * 400 and 400 * 800 calls; here each cue measures
    # its neighbour on the right, one on the left in each class and any it overlaps
    assert 0 < small <= 4 * 400
    assert large <= 4 * 800
    assert large < 2.1 * small


def _place(start: int, end: int) -> PlaceMention:
    return PlaceMention(
        site_keys=("k",),
        start=start,
        end=end,
        surface="x",
        alias="x",
        norm_start=start,
        norm_end=end,
    )


def _plain_listed(text: str, places: list[PlaceMention], armed: list[bool], i: int) -> bool:
    """The loop the reader used: place i and any other armed place, pair by pair."""
    return any(
        j != i and armed[j] and listed_pair(text, places[i], q) for j, q in enumerate(places)
    )


def test_listed_with_armed_equals_the_pairwise_loop() -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", " ", " ", ",", ",", W, W, "\n"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 40)))
        n = len(text)
        places = []
        for _ in range(rng.randint(1, 7)):
            a = rng.randrange(n)
            places.append(_place(a, min(n, a + rng.randint(1, 3))))
        armed = [rng.random() < 0.5 for _ in places]
        listing = Listing(text, text[::-1], places, armed)
        for i in range(len(places)):
            assert listing.with_armed(i) == _plain_listed(text, places, armed, i), (
                text,
                places,
                armed,
                i,
            )


def _plain_dateline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    return bool(re.compile(r"\s*(?:\([^)\n]{0,40}\)\s*)?[-:/(]").match(text, end))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("abc - x", 0, 3),
        ("  \t abc - x", 4, 7),
        ("x\n abc - x", 3, 6),
        ("x abc - x", 2, 5),
        ("x\n\u00a0abc (a f p) - x", 3, 6),
        ("x\nabc: y", 2, 5),
        ("x\nabc y", 2, 5),
    ],
)
def test_dateline_read_backwards_equals_the_line_scan(text: str, start: int, end: int) -> None:
    assert _is_dateline(text, start, end) == _plain_dateline(text, start, end)


# One long sentence with places and weapons, commas and no full stop (issue 11, point 5):
# "3 rockets and 4 shells fell on al-Tanf base on Sunday, 12 killed and 7 injured, ..."
_PLACES = [
    "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641",
    "\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0634\u062f\u0627\u062f\u064a",
    "\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631",
    "\u0645\u062f\u064a\u0646\u0629 \u0627\u0644\u0628\u0648\u0643\u0645\u0627\u0644",
]
_CLAUSE = (
    "\u0633\u0642\u0637\u062a 3 \u0635\u0648\u0627\u0631\u064a\u062e \u06484 "
    "\u0642\u0630\u0627\u0626\u0641 \u0639\u0644\u0649 {p} \u064a\u0648\u0645 "
    "\u0627\u0644\u0623\u062d\u062f, \u0645\u0642\u062a\u0644 12 "
    "\u0648\u0625\u0635\u0627\u0628\u0629 7, "
)


def _long_sentence(clauses: int) -> str:
    return "".join(_CLAUSE.format(p=_PLACES[i % len(_PLACES)]) for i in range(clauses))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The built-in gazetteer."""
    return load_gazetteer()


def _reader_distance_calls(
    clauses: int, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int]:
    calls = 0
    plain = targets_module._distance_cut

    def counted(*args: object) -> float:
        nonlocal calls
        calls += 1
        return plain(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(targets_module, "_distance_cut", counted)
    text = _long_sentence(clauses)
    found = extract(Article(id="long", text=text, published=date(2023, 3, 24)), gazetteer)
    monkeypatch.setattr(targets_module, "_distance_cut", plain)
    return calls, len(found)


def test_long_sentence_distance_work_is_linear(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Doubling the sentence doubles the distances measured (min over targets: fourfold)."""
    small, found_small = _reader_distance_calls(40, gazetteer, monkeypatch)
    large, found_large = _reader_distance_calls(80, gazetteer, monkeypatch)
    assert found_small == found_large == len(_PLACES)  # one incident per site
    assert small > 0
    assert large <= 2 * small + 40


def _items_handed_out(clauses: int, gazetteer: Gazetteer) -> dict[str, int]:
    """How many items every list of the finder hands the reader over one long sentence."""
    from gazetteer.extract import state

    handed: dict[str, int] = {}
    plain = state._Found.within

    def counted(self: state._Found, name: str, start: int, end: int) -> list[object]:
        items = plain(self, name, start, end)
        handed[name] = handed.get(name, 0) + len(items)
        return items

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state._Found, "within", counted)
        article = Article(id="long", text=_long_sentence(clauses), published=date(2023, 3, 24))
        extract(article, gazetteer)
    return handed


def test_long_sentence_lookups_hand_out_linear_work(gazetteer: Gazetteer) -> None:
    """Doubling the sentence at most doubles what each list hands out.

    A place's role once sliced every trigger from the sentence's start (2,880 -> 8,960 triggers
    handed out for 40 -> 80 clauses: 500 KB of one sentence took 15 s instead of 3).
    """
    small = _items_handed_out(40, gazetteer)
    large = _items_handed_out(80, gazetteer)
    assert small["triggers"] > 0 and small["places"] > 0
    for name, count in large.items():
        assert count <= 2 * small.get(name, 0) + 40, name
