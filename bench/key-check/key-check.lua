-- POST /internal/key-checks for wrk. The gateway token comes in with wrk's -H 'Authorization: Bearer …'.
--   wrk ... -s key-check.lua URL -- key gk-... [ip]     one warm key, the same request every time (with
--       "clientIp": ip when given: a key with an IP allowlist needs it)
--   wrk ... -t T -s key-check.lua URL -- keys /path/keys.txt T [start]
--       a rotating set (one key a line): request i of thread t uses keys[((offset + start + i) % n) + 1] with
--       offset = t * n / T, so the threads start evenly spread and together cover the set; start (default 0)
--       lets a further warm-up pass continue where the previous one stopped
-- Prints the RESULT line of ../catalog/report.lua (requests/s, p99, every error count).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../catalog/report.lua")

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

local keys, n, counter, fixed = {}, 0, 0, nil

local function body(key, ip)
   if ip then
      return '{"key":"' .. key .. '","clientIp":"' .. ip .. '"}'
   end
   return '{"key":"' .. key .. '"}'
end

function init(args)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   if args[1] == "key" then
      fixed = wrk.format(nil, nil, nil, body(args[2], args[3]))
   elseif args[1] == "keys" then
      for line in io.lines(args[2]) do
         if #line > 0 then
            n = n + 1
            keys[n] = line
         end
      end
      counter = math.floor((index or 0) * n / (tonumber(args[3]) or 1)) + (tonumber(args[4]) or 0)
   else
      error("usage: -- key <key> [clientIp] | -- keys <file> <threads> [start]")
   end
end

function request()
   if fixed then
      return fixed
   end
   local key = keys[(counter % n) + 1]
   counter = counter + 1
   return wrk.format(nil, nil, nil, body(key))
end
