"""The search box splits a query exactly as the index splits the text (JS and Python agree).

Runs ``overrides/assets/javascripts/search-words.js`` in Node on every clause text of the
seed archive and compares its words with ``build_tools.search_index``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.search_index import query_words, readable, words

SEARCH_WORDS = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/search-words.js"
RUNNER = """
import {indexWords, queryWords, readable} from %s;
let input = "";
process.stdin.on("data", (chunk) => input += chunk);
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  const out = texts.map((t) => {
    const indexed = indexWords(t);
    return {indexed, query: queryWords(t), readable: readable(indexed)};
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def test_the_search_box_and_the_index_split_text_alike(seed_site):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: it runs the search box's word splitter in this test")
    texts = [c["text"] for d in seed_site.corpus()["documents"] for c in d["clauses"] if c["text"]]
    texts += ["ＧＤＰ增长2.1%", "Made in China 2025", "〇七年", "𠀀𠀁字", "人才 公寓", ""]
    done = subprocess.run([node, "--input-type=module", "-e", RUNNER % json.dumps(SEARCH_WORDS.as_uri())],
                          input=json.dumps(texts), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for text, js in zip(texts, json.loads(done.stdout), strict=True):
        assert js["indexed"] == words(text), text
        assert js["query"] == query_words(text), text
        assert js["readable"] == readable(words(text)), text
