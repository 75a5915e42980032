# The few commands everyone needs. `make run` and `make test` work on a fresh clone with
# only Python 3.11 and make installed.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8000
BIN     = $(VENV)/bin

.PHONY: install run test lint format bench messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --silent
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
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_decomposer.py

messages: install
	$(BIN)/python manage.py makemessages --locale nl --locale en --ignore ".venv/*" --ignore "node_modules/*" --ignore "benchmarks/*" --ignore "tests/*"
	# English keeps the text of the msgid: a changed msgid is never left with an old msgstr.
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
