"""The timeline panel builds a view's chart once and never serves a chart of other counts."""

from __future__ import annotations

import pandas as pd

from dashboard.ui import timeline_panel
from dashboard.ui.timeline import timeline_data


def _counts(days: list[str]) -> pd.DataFrame:
    dates = pd.to_datetime(days)
    frame = pd.DataFrame({"date_start": dates, "date_end": dates,
                          "weapon_main": ["drone"] * len(days)})
    return timeline_data(frame, "D")


def test_chart_is_built_once_per_counts_table_and_period() -> None:
    first, other = _counts(["2024-01-01", "2024-01-02"]), _counts(["2024-03-01"])
    chart = timeline_panel._chart(first, "D")
    assert timeline_panel._chart(first, "D") is chart
    assert timeline_panel._chart(first, "W") is not chart
    assert timeline_panel._chart(other, "D") is not chart
    assert chart.to_dict()["mark"]["type"] == "bar"  # a valid chart (validated by Altair)


def test_chart_cache_is_bounded() -> None:
    tables = [_counts([f"2024-01-{d:02d}"]) for d in range(1, timeline_panel._CHARTS_MAX + 5)]
    for table in tables:
        timeline_panel._chart(table, "D")
    assert len(timeline_panel._CHARTS) == timeline_panel._CHARTS_MAX
    assert all(entry[0] is not tables[0] for entry in timeline_panel._CHARTS.values())
