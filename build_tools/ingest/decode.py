"""Decoding: bytes of a source → text, and text → physical lines.

UTF-8 with or without BOM, UTF-32 and UTF-16 with BOM, else GB18030/GBK/Big5 as
detected by charset-normalizer; text is NFC-normalised but never rewritten otherwise. Line
numbers are physical: ``\\r\\n``, ``\\r`` and ``\\n`` all end a line.

A UTF-8 source with a few stray bytes (at most ``STRAY_MAX``, and far fewer than its valid
multi-byte characters) is kept: each stray byte is shown as U+FFFD and reported with its
line, column and value (``Stray``), so the reader sees where the text is damaged.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..model import Problem

_PREFERRED_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "utf_32"]
#: The most stray bytes a UTF-8 source may have and still be read as UTF-8.
STRAY_MAX = 64
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Stray:
    """A byte that is not UTF-8: where it was (physical line, 1-based column) and its value."""

    line: int
    column: int
    byte: int


class SourceError(Exception):
    """A source that cannot be used at all; carries the ``Problem`` to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes of a source → (text, encoding name). Raises ``SourceError``."""
    text, encoding, _ = decode_source(path, data)
    return text, encoding


def decode_source(path: Path, data: bytes) -> tuple[str, str, tuple[Stray, ...]]:
    """Bytes of a source → (text, encoding name, stray bytes). Raises ``SourceError``."""
    name = path.name
    if not data.strip():
        raise SourceError(Problem(name, 1, "empty source: no text to publish"))
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return (*_check_text(name, data.decode("utf-32"), "utf-32"), ())
        except UnicodeDecodeError as exc:
            raise SourceError(Problem(name, 1, f"not UTF-32 despite its byte-order mark: {exc.reason}"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (*_check_text(name, data.decode("utf-16"), "utf-16"), ())
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return (*_check_text(name, body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"), ())
    except UnicodeDecodeError as exc:
        bad_line = body[: exc.start].count(b"\n") + 1
        utf8_error = f"not UTF-8 (byte 0x{body[exc.start]:02x} at line {bad_line})"
    lenient = _lenient_utf8(body)
    if lenient is not None:
        text, strays = lenient
        return (*_check_text(name, text, "utf-8-sig" if bom else "utf-8"), strays)
    if b"\x00" in data:
        raise SourceError(Problem(name, bad_line, f"binary data, not a text source: {utf8_error}"))
    best = charset_normalizer.from_bytes(data, cp_isolation=_PREFERRED_ENCODINGS).best()
    if best is None or best.encoding.startswith("utf_8"):
        raise SourceError(Problem(name, bad_line, f"cannot decode: {utf8_error}, and no "
                                                  "other encoding fits"))
    return (*_check_text(name, str(best), best.encoding), ())


def _lenient_utf8(data: bytes) -> tuple[str, tuple[Stray, ...]] | None:
    """UTF-8 with a few stray bytes: (text with U+FFFD for each, the strays); None when
    the bytes are not mostly UTF-8 (another encoding, or binary)."""
    pieces: list[str] = []
    spots: list[tuple[int, int]] = []  # (character index in the text, byte value)
    length = pos = 0
    while pos < len(data):
        try:
            piece = data[pos:].decode("utf-8")
            pieces.append(piece)
            break
        except UnicodeDecodeError as exc:
            good = data[pos: pos + exc.start].decode("utf-8")
            pieces.append(good)
            length += len(good)
            for k in range(exc.start, exc.end):
                spots.append((length, data[pos + k]))
                pieces.append("\ufffd")
                length += 1
            pos += exc.end
            if len(spots) > STRAY_MAX:
                return None
    text = "".join(pieces)
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if not spots or multibyte < 20 * len(spots):
        return None
    strays = []
    for index, byte in spots:
        before = text[:index]
        breaks = list(_BREAK.finditer(before))
        column = index - (breaks[-1].end() if breaks else 0) + 1
        strays.append(Stray(len(breaks) + 1, column, byte))
    return text, tuple(strays)


def _check_text(name: str, text: str, encoding: str) -> tuple[str, str]:
    controls = [i for i, ch in enumerate(text)
                if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f\v"]
    if controls and len(controls) > max(2, len(text) // 1000):
        line = text[: controls[0]].count("\n") + 1
        raise SourceError(Problem(name, line, "binary data, not a text source "
                                              f"({len(controls)} control characters)"))
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise SourceError(Problem(name, 1, f"no Chinese text found (decoded as {encoding})"))
    return text, encoding


def split_lines(text: str) -> list[str]:
    """Physical lines; ``\\r\\n``, ``\\r`` and ``\\n`` all end a line. NFC, BOM removed."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return re.split(r"\r\n|\r|\n", text)

