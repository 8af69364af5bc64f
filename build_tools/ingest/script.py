"""Traditional characters: a document printed in them is read as if in simplified ones.

Government sites publish a 繁體 version of their pages (gov.cn's big5 mirror, Hong Kong
and Macau reprints, Wikisource), and reprints copy them: ``國務院辦公廳關於…的復函``,
``國辦函〔2024〕83號``, ``各省、自治區、直轄市人民政府``. The frame reader's patterns are
written in simplified characters (关于, 号, 人民政府), as the standard prints them, and
would see none of it.

``fold`` maps each traditional character to its simplified one, character for character
(OpenCC's ``TSCharacters`` table, read from the data file that the ``opencc-purepy``
package ships, pinned in ``requirements.txt``; the package itself is not imported and
nothing is fetched). A character of several readings takes OpenCC's first (於 → 于,
乾 → 干), except in OpenCC's phrases of as many characters (``TSPhrases``: 函覆 → 函复,
乾坤 stays). Folding keeps every text's length and positions, so a span found in the folded
text is the same span of the printed one.

``traditional(text)``: whether a document is printed in traditional characters — at
least ``SHARE`` of the Han characters of its first ``SAMPLE`` characters fold to another
character. Simplified text folds
little: only a few of its characters are keys of the table (著, 乾); the most among the
seeds and the real sample is a regulation on 著作权, 2.9 %. Traditional pages fold 30–55 %.
Only such a document is folded, so that 著名 in a simplified text stays.

Ingest decides once, for each piece of a source, and marks its documents
(``SourceDocument.traditional``); structure (lead units, targets) and the analyses read
that mark. ``reading_copy(doc)`` is the structured document as the analyses read it
(themes, similar measures, editions): folded when it is printed in traditional characters, so that its
words are the archive's words; the pages show the printed text.

``Unfold`` gives back the printed text of a value read from the folded text: a span of
the folded text is replaced by the printed span; any other value (a title joined from
wrapped lines, issuers joined with 、) is given back character by character, each
simplified character by the traditional one it stood for in that document (the commonest,
when a simplified character stood for several or also for itself).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..model import Document, Line, SourceDocument
from ..package_data import package_dir
from .split import Piece

#: The least share of a document's Han characters that must fold for it to be read as
#: traditional.
SHARE = 0.10
#: The least number of folded characters (a short piece is not judged by three characters).
LEAST = 8


def data_file() -> Path:
    return package_dir("opencc_purepy", "the traditional-to-simplified table", "opencc-purepy") \
        / "dicts" / "TSCharacters.txt"


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Traditional character → simplified character, for ``str.translate``."""
    table: dict[int, str] = {}
    for line in data_file().read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1 and parts[0] != parts[1]:
            table[ord(parts[0])] = parts[1]
    return table


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern | None, dict[str, str]]:
    """OpenCC's phrases of traditional text that fold otherwise than their characters do
    (函覆 → 函复, 瞭解 → 了解), of the same length, keyed by their characters folded."""
    table = fold_table()
    found: dict[str, str] = {}
    path = data_file().with_name("TSPhrases.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == len(parts[1]):
            key = parts[0].translate(table)
            if key != parts[1]:
                found.setdefault(key, parts[1])
    if not found:
        return None, {}
    keys = sorted(found, key=lambda k: (-len(k), k))
    return re.compile("|".join(map(re.escape, keys))), found


def fold(text: str) -> str:
    folded = text.translate(fold_table())
    pattern, phrases = _phrases()
    return pattern.sub(lambda m: phrases[m.group(0)], folded) if pattern else folded


_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
#: How much of a document's text decides (a document is printed in one script throughout).
SAMPLE = 4000


@lru_cache(maxsize=1)
def _dropping() -> dict[int, None]:
    return dict.fromkeys(fold_table())


def traditional(text: str) -> bool:
    text = text[:SAMPLE]
    folded = len(text) - len(text.translate(_dropping()))
    return folded >= LEAST and folded >= SHARE * len(_HAN.findall(text))


class Unfold:
    """The printed text of values read from the folded copy of ``printed``."""

    def __init__(self, printed: str):
        self.printed = printed
        self.folded = fold(printed)
        votes: dict[str, Counter] = {}
        for p, f in zip(printed, self.folded):
            if _HAN.match(f):
                votes.setdefault(f, Counter())[p] += 1
        # ties by code point, so that the choice is the same on every run
        self.back = {f: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for f, c in votes.items()}

    def __call__(self, value: str | None) -> str | None:
        if not value:
            return value
        at = self.folded.find(value)
        if at >= 0:
            return self.printed[at: at + len(value)]
        return "".join(self.back.get(ch, ch) for ch in value)


def folded_piece(piece: Piece) -> Piece:
    """``piece`` with every line folded (its numbers and offsets kept)."""
    return Piece([replace(line, text=fold(line.text)) for line in piece.lines],
                 replace(piece.separator, text=fold(piece.separator.text)) if piece.separator else None,
                 fold(piece.separator_title) if piece.separator_title else None)


def printed_document(doc: SourceDocument, piece: Piece) -> SourceDocument:
    """A document read from ``folded_piece(piece)`` with the printed text given back: its
    lines, the lines it dropped, its frame elements and every field read from the text; its
    文种, role and the metadata's field names stay folded (they are categories)."""
    unfold = Unfold("\n".join(line.text for line in piece.lines))
    printed: dict[int, list[Line]] = {}
    for line in piece.lines:
        printed.setdefault(line.number, []).append(line)

    def line_back(line: Line) -> Line:
        for whole in printed.get(line.number, ()):
            start = line.offset - whole.offset
            span = whole.text[start: start + len(line.text)] if start >= 0 else ""
            if len(span) == len(line.text) and fold(span) == line.text:
                return replace(line, text=span)
        return replace(line, text=unfold(line.text))

    return replace(
        doc, traditional=True, title=unfold(doc.title), body=tuple(line_back(line) for line in doc.body),
        metadata=tuple((key, unfold(value)) for key, value in doc.metadata),
        issuer=unfold(doc.issuer), number=unfold(doc.number), subtitle=unfold(doc.subtitle),
        dropped=tuple(replace(d, text=unfold(d.text)) for d in doc.dropped),
        addressee=unfold(doc.addressee), signature=tuple(unfold(s) for s in doc.signature),
        attachments=tuple(unfold(a) for a in doc.attachments), notes=tuple(unfold(n) for n in doc.notes),
        copies_to=unfold(doc.copies_to), printed=unfold(doc.printed),
        promulgation=unfold(doc.promulgation), notice_issuer=unfold(doc.notice_issuer),
        frame=tuple(replace(e, text=unfold(e.text)) for e in doc.frame))


def reading_copy(doc: Document) -> Document:
    """``doc`` as the analyses read it: a document printed in traditional characters with
    its title and every clause's text and heading folded (its ids and lines kept), so that
    its words are the archive's words (發展 is 发展) for themes, similar measures and
    editions; any other document as it is. Pages always show the printed text."""
    if not doc.source.traditional:
        return doc
    return replace(doc, title=fold(doc.title), clauses=tuple(
        replace(c, text=fold(c.text), heading=fold(c.heading) if c.heading else c.heading)
        for c in doc.clauses))
