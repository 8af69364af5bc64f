"""Writing the generated files: streamed pages, untouched unchanged files, stale files
removed, and a corpus export that is the same whether built whole or in pieces."""
from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.build import load_corpus, write
from build_tools.config import Settings
from build_tools.export import corpus_json_parts, document_json_gz, gzip_bytes
from build_tools.model import Analysis

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(Settings(), docs=tmp_path / "docs", progress=False)


def _files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def test_pages_and_pieces_are_written_and_counted(settings: Settings) -> None:
    written = write([("index.md", "首页\n"), ("data/corpus.json", iter(["{", '"a":', "1}\n"])),
                     ("documents/x.md", "正文")], settings)
    assert _files(settings.docs) == {"index.md": "首页\n".encode(), "data/corpus.json": b'{"a":1}\n',
                                     "documents/x.md": "正文".encode()}
    assert (written.files, written.changed) == (3, 3)
    assert written.bytes == sum(len(v) for v in _files(settings.docs).values())


def test_unchanged_files_are_left_alone_and_stale_ones_removed(settings: Settings) -> None:
    write([("index.md", "a"), ("documents/old.md", "old"), ("data/corpus.json", ["{}"])], settings)
    kept = settings.docs / "data" / "corpus.json"
    before = kept.stat().st_mtime_ns
    written = write([("index.md", "b"), ("data/corpus.json", ["{", "}"])], settings)
    assert (written.files, written.changed) == (2, 1)
    assert kept.stat().st_mtime_ns == before
    assert _files(settings.docs) == {"index.md": b"b", "data/corpus.json": b"{}"}
    assert list((settings.docs / "documents").iterdir()) == []


def test_a_changed_stream_replaces_the_file_and_leaves_no_temporary(settings: Settings) -> None:
    write([("data/corpus.json", ["[1]"])], settings)
    written = write([("data/corpus.json", ["[1,", "2]"])], settings)
    assert written.changed == 1
    assert sorted(p.name for p in (settings.docs / "data").iterdir()) == ["corpus.json"]
    assert (settings.docs / "data" / "corpus.json").read_bytes() == b"[1,2]"


def test_a_path_generated_twice_is_an_error(settings: Settings) -> None:
    with pytest.raises(ValueError, match="index.md: generated twice"):
        write([("index.md", "a"), ("index.md", "b")], settings)


@pytest.mark.parametrize("seeds", [True, False], ids=["seeds", "empty"])
def test_corpus_export_pieces_join_to_its_compact_json(seeds: bool) -> None:
    documents = load_corpus(SEEDS)[0] if seeds else ()
    text = "".join(corpus_json_parts(documents, Analysis(), "https://example.org/"))
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert [d["id"] for d in data["documents"]] == [d.id for d in documents]


def test_corpus_export_from_each_documents_data_is_the_export_built_again() -> None:
    """corpus.json made by unpacking each document's data.json.gz is byte for byte the one
    made by exporting every document a second time."""
    documents = load_corpus(SEEDS)[0]
    base = "https://example.org/"
    packed = [document_json_gz(doc, Analysis(), base) for doc in documents]
    assert "".join(corpus_json_parts(documents, Analysis(), base, packed)) == \
        "".join(corpus_json_parts(documents, Analysis(), base))


def test_bytes_are_written_as_they_are(settings: Settings) -> None:
    written = write([("data/documents/x.json.gz", b"\x1f\x8b\x00\xff")], settings)
    assert _files(settings.docs) == {"data/documents/x.json.gz": b"\x1f\x8b\x00\xff"}
    assert (written.files, written.changed, written.bytes) == (1, 1, 4)
    assert write([("data/documents/x.json.gz", b"\x1f\x8b\x00\xff")], settings).changed == 0


def test_each_document_gz_is_its_corpus_record_and_the_same_on_every_build() -> None:
    documents = load_corpus(SEEDS)[0]
    base = "https://example.org/"
    records = json.loads("".join(corpus_json_parts(documents, Analysis(), base)))["documents"]
    for doc, record in zip(documents, records):
        data = document_json_gz(doc, Analysis(), base)
        assert json.loads(gzip.decompress(data)) == record
        assert data == document_json_gz(doc, Analysis(), base)
        assert data[4:8] == b"\0\0\0\0"  # no modification time in the header


@pytest.mark.parametrize("size", [0, 1, 70_000])
def test_gzip_bytes_round_trips_through_the_gzip_module(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + "政策".encode() * (size % 7)
    assert gzip.decompress(gzip_bytes(data)) == data
