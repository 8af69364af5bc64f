"""Citations between documents: found in every written form, resolved by 文号 then title,
linked on the page, listed as cited-by and as cited-but-missing."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.citations import cite_all, cited_by, find_citations, is_document_title, missing, normal_number
from build_tools.model import Analysis, ClauseRef
from build_tools.render import document_page
from build_tools.render_indexes import citation_pages

FIXTURES = Path(__file__).parent / "fixtures" / "citations"


def written(text: str) -> list[str]:
    return [text[f.start:f.end] for f in find_citations(text)]


@pytest.mark.parametrize("text, expected", [
    ("贯彻《国务院关于促进融资担保行业加快发展的意见》（国发〔2015〕43号）精神",
     ["《国务院关于促进融资担保行业加快发展的意见》（国发〔2015〕43号）"]),
    ("贯彻《关于加快市区发展的若干意见》(绍市委发〔2006〕112号)", ["《关于加快市区发展的若干意见》(绍市委发〔2006〕112号)"]),
    ("按照国发[2015]43号文件要求", ["国发[2015]43号"]),
    ("根据国办发〔2019〕6号和浙政发〔2020〕1号", ["国办发〔2019〕6号", "浙政发〔2020〕1号"]),
    ("依据中华人民共和国国务院令第158号", ["中华人民共和国国务院令第158号"]),
    ("依据交通运输部令2024年第5号", ["交通运输部令2024年第5号"]),
    ("依照《中共岳阳市委关于印发〈岳阳市人才若干措施〉的通知》（岳发〔2021〕17号）",
     ["《中共岳阳市委关于印发〈岳阳市人才若干措施〉的通知》（岳发〔2021〕17号）"]),
    ("违反《杭州市养犬管理条例》第四条规定", ["《杭州市养犬管理条例》第四条"]),
    ("违反本条例第二十三条规定", ["本条例第二十三条"]),
    ("持《不动产权证》和《商品房买卖合同》办理", []),
    ("《东莞市住房建设“十四五”规划》和《珠江三角洲地区改革发展规划纲要(2008—2020年)》",
     ["《东莞市住房建设“十四五”规划》", "《珠江三角洲地区改革发展规划纲要(2008—2020年)》"]),
])
def test_citations_are_found_in_every_written_form(text: str, expected: list[str]) -> None:
    assert written(text) == expected


def test_a_short_name_stands_for_the_citation_it_was_given_to() -> None:
    text = "《中华人民共和国档案法》(以下简称《档案法》)规定……依照《档案法》第六条"
    found = find_citations(text)
    assert [f.title for f in found] == ["中华人民共和国档案法", "中华人民共和国档案法"]
    assert found[1].article == "第六条"


def test_certificates_and_contracts_are_not_documents() -> None:
    assert not is_document_title("不动产权证")
    assert not is_document_title("商品房买卖合同")
    assert is_document_title("城市供水条例")
    assert is_document_title("关于进一步促进岳阳市城区房地产市场平稳健康发展的若干措施(试行)")


def test_document_numbers_compare_across_bracket_styles() -> None:
    assert normal_number("国发[2015]43号") == normal_number("国发〔2015〕43号") == normal_number("国发（2015）第43号")
    assert normal_number("中华人民共和国国务院令第707号") == normal_number("国务院令 第707号")
    assert normal_number("中华人民共和国交通运输部令2024年第5号") == normal_number("交通运输部令 2024年第5号")


@pytest.fixture(scope="module")
def corpus():
    documents, problems = load_corpus(FIXTURES)
    citations, cite_problems = cite_all(documents)
    return documents, citations, cite_problems


def by_text(citations, document: str) -> dict[str, object]:
    return {c.text: c for ref, items in citations.items() if ref.document == document for c in items}


def test_citations_resolve_by_number_then_title_to_documents_and_articles(corpus) -> None:
    _, citations, _ = corpus
    found = by_text(citations, "hangzhou-notice")
    council = found["《国务院关于促进融资担保行业加快发展的意见》（国发〔2015〕43号）"]
    assert (council.status, council.target) == ("resolved", ClauseRef("state-council", ""))
    bare = found["国发[2015]43号"]
    assert (bare.status, bare.target) == ("resolved", ClauseRef("state-council", ""))
    article = found["《杭州市养犬管理条例》第四条"]
    assert article.target == ClauseRef("dog-regulation", "chp_2__art_4")
    no_such_article = found["《杭州市养犬管理条例》第九条"]
    assert no_such_article.target == ClauseRef("dog-regulation", "")
    assert found["《中华人民共和国水法》"].status == "missing"
    assert found["《关于印发〈杭州市河道管理办法〉的通知》"].status == "missing"
    assert not any("不动产权证" in text for text in found)


def test_an_article_reference_inside_a_regulation_links_to_its_own_article(corpus) -> None:
    _, citations, _ = corpus
    found = by_text(citations, "dog-regulation")
    assert found["本条例第三条"].status == "internal"
    assert found["本条例第三条"].target == ClauseRef("dog-regulation", "chp_2__art_3")


def test_same_title_of_two_cities_resolves_only_within_the_citing_region(corpus) -> None:
    _, citations, problems = corpus
    local = by_text(citations, "hangzhou-notice")["《关于加强城市管理的意见》"]
    assert local.target == ClauseRef("hangzhou-city", "")
    elsewhere = by_text(citations, "ningbo-notice")
    assert {c.status for c in elsewhere.values()} == {"ambiguous"}
    assert all(c.target is None for c in elsewhere.values())
    messages = [str(p) for p in problems]
    assert any(m.startswith("ningbo_notice.txt:3: warning: citation") and "hangzhou-city" in m
               and "shaoxing-city" in m for m in messages), messages


def test_cited_by_and_missing_lists(corpus) -> None:
    _, citations, _ = corpus
    citing = cited_by(citations)
    assert citing["state-council"] == [ClauseRef("hangzhou-notice", "preface"),
                                       ClauseRef("hangzhou-notice", "sec_1")]
    assert "dog-regulation" in citing and ClauseRef("dog-regulation", "chp_2__art_4") not in citing["dog-regulation"]
    assert set(missing(citations)) == {"中华人民共和国水法", "关于印发杭州市河道管理办法的通知"}


def test_pages_link_citations_and_list_citing_clauses(corpus) -> None:
    documents, citations, _ = corpus
    analysis = Analysis(citations=citations)
    titles = {d.id: d.title for d in documents}
    clause_by_ref = {ClauseRef(d.id, c.id): c for d in documents for c in d.clauses}
    notice = next(d for d in documents if d.id == "hangzhou-notice")
    page = document_page(notice, analysis, titles, clause_by_ref)
    assert "](state-council.md)" in page
    assert "](dog-regulation.md#chp_2__art_4)" in page
    # a body paragraph is raw HTML: it carries links only when Markdown reads inside it
    assert '<p markdown="span">为贯彻落实[《国务院关于促进融资担保行业加快发展的意见》' in page
    assert '<p id="preface" class="clause-body" data-label="序言">' in page
    council = next(d for d in documents if d.id == "state-council")
    cited_page = document_page(council, analysis, titles, clause_by_ref,
                               citing=cited_by(citations)["state-council"])
    assert "本档案中引用本文件的条目（2）" in cited_page
    assert "](hangzhou-notice.md#sec_1)" in cited_page
    index = citation_pages(documents, analysis)["indexes/cited.md"]
    assert "《中华人民共和国水法》" in index and "hangzhou-notice.md#sec_1" in index


def test_seed_citations_are_found_and_none_is_linked_wrongly() -> None:
    documents, _ = load_corpus(Path(__file__).parent.parent / "seeds")
    citations, problems = cite_all(documents)
    found = [c for items in citations.values() for c in items]
    assert len(found) >= 15
    assert {c.status for c in found} <= {"missing", "self", "internal"}


def test_built_site_links_citations_and_strict_mode_checks_them(tmp_path: Path) -> None:
    from sitebuild import build_site

    site = build_site(FIXTURES, tmp_path / "project")
    notice = site.page("documents/hangzhou-notice/")
    assert '<a href="../state-council/">《国务院关于促进融资担保行业加快发展的意见》（国发〔2015〕43号）</a>' in notice
    assert '<a href="../dog-regulation/#chp_2__art_4">《杭州市养犬管理条例》第四条</a>' in notice
    regulation = site.page("documents/dog-regulation/")
    assert '<a href="#chp_2__art_3">本条例第三条</a>' in regulation
    assert "../hangzhou-notice/#sec_2" in regulation  # cited by
    cited = site.page("indexes/cited/")
    assert "《中华人民共和国水法》" in cited
    clause = next(c for d in site.corpus()["documents"] if d["id"] == "hangzhou-notice"
                  for c in d["clauses"] if c["id"] == "sec_2")
    assert clause["citations"][0] == {
        "text": "《杭州市养犬管理条例》第四条", "title": "杭州市养犬管理条例", "number": None,
        "article": "第四条", "status": "resolved",
        "target": {"document": "dog-regulation", "clause": "chp_2__art_4"}}


def test_a_stated_number_decides_over_a_title_of_another_edition(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text(
        "某市人民政府办公室关于印发某市住房保障若干措施的通知\n\n某政办发〔2023〕5号\n\n"
        "各县区人民政府:\n\n《某市住房保障若干措施》(某政办发〔2022〕9号)施行以来成效明显,现修订印发《某市住房保障若干措施》,请认真执行。\n\n"
        "某市人民政府办公室\n\n2023年5月1日\n\n某市住房保障若干措施\n\n一、扩大保障范围\n\n将新市民纳入保障。\n",
        encoding="utf-8")
    (tmp_path / "later.txt").write_text("某市人民政府关于住房工作的意见\n\n一、落实保障\n\n认真落实某政办发〔2023〕5号文件。\n",
                                        encoding="utf-8")
    documents, _ = load_corpus(tmp_path)
    citations, _ = cite_all(documents)
    found = {c.text: c for items in citations.values() for c in items}
    assert found["《某市住房保障若干措施》(某政办发〔2022〕9号)"].status == "missing"  # the earlier edition
    assert found["《某市住房保障若干措施》"].target == ClauseRef("notice-issued", "")
    assert found["某政办发〔2023〕5号"].target == ClauseRef("notice-issued", "")  # the issued text, not its notice


def test_a_ministry_decree_numbered_by_year_is_cited_by_its_number(tmp_path: Path) -> None:
    frame = Path(__file__).parent / "fixtures" / "frame" / "ministry_decree_numbered_by_year.txt"
    (tmp_path / "decree.txt").write_text(frame.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "later.txt").write_text(
        "道路旅客运输及客运站管理规定\n（2020年7月6日交通运输部令2020年第17号公布）\n"
        "第一条　车辆技术管理依照《道路运输车辆技术管理规定》（交通运输部令2024年第5号）执行。\n",
        encoding="utf-8")
    documents, _ = load_corpus(tmp_path)
    assert {d.id: d.source.number for d in documents} == {
        "decree": "中华人民共和国交通运输部令2024年第5号", "later": "交通运输部令2020年第17号"}
    citations, _ = cite_all(documents)
    (found,) = [c for items in citations.values() for c in items]
    assert found.target == ClauseRef("decree", "")
