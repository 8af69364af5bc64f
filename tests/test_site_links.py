"""Every link and anchor of the rendered pages exists, raw HTML included (build_tools.site_links)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from build_tools.site_links import broken_links, page_ids
from sitebuild import build_env, copy_static_docs, write_mkdocs_config

PAGES = {
    "index.md": ("", '<p><a href="documents/a/#sec_1">a</a> <a href="https://example.org/x">x</a></p>'),
    "documents/a.md": ("documents/a/", '<h2 id="sec_1">一</h2><a href="#sec_1">¶</a>'
                                       '<details class="similar"><summary>相似措施（1）</summary><ul>'
                                       '<li><a href="../b/#item_2">b</a></li></ul></details>'),
    "documents/b.md": ("documents/b/", '<h3 id="item_2">2</h3><a href="../../stylesheets/archive.css">css</a>'),
}
FILES = ["stylesheets/archive.css"]


def test_links_to_existing_pages_anchors_and_files_pass():
    assert broken_links(PAGES, FILES) == []


def test_link_to_a_missing_anchor_in_raw_html_is_reported():
    pages = dict(PAGES, **{"documents/a.md": ("documents/a/", '<h2 id="sec_1">一</h2><a href="../b/#item_9">b</a>')})
    [problem] = broken_links(pages, FILES)
    assert (problem.page, problem.href) == ("documents/a.md", "../b/#item_9")
    assert "#item_9" in str(problem)


def test_link_to_a_missing_page_is_reported():
    pages = dict(PAGES, **{"documents/b.md": ("documents/b/", '<a href="../c/#x">c</a><p id="item_2"></p>')})
    assert [p.href for p in broken_links(pages, FILES)] == ["../c/#x"]


def test_same_page_anchor_must_exist():
    pages = dict(PAGES, **{"documents/b.md": ("documents/b/", '<p id="item_2"></p><a href="#gone">¶</a>')})
    assert [p.href for p in broken_links(pages, FILES)] == ["#gone"]


def test_index_html_and_escaped_hrefs_resolve():
    pages = dict(PAGES, **{"index.md": ("", '<a href="documents/b/index.html#item_2">b</a>'
                                            '<a href="documents/a/?q=1&amp;r=2#sec_1">a</a>')})
    assert broken_links(pages, FILES) == []


def test_page_ids_read_ids_and_anchor_names():
    assert page_ids('<h2 id="a">x</h2><a name="b"></a><p id="c&amp;d"></p>') == {"a", "b", "c&d"}


def _strict_build(root: Path, pages: dict[str, str], corpus: str) -> tuple[subprocess.CompletedProcess, Path]:
    """``mkdocs build --strict`` of a project holding the hand-written docs, ``pages`` and
    ``corpus`` as its export, over a published ``site/`` that holds only ``previous.html``."""
    docs = root / "docs"
    (docs / "data").mkdir(parents=True)
    copy_static_docs(docs)
    (docs / "data" / "corpus.json").write_text(corpus, encoding="utf-8")
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = write_mkdocs_config(root)
    site = root / "site"
    site.mkdir()
    (site / "previous.html").write_text("old", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          cwd=root, env=build_env(), capture_output=True, text=True, timeout=300)
    return done, site


def test_broken_raw_html_link_fails_the_strict_build(tmp_path: Path):
    """A raw-HTML link MkDocs itself does not validate still stops ``mkdocs build --strict``,
    before the previous site is replaced."""
    done, site = _strict_build(tmp_path / "project", {
        "index.md": '# 首页\n\n<p><a href="documents/nowhere/#sec_1">断链</a></p>\n',
        "glossary.md": "# 词表\n"}, '{"version": 1, "documents": []}')
    assert done.returncode != 0
    assert "index.md: link 'documents/nowhere/#sec_1': no such page or file on the site" in done.stderr
    assert (site / "previous.html").read_text(encoding="utf-8") == "old"
    shutil.rmtree(tmp_path / "project")


def test_a_strict_build_ending_in_warnings_leaves_the_published_site(tmp_path: Path):
    """MkDocs aborts a strict build with warnings only after its last event, where the
    staged site would be swapped in: the previous site must stay."""
    # every link resolves; the index pages the navigation names are missing: warnings only
    done, site = _strict_build(tmp_path / "project", {
        "index.md": "# 首页\n", "glossary.md": "# 词表\n", "feed.xml": "<feed/>"},
        '{"version": 1, "documents": [{"id": "a", "url": "documents/a/", "title": "甲", '  # one
        '"clauses": [{"id": "preface", "label": "序言", "text": "正文"}]}]}')  # for the search index
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Aborted with" in output and "in strict mode" in output, output[-2000:]
    assert "broken link" not in output
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]
    assert (site / "previous.html").read_text(encoding="utf-8") == "old"
    shutil.rmtree(tmp_path / "project")


def test_a_search_index_that_cannot_be_written_fails_the_build_after_the_link_check(tmp_path: Path):
    """The index is written before MkDocs reads the pages, but its failure (Pagefind
    refuses an export without documents) stops the build only after the pages are
    checked, and the previous site stays."""
    done, site = _strict_build(tmp_path / "project", {"index.md": "# 首页\n", "glossary.md": "# 词表\n",
                                                      "feed.xml": "<feed/>"},
                               '{"version": 1, "documents": []}')
    assert done.returncode != 0
    assert "search index: pagefind exited" in done.stderr, done.stderr[-2000:]
    assert "[mkdocs] links:" in done.stderr
    assert (site / "previous.html").read_text(encoding="utf-8") == "old"
    shutil.rmtree(tmp_path / "project")
