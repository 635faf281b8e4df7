"""Killed and injured: the casualty grammar of Arabic news, over normalised text.

Four constructions are read (the word classes live in ``data/lexicon/casualties.csv``):

* a head word then a figure or a person noun: مقتل 9 عناصر، إصابة جنديين، مقتل أمريكي
  (a singular person noun means one, a dual two, a plural an unstated number); after the
  active verb أصاب / أصابت its definite subject may stand first (أصاب الانفجار سائقها);
* a figure then a casualty noun: 7 قتلى، خمسة جرحى، قتيلين;
* a negation before a casualty word: دون وقوع إصابات، لم تسفر عن خسائر بشرية -> none; before
  a word of deaths only (لا قتلى، لم تسجل أي حالة وفاة) or in a full statement that no one
  was killed (ولم يقتل أحد) it says nothing of the injured: killed 0, injured as told;
* an admission of ignorance before a casualty word: لم ترد معلومات عن إصابات -> unknown; so is a
  negated toll (دون أن تعلن حصيلة للخسائر: no toll was given, not "no losses").

Where one text gives several figures for the same thing, the lowest is kept (ACLED's
conservative rule) and the others are listed in the note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract.cues import load_cues
from gazetteer.extract.grammar.number_words import number_mention
from gazetteer.extract.grammar.numbers import NumberMention, find_numbers
from gazetteer.extract.precision_figures import of_them, partitive_projectile, quoted_head
from gazetteer.extract.precision_owners import in_it_end
from gazetteer.text.frozen import frozen_builder
from gazetteer.text.matcher import Match, build_match, thinned

_WORD = re.compile(r"\w+")
_CLAUSE_END = re.compile(r"[,;:.!?\n]")

#: Roles of a casualty word that give a reading by themselves: the head of a figure, the
#: noun after one, a full negation (:meth:`_Reading.figures` and :meth:`_Reading.negations`).
#: A negation or ignorance cue (:data:`CUE_ROLES`) gives one only with a :data:`CAS_WORD` after it.
READING_ROLES = frozenset(
    {"killed_head", "injured_head", "killed_noun", "injured_noun", "none_full", "none_killed"}
)
CUE_ROLES = frozenset({"none_cue", "unknown_cue"})
CAS_WORD = "cas_word"

#: How many words may stand between a cue and what it governs.
_NEGATION_REACH = 4
#: و right after a figure, an adjective of its party perhaps between (جنديين أمريكيين ومجندة)
_AND_PARTY = re.compile(r"(?:\s+\w+)?\s+\u0648(?=\w)")
#: The active verb "hit" (أصاب، أصابت, normalised: no hamza) as a head, and the one definite
#: word, its subject, that may stand between it and the person noun (أصاب الانفجار سائقها).
_ACTIVE_HIT = re.compile("\u0635\u0627\u0628\u062a?$")
_SUBJECT = re.compile("\\s+[\u0648\u0641]?\u0627\u0644\\w+")
_UNKNOWN_REACH = 7


@dataclass(frozen=True)
class CasualtyReading:
    """What a stretch of text says about casualties.

    Attributes
    ----------
    killed, injured : int or None
        Conservative figures (None when not stated).
    status : str
        ``reported`` (a figure or an unstated number of victims), ``none`` or ``unknown``.
        ``none`` with ``injured`` None: the text says only that no one was killed.
    note : str
        Other figures given for the same count, when they disagree.
    spans : tuple of tuple of int
        Spans of the words read, in the normalised text.
    party : bool
        Whether a none read is told of one party only (لا إصابات في صفوف قواته، لم يصب أحد
        من المدنيين، إصابة مدنيين): it says nothing of the others.
    """

    killed: int | None = None
    injured: int | None = None
    status: str = "unknown"
    note: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    party: bool = False


#: ``CasualtyReading(...)`` built faster, every field given in order
#: (:func:`gazetteer.text.frozen.frozen_builder`): a reading per stretch read (and each of its
#: casualty words moved into the stretch by :data:`gazetteer.text.matcher.build_match`).
_reading: Callable[..., CasualtyReading] = frozen_builder(CasualtyReading)


def _min_or_none(values: list[int]) -> int | None:
    return min(values) if values else None


#: "anyone, any" right after a negated casualty word (normalised: احد، اي), before a party.
_ANYONE = re.compile("\\s+(?:\u0627\u062d\u062f|\u0627\u064a)(?!\\w)")
#: A party right after a negated casualty word: في صفوف، بين، من، لدى، ضمن (normalised); not
#: a cause (من جراء، من اثر).
_OF_PARTY = re.compile(
    "\\s+(?:\u0641\u064a\\s+\u0635\u0641\u0648\u0641|\u0628\u064a\u0646|\u0645\u0646"
    "|\u0644\u062f\u064a|\u0636\u0645\u0646)(?!\\w)"
    "(?!\\s+(?:\u062c\u0631\u0627\u0621|\u0627\u062b\u0631)(?!\\w))"
)


#: "in it / in them" between a casualty verb and its figure: قتل فيها 25 (normalised).
_IN_IT = frozenset(
    {"\u0641\u064a\u0647\u0627", "\u0641\u064a\u0647", "\u0641\u064a\u0647\u0645\u0627"}
)  # فيها فيه فيهما


def _number_after(numbers: list[NumberMention], end: int, text: str) -> NumberMention | None:
    """The number that starts right after ``end`` (one space, the clitic ب, or فيها)."""
    for n in numbers:
        if n.start < end:
            continue
        gap = text[end : n.start]
        if gap.strip() == "" and len(gap) <= 2:
            return n
        if gap.strip() in _IN_IT and len(gap) <= 6:
            return n
        return None
    return None


_MIN = "\u0645\u0646"  # من: "9 من القتلى", nine of the dead


def _number_before(numbers: list[NumberMention], start: int, text: str) -> NumberMention | None:
    """The number that ends right before ``start`` (or before من right before it)."""
    best = None
    for n in numbers:
        if n.end > start:
            break
        best = n
    if best is None:
        return None
    gap = text[best.end : start].strip()
    if (gap == "" and start - best.end <= 2) or (gap == _MIN and start - best.end <= 5):
        return best
    return None


def _words_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end]))


def read_casualties(
    text: str,
    start: int = 0,
    end: int | None = None,
    numbers: Sequence[NumberMention] | None = None,
    words: Sequence[Match[str]] | None = None,
) -> CasualtyReading:
    """Read casualty figures in ``text[start:end]``.

    Parameters
    ----------
    text : str
        Normalised text (:func:`gazetteer.text.normalize.normalise`).
    start, end : int
        The stretch to read (a sentence); the whole text by default.
    numbers : sequence of NumberMention, optional
        The numbers of the whole ``text`` when the caller has found them already.
    words : sequence of Match, optional
        Every hit of the casualty lexicon in the whole ``text``
        (:meth:`~gazetteer.text.matcher.PhraseMatcher.find_all`), when the caller has them and
        neither edge of the stretch falls inside a word: the hits whose phrase lies inside
        the stretch are then those of the stretch itself. Found in the stretch otherwise.

    Returns
    -------
    CasualtyReading
        Figures, status and the spans read.
    """
    end = len(text) if end is None else end
    piece = text[start:end]
    if numbers is None:
        found = find_numbers(piece)
    else:
        found = [  # each moved into the stretch (``replace`` with start and end, built directly)
            number_mention(n.start - start, n.end - start, n.value, n.kind, n.qualifier)
            for n in numbers
            if start <= n.start and n.end <= end
        ]
    if words is None:
        matches = load_cues().casualties.find(piece)
    else:
        matches = thinned(
            [
                build_match(  # start, end, phrase_start, phrase_end, phrase, payloads
                    m.start - start,
                    m.end - start,
                    m.phrase_start - start,
                    m.phrase_end - start,
                    m.phrase,
                    m.payloads,
                )
                for m in words
                if start <= m.phrase_start and m.phrase_end <= end
            ]
        )
    numbers_read = [n for n in found if n.kind in ("cardinal", "vague", "one_of")]
    reading = _Reading(piece, numbers_read, matches)
    reading.figures()
    reading.negations()
    return reading.result(start)


class _Reading:
    """The casualty figures of one stretch of text, read in two passes."""

    def __init__(self, piece: str, numbers: list[NumberMention], matches: list[Match[str]]) -> None:
        self.piece = piece
        self.numbers = numbers
        self.matches = matches
        self.person_hits = [m for m in self.matches if "person" in m.payloads]
        self.killed: list[int] = []
        self.injured: list[int] = []
        self.reported = False
        self.none_said = False
        self.none_killed = False
        self.party = False
        self.spans: list[tuple[int, int]] = []

    def person_after(self, pos: int) -> tuple[int | None, bool, tuple[int, int] | None]:
        """A person noun right after ``pos``: (count, found, span)."""
        piece = self.piece
        for p in self.person_hits:
            if p.start < pos:
                continue
            if piece[pos : p.start].strip() != "":
                return None, False, None
            surface = piece[p.phrase_start : p.end]
            if surface in _PLURAL_PERSONS:
                return None, True, (p.start, p.end)
            if piece[p.phrase_end : p.end] in ("\u064a\u0646", "\u0627\u0646"):  # ين ان
                return 2, True, (p.start, p.end)
            return 1, True, (p.start, p.end)
        return None, False, None

    def figures(self) -> None:
        """Figures after a head (مقتل 3، إصابة جنديين) and before a noun (3 قتلى)."""
        for m in self.matches:
            roles = m.payloads
            if "killed_head" in roles or "injured_head" in roles:
                self.after_head(m, self.killed if "killed_head" in roles else self.injured)
            elif "killed_noun" in roles or "injured_noun" in roles:
                self.before_noun(m, self.killed if "killed_noun" in roles else self.injured)

    def after_head(self, m: Match[Any], bucket: list[int]) -> None:
        piece = self.piece
        end = m.end
        if rules.fires("quoted_head"):
            end = quoted_head(piece, m.start, end)  # عن "استشهاد" 6 أشخاص: read past the quote
        n = _number_after(self.numbers, end, piece)
        if (
            n is not None
            and n.kind == "one_of"
            and rules.fires("partitive_projectile")
            and partitive_projectile(piece, m.phrase, n.start, n.end)
        ):
            return  # "one of them hit the kitchen": a projectile, no one hurt
        if n is not None:
            self.reported = True
            self.spans.append((m.start, n.end))
            if n.value is not None and n.kind in ("cardinal", "one_of"):
                bucket.append(n.value + self.coordinated(n.end))
            return
        count, found, span = self.person_after(end + 1)
        if not found and rules.fires("resumptive_person"):
            past = in_it_end(piece, end)  # قتل فيه جنديان: the pronoun of a relative clause
            if past is not None:
                count, found, span = self.person_after(past + 1)
        subject = _SUBJECT.match(piece, end)
        if not found and subject and _ACTIVE_HIT.search(piece, m.phrase_start, m.phrase_end):
            count, found, span = self.person_after(subject.end() + 1)
        if found and span is not None:
            self.reported = True
            after = _number_after(self.numbers, span[1], piece)
            if after is not None and after.kind == "cardinal" and after.value is not None:
                count, span = after.value, (span[0], after.end)  # مدنيين اثنين
            self.spans.append((m.start, span[1]))
            if count is not None:
                bucket.append(count + self.coordinated(span[1]))

    def coordinated(self, end: int) -> int:
        """The count of a second party joined by و right after a figure (0 if none).

        "مقتل جنديين أمريكيين ومجندة بريطانية": two and one, three killed; an adjective of
        the first party may stand between. A plural noun of no count adds nothing.
        """
        m = _AND_PARTY.match(self.piece, end)
        if m is None:
            return 0
        n = next((x for x in self.numbers if m.end() - 1 <= x.start <= m.end()), None)
        if n is not None and n.kind == "cardinal" and n.value:
            return n.value
        count, found, _ = self.person_after(m.end() - 1)
        return count if found and count is not None else 0

    def before_noun(self, m: Match[Any], bucket: list[int]) -> None:
        piece = self.piece
        n = _number_before(self.numbers, m.start, piece)
        if n is not None:
            self.reported = True
            self.spans.append((n.start, m.end))
            if n.value is not None and n.kind == "cardinal":
                bucket.append(n.value)
        elif piece[m.phrase_start : m.end] in _DUAL_CASUALTY_NOUNS:  # the word with its suffix
            self.reported = True
            self.spans.append((m.start, m.end))
            bucket.append(2)

    def negations(self) -> None:
        """Negation and ignorance: a cue, then a casualty word within a few words, same clause.

        Ignorance (``unknown_cue``) is the default status; its span is kept as evidence, as is
        that of a negated toll (``toll_word``: دون أن تعلن حصيلة, no toll given) and of a hedged
        none (``hedge``: دون تسجيل إصابات معروفة, none known). A negated word
        of deaths only (``killed_word``: لا قتلى) or a full statement that no one was killed
        (``none_killed``: ولم يقتل أحد) gives killed 0 and leaves the injured as told.
        """
        piece, matches = self.piece, self.matches
        for m in matches:
            roles = m.payloads
            if "none_full" in roles or "none_killed" in roles:
                if self.hedged(m.end):  # لا إصابات مؤكدة: none known
                    self.spans.append((m.start, m.end))
                    continue
                self.none_said = self.none_said or "none_full" in roles
                self.none_killed = self.none_killed or "none_killed" in roles
                self.spans.append((m.start, m.end))
                self.party = self.party or self.of_party(m.end)
                continue
            if "none_cue" not in roles and "unknown_cue" not in roles:
                continue
            reach = _NEGATION_REACH if "none_cue" in roles else _UNKNOWN_REACH
            for w in matches:
                if w.start < m.end or "cas_word" not in w.payloads:
                    continue
                between = piece[m.end : w.start]
                if _CLAUSE_END.search(between) or _words_between(piece, m.end, w.start) > reach:
                    break
                self.spans.append((m.start, w.end))
                if "unknown_cue" in roles or "toll_word" in w.payloads or self.hedged(w.end):
                    break  # nothing known, no toll given, or none known
                if "killed_word" in w.payloads:
                    self.none_killed = True
                else:
                    self.none_said = True
                self.party = self.party or self.of_party(w.end)
                break

    def hedged(self, end: int) -> bool:
        """Whether a hedge follows a negated casualty word ending at ``end``: إصابات معروفة."""
        return any(
            "hedge" in h.payloads and h.start > end and not self.piece[end : h.start].strip()
            for h in self.matches
        )

    def of_party(self, end: int) -> bool:
        """Whether a party follows a negation ending at ``end``: في صفوف قواته، من المدنيين."""
        if _OF_PARTY.match(self.piece, end) or self.person_after(end + 1)[1]:
            return True
        # لم يسفر عن إصابة أحد من أفراده: "anyone of its members" (rule none_of_its_own)
        anyone = _ANYONE.match(self.piece, end)
        if anyone and _OF_PARTY.match(self.piece, anyone.end()) and rules.fires("none_of_its_own"):
            return True
        # لم يصب أحد منهم: "none of them", the people just named (rule bystander_none)
        return rules.fires("bystander_none") and of_them(self.piece, end)

    def result(self, start: int) -> CasualtyReading:
        """The reading, with spans moved back to the whole text's offsets."""
        killed, injured = self.killed, self.injured
        note_parts = []
        if len(set(killed)) > 1:
            note_parts.append(
                "killed reported as " + ", ".join(str(v) for v in sorted(set(killed)))
            )
        if len(set(injured)) > 1:
            note_parts.append(
                "injured reported as " + ", ".join(str(v) for v in sorted(set(injured)))
            )
        if self.reported:
            status = "reported"
        elif self.none_said or self.none_killed:
            status = "none"
        else:
            status = "unknown"
        k = _min_or_none(killed)
        i = _min_or_none(injured)
        if status == "none":
            k, i = 0, (0 if self.none_said else None)
        elif status == "reported":
            # One figure given: the other is zero only if the text says no one else was hurt
            # (no one killed: the killed only).
            if self.none_said or self.none_killed:
                k = 0 if k is None else k
            if self.none_said:
                i = 0 if i is None else i
        return _reading(  # killed, injured, status, note, spans, party
            k,
            i,
            status,
            "; ".join(note_parts),
            tuple((s + start, e + start) for s, e in self.spans),
            self.party and (self.none_said or self.none_killed),
        )


#: Person nouns that are plural already (their -ين is not a dual).
_PLURAL_PERSONS = frozenset(
    {
        "\u0645\u0642\u0627\u062a\u0644\u064a\u0646",  # مقاتلين
        "\u0645\u0633\u0644\u062d\u064a\u0646",  # مسلحين
        "\u0645\u062a\u0639\u0627\u0642\u062f\u064a\u0646",  # متعاقدين
        "\u0645\u0642\u0627\u0648\u0644\u064a\u0646",  # مقاولين (contractors, as متعاقدين)
        "\u0645\u0646\u062a\u0633\u0628\u064a\u0646",  # منتسبين (members of a force)
        "\u0645\u0646\u062a\u0633\u0628\u064a",  # منتسبي
        "\u0627\u0645\u0631\u064a\u0643\u064a\u064a\u0646",  # امريكيين
        "\u0627\u0645\u064a\u0631\u0643\u064a\u064a\u0646",  # اميركيين
        "\u0645\u062f\u0646\u064a\u064a\u0646",  # مدنيين
        "\u0639\u0633\u0643\u0631\u064a\u064a\u0646",  # عسكريين
        "\u0627\u062e\u0631\u064a\u0646",  # اخرين
        "\u0627\u062e\u0631\u0648\u0646",  # اخرون (the nominative: وجرح آخرون, others)
        "\u062c\u0646\u0648\u062f",  # جنود
        "\u0639\u0646\u0627\u0635\u0631",  # عناصر
        "\u0627\u0634\u062e\u0627\u0635",  # اشخاص
        "\u0636\u0628\u0627\u0637",  # ضباط
        "\u0627\u0637\u0641\u0627\u0644",  # اطفال
        "\u0639\u0645\u0627\u0644",  # عمال
        "\u062d\u0631\u0627\u0633",  # حراس
        "\u0627\u0641\u0631\u0627\u062f",  # افراد
        "\u0645\u0646\u0647\u0645",  # منهم
        "\u0633\u0627\u064a\u0642\u064a\u0646",  # سايقين
        "\u0633\u0627\u064a\u0642\u064a",  # سايقي
        "\u0633\u0627\u064a\u0642\u064a\u0647\u0627",  # سايقيها
        "\u0631\u0639\u0627\u0647",  # رعاه
        "\u0645\u0632\u0627\u0631\u0639\u064a\u0646",  # مزارعين
        "\u0645\u0633\u0639\u0641\u064a\u0646",  # مسعفين
        "\u0635\u062d\u0641\u064a\u064a\u0646",  # صحفيين
        "\u0631\u0643\u0627\u0628",  # ركاب
    }
)

#: Casualty nouns in the dual: two dead, two wounded.
_DUAL_CASUALTY_NOUNS = frozenset(
    {
        "\u0642\u062a\u064a\u0644\u064a\u0646",  # قتيلين
        "\u0642\u062a\u064a\u0644\u0627\u0646",  # قتيلان
        "\u062c\u0631\u064a\u062d\u064a\u0646",  # جريحين
        "\u0634\u0647\u064a\u062f\u064a\u0646",  # شهيدين
        "\u0634\u0647\u064a\u062f\u0627\u0646",  # شهيدان
    }
)
