"""Judged measure pairs (tests/fixtures/links-dev.yaml) mapped onto the archive's clauses.

A judged endpoint is ``{file, quote}``: ``quote`` is the first 12–20 characters of a
measure, verbatim. The archive's clause *is* that measure when the quote, or the quote
without its leading marker, lies inside the clause's own text; when several clauses match
(a heading node and a body node), the innermost — the deepest — wins. A quote that runs
on from a short heading into its first enumeration item (``拓宽融资渠道。一是…``) belongs to
the heading: the clause whose whole text begins the quote. Texts are compared
after NFKC normalisation with white space removed, the way ``corpus.json`` promises the
texts match their sources.

``score_links`` computes the figures the eval README defines: recall@5 from both ends
(overall and per grade), precision among shown links whose pair is judged, and the share
of grade-0 pairs shown at either end.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_tools.model import ClauseRef, Document, Similar

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LINKS_DEV = FIXTURES / "links-dev.yaml"

MARKER = re.compile(
    r"^(?:[((][一二三四五六七八九十\d]+[))]"
    r"|[一二三四五六七八九十]+[是、]"
    r"|\d+[.、.]"
    r"|——)"
)


def squash(text: str) -> str:
    """NFKC, no white space: the form in which quotes and clause texts are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Endpoint:
    file: str
    quote: str
    label: str  # the judge's id, e.g. 001-SZ:(32)


@dataclass(frozen=True)
class Pair:
    a: Endpoint
    b: Endpoint
    grade: int
    reason: str


def load_pairs(path: Path = LINKS_DEV) -> list[Pair]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for entry in data["pairs"]:
        ends = [Endpoint(e["file"], e["quote"], e.get("id", "")) for e in (entry["a"], entry["b"])]
        pairs.append(Pair(ends[0], ends[1], int(entry["grade"]), entry.get("reason", "")))
    return pairs


class ClauseLocator:
    """Finds the clause that is a judged measure, per the rule in the module docstring."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._by_file: dict[str, list[tuple[Document, object, str]]] = {}
        for doc in documents:
            for clause in doc.clauses:
                self._by_file.setdefault(doc.source.file, []).append((doc, clause, squash(clause.text)))

    def locate(self, file: str, quote: str) -> ClauseRef | None:
        needles = {squash(quote)}
        bare = MARKER.sub("", squash(quote))
        if len(bare) >= 6:
            needles.add(bare)
        matches = [
            (clause.depth, doc.id, clause.id)
            for doc, clause, text in self._by_file.get(file, ())
            if any(needle in text for needle in needles)
        ]
        if not matches:  # the quote runs on into the clause's first child (一是 …)
            matches = [
                (clause.depth, doc.id, clause.id)
                for doc, clause, text in self._by_file.get(file, ())
                if len(text) >= 4 and any(needle.startswith(text) for needle in needles)
            ]
        if not matches:
            return None
        depth, doc_id, clause_id = max(matches, key=lambda m: m[0])
        return ClauseRef(doc_id, clause_id)


@dataclass
class LinkScores:
    """Figures of the eval README for one set of links."""

    checks: dict[int, list[bool]] = field(default_factory=dict)  # grade -> hit per end
    judged_shown: int = 0
    judged_shown_positive: int = 0
    shown_total: int = 0
    negatives: int = 0
    negatives_shown: int = 0
    unlocated: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_links: list[str] = field(default_factory=list)

    def recall(self, grade: int | None = None) -> float:
        hits = [h for g, hs in self.checks.items() if grade is None or g == grade for h in hs]
        return sum(hits) / len(hits) if hits else 0.0

    @property
    def precision(self) -> float:
        return self.judged_shown_positive / self.judged_shown if self.judged_shown else 1.0

    @property
    def judged_share(self) -> float:
        return self.judged_shown / self.shown_total if self.shown_total else 0.0

    @property
    def negatives_shown_rate(self) -> float:
        return self.negatives_shown / self.negatives if self.negatives else 0.0

    def summary(self) -> str:
        return (
            f"recall@5 {self.recall():.3f} (grade 2 {self.recall(2):.3f}, grade 1 {self.recall(1):.3f}); "
            f"precision {self.precision:.3f} over {self.judged_shown} judged shown links "
            f"({self.judged_share:.1%} of {self.shown_total} shown); "
            f"hard negatives shown {self.negatives_shown}/{self.negatives} "
            f"({self.negatives_shown_rate:.1%}); unlocated {len(self.unlocated)}"
        )


def score_links(
    pairs: Sequence[Pair],
    documents: Sequence[Document],
    links: Mapping[ClauseRef, Sequence[Similar]],
    top_k: int = 5,
) -> LinkScores:
    """Score ``links`` against the judged pairs (see the module docstring)."""
    locator = ClauseLocator(documents)
    scores = LinkScores()
    judged: dict[frozenset, int] = {}
    for pair in pairs:
        a = locator.locate(pair.a.file, pair.a.quote)
        b = locator.locate(pair.b.file, pair.b.quote)
        for end, ref in ((pair.a, a), (pair.b, b)):
            if ref is None:
                scores.unlocated.append(f"{end.file}: {end.quote}")
        if a is None or b is None:
            continue
        judged[frozenset((a, b))] = max(pair.grade, judged.get(frozenset((a, b)), -1))
        shown_ab = b in [s.target for s in links.get(a, ())[:top_k]]
        shown_ba = a in [s.target for s in links.get(b, ())[:top_k]]
        if pair.grade >= 1:
            scores.checks.setdefault(pair.grade, []).extend([shown_ab, shown_ba])
            for hit, label in ((shown_ab, pair.a.label), (shown_ba, pair.b.label)):
                if not hit:
                    other = pair.b.label if label == pair.a.label else pair.a.label
                    scores.misses.append(f"grade {pair.grade}: {label} -/-> {other}")
        else:
            scores.negatives += 1
            if shown_ab or shown_ba:
                scores.negatives_shown += 1
                scores.false_links.append(f"{pair.a.label} <-> {pair.b.label}: {pair.reason}")
    for source, similar in links.items():
        for item in similar[:top_k]:
            scores.shown_total += 1
            grade = judged.get(frozenset((source, item.target)))
            if grade is not None:
                scores.judged_shown += 1
                scores.judged_shown_positive += grade >= 1
    return scores
