#!/usr/bin/env bash
# Check-in load on the scale data set, beside the storage limit, and census
# timings — on SQLite and on PostgreSQL, in one run (docs/health-scale.md).
#
#   bench/health_load.sh                       100,000 staff, 20 utilities, 90 days; wrk 3 × 30 s per backend
#   STAFF=20000 DAYS=30 REPEAT=1 DURATION=10s bench/health_load.sh sqlite
#
# Per backend: generates the data set once (kept in var/bench-health and the
# PostgreSQL database lifeline_scale; REGENERATE=1 starts over), serves it
# with the release build, POSTs check-ins with wrk (bench/health_checkin.lua:
# the utility's health officer's API token + staff_id, a fresh Idempotency-Key
# per request), then measures the raw single-row insert rate of the same
# database (bench/health_insert_bench.cpp) and the census (bench/health_census_bench.cpp).
# Medians of REPEAT runs. The machine's other load matters: quote medians.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
backends=${*:-sqlite postgres}
utilities=${UTILITIES:-20}; staff=${STAFF:-100000}; days=${DAYS:-90}
duration=${DURATION:-30s}; connections=${CONNECTIONS:-32}; threads=${THREADS:-2}; repeat=${REPEAT:-3}
build=${BUILD_DIR:-$root/build/h-scale-rel}
work=${WORK_DIR:-$root/var/bench-health}
port=${LIFELINE_BENCH_PORT:-18282}
mkdir -p "$work"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIFELINE_BENCH=ON >/dev/null
ninja -C "$build" -j"${JOBS:-2}" lifeline lifeline_bench_health_insert lifeline_bench_health_census >/dev/null
bin=$build/src/cli/lifeline

server=
stop_server() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap stop_server EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

summary=$work/summary.md
echo "| backend | staff × days | check-ins/s (median) | p50 ms | p99 ms | raw inserts/s 1 thread | raw inserts/s 4 threads | ratio (÷ 4 threads) | census utility ms | census association ms | trend 30 d utility ms | trend 30 d association ms |" >"$summary.new"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|" >>"$summary.new"

for backend in $backends; do
  echo "== $backend"
  if [[ $backend == sqlite ]]; then
    url=$work/scale.db
    insert_url=$work/insert-bench.db
    if [[ -n "${REGENERATE:-}" ]]; then rm -f "$url" "$url-wal" "$url-shm" "$work/sqlite.tokens"; fi
  else
    base=$(scripts/pg.sh start | tail -1)
    admin=${base%/*}/postgres
    if [[ -n "${REGENERATE:-}" ]]; then
      psql -q "$admin" -c "DROP DATABASE IF EXISTS lifeline_scale" >/dev/null; rm -f "$work/postgres.tokens"
    fi
    psql -qtA "$admin" -c "SELECT 1 FROM pg_database WHERE datname = 'lifeline_scale'" | grep -q 1 ||
      psql -q "$admin" -c "CREATE DATABASE lifeline_scale" >/dev/null
    url=${base%/*}/lifeline_scale
    insert_url=$url
  fi
  tokens=$work/$backend.tokens
  if [[ ! -s $tokens ]]; then
    echo "generating $utilities utilities, $staff staff, $days days"
    /usr/bin/time -f "generate: %e s wall, %M KB max RSS" \
      "$bin" health generate --db "$url" --utilities "$utilities" --staff "$staff" --days "$days" \
      --open-window --tokens "$tokens" --seed 2020 | tee "$work/$backend.generate.txt"
  else
    echo "reusing the generated data set ($(grep -m1 "^generated" "$work/$backend.generate.txt" 2>/dev/null))"
  fi
  [[ $backend == sqlite ]] && echo "database size: $(du -h "$url" | cut -f1)"
  [[ $backend == postgres ]] && echo "database size: $(psql -qtA "$admin" -c "SELECT pg_size_pretty(pg_database_size('lifeline_scale'))")"

  LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$url" --port "$port" --web-root "$work" >"$work/$backend.server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  # A short warm-up, then REPEAT measured runs.
  wrk -t "$threads" -c "$connections" -d 5s -s bench/health_checkin.lua "http://127.0.0.1:$port" -- "$tokens" >/dev/null
  rates=(); p50s=(); p99s=()
  for i in $(seq 1 "$repeat"); do
    out=$(wrk -t "$threads" -c "$connections" -d "$duration" --latency -s bench/health_checkin.lua \
      "http://127.0.0.1:$port" -- "$tokens")
    line=$(grep '^checkins:' <<<"$out")
    echo "run $i: $line$(grep -E 'Non-2xx' <<<"$out" | sed 's/^ */  /' || true)"
    rates+=("$(awk '{print $2}' <<<"$line")"); p50s+=("$(awk '{print $5}' <<<"$line")"); p99s+=("$(awk '{print $8}' <<<"$line")")
  done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null
  stop_server
  rate=$(printf '%s\n' "${rates[@]}" | median); p50=$(printf '%s\n' "${p50s[@]}" | median); p99=$(printf '%s\n' "${p99s[@]}" | median)
  echo "check-ins: median $rate req/s, p50 $p50 ms, p99 $p99 ms over $repeat runs of $duration ($connections connections)"

  # The storage limit: single-row insert transactions, same database, same durability.
  LIFELINE_BENCH_DB=$insert_url "$build/bench/lifeline_bench_health_insert" --benchmark_repetitions="$repeat" \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/$backend.insert.json" 2>"$work/$backend.insert.err"
  [[ $backend == sqlite ]] && rm -f "$insert_url" "$insert_url-wal" "$insert_url-shm"
  read -r raw1 raw4 raw32 < <(python3 - "$work/$backend.insert.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
def rate(t):
    for r in b:
        if r.get("aggregate_name") == "median" and r["run_name"].endswith("threads:%d" % t):
            return "%.0f" % r["items_per_second"]
    return "nan"
print(rate(1), rate(4), rate(32))
PY
)
  ratio=$(awk -v a="$rate" -v b="$raw4" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}')
  echo "raw inserts: $raw1/s (1 thread), $raw4/s (4 threads), $raw32/s (32 threads); check-ins ÷ raw (4 threads) = $ratio"

  # Census: one utility and the association for one day, 30-day trends.
  LIFELINE_BENCH_DB=$url "$build/bench/lifeline_bench_health_census" --benchmark_repetitions="$repeat" \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/$backend.census.json" 2>"$work/$backend.census.err" || true
  read -r cu ca tu ta < <(python3 - "$work/$backend.census.json" <<'PY'
import json, sys
try:
    b = json.load(open(sys.argv[1]))["benchmarks"]
except Exception:
    b = []
def ms(name):
    for r in b:
        if r.get("aggregate_name") == "median" and r["run_name"].split("/")[0] == name:
            t = r["real_time"]; u = r["time_unit"]
            return "%.1f" % (t / {"ns": 1e6, "us": 1e3, "ms": 1, "s": 1e-3}[u])
    return "nan"
print(ms("BM_census_utility_day"), ms("BM_census_association_day"), ms("BM_trend_utility_30d"), ms("BM_trend_association_30d"))
PY
)
  echo "census: utility day $cu ms, association day $ca ms, 30-day trend utility $tu ms, association $ta ms"
  echo "| $backend | $staff × $days | $rate | $p50 | $p99 | $raw1 | $raw4 | $ratio | $cu | $ca | $tu | $ta |" >>"$summary.new"
done
mv "$summary.new" "$summary"
echo
cat "$summary"
