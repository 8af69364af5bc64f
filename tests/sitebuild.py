"""Build a whole archive from a seeds directory into a temporary project, as ``make site`` does.

``build_site(seeds, root)`` runs the two commands of the README against a throw-away
project under ``root``:

    python -m build_tools build --seeds <seeds> --docs <root>/docs
    mkdocs build --strict -f <root>/mkdocs.yml

``<root>/mkdocs.yml`` is the repository's own ``mkdocs.yml`` with ``docs_dir`` and
``site_dir`` pointing into ``root`` and its other relative paths (``hooks``, ``watch``)
made absolute, so the real configuration is what renders. The hand-written part of
``docs/`` (everything the build does not generate: stylesheets, scripts, ``about.md``) is
copied in first, and ``overrides/`` (``theme.custom_dir``) is copied beside the configuration.

Time enters a MkDocs 1.6 build in exactly one place: ``sitemap.xml``'s ``<lastmod>`` and
the gzip header of ``sitemap.xml.gz`` carry the build date (``mkdocs.utils.get_build_date``),
which honours ``SOURCE_DATE_EPOCH``. Builds here pin it to ``BUILD_EPOCH`` so that two
builds on either side of midnight still compare byte for byte.

``run_pipeline`` runs only the first command, for tests of the build's own behaviour.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.config import Settings

REPO = Path(__file__).resolve().parent.parent
MKDOCS_YML = REPO / "mkdocs.yml"
#: 2020-01-01T00:00:00Z: the build date every test build claims (see the module docstring).
BUILD_EPOCH = "1577836800"
BUILD_TIMEOUT = 600  # seconds; a build of the seeds takes about 20 s on two cores


class BuildFailed(AssertionError):
    """A command of the build exited non-zero; carries its command line and output."""


@dataclass(frozen=True)
class SiteBuild:
    """A built archive: where its sources, pages and site are, and what the build printed."""

    seeds: Path
    root: Path
    docs: Path
    site: Path
    build_returncode: int  # exit status of ``python -m build_tools build``
    build_stderr: str  # its ``file:line: severity: message`` lines

    def corpus(self) -> dict:
        """``docs/data/corpus.json``, parsed."""
        return json.loads((self.docs / "data" / "corpus.json").read_text(encoding="utf-8"))

    def page_path(self, url: str) -> Path:
        """The HTML file of a site-relative ``url`` such as ``documents/<id>/``."""
        return self.site / url / "index.html" if url.endswith("/") or not url else self.site / url

    def page(self, url: str) -> str:
        return self.page_path(url).read_text(encoding="utf-8")


def build_env(**overrides: str) -> dict[str, str]:
    """The environment of a test build: the caller's, with the build date pinned."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner, noise in failure output
    env.update(overrides)
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=BUILD_TIMEOUT)


def run_pipeline(seeds: Path, docs: Path, *options: str,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m build_tools build --seeds SEEDS --docs DOCS [options]``; never raises on exit."""
    command = [sys.executable, "-m", "build_tools", "build", "--seeds", str(seeds),
               "--docs", str(docs), "--quiet", *options]
    return _run(command, REPO, env or build_env())


def _check(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0:
        raise BuildFailed(f"`{' '.join(result.args)}` exited with {result.returncode}:\n"
                          f"{result.stderr[-4000:]}")


class _Tagged:
    """A YAML value under a tag MkDocs understands and PyYAML's safe loader does not."""

    def __init__(self, tag: str, node: yaml.Node, loader: yaml.SafeLoader) -> None:
        self.tag = tag
        if isinstance(node, yaml.SequenceNode):
            self.value = loader.construct_sequence(node, deep=True)
        elif isinstance(node, yaml.MappingNode):
            self.value = loader.construct_mapping(node, deep=True)
        else:
            self.value = loader.construct_scalar(node)


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


# Any tag without a safe constructor (``!ENV``, ``!relative``, ``!!python/name:``) is kept as is.
_ConfigLoader.add_multi_constructor("", lambda loader, tag, node: _Tagged(tag, node, loader))


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigDumper.add_representer(_Tagged, _represent_tagged)


def write_mkdocs_config(root: Path) -> Path:
    """``root/mkdocs.yml``: the repository's configuration, rendering ``root/docs`` into ``root/site``."""
    config = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config["docs_dir"] = str(root / "docs")
    config["site_dir"] = str(root / "site")
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        source = REPO / theme["custom_dir"]
        target = root / theme["custom_dir"]
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)  # an empty override folder is not tracked
        theme["custom_dir"] = str(target)
    for key in ("hooks", "watch"):  # paths relative to the configuration file
        if config.get(key):
            config[key] = [str(REPO / path) for path in config[key]]
    path = root / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def copy_static_docs(docs: Path) -> None:
    """Copy the hand-written part of the repository's ``docs/`` (not what the build generates)."""
    settings = Settings()
    generated = set(settings.generated_dirs) | set(settings.generated_files)
    for item in sorted(settings.docs.iterdir()):
        if item.name in generated:
            continue
        if item.is_dir():
            shutil.copytree(item, docs / item.name, dirs_exist_ok=True)
        else:
            docs.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, docs / item.name)


def build_site(seeds: Path, root: Path, *, env: dict[str, str] | None = None,
               strict: bool = True, check: bool = True) -> SiteBuild:
    """Build the archive of ``seeds`` into the empty folder ``root``: pages, data and site.

    With ``check`` a non-zero exit of the pipeline raises ``BuildFailed``; without it the
    exit status is recorded and MkDocs still renders whatever the pipeline wrote.
    """
    env = env or build_env()
    docs, site = root / "docs", root / "site"
    docs.mkdir(parents=True)
    copy_static_docs(docs)
    config = write_mkdocs_config(root)
    pipeline = run_pipeline(seeds, docs, *(["--strict"] if strict else []), env=env)
    if check:
        _check(pipeline)
    _check(_run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], root, env))
    return SiteBuild(seeds=seeds, root=root, docs=docs, site=site,
                     build_returncode=pipeline.returncode, build_stderr=pipeline.stderr)


def tree_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative POSIX path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
