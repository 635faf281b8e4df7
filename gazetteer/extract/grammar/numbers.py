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
    A clock time of the clock grammar (:func:`.clock.find_times`: ``1:38``, ``12.15 ظهرا``,
    ``الساعة الثالثة والنصف``, ``3 فجرا``) with a figure or an hour word in it, its whole span
    (the part of the day included). The value is the 24-hour clock, ``hour * 100 + minute``
    (``الساعة 9:30 مساء`` -> 2130).
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
(``3.5``, ``12.15`` alone) are not labelled either. Whether a number counts projectiles is
for the caller.

The grammar is in four modules: :mod:`.number_words` (the lexicon), :mod:`.digit_forms`
(tokens and digit readings), :mod:`.figures` (the parser) and :mod:`.duals`; clock times are
:mod:`.clock`'s. This module runs the parser over the stretches of a text that may hold a
number (:func:`find_numbers`) and keeps the public names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from gazetteer.extract.grammar.clock import TimeMention, find_times
from gazetteer.extract.grammar.duals import dual_stem
from gazetteer.extract.grammar.figures import _Parser
from gazetteer.extract.grammar.number_words import (
    KINDS,
    QUALIFIERS,
    NumberLexicon,
    NumberMention,
    default_lexicon,
)
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


def find_numbers(norm: str, times: Sequence[TimeMention] | None = None) -> list[NumberMention]:
    """Find the numbers of a normalised text and label their kind.

    Parameters
    ----------
    norm : str
        Text normalised with :func:`gazetteer.text.normalize.normalise`.
    times : sequence of TimeMention, optional
        The text's clock times (:func:`gazetteer.extract.grammar.clock.find_times` of the same
        text) when the caller has them already; found here otherwise. Those with a figure or
        an hour word in them are the mentions of kind ``time``.

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
    lex = default_lexicon()
    segments = _segments(norm, lex)
    if not segments:
        return []
    if times is None:
        times = find_times(norm)
    clocks = [
        (t.start, t.end, int(t.time[:2]) * 100 + int(t.time[3:]))
        for t in times
        if any(lex.may_start(r) for r in _RUN.findall(norm, t.start, t.end))
    ]
    out: list[NumberMention] = []
    k = 0
    for a, b in segments:
        while k < len(clocks) and clocks[k][0] < a:
            k += 1
        inside = []
        while k < len(clocks) and clocks[k][0] < b:
            s, e, v = clocks[k]
            inside.append((s - a, min(e, b) - a, v))
            k += 1
        for m in _Parser(lex, norm[a:b], inside).run():
            out.append(NumberMention(m.start + a, m.end + a, m.value, m.kind, m.qualifier))
    return out


#: Where the grammar can be cut: a line break, or a punctuation mark that is not ``%`` and not
#: followed by a digit. Such a mark is a token of its own (every separator inside a figure,
#: ``1,200``, ``12.15``, ``1:38``, ``12/5/2023``, is followed by a digit), no phrase of the
#: lexicon holds it, and every rule reads it as it reads the end of the text: no number runs
#: through it and nothing on one side of it changes a reading on the other.
_BARRIER = re.compile(r"\n|[^\w\s%](?![0-9])")
#: The tokeniser's runs of letters and digits.
_RUN = re.compile(r"[^\W_]+")


def _segments(norm: str, lex: NumberLexicon) -> list[tuple[int, int]]:
    """The stretches between barriers that hold a token a number can start at.

    A run with a digit, or a word the lexicon reads or a phrase begins with
    (:meth:`_Parser.candidate`); a stretch without one holds no number, and is not tokenised.
    """
    starts = [m.start() for m in _RUN.finditer(norm) if lex.may_start(m.group())]
    if not starts:
        return []
    cuts = [m.start() for m in _BARRIER.finditer(norm)]
    out: list[tuple[int, int]] = []
    for pos in starts:
        if out and pos < out[-1][1]:
            continue  # in the stretch already taken
        k = bisect.bisect_left(cuts, pos)
        a = cuts[k - 1] + 1 if k else 0
        b = cuts[k] if k < len(cuts) else len(norm)
        out.append((a, b))
    return out


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
