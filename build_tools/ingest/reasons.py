"""Why a source line is not published: one table of stable ASCII codes.

Each dropped line (``model.Dropped``) carries one of these codes. ``corpus.json`` keeps the
code with its Chinese label; the document page shows the label. Codes never change once
published (a reader's script may count them); labels and descriptions may be reworded.
"""
from __future__ import annotations

#: code → (Chinese label shown to readers, what the code means)
REASONS: dict[str, tuple[str, str]] = {
    "separator": ("汇编分篇标记（其标题即文件标题）", "compilation separator (第N篇); its title is the document title"),
    "title": ("文件标题", "document title"),
    "title_part": ("文件标题（跨行部分）", "part of a title wrapped or split over lines"),
    "title_duplicate": ("重复的标题", "duplicate of the title"),
    "headline": ("网页标题（非文件标题）", "web page headline above the document's own title and 文号"),
    "page_header": ("网页标题与文件标题之间的网页内容", "a web page's lines between its headline and the document's "
                                                 "own head, which prints the title again"),
    "page_intro": ("汇编网页的简介（第一篇之前）", "a compilation page's lines before its first 第N篇 that "
                                               "make no document (the site's introduction)"),
    "page_summary": ("网页所撰摘要（非原文）", "a site's summary of the text above its head (导读：…, 内容提要：…)"),
    "issuer_mark": ("发文机关标志", "issuer line above the title (发文机关标志)"),
    "signer": ("签发人", "签发人 of a document sent up (请示, 报告); kept as metadata"),
    "doc_number": ("发文字号", "document number (文号); shown in the header"),
    "date_line": ("日期行（作为文件日期）", "date line; shown as the document date"),
    "subtitle": ("副标题", "subtitle; shown under the title"),
    "decree": ("发布令或公告（作为公布记录）", "decree (or 公告) that promulgates the text; kept as its promulgation record"),
    "history": ("题注（通过、公布与修订记录）", "a regulation's history under its title (adopted, approved, "
                                             "promulgated, amended); kept as its promulgation record"),
    "contents": ("目录", "a regulation's table of contents; its chapters follow as the outline"),
    "page_metadata": ("网页元数据（见文件信息）", "page metadata; fields shown in the document header"),
    "post_metadata": ("网页发布信息（非文件信息）", "site post metadata (time, source site, poster): not document metadata"),
    "blank_nbsp": ("不间断空格空行", "blank line of non-breaking spaces"),
    "breadcrumb": ("网页导航路径", "breadcrumb web chrome"),
    "site_menu": ("网站导航菜单", "a site's menu of links between bars (首页 | 设为首页 | 收藏本站)"),
    "login": ("登录提示", "login prompt"),
    "buttons": ("分享、打印等按钮", "share / print buttons"),
    "font_widget": ("字号选择控件", "font-size widget"),
    "sidebar": ("网站侧栏（热门、相关链接）", "site sidebar (hot list / related links)"),
    "editor": ("编辑署名", "editor credit"),
    "download": ("附件下载链接", "a link to download a file the page attaches"),
    "post_date": ("网页发布日期（非成文日期）", "the date the web page was posted, alone on its line; not the document's date"),
    "page_number": ("页码", "the number of a printed page (— 1 —, GB/T 9704 7.5) copied from a PDF"),
    "copyright": ("版权声明", "copyright footer"),
    "watermark": ("嵌入正文的网址水印", "masked URL watermark fused to the text"),
    "bad_byte": ("无法识别的字节（以 � 显示）", "a byte that is not UTF-8, shown as U+FFFD (line, column, byte)"),
    "extraction_note": ("文字识别说明（非原文）", "note of a text-extraction tool appended to the text"),
}


def label(code: str) -> str:
    """The Chinese label of a reason code (the code itself if it is unknown)."""
    return REASONS.get(code, (code, ""))[0]


def description(code: str) -> str:
    return REASONS.get(code, ("", code))[1]
