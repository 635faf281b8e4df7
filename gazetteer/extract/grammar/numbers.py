"""The Arabic number grammar: find and label the numbers of normalised text.

Works on text already passed through :func:`gazetteer.text.normalize.normalise` (ta marbuta is ه,
hamza forms are bare alef, digits are ASCII, the Arabic comma is ``,``). The words are data,
in ``gazetteer/data/lexicon/numbers.csv``; this module holds the grammar that combines them.

What :func:`find_numbers` labels, in the kinds of :data:`KINDS`:

``cardinal``
    Digits (``1,200``, ``10.000``, ``ب4``, ``ال8``), words in both genders and cases, teens
    (``ثلاثة عشر``), compounds (``خمسة وعشرون``), hundreds (``ثلاثمئة``, ``ثلاث مئة``), scales
    (``ثلاثة آلاف``, ``3 آلاف``, ``1.5 مليون``, ``ألف وخمسمئة``). Clitics are part of the span.
``ordinal``
    ``الثالث``, ``الحادية عشرة``, ``الخامس والعشرين``, a tens word with the article
    (``العشرين``), a day number before a month name (``5 أيار``), and ``ال`` + digits after a
    definite singular noun (``الجولة الـ12``).
``vague``
    ``عدة``, ``عدد من``, ``العديد من``, ``بضعة``, ``عشرات``, ``مئات``, ``آلاف`` without a number,
    ``سلسلة``; a following ``آلاف`` joins them (``عشرات الآلاف``). The value is None.
``one_of``
    ``إحدى``/``أحد`` before a definite or plural noun or a construct chain (``أحد عناصر
    الحرس``), and ``أحدهم``; the value is 1.
``time``
    ``12.15``, ``1:38``, ``الساعة الثالثة والنصف``, a small number before ``فجرا``/``ليلا``.
    The value is the clock as written, ``hour * 100 + minute`` (``13:05`` -> 1305).
``year``
    A bare four-digit 19xx/20xx number, any number after ``عام``/``سنة``, and numeric dates
    (``12/5/2023``: one mention, the value is the year).
``percent``
    A number before ``%``, ``بالمئة`` or ``في المئة``; the value is None when not whole.

Qualifiers (:data:`QUALIFIERS`) before a cardinal or a percent (``أكثر من``, ``نحو``,
``ما لا يقل عن``, ``حتى`` ...) are part of the span; ``على الأقل``, ``تقريبا`` and ``أو أكثر``
after the number or after its noun set the qualifier without widening the span.

Numbers are not labelled when they belong to something else: weapon designations glued to
letters (``MQ-9``, ``اف16``), month names (``كانون الأول``, ``ربيع الثاني``), weekdays
(``الاثنين``, ``الأحد``). Decimals that are neither a time, a scaled amount nor a percent
(``3.5``) are not labelled either. Whether a number counts projectiles is for the caller.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

__all__ = [
    "KINDS",
    "QUALIFIERS",
    "NumberLexicon",
    "NumberMention",
    "default_lexicon",
    "dual_stem",
    "find_numbers",
    "parse_number",
]

#: The kinds of number :func:`find_numbers` reports.
KINDS: frozenset[str] = frozenset(
    {"cardinal", "ordinal", "vague", "time", "year", "one_of", "percent"}
)

#: The qualifiers a mention may carry; "" for none.
QUALIFIERS: frozenset[str] = frozenset({"", "more_than", "less_than", "about", "at_least", "up_to"})

_WAW = "\u0648"  # و, the conjunction
_FA = "\u0641"  # ف
_BA = "\u0628"  # ب
_KAF = "\u0643"  # ك
_LAM = "\u0644"  # ل
_ART = "\u0627\u0644"  # ال, the article
_ALEF = "\u0627"  # ا
_TA = "\u062a"  # ت, ta marbuta before a suffix
_HA = "\u0647"  # ه, ta marbuta after normalisation
_MIM = "\u0645"  # م
_DUAL_OBLIQUE = "\u064a\u0646"  # ين
_DUAL_NOMINATIVE = "\u0627\u0646"  # ان
_NISBA_PLURAL = "\u064a\u064a\u0646"  # يين
_PLURAL_ENDINGS = ("\u0627\u062a", "\u064a\u0646", "\u0648\u0646")  # ات ين ون

_CONJ = ("", _WAW, _FA)
_PREP = ("", _BA, _KAF, _LAM)
#: Conjunction and preposition proclitics, shortest first.
_PRE: tuple[str, ...] = tuple(sorted({c + p for c in _CONJ for p in _PREP}, key=len))
#: What may stand glued before digits: proclitics, the article, and ل fused with the article.
_DIGIT_PRE: frozenset[str] = frozenset(
    {*_PRE, *(p + _ART for p in _PRE), *(c + _LAM + _LAM for c in _CONJ)}
)

_NUMBER_KINDS = frozenset(
    {"unit", "ten", "teen_head", "tens", "hundred", "scale", "scale_plural", "scale_dual"}
)
_INT_KINDS = _NUMBER_KINDS | {
    "ordinal",
    "ordinal_head",
    "one_of_head",
    "one_of",
    "month",
    "clock_minutes",
    "half",
}
_TAG_KINDS = frozenset({"qualifier", "qualifier_after"})
_PLAIN_KINDS = frozenset(
    {"vague", "percent", "daypart", "clock", "year_marker", "blocked", "function"}
)
_PHRASE_KINDS = frozenset(
    {"vague", "qualifier", "qualifier_after", "percent", "month", "clock_minutes"}
)
_RANGES: dict[str, tuple[int, int]] = {
    "unit": (1, 9),
    "ten": (10, 10),
    "teen_head": (1, 2),
    "tens": (20, 90),
    "hundred": (100, 900),
    "scale": (1000, 10**12),
    "scale_plural": (1000, 10**12),
    "scale_dual": (2000, 2 * 10**12),
    "ordinal": (1, 10),
    "ordinal_head": (1, 1),
    "one_of_head": (1, 1),
    "one_of": (1, 1),
    "month": (1, 12),
    "clock_minutes": (-59, 59),
    "half": (50, 50),
}
_ARTICLE = frozenset({"yes", "no", "only"})
_GENDER = frozenset({"", "m", "f"})
_LEXICON_PATH = "gazetteer/data/lexicon/numbers.csv"


@dataclass(frozen=True)
class NumberMention:
    """One number found in normalised text.

    Attributes
    ----------
    start, end : int
        Half-open span in the normalised text; clitics and a leading qualifier included.
    value : int or None
        The number; None for vague amounts and for percentages that are not whole.
    kind : str
        One of :data:`KINDS`.
    qualifier : str
        One of :data:`QUALIFIERS`.
    """

    start: int
    end: int
    value: int | None
    kind: str
    qualifier: str = ""


@dataclass(frozen=True)
class _Entry:
    word: str
    kind: str
    value: int | None
    tag: str
    gender: str
    article: str


@dataclass(frozen=True)
class _Reading:
    """One way to read a word: proclitics, article, and the lexicon entry of the stem."""

    pre: str
    art: bool
    entry: _Entry


def _splits(word: str) -> list[tuple[str, bool, str]]:
    """Every (proclitics, article, stem) split of a word, the bare word first."""
    out: list[tuple[str, bool, str]] = []
    for pre in _PRE:
        if not word.startswith(pre) or len(word) == len(pre):
            continue
        rest = word[len(pre) :]
        out.append((pre, False, rest))
        if rest.startswith(_ART) and len(rest) > 2:
            out.append((pre, True, rest[2:]))
    for c in _CONJ:
        fused = c + _LAM + _LAM
        if word.startswith(fused) and len(word) > len(fused):
            out.append((c + _LAM, True, word[len(fused) :]))
    return out


class NumberLexicon:
    """The number words, compiled for the grammar.

    Build it with :meth:`from_rows` (or use :func:`default_lexicon`).

    Parameters
    ----------
    entries : iterable of _Entry
        Validated, normalised lexicon entries.
    """

    def __init__(self, entries: Iterable[_Entry]) -> None:
        self._words: dict[str, list[_Entry]] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], _Entry]]] = {}
        self._blocked: set[str] = set()
        self._functions: set[str] = set()
        self._cache: dict[str, tuple[_Reading, ...]] = {}
        self._heads_cache: frozenset[str] | None = None
        entries = list(entries)
        for e in entries:
            words = tuple(e.word.split(" "))
            if e.kind == "blocked":
                self._blocked.add(e.word)
            elif e.kind == "function":
                self._functions.add(e.word)
            if e.kind in _PHRASE_KINDS:
                self._phrases.setdefault(words[0], []).append((words, e))
            if len(words) == 1 and e.kind not in ("blocked", "function"):
                bucket = self._words.setdefault(e.word, [])
                if e not in bucket:
                    bucket.append(e)
        # fused hundreds are grammar, not a list: ثلاث + مئة -> ثلاثمئة
        units = [e for e in entries if e.kind == "unit" and e.value and 3 <= e.value <= 9]
        hundreds = [e for e in entries if e.kind == "hundred" and e.value == 100]
        for u in units:
            for h in hundreds:
                fused = u.word + h.word
                if fused not in self._words:
                    self._words[fused] = [
                        _Entry(fused, "hundred", (u.value or 0) * 100, "", "", "yes")
                    ]

    @property
    def _heads(self) -> frozenset[str]:
        """Every first word of a phrase, with every proclitic combination glued on."""
        if self._heads_cache is None:
            self._heads_cache = frozenset(p + h for p in _PRE for h in self._phrases)
        return self._heads_cache

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, str]], source: str = _LEXICON_PATH
    ) -> NumberLexicon:
        """Validate lexicon rows and compile them.

        Parameters
        ----------
        rows : iterable of mapping
            Rows with the columns ``word``, ``kind``, ``value`` and optionally ``gender`` and
            ``article``, as read by :func:`gazetteer.text.lexicons.load_lexicon`.
        source : str
            The file name used in error messages.

        Returns
        -------
        NumberLexicon
            The compiled lexicon.

        Raises
        ------
        LexiconError
            Naming the file, the data row and the column of the first bad cell.
        """
        entries = []
        for n, row in enumerate(rows, start=2):
            entries.append(_entry_from_row(row, f"{source}: data row {n}"))
        return cls(entries)

    def _readings(self, word: str) -> tuple[_Reading, ...]:
        """Every reading of a word, longest stem first; none for blocked words."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        found: list[tuple[int, _Reading]] = []
        splits = _splits(word)
        if any(not art and stem in self._blocked for _, art, stem in splits):
            out: tuple[_Reading, ...] = ()
        else:
            for pre, art, stem in splits:
                for e in self._words.get(stem, ()):
                    if (e.article == "no" and art) or (e.article == "only" and not art):
                        continue
                    found.append((len(stem), _Reading(pre, art, e)))
            found.sort(key=lambda item: -item[0])
            out = tuple(r for _, r in found)
        if len(self._cache) < 65536:
            self._cache[word] = out
        return out

    def _is_blocked(self, word: str) -> bool:
        return any(not art and stem in self._blocked for _, art, stem in _splits(word))

    def _is_function(self, word: str) -> bool:
        return word in self._functions


def _entry_from_row(row: Mapping[str, str], where: str) -> _Entry:
    """Check one lexicon row and turn it into a normalised entry."""
    for column in ("word", "kind"):
        if not (row.get(column) or "").strip():
            raise LexiconError(f"{where}: empty {column!r}")
    raw_word = row["word"].strip()
    word = normalise(raw_word).strip()
    if not word:
        raise LexiconError(f"{where}: column 'word' {raw_word!r} is empty after normalising")
    kind = row["kind"].strip()
    value_text = (row.get("value") or "").strip()
    gender = (row.get("gender") or "").strip()
    article = (row.get("article") or "").strip() or "yes"
    if gender not in _GENDER:
        raise LexiconError(f"{where}: column 'gender' is {gender!r}, expected m, f or empty")
    if article not in _ARTICLE:
        raise LexiconError(f"{where}: column 'article' is {article!r}, expected yes, no or only")
    if " " in word and kind not in _PHRASE_KINDS:
        raise LexiconError(f"{where}: column 'word' {raw_word!r}: kind {kind!r} takes one word")
    value: int | None = None
    tag = ""
    if kind in _INT_KINDS:
        try:
            value = int(value_text)
        except ValueError:
            raise LexiconError(
                f"{where}: column 'value' is {value_text!r}, kind {kind!r} needs an integer"
            ) from None
        lo, hi = _RANGES[kind]
        if not lo <= value <= hi:
            raise LexiconError(
                f"{where}: column 'value' {value} is outside {lo}..{hi} for kind {kind!r}"
            )
    elif kind in _TAG_KINDS:
        if value_text not in QUALIFIERS or not value_text:
            raise LexiconError(
                f"{where}: column 'value' is {value_text!r}, expected one of "
                f"{', '.join(sorted(q for q in QUALIFIERS if q))}"
            )
        tag = value_text
    elif kind in _PLAIN_KINDS:
        if value_text:
            raise LexiconError(f"{where}: column 'value' must be empty for kind {kind!r}")
    else:
        known = sorted(_INT_KINDS | _TAG_KINDS | _PLAIN_KINDS)
        raise LexiconError(f"{where}: column 'kind' is {kind!r}, expected one of {known}")
    return _Entry(word, kind, value, tag, gender, article)


@cache
def default_lexicon() -> NumberLexicon:
    """The lexicon of ``gazetteer/data/lexicon/numbers.csv``, loaded once.

    Returns
    -------
    NumberLexicon
        The compiled package lexicon.

    Raises
    ------
    LexiconError
        If the file has a bad row; the message names the row and column.
    """
    return NumberLexicon.from_rows(load_lexicon("numbers", required=("word", "kind")))


# ---------------------------------------------------------------------------- tokens

_NUMERIC = re.compile(
    r"""
    (?P<date>
        [0-9]{1,2}(?P<s1>[/.-])[0-9]{1,2}(?P=s1)(?P<y1>(?:19|20)[0-9]{2})
      | (?P<y2>(?:19|20)[0-9]{2})(?P<s2>[/.-])[0-9]{1,2}(?P=s2)[0-9]{1,2}
    )(?![0-9])
  | (?P<clock>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?![0-9])
  | (?P<grouped>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:\.[0-9]{3}){2,})(?![0-9])
  | (?P<dot3>[0-9]{1,3}\.[0-9]{3})(?![0-9])
  | (?P<frac>[0-9]+[.,][0-9]+)(?![0-9])
  | (?P<int>[0-9]+)
    """,
    re.VERBOSE,
)
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class _NumInfo:
    """The readings of a digit string: whole number, decimal, clock, date."""

    whole: int | None = None
    frac: Fraction | None = None
    clock: tuple[int, int] | None = None
    year: int | None = None
    plain: bool = False  # digits only, no separator


def _clock(h: str, m: str) -> tuple[int, int] | None:
    hour, minute = int(h), int(m)
    return (hour, minute) if hour <= 24 and minute <= 59 else None


def _num_info(m: re.Match[str]) -> _NumInfo:
    text = m.group(0)
    if m.group("date"):
        return _NumInfo(year=int(m.group("y1") or m.group("y2")))
    if m.group("clock"):
        h, mm = text.split(":")[:2]
        return _NumInfo(clock=_clock(h, mm))
    if m.group("grouped"):
        whole = int(text.replace(",", "").replace(".", ""))
        return _NumInfo(whole=whole, frac=Fraction(whole))
    if m.group("dot3"):
        whole = None if text.startswith("0") else int(text.replace(".", ""))
        return _NumInfo(whole=whole, frac=Fraction(text))
    if m.group("frac"):
        frac = Fraction(text.replace(",", "."))
        clock = None
        if re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", text):
            clock = _clock(*text.split("."))
        return _NumInfo(frac=frac, clock=clock)
    return _NumInfo(whole=int(text), frac=Fraction(int(text)), plain=True)


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # "word", "num", "punct"
    pre: str = ""  # clitics glued before digits
    info: _NumInfo | None = None
    designation: bool = False  # digits of a name like MQ-9


_BLANKS = re.compile(r"[^\S\n]+")
_ALNUM_RUN = re.compile(r"[^\W_]+")
_ANY_DIGIT = re.compile(r"[0-9]")


def _tokenise(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            toks.append(_Tok(i, i + 1, ch, "punct"))
            i += 1
            continue
        if ch.isspace():
            blank = _BLANKS.match(text, i)
            i = blank.end() if blank else i + 1
            continue
        if not ch.isalnum():
            toks.append(_Tok(i, i + 1, ch, "punct"))
            i += 1
            continue
        run = _ALNUM_RUN.match(text, i)
        j = run.end() if run else i + 1
        digit = _ANY_DIGIT.search(text, i, j)
        k = digit.start() if digit else j
        if k < j and text[i:k] in _DIGIT_PRE:
            m = _NUMERIC.match(text, k)
            assert m is not None  # text[k] is a digit, and the last branch matches any digit
            designation = k == i and i >= 2 and text[i - 1] == "-" and text[i - 2].isalpha()
            toks.append(
                _Tok(i, m.end(), text[i : m.end()], "num", text[i:k], _num_info(m), designation)
            )
            i = m.end()
            continue
        if (
            text[i:j].endswith((_ART, _LAM + _LAM))
            and text[i:j] in _DIGIT_PRE
            and text[j : j + 1] == " "
            and text[j + 1 : j + 2] in _DIGITS
            and j + 1 < n
        ):
            m = _NUMERIC.match(text, j + 1)  # الـ 47: the article cut off by a space
            assert m is not None
            toks.append(_Tok(i, m.end(), text[i : m.end()], "num", text[i:j], _num_info(m)))
            i = m.end()
            continue
        toks.append(_Tok(i, j, text[i:j], "word"))
        i = j
    return toks


# ---------------------------------------------------------------------------- grammar


@dataclass(frozen=True)
class _State:
    """A cardinal being read: completed scales, the group below a thousand, and the phase."""

    total: int = 0
    group: int = 0
    unit: int = 0
    phase: str = ""
    last_scale: int = 0
    frac: Fraction | None = None


_VALID_END = frozenset(
    {"unit", "ten", "teen", "tens", "hundred", "scale", "digits", "half", "done"}
)


def _as_int(x: Fraction) -> int:
    return int(x) if x.denominator == 1 else round(x)


def _start(entry: _Entry) -> _State | None:
    k, v = entry.kind, entry.value or 0
    if k in ("unit", "teen_head"):
        return _State(group=v, unit=v, phase=k)
    if k in ("ten", "tens", "hundred"):
        return _State(group=v, phase=k)
    if k == "scale":
        return _State(total=v, phase="scale", last_scale=v)
    if k == "scale_dual":
        return _State(total=v, phase="scale", last_scale=v // 2)
    return None


def _apply_scale(state: _State, entry: _Entry) -> _State | None:
    if entry.kind not in ("scale", "scale_plural"):
        return None
    scale = entry.value or 0
    if state.last_scale and scale >= state.last_scale:
        return None
    mult = state.frac if state.frac is not None else Fraction(state.group)
    if mult <= 0:
        return None
    return _State(total=state.total + _as_int(mult * scale), phase="scale", last_scale=scale)


def _step(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """Add one more word to a cardinal, or None when it does not continue it."""
    k, v, ph = entry.kind, entry.value or 0, state.phase
    if ph == "unit":
        if not conj and k == "ten" and 3 <= state.unit <= 9 and state.group % 100 == state.unit:
            return replace(state, group=state.group + 10, phase="teen")
        if conj and k == "tens" and state.group % 100 == state.unit:
            return replace(state, group=state.group + v, phase="tens")
        if not conj and k == "hundred" and v == 100 and state.group == state.unit:
            return replace(state, group=state.unit * 100, phase="hundred")
        return None if conj else _apply_scale(state, entry)
    if ph == "teen_head":
        if not conj and k == "ten":
            return replace(state, group=state.group + 10, phase="teen")
        if conj and k == "tens" and state.unit == 1:
            return replace(state, group=state.group + v, phase="tens")
        return None
    if ph in ("ten", "teen", "tens", "digits"):
        return None if conj else _apply_scale(state, entry)
    if ph == "hundred":
        if not conj:
            return _apply_scale(state, entry)
        if k in ("unit", "teen_head"):
            return replace(state, group=state.group + v, unit=v, phase=k)
        if k in ("ten", "tens"):
            return replace(state, group=state.group + v, phase=k)
        return None
    if ph == "half":
        # مليون ونصف المليون: the scale named again after the half
        if not conj and k == "scale" and v == state.last_scale:
            return replace(state, phase="done")
        return None
    if ph == "scale" and conj:
        if k == "half":
            return replace(state, total=state.total + state.last_scale // 2, phase="half")
        fresh = _start(entry) if k in ("unit", "teen_head", "ten", "tens", "hundred") else None
        if fresh is not None:
            return replace(fresh, total=state.total, last_scale=state.last_scale)
    return None


@dataclass(frozen=True)
class _Core:
    """A number read at some token: its value, kind and where it ends."""

    value: int | None
    kind: str
    end: int  # token index after the number
    numeric: bool  # a single digits token, nothing else
    art: bool  # the first word carries the article


class _Parser:
    def __init__(self, lex: NumberLexicon, text: str) -> None:
        self.lex = lex
        self.toks = _tokenise(text)
        self.n = len(self.toks)

    # -- small helpers

    def word(self, j: int) -> str | None:
        if 0 <= j < self.n and self.toks[j].kind == "word":
            return self.toks[j].text
        return None

    def readings(self, j: int) -> tuple[_Reading, ...]:
        w = self.word(j)
        return self.lex._readings(w) if w is not None else ()

    def reading(self, j: int, kinds: Container[str]) -> _Reading | None:
        return next((r for r in self.readings(j) if r.entry.kind in kinds), None)

    def numberish(self, j: int) -> bool:
        if 0 <= j < self.n and self.toks[j].kind == "num":
            return True
        return any(
            r.entry.kind in _NUMBER_KINDS or r.entry.kind in ("ordinal", "vague")
            for r in self.readings(j)
        )

    def content_word(self, j: int) -> bool:
        """A word that may be a counted noun: not a function word, not a number."""
        w = self.word(j)
        return w is not None and not self.lex._is_function(w) and not self.numberish(j)

    def definite(self, j: int) -> bool:
        w = self.word(j)
        return w is not None and (w.startswith(_ART) or w.startswith(_LAM + _LAM))

    def phrase_at(self, i: int, kinds: Container[str]) -> tuple[_Entry, int] | None:
        """The longest lexicon phrase of the given kinds starting at token i."""
        if not 0 <= i < self.n or self.toks[i].kind == "num":
            return None
        text = self.toks[i].text
        best: tuple[_Entry, int] | None = None
        for pre in _PRE:
            if not text.startswith(pre):
                continue
            for words, entry in self.lex._phrases.get(text[len(pre) :], ()):
                if entry.kind not in kinds or i + len(words) > self.n:
                    continue
                if all(self.toks[i + t].text == words[t] for t in range(1, len(words))):
                    end = i + len(words)
                    if best is None or end > best[1]:
                        best = (entry, end)
        return best

    def mention(self, i: int, j: int, value: int | None, kind: str, q: str = "") -> NumberMention:
        return NumberMention(self.toks[i].start, self.toks[j - 1].end, value, kind, q)

    # -- cardinals

    def extend(self, i: int, state: _State) -> tuple[_State, int] | None:
        """Read on from token i while the words continue the number."""
        best = (state, i + 1) if state.phase in _VALID_END else None
        j = i + 1
        while j < self.n:
            bare_conj = self.word(j) == _WAW and j + 1 < self.n
            k = j + 1 if bare_conj else j
            tok = self.toks[k]
            new: _State | None = None
            if tok.kind == "word":
                for r in self.lex._readings(tok.text):
                    if r.pre not in ("", _WAW) or (bare_conj and r.pre):
                        continue
                    new = _step(state, r.entry, bare_conj or r.pre == _WAW)
                    if new is not None:
                        break
            elif (
                tok.kind == "num"
                and state.phase == "scale"
                and (bare_conj or tok.pre == _WAW)
                and not (bare_conj and tok.pre)
                and tok.info is not None
                and tok.info.whole is not None
                and tok.info.whole < state.last_scale
            ):
                new = replace(state, total=state.total + tok.info.whole, phase="done")
            if new is None:
                break
            state, j = new, k + 1
            if state.phase in _VALID_END:
                best = (state, j)
        return best

    def core(self, i: int) -> _Core | None:
        """The cardinal (or time, year, decimal before a percent) that starts at token i."""
        tok = self.toks[i]
        if tok.kind == "num":
            info = tok.info
            if info is None or tok.designation:
                return None
            start = _State(group=info.whole or 0, phase="digits", frac=info.frac)
            got = self.extend(i, start) if info.frac is not None else None
            if got is not None and got[1] > i + 1:
                st, end = got
                return _Core(st.total + st.group, "cardinal", end, False, False)
            if (
                info.frac is not None
                and info.frac != info.whole
                and self.phrase_at(i + 1, ("percent",))
            ):
                value = _as_int(info.frac) if info.frac.denominator == 1 else None
                return _Core(value, "decimal", i + 1, True, False)
            if info.whole is not None:
                art = tok.pre.endswith((_ART, _LAM + _LAM))
                return _Core(info.whole, "cardinal", i + 1, True, art)
            if info.clock is not None:
                h, m = info.clock
                return _Core(h * 100 + m, "time", i + 1, True, False)
            if info.year is not None:
                return _Core(info.year, "year", i + 1, True, False)
            return None
        best: tuple[_State, int, _Reading] | None = None
        for r in self.readings(i):
            st = _start(r.entry)
            if st is None:
                continue
            got = self.extend(i, st)
            if got is not None and (best is None or got[1] > best[1]):
                best = (got[0], got[1], r)
        if best is None:
            return None
        st, end, r = best
        if end == i + 1 and r.art and r.entry.kind == "tens":
            return None  # العشرين alone is an ordinal
        return _Core(st.total + st.group, "cardinal", end, False, r.art)

    def number(
        self, i: int, q: str = "", qi: int | None = None
    ) -> tuple[NumberMention, int] | None:
        """A cardinal-like number at i, with what follows it (percent, month, qualifier)."""
        c = self.core(i)
        if c is None:
            return None
        kind, value, end, nxt = c.kind, c.value, c.end, c.end
        if kind == "decimal":
            pct = self.phrase_at(end, ("percent",))
            if pct is None:
                return None
            kind, end, nxt = "percent", pct[1], pct[1]
        elif kind == "cardinal":
            month = self.phrase_at(end, ("month",))
            pct = self.phrase_at(end, ("percent",))
            if month is not None and end == i + 1 and value is not None and 1 <= value <= 31:
                kind = "ordinal"
            elif pct is not None:
                kind, end, nxt = "percent", pct[1], pct[1]
            elif (
                end == i + 1
                and value is not None
                and value <= 24
                and self.reading(end, ("daypart",))
            ):
                kind, value = "time", value * 100
            elif c.numeric and self.is_year(i, value or 0, q):
                kind = "year"
            elif c.numeric and c.art and self.ordinal_by_article(i):
                kind = "ordinal"
        if kind not in ("cardinal", "percent"):
            q, qi = "", None
        elif not q:
            after = self.qualifier_after(end)
            if after is not None:
                q, nxt = after
        first = qi if qi is not None else i
        return self.mention(first, end, value, kind, q), nxt

    def is_year(self, i: int, value: int, q: str) -> bool:
        """A digits token read as a year: after عام/سنة, or a bare 19xx/20xx not counting."""
        if self.reading(i - 1, ("year_marker",)) is not None:
            return True
        tok = self.toks[i]
        if not (
            tok.info is not None
            and tok.info.plain
            and len(tok.text) - len(tok.pre) == 4
            and 1900 <= value <= 2099
            and q in ("", "up_to")
        ):
            return False
        # نشر 2000 جندي: after a verb or noun and before its indefinite noun, a count
        prev = self.word(i - 1)
        counted = self.content_word(i + 1) and not self.definite(i + 1)
        return not (counted and prev is not None and not self.lex._is_function(prev))

    def ordinal_by_article(self, i: int) -> bool:
        """ال + digits: an ordinal after a definite singular noun when no noun follows."""
        if self.content_word(i + 1) and not self.definite(i + 1):
            nxt = self.word(i + 1) or ""
            if not nxt.startswith((_LAM, _BA)):
                return False
        prev = self.word(i - 1)
        return prev is not None and self.definite(i - 1) and not prev.endswith(_PLURAL_ENDINGS)

    def qualifier_after(self, end: int) -> tuple[str, int] | None:
        for j in (end, end + 1):
            if j == end + 1 and not self.content_word(end):
                break
            hit = self.phrase_at(j, ("qualifier_after",))
            if hit is not None:
                return hit[0].tag, hit[1]
        return None

    # -- the other kinds

    def ordinal(self, i: int) -> tuple[int, int] | None:
        """An ordinal at i: its value and the token index after it."""
        head = next(
            (
                r
                for r in self.readings(i)
                if r.entry.kind in ("ordinal", "ordinal_head") or (r.entry.kind == "tens" and r.art)
            ),
            None,
        )
        if head is None:
            return None
        v, j, cont = head.entry.value or 0, i + 1, False
        if head.entry.kind != "tens" and v <= 9:
            ten = self.reading(j, ("ten",))
            bare_conj = self.word(j) == _WAW
            tens = self.reading(j + 1 if bare_conj else j, ("tens",))
            if ten is not None and not ten.pre:
                v, j, cont = v + 10, j + 1, True
            elif tens is not None and (tens.pre == _WAW or (bare_conj and not tens.pre)):
                v, j, cont = v + (tens.entry.value or 0), j + (2 if bare_conj else 1), True
        if head.entry.kind == "ordinal_head" and not cont:
            return None
        if not head.art and not cont and not self.content_word(j):
            return None  # a bare ordinal needs its noun: ثالث هجوم
        return v, j

    def clock(self, i: int) -> tuple[NumberMention, int] | None:
        if self.reading(i, ("clock",)) is None:
            return None
        j, hour, minute = i + 1, None, 0
        tok = self.toks[j] if j < self.n else None
        if tok is not None and tok.kind == "num" and not tok.pre and tok.info is not None:
            if tok.info.clock is not None:
                hour, minute = tok.info.clock
            elif tok.info.whole is not None and tok.info.whole <= 24:
                hour = tok.info.whole
            j += 1
        else:
            o = self.ordinal(j)
            one = self.reading(j, ("unit",))
            if o is not None and 1 <= o[0] <= 12:
                hour, j = o
            elif one is not None and one.art and one.entry.value == 1:
                hour, j = 1, j + 1
        if hour is None:
            return None
        bare_conj = self.word(j) == _WAW
        frac = self.reading(j + 1 if bare_conj else j, ("clock_minutes",))
        if frac is not None and (frac.pre == _WAW or (bare_conj and not frac.pre)):
            minute += frac.entry.value or 0
            j += 2 if bare_conj else 1
        else:
            less = self.phrase_at(j, ("clock_minutes",))
            if less is not None and (less[0].value or 0) < 0:
                minute += less[0].value or 0
                j = less[1]
        total = (hour * 60 + minute) % (24 * 60)
        h, m = divmod(total, 60)
        if h == 0 and hour <= 12 and minute < 0:
            h = 12
        return self.mention(i, j, h * 100 + m, "time"), j

    def one_of(self, i: int) -> tuple[NumberMention, int] | None:
        r = self.reading(i, ("one_of", "one_of_head"))
        if r is None:
            return None
        if r.entry.kind == "one_of":
            return self.mention(i, i + 1, 1, "one_of"), i + 1
        if (
            self.reading(i, ("unit",)) is not None
            and self.content_word(i - 1)
            and not self.definite(i - 1)
        ):
            return None  # صاروخ واحد: the cardinal one after its noun, not و + أحد
        j = i + 1
        nxt = self.word(j)
        if nxt is None or self.numberish(j) or self.lex._is_function(nxt):
            return None
        plural = len(nxt) >= 5 and nxt.endswith(_PLURAL_ENDINGS)
        chain = self.definite(j + 1) and not nxt.startswith((_BA, _LAM, _KAF))
        if self.definite(j) or plural or chain:
            return self.mention(i, i + 1, 1, "one_of"), i + 1
        return None

    def vague(self, i: int) -> tuple[NumberMention, int] | None:
        end = None
        r = self.reading(i, ("vague", "scale_plural"))
        if r is not None:
            end = i + 1
        hit = self.phrase_at(i, ("vague",))
        if hit is not None and (end is None or hit[1] > end):
            end = hit[1]
        if end is None:
            return None
        more = self.reading(end, ("scale_plural",))
        if more is not None and not more.pre:
            end += 1
        return self.mention(i, end, None, "vague"), end

    def at(self, i: int) -> tuple[NumberMention, int] | None:
        """The mention starting at token i, if any."""
        hit = self.clock(i)
        if hit is not None:
            return hit
        qual = self.phrase_at(i, ("qualifier",))
        if qual is not None and qual[1] < self.n:
            hit = self.number(qual[1], qual[0].tag, i)
            if hit is not None and hit[0].qualifier:
                return hit
        hit = self.one_of(i) or self.number(i)
        if hit is not None:
            return hit
        o = self.ordinal(i)
        if o is not None:
            v, j = o
            if v <= 12 and self.reading(j, ("daypart",)):
                return self.mention(i, j, v * 100, "time"), j
            return self.mention(i, j, v, "ordinal"), j
        return self.vague(i)

    def candidate(self, i: int) -> bool:
        """Whether token i can start anything: digits, a lexicon word, or a phrase's head."""
        tok = self.toks[i]
        if tok.kind != "word":
            return tok.kind != "punct"
        text = tok.text
        return text in self.lex._heads or bool(self.lex._readings(text))

    def run(self) -> list[NumberMention]:
        out: list[NumberMention] = []
        i = 0
        while i < self.n:
            if not self.candidate(i):
                i += 1
                continue
            skip = self.phrase_at(i, ("month", "percent"))
            if skip is not None:
                i = skip[1]  # not numbers: كانون الأول, a stray بالمئة
                continue
            hit = self.at(i)
            if hit is None:
                i += 1
                continue
            m, nxt = hit
            out.append(m)
            i = max(nxt, i + 1)
        return out


def find_numbers(norm: str) -> list[NumberMention]:
    """Find the numbers of a normalised text and label their kind.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.

    Returns
    -------
    list of NumberMention
        Non-overlapping mentions in order of position.

    Raises
    ------
    TypeError
        If ``norm`` is not a string.
    """
    if not isinstance(norm, str):
        raise TypeError(f"find_numbers expects normalised text (str), got {type(norm).__name__}")
    return _Parser(default_lexicon(), norm).run()


def parse_number(phrase: str) -> int | None:
    """Read a phrase that is one number.

    Parameters
    ----------
    phrase : str
        A number in digits or words, normalised here (``"خمسة وعشرين"``, ``"8"``).

    Returns
    -------
    int or None
        The value when the whole phrase is one number; None for vague amounts (``"عدة"``)
        and for phrases that are not one number.

    Raises
    ------
    TypeError
        If ``phrase`` is not a string.
    """
    if not isinstance(phrase, str):
        raise TypeError(f"parse_number expects a str, got {type(phrase).__name__}")
    norm = normalise(phrase).strip()
    found = find_numbers(norm)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(norm):
        return found[0].value
    return None


# ---------------------------------------------------------------------------- duals


def _dual_splits(word: str) -> list[tuple[int, str, str]]:
    """(clitics length, stem before the suffix, suffix) for each split ending in a dual suffix."""
    out = []
    for pre in sorted(_DIGIT_PRE, key=len):
        if not word.startswith(pre):
            continue
        rest = word[len(pre) :]
        for suffix in (_DUAL_OBLIQUE, _DUAL_NOMINATIVE):
            if rest.endswith(suffix) and len(rest) > len(suffix):
                out.append((len(pre), rest[: -len(suffix)], suffix))
    return out


def _singular(base: str) -> list[str]:
    """The singulars a dual base may come from: ta marbuta restored first."""
    if base.endswith(_TA):
        return [base[:-1] + _HA, base]
    return [base]


def dual_stem(word: str, known: Container[str] | None = None) -> str | None:
    """The singular of an Arabic dual noun, or None when the word is not read as a dual.

    The dual adds ``ان`` (nominative) or ``ين`` (oblique) to the singular; ta marbuta is written
    ``ت`` before it (قذيفتين -> قذيفه). Proclitics and the article may stand before it
    (بالقذيفتين).

    With ``known`` (normalised singular stems, such as the caller's weapon nouns) every split is
    tried and the first stem in ``known`` is returned, so the answer is exact. Without it, a
    heuristic keeps plurals and names out, at the price of missing some real duals:

    - number words (عشرين، اثنين), weekdays (الاثنين) and months (تشرين) are never duals;
    - ``-يين`` is a nisba plural or dual (مدنيين، جنديين) and is refused;
    - with ``ين``, a stem starting with م and without ta marbuta is read as a participle plural
      (مواطنين، مسلحين), a stem C-ا-C-C as a participle plural (عاملين، الجانبين), a stem
      C-C-ا-C as a broken plural (الميادين، قوانين);
    - with ``ان``, the stem must have four letters or more (not بيان، لبنان، طيران);
    - clitics are stripped (the longest first) only when four letters of stem remain, so
      لغمين keeps its ل; an article is always stripped.

    Parameters
    ----------
    word : str
        One word, raw or normalised.
    known : container of str, optional
        Normalised singular stems to accept.

    Returns
    -------
    str or None
        The normalised singular stem.

    Raises
    ------
    TypeError
        If ``word`` is not a string.
    """
    if not isinstance(word, str):
        raise TypeError(f"dual_stem expects a str, got {type(word).__name__}")
    norm = normalise(word).strip()
    if not norm or not all(ch.isalpha() for ch in norm):
        return None
    splits = _dual_splits(norm)
    if not splits:
        return None
    if known is not None:
        for _, base, _suffix in splits:
            for stem in _singular(base):
                if stem in known:
                    return stem
        return None
    lex = default_lexicon()
    if lex._readings(norm) or lex._is_blocked(norm):
        return None
    if any(
        e.kind == "month"
        for pre in _DIGIT_PRE
        if norm.startswith(pre)
        for _, e in lex._phrases.get(norm[len(pre) :], ())
    ):
        return None
    if norm.endswith(_NISBA_PLURAL):
        return None
    # splits come shortest clitics first; an article is always stripped, other clitics only
    # when four letters of stem remain
    with_article = [sp for sp in splits if norm[: sp[0]].endswith((_ART, _LAM + _LAM))]
    if with_article:
        chosen = with_article[-1]
    else:
        chosen = [sp for sp in splits if sp[0] == 0 or len(sp[1]) >= 4][-1]
    _, base, suffix = chosen
    if base.endswith(_TA) and len(base) >= 3:
        return base[:-1] + _HA
    if suffix == _DUAL_NOMINATIVE:
        return base if len(base) >= 4 else None
    if len(base) < 3:
        return None
    if base.startswith(_MIM) and len(base) >= 4:
        return None
    if len(base) == 4 and _ALEF in (base[1], base[2]):
        return None
    return base
