-- GET /v1/individuals/{id}/matches for the demo people listed in HOMEWARD_PEOPLE (space-separated)
package.path = package.path .. ";" .. (os.getenv("WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
common.auth()
local people = {}
for id in string.gmatch(os.getenv("HOMEWARD_PEOPLE") or "", "%S+") do table.insert(people, id) end
local n = 0
function request()
  n = n + 1
  local id = people[(n % #people) + 1]
  return wrk.format("GET", "/v1/individuals/" .. id .. "/matches?kind=job&limit=10")
end
function done(summary) common.done("matches", summary) end
