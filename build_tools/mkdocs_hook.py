"""MkDocs hook for ``mkdocs serve``: rerun the pipeline before each rebuild.

``mkdocs build`` does nothing here (``make site`` runs the pipeline first); under
``mkdocs serve`` a change to a source, a sidecar or the editorial files regenerates the
pages, and only files whose content changed are rewritten.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # loaded by path, not as a package

from build_tools.build import build  # noqa: E402
from build_tools.config import Settings  # noqa: E402

_command = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config) -> None:
    if _command != "serve":
        return
    for problem in build(Settings()):
        print(problem, file=sys.stderr)
