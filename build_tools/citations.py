"""Citations: where a clause names another document, and which document of the archive it is.

Official documents cite each other in a few fixed shapes, and this module reads exactly
those (no guessing from loose words):

* a title in book-title marks, ``《国务院关于促进融资担保行业加快发展的意见》``, with an inner
  title in ``〈〉`` left as written;
* a 文号 (发文字号) in parentheses right after it, ``（国发〔2015〕43号）``, or standing alone in
  the text, ``国发〔2015〕43号``; decrees cite ``国务院令第707号`` the same way;
* an article, chapter or part of the cited document right after it, ``《…条例》第十一条``;
* a reference into the citing document itself, ``本条例第十一条``, ``本意见第三部分``;
* a short name given in the text, ``（以下简称《若干政策》）``, which later stands for the
  citation before it.

Book-title marks also enclose certificates, contracts and forms (《不动产权证》,
《商品房买卖合同》); a title counts as a document only when it ends in a 文种 of the
《党政机关公文处理工作条例》 or a kind of plan or rule (方案, 规划, 条例, 办法 …), possibly
followed by a bracketed edition such as ``(试行)`` or ``(2008—2020年)``, or when a 文号
follows it.

Resolution, in order, never by similarity:

1. the 文号, normalised (brackets unified, white space removed), if exactly one document of
   the archive has it (a text issued by a notice carries the notice's 文号, and is preferred
   to the notice); a citation that states a 文号 is resolved by it alone (a document of the
   same title and another number, or none, is often the earlier or later edition);
2. the title, normalised (NFKC, white space and marks removed), if exactly one document has
   it; titles are compared in full and without the issuer before ``关于`` (citations often
   drop it), and among several documents of the same title the one of the citing
   document's region is taken when it is the only one;
3. otherwise the citation is *missing* (no document of the archive matches: listed for
   editors) or *ambiguous* (several match: reported, not linked).

A citation of an article links to that article of the cited document when it holds one
with that number.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .doc_kinds import CITED, KINDS, longest_first
from .doc_numbers import BRACKETED_SERIAL, DECREE_SERIAL
from .model import Citation, ClauseRef, Document, Problem
from .numerals import to_int
from .region import region_of

#: Kinds of document a cited title may end with: a document's own kinds and the kinds
#: only cited (法, 政策, 标准 …), longest first (``build_tools.doc_kinds``).
DOCUMENT_KINDS = longest_first(KINDS + CITED)

_EDITION = r"(?:[(（][^()（）]{1,20}[)）])*"  # (试行) (2008—2020年) (修订)
_KIND_END = re.compile("(?:" + "|".join(DOCUMENT_KINDS) + ")" + _EDITION + "$")
_NUMERAL = r"[0-9０-９一二三四五六七八九十百千零〇两]+"

#: A document number: issuer's code, year in brackets, serial, ``号``; or a decree number.
NUMBER = r"(?:[\u4e00-\u9fff]{1,12}\s*" + BRACKETED_SERIAL + r"|[\u4e00-\u9fff]{0,12}" + DECREE_SERIAL + ")"
_TITLE = r"《(?P<title>(?:[^《》〈〉\n]|〈[^〈〉《》\n]*〉){2,120})》"
_AFTER_NUMBER = r"(?:\s*[(（]\s*(?P<number>" + NUMBER + r")\s*[)）])?"
_ARTICLE = r"(?P<article>第" + _NUMERAL + r"(?:条|章|节|部分))?"
_ALIAS = r"(?:[(（，,]\s*以下简称\s*[《“\"](?P<alias>[^》”\"]{1,30})[》”\"]\s*[)）]?)?"
CITATION = re.compile(_TITLE + _AFTER_NUMBER + _ARTICLE + _ALIAS)
#: A 文号 without its issuer's code: the bracketed year and serial, or a decree's serial.
_NUMBER_CORE = re.compile(BRACKETED_SERIAL + "|" + DECREE_SERIAL)
_CODE_CHARS = 12  # the longest issuer's code read before the core (中华人民共和国国务院令)
#: Words that introduce a citation and are no part of the code of a 文号 standing alone;
#: a decree's number is led by an organ's full name (中华人民共和国国务院令, 住房和城乡建设部令),
#: so only verbs are cut before it.
_LEAD_VERBS = "按照|根据|依据|依照|参照|对照|执行|落实|贯彻|印发|转发|要求|文件|经"
_LEAD = re.compile(r".*(?:" + _LEAD_VERBS + r"|按|依|据|见|和|及|与|或|的|是|为|以|由|在|将|对|了)")
_DECREE_LEAD = re.compile(r".*(?:" + _LEAD_VERBS + r")")


def _bare_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of 文号 standing alone: the core with the run of Han characters before it,
    less the words that lead into a citation (按照国发〔2015〕43号 → 国发〔2015〕43号)."""
    spans = []
    for m in _NUMBER_CORE.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < _CODE_CHARS and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        decree = m.group(0).startswith("令")
        lead = (_DECREE_LEAD if decree else _LEAD).match(text, start, m.start())
        if lead:
            start = lead.end()
        if start < m.start():  # a number needs its issuer's code
            spans.append((start, m.end()))
    return spans


INTERNAL = re.compile(r"本(?P<kind>条例|办法|规定|细则|规则|意见|方案|决定|通知|措施|规划|纲要|计划|实施意见)"
                      r"(?P<article>第" + _NUMERAL + r"(?:条|章|节|部分))")
_ISSUER_PREFIX = re.compile(r"^.{2,60}?(?=关于)")
_ARTICLE_ID = {"条": "art", "章": "chp", "节": "subchp", "部分": "part"}


def normal_number(number: str) -> str:
    """A 文号 as a comparison key: NFKC, no white space, brackets as 〔〕, no 第 before
    the serial, a State Council decree as 国令第N号, any other decree without the 中华人民共和国
    its head prints (交通运输部令2024年第5号)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number))
    text = re.sub(r"[\[［(（【]((?:19|20)\d{2})[\]］)）】〕]", r"〔\1〕", text)
    text = re.sub(r"〕第(\d)", r"〕\1", text)
    text = re.sub(r"^(?:中华人民共和国)?国务院令", "国令", text)  # 国令第707号
    return re.sub(r"^中华人民共和国(?=[\u4e00-\u9fff]{2,20}令)", "", text)


def normal_title(title: str) -> str:
    """A title as a comparison key: NFKC, without white space, quotes and title marks."""
    text = unicodedata.normalize("NFKC", title)
    return re.sub(r"[\s《》〈〉<>“”\"'‘’]", "", text)


def _short_title(key: str) -> str | None:
    """The normalised title without its issuer (what stands before 关于), if it has one."""
    match = _ISSUER_PREFIX.match(key)
    return key[match.end():] if match and match.end() > 0 else None


def is_document_title(title: str) -> bool:
    """Whether a title in 《》 names a document (not a certificate, contract or form)."""
    return bool(_KIND_END.search(normal_title(title)))


@dataclass(frozen=True)
class _Found:
    """A citation as written, before it is resolved."""

    start: int
    end: int
    title: str | None
    number: str | None
    article: str | None
    alias: str | None = None
    internal: bool = False


def find_citations(text: str) -> list[_Found]:
    """Every citation in ``text``, in order (spans do not overlap)."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    aliases: dict[str, _Found] = {}
    for m in CITATION.finditer(text):
        title, number = m.group("title"), m.group("number")
        if title in aliases and number is None:
            cited = aliases[title]
            found.append(replace(cited, start=m.start(), end=m.end(), article=m.group("article"),
                                 alias=None))
        elif number is not None or is_document_title(title):
            cited = _Found(m.start(), m.end(), title, number, m.group("article"), m.group("alias"))
            found.append(cited)
            if cited.alias:
                aliases[cited.alias] = cited
        else:
            continue
        taken.append((m.start(), m.end()))
    for start, end in _bare_numbers(text):
        if not any(a <= start < b or a < end <= b for a, b in taken):
            found.append(_Found(start, end, None, text[start:end], None))
            taken.append((start, end))
    for m in INTERNAL.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append(_Found(m.start(), m.end(), None, None, m.group("article"), internal=True))
    return sorted(found, key=lambda f: f.start)


class _Catalogue:
    """The archive's documents by 文号 and by title key."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.by_number: dict[str, list[Document]] = defaultdict(list)
        self.by_title: dict[str, list[Document]] = defaultdict(list)
        self.by_short: dict[str, list[Document]] = defaultdict(list)
        self.region = {d.id: region_of(d) for d in documents}
        by_id = {d.id: d for d in documents}
        for doc in documents:
            # a text a notice issues is cited by the notice's 文号 (宁政规〔2023〕13号 names the
            # 十条措施 it issued): it takes the number, ahead of the notice that wraps it
            notice = by_id.get(doc.source.issued_by or "")
            number = doc.source.number or (notice.source.number if notice else None)
            if number:
                self.by_number[normal_number(number)].append(doc)
            key = normal_title(doc.title)
            self.by_title[key].append(doc)
            short = _short_title(key)
            if short:
                self.by_short[short].append(doc)

    def match(self, found: _Found, citing: Document) -> tuple[list[Document], str]:
        """Candidate documents for a citation, and how they were found."""
        if found.number:  # a stated 文号 decides: an edition of the same title has another
            docs = self.by_number.get(normal_number(found.number), [])
            issued = [d for d in docs if d.source.issued_by in {o.id for o in docs}]
            return issued or docs, "number"
        if found.title:
            key = normal_title(found.title)
            docs = self.by_title.get(key) or self.by_short.get(key) or []
            if not docs and _short_title(key):
                docs = self.by_title.get(_short_title(key), []) + self.by_short.get(_short_title(key), [])
            docs = list({d.id: d for d in docs}.values())
            if len(docs) > 1:
                local = [d for d in docs if self.region[d.id] and self.region[d.id] == self.region[citing.id]]
                docs = local if len(local) == 1 else docs
            return docs, "title"
        return [], "none"


def _article_clause(doc: Document, article: str | None) -> str:
    """The id of the clause of ``doc`` that ``第十一条`` (or 第三章, 第二部分) names, or ""."""
    if not article:
        return ""
    m = re.fullmatch(r"第(.+?)(条|章|节|部分)", article)
    number = to_int(m.group(1)) if m else None
    if number is None:
        return ""
    segment = f"{_ARTICLE_ID[m.group(2)]}_{number}"
    for clause in doc.clauses:
        if clause.id.rsplit("__", 1)[-1] == segment:
            return clause.id
    return ""


def cite_all(documents: Sequence[Document]) -> tuple[dict[ClauseRef, tuple[Citation, ...]], list[Problem]]:
    """The citations of every clause of the archive, resolved where the archive holds the
    cited document; ambiguous ones are reported as warnings."""
    catalogue = _Catalogue(documents)
    result: dict[ClauseRef, tuple[Citation, ...]] = {}
    problems: list[Problem] = []
    for doc in documents:
        for clause in doc.clauses:
            citations = []
            for found in find_citations(clause.text):
                written = clause.text[found.start:found.end]
                if found.internal:
                    target_clause = _article_clause(doc, found.article)
                    status = "internal" if target_clause else "missing_article"
                    target = ClauseRef(doc.id, target_clause) if target_clause else None
                    citations.append(Citation(found.start, found.end, written, None, None,
                                              found.article, target, status))
                    continue
                docs, how = catalogue.match(found, doc)
                others = [d for d in docs if d.id != doc.id]
                if docs and not others:  # the document names itself (its own title or 文号)
                    target, status = None, "self"
                elif len(others) == 1:
                    docs = others
                    target = ClauseRef(docs[0].id, _article_clause(docs[0], found.article))
                    status = "resolved"
                elif others:
                    docs = others
                    target, status = None, "ambiguous"
                    names = "、".join(d.id for d in docs[:5])
                    problems.append(Problem(doc.source.file, clause.line,
                                            f"citation {written!r} matches {len(docs)} documents "
                                            f"by {how} ({names}); not linked", "warning"))
                else:
                    target, status = None, "missing"
                citations.append(Citation(found.start, found.end, written, found.title,
                                          found.number, found.article, target, status))
            if citations:
                result[ClauseRef(doc.id, clause.id)] = tuple(citations)
    return result, problems


def cited_key(citation: Citation) -> str:
    """How a missing document is listed: its title (normalised), else its 文号."""
    if citation.title:
        return normal_title(citation.title)
    return normal_number(citation.number or citation.text)


def cited_by(citations: dict[ClauseRef, tuple[Citation, ...]]) -> dict[str, list[ClauseRef]]:
    """For each document id, the clauses of *other* documents that cite it, in order."""
    out: dict[str, list[ClauseRef]] = defaultdict(list)
    for ref, items in citations.items():
        for c in items:
            if c.target and c.status == "resolved" and c.target.document != ref.document \
                    and ref not in out[c.target.document]:
                out[c.target.document].append(ref)
    return dict(out)


def missing(citations: dict[ClauseRef, tuple[Citation, ...]]) -> dict[str, list[tuple[ClauseRef, Citation]]]:
    """Cited documents the archive does not hold, by key, with every citing clause."""
    out: dict[str, list[tuple[ClauseRef, Citation]]] = defaultdict(list)
    for ref, items in citations.items():
        for c in items:
            if c.status == "missing":
                out[cited_key(c)].append((ref, c))
    return dict(out)
