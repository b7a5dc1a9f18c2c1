#!/bin/sh
# Builds the network engine benchmarks in Release and runs them; writes the
# raw results (JSON) and a Markdown summary next to the build.
#   bench/net.sh                 all shared networks + 10k, 100k, 1M-link cities
#   LIFELINE_BENCH_SIZES=10000 bench/net.sh --benchmark_filter=criticality
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench-net}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLIFELINE_BENCH=ON -DLIFELINE_TESTS=OFF >/dev/null
ninja -C "$build" -j2 lifeline_bench_net
"$build/bench/lifeline_bench_net" --benchmark_out="$build/net-bench.json" --benchmark_out_format=json "$@"
python3 - "$build/net-bench.json" "$build/net-summary.md" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
rows, by = [], {}
for r in runs:
    kind, _, case = r["name"].partition("/")
    case = case.split("/")[0]
    by.setdefault(case, {})[kind] = r
out = ["| network | links | segments | read .inp ms | segments ms | supply model ms | plan median µs | plan p99 µs | plan (3 inoperable) p99 µs | dual supply ms | criticality ms | from scratch ms | brute force ms | speed-up |",
       "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
def ms(r): return r["cpu_time"] if r["time_unit"] == "ms" else r["cpu_time"] / 1e6
for case, k in by.items():
    def g(kind, f=lambda r: "%.2f" % ms(r)):
        return f(k[kind]) if kind in k else "-"
    crit = k.get("criticality_from_scratch"); brute = k.get("criticality_brute_force")
    sampled = k.get("criticality_brute_force_sampled")
    brute_ms = ms(brute) if brute else (sampled["extrapolated_ms"] if sampled else None)
    speed = ("%.0f×" % (brute_ms / ms(crit)) + ("" if brute else " (extrapolated)")) if crit and brute_ms else "-"
    any_r = next(iter(k.values()))
    out.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        case, any_r.get("links", 0), any_r.get("segments", 0), g("read_inp"), g("segments"), g("supply_model"),
        g("isolation_plan_per_pipe", lambda r: "%.1f" % r["median_us"]), g("isolation_plan_per_pipe", lambda r: "%.1f" % r["p99_us"]),
        g("isolation_plan_inoperable", lambda r: "%.1f" % r["p99_us"]),
        g("dual_supply_all_customers"), g("criticality"), g("criticality_from_scratch"), ("%.2f" % brute_ms + ("" if brute else "*")) if brute_ms else "-", speed))
open(sys.argv[2], "w").write("\n".join(out) + "\n\nCPU times (ms) of Google Benchmark; plan times are wall-clock per plan. * brute force extrapolated from 200 sampled segment removals.\n")
print("\n".join(out))
print("summary written to", sys.argv[2])
PY
