#!/usr/bin/env bash
# End-to-end test of the search page: builds the binary, starts it on a free
# 127.0.0.1 port over a fresh index of the bundled corpus, drives Debian's headless
# Chromium through it (tests/e2e/search_page.mjs), and always stops the server.
#
#   tests/e2e/run.sh
#
# Installs what is missing: chromium and CJK fonts (apt), node/npm (apt), playwright-core
# (npm ci; it never downloads a browser). Environment:
#   DANGJIAN_BIN=path      use this binary instead of `cargo build` (must embed the current page)
#   CHROMIUM=path          browser (default /usr/bin/chromium)
#   E2E_KEEP_LOG=1         keep the server log (printed on failure anyway)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/tests/e2e"
cd "$ROOT"
log() { echo "e2e: $*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  log "apt-get install $*"
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# 1. The binary. `cargo build` is a no-op when it is up to date; the page is embedded
#    with include_str!, so a stale binary would test a stale page.
if [ -n "${DANGJIAN_BIN:-}" ]; then
  BIN="$DANGJIAN_BIN"
else
  log "cargo build --bin dangjian-search"
  cargo build --quiet --bin dangjian-search
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/dangjian-search"
fi
[ -x "$BIN" ] || { log "no binary at $BIN"; exit 1; }

# 2. Browser and fonts (Chinese text renders as boxes without a CJK font).
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then apt_install chromium; fi
have_cjk_font() {
  if command -v fc-list >/dev/null 2>&1; then fc-list :lang=zh | grep -q .; else dpkg -s fonts-noto-cjk >/dev/null 2>&1; fi
}
have_cjk_font || apt_install --no-install-recommends fonts-noto-cjk

# 3. Node and playwright-core (pinned in package-lock.json; Node 18+).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then apt_install nodejs npm; fi
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 18 ] || { log "Node.js 18 or newer is needed (found $(node --version))"; exit 1; }
if [ ! -f "$E2E/node_modules/playwright-core/package.json" ] ||
   [ "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]; then
  log "npm ci"
  (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. The server, on a free port, over a fresh index built from corpus/.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dangjian-e2e.XXXXXX")"
SERVER_PID=""
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$rc" != 0 ] && [ -s "$WORK/server.log" ]; then
    log "server log (last 40 lines):"; tail -n 40 "$WORK/server.log" >&2
  fi
  if [ -n "${E2E_KEEP_LOG:-}" ]; then log "server log kept in $WORK/server.log"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# GET a URL on 127.0.0.1, body to stdout; fails unless 2xx. curl if there is one, else node.
http_get() {
  if command -v curl >/dev/null 2>&1; then curl -fsS --max-time 2 "$1"; else
    node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(2000)}).then(async r=>{process.stdout.write(await r.text());process.exit(r.ok?0:1)},()=>process.exit(1))' "$1"
  fi
}
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# The port is only known free when probed; retry if someone takes it before we bind.
for attempt in 1 2 3; do
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  log "starting $BIN on $BASE (index $WORK/index)"
  RUST_LOG="${RUST_LOG:-warn}" "$BIN" --index "$WORK/index" serve --addr "127.0.0.1:$PORT" --corpus "$ROOT/corpus" \
    >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  up=""
  for _ in $(seq 600); do # up to 60 s: the index is built from corpus/ on start
    if http_get "$BASE/api/health" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$up" ] && break
  if kill -0 "$SERVER_PID" 2>/dev/null; then log "server did not answer /api/health in 60 s"; exit 1; fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  if ! grep -qi "address.*in use" "$WORK/server.log" || [ "$attempt" = 3 ]; then log "server exited"; exit 1; fi
  rm -rf "$WORK/index"
done
log "server up: $(http_get "$BASE/api/health")"

# 5. The test.
node "$E2E/search_page.mjs" "$BASE"
