"""A reader searches in Chinese, finds the clause and lands on it.

The expected clauses come from the published corpus (``data/corpus.json``):
a result is right when it links to a clause that holds the query (``clauses_holding``:
the query within its heading line or one of its paragraphs).
"""
from __future__ import annotations

import pytest

from .reading import clause_link, search, view_clause, visible_results
from .searching import clauses_holding

# Policy terms a reader of these documents looks up; each occurs in the seed sources.
QUERIES = {"talent-flats": "人才公寓", "vacate-the-cage": "腾笼换鸟", "headquarters-economy": "总部经济"}
FIRST_RESULTS = 5  # "among the first results": the first clause links a reader sees


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_a_chinese_query_finds_its_clause_and_the_result_lands_on_it(page, site_url, corpus, query):
    expected = clauses_holding(corpus, query)
    assert expected, f"no clause of the corpus holds {query!r}: the test's query list is stale"

    page.goto(site_url)
    hrefs = search(page, query)
    shown = [(href, link) for href in hrefs if (link := clause_link(href, site_url)) is not None]
    first = shown[:FIRST_RESULTS]
    right = [(href, link) for href, link in first if link in expected]
    assert right, (
        f"{query!r}: none of the first {FIRST_RESULTS} clause results holds the query\n"
        f"  shown: {[str(link) for _, link in first]}\n"
        f"  expected one of: {sorted(map(str, expected))[:10]}"
    )

    href, link = right[0]
    visible_results(page).nth(hrefs.index(href)).click()
    page.wait_for_url(lambda url: url.endswith("#" + link.clause), timeout=10_000)
    view = view_clause(page, link.clause)
    assert view.targeted, f"{link}: the clause is not the page's :target after following the result"
    assert view.highlighted, f"{link}: the targeted clause is not highlighted ({view})"
    assert view.below_header, f"{link}: the clause is hidden by the header or off screen ({view})"



def test_search_results_stay_inside_a_project_subpath(page, subpath_url, corpus):
    query = QUERIES["headquarters-economy"]
    page.goto(subpath_url)
    hrefs = search(page, query)
    links = [link for href in hrefs if (link := clause_link(href, subpath_url)) is not None]
    assert links, f"no clause result under {subpath_url} for {query!r}: {hrefs[:5]}"
    assert links[0] in clauses_holding(corpus, query), f"first clause result {links[0]} lacks {query!r}"
    visible_results(page).nth(0).click()
    page.wait_for_load_state()
    assert page.url.startswith(subpath_url), f"the result left the sub-path: {page.url}"


def test_the_site_benchmark_times_a_first_search_that_finds_the_clause(browser, site_dir, corpus):
    from bench.sitebench import measure_search

    query = QUERIES["headquarters-economy"]
    measured = measure_search(site_dir, query, timeout_s=60, browser=browser)
    assert "search_error" not in measured, measured.get("search_error")
    assert measured["search_first_query_ms"] > 0
    assert measured["search_first_query_driver_ms"] > 0
    holding = {link.page.strip("/") for link in clauses_holding(corpus, query)}
    assert measured["search_first_result"].split("#")[0].strip("/") in holding
    assert measured["search_first_query_bytes"] > 0 and measured["search_requests"] > 1
