"""A rebuild after one edit re-renders only what changed and gives the same site as a full
build of the same inputs, byte for byte (build_tools.render_cache)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import REPO, build_env, build_site, run_pipeline, tree_files

pytestmark = pytest.mark.slow


def _mkdocs(root: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(root / "mkdocs.yml")], cwd=root, env=build_env(),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def _rendered(stderr: str) -> tuple[int, int]:
    """(pages converted, pages from the cache) from the build's progress line."""
    match = re.search(r"\[mkdocs\] render: \d+ pages, (\d+) converted, (\d+) from cache", stderr)
    assert match, f"no render progress line in:\n{stderr[-2000:]}"
    return int(match.group(1)), int(match.group(2))


def test_rebuild_after_a_glossary_edit_equals_a_full_build(tmp_path: Path):
    root = tmp_path / "project"
    build_site(REPO / "seeds", root)  # fills the render cache
    glossary = tmp_path / "glossary.yml"
    text = (REPO / "glossary.yml").read_text(encoding="utf-8")
    edited = text.replace("浙江省的总体发展战略，", "浙江省的总体发展战略（2003年起），", 1)
    assert edited != text
    glossary.write_text(edited, encoding="utf-8")
    done = run_pipeline(REPO / "seeds", root / "docs", "--strict", "--glossary", str(glossary))
    assert done.returncode == 0, done.stderr[-3000:]

    converted, cached = _rendered(_mkdocs(root))
    assert 0 < converted < cached, "the edit should re-render a few pages and reuse the rest"
    incremental = tree_files(root / "site")
    assert "2003年起" in (root / "site" / "glossary" / "index.html").read_text(encoding="utf-8")

    shutil.rmtree(root / ".cache" / "render")
    converted, cached = _rendered(_mkdocs(root))
    assert cached == 0 and converted > 0
    full = tree_files(root / "site")
    assert sorted(incremental) == sorted(full)
    differing = [name for name in full if incremental[name] != full[name]]
    assert differing == [], f"incremental and full builds differ in {differing[:10]}"


def test_cached_page_logs_its_warnings_again(tmp_path: Path):
    """A page whose link MkDocs warns about fails ``--strict`` also when it comes from the cache."""
    root = tmp_path / "project"
    build_site(REPO / "seeds", root)
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[断链](nowhere.md)\n", encoding="utf-8")
    for _ in range(2):  # the first run fills the cache, the second is served from it
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                               str(root / "mkdocs.yml")], cwd=root, env=build_env(),
                              capture_output=True, text=True, timeout=600)
        assert done.returncode != 0
        assert "nowhere.md" in done.stderr
    assert _rendered(done.stderr)[1] > 0
