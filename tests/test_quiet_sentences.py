"""The reader's shortcuts for quiet sentences equal reading them in full (issue 13).

A sentence with no attack word, no weapon word, no casualty word that reads and no date
(:meth:`~gazetteer.extract.finding.Finder._busy_sentences`,
:meth:`~gazetteer.extract.reader._Reader._no_context_day`) is read by
:meth:`~gazetteer.extract.reader._Reader._quiet_sentence` alone. Here each such sentence is
read in full instead, and what the full reading gives is compared with what the shortcut
assumes; and whole articles are read with and without the shortcut. The articles are
generated seed-shaped and short ones, with and without a publication date, and every folder
test set. The injury-tally gate's look-up of toll nouns before its slow search is compared
with the searches alone.
"""

from __future__ import annotations

import random
import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpora import TEST_SETS, mixed_articles  # noqa: E402

from gazetteer.extract import precision_reports as reports  # noqa: E402
from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.grammar.casualties import CasualtyReading, read_casualties  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.extract.rule_words import rule_words  # noqa: E402
from gazetteer.extract.spans import Contained  # noqa: E402
from gazetteer.extract.state import ReadingState, Sentence, _Draft, _sentences  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.records import Article, DateSpan, Incident  # noqa: E402
from gazetteer.text.normalize import normalise  # noqa: E402

ARTICLES = mixed_articles(21, 120, 200, undated=(30, 60), folders=TEST_SETS[1:])


class _Checked(_Reader):
    """Reads each quiet sentence in full and checks it does what the shortcut does."""

    quiet_read = 0

    def _asked_sentences(self, busy: set[int], head: int) -> set[int]:
        # the silent sentences too (read() only sets the lead to None for one): checked here
        return set(range(len(self.sentences)))

    def _quiet_sentence(self, st: ReadingState, s: int, e: int) -> None:
        lead = st.lead
        context = st.context_date
        sen = self._sentence(st, s, e)
        assert sen == Sentence(s, e, [], False, []), (self.article.id, s, e)
        assert st.context_date == context, (self.article.id, s, e)
        for rule in self.SENTENCE_RULES:
            assert not rule(self, st, sen), (self.article.id, s, e, rule.__name__)
        self._after_sentence(st, sen)
        assert st.lead is None, (self.article.id, s, e, lead)
        assert st.context_date == context, (self.article.id, s, e)
        type(self).quiet_read += 1


class _Full(_Reader):
    """Reads every sentence in full (no shortcut)."""

    def _busy_sentences(self) -> set[int]:
        return set(range(len(self.sentences)))


def _read(reader: type[_Reader], article: Article) -> list[Incident]:
    return reader(article, load_gazetteer(), load_cues()).read()


@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=[a.id for a in ARTICLES])
def test_quiet_sentences_read_in_full_give_nothing_more(index: int) -> None:
    article = ARTICLES[index]
    assert _read(_Checked, article) == _read(_Full, article) == _read(_Reader, article)


def test_most_sentences_of_seed_shaped_articles_are_quiet() -> None:
    """The comparison above is not empty: the shortcut reads most sentences of the seeds' shape."""
    _Checked.quiet_read = 0
    sentences = 0
    for article in ARTICLES[:120]:
        reader = _Checked(article, load_gazetteer(), load_cues())
        reader.read()
        sentences += len(reader.sentences)
    assert _Checked.quiet_read > sentences // 2


@pytest.mark.parametrize("index", range(0, len(ARTICLES), 3), ids=[a.id for a in ARTICLES][::3])
def test_a_stretch_that_reads_no_casualties_reads_nothing(index: int) -> None:
    """Wherever ``_reads_casualties`` is False, the grammar reads nothing (any range)."""
    article = ARTICLES[index]
    reader = _Reader(article, load_gazetteer(), load_cues())
    text, n = reader.text, len(reader.text)
    ranges = list(reader.sentences) + [(a, min(n, a + w)) for a in range(0, n, 37) for w in (9, 80)]
    ranges += [(a + 1, b) for a, b in reader.sentences] + [(0, n)]
    for a, b in ranges:
        if not reader._reads_casualties(a, b):
            assert read_casualties(text, a, b) == CasualtyReading(), (article.id, a, b)


_ATTACK = (
    "\u0633\u0642\u0637\u062a \u062b\u0644\u0627\u062b\u0629 \u0635\u0648\u0627\u0631\u064a\u062e"
    " \u0639\u0644\u0649 \u0642\u0627\u0639\u062f\u0629"
    " \u0639\u064a\u0646 \u0627\u0644\u0623\u0633\u062f"
    " \u064a\u0648\u0645 5 \u0622\u0630\u0627\u0631 2024. "
)  # three rockets fell on Ain al-Asad on 5 March 2024.
_SESSION = (
    " \u0639\u0642\u062f \u0627\u0644\u0628\u0631\u0644\u0645\u0627\u0646 \u062c\u0644\u0633\u0629"
    " \u0644\u0645\u0646\u0627\u0642\u0634\u0629 \u0627\u0644\u0645\u0648\u0627\u0632\u0646\u0629. "
)  # parliament met to discuss the budget.
_NEXT_DAY = "\u0648\u0641\u064a \u0627\u0644\u064a\u0648\u0645 \u0627\u0644\u062a\u0627\u0644\u064a"
_TANF = (
    "\u0648\u0642\u0635\u0641\u062a \u0637\u0627\u0626\u0631\u0629 \u0645\u0633\u064a\u0631\u0629"
    " \u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u062a\u0646\u0641."
)  # and a drone struck al-Tanf.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quiet sentence dated from the context ("the next day") dates the strike after it
        (_ATTACK + _NEXT_DAY + _SESSION + _TANF, [("ain-al-asad", 5), ("tanf", 6)]),
        (_ATTACK + "\u0648" + _SESSION + _TANF, [("ain-al-asad", 5), ("tanf", 5)]),
    ],
)
def test_a_day_named_from_the_context_in_a_quiet_sentence_is_read(
    text: str, expected: list[tuple[str, int]]
) -> None:
    article = Article(id="context", text=text, published=date(2024, 3, 10))
    found = _read(_Reader, article)
    assert [(i.site, i.date_start.day if i.date_start else 0) for i in found] == expected
    assert found == _read(_Full, article)


def _plain_may_tally(text: str, start: int, end: int) -> bool:
    """``may_tally`` as written before the toll-noun look-up: its three searches alone."""
    low = max(0, start - reports._RISE_REACH)
    return bool(
        reports._TALLY_HEAD.search(text, low, end)
        or reports._DEAD_HEAD_BARE.search(text, low, end + reports._HEAD_AFTER)
        or reports._TALLY_WORDS.search(text, start, end + reports._WORDS_REACH)
    )


def test_the_tally_gate_equals_its_three_searches() -> None:
    """Sentences and windows of the articles, and texts glued from the rule's own words."""
    words = [w for kind in ("toll_noun", "dead_noun", "injured_noun") for w in rule_words(kind)]
    words += list(rule_words("rise_verb")) + list(rule_words("towards"))
    glue = ["", " ", "  ", ".", "\n", "\u0648", "\u0627\u0644", "x", "12", " \u0645\u0646 "]
    rng = random.Random(5)
    texts = [normalise(a.text) for a in ARTICLES[::4]]
    for _ in range(2000):
        parts = [rng.choice(glue) + rng.choice(words) for _ in range(rng.randint(1, 6))]
        texts.append(normalise("".join(parts) + rng.choice(glue)))
    said = 0
    for text in texts:
        n = len(text)
        spans = [(s, e) for s, e in _sentences(text)]
        spans += [(a, min(n, a + w)) for a in range(0, n, max(1, n // 25)) for w in (1, 7, 60)]
        # windows that open or close right at a toll noun
        for noun in rule_words("toll_noun"):
            at = [m.start() for m in re.finditer(re.escape(noun), text)]
            reach, after = reports._RISE_REACH, reports._HEAD_AFTER
            spans += [(p + reach + d, p + reach + w) for p in at for d in (0, 1) for w in (30, 90)]
            spans += [
                (max(0, p - w), p + len(noun) - after + d)
                for p in at
                for w in (5, 40)
                for d in (-1, 0)
            ]
        for s, e in spans:
            plain = _plain_may_tally(text, s, e)
            assert reports.may_tally(text, s, e) == plain, (text, s, e)
            said += plain
    assert said > 100


def test_a_sentence_with_no_tally_word_in_reach_is_no_tally() -> None:
    """Wherever :func:`tally_word_spans` holds nothing within reach, ``may_tally`` is False."""
    before, after = reports.TALLY_REACH
    said = 0
    for article in ARTICLES:
        text = normalise(article.text)
        words = Contained(reports.tally_word_spans(text))
        n = len(text)
        spans = list(_sentences(text)) + [(a, min(n, a + 40)) for a in range(0, n, 23)]
        for s, e in spans:
            if reports.may_tally(text, s, e):
                said += 1
                assert words.any_within(max(0, s - before), e + after), (article.id, s, e)
    assert said > 20


def _follows(gap: list[str]) -> bool:
    """The campaign verb test of ``Finder._not_campaign`` on the words between."""
    relative = {"\u0627\u0644\u062a\u064a"}
    return (
        not gap
        or (len(gap) == 1 and gap[0] in relative)
        or (len(gap) <= 4 and any(w.startswith("\u0628") for w in gap[1:] or gap))
    )


def test_five_words_of_the_gap_decide_as_all_of_them() -> None:
    """``_not_campaign`` splits off at most five words of the gap: the same answer."""
    rng = random.Random(3)
    words = ["\u0627\u0644\u062a\u064a", "\u0628\u0635\u0648\u0627\u0631\u064a\u062e", "x", "y"]
    glue = [" ", "  ", "\n", " \t"]
    for _ in range(20000):
        k = rng.randint(0, 8)
        gap = rng.choice(["", " "]) + "".join(
            rng.choice(words) + rng.choice(glue) for _ in range(k)
        )
        assert _follows(gap.split(None, 4)) == _follows(gap.split()), gap


class _HeadlineWeapons(_Reader):
    """The headline fold as written before, drafting every headline sentence.

    It checks that a headline without weapon words gets drafts without weapons.
    """

    drafted = 0

    def _fold_headline(
        self, drafts: list[_Draft], s: int, e: int, context_date: DateSpan | None
    ) -> None:
        targets = self.targets(s, e) if self.is_attack(s, e) else []
        if not targets:
            return
        made = self._drafts_for(targets, s, e, context_date)
        if not self.found.within("weapons", s, e):
            assert all(not d.weapons for d in made), (self.article.id, s, e)
            type(self).drafted += len(made)
        for d in made:
            for old in drafts:
                if self._same_site(old.site, d.site):
                    for w in d.weapons:
                        if w not in old.weapons:
                            old.weapons.append(w)
                    break


def test_a_headline_without_weapon_words_adds_no_weapon() -> None:
    """The headline fold drafts only a headline that names a weapon: the others add nothing."""
    _HeadlineWeapons.drafted = 0
    for article in ARTICLES:
        assert _read(_Reader, article) == _read(_HeadlineWeapons, article), article.id
    assert _HeadlineWeapons.drafted > 5


def test_background_clauses_kept_per_range_equal_those_found_again() -> None:
    """The clauses ``_background`` keeps for a range are those a fresh search finds."""
    kept = 0
    for article in ARTICLES:
        reader = _Reader(article, load_gazetteer(), load_cues())
        reader.read()
        fresh = _Reader(article, load_gazetteer(), load_cues())
        for (s, e), clauses in reader._backgrounds.items():
            assert clauses == fresh._background_clauses(s, e), (article.id, s, e)
            kept += bool(clauses)
    assert kept > 10
