"""The benchmark runs the stages it is asked for (and what they need) and reports each one."""
from __future__ import annotations

import json
from pathlib import Path

from bench.bench import _plan, main, run_size


def test_a_later_stage_brings_the_stages_it_needs() -> None:
    assert _plan(["structure"]) == ["ingest", "structure"]
    assert _plan(["mkdocs"]) == ["ingest", "structure", "themes", "render", "mkdocs"]
    assert _plan(["link", "ingest"]) == ["ingest", "structure", "themes", "link"]  # the linker reads themes


def test_each_stage_reports_wall_time_and_peak_memory(tmp_path: Path) -> None:
    run = run_size(6, ["ingest", "structure"], seed="t", mkdocs_max=None, keep=False,
                   work_root=tmp_path)
    assert [s["stage"] for s in run["stages"]] == ["ingest", "structure"]
    ingest, structure = run["stages"]
    assert ingest["documents"] == 6 and ingest["problems"] == 0
    assert structure["clauses"] > 6 * 10
    for stage in run["stages"]:
        assert stage["seconds"] >= 0
        assert stage["peak_rss_mb"] >= stage["rss_before_mb"] > 0
    assert run["build_seconds_without_mkdocs"] >= ingest["seconds"]
    assert not (tmp_path / "6").exists()  # work files removed unless --keep


def test_mkdocs_skipped_above_the_limit_says_so(tmp_path: Path) -> None:
    run = run_size(4, ["ingest", "mkdocs"], seed="t", mkdocs_max=3, keep=False,
                   work_root=tmp_path)
    assert run["stages"][-1] == {"stage": "mkdocs",
                                 "skipped": "corpus larger than --mkdocs-max-docs 3"}


def test_unknown_stage_is_refused(capsys) -> None:
    try:
        main(["--stages", "ingest,typeset"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "unknown stage 'typeset'" in capsys.readouterr().err


def test_report_file_holds_every_size(tmp_path: Path, monkeypatch) -> None:
    import bench.bench as bench

    monkeypatch.setattr(bench, "WORK", tmp_path / "work")
    out = tmp_path / "bench.json"
    assert main(["--sizes", "2,3", "--stages", "ingest", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [r["docs"] for r in report["runs"]] == [2, 3]
    assert report["stages"] == ["ingest"] and report["machine"]["cpus"] >= 1


def test_memory_of_forked_workers_is_counted() -> None:
    import multiprocessing as mp
    import time

    from bench.bench import Memory

    def hold() -> None:
        block = bytearray(120 * 1024 * 1024)
        block[::4096] = b"\1" * len(block[::4096])
        time.sleep(1.5)

    memory = Memory(interval=0.05)
    memory.start()
    worker = mp.get_context("fork").Process(target=hold)
    worker.start()
    worker.join()
    own, tree, children = memory.peak()
    assert children >= 1
    assert tree >= own + 100  # the worker's private 120 MB
