"""Render: structured documents + analysis → Markdown pages for MkDocs.

Source text is untrusted. Every character of it reaches the page through ``esc()``, which
writes ASCII punctuation and HTML-special characters as numeric character references:
Markdown never sees a ``*``, ``_``, ``#``, ``[``, ``|``, ``{`` or ``<`` from a source, so
nothing in a source can become markup, and the rendered text is exactly the source text.
Masked characters (``*``, ``××``, ``xx``) are wrapped in a ``redacted`` span.

Clause ids become heading ids through ``attr_list`` (``### 7. … {#sec_2__sec_2__item_7}``);
links between pages are Markdown links to ``.md`` files, so ``mkdocs build --strict``
checks every link and anchor.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from .annotate import REDACTION
from .config import Settings
from .cite import clause_url, gbt7714_citation, plain_citation
from .doc_list import document_rows
from .export import corpus_json_parts, document_json, site_url
from .glossary import find_terms
from .model import Analysis, Clause, ClauseRef, Document, GlossaryEntry, Target

Content = str | Iterable[str]  # a generated file: its text, or its text in pieces

TAGS_PER_DOCUMENT = 3  # the document's most frequent primary themes become its page tags
_ESCAPE = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|<>&~^=:$\"'@%/;?"}


def esc(text: str) -> str:
    """Text safe inside Markdown and HTML: special ASCII characters as ``&#NN;``."""
    return text.translate(_ESCAPE)


def document_tags(doc: Document, analysis: Analysis) -> list[str]:
    """Theme ids a document page is tagged with: the ``TAGS_PER_DOCUMENT`` most frequent
    primary themes of its measures (ties by id)."""
    primary = Counter(analysis.clause_themes[ClauseRef(doc.id, c.id)][0] for c in doc.clauses
                      if analysis.clause_themes.get(ClauseRef(doc.id, c.id)))
    return [t for t, _ in sorted(primary.items(), key=lambda kv: (-kv[1], kv[0]))[:TAGS_PER_DOCUMENT]]


def attr(text: str) -> str:
    """Text safe inside a double-quoted HTML attribute."""
    return html.escape(text, quote=True).replace("\n", " ")


def inline(text: str, glossary: Sequence[GlossaryEntry] = ()) -> str:
    """Escaped text with redactions marked and glossary terms given their definition.

    A term is a focusable ``abbr``: its definition (``aria-description``, read by screen
    readers and drawn by the style sheet on hover and on keyboard focus) never becomes
    part of the text."""
    marks: list[tuple[int, int, str, GlossaryEntry | None]] = [
        (m.start(), m.end(), "redaction", None) for m in REDACTION.finditer(text)]
    taken = [False] * len(text)
    for start, end, _, _ in marks:
        taken[start:end] = [True] * (end - start)
    for start, end, entry in find_terms(text, glossary) if glossary else ():
        if not any(taken[start:end]):
            marks.append((start, end, "term", entry))
    marks.sort(key=lambda m: m[0])
    out, pos = [], 0
    for start, end, kind, entry in marks:
        out.append(esc(text[pos:start]))
        piece = esc(text[start:end])
        if kind == "redaction":
            out.append(f'<span class="redacted" title="原文此处有 {end - start} 个字符被遮盖">{piece}</span>')
        else:
            tip = _plain(entry.definition)
            tip = attr(entry.term + "：" + tip)
            out.append(f'<abbr class="gloss" tabindex="0" aria-description="{tip}">{piece}</abbr>')
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def _plain(markdown_text: str) -> str:
    """A glossary definition as one line of plain text (for a tooltip)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return re.sub(r"[*_`]+", "", " ".join(text.split()))


def front_matter(**fields: object) -> str:
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------------------
# Document pages


def _body_after_heading(clause: Clause) -> list[str]:
    """The clause's paragraphs, without the marker and heading sentence shown as heading."""
    text = clause.text
    if clause.number and text.startswith(clause.number):
        text = text[len(clause.number):]
    paragraphs = text.split("\n")
    first = paragraphs[0].lstrip(" \u3000\u00a0")
    if clause.heading and first.startswith(clause.heading):
        first = first[len(clause.heading):].lstrip("。")
    elif clause.heading and clause.kind == "heading":
        first = paragraphs[0]  # heading lost its annotation: keep the line whole below
    paragraphs[0] = first
    return [p for p in paragraphs if p.strip(" \u3000\u00a0")]


def target_when(target: Target) -> str:
    """When a target is due, as a reader sees it: ``2010年``, ``2006–2010年`` for a target
    over a five-year plan period, else empty."""
    if target.year:
        return f"{target.year}年"
    if target.period:
        return f"{target.period[0]}–{target.period[1]}年"
    return ""


def heading_text(clause: Clause) -> str:
    number = clause.number or ""
    sep = " " if number and not number.endswith("、") else ""
    return f"{number}{sep}{clause.heading or ''}".strip() or clause.label


def _clause_markdown(doc: Document, clause: Clause, analysis: Analysis, titles: dict[str, str],
                     clause_by_ref: dict[ClauseRef, Clause]) -> list[str]:
    glossary = analysis.glossary
    out: list[str] = []
    ref = ClauseRef(doc.id, clause.id)
    if clause.kind == "body":
        paragraphs = clause.text.split("\n")
        out.append(f'<p id="{clause.id}" class="clause-body" data-label="{attr(clause.label)}">'
                   f"{inline(paragraphs[0], glossary)}</p>")
        out.extend(f"<p>{inline(p, glossary)}</p>" for p in paragraphs[1:] if p.strip())
        out.append("")
        out.extend(_notes_markdown(doc, clause, analysis))
        return out
    hashes = "#" * min(clause.depth + 1, 6)
    out.append(f"{hashes} {esc(heading_text(clause))} "
               f'{{#{clause.id} data-label="{attr(clause.label)}"}}')
    out.append("")
    for paragraph in _body_after_heading(clause):
        out.append(inline(paragraph, glossary))
        out.append("")
    facts = []
    if clause.lead_units:
        units = "、".join(esc(u) for u in clause.lead_units)
        facts.append(f'<span class="fact-label">牵头单位</span> {units}')
    themes = analysis.clause_themes.get(ref, ())
    if themes:
        names = {t.id: t.name for t in analysis.themes}
        chips = " ".join(f'<a class="theme-chip" href="../../themes/{t}/">{esc(names.get(t, t))}</a>'
                         for t in themes)
        facts.append(f'<span class="fact-label">主题</span> {chips}')
    for target in clause.targets:
        year = f'<span class="target-year">{target_when(target)}</span> ' if target_when(target) else ""
        facts.append(f'<span class="fact-label">量化目标</span> {year}{inline(target.text)}')
    if facts:
        out.append('<p class="clause-facts">' + "<br>".join(facts) + "</p>")
        out.append("")
    out.extend(_notes_markdown(doc, clause, analysis))
    similar = analysis.similar.get(ref, ())
    if similar:
        out.append(f'??? similar "相似措施（{len(similar)}）"')
        out.append("")
        for item in similar:
            other = clause_by_ref.get(item.target)
            if other is None:
                continue
            label = f"《{titles[item.target.document]}》{other.label} {other.heading or ''}".strip()
            terms = "、".join(item.terms)
            out.append(f"    - [{esc(label)}]({item.target.document}.md#{other.id})"
                       f"<br><small>共同关键词：{esc(terms)} · 相似度 {item.score:.2f}</small>")
        out.append("")
    return out


def _notes_markdown(doc: Document, clause: Clause, analysis: Analysis) -> list[str]:
    """Editors' notes on a clause, as admonitions."""
    out: list[str] = []
    for note in analysis.notes.get(doc.id, ()):
        if note.clause != clause.id:
            continue
        title = "编者注" + (f"（{note.date}）" if note.date else "")
        out += [f'!!! note "{title}"', ""]
        out += [f"    {line}" if line.strip() else "" for line in _safe_markdown(note.note).splitlines()]
        if note.source:
            out += ["", f"    来源：<{note.source}>"]
        out.append("")
    return out


def _safe_markdown(text: str) -> str:
    """Editors' Markdown with raw HTML neutralised (``<`` and ``>`` escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_page(doc: Document, analysis: Analysis, titles: dict[str, str],
                  clause_by_ref: dict[ClauseRef, Clause], base: str = "") -> str:
    src = doc.source
    tags = document_tags(doc, analysis)
    names = {t.id: t.name for t in analysis.themes}
    fm = {"title": html.escape(doc.title, quote=False)}  # themes print page titles unescaped
    if tags:
        fm["tags"] = [names.get(t, t) for t in tags]
    out = [front_matter(**fm).rstrip("\n"), "", *breadcrumb(doc), f"# {inline(doc.title)} {{#top}}", ""]
    if src.subtitle:
        out += [f'<p class="doc-subtitle">{inline(src.subtitle)}</p>', ""]
    rows = [("发布机构", src.issuer), ("日期", src.date), ("文号", src.number),
            ("地区", src.region)]
    shown = {"发布机构", "发文字号", "文号"}  # already in the rows above
    rows += [(k, v) for k, v in src.metadata if v and k not in shown]
    if src.source_url:
        rows.append(("来源", src.source_url))
    rows.append(("来源文件", f"{src.file}（第 {src.index} 篇，第 {src.first_line}–{src.last_line} 行）"))
    measures = sum(1 for c in doc.clauses if c.kind == "heading")
    rows.append(("条目", f"{measures} 个标题与措施"))
    out.append('<dl class="doc-meta">')
    for key, value in rows:
        if value:
            out.append(f"<dt>{esc(key)}</dt><dd>{meta_value(key, value)}</dd>")
    out.append("</dl>")
    out.append("")
    if src.dropped:
        out.append(f'<details class="dropped"><summary>整理说明：未收入正文的 {len(src.dropped)} 行'
                   "（网页杂项、标题、元数据等），逐行列出</summary>")
        out.append('<table><thead><tr><th>行</th><th>原文</th><th>原因</th></tr></thead><tbody>')
        for d in src.dropped:
            out.append(f"<tr><td>{d.line}</td><td><code>{esc(d.text)}</code></td>"
                       f"<td>{esc(d.reason)}</td></tr>")
        out.append("</tbody></table></details>")
        out.append("")
    for clause in doc.clauses:
        out.extend(_clause_markdown(doc, clause, analysis, titles, clause_by_ref))
        out.append("")
    out += page_end(doc, base)
    return "\n".join(out).rstrip("\n") + "\n"


def breadcrumb(doc: Document) -> list[str]:
    """Where a document page sits: 首页 › 文件列表 › the document (its title is the heading
    just below)."""
    return ['<nav class="breadcrumb" aria-label="当前位置" markdown="span">'
            "[首页](../index.md) › [文件列表](../index.md#documents) › "
            f'<span aria-current="page">{inline(doc.title)}</span></nav>', ""]


def meta_value(key: str, value: str) -> str:
    """A value of the document's metadata block; the official page (来源) is a link."""
    if key == "来源" and re.match(r"https?://[^\s\"'<>]+$", value):
        return f'<a href="{attr(value)}" rel="external noreferrer">{esc(value)}</a>'
    return inline(value)


def page_end(doc: Document, base: str) -> list[str]:
    """The end of a document page: the way back to the list of documents, the links to
    the document's data, and each clause's two citations (exactly those of ``corpus.json``)
    for the copy controls, in attributes of a hidden block (never as text or script)."""
    out = ['<nav class="doc-end" aria-label="文件导航" markdown="span">'
           "[← 返回文件列表](../index.md#documents) · "
           f'[本文件数据（JSON）](../data/documents/{doc.id}.json) · '
           "[全部数据（corpus.json）](../data/corpus.json)</nav>", ""]
    out.append('<div id="clause-citations" hidden>' + "".join(
        f'<span data-clause="{attr(c.id)}" data-url="{attr(clause_url(doc, c, base))}" '
        f'data-plain="{attr(plain_citation(doc, c, base))}" data-gb="{attr(gbt7714_citation(doc, c, base))}"></span>'
        for c in doc.clauses) + "</div>")
    out.append("")
    return out


# ---------------------------------------------------------------------------
# The home page


HOME_DOCUMENTS = 100  # the home page lists every document up to this many, else the latest


def home_page(documents: Sequence[Document], analysis: Analysis) -> str:
    """Introduction and the documents: all of them in a small archive, the latest
    ``HOME_DOCUMENTS`` (by date, then id) in a large one, whose full lists are the indexes."""
    out = [front_matter(title="政策文件注释档案", hide=["navigation"]).rstrip("\n"), "",
           "# 政策文件注释档案", "",
           f"本档案收录 {len(documents)} 份地方政策文件，逐条整理为可引用的条目："
           "每个标题和编号措施都有固定锚点，可直接链接、引用；相似措施跨文件互链；"
           "按主题、牵头单位、发布机构和年份编有索引。全部数据可下载："
           "[corpus.json](data/corpus.json)。", ""]
    shown = list(documents)
    if len(shown) > HOME_DOCUMENTS:
        dated = sorted((d for d in shown if d.source.date), key=lambda d: (d.source.date, d.id), reverse=True)
        undated = sorted((d for d in shown if not d.source.date), key=lambda d: d.id)
        shown = (dated + undated)[:HOME_DOCUMENTS]
        out += [f"以下是日期最近的 {HOME_DOCUMENTS} 份文件。全部文件按[年份](indexes/years.md)、"
                "[发布机构](indexes/issuers.md)和[地区](indexes/places.md)列于索引。", ""]
    out += ["## 文件列表 {#documents}", "",
            "表头可点击排序，上方可按文字、发布机构、地区、年份和文种筛选（需启用 JavaScript；"
            "未启用时为完整的普通表格）。新收录的文件可通过 [Atom 订阅](feed.xml) 获知。", ""]
    out += document_rows(shown, esc, inline)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# The whole site


def render_site(documents: Sequence[Document], analysis: Analysis,
                settings: Settings) -> Iterator[tuple[str, Content]]:
    """Every generated file under ``docs/``: ``(relative path, content)``, one at a time, so
    that a large archive's pages are written as they are made instead of being held
    together. ``data/corpus.json`` comes last, as a stream of pieces."""
    from .render_indexes import index_pages

    titles = {d.id: d.title for d in documents}
    clause_by_ref = {ClauseRef(d.id, c.id): c for d in documents for c in d.clauses}
    from .feed import atom_feed

    base = site_url(settings)
    yield "index.md", home_page(documents, analysis)
    for doc in documents:
        yield f"documents/{doc.id}.md", document_page(doc, analysis, titles, clause_by_ref, base)
        yield f"data/documents/{doc.id}.json", document_json(doc, analysis, base)
    yield from index_pages(documents, analysis).items()
    yield "feed.xml", atom_feed(documents, base)
    yield "data/corpus.json", corpus_json_parts(documents, analysis, base)
