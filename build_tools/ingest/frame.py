"""The official-document frame (GB/T 9704-2012 《党政机关公文格式》): which lines are the
title, 文号, 主送, 署名, 成文日期, 附注, 附件 and 版记, each reported with its line.

A 公文 is printed in a fixed order:

    版头   发文机关标志 (one organ, or several for joint issuance)   发文字号 国办发〔2019〕6号
    主体   标题 = 发文机关 + 事由 + 文种, wrapped over 2–4 short centred lines
           主送机关: a list of organs ending in ：
           正文 … 附件说明
           署名 (1–3 lines, several organs side by side) and 成文日期 (阿拉伯 or 汉字数字)
           附注 （此件公开发布）
    版记   抄送：…      印发机关 + 印发日期 + 印发

The readers below recognise each element by that shape (short lines without sentence
punctuation, an organ name's last word, a date alone on its line, a 文种 word ending the
title), never by the words of one document. ``read_title`` is used on the first lines of
a document; ``read_body`` on its body, where the elements stay in the published text
(they are part of the document as printed) and are recorded with their lines.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..doc_kinds import KINDS, kind_of
from ..doc_numbers import BRACKETED_SERIAL, DECREE_SERIAL, DECREE_YEAR
from ..model import FrameElement, Line
from ..numerals import YEAR_DIGITS, parse_date
from .chrome import chrome_reason, metadata_fields, strip_ws

#: A 文号: 国办发〔2019〕6号, 黔府办发〔2022〕17号 (a mask may stand in the code), 国令第707号.
NUMBER = (r"(?:[\u4e00-\u9fff*×]{1,12}\s*" + BRACKETED_SERIAL
          + r"|[\u4e00-\u9fff]{0,10}" + DECREE_SERIAL
          # 公告 and 通告 are numbered by year: 国家税务总局公告2023年第1号, 财政部 税务总局公告2023年第28号
          + r"|(?:[\u4e00-\u9fff]{2,16}[ \u3000]+){0,5}[\u4e00-\u9fff]{0,16}[公通]告\s*(?:19|20)\d{2}\s*年\s*第\s*\d{1,4}\s*号)")
NUMBER_LINE = re.compile(r"^[(（]?\s*(?P<n>" + NUMBER + r")\s*[)）]?$")
#: The page number GB/T 9704 7.5 prints (— 1 —, a dash each side), copied before a title.
PAGE_NUMBER_START = re.compile(r"^[—–-]\s*\d{1,3}\s*[—–-]\s*(?=\S)")
#: A law database's line under the title: the 文号 and the date, either first, and the
#: text's validity (``国发〔2013〕19号  2013-05-15  全文有效``, ``2000年12月28日 税委会[2000]17号``).
_LINE_DATE = (r"(?:[" + YEAR_DIGITS + r"]{4}\s*年\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*月\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*日"
              r"|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2})")
NUMBER_AND_DATE = re.compile(r"^[(（]?\s*(?:(?P<d1>" + _LINE_DATE + r")\s+(?P<n1>" + NUMBER + r")|(?P<n2>" + NUMBER
                             + r")\s+(?P<d2>" + _LINE_DATE + r"))(?:\s+(?:全文有效|部分有效|有效|失效|已废止|已修改|现行有效))?\s*[)）]?$")
#: 签发人：张三 (GB/T 9704 7.2.4: documents sent up name who signed them), alone or after the 文号.
SIGNER_LINE = re.compile(r"^(?:(?P<n>" + NUMBER + r")\s*)?签\s*发\s*人\s*[:：]\s*(?P<who>\S.{0,30})$")
NUMBER_TAIL = re.compile(r"\s*[(（]\s*(?P<n>" + NUMBER + r")\s*[)）]$")
#: A 文号 glued straight after the title's 文种 (the title part must end in a 文种).
_BARE_NUMBER_TAIL = re.compile(r"^(?P<t>.{4,}(?:" + "|".join(KINDS) + r"))\s*(?P<n>"
    r"[\u4e00-\u9fff]{1,8}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号)$")
#: A decree's or a 公告's serial: 第707号; a 主席令 counts in Chinese numerals (第十一号); a
#: standing committee that numbers its 公告 by term puts the term first (〔十六届〕第十二号), a
#: ministry that numbers its decrees by year the year (交通运输部令 2024年第5号).
_SERIAL = (r"(?:[〔\[［(（]\s*[一二三四五六七八九十\d]{1,3}\s*届\s*[〕\]］)）]\s*|" + DECREE_YEAR + r")?"
           r"第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*号")
#: 中华人民共和国国务院令 (第707号): the head of a decree; the serial may stand in brackets,
#: and on the next line.
_DECREE_SERIAL = r"(?:[(（]\s*" + _SERIAL + r"\s*[)）]|" + _SERIAL + r")"
DECREE_HEAD = re.compile(r"^(?P<organ>[\u4e00-\u9fff]{2,24}?)令\s*(?:(?P<n>" + _DECREE_SERIAL + r"))?$")
DECREE_NUMBER = re.compile(r"^" + _DECREE_SERIAL + r"$")
#: The congress a promulgation sentence says adopted the text (…已由…第十四届全国人民代表大会
#: 常务委员会第五次会议…通过): the issuer of a law the head of state promulgates.
ADOPTED_BY = re.compile(r"第[一二三四五六七八九十百]+届(?P<body>全国人民代表大会常务委员会|全国人民代表大会)")
#: 浙江省人民代表大会常务委员会公告 (第35号): the head of a 公告 that may promulgate a
#: regulation, as a decree does; it does when a line below says so (``PROMULGATES``).
PROMULGATION_HEAD = re.compile(r"^(?P<organ>[\u4e00-\u9fff]{2,30}?)公告\s*(?:(?P<n>" + _SERIAL + r"))?$")
#: 《…条例》已…通过，现予公布: the sentence that promulgates a text.
PROMULGATES = re.compile(r"^《[^《》]{4,80}》.{0,120}?(?:现予|予以|现将其)(?:公布|发布)")
#: A date alone on its line (成文日期 under a signature).
DATE_ALONE = re.compile(r"^[" + YEAR_DIGITS + r"]{4}\s*年\s*[0-9〇○零一二三四五六七八九十]{1,2}\s*月"
                        r"\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*日$")
#: What an organ's name ends with (发文机关, 主送机关).
ORGAN_END = ("人民政府", "政府", "委员会", "管委会", "党委", "办公室", "办公厅", "分局", "支行", "总局",
             "局", "厅", "委", "办", "部", "中心", "会", "联", "院", "署", "行", "所", "处", "室", "站",
             "单位", "部门", "机构", "机关", "团体", "企业", "公司", "学校", "团", "社", "组", "队", "馆")
_ORGAN_END = re.compile("(?:" + "|".join(ORGAN_END) + r")$")


def ends_in_organ(name: str) -> bool:
    """Whether ``name`` ends as an organ's name does (…局, …委员会, …人民政府)."""
    return bool(_ORGAN_END.search(name))
#: An area addressed as a body (开发区, 新区, 各县): in a 主送 list only.
_AREA_END = re.compile(r"(?:区|县|市|州|盟|旗|镇|乡|街道)$")
#: A seal note between a signature and its date: （某某局代章）.
_SEAL = re.compile(r"^[(（][^()（）]{2,40}[)）]$")
#: Where a new organ starts inside a run of names glued together: a place or a national organ.
_ORGAN_START = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}?(?:省|市|自治区|自治州|县|区|州|盟)|国|中国|中共|全国|共青团)")
_NATIONAL = re.compile(r"^(?:国家|中国)")
_PLACE_START = re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:省|市|自治区|自治州|县|区|州|盟)")
#: Sentence punctuation: a title or an organ line has none.
_SENTENCE = re.compile(r"[。；;！!？?：:，,]")
#: Lines that open the outline, never part of a title.
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第[一二三四五六七八九十百\d]+[章节条部])")
#: A line that introduces the text a notice issues or forwards: 全文如下, （原文如下：）.
#: A line of a regulation's 题注, its history under the title: a date, then who did what
#: (…会议通过, …批准, 国务院令第158号发布, 《…决定》第一次修订, 施行).
HISTORY_LINE = re.compile(r"^[(（]?\s*(?P<date>[" + YEAR_DIGITS + r"]{4}\s*年\s*[0-9〇○零一二三四五六七八九十]{1,2}"
                          r"\s*月\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*日)\s*(?P<what>.{0,300}?"
                          r"(?:通过|批准|公布|发布|修订|修正|修改|施行).{0,300}?)[)）]?$")
#: Who a 题注 line names: a decree's organ and number, a people's congress (or its standing
#: committee) of a place, or an organ that publishes.
HISTORY_DECREE = re.compile(r"(?P<organ>[\u4e00-\u9fff]{2,24}?)令\s*(?P<year>" + DECREE_YEAR + r")?第\s*(?P<n>[\d一二三四五六七八九十百零〇]{1,6})\s*号\s*(?:发布|公布)")
HISTORY_CONGRESS = re.compile(r"^\s*(?P<place>[\u4e00-\u9fff]{0,12}?)第[一二三四五六七八九十百]+届"
                              r"(?P<body>(?:全国)?人民代表大会常务委员会|(?:全国)?人民代表大会)第[一二三四五六七八九十百]+次(?:全体)?会议通过")
HISTORY_ORGAN = re.compile(r"^\s*(?P<organ>[\u4e00-\u9fff]{2,30}?)(?P<act>发布|公布|批准)$")
LEAD_IN = re.compile(r"^(?:[^。]{0,200}[。，,；;]\s*)?[(（]?\s*(?:《[^《》]{4,80}》)?\s*(?:全文|原文|正文|文件全文|详情)\s*如下\s*[:：。]?\s*[)）]?$")
OUTLINE_MARKER = _MARKER
NOTE = re.compile(r"^[(（]\s*(?:此件[^()（）]{1,20}|联系人\s*[:：][^()（）]{1,40}|本文有删[减节])[)）]$")
COPIES = re.compile(r"^抄\s*送\s*[:：]")
PRINTED = re.compile(r"^(?P<organ>\S.{1,40}?)\s*(?P<date>[" + YEAR_DIGITS + r"]{4}\s*年.{1,3}月.{1,4}日)\s*印\s*发$")
ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*\S")
#: The label alone atop an attachment's first page (GB/T 9704 7.3.7: 附件 and its number,
#: the attachment's title below): no entry of a 附件 list.
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*\d{0,2}\s*[:：]?$")
#: A further entry of a numbered 附件 list, on its own line: ``2.政策清单``.
ATTACHMENT_ITEM = re.compile(r"^\d{1,2}\s*[.．、]\s*\S[^。；;]{0,78}$")
_ATTACHMENT_LEAD = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*(?:\d{1,2}\s*[.．、]\s*)?")
#: A policy interpretation or drafting note: its title says so.
INTERPRETATION = re.compile(r"(解读|答记者问|起草说明|编制说明|的说明$|问答$)")
#: A news report about a policy: dated lead (9月30日，), a 讯 or a news agency's 电 dateline,
#: and what it reports.
NEWS_LEAD = re.compile(r"^(?:\d{1,2}月\d{1,2}日\s*[,，]|近日\s*[,，]|日前\s*[,，]|[^,，。]{0,12}(?:网讯|讯)\s*[(（:：,，]"
                       r"|[^,，。()（）\s]{0,16}\d{1,2}月\d{1,2}日电)")  # 新华社北京3月1日电
NEWS_ISSUERS = re.compile(r"^(?:\d{1,2}月\d{1,2}日\s*[,，]|近日\s*[,，]|日前\s*[,，])(?P<org>[^,，。《]{2,300}?)"
                          r"(?:等\s*[\d一二三四五六七八九十]+\s*个?(?:部门|单位))?\s*(?:联合)?\s*(?:印发|发布|出台|制定)")
#: 《X》已经…同意，现印发给你们 / 现将《X》印发给你们: the text a notice issues.
ISSUED_NAME = re.compile(r"《(?P<name>[^《》]{4,80})》")
ISSUING = re.compile(r"印发|转发|发布|颁布|公布")


def split_number(title: str) -> tuple[str, str | None]:
    """A 文号 glued to the end of the title line, in parentheses or right after the 文种
    (…的通知穗府〔2023〕9号): (title, 文号) — (title, None) if none."""
    match = NUMBER_TAIL.search(title)
    if match is not None:
        return title[: match.start()].rstrip(), re.sub(r"\s", "", match.group("n"))
    bare = _BARE_NUMBER_TAIL.match(title)
    if bare is not None and kind_of(bare.group("t")):
        return bare.group("t"), re.sub(r"\s", "", bare.group("n"))
    return title, None


def unquote(title: str) -> str:
    """A title printed inside one pair of 《》 without them; 《X》政策解读 stays as it is."""
    t = title.strip()
    opened, closed = t.count("《"), t.count("》")
    if t.startswith("《") and t.endswith("》") and opened == closed == 1:
        return t[1:-1]
    if t.startswith("《") and not closed:  # the closing mark was lost with a wrapped line
        return t[1:]
    if t.endswith("》") and not opened:
        return t[:-1]
    return t


def _title_piece(text: str) -> bool:
    return 1 <= len(text) <= 40 and not _SENTENCE.search(text) and not _MARKER.match(text) \
        and not NUMBER_LINE.match(text) and not DATE_ALONE.match(text) and not NOTE.match(text)


def read_title(lines: Sequence[Line], start: int, max_lines: int = 4) -> list[int]:
    """Indexes (into ``lines``) of the title that begins at ``lines[start]``.

    A title wrapped over several short lines continues (across blank lines) until the
    joined text ends in a 文种; a line that could not be part of a title (sentence
    punctuation, an outline marker, a 文号, a date, web chrome) ends the search. When no
    文种 is reached, the title is the first line alone.
    """
    first = strip_ws(lines[start].text)
    joined = split_number(first)[0]
    if _SENTENCE.search(first):
        return [start]
    if kind_of(joined) and _closed(joined):
        return [start] + _continuation(lines, start + 1, joined)
    taken = [start]
    j = start + 1
    while j < len(lines) and len(taken) < max_lines:
        text = strip_ws(lines[j].text)
        if not text:
            j += 1
            continue
        if chrome_reason(lines[j].text) or metadata_fields(lines[j].text) or not _title_piece(text):
            break
        joined += split_number(text)[0]
        taken.append(j)
        if len(joined) > 100:
            break
        if kind_of(joined) and _closed(joined):
            return taken + _continuation(lines, j + 1, joined)
        j += 1
    return [start]


def _closed(title: str) -> bool:
    """Whether every 《 and 〈 a title opens is closed: a title that ends in a 文种 inside
    an open 《 (…若干政策 / 措施》实施方案) goes on."""
    return title.count("《") <= title.count("》") and title.count("〈") <= title.count("〉")


def _continuation(lines: Sequence[Line], j: int, joined: str) -> list[int]:
    """A title that reaches a 文种 mid-way (…设备更新实施方案 / 的通知): a next line that starts
    with 的, or with the issued text's bracketed tail and 的 (…三年行动计划 / (2023—2025年)的通知),
    and still ends the title in a 文种 belongs to it (no element starts with 的)."""
    while j < len(lines) and not strip_ws(lines[j].text):
        j += 1
    if j < len(lines):
        text = strip_ws(lines[j].text)
        if re.sub(r"^[(（][^()（）]{1,20}[)）]", "", text).startswith("的") and _title_piece(text) \
                and kind_of(joined + split_number(text)[0]):
            return [j]
    return []


#: A site's column tag before a title (【政策文件】, 【权威发布】): official titles use no 【】.
_COLUMN_TAG = re.compile(r"^【[^【】]{1,10}】\s*")


def title_text(lines: Sequence[Line], indexes: Sequence[int]) -> tuple[str, str | None]:
    """The joined title of ``read_title``'s lines and a 文号 glued to its last line, without a
    site's column tag before it, nor the 目录 of a text that opens on its contents list."""
    title = "".join(strip_ws(lines[i].text) for i in indexes)
    title = re.sub(r"\s*[|｜]+\s*$", "", title)  # a text table's bar after the title's cell
    title = PAGE_NUMBER_START.sub("", title)  # a printed page's number (— 1 —) copied before it
    title, number = split_number(title)
    if title.endswith("目录") and kind_of(title[:-2]):  # the text opens on its contents list
        title = title[:-2]
    untagged = _COLUMN_TAG.sub("", title)
    if untagged != title and kind_of(untagged):
        title = untagged
    return unquote(title), number


# ---------------------------------------------------------------------------
# Organs: 主送机关 and 署名


def _without_brackets(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"[(（][^()（）]*[)）]", "", text)
    return text


def is_addressee(text: str) -> bool:
    """``各市(区)住建局、财政局,各有关单位:``: a list of organs ending in a colon. Groups of
    organs are set apart by commas, or by semicolons between groups of different kinds
    (``各市、区人民政府，…管委会；市各委办局，各直属单位：``)."""
    s = strip_ws(text)
    if not s.endswith((":", "：")) or len(s) > 240 or re.search(r"[。！？]", s):
        return False
    groups = [[i.strip() for i in g.split("、")] for g in re.split(r"[,，;；]", _without_brackets(s[:-1]))]
    groups = [[i for i in g if i] for g in groups if any(g)]
    if not groups or any(len(i) > 30 for g in groups for i in g):
        return False
    # in 南京、无锡、苏州市园林局 the last name of a run carries the organ word for all
    return all(_ORGAN_END.search(g[-1]) or _AREA_END.search(g[-1]) or g[-1].startswith("各")
               for g in groups)


def organ_line(text: str) -> bool:
    """A line of a signature block: organ names side by side, no punctuation."""
    s = strip_ws(text)
    if not 2 <= len(s) <= 80 or re.search(r"[。；;！!？?：:，,“”《》]", s):
        return False
    return all(_ORGAN_END.search(piece) for piece in s.split())


def split_organs(lines: Sequence[str]) -> list[str]:
    """Organ names of a signature block, in order.

    Names set side by side are separated by spaces or glued together (the scrape lost the
    layout); a glued name ends in an organ word and the next begins with a place or a
    national organ. A national organ's local branch (国家税务总局 + 东莞市税务局,
    中国人民银行 + 东莞市中心支行) is one name, as it is signed.
    """
    pieces: list[str] = []
    spaced = any(len(strip_ws(l).split()) > 1 for l in lines)
    runs = [p for l in lines for p in strip_ws(l).split()] if spaced else ["".join(strip_ws(l) for l in lines)]
    for run in runs:
        pieces.extend(_unglue(run))
    return pieces


#: What goes on an organ's name after an organ word (中共岳阳市委 + 办公室): no new organ.
_ORGAN_PART = re.compile(r"^(?:办公室|办公厅|机关|党组|常委会|常务委员会)")


def _spans_organ_word(run: str, p: int) -> bool:
    """Whether an organ word of two characters or more runs across ``p`` (…市委办 | 公室…)."""
    return any(run[p - k: p - k + len(w)] == w for w in ORGAN_END if len(w) > 1
               for k in range(1, len(w)) if p - k >= 0)


def _unglue(run: str) -> list[str]:
    names: list[str] = []
    start = 0
    for p in range(2, len(run) - 1):
        head, rest = run[start:p], run[p:]
        if len(head) >= 2 and _ORGAN_END.search(head) and _ORGAN_START.match(rest) \
                and not _ORGAN_PART.match(rest) and not _spans_organ_word(run, p):
            names.append(head)
            start = p
    names.append(run[start:])
    merged: list[str] = []
    for name in names:
        if merged and _NATIONAL.match(merged[-1]) and not _PLACE_START.match(merged[-1]) \
                and _PLACE_START.match(name) and not _NATIONAL.match(name):
            merged[-1] += name
        else:
            merged.append(name)
    return merged


# ---------------------------------------------------------------------------
# The frame inside the body


@dataclass
class BodyFrame:
    """What ``read_body`` found; indexes point into the body it was given."""

    elements: list[FrameElement] = field(default_factory=list)
    addressee: str | None = None
    signature: tuple[str, ...] = ()
    date: str | None = None
    notes: tuple[str, ...] = ()
    copies_to: str | None = None
    printed: str | None = None
    attachments: tuple[str, ...] = ()
    issued_name: str | None = None  # 《X》 that the notice issues or forwards
    issued_start: int | None = None  # body index where the issued text's title begins

    def add(self, name: str, line: Line, text: str | None = None) -> None:
        self.elements.append(FrameElement(name, line.number, strip_ws(text or line.text)))


def _nonblank(body: Sequence[Line]) -> list[int]:
    return [i for i, l in enumerate(body) if strip_ws(l.text)]


#: The most lines a signature's organs take (a joint issuance of fourteen bodies, two a line).
SIGNATURE_LINES = 12
#: A date whose 年, 月 and 日 a page lost (drawn as images, or in a font the copy dropped):
#: ``2018525``, ``{ 2017 6 23``.
_BARE_DATE = re.compile(r"^[^\d\u4e00-\u9fff]{0,2}\s*(?P<y>(?:19|20)\d{2})(?:\s+(?P<m>\d{1,2})\s+(?P<d>\d{1,2})|(?P<md>\d{2,4}))$")


def bare_date(text: str) -> str | None:
    """The date of a line that is a date without its 年月日 (``_BARE_DATE``), when its digits
    read as one valid date only (``2018525`` is 2018-05-25; ``2018111`` could be 1-11 or 11-1)."""
    match = _BARE_DATE.match(text)
    if not match:
        return None
    year = int(match.group("y"))
    if match.group("m"):
        splits = [(int(match.group("m")), int(match.group("d")))]
    else:
        md = match.group("md")
        splits = [(int(md[:n]), int(md[n:])) for n in (1, 2) if 0 < n < len(md) and md[n] != "0"
                  and not (n == 2 and md[0] == "0" and len(md) == 3)]
    valid = {(m, d) for m, d in splits if 1 <= m <= 12 and 1 <= d <= 31}
    if len(valid) != 1:
        return None
    m, d = valid.pop()
    return f"{year:04d}-{m:02d}-{d:02d}"


def _signature_at(body: Sequence[Line], idx: list[int], k: int,
                  undersigned: bool = False) -> tuple[list[int], str] | None:
    """The signature block whose date is ``body[idx[k]]``: (indexes of its organ lines, date);
    with ``undersigned``, a date alone whose organ lines were lost (a seal image) counts too.
    A date whose 年月日 were lost (``bare_date``) counts under an organ's name only."""
    text = strip_ws(body[idx[k]].text)
    bare = None if DATE_ALONE.match(text) else bare_date(text)
    if not DATE_ALONE.match(text) and bare is None:
        return None
    organs: list[int] = []
    j = k - 1
    if j >= 0 and _SEAL.match(strip_ws(body[idx[j]].text)) and not NOTE.match(strip_ws(body[idx[j]].text)):
        j -= 1
    while j >= 0 and len(organs) < SIGNATURE_LINES and organ_line(body[idx[j]].text):
        organs.insert(0, idx[j])
        j -= 1
    if bare is not None:
        return (organs, bare) if organs else None
    return (organs, parse_date(text)) if organs or undersigned else None


def read_body(body: Sequence[Line], find_issued: bool = True) -> BodyFrame:
    """The frame elements of a document body: 主送 at the top, 署名 + 成文日期, 附注, 附件
    and 版记 at the end, and — in a notice that issues or forwards a text — the signature
    under the notice and where the issued text's own title begins."""
    frame = BodyFrame()
    idx = _nonblank(body)
    if not idx:
        return frame
    # 主送: one line, or two when the list wraps
    first = strip_ws(body[idx[0]].text)
    if is_addressee(first):
        frame.addressee = first[:-1]
        frame.add("addressee", body[idx[0]])
        lead = 1
    elif len(idx) > 1 and re.search(r"[,，、]", first) and "。" not in first \
            and strip_ws(body[idx[1]].text).endswith((":", "：")) \
            and is_addressee(first + strip_ws(body[idx[1]].text)):
        # a 主送 wrapped inside a name (…,自治 / 区人民政府各部门:)
        frame.addressee = (first + strip_ws(body[idx[1]].text))[:-1]
        frame.add("addressee", body[idx[0]])
        frame.add("addressee", body[idx[1]])
        lead = 2
    elif len(idx) > 1 and re.search(r"[,，、]", first) and first[-1:] not in "、,，:：" \
            and is_addressee(first + "：") and re.search(r"[。：:]", strip_ws(body[idx[1]].text)):
        # a 主送 whose colon the page lost: a list of organs, then the text's first sentence
        frame.addressee = first
        frame.add("addressee", body[idx[0]])
        lead = 1
    elif len(idx) > 1 and first.endswith(("、", ",", "，")) and is_addressee(first + strip_ws(body[idx[1]].text)):
        frame.addressee = (first + strip_ws(body[idx[1]].text))[:-1]
        frame.add("addressee", body[idx[0]])
        frame.add("addressee", body[idx[1]])
        lead = 2
    else:
        lead = 0
    # the notice's opening sentence names what it issues: 《X》…印发给你们
    if lead < len(idx):
        opening = strip_ws(body[idx[lead]].text)
        name = ISSUED_NAME.search(opening)
        if name and ISSUING.search(opening[name.end(): name.end() + 40] + opening[: name.start()]):
            frame.issued_name = name.group("name")
    if find_issued:
        # a report that carries the text it reports (…印发了《X》… / 《X》全文如下 / X): the
        # text begins at its title below the lead-in (a line that ends in 全文如下 says so
        # whatever the report's opening names); before the text's own signature,
        # whose notice the report carries
        for k in range(lead, min(len(idx) - 1, lead + 6)):
            if not LEAD_IN.match(strip_ws(body[idx[k]].text)):
                continue
            joined, _ = title_text(body, read_title(body, idx[k + 1]))
            if kind_of(joined) and not is_addressee(joined):
                frame.add("lead_in", body[idx[k]])
                frame.issued_start = idx[k + 1]
                return frame
            break
    # a signature near the top, followed by a title: the notice ends, the issued text begins
    if find_issued and (frame.addressee or frame.issued_name):
        for k in range(lead, min(len(idx), lead + 12)):
            # the notice ends at its 署名 and 成文日期; a date alone followed by the issued text's
            # title ends it too (the signature was a seal image the page did not carry)
            found = _signature_at(body, idx, k, undersigned=True)
            if not found:
                continue
            after = k + 1
            listing = False  # inside a 附件 list set after the signature, as pages often do
            while after < len(idx):
                text = strip_ws(body[idx[after]].text)
                listing = _attachment_line(text, listing)
                if not (listing or NOTE.match(text) or LEAD_IN.match(text) or ATTACHMENT_LABEL.match(text)):
                    break
                after += 1
            if after < len(idx):
                title = read_title(body, idx[after])
                joined, _ = title_text(body, title)
                if kind_of(joined) and not is_addressee(joined):
                    _record_signature(frame, body, found)
                    attached = _read_attachments(frame, body, idx[lead:after])
                    for n in range(k + 1, after):
                        text = strip_ws(body[idx[n]].text)
                        if idx[n] in attached:
                            continue
                        if LEAD_IN.match(text) or ATTACHMENT_LABEL.match(text):
                            frame.add("lead_in", body[idx[n]])
                            continue
                        frame.notes += (text,)
                        frame.add("note", body[idx[n]])
                    frame.issued_start = idx[after]
                    return frame
            break
    _read_end(frame, body, idx)
    return frame


def _record_signature(frame: BodyFrame, body: Sequence[Line], found: tuple[list[int], str]) -> None:
    organs, date = found
    frame.signature = tuple(split_organs([body[i].text for i in organs]))
    frame.date = date
    for i in organs:
        frame.add("signature", body[i])


def _read_end(frame: BodyFrame, body: Sequence[Line], idx: list[int], window: int = 16) -> None:
    """署名, 成文日期, 附注, 附件 and 版记 among the last ``window`` non-blank lines."""
    tail = idx[-window:]
    copies_open = False  # a 抄送 list ending in ，or 、 goes on on the next line
    for n, i in enumerate(tail):
        text = strip_ws(body[i].text)
        if copies_open and not PRINTED.match(text):
            frame.copies_to = (frame.copies_to or "") + text.rstrip("。")
            frame.add("copies_to", body[i])
            copies_open = text.endswith(("，", ",", "、"))
            continue
        copies_open = False
        if COPIES.match(text):
            frame.copies_to = re.sub(r"^抄\s*送\s*[:：]\s*", "", text).rstrip("。")
            frame.add("copies_to", body[i])
            copies_open = text.endswith(("，", ",", "、"))
        elif PRINTED.match(text):
            frame.printed = text
            frame.add("printed", body[i])
        elif NOTE.match(text):
            frame.notes += (text,)
            frame.add("note", body[i])
    _read_attachments(frame, body, tail)
    for k in range(len(idx) - 1, max(-1, len(idx) - 1 - window), -1):
        found = _signature_at(body, idx, k)
        if found:
            _record_signature(frame, body, found)
            frame.add("date", body[idx[k]])
            return


def _attachment_line(text: str, listing: bool) -> bool:
    """Whether ``text`` is a line of a 附件 list: its ``附件：`` line, or, while ``listing``
    (the lines above were the list), a further numbered entry."""
    if ATTACHMENT_LABEL.match(text):
        return False
    return bool(ATTACHMENT.match(text) and len(text) <= 80 or listing and ATTACHMENT_ITEM.match(text))


def _read_attachments(frame: BodyFrame, body: Sequence[Line], lines: Sequence[int]) -> set[int]:
    """附件 lists among ``lines`` (``附件：1.A`` and its further entries ``2.B`` on the lines
    below): their names are the attachments; the line indices read are returned."""
    read: set[int] = set()
    listing = False
    for i in lines:
        text = strip_ws(body[i].text)
        listing = _attachment_line(text, listing)
        if not listing:
            continue
        frame.attachments += (_ATTACHMENT_LEAD.sub("", text) if ATTACHMENT.match(text)
                              else re.sub(r"^\d{1,2}\s*[.．、]\s*", "", text),)
        frame.add("attachment", body[i])
        read.add(i)
    return read


#: A news report's dateline before its lead: 华声在线讯（记者 张三）, 本报讯, 新华社北京5月20日电.
_DATELINE = re.compile(r"^[^,，。()（）]{0,16}(?:讯|电)\s*(?:[(（][^()（）]{0,30}[)）])?\s*[:：,，]?\s*")


def news_issuers(text: str) -> tuple[str, ...]:
    """Organs named by a news report's lead (9月30日，A、B等6部门联合发布…), after its dateline."""
    text = strip_ws(text)
    match = NEWS_ISSUERS.match(text) or NEWS_ISSUERS.match(_DATELINE.sub("", text, count=1))
    if not match:
        return ()
    return tuple(i.strip() for i in match.group("org").split("、") if i.strip())


#: An interpretation's opening heading: 一、起草背景及过程, 出台背景, 制定依据.
INTERPRETATION_OPENING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、])?\s*"
                                    r"(?:文件|政策)?(?:起草|出台|制定|编制)(?:的)?(?:背景|过程|依据)")
#: The opening's closing words name an untitled text's 文种: 现提出如下意见, 制定以下实施意见,
#: 特制定本方案, 现就有关事项通知如下.
_OPENING_KIND = re.compile(r"(?:提出|制定|形成|出台)(?:如下|以下|本)(?:实施|若干|工作)?(?P<k>意见|方案|措施|办法|细则|规定|计划)"
                           r"|(?P<n>通知)如下")
#: 发文机关 + 关于 + 事由: a title of an official document, whatever its 文种.
_OFFICIAL_TITLE = re.compile(r"^[\u4e00-\u9fff、]{2,40}?(?:" + "|".join(ORGAN_END) + r"|中央)关于")


def opening_kind(text: str) -> str | None:
    """The 文种 an untitled text's opening paragraph names in its closing words, or None."""
    found = list(_OPENING_KIND.finditer(text[-80:]))
    return (found[-1].group("k") or found[-1].group("n")) if found else None


def role_of(title: str | None, first_text: str) -> tuple[str, str | None]:
    """(role, kind) of a text: ``interpretation`` (政策解读, 起草说明; or, untitled, opening at
    起草背景), ``news`` (新闻稿), else ``official`` with the 文种 of its title, 其他 for an
    official title (发文机关 + 关于 + 事由) ending in none of the listed 文种, or, untitled,
    the 文种 its opening paragraph names (…制定以下实施意见)."""
    if title and INTERPRETATION.search(title):
        return "interpretation", "起草说明" if "说明" in title else "政策解读"
    if not title and INTERPRETATION_OPENING.match(strip_ws(first_text)):
        return "interpretation", "政策解读"
    # a news report: no title, or a headline that is no official title (it ends in no 文种)
    if (not title or not kind_of(title)) and NEWS_LEAD.match(strip_ws(first_text)) \
            and ISSUING.search(first_text[:400]):
        return "news", "新闻稿"
    if not title:
        return "official", None
    return "official", kind_of(title) or ("其他" if _OFFICIAL_TITLE.match(re.sub(r"\s", "", title)) else None)
