"""Sidecars: ``<source>.yml`` overrides what is detected (title, issuer, date …)."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from ..model import Problem, SourceDocument
from ..numerals import parse_date

SIDECAR_FIELDS = {"id", "title", "issuer", "date", "number", "source_url", "region", "subtitle",
                  "supersedes", "status"}


def load_sidecar(path: Path) -> tuple[list[dict], list[Problem]]:
    """Read ``<source>.yml``: a mapping, or ``documents:`` a list of mappings (one a document)."""
    if not path.exists():
        return [], []
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [Problem(name, line, f"invalid YAML: {reason}")]
    except UnicodeDecodeError:
        return [], [Problem(name, 1, "sidecar is not UTF-8")]
    if data is None:
        return [], []
    entries = data.get("documents") if isinstance(data, dict) and "documents" in data else [data]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return [], [Problem(name, 1, "expected a mapping of fields, or 'documents:' with a list "
                                     "of mappings")]
    problems = []
    clean = []
    for entry in entries:
        unknown = sorted(set(entry) - SIDECAR_FIELDS)
        if unknown:
            problems.append(Problem(name, 1, f"unknown field(s) {', '.join(unknown)}; expected "
                                             f"{', '.join(sorted(SIDECAR_FIELDS))}", "warning"))
        clean.append({k: (None if v is None else str(v)) for k, v in entry.items()
                      if k in SIDECAR_FIELDS})
    return clean, problems



def apply_sidecar(doc: SourceDocument, fields: dict) -> SourceDocument:
    changes = {k: v for k, v in fields.items() if k in SIDECAR_FIELDS and k != "id"}
    if fields.get("id"):
        changes["slug"] = fields["id"]
    if "date" in changes and changes["date"]:
        changes["date"] = parse_date(changes["date"]) or changes["date"]
    return replace(doc, **changes)


_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")

