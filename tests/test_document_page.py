"""The parts of a document page around its text: breadcrumb, 来源 link, the way back, and
the citations the copy controls read."""
from __future__ import annotations

import dataclasses
import html
import json
import re
from html.parser import HTMLParser

import markdown

from build_tools.cite import clause_url, gbt7714_citation, plain_citation
from build_tools.model import Analysis, ClauseRef, Similar
from build_tools.render import SIMILAR_KEY, document_page

from test_cite import CLAUSE, document

BASE = "https://archive.example.cn/"


def page(**source) -> str:
    doc = document(**source)
    return document_page(doc, Analysis(), {doc.id: doc.title},
                         {ClauseRef(doc.id, c.id): c for c in doc.clauses}, BASE)


def test_the_source_url_is_a_link_named_laiyuan() -> None:
    text = page(source_url="https://www.sx.gov.cn/art/2006/9/1/art_1.html")
    assert ('<dt>来源</dt><dd><a href="https://www.sx.gov.cn/art/2006/9/1/art_1.html" '
            'rel="external noreferrer">') in text


def test_a_source_url_that_is_not_http_stays_text() -> None:
    text = page(source_url='javascript:alert("x")')
    assert "<a href=\"javascript" not in text
    assert "<dt>来源</dt><dd>javascript&#58;alert&#40;&#34;x&#34;&#41;</dd>" in text


def test_the_page_opens_with_a_breadcrumb_and_ends_with_the_way_back() -> None:
    text = page()
    crumb = text.index('<nav class="breadcrumb"')
    assert crumb < text.index("# 市区发展行动方案")
    assert "[首页](../index.md) › [文件列表](../index.md#documents)" in text
    assert "[← 返回文件列表](../index.md#documents)" in text
    assert "[本文件数据（JSON，gzip 压缩）](../data/documents/shaoxing.json.gz)" in text


class _Citations(HTMLParser):
    """Reads a page's HTML as ``clause-tools.js`` does: each form's pieces from
    ``#clause-citations``, each clause's id and label from its element (``id`` and
    ``data-label``), a clause's three forms in full from its span in the block."""

    def __init__(self) -> None:
        super().__init__()
        self.patterns: dict[str, list] = {}
        self.full: dict[str, tuple[str, str, str]] = {}
        self.clauses: dict[str, str] = {}
        self.inside = False

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if a.get("id") == "clause-citations":
            self.inside = True
            self.patterns = {k: json.loads(a[f"data-{k}"]) for k in ("url", "plain", "gb")}
        elif self.inside and "data-clause" in a:
            self.full[a["data-clause"]] = tuple(a[f"data-{k}"] for k in ("url", "plain", "gb"))
        elif "id" in a and "data-label" in a:
            self.clauses[a["id"]] = a["data-label"]

    def handle_endtag(self, tag) -> None:
        self.inside = self.inside and tag != "div"

    def found(self) -> dict[str, tuple[str, str, str]]:
        return {cid: self.full.get(cid) or tuple(
                    "".join(cid if p == 0 else label if p == 1 else p for p in self.patterns[k])
                    for k in ("url", "plain", "gb"))
                for cid, label in self.clauses.items()}


def as_html(markdown_text: str) -> str:
    """A page's Markdown as MkDocs makes it HTML (the extensions of ``mkdocs.yml``)."""
    body = markdown_text.split("---\n", 2)[2]  # without the front matter
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition",
                                               "pymdownx.details", "tables", "toc"])


def citations_read(page_html: str) -> dict[str, tuple[str, str, str]]:
    """Every clause's three citations as the copy controls give them."""
    reader = _Citations()
    reader.feed(page_html)
    return reader.found()


def test_the_citations_on_the_page_are_those_of_the_export_and_only_attributes() -> None:
    hostile = document(issuer='<img src=x onerror="alert(1)">')
    text = document_page(hostile, Analysis(), {hostile.id: hostile.title},
                         {ClauseRef(hostile.id, CLAUSE.id): CLAUSE}, BASE)
    block = re.search(r'<div id="clause-citations" hidden[^>]*>.*?</div>', text).group(0)
    assert "<img" not in block
    assert citations_read(as_html(text)) == {
        CLAUSE.id: (f"{BASE}documents/shaoxing/#{CLAUSE.id}", plain_citation(hostile, CLAUSE, BASE),
                    gbt7714_citation(hostile, CLAUSE, BASE))}


def test_the_document_part_of_a_citation_is_stated_once_per_page() -> None:
    doc = document()
    text = document_page(doc, Analysis(), {doc.id: doc.title}, {}, BASE)
    block = re.search(r'<div id="clause-citations" hidden[^>]*>.*?</div>', text).group(0)
    assert block.count(html.escape(doc.title, quote=True)) == 2  # the plain form and the GB/T form
    assert "<span" not in block  # the clause's id and label are read from its own element


def test_a_title_holding_a_stand_in_character_writes_the_citations_out_in_full() -> None:
    doc = dataclasses.replace(document(), title="市区\x00发展\x01方案")
    text = document_page(doc, Analysis(), {doc.id: doc.title}, {}, BASE)
    assert citations_read(as_html(text)) == {
        c.id: (clause_url(doc, c, BASE), plain_citation(doc, c, BASE), gbt7714_citation(doc, c, BASE))
        for c in doc.clauses}
    assert "data-cite=" not in text


def test_a_similar_block_says_once_what_each_item_line_holds() -> None:
    other = dataclasses.replace(CLAUSE, id="sec_1", label="一", heading="加强组织领导")
    doc, partner = document(), dataclasses.replace(document(), id="partner", title="另一方案")
    similar = {ClauseRef(doc.id, CLAUSE.id): tuple(
        Similar(target=ClauseRef("partner", "sec_1"), score=score, terms=("人才", "公寓"),
                strength=strength) for score, strength in ((0.91, "强"), (0.62, "较强")))}
    text = document_page(doc, Analysis(similar=similar), {doc.id: doc.title, "partner": partner.title},
                         {ClauseRef(doc.id, CLAUSE.id): CLAUSE, ClauseRef("partner", "sec_1"): other},
                         BASE)
    block = re.search(r'<details class="similar">.*?</details>', text).group(0)
    assert block.count(SIMILAR_KEY) == 1 and block.index(SIMILAR_KEY) < block.index("<li>")
    items = re.findall(r"<li>.*?</li>", block)
    assert items == [
        '<li><a href="../partner/#sec_1">《另一方案》一 加强组织领导</a><br><small>人才、公寓 · 强 · 91%</small></li>',
        '<li><a href="../partner/#sec_1">《另一方案》一 加强组织领导</a><br><small>人才、公寓 · 较强 · 62%</small></li>']
