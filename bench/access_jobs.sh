#!/usr/bin/env bash
# Who may start the all-bursts ranking, and how often (issue 12: a viewer
# could start it on a 200,000-link network as often as they liked). On the
# demo city, for the baseline binary and this build: a viewer asks twice;
# then (this build) a dispatcher and a commander ask one after the other:
# the second joins the first's job.
#   bench/access_jobs.sh
#   BEFORE=old/lifeline (default /work/main/build/release/src/cli/lifeline), AFTER=build/release/src/cli/lifeline
set -euo pipefail
cd "$(dirname "$0")/.."
before=${BEFORE:-/work/main/build/release/src/cli/lifeline}
after=${AFTER:-build/release/src/cli/lifeline}
port=${LIFELINE_BENCH_PORT:-18123}
work=$(mktemp -d)
server=
trap '[[ -n "$server" ]] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port/api/v1"

serve() {  # binary
  rm -f "$work"/db*
  "$1" demo --db "$work/db" --port "$port" --seed-only >/dev/null
  LIFELINE_LOG_LEVEL=warn "$1" serve --db "$work/db" --port "$port" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
}
session() {  # username → cookie jar $work/$1, CSRF token in $work/$1.csrf
  curl -s -c "$work/$1" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"lifeline-demo\"}" "$base/auth/login" | jq -r .csrf_token >"$work/$1.csrf"
}
as() {  # username, method, path → "status body"
  curl -s -b "$work/$1" -H "X-CSRF-Token: $(cat "$work/$1.csrf")" -X "$2" -w ' %{http_code}' "$base$3"
}
show() {  # "body status" → "status {state, job, joined, done/total}"
  local out=$1
  local status=${out##* } body=${out% *}
  echo "$status $(jq -c '{state: (.state // .code), job: .job.id, joined: .job.joined, requested_by: .job.requested_by, done: (.done // .job.done), total: (.total // .job.total)}' <<<"$body" 2>/dev/null)"
}
stop() { kill $server; wait $server 2>/dev/null || true; server=; }

for label in before after; do
  bin=$before; [[ $label == after ]] && bin=$after
  serve "$bin"
  for u in viewer cs_dispatcher cs_commander; do session $u; done
  id=$(as viewer GET /networks | sed 's/ [0-9]*$//' | jq '.items[] | select(.name | startswith("长沙主城区")) | .id')
  echo "== $label ($bin), demo city network $id"
  if [[ $label == before ]]; then
    echo "   viewer GET  /bursts #1: $(show "$(as viewer GET /networks/$id/bursts)")"
    sleep 2
    echo "   viewer GET  /bursts #2: $(show "$(as viewer GET /networks/$id/bursts)")"
  else
    echo "   viewer POST /bursts #1: $(show "$(as viewer POST /networks/$id/bursts)")"
    echo "   viewer POST /bursts #2: $(show "$(as viewer POST /networks/$id/bursts)")"
    echo "   viewer GET  /bursts:    $(show "$(as viewer GET /networks/$id/bursts)")"
    echo "   dispatcher POST /bursts: $(show "$(as cs_dispatcher POST /networks/$id/bursts)")"
    sleep 2
    echo "   commander  POST /bursts: $(show "$(as cs_commander POST /networks/$id/bursts)")"
    echo "   viewer GET  /bursts:    $(show "$(as viewer GET /networks/$id/bursts)")"
  fi
  stop
done
