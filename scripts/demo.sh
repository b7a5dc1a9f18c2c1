#!/usr/bin/env bash
# One command from a fresh clone to a running demo: install dependencies,
# build in Release, build the web UI, create var/demo.db if absent (the
# demo data of every module) and serve it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
(cd web && npm run --silent build)
mkdir -p var
exec build/release/src/cli/lifeline demo --db "${LIFELINE_DB:-var/demo.db}" --port "${LIFELINE_PORT:-8080}" \
  --web-root web/dist
