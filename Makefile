# The README's two commands: `make audit` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
OUT    ?= reports

.PHONY: venv audit lab test test-slow test-all bench samples clean chromium

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ccaudit.detect.dutch   # deduce builds its Dutch name lookup once (1-2 min), not at run time
	$(PY) -m ccaudit.detect.names   # the name lexicon, from installed packages (~10 s)
	$(PY) -m ipykernel install --sys-prefix --name ccaudit --display-name "Python 3 (ccaudit)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)

## Run the audit on data_samples/ into $(OUT)/<UTC timestamp>/ and print the path of its index.html.
audit: $(STAMP)
	@$(VENV)/bin/ccaudit audit run --config data_samples/audit.yaml --out $(OUT)

## JupyterLab on notebooks/ for analysts: bound to 127.0.0.1, with a token, nothing fetched
## (jupyter_lab_config.py); prints the URL to open.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --config=jupyter_lab_config.py

## Run the test suite (sockets disabled) but the slow end-to-end tests (notebooks under
## nbval, the full audit run, the two-process determinism runs): `make test-slow` runs those,
## `make test-all` everything (as .ci/run does).
test: $(STAMP) chromium
	$(PY) -m pytest -m "not slow"

test-slow: $(STAMP) chromium
	$(PY) -m pytest -m slow

test-all: $(STAMP) chromium
	$(PY) -m pytest

## Debian's headless Chromium, for the report tests: installed with apt when missing and this
## user may (root, or sudo without a password); otherwise stop at once with the command to run.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the report tests (apt-get)"; \
	    apt-get update -qq && apt-get install -y -qq chromium; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    echo "installing Debian's chromium for the report tests (sudo apt-get)"; \
	    sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else \
	    echo "make test needs Debian's chromium for the report tests; run:  sudo apt-get install -y chromium" >&2; \
	    exit 2; \
	  fi; }

## Benchmarks (not timed tests): export discovery vs presidio-structured, transcripts vs Presidio per turn,
## subject index at scale, public corpora (benchmarks/corpora/README.md says how to obtain them).
bench: $(STAMP)
	$(PY) benchmarks/bench_exports.py
	$(PY) benchmarks/bench_transcripts.py
	$(PY) benchmarks/bench_index.py
	$(PY) benchmarks/bench_xlsx.py
	$(PY) benchmarks/bench_commands.py
	$(PY) benchmarks/bench_cluster.py
	$(PY) benchmarks/bench_public.py

## Regenerate data_samples/ (fixed seed: the result is identical).
samples: $(STAMP)
	$(PY) -m ccaudit.samples --out data_samples

clean:
	rm -rf $(VENV) build *.egg-info
