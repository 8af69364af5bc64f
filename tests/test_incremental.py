"""A rebuild after one edit re-reads, re-renders and re-indexes only what changed and gives
the same pages and site as a full build of the same inputs, byte for byte
(build_tools.stage_cache, build_tools.render_cache, build_tools.page_cache,
build_tools.search_cache)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import (REPO, build_env, build_site, copy_static_docs, run_pipeline, tree_files,
                       write_mkdocs_config)

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


def _templated(stderr: str) -> tuple[int, int]:
    """(pages from the page cache, pages through the templates) from the build's progress line."""
    match = re.search(r"\[mkdocs\] pages: \d+ written, (\d+) from cache, (\d+) through the templates", stderr)
    assert match, f"no pages progress line in:\n{stderr[-2000:]}"
    return int(match.group(1)), int(match.group(2))


def _project(root: Path) -> Path:
    """An empty project under ``root``: the hand-written docs and the repository's configuration."""
    copy_static_docs(root / "docs")
    write_mkdocs_config(root)
    return root


def _build(root: Path, inputs: Path, *options: str) -> tuple[str, str]:
    """``make site`` of the sources, glossary and notes under ``inputs`` into ``root``: the
    progress of the pipeline and of MkDocs."""
    done = subprocess.run([sys.executable, "-m", "build_tools", "build", "--strict",
                           "--seeds", str(inputs / "seeds"), "--docs", str(root / "docs"),
                           "--glossary", str(inputs / "glossary.yml"),
                           "--annotations", str(inputs / "annotations"), *options],
                          cwd=REPO, env=build_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr, _mkdocs(root)


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {  # edit → (file under the inputs, text replaced, replacement)
    "glossary": ("glossary.yml", "浙江省的总体发展战略，", "浙江省的总体发展战略（2003年起），"),
    "note": ("annotations/003-cb4907d4163f6bcb.yml", "“海绵城市”指", "“海绵城市”（编者改）指"),
    "source": ("seeds/001_41fdb1d0b6ca1f9e.txt", "。", "；"),
}


def test_rebuilds_after_each_kind_of_edit_equal_full_builds(tmp_path: Path):
    """After an edited glossary entry, note and source (in turn), the rebuild with every
    stored result (stages, sources, conversions, finished pages, search index) writes the same docs/ and site/,
    byte for byte, as a build of the same inputs in a new project without any."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "seeds", inputs / "seeds")
    shutil.copytree(REPO / "annotations", inputs / "annotations")
    shutil.copy(REPO / "glossary.yml", inputs / "glossary.yml")
    root = _project(tmp_path / "project")
    stored = ("--stage-cache", str(tmp_path / "stages"))
    _build(root, inputs, *stored)  # fills every cache
    for kind, (name, old, new) in EDITS.items():
        _replace_once(inputs / name, old, new)
        pipeline, mkdocs = _build(root, inputs, *stored)
        parsed = re.search(r"\((\d+) sources parsed, (\d+) stored\)", pipeline)
        assert parsed and int(parsed.group(1)) == (1 if kind == "source" else 0), pipeline
        assert ("(stored result)" in pipeline) == (kind != "source"), pipeline
        converted, cached = _rendered(mkdocs)
        assert 0 < converted < cached, f"{kind}: a few pages re-rendered, the rest reused"
        finished, templated = _templated(mkdocs)
        assert 0 < templated < finished, f"{kind}: a few pages through the templates, the rest reused"
        assert ("stored index copied" in mkdocs) == (kind != "source"), mkdocs

        full = _project(tmp_path / f"full-{kind}")
        _, full_mkdocs = _build(full, inputs, "--no-stage-cache")
        assert _rendered(full_mkdocs)[1] == 0 and _templated(full_mkdocs)[0] == 0
        for part in ("docs", "site"):
            incremental, fresh = tree_files(root / part), tree_files(full / part)
            assert sorted(incremental) == sorted(fresh), f"{kind}: {part}/ holds other files"
            differing = [n for n in fresh if incremental[n] != fresh[n]]
            assert differing == [], f"{kind}: {part}/ differs from a full build in {differing[:10]}"
        shutil.rmtree(full)
    site = root / "site"
    assert "2003年起" in (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "编者改" in (site / "documents" / "003-cb4907d4163f6bcb" / "index.html").read_text(encoding="utf-8")


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


def test_a_cached_page_whose_link_target_lost_its_anchor_fails_strict(tmp_path: Path):
    """The link check reads an unchanged page from the render cache, and still checks its
    links against the anchors the other pages have now."""
    root = tmp_path / "project"
    build_site(REPO / "seeds", root)
    target, linking = root / "docs" / "anchor-target.md", root / "docs" / "about.md"
    target.write_text('# 目标\n\n<p id="kept-anchor">此处</p>\n', encoding="utf-8")
    linking.write_text(linking.read_text(encoding="utf-8")
                       + '\n<p><a href="../anchor-target/#kept-anchor">目标</a></p>\n', encoding="utf-8")
    _mkdocs(root)  # the linking page is now in the cache
    target.write_text('# 目标\n\n<p id="other-anchor">此处</p>\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(root / "mkdocs.yml")], cwd=root, env=build_env(),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode != 0
    assert "about.md: link '../anchor-target/#kept-anchor'" in done.stderr
    converted, _ = _rendered(done.stderr)
    assert converted == 1, "only the edited target page is converted again"


def test_raw_html_anchors_are_those_mkdocs_parser_finds():
    """The hook reads the anchors of a page's raw HTML with a pattern instead of MkDocs'
    second HTML parse: the same ids on the seeds' pages and on awkward hand-written HTML."""
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    from build_tools import mkdocs_hook

    def parsed(text: str) -> set[str]:
        pre = _RawHTMLPreprocessor()
        _RawHTMLPreprocessor._archive_original_run(pre, text.split("\n"))
        return pre.present_anchor_ids

    samples = [
        '<div ID="upper" class=x>a</div> <p id=bare>b</p> <span id=\'single\'>c</span>',
        '<a name="old-anchor" href="#x">d</a> <p name="not-an-anchor">e</p>',
        '<abbr title="a > b" id="after-gt">f</abbr> <p id="amp&amp;ent&#46;">g</p>',
        '<details class="similar"><summary>s</summary><ul><li><a href="../x/#y">h</a></li></ul></details>',
    ]
    pages = sorted((REPO / "docs").rglob("*.md"))
    assert pages, "the repository's docs/ holds pages (make site writes them)"
    samples += [page.read_text(encoding="utf-8") for page in pages]
    for text in samples:
        assert mkdocs_hook.raw_html_anchors(text) == parsed(text), text[:200]
    assert {"upper", "bare", "single", "old-anchor", "after-gt", "amp&ent."} <= \
        set().union(*(mkdocs_hook.raw_html_anchors(t) for t in samples[:3]))
