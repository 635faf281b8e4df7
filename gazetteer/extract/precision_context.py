"""Precision rules of context: what a paragraph has already said about when.

A day and a month with no year are read as the last such day before the article, which is
right for news and wrong for a paragraph that has just set its scene in another year ("In 2019
the caliphate fell. That day, on the eighteenth of March, ..."). The rule here reads the year
the paragraph named last, in the language that sets a scene (في، عام، سنة، خلال + a year), not
the words of one article.

:data:`CONTEXT_RULES` lists it for :data:`.precision.RULES`; the reader asks it in its
article-wide passes (:meth:`.article_passes.ArticlePasses._paragraph_years`).
"""

from __future__ import annotations

import re

__all__ = ["CONTEXT_RULES", "paragraph_year"]

#: The rules of this module, by name (listed in :data:`.precision.RULES`, each with a table).
CONTEXT_RULES: tuple[str, ...] = ("paragraph_year",)

#: A year set as a scene: في، عام، سنه (normalised)، خلال, with و ف before them or not, then
#: a year of four digits (Latin or Arabic-Indic) and no digit after it.
_SCENE_YEAR = re.compile(
    "(?<!\\w)[\u0648\u0641]?(?:\u0641\u064a|\u0639\u0627\u0645|\u0633\u0646\u0647|\u062e\u0644\u0627\u0644)"
    "\\s+(?P<y>(?:19|20)[0-9]{2}|[\u0661\u0662][\u0660-\u0669]{3})(?![0-9\u0660-\u0669])"
)
#: A year of four digits anywhere in a date's words: the date has its own.
_ANY_YEAR = re.compile("(?:19|20)[0-9]{2}|[\u0661\u0662][\u0660-\u0669]{3}")
#: A word that ties a date to the time of the article: الماضي، الجاري، الفايت، المنصرم، الحالي،
#: المقبل، هذا, a weekday (counted back from the article: الاثنين، الاحد ...), امس، اليوم
#: (normalised; a weekday's و ف ب ل clitics too).
_RELATIVE = re.compile(
    "(?<!\\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644\u0645\u0627\u0636\u064a|\u0627\u0644\u062c\u0627\u0631\u064a"
    "|\u0627\u0644\u0641\u0627\u064a\u062a|\u0627\u0644\u0645\u0646\u0635\u0631\u0645"
    "|\u0627\u0644\u062d\u0627\u0644\u064a|\u0627\u0644\u0645\u0642\u0628\u0644|\u0647\u0630\u0627"
    "|\u0627\u0644\u0627\u062d\u062f|\u0627\u0644\u0627\u062b\u0646\u064a\u0646"
    "|\u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621|\u0627\u0644\u0627\u0631\u0628\u0639\u0627\u0621"
    "|\u0627\u0644\u062e\u0645\u064a\u0633|\u0627\u0644\u062c\u0645\u0639\u0647|\u0627\u0644\u0633\u0628\u062a"
    "|\u0627\u0645\u0633|\u0627\u0644\u064a\u0648\u0645)(?!\\w)"
)


#: Arabic-Indic digits to Latin ones.
_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)})


def _year(digits: str) -> int:
    """A year written in Latin or Arabic-Indic digits."""
    return int(digits.translate(_DIGITS))


def paragraph_year(before: str, cue: str, published_year: int) -> int | None:
    """The year a date with no year of its own takes from its paragraph, or None.

    Rule paragraph_year: an opinion piece, a review or a history sets a scene in a year ("in
    2019 the caliphate fell; that day, on the eighteenth of March, coalition jets struck a
    gathering near al-Baghuz"): a day and a month with no year in the same paragraph (``cue``:
    the date's words; ``before``: the paragraph up to the date) are in the year the paragraph
    named last, when that year is before the article's. A date with a year of its own, or
    tied to the article's time (الماضي، الجاري، هذا, a weekday, yesterday), keeps its reading;
    so does a paragraph whose last year is the article's own ("in 2025, ..."), and a year
    named after the date ("on Monday, the first since the attacks of 2019").
    """
    if _ANY_YEAR.search(cue) or _RELATIVE.search(cue):
        return None
    years = [_year(m.group("y")) for m in _SCENE_YEAR.finditer(before)]
    if not years or years[-1] >= published_year:
        return None
    return years[-1]
