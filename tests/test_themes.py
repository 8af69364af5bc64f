"""Themes: the taxonomy loader, the classifier's behaviour, and its quality on the dev sample.

The dev-sample figures (see ``gold_themes``) are held at the level the classifier reaches;
the issue's targets are top-1-in-set >= 0.85 and macro F1 >= 0.75.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_tools.build import load_corpus
from build_tools.model import Clause, ClauseRef, Document, SourceDocument, Theme
from build_tools.segment import Segmenter
from build_tools.themes import DEFAULT_SETTINGS, ThemeSettings, choose, classify, load_themes
from gold_themes import gold_themes, load_judged, score_themes

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "themes"
THEMES = REPO / "themes.yaml"

# The taxonomy's ids are a contract: pages and links are addressed by them.
STABLE_IDS = (
    "industry", "services", "culture_tourism", "infrastructure", "ecology", "talent",
    "innovation", "finance", "land_planning", "urban_rural", "livelihood", "reform",
    "opening_regional", "investment", "urban_mgmt", "civilization", "governance_safety",
    "party_org",
)

# Levels reached on tests/fixtures/themes-dev.yaml (97 judged measures); a change that
# falls below them fails.
FLOOR_PRIMARY = 0.82  # reached: 0.845
FLOOR_TOP1_IN_SET = 0.93  # reached: 0.948 (target 0.85)
FLOOR_MICRO_F1 = 0.82  # reached: 0.845
FLOOR_MACRO_F1 = 0.80  # reached: 0.837 (target 0.75)


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory) -> Segmenter:
    return Segmenter(cache_dir=tmp_path_factory.mktemp("token-cache"))


@pytest.fixture(scope="module")
def themes() -> tuple[Theme, ...]:
    themes, problems = load_themes(THEMES)
    assert problems == []
    return themes


@pytest.fixture(scope="module")
def corpus() -> tuple[Document, ...]:
    documents, _ = load_corpus(REPO / "seeds")
    return documents


# --- the taxonomy --------------------------------------------------------------------


def test_project_taxonomy_keeps_the_eighteen_ids_in_order(themes):
    assert tuple(theme.id for theme in themes) == STABLE_IDS
    for theme in themes:
        assert theme.name and theme.scope and len(theme.keywords) >= 10


def test_invalid_yaml_is_a_problem_at_its_line():
    themes, problems = load_themes(FIXTURES / "invalid_yaml.yaml")
    assert themes == ()
    [problem] = problems
    assert problem.line == 6  # the parser stops where the unclosed [ of line 5 meets a key
    assert "line 5" in problem.message
    assert str(problem).startswith(f"{FIXTURES / 'invalid_yaml.yaml'}:6: error: invalid YAML")


def test_faulty_themes_are_reported_at_their_lines_and_left_out():
    themes, problems = load_themes(FIXTURES / "theme_faults.yaml")
    assert [theme.id for theme in themes] == ["industry"]
    assert [problem.line for problem in problems] == [8, 13, 16]
    assert "not lower-case ASCII" in problems[0].message
    assert "keywords" in problems[1].message
    assert "already used at line 3" in problems[2].message


def test_a_file_without_a_theme_list_is_a_problem():
    themes, problems = load_themes(FIXTURES / "no_themes.yaml")
    assert themes == () and len(problems) == 1 and problems[0].line == 1


def test_a_missing_file_is_a_problem(tmp_path):
    themes, problems = load_themes(tmp_path / "absent.yaml")
    assert themes == () and "cannot read" in problems[0].message


# --- behaviour on small hand-made documents -------------------------------------------


def _document(doc_id: str, title: str, rows: list[tuple[str, str | None, str | None, str]]) -> Document:
    """rows: (clause id, parent id, heading, text); the depth follows the parents."""
    depth: dict[str, int] = {}
    clauses = []
    for number, (clause_id, parent, heading, text) in enumerate(rows, 1):
        depth[clause_id] = depth[parent] + 1 if parent else 1
        clauses.append(
            Clause(
                id=clause_id, parent=parent, level=depth[clause_id], depth=depth[clause_id],
                number=None, heading=heading, text=text, line=number,
                kind="heading" if heading is not None else "body",
                style="unnumbered" if heading is not None else "body", label=clause_id,
            )
        )
    source = SourceDocument(
        file=f"{doc_id}.txt", index=1, title=title, title_lines=(1,), first_line=1,
        last_line=len(rows), body=(), metadata=(), issuer=None, date=None, number=None,
    )
    return Document(doc_id, title, source, tuple(clauses))


PLAN = _document("plan", "城市发展行动方案", [
    ("preface", None, None, "为加快城市发展,制定本方案。"),
    ("sec_1", None, "完善交通路网", "一、完善交通路网"),
    ("sec_1__enum_1", "sec_1", "加快推进", "一是加快推进。按计划完成各项任务。"),
    ("sec_1__enum_2", "sec_1", "建设城际铁路和高速公路", "二是建设城际铁路和高速公路。打通断头路。"),
    ("sec_2", None, "集聚高层次人才", "二、集聚高层次人才。设立人才公寓,完善人才引进政策,吸引金融专业人员。"),
    ("sec_3", None, "发展金融服务", "三、发展金融服务。引进银行和保险机构,拓宽企业融资渠道。(牵头单位:市人才办)"),
    ("sec_4", None, "强化组织领导", "四、强化组织领导。成立领导小组,实行目标责任考核。"),
    ("sec_5", None, "发展商贸和旅游", "五、发展商贸和旅游。建设商贸中心和物流园区,开发旅游景区。"),
])
OTHER = _document("other", "生态环境保护规划", [
    ("sec_1", None, "治理大气污染", "一、治理大气污染。推进节能减排,发展循环经济。"),
    ("sec_2", None, "建设森林城市", "二、建设森林城市。扩大城市绿化,保护湿地。"),
])


@pytest.fixture(scope="module")
def small(segmenter, themes) -> dict[ClauseRef, tuple[str, ...]]:
    return classify((PLAN, OTHER), themes, segmenter)


def test_every_measure_gets_one_to_three_known_themes_and_body_clauses_none(small, themes):
    ids = {theme.id for theme in themes}
    headings = {ClauseRef(d.id, c.id) for d in (PLAN, OTHER) for c in d.clauses if c.kind == "heading"}
    assert set(small) == headings
    for chosen in small.values():
        assert 1 <= len(chosen) <= 3 and len(set(chosen)) == len(chosen) and set(chosen) <= ids


def test_primary_theme_follows_the_measures_subject(small):
    assert small[ClauseRef("plan", "sec_1__enum_2")][0] == "infrastructure"
    assert small[ClauseRef("plan", "sec_4")][0] == "party_org"
    assert small[ClauseRef("other", "sec_1")][0] == "ecology"
    assert small[ClauseRef("other", "sec_2")][0] == "ecology"


def test_heading_outweighs_a_passing_mention_in_the_body(small):
    # 人才 in the heading and twice in the body; 金融 once in passing.
    assert small[ClauseRef("plan", "sec_2")][0] == "talent"


def test_a_measure_without_evidence_of_its_own_reads_its_section_heading(small):
    # 一是加快推进 says nothing itself; it sits under 完善交通路网.
    assert small[ClauseRef("plan", "sec_1__enum_1")][0] == "infrastructure"


def test_a_section_heading_is_read_through_its_items(segmenter, themes):
    document = _document("d", "行动方案", [
        ("sec_1", None, "重点任务", "一、重点任务"),
        ("sec_1__item_1", "sec_1", "改善大气环境", "1.改善大气环境。开展大气污染防治。"),
        ("sec_1__item_2", "sec_1", "整治水环境", "2.整治水环境。建设污水处理厂。"),
    ])
    assert classify((document,), themes, segmenter)[ClauseRef("d", "sec_1")][0] == "ecology"


def test_lead_unit_annotations_are_not_evidence(small):
    # (牵头单位:市人才办) names a department, not the measure's subject.
    assert "talent" not in small[ClauseRef("plan", "sec_3")]
    assert small[ClauseRef("plan", "sec_3")][0] == "finance"


def test_a_measure_on_two_subjects_gets_both(small):
    assert set(small[ClauseRef("plan", "sec_5")][:2]) == {"services", "culture_tourism"}


def test_classification_is_deterministic(segmenter, themes, small):
    again = classify((PLAN, OTHER), themes, segmenter)
    assert list(again.items()) == list(small.items())


def test_secondary_themes_need_a_share_of_the_primary_score():
    order = {theme: rank for rank, theme in enumerate("abcde")}
    row = {"a": 0.2, "b": 1.0, "c": 0.6, "d": 0.49, "e": 0.6}
    assert choose(row, order, DEFAULT_SETTINGS) == ("b", "c", "e")
    assert choose(row, order, ThemeSettings(secondary_ratio=0.65)) == ("b",)
    assert choose(row, order, ThemeSettings(max_themes=2)) == ("b", "c")  # tie: taxonomy order
    assert choose({"a": 0.0, "b": 0.0}, {"a": 0, "b": 1}, DEFAULT_SETTINGS) == ("a",)


# --- quality on the judged dev sample ---------------------------------------------------


def test_dev_sample_quality(corpus, themes, segmenter):
    gold, unlocated = gold_themes(load_judged(), corpus)
    assert unlocated == []
    assert len(gold) == 97
    scores = score_themes(classify(corpus, themes, segmenter), gold)
    print(scores.summary())
    assert scores.top1_in_set >= FLOOR_TOP1_IN_SET
    assert scores.primary >= FLOOR_PRIMARY
    assert scores.micro_f1 >= FLOOR_MICRO_F1
    assert scores.macro_f1 >= FLOOR_MACRO_F1


def test_dev_fixture_uses_only_taxonomy_ids(themes):
    data = yaml.safe_load((REPO / "tests" / "fixtures" / "themes-dev.yaml").read_text(encoding="utf-8"))
    ids = {theme.id for theme in themes}
    assert all(set(item["themes"]) <= ids for item in data["measures"])
