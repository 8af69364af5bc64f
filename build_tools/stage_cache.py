"""Results of the expensive analysis stages, kept on disk by the content of their inputs.

Theme classification and the similar-measure linker read only the structured documents
(and the theme taxonomy), not the notes or the glossary, and they cost most of a build.
A stage's result is stored under a key made of everything it depends on:

- the stage's name,
- the code of the pipeline (every file of ``build_tools/``, so a changed rule, model or
  word list never reuses an old result),
- its inputs, pickled (the documents with their text and the theme taxonomy; for the
  linker, which reads the themes of the measures, the key of the themes stage instead of
  its result).

An unchanged key returns the stored result, equal to what the stage would compute, so the
pages built from it are byte-identical; any change of an input is a new key and the stage
runs. One result per stage is kept (``.cache/stages/<stage>-<key>.pickle``); a file that
cannot be read or written only costs the time of running the stage.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """A digest of every file of the pipeline's package (code, model and word lists)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


class StageCache:
    """Stage results under ``directory`` (None: nothing is stored, every stage runs)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits: list[str] = []
        self.keys: dict[str, str] = {}

    @staticmethod
    def digest(*inputs: object) -> str:
        """A digest of ``inputs`` (pickled), to key stages on, or to stand for a large
        input shared by several stages. A stage's result is named by its own key, never
        by its pickle: the pickle of an equal value read back from disk may differ."""
        return hashlib.sha256(pickle.dumps(inputs, protocol=5)).hexdigest()

    def key(self, stage: str, *inputs: object) -> str:
        """The key of ``stage`` run on ``inputs`` by this code (``self.keys[stage]`` after
        :meth:`run`)."""
        digest = hashlib.sha256(stage.encode() + b"\0" + code_fingerprint())
        digest.update(self.digest(*inputs).encode())
        return digest.hexdigest()[:32]

    def run(self, stage: str, compute: Callable[[], T], *inputs: object) -> T:
        """``compute()``, or its stored result for the same stage, code and ``inputs``."""
        if self.directory is None:
            return compute()
        self.keys[stage] = key = self.key(stage, *inputs)
        path = self.directory / f"{stage}-{key}.pickle"
        try:
            with path.open("rb") as stored:
                result = pickle.load(stored)
            self.hits.append(stage)
            return result
        except FileNotFoundError:
            pass
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            log.warning("stage cache %s not read: %s", path, error)
        result = compute()
        self._store(stage, path, result)
        return result

    def _store(self, stage: str, path: Path, result: object) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.partial")
            with partial.open("wb") as out:
                pickle.dump(result, out, protocol=5)
            os.replace(partial, path)
            for old in path.parent.glob(f"{stage}-*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError as error:  # a cache that cannot be written only costs time
            log.warning("stage cache %s not written: %s", path, error)
