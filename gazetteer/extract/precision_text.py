"""Precision rules about the text itself: where a sentence of the article ends.

A rule of :mod:`gazetteer.extract.precision` (re-exported there, where the list of every rule
and its number is kept): :func:`latin_abbreviation`, :func:`conditional_clause`,
:func:`claim_label`; and rules medical_condition (:func:`in_condition`: "in a serious
condition" is no "in case of") and training_facility (:func:`training_facility`: a training camp
is no drill), listed in :data:`.precision_mechanisms.MECHANISM_RULES`.
"""

from __future__ import annotations

import re
from functools import cache

from gazetteer.extract.rule_words import alternation

__all__ = [
    "TEXT_RULES",
    "claim_label",
    "conditional_clause",
    "in_condition",
    "latin_abbreviation",
    "training_facility",
]

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES` (the older
#: ones are listed in :data:`.precision.RULES` itself).
TEXT_RULES: tuple[str, ...] = ("medical_condition", "training_facility")

#: A dot right after a lone Latin letter (normalised text is lower case): u.s. u.n. a.m.
_ABBREVIATION = re.compile("(?<![a-z])[a-z]\\.")


def latin_abbreviation(text: str, dot: int) -> bool:
    """Whether a dot closes a one-letter Latin abbreviation, not a sentence.

    Rule latin_abbreviation: bilingual pieces quote a statement in English inside the Arabic
    ("... وإنه "no U.S. or Coalition personnel were injured""): the dots of U.S. or U.N. follow
    a lone Latin letter and end no sentence, so the quoted clause, and the none it tells,
    stays with the attack it speaks of. ``dot`` is the index of the dot.
    """
    return dot >= 1 and _ABBREVIATION.match(text, dot - 1) is not None


#: The word before a particle that makes إذا no condition: ما إذا "whether".
_WHETHER = "\u0645\u0627"  # ما
#: The words after لو that make it concessive: ولو أن "even though" (normalised).
_CONCESSIVE = frozenset({"\u0627\u0646", "\u0627\u0646\u0647", "\u0627\u0646\u0647\u0627"})
_WORD = re.compile(r"\w+")
_NEXT_WORD = re.compile(r"\W*(\w+)")
_IDHA = "\u0627\u0630\u0627"  # اذا (normalised)


def conditional_clause(text: str, start: int, end: int, first_cue: int) -> bool:
    """Whether a conditional particle (لو، إذا) makes the sentence's attack a supposed one.

    Rule conditional_clause: interviews and analyses suppose attacks ("لو تعرضت القاعدة
    لضربة ..."، "إذا ضربت الصواريخ المطار فإن ..."): an attack word or weapon that comes
    after the particle is in its condition, and the sentence reports no attack. Not when
    the attack was told before the particle (a real attack, then what would have happened),
    nor for ما إذا ("whether": "it is not clear whether anyone was hurt"), ولو أن ("even
    though") or إذا بـ ("and suddenly": narration). ``start``, ``end``: the particle's word;
    ``first_cue``: where the sentence's first attack or weapon word starts.
    """
    if first_cue < start:
        return False
    before = _WORD.findall(text[max(0, start - 12) : start])
    if before and before[-1] == _WHETHER:
        return False
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return True
    word = after.group(1)
    if text[start:end].endswith(_IDHA):
        return not word.startswith("\u0628")  # إذا بـ
    return word not in _CONCESSIVE


_COLON = re.compile(r"\s*:")


def claim_label(text: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether a fact-check's claim label ("الادعاء: ...") opens the sentence.

    Rule claim_label: fact-checking pages set out what they check under a label, "الادعاء:
    <the base was shelled last night>", then give their verdict (مضلل، زائف): the labelled
    line restates the claim checked and reports no attack. The word must open its sentence
    and a colon follow it; the claim in running prose ("the claim that ...") is not the label.
    ``start``, ``end``: the label's word.
    """
    lead = text[sentence_start:start].strip(" \t\n\"'\u00ab*-")
    return not lead and _COLON.match(text, end) is not None


@cache
def _condition() -> re.Pattern[str]:
    """An adjective of a wounded person's state, right at the start of the text."""
    return re.compile(f"\\s+(?:{alternation('condition_state')})(?!\\w)")


def in_condition(text: str, end: int) -> bool:
    """Whether في حال / في حالة is followed by a wounded person's state (rule medical_condition).

    "four soldiers were wounded, two of them in a serious condition" (في حالة خطرة): the
    phrase tells how they are, not "in case of" an attack, which would make the sentence's
    attack a supposed one. ``end``: where the phrase ends.
    """
    return _condition().match(text, end) is not None


#: The words of a drill (normalised) that also name what a facility is for: تدريب، تدريبات، تمرين.
_DRILL_WORDS = frozenset(
    {
        "\u062a\u062f\u0631\u064a\u0628",
        "\u062a\u062f\u0631\u064a\u0628\u0627\u062a",
        "\u062a\u0645\u0631\u064a\u0646",
    }
)
#: A noun of a facility right before the word (normalised), with و/ف and the article or لل:
#: camp(s), centre(s), base(s), school, ground, yard.
_FACILITY_BEFORE = re.compile(
    "(?:^|\\s)[\u0648\u0641]?(?:\u0627\u0644|\u0644\u0644|\u0628|\u0644)?(?:\u0645\u0639\u0633\u0643\u0631(?:\u0627\u062a)?"
    "|\u0645\u0631\u0643\u0632|\u0645\u0631\u0627\u0643\u0632|\u0642\u0627\u0639\u062f\u0647|\u0642\u0648\u0627\u0639\u062f"
    "|\u0645\u062f\u0631\u0633\u0647|\u0645\u064a\u062f\u0627\u0646|\u0633\u0627\u062d\u0647)\\s+$"
)


def training_facility(text: str, start: int, phrase: str) -> bool:
    """Whether a drill word names what a facility is for (rule training_facility).

    "strikes against weapons depots in al-Mayadin and a training camp in al-Bukamal"
    (معسكر تدريب، مراكز التدريب): the word after the camp's noun, in construct, says what the
    camp is, not that a drill took place, which would make the sentence's strikes the
    exercise's. ``start``: where the word starts (its clitics and article included);
    ``phrase``: the normalised word the lexicon matched.
    """
    if phrase not in _DRILL_WORDS:
        return False
    return _FACILITY_BEFORE.search(text, max(0, start - 25), start) is not None
