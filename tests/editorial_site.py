"""The archive of hostile editorial files, built as ``make site`` builds it.

``tests/fixtures/editorial/`` holds a sidecar, notes, a glossary and a theme taxonomy with
markup in every field (``<script>``, event attributes, ``"><svg …>``, ``-->``, ``{#id}``,
``javascript:`` links in any case and entity-encoded), each payload calling
``alert(N)`` with a number naming its field. Together with the hostile source of
``tests/fixtures/sources/`` they are built into a temporary project in one of two layouts:
``one-page`` (the indexes as the seeds have them) and ``split`` (every index cut into parts,
as in a large archive, so that tag pages get one listing comment per theme).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from build_tools import render_indexes
from build_tools.build import build
from build_tools.config import Settings
from sitebuild import BUILD_TIMEOUT, build_env, copy_static_docs, write_mkdocs_config

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EDITORIAL = FIXTURES / "editorial"
SPLIT_PAGE_BYTES = 2_000  # small enough to cut every index of the fixture into parts
ALERT = re.compile(r"alert\((\d+)\)")


@dataclass(frozen=True)
class EditorialSite:
    root: Path
    docs: Path
    site: Path
    problems: tuple[str, ...]  # ``file:line: severity: message`` of the pipeline


def build_editorial_site(root: Path, layout: str) -> EditorialSite:
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for source in sorted((EDITORIAL / "seeds").iterdir()):
        shutil.copyfile(source, seeds / source.name)
    shutil.copyfile(FIXTURES / "sources" / "hostile_markup.txt", seeds / "hostile_markup.txt")
    docs = root / "docs"
    copy_static_docs(docs)
    config = write_mkdocs_config(root)
    settings = replace(Settings(), seeds=seeds, docs=docs, annotations=EDITORIAL / "annotations",
                       themes=EDITORIAL / "themes.yaml", glossary=EDITORIAL / "glossary.yml",
                       progress=False)
    with pytest.MonkeyPatch.context() as patch:
        if layout == "split":
            patch.setattr(render_indexes, "PAGE_BYTES", SPLIT_PAGE_BYTES)
        problems = build(settings)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            cwd=root, env=build_env(), capture_output=True, text=True,
                            timeout=BUILD_TIMEOUT)
    assert result.returncode == 0, result.stderr[-4000:]
    return EditorialSite(root=root, docs=docs, site=root / "site",
                         problems=tuple(str(p) for p in problems))
