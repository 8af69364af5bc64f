"""Similar measures: quality on the judged dev sample, and the linker's invariants.

The dev-sample floors are the level the linker reaches (see the report in README/issue
notes); a change that loses links a reader wants, or shows the judged hard negatives,
fails here. The invariants are checked on small corpora built in the test.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.ingest import ingest_file
from build_tools.model import Clause, ClauseRef, Document, SourceDocument
from build_tools.segment import default_segmenter
from build_tools.similarity import LinkSettings, link, linkable_units
from build_tools.structure import structure

from gold import ClauseLocator, load_pairs, score_links

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Floors: the measured level of the fitted model on the dev sample (recall 0.267, grade 2
# 0.379, precision 1.000, none of 15 hard negatives shown), less one judged end of slack.
# The dev sample is also training data here: the honest, out-of-fold figures are held by
# test_cross_validated_figures_hold_their_level.
RECALL_FLOOR = 0.25
GRADE2_RECALL_FLOOR = 0.36
PRECISION_FLOOR = 0.95
HARD_NEGATIVES_CEILING = 0.05
# Nested out-of-fold floors (tools/train_links.py: every fold's threshold chosen on the other
# folds, and at least the one the annotated sample of the bigger corpus asks for), less one
# judged pair of slack. On the seeds alone the level reached is pool precision 1.000 over 10
# shown, coverage 0.217, dev grade-2 recall 0.345; with the same folds, models and
# thresholds in a corpus of the seeds and the 52 documents of fixtures/real (other cities,
# other subjects, regulations) it is 0.933 over 15, 0.304 and 0.345.
CV_FLOORS = {"pool_precision": 0.90, "pool_coverage": 0.19, "dev_recall_grade2": 0.32}
BIGGER_FLOORS = {"pool_precision": 0.86, "pool_coverage": 0.28, "dev_recall_grade2": 0.32}
CV_NEGATIVES_CEILING = 0.05
# The annotated sample of the links shown among the seeds and fixtures/real (annotators
# stricter than the readers, tests/gold_annotated.py): 42 of its pairs are shown, weighted
# useful share 0.786; the floor is that less one useful pair of the top stratum (0.762).
ANNOTATED_SHARE_FLOOR = 0.76


@pytest.fixture(scope="module")
def seg():
    return default_segmenter()


@pytest.fixture(scope="module")
def corpus():
    from build_tools.build import load_corpus

    documents, _ = load_corpus(SEEDS)
    return documents


@pytest.fixture(scope="module")
def seed_links(corpus, seg):
    """The seed archive's links as the build makes them (with the measures' themes)."""
    from build_tools.themes import classify, load_themes

    return link(corpus, seg, themes=classify(corpus, load_themes(SEEDS.parent / "themes.yaml")[0], seg))


# -- the dev sample -----------------------------------------------------------------------
def test_every_judged_measure_is_found_in_the_archive(corpus):
    locator = ClauseLocator(corpus)
    missing = [
        f"{end.file}: {end.quote}"
        for pair in load_pairs()
        for end in (pair.a, pair.b)
        if locator.locate(end.file, end.quote) is None
    ]
    assert missing == []


def test_every_judged_measure_is_linkable(corpus):
    locator = ClauseLocator(corpus)
    linkable = {unit.ref for unit in linkable_units(corpus)}
    not_linkable = [
        end.label
        for pair in load_pairs()
        for end in (pair.a, pair.b)
        if locator.locate(end.file, end.quote) not in linkable
    ]
    assert not_linkable == []


def test_dev_sample_recall_precision_and_hard_negatives(corpus, seed_links):
    scores = score_links(load_pairs(), corpus, seed_links)
    report = scores.summary() + "\n" + "\n".join(scores.false_links)
    assert scores.recall() >= RECALL_FLOOR, report
    assert scores.recall(2) >= GRADE2_RECALL_FLOOR, report
    assert scores.precision >= PRECISION_FLOOR, report
    assert scores.negatives_shown_rate <= HARD_NEGATIVES_CEILING, report


def test_seed_links_are_symmetric_where_both_sides_rank_each_other(seed_links):
    checked = 0
    for source, similar in seed_links.items():
        for item in similar:
            back = {s.target: s for s in seed_links.get(item.target, ())}
            if source in back:
                checked += 1
                assert back[source].score == item.score
                assert back[source].terms == item.terms
    assert checked > 50


def test_seed_links_name_reasons_a_reader_finds_in_both_texts(corpus, seed_links):
    bodies = {unit.ref: unit.body for unit in linkable_units(corpus)}
    for source, similar in seed_links.items():
        for item in similar:
            assert 1 <= len(item.terms) <= 5
            for term in item.terms:
                assert term in bodies[source].lower() and term in bodies[item.target].lower(), term
            assert item.strength in ("强", "较强")
            assert 0.0 < item.score <= 1.0


@pytest.fixture(scope="module")
def bigger():
    """The seeds and the documents of fixtures/real: the annotated sample's corpus."""
    from gold_annotated import corpus_documents

    return corpus_documents()


@pytest.fixture(scope="module")
def cross_validated(corpus, seg, bigger):
    import sys

    sys.path.insert(0, str(SEEDS.parent / "tools"))
    from train_links import cross_validate

    return cross_validate(corpus, seg, annotated_corpus=bigger)


def test_cross_validated_figures_hold_their_level(cross_validated):
    import json

    from build_tools.similarity import MODEL_PATH

    result = cross_validated
    nested = result["nested"]
    committed = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert committed["report"]["cross_validated"] == nested  # the committed model is this fit
    assert committed["report"]["at_threshold"] == result["chosen"]
    assert committed["threshold"] == result["chosen"]["threshold"]
    assert committed["coef"] == [round(float(v), 6) for v in result["params"][2]]
    assert len(result["out_of_fold"]["thresholds"]) == 5  # one threshold per fold, each chosen without it
    for key, floor in CV_FLOORS.items():
        assert nested[key] >= floor, (key, nested)
    assert nested["dev_negatives_shown"] <= CV_NEGATIVES_CEILING, nested
    thresholds = [c["threshold"] for c in result["curve"]]
    assert thresholds == sorted(thresholds) and len(thresholds) > 50


def test_cross_validated_figures_hold_in_a_corpus_five_times_bigger(corpus, bigger, cross_validated):
    from train_links import transfer

    assert {d.id for d in corpus} < {d.id for d in bigger}
    assert len(linkable_units(bigger)) >= 4 * len(linkable_units(corpus))
    figures = transfer(cross_validated)  # linked among ``bigger``, prepared once there
    assert figures["threshold"] == cross_validated["nested"]["threshold"]
    for key, floor in BIGGER_FLOORS.items():
        assert figures[key] >= floor, (key, figures)
    assert figures["dev_negatives_shown"] <= CV_NEGATIVES_CEILING, figures


def test_the_annotated_sample_locates_every_pair_and_matches_its_strata(bigger):
    import yaml

    from gold_annotated import ANNOTATED, load_annotated

    data = yaml.safe_load(ANNOTATED.read_text(encoding="utf-8"))
    pairs = load_annotated(bigger)  # raises on a pair it cannot locate
    assert len(pairs) == len(data["pairs"]) == sum(s["sampled"] for s in data["sampling"]["strata"])
    for entry in data["pairs"]:
        assert set(entry["grades"]) <= {0, 1, 2} and len(entry["grades"]) == len(entry["why"])
    assert all(p.a.document != p.b.document for p in pairs)
    assert len({frozenset((p.a, p.b)) for p in pairs}) == len(pairs)


def test_links_shown_in_a_bigger_corpus_keep_their_annotated_useful_share(seg, bigger):
    import sys

    sys.path.insert(0, str(SEEDS.parent / "tools"))
    from train_links import seed_themes

    from gold_annotated import load_annotated, shown_share

    shown = link(bigger, seg, themes=seed_themes(bigger, seg))
    share = shown_share(load_annotated(bigger), shown)
    assert share.shown >= 40, share
    assert share.share >= ANNOTATED_SHARE_FLOOR, share


def test_the_annotated_share_interval_holds_the_share_and_narrows_with_more_pairs():
    from build_tools.model import Similar
    from gold_annotated import Annotated, shown_share, shown_share_interval

    def sample(useful: list[bool], shown: int) -> tuple[list, dict]:
        pairs = [Annotated(ClauseRef(f"a{i}", "c"), ClauseRef(f"b{i}", "c"), (2 if u else 0,) * 2, u,
                           1.0 + (i % 2), i % 2) for i, u in enumerate(useful)]
        links = {p.a: [Similar(p.b, 0.9, ())] for p in pairs[:shown]}
        return pairs, links

    few, few_links = sample([True, False, True, True] * 5, 20)
    many, many_links = sample([True, False, True, True] * 50, 200)
    low, high = shown_share_interval(few, few_links)
    assert low < shown_share(few, few_links).share < high
    assert shown_share_interval(few, few_links) == (low, high)  # fixed seed
    many_low, many_high = shown_share_interval(many, many_links)
    assert many_high - many_low < high - low
    assert shown_share_interval(*sample([True] * 8, 4)) == (1.0, 1.0)
    assert shown_share_interval(*sample([True] * 8, 0)) == (0.0, 0.0)  # nothing shown


def test_principles_goals_safeguards_and_sections_are_never_linked(corpus, seed_links):
    roles = {unit.ref: unit.role for unit in linkable_units(corpus)}
    assert {role for role in roles.values()} >= {"measure", "principle", "safeguard", "heading"}
    for source, similar in seed_links.items():
        assert roles[source] == "measure"
        assert all(roles[item.target] == "measure" for item in similar)


# -- invariants on small corpora ------------------------------------------------------------
def _doc(doc_id: str, *measures: str) -> Document:
    """A document whose measures are numbered items 1., 2., … with a run-in heading."""
    source = SourceDocument(file=f"{doc_id}.txt", index=1, title=doc_id, title_lines=(1,),
                            first_line=1, last_line=len(measures) + 1, body=(), metadata=(),
                            issuer=None, date=None, number=None, slug=doc_id)
    clauses = []
    for n, text in enumerate(measures, 1):
        heading = text.split("。")[0]
        clauses.append(Clause(id=f"item_{n}", parent=None, level=3, depth=1, number=f"{n}.",
                              heading=heading, text=f"{n}.{text}", line=n + 1, kind="heading",
                              style="arabic_dot", label=f"{n}."))
    return Document(id=doc_id, title=doc_id, source=source, clauses=tuple(clauses))


TALENT = "建设人才公寓。实施高层次人才引进计划,建设人才公寓,解决高层次人才住房和子女入学问题,设立人才专项资金。"
TALENT_2 = "优化人才环境。实施英才引进计划,提供人才公寓,解决引进人才住房、子女入学和配偶就业,设立人才专项资金。"
HQ = "发展总部经济。建设总部基地和总部楼宇,吸引跨国公司设立地区总部,对新落户总部企业给予奖励。"
HQ_2 = "建设总部经济集聚区。规划总部楼宇,引进企业总部和地区总部,对总部企业落户给予奖励。"
VILLAGE = "推进城中村改造。实施城中村和旧厂房改造,完善拆迁安置和货币化安置政策。"
VILLAGE_2 = "实施城中村改造项目。按照整体规划推进城中村拆迁,做好安置房建设和货币化安置。"
DIGITAL = "推广数字城管。建设数字城管平台,实行网格化管理,城市管理问题及时发现处置。"
DIGITAL_2 = "建立数字城管系统。依托数字城管平台和网格化管理,实现城市管理问题快速处置。"
BRAND = "实施品牌战略。培育知名品牌,争创驰名商标。"
WATER = "加强水源保护。划定饮用水水源保护区,关闭排污口。"


@pytest.fixture(scope="module")
def small_corpus():
    return (
        _doc("doc-a", TALENT, HQ, VILLAGE, BRAND),
        _doc("doc-b", TALENT_2, HQ_2, DIGITAL),
        _doc("doc-c", VILLAGE_2, DIGITAL_2, WATER, TALENT),
    )


def test_same_measures_in_other_documents_are_linked(small_corpus, seg):
    links = link(small_corpus, seg)
    targets = {ref: [s.target for s in similar] for ref, similar in links.items()}
    assert ClauseRef("doc-b", "item_1") in targets[ClauseRef("doc-a", "item_1")]
    assert ClauseRef("doc-b", "item_2") in targets[ClauseRef("doc-a", "item_2")]
    assert ClauseRef("doc-c", "item_1") in targets[ClauseRef("doc-a", "item_3")]
    assert ClauseRef("doc-c", "item_2") in targets[ClauseRef("doc-b", "item_3")]


def test_no_link_stays_inside_its_document(small_corpus, seg):
    for source, similar in link(small_corpus, seg).items():
        assert all(item.target.document != source.document for item in similar)


def test_lists_are_sorted_best_first_ties_by_id_and_at_most_top_k(small_corpus, seg):
    for top_k in (1, 2, 5):
        links = link(small_corpus, seg, LinkSettings(top_k=top_k, threshold=0.0, min_shared=1))
        assert links
        for similar in links.values():
            assert 1 <= len(similar) <= top_k
            keys = [(-s.score, s.target.document, s.target.clause) for s in similar]
            assert keys == sorted(keys)


def test_identical_measures_tie_and_are_ordered_by_id(seg):
    corpus = (_doc("doc-z", TALENT), _doc("doc-y", TALENT), _doc("doc-x", TALENT_2))
    similar = link(corpus, seg)[ClauseRef("doc-x", "item_1")]
    assert [s.target.document for s in similar] == ["doc-y", "doc-z"]
    assert similar[0].score == similar[1].score


def test_unrelated_measures_get_no_list_rather_than_a_padded_one(small_corpus, seg):
    links = link(small_corpus, seg)
    assert ClauseRef("doc-a", "item_4") not in links  # brand: nothing similar elsewhere
    assert ClauseRef("doc-c", "item_3") not in links  # water source protection


def test_links_are_deterministic(small_corpus, seg):
    first = link(small_corpus, seg)
    assert link(small_corpus, seg) == first
    assert link(tuple(reversed(small_corpus)), seg) == first


def test_one_shared_word_is_not_a_link(seg):
    corpus = (
        _doc("doc-a", "搭建招商平台。完善项目落户平台,举办招商推介会,引进外资项目。"),
        _doc("doc-b", "建设产学研平台。依托高校院所共建研发平台,推动科研成果转化。"),
    )
    assert link(corpus, seg) == {}


def test_a_passage_many_documents_repeat_is_not_evidence(seg):
    formula = "全面贯彻落实党的十九大精神以习近平新时代中国特色社会主义思想为指导"
    corpus = tuple(_doc(f"doc-{n}", f"{topic}。{formula},{topic}。")
                   for n, topic in enumerate(("发展智慧农业", "整治河道水质", "扩大养老床位", "推广公交卡")))
    assert link(corpus, seg, LinkSettings(threshold=0.0, min_shared=1)) == {}


def test_blocks_do_not_change_the_result(small_corpus, seg):
    whole = link(small_corpus, seg)
    assert link(small_corpus, seg, LinkSettings(block_budget=1)) == whole


def test_grouping_headings_are_not_linked_but_their_enumerations_are():
    source = SourceDocument(file="d.txt", index=1, title="d", title_lines=(1,), first_line=1,
                            last_line=9, body=(), metadata=(), issuer=None, date=None,
                            number=None, slug="d")
    clauses = (
        Clause("sec_1", None, 1, 1, "一、", "主要任务", "一、主要任务", 2, "heading", "cn_dun", "一"),
        Clause("sec_1__item_1", "sec_1", 3, 2, "1.", "建设人才公寓", "1." + TALENT, 3, "heading",
               "arabic_dot", "一1"),
        Clause("sec_1__hd_1", "sec_1", 2, 2, None, "拓宽融资渠道", "拓宽融资渠道。", 4, "heading",
               "unnumbered", "一"),
        Clause("sec_1__hd_1__enum_1", "sec_1__hd_1", 3, 3, "一是", "发挥银行作用", "一是发挥银行作用。",
               5, "heading", "yishi", "一一是"),
        Clause("sec_2", None, 1, 1, "二、", "加强监督", "二、加强监督", 6, "heading", "cn_dun", "二"),
        Clause("sec_2__body", "sec_2", 2, 2, None, None, "建立督查考核制度。", 7, "body", "body", "二"),
    )
    units = {u.ref.clause: u for u in linkable_units([Document("d", "d", source, clauses)])}
    assert set(units) == {"sec_1__item_1", "sec_1__hd_1", "sec_1__hd_1__enum_1", "sec_2"}
    assert "发挥银行作用" in units["sec_1__hd_1"].body
    assert "督查考核" in units["sec_2"].body
    # a heading over numbered items leads into them: the items are the measures
    assert units["sec_1__hd_1"].role == "heading"
    assert units["sec_1__item_1"].role == "measure"


def test_an_archive_with_nothing_to_link_builds_without_links(tmp_path: Path) -> None:
    source = tmp_path / "only.txt"
    source.write_text("关于测试的通知\n一、总体要求。加强组织领导，完善工作机制。\n二、工作措施\n"
                      "(一)完善制度。健全考核办法。\n", encoding="utf-8")
    (doc,), _ = ingest_file(source)
    assert link((structure(doc),), default_segmenter()) == {}


# -- regulations: norms, procedure, and who leads a measure -------------------------------
DOG_RULES = """甲市养犬管理条例
第一章 总则
第一条 为了规范养犬行为，保障公民人身安全，根据有关法律、法规，结合本市实际，制定本条例。
第二条 本市行政区域内的养犬行为以及相关的管理活动，适用本条例。
第二章 免疫与登记
第三条 犬只应当按照规定定期免疫接种狂犬病疫苗，养犬人应当将犬只送到定点免疫机构接种狂犬病疫苗。
第四条 重点管理区的养犬人应当携犬只向公安机关申请办理养犬登记，领取养犬登记证和犬牌。
第三章 法律责任
第五条 违反本条例第三条规定，未按时接种狂犬病疫苗的，由农业农村部门责令改正，处五百元罚款。
第四章 附则
第六条 本条例自2020年1月1日起施行。
"""
DOG_NOTICE = """关于做好犬只免疫工作的通知
一、推进犬只免疫。犬只应当按照规定定期免疫接种狂犬病疫苗，组织定点免疫机构为犬只接种狂犬病疫苗。
二、规范养犬登记。重点管理区的养犬人应当向公安机关申请办理养犬登记，领取养犬登记证和犬牌。
"""


def _ingest(tmp_path: Path, **texts: str) -> list[Document]:
    documents = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (doc,), _ = ingest_file(path)
        documents.append(structure(doc))
    return documents


def test_regulation_articles_are_norms_and_general_closing_and_penalty_articles_procedure(tmp_path):
    roles = {u.ref.clause: u.role for u in linkable_units(_ingest(tmp_path, rules=DOG_RULES))}
    assert roles == {"chp_1__art_1": "procedure", "chp_1__art_2": "procedure",
                     "chp_2__art_3": "norm", "chp_2__art_4": "norm",
                     "chp_3__art_5": "procedure", "chp_4__art_6": "procedure"}


def test_norms_link_to_norms_of_other_regulations_never_to_measures(tmp_path, seg):
    documents = _ingest(tmp_path, a=DOG_RULES, b=DOG_RULES.replace("甲市", "乙市"), notice=DOG_NOTICE)
    links = link(documents, seg)
    roles = {u.ref: u.role for u in linkable_units(documents)}
    assert [s.target for s in links[ClauseRef("a", "chp_2__art_3")]] == [ClauseRef("b", "chp_2__art_3")]
    for source, similar in links.items():
        assert roles[source] in ("measure", "norm")
        assert all(roles[item.target] == roles[source] for item in similar)
    assert not any(ref.clause in ("chp_1__art_1", "chp_3__art_5") for ref in links)


@pytest.mark.parametrize("title, subject", [
    ("杭州市养犬管理条例", "养犬管理"),
    ("浙江省渔港渔业船舶管理条例", "渔港渔业船舶管理"),
    ("深圳经济特区住宅物业管理条例", "住宅物业管理"),
    ("浙江省杭州市西湖区住宅小区管理办法（试行）", "住宅小区管理"),
    ("山东省实施《中华人民共和国渔业法》办法", "渔业法"),
    ("中华人民共和国数据安全法", "数据安全"),
    ("城市供水条例", "城市供水"),
])
def test_a_regulation_s_subject_is_its_title_without_places_form_and_tail(title, subject):
    from build_tools.regulation_subject import subject as subject_of

    assert subject_of(title) == subject


def test_regulations_of_one_field_on_different_matters_do_not_agree_on_their_subject():
    from build_tools.regulation_subject import agreement

    assert agreement("北京市物业管理条例", "深圳经济特区住宅物业管理条例") >= 0.5
    assert agreement("上海市实施《中华人民共和国突发事件应对法》办法",
                     "广东省实施《中华人民共和国突发事件应对法》办法") == 1.0
    assert agreement("焦作市北山生态环境保护条例", "南阳市生态文明建设促进条例") < 0.5
    assert agreement("山东省实施《中华人民共和国渔业法》办法", "浙江省渔港渔业船舶管理条例") < 0.5


def test_norms_are_not_linked_when_the_titles_name_different_matters(tmp_path, seg):
    other = DOG_RULES.replace("甲市养犬管理条例", "乙市动物防疫条例", 1)
    documents = _ingest(tmp_path, a=DOG_RULES, b=other)
    assert link(documents, seg) == {}
    documents = _ingest(tmp_path, a=DOG_RULES, b=DOG_RULES.replace("甲市", "乙市"))
    assert link(documents, seg)  # the same bodies under titles of one subject are linked


PLAN = """关于推进住房工作的实施方案
一、适用范围
本方案适用于本市新建商品住房项目。
二、主要任务
1.优化公积金贷款。提高住房公积金贷款最高额度，支持缴存职工购买首套住房。
2.本方案所称首套住房，是指购房家庭在本市无住房。
三、加强党的建设
1.坚决维护党中央权威和集中统一领导。以党的政治建设为统领，增强“四个意识”。
2.以务实举措增强党组织政治功能。推进党建与业务深度融合。
"""


def test_what_a_document_says_about_itself_is_procedure_and_party_building_safeguard(tmp_path):
    roles = {u.heading or u.body[:6]: u.role for u in linkable_units(_ingest(tmp_path, plan=PLAN))}
    assert roles["适用范围"] == "procedure"
    assert roles["优化公积金贷款"] == "measure"
    assert [role for text, role in roles.items() if text.startswith("本方案所称")] == ["procedure"]
    assert roles["坚决维护党中央权威和集中统一领导"] == "safeguard"
    assert roles["以务实举措增强党组织政治功能"] == "safeguard"


def test_an_article_on_the_people_s_congress_s_oversight_is_procedure(tmp_path):
    rules = """乙市犬只免疫条例
第一章 总则
第一条 为了规范犬只免疫，制定本条例。
第二章 免疫
第二条 犬只应当按照规定定期免疫接种狂犬病疫苗。
第三条 市人民代表大会及其常务委员会应当加强对犬只免疫工作的监督，定期检查本条例的实施情况。
"""
    roles = {u.ref.clause: u.role for u in linkable_units(_ingest(tmp_path, rules=rules))}
    assert roles == {"chp_1__art_1": "procedure", "chp_2__art_2": "norm", "chp_2__art_3": "procedure"}


def test_who_leads_a_measure_is_not_evidence_of_what_it_does():
    source = SourceDocument(file="d.txt", index=1, title="d", title_lines=(1,), first_line=1,
                            last_line=3, body=(), metadata=(), issuer=None, date=None,
                            number=None, slug="d")
    clauses = (
        Clause("item_1", None, 3, 1, "1.", "建设国际旅游度假胜地",
               "1.建设国际旅游度假胜地(牵头单位:市文体旅游局,参加单位:市规划国土委、港澳办)", 2,
               "heading", "arabic_dot", "1"),
    )
    (unit,) = linkable_units([Document("d", "d", source, clauses)])
    assert "旅游度假胜地" in unit.body and "规划国土委" not in unit.body
    assert unit.role == "heading"  # nothing is said beyond the heading and who leads it


def test_heading_bigrams_compare_headings_whatever_the_cut():
    from build_tools.link_evidence import heading_bigrams

    a, b = heading_bigrams("(一)保障性租赁住房。"), heading_bigrams("租赁住房保障")
    assert "(" not in "".join(a) and "。" not in "".join(a)
    assert {"租赁", "住房", "保障"} <= set(a) & set(b)
    assert heading_bigrams("") == {} and heading_bigrams("城") == {}
