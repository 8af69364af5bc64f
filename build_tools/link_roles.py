"""Clause roles: which clauses of a document are measures, and so may be linked.

A policy document made under GB/T 9704 conventions frames its measures: a preface, then
sections such as 指导思想 / 总体要求 (guiding ideology), 基本原则 (principles), 发展目标
(goals and visions), 主要任务 / 工作措施 (the measures), 保障措施 / 组织实施 (safeguards and
organisation), and in reports 主要成效 (results) and 存在问题 (problems). A reader compares
measures with measures; a principle, a vision, a problem statement or a bare heading
paired with a measure is not a link worth a click.

``clause_roles(document)`` gives every clause one of ``ROLES``:

* the nearest enclosing heading (the clause's own first) whose words name a frame
  section decides: ``FRAME_CUES`` are the heading words of those sections, in the order
  they are tried; a heading that names measures (措施, 任务, 举措 …) stops the search, so
  ``三、具体措施`` keeps its items measures even inside a frame;
* text before the first heading (``preface``) and the end matter (``end``) are context;
* a heading of a document whose title says it is a report (汇报, 总结, 情况) is a result
  unless a measure section holds it;
* a clause's own heading may still say it is a principle (坚持…原则), a problem
  (有待, 亟待, 滞后 …) or organisation (领导小组, 督查, 考核 …, and the party's leadership and
  its own building, 党的全面领导, 党建, 全面从严治党: the organisation part of a plan's frame);
* a clause that says what the document says about itself (a heading 适用范围, 名词解释,
  有效期 …, or a text that opens 本通知适用于…, 本措施所称…, 本意见自…) is ``procedure``;
* a heading over numbered items of its own is their section (``heading``): its lead-in
  says what they do together, the items are the measures;
* a clause that says nothing beyond its marker, a short heading and the note of who leads
  it (``(牵头单位:…)``), and has no items of its own, is ``heading`` only (a long heading
  alone is a measure in one sentence).

A regulation (条例, 办法, 规定, 细则 …) is made of articles (第X条, grouped in 第X章): an
article is a *norm*, not a policy measure, and a reader compares it with the norms of
other regulations. Every clause inside an article takes the article's role, and an article
is:

* ``procedure`` when it stands in a chapter that by the genre's convention holds the
  general or closing provisions or the penalties (总则, 法律责任, 罚则, 附则), or when it says
  what every regulation says (``PROCEDURE_CUE``: 为了…制定本条例, 适用本办法, 本条例所称,
  自…起施行, 负责解释, 违反本条例…罚款, 人民代表大会常务委员会应当…监督);
* ``norm`` otherwise. The heading cues above are not read in articles: an article's
  "heading" is its first sentence, not a section name.

These are the words of the genre's section headings, not lines of any one document.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from .annotate import strip_lead_unit_annotations
from .model import Clause, Document

MEASURE = "measure"
NORM = "norm"
LINKED = (MEASURE, NORM)  # the roles that are linked, each only to its own kind
ROLES = ("measure", "norm", "principle", "goal", "safeguard", "problem", "result", "heading",
         "procedure", "context")

# The party's leadership and its own building: the organisation part of a plan's frame
# (坚持和加强党的全面领导 opens the 保障 chapter of a five-year plan), not a policy measure.
PARTY_CUE = r"党的领导|党的全面领导|党中央|党的建设|党建|全面从严治党|党风廉政|党组织"
# What a document says about itself: its scope, the meaning of its terms, when it applies.
SCOPE_HEADING = re.compile(r"^(?:适用范围|适用对象|名词解释|术语和定义|用语含义|实施时间|施行日期|有效期|附则)$")
SCOPE_OPENING = re.compile(r"^本(?:通知|意见|措施|方案|办法|规定|细则|政策|决定|若干措施|实施意见)"
                           r"(?:适用于|所称|所指|中的|自|有效期|由)")
# Heading words of frame sections, tried in this order (first match wins).
FRAME_CUES: tuple[tuple[str, re.Pattern], ...] = (
    ("principle", re.compile(r"指导思想|总体要求|总体思路|基本思路|基本原则|原则|指导方针|方针|理念")),
    ("goal", re.compile(r"目标|目的|愿景|设想|重要意义|意义|定位|远景|展望")),
    ("safeguard", re.compile(r"保障措施|保障机制|组织保障|工作保障|组织实施|组织领导|实施步骤|工作要求|督查|督导|考核|宣传|责任|"
                             r"领导小组|推进机制|工作机制|协调机制|问责|监督|" + PARTY_CUE)),
    ("problem", re.compile(r"问题|不足|短板|挑战|形势|现状|背景|困难|差距|有待|亟待|滞后|薄弱")),
    ("result", re.compile(r"成效|成绩|进展|回顾|成果|取得")),
)
# A clause's own heading says less about its section: only unambiguous words count.
OWN_CUES: tuple[tuple[str, re.Pattern], ...] = (
    ("principle", re.compile(r"指导思想|总体要求|基本原则|指导方针")),
    ("goal", re.compile(r"发展目标|总体目标|主要目标|目标任务|愿景|设想|重要意义")),
    ("safeguard", re.compile(r"组织领导|组织保障|经费保障|资金保障|领导小组|督查|督导|考核|宣传引导|"
                             r"目标责任|责任落实|落实责任|推进机制|工作机制|" + PARTY_CUE)),
    ("problem", re.compile(r"有待|亟待|滞后|薄弱|不足|短板|存在的问题|主要问题")),
    ("result", re.compile(r"成效|取得|进展顺利|明显提升|明显增强")),
)
# A heading naming the measures themselves stops the search up the outline.
MEASURE_CUE = re.compile(r"措施|任务|举措|行动|重点|工作内容|主要内容|政策|计划|工程|项目")
# Chapters of a regulation that hold its general and closing provisions and its penalties.
PROCEDURE_CHAPTER = re.compile(r"总则|附则|法律责任|罚则|奖励与处罚|奖惩")
# What the articles of every regulation say: purpose, scope, definitions, which organs are
# in charge, who explains it, when it takes effect, penalties, the people's congress's
# oversight of its implementation.
PROCEDURE_CUE = re.compile(
    r"制定本(?:条例|办法|规定|细则|规则)|适用本(?:条例|办法|规定|细则|规则)|"
    r"本(?:条例|办法|规定|细则|规则)(?:所称|适用于|中下列|下列用语|的具体应用|由.{1,30}负责解释|自.{1,20}施行)|"
    r"下列用语的含义|负责解释|(?:起|之日)施行|负责本行政区域内|按照各自(?:的)?职责|"
    r"违反本(?:条例|办法|规定|细则|规则).{0,80}(?:罚款|处分|追究|吊销|没收|责令)|"
    r"人民代表大会(?:及其)?常务委员会应当")
ARTICLE = "article"
ENUMERATION_STYLES = frozenset({"yishi", "ordinal", "lead_dash"})  # 一是…, 第一…, ——…
CHAPTER = "chapter"
REPORT_TITLE = re.compile(r"汇报|总结|情况|报告")
OWN_TEXT_MIN = 8  # Han characters a clause must say beyond its heading to be more than one
BARE_HEADING_MAX = 16  # a longer heading with nothing after it is a measure in one sentence
HAN = re.compile(r"[\u3400-\u9fff]")


def clause_roles(document: Document) -> dict[str, str]:
    """The role of every clause of ``document``, by clause id (module docstring)."""
    by_id = {clause.id: clause for clause in document.clauses}
    has_children = {clause.parent for clause in document.clauses if clause.parent}
    report = bool(REPORT_TITLE.search(document.title))
    sections = {clause.parent for clause in document.clauses if clause.parent and clause.kind == "heading"}
    articles = {clause.id: _article_of(clause, by_id) for clause in document.clauses}
    article_text: dict[str, list[str]] = {}
    for clause in document.clauses:
        if articles[clause.id] is not None:
            article_text.setdefault(articles[clause.id], []).append(clause.text)
    norm_roles = {article: _norm_role(by_id[article], by_id, "".join(texts))
                  for article, texts in article_text.items()}
    return {clause.id: (norm_roles[articles[clause.id]] if articles[clause.id] is not None
                        else _role(clause, by_id, clause.id in has_children, report,
                                   clause.id in sections))
            for clause in document.clauses}


def _article_of(clause: Clause, by_id: Mapping[str, Clause]) -> str | None:
    """The id of the article (第X条) that is or holds ``clause``, if any."""
    node: Clause | None = clause
    while node is not None:
        if node.style == ARTICLE:
            return node.id
        node = by_id.get(node.parent) if node.parent else None
    return None


def _norm_role(article: Clause, by_id: Mapping[str, Clause], text: str) -> str:
    """``procedure`` or ``norm`` for an article of a regulation and its whole ``text``
    (module docstring)."""
    node = by_id.get(article.parent) if article.parent else None
    while node is not None:
        if node.style == CHAPTER and PROCEDURE_CHAPTER.search(node.heading or node.text):
            return "procedure"
        node = by_id.get(node.parent) if node.parent else None
    return "procedure" if PROCEDURE_CUE.search(text) else NORM


def _role(clause: Clause, by_id: Mapping[str, Clause], has_children: bool, report: bool,
          sections: bool = False) -> str:
    if clause.id in ("preface", "end") or clause.id.startswith(("preface", "end")):
        return "context"
    if SCOPE_HEADING.match(clause.heading or "") or SCOPE_OPENING.match(text_after_marker(clause)):
        return "procedure"  # the document's scope, terms or term of validity
    own = _frame_of(clause.heading or "", own=clause.depth > 1)  # a top section names its frame
    if own is not None:
        return own
    node = by_id.get(clause.parent) if clause.parent else None
    if MEASURE_CUE.search(clause.heading or "") and len(HAN.findall(clause.heading)) <= BARE_HEADING_MAX:
        node = None  # the clause names measures itself: no frame above it decides
        report = False
    while node is not None:
        heading = node.heading or ""
        if MEASURE_CUE.search(heading) and len(HAN.findall(heading)) <= BARE_HEADING_MAX:
            break
        role = _frame_of(heading, own=False)
        if role is not None:
            return role
        node = by_id.get(node.parent) if node.parent else None
    else:
        if report:
            return "result"
    if clause.kind == "heading" and sections:
        return "heading"  # a section: its numbered items are the measures, its text leads in
    if (clause.kind == "heading" and not has_children and _own_text(clause) < OWN_TEXT_MIN
            and len(HAN.findall(clause.heading or "")) <= BARE_HEADING_MAX):
        return "heading"
    return MEASURE


def _frame_of(heading: str, own: bool) -> str | None:
    """The frame role a heading names, if any; a clause's own heading names measures first."""
    if not heading:
        return None
    if own:
        if heading.startswith("坚持") and heading.endswith("原则"):
            return "principle"
        for role, cue in OWN_CUES:
            if cue.search(heading):
                return role
        return None
    for role, cue in FRAME_CUES:
        if cue.search(heading):
            return role
    return None


def text_after_heading(clause: Clause) -> str:
    """What the clause says beyond its marker, its heading and the annotation of who leads
    it (``(牵头单位:…,参加单位:…)`` says who, not what)."""
    rest = strip_lead_unit_annotations(clause.text)
    if clause.number and rest.startswith(clause.number):
        rest = rest[len(clause.number):]
    if clause.heading:
        at = rest.find(clause.heading)
        if at >= 0:
            rest = rest[at + len(clause.heading):]
    return rest


def text_after_marker(clause: Clause) -> str:
    """The clause's text after its marker and the white space around it."""
    rest = clause.text.strip()
    if clause.number and rest.startswith(clause.number):
        rest = rest[len(clause.number):]
    return rest.strip()


def _own_text(clause: Clause) -> int:
    """Han characters of the clause beyond its marker and heading."""
    return len(HAN.findall(text_after_heading(clause)))
