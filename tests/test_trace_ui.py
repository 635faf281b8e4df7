"""tests/bench/trace_ui.py: the moments of a step are read from the recorded events as named."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from trace_ui import SERVER_STEPS, SITECUSTOMIZE, _moments  # noqa: E402

T0 = 1000.0

#: (events as (ms after T0, where, what, value), moment, expected ms or None when absent)
CASES: list[tuple[list[tuple[float, str, str, Any]], str, float | None]] = [
    ([(5, "page", "ws", 10), (9, "page", "ws", 500_000), (12, "page", "ws", 20)],
     "ws: first message handled", 5),
    ([(5, "page", "ws", 10), (9, "page", "ws", 500_000), (12, "page", "ws", 20)],
     "ws: largest message handled (500 KB)", 9),
    ([(5, "page", "ws", 10), (9, "page", "ws", 500_000), (12, "page", "ws", 20)],
     "ws: last message handled", 12),
    # the first state change of a kind counts, later ones do not
    ([(3, "page", "state", "running"), (40, "page", "state", "running")],
     "page: script state running", 3),
    ([(7, "page", "counts", "2 events (2 reports from 2 articles)")],
     "page: counts line shown", 7),
    ([(8, "page", "iframe", None)], "page: map iframe inserted", 8),
    ([(2, "server", "_build_context-begin", None)], "server: context and sidebar begin", 2),
    ([(6, "server", "draw_map-end", None)], "server: draw_map end", 6),
    # the frame's first render after the step, and the last change of its marker pane
    ([(20, "frame", "render", None), (30, "frame", "render", None)], "frame: render", 20),
    ([(21, "frame", "markers", None), (35, "frame", "markers", None)],
     "frame: markers last changed", 35),
    # long tasks are summed; a page without any sums to 0
    ([(1, "page", "longtask", 60.0), (90, "page", "longtask", 75.5)],
     "busy: page long tasks, sum", 135.5),
    ([], "busy: page long tasks, sum", 0.0),
    # the frame's long tasks are the page's too (one thread): not counted twice
    ([(1, "frame", "longtask", 60.0)], "busy: page long tasks, sum", 0.0),
    ([(1, "frame", "ws", 10)], "ws: first message handled", None),
]


@pytest.mark.parametrize(("events", "moment", "expected"), CASES)
def test_moments(events: list[tuple[float, str, str, Any]], moment: str,
                 expected: float | None) -> None:
    found = _moments([(T0 + t, where, what, value) for t, where, what, value in events], T0)
    assert found.get(moment) == expected


def test_the_server_hook_names_the_steps() -> None:
    assert "STEPS\n" not in SITECUSTOMIZE
    assert repr(SERVER_STEPS) in SITECUSTOMIZE
    compile(SITECUSTOMIZE, "sitecustomize.py", "exec")
