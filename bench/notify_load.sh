#!/usr/bin/env bash
# Group-robot messages through the outbox (bench/notify_bench.cpp), on SQLite
# and, when LIFELINE_TEST_PG_URL is set, on PostgreSQL (docs/notify.md):
#   1. bounded: one robot at DingTalk's 20 a minute, 40 notices at once
#   2. high rate: 4 robots at 6000 a minute each, 2000 notices at once (throughput)
#   3. steady: one robot at 6000 a minute, 600 notices over 60 s (latency p50/p99)
# Each run starts with the baseline (signed POSTs straight to the stand-in).
#   bench/notify_load.sh [sqlite] [postgres]        BUILD_DIR=build/release by default
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BUILD_DIR:-build/release}/bench/lifeline_bench_notify
backends=${*:-sqlite postgres}
for backend in $backends; do
  db=()
  if [[ $backend == postgres ]]; then
    [[ -n "${LIFELINE_TEST_PG_URL:-}" ]] || { echo "postgres: LIFELINE_TEST_PG_URL is not set (scripts/pg.sh start)"; continue; }
    # A fresh database per run (dropped at the end).
    name=notify_bench_$$
    psql "$LIFELINE_TEST_PG_URL" -qc "CREATE DATABASE $name" >/dev/null
    trap 'psql "$LIFELINE_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $name" >/dev/null' EXIT
    db=(--db "${LIFELINE_TEST_PG_URL%/*}/$name")
  fi
  for run in "--robots 1 --rate 20 --notices 40" "--robots 4 --rate 6000 --notices 2000" \
             "--robots 1 --rate 6000 --notices 600 --spread-s 60"; do
    if [[ $backend == postgres ]]; then
      psql "$LIFELINE_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    fi
    echo "== $backend $run"
    # shellcheck disable=SC2086
    "$bin" "${db[@]}" $run
  done
done
