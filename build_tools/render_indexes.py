"""Render the generated index pages: themes, lead units, targets, issuers, years, places,
tags and the glossary. Every entry links to a clause or document anchor with a Markdown link,
so ``mkdocs build --strict`` checks each one.

Pages stay small as the archive grows. An index whose list fits in ``PAGE_BYTES`` (of HTML,
as estimated by ``_size``) is one page, as it always was. A larger one becomes an overview
linking to parts whose addresses come from a name, a year or a hash, never from a position
in a list:

* an index by name (lead unit, issuer, place, glossary term) gives each name with at least
  ``OWN_PAGE_MIN`` entries its own page (``indexes/lead-units/unit-<hash>/``); rarer names
  share one of four pages chosen by the hash of the name (``indexes/lead-units/more-3/``);
  an index by year (years, target years) gives each year its own page
  (``indexes/targets/2015/``, ``indexes/targets/undated/``);
* a page whose list is still too long (a theme, a busy lead unit, a target year) is split
  by the document's year: five-year spans (``themes/industry/2015-2019/``, ``…/undated/``),
  then years (``…/2015-2019/2017/``); a part still too long, or one of undated documents,
  is split into four groups by the hash of the document id (``…/undated/2/``), and so on.

The small archive of the seeds keeps one page per index and the document × theme matrix;
from ``MATRIX_DOCS`` documents the matrix counts years instead of documents.

Adding documents never moves a page: a page that outgrows the limit becomes, at the same
address, the overview of its parts. The anchors of the one-page layout (``#unit-…``,
``#year-2010``, ``#issuer-…``) stay on the overview's rows, so a name's lasting address is its
row there, even when its entries move from a shared page to a page of their own.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .citations import missing
from .glossary import find_terms
from .lineage import STATUSES
from .model import Analysis, Clause, ClauseRef, Document
from .render import document_tags, front_matter, heading_text, inline, tag_name
from .safe_markup import editorial_markdown, esc, html_comment

UNKNOWN = "未注明"
PAGE_BYTES = 250_000  # a list of entries longer than this (HTML, estimated by _size) is split
LINE_HTML_BYTES = 10  # what a Markdown line gains as HTML (<li></li>, newline)
TOC_HTML_BYTES = 150  # the markup of one entry of Material's table of contents
OWN_PAGE_MIN = 30  # a name with fewer entries shares a page with other rare names
MATRIX_DOCS = 60  # the document × theme matrix is drawn up to this many documents
TAG_LINE_BYTES = 130  # HTML of one document in a tag listing, besides its title


def stable_anchor(prefix: str, name: str) -> str:
    """An ASCII anchor for a Chinese name that stays the same across builds."""
    return f"{prefix}-{_hex(name)[:10]}"


def _hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _up(page: str) -> str:
    """The way from ``page`` (a path under ``docs/``) back to the top of ``docs/``."""
    return "../" * page.count("/")


def _href(page: str, target: str) -> str:
    """A Markdown link from ``page`` to ``target`` (both paths under ``docs/``)."""
    here, there = page.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def _url(page: str, target: str) -> str:
    """A raw HTML link from ``page`` to ``target``, between the directories they are served
    as (``themes/industry.md`` → ``themes/industry/``, ``themes/index.md`` → ``themes/``)."""
    def served(path: str) -> str:
        path = path.removesuffix(".md")
        return path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
    path, _, anchor = target.partition("#")
    return _href(served(page) + "index.html", served(path)) + (f"#{anchor}" if anchor else "")


def _link(doc: Document, clause: Clause, page: str) -> str:
    text = f"{clause.label} {heading_text(clause) if clause.number is None else clause.heading or ''}"
    return f"[{esc(text.strip())}]({_up(page)}documents/{doc.id}.md#{clause.id})"


def _page(title: str, *body: str) -> str:
    return front_matter(title=html.escape(title)).rstrip("\n") + "\n\n" + \
        f"# {esc(title)}\n\n" + "\n".join(body).rstrip("\n") + "\n"


def _size(lines: Sequence[str]) -> int:
    """About how many bytes of HTML ``lines`` become: each heading also makes two entries
    of a table of contents (the sidebar and the phone's menu)."""
    size = 0
    for line in lines:
        n = len(line.encode("utf-8")) + LINE_HTML_BYTES
        size += n + 2 * (TOC_HTML_BYTES + n) if line.startswith("## ") else n
    return size


# ---------------------------------------------------------------------------
# Entries and the pages that hold them


@dataclass(frozen=True)
class _Entry:
    """One line of an index: a clause (or a whole document) and what the line adds to it."""

    doc: Document
    clause: Clause | None = None
    name: str = ""  # the name it is listed under (a lead unit, a target year, an issuer)
    text: str = ""  # Markdown before the link (a target's wording)
    note: str = ""  # Markdown after the link ("（次要主题）")


Render = Callable[[Sequence[_Entry], str], list[str]]  # entries, page path → Markdown lines


def _clause_lines(entries: Sequence[_Entry], page: str) -> list[str]:
    return [f"- 《{esc(e.doc.title)}》{_link(e.doc, e.clause, page)}{e.note}" for e in entries]


def _target_lines(entries: Sequence[_Entry], page: str) -> list[str]:
    return [f"- {e.text}<br><small>《{esc(e.doc.title)}》{_link(e.doc, e.clause, page)}</small>"
            for e in entries]


def _doc_lines(entries: Sequence[_Entry], page: str) -> list[str]:
    out = []
    for e in entries:
        extra = "，".join(x for x in (e.doc.source.issuer, e.doc.source.date) if x)
        out.append(f"- [{esc(e.doc.title)}]({_up(page)}documents/{e.doc.id}.md)"
                   + (f"（{esc(extra)}）" if extra else "") + e.note)
    return out


def _by_document(entries: Sequence[_Entry], page: str) -> list[str]:
    """Clauses under a heading per document (its id is the anchor), as on a theme page."""
    out: list[str] = []
    for i, e in enumerate(entries):
        if i == 0 or entries[i - 1].doc.id != e.doc.id:
            out += [""] if i else []
            out += [f"## {esc(e.doc.title)} {{#{e.doc.id}}}", ""]
        out.append(f"- {_link(e.doc, e.clause, page)}{e.note}")
    return out


@dataclass(frozen=True)
class _Names:
    """How the names of an index are shown and addressed."""

    label: Callable[[str], str]  # the name as shown (plain text)
    anchor: Callable[[str], str]  # its anchor on the overview and on a shared page
    slug: Callable[[str], str]  # its own page's file name
    pack: bool = True  # rare names share pages (False: every name has its own page)


def _sections(names: _Names, render: Render) -> Render:
    """A renderer that puts entries under a heading per name (entries come grouped by name)."""
    def lines(entries: Sequence[_Entry], page: str) -> list[str]:
        out: list[str] = []
        start = 0
        for i in range(1, len(entries) + 1):
            if i == len(entries) or entries[i].name != entries[start].name:
                name = entries[start].name
                out += [f"## {esc(names.label(name))} {{#{names.anchor(name)}}}", "",
                        *render(entries[start:i], page), ""]
                start = i
        return out
    return lines


@dataclass(frozen=True, order=True)
class _Key:
    """Where an entry goes when a page is split: the part's order, file name and label."""

    order: tuple
    slug: str
    label: str
    how: str  # what the parts are, for the overview: 按{how}分页列出


Level = Callable[[_Entry], _Key]  # a way to split a page that is too long
FIXED = "（分组固定，不随新增文件变动）"


def _year_key(year: str | None) -> _Key:
    if not year:
        return _Key((2, ""), "undated", "未注明年份", "文件年份")
    if year.isascii() and year.isdigit():
        return _Key((0, -int(year)), year, f"{year} 年", "文件年份")
    return _Key((1, year), stable_anchor("year", year), f"{year} 年", "文件年份")


def _hash_key(text: str, depth: int, what: str) -> _Key:
    """One of four groups, by the ``depth``-th pair of bits of the hash of ``text``."""
    group = int(_hex(text)[:8], 16) >> (30 - 2 * depth) & 3
    return _Key((group,), str(group + 1), f"第 {group + 1} 组", f"{what}散列分组{FIXED}")


def _span(entry: _Entry) -> _Key:
    """Five years (2015–2019) when the document has a year, else the key of its year."""
    key = _year_key(_year(entry.doc))
    if key.order[0] != 0:
        return key
    start = -key.order[1] // 5 * 5
    return _Key((0, -start), f"{start}-{start + 4}", f"{start}–{start + 4} 年", "文件年份（五年一段）")


def _year_or_group(entry: _Entry) -> _Key:
    """The document's year; an undated document (already alone in its part) its hash group."""
    key = _year_key(_year(entry.doc))
    return key if key.order[0] != 2 else _hash_key(entry.doc.id, 0, "文件")


def _doc_hash(depth: int) -> Level:
    return lambda entry: _hash_key(entry.doc.id, depth, "文件")


def _name_hash(depth: int) -> Level:
    return lambda entry: _hash_key(entry.name, depth, "名称")


BY_DOCUMENT = tuple(_doc_hash(depth) for depth in range(1, 5))
SPLIT = (_span, _year_or_group, *BY_DOCUMENT)  # 5 years, a year, then 4 × 4 × 4 × 4 groups
BY_NAME = tuple(_name_hash(depth) for depth in range(1, 5))  # of a page shared by rare names


def _paged(page: str, title: str, head: Sequence[str], entries: Sequence[_Entry], render: Render,
           levels: Sequence[Level] = SPLIT, parent: tuple[str, str] | None = None) -> dict[str, str]:
    """``page`` listing ``entries``; if they exceed ``PAGE_BYTES``, an overview of one page per
    key of ``levels[0]`` (``<page>/<slug>.md``), each split the same way by the next level."""
    back = [f"上一级：[{esc(parent[1])}]({_href(page, parent[0])})", ""] if parent else []
    lines = render(entries, page)
    if not levels or _size(lines) <= PAGE_BYTES:
        return {page: _page(title, *back, *head, *lines)}
    groups: dict[_Key, list[_Entry]] = defaultdict(list)
    for entry in entries:
        groups[levels[0](entry)].append(entry)
    files: dict[str, str] = {}
    rows = ["| 分页 | 文件 | 条目 |", "|---|---|---|"]
    for key in sorted(groups):
        part, sub = groups[key], f"{page[:-3]}/{key.slug}.md"
        rows.append(f"| [{esc(key.label)}]({_href(page, sub)}) | {len({e.doc.id for e in part})} | "
                    f"{len(part)} |")
        files.update(_paged(sub, f"{title} · {key.label}", (), part, render, levels[1:], (page, title)))
    how = min(groups).how  # an undated part beside five-year spans does not count
    files[page] = _page(title, *back, *head, f"共 {len(entries)} 条，按{how}分页列出：", "", *rows)
    return files


def _leaf(files: dict[str, str], page: str, entry: _Entry, levels: Sequence[Level] = SPLIT) -> str:
    """The page of ``files`` (made by ``_paged`` at ``page``) that lists ``entry``."""
    for level in levels:
        sub = f"{page[:-3]}/{level(entry).slug}.md"
        if sub not in files:
            break
        page = sub
    return page


def _name_pages(folder: str, parent: tuple[str, str], groups: dict[str, list[_Entry]],
                order: Sequence[str], names: _Names, render: Render,
                levels: Sequence[Level] = SPLIT) -> tuple[dict[str, str], dict[str, str]]:
    """The pages of a large index by name in ``folder``, below the overview ``parent`` (page,
    title), and where each name's entries went (a page; with the name's anchor if shared)."""
    title = parent[1]
    files: dict[str, str] = {}
    where: dict[str, str] = {}
    shared: dict[_Key, list[_Entry]] = defaultdict(list)
    for name in order:
        if names.pack and len(groups[name]) < OWN_PAGE_MIN:
            shared[_hash_key(name, 0, "名称")] += groups[name]
        else:
            page = f"{folder}/{names.slug(name)}.md"
            files.update(_paged(page, f"{title}：{names.label(name)}", (), groups[name], render,
                                levels, parent))
            where[name] = page
    for key, entries in sorted(shared.items()):
        page = f"{folder}/more-{key.slug}.md"
        files.update(_paged(page, f"{title}：其他{key.label}",
                            (f"条目不多的名称按名称散列分组列在一起{FIXED}。", ""),
                            entries, _sections(names, render), BY_NAME, parent))
        for entry in entries:
            anchor = names.anchor(entry.name)
            where.setdefault(entry.name, f"{_leaf(files, page, entry, BY_NAME)}#{anchor}")
    return files, where


def _named_index(page: str, title: str, intro: str, groups: dict[str, list[_Entry]],
                 order: Sequence[str], names: _Names, render: Render, columns: tuple[str, str],
                 contents: bool = False, levels: Sequence[Level] = SPLIT,
                 sections: Callable[[_Names, Render], Render] = _sections) -> dict[str, str]:
    """An index by name: one page with a section per name while it fits (``sections`` lays
    them out), else an overview whose rows keep the sections' anchors and link to the
    names' pages."""
    head = [intro, ""]
    body = sections(names, render)([e for name in order for e in groups[name]], page)
    if _size(body) <= PAGE_BYTES:
        if contents:
            head += [f"| {columns[0]} | {columns[1]} |", "|---|---|"]
            head += [f"| [{esc(names.label(n))}](#{names.anchor(n)}) | {len(groups[n])} |"
                     for n in order]
            head.append("")
        return {page: _page(title, *head, *body)}
    files, where = _name_pages(page.removesuffix(".md"), (page, title), groups, order, names,
                               render, levels)
    rows = [f'| <span id="{names.anchor(n)}"></span>[{esc(names.label(n))}]({_href(page, where[n])})'
            f" | {len(groups[n])} |" for n in order]
    shared = "条目较多的各有一页，其余按名称散列分组合页。" if names.pack else "各有一页。"
    files[page] = _page(title, *head, f"共 {len(order)} 项，{shared}", "",
                        f"| {columns[0]} | {columns[1]} |", "|---|---|", *rows)
    return files


# ---------------------------------------------------------------------------
# Themes


def theme_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    files: dict[str, str] = {}
    entries: dict[str, list[_Entry]] = {t.id: [] for t in analysis.themes}
    for doc in documents:
        for clause in doc.clauses:
            themes = analysis.clause_themes.get(ClauseRef(doc.id, clause.id), ())
            for rank, theme in enumerate(themes):
                if theme in entries:
                    entries[theme].append(_Entry(doc, clause, note="（次要主题）" if rank else ""))
    for theme in analysis.themes:
        found = entries[theme.id]
        head = [f"**范围**：{esc(theme.scope)}", "",
                f"共 {len(found)} 项措施，分布在 {len({e.doc.id for e in found})} 份文件中。", ""]
        if theme.keywords:
            head += ["**关键词**：" + "、".join(esc(k) for k in theme.keywords), ""]
        files.update(_paged(f"themes/{theme.id}.md", theme.name, head, found, _by_document))
    if len(documents) <= MATRIX_DOCS:
        intro = ("每项措施按主题分类（1–3 个，主要主题在前）。下表列出每份文件在各主题下的措施数，"
                 "颜色越深措施越多；点击数字查看该文件在该主题下的措施。")
        matrix = _document_matrix(documents, analysis, entries, files)
    else:
        intro = ("每项措施按主题分类（1–3 个，主要主题在前）。下表列出各年份文件在各主题下的措施数，"
                 "颜色越深措施越多；点击数字查看该年份的措施。")
        matrix = _year_matrix(analysis, entries, files)
    theme_list = "\n".join(
        f"- [{esc(t.name)}]({t.id}.md)：{esc(t.scope)}（{len(entries[t.id])} 项措施）"
        for t in analysis.themes)
    files["themes/index.md"] = _page("主题", intro, "", *matrix, "", "## 主题列表", "", theme_list)
    return files


def _matrix(label: str, first: str, analysis: Analysis, rows: list[str]) -> list[str]:
    head = "".join(f'<th scope="col"><a href="{t.id}/">{esc(t.name)}</a></th>' for t in analysis.themes)
    return [f'<div class="theme-matrix" tabindex="0" role="region" aria-label="{label}">',
            f'<table><thead><tr><th scope="col">{first}</th>{head}</tr></thead><tbody>',
            *rows, "</tbody></table></div>"]


def _cell(n: int, peak: int, href: str, label: str) -> str:
    if not n:
        return "<td></td>"
    alpha = 0.12 + 0.6 * n / peak
    return (f'<td style="background: rgba(63, 81, 181, {alpha:.2f})">'
            f'<a href="{href}" aria-label="{label} {n} 条">{n}</a></td>')


def _document_matrix(documents: Sequence[Document], analysis: Analysis,
                     entries: dict[str, list[_Entry]], files: dict[str, str]) -> list[str]:
    """Documents × themes, each cell linking to the document's measures on the theme's page."""
    first: dict[tuple[str, str], _Entry] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for theme, found in entries.items():
        for e in found:
            first.setdefault((theme, e.doc.id), e)
            counts[theme, e.doc.id] += 1
    peak = max(counts.values(), default=1)
    rows = []
    for doc in documents:
        cells = []
        for theme in analysis.themes:
            n = counts[theme.id, doc.id]
            href = _url("themes/index.md", _leaf(files, f"themes/{theme.id}.md", first[theme.id, doc.id])
                        + f"#{doc.id}") if n else ""
            cells.append(_cell(n, peak, href, f"{esc(doc.title)}：{esc(theme.name)}"))
        rows.append(f'<tr><th scope="row"><a href="../documents/{doc.id}/">{esc(doc.title)}</a></th>'
                    + "".join(cells) + "</tr>")
    return _matrix("文件与主题矩阵", "文件", analysis, rows)


def _year_matrix(analysis: Analysis, entries: dict[str, list[_Entry]],
                 files: dict[str, str]) -> list[str]:
    """Years × themes, each cell linking to the theme's page of that year (or its only page)."""
    cells: dict[_Key, dict[str, list[_Entry]]] = defaultdict(lambda: defaultdict(list))
    for theme, found in entries.items():
        for e in found:
            cells[_year_key(_year(e.doc))][theme].append(e)
    peak = max((len(c) for row in cells.values() for c in row.values()), default=1)
    rows = []
    for key in sorted(cells):
        levels = SPLIT[:1] if key.slug == "undated" else SPLIT[:2]  # undated parts go by hash
        row = []
        for theme in analysis.themes:
            found = cells[key].get(theme.id, [])
            href = _url("themes/index.md", _leaf(files, f"themes/{theme.id}.md", found[0], levels)) \
                if found else ""
            row.append(_cell(len(found), peak, href, f"{esc(key.label)}：{esc(theme.name)}"))
        rows.append(f'<tr><th scope="row">{esc(key.label)}</th>' + "".join(row) + "</tr>")
    return _matrix("年份与主题矩阵", "年份", analysis, rows)


# ---------------------------------------------------------------------------
# Lead units, targets, issuers, years, places, tags


def _hashed(prefix: str) -> _Names:
    return _Names(label=lambda n: n, anchor=lambda n: stable_anchor(prefix, n),
                  slug=lambda n: stable_anchor(prefix, n))


def lead_unit_pages(documents: Sequence[Document]) -> dict[str, str]:
    units: dict[str, list[_Entry]] = defaultdict(list)
    for doc in documents:
        for clause in doc.clauses:
            for unit in clause.lead_units:
                units[unit].append(_Entry(doc, clause, name=unit))
    intro = "各措施标注的牵头单位（按原文写法，未合并简称），按牵头措施数排列。"
    if not units:
        return {"indexes/lead-units.md": _page("牵头单位", intro, "", "目前没有文件标注牵头单位。")}
    order = sorted(units, key=lambda u: (-len(units[u]), u))
    return _named_index("indexes/lead-units.md", "牵头单位", intro, units, order, _hashed("unit"),
                        _clause_lines, ("牵头单位", "措施数"), contents=True)


def target_pages(documents: Sequence[Document]) -> dict[str, str]:
    years: dict[str, list[_Entry]] = defaultdict(list)
    for doc in documents:
        for clause in doc.clauses:
            for target in clause.targets:
                year = str(target.year or "") or ("-".join(map(str, target.period)) if target.period else "")
                years[year].append(_Entry(doc, clause, name=year, text=inline(target.text)))
    for found in years.values():
        found.sort(key=lambda e: (e.doc.id, e.clause.line))

    def due(name: str) -> tuple[bool, int, int]:  # a period files by its last year, after that year
        first, _, last = name.partition("-")
        return (not name, int(last or first or 0), 1 if last else 0)

    order = sorted(years, key=due)
    names = _Names(label=lambda y: f"{y.replace('-', '–')} 年" if y else "未写明年份",
                   anchor=lambda y: f"year-{y or 'none'}", slug=lambda y: y or "undated", pack=False)
    intro = ("文件中写明数量或期限的目标（如“到2010年……达到500家以上”“于2011年年底前报审”），"
             "按目标年份排列；只写五年规划期（如“十一五”期间，即 2006–2010 年）的目标列在该期末年之后；"
             "未写年份的目标列在最后。只写已完成情况的句子（如“已完成”“截至2012年”）"
             "不算目标。")
    return _named_index("indexes/targets.md", "量化目标", intro, years, order, names, _target_lines,
                        ("目标年份", "目标数"))


def grouped_pages(page: str, title: str, intro: str, documents: Sequence[Document],
                  key: Callable[[Document], str | None], prefix: str,
                  reverse: bool = False, notes: dict[str, str] | None = None) -> dict[str, str]:
    """Documents grouped by ``key`` (issuer, year, place), a section or a page per group;
    ``notes`` (by document id) follow a document's line, e.g. its validity."""
    groups: dict[str, list[_Entry]] = defaultdict(list)
    for doc in sorted(documents, key=lambda d: (d.source.date or "", d.id)):
        name = key(doc) or UNKNOWN
        note = (notes or {}).get(doc.id)
        groups[name].append(_Entry(doc, name=name, note=f" <small>{esc(note)}</small>" if note else ""))
    order = sorted((g for g in groups if g != UNKNOWN), reverse=reverse)
    if UNKNOWN in groups:
        order.append(UNKNOWN)
    names, levels = _hashed(prefix), SPLIT
    if prefix == "year":  # a page per year, each split only by document
        names = _Names(label=names.label, anchor=names.anchor, pack=False,
                       slug=lambda y: _year_key(None if y == UNKNOWN else y).slug)
        levels = BY_DOCUMENT
    return _named_index(page, title, intro, groups, order, names, _doc_lines, ("名称", "文件数"),
                        levels=levels)


def _year(doc: Document) -> str | None:
    if doc.source.date:
        return doc.source.date[:4]
    match = re.search(r"((?:19|20)\d{2})\s*年", doc.title) or re.search(r"((?:19|20)\d{2})", doc.title)
    return match.group(1) if match else None


def tag_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    """The tags plugin's listing: on one page while small, else one page per tag."""
    tagged: Counter[str] = Counter()
    size = 0
    for doc in documents:
        tags = document_tags(doc, analysis)
        tagged.update(tags)
        size += len(tags) * (len(doc.title.encode("utf-8")) + TAG_LINE_BYTES)
    intro = "文件页面按其措施的主要主题加注标签。"
    if size <= PAGE_BYTES:
        return {"indexes/tags.md": _page("标签", intro, "", html_comment("material/tags"))}
    files = {}
    rows = []
    for theme in analysis.themes:
        if tagged[theme.id]:
            files[f"indexes/tags/{theme.id}.md"] = _page(
                f"标签：{theme.name}", "上一级：[标签](../tags.md)", "",
                html_comment("material/tags { include: "
                             f"[{json.dumps(tag_name(theme.name), ensure_ascii=False)}] }}"))
            rows.append(f"- [{esc(theme.name)}](tags/{theme.id}.md)（{tagged[theme.id]} 份文件）")
    return {**files, "indexes/tags.md": _page("标签", intro + "每个标签一页：", "", *rows)}


def citation_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    """Documents cited in the archive that it does not hold: the editors' list of what to
    add next, most cited first, each with every clause that cites it."""
    by_ref = {ClauseRef(d.id, c.id): (d, c) for d in documents for c in d.clauses}
    groups: dict[str, list[_Entry]] = defaultdict(list)
    shown: dict[str, str] = {}
    for key, uses in missing(analysis.citations).items():
        for ref, citation in uses:
            doc, clause = by_ref[ref]
            groups[key].append(_Entry(doc, clause, name=key))
            if citation.title and citation.number:
                shown[key] = f"《{citation.title}》（{citation.number}）"
            shown.setdefault(key, f"《{citation.title}》" if citation.title else citation.number or key)
    intro = ("正文中引用（以书名号标题或文号）、本档案尚未收录的文件，按被引用次数排列，"
             "列出每处引用。收录后，这些引用自动变为链接。")
    page, title = "indexes/cited.md", "引用而未收录的文件"
    if not groups:
        return {page: _page(title, intro, "", "目前没有引用未收录文件的条目。")}
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    names = _Names(label=lambda k: shown[k], anchor=lambda k: stable_anchor("cited", k),
                   slug=lambda k: stable_anchor("cited", k))
    return _named_index(page, title, intro, groups, order, names, _clause_lines,
                        ("被引用的文件", "引用次数"), contents=True)


# ---------------------------------------------------------------------------
# Glossary


def glossary_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    uses: dict[str, list[_Entry]] = defaultdict(list)
    for doc in documents:
        for clause in doc.clauses:
            seen = set()
            for _, _, entry in find_terms(clause.text, analysis.glossary):
                if entry.term not in seen:
                    seen.add(entry.term)
                    uses[entry.term].append(_Entry(doc, clause, name=entry.term))
    used = [e.term for e in analysis.glossary if uses.get(e.term)]
    inline_uses = _size([line for term in used for line in _clause_lines(uses[term], "glossary.md")])
    files, where = ({}, {}) if inline_uses <= PAGE_BYTES else _name_pages(
        "indexes/glossary", ("glossary.md", "政策用语词表"), uses, used, _hashed("term"), _clause_lines)
    out = ["外地读者不易看懂的政策口号、简称和行话。正文中出现这些词时，"
           "鼠标悬停或键盘聚焦即可看到解释。", ""]
    for entry in analysis.glossary:
        out += [f"## {esc(entry.term)} {{#{stable_anchor('term', entry.term)}}}", ""]
        if entry.aliases:
            out += ["*又作*：" + "、".join(esc(a) for a in entry.aliases), ""]
        out += [editorial_markdown(entry.definition), "",
                f"**来源**：{esc(entry.origin)}", ""]
        found = uses.get(entry.term)
        if found and where:
            out += [f"**出现于**（{len(found)} 处）：[逐条列出]({_href('glossary.md', where[entry.term])})", ""]
        elif found:
            out += [f"**出现于**（{len(found)} 处）：", "", *_clause_lines(found, "glossary.md"), ""]
    files["glossary.md"] = _page("政策用语词表", *out)
    return files


# ---------------------------------------------------------------------------


def _validity_notes(analysis: Analysis) -> dict[str, str]:
    """What an index says of a document's validity: the sidecar's status, else the term of
    validity its text states (有效期一年), else nothing."""
    notes = {}
    for doc_id, text in analysis.validity.items():
        term = re.search(r"有效期(?:为|至)?[^。，,；;)）]{1,16}", text)
        notes[doc_id] = text if text in STATUSES else term.group(0) if term else ""
    return {k: v for k, v in notes.items() if v}


def index_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    validity = _validity_notes(analysis)
    files = theme_pages(documents, analysis)
    files.update(lead_unit_pages(documents))
    files.update(target_pages(documents))
    files.update(grouped_pages(
        "indexes/issuers.md", "发布机构", "按发布机构列出文件（取自元数据、落款或标题）。", documents,
        lambda d: d.source.issuer, "issuer", notes=validity))
    files.update(grouped_pages(
        "indexes/years.md", "年份", "按成文年份列出文件（无日期时取标题中的年份），新的在前。",
        documents, _year, "year", reverse=True, notes=validity))
    from .render_places import place_pages  # it builds on this module's index helpers
    files.update(place_pages(documents))
    files.update(tag_pages(documents, analysis))
    files.update(citation_pages(documents, analysis))
    files["indexes/index.md"] = _page(
        "索引", "- [主题](../themes/index.md)：各主题的措施，及其在文件（或年份）间的分布",
        "- [牵头单位](lead-units.md)：各部门牵头的措施", "- [量化目标](targets.md)：按年份排列的数量目标",
        "- [发布机构](issuers.md)", "- [年份](years.md)", "- [地区](places.md)",
        "- [标签](tags.md)", "- [引用而未收录的文件](cited.md)：正文引用、本档案尚未收录的文件",
        "- [政策用语词表](../glossary.md)")
    files.update(glossary_pages(documents, analysis))
    return files
