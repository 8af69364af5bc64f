"""Similar measures across documents: which measures of *other* documents do the same thing.

``link(documents, segmenter, settings)`` returns, for every linkable clause, up to
``top_k`` similar clauses of other documents, best first, each with its score and the key
terms the two share (the reason a reader is shown). A clause with nothing really similar
gets no entry: lists are never padded.

The model, in order:

1. **Units** (``linkable_units``). A heading clause is linked when it has text of its own
   beyond its heading, or when it is a leaf of the outline (a measure stated in one
   sentence). A heading with no text of its own whose children are all enumeration items
   (一是…, ——…) is measured by those items. Headings that only group other measures are
   not linked.
2. **Terms** (``unit_terms``). Content terms from :class:`~build_tools.segment.Segmenter`
   (boilerplate, places and masks already removed). A long term also counts its
   dictionary parts (总部经济 → 总部, 经济) at ``subword_weight``, so related compounds
   meet. Heading terms count ``heading_weight`` more: a heading names what the measure
   does. A unit with fewer than ``short_terms`` terms borrows its parent heading's terms
   at ``context_weight``.
3. **Weights** (``vectorize``). scikit-learn TF-IDF: log-scaled counts, smoothed idf over
   the units of the corpus, L2 norm; terms used by fewer than ``min_df`` units are
   dropped (they can never be shared, and would only dilute the norm). With
   ``char_weight`` > 0, character n-grams of the content terms are joined in, so the
   score is ``(1 - char_weight) * word cosine + char_weight * character cosine``.
4. **Candidates, blocked** (``candidate_pairs``). Each unit looks for partners through
   its ``query_terms`` most weighted terms; each term reaches the ``postings`` units in
   which it weighs most (an impact-ordered, truncated inverted index). The sparse product
   of the two is taken a block of rows at a time, a block holding as many rows as keep
   it under ``block_budget`` entries: never a dense N x N, and work per unit is bounded
   whatever the size of the archive. Each unit keeps its ``candidates`` best partners in
   other documents; pairs are made symmetric, then scored exactly with every term.
   On a corpus whose terms all have fewer than ``postings`` users and whose units have
   at most ``query_terms`` terms this is exhaustive.
5. **Threshold and ranking** (``assemble``). Candidate pairs are scored a chunk at a
   time from their termwise products (whose entries are also the shared terms). A link
   needs score >= ``min_score`` and at least ``min_shared`` shared terms (a part is
   folded into the longer shared term it comes from), so one or two shared words (平台,
   公共服务) never make a link. Links are sorted by score, ties by (document, clause) id,
   and cut at ``top_k``. Scores are cosines, the same from both ends, so two measures
   that rank each other show the same score and the same terms on both pages.

Calibration (``LinkSettings`` defaults, measured on ``tests/fixtures/links-dev.yaml``):
``min_score`` and ``min_shared`` are the loosest values at which at most one judged hard
negative in ten is shown and precision among judged shown links stays >= 0.95; looser
values show more hard negatives, stricter ones lose judged links without removing any.
The weights were chosen by recall@5 on the same sample, among values a reader can
explain (parts count like words, a heading counts twice); character n-grams
(``char_weight``) did not measurably improve it and are off.

Everything is deterministic: vocabularies are sorted and ties are broken by id.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from .model import Clause, ClauseRef, Document, Similar
from .segment import Segmenter

ENUMERATION_STYLES = frozenset({"yishi", "ordinal", "lead_dash"})


@dataclass(frozen=True)
class LinkSettings:
    """How similar measures are found. The defaults are the calibrated settings."""

    top_k: int = 5  # most links shown under one measure
    min_score: float = 0.12  # least score (cosine) for a link
    min_shared: int = 3  # least number of shared terms for a link
    subword_weight: float = 1.0  # count of each dictionary part of a long term
    heading_weight: float = 1.0  # extra count of each heading term
    short_terms: int = 8  # units with fewer terms borrow their parent heading's terms
    context_weight: float = 0.5  # count of each borrowed parent-heading term
    min_df: int = 2  # terms used by fewer units are not features
    char_weight: float = 0.0  # share of character n-gram cosine in the score (0 = off)
    char_ngrams: tuple[int, int] = (2, 2)  # n-gram sizes of the character features
    query_terms: int = 12  # a unit looks for partners through its most weighted terms …
    postings: int = 300  # … each reaching the units where that term weighs most
    candidates: int = 30  # partners per unit scored exactly
    block_budget: int = 20_000_000  # most entries of one block's candidate product
    terms_shown: int = 5  # shared terms given as the reason for a link


@dataclass(frozen=True)
class Unit:
    """One linkable clause and the text it is compared by."""

    ref: ClauseRef
    doc_index: int
    heading: str
    body: str  # own text, plus the text of its body paragraphs or enumeration items
    context: str  # the nearest ancestor heading, for very short units


def link(
    documents: Sequence[Document],
    segmenter: Segmenter,
    settings: LinkSettings | None = None,
) -> dict[ClauseRef, tuple[Similar, ...]]:
    """Similar measures of other documents for every linkable clause (module docstring)."""
    settings = settings or LinkSettings()
    units = linkable_units(documents)
    if len(units) < 2:
        return {}
    counts, bodies = unit_terms(units, segmenter, settings)
    words, vocabulary = vectorize(counts, settings)
    if words.shape[1] == 0:  # no term is shared by two measures: nothing to link
        return {}
    if settings.char_weight > 0:
        chars = char_features(bodies, settings)
    doc_of = np.fromiter((unit.doc_index for unit in units), dtype=np.int64, count=len(units))
    rows, cols = candidate_pairs(words, doc_of, settings)
    return assemble(units, words, vocabulary, rows, cols, settings,
                    extra=chars if settings.char_weight > 0 else None)


# -- 1. units ---------------------------------------------------------------------------
def linkable_units(documents: Sequence[Document]) -> list[Unit]:
    """The clauses that get links, in document and reading order (module docstring, 1)."""
    units = []
    for doc_index, doc in enumerate(documents):
        by_id = {clause.id: clause for clause in doc.clauses}
        children: dict[str, list[Clause]] = {}
        for clause in doc.clauses:
            if clause.parent in by_id:
                children.setdefault(clause.parent, []).append(clause)
        for clause in doc.clauses:
            if clause.kind != "heading":
                continue
            kids = children.get(clause.id, [])
            bodies = [kid.text for kid in kids if kid.kind != "heading"]
            headed = [kid for kid in kids if kid.kind == "heading"]
            if _has_own_text(clause) or bodies or not headed:
                parts = [clause.text, *bodies]
            elif all(kid.style in ENUMERATION_STYLES for kid in headed):
                parts = [clause.text, *(kid.text for kid in headed)]
            else:
                continue
            units.append(Unit(
                ref=ClauseRef(doc.id, clause.id),
                doc_index=doc_index,
                heading=clause.heading or "",
                body="\n".join(parts),
                context=_ancestor_heading(clause, by_id),
            ))
    return units


def _has_own_text(clause: Clause) -> bool:
    """Whether the clause says more than its marker and heading."""
    rest = clause.text
    if clause.number and rest.startswith(clause.number):
        rest = rest[len(clause.number):]
    if clause.heading:
        at = rest.find(clause.heading)
        if at >= 0:
            rest = rest[at + len(clause.heading):]
    return len(rest.strip(" \n。.,,;;::、\u3000")) >= 2


def _ancestor_heading(clause: Clause, by_id: dict[str, Clause]) -> str:
    parent = by_id.get(clause.parent) if clause.parent else None
    while parent is not None:
        if parent.heading:
            return parent.heading
        parent = by_id.get(parent.parent) if parent.parent else None
    return ""


# -- 2./3. terms and weights ------------------------------------------------------------
def unit_terms(
    units: Sequence[Unit], segmenter: Segmenter, settings: LinkSettings
) -> tuple[list[Counter], list[list[str]]]:
    """Weighted term counts of every unit (module docstring, 2) and its body terms."""
    bodies = segmenter.tokens_many(unit.body for unit in units)
    headings = segmenter.tokens_many(unit.heading for unit in units)
    contexts = segmenter.tokens_many(unit.context for unit in units)
    parts_of: dict[str, list[str]] = {}
    counts = []
    for body, heading, context in zip(bodies, headings, contexts):
        count: Counter = Counter()
        for term in body:
            count[term] += 1.0
            parts = parts_of.get(term)
            if parts is None:
                parts = parts_of[term] = segmenter.subwords(term)
            for part in parts:
                count[part] += settings.subword_weight
        for term in heading:
            count[term] += settings.heading_weight
        if len(body) < settings.short_terms:
            for term in context:
                count[term] += settings.context_weight
        counts.append(count)
    return counts, bodies


def vectorize(counts: Sequence[Counter], settings: LinkSettings) -> tuple[sp.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of the word features, and the sorted vocabulary."""
    column: dict[str, int] = {}
    indices: list[int] = []
    data: list[float] = []
    indptr = [0]
    for count in counts:
        for term, weight in count.items():
            if weight > 0:
                indices.append(column.setdefault(term, len(column)))
                data.append(weight)
        indptr.append(len(indices))
    names = sorted(column)  # columns in term order, so the model does not depend on input order
    rank = np.empty(len(names), dtype=np.int64)
    rank[[column[name] for name in names]] = np.arange(len(names))
    tf = sp.csr_matrix((np.asarray(data, dtype=np.float64), rank[np.asarray(indices, dtype=np.int64)],
                        np.asarray(indptr, dtype=np.int64)), shape=(len(counts), len(names)))
    tf.sort_indices()
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    keep = np.flatnonzero(df >= settings.min_df)
    tf = tf[:, keep]
    vocabulary = np.asarray(names, dtype=object)[keep]
    if keep.size == 0:
        return sp.csr_matrix(tf.shape, dtype=np.float32), vocabulary
    tf.data = np.log1p(tf.data)  # sublinear, and positive for fractional counts
    weights = TfidfTransformer(smooth_idf=True, norm="l2").fit_transform(tf)
    return sp.csr_matrix(weights, dtype=np.float32), vocabulary


def char_features(bodies: Sequence[Sequence[str]], settings: LinkSettings) -> sp.csr_matrix:
    """Character n-gram TF-IDF of each unit's content terms (n-grams never span two terms)."""
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=settings.char_ngrams, sublinear_tf=True,
        min_df=min(settings.min_df, len(bodies)), dtype=np.float32,
    )
    return sp.csr_matrix(vectorizer.fit_transform(" ".join(b) for b in bodies), dtype=np.float32)


# -- 4. candidates ----------------------------------------------------------------------
def candidate_pairs(
    words: sp.csr_matrix, doc_of: np.ndarray, settings: LinkSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate (row, col) pairs, both directions, sorted by row then col (module docstring, 4)."""
    n = words.shape[0]
    query = _top_per_row(words, settings.query_terms)
    index = _top_per_row(words.T.tocsr(), settings.postings).T.tocsr()
    index_t = index.T.tocsr()
    work = np.diff(index_t.indptr)  # postings length of each term
    row_work = np.add.reduceat(np.append(work[query.indices], 0), query.indptr[:-1])
    row_work[np.diff(query.indptr) == 0] = 0
    found_rows, found_cols = [], []
    for start, stop in _blocks(row_work, settings.block_budget):
        product = (query[start:stop] @ index_t).tocsr()
        for local in range(stop - start):
            lo, hi = product.indptr[local], product.indptr[local + 1]
            cols, vals = product.indices[lo:hi], product.data[lo:hi]
            other = doc_of[cols] != doc_of[start + local]
            cols, vals = cols[other], vals[other]
            if len(cols) > settings.candidates:
                best = np.argpartition(-vals, settings.candidates - 1)[: settings.candidates]
                cols = cols[best]
            found_rows.append(np.full(len(cols), start + local, dtype=np.int64))
            found_cols.append(cols.astype(np.int64))
    if not found_rows:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    rows = np.concatenate(found_rows + found_cols)
    cols = np.concatenate(found_cols + found_rows)
    pairs = np.unique(rows * n + cols)  # symmetric, deduplicated, sorted by (row, col)
    return pairs // n, pairs % n


def _top_per_row(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """The ``keep`` largest entries of each row (ties: the lower column), as a CSR matrix."""
    counts = np.diff(matrix.indptr)
    if counts.size == 0 or counts.max() <= keep:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    chosen = np.sort(order[rank < keep])
    return sp.csr_matrix((matrix.data[chosen], matrix.indices[chosen], np.concatenate(
        ([0], np.cumsum(np.minimum(counts, keep))))), shape=matrix.shape)


def _blocks(work: np.ndarray, budget: int):
    """Consecutive row ranges whose summed ``work`` stays within ``budget`` (at least one row)."""
    start, n = 0, len(work)
    total = np.cumsum(work)
    while start < n:
        base = total[start - 1] if start else 0
        stop = max(int(np.searchsorted(total, base + budget, side="right")), start + 1)
        yield start, min(stop, n)
        start = stop


def pair_products(matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> sp.csr_matrix:
    """Row ``i`` holds the termwise products of the pair ``(rows[i], cols[i])``: its sum is
    their dot product, its entries the terms they share."""
    return sp.csr_matrix(matrix[rows].multiply(matrix[cols]), dtype=np.float32)


# -- 5. threshold, ranking, reasons -----------------------------------------------------
def assemble(
    units: Sequence[Unit],
    words: sp.csr_matrix,
    vocabulary: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    settings: LinkSettings,
    extra: sp.csr_matrix | None = None,
    chunk_pairs: int = 250_000,
) -> dict[ClauseRef, tuple[Similar, ...]]:
    """Score the candidate pairs, apply the threshold and the shared-term rule, rank by
    (score, id) and name the shared terms. ``rows`` must be sorted; pairs are taken a
    chunk of whole rows at a time, so memory stays bounded."""
    names = vocabulary.tolist()
    contains = containment(names)
    links: dict[ClauseRef, tuple[Similar, ...]] = {}
    bounds = np.searchsorted(rows, np.arange(len(units) + 1))
    row = 0
    while row < len(units):
        last = max(int(np.searchsorted(bounds, bounds[row] + chunk_pairs, side="right")) - 1, row + 1)
        lo, hi = bounds[row], bounds[min(last, len(units))]
        products = pair_products(words, rows[lo:hi], cols[lo:hi])
        folded = folded_terms(products, contains)
        shared = np.diff(products.indptr) - np.diff(folded.indptr)
        scores = np.asarray(products.sum(axis=1), dtype=np.float64).ravel()
        if extra is not None:
            char_scores = np.asarray(extra[rows[lo:hi]].multiply(extra[cols[lo:hi]]).sum(axis=1)).ravel()
            scores = (1 - settings.char_weight) * scores + settings.char_weight * char_scores
        scores = np.round(scores, 6)  # the same from both ends, whatever the float order
        ok = np.flatnonzero((scores >= settings.min_score) & (shared >= settings.min_shared))
        ok = ok[np.lexsort((cols[lo:hi][ok], -scores[ok], rows[lo:hi][ok]))]
        starts = np.searchsorted(rows[lo:hi][ok], np.arange(row, min(last, len(units)) + 1))
        for r in range(row, min(last, len(units))):
            found = []  # every pair here has enough shared terms once folded
            for at in ok[starts[r - row]:starts[r - row + 1]]:  # best first
                if len(found) >= settings.top_k and scores[at] < found[-1][0]:
                    break
                found.append((float(scores[at]), units[cols[lo + at]].ref, at))
            if found:
                found.sort(key=lambda item: (-item[0], item[1].document, item[1].clause))
                links[units[r].ref] = tuple(
                    Similar(target=target, score=round(score, 4), terms=tuple(fold_terms(
                        products.indices[products.indptr[at]:products.indptr[at + 1]],
                        products.data[products.indptr[at]:products.indptr[at + 1]],
                        folded.indices[folded.indptr[at]:folded.indptr[at + 1]],
                        names, settings.terms_shown)))
                    for score, target, at in found[: settings.top_k]
                )
        row = min(last, len(units))
    return links


def containment(names: Sequence[str]) -> sp.csr_matrix:
    """``[longer, part] = 1`` for every term of the vocabulary that lies inside a longer one
    (总部 in 总部经济)."""
    index = {name: i for i, name in enumerate(names)}
    pairs = set()
    for longer, name in enumerate(names):
        for size in range(2, len(name)):
            for start in range(len(name) - size + 1):
                part = index.get(name[start:start + size])
                if part is not None:
                    pairs.add((longer, part))
    rows, cols = (list(axis) for axis in zip(*sorted(pairs))) if pairs else ([], [])
    return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                         shape=(len(names), len(names)))


def folded_terms(products: sp.csr_matrix, contains: sp.csr_matrix) -> sp.csr_matrix:
    """Row ``i``: the terms pair ``i`` shares that lie inside a longer term it also shares;
    they are folded into that term."""
    present = sp.csr_matrix((np.ones_like(products.data), products.indices, products.indptr),
                            shape=products.shape)
    inside = (present @ contains).multiply(present).tocsr()
    inside.eliminate_zeros()
    inside.sort_indices()
    return inside


def fold_terms(indices: np.ndarray, weights: np.ndarray, folded: np.ndarray,
               names: Sequence[str], limit: int) -> list[str]:
    """Shared terms but the ``folded`` ones, most weight first (ties by term), at most ``limit``."""
    order = np.lexsort((indices, -weights))  # the vocabulary is sorted: ties by term
    skip = set(folded.tolist())
    return [names[i] for i in indices[order].tolist() if i not in skip][:limit]
