"""Named precision rules about weapons (see :mod:`.precision` for the rule list).

Each rule has its case table in ``tests/data/incidents/rules/<name>.json``.
"""

from __future__ import annotations

import re
from typing import Any

from gazetteer.extract.precision_targets import _kind
from gazetteer.extract.rule_words import alternation
from gazetteer.text.matcher import Match

__all__ = [
    "aircraft_striker",
    "overflight_aircraft",
    "periphrastic_passive",
    "stored_weapon",
    "the_strike",
]

#: What ends a clause: a strike verb past it has another subject.
_CLAUSE_END = re.compile(r"[,;.!?:\n]")

#: Words between an aircraft noun and the strike word after it (its owner, a date, "led by").
_AFTER_WORDS = 8

#: Words between an attack verb and the aircraft it strikes with (its subject, object, a date).
_INSTRUMENT_WORDS = 14

#: A verb of carrying out between an attack noun and the aircraft: اعتداء نفذه طيران التحالف.
_DOING = re.compile(
    "^\\s*(?:\u0627\u0644\u0630\u064a\\s+|\u0627\u0644\u062a\u064a\\s+)?"  # الذي، التي
    "\u0648?(?:\u0646\u0641\u0630|\u0634\u0646)\\w{0,3}\\s*$"  # نفذ، شن + suffix
)


def aircraft_striker(
    text: str,
    platform: tuple[int, int],
    triggers: list[tuple[int, int, bool]],
    overflights: list[int],
    instrument: bool = False,
) -> bool:
    """Whether an aircraft noun (helicopters, "the aviation") is the subject of a strike.

    Rule aircraft_striker. Outlets name the striking aircraft instead of the strike: "قصفت
    مروحيات التحالف مواقع ..."، "ردت مروحيات التحالف بقصف ..."، "اعتداء نفذه طيران
    التحالف"، "شنت طائرات التحالف ضربات". Then the aircraft is the weapon (an air strike).
    It is when an attack word stands right before it (at most one word between), or after it
    in the same clause within a few words (its owner, "led by ...", a date between). Aircraft
    flying over, watching or taking part in a drill, or carrying the wounded, are not.

    Parameters
    ----------
    text : str
        The normalised article.
    platform : tuple of int
        Where the aircraft noun stands.
    triggers : list of (start, end, verb)
        The sentence's attack words that strike (not a fall or an explosion: "سقطت مروحية"
        is a crash), ``verb`` true for a verb. A noun before the aircraft strikes with it only
        through a verb of carrying out (اعتداء نفذه طيران).
    overflights : list of int
        Where the sentence's overflight words (تحليق، استطلاع، رصد) start: one between the
        attack word and the aircraft breaks the link.
    instrument : bool
        Whether the aircraft carries the instrumental ب (هاجموا القاعدة بالطيران المسير): then
        an attack word earlier in its clause, within a few words, strikes with it.
    """
    a, b = platform
    for start, end, verb in triggers:
        if end <= a:
            gap = text[end:a]
            near = (verb and len(gap.split()) <= 1) or bool(_DOING.match(gap))
            near = near or (instrument and len(gap.split()) <= _INSTRUMENT_WORDS)
        elif start >= b:
            gap = text[b:start]
            near = len(gap.split()) <= _AFTER_WORDS
        else:
            continue
        lo, hi = (end, a) if end <= a else (b, start)
        if near and not _CLAUSE_END.search(gap) and not any(lo <= o < hi for o in overflights):
            return True
    return False


#: A store or workshop word, then up to one more word (its article, "for"), ending the gap.
_STORE = re.compile(f"(?:^|\\s)[\u0648\u0641]?(?:{alternation('storage')})(?:\\s+\\S+)?\\s*$")


def stored_weapon(before: str) -> bool:
    """Whether a weapon word names what a store held, not what struck it.

    Rule stored_weapon: "a strike hit a facility for storing drones", "raids on a rocket
    depot", "near a company maintaining fighter jets", "the strikes destroyed a tank and two
    guns": the drones, rockets, jets and guns were the target or its contents. ``before`` is
    the text just before the weapon word (the store word must end within one word of it).
    """
    return _STORE.search(before) is not None


#: "تم / جرى" (it was done), normalised, then the rest of its clause up to a verbal noun.
_PERIPHRASIS = re.compile(
    "(?<!\\S)[\u0648\u0641]?(?:\u062a\u0645|\u062c\u0631\u064a)(?!\\S)[^.,;:\\n]{0,30}$"
)


def periphrastic_passive(text: str, start: int, noun: int) -> bool:
    """Whether the verbal noun at ``noun`` is the passive verb of a "تم / جرى" before it.

    Rule periphrastic_passive: Arabic official statements make a passive of a verbal noun
    with تم or جرى ("تم اعتراض الطائرة" -- the drone was intercepted; "جرى التعامل معهما
    وإسقاطهما" -- they were engaged and downed). Such a noun, in the clause of تم or جرى
    (``text[start:noun]``), is a finite verb of its event, never a purpose ("نشر منظومة
    لاعتراض ..." -- deployed a system to intercept).
    """
    return _PERIPHRASIS.search(text, start, noun) is not None


#: "تمكن / نجح" (managed, succeeded) in any person, then "من / في" right before the verbal noun.
_MANAGED = re.compile(
    # تمكن، نجح and up to three letters of person and number
    "(?<!\\S)[\u0648\u0641]?(?:\u062a\u0645\u0643\u0646|\u0646\u062c\u062d)\\w{0,3}(?!\\S)"
    "[^.\\n]*\\s[\u0645\u0641][\u0646\u064a]\\s+$"  # ... من / في
)


def managed_to(text: str, start: int, noun: int) -> bool:
    """Whether the verbal noun at ``noun`` is what a "managed to" verb before it did.

    Rule managed_to: army statements tell an interception as a feat, "تمكنت الدفاعات الجوية
    ... من اعتراض وإسقاط طائرتين" (the air defences managed to intercept and down two drones),
    "نجحت المنظومة في إسقاط الصاروخ": the verbal noun right after من or في, in the sentence of
    تمكن or نجح (``text[start:noun]``), is a finite act, as اعترضت would be; a noun of purpose
    or capacity ("a system able to intercept", قادرة على اعتراض) is not.
    """
    return _MANAGED.search(text, start, noun) is not None


#: ضربة / غارة with the article and an optional و / ف (الضربة، والغارات), normalised.
_THE_STRIKE = re.compile(
    "[\u0648\u0641]?\u0627\u0644(?:\u0636\u0631\u0628|\u063a\u0627\u0631)(?:\u0647|\u0627\u062a)"
)


def the_strike(text: str, first_trigger: tuple[int, int], last_weapons: list[str]) -> bool:
    """Whether a sentence goes on about "the strike" while the last incident was no strike.

    Rule strike_antecedent: a statement tells a strike that answered an attack on a base, then
    the attack it answered, then "the strike killed two militants and destroyed a launcher":
    the definite strike noun (الضربة، الغارة) that opens the sentence's attack words goes back
    to the latest incident that was a strike, not to the attack on the base read just before
    (``last_weapons``, which holds no air strike). ``first_trigger`` is the span of the
    sentence's first attack word.
    """
    a, b = first_trigger
    return "airstrike" not in last_weapons and _THE_STRIKE.fullmatch(text, a, b) is not None


def overflight_aircraft(
    text: str, weapon: Match[Any], qualifiers: list[Match[str]], clause: tuple[int, int]
) -> bool:
    """Whether an aircraft word only flies over, watches or stands on alert.

    "تحليق مكثف للطيران المروحي الأمريكي فوق الحقل", "استنفار ... وطيرانه الحربي": the aircraft
    are no weapon of the attack reported.
    """
    a, b = clause
    return any(a <= m.start < b for m in _kind(qualifiers, "overflight"))
