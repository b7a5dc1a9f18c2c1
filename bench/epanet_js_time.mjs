// Times epanet-js (EPANET 2.3.5 compiled to WebAssembly) on .inp files with
// the toolkit loop of /work/shared/networks/README.md §4: create the
// project, open, openH, initH(0), runH/nextH until the step is 0, closeH,
// close. Prints one JSON line per network: the median of 5 runs of the whole
// loop ("total_ms") and of its openH..closeH part ("hydraulics_ms"), wall
// clock, and the process CPU time of the hydraulics part ("hydraulics_cpu_ms":
// less disturbed when other work shares the cores). The warm-up run also
// counts EPANET's iterations per step (EN_getstatistic, outside the timing).
//
//   EPANET_JS_DIR=<a folder with node_modules/epanet-js> node bench/epanet_js_time.mjs a.inp b.inp ...
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const runs = Number(process.env.EPANET_JS_RUNS || 5);
const dir = process.env.EPANET_JS_DIR || path.join(path.dirname(new URL(import.meta.url).pathname), "..", "web");
const entry = path.join(dir, "node_modules", "epanet-js", "dist", "index.mjs");
const { Project, Workspace } = await import(pathToFileURL(entry).href);

const ws = new Workspace();
await ws.loadModule();
// One project for every run (EN_createproject once): epanet-js deletes a
// project only when the garbage collector finalises its object.
const project = new Project(ws);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// One toolkit run. A run that EPANET halts (UNBALANCED STOP) ends with an
// error from runH: it still counts, as in the native timings.
const EN_ITERATIONS = 0;

function runOnce(file, countIterations = false) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  project.open(file, "bench.rpt", "");
  const h0 = performance.now();
  const c0 = process.cpuUsage();
  project.openH();
  project.initH(0);
  let steps = 0;
  let iterations = 0;
  let halted = null;
  try {
    for (;;) {
      project.runH();
      ++steps;
      if (countIterations) iterations += project.getStatistic(EN_ITERATIONS);
      if (project.nextH() <= 0) break;
    }
  } catch (error) {
    halted = String(error.message || error).split("\n")[0];
  }
  project.closeH();
  const h1 = performance.now();
  const cpu = process.cpuUsage(c0);
  project.close();
  const t1 = performance.now();
  const totalCpu = process.cpuUsage(cpu0);
  return { total: t1 - t0, hydraulics: h1 - h0, hydraulicsCpu: (cpu.user + cpu.system) / 1000,
           totalCpu: (totalCpu.user + totalCpu.system) / 1000, steps, iterations, halted };
}

// The engine's WebAssembly is recompiled by V8's optimising tier in
// background threads during the first seconds; let that finish first.
const inputs = process.argv.slice(2);
if (inputs.length) {
  ws.writeFile("warm-up.inp", fs.readFileSync(inputs[0]));
  for (const start = performance.now(); performance.now() - start < 2000;) runOnce("warm-up.inp");
}

for (const inp of inputs) {
  const name = path.basename(inp, ".inp");
  const file = `${name}.inp`;
  ws.writeFile(file, fs.readFileSync(inp));
  // Warm-up (at least 300 ms) on this network's code paths.
  const warmUp = runOnce(file, true);
  for (const start = performance.now(); performance.now() - start < 300;) runOnce(file);
  const results = Array.from({ length: runs }, () => runOnce(file));
  console.log(JSON.stringify({
    network: name,
    epanet_version: project._epanetVersionInt,
    steps: results[0].steps,
    halted: results[0].halted,
    iter_per_step: warmUp.iterations / warmUp.steps,
    total_ms: median(results.map((r) => r.total)),
    hydraulics_ms: median(results.map((r) => r.hydraulics)),
    hydraulics_cpu_ms: median(results.map((r) => r.hydraulicsCpu)),
    total_cpu_ms: median(results.map((r) => r.totalCpu)),
    runs,
  }));
}
