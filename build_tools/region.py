"""Where a document comes from: the region named by its sidecar, title or issuer."""
from __future__ import annotations

from functools import lru_cache

from .model import Document
from .segment import DATA_DIR, read_word_list

#: Names too broad to say where a document comes from.
_TOO_BROAD = {"中国", "中华人民共和国", "全国", "西部", "东部", "中部", "东北", "中西部"}


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    names = [n for n in read_word_list(DATA_DIR / "places.txt") if len(n) >= 2 and n not in _TOO_BROAD]
    return tuple(sorted(set(names), key=lambda n: (-len(n), n)))


def region_of(doc: Document) -> str | None:
    """The sidecar's ``region``; else the first known place name in the title or issuer."""
    if doc.source.region:
        return doc.source.region
    for text in (doc.title, doc.source.issuer or "", doc.source.subtitle or ""):
        hits = [(text.find(p), p) for p in _places() if p in text]
        if hits:
            return min(hits)[1]
    return None
