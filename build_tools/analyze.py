"""Analyze: corpus-wide facts computed once the whole archive is structured.

Themes (``themes``), similar measures (``similarity``), editors' notes (``notes``) and the
glossary (``glossary``) each live in their own module; this one only runs them in order
and gathers their results into one ``Analysis``.
"""
from __future__ import annotations

from collections.abc import Callable

from .config import Settings
from .glossary import candidate_terms, load_glossary
from .model import Analysis, Document, Problem
from .notes import load_notes
from .segment import Segmenter
from .similarity import link
from .themes import classify, load_themes


def analyze_corpus(documents: tuple[Document, ...], settings: Settings,
                   progress: Callable[[str], None]) -> tuple[Analysis, list[Problem]]:
    problems: list[Problem] = []
    segmenter = Segmenter()
    themes, theme_problems = load_themes(settings.themes)
    problems.extend(theme_problems)
    clause_themes = classify(documents, themes, segmenter) if themes else {}
    progress(f"themes: {len(clause_themes)} measures classified into {len(themes)} themes")
    similar = link(documents, segmenter) if settings.link else {}
    shown = sum(len(v) for v in similar.values())
    progress(f"similar: {shown} links for {len(similar)} measures")
    notes, note_problems = load_notes(settings.annotations, documents)
    problems.extend(note_problems)
    glossary, glossary_problems = load_glossary(settings.glossary) \
        if settings.glossary.exists() else ((), [])
    problems.extend(glossary_problems)
    progress(f"notes and glossary: {sum(len(v) for v in notes.values())} notes, "
             f"{len(glossary)} glossary entries")
    missing = tuple(candidate_terms((c.text for d in documents for c in d.clauses), glossary))
    return Analysis(themes=themes, clause_themes=clause_themes, similar=similar, notes=notes,
                    glossary=glossary, unglossed=missing), problems
