# Shared setup steps for bin/test and bin/demo (sourced, not run).

port_is_free() {  # port_is_free PORT: nothing listens on 127.0.0.1:PORT
  python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

in_ci() { [[ "${CI:-}" =~ ^(1|true|yes)$ ]]; }

require_node_20() {
  # soketi's uWebSockets.js build ships native code for Node 16/18/20 only (see {{cookiecutter.project_slug}}/docs/realtime-server.md).
  if ! command -v node >/dev/null; then
    echo "ERROR: Node.js 20 is required (node not found)." >&2; exit 1
  fi
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if [[ "$major" != 20 ]]; then
    echo "ERROR: Node.js 20 is required for soketi; this is Node $(node --version)." >&2; exit 1
  fi
}

ensure_chromium() {
  if command -v chromium >/dev/null; then return; fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "==> installing Debian chromium (browser tests drive it with Playwright)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    echo "==> installing Debian chromium with sudo"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
  if ! command -v chromium >/dev/null; then
    if in_ci; then
      echo "ERROR: chromium is missing and CI=true: browser tests must run in CI." >&2; exit 1
    fi
    echo "WARNING: chromium is missing: browser tests will be SKIPPED (apt-get install chromium)." >&2
  fi
}

# The servers the tests start for themselves (never one that happens to be running):
# PostgreSQL (initdb + pg_ctl, off the PATH in /usr/lib/postgresql/<version>/bin) and Redis;
# wrk, the load generator of the baked benchmark, and valgrind, which counts its
# instructions; the tests run both small.
missing_test_tools() {  # prints the Debian packages still to install, one per line
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null \
    || echo postgresql
  command -v redis-server >/dev/null || echo redis-server
  command -v wrk >/dev/null || echo wrk
  command -v valgrind >/dev/null || echo valgrind
}

ensure_test_servers() {
  local missing=()
  mapfile -t missing < <(missing_test_tools)
  if [[ ${#missing[@]} == 0 ]]; then return; fi
  echo "==> installing Debian ${missing[*]} (the tests start their own servers, and run wrk and valgrind)"
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  mapfile -t missing < <(missing_test_tools)
  if [[ ${#missing[@]} != 0 ]]; then
    if in_ci; then
      echo "ERROR: ${missing[*]} could not be installed and CI=true: those tests must run." >&2; exit 1
    fi
    echo "WARNING: ${missing[*]} missing: PostgreSQL/Redis tests, benchmark runs and instruction counts will be SKIPPED." >&2
  fi
}

ensure_venv() {  # ensure_venv DIR REQUIREMENTS...
  local venv=$1; shift
  if [[ ! -x "$venv/bin/python" ]]; then
    echo "==> creating $venv"
    python3 -m venv "$venv"
  fi
  echo "==> installing Python packages into $venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@"
}
