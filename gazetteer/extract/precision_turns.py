"""Precision rules of turns: what a later turn of the text takes back or tells again.

Whatever the genre (a briefing's questions and answers, a live page and its correction, an
outlet's correction of its own story, a call-in), a text may put forward an attack as a claim
and answer it in the next turn: "No, that is not true", "what we ran was inaccurate",
"there was no incident at all at the base". The reader takes each sentence alone, so the claim
becomes an incident; these rules read the turn after it. They ask the grammar of a rebuttal
(a predicate of untruth or of an incident that never was), not the words of one article, and
where it stands (the very next sentence, or a later one that names the same site). A text
also tells a thing twice: its highlights first, undated, then each with its day; the second
rule reads the line as the account below (:func:`restated_highlight`).

:data:`TURN_RULES` lists them for :data:`.precision.RULES`; the reader asks them in its
article-wide passes (:meth:`.denials.DenialPasses._drop_rebutted`). The words are
data: ``lexicon/rule_words.csv``, kinds ``untrue``, ``never_was`` and ``figure_word``.
"""

from __future__ import annotations

import re
from functools import cache

from gazetteer.extract.rule_words import alternation, rule_words

__all__ = [
    "REBUTTAL_REACH",
    "SUMMARY_DAYS",
    "TURN_RULES",
    "rebuttal",
    "rebuttal_words",
    "rebutted_turn",
    "restated_highlight",
]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
TURN_RULES: tuple[str, ...] = ("rebutted_turn", "restated_highlight")

#: How many days before the article a summary's undated line may restate a dated account.
SUMMARY_DAYS = 7

#: How many sentences after the claim a rebuttal that names the claim's site may stand.
REBUTTAL_REACH = 3
#: How far before a predicate of untruth a figure word makes it a figure's correction.
_FIGURE_REACH = 40


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The patterns of the rules (built on first use from the words of rule_words.csv)."""
    return {
        # "not true", "inaccurate" (غير صحيح، غير دقيق)
        "untrue": re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('untrue')})(?!\\w)"),
        # "there was no incident at all", "has nothing to do with any attack"
        "never_was": re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('never_was')})(?!\\w)"),
        # what a correction of figures speaks of: the wounded, the dead, the number
        "figure": re.compile(f"(?:{alternation('figure_word')})"),
        # the bare words of the first two, a fast first test (no look-behind to try everywhere)
        "core": re.compile(f"{alternation('untrue')}|{alternation('never_was')}"),
    }


@cache
def _anchors() -> tuple[str, ...]:
    """Pieces of the words of untrue and never_was, each word holding one: the quickest test.

    A word's last two tokens (غير صحيح، اي هجوم), found with ``str.find``; those holding a
    shorter piece are left out (who finds غير صحيحه finds غير صحيح). The words stand in the
    patterns as they are written (``alternation`` escapes their blanks), so a match of
    ``core`` holds a piece of its word: a text with none matches nothing.
    """
    words = (*rule_words("untrue"), *rule_words("never_was"))
    pieces = {" ".join(w.split(" ")[-2:]) for w in words}
    return tuple(sorted(p for p in pieces if not any(q != p and q in p for q in pieces)))


def rebuttal_words() -> tuple[str, ...]:
    """The bare words of :func:`rebuttal` (its pattern ``core``): one in every sentence it takes."""
    return (*rule_words("untrue"), *rule_words("never_was"))


def rebuttal(text: str, start: int, end: int) -> bool:
    """Whether a sentence takes back an attack told before it.

    Part of rule rebutted_turn: the sentence says that what was told is untrue or inaccurate
    ("No, that is not true"; "what we ran about the plant was inaccurate"), or that no
    incident or attack happened at all ("there is no incident at the tower", "it has nothing to
    do with any attack"). A predicate of untruth with a figure word just before it ("the
    reports of two soldiers wounded are not true") corrects a figure, not the attack.
    """
    if not any(text.find(p, start, end) >= 0 for p in _anchors()):
        return False  # the bare words of untrue and never_was first: a fast test
    pats = _patterns()
    if pats["core"].search(text, start, end) is None:
        return False
    if pats["never_was"].search(text, start, end):
        return True
    for m in pats["untrue"].finditer(text, start, end):
        if not pats["figure"].search(text, max(start, m.start() - _FIGURE_REACH), m.start()):
            return True
    return False


def rebutted_turn(gap: int, rebuttal_sites: set[str], site: str) -> bool:
    """Whether a rebuttal ``gap`` sentences after a claim takes the claim's incident back.

    Rule rebutted_turn: a briefing's answer right after a question that told of an attack
    ("- Some say the base was shelled this week. - No, that is not true"), a live page's
    correction two items after its first flash, an outlet's note after the paragraph it
    withdraws. The rebuttal is the very next sentence and names no site (it speaks of what was
    just said), or it stands within :data:`REBUTTAL_REACH` sentences and names the claim's
    site (``rebuttal_sites``: the sites it names, with those inside them). A rebuttal that
    names another site only speaks of that one: the claim stands.
    """
    if gap < 1:
        return False
    if site in rebuttal_sites:
        return gap <= REBUTTAL_REACH
    return gap == 1 and not rebuttal_sites


def restated_highlight(undated: bool, counted: bool, account_back: bool, days_before: int) -> bool:
    """Whether a summary's line restates an account the article dates further on.

    Rule restated_highlight: an update, a digest or a story opens with its highlights ("air
    strikes on the town; civilians killed") and tells each with its day further on. The line,
    dated by nothing at all (``undated``: not in its own words, not by a sentence before it,
    only by the article's own day), with no count of its own (``counted``), is the account
    below at the same site, when that account is not told as an earlier attack
    (``account_back``) and its day lies at most :data:`SUMMARY_DAYS` before the article's
    (``days_before``). A line with a count, or an account a month old, stays apart (the
    reader's rule undated_lead folds a lead dated by its statement, two days at most).
    """
    return undated and not counted and not account_back and 0 <= days_before <= SUMMARY_DAYS
