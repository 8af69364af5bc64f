"""The list of documents on the home page: one row per document, a plain table.

Columns: title, issuer, region, date (filtered by its year), kind and number of measures. The table is complete
and readable without JavaScript; ``docs/javascripts/doc-list.js`` adds sorting by any
column and filtering by text, issuer, region, year and kind, reading only the cells (and
each row's ``data-*`` values) written here.

The kind (文种) is the one the official-document frame read (``SourceDocument.kind``:
also 新闻稿, 政策解读); else it is read off the end of the title (``build_tools.doc_kinds``,
the lists the frame reads too). The official kinds are the fifteen of
the 党政机关公文处理工作条例 (2012, art. 8), whose format GB/T 9704-2012 fixes; a plan,
outline or rules issued *with* a notice end their own titles with their form (方案, 规划,
纲要, 办法 …), which is what a reader looks for, so those forms are kinds too. A title
ending in neither is 其他 — nothing is guessed from the body.
"""
from __future__ import annotations

from collections.abc import Sequence

from .doc_kinds import kind_of
from .model import Document
from .region import stated_region

OTHER_KIND = "其他"


def document_rows(documents: Sequence[Document], esc, inline) -> list[str]:
    """The Markdown table of ``documents``, in the order given, with the header row."""
    out = ['<div class="doc-list" markdown="1">', "",
           "| 文件 | 发布机构 | 地区 | 日期 | 文种 | 条目 |", "|---|---|---|---|---|---|"]
    for doc in documents:
        src = doc.source
        measures = sum(1 for c in doc.clauses if c.kind == "heading")
        out.append(f"| [{inline(doc.title)}](documents/{doc.id}.md) | {inline(src.issuer or '—')} | "
                   f"{inline(stated_region(doc) or '—')} | {esc(src.date or '—')} | "
                   f"{esc(src.kind or kind_of(doc.title) or OTHER_KIND)} | {measures} |")
    out += ["", "</div>"]
    return out
