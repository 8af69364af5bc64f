"""Recovering one document: its header (chrome, metadata, 版头, title), body and frame.

The header is read line by line from the top by an ordered list of checks (chrome,
page metadata, the separator's title again, a decree, a date line, a subtitle, a 文号,
issuer lines, the title, wrapped over lines); each line it takes is listed in
``dropped`` with its reason code. The rest is the body; the frame elements found inside
it (``frame.read_body``) stay in the published text and are recorded with their lines.
A notice that issues or forwards a text whose own title follows the notice's signature
becomes two documents, each with its own title and anchors, linked to each other.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ..model import Dropped, FrameElement, Line, SourceDocument
from ..numerals import YEAR_DIGITS, parse_date
from . import frame as fr
from .contents import drop_contents
from .chrome import COUNT_FIELDS, DATE_FIELDS, SIDEBAR_LIST, SITE_FIELDS, WATERMARK_END, WATERMARK_START, WEB_DATE, chrome_reason, \
    metadata_fields, strip_ws
from .split import Piece

#: ``(2017年2月)`` or ``二〇一三年八月十二日``: a document's date on a line of its own.
DATE_LINE = re.compile(r"^[(（]?\s*[" + YEAR_DIGITS + r"]{4}\s*年[^。]{0,12}[)）]?$")
#: A short line naming an organisation: the issuer above a title (masked names allowed).
ISSUER_LINE = re.compile(r"^[\u4e00-\u9fffA-Za-z*×xX]{2,30}(人民政府|政府|委员会|党委|办公室|办公厅|"
                         r"管委会|管理委员会|局|厅|委|部|中心)(?:文件)?$")
#: ``X关于…的意见``: the issuer named by the title itself (joint issuers side by side:
#: ``中共中央　国务院关于…``).
TITLE_ISSUER = re.compile(r"^(?P<issuer>[\u4e00-\u9fff、 \u3000]{2,80}?(?:" + "|".join(fr.ORGAN_END)
                          + r"|中共中央|中央)(?:办公室|办公厅)?)[ \u3000]*关于")
#: The verb of a notice that issues or forwards a text, opening its 事由 straight after the
#: issuer's name (中共中央办公厅 国务院办公厅印发《…》的通知): such a title starts with its issuer.
_ISSUING_VERB = re.compile(r"^(?:印发|转发|批转|颁布)")
#: Signature line at the end: ``某某委员会 二〇一三年八月十二日``.
SIGNATURE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff*×]{2,30}?(政府|委员会|办公室|办公厅|管委会|党委|局|厅))"
                       r"\s*(?P<date>[" + YEAR_DIGITS + r"]{4}\s*年.{1,6}月.{1,4}日)$")
#: A date on a line of its own, as it closes a document under the issuer's name.
END_DATE = fr.DATE_ALONE
#: A site's summary of the text under its headline (导读：…, 内容提要：…): the page's words.
PAGE_SUMMARY = re.compile(r"^(?:导\s*读|摘\s*要|内容摘要|内容提要|核心提示|简\s*介)\s*[:：]")
#: Placeholder of a text whose title was not captured and is named nowhere.
UNTITLED = "（原文未载标题）"


def _normalise_title(text: str) -> str:
    return strip_ws(text).strip("《》")


def _same_title(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[\s\u00a0《》〈〉]", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    return norm(a) == norm(b)


def _title_like(text: str) -> bool:
    """A line that may be a title: short, or as long as a joint issuance's title (four
    organs before 关于) when it has an official title's form, and no sentence's end."""
    s = strip_ws(text)
    return 2 <= len(s) <= (60 if len(s) <= 60 or not _formal_title(s) else 120) \
        and not s.endswith(("。", "：", ":", "；", ";", "，", ","))


class _Header:
    """What the header loop has taken so far."""

    def __init__(self, piece: Piece):
        self.dropped: list[Dropped] = []
        self.metadata: list[tuple[str, str]] = []
        self.title: str | None = piece.separator_title
        self.title_lines: list[int] = []
        self.subtitle: str | None = None
        self.issuers: list[str] = []
        self.date_text: str | None = None
        self.number: str | None = None
        self.promulgation: list[str] = []
        self.elements: list[FrameElement] = []
        self.joint_line = False  # an issuer line naming several organs side by side
        self.history_rank = len(_HISTORY_RANK)  # how well the 题注 read so far names the issuer
        self.history_issuer: str | None = None
        self.page_organs: list[str] = []  # an organ's name a page prints between two copies of the title
        self.decreed: str | None = None  # the name of the text a decree promulgates (《…》)

    def as_headline(self) -> None:
        """What was taken as the title is a web page's headline: drop it as one, and read on."""
        lines = set(self.title_lines)
        self.dropped = [Dropped(d.line, d.text, "headline") if d.line in lines else d for d in self.dropped]
        self.elements = [e for e in self.elements if not (e.name == "title" and e.line in lines)]
        self.title, self.title_lines = None, []

    def drop(self, line: Line, code: str, element: str | None = None) -> None:
        self.dropped.append(Dropped(line.number, line.text, code))
        if element:
            self.elements.append(FrameElement(element, line.number, strip_ws(line.text)))


def read_header(lines: Sequence[Line], head: _Header) -> int:
    """Take the header lines from the top; returns the index where the body starts."""
    pending_title = ""  # a separator's title being matched against lines split up
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
            head.drop(line, reason)
            i += 1
            continue
        if PAGE_SUMMARY.match(s):  # the site's summary of the text, above its head
            head.drop(line, "page_summary")
            i += 1
            continue
        if fields is not None:
            value_at = _value_below(lines, i, fields[0][0]) if len(fields) == 1 and not fields[0][1] else None
            if value_at is not None:  # a grid that prints each field's name over its value
                fields = [(fields[0][0], strip_ws(lines[value_at].text))]
                head.drop(line, "page_metadata" if fields[0][0] not in SITE_FIELDS else "post_metadata")
                line, i = lines[value_at], value_at
            doc_fields = [(k, v) for k, v in fields if k not in SITE_FIELDS]
            head.metadata.extend(doc_fields)
            site_only = not doc_fields and not any(k == "浏览次数" for k, _ in fields)
            head.drop(line, "post_metadata" if site_only else "page_metadata")
            i += 1
            continue
        title = head.title
        if title is not None and pending_title == "" and _same_title(s, title):
            head.drop(line, "title_duplicate", "title")
            head.title_lines.append(line.number)
            i += 1
            continue
        if title is not None and pending_title != "" or (
                title is not None and title.startswith(_normalise_title(s)) and len(s) >= 1
                and not _same_title(s, title)):
            candidate = pending_title + _normalise_title(s)  # title split over several lines
            if title.startswith(candidate) or _same_title(candidate, title):
                pending_title = candidate
                head.title_lines.append(line.number)
                head.drop(line, "title_part", "title")
                i += 1
                if _same_title(pending_title, title):
                    pending_title = ""
                continue
            pending_title = ""
        if (title is None or _names(lines, i, title)) and not head.promulgation and "关于" not in s and (
                fr.DECREE_HEAD.match(s) or fr.PROMULGATION_HEAD.match(s) and _promulgates(lines, i)):
            # a decree heads its regulation; a page may print the regulation's title above it
            i = _read_decree(lines, i, head)
            continue
        if title is not None and WEB_DATE.match(s):
            head.drop(line, "post_date")
            i += 1
            continue
        history = fr.HISTORY_LINE.match(s) if title is not None else None
        if history:
            _read_history(history, head)
            head.drop(line, "history", "promulgation")
            i += 1
            continue
        if DATE_LINE.match(s) and parse_date(s):
            head.date_text = s.strip("()（）")
            head.subtitle = head.subtitle or s
            head.drop(line, "date_line", "date")
            i += 1
            continue
        if title is not None and s[:1] in "(（" and s[-1:] in ")）" and len(s) <= 120 \
                and head.subtitle is None and not fr.NUMBER_LINE.match(s) \
                and not (head.number is None and fr.NUMBER_AND_DATE.match(s)):
            head.subtitle = s
            head.drop(line, "subtitle")
            i += 1
            continue
        signer = fr.SIGNER_LINE.match(s)
        if signer:  # 签发人 of a document sent up (请示, 报告), beside or under its 文号
            if signer.group("n") and head.number is None:
                head.number = re.sub(r"\s", "", signer.group("n"))
            head.metadata.append(("签发人", signer.group("who")))
            head.drop(line, "signer", "signer")
            i += 1
            continue
        if title is None and _page_title(s, lines, i):
            head.drop(line, "headline")
            i += 1
            continue
        both = fr.NUMBER_AND_DATE.match(s) if head.number is None and title is not None else None
        if both:  # a law database's line of 文号 and date under the title
            head.number = re.sub(r"\s", "", both.group("n1") or both.group("n2"))
            head.date_text = head.date_text or both.group("d1") or both.group("d2")
            head.drop(line, "doc_number", "number")
            i += 1
            continue
        number = fr.NUMBER_LINE.match(s)
        if number and head.number is None:
            head.number = re.sub(r"\s", "", number.group("n"))
            head.drop(line, "doc_number", "number")
            i += 1
            continue
        mark = re.sub(r"文件$", "", s)  # a red-head 发文机关标志: the organ's name and 文件
        if (ISSUER_LINE.match(s) or fr.organ_line(mark) and len(s) <= 40) and title is None \
                and not fr.kind_of(s) and "关于" not in s and mark not in fr.ORGAN_END:
            # several organs side by side on one line: a joint issuance's 版头, one name each
            head.issuers.extend(fr.split_organs([mark]) if len(mark.split()) > 1 else [mark])
            head.joint_line = head.joint_line or len(mark.split()) > 1
            head.drop(line, "issuer_mark", "issuer_mark")
            i += 1
            continue
        if ISSUER_LINE.match(s) and "关于" not in s and not head.issuers and not head.title_lines[1:]:
            head.issuers.append(s)
            head.drop(line, "issuer_mark", "issuer_mark")
            i += 1
            continue
        below = _formal_below(lines, i) if title is None and not fr.is_addressee(s) \
            and not fr.OUTLINE_MARKER.match(s) else None
        if below is not None and (not _formal_title(_joined_title(lines, i)) or (
                below in fr.read_title(lines, i) and not _opens_title(s))):
            # a page's line (its name, a menu, the day's date, a column) above the head whose
            # title has the form of an official document's (that title may not take it in)
            number = _number_in(s, head)
            head.drop(line, "headline" if _title_like(s) else "page_header", "number" if number else None)
            i += 1
            continue
        if title is None and _title_like(s) and not fr.is_addressee(s) and not fr.OUTLINE_MARKER.match(s):
            taken = fr.read_title(lines, i)
            if _is_headline(lines, taken):  # a web page's headline above the document's own title
                for k in taken:
                    _number_in(strip_ws(lines[k].text), head)  # a page names a text by 文号 and title
                    head.drop(lines[k], "headline")
                i = taken[-1] + 1
                continue
            head.title, glued = fr.title_text(lines, taken)
            head.title = fr.unquote(strip_ws(head.title))
            if glued and head.number is None:
                head.number = glued
            for n, k in enumerate(taken):
                head.title_lines.append(lines[k].number)
                head.drop(lines[k], "title" if n == 0 else "title_part", "title")
            i = taken[-1] + 1
            issuing = _ISSUING_VERB.match(head.title)
            if head.issuers and (issuing or len(head.issuers) == 1 and not head.joint_line
                                 and head.title.startswith("关于") and not any(
                    e.text.endswith("文件") for e in head.elements if e.name == "issuer_mark")):
                # the organs on the lines above are the title's own first part (发文机关 + 事由 +
                # 文种); a title that opens on the verb that issues a text (印发《X》的通知)
                # has no other
                head.title = " ".join(head.issuers) + head.title
                marks = {e.line for e in head.elements if e.name == "issuer_mark"}
                head.dropped = [Dropped(d.line, d.text, "title") if d.line in marks else d
                                for d in head.dropped]
                head.elements = [FrameElement("title", e.line, e.text) if e.line in marks else e
                                 for e in head.elements]
                head.title_lines[:0] = sorted(marks)
            # a title split one character per line continues on very short lines
            while len(taken) == 1 and i < len(lines) and 0 < len(strip_ws(lines[i].text)) <= 2 \
                    and chrome_reason(lines[i].text) is None:
                head.title += strip_ws(lines[i].text)
                head.title_lines.append(lines[i].number)
                head.drop(lines[i], "title_part", "title")
                i += 1
            continue
        again = _title_again(lines, i, title) if title is not None else None
        again = _decree_below(lines, i, title) if again is None and title is not None else again
        if again is not None:  # a page's headline, its own lines, then the document's head
            for k in range(i, again):
                s = strip_ws(lines[k].text)
                if s and not head.page_organs and fr.organ_line(s) and not fr.kind_of(s) \
                        and s not in fr.ORGAN_END:
                    # the organ's name, as a law database prints it under the title (short
                    # at times: 四川省人大常委会): the issuer when nothing else names one
                    head.page_organs = fr.split_organs([s])
                    head.drop(lines[k], "issuer_mark", "issuer_mark")
                elif s:
                    head.drop(lines[k], "page_header", "number" if _number_in(s, head) else None)
            i = again
            continue
        opens = _addressee_below(lines, i) if title is not None else None
        own = _own_title(lines, i, opens, title) if opens is not None else None
        if own is not None:  # what was read as the title is the page's headline: the head is below
            head.as_headline()
            for k in range(i, own):
                if strip_ws(lines[k].text):
                    head.drop(lines[k], "page_header")
            i = own
            continue
        if opens is not None:  # the page's lines between the title and the 主送 (a grid, a menu)
            for k in range(i, opens):
                s = strip_ws(lines[k].text)
                if s:
                    head.drop(lines[k], "page_header", "number" if _number_in(s, head) else None)
            i = opens
        break
    return i


def _addressee_below(lines: Sequence[Line], i: int, window: int = 6) -> int | None:
    """Where the 主送 begins when it follows within ``window`` non-blank lines, none of them
    a sentence: the head ends at the 主送 (GB/T 9704: 标题, 发文字号, 主送), and the short
    lines above it are the page's (a disclosure grid whose colons were lost, a menu)."""
    j, seen, last = i, 0, None
    while j < len(lines) and seen < window:
        s = strip_ws(lines[j].text)
        if s:
            if fr.is_addressee(s) and metadata_fields(s) is None:
                before = strip_ws(lines[last].text) if last is not None else ""
                wrapped = (before.startswith("各") or "、" in before) and not re.search(r"\s", before) \
                    and fr.is_addressee(before + s)
                return j if j > i and not wrapped else None  # a 主送 wrapped mid-name is the head's
            last = j
            if "。" in s or len(s) > 80 or fr.OUTLINE_MARKER.match(s):
                return None
            seen += 1
        j += 1
    return None


def _own_title(lines: Sequence[Line], i: int, opens: int, title: str) -> int | None:
    """The first line between ``i`` and the 主送 at ``opens`` that starts a title other than
    ``title`` ending in a 文种 (the notice a page names by the text it issues), or None."""
    for j in range(i, opens):
        s = strip_ws(lines[j].text)
        if not s or fr.NUMBER_LINE.match(s):
            continue
        taken = [k for k in fr.read_title(lines, j) if k < opens]
        joined = fr.unquote(strip_ws(fr.title_text(lines, taken)[0])) if taken else ""
        if fr.kind_of(joined) and not _same_title(joined, title) and (
                "关于" in joined or _ISSUING_VERB.match(joined)):
            return j
    return None


def _names_organ(mark: str, issuer: str) -> bool:
    """Whether an organ line above a title names an organ of the title's own issuer: it is
    in the issuer, and no organ of the issuer is it and more (牟定县人民政府 is the site's
    name above 牟定县人民政府办公室关于…)."""
    organs = fr.split_organs([issuer])
    return mark in issuer and (mark in organs or not any(o.startswith(mark) for o in organs))


def _number_in(text: str, head: _Header) -> bool:
    """Read the 文号 a page's line holds (a headline that names the text by it, a line of
    the page's between its headline and the head) when none is read yet."""
    number = re.search(fr.NUMBER, text) if head.number is None else None
    if number:
        head.number = re.sub(r"\s", "", number.group(0))
    return number is not None


def _value_below(lines: Sequence[Line], i: int, field: str) -> int | None:
    """Where the value of ``field``, named alone on ``lines[i]`` (``发文字号:``), is printed:
    the next non-blank line, when it is no field, chrome or 主送 itself and is what the field
    holds (``_fits``); else None."""
    j = _next_text(lines, i + 1)
    if j is None or j - i > 3:
        return None
    s = strip_ws(lines[j].text)
    if metadata_fields(s) is not None or chrome_reason(lines[j].text) or fr.is_addressee(s) \
            or "。" in s or len(s) > 120:
        return None
    return j if _fits(field, s) else None


def _fits(field: str, value: str) -> bool:
    """Whether ``value`` is what ``field`` holds: a date under a date, a 文号 under a 文号, an
    organ under an organ, a title under a title, a count under a count; under any other
    field a short value that is none of those (a grid's empty field is followed by the
    next element, not by its value)."""
    if "日期" in field or "时间" in field:
        return bool(parse_date(value) or WEB_DATE.match(value))
    if field in ("发文字号", "文号"):
        return bool(re.search(fr.NUMBER, value))
    if field.endswith(("机关", "机构", "单位")):
        return len(value) <= 40
    if field in ("标题", "名称", "题名"):
        return _title_like(value)
    if field in COUNT_FIELDS:
        return value.isdigit()
    return len(value) <= 40 and not (ISSUER_LINE.match(value) or fr.NUMBER_LINE.match(value)
                                     or parse_date(value) or _formal_title(value))


def _joined_title(lines: Sequence[Line], i: int) -> str:
    """The title that would be read at ``lines[i]``, its lines joined."""
    return fr.unquote(strip_ws(fr.title_text(lines, fr.read_title(lines, i))[0]))


def _formal_title(text: str) -> bool:
    """Whether ``text`` has the form of an official document's title (GB/T 9704: 发文机关 +
    关于 + 事由 + 文种, or the verb that issues a text, 印发《X》的通知): it ends in a 文种 and
    opens on 关于, on that verb, or on the organs that issue it followed by 关于."""
    return bool(fr.kind_of(text)) and _opens_title(text)


def _opens_title(text: str) -> bool:
    """Whether ``text`` may open an official title: 关于, the verb that issues a text, or
    the organs that issue it followed by 关于."""
    return bool(text.startswith("关于") or _ISSUING_VERB.match(text) or TITLE_ISSUER.match(text))


#: How many non-blank lines above the head a page may print (its name, menus, a grid).
PAGE_LINES = 40


def _formal_below(lines: Sequence[Line], i: int, window: int = PAGE_LINES) -> int | None:
    """Where, below ``lines[i]`` and before the body begins (a 主送, a sentence), a title of
    an official document's form (``_formal_title``) begins, or None."""
    for j, s in _head_lines(lines, i + 1, window):
        if s[:1] not in "(（《〈[【" and _title_like(s) and not fr.OUTLINE_MARKER.match(s) \
                and _formal_title(_joined_title(lines, j)):
            return j
    return None


def _head_lines(lines: Sequence[Line], i: int, window: int):
    """The next ``window`` non-blank lines from ``i`` as (index, text), up to the first 主送
    or sentence (there the body has begun)."""
    j, seen = i, 0
    while j < len(lines) and seen < window:
        s = strip_ws(lines[j].text)
        if s:
            if fr.is_addressee(s) and metadata_fields(s) is None or "。" in s:
                return
            yield j, s
            seen += 1
        j += 1


def _decree_below(lines: Sequence[Line], i: int, title: str, window: int = 4) -> int | None:
    """Where a decree or 公告 that promulgates ``title`` begins within the next ``window``
    non-blank lines (a page's own lines between, the organ's name), or None."""
    return next((j for j, s in _head_lines(lines, i, window) if j > i and (
        fr.DECREE_HEAD.match(s) or fr.PROMULGATION_HEAD.match(s)) and _names(lines, j, title)), None)


def _title_again(lines: Sequence[Line], i: int, title: str, window: int = 8) -> int | None:
    """Where the title read above is printed again within the next ``window`` non-blank
    lines, as a web page prints its headline, then its own lines (source, download links,
    the organ's name), then the document's head (GB/T 9704: 标题, 发文字号, 主送); None
    when a 主送 or a sentence comes first (the body has begun). It may be at ``i`` itself,
    when a line above began a split title that was none."""
    for j, s in _head_lines(lines, i, window):
        joined, _ = fr.title_text(lines, fr.read_title(lines, j))
        if _same_title(s, title) or _same_title(fr.unquote(strip_ws(joined)), title):
            return j
    return None


def _next_text(lines: Sequence[Line], j: int) -> int | None:
    while j < len(lines) and not strip_ws(lines[j].text):
        j += 1
    return j if j < len(lines) else None


def _opens_body(text: str) -> bool:
    """A 文号 or a 主送 line: what follows a document's own title."""
    return bool(fr.NUMBER_LINE.match(text)) or fr.is_addressee(text)


#: A web page's own title: the document's title, then the site's sections and name after
#: separators (``…的意见_国务院文件_中国政府网``, ``…的通知 - 某市人民政府``).
_PAGE_TITLE = re.compile(r"^(?P<t>.{6,}?)\s*(?:[_|｜]|\s[-－—–]\s)\s*[^_|｜]{2,24}(?:\s*(?:[_|｜]|\s[-－—–]\s)\s*[^_|｜]{2,24})*$")


def _page_title(text: str, lines: Sequence[Line], i: int) -> bool:
    """Whether ``text`` is the page's own title above the document's: the next line is
    the title it starts with, or the first line of that title wrapped."""
    match = _PAGE_TITLE.match(text)
    j = _next_text(lines, i + 1) if match else None
    if j is None:
        return False
    title, following = _normalise_title(match.group("t")), _normalise_title(strip_ws(lines[j].text))
    return len(following) >= 6 and title.startswith(following)


def _is_headline(lines: Sequence[Line], taken: list[int]) -> bool:
    """Whether the title just read is a web page's headline above the document's own title:
    a second title follows it (page metadata and chrome may stand between), ends in a 文种,
    and is either followed by the 文号 or the 主送 (GB/T 9704: 标题, then 发文字号 or 主送机关)
    or is the 《X》 the headline names (我市出台《X》); the first is followed by neither."""
    j = _next_text(lines, taken[-1] + 1)
    while j is not None and (chrome_reason(lines[j].text) or metadata_fields(lines[j].text)):
        j = _next_text(lines, j + 1)
    if j is None:
        return False
    s = strip_ws(lines[j].text)
    if _opens_body(s) or not _title_like(s) or fr.is_addressee(s):
        return False
    first, _ = fr.title_text(lines, taken)
    second = fr.read_title(lines, j)
    joined, _ = fr.title_text(lines, second)
    if not fr.kind_of(joined) or _same_title(first, joined):
        return False
    named = {_normalise_title(m.group("name")) for m in fr.ISSUED_NAME.finditer(first)}
    after = _next_text(lines, second[-1] + 1)
    return _normalise_title(joined) in named or (
        after is not None and _opens_body(strip_ws(lines[after].text)))


#: Which 题注 line names the issuer and date: the one that promulgates (发布, 公布, a
#: decree), else the one that adopts (a congress's …会议通过), else an approval.
_HISTORY_RANK = {"decree": 0, "publish": 0, "congress": 1, "approve": 2, "other": 3}


def _read_history(match: re.Match, head: _Header) -> None:
    """A line of a regulation's 题注 (``1994年7月19日 中华人民共和国国务院令第158号发布``,
    ``2021年8月26日 烟台市第十七届人民代表大会常务委员会第三十九次会议通过``): kept as the
    promulgation record; a decree's number is the regulation's number, and the organ that
    promulgates it (else the congress that adopts it) and that day are its issuer and date."""
    head.promulgation.append(match.group(0))
    what = strip_ws(match.group("what"))
    found: tuple[str, str] | None = None
    if decree := fr.HISTORY_DECREE.search(what):
        organ = re.sub(r"^中华人民共和国", "", decree.group("organ"))
        if head.number is None:
            year = re.sub(r"\s", "", decree.group("year") or "")
            head.number = f"{organ}令{year}第{decree.group('n')}号"
        # a 主席令 promulgates what a congress adopted: the congress's line names the issuer
        found = None if organ.endswith("主席") else ("decree", organ)
    elif congress := fr.HISTORY_CONGRESS.match(what):
        found = ("congress", congress.group("place") + congress.group("body"))
    elif organ := fr.HISTORY_ORGAN.match(what):
        found = ("approve" if organ.group("act") == "批准" else "publish", organ.group("organ"))
    rank, issuer = (_HISTORY_RANK[found[0]], found[1]) if found else (len(_HISTORY_RANK) - 1, None)
    if rank < head.history_rank:  # a line that names no organ still dates the text
        head.history_rank = rank
        head.history_issuer = issuer
        head.date_text = match.group("date")


def _promulgates(lines: Sequence[Line], i: int) -> bool:
    """Whether one of the few lines after a 公告 head says it promulgates a text
    (《…》已…通过，现予公布)."""
    following = [strip_ws(l.text) for l in lines[i + 1: i + 6] if strip_ws(l.text)]
    return any(fr.PROMULGATES.search(text) for text in following[:3])


def _names(lines: Sequence[Line], i: int, title: str) -> bool:
    """Whether one of the few lines after ``i`` names ``title`` in 《》 (a decree's sentence
    that promulgates the regulation)."""
    following = [strip_ws(l.text) for l in lines[i + 1: i + 6] if strip_ws(l.text)]
    return any(_same_title(m.group("name"), title) for text in following[:3]
               for m in fr.ISSUED_NAME.finditer(text))


def _read_decree(lines: Sequence[Line], i: int, head: _Header) -> int:
    """A decree (中华人民共和国国务院令 第707号), or the 公告 of a congress's standing
    committee or a government that promulgates a regulation, with its promulgation
    sentence, the signature and date, heading the regulation it promulgates: these lines
    are the regulation's promulgation record, its number the regulation's number, and the
    regulation's title, named in them (《…》), is the title."""
    s = strip_ws(lines[i].text)
    match = fr.DECREE_HEAD.match(s) or fr.PROMULGATION_HEAD.match(s)
    form = "令" if match.re is fr.DECREE_HEAD else "公告"
    organ = match.group("organ")
    number = match.group("n")
    named = None
    j = i
    while j < len(lines) and j - i < 20:
        s = strip_ws(lines[j].text)
        if j > i and s and named and _same_title(s, named):
            break
        if j > i and s and number is None and fr.DECREE_NUMBER.match(s):
            number = s
        found = fr.ISSUED_NAME.search(s)
        if found and named is None:
            named = found.group("name")
        if s:
            head.promulgation.append(s)
            head.drop(lines[j], "decree", "decree")
        j += 1
    head.decreed = named and fr.unquote(strip_ws(named))
    head.number = re.sub(r"\s", "", f"{organ}{form}{number}") if number else head.number
    if organ.endswith("主席"):
        # the head of state promulgates what a congress adopted: the congress is the issuer
        adopted = next((m for m in map(fr.ADOPTED_BY.search, head.promulgation) if m), None)
        if adopted:
            head.issuers.append(adopted.group("body"))
    elif fr.ends_in_organ(organ) or not (head.title and TITLE_ISSUER.match(head.title)):
        # a decree head may shorten its organ (渝府令): the full name the title gives stands
        organ = re.sub(r"^中华人民共和国", "", organ)
        if organ not in head.issuers:  # the organ's name may stand above the decree as well
            head.issuers.append(organ)
    dates = [parse_date(p) for p in head.promulgation if fr.DATE_ALONE.match(p)]
    head.date_text = next((d for d in dates if d), head.date_text)
    return j


def clean_body(lines: Sequence[Line], dropped: list[Dropped]) -> list[Line]:
    """Body lines without web chrome and fused watermarks (reported in ``dropped``). A
    sidebar's list heading (排行榜, 相关文章 …) ends the document: every line after it is an
    entry of that list (titles, dates, numbers) or the page's footer."""
    body: list[Line] = []
    sidebar = False
    for line in lines:
        if sidebar or SIDEBAR_LIST.match(strip_ws(line.text)):
            sidebar = True
            if strip_ws(line.text):
                dropped.append(Dropped(line.number, line.text, "sidebar"))
            continue
        reason = chrome_reason(line.text)
        if reason is not None:
            dropped.append(Dropped(line.number, line.text, reason))
            continue
        text, offset = line.text, line.offset
        lead = WATERMARK_START.match(text)
        if lead:
            dropped.append(Dropped(line.number, lead.group(0), "watermark"))
            text, offset = text[lead.end():], offset + lead.end()
        tail = WATERMARK_END.search(text)
        if tail:
            dropped.append(Dropped(line.number, tail.group(0), "watermark"))
            text = text[: tail.start()]
        body.append(Line(line.number, text, offset))
    while body and not strip_ws(body[-1].text):
        body.pop()
    return body


def recover(file: str, index: int, piece: Piece, encoding: str,
            issued: bool = False) -> list[SourceDocument]:
    """One piece of a file → its document, or a notice and the text it issues."""
    head = _Header(piece)
    if piece.separator is not None:
        head.drop(piece.separator, "separator")
        head.title_lines.append(piece.separator.number)
    lines = list(piece.lines)
    body_start = read_header(lines, head)
    body = drop_contents(clean_body(lines[body_start:], head.dropped), head.dropped)
    body_frame = fr.read_body(body, find_issued=not issued)
    rest: list[Line] = []
    if body_frame.issued_start is not None:
        cut = body[body_frame.issued_start].number
        rest = [l for l in lines[body_start:] if l.number >= cut]
        body = [l for l in body if l.number < cut]
        head.dropped = [d for d in head.dropped if d.line < cut]
        while body and not strip_ws(body[-1].text):
            body.pop()
    doc = _document(file, index, piece, encoding, head, body, body_frame,
                    [l for l in piece.lines if not rest or l.number < rest[0].number])
    if not rest:
        return [doc]
    (inner,) = recover(file, index, Piece(rest), encoding, issued=True)
    if doc.title == UNTITLED or not doc.title:
        doc = _with(doc, title=inner.title or UNTITLED, kind=fr.kind_of(inner.title))
    inner = _with(inner, issuer=inner.issuer or doc.issuer, date=inner.date or doc.date,
                  region=inner.region or doc.region, notice_issuer=doc.issuer)
    return [doc, inner]


def _opening(body: Sequence[Line], frame: fr.BodyFrame) -> str:
    """The first paragraph after the 主送 (the opening that names an untitled text's 文种)."""
    skip = {e.line for e in frame.elements if e.name == "addressee"}
    return next((strip_ws(l.text) for l in body if strip_ws(l.text) and l.number not in skip), "")


def _with(doc: SourceDocument, **changes) -> SourceDocument:
    from dataclasses import replace
    return replace(doc, **changes)


def _document(file: str, index: int, piece: Piece, encoding: str, head: _Header,
              body: list[Line], body_frame: fr.BodyFrame, own_lines: list[Line]) -> SourceDocument:
    meta: dict[str, str] = {}
    for key, value in head.metadata:  # a field read twice (a grid, then its labels alone) keeps its value
        if value and key not in meta:
            meta[key] = value
    first_text = next((strip_ws(l.text) for l in body if strip_ws(l.text)), "")
    title = head.title
    if not title and head.decreed:  # a page that prints the decree, not the text it promulgates
        title = head.decreed
    role, kind = fr.role_of(title, first_text)
    if role == "official" and title and not _formal_title(title) and body_frame.issued_start is not None \
            and any(e.name == "lead_in" for e in body_frame.elements) \
            and any(fr.NEWS_LEAD.match(strip_ws(l.text)) for l in body if strip_ws(l.text)):
        # a news page whose headline names the text it carries below a lead-in (全文如下)
        role, kind = "news", "新闻稿"
    if not title and role == "official":
        title = meta.get("标题") or meta.get("名称") or body_frame.issued_name
        kind = fr.kind_of(title) if title else fr.opening_kind(_opening(body, body_frame))
    issuers = head.issuers
    own = TITLE_ISSUER.match(title) if title and issuers and not head.promulgation else None
    if own and not all(_names_organ(strip_ws(mark), strip_ws(own.group("issuer"))) for mark in issuers):
        issuers = []  # the line above named the site, not the organ the title names
    issuer = "、".join(issuers) or meta.get("发布机构") or meta.get("发文机关") or head.history_issuer
    named = TITLE_ISSUER.match(title) if title and not issuers and issuer else None
    if named and "、" not in issuer and (
            len(strip_ws(named.group("issuer"))) > len(issuer) and strip_ws(named.group("issuer"))[-1] == issuer[-1]
            or strip_ws(named.group("issuer")) == "".join(body_frame.signature)):
        # the grid shortens the organ the title names in full, or names the site's publisher
        # where the title and the signature name the organ
        issuer = strip_ws(named.group("issuer"))
    if not issuer and body_frame.signature:
        issuer = "、".join(body_frame.signature)
    if not issuer:
        signer, _ = signature(body)
        issuer = signer
    if not issuer and role == "news":
        issuer = "、".join(fr.news_issuers(first_text)) or None
    if not issuer and title:
        by_title = TITLE_ISSUER.match(title)
        issuer = "、".join(fr.split_organs([by_title.group("issuer")])) if by_title else None
    if not issuer and head.page_organs:
        issuer = "、".join(head.page_organs)
    # 成文日期 is the date under the signature (GB/T 9704 7.3.5.1): a grid's 发文日期 or
    # 印发日期 is the day it was sent or printed, later
    date = parse_date(meta["成文日期"]) if meta.get("成文日期") else None
    date = date or body_frame.date
    date = date or next((d for d in (parse_date(meta[k]) for k in DATE_FIELDS if meta.get(k)) if d), None)
    if date is None and head.date_text:
        date = parse_date(head.date_text)
    if date is None and head.subtitle:
        date = parse_date(head.subtitle)
    date = date or body_frame.date or signature(body)[1]
    number = meta.get("发文字号") or meta.get("文号") or head.number or None
    numbers = [l.number for l in own_lines] + ([piece.separator.number] if piece.separator else [])
    if not title and role == "news":
        title = f"{UNTITLED}新闻报道" + (f"：《{body_frame.issued_name}》" if body_frame.issued_name else "")
    return SourceDocument(
        file=file, index=index, title=title or "", title_lines=tuple(head.title_lines),
        first_line=min(numbers) if numbers else 1, last_line=max(numbers) if numbers else 1,
        body=tuple(body), metadata=tuple(head.metadata), issuer=issuer or None, date=date,
        number=number, subtitle=head.subtitle, encoding=encoding,
        dropped=tuple(sorted(head.dropped, key=lambda d: (d.line, d.text))),
        addressee=body_frame.addressee, kind=kind, role=role, signature=body_frame.signature,
        attachments=body_frame.attachments, notes=body_frame.notes,
        copies_to=body_frame.copies_to, printed=body_frame.printed,
        promulgation="\n".join(head.promulgation) or None,
        frame=tuple(sorted(head.elements + body_frame.elements, key=lambda e: (e.line, e.name))),
    )


def signature(body: Sequence[Line], window: int = 8) -> tuple[str | None, str | None]:
    """(issuer, date) of a one-organ signature (落款) among the last ``window`` lines of a
    body: ``某某委员会 二〇一三年八月十二日`` on one line, or the issuer's name on the line
    above the date; (None, None) when there is none."""
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
    """The file's slug (``ids.file_slug``), with ``-N`` for the N-th (N ≥ 2): the positional
    ids of the first archive, kept for tools that name synthetic documents."""
    from .ids import file_slug

    slug = file_slug(file)
    return slug if index == 1 else f"{slug}-{index}"
