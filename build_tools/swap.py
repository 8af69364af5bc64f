"""Publish a finished output in one step: build beside the target, then swap it in.

A build writes into a fresh staging directory next to its target (``.docs.staging`` beside
``docs/``, ``.site.staging`` beside ``site/``). Only when the staging directory is complete
are the old entries moved aside (``.docs.previous``) and the new ones moved in, by renames
within one folder; then the old ones are deleted. An exception, an interrupt or a kill
before that point leaves the target exactly as it was; a build that stops in the middle of
the renames leaves the ``.previous`` directory behind, and :func:`recover` (run at the
start of every build) puts the old entries back.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


class WriteError(Exception):
    """The output could not be written (disk full, no permission): one line for the reader."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        self.path = str(error.filename or path)
        reason = error.strerror or str(error)
        super().__init__(f"{self.path}:0: error: cannot write the output: {reason}; "
                         "the previous output is left as it was")


def staging_dir(target: Path) -> Path:
    return target.parent / f".{target.name}.staging"


def previous_dir(target: Path) -> Path:
    return target.parent / f".{target.name}.previous"


def recover(target: Path, names: Iterable[str]) -> None:
    """Undo a swap into ``target`` that stopped half-way, and drop a stale staging folder."""
    previous = previous_dir(target)
    if previous.is_dir():
        for name in names:
            old, new = previous / name, target / name
            if old.exists() or old.is_symlink():
                _remove(new)
                os.replace(old, new)
        shutil.rmtree(previous)
    shutil.rmtree(staging_dir(target), ignore_errors=True)


def swap_entries(target: Path, staging: Path, names: Iterable[str]) -> None:
    """Replace the entries ``names`` of ``target`` by those of ``staging`` (missing in
    ``staging``: removed from ``target``)."""
    target.mkdir(parents=True, exist_ok=True)
    previous = previous_dir(target)
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    names = list(names)
    for name in names:
        if (target / name).exists():
            os.replace(target / name, previous / name)
    for name in names:
        if (staging / name).exists():
            os.replace(staging / name, target / name)
    shutil.rmtree(previous)


def swap_dir(target: Path, staging: Path) -> None:
    """Replace the directory ``target`` by ``staging``."""
    previous = previous_dir(target)
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        os.replace(target, previous)
    os.replace(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


def recover_dir(target: Path) -> None:
    """Undo a :func:`swap_dir` that stopped between its two renames."""
    previous = previous_dir(target)
    if previous.is_dir():
        if not target.exists():
            os.replace(previous, target)
        else:
            shutil.rmtree(previous)
    shutil.rmtree(staging_dir(target), ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
