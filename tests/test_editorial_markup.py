"""Editorial files (notes, glossary, themes, sidecars) never put markup or script on a page.

Unit tests of the shared sanitiser (``build_tools.safe_markup``) and of each renderer that
takes editorial text, then the whole archive of ``tests/fixtures/editorial/`` built in both
index layouts and read element by element. ``tests/browser/test_editorial_markup.py`` opens
the same archive in Chromium and listens for dialogs.
"""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml

from build_tools import render_indexes
from build_tools.build import load_corpus
from build_tools.glossary import load_glossary
from build_tools.model import Analysis, ClauseRef, GlossaryEntry, Note, Theme
from build_tools.notes import load_notes
from build_tools.render import document_page, tag_name
from build_tools.safe_markup import (SITE_EXTENSIONS, editorial_markdown, html_comment,
                                     markdown_faults, safe_url)
from editorial_site import ALERT, EDITORIAL, EditorialSite, build_editorial_site
from pagetext import Element, parse

ROOT = Path(__file__).resolve().parent.parent
MD_EXTENSIONS = [*SITE_EXTENSIONS, "toc"]

LIVE_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#0000106avascript:alert(1)",
    "java&#x09;script:alert(1)", "&amp;#106;avascript:alert(1)", "javascript&colon;alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)", "java\u200bscript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
]
SAFE_URLS = ["https://example.org/a?b=1#c", "HTTP://example.org/", "mailto:editor@example.org",
             "../glossary.md", "other.md#sec_1", "#sec_2", "/x/y", "//example.org/", "a/b:c"]


@pytest.mark.parametrize("url", LIVE_URLS)
def test_safe_url_refuses_script_and_other_schemes_however_written(url: str) -> None:
    assert not safe_url(url)


@pytest.mark.parametrize("url", SAFE_URLS)
def test_safe_url_allows_http_https_mailto_and_relative_links(url: str) -> None:
    assert safe_url(url)


LIVE_MARKDOWN = [
    "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "![x](javascript:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](java&#x09;script:alert(1))", "[x](java\nscript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)", "[r]: javascript:alert(1)",
    '[x](https://example.org/){: onclick="alert(1)" }', "段落\n{: onmouseover=alert(1) }",
    "[x](https://example.org/){: #evil }", '![x](https://example.org/a.png){: onerror="alert(1)" }',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


@pytest.mark.parametrize("text", LIVE_MARKDOWN)
def test_markdown_with_a_live_link_or_an_attribute_is_faulty_and_shown_literally(text: str) -> None:
    assert markdown_faults(text)
    rendered = markdown.markdown(editorial_markdown(text), extensions=MD_EXTENSIONS)
    assert set(re.findall(r"<(\w+)", rendered)) <= {"p"}, rendered  # literal paragraphs only
    assert not re.search(r"<\w+\s", rendered), rendered  # with no attribute


@pytest.mark.parametrize("text", [
    "见**词表**。", "另见[腾笼换鸟](../glossary.md)。", "[出处](https://example.org/x \"标题\")",
    "[来信](mailto:editor@example.org)", "- 一\n- 二\n\n1. 甲\n2. 乙", "| a | b |\n|:-|-:|\n| 1 | 2 |",
    "R&D 与 &amp;", "<script>alert(1)</script>与<img src=x onerror=alert(1)>", "`code`",
])
def test_prose_markdown_passes_and_raw_html_stays_text(text: str) -> None:
    assert markdown_faults(text) == []
    rendered = markdown.markdown(editorial_markdown(text), extensions=MD_EXTENSIONS)
    assert "<script" not in rendered and "<img" not in rendered


def test_html_comment_refuses_a_body_that_would_close_it() -> None:
    assert html_comment("material/tags") == "<!-- material/tags -->"
    for body in ("a-->b", "a--!>b", "<!--x", ">x", "x-"):
        with pytest.raises(ValueError):
            html_comment(body)


# ---------------------------------------------------------------------------
# Loaders: a faulty field is an error at its line


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def documents():
    return load_corpus(ROOT / "seeds")[0]


DOC = "000-aa956a1b4a998e8a"


def test_a_note_with_a_javascript_link_is_refused_at_its_line(tmp_path: Path, documents) -> None:
    _write(tmp_path / "annotations" / f"{DOC}.yml",
           "- clause: preface\n  note: 好的注释。\n"
           "- clause: preface\n  note: '[x](JavaScript:alert(1))'\n")
    notes, problems = load_notes(tmp_path / "annotations", documents)
    assert [n.note for n in notes[DOC]] == ["好的注释。"]
    assert [(p.line, p.severity) for p in problems] == [(4, "error")]
    assert "javascript" in problems[0].message.lower() and "not published" in problems[0].message


def test_a_note_source_that_breaks_out_of_the_link_is_refused(tmp_path: Path, documents) -> None:
    _write(tmp_path / "annotations" / f"{DOC}.yml",
           "- clause: preface\n  note: 注释。\n  source: 'https://e.com/\"><script>alert(68)</script>'\n")
    notes, problems = load_notes(tmp_path / "annotations", documents)
    assert notes[DOC][0].source is None
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]


def test_a_glossary_definition_with_a_live_link_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "glossary.yml",
                  "- term: 好词\n  definition: 解释。\n  origin: 来源。\n"
                  "- term: 坏词\n  definition: '![x](JaVa&#x09;ScRiPt:alert(1))'\n  origin: 来源。\n")
    entries, problems = load_glossary(path)
    assert [e.term for e in entries] == ["好词"]
    assert [(p.line, p.severity) for p in problems] == [(5, "error")]


# ---------------------------------------------------------------------------
# Renderers: whatever reaches them, nothing live comes out


def _html(page: str) -> str:
    return markdown.markdown(page.split("---\n", 2)[2], extensions=MD_EXTENSIONS)


def _live(html: str) -> list[str]:
    found = re.findall(r"<script[^>]*>|\son\w+=|(?:href|src)=\"\s*(?!https?:|mailto:|\.|#|/|[\w-]+(?:/|\.md|$))"
                       r"[^\"]*\"|<svg|<img src=\"x\"", html)
    return found + [m for m in re.findall(r'href="([^"]*)"', html) if not safe_url(m)]


def test_a_note_given_to_the_renderer_is_never_live(documents) -> None:
    doc = next(d for d in documents if d.id == DOC)
    notes = {DOC: (Note(clause="preface", note="[x](javascript:alert(1)) <script>alert(2)</script>",
                        source='https://e.com/"><script>alert(68)</script>', date="2020-01-01"),
                   Note(clause="preface", note="[好](https://example.org/)",
                        source="javascript:alert(3)"))}
    html = _html(document_page(doc, Analysis(notes=notes), {d.id: d.title for d in documents}, {}))
    assert "alert(1)" in unescape(html) and "alert(68)" in unescape(html)  # on the page …
    assert not _live(html), _live(html)  # … as text


def test_theme_names_as_page_tags_are_escaped_text(documents) -> None:
    doc = next(d for d in documents if d.id == DOC)
    theme = Theme(id="industry", name='产业<script>alert(31)</script>"><svg onload=alert(31)>',
                  scope="s", keywords=())
    analysis = Analysis(themes=(theme,), clause_themes={ClauseRef(DOC, c.id): ("industry",)
                                                        for c in doc.clauses})
    page = document_page(doc, analysis, {DOC: doc.title}, {})
    tags = yaml.safe_load(page.split("---\n", 2)[1])["tags"]
    assert tags == [tag_name(theme.name)] and not re.search(r"[<>\"]", tags[0])


def test_theme_names_cannot_close_the_tags_comment_of_a_large_archive(monkeypatch, documents) -> None:
    names = ["甲-->乙<script>alert(31)</script>", "a--!>b", '"><!--', "普通主题"]
    themes = tuple(Theme(id=f"t{i}", name=n, scope="s", keywords=()) for i, n in enumerate(names))
    analysis = Analysis(themes=themes, clause_themes={
        ClauseRef(d.id, c.id): (f"t{i % len(names)}",) for i, d in enumerate(documents)
        for c in d.clauses})
    monkeypatch.setattr(render_indexes, "PAGE_BYTES", 0)
    pages = render_indexes.tag_pages(documents, analysis)
    listings = {p: v for p, v in pages.items() if p.startswith("indexes/tags/")}
    assert len(listings) == len(names)
    for page, text in listings.items():
        comments = re.findall(r"<!--(.*?)-->", text, flags=re.S)
        assert text.count("<!--") == len(comments) == 1, page
        args = yaml.safe_load(comments[0].strip().removeprefix("material/tags"))
        theme = next(t for t in themes if page == f"indexes/tags/{t.id}.md")
        assert args == {"include": [tag_name(theme.name)]}


def test_a_glossary_entry_given_to_the_renderer_is_never_live(documents) -> None:
    entry = GlossaryEntry(term="腾笼换鸟", definition="[x](javascript:alert(1)) <b>粗</b>",
                          origin='"><script>alert(2)</script>', aliases=('别"><svg onload=alert(3)>',))
    html = _html(render_indexes.glossary_pages(documents, Analysis(glossary=(entry,)))["glossary.md"])
    assert "alert(1)" in unescape(html) and not _live(html), _live(html)


# ---------------------------------------------------------------------------
# The whole archive of hostile editorial files


@pytest.fixture(scope="module", params=["one-page", "split"])
def editorial_site(request, tmp_path_factory) -> EditorialSite:
    return build_editorial_site(tmp_path_factory.mktemp(f"editorial-{request.param}"),
                                request.param)


EXPECTED_ERRORS = {  # file, line → what the error is about
    ("annotations/hostile-sidecar.yml", 7): "javascript",
    ("annotations/hostile-sidecar.yml", 9): "onmouseover",
    ("annotations/hostile-sidecar.yml", 12): "source",
    ("glossary.yml", 10): "javascript", ("glossary.yml", 13): "ScRiPt",
    ("glossary.yml", 16): "onclick", ("glossary.yml", 19): "javascript",
}


def test_hostile_editorial_fields_are_refused_with_file_and_line(editorial_site) -> None:
    found = {}
    for line in editorial_site.problems:
        match = re.search(r"(annotations/[\w-]+\.yml|glossary\.yml):(\d+): error: (.*)", line)
        if match:
            found[match.group(1), int(match.group(2))] = match.group(3)
    for key, word in EXPECTED_ERRORS.items():
        assert key in found and word in found[key], (key, editorial_site.problems)


def _editorial_markup(element: Element) -> str | None:
    """Why ``element`` can only have come from an editorial payload, or None."""
    if any(name.startswith("on") for name in element.attrs):
        return f"event handler attribute {sorted(element.attrs)}"
    if element.tag == "script" and ALERT.search(element.text()):
        return "a script from an editorial file"
    if element.tag == "img" and element.attrs.get("src") == "x":
        return f"<{element.tag}> from an editorial file"
    for name in ("href", "src"):
        if name in element.attrs and not safe_url(element.attrs[name] or ""):
            return f"{name}={element.attrs[name]!r}"
    if element.id == "evil":
        return "an id from an editorial file"
    return None


def test_no_markup_from_an_editorial_file_reaches_any_page(editorial_site) -> None:
    problems = []
    pages = sorted(editorial_site.site.rglob("*.html"))
    for path in pages:
        for element in parse(path.read_text(encoding="utf-8")).iter():
            why = _editorial_markup(element)
            if why:
                problems.append(f"{path.relative_to(editorial_site.site)}:{element.line}: "
                                f"<{element.tag}>: {why}")
    assert not problems, "\n".join(problems[:40])


def test_every_editorial_payload_that_is_published_is_shown_as_text(editorial_site) -> None:
    """The fields that pass the loaders are on the pages, literally (so the test above saw them)."""
    shown = set()
    for path in sorted(editorial_site.site.rglob("*.html")):
        for text, _holder in parse(path.read_text(encoding="utf-8")).text_nodes():
            shown.update(int(n) for n in ALERT.findall(text))
    published = {31, 32, 33, 34, 42, 43, 51, 52, 53, 54, 55, 56, 61}
    assert published <= shown, f"payloads not shown as text: {sorted(published - shown)}"
