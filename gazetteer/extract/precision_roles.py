"""Precision rules of a place's role: what a base is used for; a place that speaks.

Articles about a strike on a base, and explainers about bases ("what do we know of ..."),
describe the base by its role: "the airfield is used as a launch pad for the regime's air
raids on sites in Homs, Hama and Idlib", "the base the coalition uses to launch its strikes
on IS". The raids and strikes of such a clause are the base's habit, not an event, and the
towns after them are where that habit reaches, not places attacked on the day:

- :func:`base_role` -- a verb of use (yastakhdim, tastakhdimuha, ittakhadha, yasta'mil) with a
  word of launching or carrying out within four words after it (muntalaqan, qa'idat intilaq,
  li-shann, li-tanfidh, li-itlaq), in a sentence with no verb of a done attack outside that
  clause (istahdafa, qasafa, saqata, ta'arrada, hajama, atlaqa, infajara, nafadha, shanna),
  describes a base.

- :func:`speaking_site` -- a place right after a verb of saying that opens its sentence
  ("for its part, the US embassy in Baghdad announced ...") is the speaker, not a target,
  when another place follows it in the sentence.

The reader asks base_role with the other "not ours" tests (:func:`.precision_parties.not_ours`),
which leave every sentence naming a facility of the gazetteer, and speaking_site in
:meth:`.targets.TargetReader._dateline_or_launch` (the role "elsewhere"). The words are written as
normalised text (ta marbuta as ha, hamzated alifs bare). :data:`ROLE_RULES` lists the rules
for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.normalize import normalise

__all__ = ["ROLE_RULES", "base_role", "clause_alone", "speaking_site"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
ROLE_RULES: tuple[str, ...] = ("base_role", "speaking_site")

#: The bare stems of the verbs of use and their verbal nouns (normalised): khdm (yastakhdim,
#: istukhdima), ttakhadh, ta'mil (yasta'mil, ista'mal); istikhdam, ittikhadh, isti'mal.
_USE_STEMS = (
    "\u062e\u062f\u0645",
    "\u062a\u062e\u0630",
    "\u062a\u0639\u0645\u0644",
    "\u062e\u062f\u0627\u0645",
    "\u062a\u062e\u0627\u0630",
    "\u062a\u0639\u0645\u0627\u0644",
)
#: The bare stems of the words of launching (normalised): ntlq (muntalaq, intilaq), li-itlaq,
#: li-shann, tanfidh, minassa (a platform for) -- asked with str.find before any pattern (rare
#: in a sentence).
_LAUNCH_STEMS = (
    "\u0646\u0637\u0644\u0642",
    "\u0644\u0627\u0637\u0644\u0627\u0642",
    "\u0644\u0634\u0646",
    "\u062a\u0646\u0641\u064a\u0630",
    "\u0645\u0646\u0635\u0647",
)

#: The stems above as one search each (a C scan of the sentence, no pattern of words).
_LAUNCH_GATE = re.compile("|".join(_LAUNCH_STEMS))
_USE_GATE = re.compile("|".join(_USE_STEMS))

#: A verb of use or its verbal noun (with wa/fa and an object pronoun or not), then up to four
#: words, then a word of launching or carrying out: muntalaq(an), (qa'ida/nuqta) intilaq,
#: li-shann, li-tanfidh, li-itlaq, minassa li- (a platform for).
_ROLE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:[\u064a\u062a]?\u0633\u062a\u062e\u062f\u0645|\u0627\u0633\u062a\u062e\u062f\u0645"
    "|[\u064a\u062a]?\u062a\u062e\u0630|\u0627\u062a\u062e\u0630|[\u064a\u062a]?\u0633\u062a\u0639\u0645\u0644"
    "|\u0627\u0633\u062a\u0639\u0645\u0644"
    "|\u0627\u0633\u062a\u062e\u062f\u0627\u0645|\u0627\u062a\u062e\u0627\u0630|\u0627\u0633\u062a\u0639\u0645\u0627\u0644)"
    "\\S*(?:\\s+\\S+){0,4}?\\s+"
    "(?:\u0645\u0646\u0637\u0644\u0642\\S*|\\S*\u0627\u0646\u0637\u0644\u0627\u0642"
    "|\u0644\u0634\u0646|\u0644\u062a\u0646\u0641\u064a\u0630|\u0644\u0627\u0637\u0644\u0627\u0642"
    "|\u0645\u0646\u0635\u0647(?=\\s+\u0644))(?!\\w)"
)

#: A verb of a done attack (normalised): istahdaf-, qasaf-, saqat-, ta'arrad-, hajam-, atlaq-,
#: infajar-, nafadh- (carried out), shann- (launched), with wa/fa before it; the noun qasf
#: counts too (the rule then stays away).
_DONE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0627\u0633\u062a\u0647\u062f\u0641|\u0642\u0635\u0641|\u0633\u0642\u0637"
    "|\u062a\u0639\u0631\u0636|\u0647\u0627\u062c\u0645|\u0627\u0637\u0644\u0642|\u0627\u0646\u0641\u062c\u0631"
    "|\u0646\u0641\u0630|\u0634\u0646)"
)

#: Where a clause ends: a comma or a sentence mark.
_CLAUSE_END = re.compile("[,\u060c;.!?\n]")


def clause_alone(text: str, start: int, end: int, clause: re.Match[str]) -> bool:
    """Whether no verb of a done attack stands in the sentence outside a clause.

    ``clause`` opens the clause (a verb of use, a word of halting); the clause runs to the next
    comma or sentence mark. Rules base_role and attacks_topic (:mod:`.precision_iraq`).
    """
    stop = _CLAUSE_END.search(text, clause.end(), end)
    clause_end = stop.start() if stop else end
    return (
        _DONE.search(text, start, clause.start()) is None
        and _DONE.search(text, clause_end, end) is None
    )


def base_role(text: str, start: int, end: int) -> bool:
    """Whether a sentence only describes what a base is used for (rule base_role).

    Rule base_role: "al-Shayrat airfield lies in the central region and is used as a launch
    pad for the regime's air raids on sites in Homs, Hama and Idlib", "the elders met in the
    town to reject the use of the tribes' land as a platform for attacks" -- a verb of use
    or its verbal noun (yastakhdim, tustakhdam, ittakhadha, yasta'mil, istikhdam, with a
    pronoun or not) and, within four words, a word of launching or carrying out (muntalaqan,
    qa'idat intilaq, li-shann, li-tanfidh, li-itlaq, minassa li-) tell a place's role: its
    raids are a habit and their towns no targets. The clause runs from the verb to the next
    comma. A verb of a done attack outside it ("the base, used as a launch pad for the
    coalition's raids, was struck by rockets last night"; "the forces carried out a strike on
    a site that a group used to launch drones") keeps the sentence for the other rules.
    """
    if _LAUNCH_GATE.search(text, start, end) is None:
        return False  # no word of launching: most sentences
    if _USE_GATE.search(text, start, end) is None:
        return False  # no verb of use
    m = _ROLE.search(text, start, end)
    if m is None:
        return False
    return clause_alone(text, start, end, m)


#: A word before the saying verb that opens the speaker's turn: من جانبها، بدورها، وقد، كما
#: (normalised; wa/fa before them or not).
_TURN = re.compile(
    "[\u0648\u0641]?(?:\u0645\u0646\\s+\u062c\u0627\u0646\u0628(?:\u0647\u0627|\u0647)"
    "|\u0628\u062f\u0648\u0631(?:\u0647\u0627|\u0647)|\u0642\u062f|\u0643\u0645\u0627)[\\s,\u060c]*$"
)
#: An attack noun with a pronoun that points back to the speaker: ta'arrudiha, istihdafiha,
#: tu'rradat, "that it was" (annaha, annahu) -- the speaker says it was hit itself.
_ITSELF = re.compile(
    "(?<!\\w)(?:\u062a\u0639\u0631\u0636(?:\u0647\u0627|\u0647)|\u0627\u0633\u062a\u0647\u062f\u0627\u0641(?:\u0647\u0627|\u0647)"
    "|\u0627\u0646(?:\u0647\u0627|\u0647))(?!\\w)"
)


@cache
def _saying() -> frozenset[str]:
    """The verbs of saying of lexicon statement_verbs, normalised: the quick test of a word."""
    rows = load_lexicon("statement_verbs", ("phrase",))
    return frozenset(normalise(r["phrase"]) for r in rows)


#: Where a sentence ends.
_SENTENCE_END = re.compile("[.!?\n\u061f]")


def speaking_site(
    text: str,
    s: int,
    start: int,
    end: int,
    said: Callable[[int, int], bool],
    others: Callable[[int], bool],
) -> bool:
    """Whether a place is the speaker of its clause, not a target (rule speaking_site).

    Rule speaking_site: "for its part, the US embassy in Baghdad announced it was evacuating
    dozens of its staff, amid news of Katyusha rockets fired at Camp Taji" -- a place right
    after a verb of saying (lexicon statement_verbs: أعلنت، قالت، أكدت; ``said``) that opens
    its sentence (``s``) or a speaker's turn (من جانبها، بدورها) says something and is no
    target, when ``others(end)``: another place stands after it (``start``-``end``) in the
    sentence, the one the attack hit. A speaker that says it was hit itself ("the embassy
    announced that it was targeted": تعرضها، استهدافها، أنها) stays a target; so does a place
    alone in its sentence.
    """
    b = start - 1  # the blank before the place
    a = max(s, text.rfind(" ", s, b) + 1)
    word = text[a:b]
    if word[:1] in ("\u0648", "\u0641"):
        word = word[1:]  # وأعلنت، فقالت
    if word not in _saying() or not said(a, b):
        return False  # no verb of saying right before: most places
    if text[s:a].strip() and _TURN.search(text, s, a) is None:
        return False  # the verb does not open the sentence or a turn
    if not others(end):
        return False
    stop = _SENTENCE_END.search(text, end)
    return _ITSELF.search(text, end, stop.start() if stop else len(text)) is None
