"""Render the site with Zensical instead of MkDocs (experimental), with the hook's steps after it.

``python -m build_tools.zensical_site [-f mkdocs.yml] [--strict] [--clean]`` renders the same
``mkdocs.yml`` and ``docs/`` with ``zensical build``. Zensical reads ``mkdocs.yml`` but runs
no MkDocs hook (it has no plugin API), so what ``build_tools/mkdocs_hook.py`` does during an
``mkdocs build`` is done here, in the same order, on the finished pages:

1. Zensical renders into ``.site.staging`` beside ``site_dir``, through a configuration
   ``.zensical.yml`` beside ``mkdocs.yml`` that inherits it and sets the two folders
   (relative: Zensical wants them inside the project) and Material's look (``classic``);
2. Zensical's own search index ``search.json`` is removed (the search is Pagefind's), and
   every page loses the theme's blank lines between tags (``build_tools.compact_html``);
3. every link and anchor of every page is checked (``build_tools.site_links``) — the whole
   page, as Zensical gives no page body apart from its template;
   under ``--strict`` a broken link stops the build here;
4. the Pagefind index is written from ``data/corpus.json`` (``build_tools.search_index``);
5. the staged site replaces ``site_dir`` (``build_tools.swap``); a build that failed
   before leaves the published site as it was.

Not carried over: the render cache and the pipeline run under ``serve``. Zensical keeps its
own cache in ``.cache/`` beside ``mkdocs.yml``, among the pipeline's caches; its own
``zensical build --clean`` deletes the whole of ``.cache/`` (token and stage caches, the
render cache, ``.cache/node``), so ``--clean`` here removes only Zensical's entries
(:func:`clean_cache`).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from build_tools.compact_html import compact
from build_tools.search_index import write_index
from build_tools.site_links import BrokenLink, broken_links
from build_tools.swap import recover_dir, staging_dir, swap_dir

#: The configuration Zensical reads, written beside ``mkdocs.yml`` for the length of a build.
ZENSICAL_CONFIG = ".zensical.yml"
#: What Zensical 0.0.73 keeps in ``.cache/``: one folder per digest, and these files.
ZENSICAL_CACHE_FILES = ("mkdocstrings.json", "objects.inv")
#: Zensical's own search index, written whatever the configuration says: the pages never
#: load it (their search is Pagefind's), and it is 73 KB a document.
UNUSED_SEARCH_INDEX = "search.json"
#: The theme variant that keeps Material's look (Zensical's default is its own "modern").
VARIANT = "classic"


class _AnyTag(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` for its folders; a tagged value (``!ENV``) reads as nothing."""


_AnyTag.add_multi_constructor("", lambda loader, tag, node: None)


def _folder(config: Path, key: str, default: str) -> Path:
    """The folder ``key`` (``docs_dir``, ``site_dir``) of ``config``, absolute."""
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTag) or {}
    return (config.parent / settings.get(key, default)).resolve()


def site_dir(config: Path) -> Path:
    """The published ``site_dir`` of ``config``, absolute."""
    return _folder(config, "site_dir", "site")


def write_config(config: Path, staging: Path) -> Path:
    """``.zensical.yml`` beside ``config``: ``config`` rendered into ``staging``. Both folders
    are given relative to the project: Zensical 0.0.73 panics on an absolute ``docs_dir``."""
    path = config.parent / ZENSICAL_CONFIG
    settings = {"INHERIT": config.name,
                "docs_dir": os.path.relpath(_folder(config, "docs_dir", "docs"), config.parent),
                "site_dir": os.path.relpath(staging, config.parent),
                "theme": {"variant": VARIANT}}
    path.write_text(json.dumps(settings, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")  # JSON is YAML
    return path


def clean_cache(root: Path) -> int:
    """Remove Zensical's entries from ``root/.cache`` (and nothing else); how many."""
    cache = root / ".cache"
    if not cache.is_dir():
        return 0
    gone = 0
    for entry in sorted(cache.iterdir()):
        if entry.name.isdigit() and entry.is_dir():
            shutil.rmtree(entry)
        elif entry.name in ZENSICAL_CACHE_FILES and entry.is_file():
            entry.unlink()
        else:
            continue
        gone += 1
    return gone


def page_files(site: Path) -> list[Path]:
    """Every page of a built site: each ``index.html`` and the not-found page."""
    pages = sorted(site.rglob("index.html"))
    if (site / "404.html").is_file():
        pages.append(site / "404.html")
    return pages


def broken_site_links(site: Path) -> list[BrokenLink]:
    """Links of the built site's pages whose page, file or anchor does not exist.

    The not-found page is left out: it is served at any address, so its links are
    absolute from the ``site_url`` path and cannot be resolved from the folder.
    """
    pages: dict[str, tuple[str, str]] = {}
    others: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if path.name == "index.html":
            pages[relative] = (relative[: -len("index.html")], path.read_text(encoding="utf-8"))
        else:
            others.append(relative)
    return broken_links(pages, others)


def _progress(message: str, since: float) -> float:
    now = time.perf_counter()
    print(f"[zensical] {message} ({now - since:.1f} s)", file=sys.stderr, flush=True)
    return now


def build(config: Path, *, strict: bool = False, clean: bool = False) -> int:
    """Render ``config`` with Zensical and finish the site as the MkDocs hook does; the exit status."""
    config = config.resolve()
    published = site_dir(config)
    recover_dir(published)
    staging = staging_dir(published)
    started = time.perf_counter()
    zensical_config = write_config(config, staging)
    command = [sys.executable, "-m", "zensical", "build", "-f", str(zensical_config)]
    command += ["--strict"] if strict else []
    if clean:
        clean_cache(config.parent)
    try:
        done = subprocess.run(command, cwd=config.parent)
    finally:
        zensical_config.unlink(missing_ok=True)
    if done.returncode or not (staging / "index.html").is_file():
        print(f"{config}:0: error: zensical build exited {done.returncode}; "
              "the published site is left as it was", file=sys.stderr)
        return done.returncode or 1
    (staging / UNUSED_SEARCH_INDEX).unlink(missing_ok=True)
    pages = page_files(staging)
    started = _progress(f"render: {len(pages)} pages", started)
    for page in pages:
        page.write_text(compact(page.read_text(encoding="utf-8")), encoding="utf-8")
    problems = broken_site_links(staging)
    for problem in problems:
        print(f"WARNING - {problem}", file=sys.stderr)
    started = _progress(f"links: {len(pages)} pages checked, {len(problems)} broken", started)
    if strict and problems:
        print(f"{config}:0: error: {len(problems)} broken link(s) in the rendered pages; "
              f"the published site is left as it was (the rendered one is in {staging})",
              file=sys.stderr)
        return 1
    corpus = staging / "data" / "corpus.json"
    if not corpus.is_file():
        print(f"{corpus}:0: error: no corpus export to index for search; "
              "run `python -m build_tools build` first", file=sys.stderr)
        return 1
    write_index(staging, json.loads(corpus.read_text(encoding="utf-8")))
    _progress("search index written", started)
    swap_dir(published, staging)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.zensical_site",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the MkDocs configuration to render (default: mkdocs.yml)")
    parser.add_argument("--strict", action="store_true",
                        help="fail, leaving the published site, on any warning or broken link")
    parser.add_argument("--clean", action="store_true", help="empty Zensical's cache first")
    args = parser.parse_args(argv)
    if not args.config_file.is_file():
        print(f"{args.config_file}:0: error: no such configuration file", file=sys.stderr)
        return 2
    return build(args.config_file, strict=args.strict, clean=args.clean)


if __name__ == "__main__":
    sys.exit(main())
