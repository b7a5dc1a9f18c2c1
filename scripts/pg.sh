#!/usr/bin/env bash
# A throw-away local PostgreSQL for tests and development.
#
#   scripts/pg.sh start   initialise var/pg if absent, start it, create database
#                         lifeline_test, print its URL on the last line
#   scripts/pg.sh stop    stop it (the data stays in var/pg)
#   scripts/pg.sh url     print the URL
#
# Trust authentication on 127.0.0.1 only, no Unix socket, fsync on. Port 54329
# or $LIFELINE_PG_PORT; when taken by something else, the next free port.
# Runs the server as `postgres` when invoked as root (PostgreSQL refuses root).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${LIFELINE_PG_DIR:-$root/var/pg}"
data="$dir/data"
database=lifeline_test

bindir="${LIFELINE_PG_BINDIR:-}"
if [[ -z "$bindir" ]]; then
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  bindir="${newest:-$(dirname "$(command -v pg_ctl || echo /usr/bin/pg_ctl)")}"
fi
[[ -x "$bindir/pg_ctl" ]] || { echo "pg.sh: no PostgreSQL server found (looked in $bindir)" >&2; exit 1; }

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() { [[ -d "$data" ]] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

port_of_running() { sed -n 4p "$data/postmaster.pid"; }

url() { echo "postgres://postgres@127.0.0.1:$1/$database"; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

init_cluster() {
  mkdir -p "$dir"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$dir"
    # The server must be able to reach var/pg through the checkout.
    local d="$dir"
    while [[ "$d" != / ]]; do
      d="$(dirname "$d")"
      runuser -u postgres -- test -x "$d" || { echo "pg.sh: postgres cannot enter $d" >&2; exit 1; }
    done
  fi
  echo "pg.sh: initialising a cluster in $data" >&2
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
  cat >"$data/pg_hba.conf" <<'HBA'
# Throw-away test cluster: trust, and only over loopback TCP.
host all all 127.0.0.1/32 trust
HBA
  cat >>"$data/postgresql.conf" <<'CONF'
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
max_connections = 200
CONF
}

start() {
  if running; then
    url "$(port_of_running)"
    return
  fi
  [[ -f "$data/PG_VERSION" ]] || init_cluster
  local port="${LIFELINE_PG_PORT:-54329}"
  while port_taken "$port"; do port=$((port + 1)); done
  as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >&2 ||
    { tail -20 "$dir/server.log" >&2; exit 1; }
  local psql=("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]]; then
    "${psql[@]}" -c "CREATE DATABASE $database" >&2
  fi
  url "$port"
}

stop() {
  if running; then as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url)
    running || { echo "pg.sh: not running (scripts/pg.sh start)" >&2; exit 1; }
    url "$(port_of_running)"
    ;;
  *) echo "usage: scripts/pg.sh start|stop|url" >&2; exit 2 ;;
esac
