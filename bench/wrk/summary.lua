-- GET /v1/reports/summary, national (an admin key) or for HOMEWARD_PROVINCE (e.g. KH-12, with an
-- analyst's or admin's key). At most HOMEWARD_REQUESTS requests per connection (default 200),
-- then the thread stops; bound the time with wrk's -d and -t1 -c1 for the latency of one
-- dashboard at a time (docs/referrals.md, "Measured cost"):
--   HOMEWARD_KEY=<key> [HOMEWARD_PROVINCE=KH-12] WRK_DIR=bench/wrk \
--     wrk -t1 -c1 -d60s --timeout 30s --latency -s bench/wrk/summary.lua http://127.0.0.1:8080
package.path = package.path .. ";" .. (os.getenv("WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
common.auth()
local province = os.getenv("HOMEWARD_PROVINCE") or ""
local limit = tonumber(os.getenv("HOMEWARD_REQUESTS") or "200")
local path = "/v1/reports/summary"
if province ~= "" then path = path .. "?province=" .. province end
local n = 0
function request()
  n = n + 1
  if n > limit then
    wrk.thread:stop()
    n = 1
  end
  return wrk.format("GET", path)
end
function response(status) common.response(status) end
function done(summary)
  common.done("summary " .. (province ~= "" and province or "national"), summary)
end
