"""Number words: the lexicon of Arabic number words and the clitics they carry.

The words are data, in ``gazetteer/data/lexicon/numbers.csv``; this module loads and checks
them (:class:`NumberLexicon`) and holds the constants the number grammar shares: the kinds and
qualifiers of a mention, the clitics, the value range of each kind of word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property

from gazetteer.text.frozen import frozen_builder
from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.normalize import normalise

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
    "half",
}
#: The kinds of word a mention is built on (see :meth:`NumberLexicon.may_start`).
_STARTER_KINDS = _NUMBER_KINDS | {"ordinal", "ordinal_head", "one_of", "one_of_head", "vague"}
#: The kinds of word a cardinal may start with (see :meth:`NumberLexicon.may_count`).
_CARDINAL_STARTS = frozenset({"unit", "teen_head", "ten", "tens", "hundred", "scale", "scale_dual"})
#: How many runs :meth:`NumberLexicon.may_start` remembers before it starts again.
_CACHE_LIMIT = 200_000
_TAG_KINDS = frozenset({"qualifier", "qualifier_after"})
_PLAIN_KINDS = frozenset({"vague", "percent", "year_marker", "blocked", "function"})
_PHRASE_KINDS = frozenset({"vague", "qualifier", "qualifier_after", "percent", "month"})
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


#: ``NumberMention(start, end, value, kind, qualifier)`` built faster, every field given
#: (:func:`gazetteer.text.frozen.frozen_builder`): the grammar builds a mention, and the
#: reader moves it into a stretch, several times an article.
number_mention: Callable[..., NumberMention] = frozen_builder(NumberMention)


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
        self._starts: dict[str, bool] = {}
        #: The runs of :attr:`_starts` that may start a number (:meth:`any_may_start`).
        self._starters: set[str] = set()
        self._counts: dict[str, bool] = {}
        self._opens: dict[str, tuple[tuple[tuple[str, ...], _Entry], ...]] = {}
        self._vague_cache: frozenset[str] | None = None
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

    def may_start(self, run: str) -> bool:
        """Whether a run of letters and digits may start a number (cached per run).

        True for a run with a digit, a word read as a number, an ordinal, "one of" or a vague
        amount, and the first word of a vague phrase. Every mention holds one of them: the other
        words (qualifiers, year words, months, percent) only join a
        number, so a stretch without one holds no mention.
        """
        hit = self._starts.get(run)
        if hit is None:
            hit = (
                not run.isalpha()
                or run in self._vague_heads
                or any(r.entry.kind in _STARTER_KINDS for r in self._readings(run))
            )
            if len(self._starts) >= _CACHE_LIMIT:
                self._starts.clear()
                self._starters.clear()
            self._starts[run] = hit
            if hit:
                self._starters.add(run)
        return hit

    def any_may_start(self, runs: list[str]) -> bool:
        """``any(self.may_start(r) for r in runs)``, the runs known to start looked up at once.

        The runs :meth:`may_start` said yes to are kept in a set: one test against it finds
        such a run; only the runs not asked about before are asked then.
        """
        if not self._starters.isdisjoint(runs):
            return True
        starts = self._starts
        return any(run not in starts and self.may_start(run) for run in runs)

    def _phrases_at(self, word: str) -> tuple[tuple[tuple[str, ...], _Entry], ...]:
        """The phrases a word may open, behind each of its proclitics in turn (cached per word)."""
        hit = self._opens.get(word)
        if hit is None:
            hit = tuple(
                phrase
                for pre in _PRE
                if word.startswith(pre)
                for phrase in self._phrases.get(word[len(pre) :], ())
            )
            if len(self._opens) >= _CACHE_LIMIT:
                self._opens.clear()
            self._opens[word] = hit
        return hit

    def may_count(self, word: str) -> bool:
        """Whether a word (a run of letters) may start a cardinal (cached per word).

        True when one of its readings starts one: a unit, a ten, a teen's head, tens, a
        hundred or a scale (what :func:`.figures._start` reads).
        """
        hit = self._counts.get(word)
        if hit is None:
            hit = any(r.entry.kind in _CARDINAL_STARTS for r in self._readings(word))
            if len(self._counts) >= _CACHE_LIMIT:
                self._counts.clear()
            self._counts[word] = hit
        return hit

    @cached_property
    def counting_words(self) -> frozenset[str]:
        """Every word :meth:`may_count` says yes to, for a test of a whole stretch at once.

        A word has a reading only as one of the splits :func:`_splits` makes: proclitics, then
        the article or not, then a stem of the lexicon (or a conjunction and the fused لل).
        Each such form of a stem that starts a cardinal is tried with :meth:`may_count`.
        """
        stems = [w for w, es in self._words.items() if any(e.kind in _CARDINAL_STARTS for e in es)]
        forms = {p + a + stem for stem in stems for p in _PRE for a in ("", _ART)}
        forms |= {c + _LAM + _LAM + stem for stem in stems for c in _CONJ}
        return frozenset(f for f in forms if self.may_count(f))

    @property
    def _vague_heads(self) -> frozenset[str]:
        """The first words of the vague phrases (عدد من), with every proclitic glued on."""
        if self._vague_cache is None:
            self._vague_cache = frozenset(
                p + h
                for p in _PRE
                for h, phrases in self._phrases.items()
                if any(e.kind == "vague" for _, e in phrases)
            )
        return self._vague_cache

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
