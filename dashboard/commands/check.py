"""``atlas check [--db PATH]``: check the whole store file for damage, now.

A GeoPackage is checked in full when it is opened unless it is the file this program last
checked and committed to (:mod:`dashboard.store.gpkg_check`). Damage that keeps the file's size
and modification time (bits rotting on a disk) is only found by a full check: this command runs
one whatever the mark says, and says what it found. A PostGIS store is the server's to check.
"""

from __future__ import annotations

import argparse

from dashboard.commands import Command, add_db_argument, error, register

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    """Add ``--db``."""
    add_db_argument(parser)


def _run(args: argparse.Namespace) -> int:
    """Check the store in full; status 1 and the recovery message when it is damaged."""
    from dashboard.store.geopackage import GeoPackageStore
    from dashboard.store.interface import StoreError, open_store

    try:
        store = open_store(args.db)
    except StoreError as exc:
        error(str(exc))
        return 1
    try:
        if not isinstance(store, GeoPackageStore):
            print(f"{store!r}: a PostGIS store is checked by its server; nothing to do here")
            return 0
        try:
            store.check_integrity(again=True)
        except StoreError as exc:
            error(str(exc))
            return 1
        counts = ", ".join(f"{n:,} {what}" for what, n in store.counts().items())
        print(f"{store.path}: checked in full, no damage found ({counts})")
    finally:
        store.close()
    return 0


COMMAND = register(
    Command(
        name="check",
        help="check the whole store file for damage now (a full SQLite integrity check)",
        configure=_configure,
        run=_run,
    )
)
