"""A regulation's table of contents (目录): its lines are dropped, and reported.

Laws and regulations with chapters print a 目录 under the title and 题注: the line 目录,
then one line per 编/分编/章/节 (``第一章　总则``), then the text itself, whose first
chapter line repeats the first entry. Read as text, the entries would be chapters of
their own, each listed twice. A 目录 is taken as one only when it has that shape: at least
two entries, each a chapter or section line with no sentence in it, and the first entry
standing again, as a heading, right after the last. Anything else is left as text.
"""
from __future__ import annotations

import re

from ..model import Dropped, Line
from .chrome import strip_ws

CONTENTS = re.compile(r"^目\s*录$")
#: An entry: 第一编 / 第一分编 / 第一章 / 第一节, a short name, and no sentence.
ENTRY = re.compile(r"^第[一二三四五六七八九十百零〇\d]+(?:编|分编|章|节)[\s\u3000]*[^。；;，,：:]{0,30}$")


def _key(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def drop_contents(body: list[Line], dropped: list[Dropped]) -> list[Line]:
    """``body`` without its table of contents (reported in ``dropped`` as ``contents``)."""
    for start, line in enumerate(body):
        if not CONTENTS.match(strip_ws(line.text)):
            continue
        entries: list[int] = []
        end = start + 1
        while end < len(body):
            text = strip_ws(body[end].text)
            if text and entries and _key(text) == _key(strip_ws(body[entries[0]].text)):
                break  # the first chapter again: the text begins
            if text and not ENTRY.match(text):
                end = -1
                break
            if text:
                entries.append(end)
            end += 1
        if end < 0 or end >= len(body) or len(entries) < 2:
            continue
        for item in body[start:end]:
            if strip_ws(item.text):
                dropped.append(Dropped(item.number, item.text, "contents"))
        return body[:start] + body[end:]
    return body
