"""Analyze: corpus-wide facts computed once the whole archive is structured.

Themes (``themes``), similar measures (``similarity``), citations between documents
(``citations``), editors' notes (``notes``) and the glossary (``glossary``) each live in
their own module; this one only runs them in order
and gathers their results into one ``Analysis``. Themes, similar measures and editions
read a document printed in traditional characters folded to simplified ones
(``ingest.script.reading_copy``); citations, notes and the glossary read the printed text.
"""
from __future__ import annotations

from collections.abc import Callable

from .citations import cite_all
from .config import Settings
from .glossary import candidate_terms, load_glossary
from .ingest.script import reading_copy
from .lineage import lineage, validity
from .model import Analysis, Document, Problem
from .notes import load_notes
from .segment import Segmenter
from .similarity import link
from .stage_cache import StageCache
from .themes import classify, load_themes


def analyze_corpus(documents: tuple[Document, ...], settings: Settings,
                   progress: Callable[[str], None],
                   corpus_key: str | None = None) -> tuple[Analysis, list[Problem]]:
    """``corpus_key``, if given, stands for ``documents`` in the keys of the stored theme
    and similar-measure results (a digest of the sources they were built from)."""
    problems: list[Problem] = []
    reading = tuple(reading_copy(doc) for doc in documents)  # traditional characters folded
    segmenter = Segmenter()
    themes, theme_problems = load_themes(settings.themes)
    problems.extend(theme_problems)
    cache = StageCache(settings.stage_cache)
    corpus = "" if not settings.stage_cache else \
        (corpus_key, segmenter.version) if corpus_key else cache.digest(reading, segmenter.version)
    clause_themes = cache.run("themes", lambda: classify(reading, themes, segmenter),
                              corpus, themes) if themes else {}
    progress(f"themes: {len(clause_themes)} measures classified into {len(themes)} themes"
             + (" (stored result)" if "themes" in cache.hits else ""))
    similar = cache.run("similar", lambda: link(reading, segmenter, themes=clause_themes),
                        corpus, cache.keys.get("themes", "no themes")) if settings.link else {}
    shown = sum(len(v) for v in similar.values())
    progress(f"similar: {shown} links for {len(similar)} measures"
             + (" (stored result)" if "similar" in cache.hits else ""))
    citations, citation_problems = cite_all(documents)
    problems.extend(citation_problems)
    found = [c for items in citations.values() for c in items]
    progress(f"citations: {len(found)} found, "
             f"{sum(c.status == 'resolved' for c in found)} to documents of the archive, "
             f"{sum(c.status == 'internal' for c in found)} within a document")
    editions, continuity = lineage(reading, segmenter)
    in_force, validity_problems = validity(documents)
    problems.extend(validity_problems)
    progress(f"lineage: {len(editions)} documents in series of editions, "
             f"{len(in_force)} with a stated validity")
    notes, note_problems = load_notes(settings.annotations, documents)
    problems.extend(note_problems)
    glossary, glossary_problems = load_glossary(settings.glossary) \
        if settings.glossary.exists() else ((), [Problem(str(settings.glossary), 0, "glossary "
                                                         "file not found: no term is explained "
                                                         "and the glossary page is empty",
                                                         "warning")])
    problems.extend(glossary_problems)
    progress(f"notes and glossary: {sum(len(v) for v in notes.values())} notes, "
             f"{len(glossary)} glossary entries")
    missing = tuple(candidate_terms((c.text for d in documents for c in d.clauses), glossary))
    return Analysis(themes=themes, clause_themes=clause_themes, similar=similar, notes=notes,
                    glossary=glossary, citations=citations, editions=editions,
                    continuity=continuity, validity=in_force, unglossed=missing), problems
