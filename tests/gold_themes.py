"""Judged theme labels (tests/fixtures/themes-dev.yaml) mapped onto the archive's clauses.

A judged measure is ``{file, quote}``, located by ``gold.ClauseLocator`` (the rule of the
eval README: the innermost clause whose own text holds the quote, or the quote without its
marker). One case needs more: when an inline item follows a heading on the same line
(``拓宽融资渠道。一是…``), the quote runs past the heading's clause into the item's, so no
clause holds it whole; the clause of that file that *ends with* the longest start of the
quote (at least ``MIN_SPILL`` characters) is then taken.

Scores follow the eval README: primary accuracy (first theme equals the judged first),
top-1-in-set (first theme is among the judged ones), micro and macro F1 of the theme sets
(macro over every theme judged or predicted at least once on the sample).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.model import ClauseRef, Document
from gold import FIXTURES, MARKER, ClauseLocator, squash

THEMES_DEV = FIXTURES / "themes-dev.yaml"
MIN_SPILL = 6  # shortest start of a quote accepted at the end of a clause


@dataclass(frozen=True)
class Judged:
    id: str  # the judge's id, e.g. 000:4
    file: str
    quote: str
    themes: tuple[str, ...]  # primary first


@dataclass(frozen=True)
class ThemeScores:
    measures: int
    primary: float
    top1_in_set: float
    micro_f1: float
    macro_f1: float
    per_theme_f1: dict[str, float]

    def summary(self) -> str:
        return (
            f"{self.measures} measures: primary {self.primary:.3f}, top-1-in-set "
            f"{self.top1_in_set:.3f}, micro F1 {self.micro_f1:.3f}, macro F1 {self.macro_f1:.3f}"
        )


def load_judged(path: Path = THEMES_DEV) -> list[Judged]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Judged(str(item["id"]), item["file"], item["quote"], tuple(item["themes"]))
        for item in data["measures"]
    ]


def gold_themes(
    judged: Sequence[Judged], documents: Sequence[Document]
) -> tuple[dict[ClauseRef, tuple[str, ...]], list[str]]:
    """Judged themes by clause, and the judged measures that could not be located."""
    locator = ClauseLocator(documents)
    gold: dict[ClauseRef, tuple[str, ...]] = {}
    unlocated = []
    for item in judged:
        ref = locator.locate(item.file, item.quote) or _spilled(documents, item.file, item.quote)
        if ref is None or ref in gold:
            unlocated.append(f"{item.id} {item.file}: {item.quote}")
            continue
        gold[ref] = item.themes
    return gold, unlocated


def _spilled(documents: Sequence[Document], file: str, quote: str) -> ClauseRef | None:
    bare = MARKER.sub("", squash(quote))
    for size in range(len(bare) - 1, MIN_SPILL - 1, -1):
        head = bare[:size]
        found = [
            (clause.depth, document.id, clause.id)
            for document in documents
            if document.source.file == file
            for clause in document.clauses
            if squash(clause.text).endswith(head)
        ]
        if found:
            depth, document_id, clause_id = max(found, key=lambda match: match[0])
            return ClauseRef(document_id, clause_id)
    return None


def score_themes(
    predicted: Mapping[ClauseRef, Sequence[str]], gold: Mapping[ClauseRef, Sequence[str]]
) -> ThemeScores:
    """Compare predicted theme lists with the judged ones, over the judged clauses."""
    primary = top1 = 0
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for ref, expected in gold.items():
        got = tuple(predicted.get(ref, ()))
        primary += bool(got) and got[0] == expected[0]
        top1 += bool(got) and got[0] in expected
        for theme in set(got) | set(expected):
            counter = tp if theme in got and theme in expected else fp if theme in got else fn
            counter[theme] = counter.get(theme, 0) + 1
    themes = sorted(set(tp) | set(fp) | set(fn))
    per_theme = {theme: _f1(tp.get(theme, 0), fp.get(theme, 0), fn.get(theme, 0)) for theme in themes}
    total = len(gold) or 1
    return ThemeScores(
        measures=len(gold),
        primary=primary / total,
        top1_in_set=top1 / total,
        micro_f1=_f1(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        macro_f1=sum(per_theme.values()) / len(per_theme) if per_theme else 0.0,
        per_theme_f1=per_theme,
    )


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
