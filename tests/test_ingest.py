"""Ingest: decoding, splitting compilations, titles, metadata, chrome and sidecars."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.ingest import decode, ingest_file, SourceError
from build_tools.ingest.ids import tag

SAMPLE = "某市实施方案\n\n一、总体要求\n\n(一)加快发展。推进建设。\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_compilation_is_split_at_separators_even_when_glued(tmp_path: Path) -> None:
    text = ("第一篇:甲市方案\n甲市方案\n一、目标\n甲的内容。\n"
            "第二篇:乙市方案\n乙市方案\n一、任务\n乙的内容。第三篇:丙市举措\n丙市举措\n一、领导重视\n丙的内容。")
    documents, problems = ingest_file(write(tmp_path, "multi.txt", text))
    assert problems == []
    assert [d.title for d in documents] == ["甲市方案", "乙市方案", "丙市举措"]
    # several documents in a file: the file slug and a tag of each one's own title
    assert [d.slug for d in documents] == [f"multi-{tag(t)}" for t in ("甲市方案", "乙市方案", "丙市举措")]
    third = documents[2]
    assert third.first_line == 8
    assert any(d.line == 8 and d.text == "第三篇:丙市举措" for d in third.dropped)
    assert documents[1].body[-1].text == "乙的内容。"


def test_title_split_one_character_per_line(tmp_path: Path) -> None:
    text = "第一篇:关于推进文明城市建设实施方案\nxxx党委政府\n关于推进文明城市建设\n实\n施\n方\n案\n(2020年3月22日)\n一、指导思想\n内容。"
    (doc,), problems = ingest_file(write(tmp_path, "split.txt", text))
    assert doc.title == "关于推进文明城市建设实施方案"
    assert doc.issuer == "xxx党委政府"
    assert doc.date == "2020-03-22"
    assert doc.body[0].text == "一、指导思想"
    assert {d.line for d in doc.dropped} == set(range(1, 9))


def test_title_split_without_a_separator(tmp_path: Path) -> None:
    (doc,), _ = ingest_file(write(tmp_path, "t.txt", "关于推进工作的\n实\n施\n方\n案\n\n一、指导思想\n内容。"))
    assert doc.title == "关于推进工作的实施方案"


def test_metadata_and_chrome_are_reported_not_lost(tmp_path: Path) -> None:
    text = ("首页 > 文章中心 > 正文\n索引号: 113708/2017-00005 公开方式: 主动公开\n发布机构: 太白湖新区 组配分类: 规划\n"
            "成文日期: 2017-02-28 废止日期:\n某区纲要 发布日期:2018-08-03 10:05 浏览次数: 字体:[ ]\n分享\n\n"
            "某区纲要\n\n一、指导思想\n\n内容。\n\n\u00a0\n\n热门排行: 教你如何写建议书\n(编辑:某区")
    (doc,), problems = ingest_file(write(tmp_path, "meta.txt", text))
    assert problems == []
    assert doc.title == "某区纲要"
    assert doc.issuer == "太白湖新区"
    assert doc.date == "2017-02-28"
    assert ("发布日期", "2018-08-03 10:05") in doc.metadata
    reasons = {d.line: d.reason for d in doc.dropped}
    assert reasons[1] == "breadcrumb"
    assert reasons[6] == "buttons"
    assert reasons[16] == "sidebar"
    assert reasons[17] == "editor"
    assert 14 in reasons  # a line of non-breaking spaces
    assert [l.text for l in doc.body if l.text.strip()] == ["一、指导思想", "内容。"]


def test_site_post_metadata_is_not_the_document_date(tmp_path: Path) -> None:
    text = "市人民政府关于推进产业聚集的意见\n\n时间:2024-09-22 14:40:23 来源:作文网 作者:管理员\n\n一、基本原则\n\n内容。"
    (doc,), _ = ingest_file(write(tmp_path, "post.txt", text))
    assert doc.date is None
    assert doc.issuer == "市人民政府"
    assert any(d.line == 3 and d.reason == "post_metadata" for d in doc.dropped)


def test_post_time_is_dropped_and_issue_date_fields_date_the_document(tmp_path: Path) -> None:
    text = "某区关于优化营商环境的通知\n发布时间：2021-03-05 09:12\n发文日期：2021年2月26日\n\n一、总体要求\n\n内容。"
    (doc,), _ = ingest_file(write(tmp_path, "dates.txt", text))
    assert doc.date == "2021-02-26"
    assert ("发文日期", "2021年2月26日") in doc.metadata
    assert any(d.line == 2 and d.reason == "post_metadata" for d in doc.dropped)
    assert [l.text for l in doc.body if l.text.strip()] == ["一、总体要求", "内容。"]


def test_document_number_line_under_the_title(tmp_path: Path) -> None:
    text = "某市人民政府\n关于加强城市管理的通知\n某政发〔2021〕12号\n各区县人民政府：\n一、总体要求\n内容。"
    (doc,), _ = ingest_file(write(tmp_path, "n.txt", text))
    assert (doc.issuer, doc.number) == ("某市人民政府", "某政发〔2021〕12号")
    assert any(d.line == 3 and d.reason == "doc_number" for d in doc.dropped)
    assert [l.text for l in doc.body][:1] == ["各区县人民政府："]


def test_button_rows_and_bracketed_font_widgets_are_chrome() -> None:
    from build_tools.ingest import chrome_reason

    assert chrome_reason("打印本页 关闭窗口") == "buttons"
    assert chrome_reason("【打印】【关闭】") == "buttons"
    assert chrome_reason("【字体：大 中 小】") == "font_widget"
    for switch in ("字号：大 中 小", "字号：[大][中][小]", "【字号：大 中 小】", "字体：大 中 小"):
        assert chrome_reason(switch) == "font_widget", switch
    assert chrome_reason("字号大小写规范") is None
    assert chrome_reason("关闭高污染企业") is None
    assert chrome_reason("打印机") is None


def test_masked_url_watermark_is_cut_from_the_text(tmp_path: Path) -> None:
    text = "某区工作思路\n查看隐藏内容(*)需先登录\n***.******.***年是收官之年。一、抓好规划。内容**%。***.******.***"
    (doc,), _ = ingest_file(write(tmp_path, "wm.txt", text))
    assert doc.body[0].text == "年是收官之年。一、抓好规划。内容**%。"
    assert doc.body[0].offset == 14
    assert [d.reason for d in doc.dropped if d.line == 3] == ["watermark"] * 2


def test_sidecar_overrides_detected_fields(tmp_path: Path) -> None:
    source = write(tmp_path, "s.txt", SAMPLE)
    write(tmp_path, "s.yml", "title: 正式标题\nissuer: 某市人民政府\ndate: 2019年5月6日\nregion: 浙江绍兴\nid: shaoxing-plan\n")
    (doc,), problems = ingest_file(source)
    assert problems == []
    assert (doc.title, doc.issuer, doc.date, doc.region, doc.slug) == (
        "正式标题", "某市人民政府", "2019-05-06", "浙江绍兴", "shaoxing-plan")


def test_invalid_sidecar_is_an_error_with_its_line(tmp_path: Path) -> None:
    source = write(tmp_path, "s.txt", SAMPLE)
    write(tmp_path, "s.yml", "title: 正式标题\nissuer: [未闭合\ndate: 2019\n")
    documents, problems = ingest_file(source)
    assert len(documents) == 1  # the source itself is still published
    assert [(p.path, p.line, p.severity) for p in problems] == [("s.yml", 3, "error")]
    assert "invalid YAML" in problems[0].message


@pytest.mark.parametrize("data, encoding", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("gb18030"), "gb18030"),
    (SAMPLE.replace("\n", "\r\n").encode("gbk"), "gb18030"),
])
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    text, found = decode(tmp_path / "x.txt", data)
    assert found == encoding
    assert "一、总体要求" in text


@pytest.mark.parametrize("data, line, message", [
    (b"", 1, "empty source"),
    (b"   \n\n", 1, "empty source"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 1, "binary data"),
    (b"plain ascii only\nno chinese here\n", 1, "no Chinese text"),
])
def test_unusable_sources_name_file_and_line(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    with pytest.raises(SourceError) as info:
        decode(tmp_path / "bad.txt", data)
    assert info.value.problem.path == "bad.txt"
    assert info.value.problem.line == line
    assert message in info.value.problem.message


def test_line_endings_do_not_move_line_numbers(tmp_path: Path) -> None:
    numbers = []
    for name, ending in (("lf.txt", "\n"), ("crlf.txt", "\r\n"), ("cr.txt", "\r")):
        (doc,), _ = ingest_file(write(tmp_path, name, SAMPLE.replace("\n", ending)))
        numbers.append([(l.number, l.text) for l in doc.body])
    assert numbers[0] == numbers[1] == numbers[2]
