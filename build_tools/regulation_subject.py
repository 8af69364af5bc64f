"""What a regulation governs, read off its title: whether two regulations are on one subject.

A regulation's name is made of where it applies, what it governs and its form (立法技术规范
(试行)(一), 2009: 名称 = 适用范围 + 调整对象 + 文种): 杭州市 · 养犬管理 · 条例, 上海市 ·
中华鲟保护管理 · 条例; a measure that implements a law names the law it implements (山东省实施
《中华人民共和国渔业法》办法 governs 渔业). ``subject`` takes the title apart so: the
parenthesised tail ((试行), (草案)) and the form (``doc_kinds``) off the end, the places
(中华人民共和国, GB/T 2260 names and short names, ``region``) and an 经济特区 off the front, and for an
implementing measure the name of the law it implements, without 中华人民共和国.

``agreement`` compares two subjects by their character pairs (Jaccard): 物业管理 and 住宅物业
管理 share 3 of 5, 生态环境保护 and 生态文明建设促进 1 of 11, 渔业 and 渔港渔业船舶管理 1 of 7.
Character pairs, not words, since a title is too short for the cut into words to be
reliable (养犬 is lost in 甲市养犬管理条例).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .doc_kinds import kind_of, without_tail
from .region import leading_place_length

_IMPLEMENTED = re.compile(r"《(?:中华人民共和国)?([^》]+)》")
_ZONE = "经济特区"
_STATE = "中华人民共和国"


@lru_cache(maxsize=4096)
def subject(title: str) -> str:
    """What the regulation of ``title`` governs (module docstring); '' for no title."""
    text = without_tail(unicodedata.normalize("NFKC", title or ""))
    implemented = _IMPLEMENTED.search(text)
    if implemented:
        return implemented.group(1)
    kind = kind_of(text)
    if kind and text.endswith(kind):
        text = text[: -len(kind)]
    text = text.removeprefix(_STATE)
    while (n := leading_place_length(text)) and n < len(text):
        text = text[n:]
    if text.startswith(_ZONE):
        text = text[len(_ZONE):]
    return text


def pairs_of(text: str) -> frozenset[str]:
    """The character pairs of ``text`` (the text itself when it has one character)."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset({text} - {""})


def agreement(a: str, b: str) -> float:
    """Jaccard of the character pairs of the subjects of titles ``a`` and ``b``."""
    x, y = pairs_of(subject(a)), pairs_of(subject(b))
    return len(x & y) / len(x | y) if x and y else 0.0
