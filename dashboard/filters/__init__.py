"""The dashboard's filters: one frozen record, mirrored in the URL, applied to the event table.

Three modules: :mod:`~dashboard.filters.record` (the record, defaults, presets),
:mod:`~dashboard.filters.url` (the query string) and :mod:`~dashboard.filters.rows` (filtering
and counting the event table); every public name is importable from ``dashboard.filters``.

Every filter lives in :class:`Filters`. :func:`to_query` writes all of them into URL query
parameters (the default date range included, so that a shared link shows the same events
even after more data arrives) and :func:`from_query` reads them back, falling back to the
default of each parameter it cannot use and saying why in a warning, never raising.
:func:`apply` filters the flat table of :func:`dashboard.frames.events_frame` with vectorised
pandas, fast at 100,000 rows.

The query parameters are listed in :mod:`dashboard.filters.url`.
"""

from __future__ import annotations

from dashboard.filters import record, rows, url
from dashboard.filters.record import *  # noqa: F403
from dashboard.filters.rows import *  # noqa: F403
from dashboard.filters.url import *  # noqa: F403

#: Every public name of the three modules; each is listed once, in its own module's ``__all__``.
__all__ = [*record.__all__, *rows.__all__, *url.__all__]
