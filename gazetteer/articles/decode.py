"""Decode the bytes of an article file into text, or refuse them with a clear message.

Article files come from anywhere (saved web pages, exports from old Windows tools, e-mail
attachments), so nothing about them is trusted: a byte-order mark first, then strict UTF-8, then
UTF-16 without a mark, then the Arabic code pages (Windows-1256, ISO-8859-6) judged by what
Arabic text looks like, then charset-normalizer. Binary data and text that decodes with no
confidence are refused; mojibake is never returned silently.
"""

from __future__ import annotations

import re
import unicodedata
from os import PathLike

from gazetteer import errors as _errors

__all__ = ["ArticleError", "PathArg", "decode_bytes", "is_binary_text", "looks_arabic"]

PathArg = str | PathLike[str]


class ArticleError(_errors.ArticleError):
    """An article cannot be read; ``str(err)`` is ``"{path}: {problem}"``.

    Parameters
    ----------
    path : str
        The file (or ``articles.csv``, a URL, or ``"pasted text"``) at fault, as the user gave it.
    problem : str
        What is wrong, in words, with the row and field when there are some.

    Attributes
    ----------
    path : str
        As given.
    problem : str
        As given.
    """

    def __init__(self, path: PathArg, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


#: Magic numbers of binary formats people mistake for articles, and what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive, or a Word/Excel/EPUB document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)

#: Control characters that have no business in text (tab, newlines and form feed excepted).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

#: Largest share of control characters decoded text may hold before it is called binary.
_MAX_CONTROL_SHARE = 0.01

#: Arabic-script letters (base block, supplement, presentation forms).
_ARABIC_LETTER_RE = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06d5\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)

#: charset-normalizer guesses are accepted up to this much "chaos" (mess ratio).
_MAX_CHAOS = 0.1

#: A guess outside the Arabic code pages must also recognise a language this well.
_MIN_COHERENCE = 0.1

#: Share of the letters that must be Arabic before an Arabic code page is preferred.
_MIN_ARABIC_SHARE = 0.5

_ARABIC_CODEPAGES = ("cp1256", "iso8859_6")


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, if it is a known one."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file (" + data[8:12].decode("ascii").strip() + ")"
    if data[4:8] == b"ftyp":
        return "an MP4/MOV video or HEIC image"
    return None


def _control_share(text: str) -> float:
    """Return the share of control characters in ``text`` (0 for empty text)."""
    if not text:
        return 0.0
    return sum(1 for _ in _CONTROL_RE.finditer(text)) / len(text)


def is_binary_text(text: str) -> bool:
    """Tell whether decoded text is really binary data (NUL or many control characters).

    Parameters
    ----------
    text : str
        Decoded text.

    Returns
    -------
    bool
        True when it holds a NUL or more than 1% control characters.
    """
    return "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE


def _check_text(text: str, name: str, how: str) -> str:
    """Refuse decoded text that is really binary data; return it otherwise."""
    if is_binary_text(text):
        raise ArticleError(name, f"binary file (control characters in the {how} text)")
    return text


def _utf16_codec(data: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from where the NUL bytes fall.

    In UTF-16 text the high byte of each code unit is one of very few values (0 for Latin
    letters, digits, spaces and punctuation; 6 for Arabic), so one byte parity is dominated by
    NUL plus one other value while the other parity carries (almost) no NUL.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    for codec, high, low in (
        ("utf-16-le", data[1::2], data[0::2]),
        ("utf-16-be", data[0::2], data[1::2]),
    ):
        n = len(high)
        nul = high.count(0)
        if nul == 0 or low.count(0) > 0.01 * n:
            continue
        other = max((high.count(b) for b in set(high) - {0}), default=0)
        if (nul + other) >= 0.85 * n:
            return codec
    return None


def _arabic_share(text: str) -> float:
    """Return the share of Arabic-script letters among all letters of ``text``."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return sum(1 for _ in _ARABIC_LETTER_RE.finditer(text)) / letters


#: Arabic vowel marks and other combining signs of Arabic text (harakat, shadda, sukun,
#: dagger alif, Quranic marks): ordinary in vocalised text, never a sign of a bad decoding.
_ARABIC_MARKS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)

#: Characters Arabic text is made of besides Arabic letters, digits and marks.
_ARABIC_PUNCT = frozenset(
    "\u060c\u061b\u061f\u0640\u066a\u066b\u066c\u066d\u06d4\u200c\u200d\u200e\u200f"
)

#: Largest share of unexpected characters (accented Latin letters, symbols a code page maps
#: bytes to) decoded Arabic text may hold.
_MAX_ODD_SHARE = 0.02


def _odd(ch: str) -> bool:
    """Tell whether a character is unexpected in Arabic running text."""
    if ch.isascii() or ch in _ARABIC_MARKS or ch in _ARABIC_PUNCT:
        return False
    if _ARABIC_LETTER_RE.match(ch) or "\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9":
        return False
    return unicodedata.category(ch) not in ("Zs", "Pd", "Pi", "Pf", "Po", "Ps", "Pe")


def looks_arabic(text: str) -> bool:
    """Tell whether decoded text looks like Arabic writing (judging a legacy decoding).

    Vowel marks are ordinary Arabic: a mark must follow an Arabic letter (or another mark),
    and they are not counted as oddities. The text must be mostly Arabic letters, and hold
    almost no characters that Arabic text does not use (accented Latin letters, currency and
    box-drawing symbols, which is what a wrong code page produces).

    Parameters
    ----------
    text : str
        The decoded text.

    Returns
    -------
    bool
        True when at least half of the letters are Arabic, at most 2% of the non-space
        characters are odd and every vowel mark sits on an Arabic letter.
    """
    if _arabic_share(text) < _MIN_ARABIC_SHARE:
        return False
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return False
    odd = sum(1 for ch in visible if _odd(ch))
    previous = " "
    for ch in text:
        if ch in _ARABIC_MARKS and not (
            previous in _ARABIC_MARKS or _ARABIC_LETTER_RE.match(previous)
        ):
            odd += 1
        previous = ch
    return odd <= _MAX_ODD_SHARE * len(visible)


def _arabic_codepage(data: bytes) -> tuple[str, str] | None:
    """Decode ``data`` with the first Arabic code page that gives Arabic-looking text."""
    for codec in _ARABIC_CODEPAGES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if looks_arabic(text):
            return text, codec
    return None


def _guess_codepage(data: bytes, name: str) -> str:
    """Decode a legacy 8-bit encoding: Arabic code pages judged as Arabic, else guess."""
    direct = _arabic_codepage(data)
    if direct is not None:
        return _check_text(direct[0], name, direct[1])
    # imported here: UTF-8 files, nearly all of them, never need it
    from charset_normalizer import from_bytes

    arabic = [
        m
        for m in from_bytes(data, cp_isolation=list(_ARABIC_CODEPAGES))
        if m.chaos <= _MAX_CHAOS and _arabic_share(str(m)) >= _MIN_ARABIC_SHARE
    ]
    arabic.sort(key=lambda m: (m.chaos, -m.coherence, _ARABIC_CODEPAGES.index(m.encoding)))
    best = from_bytes(data).best()
    if arabic:
        choice = arabic[0]
        beaten = (
            best is not None
            and best.encoding not in _ARABIC_CODEPAGES
            and best.chaos < choice.chaos
            and best.coherence > choice.coherence
        )
        if not beaten:
            return _check_text(str(choice), name, choice.encoding)
    if best is not None and best.chaos <= _MAX_CHAOS and best.coherence >= _MIN_COHERENCE:
        return _check_text(str(best), name, best.encoding)
    guess = "" if best is None else f" (best guess {best.encoding}, {best.chaos:.0%} garbled)"
    raise ArticleError(
        name,
        "cannot tell the text encoding: not UTF-8, UTF-16 or Windows-1256"
        f"{guess}; save the file as UTF-8",
    )


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of an article file into text, or refuse them.

    The order is: known binary formats (PDF, images, archives) are refused; a byte-order mark
    decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); strict UTF-8; UTF-16 without a mark (NUL
    bytes at alternate positions); other NUL bytes mean binary; last, charset-normalizer,
    preferring Windows-1256 and ISO-8859-6 when they give Arabic text.

    Parameters
    ----------
    data : bytes
        The raw file content.
    name : str
        The file name, for error messages.

    Returns
    -------
    str
        The decoded text, without the byte-order mark.

    Raises
    ------
    ArticleError
        ``binary file (looks like PDF)`` and the like for binary data; a message naming the
        encoding when a byte-order mark lies; ``cannot tell the text encoding`` when nothing
        decodes with confidence.
    """
    kind = _binary_kind(data)
    if kind is not None:
        raise ArticleError(name, f"binary file (looks like {kind})")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                label = codec.upper()
                raise ArticleError(
                    name,
                    f"starts with a {label} byte-order mark but is not valid {label}"
                    f" (byte {exc.start + len(bom)})",
                ) from exc
            return _check_text(text, name, codec.upper())
    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and "\x00" not in utf8:
        return _check_text(utf8, name, "UTF-8")
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        try:
            return _check_text(data.decode(utf16), name, utf16.upper())
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the NUL bytes below make it binary
    if b"\x00" in data:
        raise ArticleError(name, "binary file (contains NUL bytes and is not UTF-16 text)")
    return _guess_codepage(data, name)
