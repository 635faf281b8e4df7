"""Precision rules of frames that tell no attack: a habit adverb, a launch vehicle.

Iraqi and Kurdish reporting relays a claim and then sets it in a frame of what usually happens
("the Islamic Resistance usually claims many of the attacks that target Ain al-Asad, Tal
Baidar and al-Tanf"), and security statements say where rockets left from by the vehicle they
were fired from ("the rockets were launched on board a pickup within the limits of Bartella").
The words of attack are there; the frame says nothing struck the place named at a time. The
rules read the frame:

- :func:`habitual_adverb` (rule ``habitual_adverb``): a habit adverb before a verb ('adatan
  ma, ghaliban ma, kathiran ma, da'iman ma: "usually", "often", "always") or a verb of habit
  (i'tada, da'aba 'ala: "used to", "kept on") frames what follows as a habit, and a sentence
  whose every attack word lies in that frame tells no event. The frame ends at a word of
  contrast (lakin, illa anna, ghayr anna, bayda anna) or a clause that opens with qad: "the
  border is usually calm, but three rockets fell on the base" keeps its attack.
- :func:`launched_aboard` (rule ``launch_aboard``): a launch word followed by "on board" or
  "on the back of" ('ala matn, 'ala zahr; with min before them, rule launch_atop's) names the
  vehicle fire left from, and a town after it in the same clause locates that vehicle: a
  launch point, not a place struck. A word that turns to where the fire went (towards, at),
  a sentence mark, a comma or an attack word between ends the phrase: "launched on board a
  pickup towards Erbil airport" leaves the airport read.
  :func:`.precision_statements.launched_from` asks it.

The words are written as normalised text (hamzated alifs bare, ta marbuta as ha, alif maqsura
as ya). :data:`FRAME_RULES` lists the rules for :data:`.precision.RULES` (through
:mod:`.precision_mechanisms`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "FRAME_RULES",
    "HABIT_STEMS",
    "habitual_adverb",
    "launched_aboard",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
FRAME_RULES: tuple[str, ...] = (
    "habitual_adverb",
    "launch_aboard",
)

#: The bare words of the habit frames (normalised): 'adah, ghaliban, kathiran, da'iman before
#: ma; the stems of i'tada ('tad) and da'aba (dab). A sentence without one is not asked further.
HABIT_STEMS: tuple[str, ...] = (
    "\u0639\u0627\u062f\u0647 \u0645\u0627",
    "\u063a\u0627\u0644\u0628\u0627 \u0645\u0627",
    "\u0643\u062b\u064a\u0631\u0627 \u0645\u0627",
    "\u062f\u0627\u0626\u0645\u0627 \u0645\u0627",
    "\u0639\u062a\u0627\u062f",
    "\u062f\u0627\u0628",
)

#: A habit adverb then ma then a verb of the present (ta-, ya-, na-) or kana (past habit); or a
#: verb of habit: i'tada / ta'tada / ya'tadu (with its endings), da'aba / tad'abu (with 'ala).
_HABIT = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:"
    "(?:\u0639\u0627\u062f\u0647|\u063a\u0627\u0644\u0628\u0627|\u0643\u062b\u064a\u0631\u0627"
    "|\u062f\u0627\u0626\u0645\u0627)\\s+\u0645\u0627\\s+"
    "(?:[\u062a\u064a\u0646]\\w+|\u0643\u0627\u0646\\w*)"
    "|(?:\u0627|[\u062a\u064a])\u0639\u062a\u0627\u062f\\w*"
    "|[\u062a\u064a]?\u062f\u0627\u0628\\w*(?:\\s+\\S+){0,2}?\\s+\u0639\u0644\u064a"
    ")(?!\\w)"
)
#: Where a habit frame ends: a word of contrast (lakin with or without its pronoun, illa anna,
#: ghayr anna, bayda anna) or a clause opening with qad / laqad after a comma.
_FRAME_END = re.compile(
    "(?<!\\w)(?:[\u0648\u0641]?\u0644\u0643\u0646\\w*"
    "|\u0627\u0644\u0627\\s+\u0627\u0646|\u063a\u064a\u0631\\s+\u0627\u0646|\u0628\u064a\u062f\\s+\u0627\u0646)(?!\\w)"
    "|[,\u060c]\\s*[\u0648\u0641]?(?:\u0642\u062f|\u0644\u0642\u062f)(?!\\w)"
)


def habitual_adverb(text: str, start: int, end: int, triggers: list[Any]) -> bool:
    """Whether a sentence's attack words all lie in a frame of habit (rule habitual_adverb).

    Rule habitual_adverb: "the Islamic Resistance in Iraq usually claims many of the attacks
    that target Ain al-Asad, Tal Baidar in northern Syria and al-Tanf" ('adatan ma tatabanna
    ...), "the factions often target the base with drones" (ghaliban ma tastahdif), "the
    groups used to shell the airport" (i'tadat qasf): the adverb or the verb of habit says
    what happens again and again, not what happened, and a sentence whose every attack word
    (``triggers``) lies between it and the sentence's end, or a word of contrast, tells no
    event. "The area is usually calm, but two rockets fell on the base this morning" (lakin)
    and "two rockets fell on the airport, which the factions often target" (the fall before
    the frame) stay as read.
    """
    find = text.find
    if all(find(w, start, end) == -1 for w in HABIT_STEMS):
        return False  # no habit word: most sentences
    spans = []
    for m in _HABIT.finditer(text, start, end):
        stop = _FRAME_END.search(text, m.end(), end)
        spans.append((m.start(), stop.start() if stop else end))
    if not spans or not triggers:
        return False
    return all(any(a <= t.start and t.end <= b for a, b in spans) for t in triggers)


#: "on board" / "on the back of" ('ala matn, 'ala zahr) with no min ("from") right before:
#: "from on board" (min 'ala matn) is rule launch_atop's, read in the phrase after min.
_ABOARD = re.compile(
    "(?<!\u0645\u0646 )(?<!\\w)\u0639\u0644\u064a\\s+"
    "(?:\u0645\u062a\u0646|\u0638\u0647\u0631)(?!\\w)"
)
#: How far before a place the vehicle phrase may open, and its launch word before that.
_ABOARD_REACH = 80
_LAUNCH_GAP = 40
#: What ends the vehicle phrase: a sentence mark or a comma.
_PHRASE_END = re.compile("[,\u060c.;!?\n\u061b\u061f]")


def launched_aboard(
    text: str, span: tuple[int, int], words: tuple[re.Pattern[str], re.Pattern[str]], found: Any
) -> bool:
    """Whether a place locates the vehicle fire was launched on board of (rule launch_aboard).

    Rule launch_aboard: "the rockets were launched on board a pickup-type vehicle within the
    limits of Bartella, between the villages of ..." (utliqat al-sawarikh 'ala matn 'ajala
    ... fi hudud Bartella): 'ala before matn or zahr means "on board", not "at", and a town
    after the vehicle in the same clause is where the vehicle stood. ``span`` is the
    sentence's start and the place's; ``words`` the patterns of a launch word and of a word
    that turns to a target. A launch word must open the phrase at most a few words before "on
    board", with no sentence mark between; a word that turns to where the fire went, a comma, a
    sentence mark or an attack word (``found``'s triggers) between "on board" and the place
    ends the phrase: "launched on board a pickup towards ('ala / nahwa) the town" leaves the
    town read as a target.
    """
    sentence_start, place_start = span
    launch, towards = words
    lo = max(sentence_start, place_start - _ABOARD_REACH)
    window = text[lo:place_start]
    if "\u0645\u062a\u0646" not in window and "\u0638\u0647\u0631" not in window:
        return False  # no matn / zahr: most places
    boards = list(_ABOARD.finditer(window))
    if not boards:
        return False
    board = boards[-1]
    gap = window[board.end() :]
    if _PHRASE_END.search(gap) or towards.search(gap):
        return False
    if found.within("triggers", lo + board.end(), place_start):
        return False
    head = lo + board.start()
    before = text[max(sentence_start, head - _LAUNCH_GAP) : head]
    starts = list(launch.finditer(before))
    return bool(starts) and not _PHRASE_END.search(before[starts[-1].end() :])
