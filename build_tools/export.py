"""Export: the whole archive as data, ``data/corpus.json`` (see the README's contract),
and each document alone as ``data/documents/<id>.json.gz``, gzip-compressed.

It describes exactly what the pages show: the same documents, clause ids, text, lead
units, targets, themes, similar measures, notes and citations. A clause's two citations
(plain and GB/T 7714) are stated once per document, as ``citation_pieces`` around the
clause's id (``0``) and label (``1``), the pieces the page's copy controls join; a clause
whose citation the pieces would not give carries it in full (``citation_of`` reads either).
A clause's ``redactions``, ``notes``, ``citations`` and ``lineage`` are written only when it
has some (``WHEN_ANY``): absent means none.
"""
from __future__ import annotations

import gzip
import json
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence

import yaml

from .cite import citation_pattern, from_pattern, gbt7714_citation, plain_citation
from .config import REPO_ROOT, Settings
from .ingest.reasons import label as reason_label
from .model import Analysis, Clause, ClauseRef, Document
from .region import stated_region


def site_url(settings: Settings | None = None) -> str:
    """The published base URL: ``$SITE_URL``, else ``site_url`` of ``mkdocs.yml``; ends in /."""
    url = os.environ.get("SITE_URL")
    if not url:
        config = REPO_ROOT / "mkdocs.yml"
        url = ""
        if config.exists():
            for line in config.read_text(encoding="utf-8").splitlines():
                if line.startswith("site_url:"):
                    value = line.split(":", 1)[1].strip()
                    if value.startswith("!ENV"):  # !ENV [SITE_URL, "default"]
                        value = value[len("!ENV"):]
                        parsed = yaml.safe_load(value)
                        url = str(parsed[-1] if isinstance(parsed, list) else parsed or "")
                    else:
                        url = str(yaml.safe_load(value) or "")
                    break
    return url if url.endswith("/") or not url else url + "/"


#: The citation forms of the export: the clause field that carries one in full, and its
#: name in a document's ``citation_pieces``.
CITATION_FIELDS = (("citation", "plain", plain_citation),
                   ("citation_gbt7714", "gbt7714", gbt7714_citation))


def citation_pieces(doc: Document, base: str) -> dict[str, list[str | int]]:
    """The document's part of each citation form, as pieces around a clause's id (``0``)
    and label (``1``)."""
    return {key: citation_pattern(doc, base, form) for _, key, form in CITATION_FIELDS}


def citation_of(document: dict, clause: dict, field: str) -> str:
    """Clause ``clause``'s citation ``field`` (``citation`` or ``citation_gbt7714``) from
    the export: its own field if it has one, else the document's pieces joined."""
    if field in clause:
        return clause[field]
    key = next(key for name, key, _ in CITATION_FIELDS if name == field)
    return "".join(clause["id"] if p == 0 else clause["label"] if p == 1 else p
                   for p in document["citation_pieces"][key])


def _clause(doc: Document, clause: Clause, analysis: Analysis, base: str,
            pieces: dict[str, list[str | int]]) -> dict:
    ref = ClauseRef(doc.id, clause.id)
    full = {name: form(doc, clause, base) for name, key, form in CITATION_FIELDS
            if from_pattern(pieces[key], clause) != form(doc, clause, base)}
    record = {
        "id": clause.id,
        "parent": clause.parent,
        "level": clause.level,
        "depth": clause.depth,
        "number": clause.number,
        "heading": clause.heading,
        "label": clause.label,
        "style": clause.style,
        "text": clause.text,
        "line": clause.line,
        "themes": list(analysis.clause_themes.get(ref, ())),
        "lead_units": list(clause.lead_units),
        "targets": [{"text": t.text, "year": t.year, "period": list(t.period) if t.period else None}
                    for t in clause.targets],
        "redactions": clause.redactions,
        "similar": [{"document": s.target.document, "clause": s.target.clause,
                     "score": round(s.score, 4), "strength": s.strength,
                     "terms": list(s.terms)}
                    for s in analysis.similar.get(ref, ())],
        "notes": [{"note": n.note, "source": n.source, "date": n.date}
                  for n in analysis.notes.get(doc.id, ()) if n.clause == clause.id],
        **full,
        "citations": [{"text": c.text, "title": c.title, "number": c.number, "article": c.article,
                       "status": c.status,
                       "target": {"document": c.target.document, "clause": c.target.clause or None}
                       if c.target else None}
                      for c in analysis.citations.get(ref, ())],
        "lineage": [{"mark": m.mark, "edition": m.edition, "document": m.toward,
                     "clause": m.other.clause if m.other else None, "score": m.score}
                    for m in analysis.continuity.get(ref, ())],
    }
    return {key: value for key, value in record.items() if value or key not in WHEN_ANY}


#: Clause fields written only when the clause has some (most clauses have none).
WHEN_ANY = ("redactions", "notes", "citations", "lineage")


def corpus_json_parts(documents: Sequence[Document], analysis: Analysis, base: str,
                      exported: Iterable[bytes] | None = None) -> Iterator[str]:
    """The export, compact JSON, one document at a time: the archive-wide fields first,
    then each document. The pieces join to ``json.dumps`` of the whole, byte for byte, but
    only one document's export is held at a time. ``exported``, if given, holds each
    document's ``document_json_gz`` in order, which is then unpacked instead of building
    the document's export a second time."""
    head = {
        "version": 1,
        "site_url": base or None,
        "themes": [{"id": t.id, "name": t.name, "scope": t.scope} for t in analysis.themes],
        "glossary": [{"term": g.term, "aliases": list(g.aliases), "definition": g.definition,
                      "origin": g.origin} for g in analysis.glossary],
        "documents": [],
    }
    opening = _dumps(head)
    yield opening[: -len("[]}")] + "["  # "documents" is the last field: its list is left open
    if exported is None:
        pieces = (_dumps(_document(doc, analysis, base)) for doc in documents)
    else:
        pieces = (gzip.decompress(packed).decode("utf-8")[:-1] for packed in exported)  # less its "\n"
    for n, piece in enumerate(pieces):
        yield ("," if n else "") + piece
    yield "]}\n"


def document_json(doc: Document, analysis: Analysis, base: str) -> str:
    """One document's export, the very object that ``corpus.json`` lists for it."""
    return _dumps(_document(doc, analysis, base)) + "\n"


def document_json_gz(doc: Document, analysis: Analysis, base: str) -> bytes:
    """``data/documents/<id>.json.gz``: ``document_json`` gzip-compressed (a fifth of its
    size), the same bytes for the same document on every build."""
    return gzip_bytes(document_json(doc, analysis, base).encode("utf-8"))


#: A gzip member header (RFC 1952) that depends on nothing but the data: deflate, no
#: flags, modification time 0, maximum compression, operating system unknown.
_GZIP_HEADER = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\xff"


def gzip_bytes(data: bytes) -> bytes:
    """``data`` as one gzip member with a fixed header, so that equal data give equal files
    (``gzip.compress`` writes the header of the Python version that runs it)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    body = deflate.compress(data) + deflate.flush()
    return _GZIP_HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _document(doc: Document, analysis: Analysis, base: str) -> dict:
    src = doc.source
    pieces = citation_pieces(doc, base)
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "source": {"file": src.file, "index": src.index, "first_line": src.first_line,
                   "last_line": src.last_line, "encoding": src.encoding},
        "issuer": src.issuer,
        "date": src.date,
        "number": src.number,
        "subtitle": src.subtitle,
        "region": stated_region(doc),
        "source_url": src.source_url,
        "metadata": [{"field": k, "value": v} for k, v in src.metadata],
        "kind": src.kind,
        "role": src.role,
        "addressee": src.addressee,
        "signature": list(src.signature),
        "attachments": list(src.attachments),
        "remarks": list(src.notes),
        "copies_to": src.copies_to,
        "printed": src.printed,
        "promulgation": src.promulgation,
        "issued_by": src.issued_by,
        "issues": src.issues,
        "frame": [{"element": e.name, "line": e.line, "text": e.text} for e in src.frame],
        "dropped": [{"line": d.line, "text": d.text, "reason": d.reason, "label": reason_label(d.reason)}
                    for d in src.dropped],
        "validity": analysis.validity.get(doc.id),
        "editions": _editions(doc, analysis),
        "aliases": {old: new for old, new in doc.source.aliases},  # old clause id → clause id
        "citation_pieces": pieces,
        "clauses": [_clause(doc, c, analysis, base, pieces) for c in doc.clauses],
    }


def _editions(doc: Document, analysis: Analysis) -> dict | None:
    edition = analysis.editions.get(doc.id)
    if edition is None:
        return None
    return {"series": edition.series, "previous": edition.previous, "next": edition.next,
            "how": edition.how}
