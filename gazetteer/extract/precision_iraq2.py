"""Precision rules of Iraqi and Kurdish reporting (2): blocs, energy sites, wire datelines.

Real reporting on Iraq and its Kurdistan region (2008-2025) uses two words of the atlas in
senses that are not the atlas's, and one wire's dateline is not read as one:

- :func:`political_blocs` -- tahaluf (alliance) also names the country's political blocs: a
  member of the Sovereignty alliance (تحالف "السيادة"), the Fatah alliance (تحالف الفتح), the
  National Alliance (التحالف الوطني). A bloc's name brings neither the US-led coalition nor the
  US into an article, so an article of IS's war on local forces that quotes a bloc's MP stays
  the insurgency's (rule political_bloc, read by :func:`.precision_iraq.insurgent_article`).
- :func:`energy_site` -- an oil or gas field the gazetteer does not list (Khor Mor, a company's
  field between Kirkuk and Sulaymaniyah) is attacked again and again; an article about one
  tells its attacks by the field's definite noun (الحقل: "a failed attempt to hit the field two
  days before"), by a gas or oil installation (موقع للغاز، منشأة الغاز) or a refinery (مصفاة
  نفط), with the province or its capital for a place. Such a sentence, in an article that names
  such a field and no facility of the gazetteer, tells an attack on an energy site of a company
  or a government, none of ours, unless it brings the coalition or the US in (rule
  energy_site, read by :meth:`.article_passes.ArticlePasses._drop_fields` with rule
  unlisted_field).
- :func:`wire_dateline` -- a wire's dateline without a dash: a town opening the story, the
  country after a comma or not, the day, the month (and the year), then the agency in
  brackets ("Baqubah, Iraq, 19 April 2022 (Xinhua)", "Baghdad 8 January (Xinhua)") is where
  the story was filed, like the dashed dateline :func:`.state._is_dateline` reads, not where
  anything happened (rule wire_dateline, read by
  :meth:`.targets.TargetReader._dateline_or_launch`).

All test a bare stem first (``str.find``), so an article without the word costs one search.
The words are written as normalised text (ta marbuta as ha, hamzated alifs bare, alif maqsura
as ya). :data:`IRAQ2_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from gazetteer.extract.precision_strays import _coalition
from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.normalize import normalise

__all__ = [
    "IRAQ2_RULES",
    "energy_site",
    "political_blocs",
    "unlisted_field_named",
    "wire_dateline",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
IRAQ2_RULES: tuple[str, ...] = ("political_bloc", "energy_site", "wire_dateline")

#: tahaluf (alliance, coalition), bare: the quick test of an article.
_ALLIANCE = "\u062a\u062d\u0627\u0644\u0641"

#: What may stand before tahaluf in its word: wa, fa, bi, li, then al- or the second l of lil-.
_PREFIX = re.compile("[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644|\u0644)?")
#: Right after tahaluf: the end of the word, then the next word or an opening quote.
_NEXT = re.compile("(?!\\w)\\s*([\"\u00ab\u201c\u201d']|\\w+)?")

#: The definite words after an indefinite tahaluf that still name the US-led coalition:
#: al-dawli (international), al-duwal (of the states), al-gharbi (western).
_COALITION_AFTER = frozenset(
    (
        "\u0627\u0644\u062f\u0648\u0644\u064a",
        "\u0627\u0644\u062f\u0648\u0644",
        "\u0627\u0644\u063a\u0631\u0628\u064a",
    )
)

#: Blocs named without the article after an indefinite tahaluf: Sa'irun, Taqaddum, 'Azm, Dawlat
#: (al-qanun).
_BARE_BLOCS = frozenset(
    (
        "\u0633\u0627\u0626\u0631\u0648\u0646",
        "\u0633\u0627\u064a\u0631\u0648\u0646",
        "\u062a\u0642\u062f\u0645",
        "\u0639\u0632\u0645",
        "\u062f\u0648\u0644\u0647",
    )
)

#: The adjectives that make the definite al-tahaluf a bloc: al-watani (the National Alliance),
#: al-kurdistani, al-shi'i, al-sunni, al-hakim (ruling).
_BLOC_ADJECTIVES = frozenset(
    (
        "\u0627\u0644\u0648\u0637\u0646\u064a",
        "\u0627\u0644\u0643\u0631\u062f\u0633\u062a\u0627\u0646\u064a",
        "\u0627\u0644\u0634\u064a\u0639\u064a",
        "\u0627\u0644\u0633\u0646\u064a",
        "\u0627\u0644\u062d\u0627\u0643\u0645",
    )
)


def _is_bloc(pre: str, following: str | None) -> bool:
    """Whether tahaluf with ``pre`` before it and the word (or quote) ``following`` is a bloc."""
    if not following:
        return False
    if pre.endswith("\u0627\u0644") or pre.endswith("\u0644\u0644"):  # al-, lil-: definite
        return following in _BLOC_ADJECTIVES
    if not following[0].isalnum():
        return True  # تحالف "السيادة": a quoted name
    if following.startswith("\u0627\u0644"):
        return following not in _COALITION_AFTER  # تحالف الفتح، not تحالف الدول الغربية
    return following in _BARE_BLOCS


@lru_cache(maxsize=4)
def political_blocs(text: str) -> str:
    """``text`` with the tahaluf of every political bloc blanked out (rule political_bloc).

    Rule political_bloc: "two fighters were killed when IS attacked a post near the village,
    said a member of the Sovereignty alliance who lives there" -- tahaluf followed by a quoted
    name (تحالف "السيادة"), by a definite name (تحالف الفتح، تحالف النصر) or by a bloc's bare
    name (تحالف سائرون، تحالف تقدم), and the definite al-tahaluf al-watani, al-kurdistani,
    al-shi'i, al-sunni or al-hakim, name a bloc of the country's politics. The blanked text
    (same length, the word's letters as spaces) keeps every other word: "the international
    coalition" (التحالف الدولي، تحالف دولي، تحالف الدول الغربية), "the coalition" bare, "to an
    alliance" (لتحالف) stay. Cached per article (asked once per article by the reader).
    """
    at = text.find(_ALLIANCE)
    parts: list[str] = []
    done = 0  # the end of the text copied so far
    while at != -1:
        end = at + len(_ALLIANCE)
        word = at  # the start of the word tahaluf stands in
        while word > 0 and text[word - 1].isalnum():
            word -= 1
        pre = text[word:at]
        after = _NEXT.match(text, end)
        if _PREFIX.fullmatch(pre) and after is not None and _is_bloc(pre, after.group(1)):
            parts += (text[done:at], " " * len(_ALLIANCE))
            done = end
        at = text.find(_ALLIANCE, end)
    return "".join((*parts, text[done:])) if parts else text


#: A field noun in construct with a name: (wa/fa)(bi/li)haql (normalised; not al-haql, not
#: haqlan "a field" of grass), the name after a space.
_FIELD_NAME = re.compile("(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?\u062d\u0642\u0644\\s+(?=\\w)")

#: An energy word of a sentence (normalised): the definite field (al-haql with its clitics,
#: lil-haql), gas (ghaz, al-ghaz, al-ghazi), oil (naft, al-naft, al-nafti), a refinery (misfat,
#: misfa).
_ENERGY = re.compile(
    "(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644|\u0644)\u062d\u0642\u0644(?!\\w)"
    "|(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644|\u0644)?"
    "(?:\u063a\u0627\u0632|\u0646\u0641\u0637|\u0645\u0635\u0641\u0627\u0647|\u0645\u0635\u0641\u064a)"
    "(?:\u064a|\u064a\u0647)?(?!\\w)"
)

#: qa'ida (a base, normalised): a base in words keeps the sentence for the other rules.
_BASE = "\u0642\u0627\u0639\u062f"


def unlisted_field_named(text: str, facilities: list[tuple[int, int]]) -> bool:
    """Whether an article names a field (حقل + a name) outside every listed facility's span.

    ``facilities``: the spans of the article's places that are facilities of the gazetteer;
    the article is about an unlisted field only when it has none (see :func:`energy_site`).
    """
    if facilities:
        return False
    return _FIELD_NAME.search(text) is not None


def energy_site(text: str, start: int, end: int) -> bool:
    """Whether a sentence of an article about an unlisted field tells an attack on an energy site.

    Rule energy_site: "gunmen shelled a grassy field next to a gas site in Khor Mor in
    Sulaymaniyah today, the third attack in 72 hours", "the attack comes after a failed
    attempt to hit the field two days ago with a drone", "a refinery was hit in May" -- in an
    article that names an oil or gas field the gazetteer does not list and no facility of the
    gazetteer (:func:`unlisted_field_named`, asked by the reader first), a sentence whose
    attack is placed at no facility and that names the field back (الحقل), gas or oil (موقع
    للغاز، منشأة الغاز، مصفاة نفط) tells an attack on that energy site, not on a base of ours,
    unless it names a base or brings the coalition or the US in. A sentence that names the
    field by its name (حقل كورمور) is rule unlisted_field's.
    """
    if _ENERGY.search(text, start, end) is None:
        return False
    if _FIELD_NAME.search(text, start, end) is not None:
        return False  # the field by its name: rule unlisted_field's sentence (asked apart)
    if text.find(_BASE, start, end) != -1:
        return False
    return _coalition().search(text, start, end) is None


@cache
def _wire_tail() -> re.Pattern[str]:
    """The tail of a wire's dateline after its town, built on first use.

    A comma and the country (one or two words) or not, the day, a month's name (lexicon
    ``months.csv``), the year or not, and the agency's opening bracket.
    """
    forms = {normalise(r["form"]) for r in load_lexicon("months", ("month", "form", "system"))}
    month = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(
        "(?:\\s*[\u060c,]\\s*\\w+(?:\\s+\\w+)?)?\\s*[\u060c,]?\\s+\\d{1,2}\\s+"
        f"(?:{month})(?:\\s+\\d{{4}})?\\s*\\("
    )


def wire_dateline(text: str, start: int, end: int) -> bool:
    """Whether the place ``text[start:end]`` is a wire's dateline: where the story was filed.

    Rule wire_dateline: "Baqubah, Iraq 19 April 2022 (Xinhua) Two fighters of the tribal
    mobilisation were killed today in an attack north-east of the city" -- a town that opens
    a line (the reader asks only a place right after a line feed or at the text's start),
    followed by the country after a comma (or not), the day, the month's name, the year (or
    not) and the agency in brackets, is the wire's dateline and no place of the story. A
    town that opens a line and goes on with a verb ("Baghdad witnessed ...") or a date
    without a bracket after it is read as before.
    """
    i = start - 1
    while i >= 0 and text[i] != "\n":
        if not text[i].isspace():
            return False  # (read backwards: a place inside a line costs one character)
        i -= 1
    return _wire_tail().match(text, end) is not None
