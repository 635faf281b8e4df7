"""Article-wide precision rules: what the reader does with its drafts once a sentence is read.

Part of the named rules of :mod:`gazetteer.extract.precision` (which re-exports them and
switches them on and off); kept apart so each module stays small. Each has its case table in
``tests/data/incidents/rules/<name>.json``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from gazetteer.extract.rule_words import alternation, rule_words
from gazetteer.records import DateSpan
from gazetteer.text.lexicons import load_lexicon

__all__ = [
    "aggression_figures",
    "claimed_incidents",
    "denied_attack",
    "fold_region_report",
    "injury_tally",
    "killed_tally",
    "may_tally",
    "none_beside_figure",
    "opposite_sides",
    "refuted_reports",
    "tally_word_spans",
    "tally_words",
    "undated_lead",
    "undated_repeat",
]


def fold_region_report(placed_reports_in_region: int) -> bool:
    """Whether a region-wide report folds into a placed report of the same region and day.

    "US forces in Deir ez-Zor came under indirect fire; no injuries" and, in the same article,
    "an explosion hit the Conoco plant" the same night: the region-wide sentence is the same
    attack told from afar. With exactly one placed report of that region and day to be about,
    its figures and weapons belong to that report (the reader counts the one whose days lie
    inside the summary's before any report of a wider span); with several, it cannot be told
    which, and it adds nothing.
    """
    return placed_reports_in_region == 1


def none_beside_figure(value: int, other: int, of_party: bool) -> bool:
    """Whether a figure stands against a none told of one party (rule none_beside_figure).

    Rule none_beside_figure (casualties, class 6): "the coalition said there were no injuries
    among its troops" and, in another sentence, "an SDF source: two of our fighters were
    wounded"; "the strike killed three gunmen" and "no one among the civilians was hurt". A
    none restricted to one party (``of_party``: في صفوف، بين، من + a party, or a person noun
    after the casualty word) says nothing of the others: a figure above zero stands beside
    it. A none said of everyone, or two figures, keep the lower (the conservative reading).
    """
    return of_party and min(value, other) == 0 < max(value, other)


def opposite_sides(
    actors: tuple[str | None, str | None], other: tuple[str | None, str | None]
) -> bool:
    """Whether two reports at one site and day are attacks by opposite sides, never one incident.

    Rule opposite_sides (class 5): "a drone dropped a munition near the coalition's position at
    al-Tanf" and "earlier the same day the coalition's aircraft struck two vehicles there": the
    attacker of one is the target of the other, so each keeps its own incident, weapons and
    actor, however close the place and the day. ``actors`` and ``other`` are (actor, target).
    """
    (actor, target), (other_actor, other_target) = (tuple(map(_side, p)) for p in (actors, other))
    if actor == target or other_actor == other_target:
        return False  # a report whose attacker is its own target tells no side
    return (actor is not None and actor == other_target) or (
        other_actor is not None and other_actor == target
    )


@cache
def _us_side() -> frozenset[str]:
    """The labels of the US side (actors.csv side ``us``), and "US forces" as a target."""
    rows = load_lexicon("actors", ("phrase", "label", "side"))
    return frozenset({r["label"] for r in rows if r["side"] == "us"} | {"US forces"})


def _side(label: str | None) -> str | None:
    """One name for every label of the US side; other labels are their own side."""
    return "us" if label in _us_side() else label


def denied_attack(
    denial_sites: set[str],
    site: str,
    has_count: bool,
    other_day: bool = False,
    refuted_sites: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether an article denies the attack an incident would report.

    "the explosions heard near al-Shaddadi came from a controlled detonation of mines; the base
    came under no attack": a report of explosions at that site with no count of projectiles or
    drones is the same noise, not an attack; a report that counts what hit stands (a count of
    devices -- "the detonation of a roadside bomb" -- counts nothing that hit: ``has_count`` is
    the caller's). "No truth
    to the reports of a drone downed near Balad" (``refuted_sites``: لا صحة، عار عن الصحة)
    refutes the report itself, counted or not. Either way a report dated in its own words on
    a day the denials do not speak of stands (``other_day``: "the last real attack on the base
    was last Monday"; a denial with no date speaks of the day of the article and the night
    before).
    """
    if other_day:
        return False
    return site in refuted_sites or (site in denial_sites and not has_count)


#: "denied ... the truth of the reports": a verb of denial (نفى، نفت، ينفي، تنفي; ى is ي once
#: normalised), then within the clause صحة (truth).
_DENIED_TRUTH = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0646\u0641[\u064a\u062a]|[\u064a\u062a]\u0646\u0641\u064a)(?!\\w)"
    "[^.;!?\\n]{0,120}?(?:(?<!\\w)\u0635\u062d\u0647(?!\\w)"  # صحه
    # or "reports of" an attack or a fall (انباء عن سقوط، الانباء عن استهداف، اخبار عن هجوم)
    # or what media carried about one, or a single report (ما تناقلته وسائل اعلام عن سقوط، خبرا عن)
    "|(?<!\\w)(?:(?:\u0627\u0644)?(?:\u0627\u0646\u0628\u0627\u0621|\u0627\u062e\u0628\u0627\u0631"
    "|\u062e\u0628\u0631\u0627?)|\u0645\u0627\\s+\\S+(?:\\s+\\S+)?)"
    "(?:\\s+\\S+)?\\s+\u0639\u0646\\s+(?:\u0633\u0642\u0648\u0637"
    "|\u0627\u0633\u062a\u0647\u062f\u0627\u0641|\u0647\u062c\u0648\u0645|\u0642\u0635\u0641"
    "|\u062a\u0639\u0631\u0636|\u0627\u0646\u0641\u062c\u0627\u0631)(?!\\w))"
)


def refuted_reports(text: str, start: int, end: int) -> bool:
    """Whether a sentence denies the truth of reports, its denier between verb and object.

    Part of rule denied_attack (kind refutation): "the SDF's media centre denied today the truth
    of the reports circulated about a drone attack on the base" (نفى المركز ... صحة الأنباء): as
    نفى صحة with the subject in between. "confirmed the truth of" is no denial. So is "an
    official denied reports of shells falling near the base" (نفى مسؤول أنباء عن سقوط): the
    reports denied are of an attack or a fall, never of casualties (أنباء عن إصابات) or arrests.
    """
    if text.find("\u0646\u0641", start, end) < 0:  # نف: every form of the verb holds it
        return False
    return _DENIED_TRUTH.search(text, start, end) is not None


#: "the number of injured rose to N" (عدد المصابين/الجرحى ... ارتفع/وصل/بلغ ... إلى N), normalised.
_TALLY_RISE = re.compile(
    f"\u0639\u062f\u062f\\s+(?:{alternation('injured_noun')})"  # عدد المصابين
    f"[^.\\n]{{0,80}}?(?:{alternation('rise_verb')})[^.\\n]{{0,20}}?(?:{alternation('towards')})\\s*$"
)
#: Service members with brain injuries or back on duty: the words of an official injury tally.
_TALLY_WORDS = re.compile(alternation("tally_word"))
#: Soldiers, as counted in a tally.
_SOLDIERS = re.compile(f"\\s*(?:{alternation('soldiers')})")


#: The head of :data:`_TALLY_RISE` alone ("the number of injured"), for :func:`may_tally`.
_TALLY_HEAD = re.compile(f"\u0639\u062f\u062f\\s+(?:{alternation('injured_noun')})")
#: How far before a figure :func:`injury_tally` looks for "the number of injured rose to".
_RISE_REACH = 140
#: How far after a figure's soldiers :func:`injury_tally` looks for a tally word.
_WORDS_REACH = 120


#: "the toll of the dead" / "the number of civilians who were killed" (حصيلة القتلى، عدد
#: المدنيين الذين استشهدوا), normalised; never "the dead and the injured" (a joint toll).
_DEAD_HEAD = (
    f"(?<!\\S)(?:{alternation('toll_noun')})\\s+(?:[^\\s.\\n]+\\s+){{0,2}}?"
    f"(?:{alternation('dead_noun')})(?!\\w)"
)
_KILLED_HEAD = re.compile(_DEAD_HEAD + f"(?!\\s+\u0648(?:{alternation('injured_noun')}))")
#: The head alone, for :func:`may_tally` (a superset of :data:`_KILLED_HEAD`).
_DEAD_HEAD_BARE = re.compile(_DEAD_HEAD)
#: A verb of rising or reaching, past or present (ارتفعت، يرتفع، وصلت، بلغ).
_RISE_WORD = (
    f"(?:^|\\s)[\u0648\u0641]?(?:(?:{alternation('rise_verb')})\u062a?"
    "|[\u064a\u062a](?:\u0631\u062a\u0641\u0639|\u0628\u0644\u063a|\u0635\u0644))"
)
_TO = f"[^.\\n]{{0,20}}?(?:{alternation('towards')})\\s*$"
#: "the toll of the dead rose to N" / "the toll rose ... to N", right before the figure.
_TOLL_ROSE = re.compile(
    f"(?:{_KILLED_HEAD.pattern}[^.\\n]{{0,80}}?{_RISE_WORD}|{_RISE_WORD}[^.\\n]{{0,40}}?"
    f"{_KILLED_HEAD.pattern}){_TO}"
)
#: "the number of injured ... rose to N" with the verb first (ارتفع عدد المصابين في الهجوم
#: الذي استهدف القاعدة أمس إلى أربعة), right before the figure.
_TALLY_ROSE_FRONT = re.compile(
    f"{_RISE_WORD}\\s+{_TALLY_HEAD.pattern}(?!\\w)[^.\\n]{{0,120}}?"
    f"(?:{alternation('towards')})\\s*$"
)
#: "rose to N" right before a figure whose head comes after it (ارتفع إلى 19 ... عدد الشهداء).
_ROSE_TO = re.compile(f"{_RISE_WORD}{_TO}")
#: "since": a toll counted since a date is a campaign's (rule attack_tally), not this attack's.
_SINCE = re.compile("(?:^|\\s)\u0645\u0646\u0630(?!\\w)")
#: How far after a fronted figure :func:`killed_tally` looks for its head.
_HEAD_AFTER = 100


def may_tally(text: str, start: int, end: int) -> bool:
    """Whether :func:`injury_tally` or :func:`killed_tally` can find anything in a sentence.

    A cheap test the reader makes before it parses the numbers of ``text[start:end]``: a tally
    needs "the number of injured" or "the toll of the dead" within reach before one of its
    figures (or, for the dead, after it), or a tally word (brain injury, back on duty) within
    reach after one. False means both return None for every figure of the sentence (tested
    against them in tests/test_tally_gate.py).
    """
    low = max(0, start - _RISE_REACH)
    if _TALLY_HEAD.search(text, low, end):
        return True
    # every match of the head holds a toll noun: looked for first, as plain words (the
    # pattern opens with a look-behind, slow to search for)
    high = end + _HEAD_AFTER
    if _dead_head_in(text, low, high):
        return True
    # the tally words' pattern is their bare alternation: one lies inside, or none matches
    return _holds_any(text, rule_words("tally_word"), start, end + _WORDS_REACH)


def _dead_head_in(text: str, low: int, high: int) -> bool:
    """Whether :data:`_DEAD_HEAD_BARE` matches inside ``[low, high)``.

    Every match opens with a toll noun (after its look-behind, which sees the text before
    ``low`` as a search does): the pattern is tried only where one stands, found with
    ``str.find``, not at every position.
    """
    match = _DEAD_HEAD_BARE.match
    for noun in rule_words("toll_noun"):
        i = text.find(noun, low, high)
        while i >= 0:
            if match(text, i, high):
                return True
            i = text.find(noun, i + 1, high)
    return False


#: How far before a sentence and after it :func:`may_tally`'s searches look.
TALLY_REACH = (_RISE_REACH, max(_HEAD_AFTER, _WORDS_REACH))


def tally_words() -> tuple[str, ...]:
    """The words of :func:`tally_word_spans`: عدد, the toll nouns and the tally words."""
    words = ("\u0639\u062f\u062f", *rule_words("toll_noun"), *rule_words("tally_word"))
    return tuple(dict.fromkeys(words))


def tally_word_spans(text: str) -> list[tuple[int, int]]:
    """Every occurrence of a word one of which each match of :func:`may_tally`'s searches holds.

    "the number" (عدد) opens "the number of injured", a toll noun opens "the toll of the
    dead", and the tally words are the third search's matches: a sentence with none of these
    wholly inside ``[start - TALLY_REACH[0], end + TALLY_REACH[1])`` is no tally (a cheap test
    the reader makes first; tests/test_quiet_sentences.py).

    Returns
    -------
    list of (int, int)
        Spans in ``text``, overlapping ones included, in no particular order.
    """
    out: list[tuple[int, int]] = []
    for w in tally_words():
        i = text.find(w)
        while i >= 0:
            out.append((i, i + len(w)))
            i = text.find(w, i + 1)
    return out


def _holds_any(text: str, words: tuple[str, ...], start: int, end: int) -> bool:
    """Whether one of ``words`` lies wholly inside ``text[start:end]``."""
    return any(text.find(w, start, end) >= 0 for w in words)


def killed_tally(text: str, numbers: list[tuple[int, int, int]]) -> int | None:
    """The killed of a toll that rose to N in a sentence, or None.

    Rule killed_tally: "ارتفعت حصيلة القتلى إلى 12" or "ارتفع إلى 19 عدد المدنيين الذين
    قتلوا في الغارات": a toll of the dead that rose is the killed of the attack it names, or
    of the one just read. Not a joint toll of the dead and the injured (the figure is neither),
    and not a toll counted "since" a date (a campaign's, rule attack_tally). ``numbers`` are
    the sentence's cardinals as (start, end, value), offsets into ``text``.
    """
    for start, end, value in numbers:
        stop = text.find(".", end)
        stop = len(text) if stop < 0 else stop
        since = _SINCE.search(text, max(0, start - _RISE_REACH), stop)
        if since is None and _toll_figure(text, start, end, stop):
            return value
    return None


def _toll_figure(text: str, start: int, end: int, stop: int) -> bool:
    """Whether the figure ``text[start:end]`` is what a toll of the dead rose to."""
    low = max(0, start - _RISE_REACH)
    if _TOLL_ROSE.search(text, low, start):
        return True
    fronted = _ROSE_TO.search(text, low, start)
    return bool(fronted and _KILLED_HEAD.search(text, end, min(stop, end + _HEAD_AFTER)))


def injury_tally(text: str, numbers: list[tuple[int, int, int]]) -> int | None:
    """The injured of an official tally in a sentence, or None.

    "عدد المصابين في الهجوم ارتفع إلى 8", "ارتفع عدد المصابين في الهجوم ... إلى أربعة" (the
    revised figure of a correction) or "3 جنود أصيبوا بارتجاج في الدماغ وعادوا إلى
    الخدمة": the Pentagon's later count of the injured (brain injuries, returned to duty). It
    updates the attack it names -- the figure is the newest, so it replaces a lower one.
    ``numbers`` are the sentence's cardinals as (start, end, value), offsets into ``text``.
    """
    for start, end, value in numbers:
        before = text[max(0, start - _RISE_REACH) : start]
        if _TALLY_RISE.search(before) or _TALLY_ROSE_FRONT.search(before):
            return value
        if _SOLDIERS.match(text, end) and _TALLY_WORDS.search(text, end, end + _WORDS_REACH):
            return value
    return None


def aggression_figures(candidates: int, placed_unknown: bool) -> bool:
    """Whether a party's figures for "this aggression" go to the one attack they name.

    "قال مصدر ... عن الاعتداء الأمريكي على دير الزور: نتيجة لهذا الاعتداء سقط 7 قتلى و7 جرحى":
    the figures belong to the incident that phrase refers to -- among the article's incidents
    in the place named, the one of the same kind (air or artillery strikes for a US
    aggression) -- even when the article reports it in another paragraph. With no such
    incident, or several, the figures are left alone; figures the incident already has stand.
    """
    return candidates == 1 and placed_unknown


def undated_repeat(dated_here: bool, back: bool, bare: bool, dated_before: int) -> bool:
    """Whether a mention of a site is the attack the article already reported there.

    "the Pentagon spokesman hinted that Iran-backed militias stood behind a rocket attack on
    al-Omar": with no date of its own, no figure, and not marked as an earlier attack, it names
    the attack the article reported at al-Omar before, with its date; it is no new incident.
    """
    return not dated_here and not back and bare and dated_before > 0


#: Days an account may lie before the day a lead borrowed from its statement.
_LEAD_DAYS = 2


def undated_lead(lead: DateSpan, account: DateSpan) -> bool:
    """Whether a dated account further on may be the attack a lead reported undated.

    Rule undated_lead (see :meth:`.drafting.DraftReader.fold_undated_leads`): the account's
    day lies within two days before the day the lead borrowed (a statement at dawn tells of
    the evening before), never after it.
    """
    return lead.start - timedelta(days=_LEAD_DAYS) <= account.start <= lead.end


def claimed_incidents(
    started: list[int], named: list[int], fresh: list[int], attack_word: bool
) -> list[int]:
    """The incidents a claim or blame sentence gives its actor to (rule claimed_incident).

    Rule claimed_incident (actors, class 5): "the attack comes two days after a rocket attack
    on Ain al-Asad that the Islamic Resistance claimed" names the claimant of the earlier
    attack, not of the drone strike the article reports. A claim sentence that tells an
    attack of its own gives its actor to the incidents it started (``started``); failing
    those, to the incidents at a place it names (``named``: the fresh among them when some
    are); a claim that names no place of the article ("وتبنت المقاومة الهجوم") goes to the
    fresh incidents (``fresh``: neither back-references nor older than the news; every
    incident when none is). Either needs an attack word or a word of agency (نفذها) in the
    sentence (``attack_word``): "after President X announced the withdrawal of troops from
    the border with Turkey" claims nothing. Each list holds indices of the article's incidents.
    """
    if started:
        return started
    if not attack_word:
        return []
    if named:
        return [i for i in named if i in fresh] or named
    return fresh
