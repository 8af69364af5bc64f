"""The search index's words: bigrams that find exactly the clauses holding a query.

Checked on every clause of the seed archive (``seed_site``): the text comes back from
its indexed words, and a query's words occur in a row in a clause's words exactly when
the clause holds the query. Then one small index is written by Pagefind for real.
"""
from __future__ import annotations

import json
import random
import re

import pytest

from build_tools.search_index import (
    BLOCK_END,
    LANGUAGE,
    document_record,
    query_words,
    readable,
    words,
    write_index,
)



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
