# Two commands: `make run` (install, migrate, demo, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DKFDS := award/static/dkfds/css/dkfds.min.css
CATALOGS := $(patsubst %.po,%.mo,$(wildcard award/translations/*/LC_MESSAGES/messages.po))
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint browser balancer messages clean backup-drill

install: $(INSTALLED) $(DKFDS) $(CATALOGS)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Det Fælles Designsystem from npm, copied into a git-ignored static folder.
$(DKFDS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf award/static/dkfds && mkdir -p award/static/dkfds
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts \
		node_modules/dkfds/dist/img award/static/dkfds/
	touch $@

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

run: install
	$(BIN)/award db upgrade
	$(BIN)/award demo --if-empty
	$(BIN)/award run --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; install it where we may (root with apt).
browser:
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Install Chromium first: sudo apt-get install chromium"; exit 1; fi; }

# The two-host drill (tests/operations, marked cluster) puts nginx in front of two app hosts.
balancer:
	@test -x /usr/sbin/nginx || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
		else echo "Install nginx first: sudo apt-get install nginx-light"; exit 1; fi; }

lint: install
	$(BIN)/ruff check .

# One pytest worker per core (pytest-xdist), a test file per worker at a time; each worker
# makes its own database. The two-host drill (marked cluster) needs PostgreSQL: it runs in
# the PostgreSQL pass.
PYTEST := $(BIN)/pytest -q -p no:cacheprovider -n auto --dist loadfile --durations=15

test: install browser balancer lint
	env -u AWARD_TEST_DATABASE_URL $(PYTEST) -m "not cluster"
	@if [ -n "$$AWARD_TEST_DATABASE_URL" ]; then \
		echo "--- again on $$AWARD_TEST_DATABASE_URL"; \
		$(PYTEST); \
	fi

# The backup drill on PostgreSQL (pg_dump -Fc during writes, pg_restore into a new database,
# the audit log verified against the head taken before): prints its figures. `make test` runs
# the same drill on both databases.
BACKUP_DRILL_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
backup-drill: install
	AWARD_TEST_DATABASE_URL=$(BACKUP_DRILL_DATABASE_URL) $(BIN)/pytest -q -s -p no:cacheprovider \
		tests/operations/test_backup_drill.py

# Refresh the message catalogue after changing user-facing text.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_ngettext:1,2 -o award/translations/messages.pot .
	$(BIN)/pybabel update -i award/translations/messages.pot -d award/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules award/static/dkfds
