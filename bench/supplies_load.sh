#!/usr/bin/env bash
# Prevention supplies under load, on SQLite and on PostgreSQL in one run
# (docs/supplies.md, "Figures"):
#
#   bench/supplies_load.sh                 wrk 3 × 20 s per mode and backend; a 1,000,000-movement ledger
#   DURATION=10s REPEAT=1 MOVEMENTS=200000 bench/supplies_load.sh sqlite
#
# Per backend: a fresh database with one warehouse and 50 items
# (lifeline_bench_supplies setup-load), served by the release build; wrk
# POSTs issues of one piece (bench/supplies_move.lua) — `hot`: all on one
# item, so every request waits for the same stock row's lock; `spread`: a
# random item of the 50 — then the raw single-row insert rate of the same
# database (bench/health_insert_bench.cpp: one row per write transaction,
# the storage limit). Then the association's year of ledger is generated
# once (kept in var/bench-supplies and the database lifeline_supplies_ledger;
# REGENERATE=1 starts over) and the stock board with days of supply is timed
# over it. Medians of REPEAT runs; the machine is shared: quote medians.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
backends=${*:-sqlite postgres}
duration=${DURATION:-20s}; connections=${CONNECTIONS:-32}; threads=${THREADS:-2}; repeat=${REPEAT:-3}
movements=${MOVEMENTS:-1000000}
build=${BUILD_DIR:-$root/build/release}
work=${WORK_DIR:-$root/var/bench-supplies}
port=${LIFELINE_BENCH_PORT:-18190}
mkdir -p "$work"

cmake --build "$build" -j"${JOBS:-2}" --target lifeline lifeline_bench_supplies lifeline_bench_health_insert >/dev/null
bin=$build/src/cli/lifeline
tool=$build/bench/lifeline_bench_supplies

server=
stop_server() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap stop_server EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

fresh_pg() {  # fresh_pg NAME → URL
  local base admin
  base=$(scripts/pg.sh start | tail -1)
  admin=${base%/*}/postgres
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $1" >/dev/null
  psql -q "$admin" -c "CREATE DATABASE $1" >/dev/null
  echo "${base%/*}/$1"
}

summary=$work/summary.md
echo "| backend | issues/s hot item (median) | p50 / p99 ms | issues/s spread over 50 items | p50 / p99 ms | raw inserts/s 1 thread | raw inserts/s 4 threads | hot ÷ raw 4 | spread ÷ raw 4 | ledger | stock board association ms | one utility ms | one warehouse ms |" >"$summary.new"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|" >>"$summary.new"

for backend in $backends; do
  echo "== $backend"
  if [[ $backend == sqlite ]]; then
    url=$work/load.db
    rm -f "$url" "$url-wal" "$url-shm"
    ledger=$work/ledger.db
    [[ -n "${REGENERATE:-}" ]] && rm -f "$ledger" "$ledger-wal" "$ledger-shm"
    [[ -s $ledger ]] || fresh_ledger=1
  else
    url=$(fresh_pg lifeline_supplies_load)
    base=$(scripts/pg.sh start | tail -1)
    admin=${base%/*}/postgres
    ledger=${base%/*}/lifeline_supplies_ledger
    if [[ -n "${REGENERATE:-}" ]] || ! psql -qtA "$admin" -c "SELECT 1 FROM pg_database WHERE datname = 'lifeline_supplies_ledger'" | grep -q 1; then
      ledger=$(fresh_pg lifeline_supplies_ledger); fresh_ledger=1
    fi
  fi
  "$tool" setup-load "$url" "$work/$backend.setup" 50 >/dev/null

  LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$url" --port "$port" --web-root "$work" >"$work/$backend.server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  declare -A rate p50 p99
  for mode in hot spread; do
    wrk -t "$threads" -c "$connections" -d 3s -s bench/supplies_move.lua "http://127.0.0.1:$port" -- "$work/$backend.setup" "$mode" >/dev/null
    rates=(); p50s=(); p99s=()
    for i in $(seq 1 "$repeat"); do
      out=$(wrk -t "$threads" -c "$connections" -d "$duration" --latency -s bench/supplies_move.lua \
        "http://127.0.0.1:$port" -- "$work/$backend.setup" "$mode")
      line=$(grep '^movements:' <<<"$out")
      echo "$mode run $i: $line$(grep -E 'Non-2xx' <<<"$out" | sed 's/^ */  /' || true)"
      rates+=("$(awk '{print $2}' <<<"$line")"); p50s+=("$(awk '{print $5}' <<<"$line")"); p99s+=("$(awk '{print $8}' <<<"$line")")
    done
    rate[$mode]=$(printf '%s\n' "${rates[@]}" | median)
    p50[$mode]=$(printf '%s\n' "${p50s[@]}" | median)
    p99[$mode]=$(printf '%s\n' "${p99s[@]}" | median)
    echo "$mode: median ${rate[$mode]} req/s, p50 ${p50[$mode]} ms, p99 ${p99[$mode]} ms"
  done
  stop_server

  LIFELINE_BENCH_DB=$url "$build/bench/lifeline_bench_health_insert" --benchmark_repetitions="$repeat" \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/$backend.insert.json" 2>"$work/$backend.insert.err"
  read -r raw1 raw4 < <(python3 - "$work/$backend.insert.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
def rate(t):
    for r in b:
        if r.get("aggregate_name") == "median" and r["run_name"].endswith("threads:%d" % t):
            return "%.0f" % r["items_per_second"]
    return "nan"
print(rate(1), rate(4))
PY
)
  hot_ratio=$(awk -v a="${rate[hot]}" -v b="$raw4" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}')
  spread_ratio=$(awk -v a="${rate[spread]}" -v b="$raw4" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}')
  echo "raw inserts: $raw1/s (1 thread), $raw4/s (4 threads); hot ÷ raw = $hot_ratio, spread ÷ raw = $spread_ratio"

  if [[ -n "${fresh_ledger:-}" ]]; then
    /usr/bin/time -f "generate: %e s wall" "$tool" generate "$ledger" "$movements" | tee "$work/$backend.generate.txt"
  fi
  unset fresh_ledger
  LIFELINE_BENCH_DB=$ledger "$tool" --benchmark_repetitions="$repeat" --benchmark_report_aggregates_only=true \
    --benchmark_format=json >"$work/$backend.board.json" 2>"$work/$backend.board.err"
  read -r ba bu bw < <(python3 - "$work/$backend.board.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
def ms(name):
    for r in b:
        if r.get("aggregate_name") == "median" and r["run_name"].split("/")[0] == name:
            return "%.1f" % (r["real_time"] / {"ns": 1e6, "us": 1e3, "ms": 1, "s": 1e-3}[r["time_unit"]])
    return "nan"
print(ms("BM_stock_association"), ms("BM_stock_utility"), ms("BM_stock_warehouse"))
PY
)
  echo "stock board: association $ba ms, one utility $bu ms, one warehouse $bw ms"
  echo "| $backend | ${rate[hot]} | ${p50[hot]} / ${p99[hot]} | ${rate[spread]} | ${p50[spread]} / ${p99[spread]} | $raw1 | $raw4 | $hot_ratio | $spread_ratio | $(grep -o '^generated [0-9]*' "$work/$backend.generate.txt" 2>/dev/null | awk '{print $2}') movements | $ba | $bu | $bw |" >>"$summary.new"
done
mv "$summary.new" "$summary"
echo
cat "$summary"
