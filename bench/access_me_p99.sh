#!/usr/bin/env bash
# GET /me while long analyses run (issue 12: with six isolation requests on a
# 200,000-link network another user's GET /me took 5 s). For the baseline
# binary and this build, in the same run: a demo database, a generated city of
# LINKS links for 长沙水业集团, its all-bursts ranking started (the baseline's
# GET starts it, this build's POST), and CLIENTS clients asking for isolation
# plans with hydraulics on random pipes in a loop; meanwhile wrk measures
# another user's GET /me on two connections for DURATION. Also GET /me idle,
# as the floor.
#   bench/access_me_p99.sh [LINKS=200000] [DURATION=30s] [CLIENTS=6]
#   BEFORE=old/lifeline (default /work/main/build/release/src/cli/lifeline), AFTER=build/release/src/cli/lifeline
set -euo pipefail
cd "$(dirname "$0")/.."
export links=${1:-200000} duration=${2:-30s} clients=${3:-6}
before=${BEFORE:-/work/main/build/release/src/cli/lifeline}
after=${AFTER:-build/release/src/cli/lifeline}

one() {  # label; runs in its own shell with LIFELINE_BIN set
  local label=$1
  sample=200
  port=${LIFELINE_BENCH_PORT:-18122}
  source bench/city_server.sh
  echo "== $label ($bin)"
  # Another user, whose GET /me is measured.
  other=$(curl -s -c - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"cs_staff","password":"lifeline-demo"}' "$base/auth/login" | awk '$6 == "ll_session" {print $7}')
  me() { wrk -t1 -c2 -d"$1" --latency -H "Cookie: ll_session=$other" "$base/me" |
    awk '/ 50%/ {p50 = $2} / 99%/ {p99 = $2} /Requests\/sec/ {rps = $2} END {print "p50 " p50 ", p99 " p99 ", " rps " req/s"}'; }
  echo "   GET /me idle: $(me 10s)"
  start=$(date +%s.%N)
  api -o /dev/null -w '' -d "{\"link\": \"$(head -1 "$work/sample")\"}" "$base/networks/$id/isolation"
  echo "   first isolation plan with hydraulics (model and PDA build): $(echo "$(date +%s.%N) - $start" | bc) s"
  # The long analysis: the baseline starts it with GET, this build with POST (GET only reads).
  api -o /dev/null -X POST "$base/networks/$id/bursts" || true
  api -o /dev/null "$base/networks/$id/bursts" || true
  touch "$work/run"
  for c in $(seq 1 "$clients"); do
    (while [[ -f "$work/run" ]]; do
      pipe=$(shuf -n 1 "$work/sample")
      api -o /dev/null -w '%{http_code}\n' -d "{\"link\": \"$pipe\", \"hydraulics\": true}" \
        "$base/networks/$id/isolation" >>"$work/isolation.$c" || true
    done) &
  done
  sleep 3
  echo "   GET /me with $clients isolation clients and the all-bursts job running: $(me "$duration")"
  rm -f "$work/run"
  wait
  echo "   isolation answers meanwhile: $(cat "$work"/isolation.* | sort | uniq -c | awk '{printf "%s x %s  ", $1, $2}')"
  echo "   all-bursts: $(api "$base/networks/$id/bursts" | jq -c '{state, done: (.done // .job.done), total: (.total // .job.total)}')"
}
export -f one

echo "GET /me p99 on a $links-link city while long analyses run ($clients isolation clients, all-bursts)"
LIFELINE_BIN=$before bash -c 'one before'
LIFELINE_BIN=$after bash -c 'one after'
