"""What the reader computes lazily or faster equals what it computed before (issue 13).

The reader parses an article's numbers one stretch at a time, when a sentence asks for them,
and skips the casualty grammar where no casualty word can stand. Both must give exactly what
the eager computation gives for every range the reader may ask about: whole sentences,
clauses that start inside a word (after a و), windows around words, any range at all. The
ranges are drawn from generated seed-shaped and short articles and from every folder set.
The faster tokeniser, the single automaton of every lexicon, the context-day shortcut, the
faster character table and the date and clock rules run only where a second word they need
stands are each compared with the plain computation they replace.
"""

from __future__ import annotations

import dataclasses
import pickle
import random
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpora import context_day_word, mixed_articles  # noqa: E402

from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.grammar import clock, date_words  # noqa: E402
from gazetteer.extract.grammar.casualties import CasualtyReading, read_casualties  # noqa: E402
from gazetteer.extract.grammar.date_rules import _grammar  # noqa: E402
from gazetteer.extract.grammar.date_words import _BARRIER as _DATE_BARRIER  # noqa: E402
from gazetteer.extract.grammar.date_words import (  # noqa: E402
    _scan,
    anchor_words,
    anchored_matches,
)
from gazetteer.extract.grammar.date_words import _segments as _date_segments  # noqa: E402
from gazetteer.extract.grammar.dates import (  # noqa: E402
    context_day_words,
    find_context_days,
    find_times,
)
from gazetteer.extract.grammar.digit_forms import _token_at, _tokenise  # noqa: E402
from gazetteer.extract.grammar.numbers import _BARRIER as _NUMBER_BARRIER  # noqa: E402
from gazetteer.extract.grammar.numbers import (  # noqa: E402
    NumberIndex,
    _Barriers,
    default_lexicon,
    find_numbers,
)
from gazetteer.extract.precision_text import latin_abbreviation  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.extract.spans import Contained  # noqa: E402
from gazetteer.extract.state import (  # noqa: E402
    _SENTENCE_END,
    _SEPARATOR,
    _sentences,
    separator_spans,
)
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.text import matcher as matcher_module  # noqa: E402
from gazetteer.text.matcher import Match, MatcherSet  # noqa: E402
from gazetteer.text.normalize import (  # noqa: E402
    _combined,
    _translate,
    normalise,
    normalise_with_offsets,
)

ARTICLES = mixed_articles(7, 40, 40)


def _ranges(reader: _Reader, rng: random.Random) -> list[tuple[int, int]]:
    """Sentences, clauses (cut after each و), windows around words, and random ranges."""
    text = reader.text
    n = len(text)
    out = list(reader.sentences)
    for s, e in reader.sentences:
        for pos in range(s, e):
            if text[pos] == "\u0648" and (pos == 0 or text[pos - 1].isspace()):
                out.append((pos + 1, e))  # a clause after the conjunction, inside the word
                out.append((s, pos + 1))
    for _ in range(60):
        a = rng.randrange(n + 1)
        out.append((a, min(n, a + rng.choice((1, 3, 30, 120, 400)))))
        out.append((max(0, a - rng.choice((2, 25, 80))), a))
    out.append((0, n))
    out.append((5, 5))
    return out


@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=[a.id for a in ARTICLES])
def test_lazy_numbers_equal_the_eager_ones(index: int) -> None:
    article = ARTICLES[index]
    reader = _Reader(article, load_gazetteer(), load_cues())
    text = reader.text
    times = find_times(text)
    eager = find_numbers(text, times)
    lazy = NumberIndex(text, times)
    for a, b in _ranges(reader, random.Random(index)):
        want = [m for m in eager if a <= m.start < b]
        assert lazy.within(a, b) == want, (article.id, a, b)
        counted = [m for m in want if m.kind == "cardinal" and m.value]
        assert NumberIndex(text, times).cardinals(a, b) == counted, (article.id, a, b)
        assert lazy.cardinals(a, b) == counted, (article.id, a, b)


@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=[a.id for a in ARTICLES])
def test_skipped_casualty_readings_read_nothing(index: int) -> None:
    article = ARTICLES[index]
    reader = _Reader(article, load_gazetteer(), load_cues())
    text = reader.text
    eager = find_numbers(text, find_times(text))
    for a, b in _ranges(reader, random.Random(index)):
        # as the eager reader read it: with the whole text's numbers
        reading = read_casualties(text, a, b, [m for m in eager if a <= m.start < b])
        if not reader._reads_casualties(a, b):
            assert reading == CasualtyReading(), (article.id, a, b)
        assert reader._casualties(a, b) == reading, (article.id, a, b)


@pytest.mark.parametrize(
    ("spans", "start", "end", "expected"),
    [
        ([], 0, 10, False),
        ([(2, 4)], 2, 4, True),
        ([(2, 4)], 3, 10, False),
        ([(2, 4)], 0, 3, False),
        ([(0, 9), (5, 6)], 4, 7, True),
        ([(5, 6), (0, 9)], 0, 5, False),
        ([(1, 8), (3, 4), (6, 7)], 5, 7, True),
    ],
)
def test_contained(spans: list[tuple[int, int]], start: int, end: int, expected: bool) -> None:
    assert Contained(spans).any_within(start, end) is expected


def test_contained_equals_a_scan() -> None:
    rng = random.Random(3)
    for _ in range(300):
        spans = [(a, a + rng.randrange(1, 6)) for a in (rng.randrange(40) for _ in range(6))]
        index = Contained(spans)
        for _ in range(20):
            s = rng.randrange(45)
            e = s + rng.randrange(15)
            want = any(s <= a and b <= e for a, b in spans)
            assert index.any_within(s, e) is want


def _one_at_a_time(text: str) -> list[Any]:
    """The tokens read one at a time by :func:`_token_at` (the tokeniser's slow path only)."""
    toks: list[Any] = []
    i = 0
    while i < len(text):
        if text[i] != "\n" and text[i].isspace():
            i += 1
            continue
        i = _token_at(text, i, toks)
    return toks


def test_the_tokeniser_equals_reading_one_token_at_a_time() -> None:
    rng = random.Random(5)
    letters = "\u0627\u0628\u062a\u0644\u0648\u0640\u0663"  # ا ب ت ل و ـ ٣
    alphabet = "0123456789 \n\t_-.,:/%\u00a0\u2028xyAB\u00b9\u00bd" + letters
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += [normalise(a.text) for a in ARTICLES]
    texts += [
        "\u0627\u0644 47",
        "\u0628\u0627\u0644 3 \u0648\u0644\u0644 5",
        "MQ-9 \u0628-52",
        " \n ",
    ]
    for text in texts:
        assert _tokenise(text) == _one_at_a_time(text), text


def test_the_context_word_search_equals_a_substring_test() -> None:
    words = context_day_words()
    rng = random.Random(15)
    for article in ARTICLES:
        text = normalise(article.text)
        spans = _sentences(text) + [(a, a + rng.randint(0, 80)) for a in range(0, len(text), 37)]
        for s, e in spans:
            found = context_day_word().search(text, s, e) is not None
            assert found == any(w in text[s:e] for w in words), (article.id, s, e)
    glued = normalise("\u0627\u0644\u064a\u0648\u0645 \u0627\u0644\u062a\u0627\u0644\u064a")
    for s in range(len(glued) + 1):
        for e in range(s, len(glued) + 1):
            found = context_day_word().search(glued, s, e) is not None
            assert found == any(w in glued[s:e] for w in words), (s, e)


def test_context_days_need_a_context_word() -> None:
    words = context_day_words()
    for article in ARTICLES:
        text = normalise(article.text)
        for s, e in _sentences(text):
            piece = text[s:e]
            if not any(w in piece for w in words):
                assert find_context_days(piece) == [], (article.id, s, e)


def test_one_automaton_finds_what_each_matcher_finds() -> None:
    cues = load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    every = MatcherSet(matchers)
    for article in ARTICLES:
        text = normalise(article.text)
        assert every.find_all(text) == [m.find_all(text) for m in matchers], article.id
        assert every.find(text) == [m.find(text) for m in matchers], article.id
    assert every.find_all("") == [[] for _ in matchers]


def test_one_automaton_passes_over_only_hits_every_matcher_refuses() -> None:
    """Forms glued to letters, clitics and suffixes: the one pass still finds each matcher's."""
    cues = load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    matchers.append(load_gazetteer().place_matcher)
    every = MatcherSet(matchers)
    forms = sorted({form for m in matchers for form in m._forms})
    # letters, the clitics and suffixes the matchers know, blanks and marks
    glue = ["", "", " ", "  ", ".", "\u0648", "\u0628\u0627\u0644", "\u0644\u0644", "\u0647"]
    glue += ["\u064a", "\u0647\u0627", "\u064a\u0646", "\u0627\u062a", "\u0627\u0646", "x1"]
    rng = random.Random(12)
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 5)):
            parts += [rng.choice(glue), rng.choice(forms), rng.choice(glue), rng.choice(glue)]
        text = normalise("".join(parts))
        assert every.find_all(text) == [m.find_all(text) for m in matchers], text


def test_places_found_in_the_one_pass_equal_find_places() -> None:
    """The reader's places come from the lexicons' automaton, as find_places finds them."""
    gazetteer = load_gazetteer()
    cues = load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    every = MatcherSet([*matchers, gazetteer.place_matcher])
    found = 0
    for article in ARTICLES:
        norm = normalise_with_offsets(article.text)
        hits = every.find_all(norm.text)[-1]
        assert hits == gazetteer.place_matcher.find_all(norm.text), article.id
        places = gazetteer.find_places(norm, hits)
        assert places == gazetteer.find_places(norm), article.id
        found += len(places)
    assert found > len(ARTICLES)


def test_the_faster_translate_equals_str_translate() -> None:
    table = _combined()[0]
    texts = [a.text for a in ARTICLES] + ["".join(chr(c) for c in range(0x3100))]
    texts.append("".join(chr(c) for c in range(0xFB00, 0x10000)))
    for text in texts:
        assert _translate(text) == text.translate(table)


def test_counting_words_are_the_words_that_may_count() -> None:
    lex = default_lexicon()
    runs = {r for a in ARTICLES for r in re.findall(r"[^\W_]+", normalise(a.text))}
    runs |= {p + w for w in lex.counting_words for p in ("", "\u0648", "\u0627\u0644")}
    for run in runs:
        assert lex.may_count(run) is (run in lex.counting_words), run


def test_the_sentence_end_pattern_equals_the_plain_one() -> None:
    plain = re.compile(r"(?<!\d)[.](?!\d)|[!?;\n]|[.](?=\s)")
    rng = random.Random(9)
    texts = ["".join(rng.choice("12 .\n!?;a\u0663\t,") for _ in range(30)) for _ in range(5000)]
    texts += [normalise(a.text) for a in ARTICLES]
    for text in texts:
        found = [m.span() for m in _SENTENCE_END.finditer(text)]
        assert found == [m.span() for m in plain.finditer(text)], text


def test_the_clause_separator_pattern_equals_the_plain_one() -> None:
    plain = re.compile(r"[,;:]|(?:^|\s)\u0648")
    rng = random.Random(13)
    marks = "\u0648\u0648 ,;:\n\ta\u0627.1"
    texts = ["".join(rng.choice(marks) for _ in range(20)) for _ in range(5000)]
    texts += [normalise(a.text) for a in ARTICLES]
    for text in texts:
        assert [m.span() for m in _SEPARATOR.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text
        for a, b in ((1, len(text)), (2, len(text) - 1), (rng.randint(0, 9), rng.randint(5, 20))):
            # a search from inside the text (targets), and over a copy of a gap (gap costs)
            assert [m.span() for m in _SEPARATOR.finditer(text, a, b)] == [
                m.span() for m in plain.finditer(text, a, b)
            ], (text, a, b)
            gap = text[a:b]
            assert _SEPARATOR.findall(gap) == plain.findall(gap), gap
        # the finder's clause cuts, found mark by mark
        assert separator_spans(text) == [m.span() for m in plain.finditer(text)], text


def test_sentences_keep_the_spans_with_more_than_blanks() -> None:
    rng = random.Random(16)
    marks = " \t\n\x1c\x85\u00a0\u2003\u200f.!?;a1"
    texts = ["".join(rng.choice(marks) for _ in range(25)) for _ in range(5000)]
    texts += [normalise(a.text) for a in ARTICLES]
    for text in texts:
        spans = []
        start = 0
        for m in _SENTENCE_END.finditer(text):
            if m.group() == "." and latin_abbreviation(text, m.start()):
                continue  # u.s.: the dot of a one-letter Latin abbreviation ends no sentence
            if m.end() - start > 1:
                spans.append((start, m.end()))
            start = m.end()
        if len(text) - start > 1:
            spans.append((start, len(text)))
        assert _sentences(text) == [(s, e) for s, e in spans if text[s:e].strip()], text


def test_offsets_read_from_kept_runs_equal_the_full_list() -> None:
    table = _combined()[0]
    rng = random.Random(4)
    alphabet = "ab \u064e\u0651\u0640\u200b\u0623\u0629\n\ufefbx1"  # marks, tatweel, hamza ...
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    texts += [a.text for a in ARTICLES]
    for text in texts:
        norm = normalise_with_offsets(text)
        # where each normalised character comes from, character by character
        origin = [i for i, ch in enumerate(text) for _ in table.get(ord(ch), ch)]
        if len(origin) != len(norm.text):
            continue  # spaces were collapsed: the full list is kept then
        assert [norm.source_index(i) for i in range(len(norm.text))] == origin, text
        assert norm.source_index(len(norm.text)) == len(text)
        for a in range(len(norm.text)):
            assert norm.source_span(a, a + 1) == (origin[a], origin[a] + 1)


def test_the_date_barrier_pattern_equals_the_plain_one() -> None:
    plain = re.compile(r"[!?;\u061f\u00ab\u00bb\"\[\]{}]|[.:](?![0-9])")
    rng = random.Random(10)
    marks = '12 .:\n!?;a\u0663\t%"\u00ab\u00bb[]{}_\u061f,-'
    texts = ["".join(rng.choice(marks) for _ in range(30)) for _ in range(5000)]
    texts += [normalise(a.text) for a in ARTICLES]
    for text in texts:
        found = [m.span() for m in _DATE_BARRIER.finditer(text)]
        assert found == [m.span() for m in plain.finditer(text)], text


def test_the_stretches_of_an_anchor_set_equal_a_filter_of_all() -> None:
    rules = _grammar().date_rules
    sets = [r.anchors for r in rules] + [frozenset(), frozenset({"#"})]
    for article in ARTICLES:
        text = normalise(article.text)
        every = _scan(text)
        for anchors in sets:
            plain = [(a, b) for a, b, held in every if not anchors.isdisjoint(held)]
            assert _date_segments(text, anchors) == plain, article.id


def _two_set_rules() -> list[tuple[frozenset[str], frozenset[str]]]:
    grammar = clock._clock_grammar()
    pairs = [(r.anchors, r.also) for r in _grammar().date_rules if r.also]
    return [*pairs, (grammar.clock_anchors, grammar.clock_also)]


def test_the_stretches_of_two_anchor_sets_equal_a_filter_of_all() -> None:
    pairs = _two_set_rules()
    assert len(pairs) == 5  # a month's part, explicit, numeric and "ago" dates, clock times
    for article in ARTICLES:
        text = normalise(article.text)
        every = _scan(text)
        for anchors, also in pairs:
            plain = [
                (a, b)
                for a, b, held in every
                if not anchors.isdisjoint(held) and not also.isdisjoint(held)
            ]
            assert _date_segments(text, anchors, also) == plain, article.id


#: Clock times and dates in digits, with and without what makes them one, and figures that
#: are neither; joined at random into texts below.
_CLOCK_PIECES = [
    "\u0627\u0644\u0633\u0627\u0639\u0629 5",  # الساعة 5
    "3 \u0641\u062c\u0631\u0627",  # 3 فجرا
    "12.15 \u0638\u0647\u0631\u0627",  # 12.15 ظهرا
    "1:38",
    "12.15",
    "14/3/2023",
    "2023-03-14",
    "3.5.2023",
    "5 \u0635\u0648\u0627\u0631\u064a\u062e",  # 5 صواريخ
    "\u0627\u0644\u062b\u0627\u0644\u062b\u0629 \u0645\u0633\u0627\u0621",  # الثالثة مساء
    "\u0627\u0644\u0639\u0627\u0634\u0631\u0629 \u0648\u0627\u0644\u0646\u0635\u0641",
    "5 \u0645\u0627\u0631\u0633",  # 5 مارس
    "\u0627\u0644\u062e\u0627\u0645\u0633 \u0645\u0646 \u0634\u0628\u0627\u0637",
    "12 \u0645\u0646 \u0627\u0644\u0634\u0647\u0631 \u0627\u0644\u0645\u0627\u0636\u064a",
    "\u0645\u0633\u0627\u0621",  # مساء
    "\u0644\u064a\u0644\u0627",  # ليلا
    "2023",
    ".",
    ":",
    "/",
    "-",
    "\u060c",
]


def _clock_texts() -> list[str]:
    rng = random.Random(11)
    texts = [normalise(a.text) for a in ARTICLES]
    for _ in range(3000):
        pieces = rng.choices(_CLOCK_PIECES, k=rng.randint(1, 6))
        texts.append(normalise("".join(p + rng.choice(["", " ", "  "]) for p in pieces)))
    return texts


def test_rules_run_where_both_their_words_stand_find_what_one_word_finds() -> None:
    """A clock time or date needing a second word is found as by its first anchors alone."""
    grammar = clock._clock_grammar()
    rule = grammar.time_rules[0]
    dated = [r for r in _grammar().date_rules if r.also]
    day = date(2024, 3, 15)
    for text in _clock_texts():
        # the clock: the same readings (a match read as no time is no candidate)
        readings = []
        for also in (frozenset(), grammar.clock_also):
            found = anchored_matches(text, rule, grammar.clock_anchors, also)
            read = [(m.span(), grammar.clock_time(m)) for m in found]
            readings.append([(span, time) for span, time in read if time is not None])
        assert readings[1] == readings[0], text
        for r in dated:
            # a date rule: the very same matches, resolved the same
            one = [
                (m.span(), r.resolve(m, day)) for m in anchored_matches(text, r.pattern, r.anchors)
            ]
            two = [
                (m.span(), r.resolve(m, day))
                for m in anchored_matches(text, r.pattern, r.anchors, r.also)
            ]
            assert two == one, (r.name, text)


def test_date_rules_run_where_their_anchors_stand_find_what_the_whole_text_holds() -> None:
    """Month names and date words glued to letters, clitics, marks and figures: the same
    matches as a run of each date rule over the whole text (month names anchored where they
    open a word, relative days, weeks and months by a rarer word than their first, "ago" with
    its unit)."""
    lex = _grammar().lex
    rules = _grammar().date_rules
    roles = ["relative_day", "week_past", "week_current", "month_past", "month_current", "ago"]
    roles += ["ago_unit", "ago_plural", "ago_dual", "relative_night"]
    months = sorted(lex.months) + sorted(w for role in roles for w in lex.role(role))
    months += ["\u0647\u0630\u0627", "\u0627\u0648\u0644", "\u064a\u0648\u0645"]  # هذا أول يوم
    words = ["5", "2023", "\u0627\u0644\u062e\u0627\u0645\u0633", "\u0645\u0646"]
    words += ["\u0634\u0647\u0631", "\u0627\u0644\u0645\u0627\u0636\u064a", "14/3/2023"]
    glue = ["", " ", "  ", "/", "(", ")", "-", ".", ",", "\u0648", "\u0641", "\u0628"]
    glue += ["\u0648\u0628", "\u0647", "\u0627\u0644", "_", "3"]
    rng = random.Random(14)
    for _ in range(6000):
        parts = []
        for _ in range(rng.randint(1, 6)):
            parts += [rng.choice(glue), rng.choice(months + words), rng.choice(glue)]
        text = normalise("".join(parts))
        for r in rules:
            plain = [(m.span(), m.groupdict()) for m in r.pattern.finditer(text)]
            found = anchored_matches(text, r.pattern, r.anchors, r.also)
            assert [(m.span(), m.groupdict()) for m in found] == plain, (r.name, text)


def test_sentences_with_a_qualifier_equal_asking_every_sentence() -> None:
    gazetteer, cues = load_gazetteer(), load_cues()
    seen = 0
    for article in ARTICLES:
        reader = _Reader(article, gazetteer, cues)
        payloads = {p for m in reader.qualifiers for p in m.payloads} | {"denial", "aggression"}
        for payload in sorted(payloads):
            plain = [
                (s, e)
                for s, e in reader.sentences
                if any(payload in m.payloads for m in reader.found.within("qualifiers", s, e))
            ]
            assert reader._sentences_with_qualifier(payload) == plain, (article.id, payload)
            seen += len(plain)
    assert seen > len(ARTICLES)


def test_the_quick_match_is_the_match() -> None:
    """The one pass builds the same objects as the frozen dataclass's ``__init__``."""
    cues = load_cues()
    every = MatcherSet([getattr(cues, f.name) for f in dataclasses.fields(cues)])
    quick = [m for hits in every.find_all(normalise(ARTICLES[0].text)) for m in hits]
    assert quick
    for m in quick:
        args = [getattr(m, f.name) for f in dataclasses.fields(m)]
        plain = Match(*args)
        assert m == plain and hash(m) == hash(plain) and repr(m) == repr(plain)
        assert pickle.loads(pickle.dumps(m)) == plain
        assert vars(m) == vars(plain) and list(vars(m)) == list(vars(plain))
        with pytest.raises(dataclasses.FrozenInstanceError):
            m.start = 1  # type: ignore[misc]


@pytest.mark.parametrize("kept", [50_000, 3, 1])
def test_the_kept_answers_of_the_one_pass_equal_each_matcher(
    kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answers the one pass keeps (and clears when full) give each matcher's own hits."""
    monkeypatch.setattr(matcher_module, "_ACCEPTED_MAX", kept)
    cues = load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    matchers.append(load_gazetteer().place_matcher)
    every = MatcherSet(matchers)
    forms = sorted({form for m in matchers for form in m._forms})
    glue = ["", " ", "\u0648", "\u0628\u0627\u0644", "\u0644\u0644", "\u0647", "\u064a"]
    glue += ["\u0647\u0627", "\u064a\u0646", "\u0627\u062a", "\u0627\u0646", "\u0643", "\u0641"]
    rng = random.Random(kept)
    texts = [normalise(a.text) for a in ARTICLES[:20]]
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(1, 4)):
            parts += [rng.choice(glue), rng.choice(glue), rng.choice(forms), rng.choice(glue)]
        texts.append(normalise(" ".join(parts)))
    for text in texts + texts:  # the second time from the kept answers
        assert every.find_all(text) == [m.find_all(text) for m in matchers], text
        assert len(every._accepted) <= kept
    assert every._accepted


def test_the_date_anchors_found_in_the_one_pass_equal_their_own_automaton() -> None:
    """The lexicons' pass reports every occurrence of the date anchors; the scan takes them."""
    gazetteer, cues = load_gazetteer(), load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    every = MatcherSet([*matchers, gazetteer.place_matcher], raw=anchor_words())
    words = sorted(anchor_words())
    rng = random.Random(31)
    texts = [normalise(a.text) for a in ARTICLES]
    glue = ["", " ", ".", "\u0648", "\u0627\u0644", "5", "x"]
    for _ in range(1500):
        texts.append(
            "".join(rng.choice(glue) + rng.choice(words) for _ in range(rng.randint(1, 6)))
        )
    found = 0
    for text in texts:
        hits, raw = every.find_all_with_raw(text)
        assert hits == every.find_all(text) == [m.find_all(text) for m in every.matchers], text
        own = sorted((end - len(w) + 1, w) for end, w in date_words._automaton().iter(text))
        assert sorted(raw) == own, text
        plain = date_words._scan.__wrapped__(text)
        date_words.give_anchor_hits(text, raw)
        assert date_words._scan.__wrapped__(text) == plain, text
        found += len(raw)
    assert found > len(texts)


def test_barriers_found_block_by_block_equal_a_search_of_the_whole_text() -> None:
    """Every position of texts whose barriers stand at the blocks' edges, before digits too."""
    rng = random.Random(17)
    size = _Barriers.SIZE
    pieces = [".", ",", "\n", " ", "5", "%", ".5", "\u0628", "x", "(", "-"]
    texts = [normalise(a.text) for a in ARTICLES[:20]]
    for _ in range(60):
        texts.append(
            "".join(rng.choice(pieces) for _ in range(rng.choice((size - 1, size * 2 + 3))))
        )
    for text in texts:
        plain = [m.start() for m in _NUMBER_BARRIER.finditer(text)]
        bars = _Barriers(text)
        n = len(text)
        for pos in range(-1, n + 2):
            assert bars.before(pos) == max([c for c in plain if c < pos], default=-1), pos
            assert bars.at_or_after(pos) == min([c for c in plain if c >= pos], default=n), pos
            hi = pos + rng.choice((0, 1, size, 3 * size))
            assert bars.between(pos, hi) == [c for c in plain if pos <= c < hi], (pos, hi)
