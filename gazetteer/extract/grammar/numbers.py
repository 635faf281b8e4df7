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

The grammar is in four modules: :mod:`.number_words` (the lexicon), :mod:`.digit_forms`
(tokens and digit readings), :mod:`.figures` (the grammar and :func:`find_numbers`) and
:mod:`.duals`; clock times are :mod:`.clock`'s. This module keeps their public names.
"""

from __future__ import annotations

from gazetteer.extract.grammar.duals import dual_stem
from gazetteer.extract.grammar.figures import find_numbers, parse_number
from gazetteer.extract.grammar.number_words import (
    KINDS,
    QUALIFIERS,
    NumberLexicon,
    NumberMention,
    default_lexicon,
)

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
