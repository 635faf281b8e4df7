"""The "Add article" page: paste, upload or give the address of an article, preview, save.

Preview runs the extractor and shows each incident (summary, fields, the Arabic quote with its
trigger words marked, right-to-left, escaped). Save ingests the article into the store
(:func:`dashboard.ingest.ingest`), which re-merges the events it touches, and says how many
incidents and events it added.

A web page is fetched once per address and date/outlet (kept in the session between preview
and save); its main text and metadata are read as ``atlas ingest URL`` reads them. The date
field defaults to today for pasted and uploaded text; for a page it is empty, meaning "the
page's own date", and the page says when it has none.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import streamlit as st

from dashboard.ingest import IngestError, ingest
from dashboard.map.popups import esc
from dashboard.store.geopackage import StoreError
from dashboard.ui.cards import incident_html
from dashboard.ui.context import context
from dashboard.ui.data import bump_data_version, get_gazetteer
from dashboard.ui.feeds import feeds_panel
from dashboard.ui.state import PAGE_CSS, plain
from dashboard.ui.upload import article_from_upload
from gazetteer.articles import ArticleError, article_from_text, is_url, read_url
from gazetteer.extract.reader import extract
from gazetteer.places.loading import GazetteerError
from gazetteer.records import Article, Incident
from gazetteer.text.lexicons import LexiconError

PASTE, UPLOAD, PAGE = "Paste text", "Upload a file", "Web page (URL)"


def _from_page(url: str, published: date | None, outlet: str | None) -> tuple[Article, str]:
    """Read a page once per (address, date, outlet); return the article and a date note."""
    if not is_url(url):
        raise ArticleError(url or "address", "give an http:// or https:// address")
    key = (url, published, outlet)
    cached: Any = st.session_state.get("aa-page-cache")
    if cached is None or cached[0] != key:
        article, meta = read_url(url, published=published, outlet=outlet)
        note = "" if published else {
            "page": f"Date from the page: {meta.published}.",
            "text": f"Date from a date line of the page's text: {meta.published}.",
            "": "The page gives no publication date: the article is stored undated unless"
                " you give one.",
        }[meta.date_source]  # fmt: skip
        cached = (key, article, note)
        st.session_state["aa-page-cache"] = cached
    return cached[1], cached[2]


def _upload(published: date | None, outlet: str | None, limit_mb: float) -> Article:
    upload = st.session_state.get("aa-file")
    if upload is None:
        raise ArticleError("upload", "choose a file first")
    name = str(upload.name)
    if "\x00" in name:  # a name the browser sent with a NUL byte: refuse it in words
        raise ArticleError(repr(name), "the file name holds a NUL character; rename the file")
    return article_from_upload(name, upload.getvalue(), published=published,
                                   outlet=outlet, max_mb=limit_mb)  # fmt: skip



def _extracted(article: Article, gazetteer: Any) -> list[Incident]:
    """The article's incidents, extracted once per article (Preview then Save read it once).

    Kept in the session by what the extraction depends on: the text and the metadata.
    """
    key = (hashlib.sha256(article.text.encode("utf-8")).hexdigest(), article.id,
           article.published, article.outlet)  # fmt: skip
    cached = st.session_state.get("aa-extracted")
    if cached is None or cached[0] != key:
        with st.spinner(f"Extracting incidents from {len(article.text):,} characters..."):
            cached = (key, extract(article, gazetteer))
        st.session_state["aa-extracted"] = cached
    return list(cached[1])

ctx = context()
st.markdown(PAGE_CSS, unsafe_allow_html=True)
st.title("Add an article")
limit_mb = ctx.settings.max_upload_mb
with st.expander("Feeds followed by atlas watch"):
    feeds_panel(ctx.db)

source = st.radio("Article", [PASTE, UPLOAD, PAGE], horizontal=True, key="aa-source")
if source == PASTE:
    st.text_area("Article text (Arabic; HTML is stripped)", key="aa-text", height=260)
elif source == UPLOAD:
    # No ``type=``: Streamlit's own check of it raises (a traceback) on a name with a NUL
    # byte; the suffix is checked by ``article_from_upload``, which says what is wrong.
    st.file_uploader(f"Article file (.txt or .html, at most {limit_mb:g} MiB)", key="aa-file")
else:
    st.text_input("Address of the news page (its main text is read, not the menus,"
                  " tickers or comments)", key="aa-url", max_chars=2000,
                  placeholder="https://")  # fmt: skip
left, right = st.columns(2)
if source == PAGE:
    published = left.date_input("Publication date (empty: the page's own date)", value=None,
                                key="aa-url-published", format="YYYY-MM-DD")  # fmt: skip
else:
    published = left.date_input("Publication date", value=date.today(), key="aa-published",
                                format="YYYY-MM-DD")  # fmt: skip
outlet = right.text_input("Outlet", key="aa-outlet", max_chars=200)
preview, save, _ = st.columns([1, 1, 6])
wants_preview = preview.button("Preview", key="aa-preview", type="secondary")
wants_save = save.button("Save", key="aa-save", type="primary")

if wants_preview or wants_save:
    date_note = ""
    try:
        if source == PASTE:
            article = article_from_text(st.session_state.get("aa-text") or "",
                                        published=published, outlet=outlet or None)  # fmt: skip
        elif source == UPLOAD:
            article = _upload(published, outlet or None, limit_mb)
        else:
            with st.spinner("Reading the page..."):
                address = str(st.session_state.get("aa-url") or "").strip()
                article, date_note = _from_page(address, published, outlet or None)
        gazetteer = get_gazetteer()
        incidents = _extracted(article, gazetteer)
    except (ArticleError, GazetteerError, LexiconError) as exc:
        st.error(plain(exc))
        st.stop()
    if date_note:
        st.info(plain(date_note))
    if article.published is None:
        st.warning("No publication date: only dates written out in full can be resolved.")
    if wants_save:
        before = ctx.store.counts()["events"]
        try:
            # the incidents just extracted are the ones saved: the article is read once
            report = ingest(ctx.store, [article], gazetteer,
                            extract=lambda a, g: list(incidents) if a is article else extract(a, g))
        except (IngestError, StoreError) as exc:
            st.error(plain(exc))
            st.stop()
        for message in report.failed:
            st.error(plain(message))
        if report.added:
            bump_data_version(ctx.db)
            change = report.events_total - before
            added = report.reports_added
            st.success(plain(
                f"Saved: {added} {'incident' if added == 1 else 'incidents'} added; the store"
                f" now holds {report.events_total} events ({change:+d})."
            ))  # fmt: skip
        elif report.skipped_duplicates:
            st.info("This article is already in the store; nothing was added.")
    found = len(incidents)
    st.subheader(f"{found} {'incident' if found == 1 else 'incidents'} found")
    for incident in incidents:
        st.markdown(incident_html(incident), unsafe_allow_html=True)
    with st.expander("Article text as read"):
        if article.title:
            st.markdown(f'<div dir="rtl" lang="ar"><b>{esc(article.title)}</b></div>',
                        unsafe_allow_html=True)  # fmt: skip
        st.markdown(f'<div class="atlas-text" dir="rtl" lang="ar">{esc(article.text)}'
                    "</div>", unsafe_allow_html=True)  # fmt: skip
