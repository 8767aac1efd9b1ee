-- wrk script for bench/run.py: cycles through the request paths listed (one per
-- line) in the file named by BENCH_PATHS, stops each thread after BENCH_MAX_REQUESTS
-- responses, and prints the figures as one JSON line for run.py to read.

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
function init(args)
  i = start or 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  seen = seen + 1
  if max_requests > 0 and seen >= max_requests then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
