"""What a reader sees, read off a Playwright page: search results, clause positions, clipboard.

Plain functions over a page, shared by the browser tests. Selectors are Material
for MkDocs' own (header, search dialog and result list), which the archive's
search keeps, and the archive's clause markup (an element with ``id`` and
``data-label`` per clause).
"""
from __future__ import annotations

from dataclasses import dataclass

from bench.search_sample import ClauseLink, clause_link  # noqa: F401 - shared with the search checks

SEARCH_INPUT = "input.md-search__input"
RESULT_LINKS = ".md-search-result__item a.md-search-result__link"
TRANSPARENT = {"rgba(0, 0, 0, 0)", "transparent"}


def search(page, query: str, *, timeout: float = 20_000) -> list[str]:
    """Type ``query`` into the header search and return the visible result links, in order.

    Links folded away (Material's "more results on this page") are left out:
    they are not among the results a reader sees first.
    """
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.fill(query)
    page.locator(RESULT_LINKS).first.wait_for(state="visible", timeout=timeout)
    return visible_results(page).evaluate_all("links => links.map(a => a.href)")


def visible_results(page):
    """The search result links a reader can see, in display order (a Playwright locator)."""
    return page.locator(RESULT_LINKS).filter(visible=True)


@dataclass(frozen=True)
class ClauseView:
    """Where a clause sits in the viewport and how it is drawn."""

    top: float
    bottom: float
    header_bottom: float
    viewport_height: float
    targeted: bool
    background: str
    outline: str

    @property
    def below_header(self) -> bool:
        return self.top >= self.header_bottom - 1 and self.top < self.viewport_height

    @property
    def highlighted(self) -> bool:
        return self.targeted and (self.background not in TRANSPARENT or not self.outline.startswith("none"))


def view_clause(page, clause_id: str) -> ClauseView:
    """Measure the element with ``clause_id`` against the sticky header, after scrolling settles."""
    page.wait_for_function("id => document.getElementById(id) !== null", arg=clause_id)
    page.wait_for_timeout(150)  # let the jump to the anchor and any smooth scroll finish
    values = page.evaluate(
        """id => {
          const el = document.getElementById(id);
          const box = el.getBoundingClientRect();
          const header = document.querySelector(".md-header");
          const style = getComputedStyle(el);
          return {
            top: box.top, bottom: box.bottom,
            header_bottom: header ? header.getBoundingClientRect().bottom : 0,
            viewport_height: window.innerHeight,
            targeted: el.matches(":target"),
            background: style.backgroundColor,
            outline: style.outlineStyle,
          };
        }""",
        clause_id,
    )
    return ClauseView(**values)


def read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"
    )
