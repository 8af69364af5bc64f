"""Score the official-document frame on the real sample (``fixtures/real/``).

``labels.yaml`` gives, per local-government document, the title, 文号, issuer, date,
addressee and kind as printed (null where the text does not print them);
``expected.yaml`` gives the outline starts (lines opening with 一、 or (一)) and, for
regulations, the title, chapter headings and number of articles.

Figures, each over the documents whose label is not null:

* per field: the share whose value equals the label after removing white space (the
  first document read from the file is the one labelled);
* fragments: titles that are a piece of the labelled title (the first line of a wrapped
  title) or the file name;
* outline starts: the share of expected entries that a clause of the right level begins;
* regulations: titles right, chapter headings found, articles found (a document's
  articles count up to its expected number).

``python tests/frame_report.py [-v] [--half odd|even]`` prints the figures (``-v`` also
every miss). The numbering halves keep a held-out check: the frame was developed on the
odd-numbered files and checked on the even ones.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.build import load_corpus  # noqa: E402
from build_tools.model import Document  # noqa: E402

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
FIELDS = ("title", "number", "issuer", "date", "addressee", "kind")


def squeeze(text: str | None) -> str:
    return re.sub(r"\s", "", text or "")


def squash(text: str | None) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


def field_value(doc: Document, name: str) -> str | None:
    src = doc.source
    return {"title": doc.title, "number": src.number, "issuer": src.issuer, "date": src.date,
            "addressee": getattr(src, "addressee", None),
            "kind": getattr(src, "kind", None)}[name]


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.share:.3f}"


@dataclass
class FrameScore:
    fields: dict[str, Tally]
    spurious: dict[str, Tally]  # a value given where the label is null
    fragments: list[str]
    outline: Tally
    reg_titles: Tally
    reg_chapters: Tally
    reg_articles: Tally


def _number(file: str) -> int:
    return int(re.search(r"(\d+)", file).group(1))


def in_half(file: str, half: str | None) -> bool:
    return half is None or (_number(file) % 2 == 1) == (half == "odd")


def load_real(half: str | None = None) -> dict[str, list[Document]]:
    """The real sample, ingested and structured: file name → its documents in order."""
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(REAL.glob("*.txt")):
            if in_half(path.name, half):
                shutil.copy(path, Path(tmp) / path.name)
        documents, _ = load_corpus(Path(tmp))
    by_file: dict[str, list[Document]] = {}
    for doc in documents:
        by_file.setdefault(doc.source.file, []).append(doc)
    return by_file


def score(half: str | None = None) -> FrameScore:
    labels = yaml.safe_load((REAL / "labels.yaml").read_text(encoding="utf-8"))
    expected = yaml.safe_load((REAL / "expected.yaml").read_text(encoding="utf-8"))["documents"]
    by_file = load_real(half)
    fields = {name: Tally() for name in FIELDS}
    spurious = {name: Tally() for name in FIELDS}
    fragments: list[str] = []
    for label in labels:
        if not in_half(label["file"], half):
            continue
        doc = by_file[label["file"]][0]
        for name in FIELDS:
            got = field_value(doc, name)
            want = label[name]
            if want is None:
                spurious[name].add(got is None, f"{label['file']}: {name} {got!r} (label null)")
            else:
                fields[name].add(squeeze(got) == squeeze(str(want)),
                                 f"{label['file']}: {name} {got!r} ≠ {want!r}")
        title = squeeze(doc.title)
        stem = Path(label["file"]).stem
        want = squeeze(label["title"])
        if title in (stem, doc.id) or (want and title != want and title in want):
            fragments.append(f"{label['file']}: {doc.title!r}")
    outline, titles, chapters, articles = Tally(), Tally(), Tally(), Tally()
    for entry in expected:
        if not in_half(entry["file"], half):
            continue
        docs = by_file[entry["file"]]
        clauses = [c for d in docs for c in d.clauses]
        for item in entry.get("outline") or ():
            start = squash(item["start"])
            ok = any(c.level == item["level"] and squash(c.text).startswith(start) for c in clauses)
            outline.add(ok, f"{entry['file']}: level {item['level']} {item['start']!r}")
        if entry["kind"] != "regulation":
            continue
        doc = docs[0]
        titles.add(squeeze(doc.title) == squeeze(entry["title"]),
                   f"{entry['file']}: title {doc.title!r} ≠ {entry['title']!r}")
        found = {squash(f"{c.number or ''}{c.heading or ''}") for c in doc.clauses
                 if c.style == "chapter"}
        for chapter in entry["chapters"]:
            chapters.add(squash(chapter) in found, f"{entry['file']}: chapter {chapter!r}")
        count = sum(1 for c in doc.clauses if c.style == "article")
        for n in range(entry["articles"]):
            articles.add(n < count, f"{entry['file']}: {count} articles of {entry['articles']}")
    return FrameScore(fields, spurious, fragments, outline, titles, chapters, articles)


def report(result: FrameScore, verbose: bool = False) -> str:
    out = []
    for name in FIELDS:
        out.append(f"{name:10} {result.fields[name]}   (given where label null: "
                   f"{result.spurious[name].total - result.spurious[name].right}"
                   f"/{result.spurious[name].total})")
    out.append(f"fragment or file-name titles: {len(result.fragments)}")
    out.append(f"outline starts recalled: {result.outline}")
    out.append(f"regulations: titles {result.reg_titles}, chapters {result.reg_chapters}, "
               f"articles {result.reg_articles}")
    if verbose:
        for name in FIELDS:
            out += [f"  miss {m}" for m in result.fields[name].misses]
            out += [f"  spurious {m}" for m in result.spurious[name].misses]
        out += [f"  fragment {m}" for m in result.fragments]
        out += [f"  miss {m}" for m in result.outline.misses]
        for tally in (result.reg_titles, result.reg_chapters):
            out += [f"  miss {m}" for m in tally.misses]
        out += [f"  miss {m}" for m in sorted(set(result.reg_articles.misses))]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--half", choices=("odd", "even"))
    args = parser.parse_args()
    print(report(score(args.half), args.verbose))


if __name__ == "__main__":
    main()
