"""Finished pages kept by everything they are made from, so a rebuild runs the theme's
templates only for the pages that changed.

After its Markdown is converted (``build_tools.render_cache``), each page still goes
through the theme's templates (Material's ``main.html`` and its partials: header,
navigation, table of contents, footer) and the hook's compaction
(``build_tools.compact_html``): after a note or glossary edit that is most of what MkDocs
does, for pages that come out the same. A finished page is a function of its template
context, so its key is the SHA-256 of

- the site's part, the same for every page of a build: the versions of MkDocs, Material,
  Jinja2, Python-Markdown and pymdown-extensions, the code of the hook, of this module
  and of the compaction, every file of the theme's ``custom_dir`` (the overrides), the
  configuration (every setting but the plugin and hook objects, whose code the versions
  and the hook's digest stand for), the build date MkDocs gives templates
  (``SOURCE_DATE_EPOCH``), and the navigation (every entry's kind, title and URL, nested);
- the page's part: its source path, URLs, title, front matter, converted HTML, table of
  contents, previous and next pages, and every other value that plugins put into its
  context (Material's tags plugin puts the page's tags with the URLs of their listings).

A context value this module cannot write down (an object that has no plain form) makes
the page uncached: it is rendered every time, never served from a wrong entry. Entries
are one file each (``.cache/pages/<xx>/<key>.html``) written by rename; after a build,
entries no page used are removed; deleting the folder is always safe.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from build_tools.versions import package_versions

_PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions")
_CODE = ("mkdocs_hook.py", "page_cache.py", "compact_html.py", "render_cache.py")
#: The context MkDocs itself gives every page; the site's part or the page's part of the
#: key stands for each of them. Anything else in a context was put there by a plugin.
_STANDARD = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript",
                       "mkdocs_version", "build_date_utc", "config", "page"})
#: Settings that are objects, not values: the versions and the hook's code stand for them.
_OBJECTS = frozenset({"plugins", "hooks"})
#: What a theme holds beside its settings.
_THEME = ("dirs", "static_templates")


class Unkeyable(ValueError):
    """A context value without a plain form: the page cannot be keyed."""


def plain(value: object, depth: int = 0) -> object:
    """``value`` as JSON-able data, or :class:`Unkeyable`. Objects are written as their
    kind and public attributes (Material's tag references as their name and links)."""
    if depth > 8:
        raise Unkeyable("nested too deep")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v, depth + 1) for v in value), key=repr)
    if isinstance(value, Mapping):  # the theme is one too, with its folders beside its settings
        items = [*value.items(), *((a, getattr(value, a)) for a in _THEME if hasattr(value, a))]
        return sorted(([str(k), plain(v, depth + 1)] for k, v in items), key=lambda kv: kv[0])
    links = getattr(value, "links", None)
    name = getattr(value, "name", None)
    if isinstance(name, str) and isinstance(links, list):  # a tag reference (Material's tags)
        return [type(value).__name__, name, [[getattr(l, "title", None), getattr(l, "url", None)]
                                             for l in links]]
    if hasattr(value, "url") and hasattr(value, "title"):  # a page, section or link of the nav
        return [type(value).__name__, getattr(value, "title", None), getattr(value, "url", None)]
    text = repr(value)
    if " at 0x" in text or text.startswith("<"):
        raise Unkeyable(f"no plain form for {type(value).__name__}")
    return [type(value).__name__, text]


def _tree_digest(folder: str | None) -> str:
    """A digest of every file under ``folder`` (names and bytes)."""
    digest = hashlib.sha256()
    if folder and Path(folder).is_dir():
        root = Path(folder)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def config_digest(config) -> str:
    """A digest of every setting but the plugin and hook objects."""
    settings = {}
    for key in sorted(config.keys()):
        if key not in _OBJECTS:
            try:
                settings[key] = plain(config[key])
            except Unkeyable:
                settings[key] = repr(config[key]) if " at 0x" not in repr(config[key]) else type(config[key]).__name__
    return hashlib.sha256(json.dumps(settings, ensure_ascii=False, default=str).encode()).hexdigest()


def nav_digest(nav) -> str:
    """A digest of the navigation: every entry's kind, title and URL, nested."""
    def entry(item) -> list:
        return [type(item).__name__, item.title, getattr(item, "url", None),
                [entry(child) for child in (getattr(item, "children", None) or ())]]
    return hashlib.sha256(json.dumps([entry(i) for i in nav.items], ensure_ascii=False).encode()).hexdigest()


def _neighbour(page) -> list | None:
    return None if page is None else [page.url, page.title]


def _toc(items) -> list:
    return [[a.level, a.id, a.title, _toc(a.children)] for a in items]


def page_part(context: dict) -> str:
    """A digest of what a page's context holds of the page itself and of its plugins'
    values (:class:`Unkeyable` if one has no plain form)."""
    page = context["page"]
    content = page.content or ""
    part = {
        "src": page.file.src_uri,
        "url": page.url,
        "canonical_url": page.canonical_url,
        "abs_url": page.abs_url,
        "edit_url": page.edit_url,
        "title": page.title,
        "meta": plain(page.meta),
        "content": hashlib.sha256(content.encode("utf-8")).hexdigest(),
        "toc": _toc(page.toc),
        "previous": _neighbour(page.previous_page),
        "next": _neighbour(page.next_page),
        "parents": [[type(p).__name__, p.title] for p in page.ancestors],
        "base_url": context.get("base_url"),
        "extra_css": plain(context.get("extra_css")),
        "extra_javascript": [str(s) for s in context.get("extra_javascript") or ()],
        "plugins": [[k, plain(v)] for k, v in sorted(context.items()) if k not in _STANDARD],
    }
    return hashlib.sha256(json.dumps(part, ensure_ascii=False, default=str).encode()).hexdigest()


class PageCache:
    """Finished pages under ``folder``, keyed by their template context."""

    def __init__(self, folder: Path, config) -> None:
        self.folder = folder
        self.hits = self.misses = self.unkeyed = 0
        self.used: set[str] = set()
        code = hashlib.sha256()
        for name in _CODE:
            code.update((Path(__file__).parent / name).read_bytes())
        self._fixed = {
            "versions": package_versions(_PACKAGES),
            "code": code.hexdigest(),
            "overrides": _tree_digest(config["theme"].custom_dir),
            "config": config_digest(config),
        }
        self._site: str | None = None

    def _site_part(self, context: dict) -> str:
        """The site's part of every key: computed from the first page's context, once all
        pages are converted (the navigation's titles come from the pages)."""
        if self._site is None:
            site = dict(self._fixed, nav=nav_digest(context["nav"]),
                        date=str(context.get("build_date_utc")),
                        mkdocs=str(context.get("mkdocs_version")))
            self._site = hashlib.sha256(json.dumps(site, sort_keys=True).encode()).hexdigest()
        return self._site

    def key(self, context: dict) -> str | None:
        """The key of the page of ``context``, or None if it cannot be keyed."""
        try:
            page = page_part(context)
        except Unkeyable:
            return None
        return hashlib.sha256(f"{self._site_part(context)}\0{page}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def get(self, key: str | None) -> str | None:
        """The stored page of ``key``, or None (counted as a miss)."""
        if key is None:
            self.unkeyed += 1
            return None
        self.used.add(key)
        try:
            output = self._path(key).read_text(encoding="utf-8")
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return output

    def put(self, key: str | None, output: str) -> None:
        """Store the finished page ``output`` under ``key``."""
        if key is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(output, encoding="utf-8")
            os.replace(partial, path)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs the next build time

    def prune(self) -> int:
        """Remove entries this build did not use: how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*"):
            if path.suffix == ".tmp" or (path.suffix == ".html" and path.stem not in self.used):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
