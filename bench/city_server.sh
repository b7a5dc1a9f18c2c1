# Sourced by the load scripts that work on a generated city: seeds a demo
# database, serves it, logs in as cs_admin, generates a LINKS-link city for
# 长沙水业集团 and samples SAMPLE of its pipes. Leaves: $bin $port $base $work
# $server $csrf $org $id (the network), $work/pipes, $work/sample, api(),
# pct(). The caller sets links, sample and a default port first.
bin=${LIFELINE_BIN:-build/release/src/cli/lifeline}
port=${LIFELINE_BENCH_PORT:-$port}
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

pct() {  # file of numbers (ms) → p50 p90 p99 max
  sort -n "$1" | awk '{v[NR] = $1} END {
    printf "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)\n",
      v[int(NR * 0.50 + 0.5)], v[int(NR * 0.90 + 0.5)], v[int(NR * 0.99 + 0.5)], v[NR], NR}'
}

org=$(api "$base/orgs" | jq '.items[] | select(.code == "csws") | .id')
start=$(date +%s.%N)
id=$(api -d "{\"org_id\": $org, \"name\": \"bench-$links\", \"generate\": {\"links\": $links, \"seed\": 7}}" \
  "$base/networks" | jq .id)
echo "generated and stored a $links-link city (network $id) in $(echo "$(date +%s.%N) - $start" | bc) s"
start=$(date +%s.%N)
api "$base/networks/$id/geometry" | jq -r '.links as $l | range(0; $l.id | length) | select($l.type[.] == "P") | $l.id[.]' \
  >"$work/pipes"
echo "first geometry (model build + JSON): $(echo "$(date +%s.%N) - $start" | bc) s; $(wc -l <"$work/pipes") pipes"
shuf -n "$sample" --random-source=<(yes) "$work/pipes" >"$work/sample"
