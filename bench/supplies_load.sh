#!/usr/bin/env bash
# Movements per second under wrk beside the raw insert rate of the same
# database, and the stock board over a year of ledger — on SQLite and on
# PostgreSQL, in one run (docs/supplies.md, "Figures").
#
#   bench/supplies_load.sh                      both backends; wrk 3 × 10 s per mode
#   DURATION=5s REPEAT=1 bench/supplies_load.sh sqlite
#
# Per backend:
#   1. bench/supplies_bench.cpp generates the association's data set once (20
#      utilities, 1,000,000 movements over a year; kept in var/bench-supplies and
#      the PostgreSQL database lifeline_supplies; REGENERATE=1 starts over) and
#      times the stock board and days of supply (medians of REPEAT);
#   2. the release server serves that database; a storekeeper of utility u00
#      receives 10,000,000 units of each of its 36 warehouse × item pairs, then
#      wrk POSTs issues of one unit (bench/supplies_movement.lua, a fresh
#      Idempotency-Key each) with the storekeeper's TOKENS API tokens (default
#      16, one per client; TOKENS=1 puts every request on one token's row):
#      `hot` all on one item in one warehouse, `spread` over the 36 pairs;
#   3. the raw single-row insert rate of the same database, same durability
#      (bench/health_insert_bench.cpp: one row per write transaction).
# The machine's other load matters: quote medians and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
backends=${*:-sqlite postgres}
duration=${DURATION:-10s}; connections=${CONNECTIONS:-32}; threads=${THREADS:-2}; repeat=${REPEAT:-3}
clients=${TOKENS:-16}  # the storekeeper's API tokens the requests are spread over (1: all on one)
build=${BUILD_DIR:-$root/build/release}
work=${WORK_DIR:-$root/var/bench-supplies}
port=${LIFELINE_BENCH_PORT:-18231}
mkdir -p "$work"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIFELINE_BENCH=ON >/dev/null
ninja -C "$build" -j"${JOBS:-2}" lifeline lifeline_bench_supplies lifeline_bench_health_insert >/dev/null
bin=$build/src/cli/lifeline
api=http://127.0.0.1:$port/api/v1

server=
stop_server() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap stop_server EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}'; }

summary=$work/summary.md
{
  echo "| backend | mode | movements/s (median) | p50 ms | p99 ms | non-2xx | raw inserts/s 1 / 4 / 32 threads | movements ÷ raw 4 threads | movements ÷ raw 32 threads |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$summary.new"
boards=$work/boards.md
{
  echo "| backend | stock board utility ms | stock board association ms | days of supply utility ms | days of supply association ms |"
  echo "|---|---|---|---|---|"
} >"$boards.new"

for backend in $backends; do
  echo "== $backend"
  if [[ $backend == sqlite ]]; then
    url=$work/supplies.db
    insert_url=$work/insert-bench.db
    [[ -n "${REGENERATE:-}" ]] && rm -f "$url" "$url-wal" "$url-shm"
  else
    base=$(scripts/pg.sh start | tail -1)
    admin=${base%/*}/postgres
    [[ -n "${REGENERATE:-}" ]] && psql -q "$admin" -c "DROP DATABASE IF EXISTS lifeline_supplies" >/dev/null
    psql -qtA "$admin" -c "SELECT 1 FROM pg_database WHERE datname = 'lifeline_supplies'" | grep -q 1 ||
      psql -q "$admin" -c "CREATE DATABASE lifeline_supplies" >/dev/null
    url=${base%/*}/lifeline_supplies
    insert_url=$url
  fi

  # 1. The data set (generated on the first run) and the stock board over it.
  LIFELINE_BENCH_DB=$url LIFELINE_LOG_LEVEL=warn "$build/bench/lifeline_bench_supplies" \
    --benchmark_repetitions="$repeat" --benchmark_report_aggregates_only=true --benchmark_format=json \
    >"$work/$backend.board.json" 2>"$work/$backend.board.err" || { cat "$work/$backend.board.err"; exit 1; }
  grep -E "^(generating|check)" "$work/$backend.board.err" || true
  read -r bu ba du da < <(python3 - "$work/$backend.board.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
def ms(name):  # the median of the repetitions (the one run when REPEAT=1)
    runs = [r for r in b if r["run_name"] == name and r.get("aggregate_name", "median") == "median"]
    if not runs:
        return "nan"
    r = runs[0]
    return "%.1f" % (r["real_time"] / {"ns": 1e6, "us": 1e3, "ms": 1, "s": 1e-3}[r["time_unit"]])
print(ms("BM_stock_board_utility"), ms("BM_stock_board_association"), ms("BM_days_of_supply_utility"),
      ms("BM_days_of_supply_association"))
PY
)
  echo "stock board: utility $bu ms, association $ba ms; days of supply (summary): utility $du ms, association $da ms"
  echo "| $backend | $bu | $ba | $du | $da |" >>"$boards.new"

  # 2. The server on that database, a storekeeper's token, stock to issue.
  printf 'lifeline-bench-supplies\n' | "$bin" user add bench_store --role storekeeper --org u00 --password-stdin \
    --db "$url" >/dev/null 2>&1 || true
  LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$url" --port "$port" --web-root "$work" >"$work/$backend.server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  jar=$work/cookies.txt
  csrf=$(curl -fs -c "$jar" -H 'Content-Type: application/json' \
    -d '{"username":"bench_store","password":"lifeline-bench-supplies"}' "$api/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')
  tokens=()
  for t in $(seq 1 "$clients"); do
    tokens+=("$(curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d "{\"name\":\"wrk supplies $t\",\"scope\":\"write\"}" "$api/tokens" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')")
  done
  rm -f "$jar"
  token=${tokens[0]}
  auth=(-H "Authorization: Bearer $token")
  warehouses=$(curl -fs "${auth[@]}" "$api/supplies/warehouses" | python3 -c \
    'import json, sys; print(" ".join(str(w["id"]) for w in json.load(sys.stdin)["items"]))')
  items=$(curl -fs "${auth[@]}" "$api/supplies/items" | python3 -c \
    'import json, sys; it = json.load(sys.stdin)["items"]; print(" ".join(str(i["id"]) for i in sorted(it, key=lambda i: i["code"] != "KZ-YY")))')
  targets=$work/$backend.targets
  : >"$targets"
  chmod 600 "$targets"
  n=0
  for w in $warehouses; do
    for i in $items; do
      curl -fs -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' \
        -d "{\"kind\":\"receipt\",\"warehouse_id\":$w,\"item_id\":$i,\"quantity\":10000000,\"supplier\":\"压测\"}" \
        "$api/supplies/movements"
      printf '%s\t%s\t%s\n' "${tokens[$((n++ % clients))]}" "$w" "$i" >>"$targets"
    done
  done
  echo "targets: $(wc -l <"$targets") warehouse × item pairs of u00, $clients API tokens; hot: warehouse $(cut -f2 "$targets" | head -1), item $(cut -f3 "$targets" | head -1)"

  declare -A rate p50 p99 bad
  for mode in hot spread; do
    wrk -t "$threads" -c "$connections" -d 3s -s bench/supplies_movement.lua "http://127.0.0.1:$port" -- "$targets" "$mode" >/dev/null
    rates=(); p50s=(); p99s=(); errors=0
    for i in $(seq 1 "$repeat"); do
      out=$(wrk -t "$threads" -c "$connections" -d "$duration" --latency -s bench/supplies_movement.lua \
        "http://127.0.0.1:$port" -- "$targets" "$mode")
      line=$(grep '^movements:' <<<"$out")
      echo "$mode run $i: $line"
      rates+=("$(awk '{print $2}' <<<"$line")"); p50s+=("$(awk '{print $5}' <<<"$line")"); p99s+=("$(awk '{print $8}' <<<"$line")")
      errors=$((errors + $(awk '{print $NF}' <<<"$line")))
    done
    rate[$mode]=$(printf '%s\n' "${rates[@]}" | median)
    p50[$mode]=$(printf '%s\n' "${p50s[@]}" | median)
    p99[$mode]=$(printf '%s\n' "${p99s[@]}" | median)
    bad[$mode]=$errors
    echo "$mode: median ${rate[$mode]} movements/s, p50 ${p50[$mode]} ms, p99 ${p99[$mode]} ms, $errors errors over $repeat runs of $duration ($connections connections)"
  done
  # The hot item's stock on the board still equals the sum of its ledger lines.
  first_w=$(cut -f2 "$targets" | head -1); first_i=$(cut -f3 "$targets" | head -1)
  on_hand=$(curl -fs "${auth[@]}" "$api/supplies/stock?warehouse_id=$first_w" | python3 -c "
import json, sys
print(next('%.3f' % s['on_hand'] for s in json.load(sys.stdin)['items'] if s['item_id'] == $first_i))")
  stop_server
  lines_sql="SELECT SUM(delta_milli) FROM supply_movement_lines WHERE warehouse_id = $first_w AND item_id = $first_i"
  if [[ $backend == sqlite ]]; then milli=$(sqlite3 "$url" "$lines_sql"); else milli=$(psql -qtA "$url" -c "$lines_sql"); fi
  ledger=$(awk -v m="$milli" 'BEGIN {printf "%.3f", m / 1000}')
  [[ $on_hand == "$ledger" ]] || { echo "hot item: board $on_hand ≠ ledger $ledger"; exit 1; }
  echo "hot item after the load: on hand $on_hand = Σ its ledger lines"

  # 3. The storage limit: single-row insert transactions, same database, same durability.
  LIFELINE_BENCH_DB=$insert_url "$build/bench/lifeline_bench_health_insert" --benchmark_repetitions="$repeat" \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/$backend.insert.json" 2>"$work/$backend.insert.err"
  [[ $backend == sqlite ]] && rm -f "$insert_url" "$insert_url-wal" "$insert_url-shm"
  read -r raw1 raw4 raw32 < <(python3 - "$work/$backend.insert.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
def rate(t):  # the median of the repetitions (the one run when REPEAT=1)
    runs = [r for r in b if r["run_name"].endswith("threads:%d" % t) and r.get("aggregate_name", "median") == "median"]
    return "%.0f" % runs[0]["items_per_second"] if runs else "nan"
print(rate(1), rate(4), rate(32))
PY
)
  echo "raw inserts: $raw1/s (1 thread), $raw4/s (4 threads), $raw32/s (32 threads)"
  for mode in hot spread; do
    echo "| $backend | $mode | ${rate[$mode]} | ${p50[$mode]} | ${p99[$mode]} | ${bad[$mode]} | $raw1 / $raw4 / $raw32 | $(ratio "${rate[$mode]}" "$raw4") | $(ratio "${rate[$mode]}" "$raw32") |" >>"$summary.new"
  done
  unset rate p50 p99 bad
done
mv "$summary.new" "$summary"
mv "$boards.new" "$boards"
echo
cat "$summary"
echo
cat "$boards"
