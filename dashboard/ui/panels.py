"""The names the pages imported from the former one-module UI, kept while they move.

The UI now lives in modules by what the user does (:mod:`dashboard.ui.sidebar`,
:mod:`~dashboard.ui.map_panel`, :mod:`~dashboard.ui.table`, :mod:`~dashboard.ui.review`,
:mod:`~dashboard.ui.cards`, :mod:`~dashboard.ui.timeline_panel`, :mod:`~dashboard.ui.counts`,
:mod:`~dashboard.ui.article_view`, :mod:`~dashboard.ui.upload`, with :mod:`~dashboard.ui.context`,
:mod:`~dashboard.ui.data` and :mod:`~dashboard.ui.state` under them). The "Add article" page
(``dashboard/pages/add_article.py``) still imports ``panels``; new code imports the modules.
"""

from __future__ import annotations

from dashboard.ui.cards import disagreements, incident_html, report_card_html
from dashboard.ui.context import Context, context, run_page
from dashboard.ui.data import bump_data_version, get_gazetteer, get_store, load_frame
from dashboard.ui.state import PAGE_CSS, plain
from dashboard.ui.upload import article_from_upload, check_upload

__all__ = [
    "PAGE_CSS",
    "Context",
    "article_from_upload",
    "bump_data_version",
    "check_upload",
    "context",
    "disagreements",
    "get_gazetteer",
    "get_store",
    "incident_html",
    "load_frame",
    "plain",
    "report_card_html",
    "run_page",
]
