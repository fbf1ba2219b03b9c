# The README's two commands are `make run` and `make test`; the rest are conveniences.
.PHONY: run worker test lint setup

setup:
	./scripts/setup.sh

# The site and its background worker (database queue) together; Ctrl-C stops both. The worker does not
# reload on code changes: restart `make run` after changing a task.
run: setup
	@echo "Note : Chromium (le navigateur des tests) n’est installé que par « make test » ; « make run » n’en a pas besoin."
	.venv/bin/python manage.py migrate --noinput
	.venv/bin/python manage.py load_study
	.venv/bin/python manage.py db_worker --queue-name='*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	.venv/bin/python manage.py runserver 127.0.0.1:8000

# The background worker alone (when the site runs elsewhere, e.g. under gunicorn).
worker: setup
	.venv/bin/python manage.py db_worker --queue-name='*'

test:
	WITH_BROWSER=1 ./scripts/setup.sh
	.venv/bin/python -m pytest $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
