"""The glossary: loading with ``file:line`` errors, marking terms, listing candidates."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.glossary import candidate_terms, find_terms, load_glossary
from build_tools.model import GlossaryEntry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "glossary"


def load(name: str):
    return load_glossary(FIXTURES / name)


def where(problems) -> list[str]:
    """Each problem as ``file:line`` with the file name only."""
    return [f"{Path(problem.path).name}:{problem.line}" for problem in problems]


def entry(term: str, *aliases: str) -> GlossaryEntry:
    return GlossaryEntry(term=term, definition="释义。", origin="出处。", aliases=aliases)


def marked(text: str, entries) -> list[tuple[str, str]]:
    """(matched text, entry term) for every hit, in text order."""
    return [(text[start:end], hit.term) for start, end, hit in find_terms(text, entries)]


# ------------------------------------------------------------------------------ loading


def test_valid_file_loads_sorted_by_term_with_aliases():
    entries, problems = load("valid.yml")
    assert problems == []
    assert [e.term for e in entries] == sorted(e.term for e in entries)
    by_term = {e.term: e for e in entries}
    assert by_term["双随机、一公开"].aliases == ("双随机一公开",)
    assert by_term["双随机、一公开"].definition == "随机抽取检查对象、随机选派检查人员,结果公开。"
    assert by_term["811环境污染整治行动"].origin == "2004年浙江省政府。"


def test_invalid_yaml_names_file_and_line_of_the_yaml_error():
    entries, problems = load("invalid_yaml.yml")
    assert entries == ()
    assert where(problems) == ["invalid_yaml.yml:7"]
    assert problems[0].message.startswith("invalid YAML:")
    assert "line 6" in problems[0].message  # where the unclosed flow list began
    assert str(problems[0]).endswith("invalid_yaml.yml:7: error: " + problems[0].message)


def test_missing_or_empty_definition_points_at_the_entry_and_keeps_the_rest():
    entries, problems = load("missing_definition.yml")
    assert [e.term for e in entries] == ["八八战略"]
    assert where(problems) == ["missing_definition.yml:5", "missing_definition.yml:9"]
    assert "'腾笼换鸟' has no 'definition'" in problems[0].message
    assert "'最多跑一次': 'definition' must be non-empty" in problems[1].message


def test_duplicate_term_points_at_the_second_entry_and_names_the_first():
    entries, problems = load("duplicate_term.yml")
    assert [e.term for e in entries] == ["三服务", "双随机、一公开"]
    assert entries[0].definition == "服务企业、服务群众、服务基层。"  # the first one wins
    assert where(problems) == ["duplicate_term.yml:9", "duplicate_term.yml:13"]
    assert "at line 1" in problems[0].message
    # 双随机一公开 differs from 双随机、一公开 only by punctuation: the same term.
    assert "'双随机、一公开' at line 5" in problems[1].message


def test_alias_owned_by_another_entry_is_a_duplicate():
    entries, problems = load("alias_clash.yml")
    assert [e.term for e in entries] == ["千人计划"]
    assert where(problems) == ["alias_clash.yml:6"]
    assert "duplicate alias '千人计划'" in problems[0].message


def test_unknown_field_non_list_aliases_raw_html_and_non_mapping_each_have_their_line():
    entries, problems = load("bad_fields.yml")
    assert entries == ()
    assert where(problems) == [
        "bad_fields.yml:2",
        "bad_fields.yml:7",
        "bad_fields.yml:12",
        "bad_fields.yml:15",
    ]
    assert "unknown field 'defintion'" in problems[0].message
    assert "'aliases' must be a list" in problems[1].message
    assert "raw HTML" in problems[2].message
    assert "expected an entry mapping" in problems[3].message


def test_top_level_must_be_a_list():
    entries, problems = load("not_a_list.yml")
    assert entries == ()
    assert where(problems) == ["not_a_list.yml:1"]


def test_empty_file_is_an_empty_glossary_with_a_warning():
    entries, problems = load("empty.yml")
    assert entries == ()
    assert [(p.line, p.severity) for p in problems] == [(1, "warning")]


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    entries, problems = load_glossary(tmp_path / "glossary.yml")
    assert entries == ()
    assert [(Path(p.path).name, p.line) for p in problems] == [("glossary.yml", 0)]


def test_loading_is_deterministic():
    assert load("valid.yml") == load("valid.yml")


# ------------------------------------------------------------------------ finding terms


def test_longest_match_wins_over_a_term_inside_it():
    entries, _ = load("valid.yml")
    text = "引进绍兴“海内外英才计划”人才,实施“英才”计划,落实英才计划。"
    assert marked(text, entries) == [
        ("海内外英才计划", "海内外英才计划"),
        ("“英才”计划", "英才计划"),
        ("英才计划", "英才计划"),
    ]


def test_longer_match_wins_even_when_a_shorter_one_starts_earlier():
    entries = (entry("一公开"), entry("随机一公开检查"))
    assert marked("双随机一公开检查", entries) == [("随机一公开检查", "随机一公开检查")]


def test_aliases_match_and_name_their_entry():
    entries, _ = load("valid.yml")
    text = "推行“双随机、一公开”监管;双随机一公开全覆盖。"
    assert marked(text, entries) == [
        ("双随机、一公开", "双随机、一公开"),
        ("双随机一公开", "双随机、一公开"),
    ]


def test_matches_are_non_overlapping_and_in_text_order():
    entries = (entry("城中村"), entry("城中村改造"), entry("村改"))
    hits = find_terms("推进城中村改造和城中村整治", entries)
    assert [(s, e, h.term) for s, e, h in hits] == [(2, 7, "城中村改造"), (8, 11, "城中村")]


def test_ascii_terms_do_not_match_inside_numbers():
    entries, _ = load("valid.yml")
    assert marked("深化“811”环境污染整治行动", entries) == [("“811”", "811环境污染整治行动")]
    assert marked("编号2811的项目", (entry("811"),)) == []
    assert marked("完成811项", (entry("811"),)) == [("811", "811")]


def test_terms_with_regex_characters_match_literally():
    entries, _ = load("valid.yml")
    assert marked("按照“互联网+”的理念", entries) == [("互联网+", "互联网+")]
    assert marked("互联网网网", entries) == []


def test_full_width_forms_of_a_term_match_its_nfkc_spelling():
    entries = (entry("不忘初心，牢记使命"),)
    assert marked("巩固“不忘初心,牢记使命”主题教育成果", entries) == [("不忘初心,牢记使命", "不忘初心，牢记使命")]


# ---------------------------------------------------------------------------- candidates


def test_candidates_are_unknown_quoted_han_phrases_most_frequent_first():
    entries, _ = load("valid.yml")
    texts = [
        "开展“三个年”活动和“五个一批”工程,“三个年”要落实。",
        "实施“英才”计划,推行“双随机一公开”,深化“811”行动。",
        "建设“五个一批”,打造“一极三区”,坚持“三个年”。",
        "“X”“互联网+”“一”“超过八个汉字的一句长口号在这里”。",
    ]
    assert candidate_terms(texts, entries) == [
        ("三个年", 3),
        ("五个一批", 2),
        ("一极三区", 1),
    ]


def test_candidates_ignore_quoted_parts_of_a_marked_alias():
    entries = (entry("英才计划", "“英才”计划"),)
    assert candidate_terms(["实施“英才”计划,评选“英才”。"], entries) == [("英才", 1)]


def test_candidates_ignore_phrases_that_are_terms_or_aliases_after_removing_quotes():
    entries = (entry("千人计划", "“千人计划”"), entry("双创", "“双创”"))
    assert candidate_terms(["“千人计划”和“双创”以及“万人计划”"], entries) == [("万人计划", 1)]


def test_candidate_ties_are_broken_by_the_phrase():
    assert candidate_terms(["“乙乙”“甲甲”“丙丙”"], ()) == [("丙丙", 1), ("乙乙", 1), ("甲甲", 1)]


# --------------------------------------------------------------------- the real glossary


@pytest.fixture(scope="module")
def real_glossary():
    return load_glossary(ROOT / "glossary.yml")


def test_real_glossary_loads_cleanly_with_enough_entries(real_glossary):
    entries, problems = real_glossary
    assert [str(p) for p in problems] == []
    assert len(entries) >= 30
    for item in entries:
        sentences = sum(item.definition.count(mark) for mark in "。!?！？")
        assert 2 <= sentences <= 4, (item.term, sentences)  # written for the public, not a gloss


def test_real_glossary_terms_occur_in_the_seeds(real_glossary):
    entries, _ = real_glossary
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert seeds, "no seeds to check against"
    found = set()
    for path in seeds:
        text = path.read_text(encoding="utf-8", errors="replace")
        found.update(hit.term for _, _, hit in find_terms(text, entries))
    assert len(found) >= 15, sorted(found)
    for slogan in ("八八战略", "腾笼换鸟", "最多跑一次", "三服务", "五个一批", "数字城管", "总部经济", "城中村"):
        assert slogan in found
