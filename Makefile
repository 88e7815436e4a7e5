# Two commands for a fresh machine:  make demo  (build the example articles)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint score dev clean system notebook

# the runtime only: what `eventgraph build` needs (no test tools in the user's environment)
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	# bytecode for the editable sources, which pip leaves uncompiled: where PYTHONDONTWRITEBYTECODE
	# is set, every `eventgraph` process would otherwise compile them again (0.45 s)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

# the test tools on top (pytest, playwright, ruff, mypy, the notebook's kernel …)
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP)

dev: $(TEST_STAMP)

## demo: set up (runtime only) and build the graph of the bundled example articles into output/
demo: $(STAMP)
	$(BIN)/eventgraph build examples/seeds --out output

## system: Debian packages the tests drive (Chromium for the views, Virtuoso as a real triple store)
system:
	bash .ci/install-system.sh

## test: set up, lint, type-check and run the whole test suite
test: $(TEST_STAMP) system
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## score: the seed articles against the gold facts (needs ../shared)
score: demo
	$(BIN)/python ../shared/eval/score.py output/graph.trig ../shared/gold/seeds.json --ontology ontology --articles examples/seeds

## notebook: run notebooks/eventgraph_tour.ipynb and save it with its outputs (reproducible dates)
notebook: $(TEST_STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	SOURCE_DATE_EPOCH=1742342400 EVENTGRAPH_TOUR_OUT=$(CURDIR)/output/tour $(BIN)/python -c "import nbclient, nbformat; \
	path = 'notebooks/eventgraph_tour.ipynb'; nb = nbformat.read(path, as_version=4); \
	nbclient.NotebookClient(nb, timeout=600, kernel_name='python3', record_timing=False, resources={'metadata': {'path': 'notebooks'}}).execute(); \
	nbformat.write(nb, path)"

clean:
	rm -rf output/* .pytest_cache .mypy_cache .ruff_cache
