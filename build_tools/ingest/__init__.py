"""Ingest: source files → recovered documents (``SourceDocument``).

The stage reads, in order: ``decode`` (bytes → text → physical lines), ``split``
(compilations cut at ``第N篇:``), ``recover`` (per document: web chrome and page metadata
from ``chrome``, the header and body, and the official-document frame of ``frame``), then
``sidecar`` overrides.

Guarantees:

* Every physical line of a source ends up in exactly one place: a document's ``body``
  (possibly as a slice), its title/subtitle/metadata, or its ``dropped`` list with a
  reason code (``reasons.REASONS``). Nothing is lost silently.
* Line numbers are the physical line numbers of the source, so every message can point
  at ``file:line``.
* Text is decoded and NFC-normalised, but never rewritten otherwise.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import Problem, SourceDocument
from ..site_paths import free_id, reserved
from .chrome import chrome_reason, metadata_fields, strip_ws
from .decode import SourceError, decode, split_lines
from .recover import END_DATE, ISSUER_LINE, SIGNATURE, UNTITLED, document_slug, recover, signature
from .sidecar import _SLUG_OK, apply_sidecar, load_sidecar
from .split import split_documents

__all__ = ["END_DATE", "ISSUER_LINE", "SIGNATURE", "SourceError", "chrome_reason", "decode",
           "document_slug", "ingest_all", "ingest_file", "metadata_fields", "signature", "source_files",
           "split_lines", "strip_ws"]

#: The id of a text issued by a notice: the notice's id and this suffix.
ISSUED_SUFFIX = "-issued"


def ingest_file(path: Path) -> tuple[list[SourceDocument], list[Problem]]:
    """One source file → its documents, and the problems found (never raises)."""
    problems: list[Problem] = []
    try:
        text, encoding = decode(path, path.read_bytes())
    except SourceError as exc:
        return [], [exc.problem]
    except OSError as exc:
        return [], [Problem(path.name, 1, f"cannot read: {exc.strerror}")]
    sidecar, sidecar_problems = load_sidecar(path.with_suffix(".yml"))
    problems.extend(sidecar_problems)
    documents: list[SourceDocument] = []
    pieces = [p for p in split_documents(split_lines(text))
              if any(strip_ws(l.text) for l in p.lines) or p.separator]
    for index, piece in enumerate(pieces, 1):
        found = recover(path.name, index, piece, encoding)
        slug = document_slug(path.name, index)
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
    for n, doc in enumerate(documents):
        if n < len(sidecar):
            fallback = doc.slug
            doc = apply_sidecar(doc, sidecar[n])
            if not _SLUG_OK.match(doc.slug):
                problems.append(Problem(path.with_suffix(".yml").name, 1,
                                        f"id {doc.slug!r} is not a lower-case ASCII slug"))
                doc = replace(doc, slug=fallback)
            elif reserved(doc.slug):
                problems.append(Problem(path.with_suffix(".yml").name, 1,
                                        f"id {doc.slug!r} is a reserved site path; "
                                        f"the document is published as {fallback!r}"))
                doc = replace(doc, slug=fallback)
        if not doc.title:
            first = next((strip_ws(l.text) for l in doc.body if strip_ws(l.text)), "")
            problems.append(Problem(path.name, doc.first_line, "no title found; the page shows "
                                    f"a placeholder; add 'title:' to {path.with_suffix('.yml').name}",
                                    "warning"))
            doc = replace(doc, title=UNTITLED + (first[:16] + "…" if first else ""))
        if not any(strip_ws(l.text) for l in doc.body):
            problems.append(Problem(path.name, doc.first_line, "document has a title but no body "
                                    "text", "warning"))
        documents[n] = doc
    if not documents:
        problems.append(Problem(path.name, 1, "no document found: every line is web chrome"))
    return documents, problems


def source_files(seeds: Path) -> list[Path]:
    """The sources of ``seeds``: its ``*.txt`` files, in any case (``A.TXT``), sorted by name."""
    return sorted(p for p in seeds.iterdir() if p.suffix.lower() == ".txt" and p.is_file())


def ingest_all(seeds: Path) -> tuple[list[SourceDocument], list[Problem]]:
    """Every ``*.txt`` source in ``seeds`` (any case, sorted by name), and all problems found."""
    documents: list[SourceDocument] = []
    problems: list[Problem] = []
    for path in source_files(seeds):
        docs, probs = ingest_file(path)
        documents.extend(docs)
        problems.extend(probs)
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.slug in seen:
            problems.append(Problem(doc.file, doc.first_line, f"document id {doc.slug!r} is "
                                    f"already used by {seen[doc.slug]}"))
        seen[doc.slug] = doc.file
    return documents, problems
