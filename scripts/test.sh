#!/bin/sh
# Sets up and runs every test (unit tests and a real `mkdocs build --strict` of the shipped data).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
