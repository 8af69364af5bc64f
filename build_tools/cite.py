"""Citations of a clause: the plain form and the GB/T 7714-2015 electronic-resource form.

Both are built once here; ``corpus.json`` carries them and the page's copy controls copy
exactly the same strings (the render stage writes them into the clause's attributes).

GB/T 7714-2015 (§4.1 and §8 of the standard, reference type ``EB/OL`` for an online
electronic bulletin) arranges an online document as

    主要责任者. 题名: 其他题名信息[EB/OL]. (更新或修改日期)[引用日期]. 获取和访问路径.

For a policy document the responsible party is its issuer, the other title information
is its 发文字号 in parentheses after the title and the clause's numbering path after a
colon, and the date is the document's date (成文日期):

    绍兴市人民政府. 市区发展行动方案(绍政发〔2006〕1号): 二(一)1[EB/OL]. (2006-09-01). https://…

A part the archive does not know (issuer, 文号, date) is left out with its punctuation,
never guessed. The citation date ``[引用日期]`` is the day a reader consults the page; the
archive cannot know it, so the reader adds it (``[2025-01-31]``) after the date.
"""
from __future__ import annotations

import dataclasses
import re

from .model import Clause, Document


def clause_url(doc: Document, clause: Clause, base: str) -> str:
    """The clause's permanent address: ``<base>documents/<doc-id>/#<clause-id>``."""
    return f"{base}{doc.url}#{clause.id}"


def plain_citation(doc: Document, clause: Clause, base: str) -> str:
    """``《市区发展行动方案》二(一)1 ——<URL>``."""
    return f"《{doc.title}》{clause.label} ——{clause_url(doc, clause, base)}"


def gbt7714_citation(doc: Document, clause: Clause, base: str) -> str:
    """The GB/T 7714-2015 reference to the clause as an online electronic resource."""
    src = doc.source
    title = doc.title.strip()
    if src.number:
        title += f"({src.number.strip()})"
    parts = []
    if src.issuer and src.issuer.strip():
        parts.append(_stop(src.issuer.strip()))
    parts.append(f"{title}: {clause.label}[EB/OL].")
    if src.date:
        parts.append(f"({src.date}).")
    parts.append(clause_url(doc, clause, base))
    return " ".join(parts)


def _stop(text: str) -> str:
    """``text`` followed by the element separator ``.`` (not doubled after a full stop)."""
    return text if text.endswith((".", "。")) else text + "."


#: Stand-ins for a clause's id and label while a document's citation is cut into pieces.
_ID, _LABEL = "\x00", "\x01"


def citation_pattern(doc: Document, base: str, form) -> list[str | int]:
    """``form`` (``clause_url``, ``plain_citation`` or ``gbt7714_citation``) of ``doc`` as
    literal pieces around the clause's id (``0``) and label (``1``), so that a page states
    the document's part once and each clause only its id and label. The caller checks
    ``from_pattern`` against ``form`` for every clause (a document whose own text held a
    stand-in character would not match) and writes out in full any clause that differs."""
    if not doc.clauses:
        return []
    probe = dataclasses.replace(doc.clauses[0], id=_ID, label=_LABEL)
    pieces: list[str | int] = []
    for piece in re.split(f"([{_ID}{_LABEL}])", form(doc, probe, base)):
        if piece == _ID:
            pieces.append(0)
        elif piece == _LABEL:
            pieces.append(1)
        elif piece:
            pieces.append(piece)
    return pieces


def from_pattern(pattern: list[str | int], clause: Clause) -> str:
    """The citation of ``clause`` from its document's ``citation_pattern``."""
    return "".join(clause.id if p == 0 else clause.label if p == 1 else p for p in pattern)
