#!/usr/bin/env bash
# Property-based API testing of the served OpenAPI spec with schemathesis (from PyPI).
#
#   scripts/schemathesis.sh [MAX_EXAMPLES]
#
# Builds the debug binary, starts it on a free 127.0.0.1 port over a fresh index of corpus/
# with a write token, runs `st run` with every check against /api/openapi.json, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
max="${1:-30}"
python3 -m pip install -q schemathesis >/dev/null 2>&1 || python3 -m pip install schemathesis
cargo build -q --bin dangjian-search
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUST_LOG=warn target/debug/dangjian-search --index "$tmp/idx" serve --addr "127.0.0.1:$port" \
    --corpus corpus --write-token st-token >"$tmp/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
    sleep 0.2
done
st run "http://127.0.0.1:$port/api/openapi.json" --checks all --max-examples "$max" \
    -H "Authorization: Bearer st-token"
