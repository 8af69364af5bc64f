"""Cool URIs: editing the archive never makes a published URL point at something else.

Each test copies the seeds, applies one edit (a document inserted into a compilation, a
clause inserted, 。 changed to ， in a run-in heading, a character corrected in a heading)
and checks every URL of the archive before the edit: it still exists (as an id or an
alias anchor) and still shows the same document and the same clause text, except for the
one clause the edit changed.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from build_tools.build import load_corpus

SEEDS = Path(__file__).parent.parent / "seeds"
ROOT = Path(__file__).parent.parent


def urls(seeds: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(document id, clause id or alias) → (document title, clause text)."""
    documents, problems = load_corpus(seeds)
    assert not [p for p in problems if p.severity == "error"], problems
    out = {}
    for doc in documents:
        texts = {c.id: c.text for c in doc.clauses}
        out[(doc.id, "")] = (doc.title, "")
        for clause in doc.clauses:
            out[(doc.id, clause.id)] = (doc.title, clause.text)
        for old, new in doc.source.aliases:
            out[(doc.id, old)] = (doc.title, texts[new])
    return out


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return seeds


def changed(before: dict, after: dict) -> list:
    """URLs of ``before`` that are gone or now show another document or clause text."""
    return sorted(key for key, value in before.items() if after.get(key) != value)


def test_seed_urls_are_the_published_ones() -> None:
    """The ids cited before ids were derived from titles and headings still land (pinned or
    aliased by the seeds' sidecars): the documents of a compilation keep ``-N``, the
    run-in headings of 002 and the lead-dash items of 003 keep ``hd_N`` / ``dash_N``."""
    now = urls(SEEDS)
    for doc_id in ("001-41fdb1d0b6ca1f9e", "001-41fdb1d0b6ca1f9e-2", "001-41fdb1d0b6ca1f9e-5"):
        assert (doc_id, "") in now
    assert now[("001-41fdb1d0b6ca1f9e-2", "")][0] == "乌鲁木齐市国际化城市建设情况汇报"
    assert now[("002-07a400a1cc67f440", "sec_1__hd_2")][1].startswith("以产兴城,以城带产。")
    assert now[("002-07a400a1cc67f440", "sec_3__hd_6__enum_1")][1].startswith("一是")
    assert ("003-cb4907d4163f6bcb", "sec_1__sec_2__dash_5") in now


def test_inserting_a_document_into_a_compilation_moves_no_other_document(tmp_path: Path) -> None:
    before = urls(SEEDS)
    seeds = edited(tmp_path, "001_41fdb1d0b6ca1f9e.txt", "第二篇:乌鲁木齐市国际化城市建设情况汇报",
                   "第二篇:关于加快发展会展经济的若干意见\n一、总体要求\n(一)加快发展会展业。内容。\n"
                   "第三篇:乌鲁木齐市国际化城市建设情况汇报")
    after = urls(seeds)
    assert changed(before, after) == []
    new = [key for key in after if key not in before and key[1] == ""]
    assert len(new) == 1 and new[0][0].startswith("001-41fdb1d0b6ca1f9e-")


def test_inserting_a_document_without_pins_moves_no_other_document(tmp_path: Path) -> None:
    """The same with the sidecar's pins removed: the ids come from the titles alone."""
    seeds = tmp_path / "plain"
    seeds.mkdir()
    text = (SEEDS / "001_41fdb1d0b6ca1f9e.txt").read_text(encoding="utf-8")
    (seeds / "c.txt").write_text(text, encoding="utf-8")
    before = urls(seeds)
    (seeds / "c.txt").write_text("第零篇:关于加快发展会展经济的若干意见\n一、总体要求\n(一)加快发展。内容。\n"
                                 + text, encoding="utf-8")
    after = urls(seeds)
    assert changed(before, after) == []
    assert len([k for k in after if k[1] == ""]) == len([k for k in before if k[1] == ""]) + 1


def test_inserting_a_run_in_heading_moves_no_other_clause(tmp_path: Path) -> None:
    before = urls(SEEDS)
    seeds = edited(tmp_path, "002_07a400a1cc67f440.txt", "以产兴城,以城带产。",
                   "强化要素保障,优化营商环境。做好用地、用电、融资等要素保障。\n\n以产兴城,以城带产。")
    after = urls(seeds)
    # only the clause before the insertion changes: the new heading is cut out of its text
    assert changed(before, after) == []


def test_a_comma_for_a_full_stop_in_a_run_in_heading_moves_no_sibling(tmp_path: Path) -> None:
    before = urls(SEEDS)
    seeds = edited(tmp_path, "002_07a400a1cc67f440.txt", "以产兴城,以城带产。大力", "以产兴城,以城带产，大力")
    after = urls(seeds)
    edited_heading = {("002-07a400a1cc67f440", i) for i in ("sec_1__hd_2", "sec_1__hd_ddteaq")}
    for key in changed(before, after):
        if key in edited_heading:
            continue  # 以产兴城… is no longer a heading: its paragraph joins the one before
        # every other URL shows the same clause (the one before may have grown)
        assert after[key][0] == before[key][0] and after[key][1].startswith(before[key][1]), key
    assert after[("002-07a400a1cc67f440", "sec_1__hd_xgqbva")] == \
        before[("002-07a400a1cc67f440", "sec_1__hd_xgqbva")]


def test_punctuation_inside_a_run_in_heading_does_not_change_its_id(tmp_path: Path) -> None:
    before = urls(SEEDS)
    seeds = edited(tmp_path, "002_07a400a1cc67f440.txt", "以产兴城,以城带产。", "以产兴城，以城带产。")
    after = urls(seeds)
    assert [k for k in changed(before, after) if after.get(k) is None] == []
    assert after[("002-07a400a1cc67f440", "sec_1__hd_ddteaq")][1].startswith("以产兴城，以城带产。")


def test_a_corrected_character_keeps_the_old_url_through_an_alias(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from keep_urls import main as keep_urls

    published = tmp_path / "corpus.json"
    documents, _ = load_corpus(SEEDS)
    published.write_text(json.dumps({"documents": [
        {"id": d.id, "title": d.title, "number": d.source.number,
         "source": {"file": d.source.file}, "aliases": dict(d.source.aliases),
         "clauses": [{"id": c.id, "line": c.line, "text": c.text} for c in d.clauses]}
        for d in documents]}, ensure_ascii=False), encoding="utf-8")
    before = urls(SEEDS)
    seeds = edited(tmp_path, "002_07a400a1cc67f440.txt", "集约节约,协调发展。", "集约节俭,协调发展。")
    after = urls(seeds)
    gone = changed(before, after)
    assert {key[1] for key in gone} == {"sec_1__hd_4", "sec_1__hd_kueosl"}  # the corrected heading
    assert keep_urls([str(published), "--seeds", str(seeds), "--write"]) == 0
    fixed = urls(seeds)
    assert changed(before, fixed) == [] or all(
        fixed[k][1] == before[k][1].replace("集约节约", "集约节俭") for k in changed(before, fixed))
    assert ("002-07a400a1cc67f440", "sec_1__hd_kueosl") in fixed


@pytest.mark.parametrize("name", ["001_41fdb1d0b6ca1f9e.txt"])
def test_removing_a_document_from_a_compilation_moves_no_other(tmp_path: Path, name: str) -> None:
    before = urls(SEEDS)
    text = (SEEDS / name).read_text(encoding="utf-8")
    start, end = text.index("第三篇:"), text.index("第五篇:") if "第四篇:" not in text else text.index("第四篇:")
    seeds = edited(tmp_path, name, text[start:end], "")
    after = urls(seeds)
    assert [k for k in changed(before, after) if k in after] == []


def test_old_ids_are_anchors_just_above_their_clause_on_the_page(seed_site) -> None:
    """On the built page, each alias id is an element right before its clause's heading,
    so ``#sec_1__hd_2`` scrolls to the clause now called ``sec_1__hd_ddteaq``; every id
    on the page stays unique."""
    from pagetext import all_ids, parse

    page = seed_site.site / "documents" / "002-07a400a1cc67f440" / "index.html"
    ids = all_ids(parse(page.read_text(encoding="utf-8")))
    assert len(ids) == len(set(ids))
    corpus = seed_site.corpus()
    (doc,) = [d for d in corpus["documents"] if d["id"] == "002-07a400a1cc67f440"]
    assert doc["aliases"]["sec_1__hd_2"] == "sec_1__hd_ddteaq"
    for old, new in doc["aliases"].items():
        assert ids.index(old) + 1 == ids.index(new), (old, new)
