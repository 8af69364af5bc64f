"""The Atom feed of documents (``feed.xml``, RFC 4287), written with ``feedgen``.

The newest ``FEED_ENTRIES`` documents by date (then id), each with its title, issuer (as
the entry's author), 文号 and date in the summary, and a link to its page. Atom requires
every entry to say when it was last updated; a document's only date is its own (成文日期),
so an undated document cannot be an entry and is left out, never given an invented date.
The feed's own ``updated`` is its newest entry's date, so the feed is byte-identical
from one build of the same sources to the next.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from .model import Document

FEED_ENTRIES = 50
FEED_TITLE = "政策文件注释档案：新收录文件"
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})$")
UTC = timezone.utc  # dates carry no time: midnight UTC, written as …T00:00:00+00:00


def _when(date: str | None) -> datetime | None:
    match = _ISO_DATE.match(date or "")
    if not match:
        return None
    try:
        return datetime(*map(int, match.groups()), tzinfo=UTC)
    except ValueError:  # 2013-02-30 as written in a source
        return None


def feed_documents(documents: Sequence[Document]) -> list[tuple[datetime, Document]]:
    """The documents the feed lists, newest first: (date, document)."""
    dated = [(when, doc) for doc in documents if (when := _when(doc.source.date))]
    dated.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
    return dated[:FEED_ENTRIES]


def atom_feed(documents: Sequence[Document], base: str) -> str:
    """The feed as an XML document; ``base`` is the site's published address (ends in /)."""
    home = base or "./"
    fg = FeedGenerator()
    fg.id(base or "urn:policy-archive")
    fg.title(FEED_TITLE)
    fg.subtitle("按文件日期排列的最新文件")
    fg.language("zh-CN")
    fg.link(href=home, rel="alternate", type="text/html")
    fg.link(href=f"{base}feed.xml", rel="self", type="application/atom+xml")
    fg.author(name="政策文件注释档案")  # RFC 4287: an entry without its own author takes the feed's
    fg.generator("python-feedgen")
    entries = feed_documents(documents)
    fg.updated(entries[0][0] if entries else datetime(1970, 1, 1, tzinfo=UTC))
    for when, doc in reversed(entries):  # feedgen puts each new entry first
        src = doc.source
        url = f"{base}{doc.url}"
        entry = fg.add_entry()
        entry.id(url if base else f"urn:policy-archive:{doc.id}")
        entry.title(doc.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(when)
        entry.published(when)
        if src.issuer:
            entry.author(name=src.issuer)
        facts = [f"发布机构：{src.issuer}" if src.issuer else "", f"文号：{src.number}" if src.number else "",
                 f"日期：{src.date}"]
        entry.summary("；".join(f for f in facts if f))
    return fg.atom_str(pretty=True).decode("utf-8")
