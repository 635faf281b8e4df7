"""Word alternations written as prefix trees match what the plain alternations match (speed18).

:func:`gazetteer.extract.grammar.alternation.alternation` writes ``(?:ab|ac|b)`` as
``(?:a(?:b|c)|b)``. Each table row gives forms in the order they are tried, a text and the
spans a pattern holding the alternation finds; the plain alternation finds the same spans
with the same groups. The last test builds every date and clock rule both ways.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from gazetteer.extract.grammar.alternation import alternation, alternation_of

_AB = "\u0627\u0628"  # اب
_ABRIL = "\u0627\u0628\u0631\u064a\u0644"  # ابريل
_KANUN_1 = "\u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u0627\u0648\u0644"  # كانون الاول
_KANUN_2 = "\u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u062b\u0627\u0646\u064a"  # كانون الثاني
_KANUN = "\u0643\u0627\u0646\u0648\u0646"  # كانون


def _plain(ordered: list[str]) -> str:
    """The alternation as the date words wrote it before: one branch per form."""
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered) + ")"


CASES = [
    # (forms in order, text, spans found with a word end after the alternation)
    (["ab", "ac", "b"], "ab ac b ad", [(0, 2), (3, 5), (6, 7)]),
    (["abc", "ab", "a"], "a ab abc abd", [(0, 1), (2, 4), (5, 8)]),
    ([_ABRIL, _AB], f"{_AB} {_ABRIL} {_AB}x", [(0, 2), (3, 8)]),
    ([_KANUN_2, _KANUN_1, _KANUN], f"{_KANUN}  {_KANUN_2}", [(0, 5), (7, 19)]),
    ([_KANUN_2, _KANUN_1, _KANUN], f"{_KANUN}\n{_KANUN_1}.", [(0, 5), (6, 17)]),
    (["a.b", "a+b"], "a.b a+b axb", [(0, 3), (4, 7)]),  # marks are escaped, one by one
    (["x"], "x xx", [(0, 1)]),
    (["a\u00a0b", "a c"], "a\u00a0b a  c", [(0, 3), (4, 8)]),  # a no-break space: plain
]


@pytest.mark.parametrize(("forms", "text", "spans"), CASES)
def test_tree_matches_as_plain(forms: list[str], text: str, spans: list[tuple[int, int]]) -> None:
    tree = re.compile(rf"(?<!\w)({alternation(forms)})(?!\w)")
    plain = re.compile(rf"(?<!\w)({_plain(forms)})(?!\w)")
    assert [m.span() for m in tree.finditer(text)] == spans
    assert [m.span() for m in plain.finditer(text)] == spans


def test_order_kept_where_a_later_part_decides() -> None:
    # without a word end after it, the first form of the order wins, as in the plain one
    forms = ["ab", "abc", "a"]
    for pattern in (alternation(forms), _plain(forms)):
        for tail, text, found in (("", "abc", "ab"), ("c", "abc", "abc"), ("x", "abx", "abx")):
            m = re.match(pattern + tail, text)
            assert m is not None and m.group() == found
        assert re.match(pattern + "bd", "abd") is not None


def test_written_as_a_tree() -> None:
    assert alternation(["ab", "ac", "b"]) == "(?:a(?:b|c)|b)"
    assert alternation(["abc", "ab", "a"]) == "(?:a(?:b(?:c|)|))"
    assert alternation(["a b", "a c"]) == r"(?:a\s+(?:b|c))"
    assert alternation(["a\tb", "a c"]) == "(?:a\\\tb|a\\s+c)"  # another blank: plain
    assert alternation_of([]) == r"(?!x)x"
    assert alternation_of(["b", "ab", "b"]) == "(?:ab|b)"  # longest first, once each


def test_every_rule_matches_as_with_plain_alternations(monkeypatch: pytest.MonkeyPatch) -> None:
    from gazetteer.extract.grammar import clock, date_rules, date_words, month_parts

    def plain_of(forms: Iterable[str]) -> str:
        ordered = sorted(set(forms), key=lambda f: (-len(f), f))
        return _plain(ordered) if ordered else r"(?!x)x"

    lex = date_words._lexicon()
    tree_dates = date_rules._Grammar(lex)
    tree = [r.pattern for r in tree_dates.date_rules]
    tree += clock._ClockGrammar(tree_dates).time_rules
    for module in (date_rules, clock, month_parts):
        monkeypatch.setattr(module, "_alt", plain_of)
    plain_dates = date_rules._Grammar(lex)
    plain = [r.pattern for r in plain_dates.date_rules]
    plain += clock._ClockGrammar(plain_dates).time_rules
    # texts made of the lexicons' own forms, with clitics, next to digits and each other
    words = sorted({*lex.months, *lex.weekdays, *lex.parts, *lex.ordinals, *lex.cardinals})
    words += sorted({f for role in lex.words.values() for f in role})
    texts = [
        " ".join(words[i : i + 7]) + f" 12 {w} 2023 \u0648{w} \u0628{w}:30."
        for i, w in enumerate(words)
    ]
    changed = 0
    for tree_rx, plain_rx in zip(tree, plain, strict=True):
        changed += tree_rx.pattern != plain_rx.pattern
        for text in texts:
            got = [(m.span(), m.groupdict()) for m in tree_rx.finditer(text)]
            assert got == [(m.span(), m.groupdict()) for m in plain_rx.finditer(text)]
    assert changed == len(tree)  # every rule holds a word list written as a tree
