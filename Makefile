# The README's two commands: `make audit` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
OUT    ?= reports

.PHONY: venv audit test bench samples clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ccaudit.dutch   # deduce builds its Dutch name lookup once (1-2 min), not at run time
	$(PY) -m ccaudit.names   # the name lexicon, from installed packages (~10 s)
	touch $(STAMP)

venv: $(STAMP)

## Run the audit on data_samples/ into $(OUT)/<UTC timestamp>/ and print the path of its index.html.
audit: $(STAMP)
	@$(VENV)/bin/ccaudit audit run --config data_samples/audit.yaml --out $(OUT)

## Run the test suite (sockets disabled) and the notebooks under nbval.
test: $(STAMP)
	$(PY) -m pytest

## Benchmarks (not timed tests): export discovery vs presidio-structured, transcripts vs Presidio per turn,
## subject index at scale, public corpora (benchmarks/corpora/README.md says how to obtain them).
bench: $(STAMP)
	$(PY) benchmarks/bench_exports.py
	$(PY) benchmarks/bench_transcripts.py
	$(PY) benchmarks/bench_index.py
	$(PY) benchmarks/bench_public.py

## Regenerate data_samples/ (fixed seed: the result is identical).
samples: $(STAMP)
	$(PY) -m ccaudit.samples --out data_samples

clean:
	rm -rf $(VENV) build *.egg-info
