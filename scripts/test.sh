#!/bin/sh
# Sets up and runs every test: unit tests, a real `mkdocs build --strict` of the shipped data,
# and Chinese search in Debian's chromium (installed here when missing; never a browser download).
set -eu
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "需要 Debian 的 chromium：sudo apt-get install chromium" >&2; exit 1
  fi
fi
sh scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
