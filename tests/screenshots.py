"""Screenshots of the built site in Debian's Chromium, for reviewing the reader's pages.

    .venv/bin/python tests/screenshots.py [SITE_DIR] [OUT_DIR]     (default: site/ → .cache/screenshots/)

Serves ``SITE_DIR`` under the path it was built for (as the browser tests do) and writes,
at 1280 × 900 and 375 × 900 in the light and the dark palette, the home page, the longest
document, the places index and the not-found page (``<page>-<desktop|phone>-<light|dark>.png``);
then, on the desktop: a glossary term focused by Tab with its definition
(``gloss-focus.png``), the document list sorted by date and filtered to one kind
(``home-filtered.png``), and a document as printed (``doc-print.png``).
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser.sitehost import SiteHost, published_mount  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 900}}


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    corpus = json.loads((site / "data" / "corpus.json").read_text(encoding="utf-8"))
    document = max(corpus["documents"], key=lambda d: len(d["clauses"]))["url"]
    pages = {"home": "", "doc": document, "index": "indexes/places/", "404": "documents/no-such-page/"}
    with SiteHost(site, published_mount(site)) as host, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=["--no-sandbox", "--headless"])
        for size, viewport in SIZES.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="zh-CN")
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(urljoin(host.url, path), wait_until="load")
                    page.screenshot(path=str(out / f"{name}-{size}-{scheme}.png"))
                context.close()
        context = browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")
        page = context.new_page()
        page.goto(urljoin(host.url, document))
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('abbr.gloss')"):
                break
        page.screenshot(path=str(out / "gloss-focus.png"))
        page.goto(host.url)
        page.locator(".doc-list th button", has_text="日期").click()
        kinds = page.locator(".doc-list tbody td:nth-child(5)").all_inner_texts()
        page.locator(".doc-list-controls select[name=kind]").select_option(max(set(kinds), key=kinds.count))
        page.screenshot(path=str(out / "home-filtered.png"), full_page=True)
        page.goto(urljoin(host.url, document))
        page.emulate_media(media="print")
        page.screenshot(path=str(out / "doc-print.png"))
        browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site",
         Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / ".cache" / "screenshots")
