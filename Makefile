# evalkit: two commands on a fresh machine with Python 3 and pip.
#   make report   create .venv if needed, install evalkit, render the sample program
#   make test     the whole test suite, notebooks included
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test nsw lab bench clean-outputs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/evalkit run

nsw: $(STAMP)
	$(BIN)/evalkit run params/examples/nsw-1976.yaml

test: $(STAMP)
	$(BIN)/python -m pytest tests evalkit notebooks --doctest-modules \
		--nbval-lax --nbval-current-env -p no:cacheprovider

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python bench/bench_stats.py

clean-outputs:
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
