"""The reader's site in Chromium, at 1280 px and 375 px: a Chinese interface, both palettes,
print, keyboard access to glossary terms, the document list, the not-found page.

Each test opens the built ``site/`` the way a reader would and checks one thing a reader
sees. What counts as "English" is an ASCII word of two or more letters in a text node or in
a reader-facing attribute (aria-label, title, placeholder) that neither comes from the
sources (titles, clause text, metadata, editors' notes, glossary) nor is one of the few
names a Chinese interface writes in Latin letters (GB/T, JSON, Atom, file names, URLs).
"""
from __future__ import annotations

import gzip
import json
import re
from urllib.parse import urljoin

import pytest

from build_tools.export import citation_of

from .searching import clauses_holding, every_result, sample_queries
from .test_accessibility import BLOCKING, run_axe

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
#: Latin-letter names a Chinese interface uses as they are.
LATIN_NAMES = {"GB", "JSON", "gzip", "Atom", "EB", "OL", "id", "JavaScript"}
_WORD = re.compile(r"[A-Za-z]{2,}")
_FILE_OR_URL = re.compile(r"https?://\S+|[\w.-]+\.(?:json|txt|xml|md|yml)\b")

TEXTS_JS = """() => {
  const out = [];
  const skip = 'script, style, svg, code, pre';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    if (/[A-Za-z]{2}/.test(node.textContent)) out.push(node.textContent);
  }
  document.querySelectorAll('[aria-label], [title], [placeholder]').forEach(el => {
    for (const name of ['aria-label', 'title', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && /[A-Za-z]{2}/.test(value)) out.push(value);
    }
  });
  out.push(document.title);
  return out;
}"""


def source_words(corpus: dict) -> set[str]:
    """Every Latin word the sources themselves contain: those may show on any page."""
    texts = []
    for doc in corpus["documents"]:
        texts += [doc["title"], doc.get("issuer") or "", doc.get("number") or "",
                  doc.get("region") or "", doc.get("subtitle") or "", doc["source"]["file"]]
        texts += [m["value"] for m in doc.get("metadata", [])] + [d["text"] for d in doc["dropped"]]
        for clause in doc["clauses"]:
            texts += [clause["text"], clause.get("heading") or "", *clause["lead_units"]]
            texts += [n["note"] for n in clause.get("notes", [])]
    texts += [g["term"] + g["definition"] + g.get("origin", "") for g in corpus.get("glossary", [])]
    return {w.lower() for text in texts for w in _WORD.findall(text)}


def english_words(texts: list[str], allowed: set[str]) -> list[str]:
    found = []
    for text in texts:
        for word in _WORD.findall(_FILE_OR_URL.sub(" ", text)):
            if word not in LATIN_NAMES and word.lower() not in allowed:
                found.append(f"{word!r} in {text.strip()[:60]!r}")
    return found


def longest_document(corpus: dict) -> str:
    return max(corpus["documents"], key=lambda d: len(d["clauses"]))["url"]


PAGES = {
    "home": lambda corpus: "",
    "document": longest_document,
    "index": lambda corpus: "indexes/places/",
    "not-found": lambda corpus: "documents/no-such-document/",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_english_text_in_the_interface(new_page, published_url, corpus, browser_log, kind, width):
    url = urljoin(published_url, PAGES[kind](corpus))
    if kind == "not-found":
        browser_log.expect_missing(url)
    page = new_page(viewport=WIDTHS[width])
    page.goto(url, wait_until="load")
    found = english_words(page.evaluate(TEXTS_JS), source_words(corpus))
    assert not found, f"{url}: English in the interface:\n  " + "\n  ".join(found[:20])


def test_the_footer_names_the_archive_not_the_software(page, site_url):
    page.goto(site_url)
    footer = page.locator(".md-footer").inner_text()
    assert "原文以发布机关公开发布的文本为准" in footer
    assert "Material" not in footer and "Made with" not in footer


@pytest.mark.parametrize("width", WIDTHS)
def test_the_not_found_page_is_chinese_and_offers_search_and_the_way_home(
        new_page, published_url, browser_log, width):
    missing = urljoin(published_url, "documents/no-such-document/")
    browser_log.expect_missing(missing)
    page = new_page(viewport=WIDTHS[width])
    response = page.goto(missing)
    assert response is not None and response.status == 404
    assert page.title().startswith("页面不存在")
    assert "页面不存在" in page.locator("h1").first.inner_text()
    page.get_by_role("button", name="搜索本站").click()
    assert page.locator("#__search").is_checked()
    assert page.locator("input.md-search__input").is_visible()
    page.keyboard.press("Escape")
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_load_state("load")
    assert page.url == published_url


# --- palettes -----------------------------------------------------------------------------


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def background_luminance(page) -> float:
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_palette_follows_the_system_setting(new_page, site_url, system):
    page = new_page(color_scheme=system)
    page.goto(site_url)
    expected = {"light": "default", "dark": "slate"}[system]
    assert scheme(page) == expected
    luminance = background_luminance(page)
    assert luminance < 0.3 if system == "dark" else luminance > 0.9


def test_the_palette_toggle_cycles_light_and_dark(new_page, site_url):
    page = new_page(color_scheme="light")
    page.goto(site_url)
    seen = [scheme(page)]
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
        seen.append(scheme(page))
    assert "slate" in seen and "default" in seen, seen
    page.reload()
    assert scheme(page) == seen[-1], "the chosen palette is not remembered"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("system", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "document", "index"])
def test_no_serious_accessibility_violations_in_either_palette(
        new_page, site_url, corpus, axe_source, kind, system, width):
    page = new_page(viewport=WIDTHS[width], color_scheme=system)
    page.goto(urljoin(site_url, PAGES[kind](corpus)), wait_until="load")
    violations = [v for v in run_axe(page, axe_source) if v["impact"] in BLOCKING]
    assert not violations, "\n  ".join(f"{v['impact']} {v['id']} ({v['count']}×): {v['help']} {v['targets']}"
                                       for v in violations)


# --- keyboard and layout ----------------------------------------------------------------


def test_tab_reaches_a_glossary_term_and_shows_its_definition(page, site_url, corpus):
    page.goto(urljoin(site_url, longest_document(corpus)))
    assert page.locator("abbr.gloss").count() > 0
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('abbr.gloss')"):
            break
    else:
        pytest.fail("300 presses of Tab never reached a glossary term")
    tip = page.evaluate("""() => {
      const el = document.activeElement, after = getComputedStyle(el, '::after');
      return {content: after.content, display: after.display, size: parseFloat(after.fontSize),
              definition: document.getElementById(el.getAttribute('aria-describedby')).textContent};
    }""")
    assert tip["definition"] and tip["definition"] in tip["content"], tip
    assert tip["display"] != "none"
    assert tip["size"] >= 14, f"the definition is drawn at {tip['size']} px"


FOCUS_JS = """() => {
  const el = document.activeElement;
  /* A visually hidden radio button (the palette switch) shows its focus on its label. */
  const shown = el.matches('input.md-option') ? el.nextElementSibling : el;
  if (!shown || shown === document.body) return {tag: el.tagName};
  const r = shown.getBoundingClientRect(), s = getComputedStyle(shown);
  return {tag: el.tagName, text: (el.getAttribute('aria-label') || el.textContent).trim().slice(0, 20),
          w: r.width, h: r.height, top: r.top, left: r.left, opacity: s.opacity,
          visibility: s.visibility, outline: s.outlineStyle, self: shown === el};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_tab_stops_are_visible(new_page, site_url, width):
    page = new_page(viewport=WIDTHS[width])
    page.goto(site_url)
    for stop in range(3):
        page.keyboard.press("Tab")
        page.wait_for_timeout(400)  # Material fades the skip link in
        box = page.evaluate(FOCUS_JS)
        assert box["tag"] != "BODY", f"Tab stop {stop + 1} focused nothing"
        assert box["w"] >= 10 and box["h"] >= 10, f"Tab stop {stop + 1}: {box}"
        assert 0 <= box["top"] < WIDTHS[width]["height"] and box["left"] >= 0, f"Tab stop {stop + 1}: {box}"
        assert float(box["opacity"]) > 0.5 and box["visibility"] == "visible", f"Tab stop {stop + 1}: {box}"
        assert box["self"] or box["outline"] != "none", f"Tab stop {stop + 1} shows no focus: {box}"


@pytest.mark.parametrize("width", WIDTHS)
def test_back_to_top_does_not_cover_the_heading_read(new_page, site_url, corpus, width):
    document = next(d for d in corpus["documents"] if d["url"] == longest_document(corpus))
    clause = next(c for c in document["clauses"][len(document["clauses"]) // 2:] if c["heading"])
    page = new_page(viewport=WIDTHS[width])
    page.goto(urljoin(site_url, f"{document['url']}#{clause['id']}"))
    page.mouse.wheel(0, -120)  # Material shows the button while the reader scrolls up
    page.wait_for_timeout(600)
    button = page.locator(".md-top")
    assert button.is_visible(), "the back-to-top button never appeared"
    top = button.bounding_box()
    heading_rects = page.evaluate("""() => [...document.querySelectorAll('.md-content :is(h1,h2,h3,h4,h5,h6)')]
      .flatMap(h => { const r = document.createRange(); r.selectNodeContents(h);
                      return [...r.getClientRects()].map(q => [q.left, q.top, q.right, q.bottom]); })""")
    covered = [r for r in heading_rects if r[0] < top["x"] + top["width"] and top["x"] < r[2]
               and r[1] < top["y"] + top["height"] and top["y"] < r[3]]
    assert not covered, f"back-to-top at {top} covers heading text at {covered}"


# --- print ------------------------------------------------------------------------------


def test_print_shows_the_text_and_permalinks_without_controls(page, site_url, corpus):
    document = corpus["documents"][0]
    page.goto(urljoin(site_url, document["url"]))
    page.locator(".clause-tools").first.wait_for()
    page.emulate_media(media="print")
    for selector in (".clause-tools", ".md-header", ".md-sidebar", "details.similar",
                     "details.dropped", ".breadcrumb", ".md-footer"):
        shown = page.locator(selector).evaluate_all(
            "els => els.filter(e => e.getBoundingClientRect().height > 0).length")
        assert shown == 0, f"{selector} is printed"
    assert page.locator("dl.doc-meta").is_visible()
    clause = next(c for c in document["clauses"] if c["heading"])
    printed = page.evaluate(f"""getComputedStyle(document.getElementById({clause['id']!r}), '::after').content""")
    url = citation_of(document, clause, "citation").rsplit(" ——", 1)[1]
    assert url in printed, f"clause {clause['id']} prints {printed!r}, not its URL"
    assert page.locator(f"[id='{clause['id']}']").inner_text().startswith(clause["number"] or "")


# --- the document list ------------------------------------------------------------------


def rows(page, column: int) -> list[str]:
    return page.locator(".doc-list tbody tr:not([hidden])").evaluate_all(
        f"trs => trs.map(tr => tr.cells[{column}].textContent.trim())")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_document_list_sorts_by_a_column(new_page, site_url, corpus, width):
    page = new_page(viewport=WIDTHS[width])
    page.goto(site_url)
    header = page.locator(".doc-list th", has_text="日期")
    header.get_by_role("button").click()
    dates = rows(page, 3)
    known = [d for d in dates if d != "—"]
    assert known == sorted(known) and dates[: len(known)] == known, dates
    assert header.get_attribute("aria-sort") == "ascending"
    header.get_by_role("button").click()
    dates = rows(page, 3)
    known = [d for d in dates if d != "—"]
    assert known == sorted(known, reverse=True) and dates[: len(known)] == known, dates
    assert len(dates) == len(corpus["documents"])


def test_the_document_list_filters_by_kind_region_and_text(page, site_url, corpus):
    page.goto(site_url)
    total = len(corpus["documents"])
    kinds = rows(page, 4)
    kind = max(set(kinds), key=kinds.count)
    page.locator(".doc-list-controls select[name=kind]").select_option(kind)
    assert rows(page, 4) == [kind] * kinds.count(kind)
    assert page.locator(".doc-list-count").inner_text() == f"显示 {kinds.count(kind)} 份文件（共 {total} 份）"
    page.locator(".doc-list-controls select[name=kind]").select_option("")
    regions = [r for r in rows(page, 2) if r != "—"]
    page.locator(".doc-list-controls select[name=region]").select_option(regions[0])
    assert rows(page, 2) == [r for r in regions if r == regions[0]]
    page.locator(".doc-list-controls select[name=region]").select_option("")
    title = corpus["documents"][0]["title"]
    page.locator(".doc-list-controls input[name=text]").fill(title[:6])
    assert title in rows(page, 0)
    assert all(title[:6] in t for t in rows(page, 0))


def test_the_document_list_is_a_plain_table_without_javascript(new_page, site_url, corpus):
    page = new_page(java_script_enabled=False)
    page.goto(site_url)
    assert page.locator(".doc-list-controls").count() == 0
    assert page.locator(".doc-list table th").all_inner_texts() == ["文件", "发布机构", "地区", "日期", "文种", "条目"]
    links = page.locator(".doc-list tbody tr td:first-child a").evaluate_all("as => as.map(a => a.href)")
    assert sorted(links) == sorted(urljoin(site_url, d["url"]) for d in corpus["documents"])


# --- document pages: where they sit, their data, their citations ------------------------


def test_a_document_page_has_a_breadcrumb_and_the_way_back(page, site_url, corpus):
    document = corpus["documents"][-1]
    page.goto(urljoin(site_url, document["url"]))
    crumb = page.get_by_role("navigation", name="当前位置")
    assert crumb.inner_text().split("›")[:2] == ["首页 ", " 文件列表 "]
    assert document["title"] in crumb.inner_text()
    page.get_by_role("link", name="← 返回文件列表").click()
    page.wait_for_load_state("load")
    assert page.url == urljoin(site_url, "#documents")
    assert page.locator(".doc-list").is_visible()


def test_each_document_json_is_its_record_in_the_corpus(page, site_url, corpus):
    for document in corpus["documents"]:
        page.goto(urljoin(site_url, document["url"]))
        href = page.get_by_role("link", name="本文件数据（JSON，gzip 压缩）").get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200
        assert json.loads(gzip.decompress(response.body())) == document


def test_the_gbt7714_control_copies_the_reference_of_the_export(page, site_url, corpus):
    document = max(corpus["documents"], key=lambda d: bool(d["issuer"]) + bool(d["date"]))
    clause = document["clauses"][-1]
    page.goto(urljoin(site_url, document["url"]))
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(f"[id='{clause['id']}']").get_by_role("button", name="GB/T 7714").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == citation_of(document, clause, "citation_gbt7714")
    assert "[EB/OL]" in copied and clause["label"] in copied


# --- small things -----------------------------------------------------------------------


def _count_shown(page) -> dict:
    """The search dialog's count line and each result group's clause count, as shown."""
    return page.locator(".md-search-result").evaluate("""o => ({
      status: o.querySelector(".md-search-result__meta").innerText.trim(),
      groups: [...o.querySelectorAll(".archive-search__group")].map(g => ({
        facts: g.querySelector(".archive-search__facts").innerText,
        clauses: g.querySelectorAll("a.archive-search__clause").length}))})""")


def test_the_search_result_count_reads_the_same_for_one_and_many(page, site_url, corpus):
    held = {q: clauses_holding(corpus, q) for q in sample_queries(corpus, 80, seed=13)}
    one = next(q for q, found in held.items() if len(found) == 1)
    many = next(q for q, found in held.items() if len({link.page for link in found}) >= 2 and len(found) >= 3)
    page.goto(site_url)
    shown = {}
    for query in (one, many):
        every_result(page, query, site_url)  # unfolds every group, so each clause link is counted
        shown[query] = _count_shown(page)
    for query in (one, many):
        groups = shown[query]["groups"]
        count = f"在 {len(groups)} 份文件的 {sum(g['clauses'] for g in groups)} 个条目中找到"
        assert shown[query]["status"] == count, (query, shown[query])
        for group in groups:
            assert re.search(rf"(^| · ){group['clauses']} 条$", group["facts"]), (query, group)
    assert shown[one]["status"] == "在 1 份文件的 1 个条目中找到", shown[one]
    assert len(shown[many]["groups"]) >= 2, shown[many]
    assert "符合条件" not in page.locator(".md-search").inner_text()


def test_the_about_page_has_no_space_after_full_width_punctuation(page, site_url):
    page.goto(urljoin(site_url, "about/"))
    text = page.locator("article").evaluate(
        "a => [...a.querySelectorAll('p, li, h1, h2')].map(e => e.innerText).join('\\n')")
    stray = re.findall(r".{0,8}[，。；：、！？）”」』][ \t\u00a0]+\S.{0,8}", text)
    assert not stray, stray


def test_the_home_page_links_the_atom_feed(page, site_url):
    page.goto(site_url)
    link = page.locator("link[rel=alternate][type='application/atom+xml']")
    assert link.count() == 1
    assert page.get_by_role("link", name="Atom 订阅").get_attribute("href").endswith("feed.xml")
    response = page.request.get(urljoin(site_url, "feed.xml"))
    assert response.status == 200 and b"http://www.w3.org/2005/Atom" in response.body()
