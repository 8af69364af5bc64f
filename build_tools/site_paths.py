"""Document ids that would collide with the site's own paths, and what to use instead.

A document with id ``X`` is the page ``docs/documents/X.md``, published at
``documents/X/``. MkDocs publishes ``documents/index.md`` at ``documents/`` instead, so a
source ``index.txt`` would be cited at an address that does not exist. The names of the
site's top-level paths (``data``, ``assets``, ``search`` …) are reserved as well, so that no
document id can ever be read as one of them.

:func:`reserved` says whether an id may not be used; :func:`free_id` maps a reserved id
derived from a file name to ``<id>-doc`` (a sidecar ``id:`` that is reserved is refused by
ingest instead, since an editor chose it).
"""
from __future__ import annotations

import re

#: MkDocs' section index, its not-found page, and the site's top-level paths.
RESERVED_IDS = frozenset({
    "index", "404", "assets", "data", "documents", "glossary", "indexes", "javascripts",
    "pagefind", "search", "sitemap", "stylesheets", "tags", "themes",
})
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def reserved(doc_id: str) -> bool:
    """Whether ``doc_id`` collides with a site path (or is not a plain lower-case slug)."""
    return doc_id in RESERVED_IDS or not _SLUG.fullmatch(doc_id)


def free_id(doc_id: str) -> str:
    """``doc_id``, or ``<doc_id>-doc`` if it is reserved."""
    return f"{doc_id}-doc" if doc_id in RESERVED_IDS else doc_id
