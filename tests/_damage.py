"""Damage done to a store file the way a disk or a copy would do it, for the store tests.

Each function changes the file in place (same inode, so a mark in its extended attributes
stays on it): a page of zeros written by ``dd`` as an operator would, a page of random bytes,
a file cut in half, and random bytes with the size and modification time put back (what only
a full check can see). :data:`DAMAGE` pairs the first three with the start of the message the
store gives after the file's path.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from dashboard.store.geopackage import GeoPackageStore

#: SQLite's page size in the stores the tests build; damage starts at the second page.
PAGE = 4096


def zero_page(path: Path) -> None:
    """Write one page of zeros after the first with ``dd``."""
    subprocess.run(
        ["dd", "if=/dev/zero", f"of={path}", f"bs={PAGE}", "seek=1", "count=1", "conv=notrunc"],
        check=True,
        capture_output=True,
    )


def random_page(path: Path, seed: int = 7) -> None:
    """Write one page of random bytes after the first."""
    with path.open("r+b") as handle:
        handle.seek(PAGE)
        handle.write(random.Random(seed).randbytes(PAGE))


def cut_in_half(path: Path) -> None:
    """Cut the file to half its size."""
    os.truncate(path, path.stat().st_size // 2)


def rot_in_place(path: Path) -> None:
    """A page of random bytes, with the size and modification time put back."""
    info = path.stat()
    random_page(path, seed=3)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def checked_copy(built: Path, folder: Path) -> Path:
    """Copy ``built`` into ``folder`` and open it once (checked in full, so marked where the
    file system keeps extended attributes); return the copy's path."""
    path = folder / "atlas.gpkg"
    shutil.copyfile(built, path)
    GeoPackageStore(path).close()
    return path


#: (name, damage, what the message says after the path)
DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("zeros", zero_page, "the store file is damaged"),
    ("random-bytes", random_page, "the store file is damaged"),
    ("truncated", cut_in_half, "the store file is damaged (truncated"),
]
