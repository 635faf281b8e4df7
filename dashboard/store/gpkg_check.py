"""Checking a GeoPackage file for damage at a cost that does not grow with the store.

SQLite's ``PRAGMA quick_check`` reads every page of the file: 0.3 s for a store of 100,000
events (237 MB), paid by every ``atlas ingest`` and every page load, however little they
write. Yet a file changes only in two ways: through SQLite (an ingest or a review committing),
which does not damage it, or behind SQLite's back (a disk, a copy cut short, ``dd``, another
tool), which may. So the whole file is checked only when it changed in the second way since
it was last checked:

- when a check finds no damage, the file's *stamp* is recorded on the file itself (an extended
  attribute, :data:`MARK`): its device, inode, size and modification time in nanoseconds,
  read while the check still holds SQLite's shared lock, so no commit can fall in between;
- a write transaction that began on a marked file (its stamp still the one recorded) records
  the stamp again after its commit, unless another connection committed meanwhile (SQLite's
  ``PRAGMA data_version``);
- a store opened on a file whose stamp is the recorded one skips the whole-file check; any
  other file (never checked, copied, changed by something else, or on a system without
  extended attributes) is checked in full, as before.

What this does not catch: damage that leaves size and modification time as they were (bits
rotting on the disk, a tool that resets the time); the whole-file check at every opening would
catch those, and ``check_integrity(again=True)`` still runs it on demand.

The file is never opened here (only ``stat`` and the attribute calls, which take a path):
closing any descriptor of a database file drops every SQLite lock this process holds on it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

__all__ = ["MARK", "damaged_message", "mark", "stamp", "stamp_checked", "trusted", "written"]

#: The extended attribute that holds the stamp of the last check (or of a trusted commit).
MARK = "user.incident_atlas.checked"
_VERSION = 1


def stamp(path: Path) -> str | None:
    """The file's stamp as text: device, inode, size and modification time (ns)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return json.dumps([_VERSION, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns])


def _read_mark(path: Path) -> str | None:
    if not hasattr(os, "getxattr"):  # not on Linux: every opening checks the whole file
        return None
    try:
        return os.getxattr(path, MARK).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None


def trusted(path: Path) -> bool:
    """True when the file's stamp is the one recorded.

    The stamp is recorded by the last check that found no damage, or by a commit that began
    on a file so marked: a file that still has it changed only through those commits since.
    """
    recorded = _read_mark(path)
    return recorded is not None and recorded == stamp(path)


def mark(path: Path, value: str | None) -> None:
    """Record ``value`` (a :func:`stamp`) as checked; silently nothing where that cannot be."""
    if value is None or not hasattr(os, "setxattr"):
        return
    try:
        os.setxattr(path, MARK, value.encode("ascii"))
    except OSError:  # a read-only file, a file system without user attributes
        return


def stamp_checked(
    conn: sqlite3.Connection, path: Path, pragma: str
) -> tuple[list[str], str | None]:
    """Run ``PRAGMA <pragma>(20)`` and take the file's stamp under the same shared lock.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to the file in autocommit mode; inside a transaction of its own, the
        check runs there and no stamp is taken.
    path : Path
        The file.
    pragma : str
        ``integrity_check`` or ``quick_check``.

    Returns
    -------
    (list of str, str or None)
        SQLite's answer (``["ok"]`` when nothing is damaged), and the stamp of the file as
        checked.
    """
    if conn.in_transaction:  # inside the caller's transaction: its state is not committed yet
        return [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(20)").fetchall()], None
    conn.execute("BEGIN")
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(20)").fetchall()]
        checked = stamp(path)  # the shared lock is still held: no commit in between
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    return rows, checked


def written(path: Path, version: int | None, data_version: Callable[[], int]) -> None:
    """After a commit: record the new stamp when the transaction began on a marked file.

    Parameters
    ----------
    path : Path
        The file.
    version : int or None
        ``PRAGMA data_version`` of the committing connection, read inside the transaction,
        or None when the file was not marked when the transaction began (then nothing is
        recorded, and the next opening checks the whole file).
    data_version : callable
        Reads ``PRAGMA data_version`` on the same connection again; if it changed, another
        connection committed after this one, and the stamp might be of its state, so nothing
        is recorded.
    """
    if version is None:
        return
    now = stamp(path)
    try:
        unchanged = data_version() == version  # no one else committed since this commit
    except sqlite3.Error:  # the commit stands; only the mark is left out
        return
    if unchanged:
        mark(path, now)


def damaged_message(location: str, problem: str) -> str:
    """The one message for a damaged GeoPackage: what is wrong and how to recover.

    Parameters
    ----------
    location : str
        The file.
    problem : str
        What SQLite found.

    Returns
    -------
    str
        Starts with the path; names the two ways back (the last good copy, or a new store
        ingested again from the articles) and says that the file was left as it is.
    """
    return (
        f"{location}: the store file is damaged ({problem}); nothing was written to it and it"
        " was left as it is. To recover: put back the last good copy of it (a backup), or"
        " move it aside and run `atlas ingest` on your article folders into a new store"
        " (the articles it holds may still be read with `sqlite3 FILE .recover`)"
    )
