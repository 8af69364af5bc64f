"""The build driver: ingest → structure → analyze → render → write.

Each stage is one function taking the previous stage's output. Nothing is written until
the whole corpus is parsed and analysed (cross-links and indexes need all of it); then
each page is written as soon as it is rendered, into a staging directory that replaces
the generated part of ``docs/`` only when complete.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .ingest import ingest_all, source_files
from .model import Analysis, Document, Problem, SourceDocument
from .structure import alias_problems, structure
from .stage_cache import SourceCache
from .swap import WriteError, recover, staging_dir, swap_entries

if TYPE_CHECKING:
    from .render import Content


class NothingToBuild(Exception):
    """The sources gave no document: the build writes nothing (an empty archive is never
    what was meant, and writing it would delete every published page)."""

    def __init__(self, problems: list[Problem], reason: Problem) -> None:
        super().__init__(str(reason))
        self.problems = [*problems, reason]


class Progress:
    """Stage timings on stderr: ``[build] ingest and structure: 9 documents, 417 clauses from
    seeds (0 sources parsed, 9 stored) (0.1 s, 0.1 s CPU)``: wall time, and CPU time of
    the build's own process (the segmenter's worker processes are not counted)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()
        self.last = self.started
        self.last_cpu = time.process_time()

    def __call__(self, message: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if self.enabled:
            print(f"[build] {message} ({now - self.last:.1f} s, {cpu - self.last_cpu:.1f} s CPU)",
                  file=sys.stderr, flush=True)
        self.last, self.last_cpu = now, cpu


def structure_all(sources: list[SourceDocument]) -> list[Document]:
    return [structure(source) for source in sources]


def load_corpus(seeds: Path) -> tuple[tuple[Document, ...], list[Problem]]:
    """Ingest and structure every source in ``seeds``: the parsed corpus and its problems."""
    sources, problems = ingest_all(seeds)
    return tuple(structure_all(sources)), problems


def analyze(documents: tuple[Document, ...], settings: Settings, progress: Progress,
            corpus_key: str | None = None) -> tuple[Analysis, list[Problem]]:
    """Corpus-wide analysis: themes, similar measures, editors' notes, glossary.
    ``corpus_key`` stands for ``documents`` in the keys of stored stage results
    (``SourceCache.corpus_key``); without it they are keyed by the documents themselves."""
    from .analyze import analyze_corpus

    return analyze_corpus(documents, settings, progress, corpus_key)


@dataclass(frozen=True)
class Written:
    """What :func:`write` did."""

    files: int  # generated files
    changed: int  # of which new or different, and so written
    bytes: int  # total size of the generated files


def write(files: Iterable[tuple[str, Content]], settings: Settings) -> Written:
    """Make the generated part of ``docs/`` exactly ``files`` (``(relative path, content)``).

    The files are written into a staging directory beside ``docs/`` and swapped in only
    when all of them are written (``build_tools.swap``): a failure or an interrupt leaves
    the previous pages as they were, and a disk-full or permission error is a
    :class:`WriteError`. A file whose content is unchanged is hard-linked (else copied
    with its times) from the current one, and nothing is swapped when no file changed,
    so a live preview only sees real changes.
    """
    docs = settings.docs
    names = (*settings.generated_dirs, *settings.generated_files)
    try:
        recover(docs, names)
        staging = staging_dir(docs)
        for name in settings.generated_dirs:
            (staging / name).mkdir(parents=True)
        return _write_staged(files, settings, staging, names)
    except OSError as error:
        raise WriteError(docs, error) from error
    finally:
        shutil.rmtree(staging_dir(docs), ignore_errors=True)


def _write_staged(files: Iterable[tuple[str, Content]], settings: Settings, staging: Path,
                  names: tuple[str, ...]) -> Written:
    docs = settings.docs
    existing = {p for name in settings.generated_dirs for p in (docs / name).rglob("*") if p.is_file()}
    existing |= {docs / name for name in settings.generated_files if (docs / name).is_file()}
    seen: set[str] = set()
    changed = size = 0
    for relative, content in files:
        if relative in seen:
            raise ValueError(f"{relative}: generated twice")
        seen.add(relative)
        current, path = docs / relative, staging / relative
        existing.discard(current)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, (str, bytes)):
            data = content.encode("utf-8") if isinstance(content, str) else content
            size += len(data)
            if current.is_file() and current.read_bytes() == data:
                _keep(current, path)
                continue
            path.write_bytes(data)
            changed += 1
        else:
            written = _stream(path, content)
            size += written
            if current.is_file() and filecmp.cmp(path, current, shallow=False):
                path.unlink()
                _keep(current, path)
            else:
                changed += 1
    if changed or existing:
        swap_entries(docs, staging, names)
    return Written(files=len(seen), changed=changed, bytes=size)


def _keep(current: Path, path: Path) -> None:
    """Put the unchanged file ``current`` at ``path``: the same file, else a copy with its times."""
    try:
        os.link(current, path)
    except OSError:
        shutil.copy2(current, path)


def _stream(path: Path, pieces: Iterable[str]) -> int:
    """Write ``pieces`` to ``path``: its size in bytes."""
    size = 0
    with path.open("wb") as out:
        for piece in pieces:
            data = piece.encode("utf-8")
            size += len(data)
            out.write(data)
    return size


def build(settings: Settings) -> list[Problem]:
    """Run the whole pipeline; returns every problem found (errors and warnings)."""
    from .render import render_site

    progress = Progress(settings.progress)
    cache = SourceCache(settings.stage_cache / "sources" if settings.stage_cache else None)
    sources, problems = ingest_all(settings.seeds, settings.max_source_bytes, read=cache.read)
    if not sources:
        progress(f"ingest: no documents from {settings.seeds}")
        found = "no source files (*.txt)" if not source_files(settings.seeds) else \
            "no document could be read from the source files"
        raise NothingToBuild(problems, Problem(str(settings.seeds), 0, f"{found}; nothing was "
                                               f"written and the previous pages are left as they were"))
    documents = tuple(cache.document(source) for source in sources)
    problems.extend(p for source, doc in zip(sources, documents) for p in alias_problems(source, doc))
    progress(f"ingest and structure: {len(documents)} documents, "
             f"{sum(len(d.clauses) for d in documents)} clauses from {settings.seeds}"
             + (f" ({cache.misses} sources parsed, {cache.hits} stored)" if cache.directory else ""))
    corpus = cache.corpus_key() if cache.directory else None
    analysis, analysis_problems = analyze(documents, settings, progress, corpus)
    problems.extend(analysis_problems)
    written = write(render_site(documents, analysis, settings), settings)
    progress(f"render: {written.files} files, {written.changed} changed, in {settings.docs}")
    cache.prune()
    report = write_glossary_report(analysis, settings)
    progress(f"glossary: {len(analysis.unglossed)} quoted phrases without an entry, listed in {report}"
             + ("" if settings.verbose else " (-v prints them)"))
    if settings.verbose and settings.progress:
        for term, count in analysis.unglossed:
            print(f"  {term}\t{count}", file=sys.stderr)
    return problems


def write_glossary_report(analysis: Analysis, settings: Settings) -> Path:
    """``<reports>/glossary-candidates.txt``: every quoted phrase (“…”) without a glossary
    entry, one ``phrase<TAB>count`` line each, most frequent first, for editors."""
    settings.reports.mkdir(parents=True, exist_ok=True)
    path = settings.reports / "glossary-candidates.txt"
    lines = ["# quoted phrases without a glossary entry: phrase, occurrences"]
    lines += [f"{term}\t{count}" for term, count in analysis.unglossed]
    text = "\n".join(lines) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
