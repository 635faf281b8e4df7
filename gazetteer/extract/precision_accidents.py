"""Precision rule of accidents: a blast or fire with an accident's object or cause is no attack.

Local news near bases tells of a fuel tanker that blew up on the road, a generator or a gas
cylinder that exploded, a depot fire "caused by the heat" or "an electrical short circuit". The
word of explosion is there, and a base nearby; the event is an accident. The rule reads that
grammar -- the only attack words are words of explosion, the only weapon word is "explosion"
itself (no device, projectile or drone), and the sentence names what blew up as a thing of
everyday use right after the explosion word, or an accidental cause -- not the words of one
report.

:data:`ACCIDENT_RULES` lists it for :data:`.precision.RULES` (through
:mod:`.precision_mechanisms`); the reader asks it in :meth:`.attacks.AttackReader.is_attack`.
The words are data: ``lexicon/rule_words.csv``, kinds ``accident_object`` and
``accident_cause``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from gazetteer.extract.rule_words import alternation

__all__ = ["ACCIDENT_RULES", "accident_blast"]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
ACCIDENT_RULES: tuple[str, ...] = ("accident_blast",)

#: At most this many words between the explosion word and the thing that blew up
#: (انفجار صهريج، انفجار في مولدة، انفجرت أسطوانة الغاز في).
_GAP = "(?:\\s+\\S+){0,2}?\\s+"


@cache
def _object_after() -> re.Pattern[str]:
    """A thing of everyday use within three words, with its clitics (ب ل و ف، ال)."""
    return re.compile(
        f"{_GAP}[\u0648\u0641]?[\u0628\u0644]?(?:\u0627\u0644)?(?:{alternation('accident_object')})"
        "(?!\\w)"
    )


@cache
def _cause() -> re.Pattern[str]:
    """An accidental cause anywhere in the sentence (تماس كهربائي، خلل فني، ارتفاع الحرارة)."""
    return re.compile(f"(?<!\\w)[\u0648\u0641]?[\u0628\u0644]?(?:{alternation('accident_cause')})")


def accident_blast(
    text: str, start: int, end: int, blast_ends: Sequence[int], only_blasts: bool
) -> bool:
    """Whether a sentence tells an accident: a blast of everyday things, or of an accident's cause.

    Rule accident_blast: "a fuel tanker exploded on the road near the base, injuring its
    driver", "a fire broke out in a depot after a generator blew up", "the explosion was
    caused by an electrical short circuit". ``only_blasts``: the sentence's attack words are
    all words of explosion and its one weapon word is "explosion" itself (no device, no
    projectile, no drone, no strike): the caller's. ``blast_ends``: where each explosion word
    ends; a thing of everyday use (صهريج، مولدة، أسطوانة غاز، محولة) within three words after
    one, or an accidental cause anywhere in the sentence (تماس كهربائي، خلل فني، ارتفاع درجات
    الحرارة), makes it an accident. A roadside bomb under a tanker names its device and stays
    an attack.
    """
    if not only_blasts:
        return False
    if any(_object_after().match(text, b, end) for b in blast_ends):
        return True
    return _cause().search(text, start, end) is not None
