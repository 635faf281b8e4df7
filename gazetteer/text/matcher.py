"""One multi-pattern phrase matcher over normalised text, aware of Arabic clitics.

All phrases go into a single Aho-Corasick automaton (pyahocorasick), so the cost of a scan
grows with the text and the number of hits, not with the number of phrases. A hit counts only
at word boundaries; before the phrase the proclitics of Arabic may stand::

    (و|ف)? (ب|ك|ل)? (ال)?        conjunction, preposition, article
    (و|ف)? لل                      the preposition ل fused with the article

The article is accepted only for phrases that do not carry it themselves and only when the
matcher was built with ``article=True`` (lexicon words: بالقذائف). For phrases that begin with
the article, the fused form is indexed as an extra key (التنف -> للتنف). After the phrase, only
the listed suffixes may follow before the word ends (duals, plurals, tanween alef). A phrase
ending in ta marbuta is also found in its bound form, written with ta before a suffix (قذيفة ->
قذيفتين); that form may also take ي, the oblique dual in construct (قذيفتي هاون), when the
matcher has suffixes at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from gazetteer.text.normalize import normalise

T = TypeVar("T")

_ART = "\u0627\u0644"  # ال
_LAM = "\u0644"  # ل
_HA = "\u0647"  # ه, what ta marbuta normalises to
_TA = "\u062a"  # ت
_YA = "\u064a"  # ي, the ending of the oblique dual in construct on a bound ta (قذيفتي)
_CONJ = ("", "\u0648", "\u0641")  # و ف
_PREP = ("", "\u0628", "\u0643", "\u0644")  # ب ك ل


def _prefixes(article: bool) -> frozenset[str]:
    out = set()
    for c in _CONJ:
        for p in _PREP:
            out.add(c + p)
            if article:
                out.add(c + p + _ART)
        if article:
            out.add(c + _LAM + _LAM)
    return frozenset(out)


_FUSED_OK = frozenset(_CONJ)


def is_word_char(ch: str) -> bool:
    """Return True for letters and digits, the characters words are made of."""
    return ch.isalnum()


@dataclass(frozen=True)
class Match(Generic[T]):
    """One phrase found in normalised text.

    Attributes
    ----------
    start, end : int
        Span of the whole word(s) in the normalised text, clitics and suffix included.
    phrase_start, phrase_end : int
        Span of the phrase itself.
    phrase : str
        The normalised phrase that matched.
    payloads : tuple
        Everything registered under that phrase.
    """

    start: int
    end: int
    phrase_start: int
    phrase_end: int
    phrase: str
    payloads: tuple[T, ...]


class PhraseMatcher(Generic[T]):
    """Find many phrases at once in normalised text.

    Parameters
    ----------
    entries : iterable of (str, payload)
        Phrases (normalised here with :func:`gazetteer.text.normalize.normalise`) and what each
        stands for. One phrase may carry several payloads.
    suffixes : iterable of str
        Endings allowed between the phrase and the end of the word; "" is always allowed.
    article : bool
        Whether the definite article may stand before phrases that lack it.
    proclitics : bool
        Whether conjunction and preposition clitics may stand before a phrase.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, T]],
        *,
        suffixes: Iterable[str] = (),
        article: bool = False,
        proclitics: bool = True,
    ) -> None:
        self._prefixes = _prefixes(article) if proclitics else frozenset({""})
        self._suffixes = frozenset({"", *(normalise(s) for s in suffixes)})
        self._max_suffix = max(len(s) for s in self._suffixes)
        payloads: dict[str, list[T]] = {}
        for phrase, payload in entries:
            key = normalise(phrase).strip()
            if not key:
                continue
            bucket = payloads.setdefault(key, [])
            if payload not in bucket:
                bucket.append(payload)
        self._automaton = ahocorasick.Automaton()
        for key, items in payloads.items():
            self._automaton.add_word(key, (key, tuple(items), False, False))
            if proclitics and key.startswith(_ART) and len(key) > 2:
                fused = _LAM + _LAM + key[2:]
                if fused not in payloads:
                    self._automaton.add_word(fused, (key, tuple(items), True, False))
            if len(self._suffixes) > 1 and key.endswith(_HA) and " " not in key:
                # ta marbuta (normalised to ha) is written ta before a suffix: قذيفة -> قذيفتين
                bound = key[:-1] + _TA
                if bound not in payloads and not self._automaton.exists(bound):
                    self._automaton.add_word(bound, (key, tuple(items), False, True))
        self._size = len(payloads)
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        """Return the number of distinct phrases."""
        return self._size

    def find_all(self, text: str) -> list[Match[T]]:
        """Every valid hit, overlapping ones included, in order of start.

        Parameters
        ----------
        text : str
            Normalised text.

        Returns
        -------
        list of Match
            Hits at word boundaries, with clitics and suffixes checked.
        """
        if not self._size or not text:
            return []
        out: list[Match[T]] = []
        for last, (phrase, items, fused, bound) in self._automaton.iter(text):
            pend = last + 1
            we = self._word_end(text, pend, bound)
            if we is None:
                continue
            pstart = pend - len(phrase)
            ws = self._word_start(text, pstart, fused)
            if ws is not None:
                out.append(Match(ws, we, pstart, pend, phrase, items))
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out

    def _word_end(self, text: str, pend: int, bound: bool) -> int | None:
        """Where the word of a hit ending at ``pend`` ends, or None when the hit is refused.

        The hit may be followed by one of the allowed suffixes (for a bound form, also ي);
        most raw hits of a large automaton end inside a longer word and are refused here first.
        """
        n = len(text)
        we = pend
        if pend < n and text[pend].isalnum():
            if self._max_suffix == 0:
                return None
            while we < n and text[we].isalnum() and we - pend <= self._max_suffix:
                we += 1
            if we < n and text[we].isalnum():
                return None
            ending = text[pend:we]
            if ending not in self._suffixes and not (bound and ending == _YA):
                return None
        if bound and we == pend:
            return None
        return we

    def _word_start(self, text: str, pstart: int, fused: bool) -> int | None:
        """Where the word of a hit starting at ``pstart`` starts, or None when refused.

        At most four letters of proclitics may stand before the phrase: the allowed prefixes,
        or for a phrase written with the fused لل, the prefixes allowed before it.
        """
        ws = pstart
        while ws > 0 and text[ws - 1].isalnum():
            ws -= 1
            if pstart - ws > 4:
                break
        if ws > 0 and text[ws - 1].isalnum():
            return None
        allowed = _FUSED_OK if fused else self._prefixes
        return ws if text[ws:pstart] in allowed else None

    def raw_spans(self, text: str) -> list[tuple[int, int]]:
        """Where any indexed form of a phrase occurs, word boundaries and clitics unchecked.

        A hit of :meth:`find_all` on ``text[a:b]`` is one of these that lies inside
        ``[a, b)``: a stretch holding none of them holds no hit, whatever its edges.

        Parameters
        ----------
        text : str
            Normalised text.

        Returns
        -------
        list of (int, int)
            Spans, in order of end.
        """
        if not self._size or not text:
            return []
        return [(last + 1 - len(v[0]), last + 1) for last, v in self._automaton.iter(text)]

    def find(self, text: str) -> list[Match[T]]:
        """Leftmost-longest hits that do not overlap: the hits of :meth:`find_all`, thinned.

        Takes the same normalised text and returns hits in the same order of start; of two
        overlapping hits the earlier, and of two starting together the longer, wins.
        """
        chosen: list[Match[T]] = []
        edge = -1
        for m in self.find_all(text):
            if m.start >= edge:
                chosen.append(m)
                edge = m.end
        return chosen
