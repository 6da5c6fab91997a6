# Ketpaar: `make run` starts everything, `make test` runs the suite, `make bench` measures.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGS := $(wildcard locales/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
BABEL_KEYWORDS := -k say -k phrase -k notify:2 -k words:2 -k t:2 -k N_

.PHONY: install browser run test bench lint format messages clean

install: $(STAMP) $(COMPILED)

$(STAMP): requirements.txt requirements-nodeps.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d locales -D messages -l $* --statistics

# Both run in development: without it the app, worker and CLI refuse to start unless production-ready.
run: install
	KETPAAR_ENV=development $(BIN)/python -m bot.devstack run

test: install browser
	KETPAAR_ENV=development $(BIN)/python -m pytest

# The browser test drives Debian's chromium (Playwright's own browser download is not reachable
# everywhere). As root with apt-get, as on CI, a missing one is installed with Tamil and Hindi fonts
# (one to two minutes); anywhere else, or if that fails, the test is skipped and pytest says why.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& echo "Installing Debian's chromium for the browser test (one to two minutes)" \
		&& { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-lohit-taml fonts-lohit-deva; } >/dev/null 2>&1; } \
		|| echo "No chromium, nor root with apt-get to install it: the browser test will be skipped"

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract every text a person reads and merge it into the en/ta/hi catalogs.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-default-keywords --sort-by-file \
		-o locales/messages.pot --project Ketpaar bot flows jobs
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) var
