"""Evidence that two measures do the same thing: formulaic passages out, phrases in.

Three kinds of evidence, each computed for the whole corpus at once:

1. **Formulaic passages** (``FormulaIndex``). Character n-grams (``n`` Han characters,
   hashed exactly with a polynomial hash in 64-bit arithmetic) are counted by the number
   of *documents* that use them. An n-gram used by at least ``max(min_docs, share x
   documents)`` documents is formulaic: ``以…为指导，全面贯彻…精神``, ``加强组织领导``,
   ``强化考核督查`` recur in any corpus of policy documents whatever their subject. The
   rule is relative to the corpus size with a floor, so it means the same at 5 or 5,000
   documents; above ``sample`` documents the counts are taken on a fixed sample (the
   documents with the lowest hash of their id), which finds any n-gram in 2 % of the
   documents with near certainty. Every character covered by a formulaic n-gram is
   removed from a measure's evidence (``mask``) before it is cut into words, so
   boilerplate never makes a link.
2. **Words** (the caller's TF-IDF of the masked text) and the **character bigrams of
   the headings** (``heading_bigrams``).
3. **Phrases** (``unit_phrases``): two content words that stand side by side in the
   text (高层次 + 人才, 人才 + 公寓), a single content word of four characters or more
   (容积率奖励, 双随机抽查), and quoted names (“英才计划”). Phrases used by one measure only
   are dropped; each is weighted by its smoothed idf over the measures (the idf orders the
   reasons shown; the decision reads how many are shared).
4. **Rare strings** (``rare_grams``): character 3-grams of the masked text used by at
   least two and at most max(3, 2 %) of the measures: shared instruments are caught
   whether or not the segmenter cuts them the same way.
5. **Specificity** (``generic_share``): the share of a measure's word weight on words that
   more than 5 % of the measures use; a generic measure shares words with many.

Corpus statistics (4, 5) are taken within one kind of measure (``by_kind``: policy
measures apart from the norms of regulations), whose vocabularies differ.

``pair_features`` turns these into the handful of numbers the learned decision reads
(``FEATURES``), for any pairs of measures, a chunk at a time. They are cosines, shares and
counts of shared items, chosen so that a probability means the same in a bigger corpus:
with the folds, models and thresholds of the seeds' cross-validation, linking the seeds
among five times as many measures of other cities and subjects keeps pool precision
(``tools/train_links.py`` ``transfer``). A feature that moved with the corpus was left
out even where it helped on the seeds alone: the share of a text that is formulaic (more
documents, more n-grams reach the floor of three) and the count of shared words used by
at most 1 % of the measures (0.90 nested precision on the seeds, 0.76 among the bigger
corpus).
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

HAN = re.compile(r"[\u3400-\u9fff]")
QUOTED = re.compile(r"[“\"]([^”\"“]{2,12})[”\"]")
MASK_CHAR = "，"
_BASE = np.uint64(1_000_003)

FEATURES = (
    "cosine",         # word TF-IDF cosine of the masked texts
    "heading_chars",  # cosine of the character bigrams of the two headings
    "context",        # cosine of the words of the headings above the two
    "coverage",       # shared words / words of the shorter measure
    "phrases",        # log(1 + number of shared phrases, each used by two measures or more)
    "grams",          # log(1 + number of shared character 3-grams rare among the measures)
    "gram_cosine",    # shared rare 3-grams / geometric mean of the two measures' rare 3-grams
    "theme",          # 1 same primary theme, 0.5 a theme in common, 0 none
    "generic",        # largest share of either's word weight on words of many measures
    "concepts",       # cosine of the words' thesaurus classes (贷款 and 信贷 are one class)
)


@dataclass(frozen=True)
class FormulaSettings:
    n: int = 6  # characters of a formulaic n-gram
    min_docs: int = 3  # an n-gram in fewer documents is never formulaic …
    share: float = 0.02  # … and one in this share of the documents always is
    sample: int = 2000  # documents counted when the archive is larger


def _windows(text: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the all-Han windows of ``n`` characters of ``text``, and their starts."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < n:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    han = (codes >= 0x3400) & (codes <= 0x9FFF)
    bad = np.concatenate(([0], np.cumsum(~han)))
    starts = np.flatnonzero(bad[n:] - bad[:-n] == 0)
    if starts.size == 0:
        return np.empty(0, np.uint64), starts
    value = np.zeros(len(codes) - n + 1, dtype=np.uint64)
    for k in range(n):  # wraps modulo 2**64: an exact, deterministic hash
        value = value * _BASE + codes[k:len(codes) - n + 1 + k]
    return value[starts], starts


class FormulaIndex:
    """The formulaic n-grams of a corpus (module docstring, 1)."""

    def __init__(self, doc_texts: Sequence[tuple[str, str]], settings: FormulaSettings | None = None):
        """``doc_texts``: (document id, whole text) of every document."""
        self.settings = settings = settings or FormulaSettings()
        chosen = sorted(doc_texts, key=lambda it: hashlib.sha1(it[0].encode()).digest())
        chosen = chosen[: settings.sample]
        grams = [np.unique(_windows(text, settings.n)[0]) for _, text in chosen]
        self.documents = len(chosen)
        self.min_docs = max(settings.min_docs, math.ceil(settings.share * len(chosen)))
        if grams:
            values, counts = np.unique(np.concatenate(grams), return_counts=True)
            self.grams = values[counts >= self.min_docs]
        else:
            self.grams = np.empty(0, np.uint64)

    def mask(self, text: str) -> tuple[str, float]:
        """``text`` with formulaic passages replaced by ``，``, and the share of its Han
        characters they covered."""
        han = len(HAN.findall(text))
        if not han or not self.grams.size:
            return text, 0.0
        values, starts = _windows(text, self.settings.n)
        at = np.searchsorted(self.grams, values)  # self.grams is sorted and unique
        hit = starts[self.grams[np.minimum(at, self.grams.size - 1)] == values]
        if not hit.size:
            return text, 0.0
        covered = np.zeros(len(text) + 1, dtype=np.int32)
        np.add.at(covered, hit, 1)
        np.add.at(covered, hit + self.settings.n, -1)
        inside = np.cumsum(covered[:-1]) > 0
        chars = list(text)
        for at in np.flatnonzero(inside).tolist():
            chars[at] = MASK_CHAR
        return "".join(chars), float(inside.sum()) / han


def unit_phrases(text: str, tokens: Sequence[str]) -> list[str]:
    """Distinctive phrases of a masked text (module docstring, 3), in reading order."""
    phrases = []
    squashed = text.replace(" ", "")
    for first, second in zip(tokens, tokens[1:]):
        joined = first + second
        if joined in squashed:
            phrases.append(joined)
    phrases.extend(token for token in tokens if len(token) >= 4)
    phrases.extend(m.group(1) for m in QUOTED.finditer(text) if HAN.search(m.group(1)))
    return phrases


def heading_bigrams(heading: str) -> Counter:
    """The character bigrams of a heading's Han characters (punctuation dropped): two
    headings that name one action compare whatever the cut into words (保障性租赁住房 /
    租赁住房保障)."""
    chars = "".join(HAN.findall(heading))
    return Counter(chars[i:i + 2] for i in range(len(chars) - 1))


def phrase_matrix(phrases: Iterable[Sequence[str]]) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Binary units x phrases matrix of the phrases at least two units use, their idf and names."""
    column: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for items in phrases:
        for phrase in dict.fromkeys(items):
            indices.append(column.setdefault(phrase, len(column)))
        indptr.append(len(indices))
    n = len(indptr) - 1
    names = sorted(column)
    rank = np.empty(len(names), dtype=np.int64)
    rank[[column[name] for name in names]] = np.arange(len(names))
    matrix = sp.csr_matrix((np.ones(len(indices), dtype=np.float32),
                            rank[np.asarray(indices, dtype=np.int64)], np.asarray(indptr, dtype=np.int64)),
                           shape=(n, len(names)))
    matrix.sort_indices()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.flatnonzero(df >= 2)
    idf = (np.log((1 + n) / (1 + df[keep])) + 1).astype(np.float32)
    return sp.csr_matrix(matrix[:, keep]), idf, np.asarray(names, dtype=object)[keep]


@dataclass(frozen=True)
class GramSettings:
    n: int = 3  # Han characters of a shared-gram window
    share: float = 0.02  # a gram in more than this share of the measures is not rare …
    min_units: int = 3  # … but a gram in this many measures or fewer always is


def by_kind(kinds: np.ndarray | None, n: int) -> list[np.ndarray]:
    """The rows of each kind of measure (``kinds``: one small integer per row; None: one
    kind). Corpus statistics are taken within a kind: a policy measure is rare or generic
    among measures, a norm among norms, whose words differ (应当, 违反, 规定)."""
    kinds = np.zeros(n, dtype=np.int64) if kinds is None else np.asarray(kinds)
    return [np.flatnonzero(kinds == k) for k in np.unique(kinds)]


def rare_grams(texts: Sequence[str], kinds: np.ndarray | None = None,
               settings: GramSettings | None = None) -> sp.csr_matrix:
    """Binary units x grams matrix of the rare character n-grams of the masked ``texts``
    (used by at least two measures of the row's kind and at most ``max(min_units, share x
    measures of that kind)``); the columns of each kind form one block, in hash order."""
    settings = settings or GramSettings()
    n = len(texts)
    per_text = [np.unique(_windows(text, settings.n)[0]) for text in texts]
    all_rows, all_cols, width = [], [], 0
    for members in by_kind(kinds, n):
        lengths = np.asarray([len(per_text[i]) for i in members], dtype=np.int64)
        if not lengths.sum():
            continue
        values = np.concatenate([per_text[i] for i in members])
        _, inverse, df = np.unique(values, return_inverse=True, return_counts=True)
        bound = max(settings.min_units, settings.share * len(members))
        rare = (df >= 2) & (df <= bound)
        column = np.cumsum(rare) - 1
        keep = rare[inverse]
        all_rows.append(np.repeat(members, lengths)[keep])
        all_cols.append(column[inverse[keep]] + width)
        width += int(rare.sum())
    rows = np.concatenate(all_rows) if all_rows else np.empty(0, np.int64)
    cols = np.concatenate(all_cols) if all_cols else np.empty(0, np.int64)
    return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, width))


def generic_share(words: sp.csr_matrix, kinds: np.ndarray | None = None, share: float = 0.05) -> np.ndarray:
    """Share of each row's squared TF-IDF weight on words that more than ``share`` of the
    rows of its kind use: a measure made of generic words says little of its own."""
    out = np.zeros(words.shape[0])
    for members in by_kind(kinds, words.shape[0]):
        rows = words[members]
        df = np.bincount(rows.indices, minlength=words.shape[1])
        generic = (df > share * len(members)).astype(np.float64)
        out[members] = np.asarray(rows.multiply(rows) @ generic, dtype=np.float64).ravel()
    return out


@dataclass(frozen=True)
class Evidence:
    """Per-measure evidence, rows aligned with the linker's units."""

    words: sp.csr_matrix  # L2-normalised TF-IDF of the masked text
    headings: sp.csr_matrix  # L2-normalised TF-IDF of the character bigrams of the headings
    phrases: sp.csr_matrix  # binary, phrases used by two units or more
    phrase_idf: np.ndarray
    phrase_names: np.ndarray
    term_counts: np.ndarray  # distinct content words of each unit
    primary_theme: np.ndarray  # index of each unit's primary theme, -1 when it has none
    themes: sp.csr_matrix  # binary units x themes
    grams: sp.csr_matrix  # binary units x rare character 3-grams of the masked text
    context: sp.csr_matrix  # L2-normalised TF-IDF of the words of the headings above
    generic: np.ndarray  # generic_share of each unit
    concepts: sp.csr_matrix  # L2-normalised TF-IDF of the words' thesaurus classes (concepts.py)


def pair_features(evidence: Evidence, rows: np.ndarray, cols: np.ndarray,
                  products: sp.csr_matrix, shared_terms: np.ndarray) -> np.ndarray:
    """The ``FEATURES`` of the pairs ``(rows[i], cols[i])``; ``products`` are their termwise
    word products and ``shared_terms`` their folded shared-word counts. Every feature is a
    cosine, a share, or a count of items that are rare by the corpus's own document
    frequencies: none grows with the size of the corpus or of the candidate lists."""
    cosine = np.asarray(products.sum(axis=1), dtype=np.float64).ravel()
    heading = np.asarray(evidence.headings[rows].multiply(evidence.headings[cols]).sum(axis=1),
                         dtype=np.float64).ravel()
    context = np.asarray(evidence.context[rows].multiply(evidence.context[cols]).sum(axis=1),
                         dtype=np.float64).ravel()
    small = np.minimum(evidence.term_counts[rows], evidence.term_counts[cols]).astype(np.float64)
    coverage = shared_terms / np.maximum(small, 1.0)
    n_phrases = np.diff(evidence.phrases[rows].multiply(evidence.phrases[cols]).tocsr().indptr)
    n_grams = np.diff(evidence.grams[rows].multiply(evidence.grams[cols]).tocsr().indptr)
    own_grams = np.diff(evidence.grams.indptr).astype(np.float64)
    gram_cosine = n_grams / np.sqrt(np.maximum(own_grams[rows] * own_grams[cols], 1.0))
    primary = evidence.primary_theme
    common = np.asarray(evidence.themes[rows].multiply(evidence.themes[cols]).sum(axis=1)).ravel()
    theme = np.where((primary[rows] >= 0) & (primary[rows] == primary[cols]), 1.0,
                     np.where(common > 0, 0.5, 0.0))
    generic = np.maximum(evidence.generic[rows], evidence.generic[cols])
    concepts = np.asarray(evidence.concepts[rows].multiply(evidence.concepts[cols]).sum(axis=1),
                          dtype=np.float64).ravel()
    return np.column_stack([
        np.round(cosine, 6), np.round(heading, 6), np.round(context, 6), np.round(coverage, 6),
        np.log1p(n_phrases.astype(np.float64)), np.log1p(n_grams.astype(np.float64)),
        np.round(gram_cosine, 6), theme, np.round(generic, 6), np.round(concepts, 6),
    ])


def shared_phrase_names(evidence: Evidence, a: int, b: int, limit: int) -> list[str]:
    """The phrases units ``a`` and ``b`` share, rarest first (ties by phrase), at most ``limit``;
    a phrase inside a longer shared one is not repeated."""
    phrases = evidence.phrases
    both = np.intersect1d(phrases.indices[phrases.indptr[a]:phrases.indptr[a + 1]],
                          phrases.indices[phrases.indptr[b]:phrases.indptr[b + 1]])
    order = sorted(both.tolist(), key=lambda i: (-float(evidence.phrase_idf[i]), -len(evidence.phrase_names[i]),
                                                 evidence.phrase_names[i]))
    chosen: list[str] = []
    for i in order:
        name = evidence.phrase_names[i]
        if any(name in other or other in name for other in chosen):
            continue
        chosen.append(name)
        if len(chosen) >= limit:
            break
    return chosen
