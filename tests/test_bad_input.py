"""Bad input is a ``file:line`` message and the rest of the archive still builds.

One test per case of the hardening list: sidecar dates and types, colliding ids, Chinese
and very long file names, files that are not regular files, oversized sources, YAML
alias bombs, a glued ``第N篇:`` separator, skipped files, one-character glossary terms
and theme keywords, all-chrome files, UTF-32 and stray bytes.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.glossary import load_glossary
from build_tools.ingest import decode, ingest_all, ingest_file
from build_tools.themes import load_themes

BODY = "一、总体要求\n\n(一)加快发展。推进各项工作落实。\n\n(二)强化保障。完善配套政策。\n"


def source(folder: Path, name: str, text: str = "", title: str = "关于推进工作的实施意见") -> Path:
    path = folder / name
    path.write_text(text or f"{title}\n\n{BODY}", encoding="utf-8")
    return path


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# 9. sidecar dates --------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("二〇〇六年九月一日", "2006-09-01"),
    ("2006年9月1日", "2006-09-01"),
    ("二〇〇六年", "2006"),
    ("2006-09-01", "2006-09-01"),
    ('"2006-09"', "2006-09"),
])
def test_sidecar_chinese_dates_are_accepted(tmp_path: Path, value: str, expected: str) -> None:
    path = source(tmp_path, "d.txt")
    (tmp_path / "d.yml").write_text(f"date: {value}\n", encoding="utf-8")
    (doc,), problems = ingest_file(path)
    assert doc.date == expected
    assert not [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("value", ['"not a date"', "2006-13-45", '"20"', "二〇〇六"])
def test_sidecar_date_that_does_not_parse_is_an_error_at_its_line(tmp_path: Path, value: str) -> None:
    path = source(tmp_path, "d.txt")
    (tmp_path / "d.yml").write_text(f"title: 标题\n\ndate: {value}\n", encoding="utf-8")
    (doc,), problems = ingest_file(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("d.yml:3: error: date")
    assert doc.title == "标题"  # the other fields still apply
    assert doc.date is None


# 10. colliding ids ----------------------------------------------------------------------


@pytest.mark.parametrize("names", [("A.txt", "a.txt"), ("x y.txt", "x-y.txt")])
def test_documents_with_the_same_id_are_an_error_naming_both_files(tmp_path: Path, names) -> None:
    for name in names:
        source(tmp_path, name)
    documents, problems = ingest_all(tmp_path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(documents) == 1  # the first file (by name) keeps the id
    assert len(errors) == 1 and names[0] in errors[0] and errors[0].startswith(names[1] + ":1:")


def test_sidecar_id_repeating_another_documents_id_is_an_error(tmp_path: Path) -> None:
    source(tmp_path, "first.txt")
    source(tmp_path, "second.txt")
    (tmp_path / "second.yml").write_text("id: first\n", encoding="utf-8")
    documents, problems = ingest_all(tmp_path)
    assert [d.slug for d in documents] == ["first"]
    assert any("first.txt" in str(p) and str(p).startswith("second.txt:") for p in problems)


def test_chinese_file_names_get_distinct_pinyin_ids(tmp_path: Path) -> None:
    source(tmp_path, "绍兴市行动方案.txt")
    source(tmp_path, "宁国市实施意见.txt")
    documents, problems = ingest_all(tmp_path)
    assert sorted(d.slug for d in documents) == ["ning-guo-shi-shi-shi-yi-jian",
                                                 "shao-xing-shi-xing-dong-fang-an"]
    assert not [p for p in problems if p.severity == "error"]


# 11. encodings of editorial files, long names ------------------------------------------


def test_themes_not_in_utf8_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "themes.yaml"
    path.write_bytes("themes:\n  - id: a\n    name: 产业\n".encode("gb18030"))
    themes, problems = load_themes(path)
    assert themes == ()
    assert re.match(rf"{re.escape(str(path))}:\d+: error: .*UTF-8", str(problems[0]))


def test_annotations_not_in_utf8_are_an_error_not_a_traceback(tmp_path: Path) -> None:
    from build_tools.notes import load_notes

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source(seeds, "doc.txt")
    documents, _ = load_corpus(seeds)
    notes_dir = tmp_path / "annotations"
    notes_dir.mkdir()
    (notes_dir / "doc.yml").write_bytes("- clause: sec_1\n  note: 注释\n".encode("gb18030"))
    notes, problems = load_notes(notes_dir, documents)
    assert any("doc.yml:" in str(p) and "UTF-8" in str(p) for p in problems)


def test_a_very_long_file_name_gives_a_short_distinct_id(tmp_path: Path) -> None:
    long = "a" * 240
    text = f"第1篇:关于推进工作的实施意见\n{BODY}\n第2篇:关于加强管理的通知\n{BODY}"
    source(tmp_path, long + ".txt", text)
    source(tmp_path, long + "b.txt", text)
    documents, problems = ingest_all(tmp_path)
    slugs = [d.slug for d in documents]
    assert len(slugs) == 4 and len(set(slugs)) == 4
    assert all(len(s) <= 80 for s in slugs)


# 12. denial of service -----------------------------------------------------------------


def test_symlink_leaving_seeds_is_refused(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source(seeds, "ok.txt")
    outside = source(tmp_path, "outside.txt")
    os.symlink(outside, seeds / "link.txt")
    os.symlink("/dev/zero", seeds / "zero.txt")
    documents, problems = ingest_all(seeds)
    assert [d.slug for d in documents] == ["ok"]
    found = messages(problems)
    assert any(m.startswith("link.txt:0: error: ") and "outside" in m for m in found)
    assert any(m.startswith("zero.txt:0: error: ") for m in found)


def test_fifo_is_not_read(tmp_path: Path) -> None:
    source(tmp_path, "ok.txt")
    os.mkfifo(tmp_path / "x.txt")
    documents, problems = ingest_all(tmp_path)  # would hang if the FIFO were opened
    assert [d.slug for d in documents] == ["ok"]
    assert any(m.startswith("x.txt:0: error: ") and "regular file" in m for m in messages(problems))


def test_source_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    source(tmp_path, "ok.txt")
    source(tmp_path, "big.txt", "关于推进工作的实施意见\n" + "内容。" * 2000)
    documents, problems = ingest_all(tmp_path, max_bytes=4096)
    assert [d.slug for d in documents] == ["ok"]
    assert any(m.startswith("big.txt:0: error: ") and "4096" in m for m in messages(problems))


def test_yaml_alias_bomb_in_a_sidecar_is_refused(tmp_path: Path) -> None:
    path = source(tmp_path, "bomb.txt")
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ",".join([f"*{chr(96 + n)}"] * 9) + "]")
    lines.append("title: *i")
    (tmp_path / "bomb.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (doc,), problems = ingest_file(path)
    assert doc.title == "关于推进工作的实施意见"
    assert any(m.startswith("bomb.yml:2: error: ") and "alias" in m for m in messages(problems))


# 13. a glued separator --------------------------------------------------------------------


def test_glued_separator_title_ends_at_its_kind_of_document(tmp_path: Path) -> None:
    rest = "各区县人民政府：现就有关事项通知如下。" + "一、加强领导。落实责任。" * 300
    text = "关于推进工作的实施意见\n" + BODY + "以上意见请认真执行。第2篇：关于加强管理的通知" + rest + "\n"
    documents, _ = ingest_file(source(tmp_path, "glued.txt", text))
    assert [d.title for d in documents] == ["关于推进工作的实施意见", "关于加强管理的通知"]
    second = documents[1]
    assert "".join(l.text for l in second.body).startswith("各区县人民政府：")


def test_glued_separator_without_a_kind_ends_the_title_at_the_first_sentence(tmp_path: Path) -> None:
    text = "关于推进工作的实施意见\n" + BODY + "以上。第2篇:城市更新工作安排。一是推进改造。" + "内容。" * 500 + "\n"
    documents, _ = ingest_file(source(tmp_path, "glued.txt", text))
    assert documents[1].title == "城市更新工作安排"
    assert "".join(l.text for l in documents[1].body).startswith("一是推进改造。")


# 14. what is skipped is said -----------------------------------------------------------


def test_skipped_files_and_sidecars_are_warned_about(tmp_path: Path) -> None:
    source(tmp_path, "doc.txt")
    source(tmp_path, "upper.TXT")
    (tmp_path / "notes.md").write_text("# 说明\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "orphan.yml").write_text("title: 孤立\n", encoding="utf-8")
    (tmp_path / "doc.YML").write_text("title: 大写\n", encoding="utf-8")
    documents, problems = ingest_all(tmp_path)
    assert sorted(d.slug for d in documents) == ["doc", "upper"]
    warnings = [str(p) for p in problems if p.severity == "warning"]
    for name in ("notes.md", "sub", "orphan.yml", "doc.YML"):
        assert any(w.startswith(name + ":0: warning: ") for w in warnings), name


def test_extra_documents_entries_and_unknown_keys_are_warned_about(tmp_path: Path) -> None:
    path = source(tmp_path, "doc.txt")
    (tmp_path / "doc.yml").write_text("documents:\n  - title: 甲\n    colour: 红\n  - title: 乙\n",
                                      encoding="utf-8")
    (doc,), problems = ingest_file(path)
    found = messages(problems)
    assert doc.title == "甲"
    assert any(m.startswith("doc.yml:3: warning: ") and "colour" in m for m in found)
    assert any(m.startswith("doc.yml:4: warning: ") and "1 document" in m for m in found)


def test_a_missing_glossary_is_a_warning(tmp_path: Path) -> None:
    from build_tools.analyze import analyze_corpus
    from build_tools.config import Settings

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source(seeds, "doc.txt")
    documents, _ = load_corpus(seeds)
    settings = Settings(seeds=seeds, glossary=tmp_path / "glossary.yml", link=False,
                        annotations=tmp_path / "none", progress=False)
    _, problems = analyze_corpus(documents, settings, lambda m: None)
    assert any(str(p).startswith(f"{tmp_path / 'glossary.yml'}:0: warning: ") for p in problems)


# 15. sidecar schema ----------------------------------------------------------------------


@pytest.mark.parametrize("line, field", [
    ("title: [甲, 乙]", "title"),
    ("title: null", "title"),
    ("source_url: ftp://example.com/a", "source_url"),
    ("status: 作废", "status"),
    ("issuer: 12", "issuer"),
])
def test_sidecar_values_are_checked_against_the_schema(tmp_path: Path, line: str, field: str) -> None:
    path = source(tmp_path, "s.txt")
    (tmp_path / "s.yml").write_text(f"region: 浙江省\n{line}\n", encoding="utf-8")
    (doc,), problems = ingest_file(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith(f"s.yml:2: error: {field}"), errors
    assert doc.title == "关于推进工作的实施意见"  # the detected value stays
    assert doc.region == "浙江省"


# 16. one-character glossary terms and theme keywords --------------------------------


def test_one_character_glossary_term_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text("- term: 网\n  definition: 一个字。\n  origin: 测试\n", encoding="utf-8")
    entries, problems = load_glossary(path)
    assert any(str(p).startswith(f"{path}:1: warning: ") and "one character" in str(p)
               for p in problems)


def test_one_character_theme_keyword_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  - id: a\n    name: 产业\n    scope: 产业发展\n    keywords:\n"
                    "      - 产业\n      - 企\n", encoding="utf-8")
    themes, problems = load_themes(path)
    assert len(themes) == 1
    assert any(str(p).startswith(f"{path}:7: warning: ") and "one character" in str(p)
               for p in problems)


# 17. chrome-only files, UTF-32, stray bytes ------------------------------------------


def test_a_file_of_only_web_chrome_is_an_error(tmp_path: Path) -> None:
    text = "当前位置：首页 > 政策文件\n分享 打印 关闭\n版权所有：某某市人民政府\n"
    documents, problems = ingest_file(source(tmp_path, "chrome.txt", text))
    assert documents == []
    assert any("every line is web chrome" in str(p) and p.severity == "error" for p in problems)


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_is_detected(tmp_path: Path, codec: str) -> None:
    text = "关于推进工作的实施意见\n" + BODY
    data = text.encode(codec)
    if codec == "utf-32-be":
        data = b"\x00\x00\xfe\xff" + data
    decoded, encoding = decode(tmp_path / "x.txt", data)[:2]
    assert decoded.lstrip("\ufeff") == text and encoding.startswith("utf-32")


def test_a_stray_byte_keeps_the_document_and_lists_the_byte(tmp_path: Path) -> None:
    text = ("关于推进工作的实施意见\n" + BODY).encode("utf-8")
    at = text.index("推进各项".encode("utf-8"))
    data = text[:at] + b"\xff" + text[at:]
    path = tmp_path / "stray.txt"
    path.write_bytes(data)
    (doc,), problems = ingest_file(path)
    assert doc.title == "关于推进工作的实施意见"
    assert any("\ufffd" in l.text for l in doc.body)
    (bad,) = [d for d in doc.dropped if d.reason == "bad_byte"]
    line_no = data[:at].count(b"\n") + 1
    column = len(data[:at].rsplit(b"\n", 1)[-1].decode("utf-8")) + 1
    assert bad.line == line_no and f"0xff" in bad.text and f"第{column}列" in bad.text
    assert any(str(p).startswith(f"stray.txt:{line_no}: warning: ") for p in problems)


# Also: a very long clause is capped on its page, complete in the data export -------------


def test_a_very_long_clause_is_capped_on_its_page_and_complete_in_corpus_json(tmp_path: Path) -> None:
    import json

    from build_tools.render import CLAUSE_CHARS
    from sitebuild import run_pipeline

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    sentence = "加快推进产业聚集区基础设施建设，完善公共服务配套。"
    long = sentence * (3 * CLAUSE_CHARS // len(sentence))
    many = "".join(f"({n})第{n}项措施。{sentence * 40}\n" for n in range(1, 40))
    source(seeds, "long.txt", f"关于推进产业聚集的实施意见\n\n一、总体要求\n\n{long}\n\n二、主要任务\n\n"
                              + many * 1 + "\n" + "三、保障措施\n\n" + long * 8 + "\n")
    result = run_pipeline(seeds, tmp_path / "docs", "--no-link")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "docs" / "documents" / "long.md").read_text(encoding="utf-8")
    corpus = json.loads((tmp_path / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    clauses = {c["id"]: c["text"] for c in corpus["documents"][0]["clauses"]}
    assert len(clauses["sec_1"]) > 2 * CLAUSE_CHARS  # the export keeps every character
    assert "本条原文共" in page and "corpus.json" in page
    assert len(page) < 2 * CLAUSE_CHARS + 3 * len(many)  # two long clauses capped, markup aside
    for clause_id in clauses:  # every clause keeps its anchor on the page
        assert f"{clause_id}" in page
