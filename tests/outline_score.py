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


@dataclass
class TargetScore:
    expected: int  # targets listed in the expected outlines
    found: int  # of which some extracted target contains (or lies inside) the expected text
    year_correct: int  # of those found, with the expected year
    extracted: int  # targets the archive lists for the same documents
    matching: int  # of which match an expected target
    problems: list[str]

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def year_accuracy(self) -> float:
        return self.year_correct / self.found if self.found else 1.0

    @property
    def precision(self) -> float:
        return self.matching / self.extracted if self.extracted else 1.0


def score_targets(documents: list[Document]) -> TargetScore:
    """Quantitative targets against ``quantitative_targets`` of the expected outlines. The
    expected text may be a part of a sentence, so a target matches when one text contains
    the other (NFKC, white space ignored)."""
    expected = found = year_correct = extracted = matching = 0
    problems: list[str] = []
    for gold in gold_documents():
        doc = match_document(gold, documents)
        got = [t for c in (doc.clauses if doc else ()) for t in c.targets]
        used: set[int] = set()
        for want in gold.get("quantitative_targets") or ():
            expected += 1
            text = _norm(want["text"])
            hits = [i for i, t in enumerate(got) if text in _norm(t.text) or _norm(t.text) in text]
            if not hits:
                problems.append(f"missing in {gold['source_file']}: {want['text']}")
                continue
            found += 1
            used.update(hits)
            if any(got[i].year == want.get("year") for i in hits):
                year_correct += 1
            else:
                problems.append(f"year {[got[i].year for i in hits]} != {want.get('year')}: {want['text']}")
        extracted += len(got)
        matching += len(used)
        problems += [f"not expected in {gold['source_file']}: {t.text}"
                     for i, t in enumerate(got) if i not in used]
    return TargetScore(expected, found, year_correct, extracted, matching, problems)
