"""Similar measures across documents: which measures of *other* documents do the same thing.

``link(documents, segmenter, settings)`` returns, for every measure, up to ``top_k``
measures of other documents that a reader comparing the documents would want to see,
best first, each with the probability that the link is useful, a strength a reader can
read (强 / 较强) and the shared phrases that carry the match. A measure with nothing
really similar gets no entry: lists are never padded.

What is kept, in order:

1. **Units and roles** (``linkable_units``, :mod:`~build_tools.link_roles`). A heading
   clause is a unit when it has text of its own beyond its heading (the annotation of who
   leads it, ``(牵头单位:…)``, is not text of its own and is never evidence), or when it is a
   leaf of the outline; a heading with no text of its own whose children are all
   enumeration items (一是…, ——…) is measured by those items; headings that only group
   others are not units. An article of a regulation (第X条) is one unit with all its items.
   Only *measures* and *norms* are linked, each only to its own kind: a regulation's norm
   to norms of other regulations, a policy measure to measures. Principles, goals and
   visions, safeguards and organisation, problem statements, reports of results, bare
   headings, sections over numbered items (their lead-in is not a measure: the items are),
   procedural articles (总则, 法律责任, 附则, scope, definitions, entry into force) and the
   preface are never linked.
2. **Formulaic passages out** (:class:`~build_tools.link_evidence.FormulaIndex`).
   Character 6-grams that recur in many documents (by document frequency relative to the
   archive's size, with a floor) are masked before a text is cut into words, so guiding
   ideology and ``加强组织领导`` never count as shared evidence in any corpus.
3. **Words** (``unit_terms``, ``vectorize``). Content terms from
   :class:`~build_tools.segment.Segmenter`; a long term also counts its dictionary parts
   (总部经济 → 总部, 经济) at ``subword_weight``; heading terms count ``heading_weight``
   more; a unit with fewer than ``short_terms`` terms borrows its parent heading's terms
   at ``context_weight``. scikit-learn TF-IDF (log counts, smoothed idf over the
   measures, L2 norm), terms of fewer than ``min_df`` units dropped. The character bigrams
   of a unit's heading (punctuation out: two headings that name one action compare
   whatever the cut into words) and the words of the headings above it get a TF-IDF of
   their own.
4. **Word classes** (:mod:`~build_tools.concepts`): each unit's words counted by their
   classes in a thesaurus (the extended Tongyici Cilin, third level: 贷款 and 信贷, 投资 and
   融资, 小区 and 社区 are one class each), TF-IDF over the units like the words: what two
   measures mean when they say it in other words.
5. **Phrases and rare strings** (:func:`~build_tools.link_evidence.unit_phrases`,
   :func:`~build_tools.link_evidence.rare_grams`): adjacent content words as written
   (人才 + 公寓), long words (容积率奖励) and quoted names (“英才计划”), weighted by idf — they
   are the reason a reader is shown — and the character 3-grams of the masked text that
   at most 2 % of the units of its kind use (容积率, 双随机: instruments, without relying on
   the cut into words). Each unit also carries its share of generic words (used by more
   than 5 % of the units of its kind).
6. **Candidates, blocked** (``candidate_pairs``). Each unit looks for partners through
   its ``query_terms`` most weighted words; each word reaches the ``postings`` units in
   which it weighs most (an impact-ordered, truncated inverted index). The sparse product
   is taken a block of rows at a time under ``block_budget`` entries: never a dense N x N.
   Each unit keeps its ``candidates`` best partners of its own kind in other documents;
   pairs are made symmetric.
7. **A learned decision** (``LinkModel``, fitted by ``tools/train_links.py`` on the
   readers' judgments; coefficients in ``data/link_model.json``). A logistic regression
   over the ten features of :data:`~build_tools.link_evidence.FEATURES` (word cosine,
   cosine of the headings' character bigrams, cosine of the headings above, coverage of
   the shorter measure's words, shared phrases, shared rare 3-grams and the cosine of the
   two sets of rare 3-grams, same theme, the larger generic share, the cosine of the
   words' thesaurus classes: cosines, shares and counts that keep their meaning when the
   corpus grows) gives the probability that readers find the link useful. A link needs
   that probability at least the model's ``threshold`` (chosen on out-of-fold predictions
   of grouped cross-validation, at 0.90 pool precision on the folds it is chosen on, and
   at least the one at which an annotated sample of the links shown among a bigger corpus
   is useful in 77 %; its out-of-fold figures are measured with each fold's threshold
   chosen on the other folds) and distinctive shared evidence (``evident``): one shared
   phrase or ``min_shared`` shared words, and ``min_grams`` shared rare 3-grams (none by
   default: the count is a feature); two norms are linked only when their regulations
   are about one subject (word cosine of the whole documents at least ``norm_subject``: a
   regulation governs one subject, and the norms of regulations on different subjects
   share only the words of administration — 手续, 审批, 部门), and their titles name it
   (:mod:`~build_tools.regulation_subject`, agreement at least ``norm_title``: two
   regulations of one field, 北山生态环境保护 and 生态文明建设促进, share the field's words but
   govern different matters, and their articles do different things). Links are ranked by
   probability, ties by (document, clause) id, and cut at ``top_k``; at ``strong`` or more
   a link is 强, else 较强. Features are symmetric, so two measures that list each other
   show the same strength and reasons on both pages.

Kept last: the titles of two regulations name one subject, or their norms are not linked.
In the annotated sample below, 19 of the 20 norm pairs (two pairs of regulations on one
field) were not useful; the titles tell their matters apart (agreement 0.08 and 0.13), so
none of those links is shown (72 of 1,437 there), and with them out of the sample the
share of the measures' links at 0.85 is the sample's: 0.786 over 42. Not kept, tried on
that sample (readers' out-of-fold AUC, against 0.844 on the same folds): the covered share
of the longer measure's words, the number of sentences of the broader one, the log of the
length ratio, the cosine of the two documents and the longer measure's length (0.838 to
0.842; none raised the annotated share, the norms' links then still in, above 0.733 at 45 shown).

Before it: a floor under the threshold from a bigger corpus. 260 links the linker could show
among the seeds and ``tests/fixtures/real``, drawn in strata of probability and graded blind
by annotators stricter than the readers (``tests/fixtures/links-annotated.yaml``), were
useful in 59 % of the sample at the threshold of 0.75 the readers' pool chose, 73 % at 0.85:
the threshold is now the least at which that share reaches 77 % (the least that gives
readers 80 % by the pool's calibration of the annotators; 0.85; 强 at 0.88, 80 %). Nested on
the seeds 1.000 precision over 10 shown, 0.217 coverage, 0.345 grade-2 recall, among the
bigger corpus 0.933 over 15, 0.304, 0.345. Trained on as well, the annotated pairs lowered
the out-of-fold AUC on the readers' pairs from 0.847 to 0.792 and the nested coverage from
0.391 to 0.239 (``tools/train_links.py --with-annotated``): they grade by a stricter
standard, and they were drawn where the model was already sure. Not kept: the ratio of the
two measures' word counts as an eleventh feature (nested 0.850 / 0.370 / 0.517 on the seeds,
0.815 / 0.478 / 0.534 among the bigger corpus, against 0.857 / 0.391 / 0.517 and 0.800 /
0.522 / 0.569 without it).

Then: the cosine of the thesaurus classes, with the threshold asked for 0.90 pool
precision on the folds it is chosen on. With the committed folds, nested on the seeds
0.857 precision over 21 shown, 0.391 coverage, 0.517 grade-2 recall (0.857 over 21, 0.391,
0.483 with the nine features before it), and among the seeds and ``tests/fixtures/real``
0.800 over 30, 0.522, 0.569 (0.909 over 22, 0.435, 0.448): more of the useful links and
of the same measures, more links shown. Out-of-fold AUC 0.847 against 0.828. Averaged over
six random assignments of the document pairs to folds: AUC 0.846 against 0.825; on the
seeds 0.835 / 0.384 / 0.540 against 0.886 / 0.362 / 0.477, among the bigger corpus 0.856 /
0.471 / 0.557 against 0.884 / 0.402 / 0.463. Asked for 0.85 on the inner folds, as before,
the nested precision fell to 0.818 (0.798 over the six assignments): a threshold chosen at
the edge of a steep curve on some twenty links overrates itself, hence the margin (with
the nine features the margin gives 0.904 / 0.337 / 0.460). Classes at the second level
(经济) or at the fourth and fifth (one group of near-synonyms) give an AUC of 0.840,
0.831 and 0.822; keeping only words of one or two senses is no better. With the classes,
still not kept: their cosine over the headings alone (a negative weight), the larger
number of themes of the two measures (AUC 0.831), generic words read off jieba's general
frequencies instead of the archive's (AUC 0.826–0.831: the archive's own share, though it
falls when the corpus grows more varied, separates better), and linking reports of
results, sections over items or safeguards as measures (precision up or coverage up,
never both: 0.826 / 0.413 / 0.483, 0.833 / 0.326 / 0.448, 0.889 / 0.348 / 0.586).

Kept before: the heading cosine over character bigrams instead of heading words, and the
cosine of the rare 3-gram sets (nested on the seeds 0.857 precision over 21 shown, 0.391
coverage, 0.483 grade-2 recall, against 0.842 over 19, 0.348, 0.379 with word headings;
among the seeds and ``tests/fixtures/real`` 0.909, 0.435, 0.448 against 0.900, 0.391,
0.431; averaged over four random assignments of the document pairs to folds, 0.828 /
0.429 / 0.517 and 0.843 / 0.440 / 0.534 against 0.819 / 0.342 / 0.466 and 0.810 / 0.408 /
0.457). Tried and not kept, measured the same way: the character-bigram cosine of the
whole texts, raw or with place names out (grade-2 recall up, 0.55, but over the four fold
assignments precision on the seeds falls, 0.806 / 0.819 against 0.828, and it needs every
text cut again, outside the token cache); the cosine of verb–object pairs read off the
part-of-speech tags (建设…公寓; precision among the bigger corpus 0.864 against 0.909);
word cosines with the idf taken within the measures of one primary theme, or without the
words of more than 5 % of the measures, idf-weighted phrase cosines, the largest or summed
idf of shared phrases and the largest shared-word product (each within a pair of the
figures, none better in both settings); a heading over 一是/二是 items linked as one
measure with its items (precision 0.842 and 0.842 among the bigger corpus); safeguards
linked to safeguards (1 of the 6 judged safeguard pairs is useful; of the 9 such links
shown among the seeds and the real documents, those on the party's leadership are
formulaic); a hand threshold on the cosine (it hardly separates useful links from
generic ones); gradient boosting over the
same features (scikit-learn ``HistGradientBoostingClassifier``, depth 1–3: a lower
out-of-fold AUC than the logistic regression on 233 judged pairs); the cosine of the whole
documents or of the top sections as a feature, shared quantities (20%, 50万元), the
largest idf of a shared phrase, the count of phrases under a document-frequency bound and
rare character 4-grams (none raised the out-of-fold AUC); at least three shared rare
3-grams (higher nested precision, 0.875, but less coverage, 0.304 against 0.370); one
shared rare 3-gram as a gate (it removed 5 of the 29 grade-2 dev pairs before the
decision; as a feature it costs no precision); the rank of each measure among the other's
candidates, the idf sums of shared phrases and 3-grams, shared-word count, length and
list breadth (raw counts and ranks that move with the corpus and the candidate lists;
without them the out-of-fold AUC is 0.81 against 0.80 with them); the formulaic
share and the count of shared words that at most 1 % of the measures use as features
(both help on the seeds alone and lose precision among a bigger corpus,
:mod:`~build_tools.link_evidence`).

Tried after the nine features, before the thesaurus, each as a tenth feature or a gate,
figures nested (seeds: precision / coverage / grade-2 recall; then among the seeds and
``tests/fixtures/real``), against 0.857 / 0.391 / 0.483 and 0.909 / 0.435 / 0.448 with the
nine: the cosine in a latent space of the words (truncated SVD of the TF-IDF, 50, 100 or 200 dimensions: the
space moves with the corpus, and precision among the bigger corpus falls to 0.69–0.75);
whether each measure is the other's best match within its document, or by how much (AUC
0.822 against 0.828; 0.933 / 0.304 on the seeds); the cosine of the best-matching pair of
sentences (0.800 / 0.435 in both settings); the cosine of the two measures' scores over
the 18 themes (AUC 0.832, but 1.000 / 0.326 / 0.448 and 1.000 / 0.391 / 0.414: fewer
links, not more); shared keywords of the theme taxonomy (AUC 0.813–0.817); counting only
shared words used by at most 5 % of the measures of their kind toward the evidence rule
(0.938 / 0.326 / 0.379 and 0.895 / 0.370 / 0.414); and, for the fit itself, weights by
the readers' confidence or by source and other regularisation strengths (C 0.03–1: within
the noise of the folds). The judged pairs the decision missed were measures of one
subject that share few words (债券 / 贷款 against 融资平台, 老旧社区 against 老旧小区): what
separates them is what the measures mean, which the corpus's own statistics do not carry;
hence the thesaurus.

Everything is deterministic: vocabularies are sorted, hashes are exact and ties are
broken by id.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from .annotate import strip_lead_unit_annotations
from .concepts import class_counts, word_classes
from .link_evidence import (FEATURES, Evidence, FormulaIndex, generic_share, heading_bigrams,
                            pair_features, phrase_matrix, rare_grams, shared_phrase_names, unit_phrases)
from .link_roles import ARTICLE, ENUMERATION_STYLES, LINKED, MEASURE, NORM, clause_roles, text_after_heading
from .model import Clause, ClauseRef, Document, Similar
from .regulation_subject import agreement
from .segment import Segmenter

MODEL_PATH = Path(__file__).resolve().parent / "data" / "link_model.json"
STRONG, FAIR = "强", "较强"


@dataclass(frozen=True)
class LinkSettings:
    """How similar measures are found. The defaults are the settings the model was fitted with."""

    top_k: int = 5  # most links shown under one measure
    min_shared: int = 3  # shared words that stand for evidence when no phrase is shared
    min_grams: int = 0  # rare character 3-grams a link shares at least (the count is also a feature)
    norm_subject: float = 0.3  # least word cosine of two regulations whose norms are linked
    norm_title: float = 0.5  # … and least agreement of the subjects their titles name
    subword_weight: float = 1.0  # count of each dictionary part of a long term
    heading_weight: float = 1.0  # extra count of each heading term
    short_terms: int = 8  # units with fewer terms borrow their parent heading's terms
    context_weight: float = 0.5  # count of each borrowed parent-heading term
    min_df: int = 2  # terms used by fewer units are not features
    query_terms: int = 12  # a unit looks for partners through its most weighted terms …
    postings: int = 300  # … each reaching the units where that term weighs most
    candidates: int = 30  # partners per unit scored exactly
    block_budget: int = 20_000_000  # most entries of one block's candidate product
    terms_shown: int = 5  # shared phrases and words given as the reason for a link
    threshold: float | None = None  # least probability for a link (None: the model's)


@dataclass(frozen=True)
class LinkModel:
    """Logistic regression over standardised ``FEATURES`` (``data/link_model.json``)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # least probability shown
    strong: float  # least probability called 强
    report: dict = field(default_factory=dict, compare=False)

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef) + self.intercept
        return np.round(1.0 / (1.0 + np.exp(-z)), 4)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "LinkModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}:1: error: the model's features {data['features']} are not "
                             f"the linker's {list(FEATURES)}; re-run tools/train_links.py")
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]),
                   tuple(data["coef"]), float(data["intercept"]), float(data["threshold"]),
                   float(data["strong"]), data.get("report", {}))


@dataclass(frozen=True)
class Unit:
    """One linkable clause and the text it is compared by."""

    ref: ClauseRef
    doc_index: int
    heading: str
    body: str  # own text, plus the text of its body paragraphs or enumeration items
    context: str  # the nearest ancestor heading, for very short units
    role: str = MEASURE  # link_roles.ROLES


@dataclass(frozen=True)
class Prepared:
    """The measures of a corpus with their evidence, ready for pairs to be scored."""

    units: tuple[Unit, ...]
    evidence: Evidence
    vocabulary: np.ndarray
    doc_of: np.ndarray
    kind_of: np.ndarray  # index of each unit's role in link_roles.LINKED: measures meet measures
    documents: sp.csr_matrix  # document_vectors, rows by doc_index
    titles: tuple[str, ...]  # the documents' titles, by doc_index


def link(
    documents: Sequence[Document],
    segmenter: Segmenter,
    settings: LinkSettings | None = None,
    model: LinkModel | None = None,
    themes: Mapping[ClauseRef, Sequence[str]] | None = None,
) -> dict[ClauseRef, tuple[Similar, ...]]:
    """Similar measures of other documents for every measure (module docstring); ``themes``
    are the measures' themes, primary first (``themes.classify``)."""
    settings = settings or LinkSettings()
    model = model or LinkModel.load()
    prepared = prepare(documents, segmenter, settings, themes)
    if prepared is None:
        return {}
    rows, cols = candidate_pairs(prepared.evidence.words, prepared.doc_of, settings, prepared.kind_of)
    threshold = model.threshold if settings.threshold is None else settings.threshold
    return assemble(prepared, rows, cols, settings, model.probability, threshold, model.strong)


def theme_evidence(units: Sequence[Unit], themes: Mapping[ClauseRef, Sequence[str]] | None
                   ) -> tuple[np.ndarray, sp.csr_matrix]:
    """Each unit's primary theme (index, -1 for none) and its themes, as a binary matrix."""
    themes = themes or {}
    names = sorted({t for unit in units for t in themes.get(unit.ref, ())})
    column = {name: i for i, name in enumerate(names)}
    primary = np.asarray([column[themes[u.ref][0]] if themes.get(u.ref) else -1 for u in units],
                         dtype=np.int64)
    rows = [i for i, u in enumerate(units) for _ in dict.fromkeys(themes.get(u.ref, ()))]
    cols = [column[t] for u in units for t in dict.fromkeys(themes.get(u.ref, ()))]
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                           shape=(len(units), max(len(names), 1)))
    return primary, matrix


def prepare(documents: Sequence[Document], segmenter: Segmenter, settings: LinkSettings,
            themes: Mapping[ClauseRef, Sequence[str]] | None = None) -> Prepared | None:
    """Measures, masked texts, words, word classes, headings, phrases and themes (module
    docstring, 1–5)."""
    units = [unit for unit in linkable_units(documents) if unit.role in LINKED]
    if len(units) < 2:
        return None
    formulas = FormulaIndex([(doc.id, "\n".join(c.text for c in doc.clauses)) for doc in documents])
    masked = [formulas.mask(unit.body)[0] for unit in units]
    counts, bodies, contexts = unit_terms(units, segmenter, settings, masked)
    words, vocabulary = vectorize(counts, settings)
    if words.shape[1] == 0:  # no term is shared by two measures: nothing to link
        return None
    heading_chars, _ = vectorize([heading_bigrams(unit.heading) for unit in units], settings)
    context_words, _ = vectorize([Counter(c) for c in contexts], settings)
    kind_of = np.fromiter((LINKED.index(unit.role) for unit in units), dtype=np.int64, count=len(units))
    grams = rare_grams(masked, kind_of)
    primary_theme, theme_matrix = theme_evidence(units, themes)
    phrases, phrase_idf, phrase_names = phrase_matrix(
        unit_phrases(text, body) for text, body in zip(masked, bodies))
    evidence = Evidence(
        words=words, headings=heading_chars, phrases=phrases, phrase_idf=phrase_idf,
        phrase_names=phrase_names,
        term_counts=np.fromiter((len(set(b)) for b in bodies), dtype=np.int64, count=len(units)),
        primary_theme=primary_theme, themes=theme_matrix,
        grams=grams, context=context_words, generic=generic_share(words, kind_of),
        concepts=vectorize(class_counts(counts, word_classes()), settings)[0],
    )
    doc_of = np.fromiter((unit.doc_index for unit in units), dtype=np.int64, count=len(units))
    return Prepared(tuple(units), evidence, vocabulary, doc_of, kind_of, document_vectors(words, doc_of),
                    tuple(doc.title or "" for doc in documents))


# -- 1. units ---------------------------------------------------------------------------
def linkable_units(documents: Sequence[Document]) -> list[Unit]:
    """The clauses that may get links, in document and reading order, with their roles
    (module docstring, 1)."""
    units = []
    for doc_index, doc in enumerate(documents):
        by_id = {clause.id: clause for clause in doc.clauses}
        roles = clause_roles(doc)
        children: dict[str, list[Clause]] = {}
        for clause in doc.clauses:
            if clause.parent in by_id:
                children.setdefault(clause.parent, []).append(clause)
        for clause in doc.clauses:
            if clause.kind != "heading" or _inside_article(clause, by_id):
                continue
            kids = children.get(clause.id, [])
            if clause.style == ARTICLE:  # a norm is the whole article, its items included
                kids = list(_descendants(clause, children))
                parts = [clause.text, *(kid.text for kid in kids)]
                units.append(Unit(ref=ClauseRef(doc.id, clause.id), doc_index=doc_index,
                                  heading="", body=strip_lead_unit_annotations("\n".join(parts)),
                                  context=_ancestor_heading(clause, by_id), role=roles[clause.id]))
                continue
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
                body=strip_lead_unit_annotations("\n".join(parts)),
                context=_ancestor_heading(clause, by_id),
                role=roles[clause.id],
            ))
    return units


def _inside_article(clause: Clause, by_id: dict[str, Clause]) -> bool:
    parent = by_id.get(clause.parent) if clause.parent else None
    while parent is not None:
        if parent.style == ARTICLE:
            return True
        parent = by_id.get(parent.parent) if parent.parent else None
    return False


def _descendants(clause: Clause, children: dict[str, list[Clause]]):
    for kid in children.get(clause.id, ()):
        yield kid
        yield from _descendants(kid, children)


def _has_own_text(clause: Clause) -> bool:
    """Whether the clause says more than its marker and heading."""
    return len(text_after_heading(clause).strip(" \n。.,,;;::、\u3000")) >= 2


def _ancestor_heading(clause: Clause, by_id: dict[str, Clause]) -> str:
    parent = by_id.get(clause.parent) if clause.parent else None
    while parent is not None:
        if parent.heading:
            return parent.heading
        parent = by_id.get(parent.parent) if parent.parent else None
    return ""


# -- 3. terms and weights ---------------------------------------------------------------
def unit_terms(
    units: Sequence[Unit], segmenter: Segmenter, settings: LinkSettings,
    bodies_text: Sequence[str] | None = None,
) -> tuple[list[Counter], list[list[str]], list[list[str]]]:
    """Weighted term counts of every unit (module docstring, 3), its body terms and the
    terms of the headings above it. ``bodies_text`` replaces the units' bodies (the masked
    texts)."""
    texts = bodies_text if bodies_text is not None else [unit.body for unit in units]
    bodies = segmenter.tokens_many(texts)
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
    return counts, bodies, contexts


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


# -- 5. candidates ----------------------------------------------------------------------
def candidate_pairs(
    words: sp.csr_matrix, doc_of: np.ndarray, settings: LinkSettings,
    kind_of: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate (row, col) pairs of units of different documents and the same ``kind_of``
    (a norm meets norms, a measure measures), both directions, sorted by row then col
    (module docstring, 6)."""
    if kind_of is None:
        kind_of = np.zeros(len(doc_of), dtype=np.int64)
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
            other = (doc_of[cols] != doc_of[start + local]) & (kind_of[cols] == kind_of[start + local])
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


# -- 6. decision, ranking, reasons ------------------------------------------------------
def pair_table(prepared: Prepared, rows: np.ndarray, cols: np.ndarray,
               contains: sp.csr_matrix | None = None) -> tuple[np.ndarray, np.ndarray, sp.csr_matrix, sp.csr_matrix]:
    """Features of the pairs, their folded shared-word counts, their word products and the
    folded shared words."""
    words = prepared.evidence.words
    if contains is None:
        contains = containment(prepared.vocabulary.tolist())
    products = pair_products(words, rows, cols)
    folded = folded_terms(products, contains)
    shared = np.diff(products.indptr) - np.diff(folded.indptr)
    features = pair_features(prepared.evidence, rows, cols, products, shared)
    return features, shared, products, folded


def assemble(
    prepared: Prepared,
    rows: np.ndarray,
    cols: np.ndarray,
    settings: LinkSettings,
    probability: Callable[[np.ndarray], np.ndarray],
    threshold: float,
    strong: float,
    chunk_pairs: int = 250_000,
) -> dict[ClauseRef, tuple[Similar, ...]]:
    """Decide on the candidate pairs, rank by (probability, id) and name the shared
    phrases. ``rows`` must be sorted; pairs are taken a chunk of whole rows at a time, so
    memory stays bounded."""
    units, evidence = prepared.units, prepared.evidence
    names = prepared.vocabulary.tolist()
    contains = containment(names)
    links: dict[ClauseRef, tuple[Similar, ...]] = {}
    bounds = np.searchsorted(rows, np.arange(len(units) + 1))
    row = 0
    while row < len(units):
        last = min(max(int(np.searchsorted(bounds, bounds[row] + chunk_pairs, side="right")) - 1,
                       row + 1), len(units))
        lo, hi = bounds[row], bounds[last]
        r_chunk, c_chunk = rows[lo:hi], cols[lo:hi]
        features, shared, products, folded = pair_table(prepared, r_chunk, c_chunk, contains)
        scores = probability(features) if len(r_chunk) else np.empty(0)
        for r, found in top_links(units, r_chunk, c_chunk, scores, (scores >= threshold)
                                  & evident(prepared, r_chunk, c_chunk, features, shared, settings),
                                  settings.top_k).items():
            links[units[r].ref] = tuple(
                Similar(target=units[c_chunk[at]].ref, score=float(scores[at]),
                        terms=tuple(reasons(prepared, r, int(c_chunk[at]), products, folded, at,
                                            names, settings.terms_shown)),
                        strength=STRONG if scores[at] >= strong else FAIR)
                for at in found
            )
        row = last
    return links


def evident(prepared: Prepared, rows: np.ndarray, cols: np.ndarray, features: np.ndarray,
            shared: np.ndarray, settings: LinkSettings) -> np.ndarray:
    """Whether each pair has distinctive shared evidence, and two norms come from
    regulations of one subject (module docstring, 7)."""
    phrases = features[:, FEATURES.index("phrases")] > 0
    grams = np.expm1(features[:, FEATURES.index("grams")]) >= settings.min_grams - 0.5
    ok = (phrases | (shared >= settings.min_shared)) & grams
    norms = np.flatnonzero(ok & (prepared.kind_of[rows] == LINKED.index(NORM)))
    if norms.size:
        documents = prepared.documents
        a, b = prepared.doc_of[rows[norms]], prepared.doc_of[cols[norms]]
        subject = np.asarray(documents[a].multiply(documents[b]).sum(axis=1)).ravel()
        pairs = list(zip(a.tolist(), b.tolist()))
        titles = {pair: agreement(prepared.titles[pair[0]], prepared.titles[pair[1]]) for pair in set(pairs)}
        named = np.fromiter((titles[pair] for pair in pairs), dtype=np.float64, count=len(pairs))
        ok[norms[(subject < settings.norm_subject) | (named < settings.norm_title)]] = False
    return ok


def document_vectors(words: sp.csr_matrix, doc_of: np.ndarray) -> sp.csr_matrix:
    """L2-normalised sum of the word rows of each document's units: what it is about."""
    n = words.shape[0]
    summed = sp.csr_matrix((np.ones(n, dtype=np.float32), (doc_of, np.arange(n))),
                           shape=(int(doc_of.max()) + 1, n)) @ words
    norm = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1), dtype=np.float64)).ravel()
    norm[norm == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norm) @ summed, dtype=np.float32)


def top_links(units: Sequence[Unit], rows: np.ndarray, cols: np.ndarray, scores: np.ndarray,
              allowed: np.ndarray, top_k: int) -> dict[int, list[int]]:
    """For every row with an allowed pair, the positions of its ``top_k`` best pairs:
    by score, ties by the (document, clause) id of the target."""
    ok = np.flatnonzero(allowed)
    ok = ok[np.lexsort((cols[ok], -scores[ok], rows[ok]))]
    found: dict[int, list[tuple]] = {}
    for at in ok.tolist():
        target = units[cols[at]].ref
        found.setdefault(int(rows[at]), []).append((-float(scores[at]), target.document, target.clause, at))
    return {r: [item[3] for item in sorted(items)[:top_k]] for r, items in found.items()}


def reasons(prepared: Prepared, a: int, b: int, products: sp.csr_matrix, folded: sp.csr_matrix,
            at: int, names: Sequence[str], limit: int) -> list[str]:
    """The shared phrases, rarest first, then shared words not inside them, most weight
    first: at most ``limit``. The same from both ends."""
    first, second = min(a, b), max(a, b)
    chosen = shared_phrase_names(prepared.evidence, first, second, limit)
    span = slice(products.indptr[at], products.indptr[at + 1])
    for term in fold_terms(products.indices[span], products.data[span],
                           folded.indices[folded.indptr[at]:folded.indptr[at + 1]], names, limit * 3):
        if len(chosen) >= limit:
            break
        if not any(term in phrase for phrase in chosen):
            chosen.append(term)
    return chosen


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
