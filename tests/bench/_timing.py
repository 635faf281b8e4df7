"""Timing whole ``atlas`` processes on a shared machine: wall time and CPU time side by side.

The machine the benchmarks run on is shared, so a wall time alone says as much about the other
programs as about ours. Each run here is therefore measured twice: wall time
(:func:`time.perf_counter`) and the CPU seconds of the process and every process it started
(user + system, from ``getrusage(RUSAGE_CHILDREN)``, which counts a child's own waited-for
children too: the worker processes of ``--jobs``). Runs of the variants being compared are
alternated, so each pair meets the same load; the load average is printed with them.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Run", "alternate", "atlas", "load_average", "spread"]

#: Project root (tests/bench/ is two levels down).
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    """One timed process: wall seconds, CPU seconds of it and its children, its stdout."""

    wall: float
    cpu: float
    stdout: str


def atlas(*args: str, env: Mapping[str, str] | None = None) -> Run:
    """Run ``python -m dashboard.cli ARGS`` from the project root; time it.

    Raises
    ------
    RuntimeError
        When the command fails (with the end of its stderr).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
        env=None if env is None else dict(env),
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"atlas {' '.join(args[:1])} failed: {done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(wall, cpu, done.stdout)


def alternate(variants: Mapping[str, Callable[[], Run]], repeat: int) -> dict[str, list[Run]]:
    """Run every variant once per round, ``repeat`` rounds; the runs of each, in order."""
    runs: dict[str, list[Run]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, run in variants.items():
            runs[name].append(run())
    return runs


def spread(runs: Sequence[Run]) -> tuple[float, float, float, float]:
    """(wall min, wall median, CPU min, CPU median) of some runs."""
    walls = [r.wall for r in runs]
    cpus = [r.cpu for r in runs]
    return min(walls), statistics.median(walls), min(cpus), statistics.median(cpus)


def load_average() -> str:
    """The 1, 5 and 15-minute load averages and the CPUs this process may use, for people."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    if not hasattr(os, "getloadavg"):
        return f"{cpus} CPUs, load average unknown"
    one, five, fifteen = os.getloadavg()
    return f"{cpus} CPUs, load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"
