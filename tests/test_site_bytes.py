"""The site-bytes report: every file in one kind, every byte of a document page in one part."""
from __future__ import annotations

from pathlib import Path

from bench.site_bytes import KINDS, PARTS, by_kind, kind_of, page_parts, report

PAGE = ('<html><head><title>t</title></head><body><header>页眉</header>'
        '<div class="md-container"><div class="md-sidebar md-sidebar--primary">导航</div>'
        '<div class="md-sidebar md-sidebar--secondary">目录</div>'
        '<div class="md-content"><article><h2 id="a">一、标题<a class="headerlink" href="#a" title="本条链接">¶</a></h2>'
        '<p>正文<abbr class="gloss" tabindex="0" aria-describedby="gloss-0123456789">词</abbr>。</p>'
        '<p class="clause-facts"><b>主题</b> <a href="../../themes/x/">主题名</a></p>'
        '<details class="similar"><summary>相似措施（1）</summary><ul><li>…</li></ul></details>'
        '<div class="gloss-defs" hidden><span id="gloss-0123456789">词：释义</span></div>'
        '<div id="clause-citations" hidden data-url="[0]"></div>'
        '</article></div></div><footer>页脚</footer></body></html>')


def test_each_path_has_the_kind_its_folder_says() -> None:
    assert kind_of("documents/abc/index.html") == "document pages"
    assert kind_of("data/corpus.json") == "corpus.json"
    assert kind_of("data/documents/abc.json.gz") == "document data"
    assert kind_of("pagefind/fragment/x.pf_fragment") == "pagefind"
    assert kind_of("themes/industry/2015-2019/index.html") == "theme pages"
    assert kind_of("indexes/years/index.html") == kind_of("glossary/index.html") == "index pages"
    assert kind_of("index.html") == "index pages"
    assert kind_of("about/index.html") == "other pages"
    assert kind_of("assets/stylesheets/main.css") == kind_of("glossary.css") == "assets, other"


def test_the_parts_of_a_page_add_up_to_its_bytes() -> None:
    parts = page_parts(PAGE)
    assert list(parts) == list(PARTS)
    assert sum(parts.values()) == len(PAGE.encode("utf-8"))
    for name in ("head and header", "navigation", "table of contents", "footer", "similar measures",
                 "glossary terms", "theme chips", "citations block", "permalinks", "markup", "text"):
        assert parts[name] > 0, name
    assert parts["text"] == len("一、标题正文词。".encode("utf-8"))


def test_the_report_counts_every_file_once(tmp_path: Path) -> None:
    files = {"documents/a/index.html": PAGE, "data/corpus.json": "{}", "pagefind/x": "12345",
             "assets/app.js": "x"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    sizes = by_kind(tmp_path)
    assert list(sizes) == list(KINDS)
    assert sum(sizes.values()) == sum(len(t.encode("utf-8")) for t in files.values())
    result = report(tmp_path)
    assert result["documents"] == 1
    assert result["document_page_parts"] == page_parts(PAGE)
