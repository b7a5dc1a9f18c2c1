#!/usr/bin/env bash
# Memory held by anonymous uploads (issue 12: three anonymous 60 MB uploads to
# /api/v1/networks were held for 30 s each before the 401). N clients POST a
# SIZE_MB JSON body at once, without a session, each at RATE bytes/s (a slow
# sender), without "Expect: 100-continue" (the body follows the headers at
# once). For the baseline binary and this build, in the same run: the
# server's resident memory when idle, its peak while the uploads run (sampled
# every 20 ms), the answers and how long the clients took to get them.
#   bench/access_uploads.sh [N=20] [SIZE_MB=60] [RATE=20M]
#   BEFORE=old/lifeline (default /work/main/build/release/src/cli/lifeline), AFTER=build/release/src/cli/lifeline
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}; size=${2:-60}; rate=${3:-20M}
before=${BEFORE:-/work/main/build/release/src/cli/lifeline}
after=${AFTER:-build/release/src/cli/lifeline}
port=${LIFELINE_BENCH_PORT:-18121}
work=$(mktemp -d)
server=
sampler=
trap '[[ -n "$sampler" ]] && kill $sampler 2>/dev/null; [[ -n "$server" ]] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

python3 - "$work/body.json" "$size" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
with open(path, 'w') as f:
    head = '{"org_id": 1, "name": "x", "inp": "'
    f.write(head + 'A' * (mb * 1024 * 1024 - len(head) - 2) + '"}')
PY

measure() {  # label, binary
  local label=$1 bin=$2
  rm -f "$work"/db* "$work/answers" "$work/rss"
  LIFELINE_LOG_LEVEL=warn "$bin" serve --db "$work/db" --port "$port" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  sleep 0.5
  local idle; idle=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
  ( while kill -0 $server 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$server/status; sleep 0.02; done ) >"$work/rss" &
  sampler=$!
  local pids=()
  for _ in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --limit-rate "$rate" -H 'Expect:' \
      -H 'Content-Type: application/json' --data-binary @"$work/body.json" \
      "http://127.0.0.1:$port/api/v1/networks" >>"$work/answers" &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  sleep 0.3
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true; sampler=
  local peak; peak=$(sort -n "$work/rss" | tail -1)
  kill $server; wait $server 2>/dev/null || true; server=
  echo "== $label ($bin)"
  echo "   idle RSS $((idle / 1024)) MB; peak RSS during $n anonymous ${size} MB uploads $((peak / 1024)) MB (+$(((peak - idle) / 1024)) MB)"
  echo "   answers: $(cut -d' ' -f1 "$work/answers" | sort | uniq -c | awk '{printf "%s x %s  ", $1, $2}')"
  echo "   client time to the answer: $(cut -d' ' -f2 "$work/answers" | sort -n | awk '{v[NR]=$1} END {printf "median %.2f s, max %.2f s", v[int((NR+1)/2)], v[NR]}')"
}

echo "$n anonymous uploads of $size MB at $rate/s each, no Expect: 100-continue"
measure "before" "$before"
measure "after" "$after"
