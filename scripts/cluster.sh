#!/usr/bin/env bash
# A local cluster: the PostgreSQL of scripts/pg.sh, N `lifeline serve`
# processes and HAProxy in front of them (deploy/haproxy/lifeline-dev.cfg).
#
#   scripts/cluster.sh start [N]   N = 1..3 servers (default 2); prints the balancer's URL
#   scripts/cluster.sh stop        stops the servers and the balancer (PostgreSQL stays: scripts/pg.sh stop)
#   scripts/cluster.sh status
#
# Ports: the balancer on $LIFELINE_CLUSTER_PORT (default 18140), servers on
# the next N ports. Database: $LIFELINE_CLUSTER_DB (default: lifeline_cluster
# in the scripts/pg.sh cluster). Binary: $LIFELINE_BIN (default the release build).
# Logs and pids in var/cluster/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/var/cluster"
bin="${LIFELINE_BIN:-$root/build/release/src/cli/lifeline}"
front="${LIFELINE_CLUSTER_PORT:-18140}"

stop() {
  for f in "$dir"/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null && while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$f"
  done
}

status() {
  for f in "$dir"/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$f" .pid): running (pid $pid)"; else echo "$(basename "$f" .pid): dead"; fi
  done
}

start() {
  local n="${1:-2}"
  (( n >= 1 && n <= 3 )) || { echo "cluster.sh: 1 to 3 servers" >&2; exit 2; }
  [[ -x "$bin" ]] || { echo "cluster.sh: build first ($bin is missing)" >&2; exit 1; }
  command -v haproxy >/dev/null || { echo "cluster.sh: haproxy is missing (scripts/install-deps.sh)" >&2; exit 1; }
  mkdir -p "$dir"
  stop
  local base db
  base="$("$root/scripts/pg.sh" start | tail -1)"
  db="${LIFELINE_CLUSTER_DB:-${base%/*}/lifeline_cluster}"
  local admin="${base%/*}/postgres"
  psql "$admin" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'lifeline_cluster'" | grep -q 1 ||
    psql "$admin" -qc "CREATE DATABASE lifeline_cluster" >/dev/null
  local servers=()
  for i in $(seq 1 "$n"); do
    local port=$((front + i))
    LIFELINE_LOG_LEVEL="${LIFELINE_LOG_LEVEL:-warn}" "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 \
      --web-root "$root/web/dist" >>"$dir/server$i.log" 2>&1 &
    echo $! >"$dir/server$i.pid"
    servers+=("127.0.0.1:$port")
    # The first server migrates the schema; the others start after it.
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  done
  while ((${#servers[@]} < 3)); do servers+=("127.0.0.1:1"); done  # unused slots stay down
  sed -e "s/@FRONT_PORT@/$front/" -e "s/@SERVER1@/${servers[0]}/" -e "s/@SERVER2@/${servers[1]}/" \
      -e "s/@SERVER3@/${servers[2]}/" "$root/deploy/haproxy/lifeline-dev.cfg" >"$dir/haproxy.cfg"
  haproxy -f "$dir/haproxy.cfg" -db >>"$dir/haproxy.log" 2>&1 &
  echo $! >"$dir/haproxy.pid"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$front/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "database: $db"
  echo "http://127.0.0.1:$front"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start [N] | stop | status" >&2; exit 2 ;;
esac
