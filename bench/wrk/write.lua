-- PUT a new version of one of the bench's seeded secrets at random: a 200-character value, one of 256 made in
-- init (making one per request would cost wrk more than the request).
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local paths, headers
local bodies = {}

function init(args)
  local file = common.load(args[1])
  paths, headers = file.paths, file.headers
  headers["Content-Type"] = "application/json"
  for i = 1, 256 do
    bodies[i] = common.value_body()
  end
end

function request()
  return wrk.format("PUT", common.pick(paths), headers, common.pick(bodies))
end

done = common.done
