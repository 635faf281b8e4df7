"""``--jobs 1`` against ``--jobs N`` for a whole ``atlas`` command: the rows of the table.

Shared by ``bench_extract.py`` (``atlas extract FOLDER --jsonl``) and ``bench_ingest.py``
(``atlas ingest FOLDER --db NEW``). Both variants run ``repeat`` times, alternated; the rows
give wall and CPU time (min and median), the speed-up, and two figures that say how much of a
missing speed-up is the machine's load rather than the program:

- parallel efficiency, ``CPU(--jobs 1) / CPU(--jobs N)``: 1.00 when the N processes do no
  more work in all than one does (start-up, pickling and hand-over cost nothing);
- core use of ``--jobs N``, ``CPU / (N x wall)``: 1.00 when its N cores were busy with it the
  whole run; below that, they waited (for the serial start-up and end, or for the CPU that
  other programs on a shared machine were given).
"""

from __future__ import annotations

from collections.abc import Callable

from _timing import Run, alternate, load_average, spread

__all__ = ["jobs_rows"]


def jobs_rows(
    command: str,
    run: Callable[[int], Run],
    jobs: int,
    repeat: int,
    articles: int,
    same: Callable[[Run, Run], bool],
) -> list[tuple[str, str]]:
    """Time ``run(1)`` and ``run(jobs)`` alternately; the table rows (label, value).

    Parameters
    ----------
    command : str
        What is run, for the labels (``atlas extract``).
    run : callable
        ``run(j)`` runs the command with ``--jobs j`` once and times it.
    jobs : int
        The N compared with 1.
    repeat : int
        Runs of each.
    articles : int
        Articles per run (for articles/s).
    same : callable
        ``same(run_1, run_n)``: True when both gave the same output.
    """
    before = load_average()
    runs = alternate({"1": lambda: run(1), "n": lambda: run(jobs)}, repeat)
    after = load_average()
    one, many = spread(runs["1"]), spread(runs["n"])
    rows = [("load before the runs", before)]
    for label, (wall_min, wall_med, cpu_min, cpu_med) in ((1, one), (jobs, many)):
        rows += [
            (
                f"{command} --jobs {label}: wall min / median (s)",
                f"{wall_min:.2f} / {wall_med:.2f} ({articles / wall_min:,.0f} articles/s)",
            ),
            (
                f"{command} --jobs {label}: CPU min / median (s, all its processes)",
                f"{cpu_min:.2f} / {cpu_med:.2f}",
            ),
        ]
    rows += [
        (
            f"speed-up of --jobs {jobs}, wall (min / median)",
            f"{one[0] / many[0]:.2f}x / {one[1] / many[1]:.2f}x",
        ),
        (
            f"parallel efficiency, CPU(--jobs 1) / CPU(--jobs {jobs}) (medians)",
            f"{one[3] / many[3]:.2f}",
        ),
        (
            f"core use of --jobs {jobs}, CPU / ({jobs} x wall) (medians)",
            f"{many[3] / (jobs * many[1]):.2f}",
        ),
        ("load after the runs", after),
        (
            f"--jobs {jobs} gave the same output as --jobs 1",
            "yes" if all(same(a, b) for a, b in zip(runs["1"], runs["n"], strict=True)) else "NO",
        ),
    ]
    return rows
