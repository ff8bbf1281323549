#!/bin/sh
# Creates .venv with the exact versions of requirements.txt (idempotent).
set -eu
cd "$(dirname "$0")/.."
# pymdown-extensions 13 (for mkdocs-material) needs 3.11.5: Debian 12's python3 is 3.11.2.
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))'; then
  echo "需要 Python 3.11.5 或更新的版本，这台机器的 python3 是 $(python3 -V 2>&1)。" >&2
  exit 1
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
