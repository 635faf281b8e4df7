"""Shortcuts of the work every article pays over its whole text equal the plain computations.

Issue 13, target 1: the one pass of every lexicon (:class:`gazetteer.text.matcher.MatcherSet`),
the stretches the date and clock rules run over, the normaliser and the sentence splitter. Each
test runs the plain computation (the code before the shortcut, or the reference kept beside
it) next to the shortcut over generated seed-shaped and short articles, the folder test sets
and random texts glued from the words the shortcut looks for, with guard cases where a
shortcut must not skip: a word at the text's very start or end, a cue at a sentence's edge, a
word ending in a suffix, lone surrogates, digits of other scripts.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpora import TEST_SETS, mixed_articles  # noqa: E402

from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.grammar import clock, date_words  # noqa: E402
from gazetteer.extract.grammar.date_rules import _grammar  # noqa: E402
from gazetteer.extract.grammar.dates import _with  # noqa: E402
from gazetteer.extract.grammar.marks import (  # noqa: E402
    ALWAYS_CUTS,
    CUTS_BEFORE_NO_DIGIT,
    barrier_cuts,
)
from gazetteer.extract.precision_text import latin_abbreviation  # noqa: E402
from gazetteer.extract.state import _SENTENCE_END, _sentence_ends, _sentences  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import DateSpan  # noqa: E402
from gazetteer.text.matcher import Match, MatcherSet, _order, _sort_by_order  # noqa: E402
from gazetteer.text.normalize import (  # noqa: E402
    _COMMON,
    _combined,
    _rare_in,
    _translate,
    normalise,
    normalise_with_offsets,
)

ARTICLES = mixed_articles(51, 60, 120, folders=TEST_SETS[:4])
TEXTS = [normalise(a.text) for a in ARTICLES]

#: What glues words into the random texts: nothing, blanks, clitics, marks and barriers, digits
#: of three scripts, a lone surrogate and a letter outside the Basic Multilingual Plane.
_GLUE = [
    "",
    "",
    " ",
    " ",
    "\n",
    "\u0648",  # و
    "\u0628",  # ب
    "\u0627\u0644",  # ال
    "\u0648\u0627\u0644",  # وال
    "\u0644\u0644",  # لل
    "\u0647",  # ه
    "\u062a",  # ت
    "\u064a\u0646",  # ين
    "\u064a",  # ي, after a bound form: the oblique dual in construct
    "\u0627\u062a",  # ات
    ".",
    ". ",
    ":",
    "/",
    "-",
    ",",
    "\u00ab",  # «
    "5",
    "12",
    "2023",
    "\u0663",  # Arabic-Indic three
    "\u06f5",  # Persian five
    "_",
    "x",
    "\ud800",
    "\U0001f600",
]


def _glued(words: list[str], rng: random.Random, count: int) -> list[str]:
    """``count`` texts of one to eight words joined by :data:`_GLUE`, glue at both edges."""
    texts = []
    for _ in range(count):
        parts = [rng.choice(_GLUE)]
        for _ in range(rng.randint(1, 8)):
            parts += [rng.choice(words), rng.choice(_GLUE)]
        texts.append("".join(parts))
    return texts


# -- the one pass of every lexicon -----------------------------------------------------------


def _one_pass() -> MatcherSet:
    cues = load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    return MatcherSet([*matchers, load_gazetteer().place_matcher], raw=date_words.anchor_words())


def test_the_one_pass_finds_what_each_matcher_finds_at_the_edges_of_words_and_texts() -> None:
    """Hits at the text's first and last character, with suffixes and clitics, in order."""
    every = _one_pass()
    forms = sorted(every._slow_automaton().keys())
    rng = random.Random(61)
    texts = TEXTS[:80] + _glued(forms, rng, 4000)
    # a form alone, a form that ends the text after a suffix, one glued to a long word
    texts += forms[:: max(1, len(forms) // 400)]
    texts += [f + "\u064a\u0646" for f in forms[:: max(1, len(forms) // 200)]]
    texts += ["\u0627\u0644\u0645\u0633\u062a" + f for f in forms[:: max(1, len(forms) // 200)]]
    # bound forms (قذيفت) with the endings only they take (ي) and with every suffix
    entries = {f: every._values[k][2] for f, k in every._slow_automaton().items()}
    bound = [f for f in forms if any(e[3] for e in entries[f])]
    assert bound
    suffixes = sorted({x for f in bound for e in entries[f] for x in e[5]})
    texts += [f + "\u064a" for f in bound]
    texts += [f + "\u064a \u0647\u0627\u0648\u0646" for f in bound]  # قذيفتي هاون
    texts += [f + x + y for f in bound[:40] for x in suffixes for y in ("", "\u064a", "x")]
    found = 0
    for text in texts:
        hits, _ = every.find_all_with_raw(text)
        assert hits == [m.find_all(text) for m in every.matchers], text
        found += sum(len(h) for h in hits)
    assert found > len(texts)


def test_the_two_sorts_by_start_and_end_equal_the_sort_by_order() -> None:
    """Equal starts, equal spans (kept in the order they came) and nested spans."""
    rng = random.Random(62)
    for _ in range(3000):
        hits = []
        for k in range(rng.randint(0, 12)):
            start = rng.randint(0, 6)
            end = start + rng.randint(0, 4)
            hits.append(Match(start, end, start, end, str(k), (k,)))
        plain = sorted(hits, key=_order)
        fast = list(hits)
        _sort_by_order(fast)
        assert [m.phrase for m in fast] == [m.phrase for m in plain], hits


# -- the stretches the date and clock rules run over -----------------------------------------


def _rule_sets() -> list[tuple[frozenset[str], frozenset[str]]]:
    grammar = clock._clock_grammar()
    sets = [(r.anchors, r.also) for r in _grammar().date_rules]
    sets += [(grammar.clock_anchors, grammar.clock_also), (grammar.midnight_anchors, frozenset())]
    sets += [(frozenset({date_words.DIGIT}), frozenset()), (frozenset(), frozenset())]
    return sets


def _plain_segments(
    every: list[tuple[int, int, frozenset[str]]], anchors: frozenset[str], also: frozenset[str]
) -> list[tuple[int, int]]:
    """The stretches of :func:`date_words._scan` holding one of ``anchors`` and of ``also``."""
    return [
        (a, b)
        for a, b, held in every
        if not anchors.isdisjoint(held) and (not also or not also.isdisjoint(held))
    ]


def test_the_stretches_found_by_anchor_equal_a_filter_of_the_scan() -> None:
    """Every rule's anchors, month names at a sentence's edge, digits joined across a barrier."""
    words = sorted(date_words.anchor_words())
    months = sorted(date_words._lexicon().months)
    rng = random.Random(63)
    texts = TEXTS + _glued(words + months, rng, 3000)
    # digits joined by each mark, at the text's edges, across a barrier, of other scripts
    texts += ["1.2", "1-2", "1/2", "1:2", "1.", ".1", "1..2", "1:.2", "\u0661.\u0662", "12-3-2023"]
    texts += [months[0] + " 1.2", "1:2 " + months[0], "5 " + months[0] + ". 7:30", "3-" + months[0]]
    sets = _rule_sets()
    for text in texts:
        every = date_words._scan.__wrapped__(text)
        stretches = date_words._Stretches(text)
        for anchors, also in sets:
            indexes = stretches.holding_any(anchors)
            if also and indexes:
                more = set(stretches.holding_any(also))
                indexes = [k for k in indexes if k in more]
            plain = _plain_segments(every, anchors, also)
            assert [stretches.span(k) for k in indexes] == plain, (text, anchors)
            # the digits looked for only in the stretches of ``also`` (explicit dates, clocks)
            assert date_words._segments(text, anchors, also) == plain, (text, anchors, also)
        assert date_words._segments(text) == [(a, b) for a, b, _ in every], text


def test_the_barrier_marks_found_one_by_one_equal_the_pattern() -> None:
    """``barrier_cuts`` against ``_BARRIER``'s scan: every mark, a digit after a dot or colon.

    Guards: a dot or colon at the text's end (no digit after it: a cut), before an ASCII digit
    (none), before a digit of another script or a letter (a cut), doubled (the first is a cut
    only when the second is no digit), and the other marks before digits (always a cut).
    """
    cases = [
        ("", []),
        ("1.2", []),
        ("1.", [1]),
        ("a:5", []),
        ("a:\u0665", [1]),
        (".:7", [0]),
        ("!5 ?5 [5]", [0, 3, 6, 8]),
        ("\u00ab\u0628\u00bb.", [0, 2, 3]),
    ]
    for text, expected in cases:
        assert barrier_cuts(text) == expected, text
    rng = random.Random(65)
    glue = [*ALWAYS_CUTS, *CUTS_BEFORE_NO_DIGIT, "1", "\u0661", " ", "\n", "\u0628"]
    texts = TEXTS + ["".join(rng.choices(glue, k=rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert barrier_cuts(text) == [m.start() for m in date_words._BARRIER.finditer(text)], text


def test_the_stretches_take_the_anchors_the_one_pass_found() -> None:
    """Given the one pass's occurrences, the stretches are those of the anchors' own automaton."""
    every = _one_pass()
    words = sorted(date_words.anchor_words())
    rng = random.Random(64)
    sets = _rule_sets()
    for text in TEXTS[:60] + _glued(words, rng, 1500):
        _, raw = every.find_all_with_raw(text)
        date_words.give_anchor_hits(text, raw)
        given = date_words._Stretches(text)
        own = date_words._Stretches(text)
        for anchors, _ in sets:
            assert given.holding_any(anchors) == own.holding_any(anchors), text


# -- the normaliser ------------------------------------------------------------------------------


def _plain_normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and the origin of each character, one character at a time."""
    table = _combined()[0]
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        out = table.get(ord(ch), ch)
        chars.append(out)
        origin.extend([i] * len(out))
    stage = "".join(chars)
    # collapse_spaces: a run of spaces keeps its first
    kept = [k for k in range(len(stage)) if not (stage[k] == " " and k and stage[k - 1] == " ")]
    return "".join(stage[k] for k in kept), [origin[k] for k in kept]


def test_translate_with_the_common_letters_searched_apart_equals_str_translate() -> None:
    """Every changed character, common and rare, expanded ones, alone and together."""
    table = _combined()[0]
    changed = [chr(k) for k in table]
    rng = random.Random(65)
    texts = [a.text for a in ARTICLES] + changed + ["", "abc", "\ud800" + _COMMON]
    letters = changed + list(_COMMON) * 20 + [" ", "\u0628", "a", "\ud800"]
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    for text in texts:
        assert _translate(text) == text.translate(table), text
        assert _translate(text, _rare_in(text)) == text.translate(table), text


def test_normalise_with_offsets_equals_the_character_by_character_computation() -> None:
    """Expanded characters (ligatures) with common letters, dropped marks, doubled spaces."""
    table = _combined()[0]
    expanded = [chr(k) for k, v in table.items() if len(v) > 1]
    assert expanded
    rng = random.Random(66)
    letters = [*_COMMON, *expanded, "\u064e", "\u0640", "\u200b", " ", "  ", "\u0628", "1", "\n"]
    texts = [a.text for a in ARTICLES]
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 30))) for _ in range(4000)]
    for text in texts:
        norm = normalise_with_offsets(text)
        plain, origin = _plain_normalise_with_offsets(text)
        assert norm.text == plain == normalise(text), text
        assert [norm.source_index(i) for i in range(len(plain))] == origin, text


# -- sentences ---------------------------------------------------------------------------------

#: Sentence marks with digits, blanks and letters around them, and other scripts' digits.
_SENTENCE_PIECES = ["12", "3", ".", ".", " ", "\n", "!", "?", ";", "a", "\u0628", "\u0663", "\t"]


def test_the_sentence_ends_found_mark_by_mark_equal_the_pattern() -> None:
    """Dots between digits (of any script), before blanks, at the text's edges; u.s. and a.b."""
    rng = random.Random(67)
    texts = [*TEXTS, "", ".", "1.", ".1", "1.2", "\u0661.\u0662", ". ", "\n", "a.b"]
    for _ in range(5000):
        texts.append("".join(rng.choice(_SENTENCE_PIECES) for _ in range(rng.randint(1, 25))))
    for text in texts:
        expected = [
            m.end()
            for m in _SENTENCE_END.finditer(text)
            # u.s.: the dot of a one-letter Latin abbreviation ends no sentence (the rule)
            if not (m.group() == "." and latin_abbreviation(text, m.start()))
        ]
        assert _sentence_ends(text) == expected, text


def test_no_sentence_cuts_a_word() -> None:
    """What lets the busy sentences skip the word-cut test: every edge is a mark or the end."""
    rng = random.Random(68)
    texts = TEXTS + ["".join(rng.choice(_SENTENCE_PIECES) for _ in range(30)) for _ in range(3000)]
    for text in texts:
        n = len(text)
        for s, e in _sentences(text):
            assert not (0 < s < n and text[s - 1].isalnum() and text[s].isalnum()), (text, s)
            assert not (0 < e < n and text[e - 1].isalnum() and text[e].isalnum()), (text, e)


def test_a_date_span_with_its_time_and_cue_equals_dataclasses_replace() -> None:
    """The resolver's copy of a DateSpan names every field DateSpan has."""
    assert [f.name for f in dataclasses.fields(DateSpan)] == [
        "start",
        "end",
        "precision",
        "time",
        "cue",
        "past_reference",
    ]
    span = DateSpan(date(2023, 5, 1), date(2023, 5, 2), "night", "21:00", "x", True)
    for time in (None, "03:15"):
        assert _with(span, time, "cue") == dataclasses.replace(span, time=time, cue="cue")
