#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine: chromium and Java (browser and HTML
# checks), git, styr itself with its test extras, and the Nu HTML checker from npm. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need_apt[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
if [ -f tests/tools/package.json ]; then
  npm ci --prefix tests/tools --no-audit --no-fund --silent
fi
