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
checks them; the similar-measure blocks (the bulk of a page) are raw HTML with published
addresses, and every link of the rendered HTML, these included, is checked by
``build_tools.site_links`` during the MkDocs build.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from .annotate import REDACTION
from .citations import cited_by
from .config import Settings
from .cite import citation_pattern, clause_url, from_pattern, gbt7714_citation, plain_citation
from .doc_list import document_rows
from .export import corpus_json_parts, document_json_gz, site_url
from .glossary import find_terms
from .glossary_tips import STYLESHEET, definitions_block, glossary_css, term_html
from .ingest.reasons import label as reason_label
from .model import Analysis, Citation, Clause, ClauseRef, Continuity, Document, GlossaryEntry, Target
from .region import stated_region
from .safe_markup import attr, editorial_markdown, esc, safe_url

Content = str | bytes | Iterable[str]  # a generated file: its text, its bytes, or its text in pieces

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


def inline(text: str, glossary: Sequence[GlossaryEntry] = (),
           links: Sequence[tuple[int, int, str]] = ()) -> str:
    """Escaped text with redactions marked and glossary terms given their definition;
    ``links`` (start, end, href), spans of ``text`` that do not overlap, become Markdown
    links (citations of other documents), with no glossary term inside."""
    if links:
        out, pos = [], 0
        for start, end, href in sorted(links):
            out.append(_marked(text[pos:start], glossary))
            out.append(f"[{_marked(text[start:end])}]({href})")
            pos = end
        out.append(_marked(text[pos:], glossary))
        return "".join(out)
    return _marked(text, glossary)


def _marked(text: str, glossary: Sequence[GlossaryEntry] = ()) -> str:
    """Escaped text with redactions marked and glossary terms given their definition.

    A term is a focusable ``abbr`` that points at its definition by id
    (``build_tools.glossary_tips``: read by screen readers from the page's hidden list,
    drawn by the style sheet on hover and on keyboard focus); the definition never
    becomes part of the text."""
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
            out.append(term_html(entry, piece))
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def front_matter(**fields: object) -> str:
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------------------
# Document pages


#: The most characters of one clause's text shown on its page; the full text stays in
#: ``data/corpus.json``. A scraped page sometimes holds a whole document on one line, and
#: MkDocs' Markdown, table of contents and search index grow far faster than the text.
CLAUSE_CHARS = 20_000
#: The most characters of clause text on one page; later clauses show their headings only.
PAGE_CHARS = 400_000
#: The most characters of one dropped line shown in the page's list of dropped lines.
DROPPED_CHARS = 300


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


def _heading_markdown(clause: Clause, citations: Sequence[Citation], here: str) -> str:
    """The heading as Markdown: escaped, with the citations inside it as links (an
    article's first sentence often cites another article)."""
    text = heading_text(clause)
    if not citations or not clause.heading:
        return esc(text)
    at = clause.text.find(clause.heading)
    lead = len(text) - len(clause.heading)
    links = _citation_links(clause.text, [clause.heading], citations, here)[0] if at >= 0 else []
    out, pos = [esc(text[:lead])], 0
    for start, end, href in links:
        out.append(esc(clause.heading[pos:start]) + f"[{esc(clause.heading[start:end])}]({href})")
        pos = end
    return "".join(out) + esc(clause.heading[pos:])


def _clause_markdown(doc: Document, clause: Clause, analysis: Analysis, titles: dict[str, str],
                     clause_by_ref: dict[ClauseRef, Clause], limit: int = CLAUSE_CHARS) -> list[str]:
    """A clause as Markdown; at most ``limit`` characters of its text are shown."""
    glossary = analysis.glossary
    # ids this clause had before (sidecar ``aliases:``): their URLs still land here
    out: list[str] = [f'<div id="{attr(old)}" class="clause-alias" aria-hidden="true"></div>\n'
                      for old, new in doc.source.aliases if new == clause.id]
    ref = ClauseRef(doc.id, clause.id)
    citations = analysis.citations.get(ref, ())
    if clause.kind == "body":
        paragraphs = clause.text.split("\n")
        links = _citation_links(clause.text, paragraphs, citations, doc.id)
        paragraphs, links, hidden = _capped(paragraphs, links, limit)
        if not paragraphs:
            paragraphs, links = [""], [[]]
        span = [_SPAN if here else "" for here in links]  # Markdown links inside raw HTML
        out.append(f'<p id="{clause.id}" class="clause-body" data-label="{attr(clause.label)}"{span[0]}>'
                   f"{inline(paragraphs[0], glossary, links[0])}</p>")
        out.extend(f"<p{span[n]}>{inline(p, glossary, links[n])}</p>"
                   for n, p in enumerate(paragraphs) if n and p.strip())
        if hidden:
            out.append(_capped_note(hidden, len(clause.text)))
        out.append("")
        out.extend(_notes_markdown(doc, clause, analysis))
        return out
    hashes = "#" * min(clause.depth + 1, 6)
    out.append(f"{hashes} {_heading_markdown(clause, citations, doc.id)} "
               f'{{#{clause.id} data-label="{attr(clause.label)}"}}')
    out.append("")
    paragraphs = _body_after_heading(clause)
    links = _citation_links(clause.text, paragraphs, citations, doc.id)
    paragraphs, links, hidden = _capped(paragraphs, links, limit)
    for paragraph, found in zip(paragraphs, links):
        out.append(inline(paragraph, glossary, found))
        out.append("")
    if hidden:
        out.extend([_capped_note(hidden, len(clause.text)), ""])
    facts = []
    if clause.lead_units:
        units = "、".join(esc(u) for u in clause.lead_units)
        facts.append(f"<b>牵头单位</b> {units}")
    themes = analysis.clause_themes.get(ref, ())
    if themes:
        names = {t.id: t.name for t in analysis.themes}
        chips = " ".join(f'<a href="../../themes/{t}/">{esc(names.get(t, t))}</a>'
                         for t in themes)
        facts.append(f"<b>主题</b> {chips}")
    for target in clause.targets:
        year = f'<span class="target-year">{target_when(target)}</span> ' if target_when(target) else ""
        facts.append(f"<b>量化目标</b> {year}{inline(target.text)}")
    facts.extend(_continuity_facts(analysis.continuity.get(ref, ()), titles, clause_by_ref))
    if facts:
        span = _SPAN if ref in analysis.continuity else ""  # links to the other edition
        out.append(f'<p class="clause-facts"{span}>' + "<br>".join(facts) + "</p>")
        out.append("")
    out.extend(_notes_markdown(doc, clause, analysis))
    out.extend(_similar_html(analysis.similar.get(ref, ()), titles, clause_by_ref))
    return out


def _similar_html(similar: Sequence, titles: dict[str, str],
                  clause_by_ref: dict[ClauseRef, Clause]) -> list[str]:
    """A measure's similar measures as one raw-HTML ``<details class="similar">`` block.

    The block is written as HTML rather than Markdown (``??? similar`` with a list of
    links): it is the largest part of a document page and Python-Markdown's inline
    patterns would otherwise reparse every label. The reader sees the same block
    (``pymdownx.details`` made the same elements). Links point at the published address
    of the other page (``../<id>/#<clause>``, the site uses directory URLs) and are checked
    with every other link of the built pages by ``build_tools.site_links``. What the line
    under each link holds (shared phrases · strength · probability) is said once, in the
    block's first line (``SIMILAR_KEY``), not on every item.
    """
    items = []
    for item in similar:
        other = clause_by_ref.get(item.target)
        if other is None:
            continue
        label = " ".join(f"《{titles[item.target.document]}》{other.label} {other.heading or ''}".split())
        terms = "、".join(item.terms)
        strength = f"{html.escape(item.strength)} · " if item.strength else ""
        items.append(f'<li><a href="{document_href(item.target.document, other.id)}">'
                     f"{html.escape(label)}</a><br><small>{html.escape(terms)} · "
                     f"{strength}{item.score:.0%}</small></li>")
    if not similar:
        return []
    return [f'<details class="similar"><summary>相似措施（{len(similar)}）</summary>'
            f"<p><small>{SIMILAR_KEY}</small></p><ul>" + "".join(items) + "</ul></details>", ""]


#: The first line of a block of similar measures: what the line under each link holds.
SIMILAR_KEY = "每条下方：共同要点 · 关联强度 · 读者认为有用的概率"


def document_href(doc_id: str, anchor: str) -> str:
    """The address of clause ``anchor`` of document ``doc_id`` from another document page."""
    return f"../{doc_id}/#{anchor}"


def citation_href(citation: Citation, here: str) -> str | None:
    """Where a citation links from the page of document ``here``: the cited document's
    page (``other.md``), with the cited article's anchor; None if it is not linked."""
    target = citation.target
    if target is None or citation.status not in ("resolved", "internal"):
        return None
    anchor = f"#{target.clause}" if target.clause else ""
    return anchor if target.document == here else f"{target.document}.md{anchor}"


_SPAN = ' markdown="span"'  # md_in_html reads the paragraph's links

def _capped(paragraphs: list[str], links: list[list[tuple[int, int, str]]],
            limit: int) -> tuple[list[str], list[list[tuple[int, int, str]]], int]:
    """The paragraphs that fit in ``limit`` characters (the last one cut after a sentence
    where one ends near the limit), their links, and how many characters were left out."""
    total = sum(len(p) for p in paragraphs)
    if total <= limit:
        return paragraphs, links, 0
    kept, kept_links, used = [], [], 0
    for paragraph, found in zip(paragraphs, links):
        room = limit - used
        if room <= 0:
            break
        if len(paragraph) > room:
            cut = max(paragraph.rfind(end, max(0, room - 500), room) for end in "。；！？")
            paragraph = paragraph[: cut + 1 if cut >= 0 else room]
            found = [link for link in found if link[1] <= len(paragraph)]
        kept.append(paragraph)
        kept_links.append(found)
        used += len(paragraph)
    return kept, kept_links, total - used


def _capped_note(hidden: int, total: int) -> str:
    return (f'<p class="clause-capped">（本条原文共 {total:,} 字，页面只显示前 {total - hidden:,} 字；'
            f'全文见数据导出 <a href="../../data/corpus.json">corpus.json</a>。）</p>')


def _citation_links(text: str, paragraphs: Sequence[str], citations: Sequence[Citation],
                    here: str) -> list[list[tuple[int, int, str]]]:
    """For each paragraph (a piece of ``text``, in order), the links of the citations that
    lie inside it, in the paragraph's own offsets."""
    out: list[list[tuple[int, int, str]]] = []
    pos = 0
    for paragraph in paragraphs:
        start = text.find(paragraph, pos) if paragraph else -1
        links = []
        if start >= 0 and citations:
            pos = start + len(paragraph)
            for c in citations:
                href = citation_href(c, here)
                if href is not None and start <= c.start and c.end <= pos:
                    links.append((c.start - start, c.end - start, href))
        out.append(links)
    return out


def _continuity_facts(marks: Sequence[Continuity], titles: dict[str, str],
                      clause_by_ref: dict[ClauseRef, Clause]) -> list[str]:
    """How a measure fares from the edition before (延续, 调整, 新增) or to the one after
    (未延续), with a Markdown link to the closest measure of the other edition."""
    out = []
    for mark in marks:
        text = f'<b>与{mark.edition}</b> <span class="lineage-mark">{mark.mark}</span>'
        other = clause_by_ref.get(mark.other) if mark.other else None
        if other is not None:
            name = f"《{titles[mark.toward]}》{other.label} {other.heading or ''}".strip()
            text += f" [{esc(name)}]({mark.toward}.md#{other.id})"
        out.append(text)
    return out


def _edition_lines(doc: Document, analysis: Analysis, titles: dict[str, str]) -> list[str]:
    """The editions before and after this one in its series, as a line under the header."""
    edition = analysis.editions.get(doc.id)
    if edition is None:
        return []
    parts = [f"{key}：[《{esc(titles[other])}》]({other}.md)"
             for key, other in (("前一版", edition.previous), ("后一版", edition.next)) if other]
    return [f'<p class="doc-editions" markdown="span">系列版本 · {" · ".join(parts)}</p>', ""]


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


def _cited_by_markdown(citing: Sequence[ClauseRef], titles: dict[str, str],
                       clause_by_ref: dict[ClauseRef, Clause]) -> list[str]:
    """The clauses of other documents that cite this one, folded under the header."""
    if not citing:
        return []
    out = [f'??? quote "本档案中引用本文件的条目（{len(citing)}）"', ""]
    for ref in citing:
        clause = clause_by_ref[ref]
        label = f"《{titles[ref.document]}》{clause.label} {clause.heading or ''}".strip()
        out.append(f"    - [{esc(label)}]({ref.document}.md#{clause.id})")
    return out + [""]


def document_page(doc: Document, analysis: Analysis, titles: dict[str, str],
                  clause_by_ref: dict[ClauseRef, Clause], base: str = "",
                  citing: Sequence[ClauseRef] = ()) -> str:
    src = doc.source
    tags = document_tags(doc, analysis)
    names = {t.id: t.name for t in analysis.themes}
    fm = {"title": html.escape(doc.title)}  # themes print page titles unescaped, also in attributes
    if tags:
        fm["tags"] = [tag_name(names.get(t, t)) for t in tags]
    out = [front_matter(**fm).rstrip("\n"), "", *breadcrumb(doc), f"# {inline(doc.title)} {{#top}}", ""]
    if src.subtitle:
        out += [f'<p class="doc-subtitle">{inline(src.subtitle)}</p>', ""]
    out += _role_notice(doc, titles)
    rows = [("发布机构", src.issuer), ("日期", src.date), ("文号", src.number),
            ("文种", src.kind), ("主送机关", src.addressee),
            ("署名", "、".join(src.signature) or None), ("附件", "；".join(src.attachments) or None),
            ("附注", " ".join(src.notes) or None), ("抄送", src.copies_to), ("印发", src.printed),
            ("公布记录", src.promulgation), ("地区", stated_region(doc))]
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
    if analysis.validity.get(doc.id):
        out.append(f"<dt>效力</dt><dd>{inline(analysis.validity[doc.id])}</dd>")
    out.append("</dl>")
    out.extend(_edition_lines(doc, analysis, titles))
    out.append("")
    if src.dropped:
        out.append(f'<details class="dropped"><summary>整理说明：未收入正文的 {len(src.dropped)} 行'
                   "（网页杂项、标题、元数据等），逐行列出</summary>")
        out.append('<table><thead><tr><th>行</th><th>原文</th><th>原因</th></tr></thead><tbody>')
        for d in src.dropped:
            text = d.text if len(d.text) <= DROPPED_CHARS else \
                f"{d.text[:DROPPED_CHARS]}…（共 {len(d.text):,} 字）"
            out.append(f"<tr><td>{d.line}</td><td><code>{esc(text)}</code></td>"
                       f"<td>{esc(reason_label(d.reason))}</td></tr>")
        out.append("</tbody></table></details>")
        out.append("")
    out.extend(_cited_by_markdown(citing, titles, clause_by_ref))
    room = PAGE_CHARS
    for clause in doc.clauses:
        limit = max(0, min(CLAUSE_CHARS, room))
        out.extend(_clause_markdown(doc, clause, analysis, titles, clause_by_ref, limit))
        out.append("")
        room -= min(len(clause.text), limit)
    defs = definitions_block("\n".join(out), analysis.glossary)
    out += [defs, ""] if defs else []
    out += page_end(doc, base)
    return "\n".join(out).rstrip("\n") + "\n"


#: What a reader is told about a text that is not itself the official text.
ROLE_NOTICE = {"interpretation": "本文是对政策文件的解读或说明，不是文件正式文本。",
               "news": "本文是关于政策文件的新闻报道，不是文件正式文本。"}


def _role_notice(doc: Document, titles: dict[str, str]) -> list[str]:
    """A note above the header: the text's role, and the notice ⇄ issued text link."""
    src = doc.source
    out = []
    if src.role in ROLE_NOTICE:
        out += [f'<p class="doc-role">{esc(ROLE_NOTICE[src.role])}</p>', ""]
    if src.issues and src.issues in titles:
        out += [f"本通知印发的文件：[{inline(titles[src.issues])}]({src.issues}.md)", ""]
    if src.issued_by and src.issued_by in titles:
        out += [f"印发本文件的通知：[{inline(titles[src.issued_by])}]({src.issued_by}.md)", ""]
    return out


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
           f'[本文件数据（JSON，gzip 压缩）](../data/documents/{doc.id}.json.gz) · '
           "[全部数据（corpus.json）](../data/corpus.json)</nav>", ""]
    out.append(citation_block(doc, base))
    out.append("")
    return out


CITATION_FORMS = (("url", clause_url), ("plain", plain_citation), ("gb", gbt7714_citation))


def citation_block(doc: Document, base: str) -> str:
    """Each clause's URL, plain citation and GB/T 7714 citation (exactly those of
    ``corpus.json``) for the copy controls, in attributes of a hidden block, never as text
    or script. The document's part of each form is stated once on the block, as JSON
    pieces around the clause's id (0) and label (1), which the copy controls read from the
    clause's own element (its ``id`` and ``data-label``); only a clause whose citation the
    pieces would not give has a span here, with its three forms in full."""
    patterns = {key: citation_pattern(doc, base, form) for key, form in CITATION_FORMS}
    head = "".join(f' data-{key}="{attr(json.dumps(patterns[key], ensure_ascii=False, separators=(",", ":")))}"'
                   for key, _ in CITATION_FORMS)
    spans = [f'<span data-clause="{attr(c.id)}"' + "".join(
                 f' data-{key}="{attr(form(doc, c, base))}"' for key, form in CITATION_FORMS) + "></span>"
             for c in doc.clauses
             if not all(from_pattern(patterns[key], c) == form(doc, c, base) for key, form in CITATION_FORMS)]
    return f'<div id="clause-citations" hidden{head}>' + "".join(spans) + "</div>"


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
    citing = cited_by(analysis.citations)
    yield "index.md", home_page(documents, analysis)
    exported = []  # each document's data, compressed: unpacked again for corpus.json
    for doc in documents:
        yield f"documents/{doc.id}.md", document_page(doc, analysis, titles, clause_by_ref, base,
                                                      citing=citing.get(doc.id, ()))
        exported.append(document_json_gz(doc, analysis, base))
        yield f"data/documents/{doc.id}.json.gz", exported[-1]
    yield from index_pages(documents, analysis).items()
    yield "feed.xml", atom_feed(documents, base)
    yield STYLESHEET, glossary_css(analysis.glossary)
    yield "data/corpus.json", corpus_json_parts(documents, analysis, base, exported)
