"""The index pages: complete, linked, reachable, stable, and small however large the archive.

``index_pages`` is called directly on the parsed and analysed seeds and on a synthetic
archive of a few hundred documents, once with the real page limit and once with a limit
small enough that every way of splitting an index (per name, shared pages, five-year spans,
years, hash groups) is used. Each check reads the Markdown the build writes: it follows the
same links a reader follows, from the overview pages in the navigation, and collects what
each name, year and theme lists.
"""
from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import render_indexes
from build_tools.build import Progress, analyze, load_corpus
from build_tools.config import Settings
from build_tools.glossary import find_terms
from build_tools.model import ClauseRef
from build_tools.region import region_of
from build_tools.render_indexes import UNKNOWN, index_pages, stable_anchor
from bench.synth import write_corpus

REPO = Path(__file__).resolve().parent.parent
SYNTHETIC_DOCS = 300
#: Pages of the navigation (mkdocs.yml) that index_pages writes: where a reader starts.
NAV = ("themes/index.md", "indexes/index.md", "indexes/lead-units.md", "indexes/targets.md",
       "indexes/issuers.md", "indexes/years.md", "indexes/places.md", "indexes/tags.md",
       "glossary.md")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HREF = re.compile(r'href="([^"]+)"')
ANCHOR = re.compile(r'\{#([^}\s]+)\}|id="([^"]+)"')


def _archive(seeds: Path):
    settings = replace(Settings(), seeds=seeds, link=False, progress=False)
    documents, _ = load_corpus(seeds)
    analysis, _ = analyze(documents, settings, Progress(False))
    return documents, analysis


@pytest.fixture(scope="module")
def seeds_archive():
    return _archive(REPO / "seeds")


@pytest.fixture(scope="module")
def synthetic_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "corpus"
    write_corpus(out, SYNTHETIC_DOCS, seeds_dir=REPO / "seeds")
    return out


@pytest.fixture(scope="module")
def synthetic_archive(synthetic_seeds: Path):
    return _archive(synthetic_seeds)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits low enough that a few hundred documents need every kind of split."""
    monkeypatch.setattr(render_indexes, "PAGE_BYTES", 12_000)
    monkeypatch.setattr(render_indexes, "OWN_PAGE_MIN", 8)
    monkeypatch.setattr(render_indexes, "MATRIX_DOCS", 1_000)


# ---------------------------------------------------------------------------
# Reading the pages


def _resolve(page: str, link: str) -> str:
    """A Markdown link of ``page`` as a path under docs/ (with its #anchor)."""
    path, _, anchor = link.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return target + (f"#{anchor}" if anchor else "")


def _resolve_url(page: str, href: str) -> str:
    """A raw HTML link of ``page`` (between directory URLs) as the Markdown file it shows."""
    path, _, anchor = href.partition("#")
    folder = page.removesuffix("index.md") if page.endswith("index.md") else page[:-3] + "/"
    target = posixpath.normpath(posixpath.join(folder, path)) if path else page[:-3]
    return target + ".md" + (f"#{anchor}" if anchor else "")


def _links(page: str, text: str) -> list[str]:
    return [_resolve(page, m) for m in LINK.findall(text)] + \
        [_resolve_url(page, m) for m in HREF.findall(text)]


def _anchors(text: str) -> set[str]:
    return {a or b for a, b in ANCHOR.findall(text)}


def _listed(files: dict[str, str], target: str) -> Counter:
    """What a reader finds by following ``target`` (``page`` or ``page#anchor``): the
    ``(document id, clause id or None)`` of every link to a document in that page and the
    pages below it, or in that anchor's table row or section (up to the next heading of any
    level: a nested section, such as a city under its province, lists its own entries),
    following links onwards."""
    page, _, anchor = target.partition("#")
    text = files[page]
    if anchor:
        row = re.search(rf'^.*id="{re.escape(anchor)}".*$', text, re.M)
        section = row or re.search(rf"^#+ [^\n]*\{{#{re.escape(anchor)}\}}$\n.*?(?=^#+ |\Z)",
                                   text, re.M | re.S)
        assert section, f"{page}: no anchor {anchor!r}"
        text = section.group(0)
    found: Counter = Counter()
    for link in _links(page, text):
        path, _, fragment = link.partition("#")
        if path.startswith("documents/"):
            found[path.removeprefix("documents/").removesuffix(".md"), fragment or None] += 1
        elif anchor and path in files and path != page and path not in NAV:
            found += _listed(files, link)
        elif not anchor and path.startswith(page[:-3] + "/"):
            found += _listed(files, path)  # a part of the page
    return found


def _problems(files: dict[str, str], documents) -> list[str]:
    """Broken links and anchors, and generated pages no link from the navigation reaches."""
    clause_ids = {f"documents/{d.id}.md": {c.id for c in d.clauses} | {"top"} for d in documents}
    anchors = {page: _anchors(text) for page, text in files.items()}
    problems = []
    for page, text in files.items():
        for link in _links(page, text):
            path, _, fragment = link.partition("#")
            ids = clause_ids.get(path, anchors.get(path))
            if ids is None:
                problems.append(f"{page}: link to a missing page {link}")
            elif fragment and fragment not in ids:
                problems.append(f"{page}: link to a missing anchor {link}")
    seen, todo = set(NAV), list(NAV)
    while todo:
        page = todo.pop()
        for link in _links(page, files[page]):
            path = link.partition("#")[0]
            if path in files and path not in seen:
                seen.add(path)
                todo.append(path)
    problems += [f"{page}: no link leads here" for page in sorted(set(files) - seen)]
    return problems


def _expected(documents, analysis) -> dict[str, dict[str, Counter]]:
    """Per index and per name (anchor), what it must list."""
    out: dict[str, dict[str, Counter]] = {key: {} for key in
                                          ("unit", "target", "theme", "term", "issuer", "year", "place")}
    def add(index: str, key: str, doc, clause=None) -> None:
        out[index].setdefault(key, Counter())[doc.id, clause.id if clause else None] += 1
    for doc in documents:
        for clause in doc.clauses:
            for unit in clause.lead_units:
                add("unit", stable_anchor("unit", unit), doc, clause)
            for target in clause.targets:
                due = target.year or ("-".join(map(str, target.period)) if target.period else "none")
                add("target", f"year-{due}", doc, clause)  # a plan period files as 2006-2010
            for theme in analysis.clause_themes.get(ClauseRef(doc.id, clause.id), ()):
                add("theme", theme, doc, clause)
            for term in dict.fromkeys(e.term for _, _, e in find_terms(clause.text, analysis.glossary)):
                add("term", stable_anchor("term", term), doc, clause)
        add("issuer", stable_anchor("issuer", doc.source.issuer or UNKNOWN), doc)
        add("year", stable_anchor("year", render_indexes._year(doc) or UNKNOWN), doc)
        add("place", stable_anchor("place", region_of(doc) or UNKNOWN), doc)
    return out


PAGES = {"unit": "indexes/lead-units.md", "target": "indexes/targets.md", "term": "glossary.md",
         "issuer": "indexes/issuers.md", "year": "indexes/years.md", "place": "indexes/places.md"}


def _coverage_problems(files: dict[str, str], documents, analysis) -> list[str]:
    problems = []
    for index, names in _expected(documents, analysis).items():
        for key, expected in sorted(names.items()):
            target = f"themes/{key}.md" if index == "theme" else f"{PAGES[index]}#{key}"
            found = _listed(files, target)
            if found != expected:
                problems.append(f"{target}: lists {sum(found.values())} links, "
                                f"{sum((expected - found).values())} missing, "
                                f"{sum((found - expected).values())} not expected")
    return problems


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems[:30])


# ---------------------------------------------------------------------------
# The seeds: one page per index, every entry where it belongs


def test_seed_indexes_are_one_page_each(seeds_archive) -> None:
    documents, analysis = seeds_archive
    files = index_pages(documents, analysis)
    extra = sorted(p for p in files if p.count("/") > 1)
    assert not extra, f"a small archive got pages below its indexes: {extra}"
    assert sorted(p for p in files if p.startswith("themes/")) == sorted(
        ["themes/index.md"] + [f"themes/{t.id}.md" for t in analysis.themes])
    assert "文件与主题矩阵" in files["themes/index.md"], "the document × theme matrix is missing"


def test_seed_indexes_list_every_entry_and_link_only_to_what_exists(seeds_archive) -> None:
    documents, analysis = seeds_archive
    files = index_pages(documents, analysis)
    problems = _problems(files, documents) + _coverage_problems(files, documents, analysis)
    assert not problems, _report(problems)


# ---------------------------------------------------------------------------
# A few hundred documents


def test_no_index_page_outgrows_the_limit(synthetic_archive) -> None:
    """At the real limit: the old one-page indexes were megabytes here; no page is now."""
    documents, analysis = synthetic_archive
    files = index_pages(documents, analysis)
    sizes = {page: len(text.encode("utf-8")) for page, text in files.items()}
    limit = render_indexes.PAGE_BYTES + 10_000  # the list, plus the title and introduction
    big = {page: size for page, size in sizes.items() if size > limit}
    assert not big, f"pages over {limit} bytes of Markdown: {big}"
    entries = sum(len(analysis.clause_themes.get(ClauseRef(d.id, c.id), ())) for d in documents
                  for c in d.clauses)
    assert entries * 100 > 2 * limit, "the archive is too small to test the limit"
    problems = _problems(files, documents)
    assert not problems, _report(problems)


def test_split_indexes_list_every_entry_and_link_only_to_what_exists(
        synthetic_archive, small_pages) -> None:
    documents, analysis = synthetic_archive
    files = index_pages(documents, analysis)
    kinds = {"span": r"/\d{4}-\d{4}\.md$", "year": r"/\d{4}\.md$", "hash group": r"/[1-4]\.md$",
             "shared": r"/more-[1-4]\.md$", "name": r"/(unit|issuer|place|term)-[0-9a-f]{10}\.md$",
             "tag": r"^indexes/tags/\w+\.md$"}
    unused = [kind for kind, pattern in kinds.items() if not any(re.search(pattern, p) for p in files)]
    assert not unused, f"the test archive does not use every kind of page: {unused}"
    problems = _problems(files, documents) + _coverage_problems(files, documents, analysis)
    assert not problems, _report(problems)


def test_adding_documents_keeps_every_page_and_anchor(synthetic_seeds, synthetic_archive,
                                                      small_pages, tmp_path: Path) -> None:
    """An address that exists for a smaller archive still exists once documents are added."""
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    for source in sorted(synthetic_seeds.iterdir())[: SYNTHETIC_DOCS * 2 // 3]:
        (fewer / source.name).write_bytes(source.read_bytes())
    before = index_pages(*_archive(fewer))
    after = index_pages(*synthetic_archive)
    lost = sorted(set(before) - set(after))
    assert not lost, f"pages gone after adding documents: {lost}"
    lost_anchors = [f"{page}#{anchor}" for page in PAGES.values()
                    for anchor in sorted(_anchors(before[page]) - _anchors(after[page]))]
    assert not lost_anchors, f"anchors gone after adding documents: {lost_anchors}"


def test_index_pages_are_deterministic(synthetic_archive, small_pages) -> None:
    documents, analysis = synthetic_archive
    assert index_pages(documents, analysis) == index_pages(documents, analysis)


def test_the_home_page_lists_the_latest_documents_of_a_large_archive(synthetic_archive, seeds_archive):
    from build_tools.render import HOME_DOCUMENTS, home_page

    documents, analysis = synthetic_archive
    assert len(documents) > HOME_DOCUMENTS
    listed = re.findall(r"\]\(documents/([^)]+)\.md\)", home_page(documents, analysis))
    assert len(listed) == HOME_DOCUMENTS
    dates = {d.id: d.source.date or "" for d in documents}
    oldest_listed = min(dates[i] for i in listed)
    assert all(dates[d.id] <= oldest_listed for d in documents if d.id not in listed)
    text = home_page(documents, analysis)
    for index in ("indexes/years.md", "indexes/issuers.md", "indexes/places.md"):
        assert f"]({index})" in text

    seeds, seed_analysis = seeds_archive
    listed = re.findall(r"\]\(documents/([^)]+)\.md\)", home_page(seeds, seed_analysis))
    assert listed == [d.id for d in seeds]  # a small archive lists every document, in order
