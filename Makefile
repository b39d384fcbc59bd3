# Glasna: two commands do all set-up on a fresh machine (README.md).
#   make demo  - the platform on SQLite with synthetic demo data, at http://127.0.0.1:8000
#   make test  - every test, on SQLite and on a real PostgreSQL, browser tests included, the production
#                stack (PostgreSQL, Redis, S3, gunicorn, huey) as real processes, and once more
#                on SQLite with the clock moved 400 days ahead (a date bomb fails the day it is written)
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(shell scripts/find-python)
DEMO_DATA := $(CURDIR)/var
MOVED_CLOCK_DAYS := 400

.PHONY: demo test install system-deps lint typecheck test-sqlite test-postgres test-stack test-moved-clock messages serve clean fuzz

$(BIN)/.installed: pyproject.toml requirements/constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev,prod]'
	touch $@

install: $(BIN)/.installed

demo: install
	GLASNA_DATA_DIR=$(DEMO_DATA) $(BIN)/glasna migrate --noinput -v 0
	GLASNA_DATA_DIR=$(DEMO_DATA) $(BIN)/glasna createcachetable
	GLASNA_DATA_DIR=$(DEMO_DATA) $(BIN)/glasna seed_demo
	@echo "Glasna is running at http://127.0.0.1:8000  (Ctrl-C stops it)"
	GLASNA_DATA_DIR=$(DEMO_DATA) GLASNA_JOBS_IMMEDIATE=1 $(BIN)/glasna runserver 127.0.0.1:8000 --noreload

system-deps:
	scripts/install-system-deps

lint: install
	$(BIN)/ruff check glasna tests bench
	$(BIN)/ruff format --check glasna tests bench

typecheck: install
	$(BIN)/mypy glasna

test-sqlite: install
	$(BIN)/pytest -p no:cacheprovider

test-postgres: install
	scripts/with-postgres $(BIN)/pytest -p no:cacheprovider

# The production-shaped stack as real processes: PostgreSQL, Redis, an S3 server, gunicorn, huey
# (tests/stack/). GLASNA_STACK_SUBMISSIONS=200 runs the kill test at the issue's full figure.
test-stack: install
	$(BIN)/pytest -p no:cacheprovider -m stack tests/stack

# The suite once more with the wall clock moved ahead for pytest and every process it starts.
test-moved-clock: install
	scripts/with-moved-clock $(MOVED_CLOCK_DAYS) $(BIN)/pytest -p no:cacheprovider

test: install system-deps lint typecheck test-sqlite test-postgres test-stack test-moved-clock

# Not part of `make test`: atheris on each media harness for FUZZ_SECONDS, then schemathesis with many
# more examples (docs/security/fuzzing.md). A crash is written to tests/fuzz/corpus/crashes/: commit it.
FUZZ_SECONDS := 120
FUZZ_API_EXAMPLES := 500
FUZZ_HARNESSES := report_upload vault image_hash video_hash
fuzz: install
	@for harness in $(FUZZ_HARNESSES); do \
	  mkdir -p var/fuzz/$$harness; \
	  echo "== atheris: $$harness for $(FUZZ_SECONDS) s"; \
	  $(BIN)/python -m tests.fuzz.run_atheris $$harness -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    -artifact_prefix=tests/fuzz/corpus/crashes/$$harness- var/fuzz/$$harness tests/fuzz/corpus/seeds || exit 1; \
	done
	GLASNA_FUZZ_EXAMPLES=$(FUZZ_API_EXAMPLES) $(BIN)/pytest -p no:cacheprovider -q tests/fuzz/test_api_schemas.py

messages: install
	cd glasna && ../$(BIN)/glasna makemessages --all --no-obsolete --ignore='static/*' -l cnr
	cd glasna && ../$(BIN)/glasna compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
