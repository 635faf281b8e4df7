"""Precision rules of Iraqi reporting: IS's war on local forces; attacks as a topic, not news.

Real reporting on Iraq (2014-2024) tells, in the words of attack the atlas reads, IS's war on
the Iraqi army and police: an ambush on a convoy south-west of Kirkuk, a roadside bomb under a
federal police patrol near Daquq, the organisation's claim of eighteen soldiers killed in three
attacks around al-Hawija. Such an article names its places, its dead and its weapons, and never
the US, the coalition or a base.

- :func:`insurgent_article` -- in an article that names IS (``rule_words.csv`` kind
  ``insurgent``), brings neither the US nor the coalition in and names no base anywhere, a
  sentence with no aircraft or air strike tells the insurgency's war on local forces, not ours
  (the bare sentences too: "eight policemen were killed yesterday when a bomb went off under
  their vehicle", told before the next sentence names IS).
- :func:`attacks_topic` -- attacks named as what is halted or what a case is about ("the
  factions agreed to a temporary halt of the attacks on US interests in Baghdad", "the first
  verdict in cases relating to attacks that targeted the airport"): a truce or a court
  report, no attack, when no verb of a done attack stands outside that clause.
- :func:`attack_series` -- a place "subjected to attacks" (ta'arrada li-hajamat, plural and
  indefinite) in a sentence that names no day or hour ("the airport's surroundings have also
  come under rocket attacks of unknown source") is the background of a series, no incident.

The reader asks attack_series in :meth:`.article_passes.ArticlePasses._not_ours` (a
facility named or not), the others with the other "not ours" tests
(:func:`.precision_parties.not_ours`), which leave every sentence naming a facility of the
gazetteer (IS on the SDF at a field of ours stays ours), a sentence that rules local_sides,
local_post or post_of_its_own tell, and a device or mine that hit the coalition's partners. A
strike by aircraft of no named state on IS (heldout5's convention counts it) stays as read. The
words are written as normalised text (ta marbuta as ha, hamzated alifs bare).
:data:`IRAQ_RULES` lists the rules for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from gazetteer.extract.precision_iraq2 import political_blocs
from gazetteer.extract.precision_roles import clause_alone
from gazetteer.extract.precision_strays import _coalition
from gazetteer.extract.rule_words import alternation

__all__ = ["IRAQ_RULES", "attack_series", "attacks_topic", "insurgent_article"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
IRAQ_RULES: tuple[str, ...] = ("insurgent_article", "attacks_topic", "attack_series")

#: qa'ida (a base, normalised): a base named anywhere keeps the article for the other rules.
_BASE = "\u0642\u0627\u0639\u062f\u0647"
#: tahaluf (coalition) bare, so that li-l-tahaluf (للتحالف: "a convoy of the coalition") counts.
_ALLIANCE = "\u062a\u062d\u0627\u0644\u0641"

#: An aircraft, an air force or an air strike (normalised stems): ta'ir- (ta'ira, ta'irat),
#: tayaran, muqatilat, ghar- (ghara, gharat), mirwahi- (helicopter), silah al-jaw, jawwi.
_AIR = re.compile(
    "\u0637\u0627\u064a\u0631|\u0637\u064a\u0631\u0627\u0646"
    "|\u0645\u0642\u0627\u062a\u0644\u0627\u062a|\u063a\u0627\u0631|\u0645\u0631\u0648\u062d\u064a"
    "|\u0633\u0644\u0627\u062d \u0627\u0644\u062c\u0648|\u062c\u0648\u064a"
)


@cache
def _insurgent() -> re.Pattern[str]:
    """IS by its names (rule_words kind insurgent: da'ish, tanzim al-dawla ...)."""
    return re.compile(alternation("insurgent"))


@lru_cache(maxsize=4)
def _bare_article(text: str, blocs: bool) -> bool:
    """Whether an article names IS and never a base, the US or the coalition (asked once).

    With ``blocs`` (rule political_bloc), a political bloc's tahaluf is no coalition.
    """
    if text.find(_BASE) != -1:
        return False
    words = text
    if text.find(_ALLIANCE) != -1:  # the coalition with any clitic: للتحالف too
        if not blocs:
            return False
        words = political_blocs(text)  # (rare: an article with tahaluf and no base)
        if words.find(_ALLIANCE) != -1:
            return False
    return _coalition().search(words) is None and _insurgent().search(text) is not None


def insurgent_article(text: str, start: int, end: int, blocs: bool = True) -> bool:
    """Whether a sentence tells IS's war on local forces in an article that is none of ours.

    Rule insurgent_article: "four soldiers were killed when IS members ambushed a convoy near
    Kirkuk", "a roadside bomb of IS hit a federal police vehicle near Daquq" -- in an article
    that names IS (da'ish, tanzim al-dawla, al-dawla al-islamiyya), names no base and brings
    neither the US nor the coalition in anywhere (no word of kind coalition_stem: al-tahaluf,
    amrik-, washintun, al-bintaghun, al-wilayat al-muttahida ...), a sentence tells the
    insurgency's war on the country's own forces, whether it names IS itself or tells the
    ambush bare before the next sentence names who laid it. A sentence with an aircraft or
    an air strike in it (ta'irat majhula, gharat) stays as read: unnamed aircraft striking
    IS are counted by heldout5's author. An article that names the coalition or a base once
    ("IS fighters shelled the base", "coalition jets struck IS south of Kirkuk") is left to
    the other rules.
    """
    if not _bare_article(text, blocs):
        return False  # (cached per article: most articles name a base, the US or no IS)
    return _AIR.search(text, start, end) is None


#: The bare stems of a halt or a relation (normalised): waqf (tawaqquf too), ta'liq, ta'allaq
#: (tata'allaq, muta'alliqa), iqaf, bi-sha'n -- asked with str.find, the quick test.
_TOPIC_STEMS = (
    "\u0648\u0642\u0641",
    "\u062a\u0639\u0644\u064a\u0642",
    "\u062a\u0639\u0644\u0642",
    "\u0627\u064a\u0642\u0627\u0641",
    "\u0628\u0634\u0627\u0646",
)
#: Plural attacks, bare (normalised): hajamat, darabat, amaliyyat, i'tida'at.
_PLURALS = (
    "\u0647\u062c\u0645\u0627\u062a",
    "\u0636\u0631\u0628\u0627\u062a",
    "\u0639\u0645\u0644\u064a\u0627\u062a",
    "\u0627\u0639\u062a\u062f\u0627\u0621\u0627\u062a",
)
#: A word of halting or relating, up to two words (mu'aqqat, kamil ...), then plural attacks
#: (hajamat, darabat, amaliyyat, i'tida'at, with li-/bi-, the article or a pronoun after).
_TOPIC = re.compile(
    "(?<!\\w)[\u0648\u0641\u0644\u0628]?(?:\u0627\u0644)?(?:\u0648\u0642\u0641|\u062a\u0639\u0644\u064a\u0642"
    "|\u0627\u064a\u0642\u0627\u0641|\u062a\u0648\u0642\u0641|[\u062a\u064a]\u062a\u0639\u0644\u0642"
    "|\u0645\u062a\u0639\u0644\u0642\u0647|\u0628\u0634\u0627\u0646)(?!\\w)(?:\\s+\\S+){0,2}?\\s+"
    "[\u0644\u0628]?(?:\u0627?\u0644)?(?:\u0647\u062c\u0645\u0627\u062a|\u0636\u0631\u0628\u0627\u062a"
    "|\u0639\u0645\u0644\u064a\u0627\u062a|\u0627\u0639\u062a\u062f\u0627\u0621\u0627\u062a)"
    "(?:\u0647\u0627|\u0647\u0645)?(?!\\w)"
)


def attacks_topic(text: str, start: int, end: int) -> bool:
    """Whether a sentence names attacks only as what is halted or what a case is about.

    Rule attacks_topic: "the spokesman announced the factions' agreement to a temporary halt
    of the attacks on US interests in Baghdad", "it is the first verdict in cases relating
    to attacks that targeted the airport and sites hosting US interests" -- plural attacks
    (hajamat, darabat, amaliyyat, i'tida'at) up to two words after a word of halting (waqf,
    ta'liq, iqaf, tawaqquf) or of relating (tata'allaq bi-, al-muta'alliqa bi-, bi-sha'n)
    are a truce's or a court's topic, not an event. The clause runs from that word to the
    next comma; a verb of a done attack outside it ("despite the announced halt of the
    attacks, three rockets fell on the base") keeps the sentence for the other rules.
    """
    find = text.find
    waqf, ta_liq, ta_allaq, iqaf, bi_shan = _TOPIC_STEMS
    if (
        find(waqf, start, end) == -1
        and find(ta_allaq, start, end) == -1
        and find(ta_liq, start, end) == -1
        and find(iqaf, start, end) == -1
        and find(bi_shan, start, end) == -1
    ):
        return False  # no word of halting or relating: most sentences
    if all(find(w, start, end) == -1 for w in _PLURALS):
        return False  # ("position" mawqif holds waqf: no plural attacks, no topic)
    m = _TOPIC.search(text, start, end)
    if m is None:
        return False
    return clause_alone(text, start, end, m)


#: ta'arrad- (subjected to), the bare stem (normalised).
_EXPOSED = "\u062a\u0639\u0631\u0636"
#: ta'arrad- then up to six words, then li- and plural attacks with no article and no number
#: between (li-hajamat, li-darabat, li-gharat, li-i'tida'at, li-qasf mutakarrir is not one).
_SERIES = re.compile(
    "(?<!\\w)[\u0648\u0641]?[\u062a\u064a]?\u062a\u0639\u0631\u0636\\S*(?:\\s+\\S+){0,6}?\\s+"
    "\u0644(?:\u0647\u062c\u0645\u0627\u062a|\u0636\u0631\u0628\u0627\u062a|\u063a\u0627\u0631\u0627\u062a"
    "|\u0627\u0639\u062a\u062f\u0627\u0621\u0627\u062a)(?!\\w)"
)
#: The plural attacks of a series, bare (normalised): hajamat, darabat, gharat, i'tida'at.
_SERIES_NOUNS = (
    "\u0647\u062c\u0645\u0627\u062a",
    "\u0636\u0631\u0628\u0627\u062a",
    "\u063a\u0627\u0631\u0627\u062a",
    "\u0627\u0639\u062a\u062f\u0627\u0621\u0627\u062a",
)
#: A word of a day or an hour (normalised): al-yawm, ams, fajr, layl(at), masa', sabah, zuhr,
#: asr, the weekdays, a digit -- a sentence with one dates its attacks.
_DAY = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644\u064a\u0648\u0645|\u0627\u0645\u0633"
    "|\u0641\u062c\u0631|\u0644\u064a\u0644\\S*|\u0645\u0633\u0627\u0621|\u0635\u0628\u0627\u062d"
    "|\u0638\u0647\u0631|\u0639\u0635\u0631|\u0627\u0644\u0627\u062d\u062f|\u0627\u0644\u0627\u062b\u0646\u064a\u0646"
    "|\u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621|\u0627\u0644\u0627\u0631\u0628\u0639\u0627\u0621"
    "|\u0627\u0644\u062e\u0645\u064a\u0633|\u0627\u0644\u062c\u0645\u0639\u0647|\u0627\u0644\u0633\u0628\u062a)(?!\\w)"
    "|\\d"
)


#: A word of a period or of a recall (normalised): mundhu, khilal, marrat, al-ashhur,
#: al-asabi', al-sanawat, al-madiya, al-akhira, sabiqa, kana, kanat -- rules trend_frame,
#: vague_past and pluperfect_recall read such sentences.
_PERIOD_OR_RECALL = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0645\u0646\u0630|\u062e\u0644\u0627\u0644|\u0645\u0631\u0627\u062a"
    "|\u0627\u0644\u0627\u0634\u0647\u0631|\u0627\u0644\u0627\u0633\u0627\u0628\u064a\u0639"
    "|\u0627\u0644\u0633\u0646\u0648\u0627\u062a|\u0627\u0644\u0645\u0627\u0636\u064a\u0647"
    "|\u0627\u0644\u0627\u062e\u064a\u0631\u0647|\u0633\u0627\u0628\u0642\u0647|\u0643\u0627\u0646\u062a?)(?!\\w)"
)


def attack_series(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a place's series of attacks, undated, as background.

    Rule attack_series: "the surroundings of Baghdad airport, where Iraqi and US soldiers are
    stationed, have also come under rocket attacks of unknown source", "the base has been
    subjected to repeated attacks in the past years" -- ta'arrada (subjected to) and, within
    six words, li- + plural attacks with no article and no number between (li-hajamat,
    li-darabat, li-gharat) in a sentence with no word of a day or an hour (al-yawm, ams,
    fajr, masa', a weekday, a digit) tells a series, not one attack. "The base came under
    drone attacks at dawn today" (a day word) and "the base was subjected to three attacks"
    (a number) stay as read; a sentence with a word of a period or a recall (mundhu, khilal,
    fi marrat sabiqa, kanat qad) is left to rules trend_frame, vague_past and
    pluperfect_recall.
    """
    if text.find(_EXPOSED, start, end) == -1:
        return False  # ta'arrad-: the bare stem first
    if all(text.find("\u0644" + w, start, end) == -1 for w in _SERIES_NOUNS):
        return False  # no li- + plural attacks
    return (
        _SERIES.search(text, start, end) is not None
        and _DAY.search(text, start, end) is None
        and _PERIOD_OR_RECALL.search(text, start, end) is None
    )
