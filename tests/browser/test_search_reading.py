"""The search dialog as a reader uses it: counts, folding, ranking, filters from the URL,
the keyboard, "没有找到", and no accessibility violations with results on screen.

Expected figures come from ``corpus.json`` (``searching.clauses_holding``), never from
constants.
"""
from __future__ import annotations

from urllib.parse import quote

from bench.search_sample import SEARCH_INPUT, clause_link
from .searching import CLAUSE_LINKS, STATUS, UNFOLD, clauses_holding, type_query
from .test_accessibility import BLOCKING, run_axe

QUERY = "基础设施"  # a policy term held by many clauses of several seed documents


def _counts(corpus: dict, query: str) -> tuple[int, int]:
    found = clauses_holding(corpus, query)
    return len({link.page for link in found}), len(found)


def test_results_are_counted_grouped_by_document_and_long_groups_fold(page, site_url, corpus):
    documents, clauses = _counts(corpus, QUERY)
    assert documents > 1 and clauses > documents * 3, "the query no longer spans several documents"
    page.goto(site_url)
    type_query(page, QUERY)
    assert page.locator(STATUS).inner_text() == f"在 {documents} 份文件的 {clauses} 个条目中找到"
    groups = page.locator(".archive-search__group")
    assert groups.count() == documents
    folded = page.locator(UNFOLD).first
    label = folded.inner_text()
    index = groups.evaluate_all("(gs, s) => gs.findIndex(g => g.querySelector(s))", UNFOLD)
    group = groups.nth(index)
    total = int(label.removeprefix("显示全部 ").removesuffix(" 条"))
    assert group.locator(CLAUSE_LINKS).filter(visible=True).count() < total
    folded.click()
    assert group.locator(CLAUSE_LINKS).filter(visible=True).count() == total
    assert group.locator("mark").count() >= total, "each listed clause marks the hit"


def test_title_and_heading_hits_come_first_then_newer_documents(page, site_url, corpus):
    page.goto(site_url)
    type_query(page, QUERY)
    by_url = {d["url"]: d for d in corpus["documents"]}
    order = page.locator("a.archive-search__document").evaluate_all("links => links.map(a => a.href)")
    docs = [by_url[clause_link(href + "#x", site_url).page] for href in order]

    def headed(document):
        return QUERY in document["title"] or any(QUERY in (c.get("heading") or "") for c in document["clauses"])

    tiers = [headed(d) for d in docs]
    assert tiers == sorted(tiers, reverse=True), f"a document without a heading hit ranks above one with: {tiers}"
    for tier in (True, False):
        dates = [d.get("date") or "0000-00-00" for d, t in zip(docs, tiers) if t is tier]
        assert dates == sorted(dates, reverse=True), f"not newest first within a tier: {dates}"


def test_a_query_nothing_holds_says_not_found_and_shows_nothing_else(page, site_url):
    page.goto(site_url)
    type_query(page, "鲸鱼潜艇")
    assert page.locator(STATUS).inner_text() == "没有找到"
    assert page.locator(".md-search-result__list > *").count() == 0


def test_a_linked_search_opens_with_its_query_and_year_filter(page, site_url, corpus):
    dated = [d for d in corpus["documents"] if d.get("date") and any(
        QUERY in c["text"] for c in d["clauses"])]
    year = dated[0]["date"][:4]
    expected = {link for link in clauses_holding(corpus, QUERY)
                if any(d["url"] == link.page and (d.get("date") or "").startswith(year) for d in dated)}
    page.goto(f"{site_url}?q={quote(QUERY)}&year={year}")
    page.wait_for_function("() => document.querySelector('.md-search-result').dataset.state === 'done'")
    assert page.locator(SEARCH_INPUT).input_value() == QUERY
    shown = {clause_link(h, site_url) for h in page.evaluate(
        "s => { document.querySelectorAll('button.archive-search__unfold').forEach(b => b.click());"
        " return [...document.querySelectorAll(s)].map(a => a.href); }", CLAUSE_LINKS)}
    assert shown == expected
    page.locator("select[data-filter=year]").wait_for(state="visible")
    assert page.locator("select[data-filter=year]").input_value() == year


def test_arrow_keys_move_through_results_with_visible_focus_and_enter_opens_one(page, site_url):
    page.goto(site_url)
    type_query(page, QUERY)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    focused = page.evaluate("""() => { const a = document.activeElement; const s = getComputedStyle(a);
        return {href: a.href, cls: a.className, outline: s.outlineStyle, width: s.outlineWidth}; }""")
    assert focused["href"] and focused["href"] != first
    assert "md-search-result__link" in focused["cls"]
    assert focused["outline"] != "none" and focused["width"] != "0px", f"focus is not visible: {focused}"
    page.keyboard.press("Enter")
    page.wait_for_url(focused["href"])


def test_escape_closes_the_search(page, site_url):
    page.goto(site_url)
    type_query(page, QUERY)
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")


def test_no_serious_accessibility_violations_with_results_shown(page, site_url, axe_source):
    page.goto(site_url)
    type_query(page, QUERY)
    page.locator("select[data-filter=year]").wait_for(state="visible")
    violations = [v for v in run_axe(page, axe_source) if v["impact"] in BLOCKING]
    assert not violations, violations
