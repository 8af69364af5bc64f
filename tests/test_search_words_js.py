"""The search box splits a query exactly as the index splits the text (JS and Python agree).

Runs ``overrides/assets/javascripts/search-words.js`` in Node on every clause text of the
seed archive and compares its words with ``build_tools.search_index``, and its check of
which clauses hold a query (query parts, lines) with ``clause_holds``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.search_index import (
    clause_holds,
    clause_lines,
    lookup_words,
    plain,
    query_parts,
    query_words,
    readable,
    words,
)
from bench.search_sample import sample_queries

SEARCH_WORDS = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/search-words.js"
RUNNER = """
import {indexWords, lookupWords, plain, queryWords, readable} from %s;
let input = "";
process.stdin.on("data", (chunk) => input += chunk);
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  const out = texts.map((t) => {
    const indexed = indexWords(t);
    return {indexed, query: queryWords(t), readable: readable(indexed), plain: plain(t), lookup: lookupWords(t)};
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def test_the_search_box_and_the_index_split_text_alike(seed_site):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: it runs the search box's word splitter in this test")
    texts = [c["text"] for d in seed_site.corpus()["documents"] for c in d["clauses"] if c["text"]]
    texts += ["ＧＤＰ增长2.1%", "Made in China 2025", "〇七年", "𠀀𠀁字", "人才 公寓", "", "2010年", "年GD",
              "较2010年", "GDP 2019 年\n5 G", " 𝐀 b "]
    done = subprocess.run([node, "--input-type=module", "-e", RUNNER % json.dumps(SEARCH_WORDS.as_uri())],
                          input=json.dumps(texts), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for text, js in zip(texts, json.loads(done.stdout), strict=True):
        assert js["indexed"] == words(text), text
        assert js["query"] == query_words(text), text
        assert js["readable"] == readable(words(text)), text
        assert js["plain"] == plain(text), text
        lookup, phrase = lookup_words(text)
        assert js["lookup"] == {"words": lookup, "phrase": phrase}, text


HOLDS_RUNNER = """
import {linesHold, queryParts} from %s;
let input = "";
process.stdin.on("data", (chunk) => input += chunk);
process.stdin.on("end", () => {
  const {queries, clauses} = JSON.parse(input);
  const out = queries.map((q) => ({parts: queryParts(q), held: clauses.map((lines) => linesHold(lines, queryParts(q)))}));
  process.stdout.write(JSON.stringify(out));
});
"""


def test_the_search_box_and_the_check_agree_on_which_clauses_hold_a_query(seed_site):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: it runs the search box's clause check in this test")
    corpus = seed_site.corpus()
    clauses = [c for d in corpus["documents"] for c in d["clauses"]]
    queries = sample_queries(corpus, 60, seed=7) + ["管理牢树", "精细管理 牢树", "ＧＤＰ，增长", "人才_公寓", "、。",
                                                   "2010年", "010年", "gdp", "dp"]
    lines = [clause_lines(c) for c in clauses]
    done = subprocess.run([node, "--input-type=module", "-e", HOLDS_RUNNER % json.dumps(SEARCH_WORDS.as_uri())],
                          input=json.dumps({"queries": queries, "clauses": lines}),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    held_somewhere = 0
    for query, js in zip(queries, json.loads(done.stdout), strict=True):
        assert js["parts"] == query_parts(query), query
        python = [bool(js["parts"]) and clause_holds(c, query) for c in clauses]
        assert [bool(js["parts"]) and h for h in js["held"]] == python, query
        held_somewhere += any(python)
    assert held_somewhere > 30
