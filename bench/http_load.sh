#!/usr/bin/env bash
# Load test of the HTTP server with wrk on loopback: an authenticated GET of
# the org tree (session lookup + scoped query) against /healthz (no database)
# in the same run, as the ceiling. Also reports the server's idle memory.
#   bench/http_load.sh [DURATION=30s] [CONNECTIONS=64] [THREADS=2]
# Needs a release build (cmake --preset release && cmake --build --preset release).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30s}; connections=${2:-64}; threads=${3:-2}
bin=build/release/src/cli/lifeline
port=${LIFELINE_BENCH_PORT:-18181}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" demo --db "$work/bench.db" --port "$port" --web-root web/dist --seed-only >/dev/null
LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$work/bench.db" --port "$port" --web-root web/dist >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
sleep 1
echo "idle resident memory: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"

cookie=$(curl -s -c - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"lifeline-demo"}' "http://127.0.0.1:$port/api/v1/auth/login" |
  awk '$6 == "ll_session" {print $7}')
[[ -n "$cookie" ]] || { echo "login failed"; exit 1; }

run() {  # name, path, extra wrk args...
  local name=$1 path=$2; shift 2
  echo "== $name: GET $path ($threads threads, $connections connections, $duration)"
  wrk -t "$threads" -c "$connections" -d "$duration" --latency "$@" "http://127.0.0.1:$port$path" |
    grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
}
run "ceiling" /healthz
run "org tree (authenticated)" /api/v1/orgs -H "Cookie: ll_session=$cookie"
echo "resident memory after load: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"
