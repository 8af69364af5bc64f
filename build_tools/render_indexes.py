"""Render the generated index pages: themes, lead units, targets, issuers, years, places,
tags and the glossary. Every entry links to a clause anchor with a Markdown link, so
``mkdocs build --strict`` checks each one.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

from .glossary import find_terms
from .model import Analysis, Clause, ClauseRef, Document
from .region import region_of
from .render import esc, front_matter, heading_text, inline

UNKNOWN = "未注明"


def stable_anchor(prefix: str, name: str) -> str:
    """An ASCII anchor for a Chinese name that stays the same across builds."""
    return f"{prefix}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:10]}"


def _link(doc: Document, clause: Clause, depth: int) -> str:
    up = "../" * depth
    text = f"{clause.label} {heading_text(clause) if clause.number is None else clause.heading or ''}"
    return f"[{esc(text.strip())}]({up}documents/{doc.id}.md#{clause.id})"


def _page(title: str, *body: str) -> str:
    return front_matter(title=title).rstrip("\n") + "\n\n" + f"# {esc(title)}\n\n" + \
        "\n".join(body).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------
# Themes


def theme_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    files: dict[str, str] = {}
    by_theme: dict[str, dict[str, list[Clause]]] = {t.id: defaultdict(list) for t in analysis.themes}
    for doc in documents:
        for clause in doc.clauses:
            for theme in analysis.clause_themes.get(ClauseRef(doc.id, clause.id), ()):
                if theme in by_theme:
                    by_theme[theme][doc.id].append(clause)
    docs = {d.id: d for d in documents}
    # overview: a document × theme table, shaded by density
    counts = {t.id: {d: len(c) for d, c in by_theme[t.id].items()} for t in analysis.themes}
    peak = max([n for row in counts.values() for n in row.values()] or [1])
    head = "".join(f'<th scope="col"><a href="{t.id}/">{esc(t.name)}</a></th>' for t in analysis.themes)
    rows = []
    for doc in documents:
        cells = []
        for theme in analysis.themes:
            n = counts[theme.id].get(doc.id, 0)
            if n:
                alpha = 0.12 + 0.6 * n / peak
                cells.append(f'<td style="background: rgba(63, 81, 181, {alpha:.2f})">'
                             f'<a href="{theme.id}/#{doc.id}" aria-label="{esc(doc.title)}：'
                             f'{esc(theme.name)} {n} 条">{n}</a></td>')
            else:
                cells.append("<td></td>")
        rows.append(f'<tr><th scope="row"><a href="../documents/{doc.id}/">{esc(doc.title)}</a></th>'
                    + "".join(cells) + "</tr>")
    intro = ("每项措施按主题分类（1–3 个，主要主题在前）。下表列出每份文件在各主题下的措施数，"
             "颜色越深措施越多；点击数字查看该文件在该主题下的措施。")
    theme_list = "\n".join(
        f"- [{esc(t.name)}]({t.id}.md)：{esc(t.scope)}（{sum(counts[t.id].values())} 项措施）"
        for t in analysis.themes)
    files["themes/index.md"] = _page(
        "主题", intro, "", '<div class="theme-matrix" tabindex="0" role="region" aria-label="文件与主题矩阵">',
        f'<table><thead><tr><th scope="col">文件</th>{head}</tr></thead><tbody>',
        *rows, "</tbody></table></div>", "", "## 主题列表", "", theme_list)
    for theme in analysis.themes:
        groups = by_theme[theme.id]
        total = sum(len(c) for c in groups.values())
        out = [f"**范围**：{esc(theme.scope)}", "",
               f"共 {total} 项措施，分布在 {len(groups)} 份文件中。", ""]
        if theme.keywords:
            out += ["**关键词**：" + "、".join(esc(k) for k in theme.keywords), ""]
        for doc_id in [d.id for d in documents if d.id in groups]:
            doc = docs[doc_id]
            out += [f"## {esc(doc.title)} {{#{doc.id}}}", ""]
            for clause in groups[doc_id]:
                primary = analysis.clause_themes[ClauseRef(doc.id, clause.id)][0] == theme.id
                out.append(f"- {_link(doc, clause, 1)}" + ("" if primary else "（次要主题）"))
            out.append("")
        files[f"themes/{theme.id}.md"] = _page(theme.name, *out)
    return files


# ---------------------------------------------------------------------------
# Lead units, targets, issuers, years, places


def lead_unit_page(documents: Sequence[Document]) -> str:
    units: dict[str, list[tuple[Document, Clause]]] = defaultdict(list)
    for doc in documents:
        for clause in doc.clauses:
            for unit in clause.lead_units:
                units[unit].append((doc, clause))
    order = sorted(units, key=lambda u: (-len(units[u]), u))
    out = ["各措施标注的牵头单位（按原文写法，未合并简称），按牵头措施数排列。", ""]
    out += ["| 牵头单位 | 措施数 |", "|---|---|"]
    out += [f"| [{esc(u)}](#{stable_anchor('unit', u)}) | {len(units[u])} |" for u in order]
    out.append("")
    for unit in order:
        out += [f"## {esc(unit)} {{#{stable_anchor('unit', unit)}}}", ""]
        out += [f"- 《{esc(doc.title)}》{_link(doc, clause, 1)}" for doc, clause in units[unit]]
        out.append("")
    if not units:
        out.append("目前没有文件标注牵头单位。")
    return _page("牵头单位", *out)


def target_page(documents: Sequence[Document]) -> str:
    rows = [(t.year, doc, clause, t) for doc in documents for clause in doc.clauses
            for t in clause.targets]
    rows.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1].id, r[2].line))
    out = ["文件中写明数量的目标（如“到2010年……达到500家以上”），按目标年份排列；"
           "未写年份的目标列在最后。", ""]
    current: object = object()
    for year, doc, clause, target in rows:
        if year != current:
            current = year
            label = f"{year} 年" if year else "未写明年份"
            out += ["", f"## {label} {{#{'year-' + str(year) if year else 'year-none'}}}", ""]
        out.append(f"- {inline(target.text)}<br><small>《{esc(doc.title)}》{_link(doc, clause, 1)}</small>")
    return _page("量化目标", *out)


def _doc_line(doc: Document) -> str:
    src = doc.source
    extra = "，".join(x for x in (src.issuer, src.date) if x)
    return f"- [{esc(doc.title)}](../documents/{doc.id}.md)" + (f"（{esc(extra)}）" if extra else "")


def grouped_page(title: str, intro: str, documents: Sequence[Document], key, prefix: str,
                 reverse: bool = False) -> str:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        groups[key(doc) or UNKNOWN].append(doc)
    names = sorted((g for g in groups if g != UNKNOWN), reverse=reverse)
    if UNKNOWN in groups:
        names.append(UNKNOWN)
    out = [intro, ""]
    for name in names:
        out += [f"## {esc(name)} {{#{stable_anchor(prefix, name)}}}", ""]
        out += [_doc_line(d) for d in sorted(groups[name], key=lambda d: (d.source.date or "", d.id))]
        out.append("")
    return _page(title, *out)


def _year(doc: Document) -> str | None:
    if doc.source.date:
        return doc.source.date[:4]
    match = re.search(r"((?:19|20)\d{2})\s*年", doc.title) or re.search(r"((?:19|20)\d{2})", doc.title)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------
# Glossary


def glossary_page(documents: Sequence[Document], analysis: Analysis) -> str:
    uses: dict[str, list[tuple[Document, Clause]]] = defaultdict(list)
    for doc in documents:
        for clause in doc.clauses:
            seen = set()
            for _, _, entry in find_terms(clause.text, analysis.glossary):
                if entry.term not in seen:
                    seen.add(entry.term)
                    uses[entry.term].append((doc, clause))
    out = ["外地读者不易看懂的政策口号、简称和行话。正文中出现这些词时，"
           "鼠标悬停或键盘聚焦即可看到解释。", ""]
    for entry in analysis.glossary:
        out += [f"## {esc(entry.term)} {{#{stable_anchor('term', entry.term)}}}", ""]
        if entry.aliases:
            out += ["*又作*：" + "、".join(esc(a) for a in entry.aliases), ""]
        out += [entry.definition.replace("<", "&lt;").replace(">", "&gt;"), "",
                f"**来源**：{esc(entry.origin)}", ""]
        if uses.get(entry.term):
            out.append(f"**出现于**（{len(uses[entry.term])} 处）：")
            out.append("")
            out += [f"- 《{esc(doc.title)}》{_link(doc, clause, 0)}" for doc, clause in uses[entry.term]]
            out.append("")
    return _page("政策用语词表", *out)


# ---------------------------------------------------------------------------


def index_pages(documents: Sequence[Document], analysis: Analysis) -> dict[str, str]:
    files = theme_pages(documents, analysis)
    files["indexes/lead-units.md"] = lead_unit_page(documents)
    files["indexes/targets.md"] = target_page(documents)
    files["indexes/issuers.md"] = grouped_page(
        "发布机构", "按发布机构列出文件（取自元数据、落款或标题）。", documents,
        lambda d: d.source.issuer, "issuer")
    files["indexes/years.md"] = grouped_page(
        "年份", "按成文年份列出文件（无日期时取标题中的年份），新的在前。", documents, _year, "year",
        reverse=True)
    files["indexes/places.md"] = grouped_page(
        "地区", "按地区列出文件（取自来源说明或标题、发布机构中的地名）。", documents, region_of,
        "place")
    files["indexes/tags.md"] = _page("标签", "文件页面按其措施的主要主题加注标签。", "",
                                     "<!-- material/tags -->")
    files["indexes/index.md"] = _page(
        "索引", "- [主题](../themes/index.md)：文件 × 主题矩阵与各主题的措施",
        "- [牵头单位](lead-units.md)：各部门牵头的措施", "- [量化目标](targets.md)：按年份排列的数量目标",
        "- [发布机构](issuers.md)", "- [年份](years.md)", "- [地区](places.md)",
        "- [标签](tags.md)", "- [政策用语词表](../glossary.md)")
    files["glossary.md"] = glossary_page(documents, analysis)
    return files
