"""Precision rules of security statements: where fire came from, and which verb "earlier" times.

Iraqi reporting is told through statements: the Security Media Cell's ("five rockets launched
from the Dujma area of al-Khalis district"), a counter-terrorism service's ("according to its
information, the base was subjected to an attack"), a wire follow-up ("earlier, the authorities
announced three rockets on the airport"). Three habits of that genre made false incidents on
real pages, and the rules here read their grammar, not the words of one statement:

- :func:`launched_from` (rule ``launch_phrase``): the whole place phrase after "launched from"
  (انطلقت من منطقة ... التابعة لقضاء ...، تم إطلاقها من ... غربي العاصمة) is where fire came
  from, not only the word right after من;
- :func:`statement_adverb` (rule ``earlier_statement``): "earlier" (في وقت سابق، سابقا) that
  qualifies a verb of saying (وفي وقت سابق، أعلنت ...) or a description of the place (التي كانت
  تستخدم سابقا) dates the statement or the description, so the attack told is no recall;
- :func:`attributed_perfect` (rule ``attributed_perfect``): فقد + a past verb after an
  attribution (وفقا لمعلوماته، فقد تعرضت القاعدة) is the perfect of the report, not the
  pluperfect "كانت ... قد تعرضت" of a recall;
- :func:`running_toll` (rule ``running_toll``): casualties counted "since" a time (منذ منتصف
  تموز، حتى الان) are a running toll of months, not more places of the wave just read;
- :func:`quoted_today` (rule ``quoted_today``): "today" inside a source's quoted words is the
  day the source spoke, when the article dated that statement a day before its own (a wire
  story of the next morning: "a source said yesterday, Friday ... «three rockets fell today»");
- :func:`killing_after` (rule ``killing_after``): "the strikes came after the killing of an
  American in an attack on a base in Kirkuk" (بعد مقتل ... في هجوم على ...): the killing after
  بعد، عقب، إثر is the earlier event, and its place is not the strikes'.

:data:`STATEMENT_RULES` lists them for :data:`.precision.RULES`; the reader asks the first in
:meth:`.targets.TargetReader._role`, running_toll in :meth:`.attacks.AttackReader._wave`, the
others in :class:`.statement_passes.StatementPasses` (the back-reference cues, the quoted
days, the background clauses) and, for killing_after's back-references, in
:meth:`.drafting.DraftReader.draft`. The words are data (``lexicon/rule_words.csv``, kinds
``launch_word``, ``earlier_adverb``, ``target_preposition`` and ``locative_word``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from gazetteer.extract import precision_frames as frames
from gazetteer.extract.rule_words import alternation, rule_words

__all__ = [
    "STATEMENT_RULES",
    "attributed_perfect",
    "in_killing_clause",
    "killing_after",
    "launched_from",
    "quoted_today",
    "running_toll",
    "statement_adverb",
]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
STATEMENT_RULES: tuple[str, ...] = (
    "launch_phrase",
    "earlier_statement",
    "attributed_perfect",
    "running_toll",
    "quoted_today",
    "killing_after",
)

#: How far before a place the من of its launch phrase may stand (a place phrase of a few words).
_FROM_REACH = 70
#: How far before that من the launch word may stand (its object between: الصواريخ، خمسة صواريخ).
_LAUNCH_REACH = 60
#: How far before an adverb of "earlier" a relative pronoun may open the clause it stands in.
_RELATIVE_REACH = 40

_MIN = "\u0645\u0646"  # من
#: A sentence mark: a launch phrase never runs across one.
_STOP = re.compile("[.;!?\n\u061b\u061f]")
#: "up to" before a count (ما يصل الى، ما يصل عددها الى), normalised: its الى turns to nothing.
_UP_TO = re.compile("(?<!\\w)[\u064a\u062a]\u0635\u0644(?:\\s+\\S+)?\\s+\u0627\u0644\u064a(?!\\w)")
#: كان، كانت (with و ف before them): a verb of saying after one is a pluperfect, a recall.
_WAS = re.compile("(?<!\\w)[\u0648\u0641]?\u0643\u0627\u0646(?:\u062a)?(?!\\w)")
#: A word that makes the من after it "near" (قرب، بالقرب، مقربة، القريب), normalised.
_NEAR = re.compile(
    "(?:\u0642\u0631\u0628|\u0645\u0642\u0631\u0628\u0647"
    "|\u0627\u0644\u0642\u0631\u064a\u0628\u0647?)\\s+$"
)
#: "of today", "of yesterday", "of this week" after "earlier" (من اليوم، من يوم امس، من هذا
#: الاسبوع, normalised): the day the earlier statement was made, not a word of it.
_OF_DAY = re.compile(
    "\\s+\u0645\u0646\\s+(?:\u0647\u0630\u0627\\s+)?(?:\u064a\u0648\u0645\\s+)?"
    "(?:\u0627\u0644\u064a\u0648\u0645|\u0627\u0645\u0633|\u0627\u0644\u0627\u0633\u0628\u0648\u0639)(?!\\w)"
)
#: A word (no blank, comma or sentence mark in it), and the first one after blanks and commas.
_WORD = re.compile("[^\\s,\u060c.;!?\u061b\u061f]+")
_FIRST_WORD = re.compile("[\\s,\u060c]*(\\S+)")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The patterns of the rules (built on first use from the words of rule_words.csv)."""
    return {
        # أطلق، إطلاق، انطلقت، انطلاقها ... with و ف ب ل before them (normalised)
        "launch": re.compile(
            f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:{alternation('launch_word')})"
        ),
        # من as a word, with و before it or not
        "from": re.compile(f"(?<!\\w)\u0648?{_MIN}(?!\\w)"),
        # على، باتجاه، نحو، صوب، الى ...: the phrase turns to where the fire went
        "towards": re.compile(
            f"(?<!\\w)[\u0648\u0641]?(?:{alternation('target_preposition')})(?!\\w)"
        ),
        # after a comma the place phrase goes on only with في، قرب، ضمن، التابعة، a bearing
        "locative": re.compile(
            f"[\u0648\u0641]?(?:{alternation('locative_word')})[\u064a\u0627\u0647]?(?!\\w)"
        ),
        "relative": re.compile(f"(?<!\\w)(?:{alternation('relative')})(?!\\w)"),
        "mark": re.compile("[,\u060c.;!?\n\u061b\u061f]"),
    }


def launched_from(
    text: str,
    sentence_start: int,
    place_start: int,
    facility: Callable[[], bool],
    found: Any,
) -> bool:
    """Whether a place lies in the place phrase after "launched from" (rule launch_phrase).

    Rule launch_phrase: statements name the launch point by a phrase, not one word: "five
    rockets launched from the Dujma area of al-Khalis district" (انطلقت من منطقة دوجمة
    التابعة لقضاء الخالص), "fired from al-Karkh, in the western half of Baghdad" (من الكرخ، في
    النصف الغربي من بغداد). Every town of that phrase is where fire came from. The phrase runs
    from the من after a launch word (أطلق، إطلاق، انطلق، انطلاق ...) to the place, and ends at a
    sentence mark, at a word that turns to where the fire went (على، باتجاه، نحو، صوب، الى)
    and at an attack word (``found``, the article's cues: "launched from X and fell on the town
    of Y"); a weapon word after من makes it the instrument, not a place ("fire from machine
    guns on 16 April near the town": إطلاق نار من أسلحة رشاشة).
    After a comma it goes on only with a locative word (في، قرب، ضمن، التابعة، a bearing). A
    base or an airport of ours (``facility``, asked last) is never a launch point here:
    "launched from near the airport" leaves the airport to the other rules.
    """
    lo = max(sentence_start, place_start - _FROM_REACH)
    if "\u0637\u0644" not in text[max(sentence_start, lo - _LAUNCH_REACH) : place_start]:
        return False  # طل: every launch word holds it (the bare test before the patterns)
    if facility():
        return False
    window = text[lo:place_start]
    pats = _patterns()
    rules, launches = _late_modules()
    if rules.fires("launch_resumptive") and launches.resumptive_origin(
        text, sentence_start, place_start, pats["launch"], pats["towards"], found
    ):
        return True  # المنطقة التي اطلقت منها الصواريخ تقع ضمن ... الموصل
    if rules.fires("launch_aboard") and frames.launched_aboard(
        text, (sentence_start, place_start), (pats["launch"], pats["towards"]), found
    ):
        return True  # اطلقت الصواريخ على متن عجلة ... في حدود برطلة
    atop = rules.fires("launch_atop")
    froms = list(pats["from"].finditer(window))
    for m in reversed(froms):
        frm = lo + m.start()
        if _NEAR.search(text, max(0, frm - 12), frm):
            continue  # بالقرب من، على مقربة من: "near", not "from"
        gap = text[lo + m.end() : place_start]
        aimed = launches.atop_from(gap) if atop else gap  # من على متن: "from on board"
        if _STOP.search(gap) or pats["towards"].search(aimed) or _cue_in(found, frm, place_start):
            return False
        if not _continues_after_commas(gap, pats["locative"]):
            return False
        before = text[max(sentence_start, frm - _LAUNCH_REACH) : frm]
        launch = list(pats["launch"].finditer(before))
        if launch and not _STOP.search(before[launch[-1].end() :]):
            between = before[launch[-1].end() :]
            start = frm - len(before) + launch[-1].end()
            between = _UP_TO.sub(" ", between)  # ما يصل الى اربعة صواريخ: a count, no target
            if not pats["towards"].search(between) and not found.within("triggers", start, frm):
                return True
        # "الغربي من بغداد": an earlier من of the same phrase may hold the launch word
    return False


@cache
def _late_modules() -> tuple[Any, Any]:
    """The modules precision and precision_launches (imported late: precision imports this)."""
    from gazetteer.extract import precision, precision_launches

    return precision, precision_launches


def _cue_in(found: Any, a: int, b: int) -> bool:
    """Whether an attack word or a weapon word starts in ``[a, b)``."""
    return bool(found.within("triggers", a, b) or found.within("weapons", a, b))


def _continues_after_commas(gap: str, locative: re.Pattern[str]) -> bool:
    """Whether every comma of a place phrase is followed by a locative word."""
    for part in re.split("[,\u060c]", gap)[1:]:
        word = part.split(None, 1)
        if not word or not locative.match(word[0]):
            return False
    return True


def statement_adverb(
    text: str,
    cue: tuple[int, int],
    said: Callable[[int, int], bool],
    found: Any,
) -> bool:
    """Whether "earlier" times a statement or a description, not the attack (earlier_statement).

    Rule earlier_statement: a follow-up tells again the attack of its lead through an earlier
    statement ("Earlier, the authorities announced three rockets on the airport"; "the
    Resistance had reported, earlier, that it shelled the base"): the adverb (في وقت سابق،
    سابقا; ``cue``) qualifies the verb of saying right after or right before it (``said``: a
    verb of lexicon statement_verbs at that span), so the attack it introduces is no recall of
    an earlier day. The same holds for an adverb in a relative clause that describes the place
    ("Harir base, which was used earlier as a coalition base, was subjected to a drone attack":
    التي ... سابقا with no attack word between, in ``found``, the article's cues). "Earlier"
    right beside an attack word ("the base was targeted earlier by a drone") stays a recall,
    and so does a verb of saying in the pluperfect ("a source had said earlier that ...": كان
    ... قد قال، وكانت ... أفادت): that statement, and the attack it told, came before the
    article's news. A verb of saying further back counts when no attack word stands between
    it and the adverb (أفادت الفصائل، في وقت سابق، بأنها ...). "Of today" or "of yesterday"
    after the adverb (في وقت سابق من اليوم، أفادت مصادر) times the statement too.
    """
    a, b = cue
    words = rule_words("earlier_adverb")
    phrase = text[a:b].strip()
    if phrase[:1] in ("\u0648", "\u0641") and phrase[1:] in words:
        phrase = phrase[1:]
    if phrase not in words:
        return False
    day = _OF_DAY.match(text, b)  # في وقت سابق من اليوم، أفادت ...: "of today" read past
    nxt = _FIRST_WORD.match(text, day.end() if day else b, min(len(text), b + 50))
    if nxt is not None:
        s, e = nxt.span(1)
        if text[s] == "\u0648" and not said(s, e):
            s += 1  # وأعلنت
        if said(s, e):
            return not _pluperfect(text, s)
    lo = max(0, a - _RELATIVE_REACH)
    stops = list(_STOP.finditer(text, lo, a))
    lo = stops[-1].end() if stops else lo
    for w in reversed(list(_WORD.finditer(text, lo, a))):
        if found.within("triggers", w.start(), a):
            break  # an attack word nearer: "earlier" is the attack's
        if said(w.start(), w.end()):
            return not _pluperfect(text, w.start())  # أفادت الفصائل، في وقت سابق، بأنها ...
    pats = _patterns()
    lo = max(0, a - _RELATIVE_REACH)
    rel = list(pats["relative"].finditer(text, lo, a))
    if not rel:
        return False
    r = rel[-1]
    return not pats["mark"].search(text, r.end(), a) and not found.within("triggers", r.end(), a)


def _pluperfect(text: str, verb: int) -> bool:
    """Whether a form of كان opens the clause of a verb of saying ("had said earlier")."""
    lo = max(0, verb - _RELATIVE_REACH)
    marks = list(_STOP.finditer(text, lo, verb))
    if marks:
        lo = marks[-1].end()
    return _WAS.search(text, lo, verb) is not None


def attributed_perfect(text: str, cue_start: int) -> bool:
    """Whether a "قد + past verb" cue is the perfect of a report (rule attributed_perfect).

    Rule attributed_perfect: the cue قد تعرضت / قد استهدفت marks a recall in the pluperfect
    (وكانت القاعدة قد تعرضت لهجوم). Written فقد, after an attribution or a condition ("according
    to the service's information, the base has been subjected to an attack": وفقا لمعلومات
    الجهاز، فقد تعرضت القاعدة), it is the perfect of the report itself: the attack is today's
    news. Only ف fused to قد makes it so; وقد, or كانت ... قد, keeps the recall.
    """
    at = text.find("\u0642\u062f", cue_start, cue_start + 3)  # قد
    if at < 0:
        return False
    return at > 0 and text[at - 1] == "\u0641" and (at == 1 or not text[at - 2].isalnum())


#: "since" and "so far" as words (منذ، حتى الان), with و before them or not, normalised.
_SINCE = re.compile(
    "(?<!\\w)\u0648?(?:\u0645\u0646\u0630"
    "|\u062d\u062a\u064a\\s+\u0627\u0644\u0627\u0646)(?!\\w)"
)


def running_toll(text: str, start: int, end: int) -> bool:
    """Whether a sentence counts its casualties since a time (rule running_toll).

    Rule running_toll: right after a report of rockets on the airport, "the city has seen
    protests since mid-July that left many dead and dozens wounded" (منذ منتصف تموز ... راح
    ضحيتها العديد من القتلى) or "the toll of the strikes has reached 40 so far" counts a
    running total of weeks or months; it gives no more places of the wave just read, as "nine
    dead in Albukamal, five in al-Mayadin" does.
    """
    return _SINCE.search(text, start, end) is not None


#: A day word of the present inside a quote: اليوم (with و ف ب ل), normalised.
_TODAY = re.compile("(?<!\\w)[\u0648\u0641\u0628\u0644]?\u0627\u0644\u064a\u0648\u0645(?!\\w)")


def quoted_today(text: str, date_start: int, date_end: int) -> bool:
    """Whether a date is "today" inside a quotation (rule quoted_today).

    Rule quoted_today: a wire story published the morning after tells "a security source
    announced yesterday, Friday, the fall of three rockets on the airport" and quotes him:
    "three rockets fell today in a yard of the airport". The quoted today (اليوم, between
    quote marks that open in its paragraph: an odd number of them before it) is the day the
    source spoke -- the statement's day the article gave -- not the article's; read as the
    article's day it makes a second attack. The reader re-dates it only when the article dated
    a statement on one day before its own (:class:`.statement_passes.StatementPasses`).
    """
    if not _TODAY.search(text, date_start, date_end):
        return False
    para = text.rfind("\n", 0, date_start) + 1
    return text.count('"', para, date_start) % 2 == 1


@cache
def _killing() -> re.Pattern[str]:
    """A killing noun (rule words ``killing``: مقتل، اغتيال، استشهاد), the first word on."""
    return re.compile(f"\\s*(?:{alternation('killing')})(?!\\w)")


def killing_after(text: str, connector_end: int) -> bool:
    """Whether "after" (بعد، عقب، إثر) is followed by a killing (rule killing_after).

    Rule killing_after: "the US struck Kataib Hezbollah's sites in al-Qaim; the strikes came
    after the killing of an American contractor and the wounding of others in an attack on a
    base in Kirkuk" (جاء القصف بعد مقتل مواطن امريكي ... في هجوم على احدى القواعد في كركوك):
    the killing, where and how it was done, is the earlier event the report answers, told up to
    the end of its clause; its place is no place of the report, nor its weapons, and its day is
    not the report's. As with ردا على مقتل (rule background_clause). "After" followed by anything
    else is the other rules'.
    """
    return _killing().match(text, connector_end) is not None


def in_killing_clause(text: str, found: Any, start: int, at: int) -> bool:
    """Whether ``at`` stands in an "after the killing of ..." clause begun in ``[start, at)``.

    Part of rule killing_after: a report whose place is told only there ("the strikes came
    after the killing of an American in an attack on a base in Kirkuk") reports that earlier
    attack, a back-reference of no day of its own.
    """
    for q in found.within("qualifiers", start, at):
        if (
            "background" in q.payloads
            and killing_after(text, q.end)
            and not _CLAUSE_MARK.search(text, q.end, at)
        ):
            return True
    return False


#: A comma or a sentence mark: where an "after the killing of ..." clause ends.
_CLAUSE_MARK = re.compile("[,;.!?\\n\u060c\u061b\u061f]")
