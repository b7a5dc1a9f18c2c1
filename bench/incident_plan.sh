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
port=18182
sample=$requests
source bench/city_server.sh

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
