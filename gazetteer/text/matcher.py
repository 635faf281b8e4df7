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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeAlias, TypeVar

import ahocorasick
from ahocorasick_rs import AhoCorasick, Implementation

from gazetteer.text.frozen import frozen_builder
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

#: What the automaton holds for one indexed form: its phrase, payloads, fused, bound.
_Form: TypeAlias = tuple[str, tuple[T, ...], bool, bool]
#: One matcher's checks of one form in :class:`MatcherSet`: the matcher's index, the phrase,
#: payloads, bound, the longest suffix, the suffixes and the letters allowed before.
_Entry: TypeAlias = tuple[int, str, tuple[Any, ...], bool, int, frozenset[str], frozenset[str]]


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


#: ``Match(start, end, phrase_start, phrase_end, phrase, payloads)`` built faster, every field
#: given (:func:`.frozen.frozen_builder`): a phrase matcher's hits, a casualty word moved.
build_match: Callable[..., Match[Any]] = frozen_builder(Match)


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
        #: What the automaton holds: each indexed form and (phrase, payloads, fused, bound).
        self._forms: dict[str, _Form[T]] = {}
        for key, items in payloads.items():
            self._add(key, (key, tuple(items), False, False))
            if proclitics and key.startswith(_ART) and len(key) > 2:
                fused = _LAM + _LAM + key[2:]
                if fused not in payloads:
                    self._add(fused, (key, tuple(items), True, False))
            if len(self._suffixes) > 1 and key.endswith(_HA) and " " not in key:
                # ta marbuta (normalised to ha) is written ta before a suffix: قذيفة -> قذيفتين
                bound = key[:-1] + _TA
                if bound not in payloads and bound not in self._forms:
                    self._add(bound, (key, tuple(items), False, True))
        self._size = len(payloads)
        #: The automaton of :attr:`_forms`, built when this matcher first scans a text itself
        #: (most scan only through a :class:`MatcherSet`, which builds its own).
        self._built: ahocorasick.Automaton | None = None

    def _add(self, form: str, value: _Form[T]) -> None:
        self._forms[form] = value

    @property
    def _automaton(self) -> ahocorasick.Automaton:
        """The forms in a pyahocorasick automaton, each with its value; built once."""
        if self._built is None:
            automaton = ahocorasick.Automaton()
            for form, value in self._forms.items():
                automaton.add_word(form, value)
            if self._size:
                automaton.make_automaton()
            self._built = automaton
        return self._built

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
        for last, form in self._automaton.iter(text):
            m = self._hit(text, last + 1, form)
            if m is not None:
                out.append(m)
        out.sort(key=_order)
        return out

    def _hit(self, text: str, pend: int, form: _Form[T]) -> Match[T] | None:
        """The match of a raw hit of ``form`` ending at ``pend``, or None when refused.

        The hit may be followed by one of the allowed suffixes (for a bound form, also ي)
        before its word ends, and preceded by at most four letters of allowed proclitics (for a
        form written with the fused لل, the prefixes allowed before it). Most raw hits of a
        large automaton end inside a longer word and are refused first.
        """
        phrase, items, fused, bound = form
        n = len(text)
        we = pend
        if pend < n and text[pend].isalnum():
            most = self._max_suffix
            if most == 0:
                return None
            while we < n and we - pend <= most and text[we].isalnum():
                we += 1
            if we < n and text[we].isalnum():
                return None
            ending = text[pend:we]
            if ending not in self._suffixes and not (bound and ending == _YA):
                return None
        elif bound:
            return None
        pstart = pend - len(phrase)
        ws = pstart
        while ws > 0 and text[ws - 1].isalnum():
            ws -= 1
            if pstart - ws > 4:
                break
        if ws > 0 and text[ws - 1].isalnum():
            return None
        if text[ws:pstart] not in (_FUSED_OK if fused else self._prefixes):
            return None
        return build_match(ws, we, pstart, pend, phrase, items)

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
        return thinned(self.find_all(text))


#: How many answers of :func:`_accepting` a :class:`MatcherSet` keeps (then it starts again).
_ACCEPTED_MAX = 50_000


def _accepting(
    entries: tuple[_Entry, ...], ending: str, before: str
) -> tuple[tuple[int, str, Any], ...]:
    """Which matchers of a form accept a raw hit, in :meth:`MatcherSet.find_all_with_raw`.

    ``ending`` is what follows the form before its word ends, ``before`` the letters of the
    word before it. The ending must be one of the matcher's suffixes (for a bound form, ي
    too; a bound form needs one), the letters before it one of its proclitics.

    Returns
    -------
    tuple of (int, str, tuple)
        For each matcher that accepts the hit: its index, the phrase and the payloads.
    """
    out = []
    for i, phrase, items, bound, most, suffixes, allowed in entries:
        if ending:
            if len(ending) > most or (ending not in suffixes and not (bound and ending == _YA)):
                continue
        elif bound:
            continue
        if before in allowed:
            out.append((i, phrase, items))
    return tuple(out)


def _ending_letters(entries: Iterable[_Entry]) -> frozenset[str]:
    """Every letter of the endings the matchers of a form accept after it.

    Their suffixes, and ي after a bound form (:func:`_accepting`); letters only, as a word is
    made of. An ending with any other letter is refused by all of them.
    """
    letters = {ch for e in entries for suffix in e[5] for ch in suffix}
    if any(e[3] for e in entries):
        letters.add(_YA)
    return frozenset(ch for ch in letters if ch.isalnum())


def thinned(hits: list[Match[T]]) -> list[Match[T]]:
    """The hits of :meth:`PhraseMatcher.find`: of overlapping ones the earlier, then longer."""
    chosen: list[Match[T]] = []
    edge = -1
    for m in hits:
        if m.start >= edge:
            chosen.append(m)
            edge = m.end
    return chosen


def _order(m: Match[Any]) -> tuple[int, int]:
    return m.start, -(m.end - m.start)


_BY_START = attrgetter("start")
_BY_END = attrgetter("end")


def _sort_by_order(hits: list[Match[Any]]) -> None:
    """``hits.sort(key=_order)`` in two sorts by keys read in C, with the same result.

    By start, then the longer first: of equal starts the later end first. A stable sort by
    end, latest first (``reverse`` keeps equal elements in their order), then a stable sort
    by start leave hits of equal start and end in the order they came, as the one sort does.
    A list of one hit or none is left as it is.
    """
    if len(hits) > 1:
        hits.sort(key=_BY_END, reverse=True)
        hits.sort(key=_BY_START)


class MatcherSet:
    """Several phrase matchers run over one text in one pass of one automaton.

    Each indexed form of every matcher goes into a single automaton, with the matchers it
    belongs to; a raw hit is checked for each of them as its own :meth:`PhraseMatcher.find_all`
    checks it (:meth:`PhraseMatcher._hit`). The automaton reports the forms ending at one
    position longest first, as each matcher's own does, so every matcher's hits come out in the
    same order (and the text is scanned once, not once per matcher).

    Parameters
    ----------
    matchers : sequence of PhraseMatcher
        The matchers, in the order of the lists :meth:`find_all` returns.
    raw : iterable of str
        Words of another use whose every occurrence, inside longer words too, the same pass
        reports (:meth:`find_all_with_raw`).
    """

    def __init__(self, matchers: Sequence[PhraseMatcher[Any]], raw: Iterable[str] = ()) -> None:
        self.matchers = tuple(matchers)
        combined: dict[str, list[_Entry]] = {}
        for i, m in enumerate(self.matchers):
            for form, (phrase, items, fused, bound) in m._forms.items():
                allowed = _FUSED_OK if fused else m._prefixes
                entry = (i, phrase, items, bound, m._max_suffix, m._suffixes, allowed)
                combined.setdefault(form, []).append(entry)
        #: Every letter of every matcher's proclitics: the letters before a phrase that one of
        #: them may accept (:meth:`find_all_with_raw`); letters only, as a word is made of.
        #: (Each matcher's proclitics are one set shared by its entries: each set is read once.)
        allowed_sets = {id(e[6]): e[6] for entries in combined.values() for e in entries}
        self._lead = frozenset(
            ch for allowed in allowed_sets.values() for p in allowed for ch in p if ch.isalnum()
        )
        raw_words = {w for w in raw if w}
        forms = sorted(combined.keys() | raw_words)
        #: Per form (by its number): its length, the longest suffix any of its matchers allows
        #: (see find_all_with_raw), the matchers' entries, the raw word it is, if one, and the
        #: letters its endings are made of (:func:`_ending_letters`).
        self._values: list[tuple[int, int, tuple[_Entry, ...], str | None, frozenset[str]]] = []
        #: The ending letters of each mix of matchers' suffix sets and boundness, worked out
        #: once (the suffix sets are few, shared by all the entries of a matcher).
        tails: dict[tuple[tuple[int, bool], ...], frozenset[str]] = {}
        for form in forms:
            entries = combined.get(form, [])
            reach = max((e[4] for e in entries), default=0)
            word = form if form in raw_words else None
            tail: frozenset[str] = frozenset()
            if reach:
                mix = tuple([(id(e[5]), e[3]) for e in entries])
                if mix not in tails:
                    tails[mix] = _ending_letters(entries)
                tail = tails[mix]
            self._values.append((len(form), reach, tuple(entries), word, tail))
        self._form_list = forms
        self._empty = not forms
        #: The same forms in a compiled automaton (ahocorasick_rs) that scans a text about twice
        #: as fast and reports every occurrence in the same order (by end, the longest first);
        #: its contiguous NFA is as quick here as its DFA, which adds some 14 MB to the process.
        self._fast = (
            None if self._empty else AhoCorasick(forms, implementation=Implementation.ContiguousNFA)
        )
        #: What the matchers accept of a form (its number) with an ending and the letters
        #: before it: :func:`_accepting`'s answers, kept (at most :data:`_ACCEPTED_MAX`).
        #: (Keyed by the form's number alone for a form with neither.)
        self._accepted: dict[int | tuple[int, str, str], tuple[tuple[int, str, Any], ...]] = {}
        #: pyahocorasick's automaton of the same forms, for a text the compiled one cannot take
        #: (:meth:`occurrences`); built then, as such a text is rare.
        self._slow: ahocorasick.Automaton | None = None

    def occurrences(self, text: str) -> list[tuple[int, int, int]]:
        """Every occurrence ``(form number, start, end)`` of every form, by end, longest first.

        Found by the compiled automaton; a text it cannot take (a lone surrogate has no UTF-8)
        is scanned by pyahocorasick's, which reports the same occurrences in the same order.
        """
        if self._fast is None or not text:
            return []
        try:
            return self._fast.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            values = self._values
            slow = self._slow_automaton()
            return [(k, last + 1 - values[k][0], last + 1) for last, k in slow.iter(text)]

    def _slow_automaton(self) -> ahocorasick.Automaton:
        """The forms in a pyahocorasick automaton (each reported as its number), built once."""
        if self._slow is None:
            slow = ahocorasick.Automaton()
            for k, form in enumerate(self._form_list):
                slow.add_word(form, k)
            slow.make_automaton()
            self._slow = slow
        return self._slow

    def find_all(self, text: str) -> list[list[Match[Any]]]:
        """For each matcher, what its :meth:`PhraseMatcher.find_all` finds in ``text``."""
        return self.find_all_with_raw(text)[0]

    def find_all_with_raw(self, text: str) -> tuple[list[list[Match[Any]]], list[tuple[int, str]]]:
        """What :meth:`find_all` finds, and every occurrence ``(start, word)`` of the raw words.

        The raw words' occurrences are those of an automaton of their own (every one, in the
        order the automaton reports them: by end, the longest first).

        The checks of :meth:`PhraseMatcher._hit`, with what does not depend on the matcher
        worked out once per raw hit: where the word ends after the hit (looked for up to the
        longest suffix any of its matchers allows, ``reach``: a hit followed by more letters
        ends inside a longer word and every matcher refuses it), and where it starts before
        the hit (more than four letters before it: refused by all, as no proclitics are
        longer). Each matcher then checks the ending against its suffixes and the letters
        before against its proclitics.
        """
        out: list[list[Match[Any]]] = [[] for _ in self.matchers]
        raw: list[tuple[int, str]] = []
        # (an empty text or matcher set has no occurrences: empty lists)
        # the text with a blank after it: the end of a hit is looked at without a test of
        # the text's length (a blank is no letter, as the end of the text is none)
        padded = text + " "
        accepted, values, lead = self._accepted, self._values, self._lead
        new = object.__new__
        for k, pstart, pend in self.occurrences(text):
            _, reach, entries, word, tail = values[k]
            if word is not None:
                raw.append((pstart, word))
                if not entries:
                    continue
            we = pend
            if padded[pend].isalnum():
                # on over the letters the endings are made of (none for a form without
                # endings); another letter: inside a longer word, for every matcher
                if padded[pend] not in tail:
                    continue
                we += 1
                while we - pend <= reach and padded[we] in tail:
                    we += 1
                if we - pend > reach or padded[we].isalnum():
                    continue  # inside a longer word, for every matcher
            # back over the letters proclitics are made of (a word's other letters before the
            # phrase: refused below, as by every matcher's proclitics)
            ws = pstart
            while ws and text[ws - 1] in lead:
                ws -= 1
                if pstart - ws > 4:
                    break
            if ws and text[ws - 1].isalnum():
                continue  # inside a word, or more than four letters before: for every matcher
            # a word that is the form alone (no clitic, no ending) is asked by the form's
            # number: no slices, and an int hashes at once
            key = k if we == pend and ws == pstart else (k, text[pend:we], text[ws:pstart])
            taken = accepted.get(key)
            if taken is None:
                taken = _accepting(entries, text[pend:we], text[ws:pstart])
                if len(accepted) >= _ACCEPTED_MAX:
                    accepted.clear()
                accepted[key] = taken
            for i, phrase, items in taken:
                # Match(ws, we, pstart, pend, phrase, items), its fields written straight into
                # its __dict__: the same object (equal, same hash and pickle, still frozen)
                # without the frozen __init__'s setattr per field (a hundred an article)
                m = new(Match)
                d = m.__dict__
                d["start"] = ws
                d["end"] = we
                d["phrase_start"] = pstart
                d["phrase_end"] = pend
                d["phrase"] = phrase
                d["payloads"] = items
                out[i].append(m)
        for hits in out:
            _sort_by_order(hits)
        return out, raw

    def find(self, text: str) -> list[list[Match[Any]]]:
        """For each matcher, what its :meth:`PhraseMatcher.find` finds in ``text``."""
        return [thinned(hits) for hits in self.find_all(text)]
