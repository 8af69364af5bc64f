"""The whole site, built as ``make site`` builds it: pages, anchors, data and their sources.

The real sources are built once per session (``seed_site`` in ``conftest.py``); the
determinism test builds them a second time. Fixture sources that misbehave on purpose
(markup in the text, six encodings of one document) are built once into a second site.
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import pytest

from corpus_checks import (conservation_problems, contract_problems, line_problems, squeeze,
                           starts_on)
from pagetext import Element, all_ids, article, by_id, parse, without_permalink
from sitebuild import SiteBuild, build_env, build_site, run_pipeline, tree_files
from test_document_page import citations_read

from build_tools.export import WHEN_ANY, citation_of
from tools.icon_sprite import SPRITE, icon_id, icons_named, sprite

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = FIXTURES / "sources"
ENCODING_SAMPLE = FIXTURES / "encoding_sample.txt"


def report(problems: list[str], limit: int = 40) -> str:
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems[:limit]) + more


# ---------------------------------------------------------------------------
# The archive of the real sources


def test_corpus_json_follows_the_contract(seed_site: SiteBuild) -> None:
    corpus = seed_site.corpus()
    assert corpus["documents"], "the export lists no documents"
    problems = contract_problems(corpus)
    assert not problems, report(problems)


def test_export_is_what_the_site_publishes(seed_site: SiteBuild) -> None:
    published = seed_site.site / "data" / "corpus.json"
    assert published.read_bytes() == (seed_site.docs / "data" / "corpus.json").read_bytes()


def test_each_document_gz_decompresses_to_its_record_in_the_corpus(seed_site: SiteBuild) -> None:
    records = {doc["id"]: doc for doc in seed_site.corpus()["documents"]}
    published = {p.name.removesuffix(".json.gz"): p
                 for p in (seed_site.site / "data" / "documents").iterdir()}
    assert set(published) == set(records)
    for doc_id, path in published.items():
        data = path.read_bytes()
        assert data[4:8] == b"\0\0\0\0", f"{path.name}: the gzip header carries a time"
        assert json.loads(gzip.decompress(data)) == records[doc_id], path.name
        page = seed_site.page(f"documents/{doc_id}/")
        assert f'href="../../data/documents/{doc_id}.json.gz"' in page


def test_each_clause_copies_the_citations_of_the_export(seed_site: SiteBuild) -> None:
    corpus = seed_site.corpus()
    for doc in corpus["documents"]:
        cited = citations_read(seed_site.page(f"documents/{doc['id']}/"))
        url = corpus["site_url"] + doc["url"]
        assert cited == {c["id"]: (f"{url}#{c['id']}", citation_of(doc, c, "citation"),
                                   citation_of(doc, c, "citation_gbt7714"))
                         for c in doc["clauses"]}, doc["id"]


def test_the_export_states_each_clause_citation_once_per_document(seed_site: SiteBuild) -> None:
    corpus = seed_site.corpus()
    for doc in corpus["documents"]:
        url = corpus["site_url"] + doc["url"]
        assert set(doc["citation_pieces"]) == {"plain", "gbt7714"}
        for clause in doc["clauses"]:
            assert "citation" not in clause and "citation_gbt7714" not in clause, clause["id"]
            assert citation_of(doc, clause, "citation") == \
                f"《{doc['title']}》{clause['label']} ——{url}#{clause['id']}"
            assert citation_of(doc, clause, "citation_gbt7714").endswith(
                f"{clause['label']}[EB/OL]." + (f" ({doc['date']})." if doc["date"] else "")
                + f" {url}#{clause['id']}")


def test_a_clause_has_notes_citations_lineage_and_redactions_only_when_it_has_some(
        seed_site: SiteBuild) -> None:
    clauses = [c for doc in seed_site.corpus()["documents"] for c in doc["clauses"]]
    for key in WHEN_ANY:
        assert all(c[key] for c in clauses if key in c), key
    assert all(any(key in c for c in clauses) for key in ("notes", "citations", "redactions"))
    assert any(set(WHEN_ANY).isdisjoint(c) for c in clauses)


def test_every_icon_of_every_page_is_drawn_from_the_one_sprite(seed_site: SiteBuild) -> None:
    sprite = seed_site.site / "assets" / "images" / "icons.svg"
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite.read_text(encoding="utf-8")))
    root = urlparse(seed_site.corpus()["site_url"]).path
    problems = []
    for path in sorted(seed_site.site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        icons = re.findall(r"<svg\b.*?</svg>", text, re.S)
        drawn = re.findall(r'<svg viewBox="0 0 24 24"><use href="([^"#]+)#([^"]+)"/></svg>', text)
        if len(drawn) != len(icons):
            problems.append(f"{path}: {len(icons) - len(drawn)} icon(s) drawn inline")
        for href, symbol in drawn:  # 404.html links from the site's root path
            at = (seed_site.site / href.removeprefix(root) if href.startswith("/")
                  else path.parent / href)
            if at.resolve() != sprite.resolve() or symbol not in symbols:
                problems.append(f"{path}: {href}#{symbol} is not a symbol of the sprite")
    assert not problems, report(problems)
    assert icons_named() and all(icon_id(name) in symbols for name in icons_named())


def test_the_icon_sprite_is_what_its_tool_writes_from_the_theme() -> None:
    assert SPRITE.read_text(encoding="utf-8") == sprite(icons_named())


def test_pages_carry_no_strings_of_the_theme_search_they_do_not_use(seed_site: SiteBuild) -> None:
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       seed_site.page("documents/000-aa956a1b4a998e8a/"), re.S).group(1)
    assert set(json.loads(config)["translations"]) == {"clipboard.copy", "clipboard.copied"}


def test_every_document_has_its_page_and_no_page_lacks_a_document(seed_site: SiteBuild) -> None:
    corpus = seed_site.corpus()
    expected = {doc["id"] for doc in corpus["documents"]}
    pages = {p.parent.name for p in (seed_site.site / "documents").glob("*/index.html")}
    assert pages == expected, (f"pages without a document: {sorted(pages - expected)}; "
                               f"documents without a page: {sorted(expected - pages)}")
    home = seed_site.page("")
    for doc in corpus["documents"]:
        assert f'href="{doc["url"]}"' in home, f"the home page does not link {doc['url']}"


def test_every_clause_id_is_an_anchor_exactly_once_on_its_page(seed_site: SiteBuild) -> None:
    problems = []
    for doc in seed_site.corpus()["documents"]:
        ids = Counter(all_ids(parse(seed_site.page(doc["url"]))))
        problems += [f"{doc['url']}: id {i!r} occurs {n} times" for i, n in ids.items() if n > 1]
        problems += [f"{doc['url']}: no element has id {c['id']!r}"
                     for c in doc["clauses"] if ids[c["id"]] == 0]
        problems += [f"{doc['url']}: id {i!r} is not plain ASCII" for i in ids if not i.isascii()]
    assert not problems, report(problems)


def test_each_anchor_shows_its_own_clause(seed_site: SiteBuild) -> None:
    """A link ``…/documents/<doc>/#<clause>`` lands on that clause's heading or paragraph."""
    problems = []
    for doc in seed_site.corpus()["documents"]:
        root = parse(seed_site.page(doc["url"]))
        for clause in doc["clauses"]:
            found = by_id(root, clause["id"])
            if not found:
                continue  # reported by the test above
            shown = squeeze(found[0].text(skip=without_permalink))
            if clause.get("style") == "body":
                expected = squeeze(clause["text"].split("\n")[0])
            else:
                expected = squeeze((clause["number"] or "") + (clause["heading"] or ""))
            if expected and shown != expected:
                problems.append(f"{doc['url']}#{clause['id']}: <{found[0].tag}> shows "
                                f"{shown[:50]!r}, the clause is {expected[:50]!r}")
    assert not problems, report(problems)


def test_clause_texts_are_source_text_and_every_source_character_is_accounted_for(
        seed_site: SiteBuild) -> None:
    problems = conservation_problems(seed_site.corpus(), seed_site.seeds)
    assert not problems, report(problems)


def test_line_numbers_point_at_the_source(seed_site: SiteBuild) -> None:
    problems = line_problems(seed_site.corpus(), seed_site.seeds)
    assert not problems, report(problems)


def _first_difference(a: bytes, b: bytes) -> str:
    a_lines, b_lines = a.splitlines(), b.splitlines()
    for n, (x, y) in enumerate(zip(a_lines, b_lines), 1):
        if x != y:
            return f"line {n}: {x[:120]!r} != {y[:120]!r}"
    return f"{len(a_lines)} lines != {len(b_lines)} lines"


def _sitemap_dates(xml: bytes) -> set[str]:
    return set(re.findall(rb"<lastmod>([^<]*)</lastmod>", xml))


def _date_of(epoch: str) -> bytes:
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d").encode()


@pytest.mark.slow
def test_two_builds_are_byte_identical(seed_site: SiteBuild, tmp_path: Path) -> None:
    """A second build — another folder, hash seed and build date — gives the same bytes.

    The one thing normalised is the build date MkDocs writes into the sitemap (``<lastmod>``
    and the gzip header of ``sitemap.xml.gz``): the test first proves it is exactly the
    ``SOURCE_DATE_EPOCH`` each build was given, then compares the rest byte for byte.
    """
    first_env = build_env(PYTHONHASHSEED="1")
    second_env = build_env(PYTHONHASHSEED="2", SOURCE_DATE_EPOCH="1700000000")
    second = build_site(seed_site.seeds, tmp_path / "again", env=second_env)
    problems = []
    for name, a, b in (("docs", seed_site.docs, second.docs), ("site", seed_site.site, second.site)):
        files_a, files_b = tree_files(a), tree_files(b)
        if files_a.keys() != files_b.keys():
            problems.append(f"{name}/: only in the first build {sorted(files_a.keys() - files_b.keys())}"
                            f", only in the second {sorted(files_b.keys() - files_a.keys())}")
        for path in sorted(files_a.keys() & files_b.keys()):
            data_a, data_b = files_a[path], files_b[path]
            if name == "site" and path == "sitemap.xml.gz":
                for data, env in ((data_a, first_env), (data_b, second_env)):
                    mtime = int.from_bytes(data[4:8], "little")  # gzip header: MTIME
                    day = datetime.fromtimestamp(mtime, timezone.utc).strftime("%Y-%m-%d").encode()
                    assert day == _date_of(env["SOURCE_DATE_EPOCH"]), "gzip mtime is not the build date"
                data_a, data_b = gzip.decompress(data_a), gzip.decompress(data_b)
            if name == "site" and path.startswith("sitemap.xml"):
                assert _sitemap_dates(data_a) <= {_date_of(first_env["SOURCE_DATE_EPOCH"])}
                assert _sitemap_dates(data_b) <= {_date_of(second_env["SOURCE_DATE_EPOCH"])}
                data_a = re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", data_a)
                data_b = re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", data_b)
            if data_a != data_b:
                problems.append(f"{name}/{path}: {_first_difference(data_a, data_b)}")
    assert not problems, report(problems)


# ---------------------------------------------------------------------------
# Index pages of the real sources

INDEX_PAGES = ("themes/", "indexes/", "glossary/")


def test_every_link_of_an_index_page_leads_to_a_page_and_an_anchor(seed_site: SiteBuild) -> None:
    """Also the raw HTML links (the theme matrix), which ``mkdocs build --strict`` does not check."""
    ids: dict[Path, set[str]] = {}
    problems = []
    pages = [p for p in sorted(seed_site.site.rglob("index.html"))
             if p.relative_to(seed_site.site).as_posix().startswith(INDEX_PAGES)]
    assert len(pages) > 20, f"only {len(pages)} index pages were built"
    for path in pages:
        for element in article(parse(path.read_text(encoding="utf-8"))).find_all("a"):
            href = element.attrs.get("href", "")
            if not href or re.match(r"[a-z]+:", href):
                continue
            target, _, anchor = href.partition("#")
            page = (path.parent / target).resolve() if target else path
            if page.is_dir() or target.endswith("/"):
                page = page / "index.html"
            where = f"{path.relative_to(seed_site.site)}: {href}"
            if not page.is_file():
                problems.append(f"{where}: no such page")
            elif anchor:
                if page not in ids:
                    ids[page] = set(all_ids(parse(page.read_text(encoding="utf-8"))))
                if anchor not in ids[page]:
                    problems.append(f"{where}: no such anchor")
    assert not problems, report(problems)


def test_the_seed_archive_keeps_one_page_per_index(seed_site: SiteBuild) -> None:
    """A small archive is not cut into parts: nothing below indexes/<index>/ or themes/<id>/."""
    parts = sorted(p.parent.relative_to(seed_site.site).as_posix()
                   for folder in ("indexes", "themes") for p in (seed_site.site / folder).rglob("index.html")
                   if len(p.parent.relative_to(seed_site.site).parts) > 2)
    assert not parts, f"index pages cut into parts: {parts}"
    corpus = seed_site.corpus()
    units = parse(seed_site.page("indexes/lead-units/")).text()
    missing = sorted({u for d in corpus["documents"] for c in d["clauses"] for u in c["lead_units"]
                      if u not in units})
    assert not missing, f"lead units missing from indexes/lead-units/: {missing}"


# ---------------------------------------------------------------------------
# Fixture sources: hostile markup and one document in six encodings

ENCODINGS = {  # file stem → (bytes of the sample, the encoding the export should name)
    "encoding_utf8": (lambda t: t.encode("utf-8"), "utf-8"),
    "encoding_utf8_bom": (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    "encoding_gb18030": (lambda t: t.encode("gb18030"), "gb18030"),
    "encoding_crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "encoding_cr": (lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    "encoding_gb18030_crlf": (lambda t: t.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    seeds = tmp_path_factory.mktemp("fixture-seeds")
    for source in sorted(SOURCES.glob("*.txt")):
        shutil.copyfile(source, seeds / source.name)
    sample = ENCODING_SAMPLE.read_text(encoding="utf-8")
    for stem, (encode, _) in ENCODINGS.items():
        (seeds / f"{stem}.txt").write_bytes(encode(sample))
    root = tmp_path_factory.mktemp("fixture-site") / "project"
    return build_site(seeds, root, check=False)


def test_sources_without_faults_build_cleanly_in_strict_mode(fixture_site: SiteBuild) -> None:
    """Only a fault in the sources given may fail a strict build, whatever the seeds folder."""
    assert fixture_site.build_returncode == 0 and "error:" not in fixture_site.build_stderr, (
        f"`build --strict` of fault-free sources exited {fixture_site.build_returncode}:\n"
        f"{fixture_site.build_stderr}")


def test_fixture_sources_keep_the_contract(fixture_site: SiteBuild) -> None:
    corpus = fixture_site.corpus()
    problems = (contract_problems(corpus) + conservation_problems(corpus, fixture_site.seeds)
                + line_problems(corpus, fixture_site.seeds))
    assert not problems, report(problems)


def _document(site: SiteBuild, doc_id: str) -> dict:
    docs = {doc["id"]: doc for doc in site.corpus()["documents"]}
    assert doc_id in docs, f"no document {doc_id!r} among {sorted(docs)}"
    return docs[doc_id]


def _outline(doc: dict) -> list[tuple]:
    return [(c["id"], c["parent"], c["level"], c["number"], c["heading"], c["text"], c["line"])
            for c in doc["clauses"]]


def test_the_encoding_sample_is_parsed_as_written(fixture_site: SiteBuild) -> None:
    doc = _document(fixture_site, "encoding-utf8")
    lines = ENCODING_SAMPLE.read_text(encoding="utf-8").split("\n")
    assert doc["title"] == lines[1]
    assert (doc["issuer"], doc["date"]) == ("某市人民政府办公室", "2015-06-18")
    assert [c["id"] for c in doc["clauses"]] == [
        "preface", "sec_1", "sec_1__sec_1", "sec_1__sec_2", "sec_2", "sec_2__item_1",
        "sec_2__item_2", "sec_2__item_3", "sec_3"]
    for clause in doc["clauses"]:
        assert starts_on(lines[clause["line"] - 1], clause["text"]), clause
    wrapped = next(c for c in doc["clauses"] if c["id"] == "sec_1__sec_1")
    assert squeeze(lines[6] + lines[7]) == squeeze(wrapped["text"])  # a hard-wrapped line


@pytest.mark.parametrize("stem", [s for s in ENCODINGS if s != "encoding_utf8"])
def test_each_encoding_and_line_end_gives_the_same_document(fixture_site: SiteBuild,
                                                             stem: str) -> None:
    reference = _document(fixture_site, "encoding-utf8")
    doc = _document(fixture_site, stem.replace("_", "-"))
    assert doc["source"]["encoding"] == ENCODINGS[stem][1]
    assert doc["title"] == reference["title"]
    assert (doc["issuer"], doc["date"], doc["number"]) == (
        reference["issuer"], reference["date"], reference["number"])
    assert [(d["line"], d["text"], d["reason"]) for d in doc["dropped"]] == [
        (d["line"], d["text"], d["reason"]) for d in reference["dropped"]]
    assert _outline(doc) == _outline(reference)
    assert (doc["source"]["first_line"], doc["source"]["last_line"]) == (
        reference["source"]["first_line"], reference["source"]["last_line"])


HOSTILE = "hostile-markup"
HOSTILE_FILE = SOURCES / "hostile_markup.txt"
#: Lines of the fixture that must reach the page as paragraphs whose text is exactly the line.
LITERAL_PARAGRAPHS = (
    "正文中的<script>alert(1)</script>不得执行。",
    "图片<img src=x onerror=alert(1)>不得加载。",
    "*遮盖*的文字。",
    "**与_x_都不是格式。",
    "# 不是标题",
    "[链接](http://x)",
    "| a | b |",
    "&amp;与××局、xx县的文字。",
)
MASK = re.compile(r"\*+|×+|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])")


@pytest.fixture(scope="module")
def hostile_page(fixture_site: SiteBuild) -> Element:
    return parse(fixture_site.page(f"documents/{HOSTILE}/"))


def test_hostile_fixture_holds_what_the_escaping_tests_look_for() -> None:
    lines = HOSTILE_FILE.read_text(encoding="utf-8").splitlines()
    for literal in LITERAL_PARAGRAPHS:
        assert literal in lines


def _is_source_markup(element: Element) -> str | None:
    """Why ``element`` can only have come from source text, or None."""
    if any(name.startswith("on") for name in element.attrs):
        return f"event handler attribute {sorted(element.attrs)}"
    if element.tag == "script" and "alert" in element.text():
        return "a script from the source"
    if element.tag == "img" and element.attrs.get("src") == "x":
        return "an image from the source"
    if element.tag == "a" and element.attrs.get("href") == "http://x":
        return "a link from the source"
    if element.tag == "b" and "某某局" in element.text():
        return "bold text from the source"
    if element.id == "evil":
        return "an id from the source"
    return None


def test_no_markup_from_a_source_reaches_any_page(fixture_site: SiteBuild) -> None:
    problems = []
    for path in sorted(fixture_site.site.rglob("*.html")):
        for element in parse(path.read_text(encoding="utf-8")).iter():
            why = _is_source_markup(element)
            if why:
                page = path.relative_to(fixture_site.site)
                problems.append(f"{page}:{element.line}: <{element.tag}>: {why}")
    assert not problems, report(problems)


#: The labels of a clause's facts, the only ``<b>`` a page makes (a direct child of the
#: facts paragraph, holding exactly one of these words).
FACT_LABELS = {"牵头单位", "主题", "量化目标", "与前一版", "与后一版"}


def test_source_text_makes_no_emphasis_heading_table_or_link(hostile_page: Element) -> None:
    content = article(hostile_page)
    for tag in ("em", "strong", "img", "script", "i"):
        assert not content.find_all(tag), f"<{tag}> in the page content"
    bold = [b for b in content.find_all("b")
            if not ("clause-facts" in b.parent.classes and b.text() in FACT_LABELS)]
    assert not bold, f"<b> in the page content: {[b.text() for b in bold]}"
    assert len(content.find_all("h1")) == 1, "a '# …' source line became a heading"
    tables = [t for t in content.find_all("table") if not t.inside("details", "dropped")]
    assert not tables, "a '| a | b |' source line became a table"
    assert not [a for a in content.find_all("a") if a.attrs.get("href", "").startswith("http")]


def test_source_text_is_shown_literally(hostile_page: Element) -> None:
    content = article(hostile_page)
    paragraphs = {p.text() for p in content.find_all("p")}
    missing = [line for line in LITERAL_PARAGRAPHS if line not in paragraphs]
    assert not missing, f"not shown as written: {missing}; paragraphs: {sorted(paragraphs)}"
    title = HOSTILE_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert content.find_all("h1")[0].text(skip=without_permalink) == title
    heading = by_id(hostile_page, "sec_3")
    assert heading and heading[0].text(skip=without_permalink) == "三、属性与实体{#evil}"
    meta = {dt.text(): dd.text() for dt, dd in zip(content.find_all("dt"), content.find_all("dd"))}
    assert meta.get("发布机构") == "<b>某某局</b>"


def test_masked_characters_are_marked_as_redactions(hostile_page: Element) -> None:
    content = article(hostile_page)
    spans = content.find_all("span", "redacted")
    assert spans, "no redaction is marked"
    assert all(MASK.fullmatch(s.text()) for s in spans), [s.text() for s in spans]
    unmarked = []
    for text, holder in content.text_nodes():
        if holder.tag == "code" and holder.inside("details", "dropped"):
            continue  # the list of dropped lines quotes them verbatim
        if "redacted" in holder.classes or holder.inside("span", "redacted"):
            continue
        masks = [m.group(0) for m in MASK.finditer(text)]
        if masks:
            unmarked.append(f"<{holder.tag}> line {holder.line}: {masks} unmarked in "
                            f"{text.strip()[:50]!r}")
    assert not unmarked, report(unmarked)


# ---------------------------------------------------------------------------
# Bad sources, through the command line

PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<severity>error|warning): "
                          r"(?P<message>\S.*)$")
GOOD_SOURCE = "关于测试的通知\n一、总体要求。加强组织领导，完善工作机制。\n二、工作措施\n(一)完善制度。健全考核办法。\n"
#: file name → (bytes, the line its error must point at)
BAD_SOURCES = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, 1),
    "empty.txt": (b"", 1),
    # valid UTF-8 up to line 3, then bytes that are not UTF-8, GB18030, Big5, UTF-16 or UTF-32
    "undecodable.txt": ("关于测试的通知\n一、总体要求。\n".encode() + b"\x81\x20\xff\xff\n"
                        + "三、保障措施。\n".encode(), 3),
}
#: A sidecar of the good source, invalid at line 3 ("mapping values are not allowed here").
BAD_SIDECAR = ("good.yml", "title: 正确的标题\nissuer: 某局\nnumber: 府〔2020〕1号: 多余的冒号\n", 3)


@pytest.fixture(scope="module")
def bad_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("bad-seeds")
    (seeds / "good.txt").write_text(GOOD_SOURCE, encoding="utf-8")
    for name, (data, _) in BAD_SOURCES.items():
        (seeds / name).write_bytes(data)
    name, text, _ = BAD_SIDECAR
    (seeds / name).write_text(text, encoding="utf-8")
    return seeds


@pytest.fixture(scope="module", params=["lenient", "strict"])
def bad_build(request: pytest.FixtureRequest, bad_seeds: Path,
              tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object, Path]:
    docs = tmp_path_factory.mktemp(f"bad-docs-{request.param}")
    options = ["--strict"] if request.param == "strict" else []
    return request.param, run_pipeline(bad_seeds, docs, *options), docs


def test_each_bad_source_is_reported_at_its_file_and_line(bad_build) -> None:
    mode, result, _ = bad_build
    assert "Traceback" not in result.stderr, f"{mode}: the build crashed:\n{result.stderr[-3000:]}"
    errors = {}
    for line in result.stderr.splitlines():
        match = PROBLEM_LINE.match(line)
        if match and match["severity"] == "error":
            errors.setdefault(match["file"], []).append(int(match["line"]))
    expected = {name: line for name, (_, line) in BAD_SOURCES.items()}
    expected[BAD_SIDECAR[0]] = BAD_SIDECAR[2]
    for name, line in expected.items():
        assert line in errors.get(name, []), (
            f"{mode}: no '{name}:{line}: error: …' line in stderr:\n{result.stderr}")
    assert "good.txt" not in errors, f"the good source is reported as bad:\n{result.stderr}"


def test_bad_sources_fail_a_strict_build_only(bad_build) -> None:
    mode, result, _ = bad_build
    if mode == "strict":
        assert result.returncode != 0, "a strict build with bad sources exited 0"
    else:
        assert result.returncode == 0, f"a lenient build exited {result.returncode}:\n{result.stderr}"


def test_the_good_source_is_still_built(bad_build) -> None:
    mode, result, docs = bad_build
    path = docs / "data" / "corpus.json"
    assert path.is_file(), f"{mode}: nothing was written; the build said:\n{result.stderr[-3000:]}"
    corpus = json.loads(path.read_text(encoding="utf-8"))
    assert [d["id"] for d in corpus["documents"]] == ["good"], mode
    good = corpus["documents"][0]
    assert good["title"] == "关于测试的通知"  # the invalid sidecar is not applied
    assert [c["id"] for c in good["clauses"]] == ["sec_1", "sec_2", "sec_2__sec_1"]
    assert (docs / "documents" / "good.md").is_file()
