"""Fixtures for reading the built site in Debian's Chromium, driven by Playwright.

The site under test is the already-built ``site/`` folder (``make site``), or the
folder named by ``ARCHIVE_SITE_DIR``. It is served on 127.0.0.1 at the root of
a free port and, for the project-sub-path checks, under the path of its
``site_url`` (``/archive/`` when that is the host's root).

Every page opened through ``new_page`` / ``page`` is watched: console errors,
uncaught exceptions, answers with status >= 400 and any request to a host other
than 127.0.0.1 (which is aborted) fail the test that caused them.

Missing tools (chromium, axe-core, the built site) fail the run under CI
(``CI=true``) and skip the browser tests elsewhere; ``.ci/install-browser``
installs the tools.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .sitehost import SiteHost, published_mount

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("ARCHIVE_SITE_DIR", ROOT / "site"))
AXE_FILE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOST = "127.0.0.1"
SUBPATH_FALLBACK = "/archive/"

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but loopback resolves, whatever the page or the browser itself asks for.
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOCAL_HOST}",
)
DESKTOP = {"width": 1280, "height": 800}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(condition: bool, message: str) -> None:
    """Fail under CI, skip elsewhere, when something the browser tests need is missing."""
    if condition:
        return
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass
class BrowserLog:
    """What went wrong while pages were open: the evidence a failing test prints."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    expected_missing: set[str] = field(default_factory=set)

    def expect_missing(self, url: str) -> None:
        """Declare that ``url`` is meant to answer 404 (the not-found page test)."""
        self.expected_missing.add(url)

    def watch(self, context) -> None:
        context.route("**/*", self._route)
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != LOCAL_HOST:
            self.outside_requests.append(f"{route.request.method} {url}")
            route.abort("blockedbyclient")
            return
        route.continue_()

    def _watch_page(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        where = location.get("url", "")
        if where in self.expected_missing and "404" in message.text:
            return
        self.console_errors.append(f"{where}:{location.get('lineNumber', 0)}: {message.text}")

    def _on_response(self, response) -> None:
        if response.status >= 400 and response.url not in self.expected_missing:
            self.error_responses.append(f"{response.status} {response.url}")

    def problems(self) -> list[str]:
        return (
            [f"console error: {line}" for line in self.console_errors]
            + [f"uncaught exception: {line}" for line in self.page_errors]
            + [f"request leaving {LOCAL_HOST}: {line}" for line in self.outside_requests]
            + [f"error response: {line}" for line in self.error_responses]
        )


# --- the site ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir() -> Path:
    require(
        (SITE_DIR / "index.html").is_file(),
        f"no built site at {SITE_DIR}: run `make site` first (or set ARCHIVE_SITE_DIR)",
    )
    return SITE_DIR


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The site served at the root of a free port on 127.0.0.1, e.g. ``http://127.0.0.1:P/``."""
    with SiteHost(site_dir, "/") as host:
        yield host.url


@pytest.fixture(scope="session")
def subpath_url(site_dir: Path) -> Iterator[str]:
    """The site served under a project sub-path: its ``site_url`` path, else ``/archive/``."""
    mount = published_mount(site_dir)
    with SiteHost(site_dir, mount if mount != "/" else SUBPATH_FALLBACK) as host:
        yield host.url


@pytest.fixture(scope="session")
def published_url(site_dir: Path, site_url: str, subpath_url: str) -> str:
    """Where the site is served under the very path it was built for (``site_url``'s path)."""
    return site_url if published_mount(site_dir) == "/" else subpath_url


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site as a URL path relative to its root (``""`` is home)."""
    pages = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.parent.relative_to(site_dir).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


@pytest.fixture(scope="session")
def corpus(site_dir: Path) -> dict:
    """The published corpus export, ``site/data/corpus.json``: what the pages must show."""
    path = site_dir / "data" / "corpus.json"
    require(path.is_file(), f"{path} is missing: the build writes it (see spec corpus-json)")
    return json.loads(path.read_text(encoding="utf-8"))


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    require(
        path is not None,
        "chromium is not on PATH: run .ci/install-browser (Debian: apt-get install -y chromium)",
    )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=list(CHROMIUM_ARGS)
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def new_page(browser, browser_log: BrowserLog) -> Iterator[Callable[..., object]]:
    """Open a page in a fresh, watched browser context; extra keywords go to the context.

    At teardown every context is closed and anything recorded in ``browser_log``
    fails the test.
    """
    contexts = []

    def open_page(**context_options):
        options = {"viewport": DESKTOP, "locale": "zh-CN", "service_workers": "block", **context_options}
        context = browser.new_context(**options)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        context.set_default_timeout(10_000)
        browser_log.watch(context)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    problems = browser_log.problems()
    if problems:
        pytest.fail("the browser reported problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    """A desktop-sized, watched page (1280 x 800, zh-CN)."""
    return new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE_FILE.is_file(), f"axe-core is missing at {AXE_FILE}: run .ci/install-browser")
    return AXE_FILE.read_text(encoding="utf-8")
