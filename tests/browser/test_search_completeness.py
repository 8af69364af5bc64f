"""Every clause that holds a query is among the search results, and no other clause is.

Queries are drawn from the archive's own text (``searching.sample_queries``: runs of
2–8 Han characters, issuers' names, two pieces of a clause joined by a space); the
results are read off the running page in Chromium after asking for every document and
unfolding every group, and compared with the clauses of ``corpus.json`` that hold the
query. Checked on the seed archive and on a 500-document synthetic archive
(``bench.synth``): its pipeline output (``python -m build_tools build --no-link``)
is indexed into a copy of the built seed site's pages, so the same search box searches it
(its document pages are not rendered: the check reads result links, it does not follow them);
and the same archive indexed in parts, as an archive larger than
``search_index.PART_DOCUMENTS`` is.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.search_index import write_index
from bench.synth import write_corpus
from sitebuild import REPO, run_pipeline

from .searching import clauses_holding, every_result, sample_queries
from .sitehost import SiteHost

SEED_QUERIES = 40
SYNTHETIC_DOCS = 500
SYNTHETIC_QUERIES = 20
PART_DOCUMENTS = 150  # the 500-document archive indexed in four parts, as a large one is


def _check_queries(page, site_url: str, corpus: dict, queries: list[str]) -> None:
    wrong = []
    for query in queries:
        expected = clauses_holding(corpus, query)
        shown = every_result(page, query, site_url)
        missing, extra = expected - set(shown), set(shown) - expected
        duplicated = len(shown) - len(set(shown))
        if missing or extra or duplicated:
            wrong.append(f"{query!r}: {len(expected)} clauses hold it, {len(set(shown))} shown; "
                         f"missing {sorted(map(str, missing))[:3]}, not holding it "
                         f"{sorted(map(str, extra))[:3]}, shown twice {duplicated}")
    assert not wrong, f"{len(wrong)} of {len(queries)} queries:\n  " + "\n  ".join(wrong)


def test_the_queries_are_drawn_from_the_text_and_found_in_the_corpus(corpus):
    queries = sample_queries(corpus, SEED_QUERIES, seed=13)
    assert len(queries) == SEED_QUERIES and queries == sample_queries(corpus, SEED_QUERIES, seed=13)
    assert any(" " in q for q in queries), "no multi-word query in the sample"
    assert any(q == d.get("issuer") for q in queries for d in corpus["documents"]), "no issuer in the sample"
    assert all(2 <= len(part) <= 8 for q in queries if q.count(" ") == 1 for part in q.split())
    empty = [q for q in queries if not clauses_holding(corpus, q)
             and not any(q == d.get("issuer") for d in corpus["documents"])]
    assert not empty, f"queries drawn from clause text that no clause holds: {empty}"


def test_every_clause_holding_a_query_is_found_in_the_seed_archive(page, site_url, corpus):
    page.goto(site_url)
    _check_queries(page, site_url, corpus, sample_queries(corpus, SEED_QUERIES, seed=13))


@pytest.fixture(scope="module")
def synthetic_archive(site_dir, tmp_path_factory) -> tuple[Path, dict]:
    """A 500-document export and a copy of the seed site's pages without an index."""
    root = tmp_path_factory.mktemp("search-synthetic")
    write_corpus(root / "corpus", SYNTHETIC_DOCS, seeds_dir=REPO / "seeds")
    done = run_pipeline(root / "corpus", root / "docs", "--no-link")
    assert done.returncode == 0, done.stderr[-2000:]
    corpus = json.loads((root / "docs" / "data" / "corpus.json").read_text(encoding="utf-8"))
    assert len(corpus["documents"]) >= SYNTHETIC_DOCS
    pages = root / "pages"
    shutil.copytree(site_dir, pages, ignore=shutil.ignore_patterns("pagefind", "documents", "corpus.json"))
    return pages, corpus


def _indexed(synthetic_archive, folder: Path, **options) -> tuple[Path, dict, dict]:
    pages, corpus = synthetic_archive
    site = folder / "site"
    shutil.copytree(pages, site)
    return site, corpus, write_index(site, corpus, **options)


@pytest.fixture(scope="module")
def synthetic_search(synthetic_archive, tmp_path_factory) -> Iterator[tuple[str, dict]]:
    site, corpus, _ = _indexed(synthetic_archive, tmp_path_factory.mktemp("search-whole"))
    with SiteHost(site, "/") as host:
        yield host.url, corpus


def test_every_clause_holding_a_query_is_found_in_a_500_document_archive(page, synthetic_search):
    url, corpus = synthetic_search
    page.goto(url)
    _check_queries(page, url, corpus, sample_queries(corpus, SYNTHETIC_QUERIES, seed=13))


@pytest.fixture(scope="module")
def parted_search(synthetic_archive, tmp_path_factory) -> Iterator[tuple[str, dict]]:
    """The 500-document archive indexed in parts of at most ``PART_DOCUMENTS`` documents."""
    site, corpus, report = _indexed(synthetic_archive, tmp_path_factory.mktemp("search-parted"),
                                    part_size=PART_DOCUMENTS)
    assert report["parts"] == -(-len(corpus["documents"]) // PART_DOCUMENTS) > 1
    with SiteHost(site, "/") as host:
        yield host.url, corpus


def test_every_clause_holding_a_query_is_found_in_an_archive_indexed_in_parts(page, parted_search):
    url, corpus = parted_search
    page.goto(url)
    _check_queries(page, url, corpus, sample_queries(corpus, SYNTHETIC_QUERIES, seed=29))
