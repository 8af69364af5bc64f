"""MkDocs hook: rerun the pipeline under ``mkdocs serve``; index the built site for search.

``mkdocs build`` does not run the pipeline here (``make site`` runs it first); under
``mkdocs serve`` a change to a source, a sidecar or the editorial files regenerates the
pages, and only files whose content changed are rewritten. Once every page is rendered,
every link and anchor in the pages' HTML is checked (``build_tools.site_links``). After
every build the search index is written from the corpus export (``build_tools.search_index``),
or copied from ``.cache/search/`` when the records it indexes are unchanged
(``build_tools.search_cache``).

Pages are rendered through a content-addressed cache (``build_tools.render_cache``): a
rebuild converts only the pages whose Markdown, place or link targets changed. Progress
lines (``[mkdocs] render: 1802 pages, 3 converted, 1799 from cache (4.1 s)``) go to stderr.

``mkdocs build`` renders into ``.site.staging`` beside ``site_dir`` and the finished site
replaces ``site_dir`` only after the last post-build step (``build_tools.swap``), so a failed
or interrupted build leaves the previous site as it was. ``mkdocs serve`` renders into its
own temporary folder, as usual.
"""
from __future__ import annotations

import html
import logging
import re
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # loaded by path, not as a package

from build_tools.build import NothingToBuild, build  # noqa: E402
from build_tools.compact_html import compact  # noqa: E402
from build_tools.swap import recover_dir, staging_dir, swap_dir  # noqa: E402
from build_tools.config import Settings  # noqa: E402
from build_tools.search_cache import index_export  # noqa: E402
from build_tools.site_links import check as check_links, read_page  # noqa: E402
from build_tools.render_cache import RenderCache  # noqa: E402
from build_tools.page_cache import PageCache  # noqa: E402
from mkdocs.structure import pages as _pages  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

log = logging.getLogger("mkdocs.hooks.archive")

_command = None
_published: Path | None = None  # the site_dir a staged ``mkdocs build`` replaces at the end
_cache: RenderCache | None = None  # this build's render cache (build_tools.render_cache)
_finished: PageCache | None = None  # this build's finished pages (build_tools.page_cache)
_keys: dict[str, tuple[str | None, bool]] = {}  # page source → (its key, served from the cache)
_index_failure: Exception | None = None  # why this build's search index could not be written
_started = _started_cpu = 0.0
# The hook is loaded again whenever ``mkdocs serve`` reloads the configuration: always wrap
# MkDocs' own ``Page.render``, never a previous load's wrapper.
_original_render = Page.__dict__.get("_archive_original_render", Page.render)
Page._archive_original_render = _original_render


def _render(page: Page, config, files) -> None:
    """``Page.render`` through the render cache: unchanged pages are not converted again."""
    if _cache is None:
        _original_render(page, config, files)
    else:
        _cache.render(page, _original_render, config, files)


Page.render = _render

# MkDocs reads the anchors of a page's raw HTML by feeding its whole Markdown to Python's
# HTML parser, a second full parse beside Python-Markdown's own (a tenth of the conversion
# of a document page). The same anchors, read with a pattern: every start tag's ``id``,
# and ``name`` on ``<a>``, with the parser's unescaping of attribute values. Anchors found
# where the parser would not look (inside a comment) only add targets; every link of the
# rendered pages is checked again against their HTML (``build_tools.site_links``).
_START_TAG = re.compile(r"""<([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ANCHOR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


def raw_html_anchors(text: str) -> set[str]:
    """The ``id``s (and ``name``s of ``<a>``) of the start tags in ``text``."""
    found = set()
    for tag in _START_TAG.finditer(text):
        for key, double, single, bare in _ANCHOR.findall(tag.group(2)):
            if key.lower() == "id" or tag.group(1).lower() == "a":
                found.add(html.unescape(double or single or bare))
    return found


def _raw_anchors(self, lines: list[str]) -> list[str]:
    self.present_anchor_ids = raw_html_anchors("\n".join(lines))
    return lines


if hasattr(_pages, "_RawHTMLPreprocessor"):  # MkDocs 1.6; the original is kept, as above
    _raw = _pages._RawHTMLPreprocessor
    _raw._archive_original_run = _raw.__dict__.get("_archive_original_run", _raw.run)
    _raw.run = _raw_anchors


def _progress(message: str) -> None:
    """One line on stderr: the step, and its wall and CPU time (of this process)."""
    global _started, _started_cpu
    now, cpu = time.perf_counter(), time.process_time()
    print(f"[mkdocs] {message} ({now - _started:.1f} s, {cpu - _started_cpu:.1f} s CPU)",
          file=sys.stderr, flush=True)
    _started, _started_cpu = now, cpu


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config):
    """Under ``mkdocs build``, render into a staging folder beside ``site_dir``."""
    global _published
    if _command != "build":
        return config
    _published = Path(config["site_dir"])
    recover_dir(_published)
    config["site_dir"] = str(staging_dir(_published))
    return config


def on_files(files, config):
    """Open the render cache (``.cache/render/`` beside ``mkdocs.yml``) for this file set."""
    global _cache, _finished, _started, _started_cpu
    folder = Path(config["config_file_path"]).resolve().parent / ".cache"
    _cache = RenderCache(folder / "render", config, files)
    _finished = PageCache(folder / "pages", config)
    _keys.clear()
    _started, _started_cpu = time.perf_counter(), time.process_time()
    return files


def on_pre_build(config) -> None:
    if _command != "serve":
        return
    try:
        problems = build(Settings())
    except NothingToBuild as refused:
        problems = refused.problems
    for problem in problems:
        print(problem, file=sys.stderr)


def on_env(env, config, files):
    """Check every link and anchor of the rendered pages, raw HTML included
    (``build_tools.site_links``), before anything is written: under ``--strict`` a broken
    link stops the build and leaves the previous site as it was."""
    if _cache is not None:
        pages_done = _cache.hits + _cache.misses
        _progress(f"render: {pages_done} pages, {_cache.misses} converted, {_cache.hits} from cache")
    pages, others = {}, []
    for file in files:
        page = file.page
        if page is not None and page.content is not None:
            # what the check reads of the page, kept with its conversion, if of this HTML
            content, read = getattr(page, "archive_links", (None, None))
            if content is not page.content:
                read = read_page(page.url, page.content)
            pages[file.src_uri] = (page.url, read)
        else:
            others.append(file.url)
    problems = check_links(pages, others)
    for problem in problems:
        log.warning(str(problem))
    if problems and config["strict"]:
        raise PluginError(f"{len(problems)} broken link(s) in the rendered pages")
    _progress(f"links: {len(pages)} pages checked, {len(problems)} broken")
    env.get_template = _cached_templates(env.get_template)
    return env


class _Template:
    """A theme template whose pages come from the page cache when their context is unchanged."""

    def __init__(self, template) -> None:
        self._template = template

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, context) -> str:
        page = context.get("page") if hasattr(context, "get") else None
        if _finished is None or page is None:
            return self._template.render(context)
        key = _finished.key(context)
        stored = _finished.get(key)
        _keys[page.file.src_uri] = (key, stored is not None)
        return stored if stored is not None else self._template.render(context)


def _cached_templates(get_template):
    if getattr(get_template, "_archive_cached", False):
        return get_template

    def wrapped(*args, **kwargs):
        return _Template(get_template(*args, **kwargs))
    wrapped._archive_cached = True
    return wrapped


@event_priority(-100)  # the last step of a page: what it returns is the finished page
def on_post_page(output: str, page, config) -> str:
    """The finished page without the theme's blank lines and the references of harmless
    punctuation in text (``build_tools.compact_html``), kept in the page cache; a page
    served from the cache is finished already."""
    key, stored = _keys.pop(page.file.src_uri, (None, False))
    if stored:
        return output
    output = compact(output)
    if _finished is not None:
        _finished.put(key, output)
    return output


def on_nav(nav, config, files):
    """Write ``pagefind/`` for the site's search from ``data/corpus.json``, read one
    document at a time (``build_tools.search_cache.index_export``), before any page is
    read: the index's memory (the export's text, then Pagefind's) comes and goes while
    MkDocs holds little, and does not stack on the pages MkDocs holds later. A failure is
    raised after the pages' links are checked (``on_post_build``), so a broken link is
    reported first, as when the index came last."""
    export = files.get_file_from_path("data/corpus.json")
    if export is None or not Path(export.abs_src_path).is_file():
        raise PluginError("data/corpus.json: no corpus export to index for search; "
                          "run `python -m build_tools build` first")
    global _index_failure
    _index_failure = None
    folder = Path(config["config_file_path"]).resolve().parent / ".cache" / "search"
    try:
        report = index_export(Path(config["site_dir"]), Path(export.abs_src_path), folder)
    except (OSError, RuntimeError, ValueError) as error:
        _index_failure = error  # raised once the pages are checked, so broken links come first
        return nav
    _progress(f"search index: {report['pages']} documents"
              + (", records unchanged, stored index copied" if report["stored"] else ", indexed"))
    return nav


@event_priority(-100)  # after every other post-build step: the site is then complete
def on_post_build(config) -> None:
    """Swap the staged site in (unless the search index failed)."""
    if _finished is not None:
        _progress(f"pages: {_finished.hits + _finished.misses + _finished.unkeyed} written, "
                  f"{_finished.hits} from cache, {_finished.misses + _finished.unkeyed} through the templates")
    if _index_failure is not None:
        raise PluginError(f"search index: {_index_failure}")
    site = Path(config["site_dir"])
    if _cache is not None:
        _cache.prune()
    if _finished is not None:
        _finished.prune()
    if _published is not None and site == staging_dir(_published):
        if config.get("strict") and _warnings_so_far():
            # MkDocs aborts a strict build with warnings only after this event: the
            # previous site stays, the staged one is left for the next build to clear
            _progress("warnings in strict mode: the published site is left as it was")
            return
        try:
            swap_dir(_published, site)
        except OSError as error:
            raise PluginError(f"{_published}: cannot replace the site: {error.strerror}") from error


def _warnings_so_far() -> int:
    """Warnings MkDocs has counted in this build (its strict mode counts them on the
    ``mkdocs`` logger and aborts after ``on_post_build``)."""
    return sum(n for handler in logging.getLogger("mkdocs").handlers
               if isinstance(handler, CountHandler) for _, n in handler.get_counts())
