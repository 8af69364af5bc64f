"""The search box works on the site Zensical renders (``zensical_seed_site``), under a sub-path.

The whole browser suite can be run against that site too (``ARCHIVE_SITE_DIR``, README
"Zensical, a second renderer"); these checks run in every session: in Zensical's theme the
search box shows exactly the clauses holding each query, and a result opens its clause.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from .reading import view_clause
from .searching import CLAUSE_LINKS, clauses_holding, every_result
from .sitehost import SiteHost
from .test_search import QUERIES


@pytest.fixture(scope="module")
def zensical_url(zensical_seed_site: Path) -> Iterator[str]:
    with SiteHost(zensical_seed_site, "/archive/") as host:
        yield host.url


@pytest.fixture(scope="module")
def zensical_corpus(zensical_seed_site: Path) -> dict:
    return json.loads((zensical_seed_site / "data" / "corpus.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_zensical_site_search_shows_exactly_the_clauses_holding_the_query(
        page, zensical_url: str, zensical_corpus: dict, query: str) -> None:
    expected = clauses_holding(zensical_corpus, query)
    assert expected, f"no clause of the corpus holds {query!r}: the test's query list is stale"
    page.goto(zensical_url)
    shown = every_result(page, query, zensical_url)
    assert set(shown) == expected and len(shown) == len(expected), (
        f"{query!r}: missing {sorted(map(str, expected - set(shown)))[:5]}, "
        f"extra {sorted(map(str, set(shown) - expected))[:5]}")
    first = shown[0]
    page.locator(CLAUSE_LINKS).filter(visible=True).first.click()
    page.wait_for_url(lambda url: url.endswith("#" + first.clause), timeout=10_000)
    assert view_clause(page, first.clause).targeted, f"{first}: not the page's :target"
