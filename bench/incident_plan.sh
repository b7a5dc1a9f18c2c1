#!/usr/bin/env bash
# Incident planning through the real server: time from POST /isolation to the
# response on a generated city network, warm model cache, one keep-alive
# connection (wrk), over random pipes; GET /networks/{id} (session check and
# scoped lookup, no analysis) in the same way as the floor. Also prints the
# server-side planning time (compute_ms) on a sample (curl).
#   bench/incident_plan.sh [LINKS=100000] [REQUESTS=500]
# Needs a release build; LIFELINE_BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
links=${1:-100000}; requests=${2:-500}
bin=${LIFELINE_BIN:-build/release/src/cli/lifeline}
port=${LIFELINE_BENCH_PORT:-18182}
base="http://127.0.0.1:$port/api/v1"
work=$(mktemp -d)
server=
trap '[[ -n "$server" ]] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

"$bin" demo --db "$work/bench.db" --port "$port" --seed-only >/dev/null
LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$work/bench.db" --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

login=$(curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"cs_admin","password":"lifeline-demo"}' "$base/auth/login")
csrf=$(jq -r .csrf_token <<<"$login")
api() { curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' "$@"; }

org=$(api "$base/orgs" | jq '.items[] | select(.code == "csws") | .id')
start=$(date +%s.%N)
id=$(api -d "{\"org_id\": $org, \"name\": \"bench-$links\", \"generate\": {\"links\": $links, \"seed\": 7}}" \
  "$base/networks" | jq .id)
echo "generated and stored a $links-link city (network $id) in $(echo "$(date +%s.%N) - $start" | bc) s"
start=$(date +%s.%N)
api "$base/networks/$id/geometry" | jq -r '.links as $l | range(0; $l.id | length) | select($l.type[.] == "P") | $l.id[.]' \
  >"$work/pipes"
echo "first geometry (model build + JSON): $(echo "$(date +%s.%N) - $start" | bc) s; $(wc -l <"$work/pipes") pipes"
shuf -n "$requests" --random-source=<(yes) "$work/pipes" >"$work/sample"

pct() {  # file of numbers (ms) → p50 p90 p99 max
  sort -n "$1" | awk '{v[NR] = $1} END {
    printf "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)\n",
      v[int(NR * 0.50 + 0.5)], v[int(NR * 0.90 + 0.5)], v[int(NR * 0.99 + 0.5)], v[NR], NR}'
}

# wrk on one connection (no queueing: each figure is one request's round
# trip), cycling through the sampled pipes; the Lua script sets method, body
# and credentials.
cookie=$(awk '$6 == "ll_session" {print $7}' "$work/cookies")
cat >"$work/plan.lua" <<LUA
local pipes, i = {}, 0
for line in io.lines("$work/sample") do pipes[#pipes + 1] = line end
wrk.headers["Cookie"] = "ll_session=$cookie"
wrk.headers["X-CSRF-Token"] = "$csrf"
wrk.headers["Content-Type"] = "application/json"
function request()
  i = i % #pipes + 1
  return wrk.format("POST", "/api/v1/networks/$id/isolation", nil, '{"link": "' .. pipes[i] .. '"}')
end
function done(summary, latency)
  io.write(string.format("%d requests, %d non-2xx; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
floor=$(wrk -t1 -c1 -d5s --latency -H "Cookie: ll_session=$cookie" "$base/networks/$id" | awk '/ 50%/ {p50 = $2} / 99%/ {p99 = $2} END {print "p50 " p50 ", p99 " p99}')
echo "GET /networks/{id} (the floor: session check, scoped lookup): $floor"
echo "POST /isolation over $requests random pipes, warm cache, one connection, 10 s:"
wrk -t1 -c1 -d10s -s "$work/plan.lua" "http://127.0.0.1:$port" | tail -1
head -n 100 "$work/sample" | while read -r pipe; do
  api -d "{\"link\": \"$pipe\"}" "$base/networks/$id/isolation" | jq .compute_ms
done >"$work/compute"
echo "server-side plan_isolation (compute_ms, 100 of them): $(pct "$work/compute")"
echo "server resident memory: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"
