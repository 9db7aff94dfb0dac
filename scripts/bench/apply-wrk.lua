-- wrk script of scripts/bench/apply: PUT the JoggAI endpoints listed in the Lua table file
-- named by REHOOK_BENCH_REQUESTS (path, key, body per request; see apply-fleet.py requests),
-- round robin, each thread starting at a different place. Replies that are not HTTP 200 with
-- JoggAI's success envelope (code 0) are counted and reported as bad_replies.

local targets = dofile(os.getenv("REHOOK_BENCH_REQUESTS"))
local threads = {}

function setup(thread)
    thread:set("offset", #threads * 7919)
    table.insert(threads, thread)
end

function init(args)
    counter = offset
    bad = 0
end

function request()
    counter = counter + 1
    local target = targets[(counter % #targets) + 1]
    return wrk.format("PUT", target.path,
        {["x-api-key"] = target.key, ["Content-Type"] = "application/json"}, target.body)
end

function response(status, headers, body)
    if status ~= 200 or not string.find(body, '"code":0', 1, true) then
        bad = bad + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("bad")
    end
    io.write(string.format("bad_replies %d\n", total))
end
