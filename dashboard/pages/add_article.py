"""The "Add article" page: paste or upload an article, preview its incidents, save it.

Preview runs the extractor and shows each incident (summary, fields, the Arabic quote with its
trigger words marked, right-to-left, escaped). Save ingests the article into the store
(:func:`dashboard.ingest.ingest`), which re-merges the events it touches, and says how many
incidents and events it added.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ingest import IngestError, ingest
from dashboard.map.popups import esc
from dashboard.store.geopackage import StoreError
from dashboard.ui import panels as _ui
from gazetteer.articles import ArticleError, article_from_text
from gazetteer.extract.reader import extract
from gazetteer.places.loading import GazetteerError
from gazetteer.text.lexicons import LexiconError

ctx = _ui.context()
st.markdown(_ui.PAGE_CSS, unsafe_allow_html=True)
st.title("Add an article")
limit_mb = ctx.settings.max_upload_mb

source = st.radio("Article", ["Paste text", "Upload a file"], horizontal=True, key="aa-source")
if source == "Paste text":
    st.text_area("Article text (Arabic; HTML is stripped)", key="aa-text", height=260)
else:
    st.file_uploader(f"Article file (.txt or .html, at most {limit_mb:g} MB)",
                     type=["txt", "html", "htm"], key="aa-file")
left, right = st.columns(2)
published = left.date_input("Publication date", value=None, key="aa-published",
                            format="YYYY-MM-DD")
outlet = right.text_input("Outlet", key="aa-outlet", max_chars=200)
preview, save, _ = st.columns([1, 1, 6])
wants_preview = preview.button("Preview", key="aa-preview", type="secondary")
wants_save = save.button("Save", key="aa-save", type="primary")

if wants_preview or wants_save:
    try:
        if source == "Paste text":
            article = article_from_text(st.session_state.get("aa-text") or "",
                                        published=published, outlet=outlet or None)
        else:
            upload = st.session_state.get("aa-file")
            if upload is None:
                raise ArticleError("upload", "choose a file first")
            article = _ui.article_from_upload(upload.name, upload.getvalue(),
                                              published=published, outlet=outlet or None,
                                              max_mb=limit_mb)
        gazetteer = _ui.get_gazetteer()
        incidents = extract(article, gazetteer)
    except (ArticleError, GazetteerError, LexiconError) as exc:
        st.error(_ui.plain(exc))
        st.stop()
    if published is None:
        st.warning("No publication date: only dates written out in full can be resolved.")
    if wants_save:
        before = ctx.store.counts()["events"]
        try:
            report = ingest(ctx.store, [article], gazetteer)
        except (IngestError, StoreError) as exc:
            st.error(_ui.plain(exc))
            st.stop()
        for message in report.failed:
            st.error(_ui.plain(message))
        if report.added:
            _ui.bump_data_version(ctx.db)
            change = report.events_total - before
            added = report.reports_added
            st.success(_ui.plain(
                f"Saved: {added} {'incident' if added == 1 else 'incidents'} added; the store"
                f" now holds {report.events_total} events ({change:+d})."
            ))
        elif report.skipped_duplicates:
            st.info("This article is already in the store; nothing was added.")
    found = len(incidents)
    st.subheader(f"{found} {'incident' if found == 1 else 'incidents'} found")
    for incident in incidents:
        st.markdown(_ui.incident_html(incident), unsafe_allow_html=True)
    with st.expander("Article text as read"):
        st.markdown(f'<div class="atlas-text" dir="rtl" lang="ar">{esc(article.text)}'
                    "</div>", unsafe_allow_html=True)
