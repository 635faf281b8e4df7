"""Precision rules of discourse: sentences that speak of an attack without reporting one.

Whatever their genre (a correspondent's diary, a call-in, a sermon, a think-tank paper, a
parliamentary question, a sports or weather story), the pieces that tell no news share a few
ways of speaking of attacks: they deny that what was heard was one, they place attacks in an
undated span of years, they ask whether one happened, they tell of a plot that never became
one. Each rule here reads the grammar of one of those ways (a negation before the attack word,
a span of years and no date, a verb of asking before every attack word, "before it was carried
out"), not the words of one article. The reader asks them of a sentence that would otherwise
report an attack (:meth:`AttackReader.is_attack`); re-exported by :mod:`.precision`, which
keeps the list of rules. The words are data: ``lexicon/rule_words.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from gazetteer.extract.rule_words import alternation, rule_words

__all__ = [
    "DISCOURSE_RULES",
    "clip_claim",
    "clip_words",
    "foiled_plot",
    "future_stance",
    "negated_attack",
    "question_asked",
    "since_when",
    "vague_past",
    "what_happened",
]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
DISCOURSE_RULES: tuple[str, ...] = (
    "negated_attack",
    "vague_past",
    "question_asked",
    "foiled_plot",
    "future_stance",
    "clip_claim",
    "what_happened",
    "since_when",
)

_CLITIC = "(?<!\\w)[\u0648\u0641]?"  # و ف
_ART = "(?:\u0627\u0644)?"  # ال
#: The definite article (normalised), with a preposition clitic before it or not.
_DEFINITE = re.compile("[\u0648\u0641]?[\u0628\u0644\u0643]?\u0627\u0644")
#: A mark that ends a clause (the Arabic comma too).
_CLAUSE_MARK = re.compile("[,;:\u060c\n]")
#: How far before an attack word a negation may stand (the link words between them).
_NEGATION_REACH = 30


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The patterns of the rules (built on first use from the words of rule_words.csv)."""
    links = f"(?:\\s+(?:{alternation('neg_link')}))*"
    return {
        # a negation, link words, then the end of the piece before the attack word
        "denied": re.compile(f"{_CLITIC}(?:{alternation('negation')}){links}\\s+$"),
        "fired_nothing": re.compile(
            f"{_CLITIC}(?:{alternation('negation')})\\s+(?:{alternation('fire_verb')})"
            f"\\s+(?:{alternation('nothing')})(?!\\w)"
        ),
        "vague_past": re.compile(
            f"(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:{alternation('vague_past')}"
            # earlier times with no word after them that dates them (مرارا اليوم is today)
            f"|(?:{alternation('vague_earlier')})(?!\\s+[\u0648]?(?:{alternation('dated_after')})"
            "(?!\\w)))(?!\\w)"
        ),
        "ask": re.compile(f"{_CLITIC}(?:{alternation('ask_verb')})(?!\\w)"),
        "unrealised": re.compile(f"(?<!\\w)(?:{alternation('unrealised')})(?!\\w)"),
        # a clip, video or post, then within four words a verb of claiming
        "clip_claim": re.compile(
            f"(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?{_ART}(?:{alternation('media_noun')})(?!\\w)"
            f"(?:\\s+\\S+){{0,4}}?\\s+(?:{alternation('claim_verb')})(?!\\w)"
        ),
        # "what happened" (ما جرى، ما حدث، ما وقع، ما شهده), then up to six words to a date
        "what_happened": re.compile(
            f"(?<!\\w)[\u0648\u0641\u0644]?(?:{alternation('what_happened')})(?!\\w)"
            "(?:\\s+\\S+){0,6}?\\s+$"
        ),
        # a comma (or none), then "when" (حين، عندما), as the clause after a date opens
        "when": re.compile(
            "\\s*[,\u060c]?\\s*(?:\u062d\u064a\u0646|\u0639\u0646\u062f\u0645\u0627)(?!\\w)"
        ),
        # up to six words (a quotation mark too) between the attack words and "will not"
        "will_not": re.compile(
            "(?:\\s+[^\\s,;.:\u060c]+){0,6}?\\s+[\"'\u00ab]?[\u0648\u0641]?"
            f"(?:{alternation('will_not')})(?!\\w)"
        ),
    }


def fire_words() -> tuple[str, ...]:
    """The bare words of "fired nothing" (:func:`negated_attack`): a firing verb in every match."""
    return rule_words("fire_verb")


def negated_attack(
    text: str, start: int, end: int, attack_words: list[int], firing: bool = True
) -> bool:
    """Whether a sentence denies that what it tells was an attack.

    Rule negated_attack: a call-in, a weather or a sports story tells of booms heard at a base,
    a drone that circled a field, blasts at a militia's depot, and then says what they were
    not: "... not from any shelling", "... but it fired nothing", "they are no attacks but
    drills", "they did not target American sites". The sentence's last attack word is denied
    (a negation, then only link words such as عن، أي، يكن, right before it, the word a verb or
    an indefinite noun), or a negated firing verb has "anything" as its object (لم تطلق
    شيئا): the sentence reports no attack. Not a definite noun after the negation ("it was
    not the first attack on the base": the attack is granted), and the reader does not ask
    the rule when a weapon is counted (three shells fell, they did not hit the base itself).
    Only strong attack and strike words are read (``attack_words``: their starts): "no dead
    fell", "the second rocket did not fall inside" or "the base suffered no damage" (لم تتعرض
    لأضرار) deny a figure, a place or damage, never the attack.
    ``firing``: False when the sentence holds none of :func:`fire_words` (the reader knows it
    from its one pass): no "fired nothing" then, and its search over the sentence is skipped.
    """
    pats = _patterns()
    if firing and pats["fired_nothing"].search(text, start, end):
        return True
    if not attack_words:
        return False
    last = max(attack_words)
    if _DEFINITE.match(text, last):
        return False
    return pats["denied"].search(text, max(start, last - _NEGATION_REACH), last) is not None


def vague_past_words() -> tuple[str, ...]:
    """The bare words of :func:`vague_past`: every match of its pattern holds one."""
    return (*rule_words("vague_past"), *rule_words("vague_earlier"))


def vague_past(text: str, start: int, end: int, attack_words: list[int]) -> bool:
    """Whether a sentence places its attacks in an undated span of years.

    Rule vague_past: background in features, visit and sports stories ("the base came under
    sporadic mortar fire during the years of the war", "the last attack on its outskirts goes
    back years") speaks of attacks only as a past span of years (سنوات مضت، قبل سنوات، خلال
    سنوات الحرب), and news gives a base's record as attacks at unnamed earlier times ("it had
    come under similar attacks on earlier occasions", "was targeted more than once": في مرات
    سابقة، مرارا، أكثر من مرة، عدة مرات; not "more than once this month", which dates them; a
    bare "earlier" may time one attack told again, rule earlier_statement's), in the clause of
    an attack word (``attack_words``: their starts; no comma
    between them). The reader asks the rule only of a sentence with no date and no counted
    weapon of its own: "the first attack in years, last night" or "years after the war, three
    rockets fell" still report theirs, and so does "the base, which has hosted US troops for
    years, came under rocket fire" (the years are the hosting's, in a clause of their own).
    """
    for m in _patterns()["vague_past"].finditer(text, start, end):
        for a in attack_words:
            lo, hi = min(a, m.start()), max(a, m.end())
            if _CLAUSE_MARK.search(text, lo, hi) is None:
                return True
    return False


def question_asked(
    text: str, start: int, attack_words: list[int], answers: Callable[[], list[int]]
) -> bool:
    """Whether a verb of asking comes before every attack word of a sentence, unanswered.

    Rule question_asked: parliamentary questions, call-ins and interviews ask about attacks
    ("the deputy asked how many drones fell in the area and whether any hit the base"): what a
    verb of asking (تساءل، سأل، استفسر) governs is asked, not told. The verb must stand before
    the sentence's first attack or weapon word (``attack_words``: their starts), and no verb of
    saying (``answers()``: their starts, asked only once a verb of asking is found) may follow
    it with an attack word after that: "our correspondent asked a source about the boom, and
    he said a rocket fell on the base" tells the answer. An attack told before the question
    ("rockets fell on the base; he asked who fired them") is reported, and the reader does not
    ask the rule of a sentence with a date of its own.
    """
    if not attack_words:
        return False
    m = _patterns()["ask"].search(text, start, min(attack_words))
    if m is None:
        return False
    last = max(attack_words)
    return not any(m.end() <= a < last for a in answers())


def unrealised_words() -> tuple[str, ...]:
    """The bare words of :func:`foiled_plot`: the phrases of "before it was carried out"."""
    return rule_words("unrealised")


def foiled_plot(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a plot foiled before it was carried out.

    Rule foiled_plot: court reports and security statements tell of attacks planned and
    stopped "before they were carried out" (قبل تنفيذه، قبل أن ينفذ): the attack never
    happened, whatever weapon and place the plot named. An attack that happened after a
    plot was told, or a drone downed before it reached the base (قبل وصولها), is not one.
    """
    return _patterns()["unrealised"].search(text, start, end) is not None


def future_stance(text: str, end: int, attack_word_ends: list[int]) -> bool:
    """Whether an attack word is the subject of "will not": a stance on attacks at large.

    Rule future_stance: officials and preachers answer attacks with a stance ("the rocket
    attacks will not change our mission", "these attacks will not deter us"): the attack
    word, followed within six words of its phrase by لن (will not), is what the stance is
    about, attacks in general or ones told elsewhere, and the sentence reports none. The
    reader does not ask the rule of a sentence with a date or a counted weapon of its own
    ("the attack on the base at dawn today will not go unanswered" reports its attack).
    Only an attack noun is such a subject: "a drone targeted the base, and it will not be the
    last" tells its attack. ``attack_word_ends``: where the sentence's attack nouns end;
    ``end``: the sentence's end.
    """
    pattern = _patterns()["will_not"]
    return any(pattern.match(text, a, end) for a in attack_word_ends)



def clip_words() -> tuple[str, ...]:
    """The bare words of :func:`clip_claim`: a clip, video or post noun in every match."""
    return rule_words("media_noun")


def clip_claim(text: str, start: int, first_attack_word: int) -> bool:
    """Whether a circulating clip's claim comes before every attack word of a sentence.

    Rule clip_claim: fact-checks and social-media roundups tell what a clip, a photo or a
    post "claims" to show ("users share a second clip that purports to show a drone hitting
    the base"): the claim is the clip's, and the sentence reports no attack. The media noun
    (مقطع، فيديو، صورة، منشور) and, within four words, a verb of claiming (يزعم، يدعي) stand
    before the sentence's first attack or weapon word (``first_attack_word``). A faction's
    own claim (زعمت الفصائل أنها استهدفت ...) has no media noun and stays a report, as does a
    clip that "shows" an attack.
    """
    return _patterns()["clip_claim"].search(text, start, first_attack_word) is not None


def what_happened(text: str, dates: list[Any]) -> list[Any]:
    """The dates of a sentence that date "what happened", not the telling of it.

    Rule what_happened: call-ins, talk shows and hearings are dated by their own day and tell
    of an earlier one: "the morning show devoted today's episode to what happened late on
    Sunday night near the plant". A date within six words after ما جرى، ما حدث، ما وقع (what
    happened) is the event's; the sentence's other dates are the telling's and are not carried
    to the accounts that follow. Returns those dates (empty when no date follows such words).
    """
    pattern = _patterns()["what_happened"]
    return [d for d in dates if pattern.search(text, max(0, d.start - 60), d.start)]


def since_when(text: str, date: Any) -> bool:
    """Whether a day after منذ (since) is the day of an attack that a "when" clause tells.

    Rule since_when: "the first attack on the airport since 30 September, when six rockets
    fell near it": the day after منذ, followed right away by حين or عندما (when), is the day of
    the earlier attack the clause goes on to tell, and dates it (a back-reference of its own);
    a day after منذ with no such clause only opens the period of a tally (منذ الأول من آذار)
    and dates nothing, as before. Only a day (not a month or a year) is kept.
    """
    return date.span.precision in ("day", "night") and (
        _patterns()["when"].match(text, date.end) is not None
    )
