#!/usr/bin/env bash
# Duty at scale, on the 100,000-staff generated data set (docs/duty.md):
#   1. the final schedule and its problems for 100 … 1,000 posts × 7 … 90 days
#      (bench/duty_schedule_bench.cpp, Google Benchmark; medians of REPEAT runs);
#   2. GET /api/v1/duty/now for the association's members (all 1,000 posts) under
#      wrk, beside /healthz in the same run.
#
#   bench/duty_load.sh                       SQLite, 20 utilities, 100,000 staff, 90 days
#   STAFF=20000 DAYS=30 DURATION=10s bench/duty_load.sh
#
# The data set is generated once into var/bench-duty (REGENERATE=1 starts over);
# the benchmark adds the 1,000 posts with their rosters on its first run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
utilities=${UTILITIES:-20}; staff=${STAFF:-100000}; days=${DAYS:-90}
duration=${DURATION:-20s}; connections=${CONNECTIONS:-16}; threads=${THREADS:-2}; repeat=${REPEAT:-3}
build=${BUILD_DIR:-$root/build/release}
work=${WORK_DIR:-$root/var/bench-duty}
port=${LIFELINE_BENCH_PORT:-18171}
mkdir -p "$work"
db=$work/scale.db

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIFELINE_BENCH=ON >/dev/null
ninja -C "$build" -j"${JOBS:-2}" lifeline lifeline_bench_duty_schedule >/dev/null
bin=$build/src/cli/lifeline

if [[ -n "${REGENERATE:-}" ]]; then rm -f "$db" "$db-wal" "$db-shm"; fi
if [[ ! -s $db ]]; then
  echo "generating $utilities utilities, $staff staff, $days days"
  "$bin" health generate --db "$db" --utilities "$utilities" --staff "$staff" --days "$days" --seed 2020 | tail -3
fi

echo "== final schedule and problems (Google Benchmark, median of $repeat)"
LIFELINE_BENCH_DB=$db "$build/bench/lifeline_bench_duty_schedule" --benchmark_repetitions="$repeat" \
  --benchmark_report_aggregates_only=true --benchmark_min_time=1x 2>&1 | grep -E "posts;|median|^Bench|^---" || true

server=
stop_server() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; }
trap stop_server EXIT
printf 'lifeline-bench-duty\n' | "$bin" user add bench_assoc --role association_admin --org root --password-stdin --db "$db" \
  >/dev/null 2>&1 || true
LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$db" --port "$port" --web-root "$work" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -c - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"bench_assoc","password":"lifeline-bench-duty"}' "http://127.0.0.1:$port/api/v1/auth/login" |
  awk '$6 == "ll_session" {print $7}')
[[ -n "$cookie" ]] || { echo "login failed"; exit 1; }
items=$(curl -s -H "Cookie: ll_session=$cookie" "http://127.0.0.1:$port/api/v1/duty/now?org=1" | grep -o '"post":' | wc -l)
echo "== GET /api/v1/duty/now?org=1 answers $items posts"
run() {  # name, path, extra wrk args...
  local name=$1 path=$2; shift 2
  echo "-- $name ($threads threads, $connections connections, $duration)"
  wrk -t "$threads" -c "$connections" -d "$duration" --latency "$@" "http://127.0.0.1:$port$path" |
    grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
}
for i in $(seq 1 "$repeat"); do
  echo "== run $i"
  run "/healthz" /healthz
  run "/api/v1/duty/now?org=1 (association admin)" "/api/v1/duty/now?org=1" -H "Cookie: ll_session=$cookie"
done
