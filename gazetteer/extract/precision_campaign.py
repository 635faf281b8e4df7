"""Named precision rules about campaigns and tallies of attacks (see :mod:`.precision`).

Split from :mod:`.precision`, which re-exports them; the case tables are
``tests/data/incidents/rules/campaign_trigger.json`` and ``attack_tally.json``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.matcher import Match
from gazetteer.text.normalize import normalise

#: The rules of this module listed in :data:`.precision_mechanisms.MECHANISM_RULES` (the older
#: ones are listed in :data:`.precision.RULES` itself).
CAMPAIGN_RULES: tuple[str, ...] = ("superlative_since", "tally_example", "hours_wave")

__all__ = [
    "CAMPAIGN_RULES",
    "attack_tally",
    "campaign_trigger",
    "example_marker_within",
    "example_of_tally",
    "hours_period",
    "range_period",
    "result_tally",
    "singled_out",
    "singled_out_after",
    "superlative_since",
]

_CLAUSE_END = re.compile(r"[,;.!?\n]")
_CLAUSE_OR_COMMA = re.compile("[,;.!?\n\u060c]")  # and the Arabic comma
#: How many words a period (خلال عام) may stand after the plural attack noun it dates.
_PERIOD_REACH = 12


def _kind(matches: list[Match[str]], kind: str) -> list[Match[str]]:
    return [m for m in matches if kind in m.payloads]


#: A possessive suffix right after a plural attack noun (غاراته، هجماتها، ضرباتهم).
_POSSESSED = re.compile("(?:\u0647\u0645\u0627|\u0647\u0645|\u0647\u0627|\u0647)(?!\\w)")


#: "most / some / the majority of them" right after a verb: its subject is a tally's part.
_MOST_OF_THEM = re.compile(
    "\\s+(?:\u0645\u0639\u0638\u0645|\u0627\u063a\u0644\u0628|\u0628\u0639\u0636"  # معظم اغلب بعض
    "|\u063a\u0627\u0644\u0628\u064a\u0647)(?:\u0647\u0627|\u0647\u0645)(?!\\w)"  # غالبيه + ها/هم
)


def campaign_trigger(text: str, trigger: Match[Any], qualifiers: list[Match[str]]) -> bool:
    """Whether an attack word speaks of a campaign: repeated attacks, a series of attacks.

    A plural attack noun with a word of repetition right after it (هجمات متكررة، استهداف
    صاروخي متكرر) or of series before it (سلسلة من الهجمات، وتيرة الهجمات) counts attacks over
    a period; so does a verb whose subject is that noun (سلسلة من الهجمات استهدفت ...), the
    repetition word closing the noun's phrase (استهداف المسلحين المتكرر للمطار), and a plural
    attack noun owned by its actor (غاراته تسببت بمقتل الآلاف: its strikes at large), and a verb
    whose subject is "most of them" (تبنت 90 عملية استهدف معظمها ...), and an attack noun
    right after "every" (بعد كل هجوم: qualifier kind "every"), told of attacks at large, and a
    plural attack noun its clause spreads over a year or months (هجمات صاروخية على مواقع في
    العاصمة خلال عام 2022: qualifier kind "period", within twelve words). A single
    attack told in the same sentence ("the last of them, on Sunday") keeps its own words.
    """
    if trigger.payloads[0].kind not in ("attack", "strike"):
        return False  # دوي انفجارات متتالية: one salvo heard, not a campaign
    if trigger.payloads[0].pos == "plural" and _POSSESSED.match(text, trigger.phrase_end):
        return True  # غاراته، هجماتها: the actor's attacks at large, not one attack
    if _MOST_OF_THEM.match(text, trigger.end):
        return True  # استهدف معظمها: most of a tally of operations, not one attack
    if not qualifiers:
        return False  # (each test below reads a qualifier)
    if trigger.payloads[0].pos != "verb" and any(
        0 <= trigger.start - q.end <= 2 for q in _kind(qualifiers, "every")
    ):
        return True  # بعد كل هجوم، فكل هجوم يمنح: every attack, attacks at large
    if trigger.payloads[0].pos == "plural" and any(
        q.start > trigger.end
        and len(text[trigger.end : q.start].split()) <= _PERIOD_REACH
        and not _CLAUSE_OR_COMMA.search(text, trigger.end, q.start)
        for q in _kind(qualifiers, "period")
    ):
        return True  # هجمات صاروخية على مواقع في العاصمة خلال عام 2022: over a year
    marks = _kind(qualifiers, "campaign")
    for q in marks:
        if 0 <= q.start - trigger.end <= 12:  # هجمات متكررة، لاستهداف صاروخي متكرر
            return True
        gap = text[trigger.end : q.start]
        if q.start > trigger.end and len(gap.split()) <= 3 and not _CLAUSE_END.search(gap):
            return True  # استهداف إرهابيي التنظيم المتكرر: the repetition closes the phrase
        if 0 <= trigger.start - q.end <= 6:  # سلسلة من الهجمات, وتيرة الهجمات
            return True
    return False


#: "the number of (the) operations / attacks / strikes": a count of attacks, in words.
_NUMBER_OF_ATTACKS = re.compile(
    "(?:^|\\s)\u0639\u062f\u062f\\s+(?:\u0627\u0644)?"  # عدد + optional ال
    "(?:\u0639\u0645\u0644\u064a\u0627\u062a|\u0647\u062c\u0645\u0627\u062a"  # عمليات هجمات
    "|\u0636\u0631\u0628\u0627\u062a|\u063a\u0627\u0631\u0627\u062a"  # ضربات غارات
    "|\u0627\u0633\u062a\u0647\u062f\u0627\u0641\u0627\u062a)(?!\\w)"  # استهدافات
)
#: "the number of the ..." (عدد ال, never "a number of", عدد من) and "since" (منذ), normalised.
_NUMBER = re.compile("(?:^|\\s)\u0639\u062f\u062f\\s+\u0627\u0644")  # عدد ال..., not عدد من
_SINCE = re.compile("(?:^|\\s)\u0645\u0646\u0630(?!\\w)")
#: A verb of rising or reaching a figure (rule words rise_verb), present tense included.
_RISE = re.compile(
    f"(?:^|\\s)[\u0648\u0641]?(?:{alternation('rise_verb')}"
    "|[\u064a\u062a](?:\u0631\u062a\u0641\u0639|\u0628\u0644\u063a|\u0635\u0644))"  # يرتفع يبلغ يصل
)


def rise_words() -> tuple[str, ...]:
    """The bare words of :data:`_RISE`: its two branches' words, each match holding one."""
    present = ("\u0631\u062a\u0641\u0639", "\u0628\u0644\u063a", "\u0635\u0644")  # as in _RISE
    return (*rule_words("rise_verb"), *(p + v for p in "\u064a\u062a" for v in present))


def attack_tally(text: str, start: int, end: int) -> bool:
    """Whether a sentence tallies attacks: "the number of operations rises to 98".

    Rule attack_tally: "with these operations the number of the resistance's operations rises
    to 98, the last one on Erbil airport being the 11th in the region" counts attacks over
    a campaign; the attack it names was told before. A sentence that tells "the number of"
    attacks and a verb of rising or reaching is a tally, not a report; so is one that tells a
    number rising since a date ("the civilians killed by its strikes since 23 July rise to
    213").
    """
    sentence = text[start:end]
    if not _RISE.search(sentence):
        return False
    # "the number of attacks rises to 98"; "the number of civilians killed since 23 July rises
    # to 213": a toll counted since a date is a campaign's, not this attack's
    since = _NUMBER.search(sentence) and _SINCE.search(sentence)
    return bool(_NUMBER_OF_ATTACKS.search(sentence) or since)


#: "bringing ... to": ل + a present verb of rising, reaching or becoming (ليرتفع، لتصل، ليبلغ،
#: ليصبح), opening a clause of result after a comma or a blank.
_RESULT_RISE = re.compile(
    "(?:^|[\\s,\u060c])\u0644[\u064a\u062a]"  # ل + ي/ت
    "(?:\u0631\u062a\u0641\u0639|\u0628\u0644\u063a"  # رتفع بلغ
    "|\u0635\u0644|\u0635\u0628\u062d)"  # صل صبح
    "(?!\\w)"
)


def result_tally(text: str, start: int, end: int) -> int | None:
    """Where a clause of result that tallies attacks opens in a sentence, or None.

    Rule tally_result_clause: "the base recorded a new attack with two drones yesterday,
    bringing the number of attacks on US forces since October to 131" reports the new attack
    in its main clause; only the clause opened by ليرتفع / لتصل / ليبلغ (to bring, to reach)
    is the running total. The reader asks its tally tests of the sentence up to that clause
    when an attack word of its own stands before it.
    """
    for m in _RESULT_RISE.finditer(text, start, end):
        if _NUMBER_OF_ATTACKS.search(text, m.end(), end):
            return m.start()
    return None


@cache
def _month_forms() -> frozenset[str]:
    """The month names of lexicon/months.csv, normalised (either calendar, one or two words)."""
    rows = load_lexicon("months", ("month", "form", "system"))
    return frozenset(normalise(r["form"]) for r in rows)


def month_words() -> tuple[str, ...]:
    """The bare words of :func:`range_period`: each month name's first word.

    Every match of its pattern holds two month names, each of which holds its first word
    (تشرين of تشرين الأول): a sentence with none gives no period.
    """
    return tuple(sorted({f.split()[0] for f in _month_forms()}))


@cache
def _range() -> re.Pattern[str]:
    """The period "between / from <month> ... and / to / until <month>", normalised."""
    forms = _month_forms()
    month = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(
        "(?:^|\\s)[\u0648\u0641]?(?:\u0628\u064a\u0646|\u0645\u0646)\\s+"  # بين، من
        f"(?:[^\\s,.]+\\s+){{0,2}}?(?:{month})(?!\\w)[^,.\\n]{{0,40}}?"
        "\\s(?:\u0648|\u0627\u0644\u064a\\s+|\u062d\u062a\u064a\\s+)"  # و، الي، حتي
        f"(?:[^\\s,.]+\\s+){{0,2}}?(?:{month})(?!\\w)"
    )


def range_period(text: str, start: int, end: int) -> bool:
    """Whether a sentence gives a period between two months (rule range_tally).

    "between October 2023 and February 2024 US forces came under more than 170 attacks": an
    amount of attacks over a period from one month to another is a running total, like one
    "since" a date or "during" a period; the reader's tally test takes this period too.
    """
    return _range().search(text, start, end) is not None


#: "when" opening the clause of one attack (حين، عندما), after a blank or a comma.
_WHEN = re.compile(
    "(?:^|[\\s,\u060c])[\u0648\u0641]?"
    "(?:\u062d\u064a\u0646|\u0639\u0646\u062f\u0645\u0627)(?!\\w)"  # حين، عندما
)


def singled_out(text: str, tally_end: int, end: int, dated: list[int], triggers: list[int]) -> bool:
    """Whether a tally goes on to single out one attack, dated, in a clause of its own.

    Rule tally_singles_out: "more than forty attacks since the start of the year, the worst on
    3 March, when ten rockets fell on Ain al-Asad": after the running total (ending at
    ``tally_end``) a clause opened by حين / عندما holds an attack word (``triggers``: where
    they start) and the sentence dates it after the total (``dated``: where its dates start).
    That attack is told as one, with its day: the sentence is a report, not only a tally.
    """
    for m in _WHEN.finditer(text, tally_end, end):
        if any(t > m.end() for t in triggers) and any(tally_end < d < m.end() + 80 for d in dated):
            return True
    return False


def singled_out_after(text: str, date_end: int) -> bool:
    """Whether a "when" clause (حين، عندما) opens within a few words after a date.

    "the worst on 3 March, when ten rockets fell": the date is that attack's (rule
    ``period_since`` does not give it to the period "since the start of the year" before it).
    """
    return _WHEN.search(text, date_end, date_end + 12) is not None


#: منذ، خلال، حتى الآن (normalised): the words that make "N attacks" a running total.
_SINCE = re.compile(
    "(?<!\\w)(?:\u0645\u0646\u0630|\u062e\u0644\u0627\u0644"
    "|\u062d\u062a\u064a \u0627\u0644\u0627\u0646)(?!\\w)"
)


@cache
def _superlative_before() -> re.Pattern[str]:
    """A superlative or "first" and at most three words after it, at the end of the text.

    (أعنف قصف منذ، أول قصف للمنطقة منذ، أعنف هجوم على القاعدة منذ; no comma between.)
    """
    return re.compile(
        f"(?<!\\w)[\u0648\u0641]?(?:{alternation('superlative')})"
        "(?:\\s+[^\\s,;.:\u060c]+){0,3}\\s+$"
    )


def superlative_since(text: str, start: int, end: int) -> bool:
    """Whether every "since" of a sentence compares: "the most violent bombardment since ...".

    Rule superlative_since: "three coalition air strikes on al-Bukamal at dawn, the heaviest
    bombardment since the start of the year" (أعنف قصف منذ مطلع العام), "the first attack on the
    base in a month" (الهجوم الأول منذ شهر): the since/during phrase follows a superlative or
    "first" and measures this strike against the past; it is no period over which attacks are
    counted, so the figure before the attack noun (ثلاث غارات) is this event's, not a total's.
    A sentence with any since/during not so governed is left to the running-total test.
    """
    found = list(_SINCE.finditer(text, start, end))
    if not found:
        return False
    pat = _superlative_before()
    return all(pat.search(text, max(start, m.start() - 50), m.start()) for m in found)


@cache
def _example_marker() -> re.Pattern[str]:
    """A word that picks one of many out as an example (من بينها، أبرزها، أعنفها)."""
    return re.compile(f"(?<!\\w)[\u0648\u0641]?(?:{alternation('example_marker')})(?!\\w)")


def example_words() -> tuple[str, ...]:
    """The bare words of :func:`example_marker_within`: the markers themselves."""
    return rule_words("example_marker")


def example_marker_within(text: str, start: int, end: int) -> bool:
    """Whether a word that picks an example out (من بينها، أبرزها) stands in ``[start, end)``."""
    return _example_marker().search(text, start, end) is not None


def example_of_tally(text: str, start: int, end: int, counted_ends: list[int]) -> bool:
    """Whether a sentence cites one attack as an example of many it counts.

    Rule tally_example: "the year 2023 saw more than a hundred attacks on US bases in Syria,
    the most prominent the attack on al-Tanf" (أبرزها الهجوم على قاعدة التنف), "the factions
    carried out dozens of attacks, among them one on al-Tanf with drones" (من بينها هجوم): after
    attacks counted by a figure or a multitude (``counted_ends``: where those attack nouns
    end), a word that picks one out (من بينها، أبرزها، أعنفها) names a past attack as an
    example, not news. The reader asks only of a sentence with no day of its own: "the latest
    of them yesterday" is told with its day and stays a report.
    """
    pat = _example_marker()
    return any(
        any(c <= m.start() for c in counted_ends) for m in pat.finditer(text, start, end)
    )


@cache
def _hours_after() -> re.Pattern[str]:
    """A period of hours or of a night right after since/during (at most two words on)."""
    return re.compile(
        f"\\s+(?:\\S+\\s+){{0,2}}?[\u0627\u0644]*(?:{alternation('hours_period')})(?!\\w)"
    )


def hours_period(text: str, start: int, end: int) -> bool:
    """Whether every since/during of a sentence spans only hours: one wave, not a total.

    Rule hours_wave: "coalition aircraft carried out more than twenty strikes on the last IS
    pocket at al-Baghuz during the past hours" (خلال الساعات الماضية), "twelve strikes during the
    night", "in the last 24 hours": a figure of strikes over hours or a night is one wave of
    strikes, reported as news; only a period of days and more (since October, during the past
    months) makes it a running total.
    """
    found = list(_SINCE.finditer(text, start, end))
    if not found:
        return False
    pat = _hours_after()
    return all(pat.match(text, m.end()) for m in found)
