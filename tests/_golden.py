"""What the golden tests record of the number, clock and date grammars for one text.

One shape for every golden file of grammar findings (tests/test_grammar_golden.py,
tests/test_golden_more.py), so that a change to what is recorded is made once.
"""

from __future__ import annotations

from datetime import date

from gazetteer.extract.grammar.dates import find_absolute_dates, find_dates, find_times
from gazetteer.extract.grammar.numbers import find_numbers


def grammar_findings(norm: str, published: date) -> dict[str, list[list[object]]]:
    """Return every number, clock time, dated and undated date the grammars find in ``norm``.

    Parameters
    ----------
    norm
        Normalised article text.
    published
        The article's publication date, the anchor of relative dates.

    Returns
    -------
    dict
        ``numbers``, ``times``, ``dates`` and ``undated``: one list of JSON-ready fields per
        finding, in the grammars' order.
    """
    return {
        "numbers": [[n.start, n.end, n.value, n.kind, n.qualifier] for n in find_numbers(norm)],
        "times": [[t.start, t.end, t.time] for t in find_times(norm)],
        "dates": [
            [
                *(d.start, d.end, str(d.span.start), str(d.span.end), d.span.precision),
                *(d.span.time, d.span.cue, d.span.past_reference),
            ]
            for d in find_dates(norm, published)
        ],
        "undated": [
            [d.start, d.end, str(d.span.start), str(d.span.end)]
            for d in find_absolute_dates(norm)
        ],
    }
