# Shared by the install scripts (sourced, not run): Debian packages where missing, and the project's venv.
# Debian's own python refuses `pip install` outside a virtual environment (externally-managed-environment),
# so styr and its test tools live in .venv/ in the checkout.

STYR_VENV=${STYR_VENV:-.venv}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: install Debian/Ubuntu packages (the caller passes only those that are missing).
apt_install() {
  [ $# -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "styr: installera först $* (hittar inte apt-get)." >&2
    exit 1
  fi
  echo "Installerar $* med apt-get"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "$@"
}

require_python() {
  if ! command -v python3 >/dev/null 2>&1; then
    echo "styr: python3 saknas. Installera Python 3.11 eller senare." >&2
    exit 1
  fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "styr: styr behöver Python 3.11 eller senare; python3 här är $(python3 -V 2>&1)." >&2
    exit 1
  fi
}

venv_ready() {
  [ -x "$STYR_VENV/bin/python" ] && "$STYR_VENV/bin/python" -m pip --version >/dev/null 2>&1
}

# Whether python3 can make a venv with pip: Debian and Ubuntu ship that part (ensurepip) as python3-venv.
can_make_venv() {
  local probe
  probe=$(mktemp -d)
  if python3 -m venv "$probe/v" >/dev/null 2>&1; then rm -rf "$probe"; return 0; fi
  rm -rf "$probe"
  return 1
}

# The Debian packages that make_venv will need, if any (for callers that install several at once).
venv_packages() {
  venv_ready || can_make_venv || echo python3-venv
}

make_venv() {
  require_python
  venv_ready && return 0
  rm -rf "$STYR_VENV"
  can_make_venv || apt_install python3-venv
  python3 -m venv "$STYR_VENV"
}

pip_install() {
  "$STYR_VENV/bin/python" -m pip install -q --disable-pip-version-check "$@"
}
