"""Command line: ``python -m build_tools build [--seeds DIR] [--docs DIR] [--strict] [-v]``
(also ``--annotations DIR``, ``--themes FILE``, ``--glossary FILE``)."""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from .build import NothingToBuild, build
from .config import Settings
from .swap import WriteError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Build the policy archive's pages and data.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="sources → docs/ (Markdown pages and data/corpus.json)")
    defaults = Settings()
    b.add_argument("--seeds", type=Path, default=defaults.seeds, help="source directory")
    b.add_argument("--docs", type=Path, default=defaults.docs, help="MkDocs docs_dir to write")
    b.add_argument("--annotations", type=Path, default=defaults.annotations,
                   help="directory of editors' notes, one <doc-id>.yml each")
    b.add_argument("--themes", type=Path, default=defaults.themes, help="theme taxonomy (YAML)")
    b.add_argument("--glossary", type=Path, default=defaults.glossary, help="glossary (YAML)")
    b.add_argument("--strict", action="store_true",
                   help="exit non-zero if any source had an error (the rest is still built)")
    b.add_argument("--no-link", action="store_true", help="skip similar-measure linking")
    b.add_argument("--stage-cache", type=Path, default=defaults.stage_cache,
                   help="directory of stored theme and similar-measure results")
    b.add_argument("--no-stage-cache", action="store_true",
                   help="run every stage, neither reading nor storing results")
    b.add_argument("--quiet", action="store_true", help="no progress lines")
    b.add_argument("-v", "--verbose", action="store_true",
                   help="also print the editors' reports in full (quoted phrases without a glossary entry)")
    args = parser.parse_args(argv)

    settings = replace(defaults, seeds=args.seeds, docs=args.docs, annotations=args.annotations,
                       themes=args.themes, glossary=args.glossary,
                       strict=args.strict,
                       stage_cache=None if args.no_stage_cache else args.stage_cache,
                       link=not args.no_link, progress=not args.quiet, verbose=args.verbose)
    if not settings.seeds.is_dir():
        print(f"{settings.seeds}: error: source directory not found", file=sys.stderr)
        return 2
    try:
        problems = build(settings)
    except NothingToBuild as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        return 1
    except WriteError as error:
        print(error, file=sys.stderr)
        return 1
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"[build] {len(errors)} error(s), {len(problems) - len(errors)} warning(s)",
              file=sys.stderr)
    return 1 if errors and settings.strict else 0


if __name__ == "__main__":
    sys.exit(main())
