#!/usr/bin/env bash
# Sets up everything and runs every test: C++ unit and integration tests on
# SQLite and on a local PostgreSQL, web unit tests, and browser end-to-end
# tests in headless Chromium. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)

scripts/install-deps.sh || exit 1

echo "== build (release, -Werror)"
cmake --preset ci >/dev/null || exit 1
cmake --build --preset ci -j "$(nproc)" || exit 1

echo "== web build"
(cd web && npm run --silent build) || exit 1

echo "== PostgreSQL"
pg_url=$(scripts/pg.sh start | tail -1) || exit 1
export LIFELINE_TEST_PG_URL="$pg_url"
echo "using $pg_url"

results=$(mktemp -d)
failed_stages=()

echo "== C++ tests (unit, integration on SQLite and PostgreSQL)"
rm -rf build/release/test-results
GTEST_OUTPUT="xml:$results/gtest/" ctest --test-dir build/release --output-on-failure -j 2 ||
  failed_stages+=("ctest")
cp build/release/test-results/*.xml "$results/gtest/" 2>/dev/null

echo "== web unit tests"
(cd web && TZ=Asia/Shanghai npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/vitest.xml") ||
  failed_stages+=("web unit")

echo "== browser end-to-end tests"
e2e_db="$results/e2e.db"
port=${LIFELINE_E2E_PORT:-18080}
build/release/src/cli/lifeline demo --db "$e2e_db" --port "$port" --web-root web/dist >"$results/e2e-server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
(cd web && LIFELINE_URL="http://127.0.0.1:$port" node --test --test-reporter=spec \
  --test-reporter=junit --test-reporter-destination=stdout --test-reporter-destination="$results/e2e.xml" e2e/) ||
  failed_stages+=("e2e")
kill -TERM "$server" 2>/dev/null
wait "$server" 2>/dev/null

# One summary over every runner's JUnit/gtest XML.
sum() { grep -ho "<testsuites[^>]*" "$@" 2>/dev/null | grep -o " $attr=\"[0-9]*\"" | grep -o "[0-9]*" | paste -sd+ | bc; }
attr=tests; total=$(sum "$results"/gtest/*.xml "$results"/vitest.xml "$results"/e2e.xml)
attr=failures; failures=$(sum "$results"/gtest/*.xml "$results"/vitest.xml "$results"/e2e.xml)
attr=errors; errors=$(sum "$results"/gtest/*.xml "$results"/vitest.xml "$results"/e2e.xml)
skipped_cases=$(grep -ho "<skipped" "$results"/gtest/*.xml "$results"/vitest.xml "$results"/e2e.xml 2>/dev/null | wc -l)
total=${total:-0}; failures=$(( ${failures:-0} + ${errors:-0} ))
passed=$(( total - failures - skipped_cases ))
elapsed=$(( $(date +%s) - started ))
if ((${#failed_stages[@]})); then
  echo "failed stages: ${failed_stages[*]} (details above; server log: $results/e2e-server.log)"
  ((failures == 0)) && failures=${#failed_stages[@]}
fi
echo "test time: ${elapsed}s"
echo "lifeline: $passed passed, $failures failed, $skipped_cases skipped"
((${#failed_stages[@]} == 0 && failures == 0))
