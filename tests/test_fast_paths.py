"""Shortcuts of the extraction's fourth speed step equal the computations they replace (issue 13).

Each test runs the plain computation (the code before the shortcut, written out here) next to
the shortcut over generated seed-shaped and short articles, with and without a publication
date, and the folder test sets.
"""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpora import mixed_articles, readers  # noqa: E402

from gazetteer.extract import precision as rules  # noqa: E402
from gazetteer.extract.cues import load_cues  # noqa: E402
from gazetteer.extract.grammar import date_words  # noqa: E402
from gazetteer.extract.reader import _Reader  # noqa: E402
from gazetteer.places.loading import load_gazetteer  # noqa: E402
from gazetteer.text.matcher import MatcherSet  # noqa: E402
from gazetteer.text.normalize import normalise  # noqa: E402

ARTICLES = mixed_articles(41, 100, 200, undated=(20, 40))



def _ranges(reader: _Reader, rng: random.Random) -> list[tuple[int, int]]:
    """Every sentence, and random stretches around attack words."""
    out = list(reader.sentences)
    n = len(reader.text)
    for m in reader.found.triggers:
        a = max(0, m.start - rng.choice((0, 5, 40, 200)))
        out.append((a, min(n, m.end + rng.choice((0, 3, 60, 300)))))
    return out


def _plain_is_attack(reader: _Reader, s: int, e: int) -> bool:
    """``AttackReader.is_attack`` before the shortcut: the running totals asked first."""
    f = reader.found
    triggers = f.within("triggers", s, e)
    weapons = f.within("weapons", s, e)
    if not triggers and not weapons:
        return False
    modes = reader._attack_modes(s, e, weapons)
    device = rules.fires("device_on_convoy") and rules.device_on_convoy(
        [w.payloads[0] for w in weapons]
    )
    strong = any(
        m.payloads[0].strength == "strong"
        and not reader._definite(m)
        and not (m.payloads[0].kind == "explosion" and "context" in modes and not device)
        for m in triggers
    )
    weak = bool(triggers)
    if "irrealis" in modes:
        return False
    if "context" in modes and not strong and not reader._defence_intercepts(s, e, weapons):
        return False
    if rules.fires("seized_arms") and reader._seized(s, e, triggers, weapons):
        return False
    if rules.fires("accident_blast") and reader._accident(s, e, triggers, weapons):
        return False
    if reader._habit(s, e, triggers, weapons):
        return False
    if reader._tally(s, e) or (rules.fires("tally_example") and reader._tally_example(s, e)):
        return False
    if rules.fires("attack_tally") and rules.attack_tally(reader.text, s, e):
        return False
    reports = (
        strong
        or (weak and bool(weapons))
        or reader._named_past_attack(s, e, triggers)
        or (
            any(w.payloads[0].countable and reader._count_for(w)[0] is not None for w in weapons)
            and bool(f.within("places", s, e))
        )
    )
    # the rules of discourse (a denied, undated, asked or foiled attack) after the rest
    return reports and not reader._unreported(s, e, triggers, weapons)


def test_the_attack_test_asks_the_running_totals_last() -> None:
    """``is_attack`` asks for running totals only of a sentence that would report an attack."""
    rng = random.Random(5)
    asked = attacks = refused = 0
    for reader in readers(ARTICLES):
        for s, e in _ranges(reader, rng):
            plain = _plain_is_attack(reader, s, e)
            assert reader.is_attack(s, e) == plain, (reader.article.id, s, e)
            asked += 1
            attacks += plain
            refused += not plain and bool(reader.found.within("triggers", s, e))
    assert attacks > 500 and refused > 500, (asked, attacks, refused)


def test_the_digit_run_pattern_equals_the_plain_one() -> None:
    """The date scan's digit runs: one class first, the same matches as ``[0-9]+...``."""
    plain = re.compile(r"[0-9]+(?:[-/.:](?=[0-9]))?")
    rng = random.Random(11)
    chars = "0129 -/.:a\u0663\u0661\n,"
    texts = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    texts += [normalise(a.text) for a in ARTICLES]
    for text in texts:
        found = [m.span() for m in date_words._DIGITS.finditer(text)]
        assert found == [m.span() for m in plain.finditer(text)], text


def _one_pass() -> MatcherSet:
    cues = load_cues()
    matchers = [getattr(cues, f.name) for f in dataclasses.fields(cues)]
    return MatcherSet([*matchers, load_gazetteer().place_matcher], raw=date_words.anchor_words())


def _plain_occurrences(every: MatcherSet, text: str) -> list[tuple[int, int, int]]:
    """pyahocorasick's occurrences of the one pass's forms, in its order."""
    slow = every._slow_automaton()
    return [(k, last + 1 - every._values[k][0], last + 1) for last, k in slow.iter(text)]


def test_the_compiled_automaton_reports_what_pyahocorasick_reports() -> None:
    """Every occurrence, in the same order (by end, the longest first), on glued forms too."""
    every = _one_pass()
    forms = sorted(every._slow_automaton().keys())
    rng = random.Random(13)
    glue = ["", "", " ", "\u0648", "\u0627\u0644", "\u0647", ".", "5", "x", "\U0001f600"]
    texts = [normalise(a.text) for a in ARTICLES]
    for _ in range(3000):
        texts.append(
            "".join(rng.choice(glue) + rng.choice(forms) for _ in range(rng.randint(1, 6)))
        )
    found = 0
    for text in texts:
        fast = every.occurrences(text)
        assert fast == _plain_occurrences(every, text), text
        found += len(fast)
    assert found > 10 * len(texts)


def test_a_text_the_compiled_automaton_cannot_take_is_scanned_by_pyahocorasick() -> None:
    """A lone surrogate (no UTF-8): the same occurrences and hits, from the other automaton."""
    every = _one_pass()
    for article in ARTICLES[:40]:
        text = normalise(article.text)
        cut = len(text) // 2
        odd = text[:cut] + "\ud800" + text[cut:]
        assert every.occurrences(odd) == _plain_occurrences(every, odd)
        assert every.find_all(odd) == [m.find_all(odd) for m in every.matchers], article.id
