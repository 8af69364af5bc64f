"""Ingest: source files → recovered documents (``SourceDocument``).

Guarantees of this stage:

* Every physical line of a source ends up in exactly one place: a document's ``body``
  (possibly as a slice), its title/subtitle/metadata, or its ``dropped`` list with a reason.
  Nothing is lost silently.
* Line numbers are the physical line numbers of the source (``\\r\\n``, ``\\r`` and ``\\n``
  all end a line), so every message can point at ``file:line``.
* Text is decoded (UTF-8 with or without BOM, GB18030/GBK, … detected by
  charset-normalizer) and NFC-normalised, but never rewritten otherwise.

Which lines are chrome, metadata, titles or separators is decided by the small ordered
classifier tables below; each entry names the reason reported to readers.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import charset_normalizer
import yaml

from .model import Dropped, Line, Problem, SourceDocument
from .numerals import parse_date
from .site_paths import free_id, reserved

# ---------------------------------------------------------------------------
# Decoding

_PREFERRED_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "utf_32"]


class SourceError(Exception):
    """A source that cannot be used at all; carries the ``Problem`` to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes of a source → (text, encoding name). Raises ``SourceError``."""
    name = path.name
    if not data.strip():
        raise SourceError(Problem(name, 1, "empty source: no text to publish"))
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(name, data[3:].decode("utf-8", errors="strict"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(name, data.decode("utf-16"), "utf-16")
    try:
        return _check_text(name, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        utf8_error = f"not UTF-8 (byte 0x{data[exc.start]:02x} at line {bad_line})"
    if b"\x00" in data:
        raise SourceError(Problem(name, bad_line, f"binary data, not a text source: {utf8_error}"))
    best = charset_normalizer.from_bytes(data, cp_isolation=_PREFERRED_ENCODINGS).best()
    if best is None or best.encoding.startswith("utf_8"):
        raise SourceError(Problem(name, bad_line, f"cannot decode: {utf8_error}, and no "
                                                  "other encoding fits"))
    return _check_text(name, str(best), best.encoding)


def _check_text(name: str, text: str, encoding: str) -> tuple[str, str]:
    controls = [i for i, ch in enumerate(text)
                if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f\v"]
    if controls and len(controls) > max(2, len(text) // 1000):
        line = text[: controls[0]].count("\n") + 1
        raise SourceError(Problem(name, line, "binary data, not a text source "
                                              f"({len(controls)} control characters)"))
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise SourceError(Problem(name, 1, f"no Chinese text found (decoded as {encoding})"))
    return text, encoding


def split_lines(text: str) -> list[str]:
    """Physical lines; ``\\r\\n``, ``\\r`` and ``\\n`` all end a line. NFC, BOM removed."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return re.split(r"\r\n|\r|\n", text)


# ---------------------------------------------------------------------------
# Sidecars: seeds/<name>.yml overrides what is detected

SIDECAR_FIELDS = {"id", "title", "issuer", "date", "number", "source_url", "region", "subtitle"}


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


# ---------------------------------------------------------------------------
# Line classifiers

#: Fields of government information-disclosure pages (信息公开) and article headers.
META_FIELDS = ("索引号", "公开方式", "发布机构", "组配分类", "主题分类", "体裁分类", "成文日期",
               "废止日期", "有效性", "发布日期", "发文字号", "文号", "发文机关", "信息来源",
               "信息提供日期", "信息分类", "主题词", "生效日期", "公开范围", "公开时限",
               "发文日期", "印发日期", "生成日期", "浏览次数", "访问量", "来源", "发布时间", "时间",
               "作者", "字体")
_META_KEY = re.compile(r"(?<![\u4e00-\u9fff])(" + "|".join(sorted(META_FIELDS, key=len, reverse=True))
                       + r")\s*[:：]")
#: Fields that describe the web post, not the document (a scrape time is no document date).
SITE_FIELDS = {"来源", "时间", "发布时间", "作者", "浏览次数", "访问量", "字体"}
#: Fields that date the document itself, most authoritative first.
DATE_FIELDS = ("成文日期", "发文日期", "印发日期")

#: (reason, pattern) for lines of web chrome; tried in order, on lines of at most 60 chars.
CHROME = [
    ("breadcrumb web chrome", re.compile(r"^(当前位置|您的位置|你的位置|位置)\s*[:：]|^首页\s*[>＞»›/]"
                                         r"|^\S{1,12}(\s*[>＞»›]\s*\S{1,12}){2,}$")),
    ("login prompt", re.compile(r"(需先?登录|请先?登录|登录后|注册登录|查看隐藏内容)")),
    ("share / print buttons", re.compile(r"^(?:[【\[]?(?:分享|分享到|打印|打印本页|打印此页|关闭|关闭窗口|"
                                         r"收藏|返回顶部|扫一扫.*|微信扫一扫.*)[】\]]?[:：]?"
                                         r"(?:\s+|\s*[|｜]\s*|(?<=[】\]])|$))+$")),
    ("font-size widget", re.compile(r"字体\s*[:：]?\s*[\[【]?\s*(大|中|小|\s)+[\]】]")),
    ("site sidebar (hot list / related links)",
     re.compile(r"^(热门排行|热门文章|相关文章|相关阅读|推荐阅读|猜你喜欢|上一篇|下一篇|最新文章)\s*[:：]?")),
    ("editor credit", re.compile(r"^[(（\[【]?\s*(责任)?编辑\s*[:：]")),
    ("copyright footer", re.compile(r"^(版权所有|copyright|©)", re.IGNORECASE)),
]
_BLANKISH = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]*$")

#: ``第一篇:`` … separators of a compilation of documents; may be glued mid-line after 。
SEPARATOR = re.compile(r"(?:^|(?<=[。！？!?；;”」』)）]))\s*第([一二三四五六七八九十百零〇\d]+)篇\s*[:：]\s*(\S.*)$")
#: ``(2017年2月)`` or ``二〇一三年八月十二日``: a document's date on a line of its own.
DATE_LINE = re.compile(r"^[(（]?\s*[0-9〇○零一二三四五六七八九]{4}\s*年[^。]{0,12}[)）]?$")
#: A short line naming an organisation: the issuer above a title (masked names allowed).
ISSUER_LINE = re.compile(r"^[\u4e00-\u9fffA-Za-z*×xX]{2,30}(人民政府|政府|委员会|党委|办公室|办公厅|"
                         r"管委会|管理委员会|局|厅|委|部|中心)$")
#: ``X关于…的意见``: the issuer named by the title itself.
TITLE_ISSUER = re.compile(r"^(?P<issuer>[\u4e00-\u9fff、]{2,30}?(人民政府|政府|委员会|办公室|办公厅|"
                          r"管委会|党委|局|厅))(办公室)?关于")
#: Signature line at the end: ``某某委员会 二〇一三年八月十二日``.
SIGNATURE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff*×]{2,30}?(政府|委员会|办公室|办公厅|管委会|党委|局|厅))"
                       r"\s*(?P<date>[0-9〇○零一二三四五六七八九]{4}\s*年.{1,6}月.{1,4}日)$")
#: A document number (文号) on a line of its own: ``某政发〔2021〕12号``.
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff*×]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]"
                        r"\s*第?\s*\d{1,5}\s*号$")
#: A date on a line of its own, as it closes a document under the issuer's name.
END_DATE = re.compile(r"^[0-9〇○零一二三四五六七八九]{4}\s*年\s*[0-9〇○零一二三四五六七八九十]{1,2}\s*月"
                      r"\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*日$")
#: URL-shaped masked watermark (``***.******.***``) fused to the start or end of a line.
WATERMARK_START = re.compile(r"^\*{2,}(?:\.\*{2,}){2,}")
WATERMARK_END = re.compile(r"\*{2,}(?:\.\*{2,}){2,}$")

_TERMINAL = "。！？!?；;：:”’」』)）〉》】…"


def strip_ws(text: str) -> str:
    """Strip white space including NBSP, ideographic space and zero-width space."""
    return text.strip(" \t\u00a0\u3000\u200b\ufeff")


def chrome_reason(text: str) -> str | None:
    """The reason a line is web chrome, or None. Only short lines can be chrome."""
    s = strip_ws(text)
    if not s:
        return "blank line of non-breaking spaces" if text else None
    if len(s) > 60:
        return None
    for reason, pattern in CHROME:
        if pattern.search(s):
            return reason
    return None


def metadata_fields(text: str) -> list[tuple[str, str]] | None:
    """``索引号: X 公开方式: Y`` → [(索引号, X), (公开方式, Y)] when the line is a field list."""
    s = strip_ws(text)
    keys = list(_META_KEY.finditer(s))
    if not keys or len(s) > 120:
        return None
    # the line is a field list if it starts with a field, or if all fields follow a title copy
    if keys[0].start() > 0 and not any(k.group(1) in ("发布日期", "浏览次数", "信息来源") for k in keys):
        return None
    fields = []
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(s)
        fields.append((key.group(1), strip_ws(s[key.end():end])))
    return fields


# ---------------------------------------------------------------------------
# Splitting a file into documents


@dataclass
class _Piece:
    """A slice of the file that belongs to one document (mutable while ingesting)."""

    lines: list[Line]
    separator: Line | None = None  # the ``第N篇:`` line (or slice) that opened it
    separator_title: str | None = None


def split_documents(lines: list[str]) -> list[_Piece]:
    """Cut the file at ``第N篇:`` separators (at line start or glued after a sentence)."""
    pieces = [_Piece([])]
    for number, raw in enumerate(lines, 1):
        match = SEPARATOR.search(raw)
        if match is None:
            pieces[-1].lines.append(Line(number, raw, 0))
            continue
        head = raw[: match.start()]
        if strip_ws(head):
            pieces[-1].lines.append(Line(number, head, 0))
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        separator = Line(number, raw[start:], start)
        title = strip_ws(match.group(2)).strip("《》")
        pieces.append(_Piece([], separator, title))
    if not pieces[0].lines or all(not strip_ws(l.text) for l in pieces[0].lines):
        first = pieces.pop(0)
        if pieces and first.lines:
            pieces[0].lines[:0] = first.lines  # blank lines before the first separator
    return pieces or [_Piece([])]


# ---------------------------------------------------------------------------
# Recovering one document


def _normalise_title(text: str) -> str:
    return strip_ws(text).strip("《》")


def _same_title(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[\s\u00a0《》]", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    return norm(a) == norm(b)


def _title_like(text: str) -> bool:
    s = strip_ws(text)
    return 2 <= len(s) <= 60 and not s.endswith(("。", "：", ":", "；", ";", "，", ","))


def recover(file: str, index: int, piece: _Piece, encoding: str) -> SourceDocument:
    """Header (title, metadata, chrome) and body of one document of a file."""
    dropped: list[Dropped] = []
    metadata: list[tuple[str, str]] = []
    title: str | None = piece.separator_title
    title_lines: list[int] = []
    subtitle: str | None = None
    issuer: str | None = None
    date_text: str | None = None
    if piece.separator is not None:
        dropped.append(Dropped(piece.separator.number, piece.separator.text,
                               "compilation separator (第N篇); its title is the document title"))
        title_lines.append(piece.separator.number)

    lines = list(piece.lines)
    pending_title = ""  # a title being assembled from several lines
    doc_number: str | None = None  # a 文号 line in the header
    # --- header: chrome, metadata, issuer, title (maybe split over lines), date/subtitle
    i = 0
    while i < len(lines):
        line = lines[i]
        s = strip_ws(line.text)
        reason = chrome_reason(line.text)
        if not s and reason is None:
            i += 1
            continue
        fields = metadata_fields(line.text)
        if reason is not None and fields is None:
            dropped.append(Dropped(line.number, line.text, reason))
            i += 1
            continue
        if fields is not None:
            doc_fields = [(k, v) for k, v in fields if k not in SITE_FIELDS]
            site_only = not doc_fields
            metadata.extend(doc_fields)
            why = ("site post metadata (time, source site, poster): not document metadata"
                   if site_only and not any(k == "浏览次数" for k, _ in fields)
                   else "page metadata; fields shown in the document header")
            dropped.append(Dropped(line.number, line.text, why))
            i += 1
            continue
        if title is not None and pending_title == "" and _same_title(s, title):
            dropped.append(Dropped(line.number, line.text, "duplicate of the title"))
            title_lines.append(line.number)
            i += 1
            continue
        if title is not None and pending_title != "" or (
                title is not None and title.startswith(_normalise_title(s)) and len(s) >= 1
                and not _same_title(s, title)):
            # title split over several lines (e.g. one character a line)
            candidate = pending_title + _normalise_title(s)
            if title.startswith(candidate) or _same_title(candidate, title):
                pending_title = candidate
                title_lines.append(line.number)
                dropped.append(Dropped(line.number, line.text, "part of the title (split over lines)"))
                i += 1
                if _same_title(pending_title, title):
                    pending_title = ""
                continue
            pending_title = ""
        if DATE_LINE.match(s) and parse_date(s):
            date_text = s.strip("()（）")
            subtitle = subtitle or s
            dropped.append(Dropped(line.number, line.text, "date line; shown as the document date"))
            i += 1
            continue
        if title is not None and s[:1] in "(（" and s[-1:] in ")）" and len(s) <= 120 \
                and subtitle is None:
            subtitle = s
            dropped.append(Dropped(line.number, line.text, "subtitle; shown under the title"))
            i += 1
            continue
        if DOC_NUMBER.match(s) and doc_number is None:
            doc_number = s
            dropped.append(Dropped(line.number, line.text, "document number (文号); shown in the header"))
            i += 1
            continue
        if ISSUER_LINE.match(s) and issuer is None and (title is None or not title_lines[1:]):
            issuer = s
            dropped.append(Dropped(line.number, line.text, "issuer line; shown as the issuer"))
            i += 1
            continue
        if title is None and _title_like(s):
            title = _normalise_title(s)
            title_lines.append(line.number)
            dropped.append(Dropped(line.number, line.text, "document title"))
            i += 1
            # a title split one character per line continues on very short lines
            while i < len(lines) and 0 < len(strip_ws(lines[i].text)) <= 2 \
                    and chrome_reason(lines[i].text) is None:
                title += strip_ws(lines[i].text)
                title_lines.append(lines[i].number)
                dropped.append(Dropped(lines[i].number, lines[i].text,
                                       "part of the title (split over lines)"))
                i += 1
            continue
        break
    body_start = i

    # --- body: drop chrome and watermarks wherever they stand
    body: list[Line] = []
    for line in lines[body_start:]:
        reason = chrome_reason(line.text)
        if reason is not None:
            dropped.append(Dropped(line.number, line.text, reason))
            continue
        text, offset = line.text, line.offset
        lead = WATERMARK_START.match(text)
        if lead:
            dropped.append(Dropped(line.number, lead.group(0), "masked URL watermark fused to the text"))
            text, offset = text[lead.end():], offset + lead.end()
        tail = WATERMARK_END.search(text)
        if tail:
            dropped.append(Dropped(line.number, tail.group(0), "masked URL watermark fused to the text"))
            text = text[: tail.start()]
        body.append(Line(line.number, text, offset))
    while body and not strip_ws(body[-1].text):
        body.pop()

    # --- facts found in the text
    meta = dict(metadata)
    issuer = issuer or meta.get("发布机构") or meta.get("发文机关")
    date = next((d for d in (parse_date(meta[k]) for k in DATE_FIELDS if meta.get(k)) if d), None)
    if date is None and date_text:
        date = parse_date(date_text)
    if date is None and subtitle:
        date = parse_date(subtitle)
    signer, signed = signature(body)
    issuer = issuer or signer
    date = date or signed
    if issuer is None and title:
        by_title = TITLE_ISSUER.match(title)
        issuer = by_title.group("issuer") if by_title else None
    number = meta.get("发文字号") or meta.get("文号") or doc_number or None
    all_numbers = [l.number for l in piece.lines] + ([piece.separator.number] if piece.separator else [])
    return SourceDocument(
        file=file, index=index, title=title or "", title_lines=tuple(title_lines),
        first_line=min(all_numbers) if all_numbers else 1,
        last_line=max(all_numbers) if all_numbers else 1,
        body=tuple(body), metadata=tuple(metadata), issuer=issuer or None, date=date,
        number=number, subtitle=subtitle, encoding=encoding,
        dropped=tuple(sorted(dropped, key=lambda d: (d.line, d.text))),
    )


def signature(body: Sequence[Line], window: int = 8) -> tuple[str | None, str | None]:
    """(issuer, date) of the signature (落款) among the last ``window`` lines of a body:
    ``某某委员会 二〇一三年八月十二日`` on one line, or the issuer's name on the line above the
    date; (None, None) when there is none."""
    lines: list[str] = []
    for line in reversed(body):
        text = strip_ws(line.text)
        if text:
            lines.insert(0, text)
            if len(lines) == window:
                break
    for k in range(len(lines) - 1, -1, -1):
        one = SIGNATURE.match(lines[k])
        if one:
            return one.group("issuer"), parse_date(one.group("date"))
        if k and END_DATE.match(lines[k]) and ISSUER_LINE.match(lines[k - 1]):
            return lines[k - 1], parse_date(lines[k])
    return None, None


def document_slug(file: str, index: int) -> str:
    """Stable ASCII id: the file stem, lower-case, ``_`` → ``-``; ``-N`` for the N-th (N ≥ 2)."""
    stem = Path(file).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "doc"
    return slug if index == 1 else f"{slug}-{index}"


def _apply_sidecar(doc: SourceDocument, fields: dict) -> SourceDocument:
    changes = {k: v for k, v in fields.items() if k in SIDECAR_FIELDS and k != "id"}
    if fields.get("id"):
        changes["slug"] = fields["id"]
    if "date" in changes and changes["date"]:
        changes["date"] = parse_date(changes["date"]) or changes["date"]
    return replace(doc, **changes)


_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def ingest_file(path: Path) -> tuple[list[SourceDocument], list[Problem]]:
    """One source file → its documents, and the problems found (never raises)."""
    problems: list[Problem] = []
    try:
        text, encoding = decode(path, path.read_bytes())
    except SourceError as exc:
        return [], [exc.problem]
    except OSError as exc:
        return [], [Problem(path.name, 1, f"cannot read: {exc.strerror}")]
    sidecar, sidecar_problems = load_sidecar(path.with_suffix(".yml"))
    problems.extend(sidecar_problems)
    documents = []
    pieces = [p for p in split_documents(split_lines(text))
              if any(strip_ws(l.text) for l in p.lines) or p.separator]
    for index, piece in enumerate(pieces, 1):
        doc = recover(path.name, index, piece, encoding)
        slug = document_slug(path.name, index)
        if free_id(slug) != slug:
            problems.append(Problem(path.name, doc.first_line, f"document id {slug!r} is a reserved "
                                    f"site path; the document is published as {free_id(slug)!r}",
                                    "warning"))
        doc = replace(doc, slug=free_id(slug))
        if index <= len(sidecar):
            chosen = doc.slug
            doc = _apply_sidecar(doc, sidecar[index - 1])
            if not _SLUG_OK.match(doc.slug):
                problems.append(Problem(path.with_suffix(".yml").name, 1,
                                        f"id {doc.slug!r} is not a lower-case ASCII slug"))
                doc = replace(doc, slug=chosen)
            elif reserved(doc.slug):
                problems.append(Problem(path.with_suffix(".yml").name, 1,
                                        f"id {doc.slug!r} is a reserved site path; "
                                        f"the document is published as {chosen!r}"))
                doc = replace(doc, slug=chosen)
        if not doc.title:
            problems.append(Problem(path.name, doc.first_line, "no title found; add 'title:' "
                                    f"to {path.with_suffix('.yml').name}", "warning"))
            doc = replace(doc, title=doc.slug)
        if not any(strip_ws(l.text) for l in doc.body):
            problems.append(Problem(path.name, doc.first_line, "document has a title but no body "
                                    "text", "warning"))
        documents.append(doc)
    if not documents:
        problems.append(Problem(path.name, 1, "no document found: every line is web chrome"))
    return documents, problems


def source_files(seeds: Path) -> list[Path]:
    """The sources of ``seeds``: its ``*.txt`` files, in any case (``A.TXT``), sorted by name."""
    return sorted(p for p in seeds.iterdir() if p.suffix.lower() == ".txt" and p.is_file())


def ingest_all(seeds: Path) -> tuple[list[SourceDocument], list[Problem]]:
    """Every ``*.txt`` source in ``seeds`` (any case, sorted by name), and all problems found."""
    documents: list[SourceDocument] = []
    problems: list[Problem] = []
    for path in source_files(seeds):
        docs, probs = ingest_file(path)
        documents.extend(docs)
        problems.extend(probs)
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.slug in seen:
            problems.append(Problem(doc.file, doc.first_line, f"document id {doc.slug!r} is "
                                    f"already used by {seen[doc.slug]}"))
        seen[doc.slug] = doc.file
    return documents, problems
