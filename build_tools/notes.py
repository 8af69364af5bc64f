"""Editors' notes kept beside the sources: ``annotations/<doc-id>.yml``.

Each file is a list of entries ``{clause: <id>, note: <Markdown>, source: <url>?,
date: <YYYY-MM-DD>?}``. A note naming a clause that does not exist is an error pointing at
the entry's line, with the nearest existing ids as a hint; one naming a clause's former id
(kept in the sidecar's ``aliases:`` so that old links still land) is shown on the clause
that id now points to, with a warning that gives the current id to write. A note whose Markdown could not
be published safely (a ``javascript:`` link, an ``{onclick=…}`` attribute: see
``build_tools.safe_markup``) is an error at the note's line and is left out; so is a
``source`` that is not an http(s) URL made of URL characters.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from .model import Document, Note, Problem
from .safe_markup import markdown_faults, url_scheme

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: An absolute http(s) URL of RFC 3986 characters (no quotes, angle brackets or spaces).
_URL = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$")
FIELDS = {"clause", "note", "source", "date"}


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip() or None
    return None


def load_notes_file(path: Path, document: Document | None,
                    root: Path | None = None) -> tuple[tuple[Note, ...], list[Problem]]:
    """Notes of one annotations file, checked against its document's clause ids."""
    name = str(path.relative_to(root)) if root else path.name
    doc_id = path.stem
    try:
        tree = yaml.compose(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return (), [Problem(name, mark.line + 1 if mark else 1,
                            f"invalid YAML: {getattr(exc, 'problem', None) or exc}")]
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        return (), [Problem(name, line, f"the annotations file is not valid UTF-8 "
                                        f"(byte 0x{exc.object[exc.start]:02x})")]
    if tree is None:
        return (), []
    if document is None:
        return (), [Problem(name, 1, f"no document {doc_id!r} in this archive, so its notes "
                                     "are not shown (the file name must be a document id)",
                            "warning")]
    if not isinstance(tree, yaml.SequenceNode):
        return (), [Problem(name, tree.start_mark.line + 1, "expected a list of notes "
                                                            "(- clause: …, note: …)")]
    ids = [c.id for c in document.clauses]
    renamed = dict(document.source.aliases)  # former clause id → clause id
    notes: list[Note] = []
    problems: list[Problem] = []
    for item in tree.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(name, line, "expected a mapping with 'clause' and 'note'"))
            continue
        fields = {_scalar(k): v for k, v in item.value}
        unknown = sorted(str(k) for k in fields if k not in FIELDS)
        if unknown:
            problems.append(Problem(name, line, f"unknown field(s): {', '.join(unknown)}",
                                    "warning"))
        clause, text = _scalar(fields.get("clause")), _scalar(fields.get("note"))
        source, date = _scalar(fields.get("source")), _scalar(fields.get("date"))
        if clause is None or text is None:
            problems.append(Problem(name, line, "a note needs 'clause' and 'note'"))
            continue
        clause_line = fields["clause"].start_mark.line + 1
        if clause not in ids and renamed.get(clause) in ids:
            problems.append(Problem(name, clause_line, f"clause {clause!r} is now "
                                    f"{renamed[clause]!r} (aliases: in the sidecar); the note is "
                                    f"shown there: write clause: {renamed[clause]}", "warning"))
            clause = renamed[clause]
        if clause not in ids:
            nearest = difflib.get_close_matches(clause, ids, n=3, cutoff=0.5)
            hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
            problems.append(Problem(name, clause_line, f"no clause {clause!r} in {doc_id}{hint}"))
            continue
        if date is not None and not _DATE.match(date):
            problems.append(Problem(name, fields["date"].start_mark.line + 1,
                                    f"date {date!r} is not YYYY-MM-DD"))
            date = None
        faults = markdown_faults(text)
        if faults:
            problems.append(Problem(name, fields["note"].start_mark.line + 1,
                                    f"note not published: {'; '.join(faults)}"))
            continue
        if source is not None and not (_URL.match(source) and url_scheme(source) in ("http", "https")):
            problems.append(Problem(name, fields["source"].start_mark.line + 1,
                                    f"source {source!r} is not an http(s) URL"))
            source = None
        notes.append(Note(clause=clause, note=text, source=source, date=date,
                          origin=f"{name}:{line}"))
    return tuple(notes), problems


def load_notes(directory: Path, documents: tuple[Document, ...]
               ) -> tuple[dict[str, tuple[Note, ...]], list[Problem]]:
    """All notes under ``directory``, by document id."""
    by_id = {d.id: d for d in documents}
    notes: dict[str, tuple[Note, ...]] = {}
    problems: list[Problem] = []
    if not directory.is_dir():
        return notes, problems
    for path in sorted(directory.glob("*.yml")):
        found, probs = load_notes_file(path, by_id.get(path.stem), directory.parent)
        problems.extend(probs)
        if found:
            notes[path.stem] = found
    return notes, problems
