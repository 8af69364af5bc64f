"""Themes: load the taxonomy and give every measure 1–3 themes, primary first.

The classifier is a keyword-seeded vector model over the segmenter's tokens:

1. Every theme gets a profile: its keywords as whole phrases (strongest), the tokens of
   those keywords, and the tokens of its name and scope (weakest).
2. Every measure gets a TF-IDF vector built from its heading (weighted above the body) and
   its body text: the segmenter's tokens, plus every taxonomy keyword found in the text
   (as a substring, so a keyword is found however the segmenter cuts it). IDF is computed
   over all measures of the corpus, so a term found in most clauses counts for little
   and a rare, specific one for much.
3. A measure's score for a theme is the cosine of its vector with the theme profile, plus
   the scores of the headings that enclose it (the parent section, then the grandparent,
   halving each step, then the document title), plus a smaller share of its children's
   text, so that a section heading with little text of its own is read through its items.
4. The profiles are then refined once from the corpus (Rocchio): each theme's profile
   gains the mean vector of the measures it won clearly, which teaches it the corpus's
   own wording for that theme; the measures are then scored again.
5. The primary theme is the best score; other themes follow when their score is at least
   ``secondary_ratio`` of the primary's, up to three in all. Ties break by taxonomy order,
   so the output is deterministic.

Lead-unit annotations ``(牵头单位:…)`` are removed before scoring: they name departments,
not the measure's subject.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Protocol, Sequence

import numpy as np
import yaml

from build_tools.model import Clause, ClauseRef, Document, Problem, Theme

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAIN = r"(?:[^()()〈〉<>]|[((][^()()]*[))])"  # text, or one nested (…)
ANNOTATION_RE = re.compile(rf"[((〈<]{_PLAIN}*?(?:牵头|责任|配合|参加)单位{_PLAIN}*[))〉>]")
WORD_RE = re.compile(r"[\w\u3400-\u9fff]")


class Segmenter(Protocol):
    """What the classifier needs of ``build_tools.segment.Segmenter``."""

    def tokens(self, text: str) -> list[str]: ...


@dataclass(frozen=True)
class ThemeSettings:
    """How the classifier weighs its evidence; the defaults are the measured ones."""

    heading_weight: float = 2.0  # a heading token counts this many body tokens
    keyword_weight: float = 1.0  # a whole keyword phrase in a theme profile
    keyword_token_weight: float = 0.3  # one token of a keyword in a theme profile
    scope_weight: float = 0.2  # a token of the theme's name or scope
    parent_weight: float = 0.15  # enclosing section heading; halves each level up
    title_weight: float = 0.15  # the document title, the outermost context
    children_weight: float = 0.3  # text of the measures under a section heading
    feedback_weight: float = 0.5  # share of the corpus centroid added to each profile
    feedback_margin: float = 1.5  # a measure teaches its theme if it beats the runner-up by this factor
    secondary_ratio: float = 0.5  # a secondary theme scores at least this share of the primary
    max_themes: int = 3


DEFAULT_SETTINGS = ThemeSettings()

Vector = dict[str, float]


# --- the taxonomy -------------------------------------------------------------------


def load_themes(path: Path) -> tuple[tuple[Theme, ...], list[Problem]]:
    """Read a theme taxonomy; every fault is a Problem at ``path:line``.

    A theme with a fault is left out; the others are still returned.
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        return (), [Problem(where, 0, f"cannot read the theme taxonomy: {error.strerror}")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return (), [_yaml_problem(where, error)]
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        return (), [Problem(where, line, "expected a mapping with a 'themes' list")]
    fields = _mapping(root)
    node = fields.get("themes")
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        line = node.start_mark.line + 1 if node is not None else root.start_mark.line + 1
        return (), [Problem(where, line, "expected 'themes:' to be a non-empty list of themes")]
    themes: list[Theme] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for item in node.value:
        theme, faults = _theme(item, where)
        problems.extend(faults)
        if theme is None:
            continue
        line = item.start_mark.line + 1
        if theme.id in seen:
            problems.append(Problem(where, line, f"theme id {theme.id!r} already used at line {seen[theme.id]}"))
            continue
        seen[theme.id] = line
        themes.append(theme)
    return tuple(themes), problems


def _yaml_problem(where: str, error: yaml.YAMLError) -> Problem:
    """The parser's complaint at its line, with the construct it was reading if any."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    message = f"invalid YAML: {getattr(error, 'problem', None) or error}"
    context, opened = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and opened is not None and opened is not mark:
        message += f" ({context} at line {opened.line + 1})"
    return Problem(where, mark.line + 1 if mark else 0, message)


def _mapping(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _theme(node: yaml.Node, where: str) -> tuple[Theme | None, list[Problem]]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(where, line, "expected a theme mapping with id, name, scope, keywords")]
    fields = _mapping(node)
    problems: list[Problem] = []
    values: dict[str, str] = {}
    for name in ("id", "name", "scope"):
        value = fields.get(name)
        if not isinstance(value, yaml.ScalarNode) or not value.value.strip():
            at = value.start_mark.line + 1 if value is not None else line
            problems.append(Problem(where, at, f"theme needs a non-empty text '{name}'"))
        else:
            values[name] = value.value.strip()
    if "id" in values and not ID_RE.match(values["id"]):
        at = fields["id"].start_mark.line + 1
        problems.append(Problem(where, at, f"theme id {values['id']!r} is not lower-case ASCII (a-z, 0-9, _)"))
    keywords: list[str] = []
    value = fields.get("keywords")
    if not isinstance(value, yaml.SequenceNode) or not value.value:
        at = value.start_mark.line + 1 if value is not None else line
        problems.append(Problem(where, at, "theme needs a non-empty 'keywords' list"))
    else:
        for item in value.value:
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
                problems.append(Problem(where, item.start_mark.line + 1, "a keyword must be non-empty text"))
            elif item.value.strip() not in keywords:
                keywords.append(item.value.strip())
    if problems:
        return None, problems
    return Theme(values["id"], values["name"], values["scope"], tuple(keywords)), []


# --- the classifier -----------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One heading clause, ready to score: its fields and where it sits."""

    ref: ClauseRef
    heading: str
    body: str
    ancestors: tuple[str, ...]  # enclosing headings, nearest first, then the title
    children: tuple[str, ...]  # own texts of the clauses below it, in reading order


def classify(
    documents: Sequence[Document],
    themes: Sequence[Theme],
    segmenter: Segmenter,
    settings: ThemeSettings = DEFAULT_SETTINGS,
) -> dict[ClauseRef, tuple[str, ...]]:
    """Give every measure (``Clause.kind == "heading"``) 1–3 theme ids, primary first."""
    scores = score(documents, themes, segmenter, settings)
    order = {theme.id: rank for rank, theme in enumerate(themes)}
    return {ref: choose(row, order, settings) for ref, row in scores.items()}


def score(
    documents: Sequence[Document],
    themes: Sequence[Theme],
    segmenter: Segmenter,
    settings: ThemeSettings = DEFAULT_SETTINGS,
) -> dict[ClauseRef, dict[str, float]]:
    """Every measure's score for every theme (see the module docstring)."""
    if not themes:
        return {}
    units = [unit for document in documents for unit in _units(document)]
    model = _Model(themes, segmenter, settings)
    model.prepare(
        [text for unit in units for text in (unit.heading, unit.body, *unit.ancestors, *unit.children)]
        + [text for theme in themes for text in (theme.name + "。" + theme.scope, *theme.keywords)]
    )
    model.fit_idf(units)
    profiles = model.profiles()
    scores = model.score_all(units, profiles)
    if settings.feedback_weight > 0:
        profiles = model.refine(units, profiles, scores)
        scores = model.score_all(units, profiles)
    return scores


def choose(row: Mapping[str, float], order: Mapping[str, int], settings: ThemeSettings) -> tuple[str, ...]:
    """The primary theme, then those scoring a sufficient share of it, at most ``max_themes``."""
    ranked = sorted(row, key=lambda theme: (-row[theme], order[theme]))
    best = row[ranked[0]]
    if best <= 0:
        return (ranked[0],)
    chosen = [ranked[0]]
    for theme in ranked[1 : settings.max_themes]:
        if row[theme] >= settings.secondary_ratio * best:
            chosen.append(theme)
    return tuple(chosen)


def _units(document: Document) -> list[_Unit]:
    by_id = {clause.id: clause for clause in document.clauses}
    children: dict[str, list[Clause]] = defaultdict(list)
    for clause in document.clauses:
        if clause.parent is not None:
            children[clause.parent].append(clause)
    units = []
    for clause in document.clauses:
        if clause.kind != "heading":
            continue
        heading = clause.heading or ""
        ancestors = []
        parent = by_id.get(clause.parent) if clause.parent else None
        while parent is not None:
            ancestors.append(parent.heading or "")
            parent = by_id.get(parent.parent) if parent.parent else None
        ancestors.append(document.title)
        below = tuple(_clean(child.text) for child in _descendants(clause.id, children))
        units.append(
            _Unit(
                ref=ClauseRef(document.id, clause.id),
                heading=heading,
                body=_body(clause),
                ancestors=tuple(ancestors),
                children=below,
            )
        )
    return units


def _descendants(clause_id: str, children: Mapping[str, list[Clause]]) -> Iterable[Clause]:
    for child in children.get(clause_id, ()):
        yield child
        yield from _descendants(child.id, children)


def _clean(text: str) -> str:
    return ANNOTATION_RE.sub(" ", text)


def _body(clause: Clause) -> str:
    """The clause's own text without its marker and heading."""
    text = _clean(clause.text)
    if clause.heading:
        at = text.find(clause.heading)
        if at >= 0:
            return text[at + len(clause.heading) :]
    if clause.number and text.startswith(clause.number):
        return text[len(clause.number) :]
    return text


class _Model:
    """Term weights, theme profiles and scoring; one instance per classification."""

    def __init__(self, themes: Sequence[Theme], segmenter: Segmenter, settings: ThemeSettings):
        self.themes = tuple(themes)
        self.segmenter = segmenter
        self.settings = settings
        self._cache: dict[str, Counter[str]] = {}
        self.keywords = tuple(dict.fromkeys(k for theme in self.themes for k in theme.keywords))
        self._keyword_order = {k: i for i, k in enumerate(self.keywords)}
        self._keywords_by_pair: dict[str, list[str]] = defaultdict(list)
        for keyword in self.keywords:
            if len(keyword) >= 2:
                self._keywords_by_pair[keyword[:2]].append(keyword)
        self._short_keywords = {k for k in self.keywords if len(k) < 2}
        self.idf: dict[str, float] = {}
        self.default_idf = 1.0
        self._unit_vectors: dict[ClauseRef, Vector] = {}
        self._children_vectors: dict[ClauseRef, Vector] = {}

    def _tokens(self, text: str) -> list[str]:
        return [token for token in self.segmenter.tokens(text) if WORD_RE.search(token)]

    def prepare(self, texts: Iterable[str]) -> None:
        """Segment many texts at once where the segmenter can (one cache round trip)."""
        todo = [text for text in dict.fromkeys(texts) if text not in self._cache]
        many = getattr(self.segmenter, "tokens_many", None)
        if many is None or not todo:
            return
        for text, tokens in zip(todo, many(todo)):
            self._cache[text] = self._count(text, [t for t in tokens if WORD_RE.search(t)])

    def terms(self, text: str) -> Counter[str]:
        """Token counts plus whole-keyword counts (``§keyword``, found as substrings) for one text."""
        if text not in self._cache:
            self._cache[text] = self._count(text, self._tokens(text))
        return self._cache[text]

    def _count(self, text: str, tokens: list[str]) -> Counter[str]:
        counts: Counter[str] = Counter(tokens)
        # only keywords whose first two characters occur in the text can occur in it
        pairs = {text[i:i + 2] for i in range(len(text) - 1)}
        candidates = [k for pair in pairs for k in self._keywords_by_pair.get(pair, ())]
        for keyword in sorted(set(candidates) | self._short_keywords, key=self._keyword_order.__getitem__):
            hits = text.count(keyword)
            if hits:
                counts["§" + keyword] = hits
        return counts

    def fit_idf(self, units: Sequence[_Unit]) -> None:
        df: Counter[str] = Counter()
        for unit in units:
            df.update(set(self.terms(unit.heading)) | set(self.terms(unit.body)))
        n = len(units)
        self.idf = {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}
        self.default_idf = math.log(1 + n) + 1

    def vector(self, counts: Mapping[str, int], weight: float = 1.0) -> Vector:
        return {
            term: weight * (1 + math.log(n)) * self.idf.get(term, self.default_idf) for term, n in counts.items()
        }

    def profiles(self) -> dict[str, Vector]:
        s = self.settings
        out = {}
        for theme in self.themes:
            profile: Vector = defaultdict(float)
            for term, n in self.terms(theme.name + "。" + theme.scope).items():
                if not term.startswith("§"):
                    profile[term] += s.scope_weight * self.idf.get(term, self.default_idf)
            for keyword in theme.keywords:
                profile["§" + keyword] += s.keyword_weight * self.idf.get("§" + keyword, self.default_idf)
                for token in set(self._tokens(keyword)):
                    profile[token] += s.keyword_token_weight * self.idf.get(token, self.default_idf)
            out[theme.id] = _normalise(profile)
        return out

    def unit_vector(self, unit: _Unit) -> Vector:
        if unit.ref not in self._unit_vectors:  # the same in both scoring passes
            heading = self.vector(self.terms(unit.heading), self.settings.heading_weight)
            self._unit_vectors[unit.ref] = _normalise(_add(heading, self.vector(self.terms(unit.body))))
        return self._unit_vectors[unit.ref]

    def children_vector(self, unit: _Unit) -> Vector:
        if unit.ref not in self._children_vectors:
            counts: Counter[str] = Counter()
            for text in unit.children:
                counts.update(self.terms(text))
            self._children_vectors[unit.ref] = _normalise(self.vector(counts))
        return self._children_vectors[unit.ref]

    def score_all(self, units: Sequence[_Unit], profiles: Mapping[str, Vector]) -> dict[ClauseRef, dict[str, float]]:
        s = self.settings
        themes, table = _profile_table(profiles)
        contexts: dict[str, np.ndarray] = {}  # an ancestor heading is shared by many measures
        out = {}
        for unit in units:
            row = _theme_dots(self.unit_vector(unit), table, len(themes))
            weight = s.parent_weight
            for depth, heading in enumerate(unit.ancestors):
                is_title = depth == len(unit.ancestors) - 1
                w = s.title_weight if is_title else weight
                if heading not in contexts:
                    contexts[heading] = _theme_dots(_normalise(self.vector(self.terms(heading))),
                                                    table, len(themes))
                row = row + w * contexts[heading]
                weight /= 2
            if unit.children:
                row = row + s.children_weight * _theme_dots(self.children_vector(unit), table, len(themes))
            out[unit.ref] = dict(zip(themes, row.tolist()))
        return out

    def refine(
        self,
        units: Sequence[_Unit],
        profiles: Mapping[str, Vector],
        scores: Mapping[ClauseRef, Mapping[str, float]],
    ) -> dict[str, Vector]:
        """Add to each profile the centroid of the measures it clearly won."""
        s = self.settings
        won: dict[str, list[Vector]] = defaultdict(list)
        for unit in units:
            row = scores[unit.ref]
            ranked = sorted(row.values(), reverse=True)
            best = max(row, key=lambda theme: row[theme])
            if ranked[0] > 0 and (len(ranked) < 2 or ranked[0] >= s.feedback_margin * ranked[1]):
                won[best].append(self.unit_vector(unit))
        refined = {}
        for theme, profile in profiles.items():
            if not won[theme]:
                refined[theme] = dict(profile)
                continue
            centroid: Vector = defaultdict(float)
            for vec in won[theme]:
                for term, value in vec.items():
                    centroid[term] += value / len(won[theme])
            refined[theme] = _normalise(_add(profile, _scaled(_normalise(centroid), s.feedback_weight)))
        return refined


def _add(a: Mapping[str, float], b: Mapping[str, float]) -> Vector:
    out = dict(a)
    for term, value in b.items():
        out[term] = out.get(term, 0.0) + value
    return out


def _scaled(a: Mapping[str, float], factor: float) -> Vector:
    return {term: value * factor for term, value in a.items()}


def _normalise(a: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(value * value for value in a.values()))
    return {term: value / norm for term, value in a.items()} if norm else {}


def _profile_table(profiles: Mapping[str, Vector]) -> tuple[list[str], dict[str, np.ndarray]]:
    """Theme ids, and for every profile term its weight in each theme (one array a term)."""
    themes = list(profiles)
    table: dict[str, np.ndarray] = {}
    for i, theme in enumerate(themes):
        for term, value in profiles[theme].items():
            if term not in table:
                table[term] = np.zeros(len(themes))
            table[term][i] = value
    return themes, table


def _theme_dots(vector: Mapping[str, float], table: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """The dot product of ``vector`` with every theme profile at once."""
    out = np.zeros(n)
    for term, value in vector.items():
        weights = table.get(term)
        if weights is not None:
            out += value * weights
    return out
