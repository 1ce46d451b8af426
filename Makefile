# The two commands a newcomer needs: `make demo` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-postgres bench lint format messages install browser-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The demo's own settings: the stand-in payment provider on (it takes no money) and plain
# HTTP on this machine (no redirect to HTTPS, cookies without "Secure"). Production sets
# neither; `clef check --deploy` fails on the first.
DEMO_ENV := CLEF_ONLINE_PAYMENT=test CLEF_HTTPS=false

## Set up, load La Clef's demo data into SQLite and serve it at http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/clef migrate --noinput
	$(BIN)/clef journal keygen --if-missing
	$(DEMO_ENV) $(BIN)/clef load_demo
	$(DEMO_ENV) $(BIN)/clef serve

## Set up and run the whole test suite (browser tests included), then lint
test: $(STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## The same suite on PostgreSQL: DATABASE_URL=postgres://... make test-postgres
## The browser tests run once, on SQLite (`make test`): what they drive on the server is
## tested on both databases through HTTP, and a second browser run only doubles CI's time.
test-postgres: $(STAMP)
	$(BIN)/pytest --ignore=tests/browser

browser-deps:
	@bash scripts/browser-deps

## Throughput of the public pages against the server's trivial endpoint (and of the home
## page, the programme and their live seats with every flag shown, bench/pages.py), the booking rush
## (bench/rush.py) on SQLite and, when one answers, PostgreSQL, a door sale through the
## till (bench/till.py), 500 offline sales synced (bench/till_offline.py), the journal's
## verification (bench/journal.py) and the accounts on
## 1,000,000 tickets (bench/accounting.py); fails if any fails
bench: $(STAMP)
	@bash scripts/bench-deps
	$(BIN)/python bench/run.py; status=$$?; \
	$(BIN)/python bench/pages.py || status=1; \
	$(BIN)/python bench/rush.py || status=1; \
	$(BIN)/python bench/till.py || status=1; \
	$(BIN)/python bench/till_offline.py || status=1; \
	$(BIN)/python bench/journal.py || status=1; \
	$(BIN)/python bench/accounting.py || status=1; \
	$(BIN)/python bench/receipts.py || status=1; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

## Re-extract and compile the message files (needs gettext; compiled files are committed)
messages: $(STAMP)
	cd clef && ../$(BIN)/clef makemessages -l fr -l en --no-obsolete && ../$(BIN)/clef compilemessages

clean:
	rm -rf $(VENV) var node_modules test-artifacts
