"""Precision rules of the other parties: violence in Syria and on Jordan's border not ours.

Real reporting on Syria (2016-2020, 2025-2026) and on Jordan tells, beside the attacks on the
coalition, the war of everyone else, in the same words of attack and with the same places:

- :func:`local_sides` -- the war between Syria's own sides: IS cells killing regime soldiers
  in al-Bukamal, the SDF's drones on an army checkpoint near Deir Hafer, IS on an SDF post in
  the Deir ez-Zor countryside, the SDF and the government's forces fighting over Raqqa, the
  tribes and the Druze factions in Suwayda. A local side (lexicon ``local_sides.csv``) acts
  in the sentence, fights another, or its men are the dead and wounded, or its post or convoy
  is what was hit.
- :func:`host_air_strike` -- the Jordanian air force's raids on smugglers' farms and stores in
  the Suwayda countryside: a strike whose aircraft or air force is called Jordanian, or that
  the Jordanian army says it launched.
- :func:`party_article` -- an article that never names the US, the coalition or a base, told
  as one of those: its bare strike sentences ("one of the raids hit a well") are the same
  campaign's.

Each leaves a sentence that brings the US or the coalition in (a joint patrol, a US strike on
the regime, "it is not known whether Israel or the coalition struck"), or that names a base;
the reader asks them with the other "not ours" tests
(:meth:`.article_passes.ArticlePasses._stray_or_foreign`), which also leaves every sentence
naming a facility of the gazetteer (an attack on Conoco with SDF dead stays ours). The words
of the patterns are written here as normalised text (ta marbuta as ha, the hamzated alifs as
bare alif, alif maqsura and ya with hamza as ya; every quote mark as "); the sides are data.
:data:`PARTY_RULES` lists the rules for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from gazetteer.extract.precision_elsewhere import post_of_its_own
from gazetteer.extract.precision_iraq import attack_series, attacks_topic, insurgent_article
from gazetteer.extract.precision_referents import patron_support
from gazetteer.extract.precision_roles import base_role
from gazetteer.extract.precision_scope import _patterns as _scope_patterns
from gazetteer.extract.precision_scope import backed_by, local_post
from gazetteer.extract.precision_strays import _coalition
from gazetteer.extract.precision_syria import prison_object, side_accuses
from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

__all__ = [
    "PARTY_RULES",
    "attack_series",
    "host_air_strike",
    "local_sides",
    "not_ours",
    "party_article",
    "without_patrons",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
PARTY_RULES: tuple[str, ...] = (
    "local_sides",
    "host_air_strike",
    "party_article",
    "patron_phrase",
)


@cache
def _words(kind: str) -> tuple[str, ...]:
    """The normalised phrases of one kind of lexicon/local_sides.csv, longest first."""
    rows = load_lexicon("local_sides", ("phrase", "kind"))
    for n, row in enumerate(rows, start=2):
        if row["kind"] not in _KINDS:
            raise LexiconError(
                f"gazetteer/data/lexicon/local_sides.csv: data row {n}: kind {row['kind']!r}"
            )
    words = {normalise(r["phrase"]) for r in rows if r["kind"] == kind}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


_KINDS = frozenset({"side", "partner", "clash"})


def _alternation(words: tuple[str, ...]) -> str:
    """A regex matching any of ``words``, the longest first, its branches merged as a trie.

    The engine tries an alternation branch by branch at each position; merging the common
    beginnings (al-, li-, quwwat ...) lets it drop most branches on their first letter.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    """The regex of a trie node: its branches, optional where a word ends (greedy: longest)."""
    ends = "" in node
    branches = [re.escape(c) + _trie_regex(child) for c, child in node.items() if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"
    return body


def _side_forms() -> str:
    """The sides as a regex alternation, with li- before them (li- + al- written lil-) or not."""
    forms: list[str] = []
    for side in _words("side"):
        forms.append(side)
        forms.append("\u0644" + (side[1:] if side.startswith("\u0627\u0644") else side))
    return _alternation(tuple(forms))


#: Words too common in Syrian news to stand for a side alone: quwwat, quwa, suri, suriyya,
#: suriya, arabi, amm, majmu'at, musallahin, musallahun, askariyya.
_COMMON = frozenset(
    {
        "\u0645\u062c\u0645\u0648\u0639\u0627\u062a",
        "\u0645\u0633\u0644\u062d\u064a\u0646",
        "\u0645\u0633\u0644\u062d\u0648\u0646",
        "\u0639\u0633\u0643\u0631\u064a\u0647",
        "\u0642\u0648\u0627\u062a",
        "\u0642\u0648\u064a",
        "\u0633\u0648\u0631\u064a",
        "\u0633\u0648\u0631\u064a\u0647",
        "\u0633\u0648\u0631\u064a\u0627",
        "\u0639\u0631\u0628\u064a",
        "\u0639\u0627\u0645",
    }
)


@cache
def _stems() -> tuple[str, ...]:
    """One word of each side (its article off; the longest not in :data:`_COMMON`).

    Every form of a side (with li- or lil- before it) holds its stem, so a sentence with none
    of the stems names no side: one search for them spares most sentences the patterns.
    """
    stems = set()
    for side in _words("side"):
        words = [w[2:] if w.startswith("\u0627\u0644") else w for w in side.split()]
        rare = [w for w in words if w not in _COMMON] or words
        stems.add(max(rare, key=len))
    return tuple(sorted(stems))


@cache
def _stem_pattern() -> re.Pattern[str]:
    """The stems as one regex (a trie: quicker than a ``str.find`` per stem)."""
    return re.compile(_alternation(_stems()))


def _names_side(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may name a side (one of :func:`_stems` in it)."""
    return _stem_pattern().search(text, start, end) is not None


@cache
def _partner() -> re.Pattern[str]:
    """The coalition's partners among the sides (kind partner)."""
    return re.compile(_alternation(_words("partner")))


@cache
def _clash() -> re.Pattern[str]:
    """A word of fighting between two named sides (kind clash)."""
    return re.compile(f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:{_alternation(_words('clash'))})")


#: A device that goes off under a vehicle: 'ubwa(t), nasifa, lugham, algham (normalised stems).
_DEVICE = re.compile(
    "\u0639\u0628\u0648(?:\u0647|\u0627\u062a)|\u0646\u0627\u0633\u0641"
    "|(?<!\\w)\u0644\u063a\u0645|\u0627\u0644\u063a\u0627\u0645"
)


@cache
def _local_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A local side as the agent, as the victims, or as the owner of what was hit."""
    side = f'\u0644?[("]?(?:{_side_forms()})[)"]?(?!\\w)'
    # quwwat, fasa'il, anasir, majmu'at before a side after a verb, min qibal or bayna
    body = (
        "(?:(?:\u0642\u0648\u0627\u062a|\u0641\u0635\u0627\u064a\u0644"
        "|\u0639\u0646\u0627\u0635\u0631|\u0645\u062c\u0645\u0648\u0639\u0627\u062a)\\s+)?"
    )
    # nafadhahu/nafadhathu/nafadhaha/nafadhat, shannahu/shannathu/shannaha/shannat,
    # atlaqaha/atlaqatha/atlaqathu
    agent_verb = (
        "\u0646\u0641\u0630(?:\u0647|\u062a\u0647|\u0647\u0627|\u062a)"
        "|\u0634\u0646(?:\u0647|\u062a\u0647|\u0647\u0627|\u062a)"
        "|\u0627\u0637\u0644\u0642(?:\u0647\u0627|\u062a\u0647\u0627|\u062a\u0647)"
    )
    # istahdafa/t, qasafa/t, hajama/t, atlaqa/t/ha: a side before its verb (one word between at
    # most); istihdaf, qasf, i'tida' (verbal nouns) too right before a side
    attack_verb = (
        "\u0627\u0633\u062a\u0647\u062f\u0641\u062a?|\u0642\u0635\u0641\u062a?"
        "|\u0647\u0627\u062c\u0645\u062a?"
    )
    launch_verb = "\u0627\u0637\u0644\u0642(?:\u062a|\u0647\u0627|\u062a\u0647\u0627|\u0647)?"
    noun = "\u0627\u0633\u062a\u0647\u062f\u0627\u0641|\u0627\u0639\u062a\u062f\u0627\u0621"
    agent = re.compile(
        f"(?<!\\w)[\u0648\u0641]?(?:{agent_verb})(?:\\s+\\S+){{0,4}}?\\s+(?:\u062a\u0646\u0638\u064a\u0645\\s+)?{side}"
        f"|{side}(?:\\s+\\S+)?\\s+(?:{attack_verb}|{launch_verb})(?!\\w)"
        f"|(?<!\\w)[\u0648\u0641\u0628]?(?:{attack_verb}|{noun})\\s+{body}{side}"  # istahdafat qsd
        # the agent of a passive or a verbal noun: min qibal, ala yad (by)
        f"|(?<!\\w)(?:\u0645\u0646\\s+\u0642\u0628\u0644|\u0639\u0644\u064a\\s+\u064a\u062f)\\s+{body}{side}"
        # two sides fighting: bayna (quwwat) X wa Y; ishtibakat / ma'arik ma'a (quwwat) X
        f"|(?<!\\w)\u0628\u064a\u0646\\s+{body}{side}"
        f"|(?<!\\w)[\u0648\u0641\u0628]?(?:{_alternation(_words('clash'))})\\s+\u0645\u0639\\s+{body}{side}"
    )
    # maqtal, qatla, qutila, qatil(an), isaba, jarha, jarih(an), usiba, masra', istishhad; then
    # min / fi sufuf (anasir)
    hurt = (
        "\u0645\u0642\u062a\u0644|\u0642\u062a\u0644\u064a|\u0642\u062a\u0644|\u0642\u062a\u064a\u0644\u0627?"
        "|\u0627\u0635\u0627\u0628\u0647|\u062c\u0631\u062d\u064a|\u062c\u0631\u064a\u062d\u0627?"
        "|\u0627\u0635\u064a\u0628|\u0645\u0635\u0631\u0639|\u0627\u0633\u062a\u0634\u0647\u0627\u062f"
    )
    regime = "\u0627\u0644\u0646\u0638\u0627\u0645"  # al-nizam, bare: "24 men of the regime"
    victims = re.compile(
        f"(?<!\\w)[\u0648\u0641]?(?:{hurt})(?!\\w)(?:\\s+\\S+){{0,4}}?\\s+"
        "(?:\u0645\u0646|\u0641\u064a\\s+\u0635\u0641\u0648\u0641)\\s+(?:\u0639\u0646\u0627\u0635\u0631\\s+)?"
        f"(?:{side}|{regime}(?!\\s+\\S*\u064a(?:\\s|$)))"
    )
    # hajiz, nuqta, mawqi', ratl, sayyara askariyya, aliyya, dawriyya; owned by a side (tabi'),
    # or by "its / our forces" (li-quwwatiha, li-quwwatina) in a side's own statement
    thing = (
        "\u062d\u0627\u062c\u0632|\u0646\u0642\u0637\u0647|\u0645\u0648\u0642\u0639|\u0645\u0648\u0627\u0642\u0639"
        "|\u0631\u062a\u0644|\u0633\u064a\u0627\u0631\u0647|\u0627\u0644\u064a\u0647|\u062f\u0648\u0631\u064a\u0647"
    )
    own = "\u0644\u0642\u0648\u0627\u062a(?:\u0647\u0627|\u0646\u0627|\u0647\u0645)(?!\\w)"
    owned = re.compile(
        f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:{thing})\\S*(?:\\s+\\S+){{0,2}}?\\s+"
        f"(?:\u062a\u0627\u0628\u0639\\S*\\s+)?(?:{side}|{own})"
    )
    return agent, victims, owned


#: qa'ida (a base, normalised): a base named in the sentence keeps it for the other rules.
_BASE = "\u0642\u0627\u0639\u062f\u0647"


def _neither_ours(text: str, start: int, end: int) -> bool:
    """No US or coalition word and no base in the sentence.

    A US or coalition word that only names a side's patron does not count (rule
    patron_support, :mod:`.precision_referents`: مدعومة من واشنطن، بدعم من التحالف).
    """
    if text.find(_BASE, start, end) != -1:
        return False
    coalition = _coalition()
    if coalition.search(text, start, end) is None:
        return True
    return _fires()("patron_support") and patron_support(text, start, end, coalition)


@cache
def _fires() -> Callable[[str], bool]:
    """precision.fires, imported once, late (the registry imports this module)."""
    from gazetteer.extract.precision import fires

    return fires


def local_sides(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells the war between Syria's own sides, none of the coalition.

    Rule local_sides: "an SDF drone struck a military police checkpoint near the town,
    wounding three soldiers", "five SDF fighters were killed in an IS attack on their
    position east of the city", "shelling and clashes between the government's forces and
    the SDF around the city" -- a local side (lexicon local_sides.csv: the SDF, the Asayish
    and internal security forces, the Syrian army, the regime's and the government's forces
    and factions, the security forces, the military police, the Russian forces, the tribes,
    the Druze and local factions, the old regime's remnants) is the agent of the attack
    (nafadhathu qsd, atlaqatha quwwat qsd, qsd istahdafat, istahdafat qsd, istihdaf qsd, min
    qibal fasa'il hukumat dimashq), one of two sides fighting (bayna al-quwwat al-hukumiyya
    wa quwwat qsd), its men are the dead or wounded (maqtal 5 min quwwat suriya
    al-dimuqratiyya, qatla min al-nizam), or its checkpoint, post or convoy is what was hit
    (hajizan lil-shurta al-askariyya, ratlan lil-quwwat al-rusiyya, nuqta li-quwwatiha in a
    side's own statement). The dead and the post of a side count when the sentence also
    names an attacker (IS, its cells, gunmen, a side as agent) or a fight (clashes,
    battles): shells of no named source on a checkpoint stay as read, as rule local_post
    leaves them. With no US or coalition word and no base in the sentence it reports none of
    ours. A device or mine that hit the coalition's partners (the SDF, the Asayish) stays as
    read: near a base or a camp it is told as an attack there (rule local_post's exception).
    "The coalition's strikes killed ten of the regime's forces", "the SDF said drones hit
    the Conoco field" (a facility of the gazetteer) stay with the other rules; so do IS or
    gunmen on a local force's checkpoint (rules local_post and post_of_its_own).
    """
    if not _names_side(text, start, end):
        return False  # no side named: most sentences
    if not _neither_ours(text, start, end):
        return False
    agent, victims, owned = _local_patterns()
    # the victims or the post of a side count only with an attacker named (IS, its cells,
    # gunmen; a side as agent) or a fight between sides told: shells of no named source on an
    # army post stay as read
    attacker = _scope_patterns()[1]  # rule local_post's attackers (rule_words local_attacker)
    named = (
        agent.search(text, start, end) is not None
        or attacker.search(text, start, end) is not None
        or _clash().search(text, start, end) is not None
    )
    if not named:
        return False  # (the device pattern, tried at every character, only then)
    patterns = (agent, victims, owned)
    device = _DEVICE.search(text, start, end) is not None
    found = any(
        not (device and _partner().search(m.group(0)))  # a device that hit the partners
        for p in patterns
        for m in p.finditer(text, start, end)
    )
    # IS or gunmen on a local force's checkpoint are rule local_post's and post_of_its_own's
    # (asked even when those rules are off, so that each rule's table proves its own cases)
    return found and not (local_post(text, start, end) or post_of_its_own(text, start, end))


#: A strike noun or an air force (normalised): ta'irat, ta'ira, tayaran, muqatilat, silah al-jaw,
#: gharat, ghara, darbat, darba, qasf; with wa, fa, bi, li and the article before it or not.
_AIR = (
    "\u0637\u0627\u064a\u0631\u0627\u062a|\u0637\u0627\u064a\u0631\u0647|\u0637\u064a\u0631\u0627\u0646"
    "|\u0645\u0642\u0627\u062a\u0644\u0627\u062a|\u0633\u0644\u0627\u062d \u0627\u0644\u062c\u0648"
    "|\u063a\u0627\u0631\u0627\u062a|\u063a\u0627\u0631\u0647|\u0636\u0631\u0628\u0627\u062a|\u0636\u0631\u0628\u0647|\u0642\u0635\u0641"
)
#: What may stand between an air force and the nationality that qualifies it: harbiyya/harbiyyan,
#: muqatila, jawwiyya, a hedge (yurajjah, yu'taqad, annaha, annahu), tabi', li-silah, al-jaw,
#: al-malaki.
_BETWEEN = (
    "\u062d\u0631\u0628\u064a\\S*|\u0645\u0642\u0627\u062a\u0644\\S*|\u062c\u0648\u064a\\S*"
    "|\u064a\u0631\u062c\u062d|\u064a\u0639\u062a\u0642\u062f|\u0627\u0646\u0647\u0627|\u0627\u0646\u0647"
    "|\u062a\u0627\u0628\u0639\\S*|\u0644\u0633\u0644\u0627\u062d|\u0627\u0644\u062c\u0648|\u0627\u0644\u0645\u0644\u0643\u064a"
)
_JORDANIAN = "\u0627\u0631\u062f\u0646\u064a"  # urduni (Jordanian), normalised


@lru_cache(maxsize=1)
def _host_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An air force called Jordanian; the Jordanian army launching raids."""
    qualified = re.compile(
        f"(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:{_AIR})(?!\\w)"
        f"(?:\\s+(?:\u0627\u0644)?(?:{_BETWEEN})[\\s,]*?)*\\s+[\u0644\u0628]?(?:\u0627\u0644)?{_JORDANIAN}\u0647?(?!\\w)"
    )
    # al-jaysh al-urduni ... shanna/nafadha (shannat, shanna, nafadha, nafadhat) ... gharat/ghara
    army = f"\u0627\u0644\u062c\u064a\u0634\\s+\u0627\u0644{_JORDANIAN}"
    # shanna, nafadha, istahdafa (any form)
    verb = "\\S*(?:\u0634\u0646|\u0646\u0641\u0630|\u0627\u0633\u062a\u0647\u062f\u0641)\\S*"
    raids = "[\u0628]?\u063a\u0627\u0631(?:\u0627\u062a|\u0647)"  # (bi-)gharat, ghara
    launched = re.compile(
        f"{army}(?:\\s+\\S+){{0,3}}?\\s+{verb}(?:\\s+\\S+){{0,4}}?\\s+{raids}"
        # the verb first: shanna al-jaysh al-urduni masa' al-arbi'a' gharat
        f"|(?<!\\w)[\u0648\u0641]?{verb}\\s+{army}(?:\\s+\\S+){{0,4}}?\\s+{raids}"
    )
    return qualified, launched


def host_air_strike(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells a strike of Jordan's own air force, none of the coalition's.

    Rule host_air_strike: "warplanes thought to be Jordanian struck a farm used as a store
    near the border", "the Jordanian army said it launched raids last night on smugglers'
    hideouts" -- an aircraft, an air force or a raid called Jordanian (ta'irat harbiyya
    urduniyya, ta'irat yurajjah annaha urduniyya, tayaran tabi' li-silah al-jaw al-urduni:
    only words of kind, hedge or belonging between) or the Jordanian army as the one that
    launched raids (al-jaysh al-urduni shanna gharat, shanna al-jaysh al-urduni gharat) is
    the host's own campaign on smugglers. With no US or coalition word and no base in the
    sentence it is not a coalition strike. "Jordanian and American jets struck IS hideouts",
    "a drone fell on Jordanian soil near a base" stay with the other rules.
    """
    if text.find(_JORDANIAN, start, end) == -1:
        return False  # urduni: the bare word first
    if not _neither_ours(text, start, end):
        return False
    return any(p.search(text, start, end) is not None for p in _host_patterns())


@lru_cache(maxsize=4)
def _party_article(text: str) -> bool:
    """Whether an article names no US, coalition or base, and a sentence of it is another's."""
    end = len(text)
    if not _neither_ours(text, 0, end):
        return False
    if local_sides(text, 0, end):
        return True
    return text.find(_JORDANIAN) != -1 and any(p.search(text) for p in _host_patterns())


def party_article(text: str, start: int, end: int) -> bool:
    """Whether a bare strike sentence belongs to the other parties' war its article tells.

    Rule party_article: "warplanes thought to be Jordanian struck a farm near the border
    last night ... one of the raids hit a well near the town, killing its guard", "the SDF
    shelled two villages near the town ... the army condemned the shelling of homes in the
    town" -- in an article that never brings the US or the coalition in and names no base,
    and where a sentence is one of the other rules' (a local side's war, a Jordanian
    strike), the bare strike sentences tell the same campaign, not ours. An article that
    names the coalition or a base anywhere is left to the sentence rules. A sentence that is
    itself local_sides' or host_air_strike's is theirs (asked even when they are switched
    off, so that each rule's table proves its own cases).
    """
    return _party_article(text) and not (
        local_sides(text, start, end) or host_air_strike(text, start, end)
    )


def side_words() -> tuple[str, ...]:
    """The bare words of :func:`local_sides`: a side's stem (:func:`_stems`) in every match."""
    return _stems()


def not_ours(
    text: str, start: int, end: int, fires: Callable[[str], bool], sides: bool = True
) -> bool:
    """Whether one of this module's rules that ``fires`` (is on) finds the sentence not ours.

    With them, the rules of :mod:`.precision_iraq` and :mod:`.precision_syria`. ``sides``:
    False when the sentence holds none of :func:`side_words` (the reader knows it from its
    one pass): :func:`local_sides` is False then, and not asked.
    """
    return (
        (fires("local_sides") and sides and local_sides(text, start, end))
        or (fires("host_air_strike") and host_air_strike(text, start, end))
        or (fires("party_article") and party_article(text, start, end))
        or (fires("insurgent_article") and _insurgency(text, start, end, fires("political_bloc")))
        or (fires("base_role") and base_role(text, start, end))
        or (fires("attacks_topic") and attacks_topic(text, start, end))
        or _syrian_fight(text, start, end, fires)
    )


def _syrian_fight(text: str, start: int, end: int, fires: Callable[[str], bool]) -> bool:
    """Rules prison_object and side_accuses (:mod:`.precision_syria`), as local_sides is asked.

    Only in a sentence that names no base and brings neither the US nor the coalition in; a
    device or mine that hit the coalition's partners (the SDF, the Asayish) stays as read.
    """
    hit = (fires("prison_object") and prison_object(text, start, end)) or (
        fires("side_accuses") and side_accuses(text, start, end)
    )
    if not hit or not _neither_ours(text, start, end):
        return False
    return not (_DEVICE.search(text, start, end) and _partner().search(text, start, end))


def _insurgency(text: str, start: int, end: int, blocs: bool) -> bool:
    """Rule insurgent_article's test, leaving the other rules' cases and a device on partners.

    A sentence local_sides, local_post or post_of_its_own tells is that rule's (asked even
    when it is off, so that each table proves its own cases); a device or mine that hit the
    coalition's partners (the SDF, the Asayish) stays as read, near a base an attack there.
    """
    if not insurgent_article(text, start, end, blocs):
        return False
    if _DEVICE.search(text, start, end) and _partner().search(text, start, end):
        return False
    return not (
        local_sides(text, start, end)
        or local_post(text, start, end)
        or post_of_its_own(text, start, end)
    )


#: The stem of backing (دعم، مدعوم), normalised: the cheap test of an article for a patron.
_BACKED = "\u062f\u0639"


def without_patrons(text: str, actors: list[Any]) -> list[Any]:
    """The actor names of an article less those that only name a side's patron (patron_phrase).

    "a Turkish drone struck a car of the SDF, backed by Washington" (المدعومة من واشنطن): the
    United States named as who backs a side is no party to the event -- neither its target
    nor its attacker -- and brings no US word into the sentence. Only US-side names: "the
    factions backed by Iran" (المدعومة من إيران) names who attacked. ``actors``: the matches
    of the actor lexicon.
    """
    if _BACKED not in text:
        return actors  # (no word of backing in the article: the cheap test first)
    return [m for m in actors if m.payloads[0].side != "us" or not backed_by(text, m.start)]
