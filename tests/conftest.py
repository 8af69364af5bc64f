"""Shared fixtures: the archive of the real sources, built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import REPO, SiteBuild, build_env, build_site


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """``seeds/`` built into a temporary project (pipeline with ``--strict``, then MkDocs)."""
    return build_site(REPO / "seeds", tmp_path_factory.mktemp("seed-site") / "project",
                      env=build_env(PYTHONHASHSEED="1"))
