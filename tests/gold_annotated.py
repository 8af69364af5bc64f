"""Annotated links of a bigger corpus (tests/fixtures/links-annotated.yaml) and the share of
what the linker shows there that is useful.

The pairs were drawn in strata of a model's probability from a known population (the
fixture's ``sampling``): every pair of a stratum stands for ``population / sampled`` pairs
of it. The useful share of the links a linker shows is therefore estimated by weighting
each shown annotated pair so (inverse-probability weighting); it covers the shown links
that lie in the population drawn from, and says how many of the annotated pairs that is.
Endpoints are ``{file, quote}``, located by ``gold.ClauseLocator`` in the fixture's corpus.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.model import ClauseRef, Document, Similar
from gold import FIXTURES, ClauseLocator

ANNOTATED = FIXTURES / "links-annotated.yaml"


@dataclass(frozen=True)
class Annotated:
    a: ClauseRef
    b: ClauseRef
    grades: tuple[int, ...]
    useful: bool  # the mean of the grades is at least 1
    weight: float  # pairs of the population this one stands for


@dataclass(frozen=True)
class ShownShare:
    shown: int  # annotated pairs the linker shows (at either end)
    useful_shown: int
    share: float  # inverse-probability weighted useful share of the shown ones

    def summary(self) -> str:
        return (f"{self.shown} annotated pairs shown, {self.useful_shown} useful; "
                f"weighted useful share {self.share:.3f}")


def corpus_documents(path: Path = ANNOTATED) -> list[Document]:
    """The documents of the corpus the pairs were drawn in (its directories are named from
    the repository root)."""
    from build_tools.build import load_corpus

    root = FIXTURES.parent.parent
    return [doc for d in yaml.safe_load(path.read_text(encoding="utf-8"))["corpus"]
            for doc in load_corpus(root / d)[0]]


def load_annotated(documents: Sequence[Document], path: Path = ANNOTATED) -> list[Annotated]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    strata = data["sampling"]["strata"]
    locate = ClauseLocator(documents).locate
    pairs = []
    for n, entry in enumerate(data["pairs"], 1):
        a = locate(entry["a"]["file"], entry["a"]["quote"])
        b = locate(entry["b"]["file"], entry["b"]["quote"])
        if a is None or b is None:
            raise ValueError(f"{path}: pair {n}: end not found: {entry['a']['quote']} / {entry['b']['quote']}")
        p = entry["probability"]
        stratum = next((s for s in strata if s["from"] <= p < s["to"] or (s["to"] == 1.0 and p == 1.0)), None)
        if stratum is None:
            raise ValueError(f"{path}: pair {n}: probability {p} is in no stratum of the sampling")
        grades = tuple(int(g) for g in entry["grades"])
        pairs.append(Annotated(a, b, grades, sum(grades) / len(grades) >= 1,
                               stratum["population"] / stratum["sampled"]))
    return pairs


def shown_share(pairs: Sequence[Annotated], links: Mapping[ClauseRef, Sequence[Similar]]) -> ShownShare:
    """The useful share of the annotated pairs ``links`` shows, weighted (module docstring)."""
    targets = {source: {s.target for s in similar} for source, similar in links.items()}
    shown = [p for p in pairs if p.b in targets.get(p.a, ()) or p.a in targets.get(p.b, ())]
    total = sum(p.weight for p in shown)
    return ShownShare(len(shown), sum(p.useful for p in shown),
                      round(sum(p.weight for p in shown if p.useful) / total, 4) if total else 0.0)
