"""Rules of recall: real past attacks the reader dropped for a habit of how they are told.

- :func:`emphatic_base` -- "another MP recalled that the base itself was hit on 5 August last
  year" (القاعدة نفسها) in an article that named Ain al-Asad air base three sentences before:
  the emphatic "itself" (نفسها، ذاتها، عينها) says the base is the one already introduced, however
  far back, so the base introduced anywhere before it stands for it, not only in the two
  sentences before (rule base_introduced).
- :func:`recalled_attack` -- "this threat recalls the attack that targeted Tower 22 in late
  January 2024" (يذكر هذا التهديد بالهجوم الذي استهدف): a threat or warning word before a definite
  attack noun that a verb of recalling governs (ب), that follows "after" (بعد، عقب، إثر، غداة,
  with its interval: بعد أيام من) or "a repeat of, like" (تكرار، غرار), and whose relative
  clause is in the perfect (الذي استهدف، التي طالت), does not make that attack a threat: the
  recalled attack happened.

- :func:`stance_clause` -- "air defences intercepted a drone heading for the base on the
  night of 26 April, ..., stressing that the armed forces will deal firmly with any threat"
  (، مؤكدا ان ... اي تهديد): a threat or future word in a closing clause of saying opened by a
  participle (مؤكدا، مشددا، مضيفا، محذرا ...) after every attack and weapon word of the
  sentence is the speaker's stance, not the mode of the attack told before it.

Patterns are written on normalised text (:func:`gazetteer.text.normalize.normalise`: ta marbuta
as ha, hamza forms unified, diacritics dropped). :data:`RECALL_RULES` lists the rules for
:data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["RECALL_RULES", "emphatic_base", "recalled_attack", "stance_clause", "unbound_threat"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
RECALL_RULES: tuple[str, ...] = ("emphatic_base", "recalled_attack", "stance_clause")

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
    "\u0628\u0639\u062f",
    "\u0639\u0642\u0628",
    "\u0627\u062b\u0631",
    "\u063a\u062f\u0627\u0647",
)
#: Nouns of likeness or repetition that open a recalled attack: تكرار، غرار (a repeat of, like).
_LIKENESS = ("\u062a\u0643\u0631\u0627\u0631", "\u063a\u0631\u0627\u0631")
#: Attack nouns (after ال): hujum, hajamat, hajma, darba, darabat, qasf, istihdaf, i'tida'.
_ATTACK_NOUNS = (
    "\u0647\u062c\u0648\u0645",
    "\u0647\u062c\u0645\u0627\u062a",
    "\u0647\u062c\u0645\u0647",
    "\u0636\u0631\u0628\u0647",
    "\u0636\u0631\u0628\u0627\u062a",
    "\u0642\u0635\u0641",
    "\u0627\u0633\u062a\u0647\u062f\u0627\u0641",
    "\u0627\u0639\u062a\u062f\u0627\u0621",
)
#: Perfect verbs of a past attack: istahdafa, tala, daraba, waqa'a, shanna, naffadha, auda, asfara.
_PERFECT = (
    "\u0627\u0633\u062a\u0647\u062f\u0641",
    "\u0637\u0627\u0644",
    "\u0636\u0631\u0628",
    "\u0648\u0642\u0639",
    "\u0634\u0646",
    "\u0646\u0641\u0630",
    "\u0627\u0648\u062f\u0649",
    "\u0627\u0633\u0641\u0631",
)
#: A definite attack noun (an adjective may follow), bare, governed by ب, or (group 1) after a
#: word of sequence with its interval or a noun of likeness, with a relative clause (الذي،
#: التي) in the perfect, its ending or pronoun optional: بالهجوم الذي استهدف، بعد الضربه التي
#: طالت، بعد ايام من الهجوم الذي شنته، تكرار الهجوم الذي استهدف.
_PAST_ATTACK = re.compile(
    "(?<!\\w)[\u0648\u0641]?"
    # ب، or (group 1) بعد with its interval (بعد ايام من) or a noun of likeness (تكرار)
    f"(?:\u0628|((?:{'|'.join(_SEQUENCE)})\\s+(?:(?:\\S+\\s+){{1,2}}\u0645\u0646\\s+)?"
    f"|(?:{'|'.join(_LIKENESS)})\\s+))?"
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
    hit the base" (بعد الضربه التي طالت; also بعد ايام من، تكرار "a repeat of"): the threat
    word stands before a definite attack noun with a relative clause in the perfect, within six
    words, and a word of sequence or likeness opens the noun or a verb of recalling stands
    before it. "Threatened attacks that would target"
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


#: A clause of saying opened by a participle after a comma: ، مؤكدا ان، مشددا على، محذرا من.
_STANCE = re.compile(
    ",\\s*[\u0648\u0641]?(?:"
    # mu'akkid, mushaddid, mudif, muwaddih, mu'tabir, lafit, mushir, muhadhdhir, mutawa'id
    "\u0645\u0648\u0643\u062f|\u0645\u0634\u062f\u062f|\u0645\u0636\u064a\u0641"
    "|\u0645\u0648\u0636\u062d|\u0645\u0639\u062a\u0628\u0631|\u0644\u0627\u0641\u062a"
    "|\u0645\u0634\u064a\u0631|\u0645\u062d\u0630\u0631|\u0645\u062a\u0648\u0639\u062f"
    ")(?:\u0627|\u0647|\u064b\u0627|\u0627\u064b)?(?!\\w)"  # ا، ه (feminine)
)


def stance_clause(text: str, s: int, word_start: int, cues: Sequence[int]) -> bool:
    """Whether a threat word stands in a closing clause of saying after every attack word.

    Rule stance_clause: "... intercepted a drone heading for the base, stressing that the
    forces will deal firmly with any threat" (، مؤكدا ان القوات ستتعامل بحزم مع اي تهديد): a
    threat or future word after a comma and a participle of saying (مؤكدا، مشددا، مضيفا،
    موضحا، معتبرا، لافتا، مشيرا، محذرا، متوعدا) is the speaker's stance when every attack and
    weapon word of the sentence (``cues``) stands before that participle. A clause of saying
    that itself names an attack or weapon ("warning that the factions may target the base")
    keeps its threat, and so does one that negates before the word ("stressing that the drone
    carried no explosives and posed no threat": what the object was not, not a stance).

    Parameters
    ----------
    text : str
        The article, normalised.
    s : int
        The sentence's first position.
    word_start : int
        Where the threat word starts.
    cues : sequence of int
        Where the sentence's attack and weapon words start.

    Returns
    -------
    bool
        True when the threat word is the closing stance's.
    """
    if not cues:
        return False
    opener = None
    for m in _STANCE.finditer(text, s, word_start):
        opener = m.end()
    return (
        opener is not None
        and all(c < opener for c in cues)
        # "stressing that it posed no threat": a denial of what the object was, not a stance
        and _NEGATION.search(text, opener, word_start) is None
    )


#: A negation before the threat word in the clause of saying: لم، لا، ليس، ليست، لن، دون، غير.
_NEGATION = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0644\u0645|\u0644\u0627|\u0644\u064a\u0633|\u0644\u064a\u0633\u062a"
    "|\u0644\u0646|\u0628?\u062f\u0648\u0646|\u063a\u064a\u0631)(?!\\w)"
)


def unbound_threat(
    text: str,
    span: tuple[int, int],
    word: Any,
    cues: Callable[[], Sequence[int]],
    dated: Callable[[int], bool],
    fires: Callable[[str], bool],
) -> bool:
    """Whether a threat (irrealis) word of a sentence bears on no attack the sentence tells.

    Rules recalled_attack (a dated, recalled past attack after the word) and stance_clause
    (the word in a closing clause of saying); a word of any other mode is never unbound.

    Parameters
    ----------
    text : str
        The normalised article text.
    span : tuple of int
        The sentence (start, end).
    word : Match
        The non-event word (``payloads[0]`` its mode, ``start`` and ``end``).
    cues : callable
        The starts of the sentence's attack and weapon words (asked only when needed).
    dated : callable
        Whether a date stands from a position to the sentence's end.
    fires : callable
        Whether a rule is on (:func:`.precision.fires`).

    Returns
    -------
    bool
        True when the word does not make the sentence's attack a threat.
    """
    if word.payloads[0] != "irrealis":
        return False
    s, e = span
    if fires("recalled_attack"):
        at = recalled_attack(text, s, word.start, word.end, e)
        if at is not None and dated(at):
            return True
    return fires("stance_clause") and stance_clause(text, s, word.start, cues())
