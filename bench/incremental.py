"""Time a full build and the rebuilds after one edit of each kind, on a synthetic archive.

    python -m bench.incremental [--docs 1000] [--out bench/out/incremental.json]

writes an archive of ``--docs`` documents (``bench.synth``, as ``bench.bench`` does) and a
throw-away MkDocs project under ``bench/out/incremental/``, then runs the two commands of
``make site`` five times, each as child processes timed by wall clock and by CPU time
(user + system of the child and its children, so Pagefind and the segmenter's workers
count):

1. ``full``: no stored results (``--no-stage-cache``, empty ``.cache/`` beside the project);
2. ``fill``: the same inputs again, the pipeline storing its results (MkDocs finds its
   pages and search index stored by the full run);
3. ``glossary``: one glossary entry's definition edited;
4. ``note``: one editor's note edited;
5. ``source``: one sentence of one source edited.

Each step reports the progress lines of both commands and the load average when it
started, as one JSON object on stdout; the whole report goes to ``--out``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.bench import REPO_ROOT
from bench.bench import _cpu as bench_cpu

WORK = REPO_ROOT / "bench" / "out" / "incremental"
GLOSSARY_EDIT = ("浙江省的总体发展战略，", "浙江省的总体发展战略（2003年起），")


def _cpu() -> float:
    return bench_cpu(resource.RUSAGE_CHILDREN)


def _run(command: list[str], env: dict[str, str]) -> dict:
    cpu, started = _cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    result = {"seconds": round(time.perf_counter() - started, 2), "cpu_seconds": round(_cpu() - cpu, 2),
              "progress": [line for line in done.stderr.splitlines()
                           if line.startswith(("[build]", "[mkdocs]"))]}
    if done.returncode:
        result["error"] = done.stderr[-2000:]
    return result


def _utf8(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return ""  # a source in another encoding is not the one edited


def _step(name: str, work: Path, extra: list[str], env: dict[str, str]) -> dict:
    project = work / "project"
    pipeline = [sys.executable, "-m", "build_tools", "build", "--seeds", str(work / "corpus"),
                "--docs", str(project / "docs"), "--glossary", str(work / "glossary.yml"),
                "--annotations", str(work / "annotations"), *extra]
    load = os.getloadavg()[0]
    steps = {"pipeline": _run(pipeline, env),
             "mkdocs": _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-f", str(project / "mkdocs.yml")], env)}
    total = {k: round(sum(s[k] for s in steps.values()), 2) for k in ("seconds", "cpu_seconds")}
    return {"step": name, "load_average_1min": round(load, 2), **total, **steps}


def main(argv: list[str] | None = None) -> int:
    from bench.bench import _project
    from bench.synth import write_corpus

    parser = argparse.ArgumentParser(prog="python -m bench.incremental", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the synthetic archive")
    parser.add_argument("--seed", default="0", help="synthetic corpus seed")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "out" / "incremental.json")
    args = parser.parse_args(argv)

    work = WORK / str(args.docs)
    shutil.rmtree(work, ignore_errors=True)
    paths = write_corpus(work / "corpus", args.docs, seed=args.seed, seeds_dir=REPO_ROOT / "seeds")
    project = _project(work)
    shutil.copy(REPO_ROOT / "glossary.yml", work / "glossary.yml")
    (work / "annotations").mkdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1577836800"))
    from build_tools.ingest import ingest_file
    from build_tools.structure import structure

    sources = sorted(p for p in paths if p.suffix == ".txt")
    first = structure(ingest_file(sources[0])[0][0])
    note = work / "annotations" / f"{first.id}.yml"
    draft = "- clause: {}\n  note: 编者注的第{}稿。\n"
    note.write_text(draft.format(first.clauses[0].id, "一"), encoding="utf-8")

    stages = work / "stages"
    cached = ["--stage-cache", str(stages)]
    report = {"command": "python -m bench.incremental " + " ".join(argv or sys.argv[1:]),
              "docs": args.docs, "cpus": os.cpu_count(), "steps": []}

    def step(name: str, extra: list[str]) -> None:
        result = _step(name, work, extra, env)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        report["steps"].append(result)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    shutil.rmtree(project / ".cache", ignore_errors=True)
    step("full", ["--no-stage-cache"])
    step("fill", cached)
    glossary = work / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace(*GLOSSARY_EDIT, 1), encoding="utf-8")
    step("glossary", cached)
    note.write_text(draft.format(first.clauses[0].id, "二"), encoding="utf-8")
    step("note", cached)
    source = next(p for p in sources[len(sources) // 4:] if "。" in _utf8(p))
    source.write_text(_utf8(source).replace("。", "；", 1), encoding="utf-8")
    report["edited_source"] = source.name
    step("source", cached)
    failed = any("error" in s[k] for s in report["steps"] for k in ("pipeline", "mkdocs"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
