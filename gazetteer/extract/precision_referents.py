"""Precision rules of words that stand for something other than what they name.

Real reporting names a place, a day or a year that is not the incident's, or a US word that is
no party to it:

- :func:`patron_support` -- "the SDF, backed by Washington" (مدعومة من واشنطن), "clashes with
  the SDF, which attacks with the coalition's support" (بدعم من التحالف): the US or the
  coalition named as a side's patron brings neither into the sentence, so the local rules'
  test "no US or coalition word" (:func:`.precision_parties._neither_ours`) passes over it.
- :func:`future_weekday` -- "the interview will air on Sunday" (ستبث الاحد): a weekday after a
  verb in the future tense is the coming day, not the last one; it dates nothing told.
- :func:`same_year` -- "on 8 January of the same year" (من العام ذاته): the year is the one
  named just before, not the publication's.
- :func:`unowned_checkpoint` -- "IS carried out a suicide attack on the al-Siyasiya
  checkpoint" (حاجز السياسية): a checkpoint is a local force's post even when the sentence
  names no owner (rule local_post asks for one).

The words are written here as normalised text (ta marbuta as ha, the hamzated alifs as bare
alif, alif maqsura as ya, the Arabic comma as a comma). :data:`REFERENT_RULES` lists the rules
for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache

from gazetteer.extract.grammar.date_arith import date_span
from gazetteer.extract.grammar.dates import DateMention
from gazetteer.extract.precision_scope import _patterns as _scope_patterns
from gazetteer.extract.rule_words import alternation, rule_words

__all__ = [
    "REFERENT_RULES",
    "REFERENT_SCOPE",
    "future_weekday",
    "patron_support",
    "same_year",
    "same_year_dates",
    "unowned_checkpoint",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
REFERENT_RULES: tuple[str, ...] = (
    "patron_support",
    "future_weekday",
    "same_year",
    "unowned_checkpoint",
)

#: The words of backing that open a patron's name, normalised: (al-)mad'um(a, in, un) then min;
#: bi-da'm (min); a verb of backing with its object pronoun (tad'amuha, yad'amuhu, tad'amuhum).
#: Not bi-musanada, bi-isnad, bi-ghita' jawwi, bi-da'm jawwi: fire support and air cover are the
#: patron's own strikes.
_MARKERS = frozenset(
    {
        "\u0628\u062f\u0639\u0645",  # bi-da'm
        *(
            f"{p}\u062f\u0639\u0645{s}"  # tad'amuha, yad'amuhu ...
            for p in ("\u062a", "\u064a")
            for s in ("\u0647\u0627", "\u0647\u0645", "\u0647")
        ),
    }
)
#: mad'um and its forms, the word before a marker min.
_BACKED = frozenset(
    f"{a}\u0645\u062f\u0639\u0648\u0645{s}"
    for a in ("", "\u0627\u0644")
    for s in ("", "\u0647", "\u064a\u0646", "\u0648\u0646")
)
#: The words that may stand between the marker and the patron's name, or inside the name: min,
#: qibal, al-dawli, bi-qiyadat, alladhi, allati, taquduhu, yaquduhu, quwwat, al-quwwat.
_GLUE = frozenset(
    {
        "\u0645\u0646",
        "\u0642\u0628\u0644",
        "\u0627\u0644\u062f\u0648\u0644\u064a",
        "\u0628\u0642\u064a\u0627\u062f\u0647",
        "\u0627\u0644\u0630\u064a",
        "\u0627\u0644\u062a\u064a",
        "\u062a\u0642\u0648\u062f\u0647",
        "\u064a\u0642\u0648\u062f\u0647",
        "\u0642\u0648\u0627\u062a",
        "\u0627\u0644\u0642\u0648\u0627\u062a",
    }
)
#: Quote marks and brackets around a word of the name.
_WRAP = '"()'


@cache
def _stems() -> tuple[str, ...]:
    """The coalition stems (rule_words coalition_stem), normalised."""
    return tuple(rule_words("coalition_stem"))


def names_patron(text: str, start: int, at: int) -> bool:
    """Whether the word at ``at`` ends a patron's name: a marker, then only glue or US words.

    "madʿuma min Washington", "bi-daʿm min al-tahaluf al-dawli bi-qiyadat al-wilayat
    al-muttahida", "allati tadʿamuha al-wilayat al-muttahida": walking back from the word, every
    word is glue (min, al-dawli, bi-qiyadat ...) or has a coalition stem, until a marker.
    """
    head = text.rfind(" ", start, at) + 1 or start  # the word that holds the US word
    lo = max(start, head - 90)
    if _BACKING.search(text, lo, head) is None:
        return False  # every marker holds da'm, every backed form da'um: none in reach
    words = text[lo:head].split()
    stems = _stems()
    for i in range(len(words) - 1, -1, -1):
        w = words[i].strip(_WRAP)
        if w in _MARKERS:
            return True
        if w == "\u0645\u0646" and i > 0 and words[i - 1].strip(_WRAP) in _BACKED:
            return True
        if w.endswith((",", ".", ";", ":")) or not (w in _GLUE or any(x in w for x in stems)):
            return False
    return False


#: The bare words of backing (da'm, mad'um): the cheap first test.
_BACKING = re.compile("\u062f\u0639\u0645|\u062f\u0639\u0648\u0645")


def patron_support(text: str, start: int, end: int, coalition: re.Pattern[str]) -> bool:
    """Whether every US or coalition word of a sentence names a side's patron.

    Rule patron_support: "41 SDF fighters, an alliance backed by Washington, were killed in
    IS attacks" (مدعومة من واشنطن), "IS men were killed in clashes with the SDF, which attacks
    with the coalition's support" (بدعم من التحالف), "the SDF, which the United States backs"
    (التي تدعمها الولايات المتحدة) -- the patron is no party to the fight told, so the sentence
    brings neither the US nor the coalition in. A US word outside such a phrase ("the coalition
    struck IS near the town", "with the coalition's support, US forces raided a house") still
    does. ``coalition``: the pattern of the coalition stems.
    """
    if _BACKING.search(text, start, end) is None:
        return False  # no word of backing (da'm, mad'um): most sentences
    return all(names_patron(text, start, m.start()) for m in coalition.finditer(text, start, end))


#: A verb in the future tense: sa- then the prefix of the imperfect (sa-yu..., sa-ta..., sa-na...),
#: or sawfa then a word; normalised. Not a word that only begins so: sitta (six), sittin,
#: sayyara (car), siyasa (policy), saytara (control), sayyida, sina' (Sinai), sitar, sanawat
#: and sana (years).
_FUTURE = re.compile(
    "(?<!\\w)(?:\u0633\u0648\u0641\\s+\\S+|\u0633(?!\u062a\u0647|\u062a\u064a\u0646|\u062a\u0627\u0631"
    "|\u064a\u0627\u0631|\u064a\u0627\u0633|\u064a\u0637\u0631|\u064a\u062f|\u064a\u0646\u0627"
    "|\u0646\u0648|\u0646\u0647)[\u064a\u062a\u0646]\\w{2,})"
    "(?:\\s+\\S+)?\\s+(?:\u064a\u0648\u0645\\s+)?$"
)


@cache
def _weekday() -> re.Pattern[str]:
    """A weekday's name with the article (lexicon weekdays.csv, normalised)."""
    from gazetteer.text.lexicons import load_lexicon
    from gazetteer.text.normalize import normalise

    rows = load_lexicon("weekdays")
    forms = sorted({normalise(r["form"]) for r in rows}, key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms))


def future_weekday(text: str, d: DateMention) -> bool:
    """Whether a date is a weekday after a verb in the future tense: the coming day.

    Rule future_weekday: "the full interview will air on Sunday, with footage not yet shown"
    (ستبث الاحد), "the council will meet on Monday" (سيعقد المجلس يوم الاثنين) -- the day is
    ahead of the report and dates nothing that happened; read as the last such day it dates the
    attack told beside it. A weekday after a past verb ("the base was struck on Sunday",
    "the ministry said on Sunday") dates as before.
    """
    cue = text[d.start : d.end]
    if _weekday().search(cue) is None:
        return False
    before = text[max(0, d.start - 40) : d.start]
    return _FUTURE.search(before) is not None


#: "of the same year" right after a date: min al-'am dhatih / nafsih, min nafs / dhat al-'am.
_SAME_YEAR = re.compile(
    "^\\s*(?:\u0645\u0646|\u0641\u064a)\\s+(?:\u0627\u0644\u0639\u0627\u0645|\u0627\u0644\u0633\u0646\u0647)\\s+"
    "(?:\u0630\u0627\u062a\u0647|\u0646\u0641\u0633\u0647)"
    "|^\\s*(?:\u0645\u0646|\u0641\u064a)\\s+(?:\u0646\u0641\u0633|\u0630\u0627\u062a)\\s+(?:\u0627\u0644\u0639\u0627\u0645|\u0627\u0644\u0633\u0646\u0647)"
)
#: A year written in digits, 1990-2049 (the year a "same year" refers back to).
_YEAR = re.compile("(?<!\\d)(?:19[89]\\d|20[0-4]\\d)(?!\\d)")


def same_year(text: str, d: DateMention) -> int | None:
    """The year a date "of the same year" takes: the last year written before it, or None.

    Rule same_year: "the US killed Soleimani near Baghdad airport in January 2020. On 8
    January of the same year, Iran fired missiles at Ain al-Asad" (من العام ذاته) -- the year is
    2020, the one named before, not the publication's. Only a day or month with no year of its
    own, with such a year written within the 400 characters before it.
    """
    if d.span.precision not in ("day", "night", "month") or d.span.start.year != d.span.end.year:
        return None
    if _SAME_YEAR.search(text[d.end : d.end + 30]) is None:
        return None
    years = _YEAR.findall(text, max(0, d.start - 400), d.start)
    return int(years[-1]) if years else None


def same_year_dates(text: str, dates: Sequence[DateMention], published: date) -> list[DateMention]:
    """The dates with those "of the same year" moved to the year named before (rule same_year).

    A date that would fall after the publication day stays as it was.
    """
    out = []
    for d in dates:
        tail = text[d.end : d.end + 30]
        near = "\u0627\u0644\u0639\u0627\u0645" in tail or "\u0627\u0644\u0633\u0646\u0647" in tail
        year = same_year(text, d) if near else None  # (al-'am, al-sana after it: the cheap test)
        if year is None or year == d.span.start.year:
            out.append(d)
            continue
        try:
            s, e = d.span.start.replace(year=year), d.span.end.replace(year=year)
        except ValueError:  # 29 February
            out.append(d)
            continue
        if e > published:
            out.append(d)
            continue
        span = date_span(s, e, d.span.precision, d.span.time, d.span.cue, True)
        out.append(DateMention(d.start, d.end, span))
    return out


#: A checkpoint (hajiz, hajizan, hawajiz; with wa, fa, bi, li and the article or not), normalised.
_CHECKPOINT = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:\u062d\u0627\u062c\u0632\u0627?|\u062d\u0648\u0627\u062c\u0632)(?!\\w)"
)
#: qa'ida (a base, normalised): a base named in the sentence keeps it.
_BASE = "\u0642\u0627\u0639\u062f\u0647"
#: tahaluf (the coalition) bare, as it stands after li- (للتحالف).
_ALLIANCE = "\u062a\u062d\u0627\u0644\u0641"


def unowned_checkpoint(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells IS or gunmen attacking a checkpoint whose owner it leaves unsaid.

    Rule unowned_checkpoint: "state media reported a suicide attack by two IS men on the
    al-Siyasiya checkpoint in the town; the checkpoint's men killed one of them" (حاجز
    السياسية) -- in this reporting a checkpoint (حاجز) is a post of a local force: the army, the
    police, internal security, the SDF. Rule local_post asks for the owner to be named (حاجز
    لقسد); the owner left unsaid, the post is still none of the coalition's, when the sentence
    brings neither the coalition nor the US in and names no base. A post or point (نقطة،
    موقع) may be the coalition's and stays as read; so does a checkpoint beside a base
    ("shells fell near a checkpoint at the entrance of the base"), a strike from the air
    (aircraft, drones and raids are told of the coalition too) and IS's own checkpoints struck
    ("raids hit the headquarters and checkpoints of IS", حواجز تنظيم داعش).
    """
    if text.find("\u062d\u0627\u062c\u0632", start, end) == -1 and (
        text.find("\u062d\u0648\u0627\u062c\u0632", start, end) == -1
    ):
        return False  # no hajiz, hawajiz (the bare words first): most sentences
    checkpoints = list(_CHECKPOINT.finditer(text, start, end))
    if not checkpoints:
        return False
    post, attacker, coalition, _ = _scope_patterns()
    if text.find(_BASE, start, end) != -1 or attacker.search(text, start, end) is None:
        return False
    if post.search(text, start, end) is not None:
        return False  # the owner named (حاجز لقسد): rule local_post's
    if coalition.search(text, start, end) is not None or _aerial().search(text, start, end):
        return False
    if text.find(_ALLIANCE, start, end) != -1:
        return False  # حاجزا للتحالف: the coalition's (its stem glued to li-, no alif)
    # IS's own checkpoints (حواجز تنظيم داعش، حاجز للتنظيم) are what others struck
    return any(attacker.search(text, m.end(), min(end, m.end() + 12)) is None for m in checkpoints)


@cache
def _aerial() -> re.Pattern[str]:
    """A drone, an aircraft or an air strike (rule_words aerial): a strike from the air."""
    return re.compile(alternation("aerial"))


#: This module's rules of scope, with their names (asked with :data:`.precision_scope.SCOPE_RULES`).
REFERENT_SCOPE: tuple[tuple[str, Callable[[str, int, int], bool]], ...] = (
    ("unowned_checkpoint", unowned_checkpoint),
)
