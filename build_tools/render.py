"""Render: structured documents + analysis → Markdown pages for MkDocs.

Source text is untrusted. Every character of it reaches the page through ``esc()``, which
writes ASCII punctuation and HTML-special characters as numeric character references:
Markdown never sees a ``*``, ``_``, ``#``, ``[``, ``|``, ``{`` or ``<`` from a source, so
nothing in a source can become markup, and the rendered text is exactly the source text.
Masked characters (``*``, ``××``, ``xx``) are wrapped in a ``redacted`` span. Editors'
Markdown (notes) and URLs go through ``build_tools.safe_markup`` as well, which owns
``esc`` and ``attr``.

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
from .export import corpus_json_parts, site_url
from .glossary import find_terms
from .model import Analysis, Clause, ClauseRef, Document, GlossaryEntry
from .safe_markup import attr, editorial_markdown, esc, safe_url

Content = str | Iterable[str]  # a generated file: its text, or its text in pieces

TAGS_PER_DOCUMENT = 3  # the document's most frequent primary themes become its page tags
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def document_tags(doc: Document, analysis: Analysis) -> list[str]:
    """Theme ids a document page is tagged with: the ``TAGS_PER_DOCUMENT`` most frequent
    primary themes of its measures (ties by id)."""
    primary = Counter(analysis.clause_themes[ClauseRef(doc.id, c.id)][0] for c in doc.clauses
                      if analysis.clause_themes.get(ClauseRef(doc.id, c.id)))
    return [t for t, _ in sorted(primary.items(), key=lambda kv: (-kv[1], kv[0]))[:TAGS_PER_DOCUMENT]]


def tag_name(theme_name: str) -> str:
    """A theme's name as a page tag. The tags plugin's templates print tag names unescaped
    and its listing puts them in Markdown headings, so the name is escaped text."""
    return esc(theme_name)


def inline(text: str, glossary: Sequence[GlossaryEntry] = ()) -> str:
    """Escaped text with redactions marked and glossary terms given their definition."""
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
            out.append(f'<abbr class="gloss" title="{attr(entry.term + "：" + tip)}">{piece}</abbr>')
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
        year = f'<span class="target-year">{target.year}年</span> ' if target.year else ""
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
        date = note.date if note.date and _DATE.fullmatch(note.date) else esc(note.date or "")
        title = "编者注" + (f"（{date}）" if date else "")
        out += [f'!!! note "{title}"', ""]
        out += [f"    {line}" if line.strip() else ""
                for line in editorial_markdown(note.note).splitlines()]
        if note.source:
            source = (f'<a href="{attr(note.source)}">{esc(note.source)}</a>'
                      if safe_url(note.source) else esc(note.source))
            out += ["", f"    来源：{source}"]
        out.append("")
    return out


def document_page(doc: Document, analysis: Analysis, titles: dict[str, str],
                  clause_by_ref: dict[ClauseRef, Clause]) -> str:
    src = doc.source
    tags = document_tags(doc, analysis)
    names = {t.id: t.name for t in analysis.themes}
    fm = {"title": html.escape(doc.title)}  # themes print page titles unescaped, also in attributes
    if tags:
        fm["tags"] = [tag_name(names.get(t, t)) for t in tags]
    out = [front_matter(**fm).rstrip("\n"), "", f"# {inline(doc.title)} {{#top}}", ""]
    if src.subtitle:
        out += [f'<p class="doc-subtitle">{inline(src.subtitle)}</p>', ""]
    rows = [("发布机构", src.issuer), ("日期", src.date), ("文号", src.number),
            ("地区", src.region)]
    shown = {"发布机构", "发文字号", "文号"}  # already in the rows above
    rows += [(k, v) for k, v in src.metadata if v and k not in shown]
    if src.source_url:
        rows.append(("原文网址", src.source_url))
    rows.append(("来源文件", f"{src.file}（第 {src.index} 篇，第 {src.first_line}–{src.last_line} 行）"))
    measures = sum(1 for c in doc.clauses if c.kind == "heading")
    rows.append(("条目", f"{measures} 个标题与措施"))
    out.append('<dl class="doc-meta">')
    for key, value in rows:
        if value:
            out.append(f"<dt>{esc(key)}</dt><dd>{inline(value)}</dd>")
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
    return "\n".join(out).rstrip("\n") + "\n"


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
    out += ["| 文件 | 发布机构 | 日期 | 条目 |", "|---|---|---|---|"]
    for doc in shown:
        src = doc.source
        measures = sum(1 for c in doc.clauses if c.kind == "heading")
        out.append(f"| [{inline(doc.title)}](documents/{doc.id}.md) | {inline(src.issuer or '—')} | "
                   f"{esc(src.date or '—')} | {measures} |")
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
    yield "index.md", home_page(documents, analysis)
    for doc in documents:
        yield f"documents/{doc.id}.md", document_page(doc, analysis, titles, clause_by_ref)
    yield from index_pages(documents, analysis).items()
    yield "data/corpus.json", corpus_json_parts(documents, analysis, site_url(settings))
