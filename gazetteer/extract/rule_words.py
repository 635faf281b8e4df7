"""The words the named precision rules build their patterns from (``rule_words.csv``).

The patterns stay in code (how the words combine); the words are data, normalised on load like
every lexicon, so that a new spelling is one row of the CSV.
"""

from __future__ import annotations

import re
from functools import cache

from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

__all__ = ["alternation", "rule_words"]

_KINDS = frozenset(
    {
        "morning",
        "target_noun",
        "fighters",
        "deny_verb",
        "own_forces",
        "carry_out",
        "outside_target",
        "aim_word",
        "afternoon",
        "towards",
        "base_noun",
        "facility",
        "passive",
        "injured_noun",
        "rise_verb",
        "tally_word",
        "soldiers",
        "dead_noun",
        "toll_noun",
        "relative",
        "city_noun",
        "killing",
        "reprisal",
        "distance",
        "bearing",
        "contrast",
        "storage",
        "unit_noun",
        "relation",
        "coalition",
        "post_noun",
        "local_owner",
        "local_attacker",
        "insurgent",
        "coalition_stem",
        "striker_noun",
        "third_party",
        "civilian_place",
        "aerial",
        "ordinal",
        "share",
        "negation",
        "neg_link",
        "fire_verb",
        "nothing",
        "vague_past",
        "vague_earlier",
        "dated_after",
        "accident_object",
        "accident_cause",
        "ask_verb",
        "unrealised",
        "will_not",
        "untrue",
        "never_was",
        "figure_word",
        "seizure",
        "vehicle_noun",
        "media_noun",
        "claim_verb",
        "what_happened",
        "launch_word",
        "target_preposition",
        "locative_word",
        "earlier_adverb",
        "condition_state",
        "superlative",
        "example_marker",
        "hours_period",
        "trend_period",
        "trend_rate",
        "single_out",
        "locating_adjective",
        "verdict_word",
        "event_noun",
        "date_link",
    }
)


@cache
def rule_words(kind: str) -> tuple[str, ...]:
    """The normalised words of one kind, longest first.

    Raises
    ------
    LexiconError
        For an unknown kind, or a row whose kind is not one of the known ones (naming the row).
    """
    rows = load_lexicon("rule_words", ("phrase", "kind"))
    for n, row in enumerate(rows, start=2):
        if row["kind"] not in _KINDS:
            raise LexiconError(
                f"gazetteer/data/lexicon/rule_words.csv: data row {n}: kind {row['kind']!r}"
                f" is not one of {', '.join(sorted(_KINDS))}"
            )
    if kind not in _KINDS:
        raise LexiconError(f"gazetteer/data/lexicon/rule_words.csv: no kind {kind!r}")
    words = {normalise(r["phrase"]) for r in rows if r["kind"] == kind}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def alternation(kind: str) -> str:
    """A regular-expression alternation of the words of one kind (escaped, longest first)."""
    return "|".join(re.escape(w) for w in rule_words(kind))
