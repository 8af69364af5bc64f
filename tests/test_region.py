"""Region: province → city → district from the sidecar, issuer, 索引号 (统一社会信用代码) and
title, read through the administrative-division dataset; and the places index nested by it."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.region import (credit_code_region, leading_place_length, parse_divisions, place_region,
                                region_path)
from build_tools.render_places import place_pages

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, names", [
    ("宁国市人民政府关于印发宁国市促进房地产市场平稳健康发展十条措施的通知", ("安徽省", "宣城市", "宁国市")),
    ("宁乡市住房和城乡建设局、长沙住房公积金管理中心宁乡市管理部", ("湖南省", "长沙市", "宁乡市")),
    ("国家税务总局东莞市税务局", ("广东省", "东莞市")),
    ("浙江杭州2020年滨海新区工作思路", ("浙江省", "杭州市")),  # 滨海新区 of 天津 is not inside 杭州
    ("推进杭州都市经济圈一体化行动纲要", ("浙江省", "杭州市")),
    ("黔东南州人民政府办公室", ("贵州省", "黔东南苗族侗族自治州")),
    ("上海市浦东新区人民政府", ("上海市", "浦东新区")),
    ("省住房城乡建设厅 江苏省住房和城乡建设厅", ("江苏省",)),
    ("南京市鼓楼区人民政府", ("江苏省", "南京市", "鼓楼区")),
])
def test_a_text_names_its_divisions_from_the_province_down(text: str, names: tuple[str, ...]) -> None:
    found = place_region(text)
    assert found is not None and found.names == names


@pytest.mark.parametrize("text", [
    "鼓楼区人民政府",  # several 鼓楼区, nothing to tell them apart
    "太白湖新区",  # 太白 is a county's short name; a county is written in full
    "关于建设太湖生态保护区的意见",
    "安宁疗护服务规范",
    "关于进一步促进房地产市场平稳健康发展的若干措施",
])
def test_no_region_where_no_division_is_named_for_sure(text: str) -> None:
    assert place_region(text) is None


@pytest.mark.parametrize("text, length", [
    ("浙江省杭州市西湖区住宅小区管理办法", 9),
    ("上海市中华鲟保护管理条例", 3),
    ("杭州养犬管理条例", 2),
    ("城市供水条例", 0),
    ("市容管理办法", 0),
])
def test_the_places_a_text_starts_with_are_measured_by_name(text: str, length: int) -> None:
    assert leading_place_length(text) == length


def test_the_dataset_lines_become_divisions_by_level() -> None:
    text = ("浙江省\t330000\t浙江\n\t杭州市\t330100\t杭州\n\t\t西湖区\t330106\t西湖\n\t\t\t北山街道\n"
            "上海市\t310000\t上海\n\t上海市\t310000\t上海\n\t\t浦东新区\t310115\t浦东\n\t\t无代码区\n")
    assert [(d.name, d.code, d.level) for d in parse_divisions(text)] == [
        ("浙江省", "330000", 0), ("杭州市", "330100", 1), ("西湖区", "330106", 2),
        ("上海市", "310000", 0), ("浦东新区", "310115", 2)]


def test_a_credit_code_with_a_valid_check_character_gives_its_division() -> None:
    assert credit_code_region("11370800670547056Y/2017-00005").names == ("山东省", "济宁市")
    assert credit_code_region("11370800670547056X/2017-00005") is None  # check character wrong
    assert credit_code_region("370800/2017-00005") is None


def _docs(path: Path):
    documents, _ = load_corpus(path)
    return {d.id: d for d in documents}


@pytest.fixture(scope="module")
def seeds():
    return _docs(REPO / "seeds")


def test_seed_documents_are_filed_where_their_sidecars_and_texts_place_them(seeds) -> None:
    names = {i: region_path(d).names for i, d in seeds.items() if region_path(d)}
    # the sidecars, each with its evidence: 004's "四区" are Shaoxing's districts although its
    # title says 杭州; 001-5 was signed by the mayors of four cities of Zhejiang
    assert names["004-2f001e7e59a5abec"] == names["000-aa956a1b4a998e8a"] == ("浙江省", "绍兴市")
    assert names["001-41fdb1d0b6ca1f9e-5"] == ("浙江省",)
    assert names["003-cb4907d4163f6bcb"] == ("山东省", "济宁市")  # its sidecar and its 索引号
    assert names["002-07a400a1cc67f440"] == ("河北省", "秦皇岛市")  # its sidecar (an editor's note)


def test_a_title_and_issuer_naming_no_place_give_no_region(seeds) -> None:
    doc = seeds["002-07a400a1cc67f440"]  # 市人民政府关于…: the text names no city
    assert region_path(replace(doc, source=replace(doc.source, region=None, issuer=None))) is None


def test_a_national_organ_is_filed_as_national(seeds) -> None:
    doc = seeds["002-07a400a1cc67f440"]
    for issuer, title in (("国务院办公厅", doc.title), ("财政部", doc.title),
                          (None, "国家发展改革委关于做好近期促进消费工作的通知"),
                          ("国务院", "国务院关于支持深圳建设先行示范区的意见"),
                          ("财政部办公厅", doc.title)):
        changed = replace(doc, title=title, source=replace(doc.source, issuer=issuer, region=None))
        assert region_path(changed).names == ("全国",)


def test_places_index_nests_province_city_district_national_first_unknown_last(seeds) -> None:
    doc = seeds["002-07a400a1cc67f440"]
    def with_issuer(i: int, issuer: str | None):
        return replace(doc, id=f"d{i}", source=replace(doc.source, issuer=issuer, region=None, slug=f"d{i}"))
    docs = [with_issuer(1, "杭州市西湖区人民政府"), with_issuer(2, "浙江省人民政府"), with_issuer(3, "国务院"),
            with_issuer(4, None), with_issuer(5, "杭州市人民政府"), with_issuer(6, "北京市人民政府")]
    page = place_pages(docs)["indexes/places.md"]
    headings = [line.split(" {#")[0] for line in page.splitlines() if line.startswith("#")][1:]
    assert headings == ["## 全国", "## 北京市", "## 浙江省", "### 杭州市", "#### 西湖区", "## 未注明"]
    body = page[page.index("## 浙江省"):]
    assert body.index("d2.md") < body.index("### 杭州市") < body.index("d5.md") < body.index("#### 西湖区") \
        < body.index("d1.md")


def test_hand_scored_texts_hold_the_level_reached() -> None:
    """tests/region_report.py on fixtures/region_gold.yaml: 43/44 (the miss, 太白湖新区, is a
    functional zone the dataset does not hold; its document is filed by its 索引号) and 19/19."""
    from region_report import score
    result = score()
    assert result["sample"][0] >= 43 and result["divisions"][0] >= 19, result


def test_a_page_and_the_export_state_the_region_the_places_index_files_the_document_under(seeds) -> None:
    from build_tools.doc_list import document_rows
    from build_tools.export import _document
    from build_tools.model import Analysis
    from build_tools.render import document_page, inline
    from build_tools.safe_markup import esc

    doc = seeds["002-07a400a1cc67f440"]
    derived = replace(doc, source=replace(doc.source, region=None, issuer="杭州市西湖区人民政府"))
    stated = replace(doc, source=replace(doc.source, region="山东省济宁市太白湖新区"))
    for case, expected in ((derived, "浙江省杭州市西湖区"), (stated, "山东省济宁市太白湖新区")):
        page = document_page(case, Analysis(), {case.id: case.title}, {}, "https://example.org/")
        assert f"<dt>地区</dt><dd>{expected}</dd>" in page
        assert _document(case, Analysis(), "https://example.org/")["region"] == expected
        assert f"| {expected} |" in "\n".join(document_rows([case], esc, inline))
    places = place_pages([derived])["indexes/places.md"]
    assert places.index("#### 西湖区") < places.index(f"{derived.id}.md")
