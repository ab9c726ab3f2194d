-- wrk script: alternates the two routes and prints the summary as one JSON line.
local paths = { "/items/5?q=somequery", "/" }
local count = 0

request = function()
  count = count + 1
  return wrk.format("GET", paths[count % #paths + 1])
end

done = function(summary, latency, _)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
