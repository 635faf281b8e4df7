"""The PNG's drawing surface: pixel geometry, text measured by the renderer, safe text.

:class:`Canvas` wraps a matplotlib figure on the Agg renderer: lengths of the 1920x1080 design
scaled to the figure, figure text at pixel positions (y up), text measured and cut to a width.
:func:`drawable` makes article text safe for matplotlib (no mathtext, nothing the font lacks).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from dashboard.exports.png_layout import Box

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = ["DPI", "INK", "MUTED", "PT", "Canvas", "Drawing", "drawable"]

#: Pixels per inch of the figure: one matplotlib point is 100/72 pixels.
DPI = 100
PT = 72 / DPI  # points per pixel

#: Text colours: ink, and muted for secondary text.
INK = "#111111"
MUTED = "#555555"


@dataclass
class Drawing:
    """A drawn figure and the artists the tests look at.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The whole picture (Agg canvas attached).
    labels : list of matplotlib.text.Text
        The site labels ("al-Omar oil field, 6"), framed.
    symbols : list of Box
        The box of each event's symbol in pixels (y up), number badge included.
    centres : list of (index, x, y, size)
        Each drawn event's row label in the frame, its symbol's centre in pixels (y up) and
        its diameter in pixels.
    map_box : Box
        The map area in pixels (y up).
    unlabelled : list of str
        Sites for which no free place was found.
    """

    figure: Figure
    labels: list[Text] = field(default_factory=list)
    symbols: list[Box] = field(default_factory=list)
    centres: list[tuple[Any, float, float, float]] = field(default_factory=list)
    map_box: Box = field(default_factory=lambda: Box(0, 0, 0, 0))
    unlabelled: list[str] = field(default_factory=list)


@cache
def _font_chars() -> frozenset[int]:
    """The characters matplotlib's default sans-serif draws in every weight and style used."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    chars: frozenset[int] | None = None
    variants: tuple[tuple[str, Literal["normal", "italic"]], ...] = (
        ("normal", "normal"), ("bold", "normal"), ("normal", "italic"))
    for weight, style in variants:
        path = font_manager.findfont(font_manager.FontProperties(weight=weight, style=style))
        found = frozenset(FT2Font(path).get_charmap())
        chars = found if chars is None else chars & found
    return chars or frozenset()


def drawable(text: str) -> str:
    """The text with each run of characters the font lacks (Arabic script) as ``[...]``.

    Tabs and line breaks become spaces; other control and format characters (bidi
    overrides, NUL) count as lacking.

    matplotlib neither shapes Arabic nor has it in its default font; the PNG is in English
    and a name it cannot write is marked rather than drawn as empty boxes.
    """
    chars = _font_chars()
    out: list[str] = []
    gap, held = False, ""
    for ch in re.sub(r"[\t\r\n]+", " ", text):  # one line each
        if ch == " " and gap:
            held += ch  # spaces between two undrawable words join them into one mark
        elif ord(ch) in chars and not unicodedata.category(ch).startswith("C"):
            out.append(held + ch)
            gap, held = False, ""
        elif not gap:
            out.append("[\u2026]")
            gap, held = True, ""
        else:
            held = ""
    return "".join(out) + held


class Canvas:
    """Pixel geometry of the figure, text measurement and text fitting."""

    def __init__(self, figure: Figure, renderer: RendererBase, scale: float):
        self.figure, self.renderer, self.scale = figure, renderer, scale
        self.width, self.height = figure.bbox.width, figure.bbox.height

    def px(self, value: float) -> float:
        """A length of the 1920x1080 design in this figure's pixels."""
        return value * self.scale

    def text(self, x: float, y: float, text: str, size: float, **kw: Any) -> Text:
        """Figure text at pixel ``(x, y)`` (y up), ``size`` in design pixels."""
        return self.figure.text(x / self.width, y / self.height, drawable(text),
                                fontsize=self.px(size) * PT, parse_math=False, **kw)

    def extent(self, artist: Text) -> Box:
        """The artist's box in pixels, as the renderer draws it."""
        bb = artist.get_window_extent(self.renderer)
        return Box(bb.x0, bb.y0, bb.x1, bb.y1)

    def fit(self, artist: Text, width: float) -> Box:
        """Cut the artist's text with an ellipsis until it is at most ``width`` wide."""
        box = self.extent(artist)
        text = artist.get_text()
        while box.x1 - box.x0 > width and len(text) > 1:
            keep = max(1, int(len(text) * width / (box.x1 - box.x0)) - 2)
            text = text[:keep].rstrip(" ,;") + "\u2026"
            artist.set_text(text)
            box = self.extent(artist)
            if keep == 1:
                break
        return box

