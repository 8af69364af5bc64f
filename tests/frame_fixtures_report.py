"""Score the frame on the documents of ``fixtures/frame2/`` (written from GB/T 9704-2012 and
the 条例's shapes, with ``expected.yaml`` written before the code was run on them).

``python tests/frame_fixtures_report.py [-v] [DIR]`` prints right/total per field (``-v`` also
every miss); DIR, a folder of sources with an ``expected.yaml`` of the same form, is scored
instead of the fixtures. A field is scored where ``expected.yaml`` lists it (null: the document prints
none, and the reader must give none); values are compared without white space.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.build import load_corpus  # noqa: E402
from build_tools.region import region_of  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "frame2"
FIELDS = ("title", "number", "issuer", "date", "addressee", "kind", "role", "copies_to", "region")


def _value(doc, name: str) -> str | None:
    if name == "title":
        return doc.title
    if name == "region":
        return region_of(doc)
    return getattr(doc.source, name)


def squeeze(text) -> str | None:
    return None if text is None else re.sub(r"\s", "", str(text))


def score(folder: Path = FIXTURES) -> dict[str, tuple[int, int, list[str]]]:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    documents, _ = load_corpus(folder)
    by_file: dict[str, list] = {}
    for doc in documents:
        by_file.setdefault(doc.source.file, []).append(doc)
    out = {name: (0, 0, []) for name in FIELDS}
    for file, wanted in expected.items():
        docs = by_file.get(file, [])
        for n, want in enumerate(wanted):
            doc = docs[n] if n < len(docs) else None
            for name, value in want.items():
                got = _value(doc, name) if doc else "(no document)"
                ok = squeeze(got) == squeeze(value)
                right, total, misses = out[name]
                out[name] = (right + ok, total + 1,
                             misses + ([] if ok else [f"{file}#{n + 1}: {name} {got!r} ≠ {value!r}"]))
    return out


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:] if a != "-v"]
    result = score(*folders[:1])
    for name, (right, total, _) in result.items():
        print(f"{name:10} {right}/{total}")
    if "-v" in sys.argv:
        for name, (_, _, misses) in result.items():
            print("\n".join(f"  miss {m}" for m in misses))


if __name__ == "__main__":
    main()
