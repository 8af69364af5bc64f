"""Sidecars: ``<source>.yml`` overrides what is detected (title, issuer, date …).

A sidecar is checked against a JSON Schema (``SCHEMA``, validated by ``jsonschema``) before
any of it is used: a value of the wrong type (``title: [甲, 乙]``, ``title: null``), a date
that is not one (``date: "20"``), a URL that is not http(s), an unknown status is an error at
its ``file:line`` and that field is ignored (the detected value stays); the other fields
still apply. Unknown keys are a warning at their line.

YAML is read without aliases (``&a`` / ``*a``: an alias bomb is refused at its line, never
expanded) and without implicit timestamps (``date: 2006-13-45`` is a string to check, not a
crash), so every value reaches the schema as written.

Besides the per-document fields, a sidecar may carry two maps that keep published URLs
valid (see the README, "Stable, citable anchors"):

* ``ids:`` — 文号 or title of a document in this file → its document id;
* ``aliases:`` — document id → {old clause id: current clause id}.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import jsonschema
import yaml

from ..model import Problem, SourceDocument
from ..numerals import CN_NUMERAL, parse_date

_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_CLAUSE_ID = r"^[a-z][a-z0-9_]*$"
STATUSES = ("有效", "已废止", "已修改", "失效")


def _text(what: str) -> dict:
    return {"type": "string", "minLength": 1, "pattern": r"\S", "description": what}


#: One document's fields.
ENTRY_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": _SLUG,
               "description": "a lower-case ASCII slug (a-z, 0-9, -)"},
        "title": _text("a non-empty title"),
        "issuer": _text("a non-empty issuer name"),
        "date": {"type": ["string", "integer"], "format": "policy-date",
                 "description": "a date such as 2006-09-01, 2006年9月1日 or 二〇〇六年九月一日"},
        "number": _text("a non-empty 文号"),
        "source_url": {"type": "string", "pattern": r"^https?://\S+$",
                       "description": "an http(s) URL"},
        "region": _text("a non-empty place name"),
        "subtitle": _text("a non-empty subtitle"),
        "supersedes": {"type": "string", "pattern": _SLUG,
                       "description": "the document id of the edition replaced"},
        "status": {"enum": list(STATUSES), "description": "one of " + "、".join(STATUSES)},
    },
}
SIDECAR_FIELDS = frozenset(ENTRY_SCHEMA["properties"])
#: The file's own keys, beside a document's fields or ``documents:``.
FILE_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "documents": {"type": "array", "description": "a list of mappings, one a document"},
        "ids": {"type": "object", "additionalProperties": {"type": "string", "pattern": _SLUG},
                "description": "文号 or title → a lower-case ASCII document id"},
        "aliases": {"type": "object",
                    "additionalProperties": {"type": "object", "additionalProperties":
                                             {"type": "string", "pattern": _CLAUSE_ID}},
                    "description": "document id → {old clause id: clause id}"},
    },
}
FILE_KEYS = frozenset(FILE_SCHEMA["properties"])

_FORMATS = jsonschema.FormatChecker(formats=())
_DATE_CHARS = re.compile(rf"^[0-9０-９{CN_NUMERAL}年月日\-./\s]+$")
_MONTH = re.compile(r"^(?P<y>[0-9]{4})[-./](?P<m>[0-9]{1,2})$")
_YEAR = re.compile(rf"^(?P<y>[0-9]{{4}}|[{CN_NUMERAL}]{{4}}年|[0-9]{{4}}年)$")


def sidecar_date(value: object) -> str | None:
    """A sidecar's date as ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY``; None if it is not a date."""
    text = str(value).strip()
    if not _DATE_CHARS.match(text):
        return None
    year = _YEAR.match(text)
    if year:
        digits = year.group("y").rstrip("年")
        number = int(digits) if digits.isdigit() else int(parse_date(digits + "年1月")[:4])
        return f"{number:04d}" if 1900 <= number <= 2100 else None
    month = _MONTH.match(text)
    if month:
        return parse_date(f"{month.group('y')}年{month.group('m')}月")
    return parse_date(text)


@_FORMATS.checks("policy-date")
def _is_date(value: object) -> bool:
    return sidecar_date(value) is not None


_VALIDATORS = {name: jsonschema.Draft202012Validator(schema, format_checker=_FORMATS)
               for name, schema in (("entry", ENTRY_SCHEMA), ("file", FILE_SCHEMA))}


class _Loader(yaml.SafeLoader):
    """Safe YAML without aliases and without implicit timestamps."""

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a "
                                              "sidecar", event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass
class Entry:
    """One document's checked fields (strings), and the line of the entry."""

    fields: dict[str, str]
    line: int


@dataclass
class Sidecar:
    entries: list[Entry] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # 文号 / title → document id
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)


def _line_of(node: yaml.Node, path: list) -> int:
    """The line of the value at ``path`` (keys and indexes) under ``node``."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == step), None)
            if found is None:
                break
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node.start_mark.line + 1


def _check(name: str, validator: str, data: dict, node: yaml.Node,
           schema: dict) -> tuple[set[str], list[Problem]]:
    """Schema errors as ``file:line`` problems; returns the top-level keys that failed."""
    bad: set[str] = set()
    problems = []
    errors = sorted(_VALIDATORS[validator].iter_errors(data), key=lambda e: list(map(str, e.path)))
    for error in errors:
        path = list(error.path)
        key = str(path[0]) if path else ""
        if key in bad:
            continue
        bad.add(key)
        what = schema["properties"].get(key, {}).get("description", "a valid value")
        value = error.instance
        shown = "null" if value is None else repr(value) if not isinstance(value, str) else f"'{value}'"
        problems.append(Problem(name, _line_of(node, path), f"{key}: expected {what}, got {shown}; "
                                                            "the field is ignored"))
    return bad, problems


def load_sidecar(path: Path) -> tuple[Sidecar, list[Problem]]:
    """Read ``<source>.yml``: a mapping, or ``documents:`` a list of mappings (one a document)."""
    if not path.exists():
        return Sidecar(), []
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Sidecar(), [Problem(name, line, f"invalid YAML: {reason}")]
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        return Sidecar(), [Problem(name, line, "sidecar is not UTF-8 "
                                               f"(byte 0x{exc.object[exc.start]:02x})")]
    except OSError as exc:
        return Sidecar(), [Problem(name, 0, f"cannot read the sidecar: {exc.strerror}")]
    if root is None:
        return Sidecar(), []
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader without aliases)
    if not isinstance(data, dict):
        return Sidecar(), [Problem(name, root.start_mark.line + 1, "expected a mapping of fields, "
                                   "or 'documents:' with a list of mappings")]
    bad, problems = _check(name, "file", {k: v for k, v in data.items() if k in FILE_KEYS},
                           root, FILE_SCHEMA)
    sidecar = Sidecar(ids={} if "ids" in bad else {_key(k): v for k, v in (data.get("ids") or {}).items()},
                      aliases={} if "aliases" in bad else dict(data.get("aliases") or {}))
    if "documents" in data:
        entries = data["documents"] if "documents" not in bad else []
        own = {k: v for k, v in data.items() if k not in FILE_KEYS}
        if own:
            problems.append(Problem(name, _line_of(root, [next(iter(own))]), "fields beside "
                                    "'documents:' are ignored; put them in an entry", "warning"))
        seq = next((v for k, v in root.value if k.value == "documents"), None)
        items = [(e, seq.value[i] if isinstance(seq, yaml.SequenceNode) else root)
                 for i, e in enumerate(entries)]
    else:
        items = [({k: v for k, v in data.items() if k not in FILE_KEYS}, root)]
    for entry, node in items:
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(Problem(name, line, "expected a mapping of fields for a document"))
            sidecar.entries.append(Entry({}, line))
            continue
        for key in entry:
            if key not in SIDECAR_FIELDS:
                problems.append(Problem(name, _line_of(node, [key]), f"unknown field {key!r} is "
                                        f"ignored; expected one of {', '.join(sorted(SIDECAR_FIELDS))}",
                                        "warning"))
        known = {k: v for k, v in entry.items() if k in SIDECAR_FIELDS}
        failed, found = _check(name, "entry", known, node, ENTRY_SCHEMA)
        problems.extend(found)
        fields = {k: str(v) for k, v in known.items() if k not in failed}
        if "date" in fields:
            fields["date"] = sidecar_date(fields["date"])
        sidecar.entries.append(Entry(fields, line))
    return sidecar, problems


def _key(text: object) -> str:
    """How a 文号 or title is compared: without white space and punctuation, NFKC."""
    from .ids import normalise

    return normalise(str(text))


def apply_sidecar(doc: SourceDocument, fields: dict) -> SourceDocument:
    changes = {k: v for k, v in fields.items() if k in SIDECAR_FIELDS and k != "id"}
    if fields.get("id"):
        changes["slug"] = fields["id"]
    return replace(doc, **changes)


_SLUG_OK = re.compile(_SLUG)
