"""A content-addressed cache of MkDocs' Markdown → HTML step, so a rebuild re-renders only
the pages whose Markdown changed.

Converting Markdown is most of what ``mkdocs build`` does (about 85% of it on this
archive); the templates, the static files and the search index are cheap beside it. A
page's conversion depends only on its Markdown (after the ``on_page_markdown`` events, so
the tags plugin's listing counts), on where it is, on the Markdown extensions and their
settings, on the validation settings, and on which files the site has (a link to a page
that exists resolves, one to a page that does not gives a warning). The key of a page is
the SHA-256 of all of these, of this module and the MkDocs hook (which changes how anchors
are read) and of the versions of MkDocs, Python-Markdown and Material;
its entry holds what ``Page.render`` sets: the HTML, the table of contents, the title
found in the HTML, the page's anchors, its links to anchors of other pages (checked after
rendering, as MkDocs does), what the site's link check reads of its HTML (its ids and its
local links resolved, ``build_tools.site_links.read_page``) and the warnings the
conversion logged, which a cached page logs again so that ``--strict`` fails exactly as a
full build does.

Entries live one JSON file each under ``.cache/render/`` beside ``mkdocs.yml``, written
by rename (a build stopped half-way leaves no half entry); after a build, entries no page
used are removed. Deleting the folder is always safe: the next build is a full one.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from build_tools.site_links import PageLinks, read_page
from build_tools.versions import package_versions

_PACKAGES = ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions")


def _code() -> str:
    """A digest of the code that renders a page here: this module, the MkDocs hook and
    the link check's reading of a page."""
    digest = hashlib.sha256()
    for name in ("render_cache.py", "mkdocs_hook.py", "site_links.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def _tokens(items) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)}
            for a in items]


class _Warnings(logging.Handler):
    """Records what the ``mkdocs`` loggers say at WARNING or above while a page renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


class RenderCache:
    """Serves ``Page.render`` from ``folder`` when a page's inputs are unchanged."""

    def __init__(self, folder: Path, config, files) -> None:
        self.folder = folder
        self.hits = self.misses = 0
        self.used: set[str] = set()
        site = sorted((f.src_uri, f.url, str(f.inclusion)) for f in files)
        context = {
            "versions": package_versions(_PACKAGES),
            "code": _code(),
            "extensions": [str(e) for e in config["markdown_extensions"]],
            "mdx_configs": config["mdx_configs"],
            "validation": str(config["validation"]),
            "use_directory_urls": config["use_directory_urls"],
            "files": site,
        }
        self.context = hashlib.sha256(
            json.dumps(context, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()

    def _key(self, page: Page) -> str:
        digest = hashlib.sha256()
        for part in (self.context, page.file.src_uri, page.markdown or ""):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def render(self, page: Page, original, config, files) -> None:
        """``original(page, config, files)``, or its stored result."""
        key = self._key(page)
        self.used.add(key)
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entry = None
        if entry is not None:
            self.hits += 1
            self._restore(page, entry, files)
            return
        self.misses += 1
        handler = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            original(page, config, files)
        finally:
            logger.removeHandler(handler)
        self._store(key, page, handler.records)

    def _restore(self, page: Page, entry: dict, files) -> None:
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if entry["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(src): links
                                     for src, links in entry["links"].items()}
        ids, links = entry["site_links"]
        page.archive_links = (page.content, PageLinks(frozenset(ids), tuple(tuple(link) for link in links)))
        for name, level, message in entry["warnings"]:
            logging.getLogger(name).log(level, message)

    def _store(self, key: str, page: Page, warnings: list[list]) -> None:
        links = getattr(page, "links_to_anchors", None)
        read = read_page(page.url, page.content or "")
        page.archive_links = (page.content, read)
        entry = {
            "content": page.content,
            "toc": _tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: l for f, l in links.items()},
            "warnings": warnings,
            "site_links": [sorted(read.ids), [list(link) for link in read.links]],
        }
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, path)
        except OSError:
            pass  # a cache that cannot be written only costs the next build time

    def prune(self) -> int:
        """Remove entries this build did not use: how many."""
        removed = 0
        for path in self.folder.glob("*/*.json") if self.folder.is_dir() else ():
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        for path in self.folder.glob("*/*.tmp") if self.folder.is_dir() else ():
            path.unlink(missing_ok=True)
        return removed
