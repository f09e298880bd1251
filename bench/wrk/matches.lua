-- GET /v1/individuals/{id}/matches for the demo people listed in HOMEWARD_PEOPLE (space-separated).
-- HOMEWARD_KIND: job (default), training, programme or all. HOMEWARD_ONCE=1: each person is asked
-- once and the thread stops, so that no answer comes from the match cache (run with one thread
-- and one connection: the latency of a first question).
package.path = package.path .. ";" .. (os.getenv("WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
common.auth()
local people = {}
for id in string.gmatch(os.getenv("HOMEWARD_PEOPLE") or "", "%S+") do table.insert(people, id) end
local kind = os.getenv("HOMEWARD_KIND") or "job"
local once = os.getenv("HOMEWARD_ONCE") == "1"
local n = 0
function request()
  n = n + 1
  if once and n > #people then
    wrk.thread:stop()
    n = 1
  end
  local id = people[((n - 1) % #people) + 1]
  return wrk.format("GET", "/v1/individuals/" .. id .. "/matches?kind=" .. kind .. "&limit=10")
end
function response(status) common.response(status) end
function done(summary) common.done("matches " .. kind, summary) end
