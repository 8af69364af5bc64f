"""Lineage: successive editions of one plan, and how each measure fares from one to the next.

A city's plans come in series: 十一五 → 十二五 → 十三五 纲要, 2019 → 2020 工作要点, a 试行
edition and its successor. Two documents are editions of one series when

* their titles are the same once the edition is taken out: a five-year period
  (十二五, 第十二个五年), a year or a span of years (2019年, 2019—2021年, 2019年度), an
  edition in brackets ((试行), (修订), (征求意见稿)); and what remains is a real title
  (at least ``MIN_STEM`` characters), and
* they come from the same issuer (or, where either issuer is unknown, the same region, and
  the same place is not unknown for both).

Editions are ordered by their period (the five-year plan's number, else the year in the
title), then by date. A sidecar may also say it outright (``supersedes: <document id>``);
that is the only way to join documents whose titles differ.

Each measure of an edition is compared with every measure of the edition before it by the
cosine of their content terms (the archive's segmenter, TF-IDF weighted over the two
documents), and marked:

* 延续 (continued): a measure of the predecessor says the same thing (cosine ≥
  ``SAME``) and states the same figures (numbers other than years);
* 调整 (adjusted): the closest measure of the predecessor is on the same subject (cosine ≥
  ``RELATED``) but says it differently or with other figures;
* 新增 (new): no measure of the predecessor is on its subject.

On the predecessor's side each measure is marked the same way toward the successor's
closest measure, and one that no measure of the successor takes up (none at ``RELATED`` or
above) is marked 未延续 (not continued).

Validity: a sidecar's ``status`` (有效, 已废止, 已修改, 失效), else the document's own
sentence on when it takes effect and for how long (本办法自发布之日起施行，有效期两年).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Clause, ClauseRef, Continuity, Document, Edition, Problem
from .numerals import to_int
from .region import region_of
from .segment import Segmenter

SAME = 0.8  # cosine at which two measures say the same thing
RELATED = 0.3  # cosine at which two measures are on the same subject
MIN_STEM = 6  # characters a title keeps without its edition, to name a series

_FIVE_YEAR = re.compile(r"[“\"]?(?:十[一二三四五六七八九]?五|第?[十二三四五六七八九一]+个五年)[”\"]?")
_YEARS = re.compile(r"(?:19|20)\d{2}(?:\s*[-—–~～至到]\s*(?:19|20)?\d{2,4})?\s*年?度?")
_EDITION = re.compile(r"[(（](?:试行|暂行|修订|修订版|修订稿|征求意见稿|送审稿|草案|\d{4}年?版?)[)）]")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d{2}(?=\s*年)")


def series_stem(title: str) -> str:
    """The title without its edition: the name shared by every edition of a series."""
    text = unicodedata.normalize("NFKC", title)
    text = _EDITION.sub("", text)
    text = _FIVE_YEAR.sub("", text)
    text = _YEARS.sub("", text)
    return re.sub(r"[\s《》“”\"()（）]", "", text)


def _period(doc: Document) -> tuple[int, str]:
    """Where an edition stands in its series: the five-year plan's number (十二五 → 12,
    as its first year), else the first year in its title, else its date's year."""
    text = unicodedata.normalize("NFKC", doc.title)
    five = re.search(r"十([一二三四五六七八九]?)五|第([十二三四五六七八九一]+)个五年", text)
    if five:
        number = 10 + (to_int(five.group(1)) or 0) if five.group(1) is not None else to_int(five.group(2))
        if number:
            return 1950 + 5 * number + 1, doc.source.date or ""  # 十一五 = 2006–2010
    year = re.search(r"(?:19|20)\d{2}", text)
    if year:
        return int(year.group(0)), doc.source.date or ""
    return int((doc.source.date or "0")[:4] or 0), doc.source.date or ""


def _same_series(a: Document, b: Document, region: dict[str, str | None]) -> bool:
    if a.source.issuer and b.source.issuer:
        return a.source.issuer == b.source.issuer
    return region[a.id] is not None and region[a.id] == region[b.id]


def series(documents: Sequence[Document]) -> dict[str, Edition]:
    """Every document that has an edition before or after it, with its neighbours."""
    region = {d.id: region_of(d) for d in documents}
    by_stem: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        stem = series_stem(doc.title)
        if len(stem) >= MIN_STEM and stem != re.sub(r"[\s《》]", "", unicodedata.normalize("NFKC", doc.title)):
            by_stem[stem].append(doc)  # a title with an edition in it
    editions: dict[str, Edition] = {}
    for stem, docs in sorted(by_stem.items()):
        chains: list[list[Document]] = []
        for doc in docs:
            joined = [c for c in chains if any(_same_series(doc, d, region) for d in c)]
            for chain in joined:
                chains.remove(chain)
            chains.append([doc] + [d for c in joined for d in c])
        for chain in chains:
            chain.sort(key=lambda d: (_period(d), d.id))
            for n, doc in enumerate(chain if len(chain) > 1 else ()):
                editions[doc.id] = Edition(stem, chain[n - 1].id if n else None,
                                           chain[n + 1].id if n + 1 < len(chain) else None, "title")
    by_id = {d.id: d for d in documents}
    for doc in documents:  # a sidecar's ``supersedes`` joins what titles cannot
        before = doc.source.supersedes
        if before and before in by_id and before != doc.id:
            old = editions.get(before) or Edition(series_stem(by_id[before].title), None, None, "sidecar")
            mine = editions.get(doc.id) or Edition(old.series, None, None, "sidecar")
            editions[before] = Edition(old.series, old.previous, doc.id, "sidecar")
            editions[doc.id] = Edition(mine.series, before, mine.next, "sidecar")
    return editions


def _measures(doc: Document) -> list[Clause]:
    return [c for c in doc.clauses if c.kind == "heading" and c.style not in ("book", "chapter", "part")]


def _figures(clause: Clause) -> Counter:
    """The numbers a measure states; its own marker (5.) and years are left out (a new
    edition renumbers measures and moves every deadline)."""
    text = unicodedata.normalize("NFKC", clause.text)
    if clause.number and text.startswith(unicodedata.normalize("NFKC", clause.number)):
        text = text[len(unicodedata.normalize("NFKC", clause.number)):]
    years = {m.start() for m in _YEAR.finditer(text)}
    return Counter(m.group(0) for m in _NUMBERS.finditer(text) if m.start() not in years)


def compare(before: Document, after: Document, segmenter: Segmenter
            ) -> list[tuple[ClauseRef, Continuity]]:
    """Marks for the measures of ``after`` (toward ``before``) and the 未延续 of ``before``."""
    old, new = _measures(before), _measures(after)
    if not old or not new:
        return []
    terms = segmenter.tokens_many([c.text for c in old + new])
    vectors = TfidfVectorizer(analyzer=lambda t: t, norm="l2", sublinear_tf=True).fit_transform(terms) \
        if any(terms) else sp.csr_matrix((len(terms), 1))
    cos = (vectors[len(old):] @ vectors[: len(old)].T).toarray()
    marks: list[tuple[ClauseRef, Continuity]] = []
    for i, clause in enumerate(new):
        j = int(np.argmax(cos[i]))
        mark = _mark(cos[i, j], clause, old[j], "新增")
        other = ClauseRef(before.id, old[j].id) if mark != "新增" else None
        marks.append((ClauseRef(after.id, clause.id),
                      Continuity(mark, before.id, "前一版", other, round(float(cos[i, j]), 4))))
    for j, clause in enumerate(old):
        i = int(np.argmax(cos[:, j]))
        mark = _mark(cos[i, j], new[i], clause, "未延续")
        other = ClauseRef(after.id, new[i].id) if mark != "未延续" else None
        marks.append((ClauseRef(before.id, clause.id),
                      Continuity(mark, after.id, "后一版", other, round(float(cos[i, j]), 4))))
    return marks


def _mark(score: float, newer: Clause, older: Clause, unmatched: str) -> str:
    if score >= SAME and _figures(newer) == _figures(older):
        return "延续"
    return "调整" if score >= RELATED else unmatched


def lineage(documents: Sequence[Document], segmenter: Segmenter
            ) -> tuple[dict[str, Edition], dict[ClauseRef, tuple[Continuity, ...]]]:
    """The series of the archive, and for each measure of an edition its marks: toward the
    edition before it and, on the predecessor's side, 未延续 toward the one after."""
    editions = series(documents)
    by_id = {d.id: d for d in documents}
    marks: dict[ClauseRef, list[Continuity]] = defaultdict(list)
    for doc_id, edition in sorted(editions.items()):
        if edition.previous:
            for ref, mark in compare(by_id[edition.previous], by_id[doc_id], segmenter):
                marks[ref].append(mark)
    return editions, {ref: tuple(found) for ref, found in marks.items()}


STATUSES = ("有效", "已废止", "已修改", "失效")
#: A sentence that says when a document takes effect or how long it is valid.
_IN_FORCE = re.compile(r"自[^。；\n]{1,30}起(?:施行|执行|实施|生效)|有效期(?:为|至)?[^。；\n]{1,30}")
#: The most characters of the sentence shown (a scraped page may have no sentence ends).
IN_FORCE_CHARS = 120


def in_force_sentence(text: str) -> str | None:
    """The sentence of ``text`` that says when it takes effect or how long it is valid.

    The phrase is found first and the sentence around it is then cut out (a pattern that
    starts with "any characters but 。" would try every start of a long line: quadratic);
    a sentence longer than ``IN_FORCE_CHARS`` is cut around the phrase."""
    found = _IN_FORCE.search(text)
    if found is None:
        return None
    start = max(text.rfind(ch, 0, found.start()) for ch in "。；\n") + 1
    ends = [i for i in (text.find(ch, found.end()) for ch in "。；\n") if i >= 0]
    end = min(ends) if ends else len(text)
    end += 1 if end < len(text) and text[end] in "。；" else 0
    if end - start > IN_FORCE_CHARS:
        start = max(start, found.start() - IN_FORCE_CHARS // 3)
        end = min(end, found.end() + IN_FORCE_CHARS // 3)
    return text[start:end]


def validity(documents: Sequence[Document]) -> tuple[dict[str, str], list[Problem]]:
    """A document's validity as the archive can state it: the sidecar's ``status`` (one of
    ``STATUSES``), else the document's own sentence on when it takes effect and for how
    long (本办法自…起施行，有效期…年), read from its last clauses."""
    out: dict[str, str] = {}
    problems: list[Problem] = []
    for doc in documents:
        status = doc.source.status
        if status:
            if status in STATUSES:
                out[doc.id] = status
                continue
            problems.append(Problem(Path(doc.source.file).with_suffix(".yml").name, 1,
                                    f"status {status!r} is not one of {'、'.join(STATUSES)}"))
        for clause in reversed(doc.clauses[-6:]):
            text = clause.text
            if clause.number and text.startswith(clause.number):  # 第三十九条 is no part of it
                text = text[len(clause.number):]
            found = in_force_sentence(text)
            if found:
                out[doc.id] = found.strip()
                break
    return out, problems
