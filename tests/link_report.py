"""Link figures and why judged links are missed: ``.venv/bin/python tests/link_report.py [-v]``.

Prints the out-of-fold figures of the learned decision (``tools/train_links.py``: the
readers' pool precision and coverage, dev grade-2 recall@5 and hard negatives shown): the
precision–coverage curve, the nested figures (each fold's threshold chosen on the other
folds) and those at the committed threshold, then the dev-sample figures of the fitted model and, for every end of a judged
pair (grade >= 1) whose partner is not among the five links shown, what stands in its
way: the five shown are full and already hold another judged partner of the same
measure, or are full of measures the sample does not judge, or the list is short because
the partner is under the calibrated threshold (its rank among all candidates, scored
without the threshold, is given). ``-v`` lists every missed end.

``--sample [N [SEED]]`` prints instead a random sample of N links (40, seed 12) of what
the archive shows when the seeds and the real documents of ``tests/fixtures/real`` are
linked together (with the measures' themes, as a build links them): every (measure, link
shown under it) is drawn with a fixed seed and printed with both texts, the shared
phrases and the strength, to be read and graded by the rubric of the eval data.
"""
from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from build_tools.build import load_corpus  # noqa: E402
from build_tools.segment import default_segmenter  # noqa: E402
from build_tools.similarity import LinkSettings, link, linkable_units  # noqa: E402
from gold import ClauseLocator, load_pairs, score_links  # noqa: E402


def main(verbose: bool) -> None:
    documents, _ = load_corpus(HERE.parent / "seeds")
    segmenter = default_segmenter()
    settings = LinkSettings()
    sys.path.insert(0, str(HERE.parent / "tools"))
    from train_links import cross_validate, print_curve, seed_themes

    print("out of fold (grouped by document pair):")
    print_curve(cross_validate(documents, segmenter, settings))
    print("fitted model on the dev sample:")
    themes = seed_themes(documents, segmenter)
    shown = link(documents, segmenter, settings, themes=themes)
    pairs = load_pairs()
    print(score_links(pairs, documents, shown).summary())

    loose = link(documents, segmenter, replace(settings, threshold=0.0, min_shared=1, top_k=50,
                                                   candidates=200), themes=themes)
    locate = ClauseLocator(documents).locate
    positive = defaultdict(set)
    ends = []
    for pair in pairs:
        a, b = locate(pair.a.file, pair.a.quote), locate(pair.b.file, pair.b.quote)
        if pair.grade >= 1 and a and b:
            positive[a].add(b)
            positive[b].add(a)
            ends += [(pair.grade, pair.a.label, a, pair.b.label, b),
                     (pair.grade, pair.b.label, b, pair.a.label, a)]
    counts = defaultdict(int)
    for grade, label, source, partner_label, partner in ends:
        listed = [s.target for s in shown.get(source, ())]
        if partner in listed:
            continue
        ranked = [s.target for s in loose.get(source, ())]
        rank = ranked.index(partner) + 1 if partner in ranked else None
        if len(listed) < settings.top_k:
            why = "list short: partner under the threshold or not a measure"
        elif any(t in positive[source] for t in listed):
            why = "five shown, one already another judged partner"
        else:
            why = "five shown, none judged"
        counts[why] += 1
        if verbose:
            print(f"  grade {grade} {label} -> {partner_label}: rank {rank or '>50'}; {why}")
    print(f"missed ends: {sum(counts.values())} of {len(ends)}")
    for why, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {n:3d}  {why}")


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
