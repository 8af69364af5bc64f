"""Citable clauses: a clause URL opens on that clause, and its copy-link control copies it."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from build_tools.export import citation_of

from .reading import read_clipboard, view_clause


def sample_clauses(corpus: dict) -> list[tuple[str, str]]:
    """Each document's deepest clause, then the last clause of the longest document.

    As (page URL, clause id) pairs in corpus order: deep ids exercise the whole
    numbering path, the last clause sits where the page cannot scroll it to the top.
    """
    documents = [document for document in corpus["documents"] if document["clauses"]]
    picked = [
        (document["url"], max(document["clauses"], key=lambda clause: clause["depth"])["id"])
        for document in documents
    ]
    if documents:
        longest = max(documents, key=lambda document: len(document["clauses"]))
        last = (longest["url"], longest["clauses"][-1]["id"])
        if last not in picked:
            picked.append(last)
    return picked


def test_a_clause_url_opened_directly_shows_the_clause_below_the_header(page, site_url, corpus):
    clauses = sample_clauses(corpus)
    assert clauses, "the corpus has no clauses"
    wrong = []
    for url, clause_id in clauses:
        page.goto(urljoin(site_url, f"{url}#{clause_id}"))
        view = view_clause(page, clause_id)
        if not (view.targeted and view.highlighted and view.below_header):
            wrong.append(f"{url}#{clause_id}: {view}")
    assert not wrong, "clauses not shown as the highlighted target under the header:\n  " + "\n  ".join(wrong)


def click_copy_control(page, site_url: str, url: str, clause_id: str, name: str) -> str:
    """Open the clause's page, click its one copy control named ``name``, return the clipboard."""
    page.goto(urljoin(site_url, url))
    control = page.locator(f'[id="{clause_id}"]').get_by_role("button", name=re.compile(name))
    assert control.count() == 1, f"{url}#{clause_id} has {control.count()} '{name}' controls, expected 1"
    page.evaluate("navigator.clipboard.writeText('')")
    control.click()
    return read_clipboard(page)


def test_the_copy_link_control_puts_the_clause_url_on_the_clipboard(page, site_url, corpus):
    url, clause_id = sample_clauses(corpus)[0]
    copied = click_copy_control(page, site_url, url, clause_id, "链接")
    published = corpus.get("site_url", "").rstrip("/") + "/" + url
    accepted = {f"{urljoin(site_url, url)}#{clause_id}", f"{published}#{clause_id}"}
    assert copied in accepted, f"clipboard holds {copied!r}, expected one of {sorted(accepted)}"


@pytest.mark.parametrize("width", [375])
def test_a_clause_url_works_on_a_phone(new_page, site_url, corpus, width):
    url, clause_id = sample_clauses(corpus)[-1]
    page = new_page(viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(urljoin(site_url, f"{url}#{clause_id}"))
    view = view_clause(page, clause_id)
    assert view.targeted and view.highlighted and view.below_header, f"{url}#{clause_id}: {view}"


def test_the_copy_citation_control_copies_the_citation_of_the_export(page, site_url, corpus):
    """The button copies exactly what corpus.json gives as ``citation`` (its URL is the
    published one, from SITE_URL, wherever the page is read)."""
    url, clause_id = sample_clauses(corpus)[0]
    copied = click_copy_control(page, site_url, url, clause_id, "复制引用")
    document = next(d for d in corpus["documents"] if d["url"] == url)
    clause = next(c for c in document["clauses"] if c["id"] == clause_id)
    citation = citation_of(document, clause, "citation")
    assert citation.endswith(corpus["site_url"] + url + "#" + clause_id)
    assert copied == citation
