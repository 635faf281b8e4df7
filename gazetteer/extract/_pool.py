"""The process pool of :mod:`gazetteer.extract.parallel`, imported only when a pool runs."""

from __future__ import annotations

import multiprocessing.pool
from typing import Any

__all__ = ["Pool"]


class Pool(multiprocessing.pool.Pool):
    """A process pool whose worker-watching thread does not wake for every result.

    :class:`multiprocessing.pool.Pool` (3.8 to 3.13) has that thread wait on the workers'
    exits, its own notifier and the results pipe; it never reads the pipe, so while a result
    waits there for the result thread it wakes again and again (some 8,600 times for 2,000
    articles, with the CPU it takes from the workers' cores). The workers' exits and the
    notifier (the cache emptied, the pool closed or terminated) are what it acts on; only they
    are waited on here.
    """

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]
