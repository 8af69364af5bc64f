"""One typed settings object for the build, with a default and a line of help per field."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The largest source file read (bytes); a larger one is refused with a message.
MAX_SOURCE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    #: Directory of plain-text sources (``*.txt``) and their optional ``*.yml`` sidecars.
    seeds: Path = REPO_ROOT / "seeds"
    #: MkDocs ``docs_dir``: generated Markdown and ``data/corpus.json`` are written here.
    docs: Path = REPO_ROOT / "docs"
    #: Theme taxonomy (ids are stable; names, scopes and keywords are editorial).
    themes: Path = REPO_ROOT / "themes.yaml"
    #: Glossary of policy slogans and jargon.
    glossary: Path = REPO_ROOT / "glossary.yml"
    #: Editors' notes, one ``<doc-id>.yml`` per document.
    annotations: Path = REPO_ROOT / "annotations"
    #: The largest source file read, in bytes (a larger one is an error and is not read).
    max_source_bytes: int = MAX_SOURCE_BYTES
    #: Treat problems in sources as fatal (non-zero exit) after building what can be built.
    strict: bool = False
    #: Skip the similarity stage (for quick previews of a large archive).
    link: bool = True
    #: Print progress lines to stderr.
    progress: bool = True
    #: Also print the editors' reports (quoted phrases without a glossary entry) in full.
    verbose: bool = False
    #: Where the build writes its reports for editors (not part of the site).
    reports: Path = REPO_ROOT / ".cache" / "reports"
    #: Where theme and similar-measure results are kept by the content of their inputs
    #: (``build_tools.stage_cache``); None runs every stage.
    stage_cache: Path | None = REPO_ROOT / ".cache" / "stages"
    #: Generated sub-directories of ``docs`` that the build owns and rewrites.
    generated_dirs: tuple[str, ...] = field(default=("documents", "data", "indexes", "themes"))
    #: Generated single pages of ``docs`` that the build owns and rewrites.
    generated_files: tuple[str, ...] = field(default=("index.md", "glossary.md", "feed.xml",
                                                             "glossary.css"))
