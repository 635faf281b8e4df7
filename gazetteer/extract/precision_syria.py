"""Precision rules of Syrian reporting: the fight over prisons and the sides' accusations.

Real reporting on north-east Syria (2015-2020, and 2025-2026 after the old government fell)
tells, beside the coalition's war, a war between Syria's own sides in the same words of attack
and at the same towns: al-Shaddadi, al-Hasakah, al-Mayadin hold a coalition base or lie next to
one, and a report of an attack "in" or "on" something there is easily read as one on the base.
Two habits of this reporting name an attack that is not ours:

- :func:`prison_object` -- what was attacked is a prison or a detention centre (sijn, sujun,
  markaz ihtijaz): "gunmen stormed the al-Shaddadi prison last night", "a mortar shell fell on
  the prison in al-Hasakah". The prisons of IS's men are guarded and fought over by the SDF,
  the government's forces and IS's cells; the town's name after the prison (sijn al-Shaddadi)
  is the prison's address, not the base's.
- :func:`side_accuses` -- one of Syria's own sides accuses another of the attack ("the SDF
  accused militias tied to the government of attacking ..."), or the two exchange accusations:
  an accusation is told by a party to the fight against its adversary, and when the accuser is
  a local side the fight is theirs.

Each leaves a sentence that brings the US or the coalition in or names a base (the words of
:func:`.precision_parties._neither_ours`); the reader asks them with the other "not ours" tests
(:func:`.precision_parties.not_ours`), which also leave every sentence naming a facility of the
gazetteer, and a device or mine that hit the coalition's partners (the SDF, the Asayish), as
rule local_sides leaves it. :func:`side_accuses` also leaves an accusation of Iran's men
(Iranian-backed militias are the coalition's attackers in this reporting). Both test a bare
stem first (``str.find``), so most sentences cost one search each. The words are written as
normalised text (ta marbuta as ha, hamzated alifs bare, alif maqsura as ya).
:data:`SYRIA_RULES` lists the rules for :data:`.precision.RULES` (through
:data:`.precision_mechanisms.MECHANISM_RULES`).
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["SYRIA_RULES", "prison_object", "side_accuses"]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
SYRIA_RULES: tuple[str, ...] = ("prison_object", "side_accuses")

#: The bare stems of a prison or a detention centre (normalised): sijn (sujun has no such run
#: of letters, but every prison sentence of this reporting writes the singular or ihtijaz), ihtijaz.
_PRISON_STEMS = (
    "\u0633\u062c\u0646",
    "\u0633\u062c\u0648\u0646",
    "\u0627\u062d\u062a\u062c\u0627\u0632",
)

#: A prison noun: (bi-/li-)(al-)sijn(an), sujun, markaz / marakiz (al-)ihtijaz; not sujana'
#: (prisoners), sajjan (jailer) or masjun (a prisoner).
_PRISON = (
    "[\u0628\u0644]?(?:\u0627\u0644)?(?:\u0633\u062c\u0646\u0627?|\u0633\u062c\u0648\u0646"
    "|\u0645(?:\u0631\u0627\u0643\u0632|\u0631\u0643\u0632)\\s+(?:\u0627\u0644)?\u0627\u062d\u062a\u062c\u0627\u0632)(?!\\w)"
)
#: A word that takes what was hit right after it: ala (written ali when normalised), muhit,
#: qurb, dakhil, and the verbal nouns istihdaf, iqtiham, muhajama, qasf.
_ON = (
    "\u0639\u0644\u064a|\u0645\u062d\u064a\u0637|\u0642\u0631\u0628|\u062f\u0627\u062e\u0644"
    "|\u0627\u0633\u062a\u0647\u062f\u0627\u0641|\u0627\u0642\u062a\u062d\u0627\u0645"
    "|\u0645\u0647\u0627\u062c\u0645\u0647|\u0642\u0635\u0641"
)
#: A verb of attack in any person (hajama, istahdafa, qasafa, iqtahama and their present
#: forms), whose object may follow its subject and a time phrase (up to six words).
_VERB = (
    "[\u064a\u062a]?(?:\u0647\u0627\u062c\u0645|\u0633\u062a\u0647\u062f\u0641|\u0642\u0635\u0641"
    "|\u0642\u062a\u062d\u0645)\\S*|\u0627(?:\u0633\u062a\u0647\u062f\u0641|\u0642\u062a\u062d\u0645)\\S*"
)
#: What was hit is a prison: right after a word of 'on' or a verbal noun, or within six words
#: after a verb of attack.
_PRISON_HIT = re.compile(
    f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:{_ON})(?!\\w)\\s+{_PRISON}"
    f"|(?<!\\w)[\u0648\u0641]?(?:{_VERB})(?:\\s+\\S+){{0,6}}?\\s+{_PRISON}"
)


def prison_object(text: str, start: int, end: int) -> bool:
    """Whether what a sentence's attack hit is a prison or a detention centre.

    Rule prison_object: "gunmen stormed the al-Shaddadi prison last night and clashed with
    its guards", "a mortar shell fell on the Sina'a prison in al-Hasakah", "clashes broke out
    around the prison" -- a prison noun (sijn, al-sijn, sujun, markaz / marakiz al-ihtijaz)
    right after ala, muhit, qurb, dakhil or a verbal noun of attack (istihdaf, iqtiham,
    muhajama, qasf), or within six words after a verb of attack (hajama, istahdafa, qasafa,
    iqtahama, any person), is what was hit: Syria's sides' fight over IS's prisoners, not an
    attack on a base. The town after the prison is its address. The prisoners (sujana') and
    a prison named only as where someone was held leave the rule silent; a sentence that
    names a base, the coalition or the US is left as read (by the caller).
    """
    find = text.find
    sijn, sujun, ihtijaz = _PRISON_STEMS
    if (
        find(sijn, start, end) == -1
        and find(ihtijaz, start, end) == -1
        and find(sujun, start, end) == -1
    ):
        return False  # no prison word: most sentences (three finds, no generator)
    return _PRISON_HIT.search(text, start, end) is not None


#: The bare stems of an accusation (normalised): tahm (ittahama, yattahim, tattahim) and
#: taham (ittiham, ittihamat).
_ACCUSE_STEMS = ("\u062a\u0647\u0645", "\u062a\u0647\u0627\u0645")
#: Iran's men named (normalised stems): iran-, irani-, al-haras al-thawri, hizb allah; an
#: accusation of them is left as read.
_IRAN = re.compile(
    "\u0627\u064a\u0631\u0627\u0646|\u0637\u0647\u0631\u0627\u0646"
    "|\u0627\u0644\u062d\u0631\u0633 \u0627\u0644\u062b\u0648\u0631\u064a"
    "|\u062d\u0632\u0628 \u0627\u0644\u0644\u0647"
)


#: An accusation verb (normalised): ittahama, ittahamat, yattahim, tattahim; wa- or fa- before.
_ACCUSE = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0627\u062a\u0647\u0645\u062a?|[\u064a\u062a]\u062a\u0647\u0645)(?!\\w)"
)
#: tabadala (exchanged, any person) and, up to six words on (the sides), al-ittihamat.
_EXCHANGE = re.compile(
    "(?<!\\w)[\u0648\u0641]?[\u064a\u062a]?\u062a\u0628\u0627\u062f\u0644\\S*(?:\\s+\\S+){0,6}?"
    "\\s+(?:\u0627\u0644)?\u0627\u062a\u0647\u0627\u0645\u0627\u062a(?!\\w)"
)


@cache
def _side_around() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A local side after an accusation verb (VSO) and right before one (SVO).

    Both are matched from the verb (``match`` after it, ``search`` in a short window before
    it), so the long alternation of the sides is tried at a few places, not along the whole
    sentence. Built on first use: the sides are :mod:`.precision_parties`'s lexicon forms,
    and that module asks this one from :func:`.precision_parties.not_ours`.
    """
    from gazetteer.extract.precision_parties import _side_forms

    side = f'\u0644?[("]?(?:{_side_forms()})[)"]?(?!\\w)'
    # ittahamat qsd / ittahamat al-hukuma al-suriyya masa' ams qsd (five words between at most)
    after = re.compile(f"(?:\\s+\\S+){{0,5}}?\\s+{side}")
    # qsd tattahim / quwwat al-hukuma tattahim (one word between at most), up to the verb
    before = re.compile(f"{side}(?:\\s+\\S+)?\\s+$")
    return after, before


def _accusing(text: str, start: int, end: int) -> bool:
    """Whether a local side accuses (VSO, SVO) or two sides exchange accusations."""
    if text.find("\u062a\u0628\u0627\u062f\u0644", start, end) != -1 and _EXCHANGE.search(
        text, start, end
    ):
        return True  # tabadal- (exchanged): its bare stem first
    after, before = _side_around()
    for verb in _ACCUSE.finditer(text, start, end):
        if after.match(text, verb.end(), end) is not None:
            return True
        if before.search(text, max(start, verb.start() - 80), verb.start()) is not None:
            return True
    return False


def side_accuses(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells one of Syria's own sides accusing another of the attack.

    Rule side_accuses: "the SDF accused militias tied to the government of launching an
    attack on the town's prison", "the defence ministry accuses the SDF of shelling the
    villages", "the SDF and the government exchanged accusations over the fighters' escape"
    -- an accusation verb (ittahama, yattahim, tattahim) with a local side (lexicon
    local_sides.csv, the side forms of rule local_sides) within five words after it (the
    accuser's name and a time may come first: ittahamat al-hukuma masa' ams qsd) or right before it,
    or the verb of exchanging (tabadala) with al-ittihamat, tells a quarrel of Syria's sides:
    the accuser is a party to the fight and the accused its adversary. An accusation of
    Iran's men (Iranian-backed militias, the Revolutionary Guard, Hezbollah) is left as read,
    and so is a sentence that names a base, the coalition or the US (by the caller).
    """
    find = text.find
    if find(_ACCUSE_STEMS[0], start, end) == -1 and find(_ACCUSE_STEMS[1], start, end) == -1:
        return False  # no accusation: most sentences
    if not _accusing(text, start, end):
        return False
    if _IRAN.search(text, start, end) is not None:
        return False
    if text.find("\u062a\u0628\u0627\u062f\u0644", start, end) != -1:
        # an exchange of accusations: a local side must be named somewhere in the sentence
        from gazetteer.extract.precision_parties import _names_side

        return _names_side(text, start, end)
    return True
