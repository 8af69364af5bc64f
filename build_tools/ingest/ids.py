"""Document ids: from what identifies a document, never from its position in a file.

* **File slug**: the file name without its extension, NFKC, lower-case; Chinese characters
  are written in pinyin (``pypinyin``: ``绍兴市行动方案.txt`` → ``shao-xing-shi-xing-dong-fang-an``),
  every other run of non-alphanumerics becomes ``-``. A slug longer than ``MAX_SLUG``
  characters is cut and ends in a tag of the whole name, so that two long names sharing
  their start stay distinct and every path stays under the file-system's name limit.
* **A file with one document**: the document id is the file slug.
* **A file with several documents** (``第N篇:`` compilations): ``<file slug>-<tag>``, where
  the tag is six letters from a hash of what identifies the document itself — its 文号,
  else its title, else its opening words — normalised (NFKC, no white space or
  punctuation), so a corrected 。/，, a document inserted or removed elsewhere in the file
  never changes it. Two documents of one file with the same key get ``-2``, ``-3`` … in
  order. A sidecar ``ids:`` (文号 or title → id) pins an id explicitly (the seeds' ids
  published before this rule are kept that way).
* The text a notice issues is ``<notice id>-issued``.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pypinyin import lazy_pinyin

#: The longest file slug kept whole; longer ones are cut and tagged.
MAX_SLUG = 60
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalise(text: str) -> str:
    """Compared form of a title, heading or 文号: NFKC, lower-case, letters and digits only."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def tag(text: str, length: int = 6) -> str:
    """``length`` lower-case letters from a hash of ``normalise(text)`` (never digits, so a
    tag can never be read as a number)."""
    value = int.from_bytes(hashlib.sha1(normalise(text).encode("utf-8")).digest()[:8], "big")
    out = []
    for _ in range(length):
        value, rest = divmod(value, 26)
        out.append(_LETTERS[rest])
    return "".join(out)


def file_slug(name: str) -> str:
    """The id a file's name gives (see the module docstring)."""
    stem = unicodedata.normalize("NFKC", Path(name).stem).lower()
    if _HAN.search(stem):
        stem = "-".join(lazy_pinyin(stem, errors=lambda chars: chars))
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if not slug:
        return "doc-" + tag(Path(name).stem)
    if len(slug) > MAX_SLUG:
        slug = slug[: MAX_SLUG - 9].rstrip("-") + "-" + tag(Path(name).stem, 8)
    return slug


def document_key(number: str | None, title: str | None, opening: str) -> str:
    """What identifies a document: its 文号, else its title, else its opening words."""
    for value in (number, title):
        if value and normalise(value):
            return value
    return opening[:200]
