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

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Iterable, Mapping, Protocol, Sequence

import numpy as np
import scipy.sparse as sp
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
    except UnicodeDecodeError as error:
        line = Path(path).read_bytes()[: error.start].count(b"\n") + 1
        return (), [Problem(where, line, f"the theme taxonomy is not valid UTF-8 "
                                         f"(byte 0x{error.object[error.start]:02x})")]
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
    warnings: list[Problem] = []
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
                if len(keywords[-1]) == 1:
                    warnings.append(Problem(where, item.start_mark.line + 1, f"keyword "
                                            f"'{keywords[-1]}' is one character: it matches "
                                            "wherever that character occurs and moves measures "
                                            "into this theme; write a word", "warning"))
    if problems:
        return None, problems
    return Theme(values["id"], values["name"], values["scope"], tuple(keywords)), warnings


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
    units = [unit for document in documents for unit in _units(document)]
    if not themes or not units:
        return {}
    model = _Model(units, themes, segmenter, settings)
    profiles = model.profiles()
    scores = model.score_all(profiles)
    if settings.feedback_weight > 0:
        profiles = model.refine(profiles, scores)
        scores = model.score_all(profiles)
    ids = [theme.id for theme in themes]
    return {unit.ref: dict(zip(ids, row)) for unit, row in zip(units, scores.tolist())}


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
    cleaned = {clause.text: _clean(clause.text) for clause in document.clauses}  # once, not once an ancestor
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
        below = tuple(cleaned[child.text] for child in _descendants(clause.id, children))
        units.append(
            _Unit(
                ref=ClauseRef(document.id, clause.id),
                heading=heading,
                body=_body(clause, cleaned[clause.text]),
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


def _body(clause: Clause, text: str) -> str:
    """The clause's own text (``text``, annotations removed) without its marker and heading."""
    if clause.heading:
        at = text.find(clause.heading)
        if at >= 0:
            return text[at + len(clause.heading) :]
    if clause.number and text.startswith(clause.number):
        return text[len(clause.number) :]
    return text


class _Model:
    """The corpus's term vectors and the scoring; one instance per classification.

    Every vector is a row of a matrix over one vocabulary (the segmenter's tokens and the
    ``§keyword`` terms, sorted): the measures' own vectors, their heading contexts' and
    their children's are sparse matrices built once, and the theme profiles one dense
    matrix, so a scoring pass is three matrix products.
    """

    def __init__(self, units: Sequence[_Unit], themes: Sequence[Theme], segmenter: Segmenter,
                 settings: ThemeSettings):
        self.themes = tuple(themes)
        self.settings = settings
        contexts = list(dict.fromkeys(heading for unit in units for heading in unit.ancestors))
        texts = list(dict.fromkeys(
            [text for unit in units for text in (unit.heading, unit.body, *unit.children)]
            + contexts
            + [text for theme in themes for text in (_scope_text(theme), *theme.keywords)]
        ))
        self.row = {text: i for i, text in enumerate(texts)}
        keywords = list(dict.fromkeys(k for theme in self.themes for k in theme.keywords))
        self.vocabulary, self.counts = _term_counts(texts, _segment(segmenter, texts), keywords)
        self.column = {term: i for i, term in enumerate(self.vocabulary)}
        self.is_keyword = np.array([term.startswith("§") for term in self.vocabulary], dtype=bool)

        headings = self.counts[[self.row[unit.heading] for unit in units]]
        bodies = self.counts[[self.row[unit.body] for unit in units]]
        # IDF over the measures (heading and body); a term found in none gets log(1 + n) + 1
        found_in = (headings + bodies).getnnz(axis=0)
        self.idf = np.log((1 + len(units)) / (1 + found_in)) + 1

        self.vectors = _unit_rows(settings.heading_weight * self._tfidf(headings) + self._tfidf(bodies))
        self.context_vectors = _unit_rows(self._tfidf(self.counts[[self.row[text] for text in contexts]]))
        self.context_weights = _context_weights(units, {text: i for i, text in enumerate(contexts)}, settings)
        # the children's counts summed (a text found twice under a heading counts twice)
        below = sp.csr_matrix(
            (np.ones(sum(len(unit.children) for unit in units)),
             ([i for i, unit in enumerate(units) for _ in unit.children],
              [self.row[text] for unit in units for text in unit.children])),
            shape=(len(units), len(texts)),
        )
        self.children_vectors = _unit_rows(self._tfidf(below @ self.counts))

    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """``(1 + log n) · idf`` for every term counted ``n`` times in a row."""
        weights = counts.copy()
        weights.data = (1 + np.log(weights.data)) * self.idf[weights.indices]
        return weights

    def _tokens_of(self, text: str) -> np.ndarray:
        """The columns of the segmenter's tokens found in one text (keywords left out)."""
        row = self.counts[self.row[text]]
        return row.indices[~self.is_keyword[row.indices]]

    def profiles(self) -> np.ndarray:
        """One unit-length profile a theme (rows in taxonomy order, columns the vocabulary)."""
        s = self.settings
        weights = np.zeros((len(self.themes), len(self.vocabulary)))
        for i, theme in enumerate(self.themes):
            weights[i, self._tokens_of(_scope_text(theme))] += s.scope_weight
            for keyword in theme.keywords:
                weights[i, self.column["§" + keyword]] += s.keyword_weight
                weights[i, self._tokens_of(keyword)] += s.keyword_token_weight
        return _normalise(weights * self.idf)

    def score_all(self, profiles: np.ndarray) -> np.ndarray:
        """Every measure's score for every theme: its own cosine, its contexts', its children's."""
        by_term = profiles.T
        return (
            self.vectors @ by_term
            + self.context_weights @ (self.context_vectors @ by_term)
            + self.settings.children_weight * (self.children_vectors @ by_term)
        )

    def refine(self, profiles: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Add to each profile the centroid of the measures it clearly won."""
        s = self.settings
        ranked = np.sort(scores, axis=1)
        best = ranked[:, -1]
        runner_up = ranked[:, -2] if ranked.shape[1] > 1 else np.zeros_like(best)
        clear = (best > 0) & (best >= s.feedback_margin * runner_up)
        winner = scores.argmax(axis=1)  # the first best in taxonomy order
        refined = profiles.copy()
        for i in range(len(self.themes)):
            won = self.vectors[clear & (winner == i)]
            if won.shape[0]:
                centroid = np.asarray(won.sum(axis=0)).ravel() / won.shape[0]
                refined[i] = _normalise(profiles[i] + s.feedback_weight * _normalise(centroid))
        return refined


def _scope_text(theme: Theme) -> str:
    return theme.name + "。" + theme.scope


def _segment(segmenter: Segmenter, texts: list[str]) -> list[list[str]]:
    """The tokens of every text, in one batch where the segmenter can (one cache round trip)."""
    many = getattr(segmenter, "tokens_many", None)
    return many(texts) if many is not None else [segmenter.tokens(text) for text in texts]


def _term_counts(
    texts: Sequence[str], tokens: Sequence[list[str]], keywords: Sequence[str]
) -> tuple[list[str], sp.csr_matrix]:
    """The sorted vocabulary and every text's term counts (one row a text).

    Terms are the segmenter's tokens that contain a letter, digit or Han character, and
    every keyword as ``§keyword``, counted as a substring of the text (see
    ``_keyword_counts``), so a keyword is found however the segmenter cuts it.
    """
    found = list(chain.from_iterable(tokens))
    words = {token for token in set(found) if WORD_RE.search(token)}
    vocabulary = sorted(words | {"§" + keyword for keyword in keywords})
    column = dict.fromkeys(found, -1)  # a token without a word character is no term
    column.update((term, i) for i, term in enumerate(vocabulary))
    token_columns = np.fromiter(map(column.__getitem__, found), dtype=np.int64, count=len(found))
    token_rows = np.repeat(np.arange(len(texts)), [len(row) for row in tokens])
    kept = token_columns >= 0
    keyword_columns = np.array([column["§" + keyword] for keyword in keywords], dtype=np.int64)
    keyword_rows, which, hits = _keyword_counts(texts, keywords)
    counts = sp.csr_matrix(
        (np.concatenate([np.ones(kept.sum()), hits]),
         (np.concatenate([token_rows[kept], keyword_rows]),
          np.concatenate([token_columns[kept], keyword_columns[which]]))),
        shape=(len(texts), len(vocabulary)),
    )  # repeated (text, token) entries are summed
    return vocabulary, counts


def _keyword_counts(texts: Sequence[str], keywords: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(text, keyword, count) for every keyword occurring in a text, counted as ``str.count``.

    ``str.count`` counts non-overlapping occurrences, so a keyword that can overlap itself
    (``PPP`` in ``PPPP``) is recounted with it in the texts where it occurs. A keyword the
    search cannot take (one character, or holding ``\\0``) is counted with it in every text.
    """
    occurrences = _occurrences(texts, [k for k in keywords if len(k) >= 2 and "\0" not in k])
    empty = np.zeros(0, dtype=np.int64)
    rows, which, counts = [empty], [empty], [empty]
    for i, keyword in enumerate(keywords):
        if keyword in occurrences:
            found, n = np.unique(occurrences[keyword], return_counts=True)
            if _overlaps_itself(keyword):
                n = np.array([texts[row].count(keyword) for row in found], dtype=np.int64)
        else:
            n = np.array([text.count(keyword) for text in texts], dtype=np.int64)
            found = np.flatnonzero(n)
            n = n[found]
        rows.append(found)
        which.append(np.full(len(found), i, dtype=np.int64))
        counts.append(n)
    return np.concatenate(rows), np.concatenate(which), np.concatenate(counts)


def _occurrences(texts: Sequence[str], keywords: Sequence[str]) -> dict[str, np.ndarray]:
    """For every keyword (two characters or more, no ``\\0``), the text of each occurrence.

    All texts are searched at once as one array of code points, ``\\0`` between them: one
    sort gathers the positions of every keyword's first two characters, and each keyword's
    further characters are checked at its own positions only. Overlapping occurrences of
    one keyword are all listed.
    """
    if not keywords:
        return {}
    padding = max(map(len, keywords))  # so that a keyword's length past any position is in the array
    codes = np.frombuffer(("\0".join(texts) + "\0" * padding).encode("utf-32-le", "surrogatepass"),
                          dtype=np.uint32)
    starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    leads = np.flatnonzero(np.isin(codes, [ord(keyword[0]) for keyword in keywords], kind="table"))
    pairs = codes[leads].astype(np.int64) << 21 | codes[leads + 1]  # code points are below 2**21
    firsts = np.unique([ord(keyword[0]) << 21 | ord(keyword[1]) for keyword in keywords])
    slot = np.minimum(np.searchsorted(firsts, pairs), len(firsts) - 1)
    keep = firsts[slot] == pairs
    order = np.argsort(pairs[keep], kind="stable")
    positions, by_pair = leads[keep][order], pairs[keep][order]  # by pair, then position
    out = {}
    for keyword in keywords:
        first = ord(keyword[0]) << 21 | ord(keyword[1])
        at = positions[np.searchsorted(by_pair, first, "left"):np.searchsorted(by_pair, first, "right")]
        for offset in range(2, len(keyword)):
            at = at[codes[at + offset] == ord(keyword[offset])]
        out[keyword] = np.searchsorted(starts, at, "right") - 1
    return out


def _overlaps_itself(keyword: str) -> bool:
    """Whether two occurrences can overlap: a proper prefix is also a suffix (ABA, PPP)."""
    return any(keyword[:n] == keyword[-n:] for n in range(1, len(keyword)))


def _context_weights(units: Sequence[_Unit], column: Mapping[str, int], settings: ThemeSettings) -> sp.csr_matrix:
    """How much each enclosing heading counts for each measure (one row a measure).

    The parent heading counts ``parent_weight``, halving each level up; the document title,
    the last context, counts ``title_weight``. A text found at two levels counts for both.
    """
    rows, columns, weights = [], [], []
    for i, unit in enumerate(units):
        weight = settings.parent_weight
        for depth, heading in enumerate(unit.ancestors):
            is_title = depth == len(unit.ancestors) - 1
            rows.append(i)
            columns.append(column[heading])
            weights.append(settings.title_weight if is_title else weight)
            weight /= 2
    return sp.csr_matrix((weights, (rows, columns)), shape=(len(units), len(column)))


def _unit_rows(vectors: sp.csr_matrix) -> sp.csr_matrix:
    """Each row of a sparse matrix divided by its length; a zero row stays zero."""
    out = vectors.tocsr(copy=True)
    lengths = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    out.data /= np.repeat(np.where(lengths > 0, lengths, 1.0), np.diff(out.indptr))
    return out


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """A dense vector, or each row of a matrix, divided by its length; zero stays zero."""
    lengths = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.divide(vectors, lengths, out=np.zeros_like(vectors), where=lengths > 0)
