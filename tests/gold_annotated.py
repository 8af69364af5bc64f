"""Annotated links of a bigger corpus (tests/fixtures/links-annotated.yaml) and the share of
what the linker shows there that is useful.

The pairs were drawn in strata of a model's probability from a known population (the
fixture's ``sampling``): every pair of a stratum stands for ``population / sampled`` pairs
of it. The useful share of the links a linker shows is therefore estimated by weighting
each shown annotated pair so (inverse-probability weighting); it covers the shown links
that lie in the population drawn from, and says how many of the annotated pairs that is.
Its 95 % interval resamples the pairs of every stratum with replacement, as they were
drawn (``shown_share_interval``); it does not count that links of one document pair are
alike, so the share varies more from corpus to corpus than the interval says.
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
    stratum: int  # index of the sampling stratum it was drawn from


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
                               stratum["population"] / stratum["sampled"], strata.index(stratum)))
    return pairs


def shown_pairs(pairs: Sequence[Annotated], links: Mapping[ClauseRef, Sequence[Similar]]) -> list[bool]:
    """Whether ``links`` shows each of ``pairs``, at either end."""
    targets = {source: {s.target for s in similar} for source, similar in links.items()}
    return [p.b in targets.get(p.a, ()) or p.a in targets.get(p.b, ()) for p in pairs]


def shown_share(pairs: Sequence[Annotated], links: Mapping[ClauseRef, Sequence[Similar]]) -> ShownShare:
    """The useful share of the annotated pairs ``links`` shows, weighted (module docstring)."""
    shown = [p for p, on in zip(pairs, shown_pairs(pairs, links)) if on]
    total = sum(p.weight for p in shown)
    return ShownShare(len(shown), sum(p.useful for p in shown),
                      round(sum(p.weight for p in shown if p.useful) / total, 4) if total else 0.0)


def shown_share_interval(pairs: Sequence[Annotated], links: Mapping[ClauseRef, Sequence[Similar]],
                         draws: int = 2000, seed: int = 20261203) -> tuple[float, float]:
    """The 95 % interval of ``shown_share`` when the pairs of every stratum are drawn again,
    with replacement and as many as were drawn (module docstring); fixed seed, so the same
    pairs and links give the same interval."""
    import numpy as np

    on = np.asarray(shown_pairs(pairs, links), dtype=bool)
    useful = np.asarray([p.useful for p in pairs], dtype=bool)
    weight = np.asarray([p.weight for p in pairs], dtype=np.float64)
    stratum = np.asarray([p.stratum for p in pairs], dtype=np.int64)
    members = [np.flatnonzero(stratum == s) for s in np.unique(stratum)]
    rng = np.random.default_rng(seed)
    shares = []
    for _ in range(draws):
        drawn = np.concatenate([rng.choice(m, size=len(m)) for m in members])
        total = weight[drawn][on[drawn]].sum()
        if total:
            shares.append(weight[drawn][on[drawn] & useful[drawn]].sum() / total)
    if not shares:
        return 0.0, 0.0
    low, high = np.percentile(shares, [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)
