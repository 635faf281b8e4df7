"""How far into an article the reader can ask for its dates (issue 13: grammars where read).

The date grammar is the dearest of the finder's whole-text passes. The reader asks for the
dates of a sentence that may report something (it holds an attack word, a weapon word or a
casualty word that reads), of a denial, and of the headline block; a date elsewhere only makes
its sentence carry a context date on to the sentences after it. After the last sentence that
may report something, nothing is left to take that date -- no attack, no casualty figure, no
wave of strikes -- unless the headline, read last, holds a weapon word: then the headline
folds into the incidents with the body's last context date, and every date is found. So the
finder reads the dates of the stretches that start before :func:`date_reach`'s position only
(``tests/test_date_reach.py`` reads every test set, generated and seed-shaped articles both
ways and compares the incidents, and shows a case that needs each of the casualty and denial
guards; the headline's guard and :data:`REACH_AFTER` are kept on reasoning alone, as no
article there needs them). In seed-shaped articles the dates of about a third of the text are
left unread.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from gazetteer.extract.state import _headline
from gazetteer.text.matcher import Match

__all__ = ["REACH_AFTER", "article_reach", "date_reach"]

#: The qualifiers of a sentence that denies or refutes an attack (its dates are read).
_DENIALS = frozenset({"denial", "refutation"})
#: صحه ("the truth of" the reports): a refutation may be read in any sentence holding it.
_TRUTH = "\u0635\u062d\u0647"

#: How far past a sentence a look-up of its words reaches for a date: a noun of attack in
#: construct with the date right after it (هجوم الخميس), asked of the two characters after
#: the noun (:meth:`~.finding.Finder._definite`).
REACH_AFTER = 2


def date_reach(
    sentences: Sequence[tuple[int, int]],
    length: int,
    head: int,
    words: Iterable[int],
    read: Iterable[int],
    whole: bool,
) -> int:
    """The position before which the reader may ask for a date; ``length`` for every date.

    Parameters
    ----------
    sentences : sequence of (int, int)
        The article's sentences, in order.
    length : int
        The length of the normalised text.
    head : int
        How many leading sentences form the headline block (each is read).
    words : iterable of int
        Where the words stand that make their sentence one the reader reads in full: attack
        and weapon words, the qualifiers of a denial or a refutation.
    read : iterable of int
        The indexes of more such sentences (those with a casualty word that reads).
    whole : bool
        Every date may be asked for (a headline with a weapon word, a text a refutation rule
        reads sentence by sentence).

    Returns
    -------
    int
        :data:`REACH_AFTER` past the end of the last such sentence (the headline block's
        last one at least), at most ``length``; 0 when there is none.
    """
    if whole:
        return length
    starts = [s for s, _ in sentences]
    last = max(read, default=head - 1)
    last = max(last, head - 1)
    for pos in words:
        i = bisect.bisect_right(starts, pos) - 1
        if i > last and pos < sentences[i][1]:
            last = i
    if last < 0:
        return 0
    return min(length, sentences[last][1] + REACH_AFTER)


def article_reach(
    text: str,
    sentences: Sequence[tuple[int, int]],
    words: Sequence[Match[Any]],
    weapons: Sequence[Match[Any]],
    qualifiers: Sequence[Match[str]],
    read: Iterable[int],
) -> int:
    """:func:`date_reach` of one article, from what the finder found before its dates.

    Parameters
    ----------
    text : str
        The normalised text.
    sentences : sequence of (int, int)
        Its sentences.
    words : sequence of Match
        The attack and weapon words the reader keeps.
    weapons : sequence of Match
        The weapon words (one in the headline block: every date).
    qualifiers : sequence of Match
        The qualifiers (those of a denial or a refutation count as words).
    read : iterable of int
        The sentences with a casualty word that reads.

    Returns
    -------
    int
        As :func:`date_reach`; every date when صحه stands in the text (a refutation may be read
        in any sentence) or a weapon word in the headline block.
    """
    head = _headline(text, list(sentences))
    top = sentences[head - 1][1] if head else 0
    whole = _TRUTH in text or any(w.start < top for w in weapons)
    starts = [m.start for m in words]
    starts += [q.start for q in qualifiers if not _DENIALS.isdisjoint(q.payloads)]
    return date_reach(sentences, len(text), head, starts, read, whole)
