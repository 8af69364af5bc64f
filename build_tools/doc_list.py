"""The list of documents on the home page: one row per document, a plain table.

Columns: title, issuer, region, date (filtered by its year), kind and number of measures. The table is complete
and readable without JavaScript; ``docs/javascripts/doc-list.js`` adds sorting by any
column and filtering by text, issuer, region, year and kind, reading only the cells (and
each row's ``data-*`` values) written here.

The kind (文种) is the one the official-document frame read (``SourceDocument.kind``:
also 新闻稿, 政策解读); else it is read off the end of the title. The official kinds are the fifteen of
the 党政机关公文处理工作条例 (2012, art. 8), whose format GB/T 9704-2012 fixes; a plan,
outline or rules issued *with* a notice end their own titles with their form (方案, 规划,
纲要, 办法 …), which is what a reader looks for, so those forms are kinds too. A title
ending in neither is 其他 — nothing is guessed from the body.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Document
from .region import region_of

#: The fifteen kinds of official documents (命令 also written 令), then the forms of the
#: documents they issue. Longer names first where one ends another (实施方案 before 方案).
OFFICIAL_KINDS = ("决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报",
                  "报告", "请示", "批复", "议案", "函", "纪要")
ISSUED_FORMS = ("实施方案", "行动方案", "工作方案", "方案", "规划", "行动计划", "计划", "纲要",
                "实施办法", "办法", "实施细则", "细则", "规定", "条例", "规则", "要点", "总结", "汇报")
_KIND_OF = {"实施方案": "方案", "行动方案": "方案", "工作方案": "方案", "行动计划": "计划",
            "实施办法": "办法", "实施细则": "细则", "命令": "命令", "令": "命令"}
OTHER_KIND = "其他"
_TRAILING = re.compile(r"[\s(（〔\[【][^()（）〔〕\[\]【】]*[)）〕\]】]\s*$|[\s“”\"'。]+$")


def document_kind(title: str) -> str:
    """The kind of document a title names at its end: 通知, 意见, 方案 … or 其他."""
    text = title.strip()
    while True:  # drop trailing (2017-2021), 〔试行〕, quotes
        shorter = _TRAILING.sub("", text)
        if shorter == text:
            break
        text = shorter
    for kind in sorted(OFFICIAL_KINDS + ISSUED_FORMS, key=len, reverse=True):
        if text.endswith(kind):
            return _KIND_OF.get(kind, kind)
    return OTHER_KIND


def document_rows(documents: Sequence[Document], esc, inline) -> list[str]:
    """The Markdown table of ``documents``, in the order given, with the header row."""
    out = ['<div class="doc-list" markdown="1">', "",
           "| 文件 | 发布机构 | 地区 | 日期 | 文种 | 条目 |", "|---|---|---|---|---|---|"]
    for doc in documents:
        src = doc.source
        measures = sum(1 for c in doc.clauses if c.kind == "heading")
        out.append(f"| [{inline(doc.title)}](documents/{doc.id}.md) | {inline(src.issuer or '—')} | "
                   f"{inline(region_of(doc) or '—')} | {esc(src.date or '—')} | "
                   f"{esc(src.kind or document_kind(doc.title))} | {measures} |")
    out += ["", "</div>"]
    return out
