"""Score parsed documents against the expected outlines in ``fixtures/structure.yaml``.

A clause matches an expected outline entry when it starts on the same source line, has
the same marker (``number``) and the same heading text (white space ignored).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.model import Document

FIXTURE = Path(__file__).parent / "fixtures" / "structure.yaml"


def _norm(text: str | None) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


@dataclass
class OutlineScore:
    required: int
    found: int
    numbered: int
    numbered_correct: int
    missing: list[str]
    spurious: list[str]

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.numbered_correct / self.numbered if self.numbered else 1.0


def gold_documents() -> list[dict]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["documents"]


def match_document(gold: dict, documents: list[Document]) -> Document | None:
    for doc in documents:
        if doc.source.file == gold["source_file"] and doc.source.index == gold["doc_index"]:
            return doc
    return None


def score(documents: list[Document]) -> OutlineScore:
    required = found = numbered = numbered_correct = 0
    missing: list[str] = []
    spurious: list[str] = []
    for gold in gold_documents():
        doc = match_document(gold, documents)
        clauses = doc.clauses if doc else ()
        keys = {(c.line, _norm(c.number), _norm(c.heading)) for c in clauses}
        gold_keys = set()
        for entry in gold["outline"]:
            key = (entry["line"], _norm(entry.get("number")), _norm(entry["text"]))
            gold_keys.add(key)
            if entry.get("optional"):
                continue
            required += 1
            if key in keys:
                found += 1
            else:
                missing.append(f"{gold['id']} l.{entry['line']} {entry.get('number')} {entry['text']}")
        for c in clauses:
            if c.number is None:
                continue
            numbered += 1
            if (c.line, _norm(c.number), _norm(c.heading)) in gold_keys:
                numbered_correct += 1
            else:
                spurious.append(f"{gold['id']} l.{c.line} {c.number} {c.heading}")
    return OutlineScore(required, found, numbered, numbered_correct, missing, spurious)
