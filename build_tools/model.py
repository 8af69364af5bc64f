"""Plain data that flows between the build stages.

These frozen dataclasses are the only things that cross module borders:

    ingest   -> SourceDocument      (one recovered document, its lines and what was dropped)
    structure-> Document / Clause   (the outline with stable ids, lead units, targets)
    analyze  -> Analysis            (themes, similar measures, notes, glossary hits)
    render   -> files under docs/

Nothing here does work; see the stage modules for that.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Dropped:
    """A source line (or part of one) that is not published, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input, pointing at ``path:line``."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class FrameElement:
    """One element of the official-document frame (GB/T 9704) and the line it stands on:
    ``title``, ``number``, ``issuer_mark``, ``addressee``, ``signature``, ``date``, ``note``
    (附注), ``attachment``, ``copies_to`` (抄送), ``printed`` (印发), ``decree``."""

    name: str
    line: int
    text: str


@dataclass(frozen=True)
class Line:
    """One logical line of a recovered document: text plus where it came from."""

    number: int  # 1-based physical line in the source file
    text: str  # the text, NFC, line end removed (may be a slice of the physical line)
    offset: int = 0  # code-point offset of ``text`` inside the physical line


@dataclass(frozen=True)
class SourceDocument:
    """One document recovered from a source file, before its outline is parsed."""

    file: str  # file name inside the seeds directory
    index: int  # 1-based position of the document in its file
    title: str
    title_lines: tuple[int, ...]
    first_line: int
    last_line: int
    body: tuple[Line, ...]  # lines to be structured, in order
    metadata: tuple[tuple[str, str], ...]  # (field, value) as found, e.g. ("发布机构", "…")
    issuer: str | None
    date: str | None  # YYYY-MM-DD when known, else as written, else None
    number: str | None  # 发文字号
    subtitle: str | None = None
    region: str | None = None
    source_url: str | None = None
    encoding: str = "utf-8"
    dropped: tuple[Dropped, ...] = ()
    slug: str = ""  # stable ASCII document id
    # --- the official-document frame (build_tools/ingest/frame.py)
    addressee: str | None = None  # 主送机关, as printed, without the closing colon
    kind: str | None = None  # 文种 (通知, 意见, 措施 …), 新闻稿, 政策解读 or 起草说明
    role: str = "official"  # "official", "interpretation" (解读, 说明) or "news"
    signature: tuple[str, ...] = ()  # organs of the 署名, in order
    attachments: tuple[str, ...] = ()  # 附件 names
    notes: tuple[str, ...] = ()  # 附注 such as （此件公开发布）
    copies_to: str | None = None  # 抄送
    printed: str | None = None  # 印发机关和印发日期
    promulgation: str | None = None  # the decree that promulgated the text (国务院令 …)
    frame: tuple[FrameElement, ...] = ()  # every element found, with its line
    issued_by: str | None = None  # id of the notice that issues this text
    notice_issuer: str | None = None  # issuer of that notice (whose place a text issued with it shares)
    issues: str | None = None  # id of the text this notice issues or forwards
    supersedes: str | None = None  # id of the document this one replaces (sidecar)
    status: str | None = None  # 有效, 已废止, 已修改 (sidecar)
    aliases: tuple[tuple[str, str], ...] = ()  # (old clause id, clause id) kept as anchors (sidecar)
    traditional: bool = False  # printed in traditional characters (ingest.script): read folded


@dataclass(frozen=True)
class Target:
    """A quantitative target stated in a clause (e.g. 到2010年,…500家以上)."""

    text: str
    year: int | None
    #: the plan period it runs over, (first year, last year), when it names one (“十一五”期间)
    period: tuple[int, int] | None = None


@dataclass(frozen=True)
class Clause:
    """A heading, numbered measure or body block of a document, with a stable id."""

    id: str  # HTML id on the document page, ASCII, e.g. sec_2__sec_1__item_7
    parent: str | None
    level: int  # style level: 一、=1, (一)=2, 1./1、=3, (1)=4; others parent+1
    depth: int  # depth in the tree (1 = top)
    number: str | None  # marker as written, e.g. "7." "(一)" "一是"; None if unnumbered
    heading: str | None  # heading text up to the first 。 (annotations removed)
    text: str  # the clause's own text as published, marker included, children excluded
    line: int  # source line where the clause starts
    kind: str  # "heading" (numbered/run-in heading) or "body" (unheaded paragraphs)
    style: str  # cn_dun, paren_cn, arabic_dot, arabic_dun, action_plan, paren_arabic,
    #             lead_dash, yishi, stage_label, chapter, article, unnumbered, body
    label: str  # the numbering path a reader cites, e.g. 二(一)1
    lead_units: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    redactions: int = 0  # how many masked runs (*, ××, xx) the text contains


@dataclass(frozen=True)
class Document:
    """A structured document: its source facts and its clauses in reading order."""

    id: str
    title: str
    source: SourceDocument
    clauses: tuple[Clause, ...]

    @property
    def url(self) -> str:
        return f"documents/{self.id}/"


@dataclass(frozen=True)
class Region:
    """Where a document comes from: division names from the province down (浙江省, 杭州市,
    西湖区; a municipality has no city level), or ("全国",) for a national organ."""

    names: tuple[str, ...]
    code: str | None = None  # GB/T 2260 code of the last division (330100), None if unknown

    @property
    def name(self) -> str:
        return "".join(self.names)


@dataclass(frozen=True)
class ClauseRef:
    document: str
    clause: str


@dataclass(frozen=True)
class Similar:
    """One similar measure in another document, with the evidence for it."""

    target: ClauseRef
    score: float  # probability that a reader finds the link useful (calibrated on judgments)
    terms: tuple[str, ...]  # the shared phrases and words that carry the match
    strength: str = ""  # 强 or 较强, as a reader is told


@dataclass(frozen=True)
class Citation:
    """A place where a clause cites a document (《title》, 文号, an article), and what it is.

    ``status``: ``resolved`` (``target`` is the cited document, with ``clause`` the cited
    article or "" for the whole document), ``internal`` (an article of the citing document
    itself), ``missing`` (the archive does not hold it), ``ambiguous`` (several documents
    match), ``self`` (the document names itself), ``missing_article`` (an internal
    reference to an article the document does not have).
    """

    start: int  # span in the clause's text
    end: int
    text: str  # as written
    title: str | None
    number: str | None  # 文号 as written
    article: str | None  # 第十一条, 第三章, 第二部分 as written
    target: ClauseRef | None
    status: str


@dataclass(frozen=True)
class Edition:
    """A document's place in a series of editions of one plan (see ``lineage``)."""

    series: str  # the title without its edition, shared by the series
    previous: str | None  # document id of the edition before, if in the archive
    next: str | None
    how: str  # "title" (same title stem and issuer) or "sidecar" (``supersedes:``)


@dataclass(frozen=True)
class Continuity:
    """How a measure fares between two editions: 延续, 调整, 新增 or 未延续."""

    mark: str
    toward: str  # the other edition's document id
    edition: str  # what the other edition is: 前一版 or 后一版
    other: ClauseRef | None  # the closest measure of the other edition (for 延续, 调整)
    score: float  # cosine of the two measures' content terms


@dataclass(frozen=True)
class Note:
    """An editor's note attached to a clause (annotations/<doc-id>.yml)."""

    clause: str
    note: str  # Markdown
    source: str | None = None
    date: str | None = None
    origin: str = ""  # "annotations/x.yml:12"


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    scope: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    origin: str  # where the slogan comes from
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything computed over the whole corpus, keyed by clause."""

    themes: tuple[Theme, ...] = ()
    clause_themes: dict[ClauseRef, tuple[str, ...]] = field(default_factory=dict)
    similar: dict[ClauseRef, tuple[Similar, ...]] = field(default_factory=dict)
    notes: dict[str, tuple[Note, ...]] = field(default_factory=dict)  # by document id
    glossary: tuple[GlossaryEntry, ...] = ()
    citations: dict[ClauseRef, tuple[Citation, ...]] = field(default_factory=dict)
    editions: dict[str, Edition] = field(default_factory=dict)  # by document id
    continuity: dict[ClauseRef, tuple[Continuity, ...]] = field(default_factory=dict)
    validity: dict[str, str] = field(default_factory=dict)  # by document id: status or statement
    #: quoted phrases (“…”) no glossary entry explains, with their counts, most frequent first
    unglossed: tuple[tuple[str, int], ...] = ()
