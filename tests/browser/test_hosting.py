"""The site as a static host serves it: at the root, under a project sub-path, with a 404 page.

Also checks that the watch every browser test relies on really catches a request
that tries to leave 127.0.0.1.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def test_a_request_to_another_host_is_blocked_and_reported(page, site_url, browser_log):
    page.goto(site_url)
    outcome = page.evaluate(
        "fetch('https://example.org/tracker.js').then(() => 'reached', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert browser_log.outside_requests == ["GET https://example.org/tracker.js"]
    # The block is the expected outcome here; leave the log clean for the teardown check.
    browser_log.outside_requests.clear()
    browser_log.console_errors[:] = [e for e in browser_log.console_errors if "example.org" not in e]


def test_home_page_and_a_linked_page_work_under_a_project_subpath(page, subpath_url):
    mount = urlsplit(subpath_url).path
    response = page.goto(subpath_url)
    assert response is not None and response.status == 200
    assert page.locator("link[rel=stylesheet]").count() > 0
    header = page.locator("header").first
    assert header.is_visible()
    # Relative links keep the reader inside the sub-path.
    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)")
    inside = [href for href in hrefs if urlsplit(href).path.startswith(mount)]
    inside = [href for href in inside if urlsplit(href).path != mount]
    assert inside, f"no link on the home page leads to another page under {mount}"
    response = page.goto(inside[0])
    assert response is not None and response.status == 200, inside[0]
    assert urlsplit(page.url).path.startswith(mount)


def test_a_missing_page_answers_404_with_the_styled_not_found_page(page, published_url, browser_log):
    missing = urljoin(published_url, "documents/no-such-document/")
    browser_log.expect_missing(missing)
    response = page.goto(missing)
    assert response is not None and response.status == 404
    # The 404 page is the site's own, with its header and stylesheets loaded from the
    # site's path (any asset it fails to load is reported by the browser watch).
    assert page.locator("header").first.is_visible()
    assert page.locator("link[rel=stylesheet]").count() > 0
    home = page.locator("a[href]").first.evaluate("a => a.href")
    assert urlsplit(home).path.startswith(urlsplit(published_url).path)
