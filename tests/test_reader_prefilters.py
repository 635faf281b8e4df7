"""The reader's per-article prefilters equal the tests they stand for (issue 13, speed).

Each shortcut is set beside the plain computation over generated seed-shaped and short
articles (with and without a publication date), every folder test set and a few texts built
here: the sentences the reader leaves silent (:meth:`_Reader._asked_sentences`), the
sentences holding a span (:meth:`Contained.holders`), the pieces rule rebutted_turn looks for
first (:func:`precision_turns._anchors`), the denial sentences found once per article, and the
bare words of the rules asked per sentence (:mod:`gazetteer.extract.rule_index`).
"""

from __future__ import annotations

import itertools
import json
import random
import re
from datetime import date
from pathlib import Path

import pytest
from _corpora import context_day_spans, mixed_articles, readers

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_arms as arms
from gazetteer.extract import precision_campaign as campaign
from gazetteer.extract import precision_clauses as clauses
from gazetteer.extract import precision_discourse as discourse
from gazetteer.extract import precision_elsewhere as elsewhere
from gazetteer.extract import precision_others as others
from gazetteer.extract import precision_parties as parties
from gazetteer.extract import precision_places as places
from gazetteer.extract import precision_referents as referents
from gazetteer.extract import precision_turns as turns
from gazetteer.extract import state
from gazetteer.extract.cues import load_cues
from gazetteer.extract.precision_reports import refuted_reports, tally_word_spans
from gazetteer.extract.reader import _Reader
from gazetteer.extract.rule_index import BARE_WORDS, rule_word_index
from gazetteer.extract.rule_words import rule_words
from gazetteer.extract.spans import Contained
from gazetteer.extract.state import ReadingState, _headline, _sentences
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, DateSpan
from gazetteer.text.normalize import normalise

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = mixed_articles(41, 60, 120, undated=(20, 40))

_SEPT = "\u0623\u064a\u0644\u0648\u0644"  # Aylul (September)
_OCT = "\u062a\u0634\u0631\u064a\u0646 \u0627\u0644\u0623\u0648\u0644"  # Tishrin al-Awwal
_ROCKETS = (
    "\u0633\u0642\u0637 \u0635\u0627\u0631\u0648\u062e\u0627\u0646 \u0639\u0644\u0649 "
    "\u0642\u0627\u0639\u062f\u0629 \u0639\u064a\u0646 \u0627\u0644\u0623\u0633\u062f"
)  # two rockets fell on Ain al-Asad
#: Lists grouped by month (headings alone on a line, with a bullet, with the other calendar's
#: name, with a year) and guards: a month line ending in a stop, a month inside a sentence.
_TITLE = "\u062e\u0631\u064a\u0637\u0629 \u0627\u0644\u0647\u062c\u0645\u0627\u062a\n"  # map
_HEADED = [
    f"{_TITLE}{_SEPT} (\u0633\u0628\u062a\u0645\u0628\u0631)\n- {_ROCKETS}.\n\n"
    f"{_OCT}\n- {_ROCKETS}.\n",
    f"{_TITLE}\u2022 {_OCT} 2020 -\n{_ROCKETS}.\n",
    f"{_SEPT}.\n{_ROCKETS}.\n",
    f"{_ROCKETS} \u0641\u064a {_SEPT}.\n{_OCT}\n",
]
HEADED = [
    Article(id=f"headed-{i}", text=t, published=date(2020, 12, 5)) for i, t in enumerate(_HEADED)
]


def test_a_silent_sentence_is_quiet_whatever_the_state() -> None:
    """A sentence ``read`` does not ask is read as quiet, with or without a context date.

    Not in the headline block, not busy, no month heading, no context-day word: the tests
    of ``read``, each asked here.
    """
    day = date(2020, 10, 5)
    states = [ReadingState(), ReadingState(context_date=DateSpan(day, day, "day"))]
    silent = asked = headings = 0
    for reader in readers([*ARTICLES, *HEADED]):
        sentences = reader.sentences
        head = _headline(reader.text, sentences)
        busy = reader._busy_sentences()
        words = context_day_spans(reader.text)
        chosen = reader._asked_sentences(busy, head)
        for i, (s, e) in enumerate(sentences):
            month = elsewhere.month_heading(reader.text, s, e, date(2020, 12, 5))
            headings += month is not None
            if i in chosen:
                asked += 1
                continue
            silent += 1
            assert i >= head and i not in busy, (reader.article.id, i)
            assert month is None, (reader.article.id, i)
            assert not words.any_within(s, e), (reader.article.id, i)
            assert not reader._rule_words["context_day"].any_within(s, e), (reader.article.id, i)
            for st in states:
                assert not reader._month_heading(st, s, e)
                assert reader._no_context_day(st, s, e)
    assert silent > asked and headings >= 4


class _AskedAll(_Reader):
    """Asks every sentence (no silent one)."""

    def _asked_sentences(self, busy: set[int], head: int) -> set[int]:
        return set(range(len(self.sentences)))


def test_articles_read_as_when_every_sentence_is_asked() -> None:
    """The same incidents; under a month heading, an item with no day takes the month."""
    gazetteer, cues = load_gazetteer(), load_cues()
    months = 0
    for article in [*HEADED, *ARTICLES[::2]]:
        found = _Reader(article, gazetteer, cues).read()
        assert found == _AskedAll(article, gazetteer, cues).read(), article.id
        months += sum(i.date_precision == "month" for i in found)
    assert months >= 2


def test_holders_are_the_ranges_any_within_says_yes_to() -> None:
    rng = random.Random(7)
    for _ in range(400):
        cuts = sorted(rng.sample(range(1, 200), rng.randint(1, 12)))
        edges = [0, *cuts, 200]
        ranges = [(a, b) for a, b in itertools.pairwise(edges) if rng.random() < 0.8]
        spans = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randrange(0, 199)
            spans.append((a, a + rng.randint(1, 15)))
        index = Contained(spans)
        plain = {i for i, (s, e) in enumerate(ranges) if index.any_within(s, e)}
        assert index.holders(ranges, [s for s, _ in ranges]) == plain, (ranges, spans)


def test_every_rebuttal_word_holds_a_piece() -> None:
    pieces = turns._anchors()
    for word in (*rule_words("untrue"), *rule_words("never_was")):
        assert any(p in word for p in pieces), word
    # the pieces are shorter than most words: the test is no stricter than the pattern
    assert all(" " in p for p in pieces)


def _plain_rebuttal(text: str, start: int, end: int) -> bool:
    """``rebuttal`` as written before the pieces: the pattern's bare words first."""
    pats = turns._patterns()
    if pats["core"].search(text, start, end) is None:
        return False
    if pats["never_was"].search(text, start, end):
        return True
    return any(
        not pats["figure"].search(text, max(start, m.start() - turns._FIGURE_REACH), m.start())
        for m in pats["untrue"].finditer(text, start, end)
    )


def test_rebuttal_equals_the_plain_test() -> None:
    """Sentences, whole texts and texts glued from the rule's own words (guards: figures)."""
    words = [*rule_words("untrue"), *rule_words("never_was"), *rule_words("figure_word")]
    glue = ["", " ", "\u0648", ". ", "\u0644\u0627 ", "x"]
    rng = random.Random(3)
    texts = [r.text for r in readers(ARTICLES[::3])]
    for _ in range(1500):
        parts = [rng.choice(glue) + rng.choice(words) for _ in range(rng.randint(1, 4))]
        texts.append("".join(parts) + rng.choice(glue))
    said = 0
    for text in texts:
        n = len(text)
        step = max(1, n // 20)
        spans = [(0, n)] + [(a, min(n, a + w)) for a in range(0, n, step) for w in (9, 40)]
        answers = [(turns.rebuttal(text, s, e), _plain_rebuttal(text, s, e)) for s, e in spans]
        assert all(got == plain for got, plain in answers), text
        said += sum(plain for _, plain in answers)
    assert said > 50


def test_denial_sentences_are_those_of_the_plain_search() -> None:
    """Found once per article: the sentences with a qualifier, and for a refutation the rule's."""
    for reader in readers(ARTICLES):
        text = reader.text
        for kind in ("denial", "refutation"):
            plain = reader._sentences_with_qualifier(kind)
            if kind == "refutation":
                extra = [(s, e) for s, e in reader.sentences if refuted_reports(text, s, e)]
                plain = sorted({*plain, *extra})
            assert reader._denial_sentences(kind) == plain, (reader.article.id, kind)


def _rule_texts() -> list[str]:
    """Every text of the rules' case tables (normalised): each rule fires on some of them."""
    out = []
    for path in sorted((ROOT / "tests" / "data" / "incidents" / "rules").glob("*.json")):
        out += [normalise(c["text"]) for c in json.loads(path.read_text("utf-8"))["cases"]]
    return out


RULE_TEXTS = _rule_texts()


def test_the_index_holds_every_occurrence_of_every_word() -> None:
    """Overlapping occurrences too, and a text the automaton cannot take (a lone surrogate)."""
    index = rule_word_index()
    texts = [*RULE_TEXTS[::5], *(r.text for r in readers(ARTICLES[::9]))]
    texts.append(texts[0] + "\ud800" + texts[1])
    for text in texts:
        found = index.find(text)
        for kind, words in BARE_WORDS.items():
            plain = sorted(
                (i, i + len(w))
                for w in set(words())
                for i in (m.start() for m in re.finditer(f"(?={re.escape(w)})", text))
            )
            assert found[kind].spans == plain, (kind, text[:40])
        assert found["tally"].spans == sorted(tally_word_spans(text))
        with pytest.raises(KeyError):
            found["no such kind"]
    for reader in readers(ARTICLES[::5]):
        assert reader._rule_words["context_day"].spans == context_day_spans(reader.text).spans


def test_the_word_set_is_every_word_of_every_kind_kept_once() -> None:
    """One set of every kind's words, the same object at each ask (it is asked per article)."""
    index = rule_word_index()
    every = {w for words in BARE_WORDS.values() for w in words()}
    assert index.words == every
    assert index.words is index.words
    for kind, words in BARE_WORDS.items():  # a word of each kind is in it
        assert {words()[0], words()[-1]} <= index.words, kind
    for word in ("", "qsd", "\u0642\u0627\u0639\u062f\u0647\u0642\u0627\u0639\u062f\u0647"):
        assert word not in index.words  # and nothing else (no empty word, no Latin, no doubled)


def test_the_finders_one_pass_gives_the_index_of_its_own_pass() -> None:
    """The bare words' spans from the finder's pass (one automaton) equal the index's own."""
    index = rule_word_index()
    for reader in readers(ARTICLES[::3]):
        own = index.find(reader.text)
        for kind in BARE_WORDS:
            assert reader._rule_words[kind].spans == own[kind].spans, (kind, reader.article.id)


#: Each rule as the reader asks it, with the most it can fire (no facility, no known place).
_RULES = {
    "post_of_its_own": elsewhere.post_of_its_own,
    "outside_theatre": lambda t, s, e: elsewhere.outside_theatre(t, s, e, []),
    "period_tally": lambda t, s, e: elsewhere._PERIOD.search(t, s, e) is not None,
    "period_tally_rough": lambda t, s, e: elsewhere._ROUGH.search(t, s, e) is not None,
    "unrelated_incident": clauses.unrelated_incident,
    "unknown_locality": lambda t, s, e: clauses.unknown_locality(t, s, e, []),
    "rebutted_turn": turns.rebuttal,
    "locality_in_town": lambda t, s, e: places._locality_then_bearing().search(t, s, e) is not None,
    "seized_arms": lambda t, s, e: arms.seized_arms(t, s, e, False, False),
    "clip_claim": discourse.clip_claim,
    "foiled_plot": discourse.foiled_plot,
    "vague_past": lambda t, s, e: discourse._patterns()["vague_past"].search(t, s, e) is not None,
    "tally_example": campaign.example_marker_within,
    "attack_tally": campaign.attack_tally,
    "running_total": lambda t, s, e: state._TALLY_WORDS.search(t, s, e) is not None,
    "fired_nothing": lambda t, s, e: discourse._patterns()["fired_nothing"].search(t, s, e)
    is not None,
    "local_sides": parties.local_sides,
    "range_tally": campaign.range_period,
    "security_raid": others.security_raid,
    "smuggling_strike": others.smuggling_strike,
    "side_weapon": others.side_weapon,
}


def test_a_rule_fires_only_where_its_bare_words_stand() -> None:
    """Every sentence, whole text and window of the case tables' texts and of articles."""
    index = rule_word_index()
    fired = dict.fromkeys(_RULES, 0)
    texts = [*RULE_TEXTS, *(r.text for r in readers(ARTICLES[::4]))]
    for text in texts:
        found = index.find(text)
        n = len(text)
        spans = [(0, n), *_sentences(text)]
        spans += [(a, min(n, a + 60)) for a in range(0, n, 45)]
        for kind, rule in _RULES.items():
            for s, e in spans:
                if rule(text, s, e):
                    fired[kind] += 1
                    assert found[kind].any_within(s, e), (kind, text[s:e])
    assert all(n > 0 for n in fired.values()), fired


def _plain_sentence_ends(text: str) -> list[int]:
    """``_sentence_ends`` as written before: the pattern matched at each dot, the class searched."""
    found = [m.end() for m in re.finditer("[\n!?;]", text)]
    latin = rules.fires("latin_abbreviation") and state._LATIN.search(text) is not None
    for m in re.finditer(r"\.", text):
        i = m.start()
        if state._SENTENCE_END.match(text, i) and not (latin and rules.latin_abbreviation(text, i)):
            found.append(i + 1)
    return sorted(found)


def test_sentence_ends_equal_the_pattern() -> None:
    """Dots between digits of any script, before blanks of any kind, in Latin abbreviations."""
    pieces = [".", ". ", "..", "3", "\u0663", "\u096b", " ", "\u00a0", "\u2003", "\n", "\t", "!",
              "?", ";", "u.s.", "a", "Z", "\u0628", "\u0642\u0627\u0639\u062f\u0647", "x.y", ""]
    rng = random.Random(11)
    texts = [r.text for r in readers(ARTICLES[::3])] + [normalise(t) for t in RULE_TEXTS[::4]]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    ends = 0
    for text in texts:
        plain = _plain_sentence_ends(text)
        assert state._sentence_ends(text) == plain, text
        ends += len(plain)
    assert ends > 1000


def _plain_headline(text: str, sentences: list[tuple[int, int]]) -> int:
    """``_headline`` as written before: the sentences before the block's end summed one by one."""
    end = state._headline_end(text)
    n = sum(1 for s, _ in sentences if s < end)
    return n if n < len(sentences) else 0


def test_the_headline_block_equals_the_count() -> None:
    """Whole articles, and each cut after one of its first sentences (blocks of every size)."""
    blocks = 0
    for reader in readers([*ARTICLES, *HEADED]):
        text = reader.text
        for cut in [len(text), *(e for _, e in reader.sentences[:6])]:
            part = text[:cut]
            sentences = _sentences(part)
            head = _headline(part, sentences)
            assert head == _plain_headline(part, sentences), (reader.article.id, cut)
            blocks += head > 0
    assert blocks > 10


def test_the_scope_gate_holds_for_every_sentence() -> None:
    """Where a rule of scope fires, the sentence holds a scope word: the claims ask it so too."""
    cases = []
    for path in sorted((ROOT / "tests" / "data" / "incidents" / "rules").glob("*.json")):
        for k, c in enumerate(json.loads(path.read_text("utf-8"))["cases"]):
            day = date.fromisoformat(c["published"]) if c.get("published") else None
            cases.append(Article(id=f"{path.stem}-{k}", text=c["text"], published=day))
    fired = 0
    for reader in readers([*cases, *ARTICLES[::2]]):
        for s, e in reader.sentences:
            if rules.out_of_scope(reader.text, s, e):
                fired += 1
                assert reader._out_of_scope(s, e), (reader.article.id, s, e)
    assert fired > 5


def test_the_side_words_are_the_stems_search() -> None:
    """A side's stem in the one pass's index exactly where the stems' own search finds one."""
    index = rule_word_index()
    yes = no = 0
    for text in [*RULE_TEXTS, *(r.text for r in readers(ARTICLES[::4]))]:
        found = index.find(text)["local_sides"]
        n = len(text)
        spans = [(0, n), *_sentences(text), *((a, min(n, a + 40)) for a in range(0, n, 30))]
        for s, e in spans:
            named = parties._names_side(text, s, e)
            assert found.any_within(s, e) == named, text[s:e]
            yes, no = yes + named, no + (not named)
    assert yes > 50 and no > 50, (yes, no)


_FIRED_NOTHING = normalise(
    "وقال المصدر إن ال"
    "طائرة حلقت فوق ال"
    "حقل لكنها لم تطلق "
    "شيئا"
)  # the source said the drone circled the field but fired nothing


@pytest.mark.parametrize(
    ("text", "firing", "expected"),
    [
        (_FIRED_NOTHING, True, True),  # the firing verb is there: the rule reads it
        (_FIRED_NOTHING, False, False),  # told there is none: its search is skipped
        (_ROCKETS, True, False),  # guard: no negation, nothing denied
        (_ROCKETS, False, False),
    ],
)
def test_negated_attack_skips_the_firing_search_only_when_told(
    text: str, firing: bool, expected: bool
) -> None:
    assert discourse.negated_attack(text, 0, len(text), [], firing) is expected


def test_the_speech_gate_holds_where_the_setting_is_found() -> None:
    """Where the speech-setting pattern matches, the plain search for its verbs finds one."""
    found = 0
    for text in [*RULE_TEXTS, *(r.text for r in readers(ARTICLES[::4]))]:
        n = len(text)
        for s, e in [(0, n), *_sentences(text), *((a, min(n, a + 60)) for a in range(0, n, 45))]:
            if elsewhere._SETTING.search(text, s, e) is not None:
                found += 1
                assert elsewhere._SPEECH_GATE.search(text, s, e) is not None, text[s:e]
    assert found > 0


def _walked_patron(text: str, start: int, at: int) -> bool:
    """Rule patron_support's walk back from ``at`` with no first test of the backing stems."""
    head = text.rfind(" ", start, at) + 1 or start
    words = [w.strip(referents._WRAP) for w in text[max(start, head - 90) : head].split()]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w in referents._MARKERS or (w == "\u0645\u0646" and words[i - 1 : i] and (
            words[i - 1] in referents._BACKED
        )):
            return True
        if w.endswith((",", ".", ";", ":")) or not (
            w in referents._GLUE or any(x in w for x in referents._stems())
        ):
            return False
    return False


def test_a_patron_is_named_only_near_a_backing_stem() -> None:
    """names_patron's first test (da'm, da'um in reach) leaves every answer of the walk as it is."""
    named = asked = 0
    for text in [*RULE_TEXTS, *(r.text for r in readers(ARTICLES[::6]))]:
        for at in [m.end() for m in re.finditer(r"\S+", text)]:
            start = max(0, at - 90)
            got = referents.names_patron(text, start, at)
            assert got == _walked_patron(text, start, at), text[start:at]
            named, asked = named + got, asked + 1
    assert named > 5 and asked > 1000, (named, asked)
