"""The archive's search index: Pagefind over Han-character bigrams, built from the corpus export.

    python -m build_tools.search_index SITE_DIR        (after ``mkdocs build``)

reads ``SITE_DIR/data/corpus.json`` and writes a Pagefind bundle to ``SITE_DIR/pagefind/``.
The browser loads ``pagefind.js`` on the reader's first keystroke and then only the index
chunks and the few result fragments a query needs, so the first search stays small however
large the archive grows (Material's built-in search ships one JSON of every page instead).

What "a clause holds a query" means (:func:`clause_holds`; the search box, the index and
the completeness checks of ``bench.search_sample`` all follow it): a clause is read
as the lines its page shows (:func:`clause_lines`): the heading line (marker and heading)
and then each paragraph of its text (the structure stage has already joined the source's
hard-wrapped lines into paragraphs, so a line break left in a clause's text is a paragraph
break the page shows). A query's parts are what lies between white space, punctuation and
symbols (:func:`query_parts`); a line holds a part when the line, compared as
:func:`plain` text (NFKC, lower case, white space removed but between two runs of Latin
letters or digits), contains it, and a part that begins with a letter or digit begins
where a run of letters and digits of the line begins (``2010年`` is in ``较2010年下降``,
``GD`` in ``GDP``, but ``010年`` and ``DP`` are not: the index keeps such a run as one
word, and words are found by their start). The clause holds the query when every part is
held by one of its lines (different parts may lie in different lines). A part that runs on from the heading into the first paragraph, or from
one paragraph into the next, is held by no line: it is not found, as a reader does not see
it as one phrase either.

Why bigrams, not Pagefind's own Chinese mode: Pagefind segments pages with a jieba
dictionary when indexing, but segments the reader's query with the browser's
``Intl.Segmenter``, and the two disagree on policy vocabulary (Chromium splits 营商环境 as
营/商/环境, 节能减排 as 节/能减/排, 招商引资 into four characters), so such queries match
words far apart or nothing. Here both sides use one rule that needs no dictionary:

- every run of Han characters ``c1 c2 … cn`` becomes the words ``c1c2 c2c3 … cn`` (one word
  per character: the bigram starting there, the run's last character alone);
- every run of other letters and digits is one word, and so is every run of anything
  else but white space (punctuation);
- each line (the title, the facts, a clause's heading line, each paragraph) ends with the
  word ``¶``, which Pagefind does not index but counts as a place, so no phrase runs on
  across a line break.

The search box turns a query into the same bigrams and asks Pagefind for them as an exact
phrase, which matches exactly the clauses that contain the query as written. Because word
``i`` of a record is character ``i`` of its text, the box rebuilds readable excerpts from
the indexed words (see :func:`readable`), and no clause text is stored twice.

One record per document: its title, facts, one ``<h2 id=clause-id>`` per clause (the
clause's heading line, empty for a clause without one) followed by one ``<p>`` per
paragraph of the rest of its text, and last
the *heading words*: the title and every clause heading again, each word prefixed with
``h`` (``h人才 h才公 h公寓 h寓``), after the word ``⁂``. A search for the query's words
with that prefix finds the documents whose title or a clause heading holds the query, so
the search box can rank those first without fetching any document; the box cuts the
heading words off before it reads the clauses back (see :data:`HEADS_START`).

Pagefind's exact-phrase search reports only the first place a phrase occurs in a page,
so the search box uses it to learn *which documents* hold the query and then reads
every clause of those documents back from their fragments and keeps each clause that
holds the query: every clause is found, not one per document.

Each record carries, for the box's filters and ranking (Pagefind sort and meta; the
filters are applied by the box to the documents it reads, because Pagefind 1.5.2 writes
its filter files in a different order on every run, and builds must be byte-identical):

- sort ``date`` (``YYYY-MM-DD``, ``0000-00-00`` for an undated document, so newest first
  puts undated documents last);
- meta ``id``, ``title``, ``issuer``, ``date``, ``region``; ``themes``: the themes of each clause in order,
  ``;`` between clauses and ``,`` between themes, so a theme filter keeps only the clauses
  of that theme; ``labels``: each clause's number path (二(一)7), ``;`` between clauses.

Records are written as HTML files into a temporary folder and indexed by the Pagefind CLI
(``pagefind_extended`` from PyPI); :data:`THEME_NAMES` beside the bundle names the themes.
An archive of more than :data:`PART_DOCUMENTS` documents is indexed in parts, newest
first, one Pagefind run after another (:func:`run_pagefind`), listed in :data:`PARTS`.
"""
from __future__ import annotations

import argparse
import html
import json
import os
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
ALNUM_OR_HAN = re.compile(r"\w")  # a run of Han characters or of other letters and digits
# A Han run, a run of other letters and digits, or a run of anything else but space.
WORD_RUN = re.compile(f"[{HAN_RANGES}]+|(?:(?![{HAN_RANGES}])\\w)+|[^\\s\\w]+")
# White space between two Han characters is a line break of the source, not a word break.
HAN_GAP = re.compile(f"(?<=[{HAN_RANGES}])\\s+(?=[{HAN_RANGES}])")
BLOCK_END = "\u00b6"  # ¶: a word Pagefind keeps in the text but does not index
HEADS_START = "\u2042"  # ⁂: the heading words follow (not indexed either)
HEAD_MARK = "h"  # prefix of a heading word: never begins a word of the text itself
UNDATED = "0000-00-00"  # sort value of a document without a date
THEME_NAMES = "archive-themes.json"  # {theme id: name}, written into the bundle folder
LANGUAGE = "und"  # no stemming and no segmentation by Pagefind, on either side
OUTPUT = "pagefind"
PARTS = "archive-parts.json"  # the folders of the parts after the first, beside the bundle
PART_DOCUMENTS = 2000  # documents a Pagefind run indexes at most (see run_pagefind)


def _normal(text: str | None) -> str:
    """NFKC, without white space between Han characters (a clause's own line breaks)."""
    return HAN_GAP.sub("", unicodedata.normalize("NFKC", text or ""))


def words(text: str) -> list[str]:
    """The indexed words of ``text`` (see :func:`_normal`): one per Han character (its
    bigram), one per other run."""
    out: list[str] = []
    for match in WORD_RUN.finditer(_normal(text)):
        run = match.group()
        if HAN_RUN.fullmatch(run):
            out.extend(run[i:i + 2] for i in range(len(run)))
        else:
            out.append(run)
    return out


def lookup_words(part: str) -> tuple[list[str], bool]:
    """What the search box asks Pagefind for one query part: its :func:`query_words`, and
    whether they must occur as an exact phrase. Pagefind matches the words of a phrase
    exactly, but a lone word by its start; so when a part of several runs ends in a run
    that may go on in the text (a single Han character: 年 of 2010年 is the word 年底 in
    2010年底; letters or digits: GD of 年GD is GDP), that last word is left out of the
    phrase (the box's own check of every line then decides), and a phrase of one word is
    looked up alone, by its start. Mirrored by the search box in JavaScript."""
    runs = [match.group() for match in WORD_RUN.finditer(_normal(part))]
    found = query_words(part)
    if len(runs) > 1 and (not HAN_RUN.fullmatch(runs[-1]) or len(runs[-1]) == 1) and ALNUM_OR_HAN.match(runs[-1]):
        found = found[:-1]
    return found, len(found) > 1


def query_words(query: str) -> list[str]:
    """The words a query is looked up by, in a row: the indexed words of its runs, except
    that the last run, if Han, drops its last single character.

    A query's last Han run may go on in the text (人才 in 人才公寓 is the word 人才 there,
    not 才), so its final character is not asked for; a run before another run ends
    where the text's run ends, so it keeps all its words (全市GDP → 全市 市 GDP). A
    one-character last run keeps its character (Pagefind matches it as a prefix: every
    bigram that starts with it). Mirrored by the search box in JavaScript.
    """
    runs = [match.group() for match in WORD_RUN.finditer(_normal(query))]
    out: list[str] = []
    for index, run in enumerate(runs):
        if HAN_RUN.fullmatch(run) and index == len(runs) - 1 and len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.extend(words(run))
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
    date: str = UNDATED  # its sort value: the document's date, ``UNDATED`` without one


def _block(tag: str, text: str, attributes: str = "") -> str:
    indexed = " ".join(words(text) + [BLOCK_END])
    return f"<{tag}{attributes}>{html.escape(indexed, quote=False)}</{tag}>"


def _heads_block(texts: Iterable[str]) -> str:
    """The heading words: every text's words with the ``h`` prefix, ``¶`` after each text."""
    indexed = [HEADS_START]
    for text in texts:
        indexed.extend(HEAD_MARK + word for word in words(text))
        indexed.append(BLOCK_END)
    return f"<p>{html.escape(' '.join(indexed), quote=False)}</p>"


_PAGE_SPACE = " \u3000\u00a0"  # what the page trims around a heading and a paragraph


def heading_and_paragraphs(clause: dict) -> tuple[str, list[str]]:
    """How a corpus clause shows on its page: its heading line (marker and heading; empty
    for a body clause, the preface or end matter, ``style`` ``body``) and the paragraphs
    of the text after them (the 。 that ends a run-in heading sentence is not shown; empty
    paragraphs are left out). Mirrors how ``build_tools.render`` lays out a clause."""
    text = clause.get("text") or ""
    number, heading = clause.get("number") or "", clause.get("heading") or ""
    if clause.get("style") == "body" or not (number or heading):
        return "", [p for p in text.split("\n") if p.strip(_PAGE_SPACE)]
    rest = text[len(number):] if number and text.startswith(number) else text
    paragraphs = rest.split("\n")
    first = paragraphs[0].lstrip(_PAGE_SPACE)
    if heading and first.startswith(heading):
        paragraphs[0] = first[len(heading):].lstrip("。")
    head = f"{number}{' ' if number and not number.endswith('、') else ''}{heading}".strip()
    return head, [p for p in paragraphs if p.strip(_PAGE_SPACE)]


def clause_lines(clause: dict) -> list[str]:
    """The lines a clause shows on its page: its heading line, if any, then each paragraph."""
    head, paragraphs = heading_and_paragraphs(clause)
    return [head, *paragraphs] if head else paragraphs


def _gap(match: re.Match) -> str:
    """White space in :func:`plain`: one space between two letters or digits, else nothing."""
    text, start, end = match.string, match.start(), match.end()
    between = 0 < start and end < len(text) and ALNUM_RUN.match(text[start - 1]) and ALNUM_RUN.match(text[end])
    return " " if between else ""


def plain(text: str | None) -> str:
    """Text as the search compares it: NFKC, lower case, no white space but one space
    between two runs of letters or digits (``Made in China`` stays three words)."""
    return re.sub(r"\s+", _gap, unicodedata.normalize("NFKC", text or "").lower())


def _separates(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PS"


def query_parts(query: str) -> list[str]:
    """The parts of a query, as plain text: what lies between white space, punctuation and
    symbols (none of which a part holds). Mirrored by the search box in JavaScript."""
    text = unicodedata.normalize("NFKC", query or "").lower()
    return [part for part in "".join(" " if _separates(c) else c for c in text).split() if part]


def _line_holds(line: str, part: str) -> bool:
    """Whether a plain line holds a plain part (see the module docstring)."""
    at = line.find(part)
    if not ALNUM_RUN.match(part):
        return at >= 0
    while at >= 0:
        if at == 0 or not ALNUM_RUN.match(line[at - 1]):
            return True
        at = line.find(part, at + 1)
    return False


def lines_hold(lines: Iterable[str], parts: Iterable[str]) -> bool:
    """Whether every part lies within one of ``lines`` (see the module docstring)."""
    plains = [plain(line) for line in lines]
    return all(any(_line_holds(line, part) for line in plains) for part in parts)


def clause_holds(clause: dict, query: str) -> bool:
    """Whether a corpus clause holds a query (see the module docstring); an empty query
    (nothing but space and punctuation) is held by no clause."""
    parts = query_parts(query)
    return bool(parts) and lines_hold(clause_lines(clause), parts)


def _attribute(kind: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{html.escape(key)}:{html.escape(value)}"></span>'


def _facets(document: dict) -> list[str]:
    """Pagefind sort and meta tags of a document (see the module docstring)."""
    date = document.get("date") or ""
    clauses = document.get("clauses", [])
    meta = [("id", document["id"]), ("title", document["title"]), ("issuer", document.get("issuer")),
            ("date", date), ("region", document.get("region")),
            ("themes", ";".join(",".join(clause.get("themes") or ()) for clause in clauses)),
            ("labels", ";".join((clause.get("label") or "").replace(";", "；") for clause in clauses))]
    tags = [_attribute("sort", "date", date or UNDATED)]
    tags.extend(_attribute("meta", key, value) for key, value in meta if value)
    return tags


def document_record(document: dict) -> Record:
    """The Pagefind page for one corpus document: title, facts, clauses, heading words."""
    title = html.escape(document["id"])
    parts = [
        "<!doctype html>",
        f'<html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{title}</title></head>',
        f"<body><main data-pagefind-body>{''.join(_facets(document))}",
        _block("h1", document["title"]),
    ]
    facts = " ".join(v for v in (document.get("issuer"), document.get("number"), document.get("date")) if v)
    if facts:
        parts.append(_block("p", facts))
    heads = [document["title"]]
    for clause in document.get("clauses", []):
        head, paragraphs = heading_and_paragraphs(clause)
        parts.append(_block("h2", head, f' id="{html.escape(clause["id"])}"'))
        parts.extend(_block("p", paragraph) for paragraph in paragraphs)
        if head:
            heads.append(head)
    parts.append(_heads_block(heads))
    parts.append("</main></body></html>")
    return Record(url=document["url"], html="\n".join(parts), date=document.get("date") or UNDATED)


def records(corpus: dict) -> Iterator[Record]:
    for document in corpus["documents"]:
        yield document_record(document)


_DECODER = json.JSONDecoder()
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def export_fields(text: str) -> Iterator[tuple[str, object]]:
    """The top-level fields of a corpus export (``data/corpus.json``), in the file's order,
    with ``documents`` read one document at a time: ``("documents", document)`` once per
    document, ``(name, value)`` for every other field. Only the text and one document are
    held at a time, not the whole archive as Python objects (several times the file)."""
    def skip(at: int, expected: str = "") -> int:
        at = _JSON_SPACE.match(text, at).end()
        if expected:
            if text[at:at + 1] != expected:
                raise ValueError(f"corpus export: {expected!r} expected at character {at}")
            at = _JSON_SPACE.match(text, at + 1).end()
        return at

    at = skip(0, "{")
    while text[at:at + 1] != "}":
        name, at = _DECODER.raw_decode(text, at)
        at = skip(at, ":")
        if name == "documents" and text[at:at + 1] == "[":
            at = skip(at, "[")
            while text[at:at + 1] != "]":
                document, at = _DECODER.raw_decode(text, at)
                yield name, document
                at = skip(at)
                if text[at:at + 1] == ",":
                    at = skip(at, ",")
            at = skip(at, "]")
        else:
            value, at = _DECODER.raw_decode(text, at)
            yield name, value
        at = skip(at)
        if text[at:at + 1] == ",":
            at = skip(at, ",")


def stage_records(folder: Path, found: Iterable[Record]) -> list[tuple[str, str]]:
    """Write each record as ``folder/<url>/index.html``, the pages Pagefind reads; return
    every record's (date, url), in order."""
    staged = []
    for record in found:
        page = Path(folder, record.url, "index.html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(record.html, encoding="utf-8")
        staged.append((record.date, record.url))
    return staged


def part_folders(count: int) -> list[str]:
    """Where the bundles of ``count`` parts go, relative to ``pagefind/``: the first part
    is ``pagefind/`` itself, part ``k`` (from 2) ``pagefind/part-k/``."""
    return ["", *(f"part-{k}/" for k in range(2, count + 1))]


def parts(staged: list[tuple[str, str]], size: int) -> list[list[str]]:
    """The staged records' URLs in parts of at most ``size`` records, newest first: the
    records by date, latest first (undated last, then by URL), cut in runs of ``size``.
    Every document of a part is then as new as any of the next part or newer, so the
    parts' results, each sorted by date, joined in part order are sorted by date."""
    by_url = sorted(staged, key=lambda item: item[1])
    ordered = [url for _, url in sorted(by_url, key=lambda item: item[0], reverse=True)]
    return [ordered[at:at + size] for at in range(0, len(ordered), size)] or [[]]


def run_pagefind(folder: Path, site: Path, staged: list[tuple[str, str]] | None = None, *,
                 quiet: bool = True, part_size: int | None = None) -> int:
    """Index the records staged in ``folder`` into ``site/pagefind/``; how many parts.

    Pagefind holds the whole index it builds in memory, about 2.7 MB a document of this
    archive (each Han character is a word), so an archive of more than ``part_size``
    (:data:`PART_DOCUMENTS`) documents is indexed in parts, one Pagefind run after another,
    each into its own bundle (:func:`part_folders`, listed in :data:`PARTS`); the search box
    asks every part and joins their results in part order (see :func:`parts`)."""
    shutil.rmtree(site / OUTPUT, ignore_errors=True)  # Pagefind adds files, never removes stale ones
    size = part_size or PART_DOCUMENTS
    cut = parts(staged, size) if staged is not None and len(staged) > size else None
    folders = part_folders(len(cut) if cut else 1)
    for number, where in enumerate(folders):
        source = folder
        if cut:  # each part's pages moved into a folder of their own, the URLs unchanged
            source = folder / f".part-{number + 1}"
            for url in cut[number]:
                target = source / url
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(folder / url, target)
        command = [sys.executable, "-m", "pagefind", "--site", str(source),
                   "--output-path", str(site / OUTPUT / where), "--force-language", LANGUAGE]
        if quiet:
            command.append("--silent")
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            output = (done.stderr or done.stdout).strip()[-2000:]
            raise RuntimeError(f"pagefind exited {done.returncode}: {output}")
    (site / OUTPUT / PARTS).write_text(json.dumps(folders[1:]), encoding="utf-8")
    return len(folders)


def write_theme_names(site: Path, themes: Iterable[dict]) -> None:
    """:data:`THEME_NAMES` beside the bundle: {theme id: name}."""
    names = {theme["id"]: theme["name"] for theme in themes}
    (site / OUTPUT / THEME_NAMES).write_text(json.dumps(names, ensure_ascii=False, sort_keys=True),
                                            encoding="utf-8")


def bundle_report(site: Path, pages: int, started: float) -> dict:
    return {"pages": pages, "seconds": round(time.perf_counter() - started, 2),
            "bytes": sum(p.stat().st_size for p in (site / OUTPUT).rglob("*") if p.is_file())}


def write_index(site: Path, corpus: dict, *, quiet: bool = True, part_size: int | None = None) -> dict:
    """Index every document of ``corpus`` into ``site/pagefind/``; return counts and timing."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="search-index-") as scratch:
        staged = stage_records(Path(scratch), records(corpus))
        count = run_pagefind(Path(scratch), site, staged, quiet=quiet, part_size=part_size)
    write_theme_names(site, corpus.get("themes", []))
    return {**bundle_report(site, len(staged), started), "parts": count}


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
