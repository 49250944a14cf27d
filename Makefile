# The two commands a newcomer needs are `make serve` and `make test`; see README.md.
VENV   ?= .venv
# Windows (Git for Windows' make) names Python `python` and keeps a venv's programs in Scripts/.
ifeq ($(OS),Windows_NT)
PYTHON ?= python
PY     := $(VENV)/Scripts/python
else
PYTHON ?= python3
PY     := $(VENV)/bin/python
endif
export NO_MKDOCS_2_WARNING := 1

# The builder: MkDocs 1.6.1. ProperDocs, its maintained fork, builds the same site
# (tests/test_toolchain.py); `make build BUILDER=properdocs`, or this line changed, switches
# serve, build, test (the suite's own builds too) and audit. Both are pinned in requirements.txt.
BUILDER ?= mkdocs
MKDOCS  := $(PY) -m $(BUILDER)
export ANTHOLOGY_BUILDER := $(BUILDER)

.PHONY: serve build test check new import issue-form bench audit compare clean install install-import install-search install-test

# Installing is remembered by a stamp file, redone when a requirements file changes. The
# project itself is installed editable: the MkDocs plugin and the code behind the CLI.
# pip is pinned and updated first: the pip a venv starts with may predate PEP 685 (pip 23.2 of
# Python 3.11), and then warns that lxml has no extra "html_clean" (lxml names it "html-clean").
PIP_VERSION := 26.3
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PY) --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Search as published (Pagefind's extended binary, requirements-search.txt): for the built site,
# the tests and the deploy, not the preview.
$(VENV)/.installed-search: $(VENV)/.installed requirements-search.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-search.txt
	touch $@

# What only `make import` needs, installed when it is first run (and for the tests).
$(VENV)/.installed-import: $(VENV)/.installed requirements-import.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-import.txt
	touch $@

# Checkers of the built site from npm, pinned here: axe-core (accessibility rules), the W3C
# Nu Html Checker (needs Java) and pa11y (drives the system's Chromium, so no browser download).
NPM_TEST := axe-core@4.14.1 vnu-jar@26.9.27 pa11y@10.0.0
$(VENV)/.installed-test: $(VENV)/.installed-import $(VENV)/.installed-search requirements-test.txt Makefile
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix $(VENV)/node $(NPM_TEST)
	touch $@

install: $(VENV)/.installed
install-import: $(VENV)/.installed-import
install-search: $(VENV)/.installed-search
install-test: $(VENV)/.installed-test

serve: install          ## preview the site at http://127.0.0.1:8000, rebuilt on every save
	$(MKDOCS) serve -f mkdocs.yml --dev-addr 127.0.0.1:8000

build: install-search   ## build the site into site/
	$(MKDOCS) build --strict -f mkdocs.yml

# Problems fail the check everywhere, at a terminal too (`make check && git push` must stop).
# A failed recipe makes GNU make add "make: *** [...] Error 1" after the checker's summary, which
# reads to a writer as a crash: on problems the recipe stops make itself instead, with SIGINT,
# for which make prints nothing of its own and exits non-zero (130), as shells do for Ctrl-C.
# Where SIGINT is ignored (a job started in the background by a script), make would not stop:
# the recipe tries SIGINT on a shell of its own first, and there fails as any recipe fails. The
# pause keeps the recipe running until make stops: make waits for it, and a recipe gone already
# would leave make nothing to wait for ("wait: No child processes").
# On Windows, signals between processes are not POSIX's: there a failed check fails as any recipe does.
ifeq ($(OS),Windows_NT)
STOP_MAKE := exit 1
else
STOP_MAKE := { sh -c 'kill -INT $$$$' && exit 1; kill -INT $$PPID; sleep 1; }
endif
check: install          ## validate essays and registries, each essay rendered as the build renders it (FORMAT=github for CI)
	@$(PY) -m anthology check $(if $(FORMAT),--format $(FORMAT)) || $(STOP_MAKE)

new: install            ## scaffold an essay: make new TITLE="..." AUTHOR=id PROMPT=id
	@$(PY) -m anthology new --title "$(TITLE)" --author "$(AUTHOR)" --prompt "$(PROMPT)" $(if $(SLUG),--slug "$(SLUG)") \
		|| $(STOP_MAKE)

import: install-import  ## import a blog post: make import SOURCE=path-or-address [AUTHOR=id] [PROMPT=id] [TITLE=...] [URL=...]
	@$(PY) -m anthology import --source "$(SOURCE)" $(if $(AUTHOR),--author "$(AUTHOR)") \
		$(if $(PROMPT),--prompt "$(PROMPT)") $(if $(TITLE),--title "$(TITLE)") \
		$(if $(URL),--url "$(URL)") $(if $(SLUG),--slug "$(SLUG)") || $(STOP_MAKE)

issue-form: install     ## write GitHub's essay form (.github/ISSUE_TEMPLATE/essay.yml) from the registries
	$(PY) -m anthology issue-form

test: install-test      ## lint, build with --strict, then run the whole test suite
	$(PY) -m ruff check --no-cache scripts tests
	$(MKDOCS) build --strict -f mkdocs.yml --site-dir site
	$(PY) -m pytest -ra $(PYTEST_ARGS)

# Benchmark: N="500 1000 5000" by default; needs Chromium for the search-payload figure.
N ?= 500 1000 5000
REPEATS ?= 3
bench: install-test     ## build synthetic anthologies of N essays, project vs floor; prints JSON, then a table
	$(PY) -m anthology_dev bench -n $(N) --repeats $(REPEATS)

# Lighthouse as a benchmark: 12.2.3, as newer releases need Node 22.
audit: install-test     ## Lighthouse (mobile) on home, a prompt, search and every essay; prints JSON
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node lighthouse@12.2.3
	$(MKDOCS) build --strict -f mkdocs.yml --site-dir site
	$(PY) -m anthology_dev audit --site site

compare: install       ## two built sites, byte for byte: make compare OLD=site-before NEW=site
	$(PY) -m anthology_dev compare "$(OLD)" "$(NEW)"

clean:                  ## remove the built site and caches (keeps .venv)
	rm -rf site .pytest_cache .hypothesis test-artifacts
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
