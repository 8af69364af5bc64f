"""The installed versions of packages, for the keys of the build's caches: a cache entry
made with other versions of the code that renders or indexes is never reused."""
from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version


def package_versions(packages: Iterable[str]) -> list[str]:
    """``name==version`` of each package (``name==?`` when it is not installed)."""
    found = []
    for name in packages:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}==?")
    return found
