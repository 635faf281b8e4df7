"""Safe HTML for the map: popups, quotes with highlights, and JSON embedded in scripts.

Every piece of text that comes from an article, an outlet or an analyst goes through
:func:`esc` before it becomes HTML; every value embedded in a ``<script>`` goes through
:func:`script_json`, which cannot close the script element.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from gazetteer.records import GEO_PRECISION, Event, Incident

#: En dash between the ends of a range ("3–5").
DASH = "\u2013"

#: Most reports listed in one popup; the rest are counted.
MAX_REPORTS = 8

#: Script-safe replacements for characters JSON leaves alone.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",  # LINE SEPARATOR
    "\u2029": "\\u2029",  # PARAGRAPH SEPARATOR
}
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)

#: folium's renderer (branca) compiles each element's rendered output as a Jinja template once
#: more, so text holding a Jinja opener would run on the server. JSON never has these pairs
#: outside strings, and inside a string the escape decodes to the same character.
_JINJA_OPENERS = (("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023"))
#: In HTML, braces become character references: shown the same, never a template.
_BRACE_TABLE = str.maketrans({"{": "&#123;", "}": "&#125;"})


def esc(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute.

    Parameters
    ----------
    value : object
        Any value; None and pandas' missing values become the empty string.

    Returns
    -------
    str
        ``html.escape(str(value), quote=True)`` with braces as character references, so that
        no template engine downstream (folium renders element output as Jinja) reads it.
    """
    if _missing(value):
        return ""
    return html.escape(str(value), quote=True).translate(_BRACE_TABLE)


#: A JSON escape pair (backslash and the next character), read left to right.
_JSON_ESCAPE = re.compile(r"\\(.)")


def _inert_quote(match: re.Match[str]) -> str:
    return "\\u0022" if match.group(1) == '"' else match.group(0)


def script_json(value: Any, inert_quotes: bool = False) -> str:
    r"""Serialise a value as JSON that is safe inside an HTML ``<script>`` element.

    Parameters
    ----------
    value : object
        JSON-ready data.
    inert_quotes : bool
        Also write every double quote inside a string as ``\u0022``.

    Returns
    -------
    str
        Compact JSON in which ``<``, ``>``, ``&``, U+2028 and U+2029 are ``\uXXXX`` escapes,
        so no ``</script>`` or ``<!--`` can appear and the text is valid JavaScript, and in
        which no Jinja opener (``{{``, ``{%``, ``{#``) appears. With ``inert_quotes``, a
        double quote inside a string is written ``\u0022`` too (for plain text that the
        browser shows as text: no quoted-attribute breakout appears even in the raw page).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.translate(_SCRIPT_TABLE)
    if inert_quotes:
        text = _JSON_ESCAPE.sub(_inert_quote, text)
    for opener, inert in _JINJA_OPENERS:
        text = text.replace(opener, inert)
    return text


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas.NA and NaT: comparisons do not return a plain bool
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


def range_text(low: object, high: object = None) -> str:
    """Write a conservative figure and the highest reported one as a range.

    Parameters
    ----------
    low, high : int or None
        Lowest and highest figure; missing values are skipped.

    Returns
    -------
    str
        ``"3"``, ``"3–5"`` or ``""`` when neither is known.
    """
    lo = None if _missing(low) else int(low)  # type: ignore[call-overload]
    hi = None if _missing(high) else int(high)  # type: ignore[call-overload]
    if lo is None and hi is None:
        return ""
    if lo is None or hi is None or lo == hi:
        return str(lo if lo is not None else hi)
    return f"{min(lo, hi)}{DASH}{max(lo, hi)}"


def _day(value: object) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def date_text(start: object, end: object, precision: object, time: object = None) -> str:
    """Describe a date span with its precision.

    Parameters
    ----------
    start, end : date, datetime, Timestamp or None
        Inclusive span.
    precision : str
        One of ``gazetteer.records.DATE_PRECISION``.
    time : str, optional
        Clock time ``HH:MM``.

    Returns
    -------
    str
        Plain text such as ``"2024-02-03 21:40 (day)"`` or ``"2024-02-01–2024-02-07 (week)"``.
    """
    first, last = _day(start), _day(end)
    if first is None and last is None:
        return "date unknown"
    text = first or last or ""
    if first and last and first != last:
        text = f"{first}{DASH}{last}"
    if not _missing(time) and time:
        text += f" {time}"
    if not _missing(precision) and precision:
        text += f" ({precision})"
    return text


def casualty_text(low: object, high: object, status: object) -> str:
    """Describe killed or injured figures.

    Parameters
    ----------
    low, high : int or None
        Conservative and highest figure.
    status : str
        ``reported``, ``none`` or ``unknown`` (``gazetteer.records.CASUALTY_STATUS``).

    Returns
    -------
    str
        The range, ``"none reported"`` or ``"not stated"``.
    """
    figures = range_text(low, high)
    if figures:
        return figures
    return "none reported" if status == "none" else "not stated"


def quote_html(quote: str, highlights: Iterable[Sequence[int]] = (), offset: int = 0) -> str:
    """Render an Arabic evidence sentence right-to-left with its trigger words marked.

    Parameters
    ----------
    quote : str
        The sentence exactly as in the article text.
    highlights : iterable of (start, end)
        Spans to mark, in the coordinates of the text the quote was cut from.
    offset : int
        Where the quote starts in that text (``Incident.span[0]``); subtracted from every span.
        Spans are clipped to the quote; spans wholly outside it are skipped.

    Returns
    -------
    str
        ``<div class="atlas-quote" dir="rtl" lang="ar">`` with each piece escaped separately and
        the marked pieces wrapped in ``<mark>``.

    Raises
    ------
    ValueError
        When a span is not two integers with start <= end.
    """
    spans: list[tuple[int, int]] = []
    for span in highlights:
        if len(span) != 2 or not all(isinstance(v, int) for v in span) or span[0] > span[1]:
            raise ValueError(f"highlight {span!r}: expected (start, end) integers, start <= end")
        start = max(span[0] - offset, 0)
        end = min(span[1] - offset, len(quote))
        if start < end:
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    pieces: list[str] = []
    cursor = 0
    for start, end in merged:
        pieces.append(esc(quote[cursor:start]))
        pieces.append(f"<mark>{esc(quote[start:end])}</mark>")
        cursor = end
    pieces.append(esc(quote[cursor:]))
    return f'<div class="atlas-quote" dir="rtl" lang="ar">{"".join(pieces)}</div>'


#: Below this confidence the popup says the event is doubtful (as ``labels.LOW_CONFIDENCE``).
LOW_CONFIDENCE = 0.5


def confidence_html(confidence: object, reasons: object = None) -> str:
    """Say that an event is low-confidence, and why, when it is.

    Parameters
    ----------
    confidence : float or None
        The event's confidence, 0..1; missing counts as 1.0.
    reasons : str, sequence of str or None
        Why: a ``|``-joined string (the event table) or a sequence (the record).

    Returns
    -------
    str
        ``<div class="atlas-low-confidence">Low confidence (0.35): ...</div>`` below
        :data:`LOW_CONFIDENCE`, else the empty string. Every reason is escaped.
    """
    if _missing(confidence):
        return ""
    try:
        value = float(confidence)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if value >= LOW_CONFIDENCE:
        return ""
    if isinstance(reasons, str):
        items = [r.strip() for r in reasons.split("|") if r.strip()]
    elif isinstance(reasons, Iterable) and not _missing(reasons):
        items = [str(r) for r in reasons if str(r).strip()]
    else:
        items = []
    why = f": {'; '.join(items)}" if items else ""
    return (f'<div class="atlas-low-confidence"><b>Low confidence ({value:.2f})</b>'
            f"{esc(why)}. Drawn hollow; check the reports.</div>")


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in pairs if v)
    return f'<table class="atlas-facts">{cells}</table>'


def _mark(value: str, differs: bool) -> str:
    text = esc(value)
    return f'<mark class="atlas-differs">{text}</mark>' if differs and text else text


def _report_facts(report: Incident) -> list[tuple[str, str, str]]:
    place = report.site_name or "unknown place"
    precision = GEO_PRECISION.get(report.geo_precision, "")
    return [
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


def report_card_html(
    report: Incident,
    differs: frozenset[str] = frozenset(),
    *,
    summary: bool = False,
    facts: bool = True,
) -> str:
    """Render one report as a card: the one renderer of a report, on the map and in the pages.

    Parameters
    ----------
    report : Incident
        The report.
    differs : frozenset of str
        Fields to highlight because the event's reports disagree on them (``site``, ``date``,
        ``weapon``, ``count``, ``killed``, ``injured``, ``actor``).
    summary : bool
        Start with the report's English summary (the "Add article" preview).
    facts : bool
        Include the table of the report's own place, date, weapon, figures and actor (the
        event page); False gives the compact form of the map popup: outlet, date, cited
        sources, back-reference and the quote.

    Returns
    -------
    str
        Escaped HTML: every text is escaped, the quote is right-to-left with its trigger words
        in ``<mark>`` (:func:`quote_html`).
    """
    head = [f"<b>{esc(report.outlet or 'unknown outlet')}</b>"]
    if not facts:
        head.append(esc(date_text(report.date_start, report.date_end, report.date_precision)))
    if report.cited:
        head.append("cites " + esc(", ".join(report.cited)))
    if not report.new:
        head.append("<i>back-reference</i>")
    quote = quote_html(report.quote, report.highlights, report.span[0]) if report.quote else ""
    if not facts:
        return f'<div class="atlas-report"><div>{" &middot; ".join(head)}</div>{quote}</div>'
    cells = "".join(
        f"<tr><th>{esc(label)}</th><td>{_mark(value, key in differs)}</td></tr>"
        for label, value, key in _report_facts(report)
        if value
    )
    top = f'<div class="atlas-summary">{esc(report.summary_en)}</div>' if summary else ""
    return (
        f'<div class="atlas-card">{top}<div>{" &middot; ".join(head)}</div>'
        f'<table class="atlas-facts">{cells}</table>{quote}</div>'
    )


def report_html(report: Incident) -> str:
    """Render one report of an event in a map popup (:func:`report_card_html`, compact).

    Parameters
    ----------
    report : Incident
        The report.

    Returns
    -------
    str
        Escaped HTML.
    """
    return report_card_html(report, facts=False)


def popup_html(event: Event) -> str:
    """Render the full popup of one event.

    Parameters
    ----------
    event : Event
        The merged event with its reports.

    Returns
    -------
    str
        Escaped HTML: the English summary, place, dates with precision, weapon, count and
        casualty ranges, actor and target, then each report (outlet, cited sources, the Arabic
        quote right-to-left with its highlights).
    """
    place = event.site_name or "unknown place"
    precision = GEO_PRECISION.get(event.geo_precision, "")
    facts = _rows([
        ("Place", f"{place} ({precision})" if precision else place),
        ("Date", date_text(event.date_start, event.date_end, event.date_precision, event.time)),
        ("Weapon", ", ".join(w.replace("_", " ") for w in event.weapon) or "unknown"),
        ("Count", range_text(event.count, event.count_max)),
        ("Killed", casualty_text(event.killed, event.killed_max, event.casualties)),
        ("Injured", casualty_text(event.injured, event.injured_max, event.casualties)),
        ("Actor", event.actor or ""),
        ("Target", event.target or ""),
    ])
    reports = "".join(report_html(r) for r in event.reports[:MAX_REPORTS])
    hidden = len(event.reports) - MAX_REPORTS
    if hidden > 0:
        reports += f'<div class="atlas-more">and {hidden} more reports</div>'
    low = confidence_html(getattr(event, "confidence", None),
                          getattr(event, "confidence_reasons", None))
    return (
        f'<div class="atlas-summary">{esc(event.summary_en)}</div>{low}{facts}'
        f'<div class="atlas-reports">{reports}</div>'
        f'<div class="atlas-id">event {esc(event.id)}</div>'
    )


def row_popup_html(row: Mapping[str, Any]) -> str:
    """Render a light popup from one row of the flat event table.

    Parameters
    ----------
    row : mapping
        Columns of ``dashboard.frames.EVENT_COLUMNS``.

    Returns
    -------
    str
        Escaped HTML: summary, place, dates, weapon, figures, outlets and the event id.
    """
    outlets = str(row.get("outlets") or "").replace("|", ", ")
    facts = _rows([
        ("Place", str(row.get("site_name") or "unknown place")),
        ("Date", date_text(row.get("date_start"), row.get("date_end"),
                           row.get("date_precision"), row.get("time"))),
        ("Weapon", str(row.get("weapon") or "unknown").replace("|", ", ").replace("_", " ")),
        ("Count", range_text(row.get("count"), row.get("count_max"))),
        ("Killed", casualty_text(row.get("killed"), row.get("killed_max"), row.get("casualties"))),
        ("Injured", casualty_text(row.get("injured"), row.get("injured_max"),
                                  row.get("casualties"))),
        ("Reports", f"{row.get('n_reports', '')} ({outlets})" if outlets else ""),
    ])
    low = confidence_html(row.get("confidence"), row.get("confidence_reasons"))
    return (
        f'<div class="atlas-summary">{esc(row.get("summary_en"))}</div>{low}{facts}'
        f'<div class="atlas-id">event {esc(row.get("id"))}</div>'
    )


#: Defines ``window.atlasGroupPopup`` once per page: the popup of a marker that stands for many
#: events, built when it is opened from the compact data of ``dashboard.map.layers``. Article
#: text only ever becomes a text node (``textContent``), never markup.
GROUP_POPUP_JS = """
if (!window.atlasGroupPopup) {
  window.atlasGroupPopup = function (data, styles, i) {
    var T = data.T, dash = '\\u2013';
    function day(d) {
      return d < 0 ? '' : new Date(d * 86400000).toISOString().slice(0, 10);
    }
    function add(parent, tag, cls, text) {
      var el = document.createElement(tag);
      if (cls) { el.className = cls; }
      if (text !== undefined) { el.textContent = text; }
      parent.appendChild(el);
      return el;
    }
    var k, parts = [], first = day(data.f[i]), last = day(data.l[i]);
    var root = document.createElement('div');
    root.className = 'atlas-popup';
    add(root, 'div', 'atlas-summary', data.n[i] + ' events ' +
        (data.km ? 'within about ' + data.km + ' km' : 'at this point'));
    var pl = data.pl[i];
    for (k = 0; k < pl.length; k += 2) { parts.push(T[pl[k]] + ' (' + pl[k + 1] + ')'); }
    var span = (!first && !last) ? 'date unknown'
      : (first && last && first !== last ? first + dash + last : (first || last));
    var mix = [], wm = data.wm[i];
    for (k = 0; k < wm.length; k += 2) { mix.push(styles[wm[k]].name + ' ' + wm[k + 1]); }
    var rows = [['Places', parts.join(', ') || 'unknown place'], ['Dates', span],
                ['Weapons', mix.join(', ')]];
    var table = add(root, 'table', 'atlas-facts');
    for (k = 0; k < rows.length; k++) {
      if (!rows[k][1]) { continue; }
      var tr = add(table, 'tr');
      add(tr, 'th', '', rows[k][0]);
      add(tr, 'td', '', rows[k][1]);
    }
    add(root, 'div', '', 'Latest:');
    var ul = add(root, 'ul', 'atlas-latest'), r = data.r[i];
    for (k = 0; k < r.length; k += 3) {
      var li = add(ul, 'li', '', day(r[k]) + ' ' + T[r[k + 1]] + ' ');
      add(li, 'span', 'atlas-id', T[r[k + 2]]);
    }
    return root;
  };
}
"""
