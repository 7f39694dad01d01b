-- POST /internal/usage for wrk, one distinct requestId per request (run tag, thread index, counter), so every
-- request is recorded and charged (no idempotent replays). The gateway token comes in with wrk's -H.
--   wrk ... -s usage.lua URL -- <run tag> <keyId> <groupId>
-- Prints the RESULT line of ../catalog/report.lua; requests/s is reports/s.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../catalog/report.lua")

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

local prefix, suffix, counter = nil, nil, 0

function init(args)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   prefix = '{"requestId":"' .. args[1] .. "-" .. (index or 0) .. "-"
   suffix = '","keyId":"' .. args[2] .. '","groupId":"' .. args[3]
      .. '","inputTokens":1200,"outputTokens":300,"baseCost":"0.000100"}'
end

function request()
   counter = counter + 1
   return wrk.format(nil, nil, nil, prefix .. counter .. suffix)
end
