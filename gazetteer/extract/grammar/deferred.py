"""Regular expressions compiled when first used (the date and clock rules)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

__all__ = ["Deferred"]


class Deferred:
    """A regular expression compiled when first used: a rule a text never reaches costs nothing.

    The date and clock rules are large (the number words alone are some 4,000 characters of
    pattern) and each runs only where its anchors stand
    (:func:`.date_words.anchored_matches`); compiling them all at once was some 35 ms of a
    one-article ``atlas extract``.

    Parameters
    ----------
    pattern : str
        The source, as :func:`re.compile` takes it (no flags).
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled at the first call)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """:meth:`re.Pattern.finditer` of the compiled pattern."""
        return self.compiled().finditer(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """:meth:`re.Pattern.match` of the compiled pattern."""
        return self.compiled().match(string, pos, endpos)
