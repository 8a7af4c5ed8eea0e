#!/usr/bin/env bash
# Live load: searches while new articles are POSTed, on the release build.
#
#   scripts/live_load.sh [--seconds N] [--threads N] [--xwlb] [--no-build]
#
# Builds the release binary, makes an index in a temporary folder (from
# corpus/, or with --xwlb from ../shared/corpus/xwlb-2012-2026.jsonl.zst),
# starts the server with a write token on a free 127.0.0.1 port, and runs
# scripts/live_load.py: search threads (queries: benches/queries.tsv,
# column 2) for N seconds (default 60) while a batch of 20 articles is POSTed
# every 0.5 s and polled until searchable. Fails on any failed search, any
# article not searchable within 2 s of its ack, or RSS growth over 150 MB
# between the 10th second and the end.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
threads=4
xwlb=0
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --xwlb) xwlb=1; shift ;;
        --no-build) build=0; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

if [ "$build" = 1 ]; then
    cargo build --release --bin dangjian-search
fi
bin=target/release/dangjian-search
tmp=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$xwlb" = 1 ]; then
    archive=../shared/corpus/xwlb-2012-2026.jsonl.zst
    [ -f "$archive" ] || { echo "no $archive" >&2; exit 2; }
    echo "== indexing $archive"
    "$bin" ingest --index "$tmp/idx" "$archive" --dict corpus/userdict.txt
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token="live-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
RUST_LOG=warn "$bin" serve --index "$tmp/idx" --addr "127.0.0.1:$port" \
    --write-token "$token" --corpus corpus 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 1 600); do
    if python3 -c "import http.client,sys; c=http.client.HTTPConnection('127.0.0.1',$port,timeout=1); c.request('GET','/api/health'); sys.exit(c.getresponse().status!=200)" 2>/dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.2
done
echo "== server pid $server_pid on 127.0.0.1:$port: $(python3 -c "import http.client; c=http.client.HTTPConnection('127.0.0.1',$port); c.request('GET','/api/health'); print(c.getresponse().read().decode())")"

status=0
python3 scripts/live_load.py --port "$port" --pid "$server_pid" --token "$token" \
    --seconds "$seconds" --threads "$threads" || status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "FAIL: the server died" >&2
    status=1
fi
if grep -q panicked "$tmp/server.log"; then
    echo "FAIL: the server log shows a panic:" >&2
    grep -m5 panicked "$tmp/server.log" >&2
    status=1
fi
exit "$status"
