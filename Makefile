# Two commands do all the set-up on a fresh machine:  make run  /  make test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test unit check bench clean-venv

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

## make run: install, migrate, load demo data if the database is empty, serve the dashboard
run: $(VENV)/.runtime
	$(PY) manage.py init-db
	$(PY) manage.py seed-demo --if-empty
	@echo ""
	@echo "  Dashboard: http://$(ADDRESS):$(PORT)"
	@echo "  Demo logins (demo mode only): leader/demo-leader  staff/demo-staff  agency/demo-agency  admin/demo-admin"
	@echo ""
	DASHBOARD_DEMO=1 $(PY) serve.py --server.headless true \
		--server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

## make test: install what the tests need (Python packages, Chromium, CJK fonts), run everything
## (the database, AppTest and unit tests on two workers, one module per worker; then the
## browser tests one at a time, so no page waits on another's server for the CPU)
test: $(VENV)/.dev
	./scripts/ensure-system-packages.sh
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile --durations=15 --ignore=tests/browser
	$(PY) -m pytest -q -p no:cacheprovider --durations=10 tests/browser

## make unit: the fast tests (everything but the browser), on SQLite (and PostgreSQL when
## TEST_DATABASE_URL is set)
unit: $(VENV)/.dev
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile --ignore=tests/browser

## make check: lint, formatting and types over every package
check: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy app.py serve.py manage.py domain scoring data_access views ui pages reports scripts

## make bench [BENCH="--scale province --pg postgresql://postgres@127.0.0.1:5432/test"]
bench: $(VENV)/.dev
	$(PY) scripts/benchmark.py $(BENCH)
	$(PY) scripts/bench_imports.py
	$(PY) scripts/bench_peers.py
	$(PY) scripts/bench_rectifications.py

clean-venv:
	rm -rf $(VENV)
