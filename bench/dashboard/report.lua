-- Prints one machine-readable line after a wrk run: requests/s, p50/p90/p99 latency and every error count.
-- Like bench/catalog/report.lua, plus p50 and p90 (a p99 on a shared machine needs its median beside it).
-- No response() hook on purpose: it would make wrk hand each response to Lua and lower every figure.
function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d connect=%d read=%d "
      .. "write=%d status=%d timeout=%d\n",
      summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, summary.requests, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.status, summary.errors.timeout))
end
