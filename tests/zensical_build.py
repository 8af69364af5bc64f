"""Render a built archive's ``docs/`` with Zensical into a temporary project.

``render_with_zensical(docs, root)`` copies ``docs`` (the pipeline's output and the
hand-written pages) into ``root/docs``, writes ``root/mkdocs.yml`` as ``sitebuild`` does
for MkDocs (the repository's configuration, pointed at ``root``), and runs

    python -m build_tools.zensical_site -f <root>/mkdocs.yml [options]

so the pages are the very ones MkDocs rendered in the same test session. Zensical is an
optional renderer: ``require_zensical()`` skips a test, with the reason, when it is not
installed (``requirements-zensical.txt``, which ``requirements-dev.txt`` includes).
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import BUILD_TIMEOUT, REPO, build_env, write_mkdocs_config


def require_zensical() -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (pip install -r requirements-zensical.txt)")


def render_with_zensical(docs: Path, root: Path, *options: str,
                         env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Render a copy of ``docs`` with Zensical into ``root/site``; never raises on exit."""
    shutil.copytree(docs, root / "docs")
    config = write_mkdocs_config(root)
    return subprocess.run([sys.executable, "-m", "build_tools.zensical_site", "-f", str(config),
                           *options], cwd=REPO, env=env or build_env(), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=BUILD_TIMEOUT)
