"""The search index's words: bigrams that find exactly the clauses holding a query.

Checked on every clause of the seed archive (``seed_site``): the text comes back from
its indexed words, and a query's words occur in a row in a clause's words exactly when
the clause holds the query. What "holds" means is pinned on small clauses: every part of
the query within one line the page shows (the heading line or one paragraph), and those
lines are the ones the document page renders. Then one small index is written by
Pagefind for real.
"""
from __future__ import annotations

import gzip
import json
import random
import re

import pytest

from build_tools import render
from build_tools.model import Clause
from build_tools.search_index import (
    BLOCK_END,
    LANGUAGE,
    clause_holds,
    clause_lines,
    document_record,
    export_fields,
    lookup_words,
    part_folders,
    parts,
    plain,
    query_parts,
    query_words,
    readable,
    words,
    write_index,
)
from build_tools.search_cache import index_export, index_key
from bench.search_sample import ClauseLink, clauses_holding, sample_queries

# A measure as the structure stage leaves it: the heading line, then two paragraphs (the
# source's hard-wrapped lines are already joined inside each).
MEASURE = {"id": "sec_4", "number": "四、", "heading": "精细管理", "style": "cn_dun",
           "text": "四、精细管理\n牢树“以管理取胜”的理念,开展综合整治活动\n实现城市容貌常态管理。"}
RUN_IN = {"id": "sec_1__sec_1", "number": "(一)", "heading": "加强组织领导", "style": "cn_paren",
          "text": "(一)加强组织领导。成立 领导小组,统筹推进人才公寓建设。"}
BODY = {"id": "end", "number": None, "heading": None, "style": "body",
        "text": "市发展改革委\n2017年3月1日"}



def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


@pytest.fixture(scope="module")
def clause_texts(seed_site) -> list[str]:
    texts = [c["text"] for d in seed_site.corpus()["documents"] for c in d["clauses"] if c["text"]]
    assert len(texts) > 300, "the seed archive should have hundreds of clauses"
    return texts


def test_one_word_per_han_character_the_bigram_starting_there():
    assert words("人才公寓") == ["人才", "才公", "公寓", "寓"]
    assert words("到2010年,全市GDP增长2.1%") == [
        "到", "2010", "年", ",", "全市", "市", "GDP", "增长", "长", "2", ".", "1", "%"]
    assert words("") == []


def test_a_query_is_looked_up_by_its_bigrams_without_the_trailing_character():
    assert query_words("人才公寓") == ["人才", "才公", "公寓"]
    assert query_words("节") == ["节"]  # matches every bigram starting with 节
    assert query_words("ＧＤＰ２０１０年") == ["GDP2010", "年"]  # full-width folded as NFKC


def test_every_clause_text_comes_back_from_its_indexed_words(clause_texts):
    wrong = [t for t in clause_texts if _squeeze(readable(words(t))) != _squeeze(t)]
    assert not wrong, f"{len(wrong)} clause texts do not survive indexing, e.g. {wrong[0][:80]!r}"


def test_block_ends_read_back_as_line_breaks():
    indexed = words("一、总体要求") + [BLOCK_END] + words("(一)指导思想")
    assert readable(indexed) == "一、总体要求\n(一)指导思想"
    assert readable(["Made", "in", "China", "2025", "计划", "划"]) == "Made in China 2025计划"


def test_query_words_occur_in_a_row_exactly_when_the_clause_holds_the_query(clause_texts):
    rng = random.Random(6)
    checked = 0
    for text in rng.sample(clause_texts, 200):
        indexed = words(text)
        runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
        if not runs:
            continue
        run = rng.choice(runs)
        start = rng.randrange(len(run) - 1)
        query = run[start:start + rng.randint(2, 6)]
        assert _contains_run(indexed, query_words(query)), f"{query!r} is in {text[:60]!r} but not found"
        # The same query against another clause: found there only if that clause holds it.
        other = rng.choice(clause_texts)
        assert _contains_run(words(other), query_words(query)) == (query in other), (query, other[:60])
        checked += 1
    assert checked > 100


def test_a_document_record_has_one_heading_per_clause_with_its_id(seed_site):
    document = max(seed_site.corpus()["documents"], key=lambda d: len(d["clauses"]))
    record = document_record(document)
    ids = re.findall(r'<h2 id="([^"]+)">', record.html)
    assert ids == [c["id"] for c in document["clauses"]]
    assert record.url == document["url"]
    assert f'data-pagefind-meta="title:{document["title"]}"' in record.html
    assert f'<html lang="{LANGUAGE}">' in record.html


def test_a_clause_is_read_as_its_heading_line_and_paragraphs():
    assert clause_lines(MEASURE) == ["四、精细管理", "牢树“以管理取胜”的理念,开展综合整治活动", "实现城市容貌常态管理。"]
    assert clause_lines(RUN_IN) == ["(一) 加强组织领导", "成立 领导小组,统筹推进人才公寓建设。"]
    assert clause_lines(BODY) == ["市发展改革委", "2017年3月1日"]


def test_a_clause_holds_a_query_only_within_one_line():
    held = [(MEASURE, ["精细管理", "四、精细管理", "牢树", "以管理取胜", "综合整治活动", "常态管理"]),
            (RUN_IN, ["加强组织领导", "(一)加强", "人才公寓"]), (BODY, ["市发展改革委", "2017年3月"])]
    for clause, queries in held:
        assert all(clause_holds(clause, query) for query in queries), clause["id"]
    # across the heading/body break, a paragraph break, a run-in heading's end: not held
    assert not clause_holds(MEASURE, "管理牢树")
    assert not clause_holds(MEASURE, "活动实现")
    assert not clause_holds(RUN_IN, "领导成立")
    assert not clause_holds(BODY, "改革委2017")
    # parts of a query may lie in different lines; white space inside a line is no break
    assert clause_holds(MEASURE, "精细管理 牢树") and clause_holds(MEASURE, "精细管理，常态管理")
    assert not clause_holds(MEASURE, "精细管理 人才")
    assert clause_holds(RUN_IN, "成立领导小组")
    assert not clause_holds(MEASURE, " ，。 ")  # nothing but space and punctuation


def test_letters_and_digits_are_found_from_the_start_of_their_run():
    target = {"id": "sec_2", "number": "2.", "heading": None, "style": "arabic_dot",
              "text": "2.单位GDP能耗较2010年下降16%,建成5G基站1200个,Made in China 2025"}
    for query in ("2010年", "较2010年下降", "2010", "GDP能耗", "GD", "5G基站", "建成5", "1200个", "in China",
                  "madeinchina", "china 2025"):
        assert clause_holds(target, query) == (query != "madeinchina"), query
    for query in ("010年", "DP能耗", "G基站", "200个"):
        assert not clause_holds(target, query), query
    assert plain("Made  in China 2025 计 划") == "made in china 2025计划"


def _pagefind_finds(indexed: list[str], part: str) -> bool:
    """Pagefind's match of the box's lookup (an exact phrase, or words found by their start)."""
    lookup, phrase = lookup_words(part)
    lowered = [word.lower() for word in indexed]
    lookup = [word.lower() for word in lookup]
    if phrase:
        return _contains_run(lowered, lookup)
    return all(any(word.startswith(wanted) for word in lowered) for wanted in lookup)


def test_the_lookup_finds_every_line_that_holds_a_sampled_query(seed_site):
    corpus = seed_site.corpus()
    lines = [line for d in corpus["documents"] for c in d["clauses"] for line in clause_lines(c)]
    queries = sample_queries(corpus, 200, seed=5)
    assert sum(1 for q in queries if re.search(r"[0-9a-z]", q)) >= 10, "few queries with letters or digits"
    missed = []
    for query in queries:
        for part in query_parts(query):
            for line in lines:
                if clause_holds({"text": line, "style": "body"}, part) and not _pagefind_finds(words(line), part):
                    missed.append((part, line[:40]))
    assert not missed, f"{len(missed)} lines hold a part the index does not find, e.g. {missed[:3]}"


def test_the_index_puts_a_line_end_between_the_lines_of_a_clause():
    record = document_record({"id": "d", "title": "城市建设工作经验", "url": "documents/d/", "clauses": [MEASURE]})
    blocks = re.findall(r"<(h[12]|p)[^>]*>([^<]*)</\1>", record.html)
    indexed = " ".join(text for _, text in blocks).split()
    for query in ("精细管理", "牢树", "活动", "实现城市", "常态管理"):
        assert _contains_run(indexed, query_words(query)), query
    for query in ("管理牢树", "活动实现"):
        assert not _contains_run(indexed, query_words(query)), query
    assert [text.split().count(BLOCK_END) for tag, text in blocks if tag != "h1"][:3] == [1, 1, 1]


def _clause(entry: dict) -> Clause:
    return Clause(id=entry["id"], parent=entry.get("parent"), level=entry["level"], depth=entry["depth"],
                  number=entry.get("number"), heading=entry.get("heading"), text=entry["text"],
                  line=entry.get("line") or 0, kind="body" if entry.get("style") == "body" else "heading",
                  style=entry.get("style") or "", label=entry.get("label") or "")


def test_the_lines_searched_are_the_lines_the_document_page_shows(seed_site):
    wrong = []
    for document in seed_site.corpus()["documents"]:
        for entry in document["clauses"]:
            clause = _clause(entry)
            shown = render._body_after_heading(clause) if clause.kind == "heading" else clause.text.split("\n")
            if clause.kind == "heading" and (clause.number or clause.heading):
                shown = [render.heading_text(clause), *shown]
            shown = [plain(line) for line in shown if plain(line)]
            if [plain(line) for line in clause_lines(entry)] != shown:
                wrong.append(f"{document['id']}#{entry['id']}")
    assert not wrong, f"{len(wrong)} clauses searched otherwise than shown, e.g. {wrong[:3]}"


def test_the_sampled_queries_lie_within_one_line_and_the_check_finds_them(seed_site):
    corpus = seed_site.corpus()
    issuers = {d.get("issuer") for d in corpus["documents"]}
    queries = sample_queries(corpus, 60, seed=13)
    for query in queries:
        expected = {ClauseLink(d["url"], c["id"]) for d in corpus["documents"] for c in d["clauses"]
                    if clause_holds(c, query)}
        assert clauses_holding(corpus, query) == expected, query
        assert expected or query in issuers, f"{query!r} was drawn from the text but no clause holds it"
    assert query_parts("基础设施 建设、ＧＤＰ") == ["基础设施", "建设", "gdp"]


def test_pagefind_writes_an_index_of_every_document(tmp_path):
    corpus = {"documents": [
        {"id": "a", "title": "人才工作意见", "url": "documents/a/", "clauses": [
            {"id": "sec_1", "number": "一、", "heading": "人才公寓",
             "text": "一、人才公寓建设。加快建设。"}]},
        {"id": "b", "title": "产业规划", "url": "documents/b/", "clauses": [
            {"id": "preface", "number": None, "heading": None, "text": "推进总部经济发展。"}]},
    ]}
    report = write_index(tmp_path, corpus)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert report["pages"] == 2
    assert entry["languages"][LANGUAGE]["page_count"] == 2
    assert len(list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))) == 2
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_rebuilding_the_index_leaves_no_stale_files(tmp_path):
    corpus = {"documents": [{"id": "a", "title": "甲", "url": "documents/a/", "clauses": [
        {"id": "preface", "number": None, "heading": None, "text": "推进总部经济发展。"}]}]}
    write_index(tmp_path, corpus)
    first = {p.name for p in (tmp_path / "pagefind").rglob("*")}
    corpus["documents"][0]["clauses"][0]["text"] = "加快人才公寓建设。"
    write_index(tmp_path, corpus)
    second = {p.name for p in (tmp_path / "pagefind").rglob("*")}
    assert first != second
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def _export_text(corpus: dict) -> str:
    """A corpus export as the pipeline writes it (``build_tools.export``): compact JSON."""
    return json.dumps(corpus, ensure_ascii=False, separators=(",", ":"))


EXPORT = {"version": 1, "themes": [{"id": "talent", "name": "人才", "scope": "x"}],
          "glossary": [], "documents": [
              {"id": "a", "title": "人才工作意见", "url": "documents/a/", "clauses": [
                  {"id": "sec_1", "number": "一、", "heading": "人才公寓",
                   "text": "一、人才公寓建设。加快建设。", "themes": ["talent"]}]},
              {"id": "b", "title": "产业规划, \"总部\"", "url": "documents/b/", "clauses": [
                  {"id": "preface", "number": None, "heading": None, "text": "推进[总部]{经济}发展。"}]}]}


@pytest.mark.parametrize("text", [_export_text(EXPORT), json.dumps(EXPORT, indent=2) + "\n",
                                  _export_text({**EXPORT, "documents": []}),
                                  _export_text({"documents": EXPORT["documents"], "themes": []})],
                         ids=["compact", "indented", "no-documents", "documents-first"])
def test_the_export_read_field_by_field_is_the_parsed_export(text):
    parsed = json.loads(text)
    read: dict = {}
    for name, value in export_fields(text):
        if name == "documents":
            read.setdefault(name, []).append(value)
        else:
            read[name] = value
    assert {**read, "documents": read.get("documents", [])} == parsed


def test_a_truncated_export_is_refused():
    text = _export_text(EXPORT)
    with pytest.raises(ValueError):
        list(export_fields(text[:text.index("]}") + 1]))


def test_the_index_from_the_export_file_is_the_index_of_the_parsed_export(tmp_path):
    export = tmp_path / "corpus.json"
    export.write_text(_export_text(EXPORT), encoding="utf-8")
    write_index(tmp_path / "parsed", EXPORT)
    report = index_export(tmp_path / "streamed", export, tmp_path / "cache")
    assert report["pages"] == 2 and not report["stored"]
    assert index_key(EXPORT) == next((tmp_path / "cache").iterdir()).name
    def files(site):
        root = site / "pagefind"
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert files(tmp_path / "streamed") == files(tmp_path / "parsed")
    again = index_export(tmp_path / "copied", export, tmp_path / "cache")
    assert again["stored"] and files(tmp_path / "copied") == files(tmp_path / "parsed")


def test_parts_hold_the_newest_documents_first_and_at_most_the_part_size():
    staged = [("2019-01-01", "a/"), ("0000-00-00", "b/"), ("2021-05-01", "d/"),
              ("2021-05-01", "c/"), ("2020-01-01", "e/")]
    assert parts(staged, 2) == [["c/", "d/"], ["e/", "a/"], ["b/"]]
    assert parts(staged, 5) == [["c/", "d/", "e/", "a/", "b/"]]
    assert part_folders(3) == ["", "part-2/", "part-3/"]


def test_an_archive_larger_than_a_part_is_indexed_in_parts_newest_first(tmp_path):
    corpus = {**EXPORT, "documents": [{**d, "date": date} for d, date in
                                      zip(EXPORT["documents"], ("2015-03-01", "2018-07-09"))]}
    report = write_index(tmp_path, corpus, part_size=1)
    bundle = tmp_path / "pagefind"
    assert report["parts"] == 2 and report["pages"] == 2
    assert json.loads((bundle / "archive-parts.json").read_text(encoding="utf-8")) == ["part-2/"]
    for folder, newest in (("", "documents/b/"), ("part-2/", "documents/a/")):
        entry = json.loads((bundle / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"][LANGUAGE]["page_count"] == 1
        fragment, = (bundle / folder / "fragment").glob("*.pf_fragment")
        assert json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["url"] == "/" + newest
    whole = write_index(tmp_path / "whole", corpus)
    assert whole["parts"] == 1
    assert json.loads((tmp_path / "whole" / "pagefind" / "archive-parts.json").read_text(encoding="utf-8")) == []
