"""The extractor's lexicons, loaded once from ``data/lexicon/*.csv`` into phrase matchers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, TypeVar

from gazetteer.text.lexicons import LexiconError, load_lexicon
from gazetteer.text.matcher import PhraseMatcher

#: Endings a lexicon word may carry: dual and plural endings, tanween alef, ya of nisba and
#: feminine endings after ta, and the commonest object and possessive pronouns.
WORD_SUFFIXES: tuple[str, ...] = (
    "\u064a\u0646",  # ين
    "\u0627\u0646",  # ان
    "\u0627",  # ا
    "\u0627\u062a",  # ات
    "\u0647",  # ه
    "\u0647\u0627",  # ها
    "\u0647\u0645",  # هم
    "\u0648\u0627",  # وا
    "\u062a\u064a\u0646",  # تين
    "\u062a\u0627\u0646",  # تان
    "\u062a\u064a",  # تي
)


#: Endings a verb or verbal noun may carry: object pronouns and the plural of the past tense.
VERB_SUFFIXES: tuple[str, ...] = (
    "\u0647",  # ه
    "\u0647\u0627",  # ها
    "\u0647\u0645",  # هم
    "\u0647\u0645\u0627",  # هما (the dual: two drones downed, إسقاطهما)
    "\u0648\u0627",  # وا
    "\u0627",  # ا
)


@dataclass(frozen=True)
class WeaponCue:
    """One weapon word: its category, role (noun, mass, adjective), and grammatical number.

    ``dual``: a phrase whose head is a dual (طائرتين بدون طيار): two, as a dual suffix says.
    """

    weapon: str
    role: str
    countable: bool
    singular: bool
    dual: bool = False


class TriggerCue(NamedTuple):
    """One attack word: its kind, strength and part of speech (``triggers.csv``).

    kind: attack, fall, launch, explosion or strike; strength: strong (an attack on its own
    with a place) or weak (needs a weapon word); pos: noun, plural, verb or both.
    """

    kind: str
    strength: str
    pos: str


class ActorCue(NamedTuple):
    """One actor name: the label shown in English and its side (``us`` or another)."""

    label: str
    side: str


@dataclass(frozen=True)
class Cues:
    """Every lexicon the extractor reads, as matchers over normalised text."""

    weapons: PhraseMatcher[WeaponCue]
    triggers: PhraseMatcher[TriggerCue]
    non_events: PhraseMatcher[str]
    casualties: PhraseMatcher[str]
    actors: PhraseMatcher[ActorCue]
    claims: PhraseMatcher[str]
    sources: PhraseMatcher[str]
    back_reference: PhraseMatcher[str]
    locators: PhraseMatcher[str]
    statements: PhraseMatcher[str]


_ART = "\u0627\u0644"  # ال
_T = TypeVar("_T")


def definite_forms(phrase: str) -> list[str]:
    """A phrase and, for a noun with adjectives, its fully definite form.

    Arabic adjectives agree with their noun in definiteness: أسلحة خفيفة is also written
    الأسلحة الخفيفة. The matcher already accepts the article on the first word; this adds the
    form where every word carries it.

    Parameters
    ----------
    phrase : str
        A lexicon phrase.

    Returns
    -------
    list of str
        The phrase, plus its fully definite form when it has several words.
    """
    words = phrase.split()
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return [phrase]
    definite = " ".join(w if w.startswith(_ART) else _ART + w for w in words)
    return [phrase] if definite == phrase else [phrase, definite]


#: What the ``pos`` column of ``triggers.csv`` may say.
_PARTS_OF_SPEECH = frozenset({"noun", "plural", "verb", "both"})


def _checked(
    rows: tuple[dict[str, str], ...], name: str, **allowed: frozenset[str]
) -> tuple[dict[str, str], ...]:
    """Rows whose cells in the named columns hold one of the allowed values.

    Raises
    ------
    LexiconError
        Naming the file, the data row (2 = the first after the header, comments not counted)
        and the column.
    """
    for n, row in enumerate(rows, start=2):
        for column, values in allowed.items():
            if row[column] not in values:
                raise LexiconError(
                    f"gazetteer/data/lexicon/{name}.csv: data row {n}: {column}"
                    f" {row[column]!r} is not one of {', '.join(sorted(values))}"
                )
    return rows


def _expand(
    rows: tuple[dict[str, str], ...], make: Callable[[dict[str, str]], _T]
) -> Iterator[tuple[str, _T]]:
    for r in rows:
        payload = make(r)
        for form in definite_forms(r["phrase"]):
            yield form, payload


@cache
def load_cues() -> Cues:
    """Load and compile the lexicons (once per process).

    Returns
    -------
    Cues
        The compiled matchers.
    """
    weapons = PhraseMatcher(
        _expand(
            load_lexicon("weapons", ("phrase", "weapon", "role", "countable", "number")),
            lambda r: WeaponCue(
                r["weapon"],
                r["role"],
                r["countable"] == "1",
                r["number"] == "sg",
                r["number"] == "du",
            ),
        ),
        suffixes=WORD_SUFFIXES,
        article=True,
    )
    triggers = PhraseMatcher(
        (
            (r["phrase"], TriggerCue(r["kind"], r["strength"], r["pos"]))
            for r in _checked(
                load_lexicon("triggers", ("phrase", "kind", "strength", "pos")),
                "triggers",
                pos=_PARTS_OF_SPEECH,
            )
        ),
        suffixes=VERB_SUFFIXES,
        article=True,
    )
    non_events = PhraseMatcher(
        ((r["phrase"], r["mode"]) for r in load_lexicon("non_events", ("phrase", "mode"))),
        suffixes=VERB_SUFFIXES,
        article=True,
    )
    casualties = PhraseMatcher(
        _expand(load_lexicon("casualties", ("phrase", "role")), lambda r: r["role"]),
        suffixes=("\u0647\u0645", "\u0627", "\u064a\u0646", "\u0627\u0646"),  # هم ا ين ان
        article=True,
    )
    actors = PhraseMatcher(
        (
            (r["phrase"], ActorCue(r["label"], r["side"]))
            for r in load_lexicon("actors", ("phrase", "label", "side"))
        ),
    )
    claims = PhraseMatcher(
        ((r["phrase"], r["kind"]) for r in load_lexicon("claims", ("phrase", "kind"))),
        suffixes=("\u0647", "\u0647\u0627", "\u0627"),
    )
    sources = PhraseMatcher(
        ((r["phrase"], r["label"]) for r in load_lexicon("sources", ("phrase", "label", "kind"))),
    )
    back_reference = PhraseMatcher(
        ((r["phrase"], "back") for r in load_lexicon("back_reference", ("phrase",))),
    )
    locators = PhraseMatcher(
        ((r["phrase"], r["role"]) for r in load_lexicon("locators", ("phrase", "role"))),
        proclitics=True,
    )
    statements = PhraseMatcher(
        ((r["phrase"], "said") for r in load_lexicon("statement_verbs", ("phrase",))),
        suffixes=("\u0647", "\u0647\u0627", "\u0627"),
    )
    return Cues(
        weapons,
        triggers,
        non_events,
        casualties,
        actors,
        claims,
        sources,
        back_reference,
        locators,
        statements,
    )
