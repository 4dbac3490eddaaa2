-- One request in N (the second argument; the bench passes 10) is write.lua's PUT, the others read.lua's GET,
-- on the same secrets with the same token.
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
local paths, reads, write_headers, write_one_in
local bodies = {}

function init(args)
  local file = common.load(args[1])
  write_one_in = tonumber(args[2])
  assert(write_one_in ~= nil and write_one_in >= 1, "arca-bench: mixed.lua needs a write ratio (1 in N)")
  paths, reads = file.paths, {}
  for i, path in ipairs(paths) do
    reads[i] = wrk.format("GET", path, file.headers)
  end
  write_headers = {}
  for name, value in pairs(file.headers) do
    write_headers[name] = value
  end
  write_headers["Content-Type"] = "application/json"
  for i = 1, 256 do
    bodies[i] = common.value_body()
  end
end

function request()
  if math.random(write_one_in) == 1 then
    return wrk.format("PUT", common.pick(paths), write_headers, common.pick(bodies))
  end
  return common.pick(reads)
end

done = common.done
