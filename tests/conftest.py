"""Fixtures shared by several test modules.

Two plugin modules hold the larger groups: ``_pg`` (the PostgreSQL + PostGIS test server:
``pg_server``, ``pg_url``) and ``_app`` (the dashboard under AppTest: ``open_app`` and the
fixture store). Test modules import their helper functions from them directly.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.frames import events_frame
from gazetteer.records import Event, Incident

pytest_plugins = ("_pg", "_app")

FILTER_DATA = Path(__file__).parent / "data" / "filters"


def _incident(event: dict, report: dict) -> Incident:
    day = lambda v: date.fromisoformat(v) if v else None  # noqa: E731
    return Incident(
        article=report["article"], site=event["site"], site_name=event["site_name"],
        lat=event["lat"], lon=event["lon"], geo_precision=1 if event["site"] else 3,
        date_start=day(event["date_start"]), date_end=day(event["date_end"]),
        date_precision=event["date_precision"], time=None, weapon=tuple(event["weapon"]),
        count=event["count"], killed=event["killed"], injured=event["injured"],
        casualties=event["casualties"], casualty_note="", actor=event["actor"],
        target=event["target"], new=event["new"], outlet=report["outlet"],
        cited=tuple(event["cited"]), quote=report["quote"], span=(0, len(report["quote"])),
        summary_en=event["summary_en"],
    )  # fmt: skip


def load_events() -> tuple[list[Event], dict[str, str | None]]:
    raw = json.loads((FILTER_DATA / "events.json").read_text(encoding="utf-8"))["events"]
    events, status = [], {}
    for e in raw:
        reports = tuple(_incident(e, r) for r in e["reports"])
        first = reports[0]
        events.append(
            Event(
                id=e["id"], site=e["site"], site_name=e["site_name"], lat=e["lat"], lon=e["lon"],
                geo_precision=first.geo_precision, date_start=first.date_start,
                date_end=first.date_end, date_precision=e["date_precision"], time=None,
                weapon=tuple(e["weapon"]), count=e["count"], count_max=e["count"],
                killed=e["killed"], killed_max=e["killed"], injured=e["injured"],
                injured_max=e["injured"], casualties=e["casualties"], actor=e["actor"],
                target=e["target"], new=e["new"],
                outlets=tuple(dict.fromkeys(r["outlet"] for r in e["reports"])),
                cited=tuple(e["cited"]), summary_en=e["summary_en"], reports=reports,
            )
        )  # fmt: skip
        status[e["id"]] = e["review_status"]
    return events, status


@pytest.fixture(scope="module")
def sample_frame():  # type: ignore[no-untyped-def]
    """The flat event table of tests/data/filters/events.json, with its review statuses."""
    events, status = load_events()
    table = events_frame(events)
    table["review_status"] = table["id"].map(status)
    return table
