"""The published output is never lost: no sources, a failure mid-render, a full disk or a
read-only folder leave the previous pages byte-identical; reserved document ids are mapped
or refused; ``.TXT`` sources are read."""
from __future__ import annotations

import errno
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import build as build_module
from build_tools.build import NothingToBuild, build, write
from build_tools.config import Settings
from build_tools.ingest import ingest_all
from build_tools.swap import WriteError, previous_dir, recover, staging_dir, swap_entries
from sitebuild import REPO, run_pipeline, tree_files

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "encoding_sample.txt"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Settings, dict[str, bytes]]:
    """Two seed documents built into ``tmp_path/docs``, and the bytes of that output."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("000_aa956a1b4a998e8a.txt", "001_41fdb1d0b6ca1f9e.txt"):
        shutil.copyfile(REPO / "seeds" / name, seeds / name)
    settings = replace(Settings(), seeds=seeds, docs=tmp_path / "docs", annotations=tmp_path / "none",
                       progress=False, link=False)
    build(settings)
    return settings, tree_files(settings.docs)


def test_an_empty_seeds_folder_is_an_error_and_the_previous_pages_stay(built, tmp_path) -> None:
    settings, before = built
    for source in settings.seeds.iterdir():
        source.unlink()
    result = run_pipeline(settings.seeds, settings.docs)  # without --strict
    assert result.returncode == 1
    assert f"{settings.seeds}:0: error: no source files" in result.stderr
    assert tree_files(settings.docs) == before


def test_sources_that_give_no_document_are_refused_like_no_sources(built) -> None:
    settings, before = built
    for source in settings.seeds.iterdir():
        source.write_bytes(b"\x00\x01\x02" * 100)  # binary: no document can be read
    with pytest.raises(NothingToBuild, match="no document could be read"):
        build(settings)
    assert tree_files(settings.docs) == before


def test_upper_case_txt_files_are_read_as_sources(tmp_path: Path) -> None:
    shutil.copyfile(SAMPLE, tmp_path / "SAMPLE.TXT")
    documents, problems = ingest_all(tmp_path)
    assert [d.slug for d in documents] == ["sample"] and not [p for p in problems if p.severity == "error"]


def test_an_exception_mid_render_leaves_the_previous_pages_byte_identical(built, monkeypatch) -> None:
    settings, before = built
    real = build_module._write_staged

    def failing(files, *args):
        def pages():
            for n, item in enumerate(files):
                if n == 3:
                    raise KeyboardInterrupt  # the reader pressed Ctrl-C while pages were written
                yield item
        return real(pages(), *args)

    monkeypatch.setattr(build_module, "_write_staged", failing)
    (settings.seeds / "000_aa956a1b4a998e8a.txt").write_text("新标题\n一、新的内容。\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build(settings)
    assert tree_files(settings.docs) == before
    assert not staging_dir(settings.docs).exists()


def test_a_full_disk_is_a_one_line_error_and_the_previous_pages_stay(built, monkeypatch) -> None:
    settings, before = built
    real = Path.write_bytes
    calls = []

    def full(self, data):
        calls.append(self)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    (settings.seeds / "000_aa956a1b4a998e8a.txt").write_text("新标题\n一、新的内容。\n", encoding="utf-8")
    with pytest.raises(WriteError) as raised:
        build(settings)
    message = str(raised.value)
    assert "\n" not in message and ":0: error: cannot write the output: No space left on device" in message
    assert tree_files(settings.docs) == before


def test_a_read_only_output_folder_is_a_one_line_error(built, monkeypatch) -> None:
    settings, before = built
    real = Path.mkdir

    def denied(self, *args, **kwargs):  # the folder beside docs/ cannot be created
        if self == staging_dir(settings.docs):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", denied)
    (settings.seeds / "000_aa956a1b4a998e8a.txt").write_text("新标题\n一、新的内容。\n", encoding="utf-8")
    with pytest.raises(WriteError, match="Permission denied"):
        build(settings)
    assert tree_files(settings.docs) == before


def test_the_command_line_reports_an_unwritable_output_in_one_line(built, tmp_path) -> None:
    settings, _ = built
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = run_pipeline(settings.seeds, blocker / "docs")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "error: cannot write the output" in line]


def test_a_swap_stopped_half_way_is_undone_at_the_next_build(tmp_path: Path) -> None:
    docs, staging = tmp_path / "docs", tmp_path / "new"
    (docs / "documents").mkdir(parents=True)
    (docs / "documents" / "a.md").write_text("old")
    (docs / "index.md").write_text("old home")
    (staging / "documents").mkdir(parents=True)
    (staging / "documents" / "a.md").write_text("new")
    (staging / "index.md").write_text("new home")
    before = tree_files(docs)
    real = os.replace
    moves = []

    def killed(src, dst):  # the build dies after the old entries moved aside and one new moved in
        moves.append(dst)
        if len(moves) == 4:
            raise SystemExit
        return real(src, dst)

    os.replace = killed
    try:
        with pytest.raises(SystemExit):
            swap_entries(docs, staging, ("documents", "index.md", "glossary.md"))
    finally:
        os.replace = real
    assert previous_dir(docs).is_dir()
    recover(docs, ("documents", "index.md", "glossary.md"))
    assert tree_files(docs) == before and not previous_dir(docs).exists()


def test_an_unchanged_build_swaps_nothing_and_keeps_every_file(built) -> None:
    settings, before = built
    inodes = {p: p.stat().st_ino for p in settings.docs.rglob("*") if p.is_file()}
    build(settings)
    assert tree_files(settings.docs) == before
    assert {p: p.stat().st_ino for p in settings.docs.rglob("*") if p.is_file()} == inodes


@pytest.mark.parametrize("name", ["index", "data", "assets", "search", "404"])
def test_a_source_named_like_a_site_path_gets_a_free_id_with_a_warning(tmp_path: Path, name) -> None:
    shutil.copyfile(SAMPLE, tmp_path / f"{name}.txt")
    documents, problems = ingest_all(tmp_path)
    assert [d.slug for d in documents] == [f"{name}-doc"]
    assert [(p.path, p.severity) for p in problems if "reserved" in p.message] == [
        (f"{name}.txt", "warning")]


@pytest.mark.parametrize("doc_id", ["index", "search", ".hidden", "_x"])
def test_a_sidecar_id_that_is_reserved_is_refused_at_its_file(tmp_path: Path, doc_id) -> None:
    shutil.copyfile(SAMPLE, tmp_path / "sample.txt")
    (tmp_path / "sample.yml").write_text(f"id: '{doc_id}'\n", encoding="utf-8")
    documents, problems = ingest_all(tmp_path)
    assert [d.slug for d in documents] == ["sample"]
    assert [(p.path, p.line, p.severity) for p in problems] == [("sample.yml", 1, "error")]


def test_a_document_named_index_is_published_where_the_export_says(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copyfile(SAMPLE, seeds / "index.txt")
    settings = replace(Settings(), seeds=seeds, docs=tmp_path / "docs", progress=False, link=False)
    build(settings)
    import json
    corpus = json.loads((settings.docs / "data" / "corpus.json").read_text(encoding="utf-8"))
    urls = [d["url"] for d in corpus["documents"]]
    assert urls == ["documents/index-doc/"]
    assert (settings.docs / "documents" / "index-doc.md").is_file()
    assert not (settings.docs / "documents" / "index.md").exists()
