"""Benchmark the build stage by stage on synthetic archives of growing size.

    python -m bench.bench [--sizes 100,1000,10000] [--stages ingest,…,mkdocs]
                                [--out bench/out/bench.json] [--mkdocs-max-docs N]

For each size a synthetic corpus is written with ``bench.synth`` (same seed, same
bytes) under ``bench/out/work/``, then one fresh worker process runs the stages in order:

==========  ==================================================================
ingest      ``ingest.ingest_all``: decode, split, drop chrome, read metadata
structure   ``structure.structure`` on every document: outline and clause ids
segment     jieba segmentation of every linkable clause (``similarity.unit_terms``)
            into an empty token cache: the cold cost a new source pays
themes      the rest of the analysis as ``analyze.analyze_corpus`` runs it: theme
            classification (which segments the clause texts the linker does not,
            through the same cache), editors' notes, glossary
link        ``similarity.link`` over the whole corpus, with the measures' themes as
            the build passes them; its token look-ups hit the cache the segment stage
            filled, as in a rebuild of unchanged sources
render      ``render.render_site`` and ``build.write``: Markdown and corpus.json
mkdocs      ``mkdocs build --strict`` of the rendered pages (the search index
            included), in a child of the driver once the worker has exited
==========  ==================================================================

A stage needs the ones before it, except that segment and link are optional (without
them pages carry no similar measures; link needs themes); asking for a later stage runs the earlier ones
too, and all of them are reported. The mkdocs project is a throw-away copy of the
hand-written ``docs/`` with a ``mkdocs.yml`` that ``INHERIT``s the repository's and points
``docs_dir``, ``site_dir``, ``custom_dir`` and ``hooks`` at absolute paths.

How memory is measured: peak resident memory, which is what decides whether a build fits
the machine. Before each in-process stage the worker writes ``5`` to
``/proc/self/clear_refs``, which resets the kernel's high-water mark ``VmHWM``, and reads
``VmHWM`` from ``/proc/self/status`` afterwards: ``process_peak_rss_mb`` is the largest RSS
of the worker during that stage, including what earlier stages still hold
(``rss_before_mb``). Stages that fork helper processes (the segmenter's pool) are also
sampled every 0.1 s while children exist: the summed PSS of the worker and its
descendants (``worker_processes`` says how many were seen). ``peak_rss_mb`` is the larger
of the two, the stage's peak for the whole process tree. Where the reset is refused the
lifetime maximum ``ru_maxrss`` is reported and ``rss_method`` says so. mkdocs runs as a child process, which reports its own ``VmHWM``
as it exits (see ``_MKDOCS`` for why not ``ru_maxrss``); its process tree is sampled every
0.2 s (:class:`TreeMemory`): ``tree_peak_rss_mb`` is the largest summed RSS of mkdocs and
the programs it runs (Pagefind), ``child_peak_rss_mb`` each program's own peak.

Time: ``seconds`` is wall time (``time.perf_counter``); ``cpu_seconds`` is user + system
CPU time of the worker and its reaped children (``getrusage``; for mkdocs, of the child), which other jobs on a
shared machine disturb much less than wall time. CPU time above wall time means the
stage used more than one core (BLAS threads, for instance).

Output: one JSON object per size on stdout as soon as that size is done, and the whole
report (machine, command, every size) in ``--out``.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "structure", "segment", "themes", "link", "render", "mkdocs")
NEEDS = {"ingest": (), "structure": ("ingest",), "segment": ("structure",),
         "themes": ("structure",), "link": ("themes",), "render": ("themes",),
         "mkdocs": ("render",)}
DEFAULT_SIZES = (100, 1000, 10000)
WORK = REPO_ROOT / "bench" / "out" / "work"


# ---------------------------------------------------------------------------
# Memory


class Memory:
    """Peak memory of this process, and of it with its worker processes, per stage.

    ``peak()`` returns (this process's exact peak RSS, the sampled peak of the process
    tree, the most child processes seen). The tree is sampled every ``interval`` seconds
    only while children exist: the sum of proportional set size (PSS) of this process and
    every descendant, so that pages a forked worker shares with its parent count once.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.method = "VmHWM reset per stage (/proc/self/clear_refs)"
        if not self._reset():
            self.method = "ru_maxrss: process lifetime maximum (reset refused)"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._tree_peak = 0.0
        self._children = 0

    @staticmethod
    def _reset() -> bool:
        try:
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")
            return True
        except OSError:
            return False

    @staticmethod
    def _status(field: str, pid: int | str = "self") -> float | None:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
        return int(match.group(1)) / 1024 if match else None

    @staticmethod
    def _pss(pid: int) -> float:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            return 0.0
        match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
        return int(match.group(1)) / 1024 if match else 0.0

    @staticmethod
    def _descendants(root: int) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rfind(")") + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [root]
        while todo:
            for child in parents.get(todo.pop(), ()):
                found.append(child)
                todo.append(child)
        return found

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            children = self._descendants(me)
            if children:
                self._children = max(self._children, len(children))
                total = self._pss(me) + sum(self._pss(c) for c in children)
                self._tree_peak = max(self._tree_peak, total)

    def start(self) -> float:
        gc.collect()
        self._reset()
        self._tree_peak, self._children = 0.0, 0
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self._status("VmRSS") or 0.0

    def peak(self) -> tuple[float, float, int]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        hwm = self._status("VmHWM") if self.method.startswith("VmHWM") else None
        own = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return own, max(own, self._tree_peak), self._children


class TreeMemory:
    """The memory of a child process and its descendants while it runs, sampled every
    ``interval`` seconds: ``peak_sum``, the largest sum of their resident memory (VmRSS)
    at one moment, and ``peaks``, by program name (``comm``), the largest high-water mark
    (VmHWM) any process of that name reached in its last sample (Pagefind, which the
    MkDocs hook runs, included)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.peak_sum = 0.0
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            total = 0.0
            for pid in [self.pid, *Memory._descendants(self.pid)]:
                rss, hwm = Memory._status("VmRSS", pid), Memory._status("VmHWM", pid)
                try:
                    name = Path(f"/proc/{pid}/comm").read_text().strip()
                except OSError:
                    continue
                total += rss or 0.0
                if hwm:
                    self.peaks[name] = max(self.peaks.get(name, 0.0), hwm)
            self.peak_sum = max(self.peak_sum, total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------
# The worker: one process, one corpus, the stages in order


def _plan(stages: list[str]) -> list[str]:
    wanted: set[str] = set()

    def need(stage: str) -> None:
        wanted.add(stage)
        for before in NEEDS[stage]:
            need(before)

    for stage in stages:
        need(stage)
    return [s for s in STAGES if s in wanted]


def _project(work: Path) -> Path:
    """A throw-away MkDocs project: the hand-written docs and an inheriting mkdocs.yml."""
    from build_tools.config import Settings

    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    generated = set(Settings().generated_dirs) | set(Settings().generated_files)
    docs = REPO_ROOT / "docs"
    if docs.is_dir():
        shutil.copytree(docs, project / "docs",
                        ignore=lambda d, names: [n for n in names
                                                 if Path(d) == docs and n in generated])
    else:
        (project / "docs").mkdir()
    config = {
        "INHERIT": str(REPO_ROOT / "mkdocs.yml"),
        "docs_dir": str(project / "docs"),
        "site_dir": str(project / "site"),
        "watch": [],
        "hooks": [str(p) for p in sorted((REPO_ROOT / "build_tools").glob("mkdocs_hook.py"))],
    }
    if (REPO_ROOT / "overrides").is_dir():
        config["theme"] = {"custom_dir": str(REPO_ROOT / "overrides")}
    (project / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")  # JSON is YAML
    return project


# mkdocs runs in a child that reports its own peak RSS (VmHWM) when it exits. The
# child's ru_maxrss from wait4 is no good here: a child spawned by a large process starts
# life in the parent's address space, and Linux carries that high-water mark into the
# child's ru_maxrss at exec.
_MKDOCS = """
import atexit, re, sys
def _report():
    status = open("/proc/self/status").read()
    sys.stderr.write("\\nBENCH_VMHWM_KB=" + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
atexit.register(_report)
sys.argv[0] = "mkdocs"
from mkdocs.__main__ import cli
cli()
"""


def _mkdocs(project: Path) -> dict:
    """``mkdocs build --strict`` in a child process: wall time, its own peak RSS, site size."""
    command = [sys.executable, "-c", _MKDOCS, "build", "--strict", "--quiet",
               "-f", str(project / "mkdocs.yml")]
    log = project / "mkdocs.log"
    cpu = _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(log, "wb") as handle:
        child = subprocess.Popen(command, cwd=project, stdout=handle, stderr=subprocess.STDOUT)
        tree = TreeMemory(child.pid)
        child.wait()
        tree.stop()
    done = child
    seconds = time.perf_counter() - started
    text = log.read_text("utf-8", "replace")
    hwm = re.findall(r"BENCH_VMHWM_KB=(\d+)", text)
    result = {"seconds": round(seconds, 2),
              "cpu_seconds": round(_cpu(resource.RUSAGE_CHILDREN) - cpu, 2),
              "peak_rss_mb": round(int(hwm[-1]) / 1024, 1) if hwm else None,
              "rss_method": "VmHWM of the mkdocs process at exit",
              "tree_peak_rss_mb": round(tree.peak_sum, 1),
              "child_peak_rss_mb": {name: round(mb, 1) for name, mb in sorted(tree.peaks.items())}}
    if done.returncode:
        result["error"] = re.sub(r"\s*BENCH_VMHWM_KB=\d+\s*", "", text).strip()[-2000:]
    site = project / "site"
    if site.is_dir():
        files = [p for p in site.rglob("*") if p.is_file()]
        result["site_bytes"] = sum(p.stat().st_size for p in files)
        result["site_files"] = len(files)
    return result


def worker(corpus: Path, work: Path, stages: list[str]) -> dict:
    """Run the planned stages on ``corpus``; one result dict per stage.

    Each stage's result is also printed to stderr as a JSON line as soon as it is known,
    so a long run shows its progress.
    """
    from build_tools.model import Analysis

    def progress(result: dict) -> None:
        print(json.dumps({"corpus": str(corpus), **result}, ensure_ascii=False),
              file=sys.stderr, flush=True)

    memory = Memory()
    results: list[dict] = []
    state: dict = {}

    def measure(stage: str, run) -> None:
        before = memory.start()
        cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        try:
            facts = run() or {}
        except Exception as error:  # report, and stop: later stages need this one
            facts = {"error": f"{type(error).__name__}: {error}"}
        seconds = time.perf_counter() - started
        cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - cpu
        own, tree, children = memory.peak()
        results.append({"stage": stage, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                        "peak_rss_mb": round(tree, 1), "process_peak_rss_mb": round(own, 1),
                        "worker_processes": children, "rss_before_mb": round(before, 1),
                        "rss_method": memory.method, **facts})
        progress(results[-1])

    def ingest():
        from build_tools.ingest import ingest_all

        state["sources"], problems = ingest_all(corpus)
        return {"documents": len(state["sources"]), "problems": len(problems)}

    def structure():
        from build_tools.build import structure_all

        state["documents"] = tuple(structure_all(state.pop("sources")))
        return {"clauses": sum(len(d.clauses) for d in state["documents"])}

    def segmenter():
        if "segmenter" not in state:
            from build_tools.segment import Segmenter

            state["segmenter"] = Segmenter(cache_dir=work / "cache")
        return state["segmenter"]

    def segment():
        from build_tools.similarity import LinkSettings, linkable_units, unit_terms

        units = linkable_units(state["documents"])
        unit_terms(units, segmenter(), LinkSettings())
        return {"units": len(units)}

    def link():
        from dataclasses import replace

        from build_tools.similarity import link as link_all

        similar = link_all(state["documents"], segmenter(), themes=state["analysis"].clause_themes)
        state["analysis"] = replace(state["analysis"], similar=similar)  # as the build reads themes first
        return {"linked_clauses": len(similar), "links": sum(len(v) for v in similar.values())}

    def themes():
        from build_tools.config import Settings
        from build_tools.glossary import load_glossary
        from build_tools.notes import load_notes
        from build_tools.themes import classify, load_themes

        settings = Settings()
        taxonomy, _ = load_themes(settings.themes)
        clause_themes = classify(state["documents"], taxonomy, segmenter()) if taxonomy else {}
        notes, _ = load_notes(settings.annotations, state["documents"])
        glossary, _ = load_glossary(settings.glossary) if settings.glossary.exists() else ((), [])
        state["analysis"] = Analysis(themes=taxonomy, clause_themes=clause_themes, notes=notes,
                                     glossary=glossary)
        return {"classified": len(clause_themes), "glossary_entries": len(glossary)}

    def render():
        from dataclasses import replace

        from build_tools.build import write
        from build_tools.config import Settings
        from build_tools.render import render_site

        state["project"] = project = _project(work)
        settings = replace(Settings(), seeds=corpus, docs=project / "docs", progress=False)
        written = write(render_site(state["documents"], state["analysis"], settings), settings)
        return {"files": written.files, "bytes": written.bytes}

    steps = {"ingest": ingest, "structure": structure, "segment": segment, "link": link,
             "themes": themes, "render": render}
    for stage in stages:
        if stage == "mkdocs":
            continue  # run by the driver once this process has exited (see run_size)
        measure(stage, steps[stage])
        if "error" in results[-1]:
            break
    if "segmenter" in state:
        state["segmenter"].close()
    return {"stages": results}


# ---------------------------------------------------------------------------
# The driver: corpora, workers, report


def _machine() -> dict:
    info = {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}
    try:
        mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        info["memory_gb"] = round(int(mem.group(1)) / 1024 ** 2, 1) if mem else None
    except OSError:
        pass
    return info


def run_size(size: int, stages: list[str], seed: str, mkdocs_max: int | None,
             keep: bool, work_root: Path | None = None) -> dict:
    """Write the corpus of ``size`` documents and run the stages on it in a fresh worker."""
    from bench.synth import write_corpus

    work = (work_root or WORK) / f"{size}"
    corpus = work / "corpus"
    started = time.perf_counter()
    paths = write_corpus(corpus, size, seed=seed, seeds_dir=REPO_ROOT / "seeds")
    generated = time.perf_counter() - started
    shutil.rmtree(work / "cache", ignore_errors=True)  # segment measures a cold cache
    skip = (f"corpus larger than --mkdocs-max-docs {mkdocs_max}"
            if mkdocs_max is not None and size > mkdocs_max else "")
    command = [sys.executable, "-m", "bench.bench", "--worker", "--corpus", str(corpus),
               "--work", str(work), "--stages", ",".join(stages)]
    done = subprocess.run(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        result = {"stages": [], "error": f"worker exited {done.returncode} without a report"}
    # mkdocs runs after the worker has exited, as `make site` runs it after the pipeline:
    # its memory does not stack on what the pipeline's stages held.
    rendered = any(s["stage"] == "render" and "error" not in s for s in result["stages"])
    if "mkdocs" in stages and (skip or rendered):
        mkdocs = {"stage": "mkdocs", "skipped": skip} if skip else {"stage": "mkdocs", **_mkdocs(work / "project")}
        result["stages"].append(mkdocs)
        print(json.dumps({"corpus": str(corpus), **mkdocs}, ensure_ascii=False), file=sys.stderr, flush=True)
    timed = [s for s in result["stages"] if s["stage"] != "mkdocs" and "seconds" in s]
    report = {
        "docs": size,
        "seed": seed,
        "source_bytes": sum(p.stat().st_size for p in paths),
        "generate_seconds": round(generated, 2),
        **result,
        "build_seconds_without_mkdocs": round(sum(s["seconds"] for s in timed), 2),
        "peak_rss_mb": max((max(s.get("peak_rss_mb") or 0, s.get("tree_peak_rss_mb") or 0)
                            for s in result["stages"]), default=0),
    }
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated corpus sizes (documents)")
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"comma-separated stages among {','.join(STAGES)}")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "out" / "bench.json",
                        help="where to write the full JSON report")
    parser.add_argument("--seed", default="0", help="synthetic corpus seed")
    parser.add_argument("--mkdocs-max-docs", type=int, default=None,
                        help="skip the mkdocs stage for corpora larger than this")
    parser.add_argument("--keep", action="store_true",
                        help="keep corpora, rendered docs and sites under bench/out/work/")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage {unknown[0]!r}; choose among {', '.join(STAGES)}")
    if args.worker:
        result = worker(args.corpus, args.work, stages)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, not {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs at least one positive size")
    plan = _plan(stages)
    report = {"command": "python -m bench.bench " + " ".join(argv if argv is not None
                                                                   else sys.argv[1:]),
              "machine": _machine(), "stages": plan, "runs": []}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    failed = False
    for size in sizes:
        run = run_size(size, plan, args.seed, args.mkdocs_max_docs, args.keep)
        print(json.dumps(run, ensure_ascii=False), flush=True)
        report["runs"].append(run)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        failed |= "error" in run or any("error" in s for s in run["stages"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
