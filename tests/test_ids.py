"""Clause ids are derived from the numbering path and stay put when the archive changes."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from build_tools.build import load_corpus

SEEDS = Path(__file__).parent.parent / "seeds"
ID = re.compile(r"^[a-z][a-z0-9_]*$")


def ids(seeds: Path) -> dict[str, list[str]]:
    documents, _ = load_corpus(seeds)
    return {d.id: [c.id for c in d.clauses] for d in documents}


def test_ids_are_ascii_unique_and_follow_the_numbering() -> None:
    for doc_id, clause_ids in ids(SEEDS).items():
        assert re.match(r"^[a-z0-9][a-z0-9-]*$", doc_id)
        assert len(clause_ids) == len(set(clause_ids)), doc_id
        assert all(ID.match(c) for c in clause_ids), doc_id
    doc = ids(SEEDS)["000-aa956a1b4a998e8a"]
    assert "sec_2__sec_2__item_7" in doc  # 二、(二)7.


def test_ids_survive_other_documents_being_added(tmp_path: Path) -> None:
    before = ids(SEEDS)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "seeds" / "0005_new.txt").write_text(
        "新增文件\n\n一、总体要求\n\n(一)加快发展。内容。\n", encoding="utf-8")
    after = ids(tmp_path / "seeds")
    for doc_id, clause_ids in before.items():
        assert after[doc_id] == clause_ids


def test_ids_survive_a_corrected_typo_and_an_added_clause(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source = SEEDS / "000_aa956a1b4a998e8a.txt"
    text = source.read_text(encoding="utf-8")
    (seeds / source.name).write_text(text, encoding="utf-8")
    before = ids(seeds)["000-aa956a1b4a998e8a"]
    # a typo corrected inside a measure, and a new measure appended to the last section
    edited = text.replace("加快迪荡新城商贸中心建设", "加快迪荡新城商贸中心的建设")
    edited = edited + "\n\n(六)新增一项保障措施。内容。"
    (seeds / source.name).write_text(edited, encoding="utf-8")
    after = ids(seeds)["000-aa956a1b4a998e8a"]
    assert after[: len(before)] == before
    assert after[len(before):] == ["sec_3__sec_6"]
