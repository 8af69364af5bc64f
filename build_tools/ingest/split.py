"""Splitting a file into documents at ``第N篇:`` separators (also glued after a sentence)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line
from .chrome import strip_ws

#: ``第一篇:`` … separators of a compilation of documents; may be glued mid-line after 。
SEPARATOR = re.compile(r"(?:^|(?<=[。！？!?；;”」』)）]))\s*第([一二三四五六七八九十百零〇\d]+)篇\s*[:：]\s*(\S.*)$")


@dataclass
class Piece:
    """A slice of the file that belongs to one document (mutable while ingesting)."""

    lines: list[Line]
    separator: Line | None = None  # the ``第N篇:`` line (or slice) that opened it
    separator_title: str | None = None


def split_documents(lines: list[str]) -> list[Piece]:
    """Cut the file at ``第N篇:`` separators (at line start or glued after a sentence)."""
    pieces = [Piece([])]
    for number, raw in enumerate(lines, 1):
        match = SEPARATOR.search(raw)
        if match is None:
            pieces[-1].lines.append(Line(number, raw, 0))
            continue
        head = raw[: match.start()]
        if strip_ws(head):
            pieces[-1].lines.append(Line(number, head, 0))
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        separator = Line(number, raw[start:], start)
        title = strip_ws(match.group(2)).strip("《》")
        pieces.append(Piece([], separator, title))
    if not pieces[0].lines or all(not strip_ws(l.text) for l in pieces[0].lines):
        first = pieces.pop(0)
        if pieces and first.lines:
            pieces[0].lines[:0] = first.lines  # blank lines before the first separator
    return pieces or [Piece([])]

