"""MkDocs hook: rerun the pipeline under ``mkdocs serve``; index the built site for search.

``mkdocs build`` does not run the pipeline here (``make site`` runs it first); under
``mkdocs serve`` a change to a source, a sidecar or the editorial files regenerates the
pages, and only files whose content changed are rewritten. After every build the search
index is written from the corpus export (``build_tools.search_index``).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # loaded by path, not as a package

from build_tools.build import build  # noqa: E402
from build_tools.config import Settings  # noqa: E402
from build_tools.search_index import write_index  # noqa: E402

_command = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config) -> None:
    if _command != "serve":
        return
    for problem in build(Settings()):
        print(problem, file=sys.stderr)


def on_post_build(config) -> None:
    """Write ``pagefind/`` for the site's search from ``data/corpus.json``."""
    site = Path(config["site_dir"])
    corpus = site / "data" / "corpus.json"
    if not corpus.is_file():
        raise PluginError(f"{corpus}: no corpus export to index for search; "
                          "run `python -m build_tools build` first")
    write_index(site, json.loads(corpus.read_text(encoding="utf-8")))
