"""The search answers early: the engine starts before the first keystroke, and the first
document's group is drawn before the other documents have arrived.

Speed itself is measured by ``make bench-site`` (``bench/sitebench.py``), not here: these
tests check the order of events, which does not depend on the machine's load.
"""
from __future__ import annotations

from bench.search_sample import SEARCH_INPUT
from .searching import STATUS, clauses_holding

QUERY = "基础设施"  # held by clauses of several seed documents
FRAGMENTS = "**/pagefind/fragment/*"
GROUPS = ".archive-search__group"
STATE = "() => document.querySelector('.md-search-result').dataset.state"


def test_the_first_document_is_drawn_while_the_others_are_still_on_their_way(page, site_url, corpus):
    found = clauses_holding(corpus, QUERY)
    documents = len({link.page for link in found})
    assert documents > 2, "the query no longer spans several documents"
    held, passed, holding = [], [], [True]

    def hold_all_but_the_first(route) -> None:
        if passed and holding[0]:
            held.append(route)
        else:
            passed.append(route.request.url)
            route.fallback()

    page.route(FRAGMENTS, hold_all_but_the_first)
    page.goto(site_url)
    page.locator(SEARCH_INPUT).fill(QUERY)
    page.locator(GROUPS).first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(300)  # time for anything else that would be drawn without the others
    assert page.locator(GROUPS).count() == 1, "more than the first document drawn before its fragment came"
    assert page.evaluate(STATE) == "searching", "the answer is declared complete with documents missing"
    assert held, "no other document's fragment was asked for"

    holding[0] = False
    for route in held:
        route.fallback()
    page.wait_for_function(f"() => ({STATE})() === 'done'", timeout=60_000)
    assert page.locator(GROUPS).count() == documents
    assert page.locator(STATUS).inner_text() == f"在 {documents} 份文件的 {len(found)} 个条目中找到"


def test_focusing_the_box_starts_the_engine_and_warms_it_on_an_index_chunk(page, site_url):
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(site_url)
    page.locator(SEARCH_INPUT).focus()
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/pagefind.js'))",
        timeout=30_000)
    page.wait_for_timeout(2_000)  # the engine's start and its first search, with no query typed
    assert page.locator(SEARCH_INPUT).input_value() == ""
    assert any("/pagefind/pagefind-entry.json" in url for url in fetched), "the engine did not start"
    assert any("/pagefind/index/" in url for url in fetched), "no index chunk was loaded before typing"
    assert not any("/pagefind/fragment/" in url for url in fetched), "documents were fetched with no query"
