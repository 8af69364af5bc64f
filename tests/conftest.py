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


@pytest.fixture(scope="session")
def zensical_seed_site(seed_site: SiteBuild, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed archive's ``docs/`` rendered with Zensical (``build_tools.zensical_site``,
    not strict, so that the site is published even with broken links): its ``site/``."""
    from zensical_build import render_with_zensical, require_zensical

    require_zensical()
    root = tmp_path_factory.mktemp("zensical-seed-site") / "project"
    done = render_with_zensical(seed_site.docs, root, env=build_env(PYTHONHASHSEED="1"))
    assert done.returncode == 0, done.stderr[-4000:]
    return root / "site"
