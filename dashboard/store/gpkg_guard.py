"""Several store objects of one process on one GeoPackage file: keep SQLite's locks.

SQLite's locks on a file are POSIX advisory locks, and those belong to the process: closing
*any* descriptor of the file in the process drops every lock SQLite holds on it (see "How To
Corrupt An SQLite Database File", section 2.2). Two readings of a store open the file outside
Python's SQLite: the header check before SQLite opens it (:func:`.gpkg_file.check_file`) and
GDAL reading the event table (pyogrio brings its own SQLite). While another store object of
this process writes to the file, either would drop that transaction's locks and let another
process write into the middle of it (its commit then fails with "disk I/O error", or worse).

This module keeps, per file (device and inode), how many store objects of the process have it
open, and one lock that a write transaction holds: the header is read only when no other store
object has the file open, and GDAL reads only while it holds that lock (else the store reads
through its own SQLite connection, which is safe).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FileKey", "enter", "foreign_read", "leave", "open_elsewhere", "writing"]

#: A file as the kernel knows it: (device, inode).
FileKey = tuple[int, int]


@dataclass
class _File:
    users: int = 0
    writing: threading.Lock = field(default_factory=threading.Lock)


_FILES: dict[FileKey, _File] = {}
_TABLE = threading.Lock()


def _key(path: Path) -> FileKey | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def open_elsewhere(path: Path) -> bool:
    """Whether a store object of this process has the file at ``path`` open."""
    key = _key(path)
    with _TABLE:
        return key is not None and key in _FILES


def enter(path: Path) -> FileKey | None:
    """Count one more store object with the file open; its key (None if there is no file)."""
    key = _key(path)
    if key is not None:
        with _TABLE:
            _FILES.setdefault(key, _File()).users += 1
    return key


def leave(key: FileKey | None) -> None:
    """Count one store object less with the file open (the key :func:`enter` gave)."""
    if key is None:
        return
    with _TABLE:
        entry = _FILES.get(key)
        if entry is not None:
            entry.users -= 1
            if entry.users <= 0:
                del _FILES[key]


def _lock_of(key: FileKey | None) -> threading.Lock | None:
    with _TABLE:
        entry = _FILES.get(key) if key is not None else None
        return entry.writing if entry is not None else None


@contextmanager
def _holding(key: FileKey | None, take: Callable[[threading.Lock], bool]) -> Iterator[bool]:
    """Hold the file's write lock of this process while the block runs, if ``take`` gets it."""
    lock = _lock_of(key)
    if lock is None:  # a file no other store object knows: nothing to hold
        yield True
        return
    had = take(lock)
    try:
        yield had
    finally:
        if had:
            lock.release()


def writing(key: FileKey | None, wait: float) -> AbstractContextManager[bool]:
    """Hold the file's write lock of this process for a transaction; False if not had in time.

    Parameters
    ----------
    key : FileKey or None
        The file (None: a file no other store object knows; nothing to hold).
    wait : float
        Seconds to wait for another store object of this process to finish writing.
    """
    return _holding(key, lambda lock: lock.acquire(timeout=wait))


def foreign_read(key: FileKey | None) -> AbstractContextManager[bool]:
    """Whether a reader outside Python's SQLite (GDAL) may open the file now; held meanwhile.

    True while no store object of this process writes to the file (the write lock is held
    until the block ends, so no transaction starts during the read); False otherwise.
    """
    return _holding(key, lambda lock: lock.acquire(blocking=False))
