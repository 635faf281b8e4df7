"""Figures: the grammar that reads number words and digits into numbers of a kind.

A cardinal is read word by word (:func:`_step` over the phases unit, teen, tens, hundred,
scale); the parser takes the clock times the clock grammar found (:mod:`.clock`) and tries, at each
other token that can start one, a qualified number,
"one of", a cardinal (which may turn out a percent, a year, a time or an ordinal), an ordinal
and a vague amount. :func:`find_numbers` runs it over a text.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from gazetteer.extract.grammar.digit_forms import _tokenise
from gazetteer.extract.grammar.number_words import (
    _ART,
    _BA,
    _KAF,
    _LAM,
    _NUMBER_KINDS,
    _PLURAL_ENDINGS,
    _WAW,
    NumberLexicon,
    NumberMention,
    _Entry,
    _Reading,
    number_mention,
)
from gazetteer.text.frozen import frozen_builder

#: Possessive pronouns after a noun (ها، هم، نا), normalised: "its, their, our".
_POSSESSIVE = ("\u0647\u0627", "\u0647\u0645", "\u0646\u0627")


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


def _after_unit(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """After a unit: a teen (ثلاثة عشر), و + tens, a hundred (ثلاث مئة) or a scale."""
    k, v = entry.kind, entry.value or 0
    if not conj and k == "ten" and 3 <= state.unit <= 9 and state.group % 100 == state.unit:
        return replace(state, group=state.group + 10, phase="teen")
    if conj and k == "tens" and state.group % 100 == state.unit:
        return replace(state, group=state.group + v, phase="tens")
    if not conj and k == "hundred" and v == 100 and state.group == state.unit:
        return replace(state, group=state.unit * 100, phase="hundred")
    return None if conj else _apply_scale(state, entry)


def _after_teen_head(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """After أحد/اثنا: عشر, or و + tens after أحد."""
    if not conj and entry.kind == "ten":
        return replace(state, group=state.group + 10, phase="teen")
    if conj and entry.kind == "tens" and state.unit == 1:
        return replace(state, group=state.group + (entry.value or 0), phase="tens")
    return None


def _after_tens(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """After a ten, a teen, tens or digits: only a scale (خمسة عشر ألفا)."""
    return None if conj else _apply_scale(state, entry)


def _after_hundred(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """After a hundred: a scale, or و + what is below a hundred."""
    k, v = entry.kind, entry.value or 0
    if not conj:
        return _apply_scale(state, entry)
    if k in ("unit", "teen_head"):
        return replace(state, group=state.group + v, unit=v, phase=k)
    if k in ("ten", "tens"):
        return replace(state, group=state.group + v, phase=k)
    return None


def _after_half(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """مليون ونصف المليون: the scale named again after the half."""
    if not conj and entry.kind == "scale" and (entry.value or 0) == state.last_scale:
        return replace(state, phase="done")
    return None


def _after_scale(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """After a scale: و + a half, or و + a new group below it."""
    if not conj:
        return None
    k = entry.kind
    if k == "half":
        return replace(state, total=state.total + state.last_scale // 2, phase="half")
    fresh = _start(entry) if k in ("unit", "teen_head", "ten", "tens", "hundred") else None
    if fresh is not None:
        return replace(fresh, total=state.total, last_scale=state.last_scale)
    return None


#: What may follow each phase of a cardinal.
_NEXT = {
    "unit": _after_unit,
    "teen_head": _after_teen_head,
    "ten": _after_tens,
    "teen": _after_tens,
    "tens": _after_tens,
    "digits": _after_tens,
    "hundred": _after_hundred,
    "half": _after_half,
    "scale": _after_scale,
}


def _step(state: _State, entry: _Entry, conj: bool) -> _State | None:
    """Add one more word to a cardinal, or None when it does not continue it."""
    follow = _NEXT.get(state.phase)
    return follow(state, entry, conj) if follow is not None else None


@dataclass(frozen=True)
class _Core:
    """A number read at some token: its value, kind and where it ends."""

    value: int | None
    kind: str
    end: int  # token index after the number
    numeric: bool  # a single digits token, nothing else
    art: bool  # the first word carries the article


#: ``_Core(value, kind, end, numeric, art)`` built faster (:mod:`gazetteer.text.frozen`).
_core: Callable[..., _Core] = frozen_builder(_Core)


class _Parser:
    def __init__(
        self, lex: NumberLexicon, text: str, times: Sequence[tuple[int, int, int]] = ()
    ) -> None:
        self.lex = lex
        #: The first words of the lexicon's phrases (looked up for every token).
        self.heads = lex._heads
        self.toks = _tokenise(text)
        self.n = len(self.toks)
        #: Clock times (start, end, HHMM) found by the clock grammar, in order.
        self.times = list(times)
        self.next_time = 0
        #: The tokens clock times start at (-1 for a time that starts inside a token).
        self.time_starts: set[int] = set()
        if self.times:
            at = {t.start: k for k, t in enumerate(self.toks)}
            self.time_starts = {at.get(s, -1) for s, _, _ in self.times}

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
        if text not in self.heads:
            return None  # no phrase starts here, whatever its clitics
        best: tuple[_Entry, int] | None = None
        for words, entry in self.lex._phrases_at(text):
            if entry.kind not in kinds or i + len(words) > self.n:
                continue
            if all(self.toks[i + t].text == words[t] for t in range(1, len(words))):
                end = i + len(words)
                if best is None or end > best[1]:
                    best = (entry, end)
        return best

    def mention(self, i: int, j: int, value: int | None, kind: str, q: str = "") -> NumberMention:
        return number_mention(self.toks[i].start, self.toks[j - 1].end, value, kind, q)

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
            got = (
                self.extend(i, _State(group=info.whole or 0, phase="digits", frac=info.frac))
                if info.frac is not None
                else None
            )
            if got is not None and got[1] > i + 1:
                st, end = got
                return _core(st.total + st.group, "cardinal", end, False, False)
            if (
                info.frac is not None
                and info.frac != info.whole
                and self.phrase_at(i + 1, ("percent",))
            ):
                value = _as_int(info.frac) if info.frac.denominator == 1 else None
                return _core(value, "decimal", i + 1, True, False)
            if info.whole is not None:
                art = tok.pre.endswith((_ART, _LAM + _LAM))
                return _core(info.whole, "cardinal", i + 1, True, art)
            if info.year is not None:
                return _core(info.year, "year", i + 1, True, False)
            return None
        best: tuple[_State, int, _Reading] | None = None
        for r in self.readings(i):
            first = _start(r.entry)
            if first is None:
                continue
            got = self.extend(i, first)
            if got is not None and (best is None or got[1] > best[1]):
                best = (got[0], got[1], r)
        if best is None:
            return None
        st, end, r = best
        if end == i + 1 and r.art and r.entry.kind == "tens":
            return None  # العشرين alone is an ordinal
        return _core(st.total + st.group, "cardinal", end, False, r.art)

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
        if 1900 <= value <= 2099 and any(
            (m := self.phrase_at(j, ("month",))) is not None and m[1] == i for j in (i - 1, i - 2)
        ):
            return True  # كانون الثاني/يناير 2024 بطائرة: the month's year, never a count
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
        # أحد عناصرها، أحد مقاتليهم: a noun with a possessive pronoun is definite too
        possessed = len(nxt) >= 5 and nxt.endswith(_POSSESSIVE)
        if self.definite(j) or plural or chain or possessed:
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
        qual = self.phrase_at(i, ("qualifier",))
        # قرابة 3 فجرا: a qualifier before a clock time is not the number's
        if qual is not None and qual[1] < self.n and qual[1] not in self.time_starts:
            hit = self.number(qual[1], qual[0].tag, i)
            if hit is not None and hit[0].qualifier:
                return hit
        hit = self.one_of(i) or self.number(i)
        if hit is not None:
            return hit
        o = self.ordinal(i)
        if o is not None:
            v, j = o
            return self.mention(i, j, v, "ordinal"), j
        return self.vague(i)

    def time_at(self, i: int) -> tuple[NumberMention, int] | None:
        """The clock time (of :mod:`.clock`) that starts at token i, to the token it ends in."""
        start = self.toks[i].start
        times = self.times
        while self.next_time < len(times) and times[self.next_time][0] < start:
            self.next_time += 1  # one that starts inside a token, or was passed: not a number
        if self.next_time == len(times) or times[self.next_time][0] != start:
            return None
        _, end, value = times[self.next_time]
        self.next_time += 1
        j = i + 1
        while j < self.n and self.toks[j].start < end:
            j += 1
        return self.mention(i, j, value, "time"), j

    def run(self) -> list[NumberMention]:
        out: list[NumberMention] = []
        toks, heads, readings = self.toks, self.heads, self.lex._readings
        i = 0
        while i < self.n:
            clock = self.time_at(i) if self.times else None
            if clock is not None:
                out.append(clock[0])
                i = clock[1]
                continue
            tok = toks[i]
            # a token that can start nothing (a mark, or a word that is no lexicon word and
            # opens no phrase) is passed: most tokens are such words
            if tok.kind == "punct" or (
                tok.kind == "word" and tok.text not in heads and not readings(tok.text)
            ):
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
