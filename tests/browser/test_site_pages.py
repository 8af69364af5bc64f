"""Every page, read on a 375-px phone: reached through the links, no sideways scroll, quiet.

One crawl from the home page follows every link that stays inside the site and
records, per page, where its links lead and how far it overflows the viewport;
the browser watch records console errors and requests leaving 127.0.0.1. The
tests below then read that record, one behaviour each.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import BrowserLog
from .reading import horizontal_overflow

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@dataclass
class Crawl:
    """What the crawl saw: per page path (relative to the site root) its links and overflow."""

    links: dict[str, set[str]] = field(default_factory=dict)
    overflow: dict[str, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    log: BrowserLog = field(default_factory=BrowserLog)


def site_path(href: str, site_url: str) -> str | None:
    """``href`` as a page path relative to the site root, or None when it leaves the site."""
    parts = urlsplit(href)
    root = urlsplit(site_url)
    if (parts.scheme, parts.netloc) != (root.scheme, root.netloc) or not parts.path.startswith(root.path):
        return None
    path = parts.path[len(root.path):]
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path and not path.endswith("/"):
        return None  # a file (data, sitemap, asset), not a page
    return path


@pytest.fixture(scope="module")
def phone_crawl(browser, site_url) -> Crawl:
    crawl = Crawl()
    context = browser.new_context(locale="zh-CN", service_workers="block", **PHONE)
    context.set_default_timeout(15_000)
    crawl.log.watch(context)
    page = context.new_page()
    queue = deque([""])
    seen = {""}
    while queue:
        path = queue.popleft()
        response = page.goto(urljoin(site_url, path), wait_until="load")
        if response is None or response.status != 200:
            crawl.failures[path] = f"status {response.status if response else 'none'}"
            continue
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        crawl.links[path] = {p for href in hrefs if (p := site_path(href, site_url)) is not None}
        crawl.overflow[path] = horizontal_overflow(page)
        for target in sorted(crawl.links[path] - seen):
            seen.add(target)
            queue.append(target)
    context.close()
    return crawl


def test_navigation_reaches_every_document_and_index_page(phone_crawl, site_pages, corpus):
    reached = set(phone_crawl.links)
    documents = {document["url"] for document in corpus["documents"]}
    assert not documents - reached, f"documents no link leads to: {sorted(documents - reached)}"
    unreached = sorted(set(site_pages) - reached)
    assert not unreached, f"built pages no link leads to: {unreached}"
    assert not phone_crawl.failures, f"links to pages that do not load: {phone_crawl.failures}"


def test_no_page_scrolls_sideways_on_a_375px_phone(phone_crawl):
    wide = {path or "(home)": px for path, px in phone_crawl.overflow.items() if px > 0}
    assert not wide, f"pages wider than a 375-px screen (overflow in px): {wide}"


def test_no_page_logs_a_console_error(phone_crawl):
    errors = phone_crawl.log.console_errors + phone_crawl.log.page_errors + phone_crawl.log.error_responses
    assert not errors, "console errors while reading the site:\n  " + "\n  ".join(errors)


def test_no_request_leaves_127_0_0_1(phone_crawl):
    outside = phone_crawl.log.outside_requests
    assert not outside, "requests to other hosts (blocked):\n  " + "\n  ".join(outside)
