#!/usr/bin/env bash
# Installs styr into .venv/ in this checkout, on a machine that has python3 (3.11+) and git: makes the venv
# (installing Debian's python3-venv first where it is missing, with sudo when not root), then styr into it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

make_venv
pip_install .
echo "styr $("$STYR_VENV/bin/styr" --version | cut -d' ' -f2) är installerat i $STYR_VENV/."
echo "Kör $STYR_VENV/bin/styr, eller aktivera miljön med '. $STYR_VENV/bin/activate' och skriv bara styr."
