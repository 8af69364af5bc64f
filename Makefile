# The two commands a newcomer needs:
#   make site   — install (pinned, into .venv), build the pages, render the site into site/
#   make test   — install test tools too (pinned; chromium from Debian, axe-core from npm),
#                 build the site, run the whole test suite
# Also: make serve (live preview), make bench [SIZES=100,1000], make bench-10000,
#       make bench-incremental DOCS=N, make bench-site DOCS=N, make clean.
# make site RENDERER=zensical renders with Zensical instead of MkDocs (experimental: README).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP  := $(VENV)/.dev-installed
ZENSICAL_STAMP := $(VENV)/.zensical-installed
# The renderer of `make site`: mkdocs, or zensical (experimental, README "Zensical").
RENDERER ?= mkdocs
ifeq ($(filter $(RENDERER),mkdocs zensical),)
$(error RENDERER must be mkdocs or zensical, not '$(RENDERER)')
endif
DOCS ?= 500
# Builds are reproducible: dates MkDocs writes (the sitemap) come from the last commit.
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: site serve test bench bench-10000 bench-incremental bench-site bench-site-10000 clean browser-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt requirements-zensical.txt $(SITE_STAMP)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

$(ZENSICAL_STAMP): requirements-zensical.txt $(SITE_STAMP)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-zensical.txt
	touch $@

ifeq ($(RENDERER),zensical)
site: $(SITE_STAMP) $(ZENSICAL_STAMP)
	$(BIN)/python -m build_tools build --strict
	$(BIN)/python -m build_tools.zensical_site --strict
else
site: $(SITE_STAMP)
	$(BIN)/python -m build_tools build --strict
	$(BIN)/mkdocs build --strict
endif

serve: site
	$(BIN)/mkdocs serve --strict

browser-tools:
	bash .ci/install-browser

test: $(DEV_STAMP) browser-tools site
	$(BIN)/python -m pytest

SIZES ?= 100,1000,10000
MKDOCS_MAX_DOCS ?= 1000
bench: $(DEV_STAMP)
	$(BIN)/python -m bench.bench --sizes $(SIZES) --mkdocs-max-docs $(MKDOCS_MAX_DOCS) --out bench/out/bench.json

# 10,000 documents end to end, the site included (a long build; run on demand).
bench-10000: $(DEV_STAMP)
	$(BIN)/python -m bench.bench --sizes 10000 --out bench/out/bench-10000.json

# A full build and the rebuilds after one glossary, note and source edit (DOCS=1000).
bench-incremental: $(DEV_STAMP)
	$(BIN)/python -m bench.incremental --docs $(DOCS) --out bench/out/incremental.json

bench-site: $(DEV_STAMP) browser-tools
	$(BIN)/python -m bench.sitebench --docs $(DOCS)

# The search at 10,000 documents (a long build; run on demand).
bench-site-10000: $(DEV_STAMP) browser-tools
	$(BIN)/python -m bench.sitebench --docs 10000 --repeat 3

clean:
	rm -rf site .cache/tokens .cache/stages .cache/render .cache/pages .cache/search docs/documents docs/data docs/indexes docs/themes docs/index.md docs/glossary.md docs/glossary.css docs/feed.xml
