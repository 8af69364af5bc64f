"""The archive of hostile editorial files (``tests/editorial_site.py``) in Chromium: no page
opens a dialog, and no link, image or frame of any page has a script address.

Every payload of the fixtures calls ``alert(N)``; a dialog that opens is recorded with its
message (the number names the field it came from) and dismissed.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from editorial_site import EditorialSite, build_editorial_site

from .sitehost import SiteHost

SCRIPT_ADDRESSES = """() => [...document.querySelectorAll('[href], [src], [action], [formaction], [data]')]
  .map(e => [e.tagName, e.href || e.src || e.action || e.formAction || e.data || ''])
  .map(([tag, url]) => [tag, String(url && url.baseVal !== undefined ? url.baseVal : url)])
  .filter(([tag, url]) => { try { return !['http:', 'https:', 'mailto:', 'about:']
      .includes(new URL(url, location.href).protocol) } catch (e) { return false } })"""


@pytest.fixture(scope="module", params=["one-page", "split"])
def editorial_host(request, tmp_path_factory, chromium_path) -> Iterator[tuple[EditorialSite, str]]:
    site = build_editorial_site(tmp_path_factory.mktemp(f"browser-editorial-{request.param}"),
                                request.param)
    with SiteHost(site.site, "/") as host:
        yield site, host.url


def test_no_page_of_hostile_editorial_files_opens_a_dialog_or_has_a_script_link(
        editorial_host, new_page) -> None:
    site, url = editorial_host
    pages = sorted(p.parent.relative_to(site.site).as_posix() for p in site.site.rglob("index.html"))
    assert len(pages) > 15, pages
    page = new_page()
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    script_links = []
    for path in pages:
        page.goto(url + ("" if path == "." else path + "/"), wait_until="load")
        page.wait_for_timeout(50)  # let onload/onerror handlers of late images run
        for tag, address in page.evaluate(SCRIPT_ADDRESSES):
            script_links.append(f"{path}: <{tag.lower()}> {address[:80]}")
    assert not dialogs, "\n".join(dialogs)
    assert not script_links, "\n".join(script_links)
