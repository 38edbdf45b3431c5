-- wrk script: POST /v1/moderations with a unique text per request (no cache can answer it), closed loop.
--   wrk -t1 -c4 -d15s --latency -s bench/AlignLab.LoadTest/wrk-moderations.lua http://127.0.0.1:5391 -- load-test-key
-- wrk 4.1 (Debian's) has no fixed-rate mode, so it is a cross-check of the closed-loop numbers only.
local counter = 0
-- The prompts of the in-process generator (Program.cs): one per line in moderation-prompts.txt, next to this script.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local prompts = {}
for line in io.lines(here .. "moderation-prompts.txt") do
  if #line > 0 then prompts[#prompts + 1] = line end
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. (args[1] or "load-test-key")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = '{"input":"' .. prompts[(counter % #prompts) + 1] .. ' (wrk ' .. counter .. ')"}'
  return wrk.format("POST", "/v1/moderations", nil, body)
end
