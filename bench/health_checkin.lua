-- wrk script for bench/health_load.sh: POST /api/v1/health/checkins for
-- random people on the generated register, entered by their utility's health
-- officer (bearer API token + staff_id, the proxy channel), each request with
-- its own Idempotency-Key.
--   wrk -t2 -c32 -d30s --latency -s bench/health_checkin.lua http://127.0.0.1:PORT -- TOKENS_FILE
-- TOKENS_FILE: the lines `lifeline health generate --tokens` writes
-- (code, utility id, first staff id, last staff id, token; tab-separated).

local utilities = {}
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1] or os.getenv("TOKENS_FILE")
  local f = assert(io.open(path, "r"), "cannot read the tokens file " .. tostring(path))
  for line in f:lines() do
    local code, id, first, last, token = line:match("^(%S+)\t(%d+)\t(%d+)\t(%d+)\t(%S+)$")
    if code then
      table.insert(utilities, { first = tonumber(first), last = tonumber(last), token = token })
    end
  end
  f:close()
  assert(#utilities > 0, "no utilities in " .. path)
  thread_id = id or 0
  math.randomseed(os.time() * 1000 + thread_id)
  wrk.method = "POST"
  wrk.path = "/api/v1/health/checkins"
end

local symptoms = { "[]", "[]", "[]", "[]", "[]", "[]", "[]", "[]", "[]", "[\"乏力\"]" }

function request()
  counter = counter + 1
  local u = utilities[math.random(#utilities)]
  local staff = math.random(u.first, u.last)
  local temperature = 36.0 + math.random(0, 12) / 10
  local body = string.format(
    '{"staff_id":%d,"temperature":%.1f,"symptoms":%s,"location":"in_town","risk_travel":false,' ..
    '"contact":"none","work_status":"on_duty","remarks":"load %d-%d"}',
    staff, temperature, symptoms[math.random(#symptoms)], thread_id, counter)
  local headers = {
    ["Authorization"] = "Bearer " .. u.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("wrk-%d-%d-%d-%d", os.time(), thread_id, counter, math.random(1e9)),
  }
  return wrk.format("POST", "/api/v1/health/checkins", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("checkins: %.1f req/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  requests %d  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
