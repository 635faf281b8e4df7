"""Report cards: one report of an event, side by side with the others, disagreements marked.

The card is the report's outlet, cited sources, figures and Arabic quote, every text escaped.
Its one renderer is :func:`dashboard.map.popups.report_card_html` (re-exported here), used by
the map popups, the event view and the "Add article" preview alike; this module adds which
fields the reports of an event disagree on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard.map.popups import report_card_html
from gazetteer.records import Incident

__all__ = ["disagreements", "incident_html", "report_card_html"]

#: Report fields compared by :func:`disagreements`, with how to read them.
_COMPARED: dict[str, Callable[[Incident], object]] = {
    "site": lambda r: r.site,
    "date": lambda r: (r.date_start, r.date_end) if r.date_start or r.date_end else None,
    "time": lambda r: r.time,
    "weapon": lambda r: tuple(sorted(w for w in r.weapon if w != "unknown")) or None,
    "count": lambda r: r.count,
    "killed": lambda r: r.killed,
    "injured": lambda r: r.injured,
    "actor": lambda r: r.actor,
}


def disagreements(reports: Sequence[Incident]) -> frozenset[str]:
    """Name the fields on which the reports of one event give different values.

    Parameters
    ----------
    reports : sequence of Incident
        The reports of one event.

    Returns
    -------
    frozenset of str
        Among ``site``, ``date``, ``time``, ``weapon``, ``count``, ``killed``, ``injured`` and
        ``actor``: those with two or more different stated values. A report that states nothing
        (None, no weapon, no date) does not disagree.
    """
    differ = set()
    for name, read in _COMPARED.items():
        values = {read(r) for r in reports} - {None}
        if len(values) > 1:
            differ.add(name)
    return frozenset(differ)


def incident_html(incident: Incident) -> str:
    """Render an extracted incident for the "Add article" preview (summary, fields, quote).

    Parameters
    ----------
    incident : Incident
        One incident of the previewed article.

    Returns
    -------
    str
        Escaped HTML, as :func:`report_card_html` with the summary on top.
    """
    return report_card_html(incident, summary=True)
