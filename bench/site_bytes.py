"""What a built site's bytes are: by kind of file, and inside the document pages.

    python -m bench.site_bytes SITE [--json]

Kinds (every file under SITE is in exactly one):

``document pages``   ``documents/*/index.html``
``corpus.json``      ``data/corpus.json``
``document data``    ``data/documents/*`` (one document's export each)
``pagefind``         the search index, ``pagefind/``
``theme pages``      ``themes/**.html``
``index pages``      ``indexes/**.html``, the glossary page and the home page
``other pages``      every other ``.html`` (about, 404, tags)
``assets, other``    everything else (the theme's scripts, styles and fonts, sitemap, feed)

Inside the document pages, the bytes of all of them are split into parts, matched in
this order on each page's HTML (a byte is counted once, in the first part that takes it):

``head and header``  from the start to Material's main container (head, header, search
                     dialog, tabs)
``navigation``       the primary sidebar (the site's navigation)
``table of contents`` the secondary sidebar
``footer``           from the end of the article to the end of the page
``similar measures`` ``<details class="similar">`` blocks
``glossary terms``   ``<abbr class="gloss" …>`` tags and the page's definitions list
``theme chips``      ``<p class="clause-facts">`` paragraphs (lead units, themes, targets)
``citations block``  ``#clause-citations``
``permalinks``       the headings' ``¶`` links
``markup``           every other tag of the article
``text``             the article's text, character references as written
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

KINDS = ("document pages", "corpus.json", "document data", "pagefind", "theme pages",
         "index pages", "other pages", "assets, other")


def kind_of(relative: str) -> str:
    """The kind of a file of the site, by its path relative to the site (``/``-separated)."""
    if re.fullmatch(r"documents/[^/]+/index\.html", relative):
        return "document pages"
    if relative == "data/corpus.json":
        return "corpus.json"
    if relative.startswith("data/documents/"):
        return "document data"
    if relative.startswith("pagefind/"):
        return "pagefind"
    if relative.endswith(".html"):
        if relative.startswith("themes/"):
            return "theme pages"
        if relative.startswith(("indexes/", "glossary/")) or relative == "index.html":
            return "index pages"
        return "other pages"
    return "assets, other"


def by_kind(site: Path) -> dict[str, int]:
    """Bytes of every file under ``site``, summed by kind (``KINDS``)."""
    sizes = dict.fromkeys(KINDS, 0)
    for path in site.rglob("*"):
        if path.is_file():
            sizes[kind_of(path.relative_to(site).as_posix())] += path.stat().st_size
    return sizes


PARTS = ("head and header", "navigation", "table of contents", "footer", "similar measures",
         "glossary terms", "theme chips", "citations block", "permalinks", "markup", "text")
_ARTICLE_PARTS = (
    ("similar measures", re.compile(r'<details class="similar">.*?</details>', re.S)),
    ("glossary terms", re.compile(r'<abbr class="gloss"[^>]*>|</abbr>|<div class="gloss-defs".*?</div>', re.S)),
    ("theme chips", re.compile(r'<p class="clause-facts".*?</p>', re.S)),
    ("citations block", re.compile(r'<div id="clause-citations".*?</div>', re.S)),
    ("permalinks", re.compile(r'<a class="headerlink"[^>]*>¶</a>')),
    ("markup", re.compile(r"<[^>]*>")),
)


def page_parts(page: str) -> dict[str, int]:
    """The UTF-8 bytes of one document page's HTML, split into ``PARTS``."""
    parts = dict.fromkeys(PARTS, 0)

    def size(text: str) -> int:
        return len(text.encode("utf-8"))

    main = page.find('<div class="md-container"')
    nav = page.find('<div class="md-sidebar md-sidebar--primary"')
    toc = page.find('<div class="md-sidebar md-sidebar--secondary"')
    content = page.find('<div class="md-content"')
    end = page.find("</article>")
    if min(main, nav, toc, content, end) < 0:  # not a Material page: all of it is article
        main = nav = toc = content = 0
        end = len(page)
    parts["head and header"] = size(page[:nav])
    parts["navigation"] = size(page[nav:toc])
    parts["table of contents"] = size(page[toc:content])
    parts["footer"] = size(page[end:])
    article = page[content:end]
    for name, pattern in _ARTICLE_PARTS:
        parts[name] += sum(size(m.group(0)) for m in pattern.finditer(article))
        article = pattern.sub("", article)
    parts["text"] = size(article)
    return parts


def document_page_parts(site: Path) -> dict[str, int]:
    """``page_parts`` summed over every document page of ``site``."""
    total = dict.fromkeys(PARTS, 0)
    for path in sorted(site.glob("documents/*/index.html")):
        for name, value in page_parts(path.read_text(encoding="utf-8")).items():
            total[name] += value
    return total


def report(site: Path) -> dict:
    """Bytes by kind and the document pages' parts, with the number of documents."""
    documents = len(list(site.glob("documents/*/index.html")))
    kinds = by_kind(site)
    return {"site": str(site), "documents": documents, "total_bytes": sum(kinds.values()),
            "by_kind": kinds, "document_page_parts": document_page_parts(site)}


def _table(result: dict) -> str:
    docs = max(result["documents"], 1)
    lines = [f"{result['site']}: {result['documents']} documents, "
             f"{result['total_bytes'] / 1e6:.1f} MB, {result['total_bytes'] / docs / 1e3:.1f} KB/doc"]
    for title, values in (("by kind", result["by_kind"]),
                          ("inside document pages", result["document_page_parts"])):
        lines.append(f"  {title}:")
        for name, value in values.items():
            lines.append(f"    {name:<20} {value / 1e6:8.2f} MB {value / docs / 1e3:8.1f} KB/doc")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.site_bytes",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site}: no such folder")
    result = report(args.site)
    print(json.dumps(result, ensure_ascii=False) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
