"""Time the two renderers on the same ``docs/``: MkDocs and Zensical, cold and cached.

    python -m bench.renderers [--docs N | --seeds-only] [--out FILE] [--keep]

The pipeline runs once (``python -m build_tools build``) into a throw-away project
(``bench.bench._project``: the repository's ``mkdocs.yml`` inherited, ``docs/`` and
``site/`` under ``bench/out/work/renderers-<N>/``). Then, in this order, so that a change
in the machine's load falls on both renderers alike:

==================  ===================================================================
mkdocs full         ``mkdocs build --strict`` with the render cache emptied
zensical cold       ``python -m build_tools.zensical_site --clean`` (Zensical's cache
                    emptied; then the hook's steps: compaction, link check, Pagefind)
mkdocs cached       the same ``mkdocs build --strict`` again: every page from the cache
zensical cached     ``python -m build_tools.zensical_site`` again, Zensical's cache warm
==================  ===================================================================

Each run reports wall time, CPU time (user + system of the child and its children,
``getrusage``), its progress lines' steps (render, links, search index) and the site's
bytes. The Zensical runs are not strict, so that they finish and can be timed; the number of
broken links their check found is reported (``broken_links``); a Zensical run that fails
ends the report there. The MkDocs site is kept
as ``site-mkdocs/`` and the first Zensical site as ``site-zensical/`` beside ``site/``, and
``zensical_cold_equals_cached`` says whether the two Zensical builds are byte-identical.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.bench import REPO_ROOT, _cpu, _project
from bench.synth import write_corpus

WORK = REPO_ROOT / "bench" / "out" / "work"
_STEP = re.compile(r"^\[(?:mkdocs|zensical)\] (render|links|search index)\b.*\(([\d.]+) s\)$", re.M)
_BROKEN = re.compile(r"^\[zensical\] links: \d+ pages checked, (\d+) broken", re.M)


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    cpu = _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    result = {"seconds": round(time.perf_counter() - started, 2),
              "cpu_seconds": round(_cpu(resource.RUSAGE_CHILDREN) - cpu, 2),
              "returncode": done.returncode}
    steps = {name: float(seconds) for name, seconds in _STEP.findall(done.stderr)}
    if steps:
        result["steps_seconds"] = steps
    broken = _BROKEN.search(done.stderr)
    if broken:
        result["broken_links"] = int(broken.group(1))
    if done.returncode:
        result["error"] = done.stderr.strip()[-2000:]
    return result


def _bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def _same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def run(docs: int | None, seed: str = "0", keep: bool = False) -> dict:
    """Build one archive (``docs`` synthetic documents, or the seeds) with both renderers."""
    work = WORK / f"renderers-{docs if docs else 'seeds'}"
    shutil.rmtree(work, ignore_errors=True)
    if docs:
        seeds = work / "corpus"
        write_corpus(seeds, docs, seed=seed, seeds_dir=REPO_ROOT / "seeds")
    else:
        seeds = REPO_ROOT / "seeds"
    project = _project(work)
    config = project / "mkdocs.yml"
    site = project / "site"
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    env["NO_MKDOCS_2_WARNING"] = "1"
    report: dict = {"docs": docs or "seeds", "seed": seed if docs else None}
    report["pipeline"] = _timed([sys.executable, "-m", "build_tools", "build", "--seeds", str(seeds),
                                 "--docs", str(project / "docs")], REPO_ROOT, env)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    zensical = [sys.executable, "-m", "build_tools.zensical_site", "-f", str(config)]

    shutil.rmtree(project / ".cache" / "render", ignore_errors=True)
    report["mkdocs_full"] = _timed(mkdocs, project, env)
    report["mkdocs_full"]["site_bytes"] = _bytes(site)
    os.replace(site, project / "site-mkdocs")

    report["zensical_cold"] = _timed(zensical + ["--clean"], REPO_ROOT, env)
    if report["zensical_cold"]["returncode"]:
        return report
    report["zensical_cold"]["site_bytes"] = _bytes(site)
    os.replace(site, project / "site-zensical")

    report["mkdocs_cached"] = _timed(mkdocs, project, env)
    shutil.rmtree(site)

    report["zensical_cached"] = _timed(zensical, REPO_ROOT, env)
    report["zensical_cold_equals_cached"] = _same_tree(project / "site-zensical", site)
    report["work"] = str(work)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.renderers",
                                     description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--docs", type=int, default=500, help="synthetic documents (default 500)")
    size.add_argument("--seeds-only", action="store_true", help="build the seeds instead")
    parser.add_argument("--seed", default="0", help="seed of the synthetic archive")
    parser.add_argument("--out", type=Path, help="also write the report here (JSON)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites")
    args = parser.parse_args(argv)
    report = run(None if args.seeds_only else args.docs, args.seed, args.keep)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    failed = [name for name in ("pipeline", "mkdocs_full", "zensical_cold", "mkdocs_cached")
              if report.get(name, {}).get("returncode", 1)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
