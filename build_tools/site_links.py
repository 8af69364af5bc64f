"""Every link and anchor of the rendered pages exists: the check of the built site.

``mkdocs build --strict`` validates links written as Markdown links to ``.md`` files. Some
blocks of the generated pages are written as raw HTML (the similar measures, the theme
chips) so that Python-Markdown does not reparse them; MkDocs does not look inside raw HTML.
This module checks the HTML MkDocs made for every page, whatever produced it: each
relative ``href`` must name a published page or file, and its ``#fragment`` an ``id`` on
that page. The MkDocs hook runs it once all pages are rendered, before anything is written.

It reads attributes with a pattern, not a full HTML parser: the pages' HTML comes from
Python-Markdown and from the build's own templates, which always double-quote attribute
values, and untrusted text reaches them only escaped (``build_tools.safe_markup``).
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import re
from urllib.parse import unquote, urljoin, urlsplit

_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_NAME = re.compile(r'<a\b[^>]*?\sname="([^"]*)"')


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's source file (``documents/x.md``)
    href: str  # the link as written in the page's HTML
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: link '{self.href}': {self.problem}"


def page_ids(content: str) -> frozenset[str]:
    """The anchors a page's HTML offers (``id`` on any element, ``name`` on ``<a>``)."""
    ids = {html.unescape(v) for v in _ID.findall(content)}
    ids.update(html.unescape(v) for v in _NAME.findall(content))
    return frozenset(ids)


def _local(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and not href.startswith("//")


def _key(path: str) -> str:
    """A site path with ``index.html`` dropped: ``/documents/x/index.html`` → ``/documents/x/``."""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def broken_links(pages: Mapping[str, tuple[str, str]], files: Iterable[str]) -> list[BrokenLink]:
    """Links of ``pages`` whose target or anchor does not exist.

    ``pages`` maps each page's source path to ``(its URL, its rendered HTML)``, URLs as
    MkDocs gives them (``documents/x/``, ``""`` for the home page); ``files`` are the URLs of
    every other published file (stylesheets, data, images). Links with a scheme or a host
    are not checked.
    """
    ids = {"/" + url: page_ids(content) for url, content in pages.values()}
    known = set(ids) | {"/" + url for url in files}
    problems: list[BrokenLink] = []
    for source, (url, content) in sorted(pages.items()):
        base = "/" + url
        seen: set[str] = set()
        for raw in _HREF.findall(content):
            href = html.unescape(raw)
            if href in seen or not _local(href):
                continue
            seen.add(href)
            target = urlsplit(urljoin(base, href))
            path = _key(unquote(target.path))
            if path not in known:
                problems.append(BrokenLink(source, href, "no such page or file on the site"))
            elif target.fragment and path in ids and unquote(target.fragment) not in ids[path]:
                problems.append(BrokenLink(source, href, f"the page {path} has no anchor "
                                                         f"'#{unquote(target.fragment)}'"))
    return problems
