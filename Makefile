# Coxswain: `make demo` and `make test` work on a fresh machine (uv is installed with pip when missing).
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif
RUN := $(UV) run --frozen

.PHONY: install demo test test-postgres lint typecheck pytest bench docs api-client clean

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set, every process would compile
	@# scipy, polars and Django anew (5 s a process, measured); once at install, then reused
	@$(UV) sync --frozen --quiet --compile-bytecode

demo: install
	$(RUN) coxswain serve --demo examples

lint: install
	$(RUN) ruff check src tests benchmarks examples
	$(RUN) ruff format --check src tests benchmarks examples

typecheck: install
	$(RUN) mypy

pytest: install
	$(RUN) pytest -n 2

test: lint typecheck pytest

# The web and database tests on PostgreSQL (127.0.0.1:5432, user postgres); .ci/run runs it.
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coxswain_test} \
		$(RUN) pytest tests/web -n 2 -p no:cacheprovider

docs: install
	$(RUN) python -m coxswain.docs_cli > docs/cli.md

# The Python client generated from the API's OpenAPI document (docs/api.md): run it after any
# change to the API, and commit clients/. The generator is fetched from PyPI here only, never
# by the tests; tests/web/test_api_generated_client.py fails while clients/openapi.json is stale.
OPENAPI_PYTHON_CLIENT := openapi-python-client==0.29.1
api-client: install
	DJANGO_SETTINGS_MODULE=coxswain.web.settings $(RUN) django-admin export_openapi_schema \
		--api coxswain.web.api.api.api --indent 2 --output clients/openapi.json
	$(UV) tool run --from $(OPENAPI_PYTHON_CLIENT) openapi-python-client generate \
		--path clients/openapi.json --config clients/openapi-python-client.yaml \
		--meta none --output-path clients/python/coxswain_api_client --overwrite
	$(RUN) ruff format --quiet clients/python

bench: install
	$(RUN) python -m benchmarks

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
