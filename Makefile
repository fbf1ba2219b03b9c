# The README's two commands are `make run` and `make test`; the rest are conveniences.
.PHONY: run test lint setup

setup:
	./scripts/setup.sh

run: setup
	.venv/bin/python manage.py migrate --noinput
	.venv/bin/python manage.py load_study
	.venv/bin/python manage.py runserver 127.0.0.1:8000

test:
	WITH_BROWSER=1 ./scripts/setup.sh
	.venv/bin/python -m pytest

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
