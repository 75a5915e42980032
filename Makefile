# The few commands everyone needs. `make run` and `make test` work on a fresh clone with
# only Python 3.11 and make installed.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8000
BIN     = $(VENV)/bin

.PHONY: install run test lint format bench bench-runs bench-load messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# axe-core for the browser tests; a machine without npm still runs the platform.
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks of the browser tests need it"; fi
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python benchmarks/bench_engine.py compare
	$(BIN)/python benchmarks/bench_decomposer.py

# These two need the PostgreSQL server of DATABASE_URL's host (they make their own databases).
bench-runs: install
	$(BIN)/python benchmarks/bench_runs.py

bench-load: install
	command -v wrk >/dev/null || apt-get install -y wrk
	$(BIN)/python benchmarks/load.py

messages: install
	$(BIN)/python manage.py makemessages --locale nl --locale en --ignore ".venv/*" --ignore "node_modules/*" --ignore "benchmarks/*" --ignore "tests/*"
	# English keeps the text of the msgid: a changed msgid is never left with an old msgstr.
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
