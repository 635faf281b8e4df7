"""The script runs the server starts for one page, read from its WebSocket messages.

Each run Streamlit starts announces itself with a ``new_session`` message whose
``metadata.run.fragment_ids`` lists the fragments it reruns: empty for a full run of the
page, the fragment's id for a fragment run (the map page draws its timeline in a fragment run
started by the map's frame, ``dashboard.ui.timeline_panel``). The messages are the server's
own account, so a run that the page's "running" state would merge into another still counts.
"""

from __future__ import annotations

from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["RunLog", "StreamWatcher"]


class StreamWatcher:
    """Hands every message the server sends a page over its WebSocket to :meth:`message`.

    Create it before the page opens its WebSocket (before ``page.goto``).

    Parameters
    ----------
    page : playwright.sync_api.Page
        The page to watch.
    """

    def __init__(self, page: Any) -> None:
        page.on("websocket", self._socket)

    def _socket(self, socket: Any) -> None:
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes | bytearray):
            self.message(ForwardMsg.FromString(bytes(payload)))

    def message(self, msg: ForwardMsg) -> None:
        """One message of the server (subclasses read what they need of it)."""


class RunLog(StreamWatcher):
    """Counts the full runs and the fragment runs the server starts for one page."""

    def __init__(self, page: Any) -> None:
        self.full = 0
        self.fragment = 0
        super().__init__(page)

    def message(self, msg: ForwardMsg) -> None:
        """Count a ``new_session`` message: a full run, or a fragment run."""
        if msg.WhichOneof("type") != "new_session":
            return
        if msg.metadata.run.fragment_ids:
            self.fragment += 1
        else:
            self.full += 1

    def reset(self) -> None:
        """Start counting again from zero."""
        self.full = self.fragment = 0

    def counts(self) -> tuple[int, int]:
        """Return (full runs, fragment runs) seen since the start or the last reset."""
        return self.full, self.fragment
