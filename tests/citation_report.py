"""Citations found and resolved: ``.venv/bin/python tests/citation_report.py [-v]``.

Builds one archive of the seeds and the real documents of ``fixtures/real/`` and prints how
many citations (《title》, 文号, article references) its clauses hold, by status (resolved
to another document, internal to the citing document, missing from the archive,
ambiguous, self). ``-v`` lists every resolved or internal citation with the clause it
lands on, for a hand check.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from build_tools.build import load_corpus  # noqa: E402
from build_tools.citations import cite_all  # noqa: E402


def main(verbose: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for source in [*(HERE.parent / "seeds").glob("*.txt"), *(HERE / "fixtures" / "real").glob("*.txt")]:
            shutil.copy(source, folder)
        documents, _ = load_corpus(Path(folder))
    citations, problems = cite_all(documents)
    found = [c for items in citations.values() for c in items]
    print(f"{len(documents)} documents, {len(found)} citations:",
          ", ".join(f"{status} {n}" for status, n in sorted(Counter(c.status for c in found).items())))
    for problem in problems:
        print(" ", problem)
    if verbose:
        titles = {d.id: d.title for d in documents}
        clauses = {(d.id, c.id): c for d in documents for c in d.clauses}
        for ref, items in citations.items():
            for c in items:
                if c.target is not None:
                    landed = clauses.get((c.target.document, c.target.clause))
                    where = f" {landed.label} {(landed.heading or '')[:24]}" if landed else ""
                    print(f"{c.status:9s} {ref.document}#{ref.clause}: {c.text} → 《{titles[c.target.document]}》{where}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
