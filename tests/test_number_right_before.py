"""The number right before a weapon noun (``NumberIndex.right_before``), pinned down.

``_count_for`` asks for the number that ends right before a weapon noun, with at most ``gap``
blanks between. Such a number ends exactly where the blanks before the noun begin: a mention
ends with a token, never with a blank, and no mention starts among blanks. The table gives
the kinds of mention that may end there (digits, words, a phrase ending in a word of its own,
a clock time, a qualified figure) and words that end none; the sweep checks the
characterisation at every word of generated articles.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _corpora import mixed_articles  # noqa: E402

from gazetteer.extract.grammar.clock import find_times  # noqa: E402
from gazetteer.extract.grammar.numbers import NumberIndex  # noqa: E402
from gazetteer.text.normalize import normalise  # noqa: E402

_ROCKETS = "\u0635\u0648\u0627\u0631\u064a\u062e"  # sawarikh
_FELL = "\u0633\u0642\u0637\u062a"  # saqatat

_THREE = "\u062b\u0644\u0627\u062b\u0629"  # thalatha
#: al-sa'a al-tasi'a, the ninth hour
_HOUR = "\u0627\u0644\u0633\u0627\u0639\u0629 \u0627\u0644\u062a\u0627\u0633\u0639\u0629"
_EVENING = "\u0645\u0633\u0627\u0621"  # masa'an
_SOME_OF = "\u0639\u062f\u062f \u0645\u0646"  # 'adad min
_PERCENT = "\u0628\u0627\u0644\u0645\u0626\u0629"  # bil-mi'a
_NEARLY = "\u0642\u0631\u0627\u0628\u0629"  # qurabat
_THIRD = "\u0627\u0644\u062b\u0627\u0644\u062b"  # al-thalith

#: (text before the noun, the mention read right before it or None, its kind, its value)
_CASES = [
    (f"{_FELL} 5", "5", "cardinal", 5),
    (f"{_FELL} \u062e\u0645\u0633\u0629", "\u062e\u0645\u0633\u0629", "cardinal", 5),  # khamsa
    (f"{_FELL} \u0628{_THREE}", f"\u0628{_THREE}", "cardinal", 3),  # the clitic bi- glued
    (f"{_FELL} {_THREE} \u0639\u0634\u0631", f"{_THREE} \u0639\u0634\u0631", "cardinal", 13),
    (f"{_FELL} {_SOME_OF}", _SOME_OF, "vague", None),  # a phrase ending in no number word
    (f"\u0627\u0631\u062a\u0641\u0639 5 {_PERCENT}", f"5 {_PERCENT}", "percent", 5),
    (f"\u0641\u064a {_HOUR} {_EVENING}", f"{_HOUR} {_EVENING}", "time", 2100),
    (f"{_NEARLY} 20", f"{_NEARLY} 20", "cardinal", 20),  # a qualified figure
    (_THIRD, _THIRD, "ordinal", 3),
    (f"{_FELL} 5\n", "5", "cardinal", 5),  # a line break is a blank here
    # guards: a verb, a designation glued to letters, a number before another word
    ("\u0642\u0635\u0641\u062a", None, None, None),
    ("\u0627\u0641-16", None, None, None),
    (f"{_FELL} 5 \u0643\u0628\u064a\u0631\u0629", None, None, None),
]


@pytest.mark.parametrize(("before", "expected", "kind", "value"), _CASES)
def test_the_number_right_before_a_noun(
    before: str, expected: str | None, kind: str | None, value: int | None
) -> None:
    sep = "" if before.endswith("\n") else " "
    t = normalise(before + sep + _ROCKETS)
    pos = len(t) - len(_ROCKETS)
    n = NumberIndex(t, find_times(t)).right_before(pos, 30, 2)
    if expected is None:
        assert n is None
    else:
        assert n is not None
        assert (t[n.start : n.end], n.kind, n.value) == (normalise(expected), kind, value)


def test_it_is_the_mention_that_ends_where_the_blanks_begin() -> None:
    """At every word of generated articles: the mention ending where the blanks begin, or None."""
    found = none = 0
    for article in mixed_articles(71, 6, 20, folders=()):
        t = normalise(article.text)
        numbers = NumberIndex(t, find_times(t))
        every = numbers.within(0, len(t))
        by_end = {m.end: m for m in every}
        for pos in range(1, len(t)):
            if not (t[pos - 1].isspace() and not t[pos].isspace()):
                continue  # the start of a word or a mark
            for reach, gap in ((30, 2), (8, 1)):
                q = pos
                while q > 0 and t[q - 1].isspace():
                    q -= 1
                m = by_end.get(q)
                ok = m is not None and pos - q <= gap and m.start >= max(0, pos - reach)
                expected = m if ok else None
                assert numbers.right_before(pos, reach, gap) == expected, (article.id, pos)
                found += expected is not None
                none += expected is None
    assert found > 300 and none > 3000, (found, none)
