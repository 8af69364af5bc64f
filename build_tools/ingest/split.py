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


#: Sentence punctuation: a title after a glued separator ends before the first one.
_SENTENCE = re.compile(r"[。！？!?；;：:，,]")
_KIND_WORD = None  # compiled on first use (the 文种 list lives in ``frame``)
#: The longest title read after a separator when the line goes on.
TITLE_MAX = 80


def title_end(rest: str) -> tuple[int, int]:
    """Where the title after a ``第N篇:`` separator ends in ``rest`` (the rest of the line):
    (end of the title, where the body starts). A short line without sentence punctuation is
    all title; otherwise the title is the longest start ending in a 文种 (通知, 意见 …, a
    tail such as (试行) allowed) before the first sentence punctuation, else the first
    sentence, else the first ``TITLE_MAX`` characters."""
    global _KIND_WORD
    from .frame import KINDS, kind_of

    if len(rest) <= 60 and not _SENTENCE.search(rest):
        return len(rest), len(rest)
    if _KIND_WORD is None:
        _KIND_WORD = re.compile("|".join(sorted(KINDS, key=len, reverse=True)))
    sentence = _SENTENCE.search(rest, 0, TITLE_MAX + 1)
    limit = sentence.start() if sentence else min(len(rest), TITLE_MAX)
    best = None
    for match in _KIND_WORD.finditer(rest, 0, limit):
        end = match.end()
        paren = re.match(r"[(（][^()（）]{1,14}[)）]", rest[end: end + 16])
        if paren and end + paren.end() <= limit:
            end += paren.end()
        if kind_of(rest[:end]):
            best = end
    if best is not None:
        return best, best
    if sentence is not None and sentence.start() > 0:
        return sentence.start(), sentence.end()
    return limit, limit


def split_documents(lines: list[str]) -> list[Piece]:
    """Cut the file at ``第N篇:`` separators (at line start or glued after a sentence); the
    title a separator gives ends where ``title_end`` says, and the body follows on its line."""
    pieces = [Piece([])]
    for number, raw in enumerate(lines, 1):
        offset = 0
        while True:
            text = raw[offset:]
            match = SEPARATOR.search(text) if "篇" in text else None
            if match is None:
                if offset == 0 or strip_ws(text):
                    pieces[-1].lines.append(Line(number, text, offset))
                break
            head = text[: match.start()]
            if strip_ws(head):
                pieces[-1].lines.append(Line(number, head, offset))
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            rest = match.group(2)
            end, body = title_end(rest)
            stop = match.start(2) + body
            separator = Line(number, text[start:stop], offset + start)
            title = strip_ws(rest[:end]).strip("《》")
            pieces.append(Piece([], separator, title))
            offset += stop
            if offset >= len(raw):
                break
    if not pieces[0].lines or all(not strip_ws(l.text) for l in pieces[0].lines):
        first = pieces.pop(0)
        if pieces and first.lines:
            pieces[0].lines[:0] = first.lines  # blank lines before the first separator
    return pieces or [Piece([])]

