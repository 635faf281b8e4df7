"""Rules of recall: real past attacks the reader dropped for a habit of how they are told.

- :func:`emphatic_base` -- "another MP recalled that the base itself was hit on 5 August last
  year" (القاعدة نفسها) in an article that named Ain al-Asad air base three sentences before:
  the emphatic "itself" (نفسها، ذاتها، عينها) says the base is the one already introduced, however
  far back, so the base introduced anywhere before it stands for it, not only in the two
  sentences before (rule base_introduced).
- :func:`recalled_attack` -- "this threat recalls the attack that targeted Tower 22 in late
  January 2024" (يذكر هذا التهديد بالهجوم الذي استهدف): a threat or warning word before a definite
  attack noun that a verb of recalling governs (ب) or that follows "after" (بعد، عقب، إثر، غداة),
  and whose relative clause is in the perfect (الذي استهدف، التي طالت), does not make that
  attack a threat: the recalled attack happened.

Patterns are written on normalised text (:func:`gazetteer.text.normalize.normalise`: ta marbuta
as ha, hamza forms unified, diacritics dropped). :data:`RECALL_RULES` lists the rules for
:data:`.precision.RULES`.
"""

from __future__ import annotations

import re

__all__ = ["RECALL_RULES", "emphatic_base", "recalled_attack"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
RECALL_RULES: tuple[str, ...] = ("emphatic_base", "recalled_attack")

#: A definite facility noun followed by an emphatic reflexive: القاعده نفسها، المطار ذاته.
_EMPHATIC = re.compile(
    "\\s*(?:\u0646\u0641\u0633|\u0630\u0627\u062a|\u0639\u064a\u0646)"  # نفس، ذات، عين
    "(?:\u0647\u0627|\u0647)(?!\\w)"  # ها، ه
)


def emphatic_base(text: str, noun_end: int) -> bool:
    """Whether a definite facility noun ending at ``noun_end`` is made emphatic ("itself").

    Rule emphatic_base: "the base itself" (القاعده نفسها، المطار ذاته، الموقع عينه) goes back to
    a place already introduced, however far back; a bare "the base" keeps the near window.

    Parameters
    ----------
    text : str
        The normalised article text.
    noun_end : int
        Where the facility noun ends.

    Returns
    -------
    bool
        True when an emphatic reflexive follows the noun.
    """
    return _EMPHATIC.match(text, noun_end) is not None


#: Words of sequence that open a recalled attack: بعد، عقب، اثر، غداه (after, upon, the day after).
_SEQUENCE = (
    "\u0628\u0639\u062f", "\u0639\u0642\u0628", "\u0627\u062b\u0631", "\u063a\u062f\u0627\u0647",
)
#: Attack nouns (after ال): hujum, hajamat, hajma, darba, darabat, qasf, istihdaf, i'tida'.
_ATTACK_NOUNS = (
    "\u0647\u062c\u0648\u0645", "\u0647\u062c\u0645\u0627\u062a", "\u0647\u062c\u0645\u0647",
    "\u0636\u0631\u0628\u0647", "\u0636\u0631\u0628\u0627\u062a", "\u0642\u0635\u0641",
    "\u0627\u0633\u062a\u0647\u062f\u0627\u0641", "\u0627\u0639\u062a\u062f\u0627\u0621",
)
#: Perfect verbs of a past attack: istahdafa, tala, daraba, waqa'a, shanna, naffadha, auda, asfara.
_PERFECT = (
    "\u0627\u0633\u062a\u0647\u062f\u0641", "\u0637\u0627\u0644", "\u0636\u0631\u0628",
    "\u0648\u0642\u0639", "\u0634\u0646", "\u0646\u0641\u0630", "\u0627\u0648\u062f\u0649",
    "\u0627\u0633\u0641\u0631",
)
#: A definite attack noun (an adjective may follow), bare, governed by ب or after a word of
#: sequence (group 1), with a relative clause (الذي، التي) in the perfect, its ending or
#: pronoun optional: بالهجوم الذي استهدف، بعد الضربه التي طالت.
_PAST_ATTACK = re.compile(
    "(?<!\\w)[\u0648\u0641]?"
    f"(?:\u0628|((?:{'|'.join(_SEQUENCE)})\\s+))?"
    f"\u0627\u0644(?:{'|'.join(_ATTACK_NOUNS)})"
    "(?:\\s+\u0627\u0644\\w+)?\\s+(?:\u0627\u0644\u0630\u064a|\u0627\u0644\u062a\u064a)\\s+"
    f"(?:{'|'.join(_PERFECT)})"
    "(?:\u062a|\u0647|\u0647\u0627|\u062a\u0647|\u062a\u0647\u0627)?(?!\\w)"
)

#: A verb of recalling (its object taken with ب): يذكر، ذكرت، يعيد الى الاذهان، استحضر، استذكر.
_RECALL = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:[\u064a\u062a])?(?:\u0630\u0643\u0631|\u0630\u0643\u0631\u062a"
    "|\u0633\u062a\u062d\u0636\u0631|\u0627\u0633\u062a\u062d\u0636\u0631"
    "|\u0633\u062a\u0630\u0643\u0631|\u0627\u0633\u062a\u0630\u0643\u0631)(?!\\w)"
    "|\u0627\u0644\u0627\u0630\u0647\u0627\u0646"  # الاذهان
)

#: How many words may stand between the threat word and the recalled attack noun.
_MAX_GAP_WORDS = 6


def recalled_attack(text: str, s: int, word_start: int, word_end: int, e: int) -> int | None:
    """Where the recalled past attack that a threat word of the sentence does not govern starts.

    Rule recalled_attack: "this threat recalls the attack that targeted the tower in late
    January" (ويذكر هذا التهديد بالهجوم الذي استهدف) or "the warning came after the strike that
    hit the base" (بعد الضربه التي طالت): the threat word stands before a definite attack noun
    with a relative clause in the perfect, within six words, and a word of sequence opens the
    noun or a verb of recalling stands before it. "Threatened attacks that would target"
    (an imperfect or no relative clause) is no such noun. The caller also asks a date in the
    recalled clause, so an undated memory gives no incident on the article's day.

    Parameters
    ----------
    text : str
        The normalised article text.
    s : int
        Where the sentence starts.
    word_start, word_end : int
        The threat (irrealis) word.
    e : int
        Where the sentence ends.

    Returns
    -------
    int or None
        Where the attack noun's phrase starts, or None when the rule does not hold.
    """
    m = _PAST_ATTACK.search(text, word_end, e)
    if m is None or len(text[word_end : m.start()].split()) > _MAX_GAP_WORDS:
        return None
    if not m.group(1) and _RECALL.search(text, s, m.start()) is None:
        return None  # no word of sequence nor verb of recalling: "threatened the attack that"
    return m.start() if word_start < m.start() else None
