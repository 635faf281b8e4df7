"""Duals: the singular of an Arabic dual noun (قذيفتين -> قذيفه)."""

from __future__ import annotations

from collections.abc import Container

from gazetteer.extract.grammar.number_words import (
    _ALEF,
    _ART,
    _DIGIT_PRE,
    _DUAL_NOMINATIVE,
    _DUAL_OBLIQUE,
    _HA,
    _LAM,
    _MIM,
    _NISBA_PLURAL,
    _TA,
    default_lexicon,
)
from gazetteer.text.normalize import normalise


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
    return _guess_stem(norm, splits)


def _guess_stem(norm: str, splits: list[tuple[int, str, str]]) -> str | None:
    """The heuristic reading of :func:`dual_stem` without known stems."""
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
