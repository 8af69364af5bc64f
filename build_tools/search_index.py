"""The archive's search index: Pagefind over Han-character bigrams, built from the corpus export.

    python -m build_tools.search_index SITE_DIR        (after ``mkdocs build``)

reads ``SITE_DIR/data/corpus.json`` and writes a Pagefind bundle to ``SITE_DIR/pagefind/``.
The browser loads ``pagefind.js`` on the reader's first keystroke and then only the index
chunks and the few result fragments a query needs, so the first search stays small however
large the archive grows (Material's built-in search ships one JSON of every page instead).

Why bigrams, not Pagefind's own Chinese mode: Pagefind segments pages with a jieba
dictionary when indexing, but segments the reader's query with the browser's
``Intl.Segmenter``, and the two disagree on policy vocabulary (Chromium splits 营商环境 as
营/商/环境, 节能减排 as 节/能减/排, 招商引资 into four characters), so such queries match
words far apart or nothing. Here both sides use one rule that needs no dictionary:

- every run of Han characters ``c1 c2 … cn`` becomes the words ``c1c2 c2c3 … cn`` (one word
  per character: the bigram starting there, the run's last character alone);
- every run of other letters and digits is one word, and so is every run of anything
  else but white space (punctuation);
- each heading and paragraph ends with the word ``¶``, which Pagefind does not index.

The search box turns a query into the same bigrams and asks Pagefind for them as an exact
phrase, which matches exactly the clauses that contain the query as written. Because word
``i`` of a record is character ``i`` of its text, the box rebuilds readable excerpts from
the indexed words (see :func:`readable`), and no clause text is stored twice.

One record per document (its title, facts, then one ``<h2 id=clause-id>`` per clause):
Pagefind's sub-results then name the clauses that hold the query, and a result links to
``documents/<id>/#<clause-id>``. Records are written as HTML files into a temporary
folder and indexed by the Pagefind CLI (``pagefind_extended`` from PyPI).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Han characters, as the search box's query tokenizer lists them too (keep both in step).
HAN_RANGES = (
    "\u2e80-\u2fdf"  # radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # 々 〇 and Hangzhou numerals
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # extension A, unified, compatibility
    "\U00020000-\U0003134f"  # extensions B–H
)
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
ALNUM_RUN = re.compile(f"(?:(?![{HAN_RANGES}])\\w)+")
# A Han run, a run of other letters and digits, or a run of anything else but space.
WORD_RUN = re.compile(f"[{HAN_RANGES}]+|(?:(?![{HAN_RANGES}])\\w)+|[^\\s\\w]+")
BLOCK_END = "\u00b6"  # ¶: a word Pagefind keeps in the text but does not index
LANGUAGE = "und"  # no stemming and no segmentation by Pagefind, on either side
OUTPUT = "pagefind"


def words(text: str) -> list[str]:
    """The indexed words of ``text``: one per Han character (its bigram), one per other run."""
    out: list[str] = []
    for match in WORD_RUN.finditer(text or ""):
        run = match.group()
        if HAN_RUN.fullmatch(run):
            out.extend(run[i:i + 2] for i in range(len(run)))
        else:
            out.append(run)
    return out


def query_words(query: str) -> list[str]:
    """The words a query is looked up by: its bigrams, without each run's last single character.

    A one-character run keeps its character (Pagefind matches it as a prefix: every
    bigram that starts with it). Mirrored by the search box in JavaScript.
    """
    out: list[str] = []
    for match in WORD_RUN.finditer(unicodedata.normalize("NFKC", query or "")):
        run = match.group()
        if HAN_RUN.fullmatch(run) and len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def readable(indexed: Iterable[str]) -> str:
    """Text back from indexed words: the inverse of :func:`words`, up to white space.

    A Han word stands for its first character; two runs of letters or digits in a
    row were apart in the text, so a space goes between them; ``¶`` ends a line.
    """
    out: list[str] = []
    previous_alnum = False
    for word in indexed:
        alnum = False
        if word == BLOCK_END:
            out.append("\n")
        elif HAN_RUN.match(word):
            out.append(word[0])
        else:
            alnum = ALNUM_RUN.fullmatch(word) is not None
            out.append((" " if alnum and previous_alnum else "") + word)
        previous_alnum = alnum
    return "".join(out).strip()


@dataclass(frozen=True)
class Record:
    """One document as the index sees it: a page URL and its HTML for Pagefind."""

    url: str  # relative to the site root, e.g. documents/<id>/
    html: str


def _block(tag: str, text: str, attributes: str = "") -> str:
    indexed = " ".join(words(text) + [BLOCK_END])
    return f"<{tag}{attributes}>{html.escape(indexed, quote=False)}</{tag}>"


def _split_heading(clause: dict) -> tuple[str, str]:
    """(head, body) of a clause: the marker and heading as they open its text, and the rest."""
    text = clause.get("text") or ""
    head = (clause.get("number") or "") + (clause.get("heading") or "")
    if clause.get("heading") and text.startswith(head):
        return head, text[len(head):]
    return "", text


def document_record(document: dict) -> Record:
    """The Pagefind page for one corpus document: title, facts, one ``h2`` per clause."""
    meta = {"title": document["title"], "issuer": document.get("issuer"), "date": document.get("date")}
    meta_tags = "".join(
        f'<span data-pagefind-meta="{key}:{html.escape(value)}"></span>'
        for key, value in meta.items() if value
    )
    title = html.escape(document["id"])
    parts = [
        "<!doctype html>",
        f'<html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{title}</title></head>',
        f"<body><main data-pagefind-body>{meta_tags}",
        _block("h1", document["title"]),
    ]
    facts = " ".join(v for v in (document.get("issuer"), document.get("number"), document.get("date")) if v)
    if facts:
        parts.append(_block("p", facts))
    for clause in document.get("clauses", []):
        head, body = _split_heading(clause)
        parts.append(_block("h2", head, f' id="{html.escape(clause["id"])}"'))
        if body:
            parts.append(_block("p", body))
    parts.append("</main></body></html>")
    return Record(url=document["url"], html="\n".join(parts))


def records(corpus: dict) -> Iterator[Record]:
    for document in corpus["documents"]:
        yield document_record(document)


def write_index(site: Path, corpus: dict, *, quiet: bool = True) -> dict:
    """Index every document of ``corpus`` into ``site/pagefind/``; return counts and timing."""
    started = time.perf_counter()
    shutil.rmtree(site / OUTPUT, ignore_errors=True)  # Pagefind adds files, never removes stale ones
    with tempfile.TemporaryDirectory(prefix="search-index-") as scratch:
        pages = 0
        for record in records(corpus):
            page = Path(scratch, record.url, "index.html")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(record.html, encoding="utf-8")
            pages += 1
        command = [sys.executable, "-m", "pagefind", "--site", scratch,
                   "--output-path", str(site / OUTPUT), "--force-language", LANGUAGE]
        if quiet:
            command.append("--silent")
        done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise RuntimeError(f"pagefind exited {done.returncode}: {output}")
    return {"pages": pages, "seconds": round(time.perf_counter() - started, 2),
            "bytes": sum(p.stat().st_size for p in (site / OUTPUT).rglob("*") if p.is_file())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.search_index",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built site (holds data/corpus.json)")
    args = parser.parse_args(argv)
    corpus_path = args.site / "data" / "corpus.json"
    if not corpus_path.is_file():
        print(f"{corpus_path}:0: error: no corpus export; build the site first", file=sys.stderr)
        return 2
    corpus = json.loads(corpus_path.read_text(encoding="utf-8"))
    report = write_index(args.site, corpus)
    print(f"search index: {report['pages']} documents, {report['bytes']:,} bytes "
          f"in {args.site / OUTPUT} ({report['seconds']} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
