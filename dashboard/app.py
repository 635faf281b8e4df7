"""Incident Atlas, the Streamlit entry point: page setup, shared sidebar filters, navigation.

Run it with ``atlas serve`` (or ``streamlit run dashboard/app.py`` with ``ATLAS_DB`` set). The
sidebar filters are read here, once per run, for every page, and drawn after the page
(:func:`dashboard.ui.context.run_page`: the browser gets the map before the sidebar's widgets);
:func:`dashboard.ui.context.context` mirrors them in the URL. The pages live in
``dashboard/views/``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ui.context import context, run_page

st.set_page_config(page_title="Incident Atlas", layout="wide")
ctx = context(build=True)
pages = [
    st.Page("views/map.py", title="Map", default=True),
    st.Page("views/add_article.py", title="Add article",
            url_path="add-article"),
    st.Page("views/article.py", title="Article", url_path="article", visibility="hidden"),
]
page = st.navigation(pages, position="hidden" if ctx.filters.briefing else "sidebar")
run_page(page)
