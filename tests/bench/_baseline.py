"""Another checkout of the project timed against this one, for bench_extract.py.

:func:`bench_baseline` runs tests/bench/_time_extract.py over one folder with this tree and with
another checkout first on the path, turn by turn, each in a fresh process pinned to one core;
:func:`baseline_rows` turns the figures into rows of the seed-shaped table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["baseline_rows", "bench_baseline"]


def _timed_in_checkout(checkout: Path, folder: Path) -> dict[str, Any]:
    """One pass of ``extract`` over ``folder`` by the code of ``checkout``, in a new process."""
    script = Path(__file__).resolve().with_name("_time_extract.py")
    checkout = checkout.resolve()  # a relative path would be read from the new cwd
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, str(script), str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
        cwd=checkout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"timing {checkout} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    source = Path(result.get("reader", "")).resolve()
    if checkout not in source.parents:
        raise RuntimeError(f"timing {checkout} imported the reader from {source}, not from it")
    return result


def bench_baseline(folder: Path, baseline: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """This tree and ``baseline`` over the same folder, turn by turn; the best of each."""
    here = Path(__file__).resolve().parents[2]
    best: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        for name, checkout in (("this tree", here), ("baseline", baseline)):
            run = _timed_in_checkout(checkout, folder)
            if name not in best or run["cpu"] < best[name]["cpu"]:
                best[name] = run
    return best


def baseline_rows(
    timed: dict[str, dict[str, Any]], baseline: Path, n: int, floor_cpu: float
) -> list[tuple[str, str]]:
    """The table rows of :func:`bench_baseline`'s figures."""
    now, then = timed["this tree"], timed["baseline"]
    return [
        ("this tree, fresh process, one core, CPU time (articles/s)", f"{n / now['cpu']:,.0f}"),
        (f"baseline {baseline}, the same (articles/s)", f"{n / then['cpu']:,.0f}"),
        ("speed-up over the baseline, CPU time", f"{then['cpu'] / now['cpu']:.2f}x"),
        ("this tree / floor, CPU time (times slower)", f"{now['cpu'] / floor_cpu:.1f}"),
        ("baseline / floor, CPU time (times slower)", f"{then['cpu'] / floor_cpu:.1f}"),
        (
            "the same incidents as the baseline",
            "yes" if now["digest"] == then["digest"] else "NO",
        ),
    ]
