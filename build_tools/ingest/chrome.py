"""Web chrome and page metadata: which lines of a scraped page are not the document.

Each chrome pattern names the reason code (``reasons.REASONS``) reported to readers."""
from __future__ import annotations

import re

#: Fields that count a post's readers (their value is a number).
COUNT_FIELDS = ("浏览次数", "浏览量", "访问量", "热度", "点击数", "点击量", "阅读量", "阅读次数")
#: Fields of government information-disclosure pages (信息公开) and article headers.
META_FIELDS = ("索引号", "公开方式", "发布机构", "组配分类", "主题分类", "体裁分类", "成文日期",
               "废止日期", "有效性", "发布日期", "发文字号", "文号", "发文机关", "信息来源",
               "信息提供日期", "信息分类", "主题词", "生效日期", "公开范围", "公开时限",
               "发文日期", "印发日期", "生成日期", "来源", "发布时间", "时间", "日期",
               "作者", "字体", "标题", "名称", "发文机构", "时效", *COUNT_FIELDS)
#: A field name, which disclosure pages often space out to the width of the longest
#: (``索　引　号：``, ``标　　题：``).
_META_KEY = re.compile(r"(?<![\u4e00-\u9fff])(" + "|".join(
    r"[ \u3000]*".join(key) for key in sorted(META_FIELDS, key=len, reverse=True)) + r")\s*[:：]")
#: Fields that describe the web post, not the document (a scrape time is no document date).
SITE_FIELDS = {"来源", "时间", "日期", "发布时间", "作者", "字体", *COUNT_FIELDS}
#: The date a page was posted, alone under the document's title, written as a web date
#: (2024-03-15, 2024/3/15 10:20): not the document's date.
WEB_DATE = re.compile(r"^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
#: Fields that date the document itself, most authoritative first.
DATE_FIELDS = ("成文日期", "发文日期", "印发日期")

#: (reason code, pattern) for lines of web chrome; tried in order, on lines of at most 60 chars.
CHROME = [
    ("breadcrumb", re.compile(r"^(当前位置|您的位置|你的位置|位置)\s*[:：]|^首页\s*[>＞»›/]"
                                         r"|^\S{1,12}(\s*[>＞»›]{1,2}\s*\S{1,12}){2,}$")),
    # a site's menu: three or more short links between bars (首页 | 设为首页 | 收藏本站)
    ("site_menu", re.compile(r"^[^|｜。，,；;：:]{1,10}(?:\s*[|｜]\s*[^|｜。，,；;：:]{1,10}){2,}$")),
    ("login", re.compile(r"(需先?登录|请先?登录|登录后|注册登录|查看隐藏内容)")),
    ("buttons", re.compile(r"^(?:[【\[]?(?:分享|分享到|打印|打印本页|打印此页|关闭|关闭窗口|"
                                         r"收藏|返回顶部|扫一扫.*|微信扫一扫.*)[】\]]?[:：]?"
                                         r"(?:\s+|\s*[|｜]\s*|(?<=[】\]])|$))+$")),
    # the text-size switch: 【字体：大 中 小】, 字号：大 中 小, 字号：[大][中][小]
    ("font_widget", re.compile(r"(?:字体|字号)\s*[:：]?\s*[\[【]?\s*(大|中|小|\s)+[\]】]"
                               r"|^[\[【]?\s*(?:字体|字号)\s*[:：]?(?:\s*[\[【]?\s*[大中小]\s*[\]】]?){2,3}\s*$")),
    ("sidebar",
     re.compile(r"^(热门排行|热点排行|排行榜|热门文章|相关文章|相关阅读|相关链接|推荐阅读|猜你喜欢|上一篇|下一篇|"
                r"最新文章)\s*[:：]?")),
    ("editor", re.compile(r"^[(（\[【]?\s*(责任)?编辑\s*[:：]")),
    # a link to download a file the page attaches (附件下载：….pdf); the 附件 it names, if
    # the text lists it, stays in the text's own 附件 line
    ("download", re.compile(r"^(?:附件下载|相关附件|附件|下载)\s*[:：]?\s*\S.{0,50}\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|et)$",
                            re.IGNORECASE)),
    ("copyright", re.compile(r"^(版权所有|copyright|©)", re.IGNORECASE)),
    # the number of a printed page (GB/T 9704 7.5: — 1 —) copied from a PDF
    ("page_number", re.compile(r"^[—–-]\s*\d{1,3}\s*[—–-]$")),
]
#: A breadcrumb path of four steps or more, however long (首页 >> 政府信息公开 >> … >> 2024).
_LONG_PATH = re.compile(r"^\S{1,16}(\s*[>＞»›]{1,2}\s*\S{1,16}){3,}$")
#: A sidebar's list heading: after it, to the end of the page, the lines are its entries.
SIDEBAR_LIST = re.compile(r"^(热门排行|热点排行|排行榜|热门文章|相关文章|相关阅读|相关链接|推荐阅读|猜你喜欢|最新文章)"
                          r"\s*[:：]?\s*$")
_BLANKISH = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]*$")
#: URL-shaped masked watermark (``***.******.***``) fused to the start or end of a line.
WATERMARK_START = re.compile(r"^\*{2,}(?:\.\*{2,}){2,}")
WATERMARK_END = re.compile(r"\*{2,}(?:\.\*{2,}){2,}$")

_TERMINAL = "。！？!?；;：:”’」』)）〉》】…"


def strip_ws(text: str) -> str:
    """Strip white space including NBSP, ideographic space and zero-width space."""
    return text.strip(" \t\u00a0\u3000\u200b\ufeff")


def chrome_reason(text: str) -> str | None:
    """The reason code of a line of web chrome, or None. Only short lines can be chrome."""
    s = strip_ws(text)
    if not s:
        return "blank_nbsp" if text else None
    if len(s) > 60:  # a long line is chrome only as a path of many steps
        return "breadcrumb" if len(s) <= 120 and _LONG_PATH.match(s) else None
    for reason, pattern in CHROME:
        if pattern.search(s):
            return reason
    return None



#: A disclosure page's 索引号 alone on its line, its label lost: the registering organ's
#: code (统一社会信用代码 or a site's own), the year and a serial (11330700MB10327095/2024-00144,
#: J0001-2101-2024-02018).
INDEX_NUMBER = re.compile(r"^[0-9A-Z]{5,20}(?:-[0-9A-Z]{2,8})*[-/](?:19|20)\d{2}[-/]\d{3,8}$")


#: A field's name in a cell of a text table (``名 称:``, ``公开期限：``).
_CELL_LABEL = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,8}[:：]$")
#: A list bullet a page prints before each field of its grid.
_BULLET = re.compile(r"^\s*[•·▪◦●]\s*")


def metadata_fields(text: str) -> list[tuple[str, str]] | None:
    """``索引号: X 公开方式: Y`` → [(索引号, X), (公开方式, Y)] when the line is a field list
    (a list bullet before it, ``• 发文字号:``, is the page's markup)."""
    s = strip_ws(_BULLET.sub("", text))
    if INDEX_NUMBER.match(s):
        return [("索引号", s)]
    if s.count("|") >= 2:  # a grid's row as a text table: | 名 称: | X | 文号 | Y |
        cells = [strip_ws(c) for c in s.split("|")]
        cells = [c for c in cells if c]
        labels = [re.sub(r"[ \u3000:：]", "", c) for c in cells[::2]]
        if len(cells) >= 2 and all(_CELL_LABEL.match(c) or name in META_FIELDS
                                   for c, name in zip(cells[::2], labels)):
            return [(labels[k // 2], cells[k + 1] if k + 1 < len(cells) else "")
                    for k in range(0, len(cells), 2)]
    keys = list(_META_KEY.finditer(s))
    if not keys or len(s) > 120:
        return None
    # the line is a field list if it starts with a field, if all fields follow a title copy,
    # or if it holds three fields or more (after one the site names itself: 序号:…)
    if keys[0].start() > 0 and len(keys) < 3 and \
            not any(k.group(1) in ("发布日期", "浏览次数", "信息来源") for k in keys):
        return None
    fields = []
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(s)
        fields.append((re.sub(r"[ \u3000]", "", key.group(1)), strip_ws(s[key.end():end])))
    return fields
