"""The glossary of policy language: load ``glossary.yml``, find its terms in text.

``glossary.yml`` is a YAML list of entries::

    - term: 八八战略                      # the form marked on pages
      aliases: [“四大”建设, 双随机一公开]   # optional: other spellings found in sources
      definition: >-                      # Markdown for the public, no raw HTML
        浙江省的总体发展战略……
      origin: 2003年7月中共浙江省委十一届四次全会提出。

Guarantees of :func:`load_glossary`:

- every fault is a :class:`Problem` at ``path:line`` (the line of the YAML error, of the
  entry, or of the offending value); an entry with a fault is left out, the rest load;
- a definition's Markdown passes ``safe_markup.markdown_faults`` (only http(s), mailto and
  relative links; no attributes, ids or raw HTML), else the entry is left out;
- no two entries share a surface form (term or alias, compared after NFKC), so a match
  in text names exactly one entry;
- entries come back sorted by term, whatever the order in the file.

:func:`find_terms` marks non-overlapping occurrences in a clause text, longest first;
:func:`candidate_terms` lists quoted phrases (“…”) that have no entry yet, for editors.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from build_tools.model import GlossaryEntry, Problem
from build_tools.safe_markup import markdown_faults

REQUIRED = ("term", "definition", "origin")
FIELDS = ("term", "aliases", "definition", "origin")

# A tag, a closing tag, a comment or a declaration: raw HTML, which definitions must not carry.
_RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?\s*>|<!--|<![A-Za-z]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_QUOTED = re.compile(f"“([{_HAN}]{{2,8}})”")
_QUOTES = "“”‘’\"'「」『』"


def load_glossary(path: Path) -> tuple[tuple[GlossaryEntry, ...], list[Problem]]:
    """Read a glossary file; every fault is a Problem at ``path:line``.

    A missing or unreadable file is one Problem at line 0. An empty file is an empty
    glossary with a warning.
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        return (), [Problem(where, 0, f"cannot read the glossary: {error.strerror}")]
    except UnicodeDecodeError as error:
        line = _line_of_byte(Path(path).read_bytes(), error.start)
        return (), [Problem(where, line, "the glossary is not valid UTF-8")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(error, "problem", None) or str(error)
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark and context_mark is not mark:
            reason = f"{reason} ({context} at line {context_mark.line + 1})"
        return (), [Problem(where, line, f"invalid YAML: {reason}")]
    if root is None:
        return (), [Problem(where, 1, "the glossary is empty", "warning")]
    if not isinstance(root, yaml.SequenceNode):
        return (), [Problem(where, _line(root), "expected a list of entries (- term: …)")]

    entries: list[GlossaryEntry] = []
    problems: list[Problem] = []
    owners: dict[str, tuple[str, int, int]] = {}  # _key(surface) -> (term, line, position)
    for position, node in enumerate(root.value):
        entry, faults = _entry(node, where)
        problems.extend(faults)
        if entry is None:
            continue
        line = _line(node)
        clash = _claim_surfaces(entry, line, position, owners, where)
        if clash:
            problems.extend(clash)
            continue
        entries.append(entry)
        for surface in (entry.term, *entry.aliases):
            if len(surface) == 1:
                problems.append(Problem(where, line, f"'{surface}' is one character: it would be "
                                        "marked wherever that character occurs; write the word "
                                        "it belongs to", "warning"))
    entries.sort(key=lambda entry: entry.term)
    problems.sort(key=lambda problem: (problem.line, problem.message))
    return tuple(entries), problems


def _line_of_byte(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _entry(node: yaml.Node, where: str) -> tuple[GlossaryEntry | None, list[Problem]]:
    """One entry from its mapping node, or None with the reasons."""
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(where, line, "expected an entry mapping with term, definition, origin")]
    problems: list[Problem] = []

    def report(at: yaml.Node | int, message: str) -> None:
        problems.append(Problem(where, at if isinstance(at, int) else _line(at), message))

    fields: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in FIELDS:
            report(key, f"unknown field {name!r} (expected one of: {', '.join(FIELDS)})")
        elif name in fields:
            report(key, f"field '{name}' given twice (first at line {_line(fields[name])})")
        else:
            fields[name] = value
    values: dict[str, str] = {}
    term = _scalar(fields.get("term"))
    label = f"entry '{term}'" if term else "entry"
    for name in REQUIRED:
        value = fields.get(name)
        text = _scalar(value)
        if value is None:
            report(line, f"{label} has no '{name}'")
        elif not text:
            report(value, f"{label}: '{name}' must be non-empty text")
        else:
            values[name] = text
    for name in ("definition", "origin"):
        if name in values and _RAW_HTML.search(values[name]):
            report(fields[name], f"{label}: raw HTML in '{name}'; write Markdown")
    if "definition" in values and not problems:
        for fault in markdown_faults(values["definition"]):
            report(fields["definition"], f"{label}: {fault}")
    aliases, alias_problems = _aliases(fields.get("aliases"), values.get("term"), label, where)
    problems.extend(alias_problems)
    if problems:
        return None, problems
    entry = GlossaryEntry(
        term=values["term"],
        definition=values["definition"],
        origin=values["origin"],
        aliases=aliases,
    )
    return entry, []


def _scalar(node: yaml.Node | None) -> str | None:
    """The stripped text of a scalar node (as written: 811 stays '811'), else None."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return node.value.strip()


def _aliases(
    node: yaml.Node | None, term: str | None, label: str, where: str
) -> tuple[tuple[str, ...], list[Problem]]:
    if node is None:
        return (), []
    if not isinstance(node, yaml.SequenceNode):
        message = f"{label}: 'aliases' must be a list, e.g. [别名一, 别名二]"
        return (), [Problem(where, _line(node), message)]
    aliases: list[str] = []
    problems: list[Problem] = []
    for item in node.value:
        text = _scalar(item)
        if not text:
            problems.append(Problem(where, _line(item), f"{label}: an alias must be non-empty text"))
        elif _fold(text) in {_fold(form) for form in (term or "", *aliases)}:
            message = f"{label}: alias '{text}' repeats the term or another alias"
            problems.append(Problem(where, _line(item), message))
        else:
            aliases.append(text)
    return tuple(aliases), problems


def _claim_surfaces(
    entry: GlossaryEntry,
    line: int,
    position: int,
    owners: dict[str, tuple[str, int, int]],
    where: str,
) -> list[Problem]:
    """Register the entry's term and aliases; a form another entry owns is a Problem.

    Forms are compared by :func:`_key`, so ``双随机一公开`` and ``双随机、一公开`` are the
    same term: spell one as the other's alias instead.
    """
    problems = []
    for surface in (entry.term, *entry.aliases):
        owner = owners.get(_key(surface))
        if owner is None or owner[2] == position:
            continue
        kind = "term" if surface == entry.term else "alias"
        message = f"duplicate {kind} '{surface}': already used by entry '{owner[0]}' at line {owner[1]}"
        problems.append(Problem(where, line, message))
    if not problems:
        for surface in (entry.term, *entry.aliases):
            owners.setdefault(_key(surface), (entry.term, line, position))
    return problems


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _key(text: str) -> str:
    """NFKC without punctuation and spaces: the identity of a term for duplicate checks."""
    return "".join(char for char in _fold(text) if unicodedata.category(char)[0] not in "PZ")


# ------------------------------------------------------------------- finding terms in text


_MATCHERS: dict[int, tuple[Sequence[GlossaryEntry], tuple]] = {}


def _matcher(entries: Sequence[GlossaryEntry]) -> tuple[re.Pattern, dict[str, tuple[tuple[str, GlossaryEntry], ...]]]:
    """``_surfaces`` of a glossary, remembered by the glossary object (the same tuple is
    passed for every clause; hashing its entries each time would cost more than the
    search)."""
    known = _MATCHERS.get(id(entries))
    if known is None or known[0] is not entries:
        if len(_MATCHERS) >= 8:
            _MATCHERS.clear()
        known = _MATCHERS[id(entries)] = (entries, _surfaces(entries))
    return known[1]


def _surfaces(entries: Sequence[GlossaryEntry]) -> tuple[re.Pattern, dict[str, tuple[tuple[str, GlossaryEntry], ...]]]:
    """Every searchable form of every entry (as written and NFKC), grouped by its first
    two characters, and a pattern that finds the places where some form may start."""
    forms: dict[str, GlossaryEntry] = {}
    for entry in entries:
        for surface in (entry.term, *entry.aliases):
            for form in (surface, _fold(surface)):
                if form:
                    forms.setdefault(form, entry)
    by_prefix: dict[str, list[tuple[str, GlossaryEntry]]] = {}
    for form, entry in sorted(forms.items()):
        by_prefix.setdefault(form[:2], []).append((form, entry))
    firsts = sorted({prefix[0] for prefix in by_prefix})
    starts = re.compile("[" + "".join(map(re.escape, firsts)) + "]" if firsts else "(?!)")
    return starts, {prefix: tuple(group) for prefix, group in by_prefix.items()}


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def find_terms(text: str, entries: Sequence[GlossaryEntry]) -> list[tuple[int, int, GlossaryEntry]]:
    """Non-overlapping ``(start, end, entry)`` occurrences in ``text``, in text order.

    Longer matches win over shorter ones they overlap (``海内外英才计划`` beats
    ``英才计划``); among equally long overlapping matches the earlier one wins. A form
    that starts or ends with an ASCII letter or digit does not match inside a longer
    ASCII word or number (``811`` is not found in ``2811``).
    """
    starts, by_prefix = _matcher(entries)
    found: list[tuple[int, int, GlossaryEntry]] = []
    for match in starts.finditer(text):
        start = match.start()
        forms = by_prefix.get(text[start:start + 2], ()) + by_prefix.get(text[start], ())
        for surface, entry in forms:
            if not text.startswith(surface, start):
                continue
            end = start + len(surface)
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            glued_before = _ascii_word(surface[0]) and _ascii_word(before)
            glued_after = _ascii_word(surface[-1]) and _ascii_word(after)
            if not (glued_before or glued_after):
                found.append((start, end, entry))
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0], hit[2].term))
    taken = [False] * len(text)
    chosen = []
    for start, end, entry in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        chosen.append((start, end, entry))
    chosen.sort(key=lambda hit: hit[0])
    return chosen


def candidate_terms(texts: Iterable[str], entries: Sequence[GlossaryEntry]) -> list[tuple[str, int]]:
    """Quoted phrases “…” of 2–8 Han characters with no entry, most frequent first.

    A phrase has an entry when it equals a term or an alias (quotes removed, NFKC), or
    when the occurrence lies inside a span :func:`find_terms` marks (“英才” in the alias
    “英才”计划). Ties are broken by the phrase itself, so the list is deterministic.
    """
    entries = tuple(entries)
    known = set()
    for entry in entries:
        for surface in (entry.term, *entry.aliases):
            known.add(_fold(surface))
            known.add(_fold(surface.strip(_QUOTES)))
    counts: Counter[str] = Counter()
    for text in texts:
        spans = None
        for match in _QUOTED.finditer(text):
            phrase = match.group(1)
            if _fold(phrase) in known:
                continue
            if spans is None:
                spans = [(start, end) for start, end, _ in find_terms(text, entries)]
            if any(start <= match.start(1) and match.end(1) <= end for start, end in spans):
                continue
            counts[phrase] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
