"""Shortcuts of the attack sentences' reading equal the computations they replace (issue 13).

Each test runs the plain computation (the code before the shortcut, written out here or kept
in the library as the reference) next to the shortcut over generated seed-shaped and short
articles, with and without a publication date, and the folder test sets; guard cases are
built where a shortcut must not fire.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpora import context_day_spans, context_day_word, mixed_articles, readers  # noqa: E402

from gazetteer.extract.cues import WeaponCue, load_cues  # noqa: E402
from gazetteer.extract.grammar.casualties import read_casualties  # noqa: E402
from gazetteer.extract.grammar.dates import find_context_days  # noqa: E402
from gazetteer.extract.grammar.numbers import NumberMention  # noqa: E402
from gazetteer.extract.precision_figures import CLAUSE_END, drone_payload, ordinal_next  # noqa: E402
from gazetteer.extract.precision_reports import TALLY_REACH  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.extract.spans import BlockCuts, Cuts, Nearest  # noqa: E402
from gazetteer.extract.state import (  # noqa: E402
    _SEPARATOR,
    ReadingState,
    _distance,
    _start,
    separator_spans,
)
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import Article, DateSpan  # noqa: E402
from gazetteer.text.matcher import Match  # noqa: E402
from gazetteer.text.normalize import normalise  # noqa: E402

_WAW = "\u0648"


ARTICLES = mixed_articles(51, 60, 120, undated=(15, 30))


def _queries(n: int, rng: random.Random, k: int = 300) -> list[tuple[int, int]]:
    """Ranges of a text of length ``n``: random ones, around block edges, empty and reversed."""
    out = [(0, n), (0, 0), (n, n), (-5, 3), (n - 3, n + 10)]
    for edge in range(0, n + 1, BlockCuts.SIZE):
        for d in (-2, -1, 0, 1, 2):
            out += [(edge + d, edge + d + w) for w in (1, 2, 5, 300)]
            out += [(edge + d - w, edge + d) for w in (1, 2, 5, 300)]
    for _ in range(k):
        a = rng.randint(-3, n + 3)
        out.append((a, a + rng.choice((0, 1, 2, 7, 40, 150, 600, 1200, 2500))))
        out.append((a, a - rng.randint(1, 5)))  # reversed: nothing inside
    return out


def _texts(rng: random.Random) -> list[str]:
    """The articles' normalised texts, and texts glued from separators around block edges."""
    texts = [normalise(a.text) for a in ARTICLES]
    glue = [" ", "  ", _WAW, " " + _WAW, _WAW + " ", ",", ";", ":", "\n", "x", "\u0628"]
    for _ in range(300):
        size = rng.choice((3, 250, 256, 257, 515, 800))
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(glue))
        texts.append("".join(parts))
    return texts


def test_separators_found_by_block_equal_those_of_the_whole_text() -> None:
    """``separator_spans`` of a range: the whole text's matches that start inside it."""
    rng = random.Random(1)
    said = 0
    for text in _texts(rng):
        whole = separator_spans(text)
        assert whole == [m.span() for m in _SEPARATOR.finditer(text)], text
        n = len(text)
        for lo in sorted({0, 1, 255, 256, 257, n // 2, max(0, n - 1), n}):
            for hi in (lo, lo + 1, lo + 256, n, n + 4):
                part = separator_spans(text, lo, hi)
                assert part == [m for m in whole if lo <= m[0] < hi], (text, lo, hi)
                said += bool(part)
    assert said > 1000


def test_block_cuts_answer_as_the_cuts_of_the_whole_text() -> None:
    """:class:`BlockCuts` against :class:`Cuts` over every match, for every kind of question."""
    rng = random.Random(2)
    asked = found = 0
    for text in _texts(rng):
        n = len(text)
        plain = Cuts.from_spans(separator_spans(text))
        lazy = BlockCuts(lambda lo, hi, t=text: separator_spans(t, lo, hi), n)
        for a, b in _queries(n, rng):
            assert lazy.last_end(a, b) == plain.last_end(a, b), (text, a, b)
            assert lazy.first_start(a, b) == plain.first_start(a, b), (text, a, b)
            assert lazy.count(a, b) == plain.count(a, b), (text, a, b)
            asked += 1
            found += plain.count(a, b) > 0
    assert found > 1000 and asked > 2 * found // 3


def test_the_readers_clauses_equal_those_of_the_whole_texts_separators() -> None:
    """Every clause the reader asks for, and sentence-wide clauses at every position."""
    rng = random.Random(3)
    for reader in readers(ARTICLES)[::2]:
        plain = Cuts.from_spans(separator_spans(reader.text))
        for s, e in reader.sentences:
            for pos in sorted({s, e - 1, *(rng.randint(s, e - 1) for _ in range(4))}):
                expected = plain.last_end(s, pos), plain.first_start(pos, e)
                assert reader._clause(pos, s, e) == expected, (reader.article.id, s, e, pos)


def _plain_nearest(anchors: list[tuple[int, int]], item: tuple[int, int], dist: Callable) -> int:
    return min(range(len(anchors)), key=lambda i: dist(item, anchors[i]))


def test_one_anchor_is_the_nearest_and_more_are_searched() -> None:
    """``Nearest`` against ``min`` over the anchors: one anchor (no index built), and more."""
    rng = random.Random(4)
    for text in _texts(rng)[::3]:
        n = len(text)
        if n < 4:
            continue

        def dist(item: tuple[int, int], anchor: tuple[int, int], t: str = text) -> float:
            return _distance(t, item, anchor)

        for _ in range(20):
            k = rng.choice((1, 1, 1, 2, 3, 5))
            anchors = []
            for _ in range(k):
                a = rng.randint(0, n - 1)
                anchors.append((a, min(n, a + rng.choice((0, 1, 3, 9)))))
            nearest = Nearest(
                anchors, dist, lambda end, t=text: 0 < end < len(t) and t[end] == _WAW
            )
            for _ in range(10):
                a = rng.randint(0, n - 1)
                item = (a, min(n, a + rng.choice((0, 1, 4))))
                assert nearest.nearest(item) == _plain_nearest(anchors, item, dist), (
                    text,
                    anchors,
                    item,
                )
            if k == 1:
                assert not nearest._built  # one anchor: the index is never built


def test_the_tally_reach_of_each_sentence_equals_the_range_test() -> None:
    """``_tally_reach`` holds a sentence exactly when a tally word lies within reach of it."""
    before, after = TALLY_REACH
    near = far = 0
    for reader in readers(ARTICLES):
        for s, e in reader.sentences:
            plain = reader._tally_words.any_within(max(0, s - before), e + after)
            assert ((s, e) in reader._tally_reach) == plain, (reader.article.id, s, e)
            near += plain
            far += not plain
    assert near > 100 and far > 1000


def test_a_context_day_word_alone_names_no_day() -> None:
    """``_no_context_day`` is False only where the grammar finds a day named from the context.

    Guards: sentences holding a context-day word (يوم، التالي ...) the grammar reads as a day
    (اليوم التالي) must be read in full; those where it finds none are quiet.
    """
    day = date(2024, 3, 5)
    context = ReadingState(context_date=DateSpan(day, day, "day"))
    words = named = 0
    for reader in readers(ARTICLES):
        spans = context_day_spans(reader.text)
        for s, e in reader.sentences:
            assert reader._no_context_day(ReadingState(), s, e)
            word = context_day_word().search(reader.text, s, e) is not None
            # the words found once per article (what _context_dates asks too)
            assert spans.any_within(s, e) == word, (reader.article.id, s, e)
            days = bool(find_context_days(reader.text[s:e]))
            assert reader._no_context_day(context, s, e) == (not (word and days)), (
                reader.article.id,
                s,
                e,
            )
            words += word
            named += word and days
    assert words > 500 and named > 5


def test_the_found_lists_give_what_a_scan_gives() -> None:
    """``_Found.within`` (starts kept with each list) against a scan of the list."""
    rng = random.Random(6)
    names = ["places", "weapons", "triggers", "actors", "dates", "times", "qualifiers"]
    seen = 0
    for reader in readers(ARTICLES)[::2]:
        f = reader.found
        n = len(reader.text)
        for a, b in _queries(n, rng, 40):
            for name in names:
                expected = [x for x in getattr(f, name) if a <= _start(x) < b]
                assert f.within(name, a, b) == expected, (reader.article.id, name, a, b)
                seen += bool(expected)
    assert seen > 1000


def test_a_date_found_late_is_kept_in_order() -> None:
    """``insert_date`` keeps the dates and their starts sorted, before and after an index."""
    for reader in readers(ARTICLES)[:40]:
        f = reader.found
        for d in list(f.dates)[:3]:
            f.insert_date(d)
        starts = [x.start for x in f.dates]
        assert starts == sorted(starts)
        for a in sorted(set(starts))[:5]:
            assert f.within("dates", a, a + 1) == [x for x in f.dates if x.start == a]


def _plain_count_for(reader: _Reader, w: Match[WeaponCue]) -> tuple[int | None, bool]:
    """``FigureReader._count_for`` before the shortcut: every number of both ranges parsed."""
    cue = w.payloads[0]
    if not cue.countable:
        return None, False
    t = reader.text
    if drone_payload(t, w.start, cue.weapon):  # rules drone_payload and ordinal_next first
        return None, False
    second = (
        ordinal_next(t, w.end, w.phrase) if cue.singular and not reader._has_article(w) else None
    )
    if second is not None:
        stop = CLAUSE_END.search(t, second[1])
        if not reader.found.within("places", second[1], stop.start() if stop else len(t)):
            return second[0], False
    before = reader.found.within("numbers", max(0, w.start - 30), w.start)
    if before:
        n = before[-1]
        if n.end <= w.start and t[n.end : w.start].strip() == "" and w.start - n.end <= 2:
            if n.kind == "cardinal":
                return n.value, False
            if n.kind in ("vague", "one_of"):
                return None, True
    after = reader.found.within("numbers", w.end, w.end + 3)
    if after and after[0].kind == "cardinal" and after[0].value == 1:
        return 1, False
    suffix = t[w.phrase_end : w.end]
    if cue.dual or (cue.singular and suffix in ("\u064a\u0646", "\u0627\u0646")):
        return 2, False  # a dual phrase (طائرتين بدون طيار) or a dual suffix
    bound = w.phrase.endswith("\u0647") and t[w.phrase_end - 1 : w.phrase_end] == "\u062a"
    if cue.singular and bound and suffix in ("\u0627", "\u064a"):
        return 2, False
    if cue.singular and not suffix and not reader._has_article(w):
        return 1, False
    return None, False


# Guards: a figure on the line before the noun (a blank barrier), a figure after a comma
# (a barrier that is no blank), "one" after the noun behind a comma, a clock right after it.
_ROCKETS = "\u0635\u0648\u0627\u0631\u064a\u062e"  # صواريخ
_ROCKET = "\u0635\u0627\u0631\u0648\u062e"  # صاروخ
_ONE = "\u0648\u0627\u062d\u062f"  # واحد
_FELL = "\u0633\u0642\u0637\u062a"  # سقطت
_ON_BASE = "\u0639\u0644\u0649 \u0627\u0644\u0642\u0627\u0639\u062f\u0629"  # على القاعدة
_GUARDS = [
    f"{_FELL} 5\n{_ROCKETS} {_ON_BASE}.",
    f"{_FELL} 5,{_ROCKETS} {_ON_BASE}.",
    f"\u0633\u0642\u0637\u062a 5 \n{_ROCKETS}.",
    f"\u0633\u0642\u0637 {_ROCKET} {_ONE} \u0641\u064a \u0627\u0644\u062a\u0646\u0641.",
    f"\u0633\u0642\u0637 {_ROCKET},{_ONE} \u0641\u064a \u0627\u0644\u062a\u0646\u0641.",
    f"\u0633\u0642\u0637 {_ROCKET}, 1 \u0641\u064a \u0627\u0644\u062a\u0646\u0641.",
    f"\u0633\u0642\u0637 {_ROCKET}: 9:30 \u0645\u0633\u0627\u0621.",
    f"\u0633\u0642\u0637 \u0639\u062f\u0629\n{_ROCKETS}.",
]


def test_a_weapons_count_reads_only_the_numbers_it_can_take() -> None:
    """``_count_for`` (stretches it cannot take a number from left unparsed) against the plain.

    The plain reading parses every stretch both ranges touch; the guards put a number on the
    other side of a barrier, blank or not, before and after the noun.
    """
    gazetteer, cues = load_gazetteer(), load_cues()
    guards = [Article(id=f"guard-{i}", text=t) for i, t in enumerate(_GUARDS)]
    counted = spared = 0
    for article in [*ARTICLES, *guards]:
        fast = _Reader(article, gazetteer, cues)
        plain = _Reader(article, gazetteer, cues)
        for w, v in zip(fast.found.weapons, plain.found.weapons, strict=True):
            got = fast._count_for(w)
            assert got == _plain_count_for(plain, v), (article.id, w.start, w.end)
            counted += got[0] is not None
        spared += len(plain.found.numbers._parsed) > len(fast.found.numbers._parsed)
    assert counted > 300 and spared > 20, (counted, spared)


def test_the_number_right_before_and_the_first_after_equal_the_lists() -> None:
    """``right_before`` and ``first_within`` against ``within`` at positions all over the texts."""
    gazetteer, cues = load_gazetteer(), load_cues()
    rng = random.Random(7)
    near = first = 0
    texts = [a.text for a in ARTICLES[::3]] + _GUARDS
    for i, text in enumerate(texts):
        reader = _Reader(Article(id=str(i), text=text), gazetteer, cues)
        numbers, t = reader.found.numbers, reader.text
        n = len(t)
        spots = {rng.randint(0, n) for _ in range(60)}
        spots |= {x.end + d for x in numbers.within(0, n) for d in (0, 1, 2, 3)}
        spots |= {x.start - d for x in numbers.within(0, n) for d in (0, 1, 2)}
        for pos in sorted(p for p in spots if 0 <= p <= n):
            for reach, gap in ((30, 2), (5, 0), (60, 4)):
                before = numbers.within(max(0, pos - reach), pos)
                m = before[-1] if before else None
                ok = m is not None and m.end <= pos and not t[m.end : pos].strip()
                expected = m if ok and m is not None and pos - m.end <= gap else None
                assert numbers.right_before(pos, reach, gap) == expected, (text, pos, reach)
                near += expected is not None
            for width in (1, 3, 8):
                after = numbers.within(pos, pos + width)
                got = numbers.first_within(pos, pos + width)
                assert got == (after[0] if after else None), (text, pos, width)
                first += got is not None
    assert near > 200 and first > 200, (near, first)


def test_numbers_moved_into_a_stretch_equal_replaced_ones() -> None:
    """``read_casualties`` builds each number moved into its stretch as ``replace`` would.

    The mention's fields are the five it is built from; the numbers of every sentence of the
    articles are moved both ways.
    """
    fields = [f.name for f in dataclasses.fields(NumberMention)]
    assert fields == ["start", "end", "value", "kind", "qualifier"]
    read = 0
    for reader in readers(ARTICLES)[::2]:
        t = reader.text
        for s, e in reader.sentences:
            numbers = reader.found.within("numbers", s, e)
            moved = [
                dataclasses.replace(n, start=n.start - s, end=n.end - s)
                for n in numbers
                if s <= n.start and n.end <= e
            ]
            built = [
                NumberMention(n.start - s, n.end - s, n.value, n.kind, n.qualifier)
                for n in numbers
                if s <= n.start and n.end <= e
            ]
            assert built == moved
            read += bool(moved) and read_casualties(t, s, e, numbers).status != "unknown"
    assert read > 50
