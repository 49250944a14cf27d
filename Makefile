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

.PHONY: serve build test check new import issue-form bench audit clean install install-test

# Installing is remembered by a stamp file, redone when a requirements file changes. The
# project itself is installed editable: the MkDocs plugin and the code behind the CLI.
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PY) --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Checkers of the built site from npm, pinned here: axe-core (accessibility rules), the W3C
# Nu Html Checker (needs Java) and pa11y (drives the system's Chromium, so no browser download).
NPM_TEST := axe-core@4.14.1 vnu-jar@26.9.27 pa11y@10.0.0
$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt Makefile
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix $(VENV)/node $(NPM_TEST)
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

serve: install          ## preview the site at http://127.0.0.1:8000, rebuilt on every save
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: install          ## build the site into site/
	$(PY) -m mkdocs build --strict

# GNU make ends every failed recipe with its own "make: *** [Makefile:NN: check] Error 1", and
# fails silently only when told to ignore the failure, which exits 0. A writer at a terminal
# reads that line as a crash: there, check's summary ("2 problems found.") is the last line and
# make exits 0. Anywhere else (CI, which sets CI, a script, a pipe, FORMAT=github) problems fail.
check: install          ## validate essays and registries, each essay rendered as the build renders it (FORMAT=github for CI)
	@$(PY) -m anthology check $(if $(FORMAT),--format $(FORMAT)) || \
		{ [ -t 1 ] && [ -t 2 ] && [ -z "$$CI" ] && [ -z "$(FORMAT)" ]; }

new: install            ## scaffold an essay: make new TITLE="..." AUTHOR=id PROMPT=id
	$(PY) -m anthology new --title "$(TITLE)" --author "$(AUTHOR)" --prompt "$(PROMPT)" $(if $(SLUG),--slug "$(SLUG)")

import: install         ## import a blog post: make import SOURCE=path [AUTHOR=id] [PROMPT=id] [TITLE=...] [URL=...]
	$(PY) -m anthology import --source "$(SOURCE)" $(if $(AUTHOR),--author "$(AUTHOR)") \
		$(if $(PROMPT),--prompt "$(PROMPT)") $(if $(TITLE),--title "$(TITLE)") \
		$(if $(URL),--url "$(URL)") $(if $(SLUG),--slug "$(SLUG)")

issue-form: install     ## write GitHub's essay form (.github/ISSUE_TEMPLATE/essay.yml) from the registries
	$(PY) -m anthology issue-form

test: install-test      ## build with --strict, then run the whole test suite
	$(PY) -m mkdocs build --strict --site-dir site
	$(PY) -m pytest -ra $(PYTEST_ARGS)

# Benchmark: N="500 1000 5000" by default; needs Chromium for the search-payload figure.
N ?= 500 1000 5000
REPEATS ?= 3
bench: install-test     ## build synthetic anthologies of N essays, project vs floor; prints JSON, writes bench.png
	$(PY) -m anthology_dev bench -n $(N) --repeats $(REPEATS) --plot bench.png

# Lighthouse as a benchmark: 12.2.3, as newer releases need Node 22.
audit: install-test     ## Lighthouse (mobile) on home, a prompt, search and every essay; prints JSON
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node lighthouse@12.2.3
	$(PY) -m mkdocs build --strict --site-dir site
	$(PY) -m anthology_dev audit --site site

clean:                  ## remove the built site and caches (keeps .venv)
	rm -rf site .pytest_cache test-artifacts
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
