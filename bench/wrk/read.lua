-- GET one of the bench's prepared paths at random (a single path for floor, baseline and export), with the
-- Authorization header when the requests file has one. Requests are formatted once, in init.
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local requests

function init(args)
  local file = common.load(args[1])
  requests = {}
  for i, path in ipairs(file.paths) do
    requests[i] = wrk.format("GET", path, file.headers)
  end
end

function request()
  return common.pick(requests)
end

done = common.done
