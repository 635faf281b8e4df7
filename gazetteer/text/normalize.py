"""Arabic and English text normalisation, as small composable ``str -> str`` functions.

Each normaliser is one character map kept as data in ``gazetteer/data/charmaps/`` (in the
manner of camel_tools' CharMapper), applied by a :class:`CharMap`. :func:`normalise`
composes them all, and the very same function is applied to gazetteer names, lexicon entries
and article text, so that a name matches however an outlet spells it.

:func:`normalise_with_offsets` returns the normalised text together with the position of every
normalised character in the original text, so that matches found in normalised text can be
quoted and highlighted exactly as the article printed them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "NORMALISERS",
    "CharMap",
    "Normalised",
    "collapse_spaces",
    "compose",
    "fold_latin_case",
    "normalise",
    "normalise_with_offsets",
    "strip_diacritics",
    "strip_invisibles",
    "strip_tatweel",
    "to_ascii_digits",
    "unify_alef",
    "unify_alef_maqsura",
    "unify_hamza",
    "unify_presentation_forms",
    "unify_punctuation",
    "unify_ta_marbuta",
]


@cache
def _charmap(name: str) -> tuple[dict[int, str], str]:
    """Load one character map from the package data: its translate table and its ``about``."""
    raw = resources.files("gazetteer").joinpath("data", "charmaps", f"{name}.json").read_text(
        encoding="utf-8"
    )
    data = json.loads(raw)
    return {ord(k): v for k, v in data["map"].items()}, str(data["about"])


@dataclass(frozen=True)
class CharMap:
    """A ``str -> str`` normaliser that applies one character map with :meth:`str.translate`.

    What each map does is said once, in the ``about`` field of its data file (see
    :attr:`about`).

    Attributes
    ----------
    name : str
        The map's file name in ``gazetteer/data/charmaps/``, without ``.json``.
    """

    name: str

    def __call__(self, text: str) -> str:
        """Return ``text`` with every character of the map replaced or removed."""
        return text.translate(self.table)

    @property
    def table(self) -> dict[int, str]:
        """The :meth:`str.translate` table: code point -> replacement."""
        return _charmap(self.name)[0]

    @property
    def about(self) -> str:
        """What the map does, from its data file."""
        return _charmap(self.name)[1]


strip_invisibles = CharMap("invisibles")
unify_presentation_forms = CharMap("presentation_forms")
strip_diacritics = CharMap("diacritics")
strip_tatweel = CharMap("tatweel")
unify_alef = CharMap("alef")
unify_hamza = CharMap("hamza")
unify_alef_maqsura = CharMap("alef_maqsura")
unify_ta_marbuta = CharMap("ta_marbuta")
to_ascii_digits = CharMap("digits")
unify_punctuation = CharMap("punctuation")
fold_latin_case = CharMap("latin_case")


_SPACES = re.compile(r" {2,}")


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces into one space.

    Parameters
    ----------
    text : str
        Text that may hold runs of spaces (after the character maps, which turn other spaces
        into plain ones).

    Returns
    -------
    str
        The text with no two spaces in a row. Line breaks are kept.
    """
    return _SPACES.sub(" ", text)


def compose(*functions: Callable[[str], str]) -> Callable[[str], str]:
    """Compose ``str -> str`` functions, applied left to right.

    Parameters
    ----------
    *functions : callable
        The normalisers, in the order they apply.

    Returns
    -------
    callable
        One ``str -> str`` function.
    """

    def composed(text: str) -> str:
        for function in functions:
            text = function(text)
        return text

    return composed


#: The table-driven normalisers in the order :func:`normalise` applies them.
_TABLE_NORMALISERS: tuple[CharMap, ...] = (
    strip_invisibles,
    unify_presentation_forms,
    strip_diacritics,
    strip_tatweel,
    unify_alef,
    unify_hamza,
    unify_alef_maqsura,
    unify_ta_marbuta,
    to_ascii_digits,
    unify_punctuation,
    fold_latin_case,
)

#: Every normaliser :func:`normalise` applies, in order.
NORMALISERS: tuple[Callable[[str], str], ...] = (*_TABLE_NORMALISERS, collapse_spaces)


def normalise(text: str) -> str:
    """Normalise Arabic and English text for matching.

    Equal to ``compose(*NORMALISERS)(text)``, computed in one pass with a translate table that
    is the composition of the character maps.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text after every function of :data:`NORMALISERS`.
    """
    return collapse_spaces(_translate(text))


def _translate(text: str, rare: set[str] | None = None) -> str:
    """``text.translate(table)`` of :func:`_combined`'s table, faster on Arabic text.

    ``str.translate`` looks every character up in the table. Here the few letters the table
    changes that are common in Arabic text (hamza seats, ta marbuta, alef maqsura, the comma:
    :data:`_COMMON`) are each looked for with a plain search and replaced throughout by
    ``str.replace``; a regular expression finds the other changed characters (rare), each
    distinct one replaced the same way. The table's values hold no character it changes
    (:func:`_changed` checks), so one replacement never feeds another and the order does not
    matter: the result is that of the single pass.

    Parameters
    ----------
    text : str
        Any text.
    rare : set of str, optional
        The rare changed characters of ``text`` when the caller has looked for them already
        (:func:`_rare_in`).
    """
    _, by_char = _changed()
    for ch in _COMMON:
        if ch in text:
            text = text.replace(ch, by_char[ch])
    for ch in _rare_in(text) if rare is None else rare:
        text = text.replace(ch, by_char[ch])
    return text


#: The changed characters :func:`_translate` looks for one by one: frequent in Arabic news
#: (a regular expression's search for a class of characters costs several times a plain
#: search for one, and each of its matches costs more). أ إ آ ؤ ئ ة ى ،
_COMMON = "\u0623\u0625\u0622\u0624\u0626\u0629\u0649\u060c"


def _rare_in(text: str) -> set[str]:
    """The characters of ``text`` the table changes, but for those of :data:`_COMMON`."""
    return set(_rare()[0].findall(text))


@cache
def _rare() -> tuple[re.Pattern[str], frozenset[str]]:
    """A pattern matching a changed character not in :data:`_COMMON`; the expanded ones.

    The characters the table expands into several (:func:`_combined`) are all rare ones, so
    that what the pattern finds also tells whether a text holds one.

    Raises
    ------
    ValueError
        When a character of :data:`_COMMON` is not changed by the table, or is expanded.
    """
    table = _combined()[0]
    expanded = frozenset(chr(k) for k, v in table.items() if len(v) > 1)
    for ch in _COMMON:
        if ord(ch) not in table or ch in expanded:
            raise ValueError(f"{ch!r} is no character the table changes one for one")
    rare = sorted(chr(k) for k in table if chr(k) not in _COMMON)
    pattern = re.compile("[" + "".join(re.escape(c) for c in rare) + "]")
    return pattern, expanded


@cache
def _changed() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching any character the table changes, and what to put instead.

    Raises
    ------
    ValueError
        When a value of the table holds a character the table changes (the replacements of
        :func:`_translate` would then depend on their order).
    """
    table = _combined()[0]
    by_char = {chr(k): v for k, v in table.items()}
    for ch, out in by_char.items():
        if any(c in by_char for c in out):
            raise ValueError(f"normalise's table maps {ch!r} to {out!r}, which it changes again")
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(by_char)) + "]")
    return pattern, by_char


@cache
def _combined() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """One translate table equal to the table normalisers in sequence, plus two classes.

    Returns the table, a pattern matching runs of characters the table keeps one-to-one, and a
    pattern finding any character the table expands into several characters.
    """
    keys: set[int] = set()
    for charmap in _TABLE_NORMALISERS:
        keys.update(charmap.table)
    pipeline = compose(*_TABLE_NORMALISERS)
    table: dict[int, str] = {}
    for key in keys:
        out = pipeline(chr(key))
        if out != chr(key):
            table[key] = out
    dropped = "".join(re.escape(chr(k)) for k, v in table.items() if v == "")
    expanded = "".join(re.escape(chr(k)) for k, v in table.items() if len(v) > 1)
    kept_run = re.compile(f"[^{dropped}]+") if dropped else re.compile(r"[\s\S]+")
    multi = re.compile(f"[{expanded}]") if expanded else re.compile(r"(?!x)x")
    return table, kept_run, multi


@cache
def _dropped() -> frozenset[str]:
    """The characters the table drops, all of them rare ones (none of :data:`_COMMON`).

    Raises
    ------
    ValueError
        When a character of :data:`_COMMON` is dropped (:func:`_kept_spans` reads the dropped
        characters of a text from its rare ones).
    """
    out = frozenset(chr(k) for k, v in _combined()[0].items() if v == "")
    if not out.isdisjoint(_COMMON):
        raise ValueError(f"normalise's table drops {sorted(out & set(_COMMON))}")
    return out


def _kept_spans(text: str, rare: set[str]) -> list[tuple[int, int]]:
    """The stretches of ``text`` the table keeps one to one, as ``(start, end)``, in order.

    ``[m.span() for m in kept_run.finditer(text)]`` of :func:`_combined`'s pattern, from the
    dropped characters the text holds (among ``rare``, :func:`_rare_in`'s), each looked for
    with ``str.find`` (a few a text, tatweel most of all), not by a pattern over every
    character.
    """
    at: list[int] = []
    for ch in _dropped().intersection(rare):
        i = text.find(ch)
        while i >= 0:
            at.append(i)
            i = text.find(ch, i + 1)
    at.sort()
    spans: list[tuple[int, int]] = []
    start = 0
    for i in at:
        if i > start:
            spans.append((start, i))
        start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class Normalised:
    """Normalised text that remembers where each character came from.

    Attributes
    ----------
    text : str
        The normalised text.
    source : str
        The original text.
    offsets : tuple of int or None
        ``offsets[i]`` is the index in ``source`` of ``text[i]``; None when the two align or
        when ``runs`` says it.
    runs : tuple of (int, int) or None
        When the normalised text is the original with some characters dropped (and no other
        change of length): ``(start in text, start in source)`` of each stretch kept one to
        one, in order; ``offsets`` is not built then (a position is looked up by bisection).
    """

    text: str
    source: str
    offsets: tuple[int, ...] | None = None
    runs: tuple[tuple[int, int], ...] | None = None

    def source_index(self, i: int) -> int:
        """Map a position in the normalised text to the original text.

        Parameters
        ----------
        i : int
            Position in :attr:`text`, from 0 to ``len(text)``.

        Returns
        -------
        int
            Position in :attr:`source`.
        """
        if self.offsets is None and self.runs is None:
            return i
        if i >= len(self.text):
            return len(self.source)
        if self.offsets is not None:
            return self.offsets[i]
        return self._run_index(i)

    def _run_index(self, i: int) -> int:
        """``offsets[i]`` read from :attr:`runs` (``0 <= i < len(text)``)."""
        runs = self.runs or ()
        k = bisect.bisect_right(runs, (i, len(self.source) + 1)) - 1
        start, source_start = runs[k]
        return source_start + (i - start)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the span it covers in the original text.

        Parameters
        ----------
        start, end : int
            Half-open span in :attr:`text`.

        Returns
        -------
        tuple of int
            Half-open span in :attr:`source`.
        """
        if self.offsets is None and self.runs is None:
            return start, end
        if end <= start:
            s = self.source_index(start)
            return s, s
        if self.offsets is not None:
            return self.offsets[start], self.offsets[end - 1] + 1
        return self._run_index(start), self._run_index(end - 1) + 1


def normalise_with_offsets(text: str) -> Normalised:
    """Normalise text and keep the original position of every character.

    Parameters
    ----------
    text : str
        The original text.

    Returns
    -------
    Normalised
        ``Normalised.text == normalise(text)``, with offsets into ``text``.
    """
    table = _combined()[0]
    offsets: list[int] | None
    # the rare changed characters, looked for once: they tell whether one expands (as
    # _combined's multi pattern would) and spare _translate its own search
    rare = _rare_in(text)
    if not _rare()[1].isdisjoint(rare):
        chars: list[str] = []
        offsets = []
        for i, ch in enumerate(text):
            out = table.get(ord(ch), ch)
            chars.append(out)
            offsets.extend([i] * len(out))
        stage = "".join(chars)
    else:
        stage = _translate(text, rare)
        if len(stage) == len(text):
            offsets = None
        elif "  " not in stage:
            # characters dropped, nothing else: the kept stretches say where each comes from
            runs, at = [], 0
            for start, end in _kept_spans(text, rare):
                runs.append((at, start))
                at += end - start
            return Normalised(stage, text, None, tuple(runs))
        else:
            offsets = []
            for start, end in _kept_spans(text, rare):
                offsets.extend(range(start, end))
    if "  " in stage:
        pieces: list[str] = []
        new_offsets: list[int] = []
        last = 0
        for m in _SPACES.finditer(stage):
            pieces.append(stage[last : m.start() + 1])
            new_offsets.extend(
                offsets[last : m.start() + 1] if offsets is not None else range(last, m.start() + 1)
            )
            last = m.end()
        pieces.append(stage[last:])
        new_offsets.extend(offsets[last:] if offsets is not None else range(last, len(stage)))
        stage = "".join(pieces)
        offsets = new_offsets
    return Normalised(stage, text, tuple(offsets) if offsets is not None else None)
