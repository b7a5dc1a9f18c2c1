-- wrk script for bench/supplies_load.sh: POST /api/v1/supplies/movements,
-- issues of one piece by the storekeeper's API token, each request with its
-- own Idempotency-Key.
--   wrk -t2 -c32 -d30s --latency -s bench/supplies_move.lua http://127.0.0.1:PORT -- SETUP_FILE hot|spread
-- SETUP_FILE: what `lifeline_bench_supplies setup-load` writes (token, warehouse, item ids).
-- hot: every request issues the same item (one stock row: the requests queue
-- on its row lock); spread: a random item of the warehouse each time.

local token, warehouse
local items = {}
local mode = "hot"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "r"), "cannot read the setup file " .. tostring(args[1]))
  local line = f:read("*l")
  f:close()
  for word in line:gmatch("%S+") do
    if not token then token = word
    elseif not warehouse then warehouse = tonumber(word)
    else table.insert(items, tonumber(word)) end
  end
  assert(#items > 0, "no items in " .. args[1])
  mode = args[2] or "hot"
  thread_id = id or 0
  math.randomseed(os.time() * 1000 + thread_id)
end

function request()
  counter = counter + 1
  local item = mode == "hot" and items[1] or items[math.random(#items)]
  local body = string.format(
    '{"kind":"issue","warehouse_id":%d,"item_id":%d,"quantity":1,"unit":"只","to_name":"压测班组","purpose":"load %d-%d"}',
    warehouse, item, thread_id, counter)
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("wrk-%d-%d-%d-%d", os.time(), thread_id, counter, math.random(1e9)),
  }
  return wrk.format("POST", "/api/v1/supplies/movements", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("movements: %.1f req/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  requests %d  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
