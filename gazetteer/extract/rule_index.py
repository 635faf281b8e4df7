"""Where the bare words of the rules asked per sentence stand, found once per article.

A rule the reader asks of every sentence it reads in full is a regular expression that opens
with a look-behind or with words of common first letters: a search for it tries nearly every
position of the sentence. Every match of it holds one word of a short list (its bare words:
:data:`BARE_WORDS`, each list given by the rule's module beside its pattern). One automaton
of all the lists finds every occurrence of each word in the whole text at once, and the reader
asks the rule only of a sentence that holds one (``index[kind].any_within(s, e)``): a sentence
that holds none gives False whatever the rule would read, so the answers are those of the
rule asked of every sentence (tests/test_reader_prefilters.py sets each beside the rule).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from ahocorasick_rs import AhoCorasick, Implementation

from gazetteer.extract import precision_arms as arms
from gazetteer.extract import precision_campaign as campaign
from gazetteer.extract import precision_clauses as clauses
from gazetteer.extract import precision_discourse as discourse
from gazetteer.extract import precision_elsewhere as elsewhere
from gazetteer.extract import precision_habits as habits
from gazetteer.extract import precision_others as others
from gazetteer.extract import precision_parties as parties
from gazetteer.extract import precision_places as places
from gazetteer.extract import precision_regions as regions
from gazetteer.extract import precision_reports as reports
from gazetteer.extract import precision_turns as turns
from gazetteer.extract.grammar.date_words import anchor_words, give_anchor_hits
from gazetteer.extract.grammar.dates import context_day_words
from gazetteer.extract.spans import Contained
from gazetteer.extract.state import running_words

__all__ = ["BARE_WORDS", "RuleWordIndex", "hand_over_raw_hits", "raw_words", "rule_word_index"]

#: For each kind, the words one of which every match of a rule's pattern holds (as written in
#: it: no blank or letter of a word stands for another).
BARE_WORDS: dict[str, Callable[[], tuple[str, ...]]] = {
    "post_of_its_own": elsewhere.post_of_its_own_words,
    "outside_theatre": elsewhere.outside_theatre_words,
    "period_tally": elsewhere.period_words,
    "period_tally_rough": elsewhere.rough_words,
    "unrelated_incident": clauses.unrelated_words,
    "unknown_locality": clauses.unit_words,
    "locality_in_town": places.locality_words,
    "country_region": regions.country_words,
    "clip_claim": discourse.clip_words,
    "foiled_plot": discourse.unrealised_words,
    "vague_past": discourse.vague_past_words,
    "fired_nothing": discourse.fire_words,
    "range_tally": campaign.month_words,
    "local_sides": parties.side_words,
    "tally_example": campaign.example_words,
    "attack_tally": campaign.rise_words,
    "running_total": running_words,
    "rebutted_turn": turns.rebuttal_words,
    "seized_arms": arms.seized_words,
    "trend_period": habits.period_words,
    "trend_rate": habits.rate_words,
    "locating_modifier": habits.locating_words,
    "verdict_crime": habits.verdict_words,
    "other_event_date": habits.event_words,
    "security_raid": others.raid_words,
    "smuggling_strike": others.smuggling_words,
    "side_weapon": others.owned_words,
    # not a rule's: the words of every tally (precision_reports.tally_word_spans) and the
    # context-day words (no day named from the context without one: reader._no_context_day)
    "tally": reports.tally_words,
    "context_day": lambda: tuple(sorted(context_day_words())),
}


class RuleWordIndex:
    """The words of :data:`BARE_WORDS` in one automaton; :meth:`find` looks up a text.

    Parameters
    ----------
    kinds : dict of str to tuple of str
        The words of each kind.
    """

    def __init__(self, kinds: dict[str, tuple[str, ...]]) -> None:
        self._words = sorted({w for words in kinds.values() for w in words})
        self._number = number = {w: i for i, w in enumerate(self._words)}
        #: The kinds of each word (a word may serve two kinds).
        self._kinds: list[list[str]] = [[] for _ in self._words]
        for kind, words in kinds.items():
            for w in dict.fromkeys(words):
                self._kinds[number[w]].append(kind)
        self._names = tuple(kinds)
        self._automaton = AhoCorasick(self._words, implementation=Implementation.DFA)
        self._word_set = frozenset(self._words)

    @property
    def words(self) -> frozenset[str]:
        """Every word of every kind (one set, built with the index: asked for per article)."""
        return self._word_set

    def from_hits(self, hits: list[tuple[int, str]]) -> Mapping[str, Contained]:
        """What :meth:`find` gives, from every occurrence ``(start, word)`` of the words.

        For a caller whose own automaton holds the words and reports every occurrence of each
        (the finder's one pass, :func:`hand_over_raw_hits`): no second pass over the text.
        """
        spans: dict[str, list[tuple[int, int]]] = {}
        kinds, number = self._kinds, self._number
        for a, w in hits:
            for kind in kinds[number[w]]:
                spans.setdefault(kind, []).append((a, a + len(w)))
        return _Indexed(self._names, spans)

    def find(self, text: str) -> Mapping[str, Contained]:
        """Every occurrence of the words of each kind in ``text``, indexed by position.

        All occurrences, overlapping ones too (``overlapping=True``: every occurrence of every
        word); a text the automaton cannot take (a lone surrogate has no UTF-8) is looked
        through word by word with ``str.find``.
        """
        spans: dict[str, list[tuple[int, int]]] = {}
        try:
            hits = self._automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            hits = []
            for k, w in enumerate(self._words):
                i = text.find(w)
                while i >= 0:
                    hits.append((k, i, i + len(w)))
                    i = text.find(w, i + 1)
        kinds = self._kinds
        for k, a, b in hits:
            for kind in kinds[k]:
                found = spans.get(kind)
                if found is None:
                    spans[kind] = [(a, b)]
                else:
                    found.append((a, b))
        return _Indexed(self._names, spans)


class _Indexed(dict[str, Contained]):
    """The words' spans of each kind, indexed when first asked for (a reader asks a few kinds).

    A kind with no word in the text shares one empty index (only ever read).
    """

    def __init__(self, names: tuple[str, ...], spans: dict[str, list[tuple[int, int]]]) -> None:
        super().__init__()
        self._names = names
        self._spans = spans

    def __missing__(self, kind: str) -> Contained:
        found = self._spans.get(kind)
        if found is None:
            if kind not in self._names:
                raise KeyError(kind)
            self[kind] = _EMPTY  # asked once: the kinds of the rules asked per sentence
            return _EMPTY
        index = self[kind] = Contained(found)
        return index


_EMPTY = Contained([])


@cache
def rule_word_index() -> RuleWordIndex:
    """The index of :data:`BARE_WORDS`, built once."""
    return RuleWordIndex({kind: words() for kind, words in BARE_WORDS.items()})


@cache
def raw_words() -> frozenset[str]:
    """The words the finder's one pass reports wherever they stand.

    The date grammar's anchor words and the rules' bare words (:func:`hand_over_raw_hits`
    sorts them out again).
    """
    return anchor_words() | rule_word_index().words


def hand_over_raw_hits(norm: str, hits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Give the date grammar its anchors' occurrences; return the rules' bare words'.

    ``hits``: every occurrence ``(start, word)`` of :func:`raw_words` in ``norm``, as the
    finder's pass reports them. A word of both lists goes to both.
    """
    anchors, rules = anchor_words(), rule_word_index().words
    give_anchor_hits(norm, [h for h in hits if h[1] in anchors])
    return [h for h in hits if h[1] in rules]
