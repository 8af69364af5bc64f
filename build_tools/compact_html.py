"""Blank lines and indentation between the tags of a finished page, cut to one line break.

The theme's templates leave runs of blank, indented lines between tags (a document page of
120 KB carried about 6 KB of them, repeated on every page of the archive). A run of white
space between two tags holding a line break is replaced by a single line break: HTML
collapses white space between inline elements to one space either way, so a page reads and
lays out exactly as before. Text inside ``pre``, ``code``, ``textarea``, ``script`` and
``style``, where white space can matter, is left as it is, and so is every run without a line break
(the space between two words or two links).
"""
from __future__ import annotations

import re

#: Elements whose content keeps its white space.
_KEPT = re.compile(r"<(pre|code|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
#: White space between two tags that holds at least one line break.
_BETWEEN_TAGS = re.compile(r">[ \t\r\n]*\n[ \t\r\n]*<")


def compact(html: str) -> str:
    """``html`` with every white-space run holding a line break between two tags cut to
    one line break, outside the elements of ``_KEPT``."""
    out, pos = [], 0
    for kept in _KEPT.finditer(html):
        out.append(_BETWEEN_TAGS.sub(">\n<", html[pos:kept.start()]))
        out.append(kept.group(0))
        pos = kept.end()
    out.append(_BETWEEN_TAGS.sub(">\n<", html[pos:]))
    return "".join(out)
