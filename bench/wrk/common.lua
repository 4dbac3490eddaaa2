-- Shared by arca-bench's wrk scripts (read.lua, write.lua, mixed.lua): the requests file, the secret values a
-- write sends, and the line of figures done() prints for the bench to parse.
--
-- The requests file is written by the bench (mode 0600, deleted after the run) and named by the script's first
-- argument: line 1 is the Authorization header's value, or "-" for none; every further line is one path.
-- The token travels in that file, never on wrk's command line, where any user of the machine could read it.
local common = {}

local ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
local VALUE_BYTES = 200

-- The paths of the file and the headers every request carries (wrk's own, Host among them, plus Authorization).
function common.load(file)
  local lines = {}
  for line in io.lines(file) do
    lines[#lines + 1] = line
  end
  local authorization = table.remove(lines, 1)
  assert(authorization ~= nil and #lines > 0, "arca-bench: " .. file .. " names no path")
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if authorization ~= "-" then
    headers["Authorization"] = authorization
  end
  math.randomseed(os.time())
  return { paths = lines, headers = headers }
end

-- {"value":"…"} with 200 random letters and digits, as the bench's Java client writes (Fixture.valueBody).
function common.value_body()
  local value = {}
  for i = 1, VALUE_BYTES do
    local at = math.random(#ALPHABET)
    value[i] = ALPHABET:sub(at, at)
  end
  return '{"value":"' .. table.concat(value) .. '"}'
end

-- One item of a list, at random.
function common.pick(items)
  return items[math.random(#items)]
end

-- wrk's --latency table stops at 99%: this line adds p99.9 and the exact max, and the error counts by kind.
-- wrk counts an answer as a status error when its code is 400 or more (3xx is not an error to wrk).
function common.done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("arca-bench-wrk requests=%d duration_us=%d p50_us=%d p75_us=%d p90_us=%d p99_us=%d "
      .. "p999_us=%d max_us=%d status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(75), latency:percentile(90),
      latency:percentile(99), latency:percentile(99.9), latency.max, errors.status, errors.connect, errors.read,
      errors.write, errors.timeout))
end

return common
