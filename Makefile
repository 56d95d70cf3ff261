# vanban developer tasks. `make demo` sets everything up and catalogues the bundled corpus.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := outputs/catalogue.db

.PHONY: setup demo test lint eval bench fuzz clean

$(BIN)/vanban: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/vanban

demo: setup
	@mkdir -p outputs
	$(BIN)/vanban ingest corpus/ --db $(DB)
	@echo
	@echo '$$ vanban search "doan vien"'
	@$(BIN)/vanban search "doan vien" --db $(DB) --limit 5
	@echo
	@echo '$$ vanban search 277/KH-LĐLĐ'
	@$(BIN)/vanban search "277/KH-LĐLĐ" --db $(DB)
	@echo
	@echo '$$ vanban cites 02-NQ/TW --transitive'
	@$(BIN)/vanban cites 02-NQ/TW --transitive --db $(DB)
	@echo
	@echo '$$ vanban check 277/KH-LĐLĐ'
	@$(BIN)/vanban check 277/KH-LĐLĐ --db $(DB)

test: setup
	$(BIN)/pytest -n 2 tests

lint: setup
	$(BIN)/ruff check vanban tests
	$(BIN)/ruff format --check vanban tests
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)   # BENCH_ARGS=--full adds the 100,000-document corpus; writes outputs/bench.md

fuzz: setup
	$(BIN)/python scripts/fuzz.py --budget $(or $(FUZZ_BUDGET),120) --out outputs/fuzz

eval: setup
	$(PY) ../shared/tools/score.py --cmd "$(BIN)/vanban extract {file}"
	$(PY) ../shared/tools/score.py --gold ../shared/gold/real --root ../shared --cmd "$(BIN)/vanban extract {file}"

clean:
	rm -rf outputs/*.db outputs/*.db-wal outputs/*.db-shm
