"""The Atom feed (``feed.xml``): valid per RFC 4287, newest documents first, nothing invented."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.feed import FEED_ENTRIES, atom_feed

ATOM = "{http://www.w3.org/2005/Atom}"
SEEDS = Path(__file__).parent.parent / "seeds"
BASE = "https://archive.example.cn/policy/"


@pytest.fixture(scope="module")
def documents():
    return load_corpus(SEEDS)[0]


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return root


def test_the_feed_has_what_rfc_4287_requires(documents) -> None:
    root = parse(atom_feed(documents, BASE))
    for name in ("id", "title", "updated"):  # §4.1.1: exactly one each
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text  # so every entry has an author (§4.1.1)
    self_link = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert [l.get("href") for l in self_link] == [f"{BASE}feed.xml"]
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:  # §4.1.2: id, title, updated; a link since there is no content
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link").get("href").startswith(f"{BASE}documents/")


def test_entries_are_the_dated_documents_newest_first_with_issuer_and_number(documents) -> None:
    root = parse(atom_feed(documents, BASE))
    entries = root.findall(f"{ATOM}entry")
    dated = sorted((d for d in documents if d.source.date), key=lambda d: (d.source.date, d.id), reverse=True)
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [f"{BASE}{d.url}" for d in dated]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == updated[0]
    for entry, doc in zip(entries, dated):
        assert entry.find(f"{ATOM}title").text == doc.title
        assert entry.find(f"{ATOM}updated").text.startswith(doc.source.date)
        summary = entry.find(f"{ATOM}summary").text
        if doc.source.issuer:
            assert entry.find(f"{ATOM}author/{ATOM}name").text == doc.source.issuer
            assert f"发布机构：{doc.source.issuer}" in summary
        assert (f"文号：{doc.source.number}" in summary) == bool(doc.source.number)


def test_the_feed_keeps_the_newest_and_is_the_same_from_build_to_build(documents) -> None:
    many = [replace(documents[0], id=f"doc-{n:03d}",
                    source=replace(documents[0].source, date=f"20{n % 20 + 10:02d}-01-{n % 28 + 1:02d}",
                                   number=f"测发〔2020〕{n}号"))
            for n in range(FEED_ENTRIES + 20)]
    text = atom_feed(many, BASE)
    assert text == atom_feed(many, BASE)
    entries = parse(text).findall(f"{ATOM}entry")
    assert len(entries) == FEED_ENTRIES
    newest = max(d.source.date for d in many)
    assert entries[0].find(f"{ATOM}updated").text.startswith(newest)
    assert "文号：测发〔2020〕" in entries[0].find(f"{ATOM}summary").text


def test_titles_are_text_in_the_feed_never_markup(documents) -> None:
    hostile = replace(documents[0], title='<script>alert(1)</script> & “方案”',
                      source=replace(documents[0].source, date="2020-01-01"))
    entry = parse(atom_feed([hostile], BASE)).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == hostile.title
    assert list(entry.find(f"{ATOM}title")) == []
