# baocao — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint fmt install system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start the app with demo data on http://127.0.0.1:8000 (SQLite under var/).
run: $(STAMP)
	$(BIN)/baocao serve --port 8000

## The whole test suite (browser tests need chromium, PDF tests LibreOffice: `make system-deps`).
test: $(STAMP)
	$(BIN)/python -m pytest

## Benchmarks: slow measurements that print figures.
bench: $(STAMP)
	$(BIN)/python -m pytest -m bench -s -o addopts="-q -p no:cacheprovider"

lint: $(STAMP)
	$(BIN)/ruff check baocao tests
	$(BIN)/ruff format --check baocao tests

fmt: $(STAMP)
	$(BIN)/ruff check --fix baocao tests
	$(BIN)/ruff format baocao tests

## Debian packages the browser and PDF tests use (run as root).
system-deps:
	apt-get update
	apt-get install -y --no-install-recommends chromium libreoffice-writer-nogui poppler-utils fonts-liberation2 fonts-croscore tesseract-ocr tesseract-ocr-vie postgresql-client

clean:
	rm -rf $(VENV) var *.egg-info
