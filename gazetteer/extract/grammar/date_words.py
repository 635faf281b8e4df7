"""Date words: the lexicons of the date and clock grammars and the pattern blocks they share.

Months, weekdays, parts of the day and the other date words are data in
``gazetteer/data/lexicon/`` (months, weekdays, day_parts, date_words), normalised with
:func:`gazetteer.text.normalize.normalise` when loaded and checked row by row.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from gazetteer.extract.grammar.deferred import Deferred
from gazetteer.extract.grammar.marks import barrier_cuts
from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

_LEXICON_DIR = "gazetteer/data/lexicon"
_KINDS = ("noun", "adverb", "both")
_CLOCKS = ("am", "noon", "afternoon", "pm", "night", "midnight")


@dataclass(frozen=True)
class _Part:
    """One part of the day: how it reads before a day and next to a clock time."""

    name: str
    kind: str
    precision: str
    clock: str


def _int_cell(name: str, n: int, column: str, value: str, low: int, high: int) -> int:
    """Parse an integer lexicon cell within bounds, or raise naming file, row and column."""
    try:
        number = int(value)
    except ValueError:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: {column!r} must be an integer, got {value!r}"
        ) from None
    if not low <= number <= high:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: {column!r} must be in {low}..{high}, "
            f"got {number}"
        )
    return number


def _choice_cell(name: str, n: int, column: str, value: str, allowed: Iterable[str]) -> str:
    """Check a lexicon cell against its allowed values, or raise naming file, row and column."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: {column!r} must be one of "
            f"{', '.join(allowed)}, got {value!r}"
        )
    return value


def _form(name: str, n: int, raw: str) -> str:
    """Normalise a lexicon form, refusing one that normalises to nothing."""
    form = normalise(raw).strip()
    if not form:
        raise LexiconError(
            f"{_LEXICON_DIR}/{name}.csv: data row {n}: empty 'form' after normalising"
        )
    return form


@dataclass(frozen=True)
class _Lexicon:
    """Every word list of the grammar, normalised, with compound numbers built."""

    months: dict[str, int]
    weekdays: dict[str, int]
    parts: dict[str, _Part]
    words: dict[str, dict[str, int]]
    cardinals: dict[str, int]
    ordinals: dict[str, int]

    def role(self, role: str) -> dict[str, int]:
        """Return the forms of one role of ``date_words.csv`` (empty if none)."""
        return self.words.get(role, {})


def _compounds(
    atoms: dict[str, int], units: dict[int, set[str]], teens: Iterable[str], limit: int
) -> dict[str, int]:
    """Build the numbers up to ``limit``: atoms, unit + teen (11-19), unit + و + ten (21-59)."""
    out = dict(atoms)
    teens = tuple(teens)
    tens = {form: value for form, value in atoms.items() if value >= 20 and value % 10 == 0}
    for unit, forms in units.items():
        for form in forms:
            for teen in teens:
                if 10 + unit <= limit:
                    out.setdefault(f"{form} {teen}", 10 + unit)
            for ten_form, ten in tens.items():
                if ten + unit <= limit:
                    out.setdefault(f"{form} \u0648{ten_form}", ten + unit)  # و + ten
    return out


@cache
def _lexicon() -> _Lexicon:
    """Load and check the four lexicons (once)."""
    months: dict[str, int] = {}
    for n, row in enumerate(load_lexicon("months", ("month", "form")), start=2):
        months[_form("months", n, row["form"])] = _int_cell(
            "months", n, "month", row["month"], 1, 12
        )
    weekdays: dict[str, int] = {}
    for n, row in enumerate(load_lexicon("weekdays", ("iso", "form")), start=2):
        weekdays[_form("weekdays", n, row["form"])] = _int_cell(
            "weekdays", n, "iso", row["iso"], 1, 7
        )
    parts: dict[str, _Part] = {}
    required = ("part", "form", "kind", "precision", "clock")
    for n, row in enumerate(load_lexicon("day_parts", required), start=2):
        parts[_form("day_parts", n, row["form"])] = _Part(
            row["part"],
            _choice_cell("day_parts", n, "kind", row["kind"], _KINDS),
            _choice_cell("day_parts", n, "precision", row["precision"], ("day", "night")),
            _choice_cell("day_parts", n, "clock", row["clock"], _CLOCKS),
        )
    words: dict[str, dict[str, int]] = {}
    for n, row in enumerate(load_lexicon("date_words", ("role", "value", "form")), start=2):
        value = _int_cell("date_words", n, "value", row["value"], -31, 60)
        words.setdefault(row["role"], {})[_form("date_words", n, row["form"])] = value

    def units_of(*roles: str) -> dict[int, set[str]]:
        units: dict[int, set[str]] = {}
        for role in roles:
            for form, value in words.get(role, {}).items():
                if 1 <= value <= 9:
                    units.setdefault(value, set()).add(form)
        return units

    teens = words.get("teen", {}).keys()
    cardinals = _compounds(
        words.get("cardinal", {}), units_of("cardinal", "cardinal_unit"), teens, 59
    )
    ordinals = _compounds(words.get("ordinal", {}), units_of("ordinal", "ordinal_unit"), teens, 31)
    for form in words.get("ordinal_unit", {}):
        ordinals.pop(form, None)  # الحادي alone is not a day
    return _Lexicon(months, weekdays, parts, words, cardinals, ordinals)


# ---------------------------------------------------------------------------------------------
# Regular-expression building blocks
# ---------------------------------------------------------------------------------------------

_B = r"(?<!\w)"  # a word starts here
_E = r"(?!\w)"  # a word ends here
# proclitics before the first word: و/ف, and ب only before the article (بالأمس)
_CL = r"(?:[\u0648\u0641]?(?:\u0628(?=\u0627\u0644))?)"  # و ف ب ال
_NUM = r"[0-9]{1,2}"
_MIN = "\u0645\u0646"  # من "of"
_WA = "\u0648"  # و "and"
_ILLA = "\u0627\u0644\u0627"  # الا "less", normalised إلا
_ILA = "\u0627\u0644\u064a"  # الي "to", normalised إلى
_HATTA = "\u062d\u062a\u064a"  # حتي "until", normalised حتى
_SHAHR = "\u0634\u0647\u0631"  # شهر "month"
_ART = "\u0627\u0644"  # ال the article
_MIM = "\u0645"  # م as in 2023م (Gregorian)


def _key(text: str | None) -> str:
    """A matched group as a lexicon key: spaces collapsed."""
    return " ".join((text or "").split())


def _leftmost_longest(
    candidates: list[tuple[int, int, int, object]],
) -> list[tuple[int, int, object]]:
    """Of overlapping candidates keep the longest (then the earliest, then the first rule).

    Two spans overlap unless one ends where or before the other starts. Linear in the
    candidates' total length after an n log n sort: the positions of the kept spans are marked
    in a byte array, and a candidate is kept when none of its positions is marked. (A span of
    length zero at ``p``, tried after every longer one, overlaps a kept span only strictly
    around it: ``p - 1`` and ``p`` marked, ``p`` not where a kept span starts.)
    """
    chosen: list[tuple[int, int, object]] = []
    if not candidates:
        return chosen
    taken = bytearray(max(c[1] for c in candidates) + 1)
    starts: set[int] = set()
    for start, end, _, value in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if start < end:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            starts.add(start)
        elif start > 0 and taken[start - 1] and taken[start] and start not in starts:
            continue
        chosen.append((start, end, value))
    chosen.sort(key=lambda c: c[0])
    return chosen


#: Where no date or clock rule runs through: a sentence mark, a quote or a bracket that no
#: pattern holds (a dot or colon only when no digit follows: 12.5.2023 and 1:38 go on). The
#: stretches find its matches mark by mark (:func:`.marks.barrier_cuts`, the same positions).
_BARRIER = re.compile(r"[!?;\u061f\u00ab\u00bb\"\[\]{}.:](?:(?<![.:])|(?![0-9]))")

#: The key of a run with a digit among the anchors a stretch holds.
DIGIT = "#"

#: The key of a month name's first word that opens a word, after at most the clitics و/ف and ب
#: (in every pattern a month name follows a blank, a mark or those clitics at a word's start):
#: the anchor of the rules that need a month name (their first words, اب، ايار, stand inside
#: many longer words).
MONTH_WORD = "@month"

#: The key of a digit joined to the next by - / . or : (dates 14/3/2023, clock times 1:38).
JOINED_DIGITS = "#:"

#: "of it" (منه): an explicit date whose month is the one named before it (في الثالث منه) holds
#: this instead of a month.
OF_IT = "\u0645\u0646\u0647"


def _firsts(forms: Iterable[str]) -> frozenset[str]:
    """The first word of each form: what any text holding the form holds as a run."""
    return frozenset(f.split()[0] for f in forms)


def anchors_of(*roles: str, digits: bool = False, extra: Iterable[str] = ()) -> frozenset[str]:
    """The anchors of a rule: the first words of the forms of ``roles``, and digits if asked.

    The roles are those of date_words.csv plus ``month``, ``weekday``, ``ordinal`` and
    ``midnight`` (the parts of the day on the midnight clock) and ``part`` (every part of the
    day).

    Parameters
    ----------
    *roles : str
        The word lists whose forms the rule cannot match without.
    digits : bool
        Whether a run with a digit anchors the rule.
    extra : iterable of str
        Literal words of the pattern that anchor it too (الشهر).

    Returns
    -------
    frozenset of str
        Keys as :func:`_scan` gives them.
    """
    lex = _lexicon()
    named = {
        "month": lex.months,
        "weekday": lex.weekdays,
        "ordinal": lex.ordinals,
        "midnight": [f for f, p in lex.parts.items() if p.clock == "midnight"],
        "part": list(lex.parts),
    }
    out = set(_firsts(f for role in roles for f in named.get(role, lex.role(role))))
    out.update(extra)
    if digits:
        out.add(DIGIT)
    return frozenset(out)


def held_by_every_form(words: Iterable[str], *roles: str) -> frozenset[str]:
    """Anchors for a rule whose forms of ``roles`` each hold one of ``words`` (checked here).

    A rarer word than the first of a form may anchor it: أمس for أول أمس, الأسبوع for هذا
    الأسبوع. Each form must hold one of the words (as a substring, as the scan finds them) and
    each word must be one the scan looks for.

    Raises
    ------
    ValueError
        When a form holds none of the words, or a word is not an anchor of the scan.
    """
    out = frozenset(normalise(w) for w in words)
    lex = _lexicon()
    for role in roles:
        for form in lex.role(role):
            if not any(w in form for w in out):
                raise ValueError(f"date word {form!r} ({role}) holds none of {sorted(out)}")
    missing = out - _anchors()
    if missing:
        raise ValueError(f"not anchors of the date scan: {sorted(missing)}")
    return out


@cache
def _anchors() -> frozenset[str]:
    """Every anchor of every date and clock rule (see the rules' ``anchors``).

    A month name (explicit dates, months), a weekday (weekdays, night pairs), a relative day or
    night, a relative month or week, the word of "ago", an hour word (clock times), an ordinal
    day (الخامس من ...), الشهر, midnight, or else digits: every match holds one of them, the
    first word of its form, bare or after the proclitics the patterns allow. A stretch of text
    without one holds no match. Also the words a rule's ``also`` asks for besides (a clock
    word, a part of the day, the unit of "ago"; :data:`JOINED_DIGITS` and :data:`MONTH_WORD`
    are found apart).
    """
    return anchors_of(
        "month",
        "weekday",
        "ordinal",
        "midnight",
        "relative_day",
        "relative_night",
        "month_past", "month_current",
        "week_past", "week_current",
        "ago",
        "hour",
        "clock_word",
        "part",
        "ago_unit",
        "ago_plural",
        "ago_dual",
        "anniversary",
        "month_part",  # a month's week or half
        digits=True,
        extra=(_SHAHR, _ART + _SHAHR, OF_IT),
    )


@cache
def _automaton() -> ahocorasick.Automaton:
    """Every anchor word, to be found anywhere in a text in one pass."""
    automaton = ahocorasick.Automaton()
    for word in anchor_words():
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


#: A run of digits, with the mark that joins it to the next run when there is one; opens with
#: one class, scanned for quickly: the same matches as ``[0-9]+(?:[-/.:](?=[0-9]))?``.
_DIGITS = re.compile(r"[0-9][0-9]*(?:[-/.:](?=[0-9]))?")
_CLITIC_B = "\u0628"  # ب
_CLITICS_WF = "\u0648\u0641"  # و ف


@cache
def _month_firsts() -> frozenset[str]:
    return _firsts(_lexicon().months)


def _opens_word(norm: str, pos: int) -> bool:
    r"""Whether ``norm[pos:]`` opens a word, after at most the clitics و/ف then ب.

    What a month name's first word needs to stand where a pattern holds it: a word character
    before the clitics (or before it) would make the pattern's ``(?<!\w)`` fail.
    """
    q = pos
    if q and norm[q - 1] == _CLITIC_B:
        q -= 1
    if q and norm[q - 1] in _CLITICS_WF:
        q -= 1
    return q == 0 or not (norm[q - 1].isalnum() or norm[q - 1] == "_")


@cache
def anchor_words() -> frozenset[str]:
    """The anchor words :func:`_scan` finds wherever they stand (digits are found apart).

    With each digit followed by a mark that may join it to the next run (``1/``, ``9:``):
    :class:`_Stretches` places :data:`JOINED_DIGITS` by their occurrences. Worked out once
    (the finder asks for every article).
    """
    return (_anchors() - {DIGIT}) | _JOIN_PAIRS


_ASCII_DIGITS = frozenset("0123456789")  # and a mark that joins two runs (12/5/2023, 1:38):
_JOIN_PAIRS = frozenset(d + mark for d in _ASCII_DIGITS for mark in "-/.:")  # anchor words
#: Occurrences of the anchor words a caller found in its own pass (:func:`give_anchor_hits`).
_GIVEN: dict[str, list[tuple[int, str]]] = {}


def give_anchor_hits(norm: str, hits: list[tuple[int, str]]) -> None:
    """Hand over every occurrence ``(start, word)`` of :func:`anchor_words` in ``norm``.

    For a caller whose own automaton holds the anchor words (and finds, as any, every
    occurrence of each): the stretches of ``norm`` (:class:`_Stretches`, or :func:`_scan`)
    take them instead of running the anchors' automaton over the text again. The list is
    theirs to change.
    """
    if len(_GIVEN) >= 4:
        _GIVEN.clear()
    _GIVEN[norm] = hits


@lru_cache(maxsize=4)
def _scan(norm: str) -> list[tuple[int, int, frozenset[str]]]:
    """The stretches between barriers that hold an anchor, with the anchors each holds.

    An anchor is found wherever it stands, inside a longer word too (the patterns allow the
    blank between two words to be missing), so every match lies in a stretch that holds its
    anchors. Kept for the last few texts: the clock and the date grammar ask for the same
    article's. The list is shared: do not change it.
    """
    hits = _GIVEN.pop(norm, None)
    if hits is None:
        hits = [(end - len(word) + 1, word) for end, word in _automaton().iter(norm)]
    months = _month_firsts()
    hits.extend(
        (pos, MONTH_WORD) for pos, word in hits if word in months and _opens_word(norm, pos)
    )
    for m in _DIGITS.finditer(norm):
        hits.append((m.start(), DIGIT))
        if not norm[m.end() - 1].isdigit():
            # joined to the next run: the run and the mark lie in one stretch (no barrier)
            hits.append((m.start(), JOINED_DIGITS))
    if not hits:
        return []
    hits.sort()
    cuts = [m.start() for m in _BARRIER.finditer(norm)]
    out: list[tuple[int, int, frozenset[str]]] = []
    held: set[str] = set()
    for pos, key in hits:
        if out and pos < out[-1][1]:
            held.add(key)
            continue
        if out:
            out[-1] = (out[-1][0], out[-1][1], frozenset(held))
        k = bisect.bisect_left(cuts, pos)
        a = cuts[k - 1] + 1 if k else 0
        b = cuts[k] if k < len(cuts) else len(norm)
        out.append((a, b, frozenset()))
        held = {key}
    out[-1] = (out[-1][0], out[-1][1], frozenset(held))
    return out


#: The keys :class:`_Stretches` works out itself rather than takes from the automaton.
_COMPUTED = frozenset({DIGIT, JOINED_DIGITS, MONTH_WORD})


class _Stretches:
    """Which stretches of :func:`_scan` hold each anchor, worked out for an anchor when asked.

    The same stretches as :func:`_scan`'s, found from the other side: the occurrences of each
    anchor are kept by anchor, and only those of an anchor a rule asks about are placed in
    their stretch (by bisection over the barriers); a month name's first word is tested for
    opening a word, and the digits are looked for, only when a rule asks for them. The
    occurrences of words no rule asks about (a month name's first word: اب، ايار) are never
    placed. Equal to :func:`_scan`'s answer filtered (``tests/test_whole_text_paths.py``);
    :func:`_scan` itself is kept as the plain computation the tests compare with.
    """

    def __init__(self, norm: str) -> None:
        self.norm = norm
        hits = _GIVEN.pop(norm, None)
        if hits is None:
            hits = [(end - len(word) + 1, word) for end, word in _automaton().iter(norm)]
        #: Where each anchor word stands (starts), by word.
        self._at: dict[str, list[int]] = {}
        for pos, word in hits:
            at = self._at.get(word)
            if at is None:
                self._at[word] = [pos]
            else:
                at.append(pos)
        #: Where a digit is joined to the next run: after a digit and a mark, a digit.
        pairs = [p for w in _JOIN_PAIRS.intersection(self._at) for p in self._at.pop(w)]
        self._joined = [p + 1 for p in pairs if norm[p + 2 : p + 3] in _ASCII_DIGITS]
        #: Every key :func:`_scan` may give this text: its words, digits and month names.
        self.keys = frozenset(self._at) | _COMPUTED
        self._cuts: list[int] | None = None
        #: The indexes of the stretches holding each key asked about, in order.
        self._held: dict[str, list[int]] = {}

    def _positions(self, key: str) -> list[int]:
        """Where ``key`` stands: as :func:`_scan` gives its hits, or in the same stretches.

        A digit joined to the next (:data:`JOINED_DIGITS`) is placed by its mark, which no
        barrier parts from the run of digits before it, found from the occurrences of a digit
        and a mark (:func:`anchor_words`) with a digit after them.
        """
        norm, at = self.norm, self._at
        if key == DIGIT:
            at[DIGIT] = [m.start() for m in _DIGITS.finditer(norm)]
        elif key == JOINED_DIGITS:
            at[JOINED_DIGITS] = self._joined
        else:  # MONTH_WORD
            at[MONTH_WORD] = [
                pos
                for word in _month_firsts().intersection(at)
                for pos in at[word]
                if _opens_word(norm, pos)
            ]
        return at[key]

    def holding(self, key: str) -> list[int]:
        """The indexes (into the barriers) of the stretches holding ``key``, in order."""
        held = self._held.get(key)
        if held is not None:
            return held
        at = self._at.get(key)
        if at is None:
            at = self._positions(key) if key in _COMPUTED else []
        if not at:
            held = []
        else:
            cuts = self._cuts
            if cuts is None:
                cuts = self._cuts = barrier_cuts(self.norm)  # _BARRIER's, mark by mark
            bisect_left = bisect.bisect_left
            held = sorted({bisect_left(cuts, pos) for pos in at})
        self._held[key] = held
        return held

    def holding_any(self, anchors: frozenset[str]) -> list[int]:
        """The indexes of the stretches holding one of ``anchors``, in order."""
        found: list[int] | None = None
        many = False
        for anchor in anchors & self.keys:
            held = self.holding(anchor)
            if not held:
                continue
            if found is None:
                found = held
            else:
                if not many:
                    found, many = list(found), True
                found.extend(held)
        if found is None:
            return []
        return sorted(set(found)) if many else found

    def span(self, k: int) -> tuple[int, int]:
        """The stretch ``k``: from after the barrier before it to the barrier after it."""
        cuts = self._cuts or []
        return (cuts[k - 1] + 1 if k else 0, cuts[k] if k < len(cuts) else len(self.norm))


@lru_cache(maxsize=4)
def _stretches(norm: str) -> _Stretches:
    """:class:`_Stretches` of the last few texts: the clock and the date grammar share them."""
    return _Stretches(norm)


def _segments(
    norm: str, anchors: frozenset[str] | None = None, also: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """The stretches of :func:`_scan` that hold one of ``anchors`` (any anchor by default).

    In text order; when ``also`` is not empty, only those of them that hold one of ``also``
    too. Found through :class:`_Stretches`, from the anchors asked about alone.
    """
    st = _stretches(norm)
    if not also:
        indexes = st.holding_any(st.keys if anchors is None else anchors)
    elif anchors is not None and DIGIT in anchors:
        # the stretches of ``also`` first; a digit is looked for in those alone
        more = st.holding_any(also)
        words = set(st.holding_any(anchors - {DIGIT})) if more else set()
        indexes = [k for k in more if k in words or _ANY_DIGIT.search(norm, *st.span(k))]
    else:
        indexes = st.holding_any(st.keys if anchors is None else anchors)
        if indexes:
            more_set = set(st.holding_any(also))
            indexes = [k for k in indexes if k in more_set]
    return [st.span(k) for k in indexes]


_ANY_DIGIT = re.compile("[0-9]")


def anchored_matches(
    norm: str,
    pattern: re.Pattern[str] | Deferred,
    anchors: frozenset[str],
    also: frozenset[str] = frozenset(),
    limit: int | None = None,
) -> Iterator[re.Match[str]]:
    """Every match of a date or clock pattern, looked for only where one of its anchors stands.

    The pattern runs over the stretches of :func:`_segments` that hold one of ``anchors`` (and
    one of ``also``, when given: a rule whose matches all hold a word of each set); no match
    runs through a barrier and the look-arounds see the whole text, so the matches are those
    of a run over the whole text (``tests/test_grammar_stretches.py``) in text order; with
    ``limit``, only those of the stretches that start before it. A Deferred pattern is
    compiled at the first stretch, if there is one.
    """
    compiled: re.Pattern[str] | None = None
    for a, b in _segments(norm, anchors, also):
        if limit is not None and a >= limit:
            break
        if compiled is None:
            compiled = pattern.compiled() if isinstance(pattern, Deferred) else pattern
        yield from compiled.finditer(norm, a, b)
