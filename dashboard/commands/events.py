"""``atlas events PATH...``: extract incidents, merge the reports of each into events, print."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from dashboard.commands import Command, register
from dashboard.commands.extract import add_article_arguments, print_incidents

if TYPE_CHECKING:
    from gazetteer.records import Event, Incident

__all__ = ["COMMAND"]


def _merge(incidents: list[Incident], gazetteer: Any) -> list[Event]:
    """Merge the reports of one incident into events (each with its reports)."""
    if not incidents:
        return []
    from gazetteer.merge import merge_events

    return merge_events(incidents, gazetteer)


COMMAND = register(
    Command(
        name="events",
        help="extract incidents from articles, merge reports of one incident, print the events",
        configure=add_article_arguments,
        run=partial(print_incidents, finish=_merge),
    )
)
