-- One route of the soak (bench/soak/run.sh) for wrk -t1: each connection sends a request, waits for the answer,
-- then pauses DELAY ms (wrk's delay(); the pause is not part of the latency), so the rate is about
-- connections x 1000 / (DELAY + latency) requests/s. Request headers (session token, gateway token) come in with
-- wrk's -H. Modes:
--   wrk ... -s soak.lua URL -- get <delay ms>                 GET the URL
--   wrk ... -s soak.lua URL -- poll <delay ms>                GET with If-None-Match = the last ETag seen (304s;
--                                                             a 200 after each region change carries the new one)
--   wrk ... -s soak.lua URL -- key-check <delay ms> <keys>    POST {"key"} over a file of keys, in turn
--   wrk ... -s soak.lua URL -- usage <delay ms> <ids> <tag>   POST one report; <ids>: "keyId groupId" lines
--   wrk ... -s soak.lua URL -- batch <delay ms> <ids> <tag> <size>   POST {"reports": [size reports]}
-- Every report has its own requestId (<tag>-<counter>), so each is recorded and charged once.
-- Prints one line: "RESULT rps=... p50_ms=... p99_ms=... requests=... errors=... s200=... s304=... ..." where
-- errors are wrk's socket errors and timeouts plus every answer that is not 2xx/304, and the answers' status
-- counts; "odd=" counts 2xx answers that are not what the mode expects (a refused key check, a batch report not
-- RECORDED).

local mode, pause, items, n, turn, counter, tag, size, etag = nil, 0, {}, 0, 0, 0, "", 1, nil
statuses = {}
odd = 0

function init(args)
   mode, pause = args[1], tonumber(args[2])
   if mode == "key-check" or mode == "usage" or mode == "batch" then
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      for line in io.lines(args[3]) do
         if #line > 0 then
            n = n + 1
            if mode == "key-check" then
               items[n] = line
            else
               local key, group = line:match("^(%S+)%s+(%S+)$")
               items[n] = '","keyId":"' .. key .. '","groupId":"' .. group
                  .. '","inputTokens":1200,"outputTokens":300,"baseCost":"0.000100"}'
            end
         end
      end
      tag, size = args[4] or "", tonumber(args[5] or "1")
   elseif mode ~= "get" and mode ~= "poll" then
      error("usage: -- get|poll <delay> | key-check <delay> <keys> | usage <delay> <ids> <tag> | batch ... <size>")
   end
end

local function report()
   counter = counter + 1
   turn = turn % n + 1
   return '{"requestId":"' .. tag .. "-" .. counter .. items[turn]
end

function request()
   if mode == "get" then
      return wrk.format()
   elseif mode == "poll" then
      local headers = {}
      for k, v in pairs(wrk.headers) do headers[k] = v end
      if etag then headers["If-None-Match"] = etag end
      return wrk.format(nil, nil, headers)
   elseif mode == "key-check" then
      turn = turn % n + 1
      return wrk.format(nil, nil, nil, '{"key":"' .. items[turn] .. '"}')
   elseif mode == "usage" then
      return wrk.format(nil, nil, nil, report())
   else
      local reports = {}
      for i = 1, size do reports[i] = report() end
      return wrk.format(nil, nil, nil, '{"reports":[' .. table.concat(reports, ",") .. ']}')
   end
end

function delay()
   return pause
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if mode == "poll" and status == 200 then
      etag = headers["ETag"] or headers["etag"]
   elseif mode == "key-check" and status == 200 and not body:find('"allowed":true', 1, true) then
      odd = odd + 1
   elseif mode == "batch" and status == 200 then
      local _, recorded = body:gsub('"RECORDED"', "")
      odd = odd + (size - recorded)
   end
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local counts, bad, odds = {}, 0, 0
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         counts[status] = (counts[status] or 0) + count
         if not (status >= 200 and status < 300) and status ~= 304 then bad = bad + count end
      end
      odds = odds + thread:get("odd")
   end
   local e = summary.errors
   local line = string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d odd=%d",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, summary.requests, e.connect + e.read + e.write + e.timeout + bad, odds)
   local keys = {}
   for status in pairs(counts) do table.insert(keys, status) end
   table.sort(keys)
   for _, status in ipairs(keys) do line = line .. string.format(" s%d=%d", status, counts[status]) end
   io.write(line .. "\n")
end
