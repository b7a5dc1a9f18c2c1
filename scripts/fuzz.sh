#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (in build/fuzz) and runs one:
#   scripts/fuzz.sh TARGET [SECONDS]
# TARGET: inp_reader, table_reader, xlsx_reader, json_body or picture. Seeds
# are tests/fuzz/corpus/TARGET; what the run adds goes to var/fuzz/TARGET and a
# crashing input to var/fuzz/crash-* (copy it into the corpus and turn it
# into a unit test beside the code). Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-60}
if [[ ! -f build/fuzz/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLIFELINE_FUZZ=ON -DLIFELINE_TESTS=OFF -DLIFELINE_BENCH=OFF >/dev/null
fi
ninja -C build/fuzz "lifeline_fuzz_${target}"
mkdir -p "var/fuzz/${target}"
binary=$(find build/fuzz -name "lifeline_fuzz_${target}" -type f -perm -u+x | head -1)
exec "${binary}" "var/fuzz/${target}" "tests/fuzz/corpus/${target}" \
  -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=var/fuzz/ -print_final_stats=1
