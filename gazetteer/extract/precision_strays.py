"""Precision rules of strays and foreign campaigns: what falls on a town, who else strikes.

Three ways the reporting of Jordan and of southern Syria tells what is none of our incidents:

- :func:`stray_fall` -- the Jordanian army's and the civil defence's bulletins tell drones,
  missiles and "objects" that FELL on a town or in the desert: off their course, of unknown
  origin, after a technical fault, or as the debris of an interception over the kingdom. The
  weapon and the fall word are there (سقوط طائرة مسيرة في منطقة ماعين), and a town; the
  event is a stray, not an attack on a base. An attack told with a fall names its target (سقطت
  ثلاثة صواريخ داخل قاعدة عين الأسد): the rule leaves every sentence that names a base, an
  airport, a field, an embassy, a military site or US forces.
- :func:`foreign_campaign` -- a roundup of a foreign air force's strikes (Israeli jets over
  Daraa and Quneitra, Turkish drones in the north) names the striker once and tells the rest
  bare (غارات بريف دمشق، استهدفت طائرات الاحتلال ...). In an article whose only named striker is
  a third state and that never brings the US or the coalition in, a strike sentence with no
  striker of its own is that state's.
- :func:`ceasefire_only` (rule ceasefire_words) -- "the army took over the base under the
  ceasefire arrangements" (وقف إطلاق النار): the firing of a ceasefire is no weapon.
- :func:`striker_not_target` -- "four civilians were killed by the coalition's shelling of
  areas of al-Mayadin" (بقصف التحالف): the coalition found striking in the incident (rule
  us_agent) is never also made its target; read as one, the retelling stayed a second incident
  (rule opposite_sides keeps an attacker and its target apart).
- :func:`capital_speaks` -- "after an earlier denial, Amman confirmed the attack took place on
  Jordanian soil" (أكدت عمان): a capital as the subject of a verb of saying is its government,
  not the place attacked.
- :func:`host_forces_target` -- an IS car bomb on "a Jordanian military post serving the
  refugees" at Rukban, "six Jordanian soldiers killed": the host's own forces attacked, with
  no US or coalition word, are not a coalition base (as rule local_post holds for the SDF).
- :func:`as_of` (rule as_of_tally) -- the Pentagon's count of attacks "as of Friday" (حتى يوم
  الجمعة كان هناك أكثر من 158 هجوما), quoted in every report of Tower 22: "as of" a day sets a
  running total as منذ and خلال do (the reader's test of a running total, :mod:`.attacks`).

:data:`STRAY_RULES` lists them for :data:`.precision.RULES`; the reader asks them with the
other "not ours" tests (:meth:`.article_passes.ArticlePasses._not_ours`). The text is the
normalised article (ة as ه, أ إ آ as ا).
"""

from __future__ import annotations

import re
from functools import lru_cache

from gazetteer.extract.precision_scope import third_party_base, third_party_strike
from gazetteer.extract.rule_words import alternation
from gazetteer.extract.state import _FACILITY_KINDS

__all__ = [
    "CEASE",
    "STRAY_RULES",
    "article_names_ours",
    "as_of",
    "capital_speaks",
    "ceasefire_only",
    "foreign_article",
    "foreign_campaign",
    "host_forces_target",
    "stray_fall",
    "striker_not_target",
]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
STRAY_RULES: tuple[str, ...] = (
    "stray_fall",
    "foreign_campaign",
    "as_of_tally",
    "ceasefire_words",
    "striker_not_target",
    "capital_speaks",
    "host_forces_target",
)

#: What marks a fallen weapon a stray, in the sentence that tells the fall or elsewhere in the
#: article: of unknown origin or identity (مجهول المصدر، مجهوله الهويه, quotes allowed between),
#: a technical fault (عطل فني، خلل فني), off its course (انحرافها عن مسارها، انحرفت عن مسارها),
#: having entered the airspace (المجال الجوي), or told as a fallen or suspect object (الاجسام
#: المتساقطه، جسم مشبوه، سقوط اجسام).
_STRAY_MARK = re.compile(
    "\u0645\u062c\u0647\u0648\u0644\u0647?[\\s\"'\u00ab\u00bb\u201c\u201d]+"
    "(?:\u0627\u0644\u0645\u0635\u062f\u0631|\u0627\u0644\u0647\u0648\u064a\u0647)"
    "|(?:\u0639\u0637\u0644|\u062e\u0644\u0644)\\s+\u0641\u0646\u064a"
    "|\u0627\u0646\u062d\u0631\u0627?\u0641\\S*\\s+\u0639\u0646\\s+\u0645\u0633\u0627\u0631"
    "|\u0627\u0644\u0645\u062c\u0627\u0644\\s+\u0627\u0644\u062c\u0648\u064a"
    "|\u0627?\u0644?\u0627\u062c\u0633\u0627\u0645\\s+\u0627?\u0644?\u0645\u062a\u0633\u0627\u0642\u0637\u0647"
    "|\u062c\u0633\u0645\\s+\u0645\u0634\u0628\u0648\u0647|\u0633\u0642\u0648\u0637\\s+\u0627\u062c\u0633\u0627\u0645"
)
#: Only in the article at large: the debris of an interception (شظايا، شظيه; never بشظايا,
#: the shrapnel that wounded someone) or the interception itself (اعتراض، اعترضت): the
#: bulletin of a night of crossfire.
_CROSSFIRE = re.compile(
    "(?<!\u0628)(?:\u0634\u0638\u0627\u064a\u0627|\u0634\u0638\u064a\u0647)|\u0627\u0639\u062a\u0631\u0627\u0636"
    "|\u0627\u0639\u062a\u0631\u0636"
)
#: A target of ours named in words: a base, an airport, a field, a plant, an embassy, a camp
#: (stems), a military site (موقع عسكري، الموقع العسكري، مواقع عسكريه), or the US or the
#: coalition (their stems, rule_words kind coalition_stem).
_OURS_WORDS = (
    "\u0642\u0627\u0639\u062f|\u0645\u0637\u0627\u0631|\u062d\u0642\u0644|\u0645\u0639\u0645\u0644"
    "|\u0633\u0641\u0627\u0631|\u0645\u0639\u0633\u0643\u0631"
    "|\u0645\u0648\u0627?\u0642\u0639\\s+\u0627?\u0644?\u0639\u0633\u0643\u0631\u064a"
)


@lru_cache(maxsize=1)
def _ours() -> re.Pattern[str]:
    """A target of ours named in words, or the US or the coalition brought in."""
    return re.compile(f"{_OURS_WORDS}|{alternation('coalition_stem')}")


@lru_cache(maxsize=1)
def _coalition() -> re.Pattern[str]:
    """The US or the coalition brought in (rule_words kind coalition_stem)."""
    return re.compile(alternation("coalition_stem"))


@lru_cache(maxsize=1)
def _striker() -> re.Pattern[str]:
    """A strike word or the force that strikes (rule_words kind striker_noun)."""
    words = alternation("striker_noun")
    return re.compile(f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:{words})")


@lru_cache(maxsize=1)
def _third() -> re.Pattern[str]:
    """A third state or its forces (rule_words kind third_party), anywhere in a word."""
    return re.compile(alternation("third_party"))


@lru_cache(maxsize=8)
def article_names_ours(text: str) -> bool:
    """Whether an article names a target of ours anywhere in words (asked once per article)."""
    return _ours().search(text) is not None


@lru_cache(maxsize=8)
def _crossfire_article(text: str) -> bool:
    """Whether an article marks its fallen weapons strays or crossfire anywhere."""
    return _STRAY_MARK.search(text) is not None or _CROSSFIRE.search(text) is not None


def foreign_article(text: str, scope_spans: list[tuple[int, int]]) -> bool:
    """Whether an article names a third state's forces and never the US or the coalition.

    ``scope_spans``: where the reader's one pass found the words of the rules of scope (a
    third state among them): only those are searched, and the whole text only after a hit.
    """
    return (
        any(_third().search(text, a, b) is not None for a, b in scope_spans)
        and _coalition().search(text) is None
    )


def stray_fall(text: str, start: int, end: int, curated_place: bool) -> bool:
    """Whether a sentence tells a drone, missile or object that fell as a stray, not an attack.

    Rule stray_fall: "a drone of unknown origin fell in the Ma'in area south of the capital,
    setting fire to woodland", "two children were hurt in al-Azraq after a drone fell there"
    (in a bulletin of interceptions over the kingdom): every attack word of the sentence is a
    fall or an explosion (at least one fall: the reader asks only then), and the sentence names
    no target of ours -- no place of the gazetteer's own sites (``curated_place``: a base, or a
    town the atlas follows, such as al-Qaim; a GeoNames town is not one), no base, airport,
    field, embassy or military site in words, no US or coalition. Then the fall is a stray
    when the sentence marks it so (unknown origin, a technical fault, off its course, in the
    airspace, a fallen or suspect object), or when the article does (those marks, or the debris
    of an interception) and names no target of ours anywhere. "Three rockets fell inside Ain
    al-Asad", "two shells fell near the gate of the village", "a drone fell near the
    base the statement named" stay attacks.
    """
    if curated_place or _ours().search(text, start, end) is not None:
        return False
    if _STRAY_MARK.search(text, start, end) is not None:
        return True
    return _crossfire_article(text) and not article_names_ours(text)


def foreign_campaign(text: str, start: int, end: int, foreign: bool) -> bool:
    """Whether a bare strike sentence belongs to the foreign campaign its article reports.

    Rule foreign_campaign: "Israeli jets struck the outskirts of al-Kiswah; ... the occupation's
    aircraft hit the First Division with four raids and shelled Izra' airfield" -- in an
    article that names a third state's forces (rule_words kind third_party: Israeli, Turkish,
    Russian, the Syrian government's) and never the US or the coalition, a sentence with a
    strike word and no striker of its own (a sentence naming the third state is rule
    third_party_strike's, or third_party_base's) is that state's strike, not ours, even at an
    airfield of theirs (مطار إزرع العسكري). An article that brings the coalition or the US in
    anywhere ("coalition jets answered ...") is left to the other rules.
    """
    if not foreign or _striker().search(text, start, end) is None:
        return False  # the article first (``foreign``: :func:`foreign_article`, asked once)
    # a sentence that names its own third-state striker or base is those rules' (asked even when
    # they are switched off, so that each rule's table proves its own cases)
    return not (third_party_strike(text, start, end) or third_party_base(text, start, end))


#: "As of" a day or a time: حتى + يوم، تاريخ، اليوم، الان، نهايه، مطلع، منتصف، اواخر
#: (normalised; حتى as حتي), و ف before it or not.
_AS_OF = re.compile(
    "(?<!\\w)[\u0648\u0641]?\u062d\u062a\u064a\\s+(?:\u064a\u0648\u0645|\u062a\u0627\u0631\u064a\u062e"
    "|\u0627\u0644\u064a\u0648\u0645|\u0627\u0644\u0627\u0646|\u0646\u0647\u0627\u064a\u0647"
    "|\u0645\u0637\u0644\u0639|\u0645\u0646\u062a\u0635\u0641|\u0627\u0648\u0627\u062e\u0631)(?!\\w)"
)


def as_of(text: str, start: int, end: int) -> bool:
    """Whether a sentence counts "as of" a day: the period word of a running total.

    Rule as_of_tally: "as of Friday there had been more than 158 attacks on US and coalition
    forces" (حتى يوم الجمعة، حتى اليوم، حتى نهاية الشهر) counts the attacks up to that day, as
    "since October" (منذ) or "during the year" (خلال) do; the reader's test of a running total
    then asks for a figure above one right before the attack noun. "Two rockets hit the base
    until dawn" has no such day (حتى الفجر) and "a drone struck the base on Friday" no count.
    """
    if text.find("\u062d\u062a\u064a", start, end) == -1:  # حتي: the bare word first
        return False
    return _AS_OF.search(text, start, end) is not None


#: وقف (halt): the bare word the reader looks for before asking :func:`ceasefire_only`.
CEASE = "\u0648\u0642\u0641"
#: A ceasefire: وقف + (ل) اطلاق + النار (normalised), with و ف ب ل before وقف or not.
_CEASEFIRE = re.compile(
    "\u0648\u0642\u0641\\s+\u0644?\u0627\u0644?\u0627?\u0637\u0644\u0627\u0642\\s+\u0627\u0644\u0646\u0627\u0631"
)


def ceasefire_only(text: str, start: int, end: int, words: list[tuple[int, int]]) -> bool:
    """Whether every attack and weapon word of a sentence lies inside the word for a ceasefire.

    Rule ceasefire_words: "Syrian forces took over the al-Shaddadi base after the US forces
    left, under the ceasefire arrangements with the SDF" -- وقف إطلاق النار is a ceasefire; its
    إطلاق النار (firing) is neither a launch nor a weapon. When the sentence's attack and weapon
    words (``words``: their spans) all lie inside such a phrase, it reports no attack. "Two
    shells fell on the base despite the ceasefire" keeps its fall and its shells.
    """
    if not words or text.find(CEASE, start, end) == -1:  # وقف: the bare word first
        return False
    spans = [(m.start(), m.end()) for m in _CEASEFIRE.finditer(text, start, end)]
    return all(any(a <= x and y <= b for a, b in spans) for x, y in words)


@lru_cache(maxsize=1)
def _strike_of_ours() -> re.Pattern[str]:
    """A strike noun in construct with the US or the coalition: قصف التحالف، غارات امريكيه."""
    nouns = (  # قصف، غاره، غارات، ضربه، ضربات
        "\u0642\u0635\u0641|\u063a\u0627\u0631\u0647|\u063a\u0627\u0631\u0627\u062a"
        "|\u0636\u0631\u0628\u0647|\u0636\u0631\u0628\u0627\u062a"
    )
    return re.compile(
        f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:{nouns})\\s+(?:\u0627\u0644)?(?:{alternation('coalition_stem')})"
    )


def striker_not_target(text: str, start: int, end: int, site_kind: str) -> bool:
    """Whether a sentence names the US side as the owner of a strike: never the target then.

    Rule striker_not_target: "activists said four civilians were killed by the coalition's
    shelling of a school and a police post in al-Mayadin" (بقصف التحالف الدولي مناطق) -- a
    strike noun in construct with the US or the coalition (قصف التحالف، غارات التحالف، ضربات
    أمريكية) names who struck. With no air-strike word in the sentence the reader made the
    coalition the target, and the retelling of the strike told a sentence before stayed apart
    as an attack on the coalition. Only at a town or a village (``site_kind`` not a base, an
    air base or a field): at a facility the US is the garrison, and a US strike the sentence
    names is background ("the base was hit by ballistic missiles in answer to the killing of
    Soleimani by a US strike"). "The shelling of the American base" (قصف القاعدة الأمريكية)
    puts the base between: the US there stays the target.
    """
    if site_kind in _FACILITY_KINDS:
        return False
    if (
        text.find("\u0642\u0635\u0641", start, end) == -1
        and text.find("\u0636\u0631\u0628", start, end) == -1
        and text.find("\u063a\u0627\u0631", start, end) == -1
    ):
        return False  # قصف، ضرب، غار: the bare stems first
    return _strike_of_ours().search(text, start, end) is not None


#: A capital that stands for its government: عمان، بغداد، دمشق (normalised), و ف before it or not.
_CAPITAL = "(?:\u0639\u0645\u0627\u0646|\u0628\u063a\u062f\u0627\u062f|\u062f\u0645\u0634\u0642)"
#: A past verb of saying, denying, blaming or condemning, masculine or feminine (قال، اكد، نفى،
#: اعلن، اتهم، طالب، حذر، رد، ادان، دان، رفض، ندد، اعتبر, with ت or not), right before the name
#: or before the name written as a hashtag or in quotes (اكدت #عمان).
_SAID_BEFORE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0642\u0627\u0644|\u0627\u0643\u062f|\u0646\u0641|\u0627\u0639\u0644\u0646"
    "|\u0627\u062a\u0647\u0645|\u0637\u0627\u0644\u0628|\u062d\u0630\u0631|\u0631\u062f"
    "|\u0627?\u062f\u0627\u0646|\u0631\u0641\u0636|\u0646\u062f\u062f|\u0627\u0639\u062a\u0628\u0631)"
    '(?:\u062a|\u064a|\u064a\u062a)?\\s+[#"(]?$'  # a hashtag or a quote mark before the name
)
#: A present verb of the same right after the name (a headline: عمان تنفي، بغداد تدين).
_SAYS_AFTER = re.compile(
    "\\s+\u062a(?:\u0646\u0641\u064a|\u0624?\u0648?\u0643\u062f|\u0639\u0644\u0646|\u062a\u0647\u0645"
    "|\u0637\u0627\u0644\u0628|\u062d\u0630\u0631|\u0631\u062f|\u062f\u064a\u0646|\u0631\u0641\u0636"
    "|\u0646\u062f\u062f|\u0639\u062a\u0628\u0631)(?!\\w)"
)
_CAPITAL_NAME = re.compile(f"[\u0648\u0641]?{_CAPITAL}")


def capital_speaks(text: str, start: int, end: int) -> bool:
    """Whether a capital's name at ``[start, end)`` is its government speaking, not a place.

    Rule capital_speaks: "after an earlier denial, Amman confirmed that the attack took place
    inside Jordan, at a forward post on the Syrian border" (بعد نفي سابق، أكدت عمان وقوع
    الهجوم) -- a capital (Amman, Baghdad, Damascus) as the subject of a verb of saying, denying,
    blaming or condemning, right after it (أكدت عمان، نفت بغداد) or, in a headline, right before
    a present one (عمان تنفي، دمشق تدين), is the state, not where the attack was. "A rocket fell
    in Baghdad, police said" keeps Baghdad: no verb of saying stands right by it.
    """
    if _CAPITAL_NAME.fullmatch(text, start, end) is None:
        return False
    return (
        _SAID_BEFORE.search(text, max(0, start - 12), start) is not None
        or _SAYS_AFTER.match(text, end, end + 12) is not None
    )


#: What marks the target or the victims as Jordan's own forces (normalised): a post or site
#: called Jordanian (موقعا عسكريا اردنيا، مركز اردني), an office of a Jordanian service
#: (لدايره المخابرات الاردنيه), or soldiers counted as Jordanian (عسكريين اردنيين، جنود اردنيين).
_HOST_TARGET = re.compile(
    "(?:\u0645\u0648\u0642\u0639|\u0645\u0631\u0643\u0632|\u0646\u0642\u0637\u0647|\u0645\u0643\u062a\u0628)\\S*"
    "(?:\\s+\\S+){0,3}?\\s+(?:\u0627\u0644)?\u0627\u0631\u062f\u0646\u064a"
    "|(?:\u0639\u0633\u0643\u0631\u064a\u064a\u0646|\u062c\u0646\u0648\u062f|\u062c\u0646\u062f\u064a\u0627"
    "|\u0627\u0641\u0631\u0627\u062f)\\s+\u0627\u0631\u062f\u0646\u064a"
)


def host_forces_target(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells an attack on Jordan's own forces, none of the coalition's.

    Rule host_forces_target: "a suicide car bomb struck a Jordanian military post serving the
    refugees at Rukban at dawn, killing seven", "six Jordanian soldiers were killed in a car
    bomb facing the camp": the post (موقع، مركز، نقطة، مكتب) is called Jordanian within three
    words, or the dead are counted as Jordanian soldiers -- the host's own forces, as an SDF
    checkpoint is a local force's (rule local_post). With no US or coalition word in the
    sentence it reports none of ours; the reader leaves a sentence naming a facility of the
    gazetteer (Muwaffaq Salti, Tower 22) to the other rules.
    """
    if text.find("\u0627\u0631\u062f\u0646\u064a", start, end) == -1:  # اردني: the bare word
        return False
    return (
        _HOST_TARGET.search(text, start, end) is not None
        and _coalition().search(text, start, end) is None
    )
