"""axe-core, injected into the page, finds no serious or critical accessibility violations."""
from __future__ import annotations

from urllib.parse import urljoin

import pytest

BLOCKING = {"serious", "critical"}


def longest_document(corpus: dict) -> str:
    return max(corpus["documents"], key=lambda document: len(document["clauses"]))["url"]


def first_index_page(site_pages: list[str]) -> str:
    indexes = [path for path in site_pages if path.startswith("indexes/")]
    assert indexes, "the site has no index pages under indexes/"
    return min(indexes, key=lambda path: (path.count("/"), path))


PAGES = {
    "home": lambda corpus, site_pages: "",
    "document": lambda corpus, site_pages: longest_document(corpus),
    "index": lambda corpus, site_pages: first_index_page(site_pages),
}


def run_axe(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then(result =>
             result.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
               count: v.nodes.length,
             })))"""
    )


@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_or_critical_accessibility_violations(
    page, site_url, corpus, site_pages, axe_source, kind
):
    path = PAGES[kind](corpus, site_pages)
    page.goto(urljoin(site_url, path), wait_until="load")
    violations = [v for v in run_axe(page, axe_source) if v["impact"] in BLOCKING]
    report = "\n  ".join(
        f"{v['impact']} {v['id']} ({v['count']}×): {v['help']} — e.g. {v['targets']}" for v in violations
    )
    assert not violations, f"/{path}: axe-core violations:\n  {report}"
