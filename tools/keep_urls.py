"""Keep published URLs valid across a change of ids: compare the published ``corpus.json``
with what the sources give now, and print the sidecar entries that keep every old URL
landing on the same document and clause.

    .venv/bin/python tools/keep_urls.py PUBLISHED/corpus.json [--seeds seeds] [--write]

For each source file it prints (or, with ``--write``, merges into ``<source>.yml``):

* ``ids:`` — a document whose id would change (found by its source file and its 文号 or
  title) keeps its published id;
* ``aliases:`` — a clause whose id changes (found by its source line and a text at least
  80 % alike: a corrected heading is the same clause) keeps
  its old id as an alias anchor on the page.

Run it before publishing a change that renames ids (a new id rule, a corrected heading);
commit the sidecars it writes.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.build import load_corpus  # noqa: E402


#: How alike a clause's old and new text must be (difflib ratio) to be the same clause.
SIMILAR = 0.8


def plan(published: dict, seeds: Path) -> dict[str, dict]:
    """file name → {"ids": {...}, "aliases": {...}} needed to keep the published URLs."""
    documents, _ = load_corpus(seeds)
    now_by_file: dict[str, list] = defaultdict(list)
    for doc in documents:
        now_by_file[doc.source.file].append(doc)
    out: dict[str, dict] = defaultdict(lambda: {"ids": {}, "aliases": {}})
    for old in published["documents"]:
        file = old["source"]["file"]
        candidates = now_by_file.get(file, [])
        match = next((d for d in candidates if d.id == old["id"]), None)
        if match is None:
            match = next((d for d in candidates if old.get("number") and d.source.number == old["number"]
                          and not d.source.issued_by), None) \
                or next((d for d in candidates if d.title == old["title"]), None)
            if match is None:
                print(f"{file}: published document {old['id']!r} is not found", file=sys.stderr)
                continue
            if match.source.issued_by:
                print(f"{file}: {old['id']!r} is an issued text; pin its notice", file=sys.stderr)
                continue
            key = match.source.number or match.title
            out[file]["ids"][key] = old["id"]
        now_ids = {c.id for c in match.clauses}
        by_line = {c.line: c for c in match.clauses}
        for clause in old["clauses"]:
            if clause["id"] in now_ids:
                continue
            # the clause that starts on the same line with (nearly) the same text
            there = by_line.get(clause["line"])
            new = there.id if there is not None and SequenceMatcher(
                None, there.text, clause["text"]).ratio() >= SIMILAR else None
            if new is None:
                print(f"{file}: clause {old['id']}#{clause['id']} has no counterpart", file=sys.stderr)
                continue
            out[file]["aliases"].setdefault(old["id"], {})[clause["id"]] = new
        moved = out[file]["aliases"].get(old["id"], {})
        for alias, target in (old.get("aliases") or {}).items():
            if target in moved:  # an older alias follows its clause to the new id
                moved[alias] = moved[target]
    return {f: {k: v for k, v in p.items() if v} for f, p in out.items() if any(p.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("published", type=Path, help="the published data/corpus.json")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--write", action="store_true", help="merge into the sidecars")
    args = parser.parse_args(argv)
    published = json.loads(args.published.read_text(encoding="utf-8"))
    for file, entries in sorted(plan(published, args.seeds).items()):
        sidecar = (args.seeds / file).with_suffix(".yml")
        if not args.write:
            print(f"# {sidecar}")
            print(yaml.safe_dump(entries, allow_unicode=True, sort_keys=True))
            continue
        current = yaml.safe_load(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        current = current or {}
        for key, values in entries.items():
            current.setdefault(key, {})
            for name, value in values.items():
                if isinstance(value, dict):
                    current[key].setdefault(name, {}).update(value)
                else:
                    current[key][name] = value
        head = ("# Ids published before ids were derived from each document's 文号 or title and\n"
                "# each unnumbered heading's text; kept so that existing citations still land\n"
                "# (written by tools/keep_urls.py).\n")
        sidecar.write_text(head + yaml.safe_dump(current, allow_unicode=True, sort_keys=True),
                           encoding="utf-8")
        print(f"wrote {sidecar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
