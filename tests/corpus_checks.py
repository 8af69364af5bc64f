"""Checks of a published ``corpus.json`` against its contract and against its sources.

Each check returns a list of readable problems (empty when all is well), so a failing
test prints every violation at once, each naming the document, clause and field, or the
source ``file:line``. The contract is ``spec/corpus-json.md``:

* field names and types; ``level`` an int following the numbering style; clause ids
  plain ASCII, unique on their page and derived from their parent's id; ``similar`` ranked
  and naming only existing clauses of other documents;
* conservation: a clause's ``text`` equals a stretch of its source after NFKC and removal
  of white space, and every character of a source is published in a clause or listed in
  ``dropped`` (titles, metadata and web chrome are listed there);
* line numbers: a clause starts on its ``line``; a dropped text stands on its ``line``.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from pathlib import Path

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Plain ASCII, usable unescaped as an HTML id, a URL fragment and a CSS selector.
CLAUSE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Levels of the numbering styles that have one (spec: 一、=1, (一)=2, 1./1、=3, (1)=4).
FIXED_LEVEL = {"cn_dun": 1, "paren_cn": 2, "arabic_dot": 3, "arabic_dun": 3, "action_plan": 3,
               "paren_arabic": 4}
#: Styles one level below their parent (一是, ——, unnumbered headings, stages, 第X条).
RELATIVE = {"yishi", "lead_dash", "unnumbered", "stage_label", "article"}
#: 第X章 / 第X节 / 第X条 restart the levels of the numbered styles inside them.
CONTAINERS = {"chapter", "section", "article"}
LINE_END = re.compile(r"\r\n|\r|\n")


def squeeze(text: str) -> str:
    """NFKC, white space removed: the form in which published text must match its source."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_problems(where: str, record: dict, fields: dict[str, tuple]) -> list[str]:
    problems = []
    for name, types in fields.items():
        if name not in record:
            problems.append(f"{where}: field {name!r} is missing")
            continue
        value = record[name]
        ok = any(_is_int(value) if t is int else
                 value is None if t is None else isinstance(value, t) for t in types)
        if not ok:
            names = " or ".join("null" if t is None else t.__name__ for t in types)
            problems.append(f"{where}: {name} should be {names}, found {value!r}")
    return problems


DOCUMENT_FIELDS = {"id": (str,), "title": (str,), "url": (str,), "source": (dict,),
                   "issuer": (str, None), "date": (str, None), "number": (str, None),
                   "dropped": (list,), "citation_pieces": (dict,), "clauses": (list,)}
SOURCE_FIELDS = {"file": (str,), "index": (int,), "first_line": (int,), "last_line": (int,)}
DROPPED_FIELDS = {"line": (int,), "text": (str,), "reason": (str,)}
CLAUSE_FIELDS = {"id": (str,), "parent": (str, None), "level": (int,), "number": (str, None),
                 "heading": (str, None), "text": (str,), "line": (int,), "themes": (list,),
                 "lead_units": (list,), "targets": (list,), "similar": (list,)}
TARGET_FIELDS = {"text": (str,), "year": (int, None), "period": (list, None)}
SIMILAR_FIELDS = {"document": (str,), "clause": (str,), "score": (int, float), "strength": (str,),
                  "terms": (list,)}


def contract_problems(corpus: dict) -> list[str]:
    """Every way ``corpus`` departs from the shape and rules of the export contract."""
    problems = _type_problems("corpus", corpus, {"version": (int,), "themes": (list,),
                                                 "documents": (list,)})
    if problems:
        return problems
    if corpus["version"] != 1:
        problems.append(f"corpus: version should be 1, found {corpus['version']!r}")
    theme_ids = set()
    for i, theme in enumerate(corpus["themes"]):
        problems += _type_problems(f"themes[{i}]", theme, {"id": (str,), "name": (str,)})
        theme_ids.add(theme.get("id"))
    clauses_of = {d.get("id"): {c.get("id") for c in d.get("clauses") or []}
                  for d in corpus["documents"]}
    doc_ids = Counter(d.get("id") for d in corpus["documents"])
    problems += [f"document id {i!r} is used {n} times" for i, n in doc_ids.items() if n > 1]
    for doc in corpus["documents"]:
        problems += _document_problems(doc, theme_ids, clauses_of)
    return problems


def _document_problems(doc: dict, theme_ids: set, clauses_of: dict[str, set]) -> list[str]:
    where = f"document {doc.get('id')!r}"
    problems = _type_problems(where, doc, DOCUMENT_FIELDS)
    if problems:
        return problems
    if not DOC_ID.match(doc["id"]):
        problems.append(f"{where}: id is not a lower-case ASCII slug")
    if not doc["title"].strip():
        problems.append(f"{where}: title is empty")
    if doc["url"] != f"documents/{doc['id']}/":
        problems.append(f"{where}: url should be 'documents/{doc['id']}/', found {doc['url']!r}")
    if doc["date"] is not None and not DATE.match(doc["date"]):
        problems.append(f"{where}: date should be YYYY-MM-DD or null, found {doc['date']!r}")
    source = doc["source"]
    problems += _type_problems(f"{where} source", source, SOURCE_FIELDS)
    if problems:
        return problems
    first, last = source["first_line"], source["last_line"]
    if not 1 <= first <= last:
        problems.append(f"{where}: source lines {first}–{last} are not a range")
    for d, dropped in enumerate(doc["dropped"]):
        problems += _type_problems(f"{where} dropped[{d}]", dropped, DROPPED_FIELDS)
        if _is_int(dropped.get("line")) and not first <= dropped["line"] <= last:
            problems.append(f"{where} dropped[{d}]: line {dropped['line']} outside {first}–{last}")
        if not str(dropped.get("reason", "")).strip():
            problems.append(f"{where} dropped[{d}]: no reason given")
    by_id: dict[str, dict] = {}
    for clause in doc["clauses"]:
        cw = f"{where} clause {clause.get('id')!r}"
        found = _type_problems(cw, clause, CLAUSE_FIELDS)
        problems += found
        if not found:
            problems += _clause_problems(cw, clause, by_id, doc, theme_ids, clauses_of, first, last)
        if isinstance(clause.get("id"), str):
            by_id[clause["id"]] = clause  # its children are checked even if it is malformed
    return problems


def _clause_problems(where: str, clause: dict, earlier: dict[str, dict], doc: dict,
                     theme_ids: set, clauses_of: dict[str, set], first: int, last: int) -> list[str]:
    problems = []
    cid, parent_id = clause["id"], clause["parent"]
    if not CLAUSE_ID.match(cid):
        problems.append(f"{where}: id is not plain ASCII [A-Za-z][A-Za-z0-9_-]*")
    if cid in earlier:
        problems.append(f"{where}: id used twice in the document")
    if parent_id is None:
        if "__" in cid:
            problems.append(f"{where}: a top-level clause's id has a path")
    elif parent_id not in earlier:
        problems.append(f"{where}: parent {parent_id!r} is not an earlier clause of the document")
    elif not (cid.startswith(parent_id + "__") and "__" not in cid[len(parent_id) + 2:]):
        problems.append(f"{where}: id is not derived from its parent's id {parent_id!r}")
    if clause["level"] < 1:
        problems.append(f"{where}: level {clause['level']} < 1")
    problems += _level_problems(where, clause, earlier)
    if not clause["text"].strip():
        problems.append(f"{where}: text is empty")
    if not first <= clause["line"] <= last:
        problems.append(f"{where}: line {clause['line']} outside the document's {first}–{last}")
    for name in ("lead_units", "themes"):
        if not all(isinstance(v, str) and v for v in clause[name]):
            problems.append(f"{where}: {name} should be non-empty strings, found {clause[name]!r}")
    unknown = set(clause["themes"]) - theme_ids
    if unknown:
        problems.append(f"{where}: unknown theme(s) {sorted(unknown)}")
    for t, target in enumerate(clause["targets"]):
        problems += _type_problems(f"{where} targets[{t}]", target, TARGET_FIELDS)
    scores = []
    for s, link in enumerate(clause["similar"]):
        sw = f"{where} similar[{s}]"
        found = _type_problems(sw, link, SIMILAR_FIELDS)
        problems += found
        if found:
            continue
        scores.append(link["score"])
        if link["document"] == doc["id"]:
            problems.append(f"{sw}: names a clause of its own document")
        elif link["clause"] not in clauses_of.get(link["document"], ()):
            problems.append(f"{sw}: {link['document']}#{link['clause']} does not exist")
        if not all(isinstance(term, str) for term in link["terms"]):
            problems.append(f"{sw}: terms should be strings")
    if scores != sorted(scores, reverse=True):
        problems.append(f"{where}: similar is not ranked best first: scores {scores}")
    return problems


def _level_problems(where: str, clause: dict, earlier: dict[str, dict]) -> list[str]:
    """``level`` by numbering style (only checked where the export names the style)."""
    style = clause.get("style")
    ancestors, node = [], earlier.get(clause["parent"])
    while node is not None:
        ancestors.append(node)
        node = earlier.get(node["parent"])
    parent_level = ancestors[0].get("level") if ancestors else 0
    if not _is_int(parent_level):
        return []  # reported at the parent
    in_container = any(a.get("style") in CONTAINERS for a in ancestors)
    if style in FIXED_LEVEL and not in_container and clause["level"] != FIXED_LEVEL[style]:
        return [f"{where}: a {style} clause should be level {FIXED_LEVEL[style]}, "
                f"found {clause['level']}"]
    if style in RELATIVE and clause["level"] != parent_level + 1:
        return [f"{where}: a {style} clause should be its parent's level + 1 = "
                f"{parent_level + 1}, found {clause['level']}"]
    return []


# ---------------------------------------------------------------------------
# Against the sources


def source_lines(seeds: Path, document: dict) -> list[str]:
    """The physical lines of a document's source file, decoded as the export says it was."""
    source = document["source"]
    data = (seeds / source["file"]).read_bytes()
    encoding = codecs.lookup(source.get("encoding") or "utf-8").name
    # a stray byte of a UTF-8 source is published as U+FFFD (and listed as ``bad_byte``)
    return LINE_END.split(data.decode(encoding, errors="replace"))


def _where_chars(chars: Counter, lines: list[str], file: str, limit: int = 5) -> list[str]:
    out = []
    for ch, n in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0])):
        at = [f"{file}:{i}" for i, line in enumerate(lines, 1) if ch in line][:limit]
        out.append(f"{ch!r} (U+{ord(ch):04X}) ×{n}, found at {', '.join(at) or 'nowhere'}")
    return out


def conservation_problems(corpus: dict, seeds: Path) -> list[str]:
    """Clause texts that are not source text, and source characters not accounted for."""
    problems = []
    by_file: dict[str, list[dict]] = {}
    for doc in corpus["documents"]:
        by_file.setdefault(doc["source"]["file"], []).append(doc)
    for file, docs in sorted(by_file.items()):
        lines = source_lines(seeds, docs[0])
        published: Counter = Counter()
        places: dict[str, list[str]] = {}
        for doc in docs:
            first, last = doc["source"]["first_line"], doc["source"]["last_line"]
            stretch = squeeze("\n".join(lines[first - 1:last]))
            for clause in doc["clauses"]:
                text = squeeze(clause["text"])
                if text not in stretch:
                    problems.append(f"{file}: clause {doc['id']}#{clause['id']} text is not in "
                                    f"lines {first}–{last} of its source: {clause['text'][:60]!r}")
                published.update(text)
                for ch in set(text):
                    places.setdefault(ch, []).append(f"{doc['id']}#{clause['id']}")
            for dropped in doc["dropped"]:
                if dropped["reason"] == "bad_byte":
                    continue  # describes a byte (shown as U+FFFD in the text), not source text
                text = squeeze(dropped["text"])
                published.update(text)
                for ch in set(text):
                    places.setdefault(ch, []).append(f"{doc['id']} dropped line {dropped['line']}")
        # a file's lines are all accounted for, whether or not a document covers them
        wanted = Counter(squeeze("\n".join(lines)))
        missing, extra = wanted - published, published - wanted
        if missing:
            problems.append(f"{file}: {sum(missing.values())} source character(s) neither "
                            "published nor listed as dropped:\n    "
                            + "\n    ".join(_where_chars(missing, lines, file)))
        if extra:
            problems.append(f"{file}: {sum(extra.values())} character(s) published more often "
                            "than the source has them:\n    " + "\n    ".join(
                                f"{ch!r} (U+{ord(ch):04X}) ×{n}, in {', '.join(places[ch][:5])}"
                                for ch, n in sorted(extra.items(), key=lambda kv: (-kv[1], kv[0]))))
    return problems


def starts_on(line: str, text: str) -> bool:
    """Does ``text`` start on ``line``: is some non-empty tail of the line a start of the
    text (the text runs on to later lines), or does the text lie wholly inside the line?"""
    squeezed_line, squeezed = squeeze(line), squeeze(text)
    return any(squeezed.startswith(squeezed_line[p:]) or squeezed_line[p:].startswith(squeezed)
               for p in range(len(squeezed_line)))


def line_problems(corpus: dict, seeds: Path) -> list[str]:
    """Clauses that do not start on their ``line``; dropped texts not on theirs."""
    problems = []
    for doc in corpus["documents"]:
        lines = source_lines(seeds, doc)
        file = doc["source"]["file"]
        for clause in doc["clauses"]:
            n = clause["line"]
            if not (1 <= n <= len(lines) and starts_on(lines[n - 1], clause["text"])):
                problems.append(f"{file}:{n}: clause {doc['id']}#{clause['id']} does not start "
                                f"on this line: {clause['text'][:40]!r}")
        for dropped in doc["dropped"]:
            n = dropped["line"]
            if not (1 <= n <= len(lines) and squeeze(dropped["text"]) in squeeze(lines[n - 1])):
                problems.append(f"{file}:{n}: dropped text is not on this line: "
                                f"{dropped['text'][:40]!r}")
    return problems
