"""The kinds of document (文种) the archive names, in one place.

A title names its document's kind at its end (…的通知, …实施方案, …条例(试行)). Three readers
use these lists: the frame reads a source's title and kind (``ingest.frame``), the
document tables show the kind (``doc_list``), and citations recognise a cited title
(``citations``). They share the lists below, so a kind added here is read everywhere.

- ``OFFICIAL``: the fifteen 文种 of the 党政机关公文处理工作条例 (2012, art. 8).
- ``ISSUED``: the forms of the documents they issue, promulgate or submit: plans,
  emergency plans, programmes, rules, laws, policy packages and work reports (方案, 预案,
  规划, 办法, 条例, 规程, 法, 若干政策, 汇报 …).
- ``ALIASES``: other names of a kind (举措 is a 措施).
- ``CITED``: what else a cited title may end with (standards, and 令, the
  short name of 命令, which ends a cited decree but never a document's own title).

``kind_of`` reads the kind a title ends with.
"""
from __future__ import annotations

import re

OFFICIAL = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
            "批复", "议案", "函", "纪要")
ISSUED = ("方案", "预案", "规划", "纲要", "计划", "办法", "细则", "措施", "条例", "规定", "要点", "规则",
          "指引", "指南", "章程", "规程", "清单", "汇报", "总结", "法", "政策")
ALIASES = {"举措": "措施"}
CITED = ("令", "意见稿", "建议", "准则", "标准", "通则")


def longest_first(kinds) -> tuple[str, ...]:
    """``kinds`` without repeats, longest first (so that 行动计划 is tried before 计划), then
    in code-point order: the same tuple whatever the order given."""
    return tuple(sorted(set(kinds), key=lambda kind: (-len(kind), kind)))


#: Every kind a document's own title may end with, longest first.
KINDS = longest_first(OFFICIAL + ISSUED + tuple(ALIASES))
#: A parenthesised tail of a title: (试行), (2017-2021), （征求意见稿）.
_TITLE_TAIL = re.compile(r"[(（][^()（）]{1,14}[)）]$")


def without_tail(title: str) -> str:
    """``title`` without white space and without its parenthesised tails ((试行), (2017-2021))."""
    text = re.sub(r"\s", "", title)
    while _TITLE_TAIL.search(text):
        text = _TITLE_TAIL.sub("", text)
    return text


def kind_of(title: str | None) -> str | None:
    """The 文种 that ends a title (after a parenthesised tail such as (试行)), or None.
    A title ending in 函 is a letter only when it says what it is about (关于…的函)."""
    if not title:
        return None
    text = without_tail(title)
    for kind in KINDS:
        if text.endswith(kind) and (kind != "函" or "关于" in text):
            return ALIASES.get(kind, kind)
    return None
