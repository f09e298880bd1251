-- GET /v1/health
package.path = package.path .. ";" .. (os.getenv("WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
common.headers()
wrk.method = "GET"
wrk.path = "/v1/health"
function done(summary) common.done("health", summary) end
