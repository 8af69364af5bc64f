"""The build driver: ingest → structure → analyze → render → write.

Each stage is one function taking the previous stage's output. Nothing is written until
the whole corpus is parsed and analysed (cross-links and indexes need all of it).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .config import Settings
from .ingest import ingest_all
from .model import Analysis, Document, Problem, SourceDocument
from .structure import structure


class Progress:
    """Stage timings on stderr: ``[build] structure: 9 documents, 460 clauses (0.1 s)``."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()
        self.last = self.started

    def __call__(self, message: str) -> None:
        now = time.perf_counter()
        if self.enabled:
            print(f"[build] {message} ({now - self.last:.1f} s)", file=sys.stderr, flush=True)
        self.last = now


def structure_all(sources: list[SourceDocument]) -> list[Document]:
    return [structure(source) for source in sources]


def load_corpus(seeds: Path) -> tuple[tuple[Document, ...], list[Problem]]:
    """Ingest and structure every source in ``seeds``: the parsed corpus and its problems."""
    sources, problems = ingest_all(seeds)
    return tuple(structure_all(sources)), problems


def analyze(documents: tuple[Document, ...], settings: Settings,
            progress: Progress) -> tuple[Analysis, list[Problem]]:
    """Corpus-wide analysis: themes, similar measures, editors' notes, glossary."""
    from .analyze import analyze_corpus

    return analyze_corpus(documents, settings, progress)


def write(files: dict[str, str | bytes], settings: Settings) -> int:
    """Make the generated part of ``docs/`` exactly ``files`` (paths relative to it).

    Unchanged files are left alone and stale ones removed, so a live preview only sees
    real changes. Returns how many files were written.
    """
    docs = settings.docs
    existing = {p for name in settings.generated_dirs for p in (docs / name).rglob("*") if p.is_file()}
    existing |= {docs / name for name in settings.generated_files if (docs / name).is_file()}
    written = 0
    for relative in sorted(files):
        path = docs / relative
        content = files[relative]
        data = content.encode("utf-8") if isinstance(content, str) else content
        existing.discard(path)
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    for stale in sorted(existing):
        stale.unlink()
    for name in settings.generated_dirs:  # drop directories left empty
        for folder in sorted((docs / name).rglob("*"), reverse=True) if (docs / name).exists() else ():
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return written


def build(settings: Settings) -> list[Problem]:
    """Run the whole pipeline; returns every problem found (errors and warnings)."""
    from .render import render_site

    progress = Progress(settings.progress)
    sources, problems = ingest_all(settings.seeds)
    progress(f"ingest: {len(sources)} documents from {settings.seeds}")
    documents = tuple(structure_all(sources))
    progress(f"structure: {sum(len(d.clauses) for d in documents)} clauses")
    analysis, analysis_problems = analyze(documents, settings, progress)
    problems.extend(analysis_problems)
    files = render_site(documents, analysis, settings)
    progress(f"render: {len(files)} files")
    written = write(files, settings)
    progress(f"write: {written} changed file(s) in {settings.docs}")
    return problems
