"""The finished-page cache: a page's key follows every part of its template context, an
unkeyable context is never cached, and the site's part of the key is the same in every
process (build_tools.page_cache)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools.page_cache import PageCache, Unkeyable, config_digest, plain

REPO = Path(__file__).resolve().parent.parent


class _Tag:  # the shape of Material's tag references: a name and links to listings
    def __init__(self, name: str, links: list) -> None:
        self.name, self.links = name, links


class _Opaque:
    pass


def _page(url: str = "documents/a/", content: str = "<p>正文</p>", title: str = "甲",
          meta: dict | None = None, toc=()) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=url.rstrip("/") + ".md"), url=url,
                           canonical_url="https://example.org/" + url, abs_url="/" + url,
                           edit_url=None, title=title, meta=meta or {}, content=content, toc=list(toc),
                           previous_page=None, next_page=None, ancestors=[])


def _nav(*titles: str) -> SimpleNamespace:
    return SimpleNamespace(items=[SimpleNamespace(title=t, url=f"{n}/", children=None)
                                  for n, t in enumerate(titles)])


def _context(page=None, nav=None, **extra) -> dict:
    return {"page": page or _page(), "nav": nav or _nav("首页", "索引"), "base_url": "../..",
            "extra_css": ["../../s.css"], "extra_javascript": ["../../a.js"], "config": None,
            "pages": [], "mkdocs_version": "1.6.1", "build_date_utc": "2020-01-01", **extra}


@pytest.fixture
def cache(tmp_path: Path) -> PageCache:
    return PageCache(tmp_path / "pages", {"theme": SimpleNamespace(custom_dir=None), "site_name": "档案"})


def test_the_key_is_the_same_for_the_same_context(cache: PageCache) -> None:
    assert cache.key(_context()) == cache.key(_context())


@pytest.mark.parametrize("change", [
    {"page": _page(content="<p>改过的正文</p>")},
    {"page": _page(title="乙")},
    {"page": _page(url="documents/b/")},
    {"page": _page(meta={"tags": ["产业"]})},
    {"page": _page(toc=[SimpleNamespace(level=2, id="x", title="一、", children=[])])},
    {"tags": [_Tag("产业", [SimpleNamespace(title="标签", url="indexes/tags/#产业")])]},
    {"base_url": ".."},
], ids=["content", "title", "url", "front matter", "toc", "plugin value", "base url"])
def test_any_change_of_the_page_or_its_plugin_values_is_a_new_key(tmp_path: Path, change: dict) -> None:
    config = {"theme": SimpleNamespace(custom_dir=None)}
    before = PageCache(tmp_path / "a", config).key(_context())
    assert PageCache(tmp_path / "b", config).key(_context(**change)) != before


def test_a_changed_navigation_is_a_new_key_for_every_page(tmp_path: Path) -> None:
    config = {"theme": SimpleNamespace(custom_dir=None)}
    before = PageCache(tmp_path / "a", config).key(_context())
    assert PageCache(tmp_path / "b", config).key(_context(nav=_nav("首页", "索引页"))) != before


def test_a_changed_setting_or_override_is_a_new_key(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    theme = SimpleNamespace(custom_dir=str(overrides))
    keys = [PageCache(tmp_path / "a", {"theme": theme, "copyright": "甲"}).key(_context()),
            PageCache(tmp_path / "b", {"theme": theme, "copyright": "乙"}).key(_context())]
    (overrides / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    keys.append(PageCache(tmp_path / "c", {"theme": theme, "copyright": "甲"}).key(_context()))
    assert len(set(keys)) == 3


def test_a_stored_page_comes_back_and_unused_entries_are_pruned(tmp_path: Path) -> None:
    config = {"theme": SimpleNamespace(custom_dir=None)}
    first = PageCache(tmp_path / "pages", config)
    old, new = first.key(_context()), first.key(_context(page=_page(url="documents/b/")))
    assert first.get(old) is None and first.misses == 1
    first.put(old, "<html>甲</html>\n")
    first.put(new, "<html>乙</html>\n")
    second = PageCache(tmp_path / "pages", config)
    assert second.get(old) == "<html>甲</html>\n" and second.hits == 1
    assert second.prune() == 1
    assert PageCache(tmp_path / "pages", config).get(new) is None


def test_a_context_value_without_a_plain_form_is_never_cached(cache: PageCache) -> None:
    context = _context(widget=_Opaque())
    assert cache.key(context) is None
    assert cache.get(cache.key(context)) is None and cache.unkeyed == 1
    with pytest.raises(Unkeyable):
        plain(_Opaque())


def test_tag_references_are_written_as_their_name_and_links() -> None:
    tag = _Tag("产业", [SimpleNamespace(title="标签", url="indexes/tags/#产业")])
    assert plain([tag]) == [["_Tag", "产业", [["标签", "indexes/tags/#产业"]]]]


def test_the_configuration_digest_is_the_same_in_every_process() -> None:
    """A digest that changed from one build to the next would make every page a miss."""
    script = ("from mkdocs.config import load_config; from build_tools.page_cache import config_digest; "
              f"print(config_digest(load_config({str(REPO / 'mkdocs.yml')!r})))")
    digests = {subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONHASHSEED=seed), check=True).stdout.strip()
               for seed in ("1", "2", "3")}  # sets are ordered by their hashes
    assert len(digests) == 1 and len(digests.pop()) == 64
    from mkdocs.config import load_config
    assert config_digest(load_config(str(REPO / "mkdocs.yml"))) != config_digest(
        load_config(str(REPO / "mkdocs.yml"), copyright="另一条版权说明"))
