"""The search index, kept by the content of what it indexes.

Pagefind is the longest step of a rebuild that converts few pages: it indexes the whole
archive every time. Its bundle (``pagefind/``) depends only on the records it is given
(``search_index.records``: one HTML page per document, with its URL), on the theme names
written beside it, on the code that writes them (``build_tools/search_index.py``) and on
the Pagefind version. The SHA-256 of these is the bundle's key; the bundle of the last
key is kept under ``.cache/search/<key>/`` beside ``mkdocs.yml`` and copied into the site
when the key is unchanged (an edited note or glossary entry changes neither record), so
the site is byte-identical to one indexed afresh. Deleting the folder is always safe.

:func:`index_export` is what the MkDocs hook calls: it reads ``corpus.json`` one document
at a time (``search_index.export_fields``), writes each record to disk as it goes and
keys the bundle on the way, so it holds the export's text and one document, never the
whole archive as Python objects, and none of it while Pagefind runs.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from . import search_index
from .versions import package_versions


def _pagefind_version() -> str:
    """The versions of the Pagefind wrapper and of the binaries it may run."""
    return ",".join(package_versions(("pagefind", "pagefind_bin", "pagefind_bin_extended")))


def _record_digest(digest, record: search_index.Record) -> None:
    digest.update(record.url.encode() + b"\0")
    digest.update(hashlib.sha256(record.html.encode()).digest())


def _key(themes: list[dict], records_digest) -> str:
    digest = hashlib.sha256(Path(search_index.__file__).read_bytes())
    digest.update(_pagefind_version().encode() + b"\0")
    for theme in themes:
        digest.update(f"{theme['id']}\0{theme['name']}\0".encode())
    digest.update(records_digest.digest())
    return digest.hexdigest()[:32]


def index_key(corpus: dict) -> str:
    """The key of the bundle Pagefind writes for ``corpus``."""
    records = hashlib.sha256()
    for record in search_index.records(corpus):
        _record_digest(records, record)
    return _key(corpus.get("themes", []), records)


def _bundle(site: Path, scratch: Path, staged: list[tuple[str, str]], themes: list[dict], key: str,
            cache: Path | None, started: float) -> dict:
    """The bundle of the records staged in ``scratch``: copied from ``cache`` when stored
    under ``key``, else indexed by Pagefind and stored there."""
    output = site / search_index.OUTPUT
    stored = cache / key if cache is not None else None
    if stored is not None and stored.is_dir():
        shutil.rmtree(output, ignore_errors=True)
        shutil.copytree(stored, output)
        return {"pages": len(staged), "stored": True, "seconds": round(time.perf_counter() - started, 2)}
    count = search_index.run_pagefind(scratch, site, staged)
    search_index.write_theme_names(site, themes)
    report = {**search_index.bundle_report(site, len(staged), started), "stored": False, "parts": count}
    if stored is None:
        return report
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
    return report


def _streamed(fields, themes: list[dict], records_digest):
    """The records of an export's documents as :func:`search_index.export_fields` reads
    them, each added to ``records_digest``; the ``themes`` field is collected on the way."""
    for name, value in fields:
        if name == "themes":
            themes.extend(value)
        elif name == "documents":
            record = search_index.document_record(value)
            _record_digest(records_digest, record)
            yield record


def index_export(site: Path, export: Path, cache: Path | None) -> dict:
    """``search_index.write_index`` of the export file ``export``, or its stored bundle
    copied into ``site`` (``stored`` in the result says which), read one document at a
    time: each document's record is staged on disk as it is read, and Pagefind runs once
    the export's text is released, so the index's memory is the text's or Pagefind's, not
    both, and never the whole archive as Python objects."""
    started = time.perf_counter()
    themes: list[dict] = []
    records_digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="search-index-") as scratch:
        fields = search_index.export_fields(export.read_text(encoding="utf-8"))
        staged = search_index.stage_records(Path(scratch), _streamed(fields, themes, records_digest))
        del fields  # done: its frame, which holds the export's text, is released
        return _bundle(site, Path(scratch), staged, themes, _key(themes, records_digest), cache, started)
