"""Digit forms: the tokens of normalised text, with every reading of a digit string.

One regular expression reads digits as a whole number, a grouped figure (``1,200``,
``10.000``), a decimal, a clock (``1:38``, :func:`.clock.digit_clock`) or a numeric date
(``12/5/2023``); the tokeniser glues proclitics and the article to the digits they stand
before (``ب4``, ``ال8``, ``الـ 47``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from gazetteer.extract.grammar.clock import digit_clock
from gazetteer.extract.grammar.number_words import _ART, _DIGIT_PRE, _LAM

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


def _num_info(m: re.Match[str]) -> _NumInfo:
    text = m.group(0)
    if m.group("date"):
        return _NumInfo(year=int(m.group("y1") or m.group("y2")))
    if m.group("clock"):
        h, mm = text.split(":")[:2]
        return _NumInfo(clock=digit_clock(h, mm))
    if m.group("grouped"):
        grouped = int(text.replace(",", "").replace(".", ""))
        return _NumInfo(whole=grouped, frac=Fraction(grouped))
    if m.group("dot3"):
        whole = None if text.startswith("0") else int(text.replace(".", ""))
        return _NumInfo(whole=whole, frac=Fraction(text))
    if m.group("frac"):
        frac = Fraction(text.replace(",", "."))
        clock = None
        if re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", text):
            clock = digit_clock(*text.split("."))
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


#: Blanks, then a word of letters (its run holds no ASCII digit) or a mark: the tokens
#: :func:`_tokenise` takes as they come; a run with a digit stops it.
#: (A letter is one class, ``[^\W_0-9]``: a word character but ``_`` and the digits 0-9.)
_PLAIN = re.compile(r"[^\S\n]*(?:([^\W_0-9]+)(?![^\W_])|(\n|[^\w\s]|_))")
_ART_ENDINGS = (_ART, _LAM + _LAM)
_new_tuple = tuple.__new__


def _tokenise(text: str) -> list[_Tok]:
    """The tokens of a text: words, marks and numbers with their clitics; blanks skipped.

    Words and marks are taken as :data:`_PLAIN` finds them, one after the other; where it
    stops (a run holding a digit, or a word that is the article cut off from its digits by a
    space: الـ 47), :func:`_token_at` reads one token character by character.
    """
    toks: list[_Tok] = []
    append = toks.append
    n = len(text)
    i = 0
    while i < n:
        for m in _PLAIN.finditer(text, i):
            if m.start() != i:
                break  # something else stands at i
            word = m.group(1)
            j = m.end()
            if word is not None:
                start = m.start(1)
                if (
                    j + 1 < n
                    and text[j] == " "
                    and text[j + 1] in _DIGITS
                    and word.endswith(_ART_ENDINGS)
                    and word in _DIGIT_PRE
                ):
                    i = start
                    break
                append(_new_tuple(_Tok, (start, j, word, "word", "", None, False)))
            else:
                append(_new_tuple(_Tok, (j - 1, j, m.group(2), "punct", "", None, False)))
            i = j
        while i < n and text[i] != "\n" and text[i].isspace():
            i += 1
        if i < n:
            i = _token_at(text, i, toks)
    return toks


def _token_at(text: str, i: int, toks: list[_Tok]) -> int:
    """Read the token at ``i`` (not a blank) into ``toks``; return where the next may start."""
    n = len(text)
    ch = text[i]
    if ch == "\n" or not ch.isalnum():
        toks.append(_Tok(i, i + 1, ch, "punct"))
        return i + 1
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
        return m.end()
    if (
        text[i:j].endswith(_ART_ENDINGS)
        and text[i:j] in _DIGIT_PRE
        and text[j : j + 1] == " "
        and text[j + 1 : j + 2] in _DIGITS
        and j + 1 < n
    ):
        m = _NUMERIC.match(text, j + 1)  # الـ 47: the article cut off by a space
        assert m is not None
        toks.append(_Tok(i, m.end(), text[i : m.end()], "num", text[i:j], _num_info(m)))
        return m.end()
    toks.append(_Tok(i, j, text[i:j], "word"))
    return j


# ---------------------------------------------------------------------------- grammar
