#!/bin/sh
# Builds the hydraulic engine benchmarks (release preset) and runs them in the
# same run as epanet-js, then prints one table of the shared networks (our
# engine on each linear system, epanet-js, native EPANET) and one of the
# generated cities; both are written next to the build as Markdown.
#   bench/hyd.sh
#   LIFELINE_BENCH_SIZES=10000 bench/hyd.sh --benchmark_filter='Net|city'
# Environment: BUILD_DIR (default build/bench-hyd), LIFELINE_SHARED_DIR
# (default /work/shared), EPANET_JS_DIR (a folder with node_modules/epanet-js;
# default web/, else epanet-js@0.9.0 is installed in a temporary folder).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench-hyd}
shared=${LIFELINE_SHARED_DIR:-/work/shared}
networks="Net1 Net2 Net3 CTown Balerma Richmond_standard L-Town ky10 EXNET Net6 BWSN_Network_2"

cmake --preset release -S "$root" -B "$build" -DLIFELINE_BENCH=ON -DLIFELINE_TESTS=OFF >/dev/null
ninja -C "$build" -j2 lifeline_bench_hyd
LIFELINE_SHARED_DIR=$shared "$build/bench/lifeline_bench_hyd" \
  --benchmark_out="$build/hyd-bench.json" --benchmark_out_format=json "$@"

js_out="$build/epanet-js.jsonl"
: >"$js_out"
if [ -f "$shared/networks/Net1.inp" ] && command -v node >/dev/null; then
  js_dir=${EPANET_JS_DIR:-$root/web}
  if [ ! -f "$js_dir/node_modules/epanet-js/package.json" ]; then
    js_dir=$(mktemp -d)
    trap 'rm -rf "$js_dir"' EXIT
    echo "hyd.sh: installing epanet-js@0.9.0 in $js_dir"
    (cd "$js_dir" && npm install --no-save --no-audit --no-fund --loglevel=error epanet-js@0.9.0 >/dev/null)
  fi
  files=""
  for n in $networks; do files="$files $shared/networks/$n.inp"; done
  # epanet-js prints EPANET's warnings (unbalanced, negative pressures) to stderr.
  # shellcheck disable=SC2086
  EPANET_JS_DIR=$js_dir node "$root/bench/epanet_js_time.mjs" $files >"$js_out" 2>"$build/epanet-js.stderr"
fi

python3 - "$build/hyd-bench.json" "$js_out" "$build/hyd-summary.md" <<'PY'
import json, sys

bench = json.load(open(sys.argv[1]))
js = {}
for line in open(sys.argv[2]):
    if line.strip():
        r = json.loads(line)
        js[r["network"]] = r

# Native EPANET 2.3.5 (gcc 12 -O3), toolkit loop, full file duration: steps,
# toolkit total ms, of which hydraulics ms — /work/shared/networks/README.md §4.
native = {
    "Net1": (27, 1.3, 0.06), "Net2": (56, 0.7, 0.26), "Net3": (27, 0.9, 0.5), "CTown": (310, 13.4, 12.5),
    "Balerma": (1, 2.2, 0.2), "Richmond_standard": (4, 4.8, 2.3), "L-Town": (2031, 131, 128),
    "ky10": (1, 4.1, 0.7), "EXNET": (1, 4.1, 1.4), "Net6": (608, 533, 530), "BWSN_Network_2": (32, 273, 261),
}

def ms(r):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[r["time_unit"]]
    return r["cpu_time"] * scale, r["real_time"] * scale

runs, errors = {}, {}
for r in bench["benchmarks"]:
    name = r.get("run_name", r["name"])
    if r.get("error_occurred"):
        errors[name] = r.get("error_message", "error")
        continue
    if r.get("run_type") == "aggregate" and r.get("aggregate_name") != "median":
        continue
    runs[name.split("/repeats:")[0]] = r

def fmt(x, digits=None):
    if x is None:
        return "-"
    if digits is None:
        digits = 2 if x < 10 else 1 if x < 100 else 0
    return f"{x:.{digits}f}"

def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "-"

out = []
out.append("### Shared networks: full extended-period run (file duration)\n")
out.append("| network | junctions / links | steps ours (epanet-js, native) | iter/step ours (epanet-js) "
           "| ours ms | Eigen ms | CHOLMOD ms | ours open ms | epanet-js hyd ms (total) "
           "| native hyd ms (total) | ours ÷ native hyd | ours ÷ epanet-js hyd |")
out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
for name, (n_steps, n_total, n_hyd) in native.items():
    l, e, c = (runs.get(f"simulate/{name}/{k}") for k in ("ldlt", "eigen", "cholmod"))
    o = runs.get(f"open/{name}")
    if not l:
        err = errors.get(f"simulate/{name}/ldlt", "not run")
        out.append(f"| {name} | - | - | - | {err} | | | | | {n_hyd} ({n_total}) | | |")
        continue
    l_ms = ms(l)[0]
    j = js.get(name)
    halted = "" if l["completed"] else " halted"
    j_steps = f"{j['steps']}" if j else "-"
    steps = f"{int(l['steps'])}{halted} ({j_steps}, {n_steps})"
    iters = f"{l['iter_per_step']:.2f} ({j['iter_per_step']:.2f})" if j else f"{l['iter_per_step']:.2f}"
    def alt(r):
        if not r:
            return "-"
        if r["steps"] != l["steps"] or abs(r["iter_per_step"] - l["iter_per_step"]) > 1e-9:
            # Rounding sent this backend down another path: say so.
            return f"{fmt(ms(r)[0])} ({int(r['steps'])} steps, {r['iter_per_step']:.2f} iter/step)"
        return fmt(ms(r)[0])
    j_hyd = j["hydraulics_cpu_ms"] if j else None
    l_vs_j = ratio(l_ms, j_hyd)
    if j and j["steps"] != l["steps"]:
        l_vs_j = ratio(l_ms / (l["steps"] * l["iter_per_step"]), j_hyd / (j["steps"] * j["iter_per_step"])) + " per iteration"
    out.append(f"| {name} | {int(l['junctions'])} / {int(l['links'])} | {steps} | {iters} | {fmt(l_ms)} | {alt(e)} "
               f"| {alt(c)} | {fmt(ms(o)[0]) if o else '-'} "
               f"| {fmt(j_hyd)} ({fmt(j['total_cpu_ms']) if j else '-'}) | {n_hyd} ({n_total}) "
               f"| {ratio(l_ms, n_hyd)} | {l_vs_j} |")
out.append("")
out.append("Ours: median CPU time of 5 runs of `simulate` (Google Benchmark) with the default linear system (ldlt), "
           "the model built once outside the timing; Eigen and CHOLMOD: the same run on the other linear systems. "
           "\"open\" is reading the .inp and building the model (EN_open's share of a toolkit total). "
           "epanet-js 0.9.0 (EPANET 2.3.5 in WebAssembly, Node.js): median CPU time of 5 runs of openH..closeH, "
           "in parentheses the whole open..close loop. "
           "**Native EPANET 2.3.5 figures are not measured here**: they are the medians in /work/shared/networks/README.md §4, "
           "\"native EPANET 2.3.5 as measured in /work/shared/networks/README.md on this machine class\" — native EPANET "
           "cannot be built here (no GitHub access; it is in neither Debian nor npm). "
           "Steps: EPANET halts Richmond_standard (native only) and BWSN_Network_2 on an unbalanced step (UNBALANCED STOP); "
           "Richmond's halting step depends on the build's libm (README §5), so runs that take another path are compared per iteration.")
out.append("")
out.append("### Generated cities: single-period run and the linear systems\n")
out.append("| city | junctions / links | iterations | run ms ldlt / Eigen / CHOLMOD "
           "| analyse ms ldlt / Eigen / CHOLMOD | factor+solve ms ldlt / Eigen / CHOLMOD | matrix rows / off-diagonals |")
out.append("|---|---|---|---|---|---|---|")
cities = sorted({k.split("/")[1] for k in list(runs) + list(errors) if k.split("/")[1].startswith("city")},
                key=lambda s: int(s[4:]))
kinds = ("ldlt", "eigen", "cholmod")
def three(prefix, city):
    return " / ".join(fmt(ms(runs[f"{prefix}/{city}/{k}"])[0]) if f"{prefix}/{city}/{k}" in runs else "-" for k in kinds)
for city in cities:
    sim = next((runs.get(f"simulate/{city}/{k}") for k in kinds if runs.get(f"simulate/{city}/{k}")), None)
    m = next((runs.get(f"linear_solve/{city}/{k}") for k in kinds if runs.get(f"linear_solve/{city}/{k}")), None)
    size = f"{int(sim['junctions'])} / {int(sim['links'])}" if sim else "-"
    iters = f"{int(sim['iter_per_step'])}" if sim else errors.get(f"simulate/{city}/ldlt", "-")
    out.append(f"| {city} | {size} | {iters} | {three('simulate', city)} | {three('linear_analyze', city)} "
               f"| {three('linear_solve', city)} | {int(m['rows']) if m else '-'} / {int(m['offdiag']) if m else '-'} |")
out.append("")
out.append("CPU time, medians of 5 (3 for 100k-link runs). factor+solve: one numeric factorisation and solve of the "
           "gradient method's junction matrix (random conductances on the city's pattern); analyse: ordering and "
           "symbolic factorisation, once per network.")
ctx = bench.get("context", {})
out.append("")
out.append(f"Host: {ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz, "
           f"load average at start {', '.join(f'{x:.1f}' for x in ctx.get('load_avg', []))}; {ctx.get('date', '')}.")
text = "\n".join(out) + "\n"
open(sys.argv[3], "w").write(text)
print(text)
print("summary written to", sys.argv[3])
PY
