-- wrk script for bench/supplies_load.sh: POST /api/v1/supplies/movements,
-- issues of one unit of stock, entered by a storekeeper (bearer API token),
-- each request with its own Idempotency-Key.
--   wrk -t2 -c32 -d10s --latency -s bench/supplies_movement.lua http://127.0.0.1:PORT -- TARGETS hot|spread
-- TARGETS: `token<TAB>warehouse_id<TAB>item_id` lines (supplies_load.sh writes
-- them). `hot`: every issue on the first line's item and warehouse (they all
-- queue on that item's stock rows); `spread`: a random line's item and
-- warehouse each time. The token is a random line's either way: the lines
-- carry the storekeeper's several API tokens (one client each), since the
-- server records each token's last use in a write of the token's row.

local targets = {}
local mode = "hot"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local path = assert(args[1], "usage: -- TARGETS hot|spread")
  mode = args[2] or "hot"
  assert(mode == "hot" or mode == "spread", "mode must be hot or spread")
  local f = assert(io.open(path, "r"), "cannot read " .. path)
  for line in f:lines() do
    local token, warehouse, item = line:match("^(%S+)\t(%d+)\t(%d+)$")
    if token then
      table.insert(targets, { token = token, warehouse = tonumber(warehouse), item = tonumber(item) })
    end
  end
  f:close()
  assert(#targets > 0, "no targets in " .. path)
  thread_id = id or 0
  math.randomseed(os.time() * 1000 + thread_id)
end

function request()
  counter = counter + 1
  local t = mode == "hot" and targets[1] or targets[math.random(#targets)]
  local token = targets[math.random(#targets)].token  -- the clients' tokens, independent of the item
  local body = string.format(
    '{"kind":"issue","warehouse_id":%d,"item_id":%d,"quantity":1,"to_name":"抢修班","purpose":"压测 %d-%d"}',
    t.warehouse, t.item, thread_id, counter)
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
