#!/usr/bin/env bash
# The figures of issue 14 (docs/health-scale.md, "Scale-out"), one run each,
# side by side in the same run so the ratios hold on a shared machine.
#
#   bench/scale.sh sqlite     check-ins/s at 64 connections: this build (group commit),
#                             today's build ($BASELINE_BIN), and the raw single-commit rate
#   bench/scale.sh postgres   check-ins/s through HAProxy with 1, 2, 3 servers, and the
#                             database's raw commit rate (pgbench, 1 and 64 clients)
#   bench/scale.sh census     the association's census for a day and its 30-day trend,
#                             through the API, on SQLite and PostgreSQL
#   bench/scale.sh reads      GET /api/v1/orgs (a session) against GET /healthz
#   bench/scale.sh soak       10 minutes of mixed traffic on two servers behind HAProxy:
#                             errors, p99 per route, each server's memory at start and end
#
# Environment: STAFF, DAYS, UTILITIES (data set; census defaults to the full
# 100,000 × 90), DURATION (wrk per run, default 20s), CONNECTIONS (64),
# SOAK (10m), BIN (this build, build/release), BASELINE_BIN (today's build,
# /work/main/build/release/src/cli/lifeline). Data sets are kept in var/bench-scale.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${BIN:-$root/build/release/src/cli/lifeline}
baseline=${BASELINE_BIN:-/work/main/build/release/src/cli/lifeline}
work=$root/var/bench-scale
duration=${DURATION:-20s}; connections=${CONNECTIONS:-64}
port=${LIFELINE_BENCH_PORT:-18150}
mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap cleanup EXIT

ready() { for _ in $(seq 1 3000); do curl -fs "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }
serve() {  # binary db port
  LIFELINE_LOG_LEVEL=warn "$1" serve --db "$2" --port "$3" --web-root "$work" >>"$work/server-$3.log" 2>&1 &
  pids+=($!)
  ready "$3"
}
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
checkins() {  # port label
  wrk -t2 -c "$connections" -d 5s -s bench/health_checkin.lua "http://127.0.0.1:$1" -- "$tokens" >/dev/null
  local line
  line=$(wrk -t2 -c "$connections" -d "$duration" --latency -s bench/health_checkin.lua "http://127.0.0.1:$1" -- "$tokens" |
    grep '^checkins:')
  echo "| $2 | $(awk '{print $2}' <<<"$line") | $(awk '{print $5}' <<<"$line") | $(awk '{print $8}' <<<"$line") | $(awk '{print $16}' <<<"$line") |"
}
generate() {  # binary db tokens staff days
  [[ -s "$3" ]] && return 0
  "$1" health generate --db "$2" --utilities "${UTILITIES:-20}" --staff "$4" --days "$5" --open-window \
    --tokens "$3" --seed 2020 >"$3.log"
}
pg_db() {  # name: creates it if absent, prints its URL
  local base admin
  base=$(scripts/pg.sh start | tail -1); admin=${base%/*}/postgres
  psql -qtA "$admin" -c "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 ||
    psql -q "$admin" -c "CREATE DATABASE $1" >/dev/null
  echo "${base%/*}/$1"
}

case "${1:-}" in
sqlite)
  staff=${STAFF:-20000}; days=${DAYS:-7}
  echo "SQLite check-ins, $connections connections, wrk $duration; $staff staff × $days days (machine shared: compare within this run)"
  echo "| build | check-ins/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  # Today's build refuses this build's newer schema: each has its own copy of the same data set.
  for b in baseline this; do
    exe=$bin; [[ $b == baseline ]] && exe=$baseline
    db=$work/sqlite-$b.db; tokens=$work/sqlite-$b.tokens
    generate "$exe" "$db" "$tokens" "$staff" "$days"
    serve "$exe" "$db" "$port"
    checkins "$port" "$([[ $b == this ]] && echo "this build (group commit)" || echo "today's build ($baseline)")"
    cleanup
  done
  # The raw single-commit rate of the same disk, same durability: one row per transaction.
  raw=$work/raw.db; rm -f "$raw" "$raw-wal" "$raw-shm"
  n=20000
  start=$(date +%s.%N)
  { echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, staff BIGINT, day TEXT, v TEXT);"
    for i in $(seq 1 $n); do echo "INSERT INTO t (staff, day, v) VALUES ($i, '2020-01-26', 'raw commit $i');"; done; } |
    sqlite3 "$raw" >/dev/null
  end=$(date +%s.%N)
  echo "| raw single-row commits (sqlite3, WAL, synchronous=FULL) | $(echo "$n / ($end - $start)" | bc) | | | |"
  ;;
postgres)
  staff=${STAFF:-20000}; days=${DAYS:-7}
  db=$(pg_db lifeline_bench_cluster); tokens=$work/postgres.tokens
  generate "$bin" "$db" "$tokens" "$staff" "$days"
  echo "PostgreSQL check-ins through HAProxy, $connections connections, wrk $duration; $staff staff × $days days (machine shared)"
  echo "| servers | check-ins/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  for n in 1 2 3; do
    LIFELINE_CLUSTER_DB=$db LIFELINE_CLUSTER_PORT=$port LIFELINE_BIN=$bin scripts/cluster.sh start "$n" >/dev/null
    checkins "$port" "$n"
    scripts/cluster.sh stop
  done
  # The database's raw commit rate: one-row INSERT transactions from 1 and 64 clients.
  admin=${db%/*}/postgres
  psql -q "$db" -c "DROP TABLE IF EXISTS raw_commits; CREATE TABLE raw_commits (id BIGSERIAL PRIMARY KEY, staff BIGINT, day TEXT, v TEXT)"
  echo "INSERT INTO raw_commits (staff, day, v) VALUES (:client_id, '2020-01-26', 'raw commit');" >"$work/raw.sql"
  for c in 1 64; do
    tps=$(pgbench -n -c "$c" -j 2 -T "${duration%s}" -f "$work/raw.sql" "$db" 2>/dev/null | awk '/^tps/ {print int($3)}')
    echo "| raw commits, pgbench $c clients | $tps | | | |"
  done
  psql -q "$db" -c "DROP TABLE raw_commits"
  ;;
census)
  staff=${STAFF:-100000}; days=${DAYS:-90}
  echo "The association's census through the API (curl time_total, median of 5; server CPU per request), $staff staff × $days days"
  echo "| database | census, association, 1 day | trend 30 days, association | census, largest utility, 1 day |"
  echo "|---|---|---|---|"
  for backend in ${CENSUS_BACKENDS:-sqlite postgres}; do
    if [[ $backend == sqlite ]]; then db=$work/census.db; else db=$(pg_db lifeline_bench_census); fi
    tokens=$work/census-$backend.tokens
    generate "$bin" "$db" "$tokens" "$staff" "$days"
    # An association admin reads the association's census (the generator makes utility logins only).
    echo "census-bench-1" | "$bin" user add census_bench --role association_admin --password-stdin --db "$db" \
      >/dev/null 2>&1 || true
    serve "$bin" "$db" "$port"
    last=$(grep -o 'to [0-9-]\{10\}' "$tokens.log" | tail -1 | grep -o '[0-9-]\{10\}' || true)
    [[ -n "$last" ]] || last=$(TZ=Asia/Shanghai date -d yesterday +%F)
    jar=$work/census.cookies
    curl -fs -c "$jar" -H 'Content-Type: application/json' -d '{"username":"census_bench","password":"census-bench-1"}' \
      "http://127.0.0.1:$port/api/v1/auth/login" >/dev/null
    # Wall time (median of 5) and the server's CPU time per request (what the
    # request costs without the other load of a shared machine).
    server_pid=${pids[-1]}
    t() {
      local before after wall
      before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
      wall=$(for _ in 1 2 3 4 5; do curl -fs -b "$jar" -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$1"; done |
        sort -g | sed -n 3p)
      after=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
      echo "${wall} s wall, $(( (after - before) * 10 / 5 )) ms CPU"
    }
    curl -fs -b "$jar" "http://127.0.0.1:$port/api/v1/health/census?org=1&date=$last" >/dev/null  # warm
    utility=$(head -1 "$tokens" | cut -f2)
    assoc_day=$(t "/api/v1/health/census?org=1&date=$last")
    assoc_trend=$(t "/api/v1/health/census/trend?org=1&to=$last")
    util_day=$(t "/api/v1/health/census?org=$utility&date=$last")
    echo "| $backend | $assoc_day | $assoc_trend | $util_day |"
    cleanup
  done
  ;;
reads)
  db=$work/reads.db; rm -f "$db" "$db-wal" "$db-shm"
  "$bin" demo --db "$db" --port "$port" --web-root "$work" --seed-only >/dev/null
  serve "$bin" "$db" "$port"
  cookie=$(curl -s -c - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"lifeline-demo"}' "http://127.0.0.1:$port/api/v1/auth/login" |
    awk '$6 == "ll_session" {print $7}')
  rate() { wrk -t2 -c "$connections" -d "$duration" --latency "$@" | awk '/Requests\/sec/ {print $2}'; }
  wrk -t2 -c "$connections" -d 3s "http://127.0.0.1:$port/api/v1/orgs" -H "Cookie: ll_session=$cookie" >/dev/null
  health=$(rate "http://127.0.0.1:$port/healthz")
  orgs=$(rate "http://127.0.0.1:$port/api/v1/orgs" -H "Cookie: ll_session=$cookie")
  echo "| GET /healthz | GET /api/v1/orgs (session) | ratio |"
  echo "|---|---|---|"
  echo "| $health | $orgs | $(echo "scale=2; $orgs / $health" | bc) |"
  ;;
soak)
  staff=${STAFF:-20000}; days=${DAYS:-7}; soak=${SOAK:-10m}
  db=$(pg_db lifeline_bench_cluster); tokens=$work/postgres.tokens
  generate "$bin" "$db" "$tokens" "$staff" "$days"
  LIFELINE_CLUSTER_DB=$db LIFELINE_CLUSTER_PORT=$port LIFELINE_BIN=$bin scripts/cluster.sh start 2 >/dev/null
  s1=$(cat var/cluster/server1.pid); s2=$(cat var/cluster/server2.pid)
  echo "soak $soak on two servers behind HAProxy ($staff staff × $days days); memory at start: server1 $(rss "$s1"), server2 $(rss "$s2")"
  jar=$work/soak.cookies
  curl -fs -c "$jar" -H 'Content-Type: application/json' -d '{"username":"g01_commander","password":"lifeline-scale"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" >/dev/null
  cookie=$(awk '$6 == "ll_session" {print $7}' "$jar")
  utility=$(head -1 "$tokens" | cut -f2)
  route() {  # label connections wrk-args...
    local label=$1 c=$2; shift 2
    wrk -t1 -c "$c" -d "$soak" --latency "$@" >"$work/soak-$label.txt" 2>&1
  }
  route checkins 16 -s bench/health_checkin.lua "http://127.0.0.1:$port" -- "$tokens" &
  route orgs 8 -H "Cookie: ll_session=$cookie" "http://127.0.0.1:$port/api/v1/orgs" &
  route census 2 -H "Cookie: ll_session=$cookie" "http://127.0.0.1:$port/api/v1/health/census?org=$utility" &
  route summary 2 -H "Cookie: ll_session=$cookie" "http://127.0.0.1:$port/api/v1/summary?org=$utility&date=$(TZ=Asia/Shanghai date +%F)" &
  wait
  echo "memory at end: server1 $(rss "$s1"), server2 $(rss "$s2")"
  echo "| route | requests/s | p50 | p99 | non-2xx or socket errors |"
  echo "|---|---|---|---|---|"
  for r in checkins orgs census summary; do
    f=$work/soak-$r.txt
    echo "| $r | $(awk '/Requests\/sec/ {print $2}' "$f") | $(awk '$1 == "50%" {print $2}' "$f") | $(awk '$1 == "99%" {print $2}' "$f") | $(grep -E 'Non-2xx|Socket errors' "$f" | tr -s ' ' | tr '\n' ';' || echo 0) |"
  done
  scripts/cluster.sh stop
  ;;
*) sed -n 2,22p "$0"; exit 2 ;;
esac
