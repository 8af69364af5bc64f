"""Link figures and why judged links are missed: ``.venv/bin/python tests/link_report.py [-v]``.

Prints the out-of-fold figures of the learned decision (``tools/train_links.py``: the
readers' pool precision and coverage, dev grade-2 recall@5 and hard negatives shown): the
out-of-fold AUC, the precision–coverage curve, the nested figures (each fold's threshold
chosen on the other folds) and those at the committed threshold; the nested figures
again with the same folds, models and thresholds when the seeds are linked among the
documents of ``tests/fixtures/real`` (``train_links.transfer``: does the threshold mean
the same in a bigger corpus?); the dev-sample figures of the fitted model; and, for every
grade-2 dev pair and every useful pool pair, the first stage of the linker that removes
it (``GATES``: roles, kind, candidate generation, the evidence rule, the same-subject
rule for norms, the threshold, the five-link cut), out of fold, as a table. ``-v`` also
lists every pair that is not shown and its gate.

``--sample [N [SEED]]`` prints instead a random sample of N links (40, seed 12) of what
the archive shows when the seeds and the real documents of ``tests/fixtures/real`` are
linked together (with the measures' themes, as a build links them): every (measure, link
shown under it) is drawn with a fixed seed and printed with both texts, the shared
phrases and the strength, to be read and graded by the rubric of the eval data.
"""
from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from build_tools.build import load_corpus  # noqa: E402
from build_tools.segment import default_segmenter  # noqa: E402
import numpy as np  # noqa: E402

from build_tools.link_roles import LINKED  # noqa: E402
from build_tools.similarity import LinkSettings, evident, link, linkable_units  # noqa: E402
from gold import ClauseLocator, load_pairs, score_links  # noqa: E402


def main(verbose: bool) -> None:
    documents, _ = load_corpus(HERE.parent / "seeds")
    segmenter = default_segmenter()
    settings = LinkSettings()
    sys.path.insert(0, str(HERE.parent / "tools"))
    from train_links import cross_validate, print_curve, seed_themes

    from gold_annotated import corpus_documents
    from train_links import transfer

    bigger = corpus_documents()
    print("out of fold (grouped by document pair):")
    result = cross_validate(documents, segmenter, settings, annotated_corpus=bigger)
    print_curve(result)
    print(f"the same, linked among {len(bigger)} documents (the seeds and tests/fixtures/real):",
          json.dumps(transfer(result)))
    print("fitted model on the dev sample:")
    themes = seed_themes(documents, segmenter)
    shown = link(documents, segmenter, settings, themes=themes)
    print(score_links(load_pairs(), documents, shown).summary())
    print_annotated(bigger, segmenter, settings)
    print_gates(documents, result, settings, verbose)


def print_annotated(documents, segmenter, settings: LinkSettings) -> None:
    """The useful share of the links shown among ``documents`` (the annotated corpus), read
    off the annotated sample (``gold_annotated``), for all links and by the measures' role,
    with its interval, and within halves of the documents."""
    from gold_annotated import load_annotated, shown_share, shown_share_interval
    from train_links import ANNOTATED_PRECISION, seed_themes

    shown = link(documents, segmenter, settings, themes=seed_themes(documents, segmenter))
    pairs = load_annotated(documents)
    roles = {unit.ref: unit.role for unit in linkable_units(documents)}
    print(f"annotated sample of the links shown among {len(documents)} documents "
          f"({sum(map(len, shown.values()))} links; annotators stricter than the readers):")
    for role in (None, *sorted({roles.get(p.a) for p in pairs}, key=str)):
        chosen = [p for p in pairs if role is None or roles.get(p.a) == role]
        low, high = shown_share_interval(chosen, shown)
        print(f"  {role or 'all'}:", shown_share(chosen, shown).summary(),
              f"(95 % interval, the strata drawn again: {low:.3f}–{high:.3f})")
    ids = [doc.id for doc in documents]
    halves = [share for share, _ in document_halves(pairs, shown, ids)]
    print(f"  within one half of the documents ({len(halves)} halves of 20 random splits, pairs "
          f"between the halves left out): share mean {np.mean(halves):.3f}, "
          f"10th–90th percentile {np.percentile(halves, 10):.3f}–{np.percentile(halves, 90):.3f}")
    every = link(documents, segmenter, replace(settings, threshold=0.0),
                 themes=seed_themes(documents, segmenter))
    floors = document_halves(pairs, every, ids, floor_shown=10)
    held = [share for _, share in floors if share is not None]
    print(f"  the least threshold reaching {ANNOTATED_PRECISION} over >= 10 shown pairs of one half, on "
          f"the other half: set in {len(held)} of {len(floors)}, reaches {ANNOTATED_PRECISION} there in "
          f"{sum(s >= ANNOTATED_PRECISION for s in held)}, share mean {np.mean(held):.3f}")


def document_halves(pairs, shown, ids: list[str], splits: int = 20, floor_shown: int = 0):
    """For each half of the documents over ``splits`` random halvings (fixed seeds), the
    annotated useful share of ``shown`` within it (pairs between the halves left out) and,
    with ``floor_shown``, the share within the other half at the least threshold reaching
    ``ANNOTATED_PRECISION`` over at least ``floor_shown`` pairs of this one (None when none
    does): how much the share, and a floor set on it, move from one corpus to another."""
    from gold_annotated import shown_share
    from train_links import ANNOTATED_PRECISION, GRID

    def within(chosen, threshold):
        return shown_share(chosen, {s: [x for x in v if x.score >= threshold] for s, v in shown.items()})

    out = []
    for seed in range(splits):
        half = set(random.Random(seed).sample(sorted(ids), len(ids) // 2))
        sides = [[p for p in pairs if (p.a.document in half) == inside and (p.b.document in half) == inside]
                 for inside in (True, False)]
        for this, other in (sides, sides[::-1]):
            floor = next((t for t in GRID if (c := within(this, t)).shown >= floor_shown
                          and c.share >= ANNOTATED_PRECISION), None) if floor_shown else None
            out.append((within(this, 0.0).share, within(other, floor).share if floor is not None else None))
    return out


GATES = ("role", "kind", "candidates", "evidence", "subject", "threshold", "top-k", "shown")


def gate_of(judged, k: int, result: dict, units: dict, settings: LinkSettings) -> str:
    """The first stage of the linker that removes judged pair ``k`` (``GATES``), read off
    the out-of-fold lists: the pair's fold threshold is the nested one, chosen on the
    other folds."""
    oof = result["out_of_fold"]
    prepared = oof["prepared"]
    j = judged[k]
    ua, ub = units.get(j.a), units.get(j.b)
    if ua is None or ub is None or ua.role not in LINKED or ub.role not in LINKED:
        return "role"
    if ua.role != ub.role:
        return "kind"
    index = {unit.ref: i for i, unit in enumerate(prepared.units)}
    a, b = index[j.a], index[j.b]
    rows, cols = oof["pairs"]
    at = np.flatnonzero((rows == a) & (cols == b))
    if not at.size:
        return "candidates"
    features, shared = (part[at] for part in oof["table"])
    pair = (np.asarray([a]), np.asarray([b]))
    if not evident(prepared, *pair, features, shared,
                   replace(settings, norm_subject=-1.0, norm_title=-1.0))[0]:
        return "evidence"
    if not evident(prepared, *pair, features, shared, settings)[0]:
        return "subject"
    fold = oof["fold"][k]
    threshold = result["out_of_fold"]["thresholds"][fold]
    if oof["probability"][k] < threshold:
        return "threshold"
    lists = oof["shown"][fold]
    if any(t == j.b and p >= threshold for t, p in lists.get(j.a, ())) or \
            any(t == j.a and p >= threshold for t, p in lists.get(j.b, ())):
        return "shown"
    return "top-k"


def print_gates(documents, result: dict, settings: LinkSettings, verbose: bool) -> None:
    """For every grade-2 dev pair and every useful pool pair, the first stage that removes
    it (out of fold, nested thresholds): a table, and with ``-v`` every pair."""
    judged = result["out_of_fold"]["judged"]
    units = {unit.ref: unit for unit in linkable_units(documents)}
    table = defaultdict(lambda: defaultdict(int))
    for k, j in enumerate(judged):
        if j.source == "dev" and j.grade < 2 or j.source == "pool" and not j.useful:
            continue
        kind = "dev grade 2" if j.source == "dev" else "pool useful"
        gate = gate_of(judged, k, result, units, settings)
        table[kind][gate] += 1
        if verbose and gate != "shown":
            roles = f"{getattr(units.get(j.a), 'role', '-')}/{getattr(units.get(j.b), 'role', '-')}"
            print(f"  {kind}: {j.a.document} {j.a.clause} | {j.b.document} {j.b.clause}: {gate} ({roles})")
    print("where judged pairs are lost (out of fold, nested thresholds; pairs, first gate):")
    print("  " + " ".join(f"{g:>10}" for g in ("", *GATES, "total")))
    for kind, counts in sorted(table.items()):
        print("  " + f"{kind:>10}"[:11] + " " + " ".join(f"{counts[g]:>10}" for g in GATES)
              + f" {sum(counts.values()):>10}")


def sample(size: int, seed: int) -> None:
    """A fixed random sample of the links shown on the seeds and the real documents."""
    sys.path.insert(0, str(HERE.parent / "tools"))
    from train_links import seed_themes

    documents = load_corpus(HERE.parent / "seeds")[0] + load_corpus(HERE / "fixtures" / "real")[0]
    segmenter = default_segmenter()
    shown = link(documents, segmenter, themes=seed_themes(documents, segmenter))
    bodies = {unit.ref: unit.body for unit in linkable_units(documents)}
    titles = {doc.id: doc.title for doc in documents}
    pairs = sorted(((source, item) for source, similar in shown.items() for item in similar),
                   key=lambda pair: (pair[0].document, pair[0].clause,
                                     pair[1].target.document, pair[1].target.clause))
    print(f"{len(pairs)} links shown under {len(shown)} measures of {len(documents)} documents")
    for n, (source, item) in enumerate(random.Random(seed).sample(pairs, min(size, len(pairs))), 1):
        print(f"\n[{n}] {item.strength} {item.score:.2f} {' / '.join(item.terms)}")
        for ref in (source, item.target):
            text = " ".join(bodies[ref].split())
            print(f"  {ref.document} {ref.clause} 《{titles[ref.document][:30]}》\n    {text[:260]}")


if __name__ == "__main__":
    if "--sample" in sys.argv[1:]:
        numbers = [int(a) for a in sys.argv[sys.argv.index("--sample") + 1:]]
        sample(*(numbers + [40, 12][len(numbers):]))
    else:
        main("-v" in sys.argv[1:])
