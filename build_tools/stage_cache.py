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
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


def package_data_files() -> list[Path]:
    """The data files of pinned packages that the pipeline reads: the administrative
    divisions (``region``), the thesaurus (``concepts``) and the traditional-to-simplified
    table (``ingest.script``)."""
    from . import concepts, region
    from .ingest import script

    return [region.data_file(), concepts.data_file(), script.data_file(),
            script.data_file().with_name("TSPhrases.txt")]


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """A digest of every file of the pipeline's package (code, model and word lists) and of
    the packages' data files it reads: a new version of either is a new pipeline."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for path in package_data_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
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
        if not _write(path, result, "stage cache"):
            return
        try:
            for old in path.parent.glob(f"{stage}-*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError as error:
            log.warning("stage cache %s: older results not removed: %s", path.parent, error)


_ABSENT = b"\0no sidecar\0"


class SourceCache:
    """Ingest and structure, one source file at a time, kept by the content of the file.

    A source's documents depend only on its name, its bytes, its sidecar's bytes, the size
    limit and the pipeline's code, so those make its key; the entry holds what
    :func:`~build_tools.ingest.ingest_file` returned and every document structured. An
    unchanged source is neither parsed nor structured again, and :meth:`corpus_key`, a
    digest of every source's key in order, stands for the whole structured corpus (the
    key of the themes and similar-measure stages), without pickling it. A source that is
    not a plain readable file, or whose sidecar is not, is read as usual and not kept.
    Entries are ``<directory>/<key>.pickle``; :meth:`prune` removes those no source used.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = self.misses = 0
        self.keys: list[str] = []
        self._structured: dict[int, object] = {}

    def read(self, path: Path, max_bytes: int):
        """``ingest_file(path, max_bytes)``, from the stored entry when there is one."""
        from .ingest import ingest_file

        data = _plain_bytes(path, max_bytes)
        sidecar = path.with_suffix(".yml")
        side = _plain_bytes(sidecar, max_bytes) if sidecar.exists() else _ABSENT
        if self.directory is None or data is None or side is None:
            self.keys.append(f"read:{path.name}")
            return self._structure(*ingest_file(path, max_bytes))
        digest = hashlib.sha256(b"source\0" + code_fingerprint())
        for part in (path.name.encode(), str(max_bytes).encode(), data, side):
            digest.update(hashlib.sha256(part).digest())
        key = digest.hexdigest()[:32]
        self.keys.append(key)
        entry = self.directory / f"{key}.pickle"
        try:
            with entry.open("rb") as stored:
                sources, problems, documents = pickle.load(stored)
            self.hits += 1
            self._structured.update((id(s), d) for s, d in zip(sources, documents))
            return sources, problems
        except FileNotFoundError:
            pass
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as error:
            log.warning("source cache %s not read: %s", entry, error)
        self.misses += 1
        sources, problems = self._structure(*ingest_file(path, max_bytes))
        if _plain_bytes(path, max_bytes) == data:  # not rewritten while it was read
            documents = [self._structured[id(s)] for s in sources]
            _write(entry, (sources, problems, documents))
        return sources, problems

    def _structure(self, sources, problems):
        from .structure import structure

        self._structured.update((id(s), structure(s)) for s in sources)
        return sources, problems

    def document(self, source):
        """The structured ``Document`` of a ``SourceDocument`` that :meth:`read` returned."""
        return self._structured[id(source)]

    def corpus_key(self) -> str:
        """A digest of every source read, in order: equal keys, equal structured corpora."""
        return hashlib.sha256("\n".join(self.keys).encode()).hexdigest()

    def prune(self) -> int:
        """Remove the entries of sources this build did not read: how many."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        used = set(self.keys)
        removed = 0
        for path in self.directory.iterdir():
            if path.suffix == ".partial" or (path.suffix == ".pickle" and path.stem not in used):
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _plain_bytes(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a regular file of at most ``max_bytes`` bytes, else None (it is then
    read the usual way, which reports why it cannot be)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


def _write(path: Path, value: object, what: str = "source cache") -> bool:
    """Pickle ``value`` to ``path`` by an atomic rename; False (and a warning) if it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with partial.open("wb") as out:
            pickle.dump(value, out, protocol=5)
        os.replace(partial, path)
        return True
    except OSError as error:  # a cache that cannot be written only costs time
        log.warning("%s %s not written: %s", what, path, error)
        return False
