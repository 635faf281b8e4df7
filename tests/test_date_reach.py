"""The finder reads dates only as far as the reader may ask for one (issue 13, target 1).

:func:`gazetteer.extract.date_reach.date_reach` ends the date grammar's reading after the last
sentence that may report something (an attack, weapon or reading casualty word, a denial)
and the headline block, unless the headline holds a weapon word or a refutation may be read
anywhere. Here the position is checked on a table of cases, guards included, and whole
articles -- seed-shaped, generated, undated and every test set -- are read with it and with
every date, giving the same incidents.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpora import TEST_SETS, mixed_articles  # noqa: E402

from gazetteer.extract import finding  # noqa: E402
from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.date_reach import REACH_AFTER, article_reach, date_reach  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import Article, Incident  # noqa: E402
from gazetteer.text.matcher import Match  # noqa: E402

#: Four sentences of a 100-character text, with a gap of blanks between the last two.
_FOUR = [(0, 20), (20, 45), (45, 70), (75, 100)]

#: (words, read, head, whole, expected): where the date grammar stops reading.
REACH_CASES = [
    ([], [], 0, False, 0),  # nothing to read: no date is asked for
    ([], [], 0, True, 100),  # guard: every date
    ([30], [], 0, False, 45 + REACH_AFTER),  # an attack word in the second sentence
    ([5, 50], [], 0, False, 70 + REACH_AFTER),  # the last of two
    ([72], [], 0, False, 0),  # guard: a word in the gap is in no sentence
    ([5], [3], 0, False, 100),  # a casualty sentence after it, the text's end at most
    ([], [], 2, False, 45 + REACH_AFTER),  # the headline block is read
    ([10], [1], 3, False, 70 + REACH_AFTER),  # the headline block reaches furthest
]


@pytest.mark.parametrize(("words", "read", "head", "whole", "expected"), REACH_CASES)
def test_the_dates_are_read_up_to_the_last_sentence_the_reader_may_read(
    words: list[int], read: list[int], head: int, whole: bool, expected: int
) -> None:
    assert date_reach(_FOUR, 100, head, words, read, whole) == expected


def _match(start: int, end: int, payloads: tuple[Any, ...] = ()) -> Match[Any]:
    return Match(start, end, start, end, "", payloads)


_HEADLINE = "aaa bbb\n"  # a line with no final stop: the headline block
_BODY = "ccc ddd. eee fff. ggg hhh."
_TRUTH = " \u0635\u062d\u0647."  # صحه


#: (text, weapons at, qualifiers (start, payload), expected or None for the text's length).
ARTICLE_CASES = [
    (_HEADLINE + _BODY, [], [], len(_HEADLINE) + REACH_AFTER),  # the headline block alone
    (_HEADLINE + _BODY, [17], [], len(_HEADLINE) + 17 + REACH_AFTER),  # a weapon in the body
    (_HEADLINE + _BODY, [0], [], None),  # guard: a weapon word in the headline, every date
    (_HEADLINE + _BODY + _TRUTH, [17], [], None),  # guard: a refutation may be read anywhere
    (_HEADLINE + _BODY, [8], [(26, "denial")], len(_HEADLINE) + 26 + REACH_AFTER),  # a denial
    (_HEADLINE + _BODY, [8], [(26, "scope")], len(_HEADLINE) + 8 + REACH_AFTER),  # other kind
]


@pytest.mark.parametrize(("text", "weapons", "qualifiers", "expected"), ARTICLE_CASES)
def test_an_article_reads_its_dates_as_far_as_a_weapon_a_denial_or_its_headline(
    text: str, weapons: list[int], qualifiers: list[tuple[int, str]], expected: int | None
) -> None:
    sentences = finding._sentences(text)
    found = [_match(a, a + 3) for a in weapons]
    quals = [_match(a, a + 3, (kind,)) for a, kind in qualifiers]
    got = article_reach(text, sentences, found, found, quals, [])
    assert got == (len(text) if expected is None else min(len(text), expected))


_BUDGET = (
    "\u0648\u0642\u0627\u0644 \u0645\u062a\u062d\u062f\u062b"
    " \u062d\u0643\u0648\u0645\u064a \u0625\u0646"
    " \u0627\u0644\u0628\u0631\u0644\u0645\u0627\u0646"
    " \u0633\u064a\u0646\u0627\u0642\u0634"
    " \u0627\u0644\u0645\u0648\u0627\u0632\u0646\u0629."
)  # a government spokesman said parliament will debate the budget.
_ROCKETS = (
    "\u0633\u0642\u0637\u062a \u062b\u0644\u0627\u062b\u0629"
    " \u0635\u0648\u0627\u0631\u064a\u062e \u0639\u0644\u0649"
    " \u0642\u0627\u0639\u062f\u0629 \u0639\u064a\u0646"
    " \u0627\u0644\u0623\u0633\u062f \u0627\u0644\u062c\u0648\u064a\u0629"
    " \u0635\u0628\u0627\u062d \u0627\u0644\u064a\u0648\u0645."
)  # three rockets fell on Ain al-Asad air base this morning.
_WOUNDED = (
    "\u0648\u0623\u0635\u064a\u0628 \u062c\u0646\u062f\u064a\u0627\u0646"
    " \u0628\u062c\u0631\u0648\u062d \u0637\u0641\u064a\u0641\u0629"
    " \u064a\u0648\u0645 \u0627\u0644\u0627\u062b\u0646\u064a\u0646"
    " \u0627\u0644\u0645\u0627\u0636\u064a."
)  # two soldiers were lightly wounded last Monday.
_BLAST = (
    "\u0633\u0645\u0639 \u062f\u0648\u064a \u0627\u0646\u0641\u062c\u0627\u0631"
    " \u0641\u064a \u0642\u0627\u0639\u062f\u0629 \u0639\u064a\u0646"
    " \u0627\u0644\u0623\u0633\u062f \u0627\u0644\u062c\u0648\u064a\u0629"
    " \u064a\u0648\u0645 \u0627\u0644\u0627\u062b\u0646\u064a\u0646."
)  # an explosion was heard at Ain al-Asad air base on Monday.
_MUNITIONS = (
    "\u0648\u0623\u0648\u0636\u062d \u0627\u0644\u062c\u064a\u0634 \u0623\u0646"
    " \u0627\u0644\u0642\u0627\u0639\u062f\u0629 \u0634\u0647\u062f\u062a"
    " \u0625\u062a\u0644\u0627\u0641 \u0630\u062e\u0627\u0626\u0631"
    " \u064a\u0648\u0645 \u0627\u0644\u0627\u062b\u0646\u064a\u0646."
)  # the army said the base saw munitions destroyed on Monday.
#: A sentence a guard keeps in reach after the last attack word, in a case where its date
#: changes the incidents (the guard is needed), and the reach that leaves that guard out.
GUARD_CASES = [
    (
        "a casualty sentence after the attack: its own day keeps it from folding in",
        "\n".join((_ROCKETS, _BUDGET, _WOUNDED)),
        lambda text, sentences, words, weapons, quals, read: article_reach(
            text, sentences, words, weapons, quals, []
        ),
    ),
    (
        "a denial after the attack: its day is the attack's, which it denies",
        "\n".join((_BLAST, _BUDGET, _MUNITIONS)),
        lambda text, sentences, words, weapons, quals, read: article_reach(
            text, sentences, words, weapons, [], read
        ),
    ),
]


def _incidents(text: str) -> list[Incident]:
    article = Article(id="reach", text=text, published=date(2024, 3, 6))
    return _Reader(article, load_gazetteer(), load_cues()).read()


@pytest.mark.parametrize(("label", "text", "without"), GUARD_CASES, ids=[c[0] for c in GUARD_CASES])
def test_a_guard_keeps_the_dates_that_change_the_incidents(
    label: str, text: str, without: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    gated = _incidents(text)
    monkeypatch.setattr(finding, "article_reach", lambda text, *_: len(text))
    every = _incidents(text)
    monkeypatch.setattr(finding, "article_reach", without)
    unguarded = _incidents(text)
    assert gated == every, label
    assert unguarded != every, label  # the case needs the guard


ARTICLES = mixed_articles(71, 150, 150, undated=(40, 40), folders=TEST_SETS)


def _read(article: Article) -> tuple[list[Incident], int, int]:
    """The incidents, the date grammar's reach and the text's length."""
    reader = _Reader(article, load_gazetteer(), load_cues())
    return reader.read(), len(reader.text), len(reader.found.dates)


def test_articles_read_with_the_dates_in_reach_give_the_incidents_of_every_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every article, with the reach and with every date: the same incidents.

    Not empty: most seed-shaped articles leave dates out of reach.
    """
    gated = [_read(a) for a in ARTICLES]
    monkeypatch.setattr(finding, "article_reach", lambda text, *_: len(text))
    whole = [_read(a) for a in ARTICLES]
    for article, (mine, _, fewer), (every, _, dates) in zip(ARTICLES, gated, whole, strict=True):
        assert mine == every, article.id
        assert fewer <= dates, article.id
    left_out = sum(fewer < dates for (_, _, fewer), (_, _, dates) in zip(gated, whole, strict=True))
    assert left_out >= 50
    assert sum(len(incidents) for incidents, _, _ in gated) > len(ARTICLES) // 2
