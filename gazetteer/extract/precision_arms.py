"""Precision rules of arms that struck nothing: weapons seized or defused.

Security statements, court reports and weekly digests tell of raids that seized a launcher
and rockets never fired, of a store of roadside bombs "prepared for detonation", of a device
defused. The weapon and attack words are there (rockets, launch, detonation); the
event is a seizure. The rule here reads that grammar -- a verb or noun of seizing or defusing
before every weapon and attack word, the attack words all nouns (the seized things and what
they were for), no facility of ours named -- not the words of one statement.

:data:`ARMS_RULES` lists it for :data:`.precision.RULES`; the reader asks it in
:meth:`.attacks.AttackReader.is_attack`. The words are data: ``lexicon/rule_words.csv``, kind
``seizure``.
"""

from __future__ import annotations

import re
from functools import cache

from gazetteer.extract.rule_words import alternation, rule_words

__all__ = ["ARMS_RULES", "seized_arms", "seized_words"]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
ARMS_RULES: tuple[str, ...] = ("seized_arms",)


@cache
def _seizure() -> re.Pattern[str]:
    """A word of seizing or defusing, with و ف before it or not."""
    return re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('seizure')})(?!\\w)")


def seized_words() -> tuple[str, ...]:
    """The bare words of :func:`seized_arms`: one of seizing or defusing in every match."""
    return rule_words("seizure")


def seized_arms(
    text: str, start: int, first_cue: int, verbs: bool, facility_named: bool
) -> bool:
    """Whether a sentence tells weapons seized or defused, not an attack.

    Rule seized_arms: "the counter-terrorism service arrested them in a raid and seized a
    home-made launcher and four unused rockets", "the command announced it had seized a store
    holding twenty roadside bombs prepared for detonation": a word of seizing or defusing
    (ضبط، صادر، فكك) stands before the sentence's first weapon or attack word
    (``first_cue``), and every attack word is a noun (``verbs``: whether one is a verb, as in
    "seized the men who fired rockets at ..."). A sentence that names a base, an airfield or a
    field of ours (``facility_named``: "seized the launcher used to shell the base") is left to
    the other rules; so is one whose attack comes first ("a rocket fell on the base; the police
    seized its launcher"). Debris or a drone found after it fell is rule interception_debris's.
    """
    if verbs or facility_named:
        return False
    return _seizure().search(text, start, first_cue) is not None
