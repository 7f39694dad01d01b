-- POST /internal/usage for wrk: one report per request, distinct requestIds, keys in turn from a file of
-- "keyId groupId" lines (see batch.lua).
--   wrk ... -s single.lua URL -- <run tag> <keys file>
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../catalog/report.lua")

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

local tag, keys, counter, turn = nil, {}, 0, 0

function init(args)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   tag = args[1] .. "-" .. os.time() .. "-" .. (index or 0) .. "-"
   for line in io.lines(args[2]) do
      local key, group = line:match("^(%S+)%s+(%S+)$")
      table.insert(keys, '","keyId":"' .. key .. '","groupId":"' .. group
         .. '","inputTokens":1200,"outputTokens":300,"baseCost":"0.000100"}')
   end
end

function request()
   counter = counter + 1
   turn = turn % #keys + 1
   return wrk.format(nil, nil, nil, '{"requestId":"' .. tag .. counter .. keys[turn])
end
