"""The search index, kept by the content of what it indexes.

Pagefind is the longest step of a rebuild that converts few pages: it indexes the whole
archive every time. Its bundle (``pagefind/``) depends only on the records it is given
(``search_index.records``: one HTML page per document, with its URL), on the theme names
written beside it, on the code that writes them (``build_tools/search_index.py``) and on
the Pagefind version. The SHA-256 of these is the bundle's key; the bundle of the last
key is kept under ``.cache/search/<key>/`` beside ``mkdocs.yml`` and copied into the site
when the key is unchanged (an edited note or glossary entry changes neither record), so
the site is byte-identical to one indexed afresh. Deleting the folder is always safe.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import search_index


def _pagefind_version() -> str:
    """The versions of the Pagefind wrapper and of the binaries it may run."""
    found = []
    for name in ("pagefind", "pagefind_bin", "pagefind_bin_extended"):
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}==?")
    return ",".join(found)


def index_key(corpus: dict) -> str:
    """The key of the bundle Pagefind writes for ``corpus``."""
    digest = hashlib.sha256(Path(search_index.__file__).read_bytes())
    digest.update(_pagefind_version().encode() + b"\0")
    for theme in corpus.get("themes", []):
        digest.update(f"{theme['id']}\0{theme['name']}\0".encode())
    for record in search_index.records(corpus):
        digest.update(record.url.encode() + b"\0")
        digest.update(hashlib.sha256(record.html.encode()).digest())
    return digest.hexdigest()[:32]


def write_index(site: Path, corpus: dict, cache: Path | None) -> dict:
    """``search_index.write_index(site, corpus)``, or its stored bundle copied into
    ``site``; ``stored`` in the result says which."""
    if cache is None:
        return {**search_index.write_index(site, corpus), "stored": False}
    started = time.perf_counter()
    key = index_key(corpus)
    stored = cache / key
    output = site / search_index.OUTPUT
    if stored.is_dir():
        shutil.rmtree(output, ignore_errors=True)
        shutil.copytree(stored, output)
        return {"pages": len(corpus.get("documents", [])), "stored": True,
                "seconds": round(time.perf_counter() - started, 2)}
    report = search_index.write_index(site, corpus)
    try:
        partial = cache / f"{key}.{os.getpid()}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(output, partial)
        os.replace(partial, stored)
        for old in cache.iterdir():
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next build time
    return {**report, "stored": False}
