"""Every link and anchor of the rendered pages exists: the check of the built site.

``mkdocs build --strict`` validates links written as Markdown links to ``.md`` files. Some
blocks of the generated pages are written as raw HTML (the similar measures, the theme
chips) so that Python-Markdown does not reparse them; MkDocs does not look inside raw HTML.
This module checks the HTML MkDocs made for every page, whatever produced it: each
relative ``href`` must name a published page or file, and its ``#fragment`` an ``id`` on
that page. The MkDocs hook runs it once all pages are rendered, before anything is written.
What the check reads of a page (:func:`read_page`: its anchors, its links resolved) depends
on the page's URL and HTML alone, so the render cache keeps it with the page's conversion
(``build_tools.render_cache``) and a rebuild reads again only the pages it converted.

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


@dataclass(frozen=True)
class PageLinks:
    """What the check needs of one page, read from its URL and HTML alone (so it can be
    kept with the page's conversion, ``build_tools.render_cache``)."""

    ids: frozenset[str]  # the anchors the page offers
    links: tuple[tuple[str, str, str], ...]  # each local link once: (as written, target path, #fragment)


def read_page(url: str, content: str) -> PageLinks:
    """The anchors and the local links of the page at ``url`` (as MkDocs gives it:
    ``documents/x/``, ``""`` for the home page) whose HTML is ``content``, each link
    resolved to a site path (``index.html`` dropped) and an unquoted fragment."""
    base = "/" + url
    seen: set[str] = set()
    links = []
    for raw in _HREF.findall(content):
        href = html.unescape(raw)
        if href in seen or not _local(href):
            continue
        seen.add(href)
        target = urlsplit(urljoin(base, href))
        links.append((href, _key(unquote(target.path)), unquote(target.fragment)))
    return PageLinks(page_ids(content), tuple(links))


def check(pages: Mapping[str, tuple[str, PageLinks]], files: Iterable[str]) -> list[BrokenLink]:
    """Links of ``pages`` (source path → (URL, :func:`read_page` of it)) whose target or
    anchor does not exist; ``files`` are the URLs of every other published file."""
    ids = {"/" + url: read.ids for url, read in pages.values()}
    known = set(ids) | {"/" + url for url in files}
    problems: list[BrokenLink] = []
    for source, (url, read) in sorted(pages.items()):
        for href, path, fragment in read.links:
            if path not in known:
                problems.append(BrokenLink(source, href, "no such page or file on the site"))
            elif fragment and path in ids and fragment not in ids[path]:
                problems.append(BrokenLink(source, href, f"the page {path} has no anchor '#{fragment}'"))
    return problems


def broken_links(pages: Mapping[str, tuple[str, str]], files: Iterable[str]) -> list[BrokenLink]:
    """Links of ``pages`` whose target or anchor does not exist.

    ``pages`` maps each page's source path to ``(its URL, its rendered HTML)``, URLs as
    MkDocs gives them (``documents/x/``, ``""`` for the home page); ``files`` are the URLs of
    every other published file (stylesheets, data, images). Links with a scheme or a host
    are not checked.
    """
    return check({source: (url, read_page(url, content)) for source, (url, content) in pages.items()},
                 files)
