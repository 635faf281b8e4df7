"""Arabic and English text normalisation, as small composable ``str -> str`` functions.

Each normaliser is one character map kept as data in ``gazetteer/data/charmaps/`` (in the
manner of camel_tools' CharMapper), applied with :meth:`str.translate`. :func:`normalise`
composes them all, and the very same function is applied to gazetteer names, lexicon entries
and article text, so that a name matches however an outlet spells it.

:func:`normalise_with_offsets` returns the normalised text together with the position of every
normalised character in the original text, so that matches found in normalised text can be
quoted and highlighted exactly as the article printed them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "NORMALISERS",
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
def _table(name: str) -> dict[int, str]:
    """Load one character map from the package data as a :meth:`str.translate` table."""
    raw = resources.files("gazetteer").joinpath("data", "charmaps", f"{name}.json").read_text(
        encoding="utf-8"
    )
    mapping = json.loads(raw)["map"]
    return {ord(k): v for k, v in mapping.items()}


def strip_invisibles(text: str) -> str:
    """Remove zero-width and bidi controls; turn no-break and other spaces into a space.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text without invisible characters.
    """
    return text.translate(_table("invisibles"))


def unify_presentation_forms(text: str) -> str:
    """Replace Arabic presentation forms (old PDF and web encodings) by plain letters.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with presentation forms decomposed.
    """
    return text.translate(_table("presentation_forms"))


def strip_diacritics(text: str) -> str:
    """Remove harakat, tanween, shadda, sukun and Quranic marks.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text without diacritics (المسيّرة -> المسيرة).
    """
    return text.translate(_table("diacritics"))


def strip_tatweel(text: str) -> str:
    """Remove tatweel (kashida), the stretching stroke.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text without tatweel.
    """
    return text.translate(_table("tatweel"))


def unify_alef(text: str) -> str:
    """Turn alef with hamza above or below, madda and wasla into a bare alef.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with one alef form (الأميركي -> الاميركي).
    """
    return text.translate(_table("alef"))


def unify_hamza(text: str) -> str:
    """Turn hamza on waw and on ya into the bare carrier letter.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with hamza carriers reduced (القائم -> القايم).
    """
    return text.translate(_table("hamza"))


def unify_alef_maqsura(text: str) -> str:
    """Turn alef maqsura and Farsi ya into ya.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with one final ya form.
    """
    return text.translate(_table("alef_maqsura"))


def unify_ta_marbuta(text: str) -> str:
    """Turn ta marbuta into ha.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with ta marbuta written as ha (قاعدة -> قاعده).
    """
    return text.translate(_table("ta_marbuta"))


def to_ascii_digits(text: str) -> str:
    """Turn Arabic-Indic and Persian digits into ASCII digits.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with ASCII digits only.
    """
    return text.translate(_table("digits"))


def unify_punctuation(text: str) -> str:
    """Turn Arabic punctuation, guillemets, curly quotes and dashes into ASCII.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with ASCII punctuation («العمر» -> "العمر").
    """
    return text.translate(_table("punctuation"))


def fold_latin_case(text: str) -> str:
    """Lower-case ASCII letters, so that English names match in any case.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with ASCII capitals lowered.
    """
    return text.translate(_table("latin_case"))


_SPACES = re.compile(r" {2,}")


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces into one space.

    Parameters
    ----------
    text : str
        Any text.

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
_TABLE_NORMALISERS: tuple[Callable[[str], str], ...] = (
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
    return collapse_spaces(text.translate(_combined()[0]))


@cache
def _combined() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """One translate table equal to the table normalisers in sequence, plus two classes.

    Returns the table, a pattern matching runs of characters the table keeps one-to-one, and a
    pattern finding any character the table expands into several characters.
    """
    keys: set[int] = set()
    for name in (
        "invisibles",
        "presentation_forms",
        "diacritics",
        "tatweel",
        "alef",
        "hamza",
        "alef_maqsura",
        "ta_marbuta",
        "digits",
        "punctuation",
        "latin_case",
    ):
        keys.update(_table(name))
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
        ``offsets[i]`` is the index in ``source`` of ``text[i]``; None when the two align.
    """

    text: str
    source: str
    offsets: tuple[int, ...] | None = None

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
        if self.offsets is None:
            return i
        if i >= len(self.offsets):
            return len(self.source)
        return self.offsets[i]

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
        if self.offsets is None:
            return start, end
        if end <= start:
            s = self.source_index(start)
            return s, s
        return self.offsets[start], self.offsets[end - 1] + 1


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
    table, kept_run, multi = _combined()
    offsets: list[int] | None
    if multi.search(text):
        chars: list[str] = []
        offsets = []
        for i, ch in enumerate(text):
            out = table.get(ord(ch), ch)
            chars.append(out)
            offsets.extend([i] * len(out))
        stage = "".join(chars)
    else:
        stage = text.translate(table)
        if len(stage) == len(text):
            offsets = None
        else:
            offsets = []
            for m in kept_run.finditer(text):
                offsets.extend(range(m.start(), m.end()))
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
