# Casebook: the two set-up commands are `make serve` and `make test` (see README.md).
# Every target creates .venv and installs the locked dependencies first, so a fresh
# clone needs only Python 3.11 (and, for `make test`, Debian's chromium, which the
# target installs when it is missing).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install check build serve test test-fast lint format bench bench-engines bench-bombs audit chromium vnu fonts lock clean fields messages translations

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

check: install            ## validate precedents/
	$(BIN)/casebook check

ENGINE ?= mkdocs

build: install fonts      ## check, render, build and index the site into site/ (make build ENGINE=zensical: with Zensical)
	$(BIN)/casebook build --engine $(ENGINE)

PORT ?= 8000

serve: install fonts      ## build, then serve on http://127.0.0.1:$(PORT) and rebuild on changes (make serve PORT=8001)
	$(BIN)/casebook serve --port $(PORT) --engine $(ENGINE)

fonts:                    ## Debian's DejaVu fonts for the PDFs (without them the PDFs fall back to Latin-1 Helvetica)
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "installing Debian's fonts-dejavu-core for the PDFs"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null; } \
	  || echo "could not install fonts-dejavu-core: the PDFs will use the built-in Helvetica (Latin-1 only)"; }

LOCALES := docs/locales
# The keywords that mark a string for translation: _() and n_() (singular, plural) where
# it is used, N_() where a table of constants defines it (pages/i18n/markers.py), p_() with a
# context where a place needs other words than the same English elsewhere (a sharing card's labels).
KEYWORDS := -k n_:1,2 -k N_ -k NP_:1,2 -k p_:1c,2

messages: install         ## extract every interface string into docs/locales/casebook.pot and merge it into each <code>.po
	$(BIN)/pybabel -q extract -F babel.cfg $(KEYWORDS) --add-location=file --sort-by-file --no-wrap \
	  --project=Casebook --copyright-holder="Casebook contributors" -o $(LOCALES)/casebook.pot --ignore-dirs="build tests node_modules .venv" .
	@for po in $(LOCALES)/*.po; do \
	  [ -e "$$po" ] || continue; \
	  $(BIN)/pybabel -q update --no-wrap --ignore-obsolete --ignore-pot-creation-date -D casebook -i $(LOCALES)/casebook.pot -o "$$po" -l "$$(basename $$po .po)"; \
	done

translations: install     ## translation coverage per language: pages, records, vocabularies, glossary, notice types, interface strings
	$(BIN)/casebook translations

fields: install           ## regenerate the field reference in CONTRIBUTING.md from precedents/schema.json
	$(BIN)/casebook fields --write

chromium:                 ## Debian's Chromium for the browser tests
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium package"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

VNU := tests/vnu/node_modules/.installed-$(shell cksum < tests/vnu/package-lock.json | cut -d' ' -f1)

vnu: $(VNU)               ## the Nu Html Checker for the markup tests (npm ci from tests/vnu/package-lock.json; Java)

$(VNU): tests/vnu/package-lock.json
	@command -v java >/dev/null 2>&1 || { \
	  echo "installing Debian's default-jre-headless for the Nu Html Checker"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }
	npm ci --prefix tests/vnu --no-audit --no-fund --loglevel=error
	@rm -f tests/vnu/node_modules/.installed-*
	@touch $@

test: lint chromium vnu   ## everything: lint, unit, golden, build, browser tests
	$(BIN)/python -m pytest

test-fast: install        ## the tests that need no browser and no site build
	$(BIN)/python -m pytest -m "not browser and not slow"

lint: install             ## ruff, and the layers between the pipeline's folders (import-linter, see pyproject.toml)
	$(BIN)/ruff check scripts tests
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format scripts tests

bench: install chromium fonts ## figures for 1,000 synthetic precedents
	$(BIN)/casebook bench --count 1000 --browser

bench-engines: install fonts ## both site engines at 1,000 synthetic precedents, three runs each: median and range
	$(BIN)/casebook bench --count 1000 --engine both --runs 3

bench-bombs: install      ## seconds and memory of `casebook check` on each resource bomb
	$(BIN)/python -m casebook.tools.bombs

# Lighthouse 12.2.3 from npm, pinned with integrity hashes in tests/audit/package-lock.json,
# patched for Debian's Chromium (tests/audit/patch_trace_engine.py); see tests/audit/README.md.
AUDIT       := tests/audit
AUDIT_STAMP := $(AUDIT)/node_modules/.installed-$(shell cat $(AUDIT)/package-lock.json | cksum | cut -d' ' -f1)

$(AUDIT_STAMP): $(AUDIT)/package-lock.json $(AUDIT)/patch_trace_engine.py
	cd $(AUDIT) && npm ci --no-audit --no-fund --silent
	$(BIN)/python $(AUDIT)/patch_trace_engine.py
	@touch $@

audit: build chromium $(AUDIT_STAMP) ## Lighthouse, mobile, 3 runs a page, over a fresh build served with gzip (AUDIT_ARGS=--plain adds uncompressed)
	$(BIN)/python $(AUDIT)/run.py $(AUDIT_ARGS)

lock:                     ## re-pin every dependency with hashes (see README, "Updating dependencies")
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --extra tooling --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf site build .site.partial .site.old
