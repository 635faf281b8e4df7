"""Report cards: one report of an event, side by side with the others, disagreements marked.

The card is the report's outlet, cited sources, figures and Arabic quote, every text escaped.

ONE REPORT CARD (issue 9): ``dashboard/map/popups.py`` is to become the only renderer of the
report card (helper ``map``). Until it offers one, :func:`report_card_html` below is the single
place the UI renders a card (the event view and the "Add article" preview both call it);
switching it to the popups' renderer is a change of this one function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard.map.popups import casualty_text, date_text, esc, quote_html, range_text
from gazetteer.records import GEO_PRECISION, Incident

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


def _mark(value: str, differs: bool) -> str:
    text = esc(value)
    return f'<mark class="atlas-differs">{text}</mark>' if differs and text else text


def report_card_html(
    report: Incident, differs: frozenset[str] = frozenset(), *, summary: bool = False
) -> str:
    """Render one report as a card: outlet, cited sources, figures, the Arabic quote.

    Parameters
    ----------
    report : Incident
        The report.
    differs : frozenset of str
        Fields to highlight because the event's reports disagree on them
        (:func:`disagreements`).
    summary : bool
        Start with the report's English summary (for the "Add article" preview).

    Returns
    -------
    str
        Escaped HTML: every text is escaped, the quote is right-to-left with its trigger words
        in ``<mark>`` (:func:`dashboard.map.popups.quote_html`).
    """
    head = [f"<b>{esc(report.outlet or 'unknown outlet')}</b>"]
    if report.cited:
        head.append("cites " + esc(", ".join(report.cited)))
    if not report.new:
        head.append("<i>back-reference</i>")
    place = report.site_name or "unknown place"
    precision = GEO_PRECISION.get(report.geo_precision, "")
    rows = [
        ("Place", f"{place} ({precision})" if precision else place, "site"),
        ("Date", date_text(report.date_start, report.date_end, report.date_precision,
                           report.time), "date"),
        ("Weapon", ", ".join(w.replace("_", " ") for w in report.weapon) or "unknown", "weapon"),
        ("Count", range_text(report.count) or "not stated", "count"),
        ("Killed", casualty_text(report.killed, None, report.casualties), "killed"),
        ("Injured", casualty_text(report.injured, None, report.casualties), "injured"),
        ("Actor", report.actor or "not named", "actor"),
        ("Target", report.target or "", ""),
        ("Other figures", report.casualty_note, ""),
    ]
    cells = "".join(
        f"<tr><th>{esc(label)}</th><td>{_mark(value, key in differs)}</td></tr>"
        for label, value, key in rows
        if value
    )
    quote = quote_html(report.quote, report.highlights, report.span[0]) if report.quote else ""
    top = f'<div class="atlas-summary">{esc(report.summary_en)}</div>' if summary else ""
    return (
        f'<div class="atlas-card">{top}<div>{" &middot; ".join(head)}</div>'
        f'<table class="atlas-facts">{cells}</table>{quote}</div>'
    )


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
