"""The article view: one stored article's whole text with every extracted incident highlighted.

:func:`article_html` is pure and tested: the text (untrusted) is escaped, each incident's
evidence span is a numbered ``<mark>``, overlapping spans are split so that no mark nests in
another, and the outlet, publication date and URL (a link only for ``http``/``https``) head it.
:func:`draw_article` is the Streamlit half, used by ``dashboard/views/article.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from urllib.parse import quote, urlsplit

import pandas as pd
import streamlit as st

from dashboard.map.popups import date_text, esc
from dashboard.store.geopackage import NotFoundError, StoreError
from dashboard.ui import data
from dashboard.ui.context import Context
from dashboard.ui.state import plain
from gazetteer.records import Article, Incident

__all__ = ["ARTICLE_CSS", "article_html", "article_reports", "draw_article", "safe_url"]

#: Styles of the article view.
ARTICLE_CSS = (
    "<style>"
    ".atlas-article{direction:rtl;text-align:right;white-space:pre-wrap;font-size:17px;"
    "line-height:1.8;background:#faf7f0;padding:12px 16px;border-radius:6px}"
    ".atlas-article mark.atlas-incident{background:#ffd966;padding:1px 0}"
    ".atlas-article sup.atlas-n{background:#222;color:#fff;border-radius:7px;padding:0 5px;"
    "font-size:11px;margin:0 2px;direction:ltr;unicode-bidi:isolate}"
    ".atlas-meta td,.atlas-meta th{padding:1px 8px 1px 0;border:none;text-align:left}"
    "</style>"
)


def safe_url(url: str | None) -> str | None:
    """Return ``url`` when it is an absolute ``http`` or ``https`` link, else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _spans(text: str, reports: Sequence[Incident]) -> list[tuple[int, int, int]]:
    """(start, end, number) of each report's evidence in the text, clipped, numbered from 1."""
    out = []
    for n, report in enumerate(reports, start=1):
        start, end = max(0, report.span[0]), min(len(text), report.span[1])
        if start < end:
            out.append((start, end, n))
    return out


def article_html(article: Article, reports: Sequence[Incident]) -> str:
    """Render an article's text with the evidence of each incident marked and numbered.

    Parameters
    ----------
    article : Article
        The stored article (its text, outlet, date and URL are untrusted).
    reports : sequence of Incident
        The incidents extracted from it; ``span`` gives each one's evidence in the text.

    Returns
    -------
    str
        Escaped HTML: a table of outlet, publication date, URL and article id, then the text
        right-to-left, each evidence span in ``<mark class="atlas-incident">`` preceded by its
        number(s) in ``<sup class="atlas-n">``; overlapping spans are cut at every boundary so
        that marks never nest.
    """
    url = safe_url(article.url)
    link = (f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'
            if url else esc(article.url or ""))
    meta = [
        ("Outlet", esc(article.outlet or "unknown outlet")),
        ("Published", esc(article.published.isoformat() if article.published else "unknown")),
        ("URL", link or "none given"),
        ("Article", esc(article.id)),
    ]
    head = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in meta)
    spans = _spans(article.text, reports)
    cuts = sorted({0, len(article.text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in pairwise(cuts):
        chunk = esc(article.text[start:end])
        inside = [n for s, e, n in spans if s <= start and end <= e]
        if not inside:
            pieces.append(chunk)
            continue
        opening = "".join(f'<sup class="atlas-n">{n}</sup>' for s, _, n in spans if s == start)
        numbers = " ".join(str(n) for n in inside)
        pieces.append(f'{opening}<mark class="atlas-incident" data-incidents="{numbers}">'
                      f"{chunk}</mark>")
    return (f'<table class="atlas-meta">{head}</table>'
            f'<div class="atlas-article" dir="rtl" lang="ar">{"".join(pieces)}</div>')


def article_reports(ctx: Context, article_id: str) -> list[tuple[str, Incident]]:
    """Return (event id, report) for every incident read from one article, in text order."""
    listed = "|" + ctx.frame["articles"].fillna("").astype(str) + "|"
    ids = ctx.frame.loc[listed.str.contains(f"|{article_id}|", regex=False), "id"]
    found: list[tuple[str, Incident]] = []
    for event in ctx.store.load_events(ids.astype(str).tolist()):
        found.extend((event.id, r) for r in event.reports if r.article == article_id)
    return sorted(found, key=lambda pair: (pair[1].span[0], pair[1].span[1]))


def _incident_line(n: int, event_id: str, report: Incident) -> str:
    when = date_text(report.date_start, report.date_end, report.date_precision, report.time)
    words = plain(f"{n}. {report.summary_en or 'incident'} ({report.site_name or 'unknown place'},"
                  f" {when})")
    return f"{words} [show on the map](/?event={quote(event_id, safe='')})"


def draw_article(ctx: Context, article_id: str) -> None:
    """Draw the article view of ``article_id``: header, highlighted text, numbered incidents.

    Parameters
    ----------
    ctx : Context
        This run's context.
    article_id : str
        The article, from the URL (``?article=ID``).
    """
    st.markdown(ARTICLE_CSS, unsafe_allow_html=True)
    if not article_id:
        st.info("No article chosen: open one from the event table's Article column.")
        return
    try:
        article = data.load_article(ctx.db, ctx.version, article_id)
    except NotFoundError:
        st.error(plain(f"The store holds no article {article_id!r}."))
        return
    except StoreError as exc:
        st.error(plain(exc))
        return
    pairs = article_reports(ctx, article_id)
    st.title("Article")
    noun = "incident" if len(pairs) == 1 else "incidents"
    st.caption(plain(f"{len(pairs)} {noun} extracted, highlighted and numbered in the text."))
    st.markdown(article_html(article, [r for _, r in pairs]), unsafe_allow_html=True)
    for n, (event_id, report) in enumerate(pairs, start=1):
        st.markdown(_incident_line(n, event_id, report))


def article_ids(frame: pd.DataFrame) -> frozenset[str]:
    """Every article id the event table names."""
    ids = frame["articles"].dropna().astype(str).str.split("|").explode()
    return frozenset(i for i in ids if i)
