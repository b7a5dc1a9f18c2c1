#!/usr/bin/env bash
# Incidents through the real server on a generated city network: the time
# from POST /incidents (locate, isolation plan, priority customers, SLA,
# work order, audit — one durable write transaction) to the response, server
# side (the response's timing.total_ms and timing.plan_ms) and client side
# (curl, one at a time), then the incidents/s the API sustains (wrk, POSTs on
# random pipes, several connections), with GET /healthz and GET /incidents/{id}
# in the same run as the baseline.
#   bench/incident_load.sh [LINKS=100000] [SAMPLE=200] [CONNECTIONS=4]
# Needs a release build; LIFELINE_BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
links=${1:-100000}; sample=${2:-200}; connections=${3:-4}
port=18183
source bench/city_server.sh

# One at a time: server-side timing from the response, client-side from curl.
# The first incident builds the model and the nearest-pipe index: reported apart.
first=$(api -w '\n%{time_total}' -d "{\"org_id\": $org, \"network_id\": $id, \"type\": \"burst\", \"link\": \"$(head -1 "$work/sample")\"}" \
  "$base/incidents")
echo "first incident (cold model cache): $(tail -1 <<<"$first" | awk '{printf "%.0f ms", $1 * 1000}')"
while read -r pipe; do
  api -o "$work/one.json" -w '%{time_total}\n' \
    -d "{\"org_id\": $org, \"network_id\": $id, \"type\": \"burst\", \"link\": \"$pipe\", \"address\": \"bench\"}" \
    "$base/incidents" | awk '{printf "%.3f\n", $1 * 1000}' >>"$work/client"
  jq '.timing.total_ms' "$work/one.json" >>"$work/server"
  jq '.timing.plan_ms' "$work/one.json" >>"$work/plan"
  jq '.plan.valves_to_close | length' "$work/one.json" >>"$work/valves"
done <"$work/sample"
echo "POST /incidents, one at a time over $sample random pipes:"
echo "  server side, create() total (timing.total_ms): $(pct "$work/server")"
echo "  server side, isolation plan alone (timing.plan_ms): $(pct "$work/plan")"
echo "  client side (curl time_total): $(pct "$work/client")"
echo "  valves to close per plan: $(pct "$work/valves" | sed 's/ ms//g')"
one=$(jq .id "$work/one.json")

# Throughput: wrk POSTing incidents on the sampled pipes in turn.
cookie=$(awk '$6 == "ll_session" {print $7}' "$work/cookies")
cat >"$work/incident.lua" <<LUA
local pipes, i = {}, 0
for line in io.lines("$work/sample") do pipes[#pipes + 1] = line end
wrk.headers["Cookie"] = "ll_session=$cookie"
wrk.headers["X-CSRF-Token"] = "$csrf"
wrk.headers["Content-Type"] = "application/json"
function request()
  i = i + 1
  local body = '{"org_id": $org, "network_id": $id, "type": "leak", "source": "hotline", "link": "' ..
    pipes[i % #pipes + 1] .. '", "address": "wrk"}'
  return wrk.format("POST", "/api/v1/incidents", nil, body)
end
function done(summary, latency)
  io.write(string.format("%d incidents in %.1f s = %.1f/s, %d non-2xx; p50 %.2f ms, p99 %.2f ms\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
get_line() { awk '/Requests\/sec/ {rps = $2} / 50%/ {p50 = $2} / 99%/ {p99 = $2} END {print rps " req/s, p50 " p50 ", p99 " p99}'; }
echo "GET /healthz, $connections connections, 5 s: $(wrk -t2 -c"$connections" -d5s --latency "http://127.0.0.1:$port/healthz" | get_line)"
echo "GET /incidents/{id} (with its plan), $connections connections, 5 s: $(wrk -t2 -c"$connections" -d5s --latency \
  -H "Cookie: ll_session=$cookie" "$base/incidents/$one" | get_line)"
echo "POST /incidents, $connections connections, 10 s:"
wrk -t2 -c"$connections" -d10s -s "$work/incident.lua" "http://127.0.0.1:$port" | tail -1
echo "POST /incidents, 1 connection, 10 s:"
wrk -t1 -c1 -d10s -s "$work/incident.lua" "http://127.0.0.1:$port" | tail -1
echo "incidents stored: $(api "$base/incidents?state=all" | jq '.counts.total') (list capped at 500)"
echo "server resident memory: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"
