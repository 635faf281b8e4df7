"""The article view: one article's whole text, every extracted incident highlighted.

Opened from the event table's Article column or an event's "Read article" link
(``/article?article=ID``); the text is untrusted and shown escaped.
"""

from __future__ import annotations

import streamlit as st

from dashboard.ui.article_view import draw_article
from dashboard.ui.context import context
from dashboard.ui.state import PAGE_CSS

ctx = context()
st.markdown(PAGE_CSS, unsafe_allow_html=True)
draw_article(ctx, str(st.query_params.get("article") or ""))
