-- Shared by the wrk scripts: the headers of every request (the API key from HOMEWARD_KEY, and
-- Accept-Encoding as browsers and HTTP libraries send it, unless GZIP=0), and a summary line.
local M = {}

function M.auth()
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("HOMEWARD_KEY") or "")
  if os.getenv("GZIP") ~= "0" then wrk.headers["Accept-Encoding"] = "gzip, deflate" end
end

local non_2xx = 0

function M.response(status)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end

function M.done(name, summary)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("%s: %.0f requests/s, %d requests, errors: connect %d read %d write %d timeout %d status %d\n",
    name, summary.requests / seconds, summary.requests, e.connect, e.read, e.write, e.timeout, e.status))
end

return M
