-- wrk script for bench/run.py and bench/faults.py: cycles through the request
-- paths listed (one per line) in the file named by BENCH_PATHS, stops each thread
-- after BENCH_MAX_REQUESTS responses (0: no limit), counts the answers per second
-- of the wall clock and per status (so that a fault injected at a known time shows
-- in a timeline), and prints the figures as one JSON line.

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")

local threads = {}
function setup(thread)
  thread:set("start", #threads * 7919)
  threads[#threads + 1] = thread
end

local i, seen = 0, 0
per_second, per_status = {}, {}
function init(args)
  i = start or 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  seen = seen + 1
  local second = os.time()
  per_second[second] = (per_second[second] or 0) + 1
  per_status[status] = (per_status[status] or 0) + 1
  if max_requests > 0 and seen >= max_requests then
    wrk.thread:stop()
  end
end

local function merge(into, from)
  for key, count in pairs(from) do into[key] = (into[key] or 0) + count end
end

local function encode(counts)
  local parts = {}
  for key, count in pairs(counts) do
    parts[#parts + 1] = string.format('"%d": %d', key, count)
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local seconds, statuses = {}, {}
  for _, thread in ipairs(threads) do
    merge(seconds, thread:get("per_second"))
    merge(statuses, thread:get("per_status"))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"per_second": %s, "per_status": %s}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    encode(seconds), encode(statuses)))
end
