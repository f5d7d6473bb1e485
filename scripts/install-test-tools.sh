#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine: chromium and Java (browser and HTML
# checks), git, Pango and fonts for WeasyPrint (styr report --format pdf), poppler-utils (pdftoppm: a picture of a
# PDF page), styr itself with its test extras, and the Nu HTML checker from npm. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# WeasyPrint loads Pango (and through it HarfBuzz and fontconfig) at run time; it needs a font with å, ä, ö.
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || need_apt+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || need_apt+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi 'dejavu\|liberation' || need_apt+=(fonts-dejavu-core)
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
