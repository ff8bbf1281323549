#!/bin/sh
# Sets up, validates data/ and builds site/ with `mkdocs build --strict`. With SITE_CACHE (a folder kept
# between builds, as CI does), only the pages whose content changed since the last build are built again.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/python -m generator validate
.venv/bin/mkdocs build --strict --quiet ${SITE_CACHE:+--dirty}
echo "网站已生成到 site/。预览：.venv/bin/mkdocs serve --dirty，然后打开 http://127.0.0.1:8000/"
