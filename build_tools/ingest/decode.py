"""Decoding: bytes of a source → text, and text → physical lines.

UTF-8 with or without BOM, UTF-16 with BOM, else GB18030/GBK/Big5 as detected by
charset-normalizer; text is NFC-normalised but never rewritten otherwise. Line numbers are
physical: ``\\r\\n``, ``\\r`` and ``\\n`` all end a line.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import charset_normalizer

from ..model import Problem

_PREFERRED_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "utf_32"]


class SourceError(Exception):
    """A source that cannot be used at all; carries the ``Problem`` to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes of a source → (text, encoding name). Raises ``SourceError``."""
    name = path.name
    if not data.strip():
        raise SourceError(Problem(name, 1, "empty source: no text to publish"))
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(name, data[3:].decode("utf-8", errors="strict"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(name, data.decode("utf-16"), "utf-16")
    try:
        return _check_text(name, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        utf8_error = f"not UTF-8 (byte 0x{data[exc.start]:02x} at line {bad_line})"
    if b"\x00" in data:
        raise SourceError(Problem(name, bad_line, f"binary data, not a text source: {utf8_error}"))
    best = charset_normalizer.from_bytes(data, cp_isolation=_PREFERRED_ENCODINGS).best()
    if best is None or best.encoding.startswith("utf_8"):
        raise SourceError(Problem(name, bad_line, f"cannot decode: {utf8_error}, and no "
                                                  "other encoding fits"))
    return _check_text(name, str(best), best.encoding)


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

