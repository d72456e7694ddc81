# Two commands do all the set-up themselves on first use:
#   make run   - creates .venv, installs sitrep, ingests examples/ into sitrep.db and shows the events
#   make serve - the same set-up, then the REST API and map dashboard over sitrep.db (prints its URL)
#   make test  - creates .venv, installs sitrep with its test tools (and the [learn] extra), runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,report,learn]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sitrep ingest examples/
	$(BIN)/sitrep events --format table

serve: $(STAMP)
	test -f sitrep.db || $(BIN)/sitrep ingest examples/
	$(BIN)/sitrep serve

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

SHARED_CORPUS := ../shared/data/fa-kes-documents.jsonl
ifeq ($(wildcard $(SHARED_CORPUS)),)
bench:
	$(error make bench reads the shared dev data at $(SHARED_CORPUS), which is not here; run a bench on your own corpus: .venv/bin/python bench/doc_length.py DOCS.jsonl)
else
bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py $(SHARED_CORPUS)
	$(BIN)/python bench/doc_length.py $(SHARED_CORPUS)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/linear_cost.py
endif

clean:
	rm -rf $(VENV) sitrep.db sitrep.db-wal sitrep.db-shm
