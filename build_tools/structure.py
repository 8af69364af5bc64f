"""Structure: a recovered document's body → an outline of clauses with stable ids.

The body is first cut into paragraphs (blank lines end a paragraph; a line that stops
mid-sentence is joined with the next, undoing hard wraps). Markers are then found by the
ordered table ``MARKERS`` (one small pattern per numbering style); a marker counts

* at the start of a paragraph, always;
* inside a paragraph only right after a sentence end (。；：…) and only when its number is
  the next one expected among its would-be siblings — so ``二、三级市场`` or ``之一、`` are
  never headings, while a whole document written on one line still yields its outline.

Paragraphs that open with a short sentence, in a section that has no numbered children,
become unnumbered run-in headings (``科学规划,合理布局。…``).

Nesting uses a stack. Styles with a fixed level (一、=1, (一)=2, 1./1、=3, (1)=4, 1)=5, ①=6,
第X部分=1, 第X章=1, 第X节=2; under a 第X篇 or 第X编, the top division of a plan's outline or a
code, every division one deeper) pop everything at their level or deeper; relative styles (一是,
第一，, ——, 第X条, stage labels, unnumbered headings) sit one level below their parent.

End matter after the last measure (the signature, 附件 and its list, 此件公开发布, 抄送,
印发) is kept apart as one body clause, ``end``, instead of running on in the last measure.

Clause ids follow the numbering path (see ``SEGMENT_PREFIX`` and the README): ``二、(一)7.``
is ``sec_2__sec_1__item_7``. A number used twice among siblings gets ``_dupN``. Items without
a number (run-in headings ``hd``, lead-dash items ``dash``) are named by their own heading:
six letters from a hash of its normalised text (``ingest.ids.tag``: NFKC, no white space or
punctuation), so ``sec_1__hd_qzkfma`` survives a heading inserted before it, a sibling
removed, and 。/，/、 corrected in its own heading. Ids never depend on a running count of
headings in the document, so editing or adding another clause elsewhere does not move them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .annotate import (count_redactions, document_years, lead_units,
                       strip_lead_unit_annotations, targets)
from .ingest import END_DATE, ISSUER_LINE, SIGNATURE, strip_ws
from .ingest.frame import NOTE
from .ingest.script import Unfold, fold
from .ingest.ids import normalise, tag
from .model import Clause, Document, Line, Problem, SourceDocument
from .numerals import YEAR_DIGITS, to_int

CN = "一二三四五六七八九十百零〇"
_SP = r"[ \u3000]?"  # scraped text sometimes spaces a marker out: 一 、 （ 一 ） 1 .


@dataclass(frozen=True)
class MarkerStyle:
    name: str
    pattern: re.Pattern  # matched at a position; group "n" is the number
    level: int | None  # fixed style level, or None for "parent + 1"
    rank: int  # for relative styles: a lower rank may contain a higher one
    prefix: str  # id segment prefix
    start_only: bool = False  # only recognised at the start of a paragraph
    container: bool = False  # 章/节/条: numbered styles inside restart their levels


#: The marker table, tried in order at each candidate position.
MARKERS: tuple[MarkerStyle, ...] = (
    MarkerStyle("book", re.compile(rf"第(?P<n>[{CN}\d]+)[篇编][\s\u3000]*"), 1, 0, "book",
                start_only=True, container=True),
    MarkerStyle("part", re.compile(rf"第(?P<n>[{CN}\d]+)部分[\s\u3000]*"), 1, 0, "part",
                start_only=True, container=True),
    MarkerStyle("chapter", re.compile(rf"第(?P<n>[{CN}\d]+)章[\s\u3000]*"), 1, 0, "chp",
                start_only=True, container=True),
    MarkerStyle("section", re.compile(rf"第(?P<n>[{CN}\d]+)节[\s\u3000]*"), 2, 0, "subchp",
                start_only=True, container=True),
    MarkerStyle("article", re.compile(rf"第(?P<n>[{CN}\d]+)条[\s\u3000]*"), None, 0, "art",
                start_only=True, container=True),
    MarkerStyle("stage_label", re.compile(rf"第(?P<n>[{CN}]+)阶段"), None, 1, "stage",
                start_only=True),
    MarkerStyle("action_plan", re.compile(r"行动计划\s*(?P<n>\d{1,3})[.．、]"), 3, 0, "item"),
    MarkerStyle("cn_dun", re.compile(rf"(?P<n>[{CN}]{{1,3}}){_SP}、(?![{CN}]+[、级产])"), 1, 0, "sec"),
    MarkerStyle("paren_cn", re.compile(rf"[(（]{_SP}(?P<n>[{CN}]{{1,3}}){_SP}[)）]"), 2, 0, "sec"),
    MarkerStyle("arabic_dot", re.compile(rf"(?P<n>\d{{1,3}}){_SP}[.．](?![\d.．])"), 3, 0, "item"),
    MarkerStyle("arabic_dun", re.compile(rf"(?P<n>\d{{1,3}}){_SP}、(?!\d)"), 3, 0, "item"),
    MarkerStyle("paren_arabic", re.compile(rf"[(（]{_SP}(?P<n>\d{{1,3}}){_SP}[)）]"), 4, 0, "para"),
    MarkerStyle("half_paren_arabic", re.compile(r"(?P<n>\d{1,2})[)）](?![\d%％])"), 5, 0, "pt"),
    MarkerStyle("circled", re.compile(r"(?P<n>[\u2460-\u2473])"), 6, 0, "sub"),
    MarkerStyle("lead_dash", re.compile(r"——(?=\S)"), None, 2, "dash", start_only=True),
    MarkerStyle("yishi", re.compile(rf"(?P<n>[{CN}]{{1,3}})是(?=[^，,。、；;：:\s])"), None, 3,
                "enum"),
    MarkerStyle("ordinal", re.compile(rf"第(?P<n>[{CN}]{{1,3}})[，,](?=\S)"), None, 3, "ord"),
)
STYLES = {m.name: m for m in MARKERS}
UNNUMBERED = MarkerStyle("unnumbered", re.compile(""), None, 1, "hd")

_BOUNDARY = "。！？!?；;：:"
_YISHI_BOUNDARY = _BOUNDARY + "，,"
_SENTENCE_END = "。！？!?；;：:”’」』)）〉》】…"
_WRAP_MIN = 25  # a line this long that stops mid-sentence was hard-wrapped
#: Where a mid-line marker may start: right after a sentence end (or a comma, for 一是),
#: or after one space that follows a sentence end.
_CANDIDATE = re.compile(rf"[{re.escape(_YISHI_BOUNDARY)}]|(?<=[{re.escape(_BOUNDARY)}])[ \u3000\u00a0]")


# ---------------------------------------------------------------------------
# Paragraphs


@dataclass
class Para:
    """A paragraph: its text and, for each source line in it, where that line starts."""

    text: str
    starts: list[tuple[int, int, int]]  # (position in text, line number, offset in line)

    def line_at(self, pos: int) -> int:
        number = self.starts[0][1]
        for start, line, _ in self.starts:
            if start > pos:
                break
            number = line
        return number


def _starts_with_fixed_marker(text: str) -> bool:
    for style in MARKERS:
        if style.level is not None and style.pattern.match(text):
            return True
    return False


def _heading_line(text: str) -> bool:
    """A short line opening with a numbered marker: a heading, never a wrapped continuation."""
    return _starts_with_fixed_marker(text) and len(text) <= 40 and "。" not in text


def paragraphs(body: tuple[Line, ...]) -> list[Para]:
    """Blank lines end paragraphs; a line that stops mid-sentence continues on the next."""
    paras: list[Para] = []
    current: Para | None = None
    joinable = False
    for line in body:
        text = strip_ws(line.text)
        if not text:
            current, joinable = None, False
            continue
        lead = len(line.text) - len(line.text.lstrip(" \t\u00a0\u3000\u200b\ufeff"))
        if current is not None and joinable and not _heading_line(text):
            current.starts.append((len(current.text), line.number, line.offset + lead))
            current.text += text
        else:
            current = Para(text, [(0, line.number, line.offset + lead)])
            paras.append(current)
        last_line = text
        joinable = (len(last_line) >= _WRAP_MIN and last_line[-1] not in _SENTENCE_END
                    and not _heading_line(last_line))
    return paras


# ---------------------------------------------------------------------------
# End matter: signature, attachments, distribution notes after the last measure

_ATTACHMENT = re.compile(r"^附件\s*[:：\d一二三四五六七八九十]")
_END_NOTE = re.compile(NOTE.pattern + r"|^[(（]此页[^)）]{0,20}[)）]$|^抄送\s*[:：]"
                       r"|^.{2,40}[" + YEAR_DIGITS + r"]{4}\s*年.{1,3}月.{1,4}日\s*印发$")


def end_matter_start(paras: list[Para], window: int = 12) -> int:
    """Index of the first paragraph of the end matter (落款: issuer and date; 附件 and the
    attachment titles under it; 此件公开发布, 抄送, 印发), or ``len(paras)`` if there is none.
    Only the last ``window`` paragraphs are looked at, and never the first."""
    start = len(paras)
    for k in range(len(paras) - 1, max(len(paras) - window, 1) - 1, -1):
        if _is_end_matter([p.text for p in paras[k:]]):
            start = k
    return start


def _is_end_matter(texts: list[str]) -> bool:
    def signed(k: int) -> bool:
        text = texts[k]
        return bool(SIGNATURE.match(text) or END_DATE.match(text) or (
            ISSUER_LINE.match(text) and k + 1 < len(texts) and END_DATE.match(texts[k + 1])))

    if not (signed(0) or _ATTACHMENT.match(texts[0]) or _END_NOTE.match(texts[0])):
        return False
    attached = False
    for k, text in enumerate(texts):
        if _ATTACHMENT.match(text):
            attached = True
        elif not (signed(k) or _END_NOTE.match(text)
                  or (attached and len(text) <= 40 and "。" not in text)):
            return False
    return True


# ---------------------------------------------------------------------------
# Unnumbered run-in headings


def _first_sentence(text: str) -> str | None:
    end = text.find("。")
    return text[:end] if end >= 0 else None


def _is_runin_candidate(text: str) -> bool:
    """A paragraph opening with a short, complete sentence that could be a heading."""
    sentence = _first_sentence(text)
    if sentence is None or not 4 <= len(sentence) <= 30 or sentence[0].isdigit():
        return False
    if any(ch in sentence for ch in "：:；;"):
        return False
    return sentence.count("“") == sentence.count("”")


def _start_marker(text: str) -> MarkerStyle | None:
    for style in MARKERS:
        if style.pattern.match(text):
            return style
    return None


def find_runin_headings(paras: list[Para]) -> set[int]:
    """Indexes of paragraphs that open with an unnumbered run-in heading.

    Only inside a numbered section whose own children carry no numbers, when at least three
    of its paragraphs (and at least half) open with a short sentence, and those sentences
    are not parallel repetitions of one subject (``未来的X,将在…``).
    """
    found: set[int] = set()
    opened = [(i, _start_marker(p.text)) for i, p in enumerate(paras)]
    heads = [(i, s) for i, s in opened if s is not None and s.level is not None]
    for k, (i, style) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(paras)
        if k + 1 < len(heads) and heads[k + 1][1].level > style.level:
            continue  # the section has numbered children
        body = [j for j in range(i + 1, end) if opened[j][1] is None]
        if any(_has_glued_marker(paras[j].text) for j in body):
            continue
        candidates = [j for j in body if _is_runin_candidate(paras[j].text)]
        if len(candidates) < 3 or 2 * len(candidates) < len(body):
            continue
        openings = [paras[j].text[:4] for j in candidates]
        if max(openings.count(o) for o in openings) * 2 > len(candidates):
            continue
        found.update(candidates)
    return found


def _has_glued_marker(text: str) -> bool:
    return re.search(rf"[{_BOUNDARY}]\s*([(（][{CN}\d]{{1,3}}[)）]|[{CN}]{{1,3}}、|\d{{1,3}}[.．、])",
                     text) is not None


# ---------------------------------------------------------------------------
# The outline


@dataclass
class _Node:
    style: MarkerStyle
    number: str | None
    value: int | None
    level: int
    parent: "_Node | None"
    line: int
    segment: str = ""
    ordinal: int = 0  # position among siblings of the same style (for the label only)
    top: int | None = None  # container: the fixed style level of its first numbered child
    chunks: list[str] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


class _Outline:
    def __init__(self) -> None:
        self.root = _Node(UNNUMBERED, None, None, 0, None, 0, segment="")
        self.stack: list[_Node] = [self.root]
        self.preface: list[str] = []
        self.preface_line = 0
        self.end_matter: list[str] = []
        self.end_matter_line = 0

    @staticmethod
    def _container(stack: list[_Node]) -> _Node | None:
        for node in reversed(stack):
            if node.style.container:
                return node
        return None

    def placement(self, style: MarkerStyle) -> tuple[list[_Node], int]:
        """The stack after popping for a new node of ``style``, and the new node's level."""
        stack = list(self.stack)
        if style.container and style.level is not None:  # 篇 / 章 / 节
            # a 篇 or 编 (a plan outline's or a code's top division) holds chapters: below one,
            # every other division sits a level deeper
            level = style.level + (style.name != "book" and any(n.style.name == "book" for n in stack))
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            return stack, level
        if style.container:  # 条: below the nearest 章/节
            while len(stack) > 1 and not (stack[-1].style.container and
                                          stack[-1].style.level is not None):
                stack.pop()
            return stack, stack[-1].level + 1
        if style.level is not None:
            container = self._container(stack)
            level = style.level
            if container is not None:
                # inside 部分/章/节/条 the numbered styles nest below the container, in their
                # usual order, starting with whichever comes first: 第X条 (一) 1. → +1, +2;
                # 第X部分 一、 (一) → +1, +2
                top = container.top if container.top is not None else style.level
                level = container.level + 1 + max(0, style.level - top)
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            return stack, level
        while len(stack) > 1 and stack[-1].style.level is None and not stack[-1].style.container \
                and stack[-1].style.rank >= style.rank:
            stack.pop()
        return stack, stack[-1].level + 1

    def expected(self, style: MarkerStyle) -> int:
        """The next number expected among the would-be siblings of a new ``style`` node."""
        stack, _ = self.placement(style)
        same = [c.value for c in stack[-1].children if c.style.prefix == style.prefix
                and c.value is not None]
        return same[-1] + 1 if same else 1

    def open(self, style: MarkerStyle, number: str | None, value: int | None, line: int,
             key: str | None = None) -> _Node:
        """A new node; ``key`` is the heading text that names an item without a number."""
        stack, level = self.placement(style)
        parent = stack[-1]
        node = _Node(style, number, value, level, parent, line)
        node.ordinal = 1 + sum(1 for c in parent.children if c.style is style)
        container = self._container(stack)
        if container is not None and container.top is None and style.level is not None \
                and not style.container:
            container.top = style.level
        if value is not None:
            base = f"{style.prefix}_{value}"
        elif key and normalise(key):
            base = f"{style.prefix}_{tag(key)}"
        else:  # an item with no text of its own to name it
            base = f"{style.prefix}_{node.ordinal}"
        taken = {c.segment for c in parent.children}
        node.segment, n = base, 1
        while node.segment in taken:
            n += 1
            node.segment = f"{base}_dup{n}"
        parent.children.append(node)
        self.stack = stack + [node]
        return node

    def add_text(self, text: str, line: int) -> None:
        if not text:
            return
        top = self.stack[-1]
        if top is self.root:
            if not self.preface:
                self.preface_line = line
            self.preface.append(text)
        else:
            top.chunks.append(text)


def _midline_markers(text: str, skip_start: int) -> list[tuple[int, MarkerStyle, re.Match]]:
    """Candidate markers after a sentence end, in order (validated later, in sequence)."""
    found = []
    first = max(skip_start, 1)
    for candidate in _CANDIDATE.finditer(text, first - 1):
        pos = candidate.end()
        if pos >= len(text):
            break
        prev = text[pos - 1]
        for style in MARKERS:
            if style.start_only:
                continue
            if style.name != "yishi" and prev in "，," :
                continue
            match = style.pattern.match(text, pos)
            if match:
                found.append((pos, style, match))
                break
    return found


#: The longest heading kept: a "heading" that runs on (no 。 in a whole scraped page) is cut.
HEADING_MAX = 200


def _heading(style: MarkerStyle, rest: str) -> str | None:
    """Heading text: after the marker, up to the first 。, without lead-unit annotations."""
    first = rest.split("\n", 1)[0]
    if style.name == "stage_label":  # 第一阶段(2011—2020年):…
        first = re.split(r"[:：]", first, maxsplit=1)[0]
    end = first.find("。")
    head = first[:end] if end >= 0 else first
    head = strip_ws(strip_lead_unit_annotations(head)).rstrip("：:；;，,")
    return head[:HEADING_MAX] or None


def build_outline(doc: SourceDocument) -> _Outline:
    paras = paragraphs(doc.body)
    end = end_matter_start(paras)
    paras, closing = paras[:end], paras[end:]
    runins = find_runin_headings(paras)
    outline = _Outline()
    if closing:
        outline.end_matter = [p.text for p in closing]
        outline.end_matter_line = closing[0].line_at(0)
    for index, para in enumerate(paras):
        text = para.text
        # a marker at the start of the paragraph (or an unnumbered run-in heading) opens first
        start_len = 0
        if index in runins:
            outline.open(UNNUMBERED, None, None, para.line_at(0), key=_first_sentence(text))
        elif (style := _start_marker(text)) is not None:
            match = style.pattern.match(text)
            value = to_int(match.group("n")) if "n" in match.groupdict() else None
            key = _heading(style, text[match.end():]) if value is None else None
            outline.open(style, match.group(0).strip(), value, para.line_at(0), key=key)
            start_len = match.end()
        # mid-line markers in reading order; text before a marker goes to the clause open then
        done = 0
        for pos, style, match in _midline_markers(text, start_len + 1):
            if pos < done:
                continue
            value = to_int(match.group("n")) if "n" in match.groupdict() else None
            if value != outline.expected(style):
                continue
            outline.add_text(text[done:pos], para.line_at(done))
            outline.open(style, match.group(0).strip(), value, para.line_at(pos))
            done = pos
        outline.add_text(text[done:], para.line_at(done))
    return outline


def _label(node: _Node) -> str:
    style, number = node.style.name, re.sub(r"\s", "", node.number or "")
    if style == "cn_dun":
        return number.rstrip("、")
    if style in ("arabic_dot", "arabic_dun"):
        return number.rstrip(".．、")
    if style == "ordinal":
        return number.rstrip("，,")
    if style == "action_plan":
        return "行动计划" + str(node.value)
    if style == "unnumbered":
        return f"第{node.ordinal}段"
    if style == "lead_dash":
        return f"——{node.ordinal}"
    return number


def alias_problems(source: SourceDocument, doc: Document) -> list[Problem]:
    """A sidecar alias of ``source`` that names no clause of ``doc``, or that a clause
    already has as its id (``structure`` leaves such aliases out)."""
    ids = {c.id for c in doc.clauses}
    name = source.file.rsplit(".", 1)[0] + ".yml"
    problems = []
    for old, new in source.aliases:
        if new not in ids:
            problems.append(Problem(name, 1, f"aliases: {doc.id} has no clause {new!r}; "
                                             f"the alias {old!r} is not written", "warning"))
        elif old in ids:
            problems.append(Problem(name, 1, f"aliases: {old!r} is the id of a clause of {doc.id}; "
                                             "the alias is not written", "warning"))
    return problems


def structure(doc: SourceDocument) -> Document:
    """Parse one recovered document into a ``Document`` of clauses in reading order."""
    outline = build_outline(doc)
    years = document_years(doc.title, doc.date)
    clauses: list[Clause] = []
    folded = doc.traditional

    def facts(text: str) -> tuple[tuple[str, ...], tuple]:
        """The clause's lead units and targets; a text printed in traditional characters
        is read folded (牽頭 is 牵头) and the names are given back as printed."""
        if not folded:
            return lead_units(text), targets(text, *years)
        unfold = Unfold(text)
        return (tuple(unfold(u) for u in lead_units(fold(text))),
                tuple(replace(t, text=unfold(t.text)) for t in targets(fold(text), *years)))

    if outline.preface:
        text = "\n".join(outline.preface)
        units, found = facts(text)
        clauses.append(Clause(
            id="preface", parent=None, level=1, depth=1, number=None, heading=None,
            text=text, line=outline.preface_line, kind="body", style="body", label="序言",
            lead_units=units, targets=found, redactions=count_redactions(text)))

    def walk(node: _Node, path: list[str], labels: list[str]) -> None:
        for child in node.children:
            ids = path + [child.segment]
            cid = "__".join(ids)
            label = "".join(labels + [_label(child)])
            text = "\n".join(child.chunks)
            marker = child.number or ""
            body = text[len(marker):] if child.number and text.startswith(marker) else text
            if child.style is UNNUMBERED:
                heading = _first_sentence(body) or _heading(child.style, body)
            else:
                heading = _heading(child.style, body)
            units, found = facts(text)
            clauses.append(Clause(
                id=cid, parent="__".join(path) or None, level=child.level, depth=child.depth,
                number=child.number, heading=heading, text=text, line=child.line,
                kind="heading", style=child.style.name, label=label,
                lead_units=units, targets=found, redactions=count_redactions(text)))
            walk(child, ids, labels + [_label(child)])

    walk(outline.root, [], [])
    if outline.end_matter:
        text = "\n".join(outline.end_matter)
        clauses.append(Clause(
            id="end", parent=None, level=1, depth=1, number=None, heading=None, text=text,
            line=outline.end_matter_line, kind="body", style="body", label="文末",
            lead_units=facts(text)[0], targets=(), redactions=count_redactions(text)))
    ids = {c.id for c in clauses}
    kept = tuple((old, new) for old, new in doc.aliases if new in ids and old not in ids)
    return Document(id=doc.slug, title=doc.title, source=replace(doc, aliases=kept) if kept != doc.aliases
                    else doc, clauses=tuple(clauses))
