"""Ingest: source files → recovered documents (``SourceDocument``).

The stage reads, in order: ``decode`` (bytes → text → physical lines), ``split``
(compilations cut at ``第N篇:``), ``recover`` (per document: web chrome and page metadata
from ``chrome``, the header and body, and the official-document frame of ``frame``; a
piece printed in traditional characters is read folded to simplified ones and given back
as printed, ``script``), then ``sidecar`` overrides.

Guarantees:

* Every physical line of a source ends up in exactly one place: a document's ``body``
  (possibly as a slice), its title/subtitle/metadata, or its ``dropped`` list with a
  reason code (``reasons.REASONS``). Nothing is lost silently.
* Line numbers are the physical line numbers of the source, so every message can point
  at ``file:line``.
* Text is decoded and NFC-normalised, but never rewritten otherwise.
"""
from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from ..config import MAX_SOURCE_BYTES
from ..model import Dropped, Problem, SourceDocument
from ..site_paths import free_id, reserved
from .chrome import chrome_reason, metadata_fields, strip_ws
from .decode import SourceError, decode, decode_source, split_lines
from .ids import document_key, file_slug, normalise, tag
from .recover import END_DATE, ISSUER_LINE, SIGNATURE, UNTITLED, document_slug, recover, signature
from .script import folded_piece, printed_document, traditional
from .sidecar import _SLUG_OK, apply_sidecar, load_sidecar
from .split import split_documents

__all__ = ["END_DATE", "ISSUER_LINE", "SIGNATURE", "SourceError", "chrome_reason", "decode",
           "document_slug", "ingest_all", "ingest_file", "metadata_fields", "scan_sources",
           "signature", "source_files", "split_lines", "strip_ws"]

#: The id of a text issued by a notice: the notice's id and this suffix.
ISSUED_SUFFIX = "-issued"


def read_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a source: a regular file (no FIFO, device or folder) of at most
    ``max_bytes`` bytes. Raises ``SourceError``."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(Problem(path.name, 0, "not a regular file (a FIFO, device or "
                                                    "folder); not read"))
        if info.st_size > max_bytes:
            raise SourceError(Problem(path.name, 0, f"source is {info.st_size} bytes, over the "
                                                    f"limit of {max_bytes} bytes per source "
                                                    "(max_source_bytes in build_tools/config.py); "
                                                    "not read"))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(Problem(path.name, 0, f"cannot read: {exc.strerror}")) from exc
    if len(data) > max_bytes:
        raise SourceError(Problem(path.name, 0, f"source grew over the limit of {max_bytes} "
                                                "bytes while being read; not read"))
    return data


def ingest_file(path: Path, max_bytes: int = MAX_SOURCE_BYTES
                ) -> tuple[list[SourceDocument], list[Problem]]:
    """One source file → its documents, and the problems found (never raises)."""
    problems: list[Problem] = []
    try:
        text, encoding, strays = decode_source(path, read_source(path, max_bytes))
    except SourceError as exc:
        return [], [exc.problem]
    sidecar_path = path.with_suffix(".yml")
    sidecar, sidecar_problems = load_sidecar(sidecar_path)
    problems.extend(sidecar_problems)
    documents: list[SourceDocument] = []
    pieces = [p for p in split_documents(split_lines(text))
              if any(strip_ws(l.text) for l in p.lines) or p.separator]
    base = file_slug(path.name)
    used: set[str] = set()
    intro: list[Dropped] = []  # a compilation page's introduction, reported with its first document
    for index, piece in enumerate(pieces, 1):
        if traditional("\n".join(line.text for line in piece.lines)):
            found = [printed_document(doc, piece)
                     for doc in recover(path.name, index, folded_piece(piece), encoding)]
        else:
            found = recover(path.name, index, piece, encoding)
        if not found[0].title and not any(strip_ws(l.text) for d in found for l in d.body):
            intro += list(found[0].dropped)  # only web chrome: reported with the next document
            continue
        if _introduction(found, piece, pieces):
            intro += [Dropped(l.number, l.text, "page_intro") for l in piece.lines if strip_ws(l.text)]
            continue
        if intro:
            found[0] = _with_dropped(found[0], intro)
            intro = []
        slug = _document_id(base, found[0], len(pieces) > 1, sidecar.ids)
        if slug in used:
            n = 2
            while f"{slug}-{n}" in used:
                n += 1
            slug = f"{slug}-{n}"
        used.add(slug)
        if free_id(slug) != slug:
            problems.append(Problem(path.name, found[0].first_line, f"document id {slug!r} is a "
                                    f"reserved site path; the document is published as "
                                    f"{free_id(slug)!r}", "warning"))
            slug = free_id(slug)
        if len(found) == 2:  # a notice and the text it issues, linked both ways
            notice, issued = found
            found = [replace(notice, slug=slug, issues=slug + ISSUED_SUFFIX),
                     replace(issued, slug=slug + ISSUED_SUFFIX, issued_by=slug)]
        else:
            found = [replace(found[0], slug=slug)]
        documents.extend(found)
    if not documents:
        return [], problems + [Problem(path.name, 1, "no document found: every line is web chrome")]
    if intro:  # web chrome after the last document
        documents[-1] = _with_dropped(documents[-1], intro)
    documents = _with_strays(path.name, documents, strays, problems)
    entries = sidecar.entries
    for extra in entries[len(documents):]:
        count = len(documents)
        problems.append(Problem(sidecar_path.name, extra.line, "this entry has no document to "
                                f"apply to: {path.name} holds {count} document"
                                f"{'s' if count > 1 else ''}; it is ignored", "warning"))
    for n, doc in enumerate(documents):
        if n < len(entries):
            fallback = doc.slug
            doc = apply_sidecar(doc, entries[n].fields)
            if not _SLUG_OK.match(doc.slug):
                problems.append(Problem(sidecar_path.name, entries[n].line,
                                        f"id {doc.slug!r} is not a lower-case ASCII slug"))
                doc = replace(doc, slug=fallback)
            elif reserved(doc.slug):
                problems.append(Problem(sidecar_path.name, entries[n].line,
                                        f"id {doc.slug!r} is a reserved site path; "
                                        f"the document is published as {fallback!r}"))
                doc = replace(doc, slug=fallback)
        aliases = sidecar.aliases.get(doc.slug)
        if aliases:
            doc = replace(doc, aliases=tuple(sorted(aliases.items())))
        if not doc.title:
            first = next((strip_ws(l.text) for l in doc.body if strip_ws(l.text)), "")
            problems.append(Problem(path.name, doc.first_line, "no title found; the page shows "
                                    f"a placeholder; add 'title:' to {sidecar_path.name}",
                                    "warning"))
            doc = replace(doc, title=UNTITLED + (first[:16] + "…" if first else ""))
        if not any(strip_ws(l.text) for l in doc.body):
            problems.append(Problem(path.name, doc.first_line, "document has a title but no body "
                                    "text", "warning"))
        documents[n] = doc
    known = {d.slug for d in documents}
    for doc_id in sorted(set(sidecar.aliases) - known):
        problems.append(Problem(sidecar_path.name, 1, f"aliases: no document {doc_id!r} in "
                                f"{path.name}; its aliases are ignored", "warning"))
    return documents, problems


def _with_dropped(doc: SourceDocument, lines: list[Dropped]) -> SourceDocument:
    """``doc`` reporting ``lines`` too (a page's lines before or after it that make no
    document), its line span widened to them."""
    return replace(doc, dropped=tuple(sorted([*lines, *doc.dropped], key=lambda d: (d.line, d.text))),
                   first_line=min(doc.first_line, *(d.line for d in lines)),
                   last_line=max(doc.last_line, *(d.line for d in lines)))


#: The most non-blank lines a compilation page's introduction holds.
INTRO_LINES = 5


def _introduction(found: list[SourceDocument], piece, pieces) -> bool:
    """Whether ``piece``, before a compilation's first ``第N篇``, is the page's introduction:
    a few lines that name no document (no title, no frame element) while documents follow."""
    doc = found[0]
    return (piece is pieces[0] and piece.separator is None and len(pieces) > 1
            and pieces[1].separator is not None and len(found) == 1 and not doc.title
            and not doc.addressee and not doc.signature and not doc.number
            and sum(1 for l in doc.body if strip_ws(l.text)) <= INTRO_LINES)


def _document_id(base: str, doc: SourceDocument, several: bool, pinned: dict[str, str]) -> str:
    """The id of a document of a file (see ``ids``): pinned by the sidecar's ``ids:``, the
    file slug for a file's only document, else the file slug and a tag of its 文号/title."""
    for value in (doc.number, doc.title):
        if value and normalise(value) in pinned:
            return pinned[normalise(value)]
    if not several:
        return base
    opening = "".join(strip_ws(l.text) for l in doc.body[:5])
    return f"{base}-{tag(document_key(doc.number, doc.title, opening))}"


def _with_strays(name: str, documents: list[SourceDocument], strays, problems: list[Problem]
                 ) -> list[SourceDocument]:
    """Each stray byte listed among the dropped lines of the document that holds its line."""
    for stray in strays:
        problems.append(Problem(name, stray.line, f"byte 0x{stray.byte:02x} at column "
                                f"{stray.column} is not UTF-8; it is shown as U+FFFD", "warning"))
        holder = next((k for k, d in enumerate(documents)
                       if d.first_line <= stray.line <= d.last_line), len(documents) - 1)
        doc = documents[holder]
        entry = Dropped(stray.line, f"第{stray.column}列的字节 0x{stray.byte:02x}（显示为 �）", "bad_byte")
        documents[holder] = replace(doc, dropped=tuple(sorted(doc.dropped + (entry,),
                                                              key=lambda d: (d.line, d.text))))
    return documents


def scan_sources(seeds: Path) -> tuple[list[Path], list[Problem]]:
    """The sources of ``seeds`` (its ``*.txt`` files, in any case, sorted by name) and a
    message for everything else in it: a symlink leaving ``seeds``, a source that is not a
    regular file (errors), a subfolder, another kind of file, a sidecar without a source or
    not named ``<source>.yml`` (warnings). Hidden files (``.gitkeep``) are passed over."""
    root = seeds.resolve()
    sources: list[Path] = []
    problems: list[Problem] = []
    entries = sorted(seeds.iterdir())
    stems = {p.stem for p in entries if p.suffix.lower() == ".txt"}
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        suffix = entry.suffix.lower()
        if entry.is_symlink():
            target = entry.resolve()
            if not target.is_relative_to(root):
                problems.append(Problem(name, 0, f"symbolic link to {target}, outside the "
                                                 "sources folder; not read"))
                continue
        if suffix == ".txt":
            try:
                regular = stat.S_ISREG(os.stat(entry).st_mode)
            except OSError as exc:
                problems.append(Problem(name, 0, f"cannot read: {exc.strerror}"))
                continue
            if not regular:
                problems.append(Problem(name, 0, "not a regular file (a FIFO, device or "
                                                 "folder); not read"))
                continue
            sources.append(entry)
        elif entry.is_dir():
            problems.append(Problem(name, 0, "subfolders are not read; sources must be "
                                             "directly in the sources folder", "warning"))
        elif entry.suffix == ".yml":
            if entry.stem not in stems:
                problems.append(Problem(name, 0, f"sidecar without a source ({entry.stem}.txt); "
                                                 "it is not read", "warning"))
        elif suffix in (".yml", ".yaml"):
            problems.append(Problem(name, 0, f"a sidecar must be named {entry.stem}.yml; "
                                             "it is not read", "warning"))
        else:
            problems.append(Problem(name, 0, "not a source (only *.txt files are read); "
                                             "it is not read", "warning"))
    return sources, problems


def source_files(seeds: Path) -> list[Path]:
    """The sources of ``seeds``: its ``*.txt`` files, in any case (``A.TXT``), sorted by name."""
    return scan_sources(seeds)[0]


def ingest_all(seeds: Path, max_bytes: int = MAX_SOURCE_BYTES, read=ingest_file
               ) -> tuple[list[SourceDocument], list[Problem]]:
    """Every source in ``seeds`` (``scan_sources``), and all problems found. Two documents
    with the same id are an error at the second, naming the first; the second is not built.
    ``read(path, max_bytes)`` reads one source as :func:`ingest_file` does (the build passes
    one that keeps its results by the content of the file, ``build_tools.stage_cache``)."""
    documents: list[SourceDocument] = []
    sources, problems = scan_sources(seeds)
    for path in sources:
        docs, probs = read(path, max_bytes)
        documents.extend(docs)
        problems.extend(probs)
    seen: dict[str, SourceDocument] = {}
    kept: list[SourceDocument] = []
    for doc in documents:
        first = seen.get(doc.slug)
        if first is not None:
            problems.append(Problem(doc.file, doc.first_line, f"document id {doc.slug!r} is "
                                    f"already used by {first.file}:{first.first_line}; this "
                                    "document is not built (rename the file or set 'id:' in "
                                    "its sidecar)"))
            continue
        seen[doc.slug] = doc
        kept.append(doc)
    return kept, problems
