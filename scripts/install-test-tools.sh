#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine that has python3 (3.11+) and git:
# Debian's chromium and Java (browser and HTML checks), npm (the Nu HTML checker and yaml-language-server in
# tests/tools/), python3-venv where missing (all with sudo when not root), then .venv/ with styr (editable)
# and its test extras. Safe to run again. Then: .venv/bin/python -m pytest
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

require_python
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
mapfile -t venv_apt < <(venv_packages)
apt_install "${need_apt[@]}" "${venv_apt[@]}"

make_venv
pip_install -e ".[test]"
if [ -L tests/tools/node_modules ]; then
  # A worktree that shares another checkout's node_modules: `npm ci` would empty the folder it points to.
  echo "tests/tools/node_modules är en länk till $(readlink tests/tools/node_modules): lämnas orörd."
else
  npm ci --prefix tests/tools --no-audit --no-fund --silent
fi
