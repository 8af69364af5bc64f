"""The parts of a document page around its text: breadcrumb, 来源 link, the way back, and
the citations the copy controls read."""
from __future__ import annotations

import html
import re

from build_tools.cite import gbt7714_citation, plain_citation
from build_tools.model import Analysis, ClauseRef
from build_tools.render import document_page

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
    assert "[本文件数据（JSON）](../data/documents/shaoxing.json)" in text


def test_the_citations_on_the_page_are_those_of_the_export_and_only_attributes() -> None:
    hostile = document(issuer='<img src=x onerror="alert(1)">')
    text = document_page(hostile, Analysis(), {hostile.id: hostile.title},
                         {ClauseRef(hostile.id, CLAUSE.id): CLAUSE}, BASE)
    block = re.search(r'<div id="clause-citations" hidden>(.*?)</div>', text).group(1)
    assert "<img" not in block
    spans = re.findall(r'<span data-clause="([^"]*)" data-url="([^"]*)" data-plain="([^"]*)" '
                       r'data-gb="([^"]*)"></span>', block)
    assert [tuple(html.unescape(v) for v in s) for s in spans] == [
        (CLAUSE.id, f"{BASE}documents/shaoxing/#{CLAUSE.id}", plain_citation(hostile, CLAUSE, BASE),
         gbt7714_citation(hostile, CLAUSE, BASE))]
