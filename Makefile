# Two commands for a fresh machine:  make demo  (build the example articles)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint score dev clean system

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	# bytecode for the editable sources, which pip leaves uncompiled: where PYTHONDONTWRITEBYTECODE
	# is set, every `eventgraph` process would otherwise compile them again (0.45 s)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

dev: $(STAMP)

## demo: set up and build the graph of the bundled example articles into output/
demo: $(STAMP)
	$(BIN)/eventgraph build examples/seeds --out output

## system: Debian packages the tests drive (Chromium for the views, Virtuoso as a real triple store)
system:
	bash .ci/install-system.sh

## test: set up, lint, type-check and run the whole test suite
test: $(STAMP) system
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## score: the seed articles against the gold facts (needs ../shared)
score: demo
	$(BIN)/python ../shared/eval/score.py output/graph.trig ../shared/gold/seeds.json --ontology ontology --articles examples/seeds

clean:
	rm -rf output/* .pytest_cache .mypy_cache .ruff_cache
