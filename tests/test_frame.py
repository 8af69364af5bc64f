"""The official-document frame: synthetic State Council style documents written from
GB/T 9704-2012 (``fixtures/frame/``), the element readers, and the level reached on the
real sample (``fixtures/real/``, scored by ``frame_report.py``)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.ingest import ingest_file
from build_tools.ingest.frame import is_addressee, kind_of, split_organs, split_number
from build_tools.ingest.reasons import REASONS
from build_tools.structure import structure
from frame_fixtures_report import score as score_fixtures
from frame_report import score

FRAME = Path(__file__).parent / "fixtures" / "frame"


def _read(name: str):
    documents, problems = ingest_file(FRAME / name)
    return documents, problems


def _ingest_text(tmp_path: Path, text: str):
    """The documents of a source holding ``text``."""
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    documents, _ = ingest_file(source)
    return documents


def _lines_accounted(path: Path, documents) -> None:
    """Every non-blank source line is in exactly one document, as body or dropped."""
    lines = path.read_text(encoding="utf-8").split("\n")
    seen: dict[int, int] = {}
    for doc in documents:
        numbers = {l.number for l in doc.body if l.text.strip()} | {d.line for d in doc.dropped}
        for n in numbers:
            seen[n] = seen.get(n, 0) + 1
    wanted = {n for n, text in enumerate(lines, 1) if text.strip(" \u3000")}
    assert {n for n in wanted if seen.get(n) != 1} == set()


def test_state_council_notice_with_wrapped_title_and_full_frame() -> None:
    (doc,), problems = _read("guobanfa_wrapped_title.txt")
    assert problems == []
    assert doc.title == "国务院办公厅关于有效发挥政府性融资担保基金作用切实支持小微企业和“三农”发展的指导意见"
    assert (doc.number, doc.issuer, doc.date, doc.kind) == ("国办发〔2019〕6号", "国务院办公厅", "2019-01-22", "意见")
    assert doc.addressee == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"
    assert doc.signature == ("国务院办公厅",)
    assert doc.attachments == ("政府性融资担保机构名单",)
    assert doc.notes == ("（此件公开发布）",)
    assert doc.copies_to == "党中央各部门"
    assert doc.printed.startswith("国务院办公厅秘书局") and doc.printed.endswith("印发")
    assert {e.name: e.line for e in doc.frame if e.name != "title"} | {"title": 1} == {
        "title": 1, "number": 4, "addressee": 6, "attachment": 18, "signature": 20, "date": 21,
        "note": 23, "copies_to": 25, "printed": 26}
    assert [d.reason for d in doc.dropped if d.line <= 3] == ["title", "title_part", "title_part"]
    _lines_accounted(FRAME / "guobanfa_wrapped_title.txt", [doc])


def test_decree_is_the_promulgation_record_of_its_regulation() -> None:
    (doc,), problems = _read("decree_regulation.txt")
    assert problems == []
    assert (doc.title, doc.number, doc.issuer, doc.date, doc.kind) == (
        "优化营商环境条例", "中华人民共和国国务院令第707号", "国务院", "2019-10-22", "条例")
    assert doc.promulgation.startswith("中华人民共和国国务院令\n第707号\n《优化营商环境条例》")
    assert [c.id for c in structure(doc).clauses] == ["chp_1", "chp_1__art_1", "chp_1__art_2", "chp_2",
                                                     "chp_2__art_3"]
    _lines_accounted(FRAME / "decree_regulation.txt", [doc])


def test_joint_issuance_names_every_organ() -> None:
    (doc,), _ = _read("joint_issuance.txt")
    assert doc.title == "关于做好小微企业融资支持工作的通知"
    assert doc.issuer == "国家发展和改革委员会、财政部、中国人民银行"
    assert doc.signature == ("国家发展和改革委员会", "财政部", "中国人民银行")
    assert (doc.number, doc.date) == ("发改财金〔2021〕88号", "2021-03-05")


def test_notice_and_the_text_it_issues_are_two_linked_documents() -> None:
    (notice, plan), problems = _read("notice_issues_plan.txt")
    assert problems == []
    assert (notice.slug, plan.slug) == ("notice-issues-plan", "notice-issues-plan-issued")
    assert (notice.issues, plan.issued_by) == (plan.slug, notice.slug)
    assert notice.title == plan.title == "某市促进消费若干措施"  # the notice is named by 《…》
    assert (notice.issuer, notice.date, plan.issuer, plan.date) == (
        "某市人民政府办公厅", "2023-06-01", "某市人民政府办公厅", "2023-06-01")
    assert notice.addressee == "各区、县（市）人民政府，市政府各部门"
    assert [c.id for c in structure(plan).clauses] == ["sec_1", "sec_1__item_1", "sec_2", "sec_2__item_2"]
    assert notice.last_line < plan.first_line
    _lines_accounted(FRAME / "notice_issues_plan.txt", [notice, plan])


def test_untitled_text_gets_a_placeholder_and_a_warning_never_the_file_name() -> None:
    (doc,), problems = _read("untitled_at_addressee.txt")
    assert doc.title.startswith("（原文未载标题）") and "untitled" not in doc.title
    assert [(p.path, p.line, p.severity) for p in problems] == [("untitled_at_addressee.txt", 1, "warning")]


@pytest.mark.parametrize("title, kind", [
    ("关于进一步促进岳阳市城区房地产市场平稳健康发展的若干措施(试行)", "措施"),
    ("国务院关于印发“十四五”数字经济发展规划的通知", "通知"),
    ("二次创业五年行动计划纲要(2017-2021)", "纲要"),
    ("关于同意设立某某开发区的批复", "批复"),
    ("关于进一步提振市场信心的若干政策举措", "措施"),
    ("浙江杭州2020年滨海新区工作思路", None),
])
def test_kind_is_the_word_that_ends_the_title(title: str, kind: str | None) -> None:
    assert kind_of(title) == kind


def test_number_glued_to_the_title_line_is_split_off() -> None:
    assert split_number("关于促进发展的通知(东建〔2022〕4号)") == ("关于促进发展的通知", "东建〔2022〕4号")
    assert split_number("关于促进发展的通知(试行)") == ("关于促进发展的通知(试行)", None)


def test_glued_organ_names_of_a_signature_are_separated() -> None:
    assert split_organs(["中国证监会国资委全国工商联"]) == ["中国证监会", "国资委", "全国工商联"]
    assert split_organs(["佛山市住房和城乡建设局佛山市自然资源局", "国家税务总局佛山市税务局中国人民银行佛山市中心支行"]) == [
        "佛山市住房和城乡建设局", "佛山市自然资源局", "国家税务总局佛山市税务局", "中国人民银行佛山市中心支行"]
    assert split_organs(["某市发展和改革委员会 某市公安局"]) == ["某市发展和改革委员会", "某市公安局"]


@pytest.mark.parametrize("line, expected", [
    ("各县、区人民政府，市直各单位：", True),
    ("各设区市住房城乡建设局(建委、房产局)、城管局,南京、无锡、苏州市园林(市政)局:", True),
    ("为深入贯彻落实党中央决策部署，现提出如下意见：", False),
    ("一、总体要求：", False),
    ("各市、区人民政府，苏州工业园区、苏州高新区管委会；市各委办局，各直属单位：", True),
    ("加强组织领导，落实工作责任；具体要求如下：", False),
    ("各有关单位；请认真执行。各区政府：", False),
])
def test_addressee_is_a_list_of_organs_ending_in_a_colon(line: str, expected: bool) -> None:
    assert is_addressee(line) is expected


def test_every_reason_code_is_ascii_with_a_chinese_label() -> None:
    for code, (label, description) in REASONS.items():
        assert code.isascii() and code.replace("_", "").isalnum()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in label) and description


@pytest.fixture(scope="module")
def real():
    return score()


def test_real_sample_fields_hold_the_level_reached(real) -> None:
    """Levels reached on the 30 labelled local documents (title 27/27, 文号 5/5, issuer
    14/14, date 13/13, addressee 12/12, kind 30/30); a fall below fails."""
    levels = {"title": 27, "number": 5, "issuer": 14, "date": 13, "addressee": 12, "kind": 30}
    reached = {name: real.fields[name].right for name in levels}
    assert reached == {name: max(reached[name], level) for name, level in levels.items()}, \
        [m for name in levels for m in real.fields[name].misses]
    assert real.fragments == []
    assert all(real.spurious[name].right == real.spurious[name].total
               for name in ("number", "issuer", "date", "addressee"))


def test_real_sample_outlines_and_regulations_hold(real) -> None:
    assert real.outline.right >= 306 and real.outline.share >= 0.99, real.outline.misses
    assert real.reg_titles.right == real.reg_titles.total == 15
    assert real.reg_chapters.share == 1.0
    assert real.reg_articles.share >= 0.99


def test_second_fixture_set_reads_every_field_written_before_the_code_ran() -> None:
    """fixtures/frame2 (22 documents: 国发 / 国办发 / 国函, 转发, joint issuance, 国务院令 and
    市政府令, 部门办法 with its notice, web page, news report, 政策解读, glued 文号, 公告, web
    pages that print the title again below their own lines, a site menu and a 浏览量 line,
    a disclosure grid without colons, a page named by the text its notice issues, a date
    written 二OO九年, an 应急预案 issued by a notice, a disclosure page with a banner, a long
    path, a bare 索引号 and the organ's line above a 关于 title, decrees below a page's title
    and the organ's name, one with a bracketed serial, one with a shortened organ, a reply
    printed in traditional characters under a disclosure grid, a page's name, date, menu
    and column above a wrapped title with a bracketed tail, a grid that prints each field's
    name over its value, a compilation page's introduction before 第一篇 and a title of four
    organs side by side, a grid printed as a text table over a notice whose signature date
    lost its 年月日 and whose plan opens on its 目录, a party and a government office
    glued side by side whose 主送 lost its colon, a law database's page that prints the
    organs between two copies of the title, a law database's line of 文号, date and
    validity, a site's summary under the headline over a 主送 wrapped inside a name and a
    printed page's number before the plan's title, a news page whose headline names the
    text it carries below a sentence that ends in 全文如下): every field of expected.yaml is
    read
    (before the second pass: title 10/15, 文号 11/14, issuer 11/14, addressee 10/12, kind
    12/15, role 1/2, 抄送 0/1; the three web pages of the third pass, before it: title 2/5,
    文号 0/3, addressee 0/3; the next two before theirs: title 1/4, date 1/4, kind 1/4; the
    disclosure page: none of its 10 fields; the two decrees: 文号 1/2, issuer 1/2, date 0/2;
    the traditional reply: none of its 7 fields; the page's lines: 1 of its 10; the grid of
    names over values: 4 of 10; the compilation page: none of its 6; the text table: 1 of
    its 10; the glued offices: 4 of 10; the law database's page: 5 of 6; the line of 文号 and date:
    6 of 7; the summary, the wrapped 主送 and the page number: 4 of 10; the news page: 4 of
    10)."""
    result = score_fixtures()
    assert {name: (r, t) for name, (r, t, _) in result.items() if r != t} == {}, \
        [m for _, _, misses in result.values() for m in misses]
    assert sum(t for _, t, _ in result.values()) == 256


@pytest.mark.parametrize("text, date", [
    ("二〇一三年八月十二日", "2013-08-12"),
    ("二OO六年二月二十日", "2006-02-20"),  # the letter O typed for 〇
    ("2020年4月20日", "2020-04-20"),
])
def test_a_date_alone_on_its_line_is_read_however_its_year_is_written(text: str, date: str) -> None:
    from build_tools.ingest.frame import DATE_ALONE
    from build_tools.numerals import parse_date

    assert DATE_ALONE.match(text) and parse_date(text) == date


@pytest.mark.parametrize("title, number", [
    ("广州市人民政府关于印发若干措施的通知穗府〔2023〕9号", ("广州市人民政府关于印发若干措施的通知", "穗府〔2023〕9号")),
    ("关于支持发展的通知(财税〔2023〕28号)", ("关于支持发展的通知", "财税〔2023〕28号")),
    ("关于某某小区改造的方案设计", ("关于某某小区改造的方案设计", None)),
])
def test_number_glued_after_the_kind_is_split_off_only_after_a_kind(title: str, number) -> None:
    assert split_number(title) == number


@pytest.mark.parametrize("opening, kind", [
    ("经市政府常务会议研究同意，制定以下实施意见。", "意见"),
    ("为推进城市更新，特制定本方案。", "方案"),
    ("现就有关事项通知如下：", "通知"),
    ("为推进城市更新，提出工作要求。", None),
])
def test_an_untitled_texts_opening_names_its_kind(opening: str, kind) -> None:
    from build_tools.ingest.frame import opening_kind
    assert opening_kind(opening) == kind


@pytest.mark.parametrize("name", sorted(p.name for p in (FRAME.parent / "frame2").glob("*.txt")))
def test_second_fixture_set_keeps_every_line(name: str) -> None:
    path = FRAME.parent / "frame2" / name
    documents, _ = ingest_file(path)
    _lines_accounted(path, documents)


@pytest.mark.parametrize("name, issuer, date, number", [
    ("reg-05.txt", "国务院", "1994-07-19", "国务院令第158号"),  # 国务院令第158号发布, later amended
    ("reg-01.txt", "烟台市人民代表大会常务委员会", "2021-08-26", None),  # adopted, then approved
    ("reg-12.txt", "国家档案局", "1999-06-07", None),  # 国务院批准, then 国家档案局发布
    ("reg-15.txt", "国务院证券委员会", "1997-12-25", None),  # approved, published, in force
])
def test_a_regulations_history_under_its_title_gives_issuer_date_and_number(name, issuer, date, number):
    [doc], _ = ingest_file(Path(__file__).parent / "fixtures" / "real" / name)
    assert (doc.issuer, doc.date, doc.number) == (issuer, date, number)
    assert doc.promulgation and all(d.reason == "history" for d in doc.dropped
                                    if d.text.strip() in doc.promulgation.split("\n"))
    assert not any(line.text.strip() in doc.promulgation.split("\n") for line in doc.body)


def test_a_standing_committees_announcement_promulgates_its_regulation() -> None:
    (doc,), problems = _read("congress_announcement_regulation.txt")
    assert problems == []
    assert (doc.title, doc.number, doc.issuer, doc.date, doc.kind) == (
        "浙江省数字经济促进条例", "浙江省人民代表大会常务委员会公告第35号", "浙江省人民代表大会常务委员会",
        "2020-12-24", "条例")
    assert doc.promulgation.startswith("浙江省人民代表大会常务委员会公告\n第35号\n《浙江省数字经济促进条例》")
    # the 目录 is dropped and reported, so each chapter is in the outline once
    assert [(d.line, d.reason) for d in doc.dropped if d.reason == "contents"] == [
        (8, "contents"), (9, "contents"), (10, "contents"), (11, "contents")]
    assert [c.id for c in structure(doc).clauses] == [
        "chp_1", "chp_1__art_1", "chp_1__art_2", "chp_2", "chp_2__art_3", "chp_3", "chp_3__art_4"]
    _lines_accounted(FRAME / "congress_announcement_regulation.txt", [doc])


def test_an_announcement_that_promulgates_nothing_is_its_own_document(tmp_path) -> None:
    (doc,) = _ingest_text(tmp_path, "国家税务总局公告\n2023年第1号\n现将有关事项公告如下：\n"
                                    "一、纳税人应当按规定申报。\n国家税务总局\n2023年1月9日\n")
    assert doc.title == "国家税务总局公告" and not doc.promulgation
    assert not [d for d in doc.dropped if d.reason == "decree"]


def test_a_contents_list_is_dropped_only_when_the_text_repeats_its_first_entry(tmp_path) -> None:
    (doc,) = _ingest_text(tmp_path, "某市条例\n目录\n第一章 总则\n第二章 附则\n第一条 为了规范管理，制定本条例。\n")
    assert not [d for d in doc.dropped if d.reason == "contents"]


def test_a_grouped_addressee_and_a_joint_signature_frame_the_notice_and_what_it_issues() -> None:
    (notice, issued), problems = _read("joint_notice_grouped_addressee.txt")
    assert problems == []
    assert notice.addressee == "各市、区人民政府，苏州工业园区、苏州高新区管委会；市各委办局，各直属单位"
    assert (notice.number, notice.issuer, notice.date) == (
        "苏府办〔2023〕45号", "苏州市人民政府办公室、苏州市财政局", "2023-05-10")
    assert (notice.issues, issued.issued_by) == (issued.slug, notice.slug)
    assert (issued.title, issued.kind) == ("苏州市促进服务业高质量发展若干政策措施", "措施")
    assert [c.id for c in structure(issued).clauses][:3] == ["sec_1", "sec_2", "sec_3"]
    _lines_accounted(FRAME / "joint_notice_grouped_addressee.txt", [notice, issued])


def test_a_disclosure_grid_with_spaced_out_field_names_is_page_metadata() -> None:
    (doc,), problems = _read("disclosure_grid_spaced_keys.txt")
    assert problems == []
    assert doc.title == "国务院办公厅关于进一步优化支付服务提升支付便利性的意见"
    assert (doc.number, doc.issuer, doc.kind) == ("国办发〔2024〕10号", "国务院办公厅", "意见")
    assert doc.date == "2023-03-20"  # 成文日期 of the grid, before the page's 发布日期
    assert dict(doc.metadata)["索引号"] == "000014349/2023-00012"
    assert [d.reason for d in doc.dropped if d.line <= 7] == ["page_metadata"] * 7
    _lines_accounted(FRAME / "disclosure_grid_spaced_keys.txt", [doc])


def test_a_title_only_the_grid_gives_is_the_title(tmp_path) -> None:
    (doc,) = _ingest_text(tmp_path, "标　　题：某市关于促进消费的若干措施\n发文字号：某府〔2024〕3号\n"
                                    "一、发放消费券。\n二、支持汽车消费。\n")
    assert (doc.title, doc.number) == ("某市关于促进消费的若干措施", "某府〔2024〕3号")


def test_an_attachment_list_after_the_signature_still_parts_the_notice_from_its_plan() -> None:
    (notice, plan), problems = _read("attachments_after_signature.txt")
    assert problems == []
    assert notice.attachments == ("重点任务分工表", "政策清单")
    assert (notice.issues, plan.title) == (plan.slug, "广东省推动大规模设备更新和消费品以旧换新实施方案")
    assert [c.id for c in structure(notice).clauses] == ["preface", "end"]
    assert structure(plan).clauses[2].lead_units == ("省工业和信息化厅",)
    _lines_accounted(FRAME / "attachments_after_signature.txt", [notice, plan])


def test_the_red_head_issuer_mark_with_wen_jian_is_not_the_title() -> None:
    (notice, plan), problems = _read("red_head_issuer_mark.txt")
    assert problems == []
    assert notice.title == "杭州市人民政府关于印发杭州市加快推进城市更新工作实施方案的通知"
    assert (notice.number, notice.issuer, notice.kind) == ("杭政〔2023〕12号", "杭州市人民政府", "通知")
    assert [d.reason for d in notice.dropped][:4] == ["issuer_mark", "doc_number", "title", "title_part"]
    assert plan.title == "杭州市加快推进城市更新工作实施方案"
    _lines_accounted(FRAME / "red_head_issuer_mark.txt", [notice, plan])


def test_the_web_pages_own_title_with_the_site_name_is_dropped_as_a_headline() -> None:
    (doc,), problems = _read("page_title_with_site_name.txt")
    assert problems == []
    assert doc.title == "国务院关于加快构建全国统一大市场的意见"
    assert [d.reason for d in doc.dropped][:2] == ["headline", "title"]
    _lines_accounted(FRAME / "page_title_with_site_name.txt", [doc])


def test_a_report_names_its_signer_and_ends_with_its_contact_note() -> None:
    (doc,), problems = _read("report_with_signer.txt")
    assert problems == []
    assert (doc.title, doc.number, doc.kind) == (
        "某市人民政府办公室关于报送2023年工作总结的报告", "某府办〔2024〕3号", "报告")
    assert doc.addressee == "市人民政府"
    assert dict(doc.metadata)["签发人"] == "张三"
    assert doc.notes == ("（联系人：李四，电话：12345678）",)
    assert structure(doc).clauses[-1].id == "end"
    _lines_accounted(FRAME / "report_with_signer.txt", [doc])


@pytest.mark.parametrize("line, number, who", [
    ("签发人：张三", None, "张三"),
    ("某府办〔2024〕3号　　签发人：张三", "某府办〔2024〕3号", "张三"),
])
def test_a_signer_line_alone_or_after_the_number(line, number, who) -> None:
    from build_tools.ingest.frame import SIGNER_LINE
    match = SIGNER_LINE.match(line)
    assert (match.group("n") and match.group("n").replace("\u3000", "").strip(), match.group("who")) == (number, who)


def test_a_national_law_its_standing_committee_and_a_contents_list_with_sections() -> None:
    (doc,), problems = _read("national_law_with_contents.txt")
    assert problems == []
    assert (doc.title, doc.kind, doc.issuer, doc.date) == (
        "中华人民共和国行政许可法", "法", "全国人民代表大会常务委员会", "2003-08-27")
    assert [d.line for d in doc.dropped if d.reason == "contents"] == list(range(3, 10))
    ids = [c.id for c in structure(doc).clauses]
    assert ids.count("chp_1") == 1 and "chp_3__subchp_2__art_5" in ids
    _lines_accounted(FRAME / "national_law_with_contents.txt", [doc])


def test_a_download_link_and_the_sites_footer_are_chrome_not_text() -> None:
    (notice, plan), problems = _read("web_page_download_and_footer.txt")
    assert problems == []
    assert notice.addressee == "各县（市、区）人民政府，市政府各部门"
    assert [(d.line, d.reason) for d in plan.dropped if d.line >= 15] == [
        (15, "download"), (16, "buttons"), (17, "sidebar"), (18, "sidebar"), (19, "sidebar")]
    _lines_accounted(FRAME / "web_page_download_and_footer.txt", [notice, plan])


def test_a_web_date_under_the_title_is_the_pages_not_the_documents() -> None:
    (doc,), problems = _read("web_date_under_title.txt")
    assert problems == []
    assert [(d.line, d.reason) for d in doc.dropped] == [(1, "title"), (2, "doc_number"), (3, "post_date")]
    assert doc.addressee.startswith("各省、自治区、直辖市及新疆生产建设兵团")
    assert (doc.issuer, doc.date) == ("人力资源社会保障部、教育部", "2024-03-15")  # the signature's
    _lines_accounted(FRAME / "web_date_under_title.txt", [doc])


def test_a_presidential_order_gives_the_laws_number_and_the_congress_that_adopted_it() -> None:
    (doc,), problems = _read("presidential_order_law.txt")
    assert problems == []
    assert (doc.title, doc.kind, doc.number, doc.issuer, doc.date) == (
        "中华人民共和国外国国家豁免法", "法", "中华人民共和国主席令第十一号", "全国人民代表大会常务委员会",
        "2023-09-01")
    _lines_accounted(FRAME / "presidential_order_law.txt", [doc])


def test_a_laws_history_naming_a_presidential_order_keeps_the_congress_as_issuer(tmp_path) -> None:
    (doc,) = _ingest_text(tmp_path, "某某法\n2023年9月1日第十四届全国人民代表大会常务委员会第五次会议通过\n"
                                    "2023年9月1日中华人民共和国主席令第十一号公布\n第一条　为了规范管理，制定本法。\n")
    assert (doc.number, doc.issuer, doc.date) == ("主席令第十一号", "全国人民代表大会常务委员会", "2023-09-01")


def test_a_forwarded_departments_text_keeps_its_own_number_and_the_notices_place() -> None:
    from build_tools.region import region_of
    (notice, text), problems = _read("forwarded_department_text.txt")
    assert problems == []
    assert notice.addressee == "各市、县（市、区）人民政府，省各委办厅局，省各直属单位"
    assert (text.title, text.number, text.issuer) == (
        "关于推进低空经济高质量发展的意见", "苏发改高技发〔2024〕300号", "省发展改革委")
    assert region_of(structure(text)) == region_of(structure(notice)) == "江苏省"
    _lines_accounted(FRAME / "forwarded_department_text.txt", [notice, text])


def test_a_title_opening_on_the_issuing_verb_starts_with_the_joint_issuers_above_it() -> None:
    # 中共…办公厅　…人民政府办公厅 / 印发《X》的通知: the title's 事由 opens on 印发, so the organs
    # above are its 发文机关; 主送 names 机关 and 团体
    (notice, issued), problems = _read("joint_party_government_issuing_title.txt")
    assert problems == []
    assert notice.title == "中共北京市委办公厅 北京市人民政府办公厅印发《关于加快建设全球数字经济标杆城市的实施方案》的通知"
    assert notice.issuer == "中共北京市委办公厅、北京市人民政府办公厅"
    assert notice.addressee == "各区委、区政府，市委各部委办，市各国家机关，各人民团体"
    assert (issued.title, issued.kind, issued.issued_by) == (
        "关于加快建设全球数字经济标杆城市的实施方案", "方案", notice.slug)
    _lines_accounted(FRAME / "joint_party_government_issuing_title.txt", [notice, issued])


@pytest.mark.parametrize("line", ["〔十六届〕第十二号", "（十三届）第8号", "第35号"])
def test_a_congress_announcement_numbered_by_term_gives_the_regulation_its_number(tmp_path, line) -> None:
    text = (FRAME / "congress_announcement_numbered_by_term.txt").read_text(encoding="utf-8")
    (doc,) = _ingest_text(tmp_path, text.replace("〔十六届〕第十二号", line, 1))
    assert (doc.title, doc.kind, doc.issuer, doc.date) == (
        "上海市浦东新区绿色金融发展若干规定", "规定", "上海市人民代表大会常务委员会", "2024-11-28")
    assert doc.number == "上海市人民代表大会常务委员会公告" + re.sub(r"\s", "", line)


def test_a_web_pages_text_size_switch_is_chrome_and_the_title_below_it_the_title() -> None:
    (doc,), problems = _read("web_page_text_size_switch.txt")
    assert problems == []
    assert (doc.title, doc.number, doc.issuer, doc.date) == (
        "郑州市人民政府关于加快建设国家中心城市的意见", "郑政〔2023〕9号", "郑州市人民政府", "2023-06-08")
    assert {d.line: d.reason for d in doc.dropped}[2] == "font_widget"
    _lines_accounted(FRAME / "web_page_text_size_switch.txt", [doc])


def test_a_plan_outline_in_parts_nests_its_chapters_and_sections_under_each_part() -> None:
    (doc,), _ = _read("plan_outline_with_parts.txt")
    clauses = structure(doc).clauses
    assert [(c.id, c.level) for c in clauses if c.heading] == [
        ("book_1", 1), ("book_1__chp_1", 2), ("book_1__chp_2", 2), ("book_2", 1), ("book_2__chp_3", 2),
        ("book_2__chp_3__subchp_1", 3), ("book_2__chp_3__subchp_2", 3)]


def test_an_attachment_page_label_opens_the_issued_text_and_is_no_attachment_name() -> None:
    # 附件1 alone atop the attachment's page, its title below (GB/T 9704 7.3.7)
    (notice, issued), problems = _read("attachment_pages_after_signature.txt")
    assert problems == []
    assert notice.attachments == ("合肥市促进经济高质量发展若干政策", "政策责任分工表")
    assert (notice.date, notice.signature) == ("2024-03-15", ("合肥市人民政府",))
    assert (issued.title, issued.kind, issued.attachments) == ("合肥市促进经济高质量发展若干政策", "政策", ())
    assert [c.id for c in structure(issued).clauses][:2] == ["sec_1", "sec_1__item_1"]
    _lines_accounted(FRAME / "attachment_pages_after_signature.txt", [notice, issued])


def test_a_ministry_decree_numbered_by_year_gives_its_regulation_number_issuer_and_date() -> None:
    (doc,), problems = _read("ministry_decree_numbered_by_year.txt")
    assert problems == []
    assert (doc.title, doc.kind, doc.number, doc.issuer, doc.date) == (
        "道路运输车辆技术管理规定", "规定", "中华人民共和国交通运输部令2024年第5号", "交通运输部", "2024-03-05")
    _lines_accounted(FRAME / "ministry_decree_numbered_by_year.txt", [doc])


def test_a_news_report_that_carries_the_full_text_parts_from_it_at_the_lead_in() -> None:
    # 新华社…电 近日，A、B印发了《X》… / 《X》全文如下。 / X: the report, then the text
    (report, text), problems = _read("news_report_carrying_full_text.txt")
    assert (report.role, report.kind, report.issuer) == ("news", "新闻稿", "中共中央办公厅、国务院办公厅")
    assert (text.role, text.title, text.kind, text.issuer, text.issued_by) == (
        "official", "关于加快公共数据资源开发利用的意见", "意见", "中共中央办公厅、国务院办公厅", report.slug)
    assert [c.id for c in structure(text).clauses][:2] == ["preface", "sec_1"]
    _lines_accounted(FRAME / "news_report_carrying_full_text.txt", [report, text])


def test_joint_issuers_side_by_side_in_the_title_and_a_date_line_under_it() -> None:
    (doc,), problems = _read("central_joint_title_date_line.txt")
    assert problems == []
    assert (doc.issuer, doc.date, doc.kind) == ("中共中央、国务院", "2023-12-27", "意见")


def test_the_sites_abridgement_note_under_the_signature_is_a_note_not_the_next_title() -> None:
    (notice, issued), problems = _read("gov_cn_page_abridged_note.txt")
    assert problems == []
    assert (notice.number, notice.date, notice.notes) == ("国发〔2024〕7号", "2024-03-07", ("（本文有删减）",))
    assert (issued.title, issued.kind) == ("推动大规模设备更新和消费品以旧换新行动方案", "方案")
    _lines_accounted(FRAME / "gov_cn_page_abridged_note.txt", [notice, issued])


def test_a_sites_column_tag_before_the_title_is_no_part_of_it() -> None:
    (notice, issued), problems = _read("site_column_tag_before_title.txt")
    assert problems == []
    assert (notice.title, notice.number) == ("关于印发南宁市加快发展现代服务业若干措施的通知", "南府规〔2023〕8号")
    assert issued.title == "南宁市加快发展现代服务业若干措施"
    assert any(d.line == 1 and d.text.startswith("【政策文件】") for d in notice.dropped)


@pytest.mark.parametrize("text, date", [
    ("2018525", "2018-05-25"),  # 5-25: 52-5 is no date
    ("20180525", "2018-05-25"),
    ("{ 2017 6 23", "2017-06-23"),
    ("2018111", None),  # 1-11 or 11-1
    ("2018 13 2", None),
    ("2020", None),
])
def test_a_date_that_lost_its_year_month_day_marks_reads_only_one_way(text: str, date) -> None:
    from build_tools.ingest.frame import bare_date

    assert bare_date(text) == date


def test_a_title_that_reaches_a_kind_inside_an_open_book_title_goes_on() -> None:
    """…若干政策 ends in a 文种 (政策) inside an open 《: the title goes on to 实施方案."""
    from build_tools.ingest.frame import read_title, title_text
    from build_tools.model import Line

    lines = [Line(1, "示例市贯彻落实《关于稳住经济的若干政策"), Line(2, ""), Line(3, "措施》实施方案"),
             Line(4, "为贯彻落实,制定本方案。")]
    assert title_text(lines, read_title(lines, 0))[0] == "示例市贯彻落实《关于稳住经济的若干政策措施》实施方案"


@pytest.mark.parametrize("line, number, date", [
    ("(国检监〔1989〕565号 一九八九年十月十六日)", "国检监〔1989〕565号", "1989-10-16"),
    ("国发〔2013〕19号  2013-05-15  全文有效", "国发〔2013〕19号", "2013-05-15"),
    ("2000年12月28日 税委会[2000]17号", "税委会[2000]17号", "2000-12-28"),
])
def test_a_law_databases_line_of_number_and_date_gives_both(tmp_path, line: str, number: str, date: str) -> None:
    (tmp_path / "page.txt").write_text(f"国家示例局关于加强示例工作的通知\n{line}\n各省、自治区、直辖市示例局:\n"
                                       "为加强示例工作,现通知如下。\n", encoding="utf-8")
    (doc,), _ = ingest_file(tmp_path / "page.txt")
    assert (doc.number, doc.date) == (number, date)

