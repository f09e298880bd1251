-- Shared by the wrk scripts: the headers of every request (Accept-Encoding as browsers and HTTP
-- libraries send it, unless GZIP=0; the API key from HOMEWARD_KEY), and a summary line.
local M = {}

function M.headers()
  if os.getenv("GZIP") ~= "0" then wrk.headers["Accept-Encoding"] = "gzip, deflate" end
end

function M.auth()
  M.headers()
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("HOMEWARD_KEY") or "")
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
