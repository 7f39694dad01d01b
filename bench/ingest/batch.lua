-- POST /internal/usage/batch for wrk: every request carries BATCH reports with distinct requestIds (run tag, thread
-- index, counter), so every report is recorded and charged once. Keys are taken in turn from a file of
-- "keyId groupId" lines (one tenant's key per line), so one key or a hundred tenants load the server alike.
--   wrk ... -s batch.lua URL -- <run tag> <keys file> <batch size>
-- Prints the RESULT line of ../catalog/report.lua; requests/s x batch size is reports/s.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../catalog/report.lua")

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

local tag, keys, size, counter, turn = nil, {}, 100, 0, 0

function init(args)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   tag = args[1] .. "-" .. os.time() .. "-" .. (index or 0) .. "-"
   for line in io.lines(args[2]) do
      local key, group = line:match("^(%S+)%s+(%S+)$")
      table.insert(keys, '","keyId":"' .. key .. '","groupId":"' .. group
         .. '","inputTokens":1200,"outputTokens":300,"baseCost":"0.000100"}')
   end
   size = tonumber(args[3])
end

function request()
   local reports = {}
   for i = 1, size do
      counter = counter + 1
      turn = turn % #keys + 1
      reports[i] = '{"requestId":"' .. tag .. counter .. keys[turn]
   end
   return wrk.format(nil, nil, nil, '{"reports":[' .. table.concat(reports, ",") .. ']}')
end
