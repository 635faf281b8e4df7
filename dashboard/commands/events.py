"""``atlas events PATH...``: extract incidents, merge the reports of each into events, print."""

from __future__ import annotations

import argparse

from dashboard.commands import Command, print_records, register
from dashboard.commands.extract import add_article_arguments, extract_incidents
from gazetteer.records import Event, Incident

__all__ = ["COMMAND"]


def _run(args: argparse.Namespace) -> int:
    """Print the merged events (each with its reports); status 1 if any file failed."""
    incidents: list[Incident] = []
    ok, gazetteer = extract_incidents(args, incidents.extend)
    events: list[Event] = []
    if incidents:
        from gazetteer.merge import merge_events

        events = merge_events(incidents, gazetteer)
    print_records(events, jsonl=args.jsonl)
    return 0 if ok else 1


COMMAND = register(
    Command(
        name="events",
        help="extract incidents from articles, merge reports of one incident, print the events",
        configure=add_article_arguments,
        run=_run,
    )
)
